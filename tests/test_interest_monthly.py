"""按月计息 (settings.interest_convention = "monthly"), hand-computed.

Rule: a stretch opened by an event on day A (delivery, repayment, due date …) counts A + 1 … L
(民法典第201条: the first day not counted). Its days are split into whole months by the corresponding
day — month k ends on add_months(A, k), a missing corresponding day falling back to the month end
(民法典第202条) — and the remaining days. Amount = base × rate/12 × months + base × rate/365 × days,
rounded once to fen (half up). A repayment on R pays the interest accrued through R; the repaid
principal stops bearing interest from R + 1, so a loan delivered on the 15th and repaid monthly on
the 15th bears exactly one month per instalment.
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
    # 60,000 at 18 %/yr delivered 2024-08-15, due 2024-09-15: counted 08-16..09-15 = 31 days; month 1
    # ends on add_months(08-15, 1) = 09-15 → exactly 1 month: 60,000 × 18 % / 12 × 1 = 900.00
    #   (by day: 60,000 × 18 % × 31/365 = 917.26)
    claim = compute_claim(bank_case("2024-08-15", "2024-09-15", "60000", "18", "2024-09-15"))
    term = one(claim, "term_interest")
    assert term.amount == D("900.00") and term.days == 31  # days stays the period's counted days
    assert term.duration == "1个月"
    assert "以60,000.00元为基数，按年利率18%，自2024年8月16日起计算至2024年9月15日止，共1个月，" in term.formula
    daily = compute_claim(bank_case("2024-08-15", "2024-09-15", "60000", "18", "2024-09-15", interest_convention="daily"))
    assert one(daily, "term_interest").amount == D("917.26")


def test_twelve_months_ignore_the_leap_day():
    # Natural persons, 100,000 delivered 2022-07-11, 14.6 % (≤ 4 × 3.70 % = 14.8 %), due 2023-07-10.
    # Term: A = 2022-07-11, last 2023-07-10: add_months(A, 11) = 2023-06-11, add_months(A, 12) =
    #   2023-07-11 is past the end → 11 months + 29 days (06-12..07-10)
    #   = 100,000 × 14.6 % / 12 × 11 (13,383.333…) + 100,000 × 14.6 % × 29/365 (1,160.00) = 14,543.33
    # Overdue: A = 2023-07-10, last 2024-07-10 = 12 months → 14,600.00 (by day: 366 days → 14,640.00)
    claim = compute_claim(make_case({"settings": {"interest_convention": "monthly"}}))
    term, over = one(claim, "term_interest"), one(claim, "overdue_interest")
    assert (term.amount, term.duration) == (D("14543.33"), "11个月又29天")
    assert (over.amount, over.days, over.duration) == (D("14600.00"), 366, "12个月")
    assert "自2023年7月11日起计算至2024年7月10日止，共12个月，" in over.formula
    assert claim.totals.total == D("129143.33")  # 100,000 + 14,543.33 + 14,600


def test_retired_count_end_day_changes_nothing_with_monthly():
    # An old case.json with count_end_day false still loads; 08-15 → 09-15 is 1 month either way.
    claim = compute_claim(bank_case("2024-08-15", "2024-09-15", "60000", "18", "2024-09-15", count_end_day=False))
    term = one(claim, "term_interest")
    assert (term.days, term.amount) == (31, D("900.00"))
    assert any("count_end_day 已停用" in w for w in claim.warnings)
    assert month_split(date(2024, 8, 16), date(2024, 9, 15)) == (1, 0)


# ---------------------------------------------------------------- months and days


def test_months_plus_days():
    # Delivered 2024-08-15, due 2024-10-19: months end 09-15 and 10-15 → 2 months; 10-16..10-19 = 4 days
    #   60,000 × 18 % / 12 × 2 = 1,800.00; 60,000 × 18 % × 4/365 = 118.356…; total 1,918.356… → 1,918.36
    claim = compute_claim(bank_case("2024-08-15", "2024-10-19", "60000", "18", "2024-10-19"))
    term = one(claim, "term_interest")
    assert term.amount == D("1918.36") and term.days == 65  # 16 + 30 + 19
    assert "自2024年8月16日起计算至2024年10月19日止，共2个月又4天，" in term.formula


def test_less_than_a_month_is_counted_by_day():
    # 2024-08-16..2024-09-13 = 29 days, no whole month: 60,000 × 18 % × 29/365 = 858.082… → 858.08
    claim = compute_claim(bank_case("2024-08-15", "2024-09-13", "60000", "18", "2024-09-13"))
    term = one(claim, "term_interest")
    assert term.amount == D("858.08") and "共29天，" in term.formula and term.duration == "29天"


# ---------------------------------------------------------------- month end (民法典第202条)


def test_period_opened_on_31_january():
    # A = 2024-01-31: add_months(A, 1) = 2024-02-29 (no 31 Feb: month end), add_months(A, 2) = 2024-03-31.
    assert month_split(date(2024, 2, 1), date(2024, 2, 29)) == (1, 0)
    assert month_split(date(2024, 2, 1), date(2024, 2, 28)) == (0, 28)
    assert month_split(date(2024, 2, 1), date(2024, 3, 30)) == (1, 30)
    assert month_split(date(2024, 2, 1), date(2024, 3, 31)) == (2, 0)
    # 2023 (no 29 Feb): add_months(2023-01-31, 1) = 2023-02-28.
    assert month_split(date(2023, 2, 1), date(2023, 2, 28)) == (1, 0)
    assert month_split(date(2023, 2, 1), date(2023, 2, 27)) == (0, 27)
    assert month_split(date(2023, 2, 1), date(2023, 1, 31)) == (0, 0)
    # Through the engine: 100,000 at 12 % delivered 2024-01-31
    #   due 2024-02-29: 1 month = 100,000 × 12 % / 12 = 1,000.00
    #   due 2024-03-30: 1 month + 30 days (03-01..03-30) = 1,000.00 + 100,000 × 12 % × 30/365 (986.301…) = 1,986.30
    #   due 2024-03-31: 2 months = 2,000.00
    claim = compute_claim(bank_case("2024-01-31", "2024-02-29", "100000", "12", "2024-02-29"))
    assert one(claim, "term_interest").amount == D("1000.00")
    claim = compute_claim(bank_case("2024-01-31", "2024-03-30", "100000", "12", "2024-03-30"))
    term = one(claim, "term_interest")
    assert term.amount == D("1986.30") and "共1个月又30天" in term.formula
    claim = compute_claim(bank_case("2024-01-31", "2024-03-31", "100000", "12", "2024-03-31"))
    assert one(claim, "term_interest").amount == D("2000.00")


# ---------------------------------------------------------------- caps measured the same way


def test_caps_compare_monthly_amounts():
    # Natural persons, 100,000 delivered 2024-01-01 (LPR 3.45 % of 2023-12-20 → cap 13.8 %),
    # 18 % agreed for the term and for overdue, due 2024-06-30, fixed 违约金 1,000, to 2024-12-31.
    # Term: A = 2024-01-01, last 06-30: add_months(A, 5) = 06-01, 6 → 07-01 past → 5 months + 29 days
    #   at 13.8 %: 5,750.00 + 100,000 × 13.8 % × 29/365 (1,096.438…) = 6,846.44
    #   at 18 %:   7,500.00 + 100,000 × 18 % × 29/365 (1,430.136…) = 8,930.14 → the rate cap note: 2,083.70 cut.
    # Overdue: A = 06-30, last 12-31: add_months(A, 6) = 12-30 → 6 months + 1 day
    #   = 6,900.00 + 100,000 × 13.8 % × 1/365 (37.808…) = 6,937.81
    # 规定29 line on the same months and days = 6,937.81 (by day it would be 184 days → 6,956.71).
    # Claimed 6,937.81 + 1,000 → the whole 违约金 is cut (1,000.00).
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
    term = one(claim, "term_interest")
    assert term.amount == D("6846.44") and term.agreed_amount == D("8930.14") and term.agreed_rate == D("18")
    assert one(claim, "overdue_interest").amount == D("6937.81")
    (term_cap,) = [c for c in claim.caps if c.kind == "term_rate"]
    assert term_cap.reduced_by == D("2083.70")
    (combined,) = [c for c in claim.caps if c.kind == "combined"]
    assert combined.reduced_by == D("1000.00") and "合计6,937.81元" in combined.basis
    assert one(claim, "penalty").amount == D("0.00")
    assert claim.totals.total == D("113784.25")  # 100,000 + 6,846.44 + 6,937.81 + 0


# ---------------------------------------------------------------- sample 03


def _sample_03(**settings):
    case = load_case(SAMPLE_03)
    return case.model_copy(update={"settings": case.settings.model_copy(update=settings)}) if settings else case


def test_sample_03_monthly_payments_leave_no_residue():
    # 60,000 delivered 2024-08-15, 18 %/yr = 1.5 %/month on the balance (contract E2 第四条: 按月计息);
    # 5,000 principal a month. Paid: 09-15 5,900; 10-15 5,825; 11-15 5,750; 12-15 5,675 (5,000 principal
    # each by agreement). Each repayment pays the month that ends on its own day:
    #   08-16..09-15 60,000 × 1.5 % = 900.00; 09-16..10-15 55,000 × 1.5 % = 825.00;
    #   10-16..11-15 50,000 × 1.5 % = 750.00; 11-16..12-15 45,000 × 1.5 % = 675.00 → all paid, 0.00 left,
    #   and the next period starts the day after each payment (no day paid twice).
    case = load_case(SAMPLE_03)
    assert case.settings.interest_convention == "monthly"
    claim = compute_claim(case)
    term = [i for i in claim.items if i.kind == "term_interest"]
    paid_periods = term[:4]
    assert [(i.start, i.end) for i in paid_periods] == [
        (date(2024, 8, 16), date(2024, 9, 15)),
        (date(2024, 9, 16), date(2024, 10, 15)),
        (date(2024, 10, 16), date(2024, 11, 15)),
        (date(2024, 11, 16), date(2024, 12, 15)),
    ]
    assert [i.accrued for i in paid_periods] == [D("900.00"), D("825.00"), D("750.00"), D("675.00")]
    assert [i.paid for i in paid_periods] == [i.accrued for i in paid_periods]
    assert [[p.date for p in i.paid_by] for i in paid_periods] == [
        [date(2024, 9, 15)], [date(2024, 10, 15)], [date(2024, 11, 15)], [date(2024, 12, 15)]
    ]
    assert all(i.amount == 0 for i in paid_periods)
    assert [a.to_interest for a in claim.repayments] == [D("900.00"), D("825.00"), D("750.00"), D("675.00")]
    # Unpaid term interest from 2024-12-16 on 40,000 (instalments 5–7 and the 25,000 accelerated on 2025-04-10):
    #   5,000 to 01-15: 1 month = 75.00; to 02-15: 2 months = 150.00; to 03-15: 3 months = 225.00
    #   25,000 to 04-10: 3 months (to 03-15) + 26 days (03-16..04-10)
    #     = 1,125.00 + 25,000 × 18 % × 26/365 (320.547…) = 1,445.55
    #   term interest still claimed = 75 + 150 + 225 + 1,445.55 = 1,895.55
    assert [i.start for i in term[4:]] == [date(2024, 12, 16)] * 4
    assert [i.amount for i in term[4:]] == [D("75.00"), D("150.00"), D("225.00"), D("1445.55")]
    assert sum((i.amount for i in term), D(0)) == D("1895.55")
    # 罚息 agreed 27 %/yr, held to 24 %/yr = 2 %/month (settings.financial_charges_cap, default on):
    #   01-16..: 14 months (to 2026-03-15) + 16 days = 1,400.00 + 5,000 × 24 % × 16/365 (52.602…) = 1,452.60
    #   02-16..: 13 months + 16 days = 1,300.00 + 52.602… = 1,352.60
    #   03-16..: 12 months + 16 days = 1,200.00 + 52.602… = 1,252.60
    #   04-11..: 11 months (to 2026-03-10) + 21 days = 5,500.00 + 25,000 × 24 % × 21/365 (345.205…) = 5,845.21
    overdue = [i for i in claim.items if i.kind == "overdue_interest"]
    assert [i.amount for i in overdue] == [D("1452.60"), D("1352.60"), D("1252.60"), D("5845.21")]
    # At the agreed 27 % (2.25 %/month): 1,575.00 + 59.178… = 1,634.18; 1,462.50 + 59.18 = 1,521.68;
    #   1,350.00 + 59.18 = 1,409.18; 6,187.50 + 25,000 × 27 % × 21/365 (388.356…) = 6,575.86
    assert [i.agreed_amount for i in overdue] == [D("1634.18"), D("1521.68"), D("1409.18"), D("6575.86")]
    # total = 40,000 + 1,895.55 + 9,903.01 + fee 0.00 (cut: the 罚息 alone fills the 24 % line) = 51,798.56
    assert claim.totals.total == D("51798.56")
    # Cap off: 40,000 + 1,895.55 + 11,140.90 + 300.00 = 53,336.45
    assert compute_claim(_sample_03(financial_charges_cap=False)).totals.total == D("53336.45")


def test_sample_03_by_day_leaves_a_residue():
    # The same case by day (the default convention), each repayment closing its period on its own day:
    #   08-16..09-15 31 days: 60,000 × 18 % × 31/365 = 917.260… → 917.26
    #   09-16..10-15 30 days: 55,000 × 18 % × 30/365 = 813.698… → 813.70
    #   10-16..11-15 31 days: 50,000 × 18 % × 31/365 = 764.383… → 764.38
    #   11-16..12-15 30 days: 45,000 × 18 % × 30/365 = 665.753… → 665.75
    #   3,161.09 accrued − 3,150.00 paid (900 + 825 + 750 + 675) = 11.09 "unpaid": the contract counts by
    #   month, which is why sample 03 uses the monthly convention.
    claim = compute_claim(_sample_03(interest_convention="daily"))
    term = [i for i in claim.items if i.kind == "term_interest"]
    assert [i.accrued for i in term[:4]] == [D("917.26"), D("813.70"), D("764.38"), D("665.75")]
    assert sum((i.amount for i in term[:4]), D(0)) == D("11.09")


# ---------------------------------------------------------------- daily unchanged


def test_daily_is_the_default():
    # Default: 100,000 × 14.6 % × 366/365 = 14,640.00 for 2023-07-11..2024-07-10.
    default = compute_claim(make_case())
    explicit = compute_claim(make_case({"settings": {"interest_convention": "daily"}}))
    assert make_case().settings.interest_convention == "daily"
    assert default.to_json() == explicit.to_json()
    over = one(default, "overdue_interest")
    assert "自2023年7月11日起计算至2024年7月10日止，共366天，" in over.formula and over.amount == D("14640.00")


def test_bad_convention_is_refused_in_chinese():
    with pytest.raises(CaseError) as err:
        make_case({"settings": {"interest_convention": "weekly"}})
    assert "interest_convention" in str(err.value)
