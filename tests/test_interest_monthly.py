"""按月计息 (settings.interest_convention = "monthly"), hand-computed.

Rule: the counted days of a period (first and last day counted, the default) are split into whole
months by the corresponding day — month k of a period starting on S ends the day before
add_months(S, k), a missing corresponding day falling back to the month end (民法典第202条) — and
the remaining days. Amount = base × rate/12 × months + base × rate/365 × days, rounded once to
fen (half up). Repayments stop interest on the repaid principal from the repayment day (算头不算尾).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from test_claim_helpers import BANK, make_case

from pipeline.case import load_case
from pipeline.case.load import CaseError
from pipeline.law.claim import compute_claim
from pipeline.law.interest import month_split

SAMPLE_03 = Path(__file__).resolve().parents[1] / "sample_cases" / "03-consumer-finance-guarantor"


def one(claim, kind):
    found = [i for i in claim.items if i.kind == kind]
    assert len(found) == 1, found
    return found[0]


def bank_case(start: str, due: str, amount: str, rate: str, as_of: str, **settings):
    """A bank loan (no LPR cap), one tranche, one due date, overdue rate = term rate (民法典676)."""
    return make_case(
        {
            "creditor": dict(BANK),
            "lender_category": "bank",
            "loan": {
                "face_principal": amount,
                "disbursements": [{"date": start, "amount": amount, "method": "bank_transfer"}],
                "due_date": due,
                "interest": {"kind": "agreed", "rate": rate},
            },
            "computation_date": as_of,
            "settings": {"interest_convention": "monthly", **settings},
        }
    )


# ---------------------------------------------------------------- whole months


def test_whole_month_is_rate_over_twelve():
    # 60,000 at 18 %/yr, 2024-08-15..2024-09-14: month 1 ends the day before 2024-09-15 → 1 month
    #   60,000 × 18 % / 12 × 1 = 900.00  (by day it would be 31 days: 60,000 × 18 % × 31/365 = 917.26)
    claim = compute_claim(bank_case("2024-08-15", "2024-09-14", "60000", "18", "2024-09-14"))
    term = one(claim, "term_interest")
    assert term.amount == D("900.00") and term.days == 31  # days stays the period's counted days
    assert term.formula == "以60,000.00元为基数，按年利率18%，自2024年8月15日起计算至2024年9月14日止，共1个月，暂计900.00元"
    daily = compute_claim(bank_case("2024-08-15", "2024-09-14", "60000", "18", "2024-09-14", interest_convention="daily"))
    assert one(daily, "term_interest").amount == D("917.26")


def test_twelve_months_ignore_the_leap_day():
    # Natural persons, 100,000 delivered 2022-07-11, 14.6 % (≤ 4 × 3.70 % = 14.8 %), due 2023-07-10.
    # Term 2022-07-11..2023-07-10 = 12 months → 100,000 × 14.6 % / 12 × 12 = 14,600.00
    # Overdue 2023-07-11..2024-07-10 = 12 months → 14,600.00 (by day: 366 days → 14,640.00)
    claim = compute_claim(make_case({"settings": {"interest_convention": "monthly"}}))
    term, over = one(claim, "term_interest"), one(claim, "overdue_interest")
    assert (term.amount, over.amount, over.days) == (D("14600.00"), D("14600.00"), 366)
    assert over.formula.endswith("自2023年7月11日起计算至2024年7月10日止，共12个月，暂计14,600.00元")
    assert claim.totals.total == D("129200.00")  # 100,000 + 14,600 + 14,600


def test_end_day_not_counted_with_monthly():
    # count_end_day false: 2024-08-15..2024-09-15 counts 08-15..09-14 = 1 month → 900.00 (31 days)
    claim = compute_claim(bank_case("2024-08-15", "2024-09-15", "60000", "18", "2024-09-15", count_end_day=False))
    term = one(claim, "term_interest")
    assert (term.days, term.amount) == (31, D("900.00"))
    assert month_split(date(2024, 8, 15), date(2024, 9, 15), count_end_day=False) == (1, 0)


# ---------------------------------------------------------------- months and days


def test_months_plus_days():
    # 2024-08-15..2024-10-19: months end 09-14 and 10-14 → 2 months; 10-15..10-19 = 5 days
    #   60,000 × 18 % / 12 × 2 = 1,800.00; 60,000 × 18 % × 5/365 = 147.945…; total 1,947.945… → 1,947.95
    claim = compute_claim(bank_case("2024-08-15", "2024-10-19", "60000", "18", "2024-10-19"))
    term = one(claim, "term_interest")
    assert term.amount == D("1947.95") and term.days == 66  # 17 + 30 + 19
    assert "自2024年8月15日起计算至2024年10月19日止，共2个月又5天，暂计1,947.95元" in term.formula


def test_less_than_a_month_is_counted_by_day():
    # 2024-08-15..2024-09-13 = 30 days, no whole month: 60,000 × 18 % × 30/365 = 887.671… → 887.67
    claim = compute_claim(bank_case("2024-08-15", "2024-09-13", "60000", "18", "2024-09-13"))
    term = one(claim, "term_interest")
    assert term.amount == D("887.67") and "共30天，暂计887.67元" in term.formula


# ---------------------------------------------------------------- month end (民法典第202条)


def test_period_starting_on_31_january():
    # add_months(2024-01-31, 1) = 2024-02-29 (no 31 Feb: month end) → month 1 ends 2024-02-28;
    # add_months(2024-01-31, 2) = 2024-03-31 → month 2 ends 2024-03-30.
    assert month_split(date(2024, 1, 31), date(2024, 2, 28), count_end_day=True) == (1, 0)
    assert month_split(date(2024, 1, 31), date(2024, 2, 29), count_end_day=True) == (1, 1)
    assert month_split(date(2024, 1, 31), date(2024, 3, 30), count_end_day=True) == (2, 0)
    assert month_split(date(2024, 1, 31), date(2024, 3, 31), count_end_day=True) == (2, 1)
    # 2023 (no 29 Feb): add_months(2023-01-31, 1) = 2023-02-28 → month 1 ends 2023-02-27.
    assert month_split(date(2023, 1, 31), date(2023, 2, 27), count_end_day=True) == (1, 0)
    assert month_split(date(2023, 1, 31), date(2023, 1, 30), count_end_day=True) == (0, 0)
    # Through the engine: 100,000 at 12 % from 2024-01-31
    #   due 2024-02-29: 1 month + 1 day = 1,000.00 + 100,000 × 12 % × 1/365 (32.876…) = 1,032.88
    #   due 2024-03-30: 2 months = 100,000 × 12 % / 12 × 2 = 2,000.00
    claim = compute_claim(bank_case("2024-01-31", "2024-02-29", "100000", "12", "2024-02-29"))
    term = one(claim, "term_interest")
    assert term.amount == D("1032.88") and "共1个月又1天" in term.formula
    claim = compute_claim(bank_case("2024-01-31", "2024-03-30", "100000", "12", "2024-03-30"))
    assert one(claim, "term_interest").amount == D("2000.00")


# ---------------------------------------------------------------- caps measured the same way


def test_caps_compare_monthly_amounts():
    # Natural persons, 100,000 delivered 2024-01-01 (LPR 3.45 % of 2023-12-20 → cap 13.8 %),
    # 18 % agreed for the term and for overdue, due 2024-06-30, fixed 违约金 1,000, to 2024-12-31.
    # Term 2024-01-01..06-30 = 6 months at 13.8 %: 100,000 × 13.8 % / 12 × 6 = 6,900.00;
    #   at 18 %: 9,000.00 → the rate cap note says 2,100.00 cut.
    # Overdue 2024-07-01..12-31 = 6 months (month 6 ends the day before 2025-01-01) → 6,900.00.
    # 规定29 line on the same months: 100,000 × 13.8 % / 12 × 6 = 6,900.00 (by day it would be
    #   184 days → 6,956.71). Claimed 6,900 + 1,000 = 7,900 → the whole 违约金 is cut (1,000.00).
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "disbursements": [{"date": "2024-01-01", "amount": "100000", "method": "bank_transfer"}],
                    "due_date": "2024-06-30",
                    "interest": {"kind": "agreed", "rate": "18"},
                    "overdue_interest": {"kind": "agreed", "rate": "18"},
                    "penalty": {"kind": "fixed", "amount": "1000"},
                },
                "computation_date": "2024-12-31",
                "settings": {"interest_convention": "monthly"},
            }
        )
    )
    assert one(claim, "term_interest").amount == D("6900.00")
    assert one(claim, "overdue_interest").amount == D("6900.00")
    (term_cap,) = [c for c in claim.caps if c.kind == "term_rate"]
    assert term_cap.reduced_by == D("2100.00")
    (combined,) = [c for c in claim.caps if c.kind == "combined"]
    assert combined.reduced_by == D("1000.00") and "合计6,900.00元" in combined.basis
    assert one(claim, "penalty").amount == D("0.00")
    assert claim.totals.total == D("113800.00")  # 100,000 + 6,900 + 6,900 + 0


# ---------------------------------------------------------------- sample 03


def test_sample_03_monthly_payments_leave_no_residue():
    # 60,000 delivered 2024-08-15, 18 %/yr = 1.5 %/month on the balance; 5,000 principal a month.
    # Paid: 09-15 5,900; 10-15 5,825; 11-15 5,750; 12-15 5,675 (5,000 principal each by agreement).
    # By month, each repayment day starting the next month (算头不算尾):
    #   08-15..09-14 60,000 × 1.5 % = 900.00; 09-15..10-14 55,000 × 1.5 % = 825.00;
    #   10-15..11-14 50,000 × 1.5 % = 750.00; 11-15..12-14 45,000 × 1.5 % = 675.00 → all paid, 0.00 left.
    # (By day: 946.85 + 813.70 + 764.38 + 665.75 = 3,190.68 − 3,150.00 paid = 40.68 left over.)
    case = load_case(SAMPLE_03)
    assert case.settings.interest_convention == "monthly"
    claim = compute_claim(case)
    term = [i for i in claim.items if i.kind == "term_interest"]
    paid_periods = term[:4]
    assert [(i.start, i.end) for i in paid_periods] == [
        (date(2024, 8, 15), date(2024, 9, 14)),
        (date(2024, 9, 15), date(2024, 10, 14)),
        (date(2024, 10, 15), date(2024, 11, 14)),
        (date(2024, 11, 15), date(2024, 12, 14)),
    ]
    assert [i.accrued for i in paid_periods] == [D("900.00"), D("825.00"), D("750.00"), D("675.00")]
    assert [i.paid for i in paid_periods] == [i.accrued for i in paid_periods]
    assert all(i.amount == 0 for i in paid_periods)
    assert [a.to_interest for a in claim.repayments] == [D("900.00"), D("825.00"), D("750.00"), D("675.00")]
    # Unpaid term interest from 2024-12-15 on 40,000 (instalments 5–7 and the 25,000 accelerated on 2025-04-10):
    #   5,000 to 01-15: 1 month + 1 day = 75.00 + 5,000 × 18 % × 1/365 (2.465…) = 77.47
    #   5,000 to 02-15: 2 months + 1 day = 150.00 + 2.465… = 152.47
    #   5,000 to 03-15: 3 months + 1 day = 225.00 + 2.465… = 227.47
    #   25,000 to 04-10: 3 months (to 03-14) + 27 days (03-15..04-10)
    #     = 1,125.00 + 25,000 × 18 % × 27/365 (332.876…) = 1,457.88
    #   term interest still claimed = 77.47 + 152.47 + 227.47 + 1,457.88 = 1,915.29 (was 1,922.06 by day)
    assert [i.amount for i in term[4:]] == [D("77.47"), D("152.47"), D("227.47"), D("1457.88")]
    assert sum((i.amount for i in term), D(0)) == D("1915.29")
    # 罚息 27 %/yr = 2.25 %/month to 2026-03-31:
    #   01-16..: 14 months (to 2026-03-15) + 16 days = 1,575.00 + 5,000 × 27 % × 16/365 (59.178…) = 1,634.18
    #   02-16..: 13 months + 16 days = 1,462.50 + 59.178… = 1,521.68
    #   03-16..: 12 months + 16 days = 1,350.00 + 59.178… = 1,409.18
    #   04-11..: 11 months (to 2026-03-10) + 21 days = 6,187.50 + 25,000 × 27 % × 21/365 (388.356…) = 6,575.86
    overdue = [i.amount for i in claim.items if i.kind == "overdue_interest"]
    assert overdue == [D("1634.18"), D("1521.68"), D("1409.18"), D("6575.86")]
    # total = 40,000 + 1,915.29 + 11,140.90 + fee 300.00 = 53,356.19 (was 53,336.45 by day)
    assert claim.totals.total == D("53356.19")


def test_sample_03_by_day_keeps_the_old_residue():
    # The same case by day (the default), each repayment day closing its period:
    #   08-15..09-15 32 days: 60,000 × 18 % × 32/365 = 946.849… → 946.85
    #   09-16..10-15 30 days: 55,000 × 18 % × 30/365 = 813.698… → 813.70
    #   10-16..11-15 31 days: 50,000 × 18 % × 31/365 = 764.383… → 764.38
    #   11-16..12-15 30 days: 45,000 × 18 % × 30/365 = 665.753… → 665.75
    #   3,190.68 accrued − 3,150.00 paid (900 + 825 + 750 + 675) = 40.68 "unpaid".
    case = load_case(SAMPLE_03)
    daily = case.model_copy(update={"settings": case.settings.model_copy(update={"interest_convention": "daily"})})
    claim = compute_claim(daily)
    term = [i for i in claim.items if i.kind == "term_interest"]
    assert sum((i.accrued for i in term[:4]), D(0)) == D("3190.68")
    assert sum((i.amount for i in term[:4]), D(0)) == D("40.68")
    assert claim.totals.total == D("53336.45")


# ---------------------------------------------------------------- daily unchanged


def test_daily_is_the_default_and_unchanged():
    # Default: 100,000 × 14.6 % × 366/365 = 14,640.00 for 2023-07-11..2024-07-10 (the judgment wording).
    default = compute_claim(make_case())
    explicit = compute_claim(make_case({"settings": {"interest_convention": "daily"}}))
    assert make_case().settings.interest_convention == "daily"
    assert default.to_json() == explicit.to_json()
    over = one(default, "overdue_interest")
    assert over.formula == "以100,000.00元为基数，按年利率14.6%，自2023年7月11日起计算至2024年7月10日止，共366天，暂计14,640.00元"


def test_bad_convention_is_refused_in_chinese():
    with pytest.raises(CaseError) as err:
        make_case({"settings": {"interest_convention": "weekly"}})
    assert "interest_convention" in str(err.value)
