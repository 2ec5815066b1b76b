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
    RateDecision,
    Window,
    accrue,
    accrue_months,
    annual_rate,
    day_after,
    day_before,
    formation_date,
    interest_formula,
    lpr_change_dates,
    month_split,
    overdue_rate,
    period_days,
    rate_text,
    term_rate,
    windows_for,
)
from .lpr import LprTable, LprValue, default_table
from .procedure import Condition, CourtChoice, ProcedureDecision, ProcedureError, decide_procedure

from .fees import CourtFees, court_fees
from .limitation import Limitation, limitation_status

__all__ = [
    "Claim",
    "ClaimItem",
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
ItemKind = Literal["principal", "term_interest", "overdue_interest", "penalty", "fee"]
_KIND_ORDER = {"principal": 0, "term_interest": 1, "overdue_interest": 2, "penalty": 3, "fee": 4}
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
class ClaimItem:
    """One line of the claim. ``amount`` = ``accrued`` − ``paid`` − ``reduced_by``."""

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
    reduced_by: Decimal = ZERO  # cut by the combined line (民间借贷规定第29条)
    contractual: bool = True  # rests on the contract (False: statutory default rate)


@dataclass(frozen=True)
class Totals:
    principal: Decimal
    interest: Decimal  # term + overdue interest still claimed
    penalty: Decimal
    fees: Decimal  # other fees (服务费等), not court fees
    total: Decimal
    total_words: str  # 人民币大写
    total_figures: str  # 1,234.56


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

    def to_json(self) -> dict[str, Any]:
        """The documented shape (schemas/claim.schema.json): money as '1234.50', rates as '14.6', dates ISO."""
        return {
            "schema": "claim/1",
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
    start: date
    end: date
    days: int
    decision: RateDecision
    window: Window
    accrued: Decimal
    at_agreed: Decimal  # amount at the agreed rate (for CapNote.reduced_by)
    paid: Decimal = ZERO
    reduced: Decimal = ZERO
    months: int | None = None  # 按月计息: whole months in the period …
    rest_days: int = 0  # … and the days beyond them (``days`` stays the period's counted days)


@dataclass
class _State:
    case: Case
    as_of: date
    table: LprTable
    basis: int
    count_end: bool
    drop_statutory: bool
    monthly: bool  # settings.interest_convention == "monthly"
    # Overdue principal per period and rule window, whether or not overdue interest is claimed:
    # the 规定29 line is measured on these (key: start, end, window cap, window basis).
    overdue_line: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _interest(
    st: _State, kind: ItemKind, base: Decimal, rate: Decimal, start: date, end: date
) -> tuple[Decimal, int | None, int]:
    """Unrounded amount of one item, with (whole months, remaining days) when counted by month.

    Day-counted (daily convention, and 违约金 always): (amount, None, counted days).
    """
    if st.monthly and kind in ("term_interest", "overdue_interest"):
        months, rest = month_split(start, end, count_end_day=st.count_end)
        return accrue_months(base, rate, months, rest, st.basis), months, rest
    days = period_days(start, end, count_end_day=st.count_end)
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
                _Part(idx, lot_date, formed, max(due, lot_date), take, take, windows_for(case, formed, filing, st.table, st.warnings))
            )
            need -= take
            queue[0][1] = avail - take
            if queue[0][1] == 0:
                queue.pop(0)
    return parts


def _pieces(st: _State, part: _Part, start: date, end: date) -> list[tuple[ItemKind, date, date, RateDecision, Window]]:
    """Split [start, end] of one part into (kind, s, e, rate decision, window) pieces."""
    out: list[tuple[ItemKind, date, date, RateDecision, Window]] = []
    s = max(start, part.delivered_on)
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
            o = max(start, day_after(part.due), part.delivered_on)
            if o <= end:
                prate = annual_rate(pen.rate, pen.unit, st.basis)
                unit = {"year": "年", "month": "月", "day": "日"}[pen.unit]
                d = RateDecision(
                    prate, prate, False, True,
                    f"按合同约定，违约金以逾期本金为基数按{unit}{rate_text(pen.rate)}计算（折合年{rate_text(prate)}）；"
                    + ("与逾期利息、其他费用合计受民间借贷规定第29条限制" if part.windows[0].regime != "financial" else "民法典第585条"),
                )
                key = ("penalty", o, end, prate, part.windows[-1].cap)
                if key in merged:
                    merged[key].base += part.outstanding
                else:
                    merged[key] = _Item("penalty", "违约金", part.outstanding, prate, o, end, 0, d, part.windows[-1], ZERO, ZERO)
    for it in merged.values():
        it.days = period_days(it.start, it.end, count_end_day=st.count_end)
        amount, it.months, it.rest_days = _interest(st, it.kind, it.base, it.rate, it.start, it.end)
        it.accrued = quantize_money(amount)
        agreed = it.decision.agreed_rate if it.decision.capped and it.decision.agreed_rate else it.rate
        it.at_agreed = quantize_money(_interest(st, it.kind, it.base, agreed, it.start, it.end)[0])
        items.append(it)


def _apply_repayment(st: _State, r: Any, parts: list[_Part], items: list[_Item]) -> Allocation:
    interest_items = sorted(
        (i for i in items if i.kind in ("term_interest", "overdue_interest") and i.end <= r.date),
        key=lambda i: (i.end, i.start, _KIND_ORDER[i.kind]),
    )
    interest_due = sum((i.accrued - i.paid for i in interest_items), ZERO)
    live = [p for p in parts if p.delivered_on <= r.date and p.outstanding > 0]
    principal_due = sum((p.outstanding for p in live), ZERO)
    alloc = allocate(
        r.date, r.amount, costs_due=ZERO, interest_due=interest_due, principal_due=principal_due,
        agreed_to_principal=r.to_principal,
    )
    left = alloc.to_interest
    for it in interest_items:
        if left <= 0:
            break
        take = min(left, it.accrued - it.paid)
        it.paid += take
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


def _finish_item(st: _State, it: _Item) -> ClaimItem:
    amount = it.accrued - it.paid - it.reduced
    if it.months is None:
        formula = interest_formula(it.base, it.rate, it.start, it.end, it.days, it.accrued)
    else:
        formula = interest_formula(it.base, it.rate, it.start, it.end, it.rest_days, it.accrued, it.months)
    pen = st.case.loan.penalty
    if it.kind == "penalty" and pen is not None and pen.unit == "day" and pen.rate is not None:
        # base × daily rate × days equals base × (daily × basis) × days / basis: print the agreed form.
        formula = (
            f"以逾期本金{figures(it.base)}元为基数，按日{rate_text(pen.rate)}，"
            f"自{zh_date(it.start)}起计算至{zh_date(it.end)}止，共{it.days}天，暂计{figures(it.accrued)}元"
        )
    if it.paid:
        formula += f"；已由还款冲抵{figures(it.paid)}元"
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
    )


@dataclass
class _Fixed:
    kind: ItemKind
    label: str
    accrued: Decimal
    formula: str
    rule: str
    reduced: Decimal = ZERO


def _compute(case: Case, as_of: date, table: LprTable, drop_statutory: bool) -> tuple[list[ClaimItem], list[Allocation], list[CapNote], _State, list[_Part]]:
    st = _State(
        case, as_of, table, case.settings.day_count_basis, case.settings.count_end_day, drop_statutory,
        case.settings.interest_convention == "monthly",
    )
    filing = case.procedure.filing_date or as_of
    parts = _parts(st, filing)
    repayments = sorted(
        [r for r in case.repayments if r.date <= as_of], key=lambda r: r.date
    )  # stable: same-day payments keep their recorded order
    if len(repayments) < len(case.repayments):
        _warn(st, f"有{len(case.repayments) - len(repayments)}笔还款晚于计算截止日{zh_date(as_of)}，未计入")
    first = min(p.delivered_on for p in parts) if parts else as_of
    items: list[_Item] = []
    allocations: list[Allocation] = []
    start = first
    for r in repayments:
        if st.monthly:
            # 算头不算尾: the repayment day bears interest only on what is left after the payment.
            if r.date > start:
                _accrue_period(st, parts, start, day_before(r.date) if st.count_end else r.date, items)
                start = r.date
        elif r.date >= start:
            _accrue_period(st, parts, start, r.date, items)
            start = day_after(r.date)
        allocations.append(_apply_repayment(st, r, parts, items))
    if start <= as_of:
        _accrue_period(st, parts, start, as_of, items)

    private = case.lender_category in PRIVATE
    fixed: list[_Fixed] = []
    pen = case.loan.penalty
    if pen is not None and pen.kind == "fixed" and pen.amount:
        fixed.append(
            _Fixed(
                "penalty", "违约金", pen.amount, f"按合同约定的固定违约金{figures(pen.amount)}元",
                "合同约定的违约金（民法典第585条）" + ("；与逾期利息、其他费用合计受民间借贷规定第29条限制" if private else ""),
            )
        )
    for fee in case.loan.other_fees:
        if not fee.claimed:
            continue
        rule = "合同约定的费用" + (
            "；与逾期利息、违约金合计受民间借贷规定第29条限制" if private else "；以服务费等名义变相收取利息的，法院可酌减（九民纪要第51条）"
        )
        fixed.append(_Fixed("fee", fee.name, fee.amount, f"按合同约定的{fee.name}{figures(fee.amount)}元", rule))

    caps = _rate_cap_notes(items)
    if private:
        caps += _combined_cap(st, items, fixed)
    else:
        _financial_warning(st, items, fixed, caps)

    out: list[ClaimItem] = [_finish_item(st, it) for it in items]
    for f in fixed:
        amount = f.accrued - f.reduced
        formula = f.formula + (f"；因超过合计上限调减{figures(f.reduced)}元，实际主张{figures(amount)}元" if f.reduced else "")
        out.append(
            ClaimItem(f.kind, f.label, None, None, None, None, None, amount, formula, f.rule, f.reduced > 0,
                      accrued=f.accrued, reduced_by=f.reduced)
        )
    # Keep every period that has days (even if it rounds to 0.00), drop empty ones.
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


def _combined_cap(st: _State, items: list[_Item], fixed: list[_Fixed]) -> list[CapNote]:
    """民间借贷规定第29条 (and 2015 规定第30条 before 2020-08-20): overdue charges together ≤ the line."""
    overdue = [i for i in items if i.kind == "overdue_interest"]
    penalties = [i for i in items if i.kind == "penalty"]
    fixed_pen = [f for f in fixed if f.kind == "penalty"]
    fees = [f for f in fixed if f.kind == "fee"]
    if not penalties and not fixed:
        return []
    # The line on the overdue principal over each overdue period, per rule window; rounded per
    # period like the interest items, so a claim at the line rate never exceeds it by rounding.
    line = ZERO
    windows: dict[str, Window] = {}
    for (s, e, cap, _basis), (base, w) in sorted(st.overdue_line.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        line += quantize_money(_interest(st, "overdue_interest", base, cap, s, e)[0])
        windows.setdefault(w.cap_basis, w)
    claimed = sum((i.accrued for i in overdue), ZERO) + sum((i.accrued for i in penalties), ZERO) + sum(
        (f.accrued for f in fixed), ZERO
    )
    if claimed <= line:
        return []
    excess = claimed - line
    cut_total = ZERO
    # 违约金 first (latest period first), then other fees (last listed first).
    for target in [*sorted(penalties, key=lambda i: i.start, reverse=True), *reversed(fixed_pen), *reversed(fees)]:
        if excess <= 0:
            break
        avail = target.accrued - target.reduced
        take = min(avail, excess)
        target.reduced += take
        excess -= take
        cut_total += take
    caps_used = sorted({w.cap for w in windows.values() if w.cap is not None})
    limit = caps_used[0] if len(caps_used) == 1 else None
    lpr = next((w.cap_lpr for w in windows.values() if w.cap_lpr is not None), None)
    transitional = any(w.regime != "private" for w in windows.values())
    basis = (
        "逾期利息、违约金和其他费用总计不得超过一年期贷款市场报价利率四倍计算的数额（民间借贷规定第29条"
        + ("；2020年8月19日前按年利率24%，法释〔2015〕18号第30条" if transitional else "")
        + "）："
        + "；".join(w.cap_basis for w in windows.values())
        + f"。按该上限计算的逾期期间合计{figures(line)}元，主张合计{figures(claimed)}元，超出部分依次从违约金、其他费用中调减"
    )
    if not windows:
        basis += "（截至计算截止日尚无逾期期间）"
    return [CapNote("combined", limit, lpr, basis, cut_total)]


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
    fixed_total = sum((f.accrued for f in fixed), ZERO)
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
            "借款人可以请求对总计超过年利率24%的部分予以调减（《最高人民法院关于进一步加强金融审判工作的若干意见》法发〔2017〕22号第2条），本计算未自动调减",
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
    if decision.kind == "payment_order" and decision.excluded_items:
        items, allocs, caps, st, parts = _compute(case, as_of, table, drop_statutory=True)
        _warn(st, "申请支付令时，无合同约定的逾期利息（" + "、".join(decision.excluded_items) + "）不在请求之列（民诉法解释第428条第1款第（二）项）；如需主张，应改为起诉")
    warnings = st.warnings
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
    principal_rule = "借款本金以实际出借金额为准（民法典第670条" + ("；民间借贷规定第26条）" if private else "）")
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
    )


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
        f"本金 {figures(t.principal)} 元；利息 {figures(t.interest)} 元；违约金 {figures(t.penalty)} 元；其他费用 {figures(t.fees)} 元",
        f"合计 {t.total_figures} 元（{t.total_words}）",
    ]
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
            "kind": {"enum": ["principal", "term_interest", "overdue_interest", "penalty", "fee"]},
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
        },
        "请求项目（金额 = accrued − paid − reduced_by）",
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
            "schema": {"const": "claim/1"},
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
        },
        "请求计算结果（cuishou calc --json）",
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cuishou.invalid/schemas/claim.schema.json"
    schema["description"] = "由 pipeline.law.claim.compute_claim 生成；金额为两位小数字符串，日期为 ISO 8601，利率为百分数字符串"
    return schema


schemas.register("claim", claim_json_schema)
