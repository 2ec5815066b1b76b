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
from typing import Any, Literal

from ..case.labels import CHANNEL_ZH, METHOD_ZH, SHANGHAI
from ..case.models import Case, Guarantor, Organization, Person
from ..law.claim import Claim, ClaimItem
from ..law.instalments import Schedule, instalment_schedule
from ..law.proposal import WAIVE_LABELS, option_for_plan, waived_items_amount
from ..money import figures, percent_text, zh_date
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
    "lending_articles",
    "schedule_for",
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


@dataclass(frozen=True)
class GuarantorView:
    party: PartyView
    is_joint: bool
    type_label: str  # 连带责任保证 / 一般保证
    period_end: date | None


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
    letter_no: str
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


# ---------------------------------------------------------------- helpers


def party_view(party: Person | Organization, *, role: str = "", service_address: str | None = None) -> PartyView:
    """Display fields and the 2016-style description (民事诉讼法第124条 items)."""
    if isinstance(party, Person):
        bits = []
        if party.gender:
            bits.append(party.gender)
        if party.birth_date:
            bits.append(f"{zh_date(party.birth_date)}出生")
        if party.ethnicity:
            bits.append(party.ethnicity)
        job = "，".join(x for x in (party.employer, party.occupation) if x)
        if job:
            bits.append(job)
        bits.append(f"住{party.domicile}")
        if party.habitual_residence and party.habitual_residence != party.domicile:
            bits.append(f"经常居住地{party.habitual_residence}")
        if party.id_number:
            bits.append(f"公民身份号码{party.id_number}")
        if party.phone:
            bits.append(f"联系电话{party.phone}")
        return PartyView(
            role=role,
            name=party.name,
            is_person=True,
            gender=party.gender or "",
            birth=zh_date(party.birth_date) if party.birth_date else "",
            ethnicity=party.ethnicity or "",
            employer=party.employer or "",
            occupation=party.occupation or "",
            phone=party.phone or "",
            email=party.email or "",
            domicile=party.domicile,
            residence=party.habitual_residence or "",
            id_type="居民身份证" if party.id_number else "",
            id_number=party.id_number or "",
            representative="",
            registered="",
            org_type="",
            ownership="",
            representative_title="",
            rep_title_label="",
            details="，".join(bits),
            service_address=service_address or party.habitual_residence or party.domicile,
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
    )


def _guarantor_view(g: Guarantor) -> GuarantorView:
    joint = g.guarantee_type == "joint"
    return GuarantorView(party_view(g.party), joint, "连带责任保证" if joint else "一般保证", g.guarantee_period_end)


def letter_number(case: Case) -> str:
    """（2026）京某律函字第001号 from ``case.lawyer`` (letter_prefix + 第NNN号); "" without a lawyer."""
    if case.lawyer is None:
        return ""
    return f"{case.lawyer.letter_prefix}第{case.lawyer.letter_serial:03d}号"


_DEMAND_OUTCOMES = {"reached", "promise", "dispute", "refused", "acknowledged", "instalment_agreed", "written_only"}


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
        else:
            action = f"以{channel}方式向{c.counterpart}催告还款"
        out.append(DemandView(day, channel, c.counterpart, c.delivered, action, by_debtor))
    return out


def evidence_views(case: Case) -> list[EvidenceView]:
    """证据1…N in the case's order — the same numbers and titles as the evidence bundle."""
    return [
        EvidenceView(i, f"证据{i}", e.title, e.source, e.purpose) for i, e in enumerate(case.evidence, start=1)
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


def _interest_method(claim: Claim, kind: str) -> str:
    """The 计算方式 of the pleadings: the claim's full working (the 规定第31条 request, every interest
    segment, those repayments absorbed included), pointing to the annex in the filing documents."""
    text = claim.calculation_text or "无"
    if kind in ("payment_order", "complaint") and claim.calculation_text:
        text += "（详见所附《利息计算明细》）"
    return text


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


def document_context(case: Case, claim: Claim, *, kind: str, plan: int | None = None) -> dict[str, Any]:
    """``{"case", "claim", "doc"}`` for one document kind (see :data:`KIND_TITLES`).

    ``plan`` (``--plan N``): the proposal option the instalment agreement uses when the case has
    no negotiated ``instalment_terms``."""
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
    po = claim.procedure.kind == "payment_order"
    schedule = schedule_for(case, claim, plan) if kind == "instalment_agreement" else None
    waive = _agreed_waiver(case, claim, plan) if kind == "instalment_agreement" else ()
    view = DocumentView(
        kind=kind,
        title=KIND_TITLES[kind],
        date=signing,
        deadline=signing + timedelta(days=days),
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
        + [dataclasses.replace(g.party, role="丙方") for g in guarantors],
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
        letter_no=letter_number(case),
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
        article_offset=7 if guarantors else 6,
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
    )
    return {"case": case, "claim": claim, "doc": view}
