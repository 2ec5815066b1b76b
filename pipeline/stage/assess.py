"""The stage of a case on a date, from what its record says already happened (docs/stage.md).

Escalation as a careful lawyer runs it: reminder → 催款函 → 律师函 → (negotiated instalments) →
支付令 or 起诉 → enforcement. Each letter gives a payment deadline; the next step is taken only
after it has passed (民法典第二百零三条: a last day on a rest day moves to the next working day).
While a signed instalment agreement is performed, the debt under it is not due and nothing is
filed; after default beyond the agreement's grace days the balance falls due under its own
acceleration clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..law.calendar import HolidayCalendar, add_years, default_calendar
from ..money import figures, zh_date

if TYPE_CHECKING:
    from ..case.models import Case, Contact, SignedAgreement
    from ..law.claim import Claim

STAGES: dict[str, str] = {
    "not_started": "未催收",
    "reminded": "已提醒",
    "demanded": "已催款",
    "lawyer_letter_sent": "已发律师函",
    "negotiating": "协商中",
    "instalments_performing": "分期履行中",
    "instalment_overdue": "分期逾期（宽限期内）",
    "instalments_accelerable": "分期违约（可宣布加速到期）",
    "instalments_accelerated": "分期违约（已宣布加速到期）",
    "ready_to_file": "宜申请支付令/宜起诉",
    "filed": "已立案",
    "settled": "已结清",
}

#: The document kinds the stage decides on (build kinds, as ``--only``).
DOCUMENT_TITLES: dict[str, str] = {
    "demand_letter": "催款函",
    "lawyer_letter": "律师函",
    "instalment_agreement": "分期还款协议",
    "filing": "支付令申请书或民事起诉状",
    "guarantee_notice": "履行保证责任通知书",
    "post_filing": "立案后的文书（变更诉讼请求申请书、撤诉申请书或强制执行申请书）",
}

#: The document kind of ``post_filing``, chosen by the stage (like ``filing`` → payment_order/complaint).
POST_FILING_TITLES: dict[str, str] = {
    "amend_claim": "变更诉讼请求申请书",
    "withdrawal": "撤诉申请书",
    "enforcement": "强制执行申请书",
}

#: Filing statuses: still before the court / a decision in force.
PENDING = ("submitted", "accepted", "order_issued", "objection_filed")
IN_FORCE = ("order_effective", "judgment_effective", "mediation_effective")

_FILING_KIND = {"payment_order": "支付令申请", "lawsuit": "起诉", "enforcement": "强制执行申请"}


@dataclass(frozen=True)
class Fact:
    """A fact of the record that puts the case where it is, with its date and JSON path."""

    date: date
    text: str
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "text": self.text, "source": self.source}


@dataclass(frozen=True)
class NextAction:
    action: str  # what to do, in Chinese
    due: date  # by (or from) which date
    document: str | None  # build kind of the document that does it (None: no document)
    basis: str  # legal basis or the agreement's clause

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "due": self.due.isoformat(), "document": self.document, "basis": self.basis}


@dataclass(frozen=True)
class PlanEntry:
    """Whether this build makes a document kind, dated when, and why (or why not)."""

    kind: str
    produce: bool
    date: date | None
    reason: str
    deadline: date | None = None  # the payment deadline the letter gives

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "produce": self.produce,
            "date": self.date.isoformat() if self.date else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class OverdueRow:
    """One instalment due by the as-of day and not paid in full (payments since signing are set
    against the instalments in date order)."""

    number: int
    due_date: date
    amount: Decimal
    paid: Decimal
    unpaid: Decimal


@dataclass(frozen=True)
class OverdueInstalment:
    """An instalment of a signed agreement that is late but still within the grace days: what a
    催款函 may ask for while the agreement stands (only what is due under it, 民法典第五百七十九条),
    and from when the rest falls due under its acceleration clause."""

    number: int  # 1-based instalment number
    due_date: date
    amount: Decimal  # the instalment as scheduled
    shortfall: Decimal  # unpaid part of every instalment due by the as-of day
    late_days: int
    grace_days: int
    grace_end: date  # last day of the grace period (a rest day moves to the next working day)
    accelerable_from: date
    signed_on: date
    count: int  # number of instalments
    total: Decimal  # sum of the schedule
    remaining: Decimal  # schedule total less payments since signing
    clause: str  # acceleration clause, e.g. 第五条
    revives: bool  # a conditional waiver lapses on acceleration
    waiver_clause: str
    rows: tuple[OverdueRow, ...] = ()  # the instalments due and unpaid, their sum is ``shortfall``


@dataclass(frozen=True)
class StageReport:
    stage: str
    as_of: date
    facts: tuple[Fact, ...]
    next_action: NextAction
    plan: dict[str, PlanEntry]
    warnings: tuple[str, ...] = ()
    overdue: OverdueInstalment | None = None  # set in stage instalment_overdue
    post_filing: str | None = None  # amend_claim | withdrawal | enforcement when plan["post_filing"] is produced

    @property
    def label(self) -> str:
        return STAGES[self.stage]

    def produces(self, kind: str) -> bool:
        entry = self.plan.get(kind)
        return entry is not None and entry.produce

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "label": self.label,
            "as_of": self.as_of.isoformat(),
            "facts": [f.to_dict() for f in self.facts],
            "next_action": self.next_action.to_dict(),
            "plan": [e.to_dict() for e in self.plan.values()],
            "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------- letters already sent


@dataclass(frozen=True)
class _Sent:
    kind: str  # demand_letter | lawyer_letter | acceleration_notice | guarantee_notice | other
    day: date
    letter_no: str | None
    deadline: date
    deadline_assumed: bool
    source: str

    @property
    def title(self) -> str:
        return {"acceleration_notice": "提前到期通知", "guarantee_notice": "履行保证责任通知书", "other": "函件"}.get(
            self.kind, DOCUMENT_TITLES.get(self.kind, "函件")
        )

    @property
    def cited(self) -> str:
        from ..case.labels import cited_letter

        return zh_date(self.day) + cited_letter(self.title, self.letter_no)


def _local_day(c: "Contact") -> date:
    from ..case.labels import SHANGHAI

    return c.at.astimezone(SHANGHAI).date()


def _roll(d: date, cal: HolidayCalendar) -> date:
    return cal.roll_forward(d)[0]


def sent_letters(case: "Case", as_of: date, cal: HolidayCalendar) -> list[_Sent]:
    """Letters that reached the debtor by ``as_of``, from the collection log, in date order.

    A deadline not recorded is presumed: sent date + ``settings.payment_deadline_days``; a last
    day on a rest day moves to the next working day (民法典第二百零三条)."""
    out = []
    for i, c in enumerate(case.collection_log):
        kind = c.sent_document
        day = _local_day(c)
        if kind is None or c.relation != "debtor" or not c.delivered or day > as_of:
            continue
        assumed = c.deadline is None
        deadline = c.deadline or day + timedelta(days=case.settings.payment_deadline_days)
        out.append(_Sent(kind, day, c.letter_no, _roll(deadline, cal), assumed, f"collection_log[{i}]"))
    return sorted(out, key=lambda s: (s.day, s.source))


# ---------------------------------------------------------------- the signed agreement


@dataclass(frozen=True)
class _Performance:
    paid: Decimal
    overdue_index: int | None  # first instalment due before as_of and not fully paid (0-based)
    shortfall: Decimal  # unpaid part of the instalments due by then
    next_index: int | None  # next instalment not yet paid in full and not yet due
    accelerable_from: date | None  # first day the overdue instalment is late beyond the grace days


def performance(case: "Case", ag: "SignedAgreement", as_of: date) -> _Performance:
    """Payments since signing set against the schedule in order (earliest instalment first)."""
    paid = sum((r.amount for r in case.repayments if ag.signed_on <= r.date <= as_of), Decimal("0"))
    cum = Decimal("0")
    overdue = None
    shortfall = Decimal("0")
    nxt = None
    for k, inst in enumerate(ag.schedule):
        cum += inst.amount
        if paid >= cum:
            continue
        if inst.due_date < as_of:
            if overdue is None:
                overdue = k
            shortfall = cum - paid
        elif nxt is None:
            nxt = k
    accel = None
    if overdue is not None:
        # "逾期超过宽限天数": late by more than the grace days, i.e. from due + grace + 1
        accel = ag.schedule[overdue].due_date + timedelta(days=ag.acceleration_grace_days + 1)
    return _Performance(paid, overdue, shortfall, nxt, accel)


def _overdue_rows(ag: "SignedAgreement", paid: Decimal, as_of: date) -> tuple[OverdueRow, ...]:
    rows = []
    left = paid
    for n, inst in enumerate(ag.schedule, 1):
        part = min(left, inst.amount)
        left -= part
        if inst.due_date < as_of and part < inst.amount:
            rows.append(OverdueRow(n, inst.due_date, inst.amount, part, inst.amount - part))
    return tuple(rows)


# ---------------------------------------------------------------- assess


def _filing_basis(route: str) -> str:
    if route == "payment_order":
        return "民事诉讼法第二百二十五条（督促程序）"
    return "民事诉讼法第一百二十二条（起诉条件）"


def _filing_name(claim: "Claim") -> str:
    return "申请支付令" if claim.procedure.kind == "payment_order" else "提起诉讼"


def assess(
    case: "Case", claim: "Claim", as_of: date | None = None, *, calendar: HolidayCalendar | None = None
) -> StageReport:
    """The stage of ``case`` on ``as_of`` (default: the claim's computation date), its facts,
    its next action and the document plan. Pure: no I/O, no clock."""
    as_of = as_of or claim.as_of
    cal = calendar or default_calendar()
    first_day = case.signing_date if as_of == case.computation_date else as_of
    facts: list[Fact] = []
    warnings: list[str] = []
    letters = sent_letters(case, as_of, cal)
    for s in letters:
        note = "（未记录付款期限，按发出日加" f"{case.settings.payment_deadline_days}日推定）" if s.deadline_assumed else ""
        facts.append(Fact(s.day, f"已向债务人发出并送达{s.cited}，付款期限至{zh_date(s.deadline)}{note}", s.source))

    active = [
        (i, f) for i, f in enumerate(case.filings) if f.filed_on <= as_of and f.status not in ("withdrawn", "terminated")
    ]
    if claim.totals.total <= 0:
        report = _settled(case, claim, as_of, first_day, facts, active[-1] if active else None)
    elif active:
        report = _filed(case, claim, as_of, first_day, facts, active[-1], warnings)
    else:
        ag = case.agreement if case.agreement is not None and case.agreement.signed_on <= as_of else None
        if ag is not None:
            report = _under_agreement(case, claim, as_of, first_day, facts, ag, letters, warnings, cal)
        else:
            report = _ladder(case, claim, as_of, first_day, facts, letters, warnings, cal)
    return _with_guarantee_notice(case, claim, report, first_day, letters, active, cal)


def _skip_all(reason: str) -> dict[str, PlanEntry]:
    return {k: PlanEntry(k, False, None, reason) for k in DOCUMENT_TITLES}


def _settled(case: "Case", claim: "Claim", as_of: date, first_day: date, facts: list[Fact],
             active: tuple[int, Any] | None) -> StageReport:
    facts.append(Fact(as_of, f"按已还款记录计算，截至{zh_date(as_of)}本息已全部清偿", "repayments"))
    plan = _skip_all("欠款已全部清偿，不再催收")
    if active is not None and active[1].status in PENDING:
        i, f = active
        po = f.kind == "payment_order"
        title = "撤回支付令申请书" if po else "撤诉申请书"
        basis = "民事诉讼法第二百二十五条（督促程序，申请人可以撤回申请）" if po else "民事诉讼法第一百四十八条（宣判前原告申请撤诉）"
        plan["post_filing"] = PlanEntry("post_filing", True, first_day,
                                        f"债务已全部清偿，{f.court}{'（' + f.case_no + '）' if f.case_no else ''}的程序尚未终结：{title}（{basis}）")
        action = NextAction(f"向{f.court}提交{title}，程序终结后结案归档", first_day, "post_filing", basis)
        return StageReport("settled", as_of, tuple(facts), action, plan, (), post_filing="withdrawal")
    return StageReport(
        "settled", as_of, tuple(facts),
        NextAction("结案归档", as_of, None, "民法典第五百五十七条（债务已经履行，债权债务终止）"),
        plan,
    )


def _paid_since(case: "Case", day: date, as_of: date) -> Decimal:
    return sum((r.amount for r in case.repayments if day <= r.date <= as_of), Decimal("0"))


def _filed(case: "Case", claim: "Claim", as_of: date, first_day: date, facts: list[Fact], which: tuple[int, Any],
           warnings: list[str]) -> StageReport:
    i, f = which
    name = _FILING_KIND[f.kind]
    no = f"（案号{f.case_no}）" if f.case_no else ""
    facts.append(Fact(f.filed_on, f"已于{zh_date(f.filed_on)}向{f.court}提出{name}{no}", f"filings[{i}]"))
    reason = f"已于{zh_date(f.filed_on)}向{f.court}提出{name}{no}，不再另行出具"
    plan = _skip_all(reason)
    post: str | None = None
    paid = _paid_since(case, f.filed_on, as_of)
    if f.status in IN_FORCE:
        post = "enforcement"
    elif f.kind == "lawsuit" and f.status in ("submitted", "accepted") and paid > 0:
        post = "amend_claim"
    if post == "enforcement":
        plan["post_filing"] = PlanEntry("post_filing", True, first_day,
                                        "生效法律文书确定的给付义务未履行完毕：申请强制执行（民事诉讼法第二百四十七条、第二百五十条）")
    elif post == "amend_claim":
        facts.append(Fact(as_of, f"立案后收到还款{figures(paid)}元", "repayments"))
        plan["post_filing"] = PlanEntry("post_filing", True, first_day,
                                        f"立案后收到还款{figures(paid)}元：按还款后的金额变更诉讼请求（民事诉讼法第五十四条）")
    else:
        plan["post_filing"] = PlanEntry("post_filing", False, None,
                                        "立案后未收到还款，无需变更诉讼请求" if f.status in PENDING else f"程序进展为“{f.status}”，暂无需要出具的文书")
    if f.status in IN_FORCE:
        eff = f.effective_on or f.decided_on or f.filed_on
        facts.append(Fact(eff, f"{'支付令' if f.status == 'order_effective' else '判决书' if f.status == 'judgment_effective' else '调解书'}已于{zh_date(eff)}生效", f"filings[{i}].status"))
        last = add_years(eff, 2)
        action = NextAction(
            f"债务人未履行生效法律文书的，向{f.court}申请强制执行（申请执行期间二年，从法律文书规定履行期间的最后一日起计算；"
            f"按生效日粗算，最迟不晚于{zh_date(last)}，请按文书载明的履行期限核对）",
            first_day, "post_filing", "民事诉讼法第二百四十七条、第二百五十条",
        )
    elif f.status == "objection_filed":
        action = NextAction(
            "债务人已对支付令提出书面异议，支付令失效，转入诉讼程序；准备诉讼材料（申请人不同意提起诉讼的，应向法院表明）",
            as_of, "filing", "民事诉讼法第二百二十八条",
        )
    elif f.status == "order_issued":
        action = NextAction("支付令已发出，等待债务人在收到之日起十五日内清偿或提出异议", as_of, None, "民事诉讼法第二百二十七条")
    elif post == "amend_claim":
        action = NextAction(f"向{f.court}提交变更诉讼请求申请书（扣除立案后收到的{figures(paid)}元）", first_day, "post_filing",
                            "民事诉讼法第五十四条")
    else:
        action = NextAction(
            "跟进法院受理、送达和审理；立案后收到还款的，及时变更诉讼请求或撤诉", as_of, None,
            "民事诉讼法第一百二十六条、第一百四十八条",
        )
    return StageReport("filed", as_of, tuple(facts), action, plan, tuple(warnings), post_filing=post)


def guarantee_period_end(case: "Case", g: Any) -> tuple[date | None, bool]:
    """The guarantor's 保证期间 last day and whether it was presumed: the agreed end, else six
    months from the main debt's due date (民法典第六百九十二条第二款)."""
    from ..law.calendar import add_months

    if g.guarantee_period_end is not None:
        return g.guarantee_period_end, False
    due = case.loan.due_date or (case.loan.instalments[-1].due_date if case.loan.instalments else None)
    return (add_months(due, 6), True) if due else (None, True)


def _with_guarantee_notice(case: "Case", claim: "Claim", report: StageReport, first_day: date,
                           letters: list[_Sent], active: list[tuple[int, Any]], cal: HolidayCalendar) -> StageReport:
    """Plan the 履行保证责任通知书: a joint guarantor must be asked in writing within the 保证期间,
    or it is released (民法典第六百九十三条第二款); the period cannot be interrupted (第六百九十二条)."""
    plan = dict(report.plan)
    title = DOCUMENT_TITLES["guarantee_notice"]
    warnings = list(report.warnings)
    # the notice goes to the guarantor, not the debtor: read the log itself (sent_letters keeps the debtor's)
    sent = [
        _Sent("guarantee_notice", _local_day(c), c.letter_no, _local_day(c), True, f"collection_log[{i}]")
        for i, c in enumerate(case.collection_log)
        if c.sent_document == "guarantee_notice" and c.delivered and _local_day(c) <= report.as_of
    ]
    if not case.guarantors:
        reason = "没有保证人"
    elif report.stage == "settled":
        reason = "欠款已全部清偿"
    elif report.stage == "instalments_performing" and case.agreement is not None and case.agreement.guarantor_consent:
        reason = "分期还款协议履行中，保证人已书面同意协议，尚无需通知"
    elif sent:
        reason = f"{sent[-1].cited}已发出并送达，不重新出具"
    elif any(f.kind == "lawsuit" for _, f in active) and case.procedure.pursue_guarantors:
        reason = "已在诉讼中向保证人主张保证责任"
    else:
        reason = ""
        joint = [g for g in case.guarantors if g.guarantee_type == "joint"]
        if not joint:
            reason = ("一般保证：须在保证期间内对债务人提起诉讼或申请仲裁（民法典第六百九十三条第一款），"
                      "书面通知不能保全对一般保证人的权利")
        else:
            ends = [guarantee_period_end(case, g) for g in joint]
            open_ends = [(e, presumed) for e, presumed in ends if e is None or e >= first_day]
            if not open_ends:
                last = max(e for e, _ in ends if e is not None)
                reason = f"保证期间已于{zh_date(last)}届满（民法典第六百九十二条），保证人不再承担保证责任"
                warnings.append(f"保证期间已于{zh_date(last)}届满：未在期间内向保证人主张的，保证人不再承担保证责任（民法典第六百九十三条第二款）")
    if reason:
        plan["guarantee_notice"] = PlanEntry("guarantee_notice", False, None, reason)
    else:
        ends = [guarantee_period_end(case, g) for g in case.guarantors if g.guarantee_type == "joint"]
        known = [e for e, _ in ends if e is not None]
        last = min(known) if known else None
        presumed = any(p for _, p in ends)
        within = f"，保证期间至{zh_date(last)}" + ("（未约定，按民法典第六百九十二条第二款推算）" if presumed else "") if last else ""
        plan["guarantee_notice"] = PlanEntry(
            "guarantee_notice", True, first_day,
            f"债务人未履行，须在保证期间内书面要求连带责任保证人承担保证责任{within}（民法典第六百八十八条、第六百九十三条第二款）",
            _roll(first_day + timedelta(days=case.settings.payment_deadline_days), cal),
        )
    if "post_filing" not in plan:
        plan["post_filing"] = PlanEntry("post_filing", False, None, "尚未立案")
    from dataclasses import replace as _replace

    return _replace(report, plan=plan, warnings=tuple(warnings))


def _under_agreement(case: "Case", claim: "Claim", as_of: date, first_day: date, facts: list[Fact],
                     ag: "SignedAgreement", letters: list[_Sent], warnings: list[str],
                     cal: HolidayCalendar) -> StageReport:
    total = sum((i.amount for i in ag.schedule), Decimal("0"))
    clause = ag.acceleration_clause or "加速到期条款"
    facts.append(Fact(
        ag.signed_on,
        f"{'、'.join(ag.signatories)}于{zh_date(ag.signed_on)}签订分期还款协议：共{len(ag.schedule)}期、合计{figures(total)}元，"
        f"首期{zh_date(ag.schedule[0].due_date)}应还{figures(ag.schedule[0].amount)}元，宽限{ag.acceleration_grace_days}日",
        "agreement",
    ))
    if case.guarantors and ag.guarantor_consent is not True:
        warnings.append(
            "分期还款协议未记录保证人书面同意（agreement.guarantor_consent）：未经保证人书面同意变更主债务履行期限的，"
            "保证期间仍自原约定的履行期限届满之日起计算（民法典第六百九十五条第二款），请及时向保证人主张权利"
        )
    if ag.waived and not ag.waiver_conditional:
        warnings.append("协议约定的减免不附条件：即使债务人违约，已减免的款项也不能再主张，请核对起诉或申请中的请求金额")
    perf = performance(case, ag, as_of)
    if perf.paid:
        facts.append(Fact(as_of, f"签订协议后已还款{figures(perf.paid)}元", "repayments"))
    signed_reason = f"分期还款协议已于{zh_date(ag.signed_on)}签订，不重新出具"
    accelerated_on = ag.accelerated_on if ag.accelerated_on and ag.accelerated_on <= as_of else None

    if perf.overdue_index is None:
        if perf.next_index is None:  # every instalment paid and yet a balance: the claim is what was not waived
            nxt_text = "协议各期均已按期还清"
            action = NextAction("协议各期已履行完毕，核对剩余款项（附条件减免的款项因履行完毕而免除）", as_of, None, "民法典第五百五十七条")
        else:
            inst = ag.schedule[perf.next_index]
            nxt_text = f"第{perf.next_index + 1}期{figures(inst.amount)}元于{zh_date(inst.due_date)}到期"
            action = NextAction(
                f"到期前提醒债务人按协议还第{perf.next_index + 1}期{figures(inst.amount)}元", inst.due_date - timedelta(days=3)
                if inst.due_date - timedelta(days=3) >= as_of else as_of, "soft", f"分期还款协议（{zh_date(ag.signed_on)}签订）",
            )
        facts.append(Fact(as_of, f"协议履行中，尚无逾期；{nxt_text}", "agreement.schedule"))
        reason = f"分期还款协议履行中（{zh_date(ag.signed_on)}签订），尚无逾期，不另行催告"
        plan = {
            "demand_letter": PlanEntry("demand_letter", False, None, reason),
            "lawyer_letter": PlanEntry("lawyer_letter", False, None, reason),
            "instalment_agreement": PlanEntry("instalment_agreement", False, None, signed_reason),
            "filing": PlanEntry("filing", False, None, "分期还款协议履行中，按协议尚未到期的债务不能起诉或申请支付令（民事诉讼法第一百二十二条、"
                                "民诉法解释第四百二十七条：请求须已到期）"),
        }
        return StageReport("instalments_performing", as_of, tuple(facts), action, plan, tuple(warnings))

    k = perf.overdue_index
    inst = ag.schedule[k]
    late = (as_of - inst.due_date).days
    # The grace period is a period in days: a last day on a rest day moves to the next working
    # day (民法典第二百零三条, 第二百零四条), and acceleration applies from the day after.
    grace_end = _roll(inst.due_date + timedelta(days=ag.acceleration_grace_days), cal)
    perf = _Performance(perf.paid, perf.overdue_index, perf.shortfall, perf.next_index, grace_end + timedelta(days=1))
    facts.append(Fact(inst.due_date, f"第{k + 1}期应于{zh_date(inst.due_date)}还款{figures(inst.amount)}元，"
                      f"截至{zh_date(as_of)}仍欠{figures(perf.shortfall)}元，已逾期{late}日", f"agreement.schedule[{k}]"))
    assert perf.accelerable_from is not None
    if accelerated_on is None and as_of < perf.accelerable_from:
        reason = (f"第{k + 1}期逾期{late}日，未超过协议约定的宽限期{ag.acceleration_grace_days}日，尚未加速到期；"
                  f"{zh_date(perf.accelerable_from)}起仍未还清的，剩余债务按协议{clause}全部到期")
        overdue = OverdueInstalment(
            k + 1, inst.due_date, inst.amount, perf.shortfall, late, ag.acceleration_grace_days, grace_end,
            perf.accelerable_from, ag.signed_on, len(ag.schedule), total, total - perf.paid, clause,
            bool(ag.waived) and ag.waiver_conditional, ag.waiver_clause or "", _overdue_rows(ag, perf.paid, as_of),
        )
        asked = [s for s in letters if s.kind == "demand_letter" and s.day >= inst.due_date]
        if asked:
            demand = PlanEntry("demand_letter", False, None, f"{asked[-1].cited}已就逾期的第{k + 1}期发出催告，不重新出具")
        else:
            demand = PlanEntry(
                "demand_letter", True, first_day,
                f"分期还款协议履行中，第{k + 1}期逾期：催款函只催告协议项下已到期未还的{figures(perf.shortfall)}元，"
                f"付款期限为宽限期最后一日，不主张尚未到期的各期（民法典第五百七十九条）",
                grace_end,
            )
        plan = {
            "demand_letter": demand,
            "lawyer_letter": PlanEntry("lawyer_letter", False, None, f"分期还款协议履行中：只催告逾期的第{k + 1}期，不主张全部债务"),
            "instalment_agreement": PlanEntry("instalment_agreement", False, None, signed_reason),
            "filing": PlanEntry("filing", False, None, reason),
        }
        action = NextAction(
            f"催告债务人在宽限期内还清第{k + 1}期欠款{figures(perf.shortfall)}元；{zh_date(perf.accelerable_from)}起仍未还清的，"
            f"可按协议{clause}主张剩余全部债务并{_filing_name(claim)}",
            first_day if demand.produce else grace_end, "demand_letter" if demand.produce else "soft", f"分期还款协议{clause}",
        )
        return StageReport("instalment_overdue", as_of, tuple(facts), action, plan, tuple(warnings), overdue)

    stage = "instalments_accelerated" if accelerated_on else "instalments_accelerable"
    if accelerated_on:
        facts.append(Fact(accelerated_on, f"已于{zh_date(accelerated_on)}宣布剩余债务按协议{clause}加速到期", "agreement.accelerated_on"))
    else:
        facts.append(Fact(perf.accelerable_from, f"第{k + 1}期逾期已超过宽限期{ag.acceleration_grace_days}日，"
                          f"自{zh_date(perf.accelerable_from)}起剩余债务可按协议{clause}全部到期", "agreement"))
    revived = ""
    if ag.waived and ag.waiver_conditional:
        revived = ("；协议减免以按期履行为条件" + (f"（{ag.waiver_clause}）" if ag.waiver_clause else "")
                   + "，债务人违约，减免的款项恢复，一并主张")
    filing_reason = (f"债务人未按分期还款协议履行（第{k + 1}期逾期超过宽限期），剩余债务按协议{clause}到期，"
                     f"依法{_filing_name(claim)}{revived}")
    filing_day = max(first_day, accelerated_on or perf.accelerable_from)
    sent_reason = "协议已违约并加速到期，已发出的函件不重新出具；直接" + _filing_name(claim)
    plan = {
        "demand_letter": PlanEntry("demand_letter", False, None, sent_reason),
        "lawyer_letter": PlanEntry("lawyer_letter", False, None, sent_reason),
        "instalment_agreement": PlanEntry("instalment_agreement", False, None, signed_reason),
        "filing": PlanEntry("filing", True, filing_day, filing_reason),
    }
    action = NextAction(
        ("" if accelerated_on else f"书面通知债务人剩余债务按协议{clause}到期，并") + f"{_filing_name(claim)}",
        accelerated_on or perf.accelerable_from, "filing", f"分期还款协议{clause}；民法典第五百七十七条；{_filing_basis(claim.procedure.kind)}",
    )
    return StageReport(stage, as_of, tuple(facts), action, plan, tuple(warnings))


def _ladder(case: "Case", claim: "Claim", as_of: date, first_day: date, facts: list[Fact],
            letters: list[_Sent], warnings: list[str], cal: HolidayCalendar) -> StageReport:
    """No agreement signed and nothing filed: reminder → 催款函 → 律师函 → filing."""
    days = case.settings.payment_deadline_days
    last = letters[-1] if letters else None
    sent_kinds = {s.kind: s for s in letters if s.kind in ("demand_letter", "lawyer_letter")}
    reminders = [c for c in case.collection_log
                 if c.relation == "debtor" and c.sent_document is None and _local_day(c) <= as_of
                 and (c.delivered or c.outcome not in ("none", "no_answer", "blocked"))]
    negotiating = case.instalment_terms is not None
    # The earliest day the next written step may go out: after the last letter's deadline.
    start = first_day
    pending_deadline = None
    if last is not None and last.deadline >= as_of:
        pending_deadline = last.deadline
        start = max(start, _roll(last.deadline + timedelta(days=1), cal))

    plan: dict[str, PlanEntry] = {}
    produced_first: list[str] = []

    def place(kind: str, why: str) -> None:
        nonlocal start
        if produced_first and not case.settings.plan_ahead:
            plan[kind] = PlanEntry(kind, False, None, "按设置只生成下一步文书（settings.plan_ahead 为 false），届时再生成")
            return
        deadline = _roll(start + timedelta(days=days), cal) if kind != "filing" else None
        if produced_first:
            why += f"；预备文书：落款为前一份函件付款期限届满后的第一个工作日（{zh_date(start)}），届时仍未付款方可发出"
        plan[kind] = PlanEntry(kind, True, start, why, deadline)
        produced_first.append(kind)
        if deadline is not None:
            start = _roll(deadline + timedelta(days=1), cal)

    # 催款函
    if "demand_letter" in sent_kinds:
        plan["demand_letter"] = PlanEntry("demand_letter", False, None, f"{sent_kinds['demand_letter'].cited}已发出并送达，不重新出具")
    elif "lawyer_letter" in sent_kinds:
        plan["demand_letter"] = PlanEntry("demand_letter", False, None, f"{sent_kinds['lawyer_letter'].cited}已发出，不再由债权人另发催款函")
    else:
        place("demand_letter", "尚未向债务人发出书面催款函：以债权人名义书面催告，给出付款期限（民法典第一百九十五条：提出履行请求中断诉讼时效）")
    # 律师函
    if case.lawyer is None:
        plan["lawyer_letter"] = PlanEntry("lawyer_letter", False, None, "未委托律师事务所（case.lawyer 未填写）：律师函须以律师事务所名义出具（律师法第二十五条）")
    elif "lawyer_letter" in sent_kinds:
        plan["lawyer_letter"] = PlanEntry("lawyer_letter", False, None, f"{sent_kinds['lawyer_letter'].cited}已发出并送达，不重新出具")
    else:
        place("lawyer_letter", "已委托律师，起诉前以律师事务所名义发出律师函，给出最后付款期限")
    # 分期还款协议
    if negotiating:
        plan["instalment_agreement"] = PlanEntry("instalment_agreement", True, first_day, "双方正在协商分期还款（instalment_terms），生成协议草稿供签署")
        terms = case.instalment_terms
        if terms is not None and terms.notarize:
            warnings.append(
                "分期还款协议约定办理赋予强制执行效力的公证：签订后各方（或其代理人）持身份证明、协议原件、借款合同和付款凭证"
                "共同到公证机构申请；债务人违约时，先向公证机构申请出具执行证书，再向被执行人住所地或财产所在地人民法院申请执行"
                "（公证法第三十七条，民事诉讼法第二百四十九条）"
            )
        if case.guarantors:
            warnings.append("分期还款协议须由保证人（丙方）共同签字：协议第六条载有保证人书面同意，未经保证人书面同意的，"
                            "保证人不受履行期限变更的约束（民法典第六百九十五条第二款）")
    else:
        plan["instalment_agreement"] = PlanEntry("instalment_agreement", False, None, "未协商分期还款（instalment_terms 未填写）；需要时可用 --plan N 按还款方案生成协议草稿")
    # 支付令申请书 / 民事起诉状
    place("filing", f"催告后仍未还款，{_filing_name(claim)}（{'；'.join(claim.procedure.reasons)}）")
    filing = plan["filing"]

    if negotiating:
        stage = "negotiating"
    elif last is not None and last.kind == "lawyer_letter":
        stage = "lawyer_letter_sent" if pending_deadline else "ready_to_file"
    elif last is not None and last.kind == "demand_letter":
        stage = "demanded" if pending_deadline or case.lawyer is not None else "ready_to_file"
    elif reminders:
        stage = "reminded"
    else:
        stage = "not_started"
    if reminders and not letters:
        r = reminders[-1]
        facts.append(Fact(_local_day(r), f"已通过{ {'sms': '短信', 'phone': '电话', 'wechat': '微信', 'email': '电子邮件'}.get(r.channel, '其他方式') }提醒债务人还款（共{len(reminders)}次）", "collection_log"))

    first = produced_first[0] if produced_first else None
    # The day the next step became due: after the last letter's deadline (earlier than today = overdue).
    became_due = _roll(last.deadline + timedelta(days=1), cal) if last is not None and pending_deadline is None else first_day
    if negotiating:
        action = NextAction("与债务人签订分期还款协议（附条件减免、加速到期），签订后按协议跟进", first_day, "instalment_agreement",
                            "民法典第五百四十三条（协商一致可以变更合同）")
    elif pending_deadline is not None:
        action = NextAction(
            f"等待{last.cited}的付款期限（{zh_date(pending_deadline)}）届满；届满仍未付款的，"
            + ("发出律师函" if first == "lawyer_letter" else _filing_name(claim) if first == "filing" else "发出下一份函件"),
            start if first is None else plan[first].date or start, first, "民法典第一百九十五条；" + (_filing_basis(claim.procedure.kind) if first == "filing" else "律师法第二十五条"),
        )
    elif first == "demand_letter":
        action = NextAction("向债务人发出催款函（书面催告，给出付款期限）", min(became_due, plan["demand_letter"].date or first_day), "demand_letter",
                            "民法典第五百七十七条、第一百九十五条")
    elif first == "lawyer_letter":
        action = NextAction("以律师事务所名义发出律师函", min(became_due, plan["lawyer_letter"].date or first_day), "lawyer_letter", "律师法第二十五条；民法典第一百九十五条")
    else:
        action = NextAction(_filing_name(claim), min(became_due, filing.date or first_day), "filing", _filing_basis(claim.procedure.kind))
    if claim.limitation is not None and filing.date is not None and filing.date > claim.limitation.last_day:
        warnings.append(
            f"预备的{ '支付令申请书' if claim.procedure.kind == 'payment_order' else '起诉状'}落款日{zh_date(filing.date)}晚于诉讼时效最后一日"
            f"{zh_date(claim.limitation.last_day)}：请在时效届满前起诉，或设 settings.plan_ahead 为 false 并立即起诉"
        )
    return StageReport(stage, as_of, tuple(facts), action, plan, tuple(warnings))


def lawyer_letter_due(case: "Case", as_of: date | None = None, *, calendar: HolidayCalendar | None = None) -> bool:
    """Whether :func:`assess` plans a 律师函 (before the claim is computed: the 函号 registry is
    reserved first). Same rules: a firm engaged, none sent yet, nothing filed, no agreement signed,
    and (with ``plan_ahead`` false) no 催款函 to send first. A settled case builds nothing at all."""
    as_of = as_of or case.computation_date
    if case.lawyer is None:
        return False
    if any(f.filed_on <= as_of and f.status not in ("withdrawn", "terminated") for f in case.filings):
        return False
    if case.agreement is not None and case.agreement.signed_on <= as_of:
        return False
    kinds = {s.kind for s in sent_letters(case, as_of, calendar or default_calendar())}
    if "lawyer_letter" in kinds:
        return False
    return case.settings.plan_ahead or "demand_letter" in kinds
