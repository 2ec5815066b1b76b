"""Generate the e-filing form templates templates/zh/06_*.docx (docxtpl syntax).

Run: ``.venv/bin/python tools/make_efiling_templates.py [OUT_DIR]``. Same house style and the
same byte-for-byte reproducibility as tools/make_templates.py, whose builder and fragments are
imported (that file is not edited here).

The forms see the same documented context as the other templates — ``case``, ``claim`` and
``doc`` (pipeline/render/context.py, built for the filing route: ``payment_order`` or
``complaint``) — so the template lint checks them and a firm can replace them in its own
template folder. Legal sources:

- 法定代表人身份证明书: 登记立案规定第6条 (an entity files its licence and this certificate);
- 授权委托书: 民事诉讼法第62条 (matters and powers; special powers named one by one),
  民诉法解释第89条 ("全权代理" without the powers named confers none — never printed here);
- 律师事务所函: law-procedure.md §4(f) (the firm's letter accompanies the power of attorney);
- 送达地址确认书: 民事诉讼法第90条, 民诉法解释第136、137条, 法院专递规定第3、4条;
- 财产保全申请书: 民事诉讼法第103条 (preservation during the suit; security on demand,
  第2款), fee 《诉讼费用交纳办法》第十四条第（二）项 (amount from the claim engine).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_templates as _mt  # noqa: E402  (the shared Builder and house style)
Builder = _mt.Builder
party_2016 = _mt.party_2016

W2 = [40, 116]

# Role names by route: the payment order is not a lawsuit (申请人/被申请人), the complaint is.
_PO = "doc.kind == 'payment_order'"
PLAINTIFF = f"{{% if {_PO} %}}申请人{{% else %}}原告{{% endif %}}"
OTHER_SIDE = "{% for p in doc.defendants %}{{ p.name }}{% if not loop.last %}、{% endif %}{% endfor %}"
STAGE = f"{{% if {_PO} %}}督促程序{{% else %}}第一审程序{{% endif %}}"

# The matters an agent handles. 督促程序 has no hearing, no mediation (民诉法解释第143条) and, in
# practice, no preservation (the forms module says so), so the payment-order route names only what
# the agent does there: apply, state facts, submit evidence, receive documents.
MATTERS = (
    f"受托人的代理事项：{{% if {_PO} %}}代为申请支付令，陈述事实，提交证据，提交、签收法律文书。"
    "{% else %}代为起诉，提交、签收法律文书，申请财产保全，参加调解和庭审，陈述事实，提交证据，进行质证和辩论。{% endif %}"
)

# 民事诉讼法第62条第2款: the special powers, named one by one, in the statute's order.
POWER_LABELS = (
    ("admit", "代为承认诉讼请求"),
    ("waive", "代为放弃诉讼请求"),
    ("modify", "代为变更诉讼请求"),
    ("settle", "进行和解"),
    ("counterclaim", "提起反诉"),
    ("appeal", "提起上诉"),
    ("receive_payment", "代为领取案款"),
)


def _powers_expr() -> str:
    branches = "".join(
        f"{{% {'if' if i == 0 else 'elif'} k == '{key}' %}}{label}" for i, (key, label) in enumerate(POWER_LABELS)
    )
    keys = ", ".join(f"'{k}'" for k, _ in POWER_LABELS)
    return (
        f"{{% for k in [{keys}] if k in case.lawyer.special_powers"
        f" and not ({_PO} and k in ['counterclaim', 'appeal']) %}}{branches}{{% endif %}}"
        "{% if not loop.last %}、{% endif %}{% endfor %}"
    )


# ---------------------------------------------------------------- 法定代表人身份证明书


_GAP = "　　　　"  # a field the case does not give: left blank for hand filling (validate names it)


def legal_rep_certificate() -> Builder:
    """法定代表人身份证明书 (2016 民事诉讼文书样式“法定代表人身份证明书（法人当事人用）”; 登记立案规定第6条),
    with the representative's name, sex, age, ID number and 职务."""
    c = "doc.creditor"
    b = Builder("法定代表人身份证明书")
    b.title_("法定代表人身份证明书")
    b.p(f"{{{{ {c}.representative }}}}，性别：{{% if {c}.rep_gender %}}{{{{ {c}.rep_gender }}}}{{% else %}}{_GAP}{{% endif %}}，"
        f"年龄：{{% if doc.form.rep_age is not none %}}{{{{ doc.form.rep_age }}}}{{% else %}}{_GAP}{{% endif %}}岁，"
        f"居民身份证号码：{{% if {c}.rep_id_number %}}{{{{ {c}.rep_id_number }}}}{{% else %}}{_GAP}{_GAP}{{% endif %}}，"
        f"在我单位任{{{{ {c}.representative_title }}}}职务，系我单位的法定代表人（负责人）。")
    b.p("特此证明。")
    b.blank()
    b.flush("单位名称：{{ doc.creditor.name }}")
    b.flush("统一社会信用代码：{% if doc.creditor.id_number %}{{ doc.creditor.id_number }}{% else %}　　　　　　　　{% endif %}")
    b.flush("住所：{{ doc.creditor.domicile }}")
    b.flush("联系电话：{% if doc.creditor.phone %}{{ doc.creditor.phone }}{% else %}　　　　　　　　{% endif %}")
    b.blank()
    b.flush("附：法定代表人（负责人）居民身份证复印件（正反面）")
    b.blank()
    b.sign("单位（盖章）：{{ doc.creditor.name }}")
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 授权委托书


def _one_page_form(b: Builder, line_pt: int = 26, table_pt: int = 18) -> Builder:
    """Court forms are signed on one sheet where they can be: a slightly closer fixed line pitch
    (28 → 26 pt body for 16 pt text, 20 → 18 pt tables; 1.6 and 1.5 lines — never single-spaced,
    same fonts and sizes as every other document). A form that still runs to a second page keeps
    its signature block with its last paragraph (pipeline/render/layout.py)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    for style in b.doc.styles:
        pf = getattr(style, "paragraph_format", None)
        if pf is None or pf.line_spacing_rule != WD_LINE_SPACING.EXACTLY or pf.line_spacing is None:
            continue
        if pf.line_spacing == Pt(28):
            pf.line_spacing = Pt(max(line_pt, 26))
        elif pf.line_spacing == Pt(20):
            pf.line_spacing = Pt(max(table_pt, 18))
    return b


def power_of_attorney() -> Builder:
    b = _one_page_form(Builder("授权委托书"), line_pt=22)
    b.title_("授权委托书")
    b.flush("委托人：{{ doc.creditor.name }}，{{ doc.creditor.details }}。")
    b.ctl("{%p if doc.creditor.representative %}")
    b.flush("{{ doc.creditor.rep_title_label }}：{{ doc.creditor.representative }}，{{ doc.creditor.representative_title }}。")
    b.ctl("{%p endif %}")
    b.flush("受托人：{{ case.lawyer.lawyer_name }}，{{ case.lawyer.firm_name }}律师，执业证号{{ case.lawyer.license_no }}，"
            "联系电话{{ case.lawyer.lawyer_phone or case.lawyer.firm_phone }}，地址{{ case.lawyer.firm_address }}。")
    b.p(f"现委托上列受托人在{{{{ doc.creditor.name }}}}与{OTHER_SIDE}{{{{ claim.cause }}}}一案中，"
        f"作为委托人在{STAGE}中的{{% if {_PO} %}}委托代理人{{% else %}}委托诉讼代理人{{% endif %}}。")
    b.ctl("{%p if case.lawyer.authority == 'special' and case.lawyer.special_powers %}")
    b.p("**代理权限：特别授权。**")
    b.p(MATTERS)
    b.p(f"受托人经委托人特别授权，有权{_powers_expr()}（《中华人民共和国民事诉讼法》第六十二条第二款）。"
        "未列明的其他特别授权事项，受托人无权代为处理。")
    b.ctl("{%p else %}")
    b.p("**代理权限：一般授权。**")
    b.p(MATTERS)
    b.p("受托人无权代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉"
        "（《中华人民共和国民事诉讼法》第六十二条第二款）。")
    b.ctl("{%p endif %}")
    b.p(f"委托期限：自本委托书签署之日起至本案{STAGE}终结之日止。"
        f"{{% if {_PO} %}}支付令失效、本案转入诉讼程序的，另行出具授权委托书。{{% endif %}}")
    b.keep("此致")
    b.keep("{{ doc.court }}")
    b.sign("委托人：{{ doc.creditor.name }}（{% if doc.creditor.is_person %}签字{% else %}盖章{% endif %}）")
    b.ctl("{%p if doc.creditor.representative %}")
    b.sign("{{ doc.creditor.rep_title_label }}（签字）：")
    b.ctl("{%p endif %}")
    b.sign("受托人（签字）：")
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 律师事务所函


def firm_letter() -> Builder:
    b = Builder("律师事务所函")
    b.title_("{{ case.lawyer.firm_name }}")
    b.subtitle("函")
    b.sign("{% if doc.firm_letter_no %}{{ doc.firm_letter_no }}{% else %}编号：________________{% endif %}")
    b.flush("{{ doc.court }}：")
    b.p(f"本所接受{{{{ doc.creditor.name }}}}的委托，指派{{{{ case.lawyer.lawyer_name }}}}律师"
        f"（执业证号：{{{{ case.lawyer.license_no }}}}）担任其与{OTHER_SIDE}{{{{ claim.cause }}}}一案{STAGE}的"
        f"{{% if {_PO} %}}委托代理人{{% else %}}委托诉讼代理人{{% endif %}}。")
    b.p("特此函告。")
    b.blank()
    b.flush("附：1. 授权委托书一份；")
    b.flush("　　2. 律师执业证复印件一份。")
    b.blank()
    b.sign("{{ case.lawyer.firm_name }}（盖章）")
    b.sign("{{ doc.date|cndate }}")
    b.blank()
    b.flush("本所地址：{{ case.lawyer.firm_address }}")
    b.flush("联系电话：{{ case.lawyer.firm_phone }}")
    b.flush("承办律师：{{ case.lawyer.lawyer_name }}{% if case.lawyer.lawyer_phone %}，电话：{{ case.lawyer.lawyer_phone }}{% endif %}")
    return b


# ---------------------------------------------------------------- 送达地址确认书

_S = "case.creditor_service"


def service_address() -> Builder:
    b = _one_page_form(Builder("送达地址确认书"))
    b.title_("送达地址确认书")
    rows = [
        ["案号", "（立案后由人民法院填写）"],
        ["案由", "{{ claim.cause }}"],
        ["受送达人", f"{{{{ doc.creditor.name }}}}（{PLAINTIFF}）"],
        ["告知事项",
         "1. 为便于当事人及时收到人民法院的诉讼文书，当事人应当如实提供确切的送达地址。"
         "2. 确认的送达地址适用于第一审程序；当事人提起上诉、申请再审、申请执行时未书面变更的，"
         "适用于第二审程序、审判监督程序和执行程序（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第一百三十七条）；"
         "送达地址需要变更的，应当及时书面告知人民法院。"
         "3. 提供的地址不确切，或者不及时告知变更后的地址，使诉讼文书未能被实际接收的，文书退回之日视为送达之日。"
         "4. 经受送达人同意，人民法院可以采用能够确认其收悉的电子方式送达诉讼文书，"
         "以送达信息到达受送达人特定系统的日期为送达日期（《中华人民共和国民事诉讼法》第九十条）。"],
        ["送达地址", f"{{% if {_S} %}}{{{{ {_S}.address }}}}{{% else %}}{{{{ doc.creditor.service_address }}}}{{% endif %}}"],
        ["邮政编码", f"{{% if {_S} and {_S}.postcode %}}{{{{ {_S}.postcode }}}}{{% elif doc.creditor.postcode %}}{{{{ doc.creditor.postcode }}}}"
                    f"{{% else %}}{_GAP}{{% endif %}}"],
        ["收件人", f"{{% if {_S} and {_S}.recipient %}}{{{{ {_S}.recipient }}}}{{% else %}}{{{{ doc.creditor.name }}}}{{% endif %}}"],
        ["联系电话", f"{{% if {_S} and {_S}.phone %}}{{{{ {_S}.phone }}}}{{% elif doc.creditor.phone %}}{{{{ doc.creditor.phone }}}}"
                    "{% else %}　　　　　　　　{% endif %}"],
        ["是否同意电子送达",
         f"{{% if {_S} and {_S}.electronic_consent is not none %}}是{{{{ {_S}.electronic_consent|box }}}}　否{{{{ (not {_S}.electronic_consent)|box }}}}"
         "{% else %}是☐　否☐{% endif %}"],
        ["电子送达地址",
         f"{{% if {_S} and {_S}.electronic_consent %}}"
         f"电子邮件{{{{ ('email' in {_S}.channels)|box }}}}：{{% if {_S}.email %}}{{{{ {_S}.email }}}}{{% elif doc.creditor.e_service_address %}}{{{{ doc.creditor.e_service_address }}}}{{% else %}}{_GAP}{{% endif %}}；"
         f"手机短信{{{{ ('sms' in {_S}.channels)|box }}}}：{{% if {_S}.phone %}}{{{{ {_S}.phone }}}}{{% elif doc.creditor.phone %}}{{{{ doc.creditor.phone }}}}{{% else %}}{_GAP}{{% endif %}}；"
         f"人民法院在线服务平台{{{{ ('platform' in {_S}.channels)|box }}}}；"
         f"即时通讯工具{{{{ ('im' in {_S}.channels)|box }}}}：{{% if {_S}.im_account %}}{{{{ {_S}.im_account }}}}{{% else %}}{_GAP}{{% endif %}}；"
         f"传真{{{{ ('fax' in {_S}.channels)|box }}}}"
         "{% else %}电子邮件☐：{% if doc.creditor.e_service_address %}{{ doc.creditor.e_service_address }}{% endif %}；"
         "手机短信☐：{% if doc.creditor.phone %}{{ doc.creditor.phone }}{% endif %}；人民法院在线服务平台☐；即时通讯工具☐；传真☐{% endif %}"],
        ["受送达人确认",
         "本人（本单位）已阅知本确认书的告知事项，提供了上栏送达地址，确认了上栏送达方式，并保证所提供的送达地址各项内容正确、有效。"
         "　受送达人（签名或者盖章）：　　　　　　　　{{ doc.date|cndate }}"],
        ["指定代收人",
         f"{{% if case.lawyer and not ({_S} and not {_S}.lawyer_as_recipient) %}}"
         "{{ case.lawyer.lawyer_name }}（{{ case.lawyer.firm_name }}律师，"
         f"{{% if {_PO} %}}委托代理人{{% else %}}委托诉讼代理人{{% endif %}}）；"
         "联系电话：{{ case.lawyer.lawyer_phone or case.lawyer.firm_phone }}；地址：{{ case.lawyer.firm_address }}"
         "{% else %}无{% endif %}"],
    ]
    b.table(None, rows, W2)
    return b


# ---------------------------------------------------------------- 财产保全申请书

_KIND_LABELS = (
    ("real_estate", "不动产"),
    ("vehicle", "车辆"),
    ("bank_account", "银行存款"),
    ("equity", "股权"),
    ("other", "其他财产"),
)


def preservation() -> Builder:
    b = Builder("财产保全申请书")
    b.title_("财产保全申请书")
    party_2016(b, "申请人", "doc.creditor")
    b.ctl("{%p if case.lawyer %}")
    b.flush("委托诉讼代理人：{{ case.lawyer.lawyer_name }}，{{ case.lawyer.firm_name }}律师，联系电话：{{ case.lawyer.lawyer_phone or case.lawyer.firm_phone }}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p for p in doc.debtors %}")
    party_2016(b, "被申请人", "p")
    b.ctl("{%p endfor %}")
    b.flush("**请求事项：**")
    b.p("请求依法查封、扣押、冻结被申请人{{ doc.debtor_names }}名下价值人民币{{ claim.fees.preservation_amount|money }}元"
        "（大写：{{ claim.fees.preservation_amount|words }}）的财产。")
    b.flush("**事实和理由：**")
    b.p(f"申请人与被申请人{{{{ doc.debtor_names }}}}{{{{ claim.cause }}}}一案，申请人已向贵院提起诉讼，"
        f"请求判令{OTHER_SIDE}偿还借款本金、利息等合计人民币{{{{ claim.totals.total|money }}}}元（暂计至{{{{ claim.as_of|cndate }}}}）。"
        "{{ doc.loan_sentence }}{{ doc.due_sentence }}"
        "{% if doc.repayments %}被申请人已还款{{ doc.repayments|length }}笔："
        "{% for r in doc.repayments %}{{ r.date|cndate }}还款{{ r.amount|money }}元{% if not loop.last %}；{% endif %}{% endfor %}"
        "，已{{ doc.allocation_text }}（冲抵利息{{ doc.repaid_interest|money }}元、本金{{ doc.repaid_principal|money }}元）；{% endif %}"
        "截至{{ claim.as_of|cndate }}，被申请人尚欠{{ claim.totals.total|money }}元未清偿。")
    b.p("为避免因被申请人的行为或者其他原因，使将来的判决难以执行或者造成申请人其他损害，"
        "根据《中华人民共和国民事诉讼法》第一百零三条的规定，申请人特向贵院申请财产保全，"
        "保全金额以人民币{{ claim.fees.preservation_amount|money }}元为限。申请人愿按人民法院的要求提供担保"
        "（《中华人民共和国民事诉讼法》第一百零三条第二款）。")
    b.p("按照《诉讼费用交纳办法》第十四条第（二）项，本申请应交纳申请费人民币{{ claim.fees.preservation_fee|money }}元。")
    b.flush("**被申请人财产线索：**")
    kinds = "".join(
        f"{{% {'if' if i == 0 else 'elif'} a.kind == '{k}' %}}{label}" for i, (k, label) in enumerate(_KIND_LABELS)
    ) + "{% endif %}"
    b.table(
        ["序号", "财产类型", "财产描述", "所在地", "估计价值（元）"],
        [
            ["{%tr for a in case.debtor_situation.assets %}"],
            ["{{ loop.index }}", kinds, "{{ a.description }}", "{% if a.location %}{{ a.location }}{% else %}不详{% endif %}",
             "{% if a.estimated_value %}{{ a.estimated_value|money }}{% else %}不详{% endif %}"],
            ["{%tr endfor %}"],
        ],
        [12, 20, 56, 34, 34],
        right=(4,),
    )
    b.blank()
    b.keep("此致")
    b.keep("{{ doc.court }}")
    b.keep("")
    _mt.signature_block(b, "申请人", "doc.creditor")
    b.sign("{{ doc.date|cndate }}")
    return b


BUILDERS = {
    "06_法定代表人身份证明书.docx": legal_rep_certificate,
    "06_授权委托书.docx": power_of_attorney,
    "06_律师事务所函.docx": firm_letter,
    "06_送达地址确认书.docx": service_address,
    "06_财产保全申请书.docx": preservation,
}


def main(argv: list[str]) -> int:
    _mt.write_templates(BUILDERS, Path(argv[1]) if len(argv) > 1 else ROOT / "templates" / "zh")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
