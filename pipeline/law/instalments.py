"""The repayment schedule of a negotiated instalment agreement (分期还款协议).

- ``total`` is the total the debtor acknowledges AFTER the conditional waiver
  (overdue interest / penalty / fees waived on condition of punctual performance).
- Equal instalments rounded DOWN to the fen; the last instalment absorbs the remainder,
  so the rows add up to ``total`` exactly.
- Due dates: ``first_due`` plus k × ``interval_months`` months, each counted from
  ``first_due`` (not chained), with the month-end rule of 民法典第202条
  (31 Jan → 28/29 Feb → 31 Mar).
- ``revived_total`` = total + waived: what becomes due again on default (the waiver is
  conditional). It may not exceed the legally recoverable amount (``cap_total``, e.g. the
  claim with interest capped under 民间借贷规定第25、29条); a schedule above it is refused.
- A signed instalment plan is the debtor's agreement to perform and interrupts limitation
  (民法典第195条第2项; 诉讼时效规定第14条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from .calendar import add_months

__all__ = ["Schedule", "ScheduleError", "ScheduleRow", "instalment_schedule"]

_CENT = Decimal("0.01")


class ScheduleError(ValueError):
    """A schedule the engine refuses to produce (message in Chinese)."""


@dataclass(frozen=True)
class ScheduleRow:
    number: int
    due_date: date
    amount: Decimal
    remaining: Decimal  # still owed after this instalment is paid


@dataclass(frozen=True)
class Schedule:
    rows: tuple[ScheduleRow, ...]
    total: Decimal
    waived: Decimal
    revived_total: Decimal


def _money(value: object, field: str, *, allow_zero: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise ScheduleError(f"{field}：应为 Decimal 金额（不接受浮点数）（当前值：{value!r}）")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        expected = "不小于0" if allow_zero else "大于0"
        raise ScheduleError(f"{field}：金额应{expected}（当前值：{value}）")
    if amount != amount.quantize(_CENT, rounding=ROUND_DOWN):
        raise ScheduleError(f"{field}：金额最多保留两位小数（精确到分）（当前值：{value}）")
    return amount.quantize(_CENT)


def instalment_schedule(
    total: Decimal,
    *,
    count: int,
    first_due: date,
    interval_months: int = 1,
    waived: Decimal = Decimal(0),
    cap_total: Decimal | None = None,
) -> Schedule:
    """Equal instalments (rounded down to the fen, remainder in the last one) summing to ``total``.

    Raises :class:`ScheduleError` (Chinese message) for bad input, or when
    ``total + waived`` exceeds ``cap_total``.
    """
    amount_total = _money(total, "分期还款总额", allow_zero=False)
    amount_waived = _money(waived, "附条件减免金额", allow_zero=True)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ScheduleError(f"期数：应为不小于1的整数（当前值：{count!r}）")
    if isinstance(interval_months, bool) or not isinstance(interval_months, int) or interval_months < 1:
        raise ScheduleError(f"间隔月数：应为不小于1的整数（当前值：{interval_months!r}）")
    if not isinstance(first_due, date):
        raise ScheduleError(f"首期还款日：应为日期（当前值：{first_due!r}）")

    revived = amount_total + amount_waived
    if cap_total is not None:
        cap = _money(cap_total, "依法可主张的上限金额", allow_zero=False)
        if revived > cap:
            raise ScheduleError(
                f"分期还款总额 {amount_total:,.2f} 元加附条件减免金额 {amount_waived:,.2f} 元，"
                f"违约时恢复主张的金额为 {revived:,.2f} 元，超过依法可主张的上限 {cap:,.2f} 元"
                f"（超出 {revived - cap:,.2f} 元）；请减少分期总额或减免后的恢复金额，不得约定超过法定上限的债务"
            )

    each = (amount_total / count).quantize(_CENT, rounding=ROUND_DOWN)
    if each <= 0:
        raise ScheduleError(
            f"期数：分期还款总额 {amount_total:,.2f} 元分为 {count} 期后每期不足0.01元，请减少期数"
        )
    rows: list[ScheduleRow] = []
    remaining = amount_total
    for i in range(count):
        amount = each if i < count - 1 else remaining
        remaining -= amount
        rows.append(ScheduleRow(i + 1, add_months(first_due, i * interval_months), amount, remaining))
    return Schedule(tuple(rows), amount_total, amount_waived, revived)
