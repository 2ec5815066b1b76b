"""Interest primitives and the 民法典561 allocation, hand-computed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from pipeline.law.allocation import allocate, principal_order
from pipeline.law.interest import (
    accrual_start,
    accrue,
    annual_rate,
    elapsed_days,
    interest_formula,
    lpr_change_dates,
    period_days,
)
from pipeline.law.lpr import default_table


def test_annual_rate():
    assert annual_rate(D("1.5"), "month", 365) == D("18.0")  # 1.5 × 12
    assert annual_rate(D("0.05"), "day", 365) == D("18.25")  # 0.05 × 365
    assert annual_rate(D("0.05"), "day", 360) == D("18.00")  # 0.05 × 360
    assert annual_rate(D("14.6"), "year", 365) == D("14.6")


def test_period_days():
    # A printed period names its first and last counted day: 2023-07-11..2024-07-10 spans 29 Feb 2024
    # → 365 + 1 = 366 days.
    assert period_days(date(2023, 7, 11), date(2024, 7, 10)) == 366
    assert period_days(date(2024, 1, 1), date(2024, 1, 1)) == 1
    assert period_days(date(2024, 1, 2), date(2024, 1, 1)) == 0


def test_elapsed_days_do_not_count_the_first_day():
    # 民法典第201条: the day of the event is not counted. 2024-03-01 → 2024-09-01:
    # March 30 (2–31) + April 30 + May 31 + June 30 + July 31 + August 31 + September 1 = 184.
    assert elapsed_days(date(2024, 3, 1), date(2024, 9, 1)) == 184
    # … which is the printed period 2024-03-02..2024-09-01.
    assert period_days(date(2024, 3, 2), date(2024, 9, 1)) == 184


def test_accrual_starts_at_the_later_of_delivery_and_term_start():
    assert accrual_start(date(2024, 3, 1), None) == date(2024, 3, 1)
    assert accrual_start(date(2024, 3, 1), date(2024, 3, 5)) == date(2024, 3, 5)
    assert accrual_start(date(2024, 3, 5), date(2024, 3, 1)) == date(2024, 3, 5)


def test_accrue_and_formula():
    # 100,000 × 14.6 % × 366 / 365 = 14,640 exactly
    assert accrue(D("100000"), D("14.6"), 366, 365) == D("14640")
    text = interest_formula(D("100000"), D("14.60"), date(2023, 7, 11), date(2024, 7, 10), 366, D("14640"))
    assert text == "以100,000.00元为基数，按年利率14.6%，自2023年7月11日起计算至2024年7月10日止，共366天，暂计14,640.00元"
    closed = interest_formula(D("100000"), D("14.60"), date(2023, 7, 11), date(2024, 7, 10), 366, D("14640"), provisional=False)
    assert closed.endswith("共366天，计14,640.00元")


def test_lpr_change_dates_only_where_the_rate_moves():
    # Between 2024-06-01 and 2024-12-31: 3.45 → 3.35 on 2024-07-22, → 3.10 on 2024-10-21.
    assert lpr_change_dates(default_table(), date(2024, 6, 1), date(2024, 12, 31)) == [date(2024, 7, 22), date(2024, 10, 21)]
    assert lpr_change_dates(default_table(), date(2022, 9, 1), date(2023, 5, 31)) == []


def test_allocate_costs_interest_principal_in_order():
    # 10,000 paid: costs 500, interest 3,000, principal the rest 6,500.
    a = allocate(date(2024, 1, 1), D("10000"), costs_due=D("500"), interest_due=D("3000"), principal_due=D("50000"))
    assert (a.to_costs, a.to_interest, a.to_principal, a.surplus) == (D("500"), D("3000"), D("6500"), 0)
    # Not enough for the interest: all to costs and interest, nothing to principal.
    a = allocate(date(2024, 1, 1), D("2000"), costs_due=D("500"), interest_due=D("3000"), principal_due=D("50000"))
    assert (a.to_costs, a.to_interest, a.to_principal) == (D("500"), D("1500"), 0)


def test_allocate_agreed_principal_first():
    # Agreed 8,000 to principal; the remaining 2,000 to interest (3,000 owed).
    a = allocate(
        date(2024, 1, 1), D("10000"), costs_due=D("0"), interest_due=D("3000"), principal_due=D("50000"),
        agreed_to_principal=D("8000"),
    )
    assert (a.to_interest, a.to_principal, a.agreed) == (D("2000"), D("8000"), True)


def test_principal_order_due_parts_first_then_heavier_burden():
    on = date(2024, 6, 1)
    parts = [
        (date(2024, 12, 31), D("12"), date(2024, 1, 1)),  # not due
        (date(2024, 5, 31), D("10"), date(2024, 1, 1)),  # due, lower rate
        (date(2024, 4, 30), D("12"), date(2024, 1, 1)),  # due, higher rate
    ]
    assert principal_order(parts, on) == [2, 1, 0]
