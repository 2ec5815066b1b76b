"""Which sheet is which, and which column holds which fact.

Each sheet role (loans, repayments, contacts, guarantors, evidence) has a list of fields;
each field has the header the template writes and the other headers collection teams use
for it (借款人 / 客户姓名 / 姓名 …). A team's mapping file (TOML) can name its own headers
and sheets instead; see :mod:`pipeline.intake.mapping`.

Headers are compared after NFKC (full-width → half-width), with spaces, a leading or
trailing ``*`` and a parenthesised note removed: ``借款金额（元）*`` matches ``借款金额``.
Notes that change meaning are kept as hints: ``（万元）`` (amounts in 万元), ``（%）``
(numbers are percentages), ``（月）``/``（日）`` (a rate per month / per day).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "FieldSpec",
    "RoleSpec",
    "ROLES",
    "ROLE_ORDER",
    "HeaderHints",
    "norm_header",
    "METHOD",
    "CHANNEL",
    "RELATION",
    "OUTCOME",
    "PROOF",
    "GUARANTEE",
]

METHOD = {
    "银行转账": "bank_transfer", "转账": "bank_transfer", "网银转账": "bank_transfer", "银行": "bank_transfer",
    "现金": "cash", "支付宝": "alipay", "微信": "wechat", "微信转账": "wechat", "其他": "other",
}
PARTY_TYPE = {
    "个人": "person", "自然人": "person", "企业": "organization", "公司": "organization", "单位": "organization",
    "法人": "organization", "组织": "organization", "其他组织": "organization",
}
GENDER = {"男": "男", "女": "女", "male": "男", "female": "女"}
GUARANTEE = {
    "连带责任保证": "joint", "连带责任": "joint", "连带保证": "joint", "连带": "joint",
    "一般保证": "general", "一般": "general",
}
PROCEDURE = {"自动": "auto", "自动判断": "auto", "支付令": "payment_order", "起诉": "lawsuit", "诉讼": "lawsuit"}
CHANNEL = {
    "短信": "sms", "电话": "phone", "信函": "letter", "催款函": "letter", "邮寄": "letter", "律师函": "lawyer_letter",
    "微信": "wechat", "电子邮件": "email", "邮件": "email", "上门": "visit", "外访": "visit", "面谈": "visit",
    "其他": "other",
}
RELATION = {
    "本人": "debtor", "借款人": "debtor", "债务人": "debtor", "保证人": "guarantor", "担保人": "guarantor",
    "紧急联系人": "emergency_contact", "家属": "family", "配偶": "family", "亲属": "family", "父母": "family",
    "子女": "family", "单位": "employer", "工作单位": "employer", "同事": "colleague",
    "通讯录联系人": "contact_list", "通讯录": "contact_list", "其他": "other",
}
PROOF = {
    "EMS": "ems", "EMS单号": "ems", "邮政EMS": "ems", "快递": "courier", "快递单号": "courier",
    "短信回执": "sms_receipt", "短信送达回执": "sms_receipt", "已读回执": "read_receipt", "已读": "read_receipt",
    "录音": "recording", "签收": "signature", "签收单": "signature", "其他": "other",
}
OUTCOME = {
    "无": "none", "未接": "no_answer", "无人接听": "no_answer", "未接通": "no_answer", "已沟通": "reached",
    "接通": "reached", "承诺还款": "promise", "承诺": "promise", "提出异议": "dispute", "异议": "dispute",
    "拒绝还款": "refused", "拒绝": "refused", "确认债务": "acknowledged", "书面确认": "acknowledged",
    "同意分期": "instalment_agreed", "拉黑": "blocked", "要求书面联系": "written_only", "仅书面联系": "written_only",
}
ORIGINAL = {"原件": "original", "复印件": "copy", "复制件": "copy"}


@dataclass(frozen=True)
class FieldSpec:
    """One fact a sheet can hold."""

    name: str  # English, used in mapping files (the Chinese label works there too)
    label: str  # the header the template writes
    kind: str  # key text amount rate date datetime id uscc phone bool int choice files
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: dict[str, str] | None = None
    what: str = ""  # noun for messages about choices
    help: str = ""  # one line for the 说明 sheet
    unit: str = "year"  # rates: the unit when neither header nor cell says one
    alias_units: tuple[tuple[str, str], ...] = ()  # header → unit (月利率 → month)
    text_format: bool = False  # the template formats the column as text (IDs, phones, numbers with leading zeros)

    def headers(self) -> tuple[str, ...]:
        return (self.label, *self.aliases, *(a for a, _ in self.alias_units))


@dataclass(frozen=True)
class RoleSpec:
    role: str
    label: str  # the sheet name the template writes
    sheet_aliases: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    help: str = ""

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.sheet_aliases)


_KEY = FieldSpec(
    "key", "合同编号", "key",
    ("借据号", "借款合同编号", "合同号", "借据编号", "贷款编号", "借款编号", "业务编号", "合同编码"),
    required=True, text_format=True,
    help="每笔借款唯一的编号（合同编号或借据号），用作案件编号；其他工作表按它与借款对应",
)


def _files(name: str, label: str, aliases: tuple[str, ...], help: str) -> FieldSpec:
    return FieldSpec(name, label, "files", aliases, help=help + "（相对证据文件夹的路径或文件名模式，如 合同/HT001*.pdf；多个用分号分隔）")


LOANS = RoleSpec(
    "loans",
    "借款清单",
    ("借款", "借款台账", "逾期清单", "逾期台账", "贷款清单", "借据清单", "台账", "催收台账", "案件清单"),
    (
        _KEY,
        FieldSpec("contract_name", "合同名称", "text", ("借款合同名称",), help="如：借款合同、借条；不填为“借款合同”"),
        FieldSpec("signed_on", "签订日期", "date", ("合同签订日期", "签约日期", "签订时间")),
        FieldSpec("signed_place", "签订地点", "text", ("合同签订地",)),
        FieldSpec("debtor_type", "借款人类型", "choice", ("主体类型", "客户类型"), choices=PARTY_TYPE, what="借款人类型",
                  help="个人 或 企业；不填时按有无身份证号/统一社会信用代码判断"),
        FieldSpec("debtor_name", "借款人", "text", ("借款人姓名", "借款人名称", "客户姓名", "客户名称", "姓名", "债务人", "借款人全称"),
                  required=True),
        FieldSpec("debtor_id_number", "身份证号", "id", ("身份证号码", "证件号码", "证件号", "公民身份号码", "借款人身份证号", "身份证"),
                  text_format=True, help="18位，按 GB 11643 校验；请把该列设为文本格式，以免 Excel 丢失末位 X"),
        FieldSpec("debtor_uscc", "统一社会信用代码", "uscc", ("借款人统一社会信用代码", "社会信用代码", "信用代码"), text_format=True,
                  help="借款人为企业时填写，按 GB 32100 校验"),
        FieldSpec("debtor_gender", "性别", "choice", (), choices=GENDER, what="性别", help="不填时按身份证号第17位"),
        FieldSpec("debtor_birth_date", "出生日期", "date", (), help="不填时按身份证号第7—14位"),
        FieldSpec("debtor_ethnicity", "民族", "text", ()),
        FieldSpec("debtor_domicile", "住址", "text", ("户籍地址", "身份证地址", "住所", "户籍住址", "借款人住址", "住所地", "注册地址"),
                  required=True, help="户籍所在地（个人）或主要办事机构所在地（企业）"),
        FieldSpec("debtor_residence", "经常居住地", "text", ("现住址", "居住地址", "现居住地址", "常住地址", "现居住地")),
        FieldSpec("debtor_phone", "联系电话", "phone", ("手机号", "手机号码", "电话", "手机", "借款人电话", "联系方式"), text_format=True),
        FieldSpec("debtor_email", "电子邮箱", "text", ("邮箱", "email", "e-mail")),
        FieldSpec("debtor_occupation", "职业", "text", ()),
        FieldSpec("debtor_employer", "工作单位", "text", ("单位名称",)),
        FieldSpec("debtor_representative", "法定代表人", "text", ("负责人", "法人代表"), help="借款人为企业时填写"),
        FieldSpec("debtor_representative_title", "法定代表人职务", "text", ("负责人职务",), help="借款人为企业时填写"),
        FieldSpec("principal", "借款金额", "amount", ("合同金额", "贷款金额", "借款本金", "借据金额", "合同借款金额"), required=True,
                  help="合同（借据）载明的金额，元；可写 100,000.00 或 10万"),
        FieldSpec("disbursed", "放款金额", "amount", ("实际放款金额", "实际出借金额", "出借金额", "发放金额"),
                  help="实际交付的金额；不填则等于借款金额"),
        FieldSpec("disbursed_on", "放款日期", "date", ("出借日期", "借款日期", "放款日", "发放日期", "放款时间"), required=True),
        FieldSpec("disbursement_method", "放款方式", "choice", ("交付方式", "出借方式", "发放方式"), required=True, choices=METHOD,
                  what="放款方式", help="银行转账、现金、支付宝、微信、其他（可在映射文件 [defaults.loans] 中统一设置）"),
        FieldSpec("disbursement_ref", "放款流水号", "text", ("交易流水号", "转账流水号", "银行流水号", "放款流水"), text_format=True),
        FieldSpec("term_start", "起息日", "date", ("借期起算日", "计息起始日", "起息日期")),
        FieldSpec("due_date", "到期日", "date", ("到期日期", "借款到期日", "约定还款日", "贷款到期日", "还款期限"), required=True),
        FieldSpec("interest_rate", "年利率", "rate", ("借款年利率", "执行利率", "合同利率", "借款利率", "利率"),
                  alias_units=(("月利率", "month"), ("借款月利率", "month"), ("日利率", "day"), ("借款日利率", "day")),
                  help="如 24%、0.24、月息1.5分、日万分之五；空白或 0 表示未约定利息"),
        FieldSpec("overdue_rate", "逾期利率", "rate", ("逾期年利率", "罚息利率", "逾期罚息利率", "罚息年利率"),
                  alias_units=(("逾期月利率", "month"), ("逾期日利率", "day"), ("罚息日利率", "day"), ("罚息月利率", "month")),
                  help="空白表示未约定逾期利率"),
        FieldSpec("penalty_amount", "违约金", "amount", ("违约金金额",), help="合同约定的固定违约金（元）"),
        FieldSpec("repaid_principal", "已还本金", "amount", ("累计已还本金", "已还款本金"),
                  help="核对用：与还款记录合计比对；已还款的必须在还款记录中逐笔填写"),
        FieldSpec("repaid_interest", "已还利息", "amount", ("累计已还利息",), help="核对用，同上"),
        FieldSpec("repaid_total", "已还金额", "amount", ("已还款金额", "累计还款金额", "累计已还金额"), help="核对用，同上"),
        FieldSpec("computation_date", "计算截止日", "date", ("暂计至", "计息截止日"), help="不填则用映射文件或 --as-of 的日期"),
        FieldSpec("purpose", "借款用途", "text", ("用途",)),
        FieldSpec("debtor_court", "债务人住所地法院", "text", ("债务人所在地法院", "被告住所地法院"),
                  help="债务人住所地基层人民法院全称（支付令只能向该院申请）"),
        FieldSpec("creditor_court", "债权人所在地法院", "text", ("合同履行地法院",)),
        FieldSpec("preferred_procedure", "首选程序", "choice", ("程序",), choices=PROCEDURE, what="程序", help="自动、支付令 或 起诉"),
        FieldSpec("preservation_wanted", "拟申请财产保全", "bool", ("财产保全", "申请保全"), help="是 或 否"),
        FieldSpec("letter_serial", "律师函序号", "int", ("函号序号", "律师函号"), help="律师函函号中的序号（映射文件中填写了律师信息时必填）"),
        FieldSpec("notes", "备注", "text", ("债务人情况",), help="债务人还款能力、财产线索等，写入案件的债务人状况备注"),
        _files("contract_files", "合同文件", ("借款合同文件", "合同扫描件", "借条文件"), "借款合同或借条的扫描件"),
        _files("disbursement_files", "放款凭证", ("放款凭证文件", "转账凭证", "转账回单", "放款回单"), "银行转账回单等交付凭证"),
        _files("identity_files", "身份证明", ("身份证明文件", "身份证复印件", "营业执照文件"), "借款人身份证复印件或营业执照"),
    ),
    help="每行一笔借款（一个案件）",
)

REPAYMENTS = RoleSpec(
    "repayments",
    "还款记录",
    ("还款明细", "还款流水", "还款", "还款清单", "还款计划执行"),
    (
        _KEY,
        FieldSpec("date", "还款日期", "date", ("还款日", "实还日期", "交易日期", "入账日期"), required=True),
        FieldSpec("amount", "还款金额", "amount", ("实还金额", "金额", "还款额", "入账金额"), required=True),
        FieldSpec("to_principal", "冲抵本金", "amount", ("其中本金", "归还本金", "实还本金"),
                  help="双方另有约定的冲抵本金部分；不填则按民法典第561条（费用、利息、本金）顺序抵充"),
        _files("files", "还款凭证", ("凭证文件", "还款凭证文件"), "还款的转账记录"),
    ),
    help="每行一笔已还款，按合同编号对应到借款",
)

CONTACTS = RoleSpec(
    "contacts",
    "催收记录",
    ("联系记录", "催收日志", "催记", "催收明细", "沟通记录"),
    (
        _KEY,
        FieldSpec("at", "联系时间", "datetime", ("催收时间", "时间", "日期时间", "沟通时间"), required=True,
                  help="日期和时间，如 2025/9/6 10:12（北京时间）"),
        FieldSpec("channel", "方式", "choice", ("催收方式", "联系方式", "渠道"), required=True, choices=CHANNEL, what="联系方式",
                  help="短信、电话、信函、律师函、微信、电子邮件、上门、其他"),
        FieldSpec("counterpart", "联系对象", "text", ("对象", "联系人", "联系对象姓名"), help="不填且关系为本人时，为借款人本人"),
        FieldSpec("relation", "关系", "choice", ("与借款人关系", "联系对象关系"), choices=RELATION, what="关系",
                  help="本人、保证人、紧急联系人、家属、单位、同事、通讯录联系人、其他；不填为本人"),
        FieldSpec("content", "内容", "text", ("沟通内容", "催收内容", "联系内容", "记录"), required=True),
        FieldSpec("delivered", "是否送达", "bool", ("已送达", "是否接通", "送达"), help="信函、短信已到达或电话已接通填 是"),
        FieldSpec("proof_kind", "送达凭证类型", "choice", ("凭证类型",), choices=PROOF, what="送达凭证类型",
                  help="EMS、快递、短信回执、已读回执、录音、签收"),
        FieldSpec("proof_ref", "凭证编号", "text", ("单号", "快递单号", "EMS单号", "回执编号"), text_format=True),
        FieldSpec("recording_id", "录音编号", "text", (), text_format=True),
        FieldSpec("outcome", "结果", "choice", ("催收结果", "联系结果"), choices=OUTCOME, what="结果",
                  help="未接、已沟通、承诺还款、提出异议、拒绝还款、确认债务、同意分期、拉黑、要求书面联系"),
        FieldSpec("promised_date", "承诺还款日", "date", ("承诺日期",)),
        FieldSpec("disclosed_debt", "是否透露债务", "bool", ("透露债务",), help="向借款人以外的人透露了债务的填 是"),
        _files("files", "凭证文件", ("催收凭证", "证据文件"), "短信截图、EMS 单据、录音整理等"),
    ),
    help="每行一次催收，按合同编号对应到借款",
)

GUARANTORS = RoleSpec(
    "guarantors",
    "保证人",
    ("担保人", "保证人清单", "担保人清单"),
    (
        _KEY,
        FieldSpec("type", "保证人类型", "choice", ("主体类型",), choices=PARTY_TYPE, what="保证人类型"),
        FieldSpec("name", "保证人", "text", ("保证人姓名", "保证人名称", "担保人", "担保人姓名", "姓名", "名称"), required=True),
        FieldSpec("id_number", "身份证号", "id", ("身份证号码", "证件号码", "证件号"), text_format=True),
        FieldSpec("uscc", "统一社会信用代码", "uscc", ("社会信用代码",), text_format=True),
        FieldSpec("gender", "性别", "choice", (), choices=GENDER, what="性别"),
        FieldSpec("domicile", "住址", "text", ("住所", "户籍地址", "身份证地址"), required=True),
        FieldSpec("phone", "联系电话", "phone", ("手机号", "手机号码", "电话"), text_format=True),
        FieldSpec("representative", "法定代表人", "text", ("负责人",)),
        FieldSpec("representative_title", "法定代表人职务", "text", ("负责人职务",)),
        FieldSpec("guarantee_type", "保证方式", "choice", ("担保方式",), choices=GUARANTEE, what="保证方式",
                  help="连带责任保证 或 一般保证；不填按一般保证（民法典第686条）"),
        FieldSpec("period_end", "保证期间届满日", "date", ("保证期间",)),
        _files("files", "保证合同", ("保证合同文件", "担保合同"), "保证合同或保证条款所在的合同"),
    ),
    help="每行一个保证人，按合同编号对应到借款",
)

EVIDENCE = RoleSpec(
    "evidence",
    "证据清单",
    ("证据", "其他证据"),
    (
        _KEY,
        FieldSpec("title", "证据名称", "text", ("名称",), required=True),
        _files("files", "文件", ("文件路径", "证据文件", "文件名"), "证据文件"),
        FieldSpec("source", "证据来源", "text", ("来源",), required=True),
        FieldSpec("purpose", "证明目的", "text", ("证明内容", "证明对象"), required=True),
        FieldSpec("original", "原件或复印件", "choice", ("原件/复印件", "原件"), choices=ORIGINAL, what="原件或复印件"),
        FieldSpec("identity_document", "身份证明材料", "bool", ("是否身份证明",), help="营业执照、身份证等填 是"),
    ),
    help="上述各表之外的其他证据，每行一项",
)

ROLES: dict[str, RoleSpec] = {r.role: r for r in (LOANS, REPAYMENTS, CONTACTS, GUARANTORS, EVIDENCE)}
ROLE_ORDER = tuple(ROLES)


@dataclass(frozen=True)
class HeaderHints:
    wan: bool = False  # amounts in 万元
    percent: bool = False  # numbers are percentages
    unit: str | None = None  # a rate unit the header names


_PAREN = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")


def norm_header(header: object) -> tuple[str, HeaderHints]:
    """``借款金额（万元）*`` → (``借款金额``, wan); ``年利率(%)`` → (``年利率``, percent)."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    text = re.sub(r"\s+", "", text).strip("*")
    hints = HeaderHints()
    notes = _PAREN.findall(text)
    base = _PAREN.sub("", text).strip("*:：")
    for note in notes:
        if "万元" in note:
            hints = HeaderHints(True, hints.percent, hints.unit)
        if "%" in note:
            hints = HeaderHints(hints.wan, True, hints.unit)
        for word, unit in (("年", "year"), ("月", "month"), ("日", "day")):
            if note in (word, f"{word}利率", f"%/{word}", f"{word}%"):
                hints = HeaderHints(hints.wan, hints.percent, unit)
    return base.lower(), hints


@dataclass
class ColumnMatch:
    spec: FieldSpec
    index: int  # 0-based column index
    header: str  # as written in the sheet
    hints: HeaderHints = field(default_factory=HeaderHints)
    unit: str = "year"
    unit_known: bool = False
