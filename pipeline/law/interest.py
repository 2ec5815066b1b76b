"""Interest arithmetic and the rate rules that decide which rate a period bears.

Pure functions, Decimal only. Rates are *percent numbers* (14.6 means 14.6 %/year).

Conventions (case.settings, documented defaults):

- Day count (民法典第201条: 开始的当日不计入，自下一日开始计算): a stretch between two events —
  delivery (or ``loan.term_start`` when later), a repayment, a due date, an LPR change, 2020-08-20,
  the computation date — is the half-open interval (event, next event]: the event day itself is not
  counted, the next event day is. Consecutive stretches therefore join without a day counted twice
  or lost, and the days of a period always add up to its elapsed days (end − start) whatever the
  splits: 2024-03-01 → 2024-09-01 is 184 days. A printed period "自F起计算至L止" names the first and
  the last counted day (F = event + 1), so a reader recomputes its days as L − F + 1.
  A repayment on R is applied to the interest accrued through R; the reduced principal bears
  interest from R + 1. ``settings.count_end_day`` no longer exists (a value in an old case.json is
  accepted and ignored with a warning, see :mod:`.claim`).
- ``day_count_basis`` (365 default, or 360): interest = base × annual rate × days / basis.
- ``interest_convention`` ("daily" default, or "monthly"): "monthly" is the 按月计息 of bank and
  consumer-finance contracts (the 逐笔计息法 of 银发〔2005〕129号): the counted days F..L of a
  stretch that starts on the event day A = F − 1 are split into whole months by the corresponding
  day (民法典第202条: month k ends on ``add_months(A, k)``, a missing corresponding day falling back to
  the month end) and the remaining days; interest = base × rate/12 × months + base × rate/basis × days.
  A loan delivered on 15 August bears one month to 15 September; a repayment on 15 September that
  pays that month's interest leaves nothing over and the next month runs to 15 October.
  Whole months are counted from each stretch's own start, so under this convention the amount of a
  stretch split where nothing changes may differ from the unsplit stretch by the month/day rounding
  of the convention itself; the engine only splits where the base or the rate changes.
  违约金 is not interest and stays day-counted.
- A monthly rate is annualised ×12; a daily rate × the day-count basis (so a daily rate of
  0.05 % on a 365 basis is 18.25 %/year and yields exactly base × 0.05 % per day).
- Simple interest only; each claim item is rounded once, to fen, half up.

Rate rules (民间借贷 = lender natural person or ordinary company):

- Term rate: agreed rate up to 4 × one-year LPR at contract formation (《民间借贷规定》第25条;
  formation between natural persons = delivery of each tranche, 民法典第679条; company lender =
  signing date, else the first delivery). No interest agreed → none; natural persons with an
  unclear agreement → none (规定第24条, 民法典第680条). Company lender with an unclear agreement →
  none here, with a warning that the court may fix a rate (规定第24条第2款) — the engine never
  invents a market rate.
- Overdue rate (规定第28条): agreed → capped like the term rate; nothing agreed and no term rate →
  1 × one-year LPR from the day after the due date ("当时": ``fixed_at_default_start`` = LPR in force
  on the first overdue day, or ``floating`` = segment at each LPR change); only a term rate → the
  term rate.
- Contracts formed before 2020-08-20 (规定第31条): to 2020-08-19 the 2015 rules (≤24 % supported,
  24–36 % not enforced when unpaid — so unpaid interest is claimed at most at 24 %; overdue with
  nothing agreed 6 %/year; combined overdue charges ≤ 24 %); from 2020-08-20 the cap is
  4 × one-year LPR on the filing date (procedure.filing_date, else the computation date).
- Financial lenders (banks, consumer finance, card issuers, the seven local financial
  organisations, 法释〔2020〕27号): no LPR cap, computed as agreed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from ..money import figures, percent_text, quantize_money, zh_date
from .calendar import add_months
from .lpr import LprError, LprTable, LprValue

__all__ = [
    "TRANSITION_DATE",
    "OLD_RULES_LAST_DAY",
    "OLD_PROTECTED_RATE",
    "OLD_DEFAULT_OVERDUE_RATE",
    "FINANCIAL_WARNING_RATE",
    "PRIVATE",
    "FINANCIAL",
    "annual_rate",
    "period_days",
    "elapsed_days",
    "accrual_start",
    "accrue",
    "month_split",
    "accrue_months",
    "duration_text",
    "interest_formula",
    "rate_text",
    "four_times",
    "Window",
    "RateDecision",
    "windows_for",
    "financial_cap_basis",
    "lpr_change_dates",
    "formation_date",
    "term_rate",
    "overdue_rate",
]

TRANSITION_DATE = date(2020, 8, 20)
OLD_RULES_LAST_DAY = date(2020, 8, 19)
OLD_PROTECTED_RATE = Decimal("24")  # 2015 规定第26条 (supported line)
OLD_DEFAULT_OVERDUE_RATE = Decimal("6")  # 2015 规定第29条第2款(一)
FINANCIAL_WARNING_RATE = Decimal("24")  # 法发〔2017〕22号第2条
HUNDRED = Decimal(100)

PRIVATE = ("natural_person", "company")
FINANCIAL = ("bank", "consumer_finance", "card_issuer", "local_financial")

REG = "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》"
REG_SHORT = "《民间借贷规定》"


def annual_rate(rate: Decimal, unit: Literal["year", "month", "day"], basis: int) -> Decimal:
    """Annualise a percent rate: month ×12, day × basis (365 or 360)."""
    if unit == "year":
        return Decimal(rate)
    if unit == "month":
        return Decimal(rate) * 12
    return Decimal(rate) * basis


def period_days(first: date, last: date) -> int:
    """Counted days of a printed period 自first起至last止 (both named days counted: last − first + 1).

    ``first`` is the day after the event that opens the stretch (民法典第201条), so the days of
    consecutive stretches add up to the elapsed days between the first and the last event.
    """
    return max((last - first).days + 1, 0)


def elapsed_days(event: date, until: date) -> int:
    """Days of the stretch (event, until]: the event day not counted, ``until`` counted (民法典第201条)."""
    return max((until - event).days, 0)


def accrual_start(delivered_on: date, term_start: date | None) -> date:
    """The event day interest runs from: the later of delivery and ``loan.term_start``.

    Interest is owed only on money actually delivered (民法典第670条、第679条) and only from the agreed
    start of the term; the day itself is not counted (民法典第201条).
    """
    return max(delivered_on, term_start) if term_start is not None else delivered_on


def accrue(base: Decimal, annual_pct: Decimal, days: int, basis: int) -> Decimal:
    """Unrounded simple interest base × rate% × days / basis."""
    return Decimal(base) * Decimal(annual_pct) * days / (HUNDRED * basis)


def month_split(first: date, last: date) -> tuple[int, int]:
    """(whole months, remaining days) in the counted days first..last (both counted).

    The stretch opens on the event day ``first − 1``; month k ends on ``add_months(first − 1, k)``
    (民法典第202条: the corresponding day; without one, the month end — a loan delivered on 31 January
    2024 has its first month end on 29 February). The remaining days are always fewer than one
    more month.
    """
    if last < first:
        return 0, 0
    anchor = first - timedelta(days=1)
    months = (last.year - anchor.year) * 12 + (last.month - anchor.month)
    while months > 0 and add_months(anchor, months) > last:
        months -= 1
    while add_months(anchor, months + 1) <= last:
        months += 1
    return months, (last - add_months(anchor, months)).days


def accrue_months(base: Decimal, annual_pct: Decimal, months: int, days: int, basis: int) -> Decimal:
    """Unrounded 按月计息: base × rate% / 12 × months + base × rate% × days / basis."""
    return Decimal(base) * Decimal(annual_pct) * months / (HUNDRED * 12) + accrue(base, annual_pct, days, basis)


def duration_text(days: int, months: int | None = None) -> str:
    """共366天; with months: 共1个月, 共2个月又5天 (no months: 共5天)."""
    if not months:
        return f"共{days}天"
    return f"共{months}个月" + (f"又{days}天" if days else "")


def rate_text(rate: Decimal) -> str:
    """14.60 → 14.6%; 13.400000 → 13.4%."""
    return percent_text(Decimal(rate))


def interest_formula(
    base: Decimal,
    annual_pct: Decimal,
    start: date,
    end: date,
    days: int,
    amount: Decimal,
    months: int | None = None,
    *,
    provisional: bool = True,
) -> str:
    """Judgment-style working: 以100,000.00元为基数，按年利率14.6%，自…起计算至…止，共366天，暂计14,640.00元.

    ``start``/``end`` are the first and last counted days. With ``months`` (按月计息) ``days`` is the
    remainder after the whole months: …共2个月又5天…. ``provisional`` False (a closed period, or a
    payment order whose amount must be 数额确定, 民诉法解释第427条第1款第（二）项) says 计 instead of 暂计.
    """
    return (
        f"以{figures(base)}元为基数，按年利率{rate_text(annual_pct)}，"
        f"自{zh_date(start)}起计算至{zh_date(end)}止，{duration_text(days, months)}，"
        f"{'暂计' if provisional else '计'}{figures(amount)}元"
    )


def four_times(lpr: LprValue) -> Decimal:
    return lpr.rate * 4


def lpr_change_dates(table: LprTable, start: date, end: date) -> list[date]:
    """Publication dates in (start, end] on which the one-year rate differs from the day before."""
    out = []
    prev = None
    for published, rate, _kind in table.rows:
        if published <= start:
            prev = rate
            continue
        if published > end:
            break
        if prev is not None and rate != prev:
            out.append(published)
        prev = rate
    return out


@dataclass(frozen=True)
class Window:
    """A stretch of time under one set of rate rules.

    ``cap`` is the protected ceiling for agreed rates (None = no cap: financial lender);
    ``cap_lpr`` the LPR it derives from (None for the old 24 % line);
    ``line`` the combined line for overdue interest + 违约金 + fees (规定第29条 / 2015 规定第30条).
    """

    first: date  # inclusive
    last: date | None  # inclusive; None = open
    regime: Literal["private", "private_old", "private_transitional", "financial"]
    cap: Decimal | None
    cap_lpr: LprValue | None
    cap_basis: str
    cap_reason: str  # short Chinese: what the line is

    def clip(self, start: date, end: date) -> tuple[date, date] | None:
        s = max(start, self.first)
        e = end if self.last is None else min(end, self.last)
        return (s, e) if s <= e else None


@dataclass(frozen=True)
class RateDecision:
    """The rate a period bears, and why."""

    rate: Decimal  # percent/year actually applied (0 = nothing claimed)
    agreed_rate: Decimal | None  # annualised contractual rate, if any
    capped: bool
    contractual: bool  # the rate rests on the contract (民诉法解释第428条: payment order)
    rule: str  # Chinese, with article
    lpr: LprValue | None = None  # for 1×LPR default overdue interest
    # Overdue interest only: False when no overdue rate was agreed and the rate comes from the law
    # (规定第28条第2款, 法释〔2015〕18号第29条第2款, 民法典第676条) — a payment order may be refused
    # for it (民诉法解释第428条第1款第（二）项), even at the contract's term rate.
    overdue_rate_agreed: bool = True


def formation_date(case, disbursement_date: date) -> date:  # type: ignore[no-untyped-def]
    """合同成立时: natural persons → delivery of the tranche (民法典第679条); otherwise signing, else first delivery."""
    if case.lender_category == "natural_person":
        return disbursement_date
    if case.loan.signed_on is not None:
        return case.loan.signed_on
    return min(d.date for d in case.loan.disbursements)


def _lookup(table: LprTable, on: date, warnings: list[str], what: str) -> LprValue:
    try:
        value = table.one_year(on)
    except LprError as exc:
        raise ValueError(f"{what}：{exc}") from None
    if value.warning and value.warning not in warnings:
        warnings.append(value.warning)
    return value


def financial_cap_basis(lender_category: str) -> str:
    """Why a financial lender's charges are held to 24 %/year (settings.financial_charges_cap).

    法发〔2017〕22号第2条: 金融借款合同的借款人以贷款人同时主张的利息、复利、罚息、违约金和其他费用过高，
    显著背离实际损失为由，请求对总计超过年利率24%的部分予以调减的，应予支持; 九民纪要第51条 for fees
    charged in the name of services. Card issuers: 法释〔2021〕10号第2条第2款 (no fixed line; 24 % is
    the usual reference). The reduction is on the borrower's request, so applying it beforehand is a
    choice of the creditor (the safe default: a court will not cut what is not claimed).
    """
    text = (
        "金融借款不适用民间借贷规定的一年期LPR四倍上限（民间借贷规定第1条第2款；法释〔2020〕27号），"
        "但借款人以利息、复利、罚息、违约金和其他费用过高为由请求对总计超过年利率24%的部分予以调减的，人民法院应予支持"
        "（《最高人民法院关于进一步加强金融审判工作的若干意见》法发〔2017〕22号第2条；以服务费、管理费等名义收取的费用可酌减，"
        "《全国法院民商事审判工作会议纪要》第51条）"
    )
    if lender_category == "card_issuer":
        text += "；信用卡透支利息、复利、违约金等总额过高的，人民法院综合考虑后予以调减（法释〔2021〕10号第2条第2款），实务多以年利率24%为参考"
    return text + "；本计算预先以年利率24%为限主张"


def windows_for(case, formed: date, filing: date, table: LprTable, warnings: list[str]) -> list[Window]:  # type: ignore[no-untyped-def]
    """The rule windows for principal formed on ``formed``."""
    if case.lender_category in FINANCIAL:
        if getattr(case.settings, "financial_charges_cap", True):
            return [
                Window(
                    first=date.min,
                    last=None,
                    regime="financial",
                    cap=FINANCIAL_WARNING_RATE,
                    cap_lpr=None,
                    cap_basis=financial_cap_basis(case.lender_category),
                    cap_reason="年利率24%",
                )
            ]
        return [
            Window(
                first=date.min,
                last=None,
                regime="financial",
                cap=None,
                cap_lpr=None,
                cap_basis="出借人为金融机构（含地方金融组织），不适用民间借贷规定的一年期LPR四倍上限（民间借贷规定第1条第2款；法释〔2020〕27号）",
                cap_reason="无LPR上限",
            )
        ]
    if formed >= TRANSITION_DATE:
        lpr = _lookup(table, formed, warnings, f"合同成立日 {formed.isoformat()} 的LPR")
        cap = four_times(lpr)
        return [
            Window(
                first=date.min,
                last=None,
                regime="private",
                cap=cap,
                cap_lpr=lpr,
                cap_basis=(
                    f"{REG_SHORT}第25条：以合同成立时（{zh_date(formed)}）一年期贷款市场报价利率"
                    f"{rate_text(lpr.rate)}（{zh_date(lpr.published)}公布）的四倍即年利率{rate_text(cap)}为限"
                ),
                cap_reason=f"合同成立时一年期LPR四倍（{rate_text(cap)}）",
            )
        ]
    lpr = _lookup(table, filing, warnings, f"起诉日 {filing.isoformat()} 的LPR")
    cap = four_times(lpr)
    return [
        Window(
            first=date.min,
            last=OLD_RULES_LAST_DAY,
            regime="private_old",
            cap=OLD_PROTECTED_RATE,
            cap_lpr=None,
            cap_basis=(
                f"{REG_SHORT}第31条：合同成立于2020年8月20日之前，至2020年8月19日的利息适用当时的司法解释"
                "（法释〔2015〕18号第26条：年利率24%以内予以支持，24%至36%部分未支付的不予支持）"
            ),
            cap_reason="2015年民间借贷规定年利率24%",
        ),
        Window(
            first=TRANSITION_DATE,
            last=None,
            regime="private_transitional",
            cap=cap,
            cap_lpr=lpr,
            cap_basis=(
                f"{REG_SHORT}第31条：自2020年8月20日起的利息适用起诉时的利率保护标准，即起诉时（{zh_date(filing)}）"
                f"一年期贷款市场报价利率{rate_text(lpr.rate)}（{zh_date(lpr.published)}公布）的四倍，年利率{rate_text(cap)}"
            ),
            cap_reason=f"起诉时一年期LPR四倍（{rate_text(cap)}）",
        ),
    ]


def term_rate(case, window: Window, basis: int) -> RateDecision:  # type: ignore[no-untyped-def]
    """借期内利率 for a window (规定第24、25条; 民法典第680条)."""
    terms = case.loan.interest
    if terms.kind == "none":
        return RateDecision(Decimal(0), None, False, True, "借款合同对借期内利息没有约定，视为没有利息（民法典第680条第2款；民间借贷规定第24条第1款）")
    if terms.kind == "unclear":
        if case.lender_category == "natural_person":
            return RateDecision(Decimal(0), None, False, True, "自然人之间借款对利息约定不明确，视为没有利息（民法典第680条第3款；民间借贷规定第24条第1款）")
        if window.regime == "financial":
            return RateDecision(Decimal(0), None, False, True, "借期内利息约定不明确，暂不主张（民法典第680条第3款）")
        return RateDecision(Decimal(0), None, False, True, "借期内利息约定不明确，暂不主张；人民法院可结合交易方式、交易习惯、市场报价利率等确定利息（民间借贷规定第24条第2款）")
    agreed = annual_rate(terms.rate, terms.unit, basis)
    return _capped(agreed, window, "借期内利率", contractual=True)


def _capped(agreed: Decimal, window: Window, what: str, *, contractual: bool) -> RateDecision:
    if window.cap is None:
        return RateDecision(agreed, agreed, False, contractual, f"按合同约定的{what}年利率{rate_text(agreed)}计算；{window.cap_basis}")
    if agreed > window.cap:
        return RateDecision(
            window.cap,
            agreed,
            True,
            contractual,
            f"约定{what}年利率{rate_text(agreed)}超过上限，按{window.cap_reason}计算；{window.cap_basis}",
        )
    if window.regime == "financial":
        return RateDecision(
            agreed, agreed, False, contractual,
            f"约定{what}年利率{rate_text(agreed)}未超过{window.cap_reason}，按约定计算；"
            "出借人为金融机构（含地方金融组织），不适用民间借贷规定的一年期LPR四倍上限（民间借贷规定第1条第2款；法释〔2020〕27号）",
        )
    return RateDecision(agreed, agreed, False, contractual, f"约定{what}年利率{rate_text(agreed)}未超过{window.cap_reason}，按约定计算；{window.cap_basis}")


def overdue_rate(case, window: Window, basis: int, default_start: date, table: LprTable, warnings: list[str]) -> RateDecision:  # type: ignore[no-untyped-def]
    """逾期利率 for a window (规定第28条; 2015 规定第29条 for the old window)."""
    loan = case.loan
    if loan.overdue_interest.kind == "agreed":
        agreed = annual_rate(loan.overdue_interest.rate, loan.overdue_interest.unit, basis)
        d = _capped(agreed, window, "逾期利率", contractual=True)
        art = "法释〔2015〕18号第29条第1款" if window.regime == "private_old" else "民间借贷规定第28条第1款"
        if window.regime != "financial":
            d = RateDecision(d.rate, d.agreed_rate, d.capped, True, d.rule + f"（{art}）")
        return d
    term = term_rate(case, window, basis)
    if term.agreed_rate is not None and term.agreed_rate > 0:
        d = term
        if window.regime == "financial":
            rule = f"未约定逾期利率，按借期内利率年{rate_text(d.rate)}计算逾期利息（民法典第676条）"
            if d.capped:
                rule += "；" + d.rule
            return RateDecision(d.rate, d.agreed_rate, d.capped, True, rule, overdue_rate_agreed=False)
        art = "法释〔2015〕18号第29条第2款第（二）项" if window.regime == "private_old" else "民间借贷规定第28条第2款第（二）项"
        return RateDecision(
            d.rate,
            d.agreed_rate,
            d.capped,
            True,
            f"约定了借期内利率但未约定逾期利率，按借期内利率计算资金占用期间利息（{art}）；" + d.rule,
            overdue_rate_agreed=False,
        )
    if window.regime == "financial":
        return RateDecision(Decimal(0), None, False, True, "未约定借期内利率及逾期利率，暂不主张逾期利息", overdue_rate_agreed=False)
    if window.regime == "private_old":
        return RateDecision(
            OLD_DEFAULT_OVERDUE_RATE,
            None,
            False,
            False,
            "既未约定借期内利率也未约定逾期利率，2020年8月19日前的逾期利息按年利率6%计算（民间借贷规定第31条；法释〔2015〕18号第29条第2款第（一）项）",
            overdue_rate_agreed=False,
        )
    on = max(default_start, window.first)
    lpr = _lookup(table, on, warnings, f"{on.isoformat()} 的LPR")
    return RateDecision(
        lpr.rate,
        None,
        False,
        False,
        f"既未约定借期内利率也未约定逾期利率，自逾期还款之日起参照当时一年期贷款市场报价利率"
        f"{rate_text(lpr.rate)}（{zh_date(lpr.published)}公布）计算逾期利息（民间借贷规定第28条第2款第（一）项）",
        lpr,
        overdue_rate_agreed=False,
    )


def day_before(d: date) -> date:
    return d - timedelta(days=1)


def day_after(d: date) -> date:
    return d + timedelta(days=1)


def round_item(value: Decimal) -> Decimal:
    return quantize_money(value)
