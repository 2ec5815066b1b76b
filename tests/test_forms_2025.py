"""The 要素式 民事起诉状 against the official forms of 法〔2025〕82号, and the 支付令申请书 (2016 样式).

The expected wording below is written from the official forms as extracted from the .docx files in
github.com/cat-xierluo/legal-skills (skills/elements-complaint-generator/templates/
09-民间借贷纠纷-民事起诉状, 08-金融借款合同纠纷-民事起诉状, 10-信用卡纠纷-民事起诉状; see the README
“要素式起诉状的来源”), not copied from our template: every element label must appear, in the
form's order, the 说明 word for word, the boxes ticked from the case.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from pipeline.case import load_case
from pipeline.case.models import CardDetails
from pipeline.law.claim import compute_claim
from pipeline.render import render_documents

ROOT = Path(__file__).resolve().parent.parent


def _sample(prefix: str):
    return load_case(next(p for p in (ROOT / "sample_cases").iterdir() if p.name.startswith(prefix)))


def _card_case():
    """Sample 03 re-cast as a card issuer's claim (信用卡纠纷), with the card's facts."""
    case = _sample("03-")
    card = CardDetails(card_number="6225********1234", issued_on=date(2024, 8, 15), issuing_branch="某某银行重庆分行",
                       fee_terms="透支利率日万分之五", notice_given=True, notice_detail="申领时在申请表上以加粗字体提示")
    loan = case.loan.model_copy(update={"contract_name": "信用卡领用合约", "card": card})
    return case.model_copy(update={"lender_category": "card_issuer", "loan": loan})


def _doc_text(path: Path) -> str:
    """The document's text in reading order: paragraphs, and each table cell once (merged cells once)."""
    doc = Document(str(path))
    body = doc.element.body
    out: list[str] = []
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for el in body.iterchildren():
        if el.tag.endswith("}p"):
            out.append(Paragraph(el, doc).text)
        elif el.tag.endswith("}tbl"):
            for row in Table(el, doc).rows:
                prev = None
                for cell in row.cells:
                    if cell._tc is prev:
                        continue
                    prev = cell._tc
                    out.append(cell.text)
    return "\n".join(out)


def _complaint(case, tmp_path: Path) -> str:
    claim = compute_claim(case)
    assert claim.procedure.kind == "complaint"
    info = render_documents(case, claim, tmp_path, only=["filing"])[0]
    return _doc_text(tmp_path / info.file_name)


def _in_order(text: str, labels: list[str]) -> None:
    """Every label present, each after the previous one."""
    pos = 0
    for label in labels:
        i = text.find(label, pos)
        assert i >= 0, f"缺少或顺序不对：{label!r}（从第{pos}个字符起）"
        pos = i + len(label)


# ---------------------------------------------------------------- the official wording (from the forms)

NOTE_PRIVATE = [  # 民间借贷纠纷
    "说明：",
    "为了方便您参加诉讼，保护您的合法权利，请填写本表。",
    "1. 起诉时需向人民法院提交证明您身份的材料，如身份证复印件、营业执照复印件等。",
    "2. 本表所列内容是您提起诉讼以及人民法院查明案件事实所需，请务必如实填写。",
]
NOTE_FINANCIAL = [  # 金融借款合同纠纷 and 信用卡纠纷
    "说明：",
    "为了方便您更好地参加诉讼，保护您的合法权利，请填写本表。",
    "1. 起诉时需向人民法院提交证明您身份的材料，如身份证复印件、营业执照复印件等。",
    "2. 本表所列内容是您参加诉讼以及人民法院查明案件事实所需，请务必如实填写。",
]
NOTE_COMMON = [
    "3. 本表有些内容可能与您的案件无关，您认为与案件无关的项目可以填“无”或不填；对于本表中勾选项可以在对应项打“√”;"
    "您认为另有重要内容需要列明的，可以另附页填写。",
    "4. 本表word电子版填写时，相关栏目可复制粘贴或扩容，但不得改变要素内容、格式设置。例如，多原告、多被告或多委托诉讼代理人等情况，"
    "可根据实际情况复制粘贴；需填写文字较多时，可根据实际对栏目进行扩容等。",
    "★特别提示★",
    "诉讼参加人应遵守诚信原则如实认真填写表格。",
    "如果诉讼参加人违反有关规定，虚假诉讼、恶意诉讼、滥用诉权，人民法院将视违法情形依法追究责任。",
]

PERSON = ["姓名：", "性别：男", "女", "出生日期：", "民族：", "工作单位：", "职务：", "联系电话：",
          "住所地（户籍所在地）：", "经常居住地：", "证件类型：", "证件号码："]
ORG = ["名称：", "住所地（主要办事机构所在地）：", "注册地 / 登记地：", "法定代表人 / 负责人：", "职务：", "联系电话：",
       "统一社会信用代码：", "类型：有限责任公司", "股份有限公司", "上市公司", "其他企业法人", "事业单位", "社会团体", "基金会",
       "社会服务机构", "机关法人", "农村集体经济组织法人", "城镇农村的合作经济组织法人", "基层群众性自治组织法人", "个人独资企业",
       "合伙企业", "不具有法人资格的专业服务机构", "所有制性质：国有", "控股", "参股", "民营", "其他"]


def _parties(defendant_persons: int = 1) -> list[str]:
    out = ["当事人信息", "原告", "（自然人）", *PERSON, "原告", "（法人、非法人组织）", *ORG,
           "委托诉讼代理人", "有", "姓名：", "单位：", "职务：", "联系电话：", "代理权限：一般授权", "特别授权", "无"]
    for _ in range(defendant_persons):
        out += ["被告", "（自然人）", *PERSON]
    out += ["被告", "（法人、非法人组织）", *ORG, "第三人", "（自然人）", *PERSON, "第三人", "（法人、非法人组织）", *ORG]
    return out


JURISDICTION = ["约定管辖和诉前保全", "1. 有无仲裁、法院管辖约定", "有", "合同条款及内容：", "无", "2. 是否已经诉前保全",
                "是", "保全法院：", "保全时间：", "保全案号：", "否", "（如申请诉讼保全，请另行提交诉讼保全申请及相关材料）"]
MEDIATION = [
    "对纠纷解决方式的意愿",
    "是否了解调解作为非诉讼纠纷解决方式，能及时、高效、低成本、不伤和气地解决纠纷", "了解", "不了解",
    "是否了解先行调解解决纠纷的好处",
    "1. 立案后选择先行调解的，可以很快启动调解程序。如不同意调解，法院将依程序开庭审理案件，但可能需要经过较长一段时间的排期等待，且审理、执行周期相对较长。",
    "了解", "不了解",
    "2. 选择先行调解，调解成功且自动履行的免交诉讼费用，申请司法确认的不交纳诉讼费用，要求出具调解书的减半交纳诉讼费用。",
    "了解", "不了解",
    "3. 首次调解不成功，但仍有继续调解意愿的，可以选择更换调解组织和调解员再进行调解。调解无法达成一致意见的，法院将依程序排期开庭。",
    "了解", "不了解",
    "4. 依照法律规定，调解具有保密性要求，调解过程不公开，调解协议未经当事人同意不得公开。", "了解", "不了解",
    "5. 调解达成的协议具有法律效力，可以依照法律规定申请司法确认，具有强制执行效力。", "了解", "不了解",
    "是否考虑先行调解", "是", "否", "暂不确定，想要了解更多内容",
    "具状人（签字、盖章）：", "日期：",
]
CLAIMS_NOTE = "（可完整表述诉讼请求；为方便、准确梳理要点，相关内容请在下方要素式表格中填写）"
FACTS_NOTE = "（可完整表述纠纷涉及的事实与理由；为方便、准确梳理要点，相关内容请在下方要素式表格中填写）"

PRIVATE_BODY = [  # 民间借贷纠纷: 8 claims, 18 facts
    "诉讼请求", CLAIMS_NOTE,
    "1. 本金", "截至", "止，尚欠本金", "元（人民币，下同；如外币需特别注明）",
    "2. 利息", "截至", "止，尚欠利息", "元；", "计算方式：", "是否请求支付至实际清偿之日止：是", "否",
    "3. 是否要求提前还款或解除合同", "是", "提前还款（加速到期）", "/ 解除合同", "否",
    "4. 是否主张担保权利", "是", "内容：", "否", "5. 是否主张实现债权的费用", "是", "明细：", "否",
    "6. 是否主张诉讼费用", "是", "否", "7. 其他请求", "8. 标的总额",
    *JURISDICTION,
    "事实与理由", FACTS_NOTE,
    "1. 合同签订情况（名称、编号、签订时间、地点等）", "2. 签订主体", "出借人：", "借款人：",
    "3. 借款金额", "约定：", "实际提供：", "提供方式：现金", "转账", "其他：",
    "4. 借款期限", "是否到期：是", "否", "约定期限：", "起至", "止",
    "5. 借款利率", "利率", "（合同条款：第", "条）",
    "6. 借款提供时间", "7. 还款方式", "到期一次性还本付息", "按月计息、到期一次性还本", "按季计息、到期一次性还本",
    "按年计息、到期一次性还本", "其他：",
    "8. 还款情况", "已还本金：", "元", "已还利息：", "元，还息至",
    "9. 是否存在逾期还款", "是", "逾期时间：", "至今已逾期", "否",
    "10. 是否签订物的担保（抵押、质押）合同", "是", "签订时间：", "否", "11. 担保人、担保物", "担保人：", "担保物：",
    "12. 是否最高额担保（抵押、质押）", "是", "否", "担保债权的确定时间：", "担保额度：",
    "13. 是否办理抵押、质押登记", "是", "正式登记", "预告登记", "否",
    "14. 是否签订保证合同", "是", "签订时间：", "保证人：", "主要内容：", "保证方式：一般保证", "连带责任保证", "否",
    "15. 其他担保方式", "是", "形式：", "签订时间：", "否",
    "16. 其他需要说明的内容（可另附页）", "17. 请求依据", "合同约定：", "法律规定：", "18. 证据清单（可另附页）",
]

FINANCIAL_BODY = [  # 金融借款合同纠纷: 8 claims, 19 facts; 合同主体, 实际发放, four rate lines, 保函, 保证方式 own row
    "诉讼请求", CLAIMS_NOTE,
    "1. 本金", "截至", "止，尚欠本金", "元（人民币，下同；如外币需特别注明）",
    "2. 利息（期内利息、复利、罚息）", "截至", "止，欠利息", "元、期内利息", "元、复利", "元、罚息（违约金）", "元；计算方式：",
    "是否请求支付至实际清偿之日止：是", "否",
    "3. 是否要求提前还款或解除合同", "是", "提前还款（加速到期）", "/ 解除合同", "否",
    "4. 是否主张担保权利", "是", "内容：", "否", "5. 是否主张实现债权的费用", "是", "明细：", "否",
    "6. 是否主张诉讼费用", "是", "否", "7. 其他请求", "8. 标的总额",
    *JURISDICTION,
    "事实与理由", FACTS_NOTE,
    "1. 合同签订情况（名称、编号、签订时间、地点等）", "2. 合同主体", "贷款人：", "借款人：",
    "3. 借款金额", "约定：", "实际发放：",
    "4. 借款期限", "是否到期：是", "否", "约定期限：", "起至", "止",
    "5. 借款利率", "利率", "（合同条款：第", "条）", "逾期上浮", "%/年（合同条款：第", "条）", "复利", "（合同条款：第", "条）",
    "罚息（违约金）", "（合同条款：第", "条）",
    "6. 借款提供时间", "7. 还款方式", "等额本息", "等额本金", "到期一次性还本付息", "按月计息、到期一次性还本",
    "按季计息、到期一次性还本", "按年计息、到期一次性还本", "其他",
    "8. 还款情况", "已还本金：", "已还利息：", "元，还息至",
    "9. 是否存在逾期还款", "是", "逾期时间：", "至今已逾期", "否",
    "10. 是否签订物的担保（抵押、质押）合同", "11. 担保人、担保物", "担保人：", "担保物：",
    "12. 是否最高额担保（抵押、质押）", "担保债权的确定时间：", "担保额度：", "13. 是否办理抵押、质押登记", "正式登记", "预告登记",
    "14. 是否签订保证合同 / 保函", "是", "签订时间：", "保证人：", "主要内容：", "否",
    "15. 保证方式", "一般保证", "连带责任保证", "16. 其他担保方式", "形式：", "签订时间：",
    "17. 请求承担责任的依据", "合同约定：", "法律规定：", "18. 其他需要说明的内容（可另附页）", "19. 证据清单（可另附页）",
]

CARD_BODY = [  # 信用卡纠纷: 7 claims, 16 facts
    "诉讼请求", CLAIMS_NOTE,
    "1. 透支本金", "截至", "止，尚欠本金", "元（人民币，下同；如为外币需特别注明）；",
    "2. 利息、罚息、复利、滞纳金、违约金、手续费等", "截至", "止，欠利息、罚息、复利、滞纳金、违约金、手续费等共计", "元",
    "之后的利息、罚息、复利、滞纳金、违约金以及手续费等各项费用按照信用卡领用协议计算至实际清偿之日止", "明细：",
    "3. 是否主张担保权利", "内容：", "4. 是否主张实现债权的费用", "费用明细：", "5. 是否主张诉讼费用", "6. 其他请求", "7. 标的总额",
    *JURISDICTION,
    "事实与理由", FACTS_NOTE,
    "1. 信用卡办理情况（信用卡卡号、信用卡登记权利人、办卡时间、办卡行等）",
    "2. 信用卡合约的主要约定", "透支金额：", "利息、罚息、复利、滞纳金、违约金、手续费等的计算标准：", "违约责任：", "解除条件：",
    "3. 是否就信用卡合约主要条款进行提示注意", "是", "提示说明的具体方式以及时间地点：", "否",
    "4. 被告逾期部分已还金额", "元", "5. 被告逾期未还款金额", "逾期时间：",
    "6. 是否向被告进行通知和催收", "具体情况：", "7. 是否签订物的担保（抵押、质押）合同", "8. 担保人、担保物",
    "9. 是否最高额担保（抵押、质押）", "10. 是否办理抵押、质押登记", "11. 是否签订保证合同", "签订时间：", "保证人：", "主要内容：",
    "12. 保证方式", "一般保证", "连带责任保证", "13. 其他担保方式", "14. 请求承担责任的依据", "合同约定：", "法律规定：",
    "15. 其他需要说明的内容（可另附页）", "16. 证据清单（可另附页）",
]


# ---------------------------------------------------------------- every form, every label, in order


@pytest.mark.parametrize(
    "make, title, note, body, defendants",
    [
        (lambda: _sample("04-"), "（民间借贷纠纷）", NOTE_PRIVATE, PRIVATE_BODY, 1),
        (lambda: _sample("03-"), "（金融借款合同纠纷）", NOTE_FINANCIAL, FINANCIAL_BODY, 2),
        (_card_case, "（信用卡纠纷）", NOTE_FINANCIAL, CARD_BODY, 2),
    ],
    ids=["民间借贷", "金融借款", "信用卡"],
)
def test_complaint_follows_its_form(make, title, note, body, defendants, tmp_path: Path) -> None:
    text = _complaint(make(), tmp_path)
    _in_order(text, ["民事起诉状", title])
    # the 说明 word for word, line by line
    lines = text.splitlines()
    for expected in note + NOTE_COMMON:
        assert expected in lines, expected
    _in_order(text, note + NOTE_COMMON + _parties(defendants) + body + MEDIATION)
    # nothing internal leaks into the form
    for leak in ("None", "{{", "{%", "doc.", "private_lending", "financial", "equal_principal", "--plan", "__"):
        assert leak not in text, leak


def test_numbering_differs_between_the_forms(tmp_path: Path) -> None:
    private = _complaint(_sample("04-"), tmp_path / "a")
    financial = _complaint(_sample("03-"), tmp_path / "b")
    # 民间借贷: 14 includes 保证方式; 17 请求依据; 18 证据清单. 金融借款: 15 保证方式; 17 请求承担责任的依据; 19 证据清单.
    assert "17. 请求依据" in private and "18. 证据清单（可另附页）" in private and "19." not in private
    assert "15. 保证方式" in financial and "17. 请求承担责任的依据" in financial and "19. 证据清单（可另附页）" in financial
    assert "18. 证据清单" not in financial and "15. 保证方式" not in private
    # the 民间借贷 form has one rate line; the 金融借款 form four
    assert "逾期上浮" not in private and "罚息（违约金）☑" in financial


# ---------------------------------------------------------------- the boxes, from the case


def test_financial_complaint_boxes_and_rate_lines(tmp_path: Path) -> None:
    case = _sample("03-")
    text = _complaint(case, tmp_path)
    lines = text.splitlines()
    # 原告 is an organisation: its block is filled, the natural-person block kept with 无
    assert "名称：重庆某某消费金融有限公司" in lines and "姓名：无" in lines
    assert "有限责任公司☑" in text and "股份有限公司☐" in text
    # the agent: special powers by default (民事诉讼法第62条)
    assert "代理权限：一般授权☐　特别授权☑" in text and "有☑" in lines and "无☐" in lines
    # 第三人: both blocks kept, empty
    assert text.count("第三人") == 2 and lines.count("名称：无") >= 2
    # 职务 is the position, never the occupation: 李某某 职员 at 成都某某科技有限公司 holds 行政专员;
    # 周某某 (退休) holds none
    assert "工作单位：成都某某科技有限公司　职务：行政专员　联系电话：18280194736" in lines
    assert "工作单位：　职务：　联系电话：13908175642" in lines and "退休" not in text
    # rate lines with the contract's clauses (第四条 rate, 第五条 罚息: 执行利率上浮50%，即年利率27%)
    assert "利率☑　18%/年（合同条款：第四条）" in lines
    assert "逾期上浮☑　50%/年（合同条款：第五条）" in lines
    assert "复利☐　（合同条款：第　　条）" in lines
    assert "罚息（违约金）☑　27%/年（合同条款：第五条）" in lines
    # 等额本金 per the contract's 第三条; 还息至 the day before term interest runs again
    assert "等额本息☐　等额本金☑" in lines and "其他☐" in lines
    assert "已还利息：3,150.00元，还息至2024年12月14日（按照双方约定抵充）" in lines
    # accelerated; guarantee claimed; guarantee contract with date and content; joint guarantee
    assert "是☑　提前还款（加速到期）☑ / 解除合同☐" in lines
    assert "是☑　签订时间：2024年8月15日　保证人：周某某" in lines
    assert any(line.startswith("　　主要内容：周某某为李某某在《个人消费贷款合同》项下的全部债务提供连带责任保证") for line in lines)
    assert "一般保证☐" in lines and "连带责任保证☑" in lines
    # the jurisdiction clause and the 诉讼保全 note
    assert any(line.startswith("有☑　合同条款及内容：第十五条：") for line in lines)
    assert "（如申请诉讼保全，请另行提交诉讼保全申请及相关材料）" in lines
    # 对纠纷解决方式的意愿 from procedure.mediation (knows all, unsure about 先行调解)
    assert lines.count("了解☑　不了解☐") == 6
    assert "是☐　否☐" in lines and "暂不确定，想要了解更多内容☑" in lines
    # the court with its province
    assert "重庆市渝北区人民法院" in lines


def test_private_complaint_boxes(tmp_path: Path) -> None:
    case = _sample("04-")
    text = _complaint(case, tmp_path)
    lines = text.splitlines()
    assert "姓名：黄某某" in lines and "名称：无" in lines  # a natural-person plaintiff
    assert "性别：男☑　女☐" in lines
    assert "利率☑　20%/年（合同条款：第三条）" in lines
    assert "到期一次性还本付息☑" in lines  # 第三条: 利息随本金到期一并支付
    assert "提供方式：现金☐　转账☑　其他：" in lines
    # no guarantor: the guarantee rows say 否 and keep their labels blank
    assert "14. 是否签订保证合同" in lines
    i = lines.index("14. 是否签订保证合同")
    assert lines[i + 1].startswith("是☐") and "否☑" in lines[i + 1: i + 6]
    # 还息至 unknown in this case: the form's blank, and validate names it (test_filing_papers)
    assert "已还利息：" in text and "还息至　　年　　月　　日" in text
    assert "是☐　否☑" in lines and "否☐" in lines  # 考虑先行调解: 否 (procedure.mediation)


def test_card_complaint_prints_the_card_facts(tmp_path: Path) -> None:
    text = _complaint(_card_case(), tmp_path)
    lines = text.splitlines()
    assert "卡号6225********1234，登记权利人李某某，办卡时间2024年8月15日，办卡行某某银行重庆分行" in lines
    assert "是☑　提示说明的具体方式以及时间地点：申领时在申请表上以加粗字体提示" in lines
    claim = compute_claim(_card_case())
    assert claim.cause == "信用卡纠纷"


def test_general_authority_and_no_agent(tmp_path: Path) -> None:
    case = _sample("04-")
    general = case.model_copy(update={"lawyer": case.lawyer.model_copy(update={"authority": "general"})})
    assert "代理权限：一般授权☑　特别授权☐" in _complaint(general, tmp_path / "g")
    none = _complaint(case.model_copy(update={"lawyer": None}), tmp_path / "n")
    assert "有☐" in none.splitlines() and "无☑" in none.splitlines()


# ---------------------------------------------------------------- the 支付令申请书 (2016 样式)


def test_payment_order_follows_the_2016_style(tmp_path: Path) -> None:
    case = _sample("02-")
    claim = compute_claim(case)
    assert claim.procedure.kind == "payment_order"
    info = render_documents(case, claim, tmp_path, only=["filing"])[0]
    text = _doc_text(tmp_path / info.file_name)
    _in_order(text, ["支付令申请书", "申请人：刘某某", "被申请人：陈某", "请求事项：",
                     "向被申请人陈某发出支付令，督促被申请人陈某给付申请人刘某某", "事实和理由：", "此致",
                     "广东省广州市海珠区人民法院", "附：", "本申请书副本1份", "申请人", "签名或者盖章"])
    # 2016 样式: “工作单位和职务或者职业” — the position, not the occupation, after the employer
    assert "广州某某汽车销售服务有限公司销售顾问" in text and "销售，" not in text
    assert re.search(r"请求事项：\n一、", text)


def test_no_internal_identifier_in_any_filing_form(tmp_path: Path) -> None:
    """Field names, codes and CLI flags never reach the papers a court sees."""
    from pipeline.efiling.forms import forms_for, render_form
    from pipeline.render import docx_paragraphs

    ident = re.compile(r"[A-Za-z]+_[A-Za-z_]+|--[a-z]+|\bNone\b|\{\{|\{%")
    for prefix in ("01-", "02-", "03-", "04-"):
        case = _sample(prefix)
        claim = compute_claim(case)
        info = render_documents(case, claim, tmp_path / prefix, only=["filing"])[0]
        texts = {info.file_name: _doc_text(tmp_path / prefix / info.file_name)}
        for spec in forms_for(case, claim)[0]:
            texts[spec.title] = "\n".join(docx_paragraphs(render_form(case, claim, spec)))
        for name, text in texts.items():
            found = ident.findall(text)
            assert not found, (prefix, name, found)
