"""One split-invariant day count (民法典第201条), loan.term_start, and the costs of realising the debt.

Hand-computed. Most cases lend 36,500.00 at 10 %/year on a 365-day basis: exactly 10.00 yuan a day,
so the interest of any split is the days × 10.00 with no rounding, and "same interest as the unsplit
period" can be asserted to the fen. A period opened by an event on day A counts A + 1 … L; a
printed period "自F起至L止" has L − F + 1 days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from test_claim_helpers import DROP, make_case

from pipeline.law.claim import compute_claim

BASE = "36500"


def interest_items(claim):
    return [i for i in claim.items if i.kind in ("term_interest", "overdue_interest")]


def loan(delivered: str, due: str, as_of: str, **over):
    """Natural persons, 36,500 at 10 %/yr (under every cap involved), no overdue rate agreed (规定28(二))."""
    data = {
        "loan": {
            "face_principal": BASE,
            "disbursements": [{"date": delivered, "amount": BASE, "method": "bank_transfer"}],
            "due_date": due,
            "interest": {"kind": "agreed", "rate": "10"},
        },
        "computation_date": as_of,
        "procedure": {"preferred": "lawsuit"},
    }
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(data.get(k), dict):
            data[k].update(v)
        else:
            data[k] = v
    return make_case(data)


# ---------------------------------------------------------------- 184 days


def test_2024_03_01_to_2024_09_01_is_184_days():
    # Delivered 2024-03-01, due and computed to 2024-09-01: the delivery day not counted →
    # 2024-03-02..2024-09-01 = 30 (Mar) + 30 + 31 + 30 + 31 + 31 (Apr–Aug) + 1 (Sep) = 184 days
    # → 36,500 × 10 % × 184/365 = 1,840.00 (not 185 days / 1,850.00).
    claim = compute_claim(loan("2024-03-01", "2024-09-01", "2024-09-01"))
    (term,) = interest_items(claim)
    assert (term.start, term.end, term.days, term.accrued) == (date(2024, 3, 2), date(2024, 9, 1), 184, D("1840.00"))
    assert "自2024年3月2日起计算至2024年9月1日止，共184天" in term.formula


# ---------------------------------------------------------------- splits


def test_split_at_a_repayment_gives_the_unsplit_days_and_interest():
    # Same loan, 500.00 repaid on 2024-06-01 (less than the 920.00 accrued: all to interest, 民法典561,
    # so the base stays 36,500). The repayment cuts the period:
    #   2024-03-02..2024-06-01 = 92 days → 920.00 (500.00 paid by the repayment)
    #   2024-06-02..2024-09-01 = 92 days → 920.00
    # 92 + 92 = 184 days and 920 + 920 = 1,840.00 = the unsplit period; the repayment day is counted once.
    claim = compute_claim(loan("2024-03-01", "2024-09-01", "2024-09-01", repayments=[{"date": "2024-06-01", "amount": "500"}]))
    first, second = interest_items(claim)
    assert (first.start, first.end, first.days, first.accrued, first.paid) == (date(2024, 3, 2), date(2024, 6, 1), 92, D("920.00"), D("500.00"))
    assert (second.start, second.end, second.days, second.accrued) == (date(2024, 6, 2), date(2024, 9, 1), 92, D("920.00"))
    assert first.days + second.days == 184
    assert first.accrued + second.accrued == D("1840.00")
    assert claim.totals.interest == D("1340.00")  # 1,840.00 − 500.00 paid


def test_split_at_the_end_of_term_gives_the_unsplit_days_and_interest():
    # Due 2024-06-01, computed to 2024-09-01; overdue at the term rate (规定第28条第2款第（二）项):
    #   term 2024-03-02..2024-06-01 = 92 days → 920.00; overdue 2024-06-02..2024-09-01 = 92 days → 920.00
    claim = compute_claim(loan("2024-03-01", "2024-06-01", "2024-09-01"))
    term, over = interest_items(claim)
    assert (term.kind, term.days, term.accrued) == ("term_interest", 92, D("920.00"))
    assert (over.kind, over.start, over.days, over.accrued) == ("overdue_interest", date(2024, 6, 2), 92, D("920.00"))
    assert term.days + over.days == (date(2024, 9, 1) - date(2024, 3, 1)).days == 184
    assert term.accrued + over.accrued == D("1840.00")


def test_split_at_2020_08_20_gives_the_unsplit_days_and_interest():
    # Delivered 2020-03-01 (before 2020-08-20: 规定第31条), 10 % (under the old 24 % and under 4 × LPR at
    # filing = 2020-12-01, LPR 3.85 % → 15.4 %), due and computed to 2020-12-01.
    #   old rules 2020-03-02..2020-08-19 = 171 days → 1,710.00
    #   new rules 2020-08-20..2020-12-01 = 104 days → 1,040.00
    #   171 + 104 = 275 = 2020-12-01 − 2020-03-01; 1,710 + 1,040 = 2,750.00 = 275 × 10.00
    claim = compute_claim(loan("2020-03-01", "2020-12-01", "2020-12-01"))
    old, new = interest_items(claim)
    assert (old.start, old.end, old.days, old.accrued) == (date(2020, 3, 2), date(2020, 8, 19), 171, D("1710.00"))
    assert (new.start, new.end, new.days, new.accrued) == (date(2020, 8, 20), date(2020, 12, 1), 104, D("1040.00"))
    assert old.days + new.days == (date(2020, 12, 1) - date(2020, 3, 1)).days
    assert old.accrued + new.accrued == D("2750.00")
    assert "第三十一条第二款" in claim.transitional_request


def test_split_at_lpr_changes_gives_the_unsplit_days():
    # No interest agreed between natural persons → overdue at 1 × LPR (规定第28条第2款第（一）项).
    # Due 2024-06-30, computed to 2024-12-31: overdue 2024-07-01..2024-12-31 = 184 days.
    # Fixed at the first overdue day (LPR of 2024-06-20 = 3.45 %): 36,500 × 3.45 % = 3.45 a day
    #   → 184 × 3.45 = 634.80.
    # Floating, cut at the publications of 2024-07-22 (3.35 %) and 2024-10-21 (3.10 %):
    #   07-01..07-21 = 21 days × 3.45 = 72.45; 07-22..10-20 = 91 days × 3.35 = 304.85;
    #   10-21..12-31 = 72 days × 3.10 = 223.20 → 21 + 91 + 72 = 184 days, 600.50.
    none = {"interest": {"kind": "none", "rate": DROP}}
    fixed = compute_claim(loan("2024-01-01", "2024-06-30", "2024-12-31", loan=none))
    (one,) = interest_items(fixed)
    assert (one.start, one.end, one.days, one.accrued) == (date(2024, 7, 1), date(2024, 12, 31), 184, D("634.80"))
    floating = compute_claim(loan("2024-01-01", "2024-06-30", "2024-12-31", loan=none, settings={"overdue_lpr_mode": "floating"}))
    got = [(i.start, i.end, i.days, i.annual_rate, i.accrued) for i in interest_items(floating)]
    assert got == [
        (date(2024, 7, 1), date(2024, 7, 21), 21, D("3.45"), D("72.45")),
        (date(2024, 7, 22), date(2024, 10, 20), 91, D("3.35"), D("304.85")),
        (date(2024, 10, 21), date(2024, 12, 31), 72, D("3.10"), D("223.20")),
    ]
    assert sum(g[2] for g in got) == one.days == 184
    # After the cut-off the floating rate keeps following the LPR.
    assert "按同期全国银行间同业拆借中心公布的一年期贷款市场报价利率" in floating.until_paid_text


def test_monthly_convention_counts_the_same_days():
    # 按月计息, bank (no LPR cap), 60,000 at 18 % delivered 2024-08-15, due 2024-10-15, repaid 900.00
    # on 2024-09-15 (one month's interest, 60,000 × 1.5 %): 08-16..09-15 (31 days = 1 month, 900.00,
    # paid) and 09-16..10-15 (30 days = 1 month, 900.00): 31 + 30 = 61 = 2024-10-15 − 2024-08-15.
    claim = compute_claim(
        make_case(
            {
                "creditor": {"kind": "organization", "name": "某某银行股份有限公司", "domicile": "北京市西城区金融大街4号",
                             "representative": "赵六", "representative_title": "行长"},
                "lender_category": "bank",
                "loan": {
                    "face_principal": "60000",
                    "disbursements": [{"date": "2024-08-15", "amount": "60000", "method": "bank_transfer"}],
                    "due_date": "2024-10-15",
                    "interest": {"kind": "agreed", "rate": "18"},
                },
                "repayments": [{"date": "2024-09-15", "amount": "900"}],
                "computation_date": "2024-10-15",
                "settings": {"interest_convention": "monthly"},
            }
        )
    )
    first, second = interest_items(claim)
    assert (first.days, first.duration, first.accrued, first.amount) == (31, "1个月", D("900.00"), D("0.00"))
    assert (second.start, second.days, second.duration, second.accrued) == (date(2024, 9, 16), 30, "1个月", D("900.00"))
    assert first.days + second.days == 61


# ---------------------------------------------------------------- term_start


def test_term_start_later_than_delivery_is_honoured():
    # Delivered 2024-03-01, 借期起算日 2024-03-11, due 2024-09-01: interest from 2024-03-12 →
    # 2024-09-01 − 2024-03-11 = 174 days → 1,740.00.
    claim = compute_claim(loan("2024-03-01", "2024-09-01", "2024-09-01", loan={"term_start": "2024-03-11"}))
    (term,) = interest_items(claim)
    assert (term.start, term.days, term.accrued) == (date(2024, 3, 12), 174, D("1740.00"))


def test_term_start_before_delivery_does_not_add_days():
    # 借期起算日 2024-02-20 but the money went out on 2024-03-01: interest only on money delivered
    # (民法典第679条), from 2024-03-02 → 184 days, 1,840.00.
    claim = compute_claim(loan("2024-03-01", "2024-09-01", "2024-09-01", loan={"term_start": "2024-02-20"}))
    (term,) = interest_items(claim)
    assert (term.start, term.days, term.accrued) == (date(2024, 3, 2), 184, D("1840.00"))


# ---------------------------------------------------------------- costs (民法典第561条)


def _lawyer(contract: bool = True, **settings):
    # Due 2024-06-01, computed to 2024-09-01; 律师费 3,000 paid on 2024-07-01.
    return loan(
        "2024-03-01", "2024-06-01", "2024-09-01",
        costs=[{"kind": "lawyer_fee", "date": "2024-07-01", "amount": "3000", "contract_provides": contract, "clause_ref": "第八条"}],
        settings=settings,
    )


def test_costs_are_allocated_before_interest():
    # lawyer_fee_in_cap false (律师费 outside the 规定29 line). 2,000.00 repaid on 2024-08-01:
    # 民法典第561条 — the 3,000 律师费 incurred before the payment comes first: 2,000 to costs,
    # nothing to interest or principal. Interest: term 03-02..06-01 92 days 920.00; overdue (term
    # rate) 06-02..08-01 61 days 610.00 and 08-02..09-01 31 days 310.00 — all unpaid.
    # Total = 36,500 + 920 + 610 + 310 + 律师费 (3,000 − 2,000) 1,000 = 39,340.00
    claim = compute_claim(
        loan(
            "2024-03-01", "2024-06-01", "2024-09-01",
            costs=[{"kind": "lawyer_fee", "date": "2024-07-01", "amount": "3000", "contract_provides": True}],
            repayments=[{"date": "2024-08-01", "amount": "2000"}],
            settings={"lawyer_fee_in_cap": False},
        )
    )
    (a,) = claim.repayments
    assert (a.to_costs, a.to_interest, a.to_principal) == (D("2000.00"), D("0.00"), D("0.00"))
    (cost,) = [i for i in claim.items if i.kind == "cost"]
    assert (cost.label, cost.accrued, cost.paid, cost.amount) == ("律师费", D("3000.00"), D("2000.00"), D("1000.00"))
    assert [(p.date, p.amount) for p in cost.paid_by] == [(date(2024, 8, 1), D("2000.00"))]
    assert [i.accrued for i in interest_items(claim)] == [D("920.00"), D("610.00"), D("310.00")]
    assert claim.totals.costs == D("1000.00") and claim.totals.total == D("39340.00")
    assert claim.to_json()["totals"]["costs"] == "1000.00"


def test_lawyer_fee_within_the_combined_line_by_default():
    # settings.lawyer_fee_in_cap (default true): 律师费 counts in the 规定第29条 line.
    # Formed 2024-03-01: LPR of 2024-02-20 3.45 % × 4 = 13.8 %. Overdue principal 36,500 over
    # 06-02..09-01 (92 days): 36,500 × 13.8 % × 92/365 = 1,269.60 = the line.
    # Claimed: overdue interest 920.00 + 律师费 3,000.00 = 3,920.00 → 2,650.40 over → cut from the
    # 律师费: 3,000.00 − 2,650.40 = 349.60 claimed.
    claim = compute_claim(_lawyer())
    (cost,) = [i for i in claim.items if i.kind == "cost"]
    assert (cost.reduced_by, cost.amount) == (D("2650.40"), D("349.60"))
    (cap,) = [c for c in claim.caps if c.kind == "combined"]
    assert cap.reduced_by == D("2650.40") and "1,269.60" in cap.basis and "律师费" in cap.basis
    # Outside the line: claimed in full.
    free = compute_claim(_lawyer(lawyer_fee_in_cap=False))
    (cost,) = [i for i in free.items if i.kind == "cost"]
    assert (cost.reduced_by, cost.amount) == (D("0.00"), D("3000.00"))
    assert not [c for c in free.caps if c.kind == "combined"]


def test_costs_the_contract_does_not_put_on_the_debtor_are_not_claimed():
    claim = compute_claim(_lawyer(contract=False))
    assert not [i for i in claim.items if i.kind == "cost"]
    assert any("律师费3,000.00元" in n and "未主张" in n for n in claim.notes)
    # A 保全费 may still be listed in the claims (诉讼费用交纳办法第三十八条第三款), without contract.
    claim = compute_claim(
        loan("2024-03-01", "2024-06-01", "2024-09-01",
             costs=[{"kind": "preservation_fee", "date": "2024-07-01", "amount": "520"}])
    )
    (cost,) = [i for i in claim.items if i.kind == "cost"]
    assert cost.label == "保全费" and cost.amount == D("520.00") and not cost.contractual
    assert "第三十八条第三款" in cost.rule
