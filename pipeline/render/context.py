"""The template context: the ONLY thing templates see.

``document_context(case, claim, kind=...)`` returns::

    {"case": Case, "claim": Claim, "doc": DocumentView}

- ``case`` — the validated case (pipeline/case/models.py), facts as the user entered them;
- ``claim`` — the computed claim (pipeline/law/claim.py): every amount, rate, date, the route
  and the court;
- ``doc`` — display values derived from the two by the documented helpers below (party
  blocks, the letter number, earlier demands, evidence numbering, the instalment schedule
  from :func:`pipeline.law.instalments.instalment_schedule`). No money is computed here
  except grouping claim items for the waiver, which is a sum of the claim's own items;
  templates format amounts with the ``money``/``words``/``cndate``/``pct`` filters.

The template lint (:mod:`.lint`) builds its schema from these classes' type hints, so a
template can only use what is declared here.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, Mapping

from ..case.ids import id_birth_date, id_gender
from ..case.evidence import form_note
from ..case.labels import CHANNEL_ZH, METHOD_ZH, SHANGHAI, cited_letter
from ..case.models import Case, Guarantor, Organization, Person
from ..law.claim import Claim, ClaimItem
from ..law.instalments import Schedule, instalment_schedule
from ..law.proposal import WAIVE_LABELS, option_for_plan, waived_items_amount
from ..money import figures, percent_text, zh_date
from ..stage.assess import OverdueInstalment
from .engine import cn_number

__all__ = [
    "DocKind",
    "KIND_TITLES",
    "PartyView",
    "GuarantorView",
    "DemandView",
    "EvidenceView",
    "MoneyEvent",
    "RuleGroup",
    "rule_groups",
    "DocumentView",
    "document_context",
    "party_view",
    "letter_number",
    "earlier_demands",
    "evidence_views",
    "enclosures",
    "lending_articles",
    "schedule_for",
    "ComplaintForm",
    "RateLine",
    "complaint_form",
    "form_variant",
    "blank_party",
    "age_on",
    "clause_no",
    "paid_interest_text",
    "convention_text",
    "FILING_KINDS",
]

DocKind = Literal["demand_letter", "lawyer_letter", "instalment_agreement", "payment_order", "complaint", "interest_statement"]

KIND_TITLES: dict[str, str] = {
    "demand_letter": "催款函",
    "lawyer_letter": "律师函",
    "instalment_agreement": "分期还款协议",
    "payment_order": "支付令申请书",
    "complaint": "民事起诉状",
    "interest_statement": "利息计算明细",
    "guarantee_notice": "履行保证责任通知书",
    "amend_claim": "变更诉讼请求申请书",
    "withdrawal": "撤诉申请书",
    "enforcement": "强制执行申请书",
}

#: The documents filed with the court: the annex 利息计算明细 goes with either.
FILING_KINDS = ("payment_order", "complaint", "interest_statement")

_METHOD = METHOD_ZH
# letters say "当面" for a visit and "其他" for any other way
_CHANNEL = {**CHANNEL_ZH, "visit": "当面", "other": "其他"}
_UNIT = {"year": "年", "month": "月", "day": "日"}


@dataclass(frozen=True)
class PartyView:
    """A party as the documents print it. Missing optional facts are empty strings."""

    role: str  # 甲方/乙方/丙方 in the agreement; "" elsewhere
    name: str
    is_person: bool
    gender: str
    birth: str  # 1980年1月1日 or ""
    ethnicity: str
    employer: str
    occupation: str
    phone: str
    email: str
    domicile: str
    residence: str  # 经常居住地
    id_type: str  # 居民身份证 / 统一社会信用代码 / ""
    id_number: str
    registered: str  # organisation: 注册地/登记地 as the case gives it ("" when not given — never guessed)
    org_type: str  # organisation: 要素式 类型
    ownership: str  # organisation: 所有制性质
    representative: str
    representative_title: str
    rep_title_label: str  # 法定代表人
    details: str  # 2016 style text after the name, e.g. 男，1980年1月1日出生，汉族，住……
    service_address: str  # for notices and court service
    position: str = ""  # 职务 at the employer (never the occupation)
    postcode: str = ""
    e_service_address: str = ""  # 电子送达地址 (e-mail, phone or IM account as the case gives it)
    rep_gender: str = ""  # organisation: the representative's sex (given, or read from the ID number)
    rep_birth: date | None = None
    rep_id_number: str = ""
    blank: bool = False  # a 要素式 block kept empty (名称/姓名 “无”)


@dataclass(frozen=True)
class GuarantorView:
    party: PartyView
    is_joint: bool
    type_label: str  # 连带责任保证 / 一般保证
    period_end: date | None
    contract_signed_on: date | None = None
    contract_summary: str = ""  # 主要内容 as the case gives it, else built from the type and period


@dataclass(frozen=True)
class DemandView:
    """An earlier demand for payment from the collection log."""

    date: date
    channel: str
    counterpart: str
    delivered: bool
    # What happened, without the date, e.g. 以短信方式向张某某催告 / 张某某通过微信确认欠款并承诺还款:
    # a debtor's own acknowledgement, promise or instalment request is not printed as a demand.
    action: str = ""
    by_debtor: bool = False  # the debtor (or guarantor) acknowledged, promised or asked for instalments


@dataclass(frozen=True)
class EvidenceView:
    """Evidence numbered as in the bundle: 证据1 … 证据N in the case's order."""

    number: int
    label: str
    title: str
    source: str
    purpose: str
    form_note: str = ""  # 原件 / 复印件 / 电子数据，提交打印件… (pipeline/case/evidence.py)


@dataclass(frozen=True)
class ClaimLine:
    """One claim heading of a pleading: the engine's items of one kind, added up (本金, 借期内利息 …)."""

    label: str
    amount: Decimal


def claim_lines(items: list[ClaimItem]) -> list[ClaimLine]:
    """Pleading headings in the usual order; fees stay one line each under their own names."""
    lines = []
    for kind in ("principal", "term_interest", "overdue_interest", "penalty"):
        group = [it for it in items if it.kind == kind]
        if group:
            lines.append(ClaimLine(group[0].label, sum((it.amount for it in group), Decimal("0.00"))))
    lines += [ClaimLine(it.label, it.amount) for it in items if it.kind in ("fee", "cost")]
    return lines


@dataclass(frozen=True)
class RuleGroup:
    """The annex's legal basis, once per rule: 第1—4项 / 第5、7项 and the rule they share."""

    items: str
    rule: str


def rule_groups(items: list[ClaimItem]) -> list[RuleGroup]:
    """Group the annex rows (numbered from 1 in ``items``' order) by the rule they apply."""
    order: dict[str, list[int]] = {}
    for n, it in enumerate(items, start=1):
        order.setdefault(it.rule, []).append(n)
    out = []
    for rule, nums in order.items():
        runs: list[list[int]] = []
        for n in nums:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        label = "、".join(f"{r[0]}" if len(r) == 1 else f"{r[0]}—{r[-1]}" for r in runs)
        out.append(RuleGroup(f"第{label}项", rule))
    return out


@dataclass(frozen=True)
class FilingView:
    """The court proceeding a document after filing refers to (case.filings, as recorded)."""

    court: str
    case_no: str  # "" until the court gives one
    filed_on: date
    kind: str  # payment_order | lawsuit | enforcement
    kind_title: str  # 申请支付令 / 提起诉讼 (after 向贵院)
    decision_title: str  # 支付令 / 民事判决书 / 民事调解书 ("" before a decision)
    decided_on: date | None
    effective_on: date | None
    amount_claimed: Decimal | None
    amount_awarded: Decimal | None
    paid_since: list["MoneyEvent"]  # repayments on or after the filing day (after the decision for enforcement)
    paid_since_total: Decimal


@dataclass(frozen=True)
class GuaranteeNoticeView:
    """A joint guarantor's 保证期间 as the 履行保证责任通知书 states it."""

    party: "PartyView"
    period_end: date | None
    presumed: bool  # no agreed period: six months from the main debt's due date (民法典第692条第2款)
    contract: str  # 保证合同 or the guarantee clause, as recorded


@dataclass(frozen=True)
class MoneyEvent:
    """A disbursement or a repayment, as entered in the case."""

    date: date
    amount: Decimal
    method: str


@dataclass(frozen=True)
class DocumentView:
    kind: str
    title: str
    date: date  # 落款日期
    deadline: date  # payment deadline in letters
    deadline_days: int
    creditor: PartyView
    self_ref: str  # 本人 / 本公司
    debtors: list[PartyView]
    debtor_names: str
    guarantors: list[GuarantorView]
    defendants: list[PartyView]  # debtors, then the guarantors pursued (complaint)
    pursued_guarantors: bool
    pursued_guarantor_names: str
    guarantee_liability: str
    addressees: str  # lawyer's letter: debtors (借款人) and guarantors (保证人)
    all_parties: list[PartyView]  # agreement: 甲方, 乙方…, 丙方…
    contract: str  # 《借款合同》（编号：…）
    loan_sentence: str
    due_sentence: str
    items: list[ClaimItem]  # claim items still claimed (amount > 0), in the claim's order
    claim_lines: list[ClaimLine]  # items grouped by kind, for the pleadings' claim sentences
    disbursements: list[MoneyEvent]
    repayments: list[MoneyEvent]
    disbursed_text: str
    paid_cash: bool
    paid_transfer: bool
    paid_other: bool
    term_text: str
    rate_text: str
    repayment_method: str
    overdue_since: date | None
    overdue_days: int
    demands: list[DemandView]
    evidence: list[EvidenceView]
    letter_no: str  # 律师函 函号 (firm registry, pipeline/letter_numbers.py)
    court: str
    is_financial: bool
    lending_articles: str  # 第二十五条、第二十八条 (private lending rules actually applied)
    interest_method: str
    until_paid: bool
    until_paid_basis: str
    after_as_of: date
    accelerated: bool
    within_caps: bool  # no cap warning (financial 24 %): letters may say the interest is within the legal limits
    term_interest: Decimal  # sum of the claim's term-interest items still claimed
    overdue_interest: Decimal  # sum of the claim's overdue-interest items still claimed (罚息 for financial loans)
    repaid_principal: Decimal  # from the claim's repayment allocations
    repaid_interest: Decimal
    allocation_text: str  # 按照双方约定抵充 / 按照《中华人民共和国民法典》第五百六十一条规定的顺序抵充
    guarantee_articles: str  # 第六百八十一条、第六百八十八条 (joint) / 第六百八十七条 (general)
    law_basis: str  # the complaint's 请求依据 (same text in both places)
    po_affirmations: list[str]  # payment order: the applicant's statements on each condition
    schedule: Schedule | None
    waive_labels: str
    grace_days: int  # agreement: days an instalment may be late before acceleration (0 = any delay)
    article_offset: int  # agreement: number of the article after 加速到期/保证
    # ---- the claim statement (issue 15): every segment, how repayments and caps reduced it
    statement_items: list[ClaimItem]  # every item but the principal, incl. those repayments absorbed (amount 0.00)
    statement_rules: list[RuleGroup]  # the legal basis of those rows, once per rule
    until_paid_text: str  # claim.until_paid_text when the filing claims it, else ""
    transitional_request: str  # 规定第31条第2款 express request, "" when it does not apply
    cutoff_text: str  # 暂计至2026年3月31日 (complaint) / 计算至2026年3月31日 (payment order: 数额确定)
    paid_interest_text: str  # which interest segments the repayments paid, e.g. 2019年6月19日至…的借期内利息40,000.00元
    costs_claimed: bool  # 实现债权的费用 claimed (complaint element 5)
    costs_text: str  # 律师费5,000.00元（2026年3月1日支出）；…
    filing_title: str  # 支付令申请书 / 民事起诉状 — the document the annex goes with
    applicant_label: str  # 申请人 / 原告
    respondent_label: str  # 被申请人 / 被告
    convention_text: str  # how days and months are counted (民法典第201、202条)
    form: ComplaintForm | None = None  # the 要素式 complaint's values (complaint and filing forms)
    firm_letter_no: str = ""  # 律师事务所函 (所函) 编号, same registry
    enclosures: list[str] = dataclasses.field(default_factory=list)  # 律师函 附件 (evidence copies)
    overdue: OverdueInstalment | None = None  # 催款函 while an agreement stands: only the overdue instalment
    spouse: PartyView | None = None  # 分期还款协议 丁方: the debtor's spouse co-signing (民法典第1064条)
    notarize: bool = False  # 分期还款协议: 赋予强制执行效力的公证 clause
    waiver_any_default: bool = False  # the conditional waiver lapses on any late instalment (else with acceleration)
    default_costs: bool = True  # 实现债权的费用 borne by the debtor on default
    spouse_article: int = 6
    notary_article: int = 6
    filing: FilingView | None = None  # documents after filing: the proceeding they belong to
    guarantee_notices: list[GuaranteeNoticeView] = dataclasses.field(default_factory=list)  # joint guarantors


# ---------------------------------------------------------------- helpers


def party_view(party: Person | Organization, *, role: str = "", service_address: str | None = None) -> PartyView:
    """Display fields and the 2016-style description (民事诉讼法第124条 items).

    Sex and birth date missing from the case are read from the resident ID number (GB 11643 encodes
    both); 职务 is the position held at the employer and is never filled with the occupation.
    """
    if isinstance(party, Person):
        gender = party.gender or (id_gender(party.id_number) if party.id_number else "")
        birth = party.birth_date or (id_birth_date(party.id_number) if party.id_number else None)
        id_type = party.id_type or ("居民身份证" if party.id_number else "")
        id_number = party.id_number if id_type == "居民身份证" else (party.other_id_number or "")
        bits = []
        if gender:
            bits.append(gender)
        if birth:
            bits.append(f"{zh_date(birth)}出生")
        if party.ethnicity:
            bits.append(party.ethnicity)
        # 2016 样式: “写明工作单位和职务或者职业”
        job = "".join(x for x in (party.employer, party.position) if x) if (party.employer or party.position) else (party.occupation or "")
        if job:
            bits.append(job)
        bits.append(f"住{party.domicile}")
        if party.habitual_residence and party.habitual_residence != party.domicile:
            bits.append(f"经常居住地{party.habitual_residence}")
        if id_number:
            bits.append(f"公民身份号码{id_number}" if id_type == "居民身份证" else f"{id_type}号码{id_number}")
        if party.phone:
            bits.append(f"联系电话{party.phone}")
        return PartyView(
            role=role,
            name=party.name,
            is_person=True,
            gender=gender,
            birth=zh_date(birth) if birth else "",
            ethnicity=party.ethnicity or "",
            employer=party.employer or "",
            occupation=party.occupation or "",
            phone=party.phone or "",
            email=party.email or "",
            domicile=party.domicile,
            residence=party.habitual_residence or "",
            id_type=id_type,
            id_number=id_number,
            representative="",
            registered="",
            org_type="",
            ownership="",
            representative_title="",
            rep_title_label="",
            details="，".join(bits),
            service_address=service_address or party.habitual_residence or party.domicile,
            position=party.position or "",
            postcode=party.postcode or "",
            e_service_address=party.e_service_address or party.email or "",
        )
    bits = [f"住所地{party.domicile}"]
    if party.uscc:
        bits.append(f"统一社会信用代码{party.uscc}")
    if party.phone:
        bits.append(f"联系电话{party.phone}")
    return PartyView(
        role=role,
        name=party.name,
        is_person=False,
        gender="",
        birth="",
        ethnicity="",
        employer="",
        occupation="",
        phone=party.phone or "",
        email=party.email or "",
        domicile=party.domicile,
        residence="",
        id_type="统一社会信用代码" if party.uscc else "",
        id_number=party.uscc or "",
        registered=party.registered_address or "",
        org_type=party.org_type or "",
        ownership=party.ownership or "",
        representative=party.representative,
        representative_title=party.representative_title,
        rep_title_label="法定代表人",
        details="，".join(bits),
        service_address=service_address or party.domicile,
        position=party.representative_title,
        postcode=party.postcode or "",
        e_service_address=party.e_service_address or party.email or "",
        rep_gender=party.representative_gender
        or (id_gender(party.representative_id_number) if party.representative_id_number else ""),
        rep_birth=party.representative_birth_date
        or (id_birth_date(party.representative_id_number) if party.representative_id_number else None),
        rep_id_number=party.representative_id_number or "",
    )


def blank_party(is_person: bool) -> PartyView:
    """A 要素式 party block kept in the form with nothing to fill: 姓名/名称 “无”, every box unticked."""
    return PartyView(
        role="", name="无", is_person=is_person, gender="", birth="", ethnicity="", employer="", occupation="",
        phone="", email="", domicile="", residence="", id_type="", id_number="", registered="", org_type="",
        ownership="", representative="", representative_title="", rep_title_label="", details="",
        service_address="", blank=True,
    )


def age_on(birth: date | None, day: date) -> int | None:
    """Full years of age on ``day`` (民法典第200–201条 counting: the birthday completes the year)."""
    if birth is None:
        return None
    years = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return years


def _guarantor_view(g: Guarantor) -> GuarantorView:
    joint = g.guarantee_type == "joint"
    label = "连带责任保证" if joint else "一般保证"
    summary = g.contract_summary or (
        f"{g.party.name}提供{label}" + (f"，保证期间至{zh_date(g.guarantee_period_end)}" if g.guarantee_period_end else "")
    )
    return GuarantorView(party_view(g.party), joint, label, g.guarantee_period_end, g.contract_signed_on, summary)


def letter_number(case: Case, numbers: Mapping[str, str] | None = None, kind: str = "lawyer_letter") -> str:
    """The 函号 of the case's letter ``kind`` (lawyer_letter, firm_letter); "" without a lawyer.

    ``numbers`` — what :func:`pipeline.letter_numbers.assign` allocated in the firm's registry
    (the build always passes it). Without it (a direct API call) the number is the configured
    start ``letter_prefix`` + ``letter_serial`` — not unique across letters; use the registry.
    """
    if case.lawyer is None:
        return ""
    if numbers and kind in numbers:
        return numbers[kind]
    from ..letter_numbers import format_number

    return format_number(case.lawyer.letter_prefix, case.lawyer.letter_serial or 1)


_DEMAND_OUTCOMES = {"reached", "promise", "dispute", "refused", "acknowledged", "instalment_agreed", "written_only"}


_SENT_TITLES = {"demand_letter": "催款函", "lawyer_letter": "律师函", "acceleration_notice": "提前到期通知",
                "guarantee_notice": "履行保证责任通知书"}


def earlier_demands(case: Case) -> list[DemandView]:
    """Demands made to the debtor or a guarantor that reached them (delivered, or answered).

    These are what interrupt limitation (民法典第195条; 诉讼时效规定第8条); contacts with third
    parties are never listed.
    """
    out = []
    for c in sorted(case.collection_log, key=lambda c: c.at):
        if c.relation not in ("debtor", "guarantor"):
            continue
        if not (c.delivered or c.outcome in _DEMAND_OUTCOMES):
            continue
        day = c.at.astimezone(SHANGHAI).date()
        channel = _CHANNEL[c.channel]
        by_debtor = c.outcome in ("acknowledged", "promise", "instalment_agreed")
        if c.outcome == "acknowledged":
            action = f"{c.counterpart}通过{channel}确认尚欠借款"
        elif c.outcome == "promise":
            action = f"{c.counterpart}通过{channel}承诺还款" + (f"（承诺于{zh_date(c.promised_date)}前还款）" if c.promised_date else "")
        elif c.outcome == "instalment_agreed":
            action = f"{c.counterpart}通过{channel}承认欠款并提出分期还款"
        elif c.outcome == "dispute":
            action = f"以{channel}方式与{c.counterpart}协商还款"
        elif c.sent_document in _SENT_TITLES and c.delivered:
            action = f"以{channel}方式向{c.counterpart}送达{cited_letter(_SENT_TITLES[c.sent_document], c.letter_no)}催告还款"
        else:
            action = f"以{channel}方式向{c.counterpart}催告还款"
        out.append(DemandView(day, channel, c.counterpart, c.delivered, action, by_debtor))
    return out


def enclosures(case: Case) -> list[str]:
    """律师函 附件: copies of the loan documents the letter relies on (law-procedure.md §4(c) item 10).

    The evidence items that prove the loan and the money (the contract or IOU, the transfer
    records), as 证据N's titles, each "复印件"; identity papers and collection records are not
    sent to the debtor. None when the case lists no such evidence.
    """
    keep = ("合同", "借条", "欠条", "借据", "协议", "转账", "凭证", "回单", "流水", "收据", "放款")
    # collection records (earlier letters, messages, calls) are the creditor's evidence, not enclosures
    skip = ("催款", "催收", "律师函", "通知书", "邮寄", "聊天", "录音", "短信", "身份证", "营业执照", "许可证")
    out = []
    for e in case.evidence:
        if e.identity_document or any(k in e.title for k in skip):
            continue
        if any(k in e.title for k in keep):
            out.append(f"{e.title}复印件")
    return out


def evidence_views(case: Case) -> list[EvidenceView]:
    """证据1…N in the case's order — the same numbers and titles as the evidence bundle."""
    return [
        EvidenceView(i, f"证据{i}", e.title, e.source, e.purpose, form_note(e)) for i, e in enumerate(case.evidence, start=1)
    ]


_ARTICLE_RE = re.compile(r"民间借贷规定》?第(\d+)条")


def lending_articles(claim: Claim) -> str:
    """The 民间借贷规定 articles the claim's items actually applied, e.g. 第二十五条、第二十八条."""
    if claim.regime != "private_lending":
        return ""
    nums = sorted({int(n) for it in claim.items for n in _ARTICLE_RE.findall(it.rule)})
    return "、".join(f"第{cn_number(n)}条" for n in nums)


def _agreed_waiver(case: Case, claim: Claim, plan: int | None) -> tuple[str, ...]:
    """What the agreement waives on condition: the negotiated terms, else the chosen plan's."""
    if case.instalment_terms is not None:
        return tuple(case.instalment_terms.waive)
    if plan is not None:
        return option_for_plan(case, claim, plan).waived_items
    return ()


def schedule_for(case: Case, claim: Claim, plan: int | None = None) -> Schedule | None:
    """The agreement's schedule: total after the conditional waiver, capped at the claim total.

    The case's negotiated ``instalment_terms`` win; without them, ``plan`` (``--plan N``) picks
    option N of :func:`pipeline.law.proposal.repayment_proposal`; neither → None.
    Raises :class:`pipeline.law.instalments.ScheduleError` (Chinese) when the engine refuses, and
    :class:`pipeline.law.proposal.ProposalError` (Chinese) for an unknown plan number.
    """
    terms = case.instalment_terms
    if terms is None:
        if plan is None:
            return None
        return option_for_plan(case, claim, plan).schedule
    waived = waived_items_amount(claim, terms.waive)
    return instalment_schedule(
        claim.totals.total - waived,
        count=terms.count,
        first_due=terms.first_due_date,
        interval_months=terms.interval_months,
        waived=waived,
        cap_total=claim.totals.total,
    )


def _names(parties: list[PartyView]) -> str:
    return "、".join(p.name for p in parties)


_UNILATERAL = {"借条", "欠条", "借据", "收据", "欠据"}


def _loan_sentences(case: Case, creditor: str, debtors: str) -> tuple[str, str]:
    loan = case.loan
    contract = f"《{loan.contract_name}》"
    signed = f"于{zh_date(loan.signed_on)}" if loan.signed_on else ""
    if loan.contract_name.strip("《》") in _UNILATERAL:
        # An IOU is issued by the borrower alone, not "signed" by both parties.
        parts = [f"{debtors}{signed}向{creditor}出具{contract}，载明{debtors}向{creditor}借款人民币{figures(loan.face_principal)}元"]
    else:
        parts = [f"{creditor}与{debtors}{signed}签订{contract}，约定{debtors}向{creditor}借款人民币{figures(loan.face_principal)}元"]
    if loan.interest.kind == "agreed" and loan.interest.rate is not None:
        parts[0] += f"，{_UNIT[loan.interest.unit]}利率{percent_text(loan.interest.rate)}"
    parts[0] += "。"
    given = "；".join(
        f"{zh_date(d.date)}通过{_METHOD[d.method]}出借{figures(d.amount)}元" for d in loan.disbursements
    )
    parts.append(f"{creditor}已于{given}。" if len(loan.disbursements) == 1 else f"{creditor}已分{len(loan.disbursements)}笔出借：{given}。")
    if loan.due_date and not loan.instalments:
        due = f"约定借款到期日为{zh_date(loan.due_date)}。"
    elif loan.instalments:
        due = f"约定分{len(loan.instalments)}期还款，最后一期还款日为{zh_date(loan.instalments[-1].due_date)}。"
    else:
        due = ""
    if case.procedure.acceleration_date:
        due += f"因借款人未按约还款，{creditor}已于{zh_date(case.procedure.acceleration_date)}宣布借款提前到期。"
    return "".join(parts), due


def _rate_text(case: Case) -> str:
    it = case.loan.interest
    if it.kind == "agreed" and it.rate is not None:
        text = f"利率{percent_text(it.rate)}/{_UNIT[it.unit]}（合同约定）"
    elif it.kind == "none":
        text = "未约定借期内利息"
    else:
        text = "借期内利息约定不明"
    ov = case.loan.overdue_interest
    if ov.kind == "agreed" and ov.rate is not None:
        text += f"；逾期利率{percent_text(ov.rate)}/{_UNIT[ov.unit]}（合同约定）"
    else:
        text += "；未约定逾期利率"
    p = case.loan.penalty
    if p is not None:
        if p.kind == "rate" and p.rate is not None:
            text += f"；违约金{percent_text(p.rate)}/{_UNIT[p.unit]}"
        elif p.amount is not None:
            text += f"；违约金{figures(p.amount)}元"
    return text




def _guarantee_articles(guarantors: list[GuarantorView]) -> str:
    """民法典第681条 plus 第687条 (一般保证) and/or 第688条 (连带责任保证), as the guarantees are."""
    arts = ["第六百八十一条"]
    if any(not g.is_joint for g in guarantors):
        arts.append("第六百八十七条")
    if any(g.is_joint for g in guarantors):
        arts.append("第六百八十八条")
    return "、".join(arts)


def _law_basis(case: Case, claim: Claim, pursued: list[GuarantorView]) -> str:
    """The complaint's 请求依据: contract and the articles actually relied on."""
    contract = f"《{case.loan.contract_name}》" + (f"（编号：{case.loan.contract_no}）" if case.loan.contract_no else "")
    text = f"合同约定：{contract}；法律规定：《中华人民共和国民法典》第五百七十七条、第五百七十九条、第六百七十五条、第六百七十六条"
    if pursued:
        text += "、" + _guarantee_articles(pursued)
    arts = lending_articles(claim)
    if arts:
        text += f"，《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》{arts}"
    return text


def _seat(case: Case) -> str:
    """住所地, or 经常居住地 when a natural-person debtor lives elsewhere (民事诉讼法第22条第1款)."""
    d = case.debtors[0]
    residence = getattr(d, "habitual_residence", None)
    return "经常居住地" if residence and residence != d.domicile else "住所地"


def _po_affirmations(case: Case, claim: Claim) -> list[str]:
    """The applicant's own statements that each payment-order condition holds (民事诉讼法第225条; 民诉法解释第427、428条).

    Only rendered on the payment-order route, which the engine chooses only when every condition holds.
    """
    p = case.procedure
    accel = p.acceleration_date if p.acceleration_date is not None and p.acceleration_date <= claim.as_of else None
    due = (f"借款已于{zh_date(accel)}宣布提前到期，" if accel else "") + "全部借款本金均已到期"
    out = [
        f"申请人请求被申请人给付的是金钱，{due}，各项金额均计算至{zh_date(claim.as_of)}，数额确定"
        "（《中华人民共和国民事诉讼法》第二百二十五条；《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
        "（以下简称《民诉法解释》）第四百二十七条第一款第（一）（二）项）",
        "申请人已依约交付借款，对被申请人不负对待给付义务（《民诉法解释》第四百二十七条第一款第（三）项）",
        "申请人与被申请人之间没有其他债务纠纷（《中华人民共和国民事诉讼法》第二百二十五条第一款第（一）项）",
        "被申请人在中国大陆境内，住址明确，支付令能够送达（《中华人民共和国民事诉讼法》第二百二十五条第一款第（二）项；"
        "《民诉法解释》第四百二十七条第一款第（四）（五）项）",
        f"贵院系被申请人{_seat(case)}基层人民法院，对本案有管辖权（《民诉法解释》第二十三条、第四百二十七条第一款第（六）项）",
        "申请人未申请诉前保全（《民诉法解释》第四百二十七条第一款第（七）项）",
    ]
    claimed_interest = claim.totals.interest + claim.totals.penalty
    if claimed_interest > 0:
        out.append("申请人主张的利息、违约金均有借款合同的明确约定（《民诉法解释》第四百二十八条第一款第（二）项）")
    else:
        out.append("申请人本次仅主张借款本金，未主张利息、违约金（《民诉法解释》第四百二十八条第一款第（二）项）")
    return out


# ---------------------------------------------------------------- the 要素式 complaint (法〔2025〕82号)

FormVariant = Literal["private_lending", "financial", "card"]


def form_variant(case: Case, claim: Claim) -> FormVariant:
    """Which 法〔2025〕82号 form the complaint follows: 信用卡纠纷 for a card issuer, 金融借款合同纠纷 for
    the other licensed lenders (小额借款合同纠纷 has no form of its own and uses this one), else 民间借贷纠纷."""
    if case.lender_category == "card_issuer":
        return "card"
    return "financial" if claim.regime == "financial" else "private_lending"


def clause_no(text: str | None) -> str:
    """第三条 / 3 / 第3条 → 三 / 3 (the form prints “第__条” itself); "" when the case does not say."""
    if not text:
        return ""
    t = text.strip()
    if t.startswith("第"):
        t = t[1:]
    if t.endswith("条"):
        t = t[:-1]
    return t


def _clause_order(no: str) -> tuple[int, str]:
    """Sort key of a clause number: 三 → 3, 十五 → 15, 3 → 3 (unknown forms last, as written)."""
    if no.isdigit():
        return int(no), no
    digits = "零一二三四五六七八九"
    if no and all(c in digits + "十百" for c in no):
        total, cur = 0, 0
        for ch in no:
            if ch in digits:
                cur = digits.index(ch)
            else:
                total += (cur or 1) * (10 if ch == "十" else 100)
                cur = 0
        return total + cur, no
    return 10**6, no


@dataclass(frozen=True)
class RateLine:
    """One 借款利率 line of the form: ticked when the contract agrees it, with its clause."""

    agreed: bool
    number: str  # "10" (percent number, printed before “%”)
    unit: str  # 年 / 月 / 日
    clause: str  # “第{clause}条”; "" = not given


@dataclass(frozen=True)
class ComplaintForm:
    """The values of the 要素式 民事起诉状; the form's fixed wording lives in the template."""

    variant: str  # private_lending | financial | card
    plaintiff_persons: list[PartyView]  # every block of the form is kept: a role without a party of
    plaintiff_orgs: list[PartyView]  # that kind gets one blank block (名称/姓名 “无”)
    defendant_persons: list[PartyView]
    defendant_orgs: list[PartyView]
    third_persons: list[PartyView]
    third_orgs: list[PartyView]
    has_agent: bool
    agent_name: str
    agent_unit: str
    agent_position: str
    agent_phone: str
    agent_general: bool
    agent_special: bool
    compound_interest: Decimal  # 复利 claimed (the engine computes none)
    penalty_interest: Decimal  # 罚息（违约金）: overdue interest + penalty still claimed
    other_claims: str  # 7. 其他请求 ("无" when none)
    enforcement_costs: bool  # 5. 是否主张实现债权的费用
    jurisdiction_agreed: bool
    jurisdiction_text: str  # 合同条款及内容
    preserved: bool  # 诉前保全
    preservation_court: str
    preservation_date: date | None
    preservation_case_no: str
    contract_text: str  # 1. 合同签订情况
    face_principal: Decimal
    paid_other_text: str  # 提供方式 其他：……
    is_due: bool
    term_start: date
    term_end: date | None
    rate: RateLine
    overdue_markup: RateLine  # 逾期上浮 (financial form)
    compound: RateLine  # 复利
    penalty_rate: RateLine  # 罚息（违约金）: the overdue annual rate, else the penalty rate
    penalty_note: str  # a penalty agreed besides the overdue rate (e.g. 违约金0.05%/日)
    repayment_code: str  # equal_instalment … other
    repayment_other: str
    interest_paid_until: date | None
    is_overdue: bool
    guarantee_content: str  # 4. 是否主张担保权利 内容
    guarantee_general: bool  # 保证方式 boxes (金融借款/信用卡 forms), over all guarantors
    guarantee_joint: bool
    law_contract: str  # 请求依据 合同约定
    law_statute: str  # 请求依据 法律规定
    other_matters: str  # 其他需要说明的内容
    evidence_summary: str  # 证据清单（可另附页）
    knows_mediation: bool | None
    knows_benefits: list[bool | None]  # five items
    consider_mediation: str  # yes / no / unsure / ""
    # 信用卡纠纷
    card_text: str  # 1. 信用卡办理情况
    card_overdraft: str  # 透支金额
    card_fee_terms: str
    card_liability: str
    card_termination: str
    card_notice: bool | None
    card_notice_detail: str
    repaid_after_default: Decimal  # 4. 被告逾期部分已还金额
    late_fee: Decimal  # 滞纳金
    handling_fee: Decimal  # 手续费
    card_interest_total: Decimal  # 利息、罚息、复利、滞纳金、违约金、手续费等共计
    rep_age: int | None = None  # the creditor's legal representative's age on the document date (法定代表人身份证明书)


_REPAY_DEFAULT_OTHER = {"bullet_no_interest": "到期一次性还本"}


def _rate_number(rate: Decimal) -> str:
    return percent_text(rate)[:-1]


def _repayment(case: Case) -> tuple[str, str]:
    """The 还款方式 box: the case's own choice, else derived (never 到期一次性还本付息 without interest)."""
    loan = case.loan
    if loan.repayment_method is not None:
        return loan.repayment_method, loan.repayment_method_other or ""
    if loan.instalments:
        return "other", loan.repayment_method_other or f"分{len(loan.instalments)}期还本"
    if loan.interest.kind == "agreed":
        return "bullet", ""
    return "other", loan.repayment_method_other or "到期一次性还本（未约定利息）"


def complaint_form(
    case: Case,
    claim: Claim,
    *,
    creditor: PartyView,
    debtors: list[PartyView],
    pursued: list[GuarantorView],
    items: list[ClaimItem],
    demands: list[DemandView],
    evidence: list[EvidenceView],
) -> ComplaintForm:
    """The 要素式 form's values from the case and the engine's claim (no amount is computed here
    beyond grouping the engine's items)."""
    loan = case.loan
    cl = loan.clauses
    defendants = debtors + [g.party for g in pursued]

    def persons(views: list[PartyView], want: bool) -> list[PartyView]:
        chosen = [v for v in views if v.is_person == want]
        return chosen or [blank_party(want)]

    lw = case.lawyer
    special = lw is not None and lw.authority == "special" and bool(lw.special_powers)
    fee_items = [it for it in items if it.kind == "fee"]
    late_fee = sum((it.amount for it in fee_items if "滞纳金" in it.label), Decimal("0.00"))
    handling_fee = sum((it.amount for it in fee_items if "手续费" in it.label), Decimal("0.00"))
    variant = form_variant(case, claim)
    other = []
    if variant == "private_lending" and claim.totals.penalty:
        other.append(f"违约金{figures(claim.totals.penalty)}元")
    for it in fee_items:
        if variant == "card" and ("滞纳金" in it.label or "手续费" in it.label):
            continue
        other.append(f"{it.label}{figures(it.amount)}元")
    clause = loan.jurisdiction_clause
    jur_ref = (cl.jurisdiction if cl and cl.jurisdiction else None) or (clause.clause_ref if clause else None)
    contract_bits = [f"《{loan.contract_name}》"]
    if loan.contract_no:
        contract_bits.append(f"编号{loan.contract_no}")
    if loan.signed_on:
        contract_bits.append(f"签订时间{zh_date(loan.signed_on)}")
    if loan.signed_place:
        contract_bits.append(f"签订地点{loan.signed_place}")
    methods = {d.method for d in loan.disbursements}
    it_ = loan.interest
    ov = loan.overdue_interest
    pen = loan.penalty
    rate = RateLine(it_.kind == "agreed" and it_.rate is not None,
                    _rate_number(it_.rate) if it_.rate is not None else "", _UNIT[it_.unit], clause_no(cl.rate if cl else None))
    markup = RateLine(ov.markup_percent is not None, _rate_number(ov.markup_percent) if ov.markup_percent is not None else "",
                      "年", clause_no(cl.overdue_rate if cl else None) if ov.markup_percent is not None else "")
    compound = RateLine(bool(cl and cl.compound_interest), "", "年", clause_no(cl.compound_interest if cl else None))
    pen_note = ""
    if ov.kind == "agreed" and ov.rate is not None:
        penalty_rate = RateLine(True, _rate_number(ov.rate), _UNIT[ov.unit], clause_no(cl.overdue_rate if cl else None))
        if pen is not None:
            what = f"{percent_text(pen.rate)}/{_UNIT[pen.unit]}" if pen.kind == "rate" and pen.rate is not None else (
                f"{figures(pen.amount)}元" if pen.amount is not None else "")
            ref = clause_no(cl.penalty if cl else None)
            pen_note = f"另约定违约金{what}" + (f"（合同条款：第{ref}条）" if ref else "")
    elif pen is not None and pen.kind == "rate" and pen.rate is not None:
        penalty_rate = RateLine(True, _rate_number(pen.rate), _UNIT[pen.unit], clause_no(cl.penalty if cl else None))
    elif pen is not None and pen.amount is not None:
        penalty_rate = RateLine(False, "", "年", "")
        ref = clause_no(cl.penalty if cl else None)
        pen_note = f"约定违约金{figures(pen.amount)}元" + (f"（合同条款：第{ref}条）" if ref else "")
    else:
        penalty_rate = RateLine(False, "", "年", "")
    code, other_text = _repayment(case)
    end = loan.due_date or (loan.instalments[-1].due_date if loan.instalments else None)
    accel = case.procedure.acceleration_date
    is_due = (end is not None and end <= claim.as_of) or (accel is not None and accel <= claim.as_of)
    contract_ref = f"《{loan.contract_name}》" + (f"（编号：{loan.contract_no}）" if loan.contract_no else "")
    law_contract = contract_ref
    if cl is not None:
        refs = [(label, clause_no(v)) for label, v in (
            ("利率", cl.rate), ("逾期利率", cl.overdue_rate), ("复利", cl.compound_interest), ("违约金", cl.penalty),
            ("提前到期", cl.acceleration), ("还款方式", cl.repayment), ("担保", cl.guarantee)) if v]
        if refs:
            nums = sorted(dict.fromkeys(n for _, n in refs), key=_clause_order)
            law_contract += "第" + "、".join(nums) + "条"
    law_statute = "《中华人民共和国民法典》第五百七十七条、第五百七十九条、第六百七十五条、第六百七十六条"
    if pursued:
        law_statute += "、" + _guarantee_articles(pursued)
    arts = lending_articles(claim)
    if arts:
        law_statute += f"，《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》{arts}"
    matters = "；".join(f"{zh_date(d.date)}，{d.action}" for d in demands)
    matters = (matters + "。被告至今未清偿。") if matters else "无"
    ev = "；".join(f"{e.label}：{e.title}" for e in evidence)
    ev = (ev + "（证据来源、证明目的及页码见证据目录）") if ev else "无"
    med = case.procedure.mediation
    benefits: list[bool | None] = list(med.knows_benefits) if med and med.knows_benefits else [None] * 5
    card = loan.card
    card_bits = []
    if card is not None:
        if card.card_number:
            card_bits.append(f"卡号{card.card_number}")
        card_bits.append(f"登记权利人{card.holder or (debtors[0].name if debtors else '')}")
        if card.issued_on:
            card_bits.append(f"办卡时间{zh_date(card.issued_on)}")
        if card.issuing_branch:
            card_bits.append(f"办卡行{card.issuing_branch}")
    overdue_since = None
    for it in claim.items:
        if it.kind == "overdue_interest" and it.start and (overdue_since is None or it.start < overdue_since):
            overdue_since = it.start
    repaid_after = sum((r.amount for r in case.repayments if overdue_since and r.date >= overdue_since), Decimal("0.00"))
    term_interest = sum((it.amount for it in items if it.kind == "term_interest"), Decimal("0.00"))
    overdue_interest = sum((it.amount for it in items if it.kind == "overdue_interest"), Decimal("0.00"))
    return ComplaintForm(
        variant=variant,
        plaintiff_persons=persons([creditor], True),
        plaintiff_orgs=persons([creditor], False),
        defendant_persons=persons(defendants, True),
        defendant_orgs=persons(defendants, False),
        third_persons=[blank_party(True)],
        third_orgs=[blank_party(False)],
        has_agent=lw is not None,
        agent_name=lw.lawyer_name if lw else "",
        agent_unit=lw.firm_name if lw else "",
        agent_position=(lw.position or "律师") if lw else "",
        agent_phone=(lw.lawyer_phone or lw.firm_phone) if lw else "",
        agent_general=lw is not None and not special,
        agent_special=special,
        compound_interest=Decimal("0.00"),
        penalty_interest=overdue_interest + claim.totals.penalty,
        other_claims="；".join(other) or "无",
        enforcement_costs=any(it.kind == "cost" and it.amount > 0 for it in claim.items),  # 民法典第561条 costs claimed
        jurisdiction_agreed=clause is not None,
        jurisdiction_text=((f"第{clause_no(jur_ref)}条：" if jur_ref else "") + clause.text) if clause else "",
        preserved=case.procedure.pre_action_preservation,
        preservation_court=case.procedure.pre_action_preservation_court or "",
        preservation_date=case.procedure.pre_action_preservation_date,
        preservation_case_no=case.procedure.pre_action_preservation_case_no or "",
        contract_text="，".join(contract_bits),
        face_principal=loan.face_principal,
        paid_other_text="、".join(dict.fromkeys(METHOD_ZH[m] for m in methods if m == "other")),
        is_due=is_due,
        term_start=loan.term_start or loan.disbursements[0].date,
        term_end=end,
        rate=rate,
        overdue_markup=markup,
        compound=compound,
        penalty_rate=penalty_rate,
        penalty_note=pen_note,
        repayment_code=code,
        repayment_other=other_text,
        interest_paid_until=loan.interest_paid_until,
        is_overdue=overdue_since is not None or is_due,
        guarantee_content="、".join(g.party.name for g in pursued) + ("对上述债务承担连带清偿责任" if all(g.is_joint for g in pursued)
                                                                       else "对上述债务承担保证责任") if pursued else "",
        guarantee_general=any(g.guarantee_type != "joint" for g in case.guarantors),
        guarantee_joint=any(g.guarantee_type == "joint" for g in case.guarantors),
        law_contract=law_contract,
        law_statute=law_statute,
        other_matters=matters,
        evidence_summary=ev,
        knows_mediation=med.knows_mediation if med else None,
        knows_benefits=benefits,
        consider_mediation=(med.consider_pre_mediation or "") if med else "",
        card_text="，".join(card_bits),
        card_overdraft=f"{figures(claim.delivered)}元" if card is not None else "",
        card_fee_terms=(card.fee_terms or "") if card else "",
        card_liability=(card.liability_terms or "") if card else "",
        card_termination=(card.termination_terms or "") if card else "",
        card_notice=card.notice_given if card else None,
        card_notice_detail=(card.notice_detail or "") if card else "",
        repaid_after_default=repaid_after,
        late_fee=late_fee,
        handling_fee=handling_fee,
        card_interest_total=term_interest + overdue_interest + claim.totals.penalty + late_fee + handling_fee,
        rep_age=age_on(creditor.rep_birth, case.signing_date),
    )
def _interest_method(claim: Claim, kind: str) -> str:
    """The 计算方式 of the pleadings: the claim's full working (the 规定第31条 request, every interest
    segment, those repayments absorbed included), pointing to the annex in the filing documents."""
    text = claim.calculation_text or "无"
    if kind in ("payment_order", "complaint") and claim.calculation_text:
        segments = [it for it in claim.items if it.kind in ("term_interest", "overdue_interest") and it.annual_rate is not None]
        if kind == "complaint" and len(segments) > _METHOD_SEGMENTS:
            return _method_summary(claim, segments)
        text += "（详见所附《利息计算明细》）"
    return text


# The complaint's 计算方式 is one table cell: beyond this many segments the full working would run over
# a page, so the cell sums up by kind and rate and the annex (filed with it) carries every segment.
_METHOD_SEGMENTS = 4


def _method_summary(claim: Claim, segments: list[ClaimItem]) -> str:
    groups: dict[tuple[str, Decimal], list[ClaimItem]] = {}
    for it in segments:
        groups.setdefault((it.label, it.annual_rate), []).append(it)  # type: ignore[arg-type]
    parts = []
    for (label, rate), its in groups.items():
        first = min(it.start for it in its if it.start)
        last = max(it.end for it in its if it.end)
        paid = sum((it.paid for it in its), Decimal("0.00"))
        cut = sum((it.reduced_by for it in its), Decimal("0.00"))
        line = (f"{label}按年利率{percent_text(rate)}计算（{len(its)}段，{zh_date(first)}至{zh_date(last)}），"
                f"计{figures(sum((it.accrued for it in its), Decimal('0.00')))}元")
        agreed = sorted({it.agreed_rate for it in its if it.agreed_rate is not None})
        over = sum((it.agreed_amount - it.accrued for it in its if it.agreed_amount is not None), Decimal("0.00"))
        if agreed and over > 0:
            rates = "、".join(f"年利率{percent_text(a)}" for a in agreed)
            line += f"（约定{rates}，超过年利率{percent_text(rate)}的部分{figures(over)}元不予主张）"
        if paid:
            line += f"，已由还款冲抵{figures(paid)}元"
        if cut:
            line += f"，调减{figures(cut)}元"
        line += f"，尚欠{figures(sum((it.amount for it in its), Decimal('0.00')))}元"
        parts.append(line)
    prefix = f"{claim.transitional_request}；" if claim.transitional_request else ""
    return prefix + "；".join(parts) + "；各段基数、起止日期、天数及还款冲抵情况详见所附《利息计算明细》"


def paid_interest_text(claim: Claim) -> str:
    """The interest segments repayments paid, e.g. 2019年6月19日至2020年6月17日的借期内利息40,000.00元（已全部冲抵）."""
    out = []
    for it in claim.items:
        if it.kind not in ("term_interest", "overdue_interest") or not it.paid or it.start is None or it.end is None:
            continue
        whole = "已全部冲抵" if it.amount == 0 else f"其中冲抵{figures(it.paid)}元，尚欠{figures(it.amount)}元"
        out.append(f"{zh_date(it.start)}至{zh_date(it.end)}的{it.label}{figures(it.accrued)}元（{whole}）")
    return "、".join(out)


def convention_text(case: Case) -> str:
    """How the periods are counted, for the annex (民法典第201条、第202条; settings)."""
    basis = case.settings.day_count_basis
    text = (
        "计息期间自出借（借期起算、还款、到期等）之日的次日起算，计至下一事件之日（含当日），开始的当日不计入（《中华人民共和国民法典》第二百零一条），"
        "各段首尾相接，不重复、不遗漏；"
    )
    if case.settings.interest_convention == "monthly":
        text += (
            f"按月计息：整月按对应日计算（第二百零二条），按年利率÷12计息，不足一个月的天数按年利率÷{basis}计息；违约金按日计算"
        )
    else:
        text += f"按日计息：日利率＝年利率÷{basis}"
    return text + "；单利，各项金额分别四舍五入至分"


# ---------------------------------------------------------------- the context


def payment_deadline(day: date, days: int) -> date:
    """The last day to pay a letter gives: ``days`` after it, moved past rest days (民法典第二百零三条)."""
    from ..law.calendar import default_calendar

    return default_calendar().roll_forward(day + timedelta(days=days))[0]


def document_context(
    case: Case, claim: Claim, *, kind: str, plan: int | None = None, letter_numbers: Mapping[str, str] | None = None,
    deadline: date | None = None, overdue: OverdueInstalment | None = None,
) -> dict[str, Any]:
    """``{"case", "claim", "doc"}`` for one document kind (see :data:`KIND_TITLES`).

    ``overdue`` (pipeline/stage, stage 分期逾期（宽限期内）): the 催款函 asks only for the overdue
    instalment of the signed agreement, with the grace period's last day as its deadline.

    ``plan`` (``--plan N``): the proposal option the instalment agreement uses when the case has
    no negotiated ``instalment_terms``. ``letter_numbers``: kind → 函号 from the firm's registry
    (:func:`pipeline.letter_numbers.assign`)."""
    if kind not in KIND_TITLES:
        raise ValueError(f"未知的文书类型：{kind}（应为 {'、'.join(KIND_TITLES)} 之一）")
    debtor_addr = None
    if case.loan.service_address_clause and case.loan.service_address_clause.debtor_address:
        debtor_addr = case.loan.service_address_clause.debtor_address
    creditor = party_view(case.creditor)
    debtors = [party_view(d, service_address=debtor_addr) for d in case.debtors]
    guarantors = [_guarantor_view(g) for g in case.guarantors]
    pursued = [g for g in guarantors] if (case.procedure.pursue_guarantors and kind == "complaint") else []
    signing = case.signing_date
    days = case.settings.payment_deadline_days
    debtor_names = _names(debtors)
    loan_sentence, due_sentence = _loan_sentences(case, creditor.name, debtor_names)
    methods = {d.method for d in case.loan.disbursements}
    items = [it for it in claim.items if it.amount > 0]
    overdue_items = [it for it in claim.items if it.kind == "overdue_interest" and it.start]
    until_paid_basis = "；".join(
        (f"以{figures(u.base)}元为基数、按一年期贷款市场报价利率" if u.floating_lpr else f"以{figures(u.base)}元为基数、年利率{percent_text(u.annual_rate)}")
        for u in claim.until_paid
    )
    if overdue_items:
        overdue_since: date | None = min(it.start for it in overdue_items if it.start)
    else:
        last_due = case.loan.due_date or (case.loan.instalments[-1].due_date if case.loan.instalments else None)
        overdue_since = last_due + timedelta(days=1) if last_due else None
    overdue_days = (claim.as_of - overdue_since).days + 1 if overdue_since and overdue_since <= claim.as_of else 0
    loan = case.loan
    start = loan.term_start or loan.disbursements[0].date
    end = loan.due_date or (loan.instalments[-1].due_date if loan.instalments else None)
    term_text = f"自{zh_date(start)}起至{zh_date(end)}止" if end else f"自{zh_date(start)}起，未约定还款期限"
    if loan.instalments:
        repayment_method = f"分期还款（共{len(loan.instalments)}期）"
    elif loan.interest.kind == "agreed":
        repayment_method = "到期一次性还本付息"
    else:
        repayment_method = "到期一次性还本"
    all_joint = all(g.is_joint for g in pursued)
    terms = case.instalment_terms
    po = claim.procedure.kind == "payment_order"
    schedule = schedule_for(case, claim, plan) if kind == "instalment_agreement" else None
    waive = _agreed_waiver(case, claim, plan) if kind == "instalment_agreement" else ()
    view = DocumentView(
        kind=kind,
        title=KIND_TITLES[kind],
        date=signing,
        deadline=deadline or payment_deadline(signing, days),
        deadline_days=days,
        creditor=creditor,
        self_ref="本人" if creditor.is_person else "本公司",
        debtors=debtors,
        debtor_names=debtor_names,
        guarantors=guarantors,
        defendants=debtors + [g.party for g in pursued],
        pursued_guarantors=bool(pursued),
        pursued_guarantor_names=_names([g.party for g in pursued]),
        guarantee_liability="连带清偿责任" if all_joint else "保证责任（一般保证人在债务人财产依法强制执行后仍不能履行的部分承担责任）",
        addressees="、".join([f"{d.name}（借款人）" for d in debtors] + [f"{g.party.name}（保证人）" for g in guarantors]),
        all_parties=[dataclasses.replace(creditor, role="甲方")]
        + [dataclasses.replace(d, role="乙方") for d in debtors]
        + [dataclasses.replace(g.party, role="丙方") for g in guarantors]
        + ([dataclasses.replace(party_view(terms.spouse), role="丁方")] if terms and terms.spouse else []),
        contract=f"《{loan.contract_name}》" + (f"（编号：{loan.contract_no}）" if loan.contract_no else ""),
        loan_sentence=loan_sentence,
        due_sentence=due_sentence,
        items=items,
        claim_lines=claim_lines(items),
        disbursements=[MoneyEvent(d.date, d.amount, _METHOD[d.method]) for d in loan.disbursements],
        repayments=[MoneyEvent(r.date, r.amount, "") for r in case.repayments],
        disbursed_text=f"{figures(claim.delivered)}元",
        paid_cash="cash" in methods,
        paid_transfer=bool(methods & {"bank_transfer", "alipay", "wechat"}),
        paid_other="other" in methods,
        term_text=term_text,
        rate_text=_rate_text(case),
        repayment_method=repayment_method,
        overdue_since=overdue_since,
        overdue_days=overdue_days,
        demands=earlier_demands(case),
        evidence=evidence_views(case),
        letter_no=letter_number(case, letter_numbers),
        firm_letter_no=letter_number(case, letter_numbers, "firm_letter"),
        enclosures=enclosures(case),
        court=claim.procedure.court.name or "________人民法院",
        is_financial=claim.regime == "financial",
        lending_articles=lending_articles(claim),
        interest_method=_interest_method(claim, kind),
        until_paid=kind in FILING_KINDS and claim.until_paid_claimed,
        until_paid_basis=until_paid_basis,
        after_as_of=claim.as_of + timedelta(days=1),
        accelerated=case.procedure.acceleration_date is not None,
        within_caps=not any(c.kind == "financial_24" for c in claim.caps),
        term_interest=sum((it.amount for it in items if it.kind == "term_interest"), Decimal("0.00")),
        overdue_interest=sum((it.amount for it in items if it.kind == "overdue_interest"), Decimal("0.00")),
        repaid_principal=sum((a.to_principal for a in claim.repayments), Decimal("0.00")),
        repaid_interest=sum((a.to_interest for a in claim.repayments), Decimal("0.00")),
        allocation_text=(
            "按照双方约定抵充" if any(a.agreed for a in claim.repayments)
            else "按照《中华人民共和国民法典》第五百六十一条规定的顺序抵充"
        ),
        guarantee_articles=_guarantee_articles([g for g in guarantors]),
        law_basis=_law_basis(case, claim, pursued),
        po_affirmations=_po_affirmations(case, claim) if kind == "payment_order" else [],
        schedule=schedule,
        waive_labels="、".join(WAIVE_LABELS[w] for w in waive),
        grace_days=case.instalment_terms.acceleration_grace_days if case.instalment_terms else 0,
        # 第六条 保证 (with guarantors), then 配偶确认, then 赋强公证, then 通知与送达 …
        spouse_article=6 + bool(guarantors),
        notary_article=6 + bool(guarantors) + bool(terms and terms.spouse),
        article_offset=6 + bool(guarantors) + bool(terms and terms.spouse) + bool(terms and terms.notarize),
        spouse=party_view(terms.spouse) if terms and terms.spouse else None,
        notarize=bool(terms and terms.notarize),
        waiver_any_default=bool(terms and terms.waiver_lapse == "any_default"),
        default_costs=terms.default_costs if terms else True,
        form=complaint_form(case, claim, creditor=creditor, debtors=debtors, pursued=pursued, items=items,
                            demands=earlier_demands(case), evidence=evidence_views(case))
        if kind in ("complaint", "payment_order") else None,
        statement_items=[it for it in claim.items if it.kind != "principal"],
        statement_rules=rule_groups([it for it in claim.items if it.kind != "principal"]),
        until_paid_text=claim.until_paid_text if claim.until_paid_claimed else "",
        transitional_request=claim.transitional_request,
        cutoff_text=("计算至" if po else "暂计至") + zh_date(claim.as_of),
        paid_interest_text=paid_interest_text(claim),
        costs_claimed=any(it.kind == "cost" and it.amount > 0 for it in claim.items),
        costs_text="；".join(
            f"{it.label}{figures(it.amount)}元（{zh_date(it.start)}支出）" for it in claim.items if it.kind == "cost" and it.amount > 0 and it.start
        ),
        filing_title=claim.procedure.title,
        applicant_label="申请人" if po else "原告",
        respondent_label="被申请人" if po else "被告",
        convention_text=convention_text(case),
        overdue=overdue if kind == "demand_letter" else None,
        filing=filing_view(case) if kind in ("amend_claim", "withdrawal", "enforcement") else None,
        guarantee_notices=guarantee_notice_views(case) if kind == "guarantee_notice" else [],
    )
    return {"case": case, "claim": claim, "doc": view}


_DECISION = {"order_effective": "支付令", "judgment_effective": "民事判决书", "mediation_effective": "民事调解书",
             "order_issued": "支付令"}


def filing_view(case: Case) -> FilingView | None:
    """The last proceeding filed by the document's date and not withdrawn or terminated."""
    day = case.signing_date
    active = [f for f in case.filings if f.filed_on <= day and f.status not in ("withdrawn", "terminated")]
    if not active:
        return None
    f = active[-1]
    since = f.effective_on or f.decided_on if f.status in ("order_effective", "judgment_effective", "mediation_effective") else None
    start = since or f.filed_on
    paid = [MoneyEvent(r.date, r.amount, "") for r in case.repayments if start <= r.date <= day]
    return FilingView(
        court=f.court, case_no=f.case_no or "", filed_on=f.filed_on, kind=f.kind,
        kind_title={"payment_order": "申请支付令", "lawsuit": "提起诉讼", "enforcement": "申请强制执行"}[f.kind],
        decision_title=_DECISION.get(f.status, ""), decided_on=f.decided_on, effective_on=f.effective_on,
        amount_claimed=f.amount_claimed, amount_awarded=f.amount_awarded,
        paid_since=paid, paid_since_total=sum((m.amount for m in paid), Decimal("0.00")),
    )


def guarantee_notice_views(case: Case) -> list[GuaranteeNoticeView]:
    from ..stage.assess import guarantee_period_end

    out = []
    for g in case.guarantors:
        if g.guarantee_type != "joint":
            continue
        end, presumed = guarantee_period_end(case, g)
        contract = g.contract_summary or (f"{zh_date(g.contract_signed_on)}签订的保证合同" if g.contract_signed_on else "保证合同")
        out.append(GuaranteeNoticeView(party_view(g.party), end, presumed, contract))
    return out
