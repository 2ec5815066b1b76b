"""The case record: everything the documents are built from.

Keys are English snake_case; every field carries a Chinese ``title`` and
``description`` so that the exported JSON Schema guides a Chinese-speaking user.
Money is Decimal with at most two decimals; dates are ISO 8601; times carry a zone.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
)
from pydantic_core import PydanticCustomError

from .ids import id_problem, phone_problem, uscc_problem

SCHEMA_VERSION = "1"


def F(title: str, description: str = "", **kw: Any) -> Any:
    """A field with its Chinese title and description."""
    return Field(title=title, description=description or title, **kw)


def _check_id(v: str) -> str:
    problem = id_problem(v)
    if problem:
        raise PydanticCustomError("id_number", "身份证号无效：{problem}", {"problem": problem})
    return v


def _check_uscc(v: str) -> str:
    problem = uscc_problem(v)
    if problem:
        raise PydanticCustomError("uscc", "统一社会信用代码无效：{problem}", {"problem": problem})
    return v


def _check_phone(v: str) -> str:
    problem = phone_problem(v)
    if problem:
        raise PydanticCustomError("phone", "电话号码无效：{problem}", {"problem": problem})
    return v


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # C0 controls but tab and newline; non-characters


def _check_text(v: str) -> str:
    # Control characters make a .docx unreadable; reject them at the door.
    bad = _CONTROL.search(v)
    if bad:
        raise PydanticCustomError(
            "control_char", "含有不可见的控制字符（U+{code:04X}），请删除", {"code": ord(bad.group())}
        )
    return v


Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_check_text)]
LongText = Annotated[str, Field(min_length=1, max_length=20000), AfterValidator(_check_text)]
IdNumber = Annotated[str, AfterValidator(_check_id)]
Uscc = Annotated[str, AfterValidator(_check_uscc)]
Phone = Annotated[str, AfterValidator(_check_phone)]
Money = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2)]
MoneyOrZero = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
Rate = Annotated[Decimal, Field(ge=0, le=1000, decimal_places=6)]
EvidenceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
RateUnit = Literal["year", "month", "day"]
Postcode = Annotated[str, Field(pattern=r"^\d{6}$")]
#: 证件类型 of the 要素式 forms (法〔2025〕82号 “证件类型：”); 居民身份证 numbers go in ``id_number``
#: (checked by GB 11643), the others in ``other_id_number``.
IdType = Literal[
    "居民身份证",
    "港澳居民居住证",
    "台湾居民居住证",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "护照",
]
#: Which party an evidence item identifies: creditor, creditor.representative (法定代表人/负责人),
#: debtors[N], guarantors[N] (N from 0, as in case.json).
PartyRef = Annotated[
    str, Field(pattern=r"^(creditor(\.representative)?|debtors\[\d{1,3}\]|guarantors\[\d{1,3}\](\.representative)?)$")
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# ---------------------------------------------------------------- parties


class Person(_Model):
    """自然人当事人（民事诉讼法第124条所列身份事项）。"""

    kind: Literal["person"] = F("主体类型", "自然人填 person")
    name: Text = F("姓名")
    gender: Literal["男", "女"] | None = F("性别", "男 或 女", default=None)
    birth_date: date | None = F("出生日期", "YYYY-MM-DD", default=None)
    ethnicity: Text | None = F("民族", "如：汉族", default=None)
    id_number: IdNumber | None = F("身份证号", "18位居民身份证号码，校验码按 GB 11643", default=None)
    domicile: Text = F("住所（户籍地址）", "户籍所在地，民诉法解释第3条")
    habitual_residence: Text | None = F(
        "经常居住地", "连续居住一年以上的地方，与住所不一致时填写", default=None
    )
    phone: Phone | None = F("联系电话", "手机号或带区号的固定电话", default=None)
    email: Text | None = F("电子邮箱", default=None)
    occupation: Text | None = F("职业", default=None)
    employer: Text | None = F("工作单位", default=None)
    short_name: Text | None = F("简称", "用于短信落款等，如【张三】", default=None)
    position: Text | None = F(
        "职务", "在工作单位担任的职务（如：销售经理）；与职业不同，没有职务的不填，文书中该栏留空", default=None
    )
    id_type: IdType | None = F(
        "证件类型", "不填时：填写了身份证号即为居民身份证；其他证件须同时填写 other_id_number", default=None
    )
    other_id_number: Text | None = F("其他证件号码", "证件类型不是居民身份证时填写，如护照号码", default=None)
    postcode: Postcode | None = F("邮政编码", "住所或经常居住地的6位邮政编码", default=None)
    e_service_address: Text | None = F(
        "电子送达地址", "同意电子送达时使用的电子邮箱、手机号码或即时通讯账号", default=None
    )


OrgType = Literal[
    "有限责任公司",
    "股份有限公司",
    "上市公司",
    "其他企业法人",
    "事业单位",
    "社会团体",
    "基金会",
    "社会服务机构",
    "机关法人",
    "农村集体经济组织法人",
    "城镇农村的合作经济组织法人",
    "基层群众性自治组织法人",
    "个人独资企业",
    "合伙企业",
    "不具有法人资格的专业服务机构",
]


class Organization(_Model):
    """法人或非法人组织当事人。"""

    kind: Literal["organization"] = F("主体类型", "法人或其他组织填 organization")
    name: Text = F("名称", "与营业执照一致的全称")
    uscc: Uscc | None = F("统一社会信用代码", "18位，校验码按 GB 32100", default=None)
    domicile: Text = F("住所（主要办事机构所在地）")
    registered_address: Text | None = F(
        "注册地/登记地", "营业执照登记的住所；与主要办事机构所在地不同时填写", default=None
    )
    org_type: OrgType | None = F("组织类型", "要素式起诉状（法〔2025〕82号）所列类型，如：有限责任公司", default=None)
    ownership: Literal["国有（控股）", "国有（参股）", "民营", "其他"] | None = F("所有制性质", default=None)
    representative: Text = F("法定代表人/负责人")
    representative_title: Text = F("法定代表人/负责人职务", "如：执行董事、总经理")
    phone: Phone | None = F("联系电话", default=None)
    email: Text | None = F("电子邮箱", default=None)
    short_name: Text | None = F("简称", "用于短信落款等，如【某某公司】", default=None)
    postcode: Postcode | None = F("邮政编码", "住所的6位邮政编码", default=None)
    e_service_address: Text | None = F("电子送达地址", "同意电子送达时使用的电子邮箱等", default=None)
    representative_gender: Literal["男", "女"] | None = F(
        "法定代表人/负责人性别", "法定代表人身份证明书所需", default=None
    )
    representative_birth_date: date | None = F(
        "法定代表人/负责人出生日期", "法定代表人身份证明书写明年龄", default=None
    )
    representative_id_number: IdNumber | None = F(
        "法定代表人/负责人身份证号", "法定代表人身份证明书所需；18位，校验码按 GB 11643", default=None
    )


Party = Annotated[Union[Person, Organization], Field(discriminator="kind")]


class Guarantor(_Model):
    """保证人。保证方式未约定或约定不明的，按一般保证（民法典第686条）。"""

    party: Party = F("保证人身份信息")
    guarantee_type: Literal["general", "joint"] = F(
        "保证方式", "general=一般保证，joint=连带责任保证；未约定按一般保证（民法典第686条）", default="general"
    )
    guarantee_period_end: date | None = F(
        "保证期间届满日", "未约定或约定不明的，为主债务履行期限届满之日起六个月（民法典第692条）", default=None
    )
    evidence_ids: list[EvidenceId] = F("保证合同等证据编号", default_factory=list)
    contract_signed_on: date | None = F("保证合同签订时间", "要素式起诉状“是否签订保证合同”一栏", default=None)
    contract_summary: LongText | None = F(
        "保证合同主要内容", "如：为借款本金、利息、逾期利息及实现债权的费用提供连带责任保证，保证期间三年", default=None
    )


LenderCategory = Literal[
    "natural_person", "company", "bank", "consumer_finance", "card_issuer", "local_financial"
]


# ---------------------------------------------------------------- the loan


class Disbursement(_Model):
    """实际出借（交付）的一笔款项。本金以实际出借金额为准（民法典第670条；民间借贷规定第26条）。"""

    date: dt.date = F("出借日期")
    amount: Money = F("实际出借金额（元）")
    method: Literal["bank_transfer", "cash", "alipay", "wechat", "other"] = F(
        "交付方式", "bank_transfer=银行转账，cash=现金，alipay=支付宝，wechat=微信，other=其他"
    )
    reference: Text | None = F("银行流水号/交易单号", default=None)
    evidence_ids: list[EvidenceId] = F("证明交付的证据编号", default_factory=list)


class InterestTerms(_Model):
    """借期内利息约定（民法典第680条；民间借贷规定第24、25条）。"""

    kind: Literal["agreed", "none", "unclear"] = F(
        "利息约定情况", "agreed=有明确约定，none=没有约定，unclear=约定不明"
    )
    rate: Rate | None = F("利率（百分数）", "如年利率12%填 12；月利率1.5%填 1.5 并将单位设为 month", default=None)
    unit: RateUnit = F("利率单位", "year=年，month=月，day=日", default="year")


class OverdueTerms(_Model):
    """逾期利息约定（民间借贷规定第28条）。"""

    kind: Literal["agreed", "none"] = F("逾期利率约定情况", "agreed=有约定，none=未约定或约定不明")
    rate: Rate | None = F("逾期利率（百分数）", default=None)
    unit: RateUnit = F("利率单位", default="year")
    markup_percent: Rate | None = F(
        "逾期上浮比例（百分数）",
        "合同约定逾期利率在借期内利率基础上上浮的比例，如上浮50%填 50（金融借款要素式起诉状“逾期上浮”）；没有这种约定的不填",
        default=None,
    )


class Penalty(_Model):
    """违约金约定。与逾期利息、其他费用合计受上限限制（民间借贷规定第29条）。"""

    kind: Literal["rate", "fixed"] = F("违约金形式", "rate=按逾期金额计比例，fixed=固定金额")
    rate: Rate | None = F("违约金比例（百分数）", default=None)
    unit: RateUnit = F("比例单位", default="day")
    amount: Money | None = F("固定违约金（元）", default=None)


class OtherFee(_Model):
    """约定的其他费用（服务费、管理费等），计入综合资金成本。"""

    name: Text = F("费用名称", "如：服务费")
    amount: Money = F("金额（元）")
    claimed: bool = F("是否主张", default=True)


class Instalment(_Model):
    """原合同约定的分期还款计划中的一期。"""

    due_date: date = F("本期到期日")
    principal: Money = F("本期应还本金（元）")


class JurisdictionClause(_Model):
    """约定管辖条款（民事诉讼法第35条）。"""

    text: LongText = F("条款原文")
    clause_ref: Text | None = F("条款位置", "如：第十条", default=None)
    connection: Literal[
        "defendant_domicile",
        "performance_place",
        "signing_place",
        "plaintiff_domicile",
        "subject_place",
        "other",
    ] = F("约定法院与争议的联系", "须为与争议有实际联系的地点；other 视为约定无效")
    court_name: Text | None = F("约定法院全称", "如：北京市朝阳区人民法院", default=None)


class ContractClauses(_Model):
    """合同条款的位置（要素式起诉状“合同条款：第__条”），如“第三条”。只填合同中确有的条款。"""

    rate: Text | None = F("借期内利率条款", "如：第三条", default=None)
    overdue_rate: Text | None = F("逾期利率（罚息）条款", default=None)
    compound_interest: Text | None = F("复利条款", "合同约定计收复利的条款；没有复利约定的不填", default=None)
    penalty: Text | None = F("违约金条款", default=None)
    acceleration: Text | None = F("提前到期（加速到期）条款", default=None)
    jurisdiction: Text | None = F("管辖条款", "不填时取 jurisdiction_clause.clause_ref", default=None)
    guarantee: Text | None = F("担保（保证）条款", "主合同中的保证条款，或保证合同的条款", default=None)
    repayment: Text | None = F("还款方式条款", default=None)


class CardDetails(_Model):
    """信用卡纠纷要素式起诉状“信用卡办理情况”“信用卡合约的主要约定”所需事实。"""

    card_number: Annotated[str, Field(pattern=r"^[0-9*]{4,19}$")] | None = F(
        "信用卡卡号", "可用*遮盖中间位数，如 6225********1234", default=None
    )
    holder: Text | None = F("信用卡登记权利人", "不填时为借款人（持卡人）", default=None)
    issued_on: date | None = F("办卡时间", default=None)
    issuing_branch: Text | None = F("办卡行", default=None)
    credit_limit: Money | None = F("信用额度（元）", default=None)
    fee_terms: LongText | None = F("利息、罚息、复利、滞纳金、违约金、手续费等的计算标准", default=None)
    liability_terms: LongText | None = F("违约责任", default=None)
    termination_terms: LongText | None = F("解除条件", default=None)
    notice_given: bool | None = F("是否就信用卡合约主要条款进行提示注意", default=None)
    notice_detail: Text | None = F("提示说明的具体方式以及时间地点", default=None)


RepaymentMethod = Literal[
    "equal_instalment",
    "equal_principal",
    "bullet",
    "monthly_interest",
    "quarterly_interest",
    "yearly_interest",
    "other",
]


class ServiceAddressClause(_Model):
    """约定送达地址条款。"""

    text: LongText = F("条款原文")
    debtor_address: Text | None = F("债务人约定送达地址", default=None)
    debtor_email: Text | None = F("债务人约定电子送达地址", default=None)


class Loan(_Model):
    """借款合同。"""

    contract_name: Text = F("合同名称", "如：借款合同、借条", default="借款合同")
    contract_no: Text | None = F("合同编号", default=None)
    signed_on: date | None = F("签订日期", default=None)
    signed_place: Text | None = F("签订地点", default=None)
    face_principal: Money = F("合同（借据）载明借款金额（元）")
    disbursements: list[Disbursement] = F("实际出借记录", min_length=1)
    term_start: date | None = F("借期起算日", "未填写时以第一笔出借日为准", default=None)
    due_date: date | None = F("到期日", "一次性还本的到期日；分期还款时可不填", default=None)
    instalments: list[Instalment] = F("原合同分期还款计划", default_factory=list)
    interest: InterestTerms = F("借期内利息约定")
    overdue_interest: OverdueTerms = F(
        "逾期利息约定", default_factory=lambda: OverdueTerms(kind="none")
    )
    penalty: Penalty | None = F("违约金约定", default=None)
    other_fees: list[OtherFee] = F("其他费用", default_factory=list)
    jurisdiction_clause: JurisdictionClause | None = F("约定管辖条款", default=None)
    service_address_clause: ServiceAddressClause | None = F("约定送达地址条款", default=None)
    purpose: Text | None = F("借款用途", default=None)
    evidence_ids: list[EvidenceId] = F("合同/借据证据编号", default_factory=list)
    clauses: ContractClauses | None = F("合同条款位置", "利率、逾期利率、复利、违约金、加速到期、管辖、担保等条款是合同第几条", default=None)
    repayment_method: RepaymentMethod | None = F(
        "还款方式",
        "equal_instalment=等额本息，equal_principal=等额本金，bullet=到期一次性还本付息，"
        "monthly_interest=按月计息、到期一次性还本，quarterly_interest=按季计息、到期一次性还本，"
        "yearly_interest=按年计息、到期一次性还本，other=其他（在 repayment_method_other 中说明）；"
        "不填时：无分期计划且约定了利息为到期一次性还本付息，未约定利息为其他（到期一次性还本），有分期计划为其他（分期还本）",
        default=None,
    )
    repayment_method_other: Text | None = F("其他还款方式说明", "如：分12期按月还款", default=None)
    interest_paid_until: date | None = F(
        "还息至", "借款人已付利息所覆盖期间的最后一日（要素式起诉状“还款情况：还息至”）", default=None
    )
    card: CardDetails | None = F("信用卡信息", "信用卡纠纷（lender_category 为 card_issuer）时填写", default=None)


class Repayment(_Model):
    """已还款记录。未另行约定的，按费用、利息、本金顺序抵充（民法典第561条）。"""

    date: dt.date = F("还款日期")
    amount: Money = F("还款金额（元）")
    to_principal: MoneyOrZero | None = F(
        "约定冲抵本金的部分（元）", "双方另有约定时填写；不填则按民法典第561条顺序抵充", default=None
    )
    evidence_ids: list[EvidenceId] = F("还款凭证证据编号", default_factory=list)


# ---------------------------------------------------------------- collection


class DeliveryProof(_Model):
    kind: Literal["ems", "courier", "sms_receipt", "read_receipt", "recording", "signature", "other"] = F(
        "送达凭证类型", "ems=EMS单号，courier=快递单号，sms_receipt=短信送达回执，read_receipt=已读回执，recording=录音，signature=签收"
    )
    reference: Text = F("凭证编号", "如 EMS 单号、录音编号")


class Contact(_Model):
    """一条催收记录。每一步都要记录在案。"""

    at: AwareDatetime = F("时间", "带时区的 ISO 8601 时间，如 2024-01-10T10:00:00+08:00")
    channel: Literal["sms", "phone", "letter", "lawyer_letter", "wechat", "email", "visit", "other"] = F(
        "方式", "sms=短信，phone=电话，letter=信函，lawyer_letter=律师函，wechat=微信，email=电子邮件，visit=上门"
    )
    counterpart: Text = F("联系对象姓名")
    relation: Literal[
        "debtor",
        "guarantor",
        "emergency_contact",
        "family",
        "employer",
        "colleague",
        "contact_list",
        "other",
    ] = F(
        "联系对象与债务人关系",
        "debtor=债务人本人，guarantor=保证人，emergency_contact=紧急联系人，family=家属，employer=单位，colleague=同事，contact_list=通讯录联系人，other=其他",
    )
    content: LongText = F("所说或所发内容")
    delivered: bool = F("是否已送达/接通", "信函、短信等已到达对方的填 true", default=False)
    delivery_proof: DeliveryProof | None = F("送达凭证", default=None)
    recording_id: Text | None = F("录音编号", default=None)
    outcome: Literal[
        "none",
        "no_answer",
        "reached",
        "promise",
        "dispute",
        "refused",
        "acknowledged",
        "instalment_agreed",
        "blocked",
        "written_only",
    ] = F(
        "结果",
        "none=无，no_answer=未接，reached=已沟通，promise=承诺还款，dispute=提出异议，refused=拒绝，acknowledged=书面确认债务，instalment_agreed=同意分期，blocked=拉黑，written_only=要求书面联系",
        default="none",
    )
    promised_date: date | None = F("承诺还款日", default=None)
    disclosed_debt: bool = F("是否向联系对象透露债务", default=False)
    evidence_id: EvidenceId | None = F("对应证据编号", default=None)
    document: Literal["demand_letter", "lawyer_letter", "acceleration_notice", "guarantee_notice", "other"] | None = F(
        "所发文书",
        "demand_letter=催款函，lawyer_letter=律师函，acceleration_notice=提前到期（加速到期）通知，"
        "guarantee_notice=履行保证责任通知书，other=其他；不填时信函（letter）视为催款函、律师函（lawyer_letter）视为律师函",
        default=None,
    )
    letter_no: Text | None = F("函号", "所发函件的编号，如：（2026）京某律函字第36号", default=None)
    deadline: date | None = F(
        "函件给出的付款期限（最后一日）", "不填则按发出日加 settings.payment_deadline_days 推定，并在阶段说明中注明", default=None
    )

    @property
    def sent_document(self) -> str | None:
        """The document kind this contact delivered (a letter or a lawyer's letter), if any."""
        if self.document is not None:
            return self.document
        return {"letter": "demand_letter", "lawyer_letter": "lawyer_letter"}.get(self.channel)


# ---------------------------------------------------------------- situation and terms


class Asset(_Model):
    kind: Literal["real_estate", "vehicle", "bank_account", "equity", "other"] = F(
        "财产类型", "real_estate=不动产，vehicle=车辆，bank_account=银行存款，equity=股权，other=其他"
    )
    description: Text = F("财产描述", "如：某市某区某路某号房屋")
    location: Text | None = F("所在地", default=None)
    estimated_value: Money | None = F("估计价值（元）", default=None)


class DebtorSituation(_Model):
    """债务人还款能力与财产状况，用于提出分期方案和保全申请。"""

    ability: Literal["able", "tight", "unable", "unknown"] = F(
        "还款能力", "able=有能力，tight=资金紧张，unable=无力偿还，unknown=不明", default="unknown"
    )
    monthly_capacity: Money | None = F("每月可还金额（元）", default=None)
    assets: list[Asset] = F("已知财产", default_factory=list)
    notes: LongText | None = F("备注", default=None)


class InstalmentTerms(_Model):
    """协商一致的分期还款条件。"""

    count: int = F("期数", ge=2, le=60)
    first_due_date: date = F("首期还款日")
    interval_months: int = F("间隔月数", ge=1, le=12, default=1)
    waive: list[Literal["overdue_interest", "penalty", "other_fees"]] = F(
        "附条件减免项目", "按期足额履行则免除；任何一期违约则恢复", default_factory=list
    )
    acceleration_grace_days: int = F(
        "加速到期宽限天数", "任何一期逾期超过该天数，剩余全部债务立即到期", ge=0, le=90, default=0
    )
    waiver_lapse: Literal["with_acceleration", "any_default"] = F(
        "减免失效条件",
        "with_acceleration=与加速到期条件相同（逾期超过宽限天数），any_default=任何一期未按期足额还款即失效",
        default="with_acceleration",
    )
    default_costs: bool = F(
        "违约时实现债权的费用由债务人承担", "诉讼费、保全费、公告费及合理的律师费（须在协议中约定方可主张）", default=True
    )
    spouse: Person | None = F(
        "债务人配偶（共同签字）",
        "配偶作为丁方共同签字、确认为夫妻共同债务（民法典第一千零六十四条第一款）；不填则不列",
        default=None,
    )
    notarize: bool = F(
        "办理赋予强制执行效力的公证",
        "协议约定共同申请赋强公证，债务人违约时可凭公证书和执行证书直接申请强制执行（公证法第37条，民事诉讼法第249条）",
        default=False,
    )


class AgreementInstalment(_Model):
    due_date: date = F("应还日期")
    amount: Money = F("应还金额（元）")


class SignedAgreement(_Model):
    """已经签订的分期还款协议（与 instalment_terms 协商条件不同：这是双方已签字的事实）。

    按协议履行期间不得另行主张全部债务；任何一期逾期超过宽限天数的，按协议加速到期（民法典第五百零九条、第五百七十七条）。"""

    signed_on: date = F("签订日期")
    signatories: list[Text] = F("签字人", "签字各方姓名或名称（含保证人、配偶）", min_length=1)
    schedule: list[AgreementInstalment] = F("还款计划", "按日期先后排列", min_length=1, max_length=120)
    waived: list[Literal["overdue_interest", "penalty", "other_fees"]] = F(
        "减免项目", "overdue_interest=逾期利息，penalty=违约金，other_fees=其他费用", default_factory=list
    )
    waiver_conditional: bool = F(
        "减免是否附条件", "true（默认）=按期足额履行才免除，任何一期违约即恢复；false=无条件减免，日后不得再主张", default=True
    )
    acceleration_grace_days: int = F(
        "加速到期宽限天数", "任何一期逾期超过该天数，剩余全部债务按协议立即到期", ge=0, le=90, default=0
    )
    acceleration_clause: Text | None = F("加速到期条款", "协议中约定加速到期的条款序号，如：第五条", default=None)
    waiver_clause: Text | None = F("附条件减免条款", "如：第四条", default=None)
    accelerated_on: date | None = F("宣布加速到期日期", "已向债务人发出加速到期通知时填写", default=None)
    guarantor_consent: bool | None = F(
        "保证人是否书面同意新还款计划",
        "有保证人时填写；未经保证人书面同意变更履行期限的，保证期间仍按原合同计算（民法典第六百九十五条第二款）",
        default=None,
    )
    evidence_ids: list[EvidenceId] = F("协议文本等证据编号", default_factory=list)


class Lawyer(_Model):
    """受托律师事务所与承办律师（律师法第25条：律师函以律师事务所名义出具）。"""

    firm_name: Text = F("律师事务所全称")
    firm_address: Text = F("律师事务所地址")
    firm_phone: Phone = F("律师事务所电话")
    lawyer_name: Text = F("承办律师姓名")
    license_no: Annotated[str, Field(pattern=r"^\d{17}$")] = F("律师执业证号", "17位数字")
    lawyer_phone: Phone | None = F("律师联系电话", default=None)
    letter_prefix: Text = F("函号前缀", "如：（2026）京某律函字")
    letter_serial: int = F(
        "函号起始序号",
        "本所函号序列的起始号（本所纸质发文登记的当前位置）。每封函的函号由函号登记簿按顺序分配、不重复（README“函号”），"
        "不小于此数；同一封函重新生成时函号不变",
        default=1,
        ge=1,
        le=99999,
    )
    authority: Literal["general", "special"] = F(
        "代理权限",
        "special=特别授权（默认；在 special_powers 中逐项列明，仅写“全权代理”不视为特别授权，民诉法解释第89条），"
        "general=一般授权（律师不能代为和解、变更诉讼请求或领取案款，民事诉讼法第62条）",
        default="special",
    )
    special_powers: list[
        Literal["admit", "waive", "modify", "settle", "counterclaim", "appeal", "receive_payment"]
    ] = F(
        "特别授权事项",
        "admit=代为承认诉讼请求，waive=代为放弃诉讼请求，modify=代为变更诉讼请求，settle=进行和解，counterclaim=提起反诉，"
        "appeal=提起上诉（民事诉讼法第62条），receive_payment=代为领取案款；默认全部列明",
        default_factory=lambda: ["admit", "waive", "modify", "settle", "counterclaim", "appeal", "receive_payment"],
    )
    position: Text | None = F("承办律师职务", "要素式起诉状委托诉讼代理人“职务”，不填为“律师”", default=None)
    licence_copy: Annotated[str, Field(min_length=1, max_length=500)] | None = F(
        "律师执业证复印件",
        "执业证扫描件（PDF、JPEG 或 PNG）相对案件文件夹的路径；网上立案时作为代理人身份证明上传（登记立案规定第6条）",
        default=None,
    )


class ServiceInfo(_Model):
    """送达地址确认书的内容（民诉法解释第136、137条；法院专递规定第3、4条）。"""

    address: Text = F("送达地址", "能够收到法律文书的详细地址")
    postcode: Annotated[str, Field(pattern=r"^\d{6}$")] | None = F("邮政编码", "6位数字", default=None)
    recipient: Text | None = F("收件人", "不填则为当事人本人（单位为单位名称）", default=None)
    phone: Phone | None = F("联系电话", default=None)
    email: Text | None = F("电子邮箱", default=None)
    electronic_consent: bool | None = F(
        "是否同意电子送达", "true=同意，false=不同意，不填=尚未确认（民事诉讼法第90条）", default=None
    )
    channels: list[Literal["email", "sms", "platform", "im", "fax"]] = F(
        "电子送达方式",
        "email=电子邮件，sms=手机短信，platform=人民法院在线服务平台，im=即时通讯工具（如微信），fax=传真",
        default_factory=list,
    )
    im_account: Text | None = F("即时通讯账号", "如微信号", default=None)
    lawyer_as_recipient: bool = F(
        "指定受托律师为代收人", "true（默认）：送达地址确认书将受托律师列为指定代收人（有受托律师时）", default=True
    )


class Account(_Model):
    """债权人收款账户。催收只能要求付至债权人本人账户。"""

    account_name: Text = F("户名")
    bank: Text = F("开户行")
    account_no: Annotated[str, Field(pattern=r"^[0-9 ]{8,32}$")] = F("账号")


class MediationIntent(_Model):
    """要素式起诉状“对纠纷解决方式的意愿”（法〔2025〕82号）：由委托人本人确认后填写。"""

    knows_mediation: bool | None = F("是否了解调解作为非诉讼纠纷解决方式", "true=了解，false=不了解", default=None)
    knows_benefits: list[bool] | None = F(
        "是否了解先行调解解决纠纷的好处（五项）", "依次对应表中五项，true=了解，false=不了解", default=None,
        min_length=5, max_length=5,
    )
    consider_pre_mediation: Literal["yes", "no", "unsure"] | None = F(
        "是否考虑先行调解", "yes=是，no=否，unsure=暂不确定，想要了解更多内容", default=None
    )


class Procedure(_Model):
    """程序选择所需事实（民事诉讼法第225条；民诉法解释第427、428、430、434条）。"""

    preferred: Literal["auto", "payment_order", "lawsuit"] = F(
        "首选程序", "auto=自动判断，payment_order=支付令，lawsuit=起诉", default="auto"
    )
    debtor_court_name: Text | None = F(
        "债务人住所地基层人民法院全称", "支付令只能向该院申请（民诉法解释第23条）", default=None
    )
    creditor_court_name: Text | None = F(
        "债权人（接收货币一方）所在地基层人民法院全称", "合同履行地法院（民诉法解释第18条）", default=None
    )
    pre_action_preservation: bool = F("是否已申请诉前保全", default=False)
    preservation_wanted: bool = F("是否拟申请财产保全", default=False)
    counter_performance_owed: bool = F("债权人是否负有对待给付义务", default=False)
    other_debt_dispute: bool = F("双方是否存在其他债务纠纷", default=False)
    debtor_in_mainland: bool = F("债务人是否在中国大陆", default=True)
    debtor_address_known: bool = F("债务人下落是否明确、能否送达", default=True)
    pursue_guarantors: bool = F("是否一并追究保证人责任", default=True)
    expected_procedure: Literal["ordinary", "summary"] = F(
        "预计审理程序", "ordinary=普通程序，summary=简易程序（含小额诉讼，受理费减半）", default="summary"
    )
    filing_date: date | None = F("起诉/申请日期", "不填则取计算截止日", default=None)
    acceleration_date: date | None = F("宣布提前到期日期", default=None)
    pre_action_preservation_court: Text | None = F("诉前保全法院", "已申请诉前保全时填写", default=None)
    pre_action_preservation_date: date | None = F("诉前保全时间", default=None)
    pre_action_preservation_case_no: Text | None = F("诉前保全案号", default=None)
    mediation: MediationIntent | None = F(
        "对纠纷解决方式的意愿", "要素式起诉状该栏的勾选；不填则留空，由委托人在签署前勾选", default=None
    )


class Filing(_Model):
    """已经提出的法院程序及其进展：支付令申请、起诉或强制执行申请（如实记录，不得虚构案号）。"""

    kind: Literal["payment_order", "lawsuit", "enforcement"] = F(
        "程序类型", "payment_order=支付令申请，lawsuit=民事诉讼，enforcement=强制执行申请"
    )
    court: Text = F("受理法院全称", "如：北京市朝阳区人民法院")
    case_no: Text | None = F("案号", "如：（2026）京0105民初1234号；法院受理前可不填", default=None)
    filed_on: date = F("提交日期", "递交申请书/起诉状的日期")
    accepted_on: date | None = F("受理/立案日期", default=None)
    status: Literal[
        "submitted",
        "accepted",
        "order_issued",
        "objection_filed",
        "order_effective",
        "judgment_effective",
        "mediation_effective",
        "withdrawn",
        "terminated",
        "closed",
    ] = F(
        "进展",
        "submitted=已提交待受理，accepted=已受理/立案，order_issued=支付令已发出，objection_filed=债务人已提出异议，"
        "order_effective=支付令已生效，judgment_effective=判决已生效，mediation_effective=调解书已生效，"
        "withdrawn=已撤回/撤诉，terminated=程序终结，closed=已结案",
        default="submitted",
    )
    decided_on: date | None = F("支付令/判决/调解书作出日期", default=None)
    effective_on: date | None = F("生效日期", default=None)
    amount_claimed: Money | None = F("请求金额（元）", "申请书/起诉状中请求的合计金额", default=None)
    amount_awarded: Money | None = F("支付令/判决/调解书确定的金额（元）", default=None)
    evidence_ids: list[EvidenceId] = F("立案材料、受理通知书、裁判文书等证据编号", default_factory=list)


class Settings(_Model):
    """计算口径设置（实务不一，默认值见 README）。"""

    day_count_basis: Literal[365, 360] = F("计息天数基准", "年利率折算日利率的除数", default=365)
    count_end_day: bool | None = F(
        "（已停用）计息是否包含截止日",
        "已停用，仅为旧 case.json 仍能载入而保留：计息一律首日不计入、末日计入（民法典第201条），"
        "各段首尾相接，不重复、不遗漏；填写任何值都不再起作用，计算结果中会提示删除该项",
        default=None,
    )
    interest_convention: Literal["daily", "monthly"] = F(
        "计息方式",
        "daily=按日计息（年利率÷基准天数×天数）；"
        "monthly=按月计息（整月按年利率÷12，不足一月的天数按日计息），合同按月计息时选用；"
        "按月计息时还款自还款日当日起减少计息本金（算头不算尾）",
        default="daily",
    )
    fee_rounding: Literal["fen", "yuan"] = F("诉讼费取整", "fen=保留到分，yuan=四舍五入到元", default="fen")
    overdue_lpr_mode: Literal["fixed_at_default_start", "floating"] = F(
        "未约定逾期利率时LPR取值", "民间借贷规定第28条“当时”LPR的理解", default="fixed_at_default_start"
    )
    limitation_warn_days: int = F("时效临近提醒天数", ge=0, le=3650, default=90)
    limitation_from_acceleration: bool = F(
        "宣布提前到期后诉讼时效是否自宣布之日起算",
        "实务多数做法；false 则按原约定最后一期到期日起算（民法典第189条）",
        default=True,
    )
    payment_deadline_days: int = F("催款函付款期限（天）", ge=1, le=90, default=10)
    plan_ahead: bool = F(
        "是否预备后续文书",
        "true（默认）= 除下一步文书外，一并预备此后各步文书（律师函、支付令申请书或起诉状），每份落款为前一份函件付款期限届满后的"
        "第一个工作日，届时仍未付款即可直接发出；false = 只生成下一步文书",
        default=True,
    )
    financial_charges_cap: bool = F(
        "金融借款综合息费按年利率24%为限",
        "仅对金融机构出借人（bank、consumer_finance、card_issuer、local_financial）起作用："
        "true（默认）= 借期内利息、罚息（逾期利息）、复利、违约金和其他费用按年利率24%为限主张，超出部分逐项调减并列明"
        "（法发〔2017〕22号第2条；九民纪要第51条）；false = 按合同约定全额主张，只提示可能被调减",
        default=True,
    )
    lawyer_fee_in_cap: bool = F(
        "律师费是否计入利息合计上限",
        "true（默认，稳妥）= 律师费与逾期利息、违约金、其他费用合计不超过民间借贷规定第29条的上限（金融借款为年利率24%）；"
        "false = 律师费单独主张、不受该上限限制（各地法院做法不一）",
        default=True,
    )
    payment_order_until_paid: bool = F(
        "支付令是否请求利息计至实际清偿之日",
        "false（默认，稳妥）= 支付令只请求计算至计算截止日的确定金额（民诉法解释第427条：数额确定）；"
        "true = 另请求此后的利息计至实际清偿之日止（部分法院接受，做法不一）",
        default=False,
    )


CostKind = Literal["lawyer_fee", "preservation_fee", "announcement_fee", "notary_fee", "appraisal_fee", "other"]

COST_NAMES: dict[str, str] = {
    "lawyer_fee": "律师费",
    "preservation_fee": "保全费",
    "announcement_fee": "公告费",
    "notary_fee": "公证费",
    "appraisal_fee": "鉴定（评估）费",
    "other": "其他实现债权的费用",
}


class Cost(_Model):
    """实现债权的费用（律师费、保全费、公告费等），按实际发生逐笔记录。

    部分还款先抵充此项，再抵充利息、本金（民法典第561条）；只有合同约定由债务人负担的才主张
    （保全费另可依《诉讼费用交纳办法》第三十八条第三款列入诉讼请求）。
    """

    kind: CostKind = F(
        "费用类型",
        "lawyer_fee=律师费，preservation_fee=保全费，announcement_fee=公告费，notary_fee=公证费，"
        "appraisal_fee=鉴定（评估）费，other=其他",
    )
    name: Text | None = F("费用名称", "不填时按类型取名，如：律师费", default=None)
    date: dt.date = F("发生（支付）日期")
    amount: Money = F("金额（元）")
    contract_provides: bool = F("合同是否约定由债务人负担", "借款合同约定实现债权的费用（如律师费）由借款人承担时填 true", default=False)
    clause_ref: Text | None = F("合同条款", "约定该项费用的条款，如：第九条", default=None)
    evidence_ids: list[EvidenceId] = F("发票、付款凭证、委托合同等证据编号", default_factory=list)

    @property
    def label(self) -> str:
        return self.name or COST_NAMES[self.kind]


class EvidenceItem(_Model):
    """证据（证据规定第19条：编号、来源、证明对象）。"""

    id: EvidenceId = F("证据编号", "字母数字，如 E1")
    title: Text = F("证据名称")
    files: list[Annotated[str, Field(min_length=1, max_length=500)]] = F(
        "文件", "相对案件文件夹的路径；支持 PDF、JPEG、PNG", min_length=1
    )
    source: Text = F("证据来源")
    purpose: Text = F("证明目的")
    original: Literal["original", "copy"] | None = F("原件/复印件", "original=原件，copy=复印件", default=None)
    form: Literal["documentary", "electronic", "audiovisual", "physical"] | None = F(
        "证据种类",
        "documentary=书证，electronic=电子数据（聊天记录、电子合同、转账记录等），audiovisual=视听资料（录音、录像），"
        "physical=物证（民事诉讼法第66条）；不填按书证处理",
        default=None,
    )
    carrier: Text | None = F(
        "原始载体", "电子数据、视听资料的原始载体及其位置，如：债权人手机中的微信聊天记录、录音文件 rec_20251025.m4a",
        default=None,
    )
    self_generated: bool = F(
        "是否债权人自行制作或保存的系统记录", "如债权人自有业务系统导出的还款、催收记录（证据规定第93、94条审查其真实性）",
        default=False,
    )
    identity_document: bool = F("是否身份证明材料", default=False)
    party: PartyRef | None = F(
        "所证明身份的当事人",
        "creditor=债权人，creditor.representative=债权人的法定代表人/负责人，debtors[0]=第一个债务人，guarantors[0]=第一个保证人",
        default=None,
    )
    doc_type: Literal[
        "id_card", "business_licence", "household_register", "other_identity", "residence_proof"
    ] | None = F(
        "材料类型",
        "id_card=居民身份证（或其他身份证件）复印件，business_licence=营业执照（副本），household_register=户口簿/户籍证明，"
        "other_identity=其他主体资格证明（如金融许可证），residence_proof=经常居住地证明（连续居住一年以上，民诉法解释第4条）",
        default=None,
    )

    @property
    def is_identity(self) -> bool:
        """An identity paper (当事人身份证明, 登记立案规定第6条): flagged, or of an identity type."""
        return self.identity_document or self.doc_type in IDENTITY_DOC_TYPES


#: Evidence ``doc_type`` values that are identity papers (the residence proof is not: it proves 经常居住地).
IDENTITY_DOC_TYPES = ("id_card", "business_licence", "household_register", "other_identity")


class Letters(_Model):
    """随函附加的自由文本段落（须通过合规检查）。"""

    demand_letter_extra: list[LongText] = F("催款函附加段落", default_factory=list)
    lawyer_letter_extra: list[LongText] = F("律师函附加段落", default_factory=list)


class Case(_Model):
    """一个逾期借款案件。"""

    schema_version: Literal["1"] = F("数据格式版本", "当前为 \"1\"")
    json_schema: str | None = Field(
        default=None,
        alias="$schema",
        exclude=True,
        title="JSON Schema 地址",
        description="编辑器用来绑定 JSON Schema 的地址（如 schemas/case.schema.json）；程序不读取，不影响文书",
    )
    case_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = F(
        "案件编号", "字母、数字、点、下划线、连字符，用作输出文件夹名"
    )
    creditor: Party = F("债权人（出借人）")
    debtors: list[Party] = F("债务人（借款人）", min_length=1)
    guarantors: list[Guarantor] = F("保证人", default_factory=list)
    lender_category: LenderCategory = F(
        "出借人类别",
        "natural_person=自然人，company=普通企业或其他组织（以上适用民间借贷规定），bank=银行，consumer_finance=消费金融公司，card_issuer=信用卡发卡机构，local_financial=七类地方金融组织（小额贷款公司等，法释〔2020〕27号）",
    )
    loan: Loan = F("借款合同")
    repayments: list[Repayment] = F("已还款记录", default_factory=list)
    costs: list[Cost] = F(
        "实现债权的费用", "律师费、保全费、公告费等，按实际发生逐笔记录；部分还款先抵充费用（民法典第561条）", default_factory=list
    )
    collection_log: list[Contact] = F("催收记录", default_factory=list)
    debtor_situation: DebtorSituation = F("债务人状况", default_factory=DebtorSituation)
    instalment_terms: InstalmentTerms | None = F("协商分期条件", default=None)
    agreement: SignedAgreement | None = F("已签订的分期还款协议", "双方已签字的协议；仅在协商中的条件填 instalment_terms", default=None)
    lawyer: Lawyer | None = F("律师与律师事务所", default=None)
    creditor_account: Account | None = F("债权人收款账户", default=None)
    creditor_service: ServiceInfo | None = F(
        "债权人送达地址确认", "送达地址确认书的内容；不填则按住所和联系电话生成，需人工确认", default=None
    )
    procedure: Procedure = F("程序", default_factory=Procedure)
    filings: list[Filing] = F("已提出的法院程序", "支付令申请、起诉、强制执行申请及其进展，按提交日期排列", default_factory=list)
    computation_date: date = F("计算截止日（暂计至）")
    document_date: date | None = F("文书落款日期", "不填则取计算截止日", default=None)
    settings: Settings = F("计算口径", default_factory=Settings)
    letters: Letters = F("附加文字", default_factory=Letters)
    evidence: list[EvidenceItem] = F("证据清单", default_factory=list)

    @property
    def signing_date(self) -> date:
        return self.document_date or self.computation_date
