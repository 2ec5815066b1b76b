"""The claim: every amount a document prints, with its working, caps, fees, limitation and procedure.

Pure: a validated :class:`~pipeline.case.models.Case` in, a frozen :class:`Claim` out. No I/O,
no clock. Money is Decimal; each item is rounded once (fen, half up); totals are sums of items.

How it computes (articles in each item's ``rule``):

1. Principal = money actually delivered (民法典第670条; 民间借贷规定第26条), per tranche, less principal
   repaid. Each tranche is split into parts by due date (one due date, or the instalment plan, the
   earliest instalments taken from the earliest tranches). An ``acceleration_date`` on or before
   the computation date makes every later part due on that date.
2. Time is cut at each repayment date. On each stretch every outstanding part accrues term interest
   from delivery to its due date and overdue interest from the day after (逾期还款之日起) to the
   computation date, at the rate :mod:`pipeline.law.interest` decides (caps, transitional split,
   1 × LPR default). Parts with equal dates and rates are printed as one item.
   ``settings.interest_convention`` "monthly" (按月计息) counts interest items in whole months by
   the corresponding day plus remaining days (:func:`.interest.month_split`); the lines the amounts
   are compared with (规定第29条 line, 24 % warning) are measured the same way, so "at the line rate"
   still means "equal to the line". 违约金 stays day-counted (not interest). Monthly contracts stop
   interest on repaid principal from the repayment day itself (算头不算尾): a repayment on R closes
   the stretch on R − 1 (or prints R as an uncounted end with ``count_end_day`` false) and the next
   stretch starts on R, so a borrower who paid each month's interest to the fen owes none for it.
3. On a repayment date the payment is applied to interest accrued to that date, then principal
   (民法典第561条), or per the recorded agreement (``to_principal``); see :mod:`.allocation`.
   Interest items show what was accrued (``accrued``), what payments covered (``paid``) and what
   is still claimed (``amount``). Payments are not applied to 违约金 (not "利息" in 第561条).
4. 违约金 (rate on overdue principal, or fixed) and claimed other fees are added; for 民间借贷
   overdue interest + 违约金 + fees together are held to the combined line (规定第29条; before
   2020-08-20 the 24 % line of 法释〔2015〕18号第30条): the excess is taken off 违约金 first, then
   fees (overdue interest has the firmest statutory footing, 违约金 is open to reduction under
   民法典第585条 anyway). For financial lenders nothing is cut, but a combined charge above 24 %/year
   gives a warning (法发〔2017〕22号第2条).
5. Procedure and court (:mod:`.procedure`); with a payment order the claim is recomputed without
   interest that rests on no agreement (民诉法解释第428条).
6. Court fees on the total (fees.py) and the limitation status (limitation.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from .. import schemas
from ..case.models import Case
from ..money import figures, quantize_money, rmb_words, zh_date
from .allocation import Allocation, allocate, principal_order
from .interest import (
    FINANCIAL,
    FINANCIAL_WARNING_RATE,
    PRIVATE,
    TRANSITION_DATE,
    RateDecision,
    Window,
    accrual_start,
    accrue,
    accrue_months,
    annual_rate,
    day_after,
    day_before,
    duration_text,
    formation_date,
    interest_formula,
    lpr_change_dates,
    month_split,
    overdue_rate,
    period_days,
    rate_text,
    term_rate,
    windows_for,
    financial_cap_basis,
)
from .lpr import LprTable, LprValue, default_table
from .procedure import Condition, CourtChoice, ProcedureDecision, ProcedureError, decide_procedure

from .fees import CourtFees, court_fees
from .limitation import Limitation, limitation_status

__all__ = [
    "Claim",
    "ClaimItem",
    "ItemPayment",
    "UntilPaid",
    "Totals",
    "CapNote",
    "Allocation",
    "Condition",
    "CourtChoice",
    "ProcedureDecision",
    "ProcedureError",
    "compute_claim",
    "format_claim_table",
    "claim_json_schema",
]

ZERO = Decimal("0.00")
ItemKind = Literal["principal", "term_interest", "overdue_interest", "penalty", "fee", "cost"]
_KIND_ORDER = {"principal": 0, "term_interest": 1, "overdue_interest": 2, "penalty": 3, "fee": 4, "cost": 5}
CAUSES = {
    "natural_person": "民间借贷纠纷",
    "company": "民间借贷纠纷",
    "bank": "金融借款合同纠纷",
    "consumer_finance": "金融借款合同纠纷",
    "card_issuer": "信用卡纠纷",
    "local_financial": "小额借款合同纠纷",
}


# ---------------------------------------------------------------- the claim


@dataclass(frozen=True)
class ItemPayment:
    """Part of one repayment applied to one item (民法典第561条)."""

    date: date  # the repayment's date
    amount: Decimal


@dataclass(frozen=True)
class ClaimItem:
    """One line of the claim. ``amount`` = ``accrued`` − ``paid`` − ``reduced_by``.

    Interest items are periods: ``start``/``end`` are the first and the last counted day (the
    event that opens the period is the day before ``start``, 民法典第201条), ``days`` their count.
    Items fully paid by repayments stay in the claim (amount 0.00) so that every documents can show
    what the creditor was entitled to and how it was reduced; ``paid_by`` says which repayment paid
    how much. A ``cost`` (实现债权的费用) has its date in ``start`` and ``end``.
    """

    kind: ItemKind
    label: str
    base: Decimal | None
    annual_rate: Decimal | None  # percent per year actually applied
    start: date | None
    end: date | None
    days: int | None
    amount: Decimal  # still claimed, 2 dp
    formula: str  # Chinese working, judgment style
    rule: str  # rule applied, with article
    capped: bool  # the agreed rate or the amount was cut to a legal limit
    accrued: Decimal = ZERO  # computed for the period (rounded once)
    paid: Decimal = ZERO  # covered by repayments (民法典第561条)
    reduced_by: Decimal = ZERO  # cut by a line (民间借贷规定第29条; 24 % for financial loans)
    contractual: bool = True  # rests on the contract (False: statutory default rate)
    duration: str = ""  # 184天 / 1个月又1天 (按月计息) — as the formula prints it after 共
    paid_by: tuple[ItemPayment, ...] = ()
    agreed_rate: Decimal | None = None  # annualised contract rate when the applied rate was cut to a cap
    agreed_amount: Decimal | None = None  # the period at that agreed rate (the cut is agreed_amount − accrued)
    overdue_rate_agreed: bool = True  # overdue interest: False when no overdue rate was agreed (民诉法解释第428条)
    evidence_ids: tuple[str, ...] = ()  # costs: the invoices and payment records


@dataclass(frozen=True)
class UntilPaid:
    """Interest that keeps running after the computation date, "自…起至实际清偿之日止".

    One per rate: the base is all the still-open principal that bears that rate after the cut-off.
    ``floating_lpr``: the rate is the one-year LPR as published from time to time (overdue_lpr_mode
    floating), not the figure in ``annual_rate``.
    """

    kind: ItemKind
    label: str  # 逾期利息
    base: Decimal
    annual_rate: Decimal
    start: date  # the day after the computation date
    floating_lpr: bool
    text: str  # 以40,000.00元为基数，自2026年4月1日起按年利率24%计算至实际清偿之日止


@dataclass(frozen=True)
class Totals:
    principal: Decimal
    interest: Decimal  # term + overdue interest still claimed
    penalty: Decimal
    fees: Decimal  # other fees (服务费等), not court fees
    total: Decimal
    total_words: str  # 人民币大写
    total_figures: str  # 1,234.56
    costs: Decimal = ZERO  # 实现债权的费用 claimed (律师费、保全费…)


@dataclass(frozen=True)
class CapNote:
    kind: Literal["term_rate", "overdue_rate", "combined", "financial_24"]
    limit_rate: Decimal | None  # percent per year
    lpr: LprValue | None
    basis: str
    reduced_by: Decimal


@dataclass(frozen=True)
class Claim:
    case_id: str
    as_of: date
    regime: Literal["private_lending", "financial"]
    cause: str
    delivered: Decimal
    face_principal: Decimal
    withheld: Decimal
    principal_outstanding: Decimal
    items: tuple[ClaimItem, ...]
    repayments: tuple[Allocation, ...]
    totals: Totals
    caps: tuple[CapNote, ...]
    fees: CourtFees | None
    limitation: Limitation | None
    procedure: ProcedureDecision
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = ()  # items not claimed and why (e.g. no interest agreed)
    until_paid: tuple[UntilPaid, ...] = ()  # interest running after as_of, per rate and base
    until_paid_text: str = ""  # the statutory sentence for all of them ("" when none)
    until_paid_claimed: bool = False  # the filing claims it (complaint; payment order per settings)
    transitional_request: str = ""  # 规定第31条第2款 express request ("" when it does not apply)
    calculation_text: str = ""  # the full working: request, every segment incl. those repayments absorbed

    def to_json(self) -> dict[str, Any]:
        """The documented shape (schemas/claim.schema.json): money as '1234.50', rates as '14.6', dates ISO."""
        return {
            "schema": "claim/2",
            "case_id": self.case_id,
            "as_of": self.as_of.isoformat(),
            "regime": self.regime,
            "cause": self.cause,
            "delivered": _m(self.delivered),
            "face_principal": _m(self.face_principal),
            "withheld": _m(self.withheld),
            "principal_outstanding": _m(self.principal_outstanding),
            "items": [_item_json(i) for i in self.items],
            "repayments": [
                {
                    "date": a.date.isoformat(),
                    "amount": _m(a.amount),
                    "to_costs": _m(a.to_costs),
                    "to_interest": _m(a.to_interest),
                    "to_principal": _m(a.to_principal),
                    "surplus": _m(a.surplus),
                    "agreed": a.agreed,
                    "note": a.note,
                }
                for a in self.repayments
            ],
            "totals": {
                "principal": _m(self.totals.principal),
                "interest": _m(self.totals.interest),
                "penalty": _m(self.totals.penalty),
                "fees": _m(self.totals.fees),
                "costs": _m(self.totals.costs),
                "total": _m(self.totals.total),
                "total_words": self.totals.total_words,
                "total_figures": self.totals.total_figures,
            },
            "caps": [
                {
                    "kind": c.kind,
                    "limit_rate": _r(c.limit_rate),
                    "lpr": None
                    if c.lpr is None
                    else {"rate": _r(c.lpr.rate), "published": c.lpr.published.isoformat(), "kind": c.lpr.kind},
                    "basis": c.basis,
                    "reduced_by": _m(c.reduced_by),
                }
                for c in self.caps
            ],
            "fees": _plain(self.fees),
            "limitation": _plain(self.limitation),
            "procedure": {
                "kind": self.procedure.kind,
                "title": self.procedure.title,
                "conditions": [
                    {"name": c.name, "ok": c.ok, "detail": c.detail, "basis": c.basis} for c in self.procedure.conditions
                ],
                "reasons": list(self.procedure.reasons),
                "court": {
                    "name": self.procedure.court.name,
                    "basis": self.procedure.court.basis,
                    "needs_naming": self.procedure.court.needs_naming,
                },
                "excluded_items": list(self.procedure.excluded_items),
            },
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "until_paid": [
                {
                    "kind": u.kind,
                    "label": u.label,
                    "base": _m(u.base),
                    "annual_rate": _r(u.annual_rate),
                    "start": u.start.isoformat(),
                    "floating_lpr": u.floating_lpr,
                    "text": u.text,
                }
                for u in self.until_paid
            ],
            "until_paid_text": self.until_paid_text,
            "until_paid_claimed": self.until_paid_claimed,
            "transitional_request": self.transitional_request,
            "calculation_text": self.calculation_text,
        }


def _m(v: Decimal | None) -> str | None:
    return None if v is None else f"{quantize_money(v):.2f}"


def _r(v: Decimal | None) -> str | None:
    if v is None:
        return None
    return format(Decimal(v).normalize(), "f")


def _item_json(i: ClaimItem) -> dict[str, Any]:
    return {
        "kind": i.kind,
        "label": i.label,
        "base": _m(i.base),
        "annual_rate": _r(i.annual_rate),
        "start": i.start.isoformat() if i.start else None,
        "end": i.end.isoformat() if i.end else None,
        "days": i.days,
        "accrued": _m(i.accrued),
        "paid": _m(i.paid),
        "reduced_by": _m(i.reduced_by),
        "amount": _m(i.amount),
        "formula": i.formula,
        "rule": i.rule,
        "capped": i.capped,
        "contractual": i.contractual,
        "duration": i.duration,
        "paid_by": [{"date": p.date.isoformat(), "amount": _m(p.amount)} for p in i.paid_by],
        "agreed_rate": _r(i.agreed_rate),
        "agreed_amount": _m(i.agreed_amount),
        "overdue_rate_agreed": i.overdue_rate_agreed,
        "evidence_ids": list(i.evidence_ids),
    }


def _plain(obj: Any) -> Any:
    """Other stages' results (CourtFees, Limitation) as JSON: their to_json, else their fields."""
    if obj is None:
        return None
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if hasattr(obj, "model_dump"):
        return _plain(obj.model_dump())
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, Decimal):
        return _m(obj) if obj == obj.quantize(Decimal("0.01")) else format(obj.normalize(), "f")
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


# ---------------------------------------------------------------- computation


@dataclass
class _Part:
    """A part of one tranche with one due date."""

    lot: int
    delivered_on: date
    accrual_from: date  # the event day interest runs from (later of delivery and term_start), not counted
    formed: date
    due: date
    original: Decimal
    outstanding: Decimal
    windows: list[Window]


@dataclass
class _Item:
    kind: ItemKind
    label: str
    base: Decimal
    rate: Decimal
    start: date  # first counted day
    end: date  # last counted day
    days: int
    decision: RateDecision
    window: Window
    accrued: Decimal
    at_agreed: Decimal  # amount at the agreed rate (for CapNote.reduced_by)
    paid: Decimal = ZERO
    reduced: Decimal = ZERO
    months: int | None = None  # 按月计息: whole months in the period …
    rest_days: int = 0  # … and the days beyond them (``days`` stays the period's counted days)
    paid_by: list[ItemPayment] = field(default_factory=list)


@dataclass
class _Cost:
    """A cost of realising the debt (``Case.costs``) that the claim asks the debtor to bear."""

    label: str
    on: date
    amount: Decimal
    rule: str
    contractual: bool  # rests on the contract (False: 诉讼费用交纳办法第38条第3款)
    in_cap: bool  # counted within the combined line (规定第29条 / 24 %): settings.lawyer_fee_in_cap
    evidence_ids: tuple[str, ...]
    paid: Decimal = ZERO
    reduced: Decimal = ZERO
    paid_by: list[ItemPayment] = field(default_factory=list)


@dataclass
class _State:
    case: Case
    as_of: date
    table: LprTable
    basis: int
    drop_statutory: bool
    monthly: bool  # settings.interest_convention == "monthly"
    provisional: bool  # the period running to as_of says 暂计 (complaint), or 计 (payment order: 数额确定)
    # Overdue principal per period and rule window, whether or not overdue interest is claimed:
    # the combined line is measured on these (key: start, end, window cap, window basis).
    overdue_line: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)
    costs: list[_Cost] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _interest(
    st: _State, kind: ItemKind, base: Decimal, rate: Decimal, start: date, end: date
) -> tuple[Decimal, int | None, int]:
    """Unrounded amount of one item over the counted days start..end, with (whole months, remaining
    days) when counted by month.

    Day-counted (daily convention, and 违约金 always): (amount, None, counted days).
    """
    if st.monthly and kind in ("term_interest", "overdue_interest"):
        months, rest = month_split(start, end)
        return accrue_months(base, rate, months, rest, st.basis), months, rest
    days = period_days(start, end)
    return accrue(base, rate, days, st.basis), None, days


def _warn(st: _State, text: str) -> None:
    if text not in st.warnings:
        st.warnings.append(text)


def _note(st: _State, text: str) -> None:
    if text not in st.notes:
        st.notes.append(text)


def _parts(st: _State, filing: date) -> list[_Part]:
    case, loan = st.case, st.case.loan
    lots = sorted(
        [(d.date, d.amount, i) for i, d in enumerate(loan.disbursements)], key=lambda t: (t[0], t[2])
    )
    late = [d for d in lots if d[0] > st.as_of]
    if late:
        _warn(st, f"有{len(late)}笔出借晚于计算截止日{zh_date(st.as_of)}，未计入")
    lots = [d for d in lots if d[0] <= st.as_of]
    if loan.instalments:
        schedule = [(i.due_date, i.principal) for i in loan.instalments]
    else:
        assert loan.due_date is not None  # validation guarantees due_date or instalments
        schedule = [(loan.due_date, sum((d[1] for d in lots), ZERO))]
    accel = case.procedure.acceleration_date
    if accel is not None and accel > st.as_of:
        _warn(st, f"宣布提前到期日{zh_date(accel)}晚于计算截止日，本次计算未按提前到期处理")
        accel = None
    parts: list[_Part] = []
    queue = [[d, a, i] for d, a, i in lots]
    for due, amount in schedule:
        if accel is not None and due > accel:
            due = accel
        need = Decimal(amount)
        while need > 0 and queue:
            lot_date, avail, idx = queue[0]
            take = min(need, avail)
            formed = formation_date(case, lot_date)
            parts.append(
                _Part(
                    idx, lot_date, accrual_start(lot_date, loan.term_start), formed, max(due, lot_date), take, take,
                    windows_for(case, formed, filing, st.table, st.warnings),
                )
            )
            need -= take
            queue[0][1] = avail - take
            if queue[0][1] == 0:
                queue.pop(0)
    return parts


def _costs(st: _State) -> list[_Cost]:
    """The costs of realising the debt the debtor must bear (民法典第561条第（一）项 puts them first).

    Claimed where the contract makes the debtor bear them; a 保全费 also under 《诉讼费用交纳办法》
    第三十八条第三款 (the applicant may add it to the claims when suing). Others are noted, not claimed.
    """
    case = st.case
    out: list[_Cost] = []
    for i, c in enumerate(case.costs):
        label = c.label
        if c.date > st.as_of:
            _warn(st, f"{label}{figures(c.amount)}元（costs[{i}]）发生于计算截止日之后，未计入")
            continue
        in_cap = c.kind == "lawyer_fee" and case.settings.lawyer_fee_in_cap
        if c.contract_provides:
            clause = f"（{c.clause_ref}）" if c.clause_ref else ""
            rule = f"合同约定{label}等实现债权的费用由借款人负担{clause}；部分还款先抵充实现债权的有关费用（民法典第561条）"
            contractual = True
        elif c.kind == "preservation_fee":
            rule = "申请保全措施的申请费由申请人负担，申请人提起诉讼的，可以将该申请费列入诉讼请求（《诉讼费用交纳办法》第三十八条第三款）"
            contractual = False
        else:
            _note(
                st,
                f"{label}{figures(c.amount)}元（{zh_date(c.date)}）未主张：合同未约定由债务人负担（costs[{i}].contract_provides），"
                "律师费等实现债权的费用一般须有约定方可由债务人承担",
            )
            continue
        if in_cap:
            rule += (
                "；与逾期利息、违约金、其他费用合计受民间借贷规定第29条限制（settings.lawyer_fee_in_cap）"
                if case.lender_category in PRIVATE
                else "；与罚息、违约金、其他费用合计按年利率24%为限（settings.lawyer_fee_in_cap）"
            )
        if st.drop_statutory and not contractual:
            _note(st, f"{label}：{rule}；申请支付令时不主张无合同约定的费用")
            continue
        out.append(_Cost(label, c.date, c.amount, rule, contractual, in_cap, tuple(c.evidence_ids)))
    return out


def _pieces(st: _State, part: _Part, start: date, end: date) -> list[tuple[ItemKind, date, date, RateDecision, Window]]:
    """Split the counted days start..end of one part into (kind, first, last, rate decision, window) pieces.

    Interest runs from the day after ``part.accrual_from`` (民法典第201条); term interest to the due
    date, overdue interest from the day after (逾期还款之日起, 规定第28条).
    """
    out: list[tuple[ItemKind, date, date, RateDecision, Window]] = []
    s = max(start, day_after(part.accrual_from))
    if s > end:
        return out
    phases: list[tuple[ItemKind, date, date]] = []
    if s <= part.due:
        phases.append(("term_interest", s, min(end, part.due)))
    o = max(s, day_after(part.due))
    if o <= end:
        phases.append(("overdue_interest", o, end))
    for kind, ps, pe in phases:
        for w in part.windows:
            clip = w.clip(ps, pe)
            if clip is None:
                continue
            cs, ce = clip
            if kind == "term_interest":
                out.append((kind, cs, ce, term_rate(st.case, w, st.basis), w))
                continue
            first_overdue = day_after(part.due)
            d = overdue_rate(st.case, w, st.basis, first_overdue, st.table, st.warnings)
            if d.lpr is not None and st.case.settings.overdue_lpr_mode == "floating":
                cuts = lpr_change_dates(st.table, cs, ce)
                bounds = [cs, *cuts]
                for j, b in enumerate(bounds):
                    be = day_before(bounds[j + 1]) if j + 1 < len(bounds) else ce
                    dj = overdue_rate(st.case, w, st.basis, b, st.table, st.warnings)
                    dj = dataclasses.replace(dj, rule=dj.rule + "；按各期LPR变动分段计算（浮动口径）")
                    out.append((kind, b, be, dj, w))
            else:
                out.append((kind, cs, ce, d, w))
    return out


_LABELS = {"term_interest": "借期内利息", "overdue_interest": "逾期利息", "penalty": "违约金"}


def _accrue_period(st: _State, parts: list[_Part], start: date, end: date, items: list[_Item]) -> None:
    """Accrue every outstanding part over the counted days start..end (a stretch between two events)."""
    merged: dict[tuple[Any, ...], _Item] = {}
    for part in parts:
        if part.outstanding <= 0:
            continue
        for kind, s, e, d, w in _pieces(st, part, start, end):
            if kind == "overdue_interest" and w.cap is not None:
                entry = st.overdue_line.setdefault((s, e, w.cap, w.cap_basis), [ZERO, w])
                entry[0] += part.outstanding
            if d.rate <= 0:
                if d.rule:
                    _note(st, f"{_LABELS[kind]}：{d.rule}")
                continue
            if st.drop_statutory and not d.contractual:
                _note(st, f"{_LABELS[kind]}（{zh_date(s)}至{zh_date(e)}）：{d.rule}；申请支付令时不主张无合同约定的利息（民诉法解释第428条第1款第（二）项）")
                continue
            key = (kind, s, e, d.rate, d.agreed_rate, d.rule, w.cap, w.regime)
            if key in merged:
                merged[key].base += part.outstanding
            else:
                merged[key] = _Item(kind, _LABELS[kind], part.outstanding, d.rate, s, e, 0, d, w, ZERO, ZERO)
        pen = st.case.loan.penalty
        if pen is not None and pen.kind == "rate" and pen.rate:
            o = max(start, day_after(part.due), day_after(part.accrual_from))
            if o <= end:
                prate = annual_rate(pen.rate, pen.unit, st.basis)
                unit = {"year": "年", "month": "月", "day": "日"}[pen.unit]
                w = part.windows[-1]
                if w.regime == "financial":
                    tail = "民法典第585条" + ("；与罚息、其他费用合计按年利率24%为限" if w.cap is not None else "")
                else:
                    tail = "与逾期利息、其他费用合计受民间借贷规定第29条限制"
                d = RateDecision(
                    prate, prate, False, True,
                    f"按合同约定，违约金以逾期本金为基数按{unit}{rate_text(pen.rate)}计算（折合年{rate_text(prate)}）；" + tail,
                )
                key = ("penalty", o, end, prate, w.cap)
                if key in merged:
                    merged[key].base += part.outstanding
                else:
                    merged[key] = _Item("penalty", "违约金", part.outstanding, prate, o, end, 0, d, w, ZERO, ZERO)
    for it in merged.values():
        it.days = period_days(it.start, it.end)
        amount, it.months, it.rest_days = _interest(st, it.kind, it.base, it.rate, it.start, it.end)
        it.accrued = quantize_money(amount)
        agreed = it.decision.agreed_rate if it.decision.capped and it.decision.agreed_rate else it.rate
        it.at_agreed = quantize_money(_interest(st, it.kind, it.base, agreed, it.start, it.end)[0])
        items.append(it)


def _apply_repayment(st: _State, r: Any, parts: list[_Part], items: list[_Item]) -> Allocation:
    """Apply one repayment to costs, interest accrued through its date, then principal (民法典第561条)."""
    interest_items = sorted(
        (i for i in items if i.kind in ("term_interest", "overdue_interest") and i.end <= r.date),
        key=lambda i: (i.end, i.start, _KIND_ORDER[i.kind]),
    )
    interest_due = sum((i.accrued - i.paid for i in interest_items), ZERO)
    costs = sorted((c for c in st.costs if c.on <= r.date and c.amount - c.paid > 0), key=lambda c: c.on)
    costs_due = sum((c.amount - c.paid for c in costs), ZERO)
    live = [p for p in parts if p.delivered_on <= r.date and p.outstanding > 0]
    principal_due = sum((p.outstanding for p in live), ZERO)
    alloc = allocate(
        r.date, r.amount, costs_due=costs_due, interest_due=interest_due, principal_due=principal_due,
        agreed_to_principal=r.to_principal,
    )
    left = alloc.to_costs
    for c in costs:
        if left <= 0:
            break
        take = min(left, c.amount - c.paid)
        c.paid += take
        c.paid_by.append(ItemPayment(r.date, take))
        left -= take
    left = alloc.to_interest
    for it in interest_items:
        if left <= 0:
            break
        take = min(left, it.accrued - it.paid)
        if take <= 0:
            continue
        it.paid += take
        it.paid_by.append(ItemPayment(r.date, take))
        left -= take
    left = alloc.to_principal
    order = principal_order([(p.due, _part_rate(st, p), p.delivered_on) for p in live], r.date)
    for k in order:
        if left <= 0:
            break
        take = min(left, live[k].outstanding)
        live[k].outstanding -= take
        left -= take
    if alloc.surplus:
        _warn(st, f"{zh_date(r.date)}的还款超出当时全部欠款{figures(alloc.surplus)}元，请核对还款记录")
    return alloc


def _part_rate(st: _State, p: _Part) -> Decimal:
    return term_rate(st.case, p.windows[-1], st.basis).rate


def _paid_text(paid_by: list[ItemPayment] | tuple[ItemPayment, ...]) -> str:
    """；已由2020年12月31日的还款冲抵40,000.00元 (one clause per repayment)."""
    if not paid_by:
        return ""
    return "；已由" + "、".join(f"{zh_date(p.date)}的还款冲抵{figures(p.amount)}元" for p in paid_by)


def _finish_item(st: _State, it: _Item) -> ClaimItem:
    amount = it.accrued - it.paid - it.reduced
    # Only the period still running on the computation date is provisional, and only in a complaint.
    provisional = st.provisional and it.end == st.as_of
    if it.months is None:
        formula = interest_formula(it.base, it.rate, it.start, it.end, it.days, it.accrued, provisional=provisional)
        duration = duration_text(it.days)[1:]
    else:
        formula = interest_formula(
            it.base, it.rate, it.start, it.end, it.rest_days, it.accrued, it.months, provisional=provisional
        )
        duration = duration_text(it.rest_days, it.months)[1:]
    pen = st.case.loan.penalty
    if it.kind == "penalty" and pen is not None and pen.unit == "day" and pen.rate is not None:
        # base × daily rate × days equals base × (daily × basis) × days / basis: print the agreed form.
        formula = (
            f"以逾期本金{figures(it.base)}元为基数，按日{rate_text(pen.rate)}，"
            f"自{zh_date(it.start)}起计算至{zh_date(it.end)}止，共{it.days}天，{'暂计' if provisional else '计'}{figures(it.accrued)}元"
        )
    capped = it.decision.capped and it.decision.agreed_rate is not None and it.at_agreed > it.accrued
    if capped:
        formula += (
            f"（约定年利率{rate_text(it.decision.agreed_rate)}，按约定计{figures(it.at_agreed)}元，"
            f"超过{it.window.cap_reason}的部分{figures(it.at_agreed - it.accrued)}元不予主张）"
        )
    formula += _paid_text(it.paid_by)
    if it.reduced:
        formula += f"；因超过合计上限调减{figures(it.reduced)}元"
    if it.paid:
        formula += f"，尚欠{figures(amount)}元"
    elif it.reduced:
        formula += f"，实际主张{figures(amount)}元"
    return ClaimItem(
        kind=it.kind,
        label=it.label,
        base=it.base,
        annual_rate=it.rate,
        start=it.start,
        end=it.end,
        days=it.days,
        amount=amount,
        formula=formula,
        rule=it.decision.rule,
        capped=it.decision.capped or it.reduced > 0,
        accrued=it.accrued,
        paid=it.paid,
        reduced_by=it.reduced,
        contractual=it.decision.contractual,
        duration=duration,
        paid_by=tuple(it.paid_by),
        agreed_rate=it.decision.agreed_rate if capped else None,
        agreed_amount=it.at_agreed if capped else None,
        overdue_rate_agreed=it.decision.overdue_rate_agreed,
    )


@dataclass
class _Fixed:
    kind: ItemKind
    label: str
    accrued: Decimal
    formula: str
    rule: str
    reduced: Decimal = ZERO


def _compute(
    case: Case, as_of: date, table: LprTable, drop_statutory: bool, provisional: bool = True
) -> tuple[list[ClaimItem], list[Allocation], list[CapNote], _State, list[_Part]]:
    st = _State(
        case, as_of, table, case.settings.day_count_basis, drop_statutory,
        case.settings.interest_convention == "monthly", provisional,
    )
    filing = case.procedure.filing_date or as_of
    parts = _parts(st, filing)
    st.costs = _costs(st)
    repayments = sorted(
        [r for r in case.repayments if r.date <= as_of], key=lambda r: r.date
    )  # stable: same-day payments keep their recorded order
    if len(repayments) < len(case.repayments):
        _warn(st, f"有{len(case.repayments) - len(repayments)}笔还款晚于计算截止日{zh_date(as_of)}，未计入")
    # ``counted`` is the last day already accrued: each stretch is (counted, next event] (民法典第201条),
    # so stretches join without a day counted twice or lost. A repayment on R pays the interest
    # accrued through R; the principal it repays stops bearing interest from R + 1.
    counted = min(p.accrual_from for p in parts) if parts else as_of
    items: list[_Item] = []
    allocations: list[Allocation] = []
    for r in repayments:
        if r.date > counted:
            _accrue_period(st, parts, day_after(counted), r.date, items)
            counted = r.date
        allocations.append(_apply_repayment(st, r, parts, items))
    if as_of > counted:
        _accrue_period(st, parts, day_after(counted), as_of, items)

    private = case.lender_category in PRIVATE
    fixed: list[_Fixed] = []
    pen = case.loan.penalty
    if pen is not None and pen.kind == "fixed" and pen.amount:
        tail = "；与逾期利息、其他费用合计受民间借贷规定第29条限制" if private else (
            "；与罚息、其他费用合计按年利率24%为限" if case.settings.financial_charges_cap else ""
        )
        fixed.append(
            _Fixed("penalty", "违约金", pen.amount, f"按合同约定的固定违约金{figures(pen.amount)}元", "合同约定的违约金（民法典第585条）" + tail)
        )
    for fee in case.loan.other_fees:
        if not fee.claimed:
            continue
        rule = "合同约定的费用" + (
            "；与逾期利息、违约金合计受民间借贷规定第29条限制" if private else "；以服务费等名义变相收取利息的，法院可酌减（九民纪要第51条）"
        )
        fixed.append(_Fixed("fee", fee.name, fee.amount, f"按合同约定的{fee.name}{figures(fee.amount)}元", rule))

    if private:
        caps = _rate_cap_notes(items)
        caps += _combined_cap(st, items, fixed)
    elif case.settings.financial_charges_cap:
        caps = _financial_cap(st, items, fixed)
    else:
        caps = []
        _financial_warning(st, items, fixed, caps)

    out: list[ClaimItem] = [_finish_item(st, it) for it in items]
    for f in fixed:
        amount = f.accrued - f.reduced
        formula = f.formula + (f"；因超过合计上限调减{figures(f.reduced)}元，实际主张{figures(amount)}元" if f.reduced else "")
        out.append(
            ClaimItem(f.kind, f.label, None, None, None, None, None, amount, formula, f.rule, f.reduced > 0,
                      accrued=f.accrued, reduced_by=f.reduced)
        )
    for c in st.costs:
        amount = c.amount - c.paid - c.reduced
        formula = f"{zh_date(c.on)}支出{c.label}{figures(c.amount)}元" + _paid_text(c.paid_by)
        if c.reduced:
            formula += f"；因超过合计上限调减{figures(c.reduced)}元"
        if c.paid or c.reduced:
            formula += f"，{'尚欠' if c.paid else '实际主张'}{figures(amount)}元"
        out.append(
            ClaimItem("cost", c.label, None, None, c.on, c.on, None, amount, formula, c.rule, c.reduced > 0,
                      accrued=c.amount, paid=c.paid, reduced_by=c.reduced, contractual=c.contractual,
                      paid_by=tuple(c.paid_by), evidence_ids=c.evidence_ids)
        )
    # Keep every period that has days (even if it rounds to 0.00, or repayments absorbed it), drop empty ones.
    out = [i for i in out if i.amount > 0 or i.paid > 0 or i.reduced_by > 0 or (i.days or 0) > 0]
    out.sort(key=lambda i: (_KIND_ORDER[i.kind], i.start or date.max, i.end or date.max, i.label))
    return out, allocations, caps, st, parts


def _rate_cap_notes(items: list[_Item]) -> list[CapNote]:
    notes: dict[tuple[Any, ...], list[Any]] = {}
    for it in items:
        if not it.decision.capped or it.kind not in ("term_interest", "overdue_interest"):
            continue
        kind = "term_rate" if it.kind == "term_interest" else "overdue_rate"
        key = (kind, it.window.cap, it.window.cap_basis)
        entry = notes.setdefault(key, [kind, it.window, it.decision.agreed_rate, ZERO])
        entry[3] += it.at_agreed - it.accrued
    out = []
    for kind, w, agreed, reduced in notes.values():
        what = "借期内利率" if kind == "term_rate" else "逾期利率"
        out.append(
            CapNote(kind, w.cap, w.cap_lpr, f"约定{what}年{rate_text(agreed)}超过上限，按年{rate_text(w.cap)}计算：{w.cap_basis}", reduced)
        )
    return out


def _cut_to_line(st: _State, items: list[_Item], fixed: list[_Fixed]) -> tuple[Decimal, Decimal, Decimal, dict[str, Window]]:
    """Hold overdue interest + 违约金 + other fees (+ 律师费 in the cap) to the line on the overdue principal.

    The line is the window's cap (规定第29条: 4 × LPR; before 2020-08-20 24 %; financial loans 24 %)
    on the overdue principal over each overdue period, rounded per period like the interest items,
    so a claim at the line rate never exceeds it by rounding. The excess is taken off 违约金 first
    (latest period first), then the other fees (last listed first), then 律师费 counted in the cap.
    Returns (line, claimed, cut, windows).
    """
    overdue = [i for i in items if i.kind == "overdue_interest"]
    penalties = [i for i in items if i.kind == "penalty"]
    fixed_pen = [f for f in fixed if f.kind == "penalty"]
    fees = [f for f in fixed if f.kind == "fee"]
    costs = [c for c in st.costs if c.in_cap]
    windows: dict[str, Window] = {}
    if not penalties and not fixed and not costs:
        return ZERO, ZERO, ZERO, windows
    line = ZERO
    for (s, e, cap, _basis), (base, w) in sorted(st.overdue_line.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        line += quantize_money(_interest(st, "overdue_interest", base, cap, s, e)[0])
        windows.setdefault(w.cap_basis, w)
    claimed = (
        sum((i.accrued for i in overdue), ZERO)
        + sum((i.accrued for i in penalties), ZERO)
        + sum((f.accrued for f in fixed), ZERO)
        + sum((c.amount for c in costs), ZERO)
    )
    if claimed <= line:
        return line, claimed, ZERO, windows
    excess = claimed - line
    cut_total = ZERO
    targets: list[Any] = [*sorted(penalties, key=lambda i: i.start, reverse=True), *reversed(fixed_pen), *reversed(fees)]
    for target in targets:
        if excess <= 0:
            break
        avail = target.accrued - getattr(target, "paid", ZERO) - target.reduced
        take = min(max(avail, ZERO), excess)
        target.reduced += take
        excess -= take
        cut_total += take
    for c in reversed(costs):
        if excess <= 0:
            break
        take = min(max(c.amount - c.paid - c.reduced, ZERO), excess)
        c.reduced += take
        excess -= take
        cut_total += take
    if excess > 0:
        _warn(
            st,
            f"逾期利息、违约金及其他费用合计仍超过上限{figures(excess)}元：超出部分已由还款冲抵（民法典第561条先抵充费用），"
            "本计算不再调减已冲抵的金额，请人工核对抵充顺序",
        )
    return line, claimed, cut_total, windows


def _combined_cap(st: _State, items: list[_Item], fixed: list[_Fixed]) -> list[CapNote]:
    """民间借贷规定第29条 (and 2015 规定第30条 before 2020-08-20): overdue charges together ≤ the line."""
    line, claimed, cut_total, windows = _cut_to_line(st, items, fixed)
    if claimed <= line:
        return []
    caps_used = sorted({w.cap for w in windows.values() if w.cap is not None})
    limit = caps_used[0] if len(caps_used) == 1 else None
    lpr = next((w.cap_lpr for w in windows.values() if w.cap_lpr is not None), None)
    transitional = any(w.regime != "private" for w in windows.values())
    lawyer = any(c.in_cap for c in st.costs)
    basis = (
        "逾期利息、违约金和其他费用总计不得超过一年期贷款市场报价利率四倍计算的数额（民间借贷规定第29条"
        + ("；2020年8月19日前按年利率24%，法释〔2015〕18号第30条" if transitional else "")
        + "）："
        + "；".join(w.cap_basis for w in windows.values())
        + f"。按该上限计算的逾期期间合计{figures(line)}元，主张合计{figures(claimed)}元，超出部分依次从违约金、其他费用"
        + ("、律师费（计入上限，settings.lawyer_fee_in_cap）" if lawyer else "")
        + "中调减"
    )
    if not windows:
        basis += "（截至计算截止日尚无逾期期间）"
    return [CapNote("combined", limit, lpr, basis, cut_total)]


def _financial_cap(st: _State, items: list[_Item], fixed: list[_Fixed]) -> list[CapNote]:
    """settings.financial_charges_cap: a financial lender's charges held to 24 %/year, line by line.

    The rates above 24 % were already cut in the rate windows (借期内利率, 罚息): each item shows
    the agreed amount and the cut. Then 罚息 + 违约金 + other fees (+ 律师费 in the cap) over the
    overdue periods are held to 24 % on the overdue principal (法发〔2017〕22号第2条; 九民纪要第51条),
    the excess taken off 违约金, then the fees. One ``financial_24`` note sums it all up.
    """
    term_cut = sum((i.at_agreed - i.accrued for i in items if i.kind == "term_interest" and i.decision.capped), ZERO)
    od_capped = [i for i in items if i.kind == "overdue_interest" and i.decision.capped]
    od_cut = sum((i.at_agreed - i.accrued for i in od_capped), ZERO)
    line, claimed, cut_total, _windows = _cut_to_line(st, items, fixed)
    total = term_cut + od_cut + cut_total
    if total <= 0:
        return []
    found = []
    if term_cut:
        found.append(f"借期内利息按约定利率计算超过年利率24%的部分{figures(term_cut)}元不予主张")
    if od_cut:
        agreed = sorted({i.decision.agreed_rate for i in od_capped if i.decision.agreed_rate is not None})
        rates = "、".join(f"年{rate_text(a)}" for a in agreed)
        found.append(f"罚息（逾期利息）约定{rates}，超过年利率24%的部分{figures(od_cut)}元不予主张")
    if cut_total:
        found.append(
            f"逾期期间的罚息、违约金及其他费用合计{figures(claimed)}元，超过以逾期本金按年利率24%计算的{figures(line)}元，"
            f"超出的{figures(cut_total)}元依次从违约金、其他费用中调减"
        )
    basis = (
        financial_cap_basis(st.case.lender_category)
        + "。"
        + "；".join(found)
        + f"；合计调减{figures(total)}元"
    )
    _note(st, f"金融借款综合息费已按年利率24%为限主张，合计调减{figures(total)}元（法发〔2017〕22号第2条；九民纪要第51条），逐项见计算过程；"
          "如需按合同约定全额主张，可将 settings.financial_charges_cap 设为 false")
    return [CapNote("financial_24", FINANCIAL_WARNING_RATE, None, basis, total)]


def _financial_warning(st: _State, items: list[_Item], fixed: list[_Fixed], caps: list[CapNote]) -> None:
    """法发〔2017〕22号第2条: flag (never cut) charges above 24 %/year, period by period.

    The 24 % line is an annual rate, so it is measured where the charges accrue: the term interest
    against 24 % on the same principal and days, and the overdue charges (罚息/逾期利息 + 违约金 +
    other fees) against 24 % on the overdue principal over the overdue periods — a low term rate
    must not hide a 罚息 above 24 % (the court reduces the overdue rate itself). The whole-life
    comparison is kept as a third test.
    """
    rate = FINANCIAL_WARNING_RATE

    def line_of(its: list[_Item]) -> Decimal:
        return sum((quantize_money(_interest(st, i.kind, i.base, rate, i.start, i.end)[0]) for i in its), ZERO)

    term = [i for i in items if i.kind == "term_interest"]
    overdue = [i for i in items if i.kind == "overdue_interest"]
    penalties = [i for i in items if i.kind == "penalty"]
    fixed_total = sum((f.accrued for f in fixed), ZERO) + sum((c.amount for c in st.costs if c.in_cap), ZERO)
    findings: list[str] = []
    term_charges = sum((i.accrued for i in term), ZERO)
    term_line = line_of(term)
    if term and term_charges > term_line:
        findings.append(f"借期内利息{figures(term_charges)}元，超过以同一本金、同一期间按年利率24%计算的{figures(term_line)}元")
    measure = overdue or penalties  # overdue principal × overdue days, counted once
    if measure:
        od_charges = sum((i.accrued for i in overdue), ZERO) + sum((i.accrued for i in penalties), ZERO) + fixed_total
        od_line = line_of(measure)
        if od_charges > od_line:
            findings.append(
                f"逾期期间的罚息（逾期利息）、违约金及其他费用合计{figures(od_charges)}元，"
                f"超过以逾期本金按年利率24%计算的{figures(od_line)}元"
            )
    charges = term_charges + sum((i.accrued for i in overdue), ZERO) + sum((i.accrued for i in penalties), ZERO) + fixed_total
    line = line_of(term + overdue)
    if not findings and charges > line:
        findings.append(f"利息、罚息、违约金及其他费用合计{figures(charges)}元，超过按年利率24%计算的{figures(line)}元")
    if findings:
        _warn(
            st,
            "；".join(findings) + "；"
            "借款人可以请求对总计超过年利率24%的部分予以调减（《最高人民法院关于进一步加强金融审判工作的若干意见》法发〔2017〕22号第2条），"
            "本计算按 settings.financial_charges_cap = false 未调减",
        )
        caps.append(
            CapNote(
                "financial_24", FINANCIAL_WARNING_RATE, None,
                "金融借款不适用一年期LPR四倍上限（法释〔2020〕27号），但借款人可请求调减总计超过年利率24%的部分（法发〔2017〕22号第2条）；"
                + "；".join(findings) + "；仅提示，未调减",
                ZERO,
            )
        )


def _not_due(parts: list[_Part], as_of: date) -> list[str]:
    out: dict[date, Decimal] = {}
    for p in parts:
        if p.outstanding > 0 and p.due > as_of:
            out[p.due] = out.get(p.due, ZERO) + p.outstanding
    return [f"本金{figures(a)}元于{zh_date(d)}到期" for d, a in sorted(out.items())]


def compute_claim(
    case: Case,
    *,
    as_of: date | None = None,
    lpr_table: LprTable | None = None,
    calendar: Any = None,
) -> Claim:
    """Compute the claim for ``case`` as of ``as_of`` (default ``case.computation_date``).

    Raises :class:`ProcedureError` when ``procedure.preferred`` is ``payment_order`` and a condition fails,
    and ``ValueError`` (Chinese) when the LPR table cannot answer for a needed date.
    """
    as_of = as_of or case.computation_date
    table = lpr_table or default_table()
    items, allocs, caps, st, parts = _compute(case, as_of, table, drop_statutory=False)
    statutory = sorted({i.label + "（法定标准）" for i in items if not i.contractual and i.amount > 0})
    decision = decide_procedure(case, as_of, not_due=_not_due(parts, as_of), non_contractual=statutory)
    po = decision.kind == "payment_order"
    if po:
        # A payment order asks for a fixed sum (数额确定, 民诉法解释第427条第1款第（二）项): no 暂计,
        # and nothing that rests on no agreement (第428条第1款第（二）项).
        items, allocs, caps, st, parts = _compute(
            case, as_of, table, drop_statutory=bool(decision.excluded_items), provisional=False
        )
        if decision.excluded_items:
            _warn(st, "申请支付令时，无合同约定的逾期利息（" + "、".join(decision.excluded_items) + "）不在请求之列（民诉法解释第428条第1款第（二）项）；如需主张，应改为起诉")
        default_overdue = [i for i in items if i.kind == "overdue_interest" and not i.overdue_rate_agreed and i.amount > 0]
        if default_overdue:
            _warn(
                st,
                "逾期利息合计" + figures(sum((i.amount for i in default_overdue), ZERO)) + "元系在借款合同未约定逾期利率的情况下，"
                "依法按借期内利率计算（民间借贷规定第28条第2款第（二）项；金融借款为民法典第676条）；"
                "民诉法解释第428条第1款第（二）项规定，债权债务关系文书未约定逾期利息、违约金而申请人坚持要求给付的，裁定驳回支付令申请，"
                "受理法院可能据此不支持该项。如担心申请被驳回，可从请求中删去该项，或改为起诉",
            )
    warnings = st.warnings
    if case.settings.count_end_day is not None:
        warnings.append(
            f"settings.count_end_day 已停用（case.json 中的值 {'true' if case.settings.count_end_day else 'false'} 不再起作用）："
            "利息一律自出借（或借期起算）的次日起算、计至计算截止日，开始的当日不计入（民法典第201条），"
            "各计息段首尾相接、不重复也不遗漏；请从 case.json 中删除该项"
        )
    if decision.kind == "payment_order" and case.procedure.preservation_wanted:
        warnings.append(
            "债权人拟申请财产保全，但实务中督促程序一般不受理财产保全申请，而已申请诉前保全的，支付令申请不予受理"
            "（民诉法解释第427条第1款第（七）项）；如需保全债务人财产，应改为起诉并同时申请诉讼保全（民事诉讼法第103条）"
        )
    agreed_instalments = [c for c in case.collection_log if c.outcome == "instalment_agreed"]
    if case.instalment_terms is not None or agreed_instalments:
        # A signed instalment plan defers the due date of what it covers: the filing draft is for
        # the default case only (规定14 interruption aside, 民法典第578条 acceleration on default).
        warnings.append(
            "案件记录显示双方已协商分期还款：分期还款协议签订后，债务人按期履行期间，未到期部分不得起诉或申请支付令；"
            + decision.title
            + "仅供债务人未签署协议或违约（加速到期）后使用，届时请更新计算截止日"
        )
    loan = case.loan
    delivered = sum((d.amount for d in loan.disbursements if d.date <= as_of), ZERO)
    face = loan.face_principal
    withheld = face - sum((d.amount for d in loan.disbursements), ZERO)
    principal_out = sum((p.outstanding for p in parts), ZERO)
    private = case.lender_category in PRIVATE
    if withheld > 0:
        principal_rule = "借款本金以实际出借金额为准（民法典第670条" + ("；民间借贷规定第26条）" if private else "）")
    else:
        principal_rule = "借款人应当按照约定的期限返还借款（民法典第675条）；本金按实际出借金额计算，扣除已还本金"
    repaid_principal = sum((a.to_principal for a in allocs), ZERO)
    pformula = f"实际出借{figures(delivered)}元"
    if withheld > 0:
        pformula += f"（借据载明{figures(face)}元，差额{figures(withheld)}元系预先扣除的利息，不计入本金）"
        warnings.insert(
            0,
            f"借据载明借款{figures(face)}元，实际出借{figures(delivered)}元，差额{figures(withheld)}元视为预先扣除的利息（砍头息），本金按实际出借金额计算（民法典第670条"
            + ("；民间借贷规定第26条）" if private else "）"),
        )
    if repaid_principal:
        pformula += f"，已还本金{figures(repaid_principal)}元"
    pformula += f"，尚欠本金{figures(principal_out)}元"
    all_items = [
        ClaimItem("principal", "借款本金", None, None, None, None, None, principal_out, pformula, principal_rule, False),
        *items,
    ]
    if case.loan.interest.kind == "unclear" and case.lender_category == "company":
        warnings.append("出借人为企业，借期内利息约定不明确：本计算暂不主张借期内利息；人民法院可以结合交易方式、交易习惯、市场报价利率等因素确定利息（民间借贷规定第24条第2款）")
    if case.lender_category in FINANCIAL and case.loan.interest.kind != "agreed" and case.loan.overdue_interest.kind != "agreed":
        warnings.append("金融借款未约定利率：本计算未主张逾期利息；可以考虑按一年期LPR主张资金占用损失（民法典第676条）")
    if any(p.formed < date(2020, 8, 20) for p in parts) and private and case.repayments:
        agreed = case.loan.interest
        if agreed.kind == "agreed" and annual_rate(agreed.rate, agreed.unit, st.basis) > 24:
            warnings.append("合同成立于2020年8月20日前且约定利率超过24%：已支付的24%至36%部分利息依当时规定不予返还，本计算按支持上限抵充，可能对债务人更有利，请人工核对")
    until_paid = _until_paid(case, items, as_of)
    until_paid_claimed = bool(until_paid) and (not po or case.settings.payment_order_until_paid)
    if po and until_paid and not until_paid_claimed:
        _note(
            st,
            f"支付令只请求计算至{zh_date(as_of)}的确定金额（民诉法解释第427条第1款第（二）项：数额确定），未请求此后的逾期利息；"
            "“计至实际清偿之日止”的请求各地法院是否接受做法不一，如受理法院接受，可将 settings.payment_order_until_paid 设为 true",
        )
    transitional = _transitional_request(case, items, parts)
    calculation = [transitional] if transitional else []
    calculation += [f"{i.label}：{i.formula}" for i in items if i.kind in ("term_interest", "overdue_interest")]
    totals = _totals(all_items)
    if totals.total >= Decimal("100000000"):
        warnings.append("诉讼标的额达到1亿元以上，可能属于中级人民法院管辖（法发〔2021〕27号），请核对级别管辖")
    fees = None
    if totals.total > 0:
        fees = court_fees(
            totals.total,
            summary=case.procedure.expected_procedure == "summary",
            preservation_amount=totals.total if case.procedure.preservation_wanted else None,
            rounding=case.settings.fee_rounding,
        )
    limitation = limitation_status(
        case,
        as_of,
        calendar=calendar,
        warn_days=case.settings.limitation_warn_days,
        from_acceleration=getattr(case.settings, "limitation_from_acceleration", True),
    )
    for w in limitation.warnings:
        if w not in warnings:
            warnings.append(f"诉讼时效：{w}")
    if limitation.status in ("expired", "expiring"):
        head = "诉讼时效已届满" if limitation.status == "expired" else "诉讼时效即将届满"
        warnings.insert(0, f"{head}（最后一日{zh_date(limitation.last_day)}），请立即核对并采取中断措施或尽快起诉")
    return Claim(
        case_id=case.case_id,
        as_of=as_of,
        regime="private_lending" if private else "financial",
        cause=CAUSES[case.lender_category],
        delivered=delivered,
        face_principal=face,
        withheld=max(withheld, ZERO),
        principal_outstanding=principal_out,
        items=tuple(all_items),
        repayments=tuple(allocs),
        totals=totals,
        caps=tuple(caps),
        fees=fees,
        limitation=limitation,
        procedure=decision,
        warnings=tuple(warnings),
        notes=tuple(st.notes),
        until_paid=until_paid,
        until_paid_text="；".join(u.text for u in until_paid),
        until_paid_claimed=until_paid_claimed,
        transitional_request=transitional,
        calculation_text="；".join(calculation),
    )


def _until_paid(case: Case, items: list[ClaimItem], as_of: date) -> tuple[UntilPaid, ...]:
    """Overdue interest that keeps running after ``as_of`` (民法典第676条), one entry per rate.

    The base is all the overdue principal still open on the computation date at that rate (every
    overdue item whose period runs to ``as_of``), at the rate the claim applies (already held to
    the cap: 4 × LPR, 24 % …). With ``overdue_lpr_mode`` floating the 1 × LPR default (规定第28条
    第2款第（一）项) follows the published LPR. The wording is the judgments': 以…元为基数，自…起按…
    计算至实际清偿之日止.
    """
    start = day_after(as_of)
    label = "逾期利息"  # the claim items' own label (金融借款: the 罚息 of the form)
    floating_mode = case.settings.overdue_lpr_mode == "floating"
    groups: dict[tuple[Decimal, bool], Decimal] = {}
    for it in items:
        if it.kind != "overdue_interest" or it.end != as_of or not it.base or not it.annual_rate:
            continue
        floating = floating_mode and "第28条第2款第（一）项" in it.rule
        key = (it.annual_rate, floating)
        groups[key] = groups.get(key, ZERO) + it.base
    out = []
    for (rate, floating), base in sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        how = "按同期全国银行间同业拆借中心公布的一年期贷款市场报价利率" if floating else f"按年利率{rate_text(rate)}"
        text = f"以{figures(base)}元为基数，自{zh_date(start)}起{how}计算{label}至实际清偿之日止"
        out.append(UntilPaid("overdue_interest", label, base, rate, start, floating, text))
    return tuple(out)


def _transitional_request(case: Case, items: list[ClaimItem], parts: list[_Part]) -> str:
    """The express request 规定第31条第2款 requires ("当事人请求适用当时的司法解释").

    For a contract formed before 2020-08-20 the interest to 2020-08-19 is computed under the 2015
    rules only on the party's request; the engine always uses them when they apply (they never give
    less: 24 % line, 6 % default overdue rate), so the filing must say so expressly.
    """
    if case.lender_category not in PRIVATE:
        return ""
    old = [i for i in items if i.kind in ("term_interest", "overdue_interest") and i.start and i.start < TRANSITION_DATE and i.accrued > 0]
    if not old:
        return ""
    formed = min(p.formed for p in parts if p.formed < TRANSITION_DATE)
    new_cap = next(
        (w.cap for p in parts for w in p.windows if w.regime == "private_transitional" and w.cap is not None), None
    )
    text = (
        "依照《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第三十一条第二款，"
        f"请求适用当时的司法解释即《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（法释〔2015〕18号）"
        f"计算自合同成立之日（{zh_date(formed)}）至2020年8月19日的利息"
    )
    if new_cap is not None:
        text += f"；自2020年8月20日起的利息适用起诉时的利率保护标准（一年期贷款市场报价利率的四倍，即年利率{rate_text(new_cap)}）"
    return text


def _totals(items: list[ClaimItem]) -> Totals:
    def s(*kinds: str) -> Decimal:
        return sum((i.amount for i in items if i.kind in kinds), ZERO)

    total = sum((i.amount for i in items), ZERO)
    return Totals(
        principal=s("principal"),
        interest=s("term_interest", "overdue_interest"),
        penalty=s("penalty"),
        fees=s("fee"),
        total=total,
        total_words=rmb_words(total),
        total_figures=figures(total),
        costs=s("cost"),
    )


# ---------------------------------------------------------------- text table


def format_claim_table(claim: Claim) -> str:
    """A readable Chinese table for ``cuishou calc``."""
    lines = [
        f"案件 {claim.case_id}　案由：{claim.cause}　计算截止日：{zh_date(claim.as_of)}",
        f"实际出借 {figures(claim.delivered)} 元；借据载明 {figures(claim.face_principal)} 元"
        + (f"；预扣 {figures(claim.withheld)} 元" if claim.withheld else ""),
        "",
        "序号  项目          金额（元）      计算过程",
    ]
    for n, it in enumerate(claim.items, 1):
        lines.append(f"{n:>3}  {it.label:<10}{figures(it.amount):>16}  {it.formula}")
        lines.append(f"{'':16}依据：{it.rule}")
    t = claim.totals
    lines += [
        "",
        f"本金 {figures(t.principal)} 元；利息 {figures(t.interest)} 元；违约金 {figures(t.penalty)} 元；其他费用 {figures(t.fees)} 元"
        + (f"；实现债权的费用 {figures(t.costs)} 元" if t.costs else ""),
        f"合计 {t.total_figures} 元（{t.total_words}）",
    ]
    if claim.until_paid_text:
        lines.append(
            ("并请求" if claim.until_paid_claimed else "（未请求）") + claim.until_paid_text
        )
    if claim.transitional_request:
        lines += ["", f"请求：{claim.transitional_request}"]
    if claim.repayments:
        lines += ["", "已还款抵充："] + [f"  - {a.note}" for a in claim.repayments]
    if claim.caps:
        lines += ["", "上限与调减："] + [
            f"  - {c.basis}" + (f"（调减 {figures(c.reduced_by)} 元）" if c.reduced_by else "") for c in claim.caps
        ]
    p = claim.procedure
    lines += ["", f"程序：{p.title}"] + [f"  - {r}" for r in p.reasons]
    lines += [f"  [{'✓' if c.ok else '✗'}] {c.name}：{c.detail}（{c.basis}）" for c in p.conditions]
    court = p.court.name or f"（待填写）{p.court.needs_naming}"
    lines += [f"法院：{court}", f"  依据：{p.court.basis}"]
    if claim.fees is not None:
        lines += ["", "诉讼费用："]
        lines += [f"  - {ln.label}：{figures(ln.amount)}元（{ln.formula}）" for ln in claim.fees.lines]
    if claim.limitation is not None:
        lim = claim.limitation
        status = {"running": "进行中", "expiring": "即将届满", "expired": "已届满", "waived": "已放弃时效抗辩"}.get(lim.status, lim.status)
        lines += ["", f"诉讼时效：{status}，最后一日{zh_date(lim.last_day)}"] + [f"  - {e}" for e in lim.explanation]
    if claim.notes:
        lines += ["", "说明："] + [f"  - {n}" for n in claim.notes]
    if claim.warnings:
        lines += ["", "提示："] + [f"  ! {w}" for w in claim.warnings]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- JSON Schema


def claim_json_schema() -> dict[str, Any]:
    """JSON Schema of :meth:`Claim.to_json` (hand-written; the shape is a public contract)."""
    money = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "金额（元），两位小数的字符串"}
    money_or_null = {"anyOf": [money, {"type": "null"}]}
    rate = {"anyOf": [{"type": "string", "pattern": r"^\d+(\.\d+)?$"}, {"type": "null"}], "description": "年利率（百分数），如 \"14.6\""}
    day = {"type": "string", "format": "date"}
    day_or_null = {"anyOf": [day, {"type": "null"}]}
    text = {"type": "string"}

    def obj(props: dict[str, Any], title: str) -> dict[str, Any]:
        return {"type": "object", "title": title, "properties": props, "required": sorted(props), "additionalProperties": False}

    item = obj(
        {
            "kind": {"enum": ["principal", "term_interest", "overdue_interest", "penalty", "fee", "cost"]},
            "label": text,
            "base": money_or_null,
            "annual_rate": rate,
            "start": day_or_null,
            "end": day_or_null,
            "days": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
            "accrued": money,
            "paid": money,
            "reduced_by": money,
            "amount": money,
            "formula": text,
            "rule": text,
            "capped": {"type": "boolean"},
            "contractual": {"type": "boolean"},
            "duration": {"type": "string", "description": "计息期间的长度，如“184天”“1个月又1天”（按月计息）"},
            "paid_by": {
                "type": "array",
                "description": "冲抵本项的还款：还款日期及冲抵金额（民法典第561条）",
                "items": obj({"date": day, "amount": money}, "还款冲抵"),
            },
            "agreed_rate": {**rate, "description": "利率被上限削减时的约定年利率（百分数），否则为 null"},
            "agreed_amount": {**money_or_null, "description": "按约定利率计算的本期金额（利率被削减时），否则为 null"},
            "overdue_rate_agreed": {"type": "boolean", "description": "逾期利息：是否约定了逾期利率（false 时支付令可能被驳回，民诉法解释第428条）"},
            "evidence_ids": {"type": "array", "items": text, "description": "实现债权的费用的证据编号"},
        },
        "请求项目（金额 = accrued − paid − reduced_by；计息期间 start—end 均为计入的日期，首日为事件次日，民法典第201条）",
    )
    allocation = obj(
        {
            "date": day,
            "amount": money,
            "to_costs": money,
            "to_interest": money,
            "to_principal": money,
            "surplus": money,
            "agreed": {"type": "boolean"},
            "note": text,
        },
        "还款抵充（民法典第561条）",
    )
    totals = obj(
        {
            "principal": money,
            "interest": money,
            "penalty": money,
            "fees": money,
            "costs": money,
            "total": money,
            "total_words": text,
            "total_figures": text,
        },
        "合计（各项目金额之和）",
    )
    cap = obj(
        {
            "kind": {"enum": ["term_rate", "overdue_rate", "combined", "financial_24"]},
            "limit_rate": rate,
            "lpr": {
                "anyOf": [
                    obj({"rate": rate, "published": day, "kind": {"enum": ["lpr", "benchmark"]}}, "所用LPR"),
                    {"type": "null"},
                ]
            },
            "basis": text,
            "reduced_by": money,
        },
        "适用的上限及理由",
    )
    condition = obj({"name": text, "ok": {"type": "boolean"}, "detail": text, "basis": text}, "支付令条件")
    court = obj(
        {
            "name": {"anyOf": [text, {"type": "null"}]},
            "basis": text,
            "needs_naming": {"anyOf": [text, {"type": "null"}]},
        },
        "管辖法院（名称仅取自案件记录）",
    )
    procedure = obj(
        {
            "kind": {"enum": ["payment_order", "complaint"]},
            "title": {"enum": ["支付令申请书", "民事起诉状"]},
            "conditions": {"type": "array", "items": condition},
            "reasons": {"type": "array", "items": text},
            "court": court,
            "excluded_items": {"type": "array", "items": text},
        },
        "程序选择",
    )
    schema = obj(
        {
            "schema": {"const": "claim/2"},
            "case_id": text,
            "as_of": day,
            "regime": {"enum": ["private_lending", "financial"]},
            "cause": text,
            "delivered": money,
            "face_principal": money,
            "withheld": money,
            "principal_outstanding": money,
            "items": {"type": "array", "items": item},
            "repayments": {"type": "array", "items": allocation},
            "totals": totals,
            "caps": {"type": "array", "items": cap},
            "fees": {"anyOf": [{"type": "object"}, {"type": "null"}], "description": "诉讼费用（fees.py 的 CourtFees），未计算时为 null"},
            "limitation": {
                "anyOf": [{"type": "object"}, {"type": "null"}],
                "description": "诉讼时效（limitation.py 的 Limitation：status、last_day、explanation 等），未判断时为 null",
            },
            "procedure": procedure,
            "warnings": {"type": "array", "items": text},
            "notes": {"type": "array", "items": text},
            "until_paid": {
                "type": "array",
                "description": "计算截止日之后继续计算的利息（按利率分组，基数为该利率下尚欠的逾期本金）",
                "items": obj(
                    {
                        "kind": {"enum": ["overdue_interest"]},
                        "label": text,
                        "base": money,
                        "annual_rate": rate,
                        "start": day,
                        "floating_lpr": {"type": "boolean"},
                        "text": text,
                    },
                    "计至实际清偿之日止的利息",
                ),
            },
            "until_paid_text": {"type": "string", "description": "“以…元为基数，自…起按年利率…计算…至实际清偿之日止”，无则为空"},
            "until_paid_claimed": {"type": "boolean", "description": "文书是否请求该部分（起诉状：是；支付令：settings.payment_order_until_paid）"},
            "transitional_request": {"type": "string", "description": "依民间借贷规定第31条第2款请求适用当时司法解释的表述，不适用时为空"},
            "calculation_text": {"type": "string", "description": "全部利息的计算过程（含已由还款冲抵的各段），文书的“计算方式”"},
        },
        "请求计算结果（cuishou calc --json）",
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cuishou.invalid/schemas/claim.schema.json"
    schema["description"] = "由 pipeline.law.claim.compute_claim 生成；金额为两位小数字符串，日期为 ISO 8601，利率为百分数字符串"
    return schema


schemas.register("claim", claim_json_schema)
