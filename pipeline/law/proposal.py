"""A repayment proposal for the creditor: instalment options against the legal route.

Pure: a validated :class:`~pipeline.case.models.Case` and its computed
:class:`~pipeline.law.claim.Claim` in, a frozen :class:`Proposal` out. No I/O, no clock.
Every amount comes from the claim engine (items, totals, ``claim.fees``) or from
:func:`pipeline.law.instalments.instalment_schedule`; nothing here re-computes interest or fees.

Rules (sources in each text):

- Options for 3, 6 and 12 monthly instalments, plus the count of the case's negotiated
  ``instalment_terms`` (marked ``matches_negotiated``). With negotiated terms every option uses
  their first due date, interval and waived items (the creditor has already authorised them);
  without, the first instalment falls one month after the document date (民法典第202条 month
  arithmetic, :func:`~pipeline.law.calendar.add_months`).
- The waiver is conditional: the waived items revive on any default, so the revived total is the
  claim engine's lawful total and never more (``cap_total=claim.totals.total``; 民间借贷规定第25–29条
  for private lending). Without negotiated terms, penalty and overdue interest are proposed for
  waiver only when the debtor's ability is "tight" or "unable" (the practice article: 协商分期或减免
  部分利息，既能收回部分款项，又能避免矛盾激化).
- Card issuers: a personalised instalment plan (个性化分期) may not run longer than five years
  (《商业银行信用卡业务监督管理办法》第70条; law-money.md §2.2) — longer options are dropped.
- ``fits_capacity`` compares the monthly amount with ``debtor_situation.monthly_capacity``.
- The litigation path carries the claim engine's fees: the payment-order fee (1/3, 《诉讼费用交纳
  办法》第14条(三)) or the case fee payable (halved for summary procedure, 第16条), and the
  preservation fee only when preservation is wanted (第14条(二)). Durations: 民事诉讼法第226、227条
  (payment order), 第164条 (简易程序, 3 months), 第152条 (普通程序, 6 months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from typing import Any, Literal

from ..case.models import Case
from ..money import figures, zh_date
from .calendar import add_months
from .claim import Claim
from .instalments import Schedule, ScheduleError, instalment_schedule

__all__ = [
    "CARD_ISSUER_MAX_MONTHS",
    "LitigationPath",
    "PlanOption",
    "Proposal",
    "ProposalError",
    "WAIVE_LABELS",
    "option_for_plan",
    "repayment_proposal",
    "waived_items_amount",
]

ZERO = Decimal("0.00")
_CENT = Decimal("0.01")

#: 《商业银行信用卡业务监督管理办法》第70条: 个性化分期还款协议最长不超过5年.
CARD_ISSUER_MAX_MONTHS = 60

#: Waivable groups (InstalmentTerms.waive values) → claim item kinds.
_WAIVE_KINDS: dict[str, tuple[str, ...]] = {
    "overdue_interest": ("overdue_interest",),
    "penalty": ("penalty",),
    "other_fees": ("fee",),
}
WAIVE_LABELS: dict[str, str] = {"overdue_interest": "逾期利息", "penalty": "违约金", "other_fees": "其他费用"}
_WAIVE_ORDER = ("penalty", "overdue_interest", "other_fees")

_ABILITY = {"able": "有能力偿还", "tight": "资金紧张", "unable": "无力偿还", "unknown": "还款能力不明"}


class ProposalError(ValueError):
    """A proposal that cannot be made (Chinese message naming the field and value)."""


@dataclass(frozen=True)
class PlanOption:
    number: int  # 方案一 = 1 …
    count: int
    interval_months: int
    first_due: date
    waived: Decimal  # conditionally waived, revives on default
    waived_items: tuple[str, ...]  # InstalmentTerms.waive values, e.g. ("overdue_interest",)
    total: Decimal  # payable under the plan (= claim total − waived)
    schedule: Schedule
    monthly_amount: Decimal  # largest instalment per month of the plan
    fits_capacity: bool | None  # None: the debtor's monthly capacity is unknown
    matches_negotiated: bool
    note: str

    @property
    def waived_labels(self) -> str:
        return "、".join(WAIVE_LABELS[w] for w in self.waived_items)

    @property
    def last_due(self) -> date:
        return self.schedule.rows[-1].due_date

    @property
    def revived_total(self) -> Decimal:
        return self.schedule.revived_total

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "count": self.count,
            "interval_months": self.interval_months,
            "first_due": self.first_due.isoformat(),
            "last_due": self.last_due.isoformat(),
            "waived": _m(self.waived),
            "waived_items": list(self.waived_items),
            "total": _m(self.total),
            "revived_total": _m(self.revived_total),
            "monthly_amount": _m(self.monthly_amount),
            "fits_capacity": self.fits_capacity,
            "matches_negotiated": self.matches_negotiated,
            "note": self.note,
            "schedule": [
                {"number": r.number, "due_date": r.due_date.isoformat(), "amount": _m(r.amount), "remaining": _m(r.remaining)}
                for r in self.schedule.rows
            ],
        }


@dataclass(frozen=True)
class LitigationPath:
    kind: Literal["payment_order", "complaint"]
    title: str  # 申请支付令 / 提起诉讼（简易程序）…
    court_fee: Decimal  # advanced by the creditor (支付令申请费, or 案件受理费 payable)
    court_fee_basis: str
    preservation_fee: Decimal | None  # only if preservation is wanted
    expected_duration: str  # Chinese, with its statutory basis
    recovered: Decimal  # the claim total the court can award (to the computation date)
    note: str

    @property
    def upfront(self) -> Decimal:
        return self.court_fee + (self.preservation_fee or ZERO)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "court_fee": _m(self.court_fee),
            "court_fee_basis": self.court_fee_basis,
            "preservation_fee": _m(self.preservation_fee),
            "upfront": _m(self.upfront),
            "expected_duration": self.expected_duration,
            "recovered": _m(self.recovered),
            "note": self.note,
        }


@dataclass(frozen=True)
class Proposal:
    as_of: date
    claim_total: Decimal  # the claim engine's lawful total (the cap of every revived total)
    ability: str
    monthly_capacity: Decimal | None
    options: tuple[PlanOption, ...]
    litigation: LitigationPath
    recommended: int | None  # PlanOption.number, or None (demand the whole / take the legal route)
    reasons: tuple[str, ...]
    excluded: tuple[str, ...] = ()  # options left out and why (e.g. beyond 5 years for card issuers)

    def option(self, number: int) -> PlanOption:
        for o in self.options:
            if o.number == number:
                return o
        known = "、".join(str(o.number) for o in self.options) or "（无）"
        raise ProposalError(f"还款方案编号（--plan）：没有方案 {number}（可选：{known}）")

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "proposal/1",
            "as_of": self.as_of.isoformat(),
            "claim_total": _m(self.claim_total),
            "ability": self.ability,
            "monthly_capacity": _m(self.monthly_capacity),
            "options": [o.to_json() for o in self.options],
            "litigation": self.litigation.to_json(),
            "recommended": self.recommended,
            "reasons": list(self.reasons),
            "excluded": list(self.excluded),
        }


def _m(v: Decimal | None) -> str | None:
    return None if v is None else f"{v.quantize(_CENT):.2f}"


# ---------------------------------------------------------------- pieces


def waived_items_amount(claim: Claim, waive: tuple[str, ...] | list[str]) -> Decimal:
    """Sum of the claim items of the waived groups (the claim's own amounts, not recomputed)."""
    kinds = {k for w in waive for k in _WAIVE_KINDS[w]}
    return sum((it.amount for it in claim.items if it.kind in kinds), ZERO)


def _present(claim: Claim, groups: tuple[str, ...]) -> tuple[str, ...]:
    """The groups that have a positive amount in the claim, in a fixed order."""
    return tuple(g for g in _WAIVE_ORDER if g in groups and waived_items_amount(claim, (g,)) > 0)


def _monthly(schedule: Schedule, interval: int) -> Decimal:
    biggest = max(r.amount for r in schedule.rows)
    if interval == 1:
        return biggest
    return (biggest / interval).quantize(_CENT, rounding=ROUND_CEILING)


def _monthly_regular(schedule: Schedule, interval: int) -> Decimal:
    """The first (regular) instalment per month."""
    first = schedule.rows[0].amount
    return first if interval == 1 else (first / interval).quantize(_CENT, rounding=ROUND_CEILING)


def _fitted_count(amount: Decimal, cap: Decimal, interval: int, lender: str) -> int | None:
    """The fewest instalments whose largest one (per month) stays within ``cap``; None beyond
    60 instalments (the schema's limit) or, for card issuers, beyond five years (第70条)."""
    limit = 60 if lender != "card_issuer" else CARD_ISSUER_MAX_MONTHS // interval
    count = max(2, int((amount / (cap * interval)).to_integral_value(rounding=ROUND_CEILING)))
    while count <= limit:
        each = (amount / count).quantize(_CENT, rounding=ROUND_DOWN)
        last = amount - each * (count - 1)
        if max(each, last) <= cap * interval:
            return count
        count += 1
    return None


def _litigation(case: Case, claim: Claim) -> LitigationPath:
    fees = claim.fees
    summary = case.procedure.expected_procedure == "summary"
    pres = fees.preservation_fee if (fees is not None and case.procedure.preservation_wanted) else None
    total = claim.totals.total
    if claim.procedure.kind == "payment_order":
        fee = fees.payment_order_fee if fees is not None else ZERO
        basis = "申请支付令，按财产案件受理费标准的三分之一交纳（《诉讼费用交纳办法》第14条第（三）项）；债务人未提出异议的，由债务人负担（同办法第36条）"
        duration = (
            "人民法院收到申请后5日内决定是否受理（民事诉讼法第226条），受理之日起15日内发出支付令；"
            "债务人自收到支付令之日起15日内清偿或提出书面异议（民事诉讼法第227条）。顺利时约1至2个月即可申请强制执行；"
            "债务人提出书面异议的，督促程序终结、转入诉讼程序（民事诉讼法第228条）"
        )
        title = "申请支付令"
        note = (
            "支付令只能向债务人住所地基层人民法院申请（民诉法解释第23条）；已申请诉前保全的，不能申请支付令（民诉法解释第427条）。"
            "债务人提出书面异议、转入诉讼程序的，应按《诉讼费用交纳办法》补交案件受理费（民诉法解释第195条）。"
        )
        if pres is not None:
            # 督促程序 courts generally do not take a preservation application (the e-filing forms
            # produce none on this route), so its fee is not a cost of this path.
            note += f"督促程序中一般不受理财产保全申请，保全宜在转入诉讼后申请，届时按保全数额预交保全费（现按{figures(pres)}元估算）。"
            pres = None
    else:
        fee = fees.case_fee_payable if fees is not None else ZERO
        if summary:
            basis = "案件受理费按财产案件标准计算，适用简易程序减半交纳（《诉讼费用交纳办法》第13条、第16条）；败诉方负担（同办法第29条）"
            duration = (
                "简易程序：立案之日起3个月内审结，可延长1个月（民事诉讼法第164条）；人民法院决定适用普通程序的，"
                "立案之日起6个月内审结，有特殊情况可延长6个月（民事诉讼法第152条），并补交另一半案件受理费"
                f"（全额{figures(fees.case_fee_full) if fees is not None else '0.00'}元，民诉法解释第199条）；"
                "判决生效后债务人不履行的，再申请强制执行"
            )
            title = "提起诉讼（简易程序）"
        else:
            basis = "案件受理费按财产案件标准全额交纳（《诉讼费用交纳办法》第13条）；败诉方负担（同办法第29条）"
            duration = "普通程序：立案之日起6个月内审结，有特殊情况可延长6个月（民事诉讼法第152条）；判决生效后债务人不履行的，再申请强制执行"
            title = "提起诉讼（普通程序）"
        note = "案件受理费由债权人预交，由败诉方负担（《诉讼费用交纳办法》第29条），部分胜诉的按比例分担。"
    if pres is not None:
        note += f"财产保全费{figures(pres)}元按保全数额计算（《诉讼费用交纳办法》第14条第（二）项），由申请人预交。"
    note += f"可主张的金额暂计至{zh_date(claim.as_of)}，此后的逾期利息可在请求中主张计至实际清偿之日；实际能否收回取决于债务人的财产和执行情况。"
    return LitigationPath(
        kind="payment_order" if claim.procedure.kind == "payment_order" else "complaint",
        title=title,
        court_fee=fee,
        court_fee_basis=basis,
        preservation_fee=pres,
        expected_duration=duration,
        recovered=total,
        note=note,
    )


# ---------------------------------------------------------------- the proposal


def repayment_proposal(case: Case, claim: Claim, *, counts: tuple[int, ...] = (3, 6, 12)) -> Proposal:
    """Instalment options (3/6/12 and the negotiated count) and the litigation alternative.

    Raises :class:`ProposalError` (Chinese) for bad ``counts``; :class:`ScheduleError` cannot
    occur for lawful inputs because every revived total equals the claim total.
    """
    for c in counts:
        if isinstance(c, bool) or not isinstance(c, int) or c < 2 or c > 60:
            raise ProposalError(f"分期期数（counts）：应为2至60之间的整数（当前值：{c!r}）")
    total = claim.totals.total
    situation = case.debtor_situation
    terms = case.instalment_terms
    excluded: list[str] = []
    reasons: list[str] = []

    if terms is not None:
        wanted = sorted(set(counts) | {terms.count})
        first_due, interval = terms.first_due_date, terms.interval_months
        waive = _present(claim, tuple(terms.waive))
        waive_note = (
            f"按已协商的条件附条件减免{'、'.join(WAIVE_LABELS[w] for w in waive)}" if waive else "已协商的条件不减免任何项目"
        )
    else:
        wanted = sorted(set(counts))
        first_due, interval = add_months(case.signing_date, 1), 1
        if situation.ability in ("tight", "unable"):
            waive = _present(claim, ("penalty", "overdue_interest"))
            waive_note = (
                f"债务人{_ABILITY[situation.ability]}，建议附条件减免{'、'.join(WAIVE_LABELS[w] for w in waive)}，以促成履行"
                if waive
                else f"债务人{_ABILITY[situation.ability]}，但请求中没有违约金或逾期利息可供减免"
            )
        else:
            waive = ()
            waive_note = f"债务人{_ABILITY[situation.ability]}，不建议减免"

    waived = waived_items_amount(claim, waive)
    if waived >= total:
        waive, waived = (), ZERO
        waive_note = "减免后无应付金额，不减免"
    cap = situation.monthly_capacity
    fitted = _fitted_count(total - waived, cap, interval, case.lender_category) if cap is not None else None
    if fitted is not None and fitted not in wanted and all(
        (total - waived) / (c * interval) > cap for c in wanted  # type: ignore[operator]
    ):
        wanted.append(fitted)
    options: list[PlanOption] = []
    for count in wanted:
        if case.lender_category == "card_issuer" and count * interval > CARD_ISSUER_MAX_MONTHS:
            excluded.append(
                f"{count}期（每{interval}个月一期）超过5年，信用卡个性化分期最长不超过5年（《商业银行信用卡业务监督管理办法》第70条），未列入"
            )
            continue
        try:
            schedule = instalment_schedule(
                total - waived, count=count, first_due=first_due, interval_months=interval, waived=waived, cap_total=total
            )
        except ScheduleError as exc:
            excluded.append(f"{count}期：{exc}")
            continue
        monthly = _monthly(schedule, interval)
        fits = None if cap is None else monthly <= cap
        matches = terms is not None and count == terms.count
        bits = [waive_note + ("；任何一期未按期足额支付的，减免失效，恢复按全部债务主张" if waive else "")]
        if count == fitted and count not in counts and not matches:
            bits.append(f"按债务人每月可还{figures(cap)}元推算的期数")  # type: ignore[arg-type]
        if matches:
            bits.append("与案件中已协商的分期条件一致")
        # the regular instalment as the table shows it; the largest (the last one, which takes the
        # rounding remainder) in brackets when it differs — it is the one checked against capacity
        regular = _monthly_regular(schedule, interval)
        per_month = f"每月{figures(regular)}元" + (f"（最高一期折合每月{figures(monthly)}元）" if monthly != regular else "")
        if fits is True:
            bits.append(f"{per_month}，不超过债务人每月可还{figures(cap)}元")  # type: ignore[arg-type]
        elif fits is False:
            bits.append(f"{per_month}，超过债务人每月可还{figures(cap)}元，履约风险较高")  # type: ignore[arg-type]
        options.append(
            PlanOption(
                number=len(options) + 1,
                count=count,
                interval_months=interval,
                first_due=first_due,
                waived=waived,
                waived_items=waive,
                total=schedule.total,
                schedule=schedule,
                monthly_amount=monthly,
                fits_capacity=fits,
                matches_negotiated=matches,
                note="；".join(bits) + "。",
            )
        )

    litigation = _litigation(case, claim)
    recommended = _recommend(case, options, litigation, reasons)
    lim = claim.limitation
    if lim is not None and lim.status == "expired":
        reasons.append(
            "诉讼时效已届满：债务人同意履行（签署分期协议）后不得再以时效届满抗辩（民法典第192条；诉讼时效规定第19条），"
            "这是本案收回款项的主要途径。"
        )
    elif lim is not None and lim.status == "expiring":
        reasons.append(
            f"诉讼时效将于{zh_date(lim.last_day)}届满：分期协议属于义务人同意履行，签署即中断诉讼时效（民法典第195条；诉讼时效规定第14条）。"
        )
    else:
        reasons.append("签署分期协议属于义务人同意履行义务，中断诉讼时效（民法典第195条第二项；诉讼时效规定第14条）。")
    return Proposal(
        as_of=claim.as_of,
        claim_total=total,
        ability=situation.ability,
        monthly_capacity=situation.monthly_capacity,
        options=tuple(options),
        litigation=litigation,
        recommended=recommended,
        reasons=tuple(reasons),
        excluded=tuple(excluded),
    )


def _recommend(case: Case, options: list[PlanOption], lit: LitigationPath, reasons: list[str]) -> int | None:
    situation = case.debtor_situation
    negotiated = next((o for o in options if o.matches_negotiated), None)
    assets = len(situation.assets)
    if negotiated is not None and negotiated.fits_capacity is not False:
        reasons.append(
            f"推荐方案{negotiated.number}：与双方已协商的条件一致（{negotiated.count}期，首期{zh_date(negotiated.first_due)}），"
            f"按期履行可收回{figures(negotiated.total)}元，无需预交{lit.title}的费用{figures(lit.upfront)}元。"
        )
        return negotiated.number
    if negotiated is not None:
        reasons.append(f"已协商的方案{negotiated.number}每月金额超过债务人自报的还款能力，履约风险较高，建议重新协商。")
    fitting = [o for o in options if o.fits_capacity is True]
    if fitting:
        best = min(fitting, key=lambda o: (o.count, o.number))
        reasons.append(
            f"推荐方案{best.number}：在债务人每月可还金额以内期数最短（{best.count}期，每月{figures(best.monthly_amount)}元），"
            f"最快收回{figures(best.total)}元。"
        )
        return best.number
    if situation.ability == "able":
        reasons.append(
            f"债务人有能力偿还{'且有已知财产' if assets else ''}：建议要求一次性清偿全部{figures(lit.recovered)}元；"
            f"到期不付的，{lit.title}（预交费用{figures(lit.upfront)}元）。分期方案仅供协商时参考。"
        )
        return None
    if situation.monthly_capacity is not None:
        reasons.append(
            f"各方案的每月金额均超过债务人自报的每月可还{figures(situation.monthly_capacity)}元："
            + ("债务人有已知财产，可考虑申请财产保全并通过法律途径主张；" if assets else "")
            + "也可在通话中核实收入后再确定期数。"
        )
        return None
    if options:
        first = options[0]
        reasons.append(
            f"债务人每月可还金额不明：建议先以期数最短的方案{first.number}（{first.count}期）沟通，在电话中核实收入、其他债务和财产后再调整。"
        )
        return first.number
    reasons.append("没有可提出的分期方案。")
    return None


def option_for_plan(case: Case, claim: Claim, plan: int) -> PlanOption:
    """Option ``plan`` of the case's proposal (``--plan N``); ProposalError (Chinese) if absent."""
    if isinstance(plan, bool) or not isinstance(plan, int):
        raise ProposalError(f"还款方案编号（--plan）：应为整数（当前值：{plan!r}）")
    return repayment_proposal(case, claim).option(plan)
