"""Instalment-agreement schedule: equal instalments, remainder in the last, month-end due dates, legal cap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.law.instalments import Schedule, ScheduleError, ScheduleRow, instalment_schedule


def test_non_divisible_total_remainder_in_last_instalment() -> None:
    # 10,000.00 / 3 = 3,333.333… → 3,333.33 twice (rounded down), last 10,000.00 − 6,666.66 = 3,333.34
    s = instalment_schedule(D("10000.00"), count=3, first_due=date(2024, 5, 15))
    assert isinstance(s, Schedule)
    assert s.rows == (
        ScheduleRow(1, date(2024, 5, 15), D("3333.33"), D("6666.67")),
        ScheduleRow(2, date(2024, 6, 15), D("3333.33"), D("3333.34")),
        ScheduleRow(3, date(2024, 7, 15), D("3333.34"), D("0.00")),
    )
    assert sum(r.amount for r in s.rows) == s.total == D("10000.00")
    assert s.waived == D("0") and s.revived_total == D("10000.00")


def test_rounding_down_not_half_up() -> None:
    # 100.00 / 6 = 16.666… → 16.66 × 5 = 83.30, last 16.70 (half-up would have given 16.67 and a last of 16.65)
    s = instalment_schedule(D("100"), count=6, first_due=date(2024, 1, 10))
    assert [r.amount for r in s.rows] == [D("16.66")] * 5 + [D("16.70")]


def test_31_january_start_uses_month_end_not_chaining() -> None:
    # each date from first_due (民法典第202条): 31 Jan → 29 Feb (2024 leap) → 31 Mar → 30 Apr
    s = instalment_schedule(D("4000"), count=4, first_due=date(2024, 1, 31))
    assert [r.due_date for r in s.rows] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    s = instalment_schedule(D("3000"), count=3, first_due=date(2023, 1, 31))
    assert [r.due_date for r in s.rows] == [date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 31)]


def test_interval_months() -> None:
    # quarterly from 31 Aug 2024: 31 Aug, 30 Nov 2024, 28 Feb 2025, 31 May 2025
    s = instalment_schedule(D("1000"), count=4, first_due=date(2024, 8, 31), interval_months=3)
    assert [r.due_date for r in s.rows] == [date(2024, 8, 31), date(2024, 11, 30), date(2025, 2, 28), date(2025, 5, 31)]


def test_revived_total_within_cap() -> None:
    # 50,000 acknowledged + 6,000 waived on condition = 56,000 revived on default; cap 56,000 is allowed (不超过)
    s = instalment_schedule(D("50000"), count=10, first_due=date(2024, 1, 1), waived=D("6000"), cap_total=D("56000"))
    assert s.revived_total == D("56000")
    assert s.waived == D("6000")


def test_revived_total_above_cap_is_refused() -> None:
    with pytest.raises(ScheduleError) as exc:
        instalment_schedule(D("50000"), count=10, first_due=date(2024, 1, 1), waived=D("6000.01"), cap_total=D("56000"))
    assert isinstance(exc.value, ValueError)
    msg = str(exc.value)
    assert "56,000.01" in msg and "56,000.00" in msg and "超过" in msg


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"total": D("0")}, "分期还款总额"),
        ({"total": D("100.001")}, "两位小数"),
        ({"total": 100.5}, "浮点"),
        ({"count": 0}, "期数"),
        ({"total": D("0.05"), "count": 6}, "不足0.01元"),
        ({"interval_months": 0}, "间隔月数"),
        ({"waived": D("-1")}, "附条件减免金额"),
    ],
)
def test_bad_input_gives_chinese_message(kwargs, fragment: str) -> None:
    args = {"total": D("1000"), "count": 3, "first_due": date(2024, 1, 1)} | kwargs
    with pytest.raises(ScheduleError) as exc:
        instalment_schedule(**args)
    assert fragment in str(exc.value)


@given(
    st.decimals(min_value=D("0.01"), max_value=D("100000000"), places=2, allow_nan=False, allow_infinity=False),
    st.integers(1, 60),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
)
def test_schedule_invariants(total: D, count: int, first: date) -> None:
    if total < count * D("0.01"):
        with pytest.raises(ScheduleError):
            instalment_schedule(total, count=count, first_due=first)
        return
    s = instalment_schedule(total, count=count, first_due=first)
    amounts = [r.amount for r in s.rows]
    assert sum(amounts) == total
    assert len(s.rows) == count and [r.number for r in s.rows] == list(range(1, count + 1))
    assert all(a == amounts[0] for a in amounts[:-1])
    assert amounts[0] <= amounts[-1] < amounts[0] + count * D("0.01")
    assert s.rows[-1].remaining == 0
    for prev, row in zip(s.rows, s.rows[1:]):
        assert row.remaining == prev.remaining - row.amount
        assert row.due_date > prev.due_date
