"""Claim engine: figures hand-computed from the rule in each test (arithmetic in the comments).

Conventions unless a test says otherwise: 365-day basis; the day of the event that opens a period
(delivery, repayment, due date …) is not counted and the next event day is (民法典第201条), so a printed
period "自F起至L止" names its first and last counted day and has L − F + 1 days; each item rounded
once to fen (half up).
LPR values: law-money.md §3.2 (latest publication on or before the date).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from test_claim_helpers import BANK, COMPANY, DROP, make_case

from pipeline.law.claim import compute_claim, format_claim_table


def items(claim, kind):
    return [i for i in claim.items if i.kind == kind]


def one(claim, kind):
    found = items(claim, kind)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- the judgment example


def test_overdue_at_term_rate_matches_the_judgment_wording():
    # Natural persons, 100,000 delivered 2022-07-11, 14.6 %/yr, due 2023-07-10, no overdue rate.
    # Cap: LPR on 2022-07-11 = 3.70 (published 2022-06-20) × 4 = 14.80 % → 14.6 % stands.
    # Term: the delivery day not counted → 2022-07-12..2023-07-10 = 2023-07-10 − 2022-07-11 = 364 days
    #   → 100,000 × 14.6 % × 364/365 = 14,560.00
    # Overdue (规定28(二), term rate): 2023-07-11..2024-07-10 = 366 days (29 Feb 2024)
    #   → 100,000 × 14.6 % × 366/365 = 14,640.00
    claim = compute_claim(make_case())
    term = one(claim, "term_interest")
    assert (term.start, term.end, term.days, term.amount) == (date(2022, 7, 12), date(2023, 7, 10), 364, D("14560.00"))
    over = one(claim, "overdue_interest")
    assert (over.start, over.end, over.days, over.amount) == (date(2023, 7, 11), date(2024, 7, 10), 366, D("14640.00"))
    # The engine routes this case to a payment order (every condition holds): its amounts are fixed
    # (数额确定, 民诉法解释第427条), so the running period says 计, not 暂计 …
    assert claim.procedure.kind == "payment_order"
    assert over.formula == "以100,000.00元为基数，按年利率14.6%，自2023年7月11日起计算至2024年7月10日止，共366天，计14,640.00元"
    assert "第28条第2款第（二）项" in over.rule and not over.overdue_rate_agreed
    # … and the overdue interest rests only on 规定第28条第2款 (no overdue rate agreed): 解释第428条 warning.
    (w,) = [w for w in claim.warnings if "第428条" in w and "第28条第2款第（二）项" in w]
    assert "14,640.00" in w and "改为起诉" in w
    # In a complaint the period running to the computation date is provisional (暂计).
    sued = compute_claim(make_case({"procedure": {"preferred": "lawsuit"}}))
    assert one(sued, "overdue_interest").formula.endswith("共366天，暂计14,640.00元")
    assert one(sued, "term_interest").formula.endswith("共364天，计14,560.00元")  # a closed period
    assert not any("第428条" in w and "第28条第2款" in w for w in sued.warnings)
    assert not over.capped and claim.caps == ()
    # 100,000 + 14,560 + 14,640 = 129,200
    assert claim.totals.total == D("129200.00")
    assert claim.totals.total_words == "人民币壹拾贰万玖仟贰佰元整"
    assert claim.totals.total_figures == "129,200.00"
    assert claim.cause == "民间借贷纠纷" and claim.regime == "private_lending"


def test_day_count_settings():
    # 360 basis: overdue 100,000 × 14.6 % × 366/360 = 14,843.333… → 14,843.33
    claim = compute_claim(make_case({"settings": {"day_count_basis": 360}}))
    assert one(claim, "overdue_interest").amount == D("14843.33")
    # settings.count_end_day is retired: an old case.json still loads, either value changes nothing
    # (term 364 days → 14,560.00 as in the default) and the claim says to delete the key.
    default = compute_claim(make_case())
    for value in (True, False):
        claim = compute_claim(make_case({"settings": {"count_end_day": value}}))
        assert one(claim, "term_interest").days == 364
        assert one(claim, "term_interest").amount == D("14560.00")
        assert claim.totals.total == default.totals.total
        (w,) = [w for w in claim.warnings if "count_end_day" in w]
        assert "已停用" in w and "民法典第201条" in w and ("true" if value else "false") in w
    assert not any("count_end_day" in w for w in default.warnings)


def test_monthly_and_daily_rates_are_annualised():
    # 1.2 %/month × 12 = 14.4 %/yr; term 364 days → 100,000 × 14.4 % × 364/365 = 14,360.547… → 14,360.55
    claim = compute_claim(make_case({"loan": {"interest": {"rate": "1.2", "unit": "month"}}}))
    assert one(claim, "term_interest").annual_rate == D("14.4")
    assert one(claim, "term_interest").amount == D("14360.55")
    # 0.04 %/day × 365 = 14.6 %/yr → 14,560.00 (same as 100,000 × 0.04 % × 364 days)
    claim = compute_claim(make_case({"loan": {"interest": {"rate": "0.04", "unit": "day"}}}))
    assert one(claim, "term_interest").amount == D("14560.00")


# ---------------------------------------------------------------- cap at formation (规定25)


def _formed_on(day: str, rate: str = "15"):
    # Natural persons: formation = delivery (民法典679). Due on the same day a year later (365 days:
    # the delivery day is not counted), computed to the due date.
    d = date.fromisoformat(day)
    due = date(d.year + 1, d.month, d.day)
    return make_case(
        {
            "loan": {
                "disbursements": [{"date": day, "amount": "100000", "method": "bank_transfer"}],
                "due_date": due.isoformat(),
                "interest": {"kind": "agreed", "rate": rate},
            },
            "computation_date": due.isoformat(),
        }
    )


def test_cap_uses_lpr_in_force_on_formation_day_before_the_change():
    # Formed Sun 2024-10-20: latest publication ≤ that day is 2024-09-20 → 3.35 %; cap 4 × 3.35 = 13.40 %.
    # Term 2024-10-21..2025-10-20 = 365 days → 100,000 × 13.4 % = 13,400.00
    # At the agreed 15 %: 15,000.00 → reduced by 1,600.00
    claim = compute_claim(_formed_on("2024-10-20"))
    term = one(claim, "term_interest")
    assert term.annual_rate == D("13.40") and term.capped
    assert term.amount == D("13400.00")
    (cap,) = claim.caps
    assert cap.kind == "term_rate" and cap.limit_rate == D("13.40")
    assert cap.lpr.rate == D("3.35") and cap.lpr.published == date(2024, 9, 20)
    assert cap.reduced_by == D("1600.00")
    assert "第25条" in term.rule and "第25条" in cap.basis


def test_cap_uses_new_lpr_on_the_publication_day():
    # Formed Mon 2024-10-21 = publication day of 3.10 % → cap 12.40 %.
    # Term 2024-10-22..2025-10-21 = 365 days → 12,400.00; reduced 15,000 − 12,400 = 2,600.00
    claim = compute_claim(_formed_on("2024-10-21"))
    term = one(claim, "term_interest")
    assert term.annual_rate == D("12.40") and term.amount == D("12400.00")
    assert claim.caps[0].lpr.published == date(2024, 10, 21)
    assert claim.caps[0].reduced_by == D("2600.00")


def test_rate_under_the_cap_is_not_touched():
    # 12 % < 12.40 %: term 365 days → 12,000.00, no cap note
    claim = compute_claim(_formed_on("2024-10-21", rate="12"))
    assert one(claim, "term_interest").amount == D("12000.00")
    assert not one(claim, "term_interest").capped and claim.caps == ()


def test_company_lender_formation_is_the_signing_date():
    # Company lender: formation = signing (2024-10-18, LPR 3.35 → cap 13.40 %) even though the
    # money went out on 2024-10-25, after the 3.10 % publication.
    # Term 2024-10-26..2025-10-25 = 365 days → 100,000 × 13.4 % = 13,400.00
    claim = compute_claim(
        make_case(
            {
                "creditor": dict(COMPANY),
                "lender_category": "company",
                "loan": {
                    "signed_on": "2024-10-18",
                    "disbursements": [{"date": "2024-10-25", "amount": "100000", "method": "bank_transfer"}],
                    "due_date": "2025-10-25",
                    "interest": {"kind": "agreed", "rate": "15"},
                },
                "computation_date": "2025-10-25",
            }
        )
    )
    assert one(claim, "term_interest").amount == D("13400.00")
    assert claim.caps[0].limit_rate == D("13.40")


def test_each_tranche_between_natural_persons_has_its_own_cap():
    # Two tranches of 50,000: 2024-10-20 (cap 13.40 %) and 2024-10-21 (cap 12.40 %), agreed 15 %,
    # due 2025-10-20, computed to the due date.
    # Each tranche from the day after its own delivery:
    # Tranche 1: 2024-10-21..2025-10-20 = 365 days → 50,000 × 13.4 % = 6,700.00
    # Tranche 2: 2024-10-22..2025-10-20 = 364 days → 50,000 × 12.4 % × 364/365 = 6,183.013… → 6,183.01
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "disbursements": [
                        {"date": "2024-10-20", "amount": "50000", "method": "cash"},
                        {"date": "2024-10-21", "amount": "50000", "method": "cash"},
                    ],
                    "due_date": "2025-10-20",
                    "interest": {"kind": "agreed", "rate": "15"},
                },
                "computation_date": "2025-10-20",
            }
        )
    )
    amounts = sorted((i.annual_rate, i.amount) for i in items(claim, "term_interest"))
    assert amounts == [(D("12.40"), D("6183.01")), (D("13.40"), D("6700.00"))]
    assert {c.limit_rate for c in claim.caps} == {D("12.40"), D("13.40")}


# ---------------------------------------------------------------- no / unclear interest, overdue defaults


def _no_interest(kind: str, **extra):
    over = {
        "loan": {
            "disbursements": [{"date": "2023-01-01", "amount": "50000", "method": "bank_transfer"}],
            "face_principal": "50000",
            "due_date": "2023-06-30",
            "interest": {"kind": kind, "rate": DROP},
        },
        "computation_date": "2024-06-29",
    }
    over.update(extra)
    return make_case(over)


def test_unclear_interest_between_natural_persons_is_none_and_overdue_is_one_lpr():
    # 民法典680 / 规定24: no term interest. 规定28(一): overdue at 1 × LPR "当时" — fixed at the
    # first overdue day 2023-07-01 → LPR published 2023-06-20 = 3.55 %.
    # 2023-07-01..2024-06-29 = 365 days → 50,000 × 3.55 % × 365/365 = 1,775.00
    claim = compute_claim(_no_interest("unclear"))
    assert items(claim, "term_interest") == []
    over = one(claim, "overdue_interest")
    assert over.annual_rate == D("3.55") and over.days == 365 and over.amount == D("1775.00")
    assert "第28条第2款第（一）项" in over.rule and not over.contractual
    assert any("视为没有利息" in n for n in claim.notes)
    assert claim.totals.total == D("51775.00")


def test_no_interest_agreed_gives_no_term_interest_either():
    claim = compute_claim(_no_interest("none"))
    assert items(claim, "term_interest") == []
    assert one(claim, "overdue_interest").amount == D("1775.00")


def test_floating_lpr_mode_segments_at_each_change():
    # LPR 3.55 % until 2023-08-20, 3.45 % from 2023-08-21 (next change 2024-07-22, after as_of).
    # 2023-07-01..2023-08-20 = 31 + 20 = 51 days → 50,000 × 3.55 % × 51/365 = 248.013… → 248.01
    # 2023-08-21..2024-06-29 = 365 − 51 = 314 days → 50,000 × 3.45 % × 314/365 = 1,483.972… → 1,483.97
    claim = compute_claim(_no_interest("none", settings={"overdue_lpr_mode": "floating"}))
    got = [(i.start, i.end, i.days, i.annual_rate, i.amount) for i in items(claim, "overdue_interest")]
    assert got == [
        (date(2023, 7, 1), date(2023, 8, 20), 51, D("3.55"), D("248.01")),
        (date(2023, 8, 21), date(2024, 6, 29), 314, D("3.45"), D("1483.97")),
    ]


def test_company_lender_unclear_interest_warns_that_the_court_may_fix_it():
    claim = compute_claim(
        _no_interest("unclear", creditor=dict(COMPANY), lender_category="company")
    )
    assert items(claim, "term_interest") == []
    assert any("第24条第2款" in w for w in claim.warnings)


def test_agreed_overdue_rate_above_the_cap_is_cut():
    # Formed 2022-07-11: cap 14.80 %. Overdue agreed 24 % → 14.8 %.
    # 2023-07-11..2024-07-10 = 366 days → 100,000 × 14.8 % × 366/365 = 14,840.547… → 14,840.55
    # At 24 %: 24,065.753… → 24,065.75; reduced 9,225.20
    claim = compute_claim(make_case({"loan": {"overdue_interest": {"kind": "agreed", "rate": "24"}}}))
    over = one(claim, "overdue_interest")
    assert over.annual_rate == D("14.80") and over.amount == D("14840.55") and over.capped
    cap = next(c for c in claim.caps if c.kind == "overdue_rate")
    assert cap.reduced_by == D("9225.20")


# ---------------------------------------------------------------- combined cap (规定29)


def _combined(penalty, fees):
    # Formed 2023-07-11: LPR 3.55 % (2023-06-20) → line 14.20 %. Term 12 %, overdue agreed 12 %.
    return make_case(
        {
            "loan": {
                "disbursements": [{"date": "2023-07-11", "amount": "100000", "method": "bank_transfer"}],
                "due_date": "2024-07-10",
                "interest": {"kind": "agreed", "rate": "12"},
                "overdue_interest": {"kind": "agreed", "rate": "12"},
                "penalty": penalty,
                "other_fees": fees,
            },
            "computation_date": "2025-07-10",
        }
    )


def test_combined_cap_cuts_the_penalty_first():
    # Overdue 2024-07-11..2025-07-10 = 365 days: interest 100,000 × 12 % = 12,000.00
    # 违约金 0.05 %/day = 18.25 %/yr: 100,000 × 18.25 % × 365/365 = 18,250.00; fee 2,000.00
    # Line: 100,000 × 14.2 % × 365/365 = 14,200.00; claimed 32,250.00 → excess 18,050.00
    # 违约金 first: 18,250 − 18,050 = 200.00; fee untouched.
    claim = compute_claim(_combined({"kind": "rate", "rate": "0.05", "unit": "day"}, [{"name": "服务费", "amount": "2000"}]))
    assert one(claim, "overdue_interest").amount == D("12000.00")
    pen = one(claim, "penalty")
    assert pen.accrued == D("18250.00") and pen.reduced_by == D("18050.00") and pen.amount == D("200.00")
    assert one(claim, "fee").amount == D("2000.00")
    (cap,) = [c for c in claim.caps if c.kind == "combined"]
    assert cap.reduced_by == D("18050.00") and cap.limit_rate == D("14.20")
    assert "第29条" in cap.basis
    # Term 2023-07-12..2024-07-10 = 365 days (29 Feb 2024 in, 11 July 2023 out) → 12,000.00
    # Overdue charges now 12,000 + 200 + 2,000 = 14,200 = the line.
    assert one(claim, "term_interest").amount == D("12000.00")
    assert claim.totals.total == D("100000") + D("12000") + D("12000") + D("200") + D("2000")


def test_combined_cap_then_cuts_fees():
    # Fixed 违约金 1,000 + fee 3,000 + interest 12,000 = 16,000; line 14,200 → excess 1,800:
    # 违约金 1,000 → 0, then fee 3,000 − 800 = 2,200.00
    claim = compute_claim(_combined({"kind": "fixed", "amount": "1000"}, [{"name": "服务费", "amount": "3000"}]))
    assert items(claim, "penalty")[0].amount == D("0.00")
    fee = one(claim, "fee")
    assert fee.reduced_by == D("800.00") and fee.amount == D("2200.00")
    assert claim.totals.penalty + claim.totals.fees + claim.totals.interest - D("12000.00") == D("14200.00")


# ---------------------------------------------------------------- transitional (规定31)


def test_contract_formed_before_2020_08_20_is_split():
    # Natural persons, 100,000 delivered 2019-08-20, 30 %/yr, due 2021-08-19; filed 2024-06-01.
    # Up to 2020-08-19 (2015 rules): 30 % → 24 %. 2019-08-21..2020-08-19 = 365 days (29 Feb 2020 in,
    #   the delivery day out) → 100,000 × 24 % × 365/365 = 24,000.00
    # From 2020-08-20: 4 × LPR on the filing date 2024-06-01 (published 2024-05-20, 3.45 %) = 13.80 %
    #   term 2020-08-20..2021-08-19 = 365 days → 13,800.00
    #   overdue (term rate only, 规定28(二)) 2021-08-20..2024-06-01 = 365 + 365 + 286 + 1 = 1,017 days
    #   → 100,000 × 13.8 % × 1017/365 = 38,450.958… → 38,450.96
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "disbursements": [{"date": "2019-08-20", "amount": "100000", "method": "bank_transfer"}],
                    "due_date": "2021-08-19",
                    "interest": {"kind": "agreed", "rate": "30"},
                },
                "computation_date": "2024-06-01",
                "procedure": {"filing_date": "2024-06-01"},
            }
        )
    )
    got = [(i.kind, i.start, i.end, i.days, i.annual_rate, i.amount) for i in claim.items if i.kind != "principal"]
    assert got == [
        ("term_interest", date(2019, 8, 21), date(2020, 8, 19), 365, D("24"), D("24000.00")),
        ("term_interest", date(2020, 8, 20), date(2021, 8, 19), 365, D("13.80"), D("13800.00")),
        ("overdue_interest", date(2021, 8, 20), date(2024, 6, 1), 1017, D("13.80"), D("38450.96")),
    ]
    assert "第31条" in claim.items[1].rule and "第31条" in claim.items[2].rule
    # Cap notes: 30 → 24 on the old window: 100,000 × 6 % × 365/365 = 6,000.00
    old = next(c for c in claim.caps if c.kind == "term_rate" and c.limit_rate == D("24"))
    assert old.reduced_by == D("6000.00") and old.lpr is None
    new = next(c for c in claim.caps if c.kind == "term_rate" and c.limit_rate == D("13.80"))
    assert new.lpr.published == date(2024, 5, 20)


def test_transitional_default_overdue_is_6_percent_then_lpr():
    # No interest at all, 100,000 delivered 2019-01-01, due 2019-12-31, computed to 2020-12-31.
    # To 2020-08-19: 6 %/yr (2015 规定29). 2020-01-01..2020-08-19 = 232 days
    #   → 100,000 × 6 % × 232/365 = 3,813.698… → 3,813.70
    # From 2020-08-20: 1 × LPR "当时" — first day of that window 2020-08-20 (published that day, 3.85 %)
    #   2020-08-20..2020-12-31 = 134 days → 100,000 × 3.85 % × 134/365 = 1,413.424… → 1,413.42
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "disbursements": [{"date": "2019-01-01", "amount": "100000", "method": "cash"}],
                    "due_date": "2019-12-31",
                    "interest": {"kind": "none", "rate": DROP},
                },
                "computation_date": "2020-12-31",
            }
        )
    )
    got = [(i.start, i.end, i.days, i.annual_rate, i.amount) for i in items(claim, "overdue_interest")]
    assert got == [
        (date(2020, 1, 1), date(2020, 8, 19), 232, D("6"), D("3813.70")),
        (date(2020, 8, 20), date(2020, 12, 31), 134, D("3.85"), D("1413.42")),
    ]


def test_filing_date_beyond_the_verified_lpr_table_warns():
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "disbursements": [{"date": "2019-08-20", "amount": "100000", "method": "bank_transfer"}],
                    "due_date": "2021-08-19",
                },
                "computation_date": "2024-06-01",
                "procedure": {"filing_date": "2026-09-01"},
            }
        )
    )
    assert any("晚于LPR表核实截止日" in w for w in claim.warnings)


# ---------------------------------------------------------------- 砍头息


def test_withheld_interest_is_not_principal():
    # IOU says 100,000, 90,000 delivered 2024-01-01; 12 %/yr, due 2024-12-31.
    # Principal 90,000 (民法典670; 规定26). Term 2024-01-02..2024-12-31 = 365 days (leap year, the
    # delivery day not counted): 90,000 × 12 % × 365/365 = 10,800.00
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "disbursements": [{"date": "2024-01-01", "amount": "90000", "method": "bank_transfer"}],
                    "due_date": "2024-12-31",
                    "interest": {"kind": "agreed", "rate": "12"},
                },
                "computation_date": "2024-12-31",
            }
        )
    )
    assert claim.withheld == D("10000") and claim.delivered == D("90000")
    assert claim.principal_outstanding == D("90000")
    assert one(claim, "term_interest").base == D("90000")
    assert one(claim, "term_interest").amount == D("10800.00")
    assert "第26条" in one(claim, "principal").rule
    assert any("砍头息" in w for w in claim.warnings)


# ---------------------------------------------------------------- part payments (民法典561)


def _paid(repayment):
    return make_case(
        {
            "loan": {
                "disbursements": [{"date": "2024-01-01", "amount": "100000", "method": "bank_transfer"}],
                "due_date": "2024-12-31",
                "interest": {"kind": "agreed", "rate": "12"},
            },
            "repayments": [repayment],
            "computation_date": "2024-12-31",
        }
    )


def test_part_payment_goes_to_interest_then_principal():
    # 2024-01-02..2024-06-30 = 181 days: 100,000 × 12 % × 181/365 = 5,950.684… → 5,950.68
    # Payment 20,000 on 2024-06-30 pays interest through that day: interest 5,950.68, principal
    # 14,049.32 → 85,950.68 left, bearing interest from 2024-07-01.
    # 2024-07-01..2024-12-31 = 184 days: 85,950.68 × 12 % × 184/365 = 5,199.429… → 5,199.43
    # 181 + 184 = 365 = 2024-12-31 − 2024-01-01: no day lost or counted twice at the repayment.
    claim = compute_claim(_paid({"date": "2024-06-30", "amount": "20000"}))
    (a,) = claim.repayments
    assert (a.to_costs, a.to_interest, a.to_principal) == (D("0.00"), D("5950.68"), D("14049.32"))
    assert "第561条" in a.note and not a.agreed
    first, second = items(claim, "term_interest")
    assert first.accrued == D("5950.68") and first.paid == D("5950.68") and first.amount == D("0.00")
    assert [(p.date, p.amount) for p in first.paid_by] == [(date(2024, 6, 30), D("5950.68"))]
    assert "已由2024年6月30日的还款冲抵5,950.68元，尚欠0.00元" in first.formula
    assert (second.start, second.base, second.days, second.amount) == (date(2024, 7, 1), D("85950.68"), 184, D("5199.43"))
    assert claim.principal_outstanding == D("85950.68")
    assert claim.totals.total == D("85950.68") + D("5199.43")


def test_recorded_allocation_to_principal_is_followed():
    # Agreement: the whole 20,000 to principal → 80,000 left; first-period interest (5,950.68) stays owed.
    # 2024-07-01..2024-12-31: 80,000 × 12 % × 184/365 = 4,839.452… → 4,839.45
    claim = compute_claim(_paid({"date": "2024-06-30", "amount": "20000", "to_principal": "20000"}))
    (a,) = claim.repayments
    assert (a.to_interest, a.to_principal, a.agreed) == (D("0.00"), D("20000.00"), True)
    first, second = items(claim, "term_interest")
    assert first.amount == D("5950.68") and second.amount == D("4839.45")
    assert claim.totals.total == D("80000") + D("5950.68") + D("4839.45")


def test_overpayment_is_flagged():
    claim = compute_claim(_paid({"date": "2024-06-30", "amount": "200000"}))
    assert claim.repayments[0].surplus > 0
    assert any("超出当时全部欠款" in w for w in claim.warnings)


# ---------------------------------------------------------------- instalments


def test_each_instalment_is_overdue_after_its_own_due_date():
    # 12,000 delivered 2024-01-01 at 12 %; 6,000 due 2024-04-30 and 6,000 due 2024-08-31; as of 2024-08-31.
    # Part 1 term 2024-01-02..04-30 = 120 days: 6,000 × 12 % × 120/365 = 236.712… → 236.71
    # Part 1 overdue 2024-05-01..08-31 = 123 days: 720 × 123/365 = 242.630… → 242.63
    # Part 2 term 2024-01-02..08-31 = 243 days: 720 × 243/365 = 479.342… → 479.34
    claim = compute_claim(
        make_case(
            {
                "loan": {
                    "face_principal": "12000",
                    "disbursements": [{"date": "2024-01-01", "amount": "12000", "method": "bank_transfer"}],
                    "due_date": DROP,
                    "instalments": [
                        {"due_date": "2024-04-30", "principal": "6000"},
                        {"due_date": "2024-08-31", "principal": "6000"},
                    ],
                    "interest": {"kind": "agreed", "rate": "12"},
                },
                "computation_date": "2024-08-31",
            }
        )
    )
    got = sorted((i.kind, i.end, i.days, i.amount) for i in claim.items if i.kind != "principal")
    assert got == [
        ("overdue_interest", date(2024, 8, 31), 123, D("242.63")),
        ("term_interest", date(2024, 4, 30), 120, D("236.71")),
        ("term_interest", date(2024, 8, 31), 243, D("479.34")),
    ]
    assert claim.totals.interest == D("958.68")  # 236.71 + 242.63 + 479.34


# ---------------------------------------------------------------- financial lenders


def _bank(overdue_rate, cap=True):
    return make_case(
        {
            "creditor": dict(BANK),
            "lender_category": "bank",
            "loan": {
                "disbursements": [{"date": "2024-01-01", "amount": "100000", "method": "bank_transfer"}],
                "due_date": "2024-06-30",
                "interest": {"kind": "agreed", "rate": "18"},
                "overdue_interest": {"kind": "agreed", "rate": overdue_rate},
            },
            "computation_date": "2024-12-31",
            "settings": {"financial_charges_cap": cap},
        }
    )


def test_bank_rates_are_not_lpr_capped_but_24_percent_is_flagged():
    # settings.financial_charges_cap false: claimed as agreed, with the warning.
    # Term 2024-01-02..06-30 = 181 days: 18,000 × 181/365 = 8,926.027… → 8,926.03 (18 % > 13.8 %, not cut)
    # Overdue 2024-07-01..12-31 = 184 days at 36 %: 36,000 × 184/365 = 18,147.945… → 18,147.95
    # 24 % line: 24,000 × 181/365 = 11,901.37 + 24,000 × 184/365 = 12,098.63 → 24,000.00
    # Charges 27,073.98 > 24,000.00 → warning (法发〔2017〕22号第2条), nothing cut.
    claim = compute_claim(_bank("36", cap=False))
    assert one(claim, "term_interest").amount == D("8926.03")
    assert one(claim, "overdue_interest").amount == D("18147.95")
    assert not any(i.capped for i in claim.items)
    assert claim.regime == "financial" and claim.cause == "金融借款合同纠纷"
    assert any("24%" in w and "法发〔2017〕22号" in w for w in claim.warnings)
    assert [c.kind for c in claim.caps] == ["financial_24"] and claim.caps[0].reduced_by == 0


def test_bank_within_24_percent_has_no_warning():
    # The 24 % line is an annual rate, measured period by period (法发〔2017〕22号第2条):
    # term 18 % < 24 %; overdue 24 %: 24,000 × 184/365 = 12,098.63 = the line, not above it → no warning.
    # (A 27 % 罚息 is above the line in the overdue period even though the whole-life average is not;
    #  see tests/test_review_regressions.py.)
    claim = compute_claim(_bank("24"))
    assert not any("法发〔2017〕22号" in w for w in claim.warnings)


# ---------------------------------------------------------------- totals, fees, limitation, output


def test_totals_fees_and_limitation_are_attached():
    claim = compute_claim(make_case({"procedure": {"preservation_wanted": True, "expected_procedure": "ordinary"}}))
    assert claim.totals.total == sum(i.amount for i in claim.items)
    # Fee on 129,200 (第13条): 50 + 90,000 × 2.5 % + 29,200 × 2 % = 2,300 + 584.00 = 2,884.00 (ordinary: not halved)
    assert claim.fees.claim_amount == D("129200.00")
    assert claim.fees.case_fee_payable == D("2884.00")
    # Preservation on the total: 30 + (129,200 − 1,000) × 1 % + … : 1,000–100,000 at 1 %, above at 0.5 %
    #   = 30 + 990 + 29,200 × 0.5 % = 1,166.00
    assert claim.fees.preservation_fee == D("1166.00")
    # Limitation: due 2023-07-10 → last day 2026-07-10 (running on 2024-07-10)
    assert claim.limitation.status == "running" and claim.limitation.last_day == date(2026, 7, 10)


def test_as_of_override_and_json_shape():
    claim = compute_claim(make_case(), as_of=date(2024, 1, 10))
    # Overdue 2023-07-11..2024-01-10 = 184 days → 14,600 × 184/365 = 7,360.00
    assert one(claim, "overdue_interest").amount == D("7360.00")
    data = claim.to_json()
    assert data["as_of"] == "2024-01-10"
    assert data["totals"]["total"] == "121920.00"  # 100,000 + 14,560 (364 days) + 7,360
    assert data["schema"] == "claim/2"
    over = [i for i in data["items"] if i["kind"] == "overdue_interest"][0]
    assert over["annual_rate"] == "14.6" and over["start"] == "2023-07-11" and over["amount"] == "7360.00"
    assert data["procedure"]["kind"] in ("payment_order", "complaint")
    assert isinstance(data["fees"], dict) and data["limitation"]["status"] == "running"


def test_json_matches_the_registered_schema():
    import json

    jsonschema = __import__("pytest").importorskip("jsonschema")
    from pipeline.schemas import schema_text

    schema = json.loads(schema_text("claim"))
    for c in (make_case(), _bank("36"), _bank("36", cap=False), _combined({"kind": "fixed", "amount": "1000"}, [{"name": "服务费", "amount": "3000"}])):
        jsonschema.validate(compute_claim(c).to_json(), schema)


def test_text_table_mentions_every_item_and_the_total():
    claim = compute_claim(make_case())
    text = format_claim_table(claim)
    for it in claim.items:
        assert it.formula in text
    assert "129,200.00" in text and "人民币壹拾贰万玖仟贰佰元整" in text


def test_committed_schema_is_current():
    from pathlib import Path

    from pipeline.schemas import schema_text

    path = Path(__file__).resolve().parent.parent / "schemas" / "claim.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text("claim")
