"""Repayment proposal: options, caps, conditional waiver, litigation fees (pipeline/law/proposal.py).

Expected figures are worked out by hand from the rules in the comments (《诉讼费用交纳办法》第13、14、16条;
instalments rounded down to the fen, the last one takes the remainder).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from conftest import sample_case_dirs
from pipeline.case import load_case
from pipeline.case.models import InstalmentTerms
from pipeline.law.claim import compute_claim
from pipeline.law.proposal import ProposalError, repayment_proposal
from pipeline.render.context import schedule_for

SAMPLES = {p.name: p for p in sample_case_dirs()}


def _load(name: str):
    case = load_case(SAMPLES[name])
    return case, compute_claim(case)


@pytest.mark.parametrize("case_dir", sample_case_dirs(), ids=lambda p: p.name)
def test_every_sample_schedules_sum_and_respect_the_cap(case_dir: Path) -> None:
    case = load_case(case_dir)
    claim = compute_claim(case)
    p = repayment_proposal(case, claim)
    assert {3, 6, 12} <= {o.count for o in p.options}
    assert [o.number for o in p.options] == list(range(1, len(p.options) + 1))
    for o in p.options:
        rows = o.schedule.rows
        assert len(rows) == o.count
        assert sum(r.amount for r in rows) == o.total == o.schedule.total
        assert rows[-1].remaining == 0
        # the waiver is conditional: what revives on default is exactly the lawful claim total, never more
        assert o.total + o.waived == o.schedule.revived_total == claim.totals.total
        assert o.schedule.revived_total <= claim.totals.total
        assert o.waived == sum(
            (it.amount for it in claim.items if it.kind in {"overdue_interest": "overdue_interest", "penalty": "penalty", "other_fees": "fee"}.values()
             and {"overdue_interest": "overdue_interest", "penalty": "penalty", "fee": "other_fees"}[it.kind] in o.waived_items),
            D("0.00"),
        )
        cap = case.debtor_situation.monthly_capacity
        assert o.fits_capacity == (None if cap is None else o.monthly_amount <= cap)
        assert o.matches_negotiated == (case.instalment_terms is not None and o.count == case.instalment_terms.count)
    # the comparison's fees are the claim engine's
    lit = p.litigation
    assert lit.recovered == claim.totals.total
    if claim.procedure.kind == "payment_order":
        assert lit.kind == "payment_order" and lit.court_fee == claim.fees.payment_order_fee
        assert "民事诉讼法第227条" in lit.expected_duration
    else:
        assert lit.kind == "complaint" and lit.court_fee == claim.fees.case_fee_payable
        basis = "第164条" if case.procedure.expected_procedure == "summary" else "第152条"
        assert basis in lit.expected_duration
    if case.procedure.preservation_wanted and claim.procedure.kind != "payment_order":
        assert lit.preservation_fee == claim.fees.preservation_fee is not None
        assert lit.upfront == claim.fees.case_fee_payable + claim.fees.preservation_fee
    else:
        # no preservation in 督促程序: its fee is not a cost of the payment-order path
        assert lit.preservation_fee is None and lit.upfront == lit.court_fee
    j = p.to_json()
    assert j["litigation"]["court_fee"] == f"{lit.court_fee:.2f}"
    assert all(isinstance(o["total"], str) for o in j["options"])
    if p.recommended is not None:
        assert p.option(p.recommended)


def test_sample_01_negotiated_six_instalments_by_hand() -> None:
    case, claim = _load("01-company-loan-instalments")
    p = repayment_proposal(case, claim)
    six = next(o for o in p.options if o.count == 6)
    assert six.matches_negotiated and p.recommended == six.number
    # waive = ["overdue_interest"]: the overdue-interest item 6,838.36; 108,525.58 − 6,838.36 = 101,687.22
    assert six.waived == D("6838.36") and six.total == D("101687.22")
    # 101,687.22 / 6 = 16,947.87 exactly → six equal rows from 2026-04-15 monthly
    assert [r.amount for r in six.schedule.rows] == [D("16947.87")] * 6
    assert [r.due_date for r in six.schedule.rows][:2] == [date(2026, 4, 15), date(2026, 5, 15)]
    assert six.fits_capacity is True  # 16,947.87 ≤ 18,000
    three = next(o for o in p.options if o.count == 3)
    assert three.fits_capacity is False  # 101,687.22 / 3 = 33,895.74 > 18,000
    # payment order: full fee 50 + 90,000 × 2.5% + 8,525.58 × 2% = 2,470.5116; ÷ 3 = 823.50
    assert p.litigation.court_fee == D("823.50")
    # preservation: 30 + 99,000 × 1% + 8,525.58 × 0.5% = 1,062.6279 → 1,062.63; not a cost of the
    # payment-order path (no preservation in 督促程序), only mentioned for a later lawsuit
    assert p.litigation.preservation_fee is None and "现按1,062.63元估算" in p.litigation.note


def test_sample_03_capacity_fitted_option_and_tight_waiver() -> None:
    case, claim = _load("03-consumer-finance-guarantor")
    p = repayment_proposal(case, claim)
    # no negotiated terms, ability "tight": overdue interest (no penalty in the claim) is offered for waiver
    o3 = p.options[0]
    assert o3.waived_items == ("overdue_interest",)
    overdue = sum((it.amount for it in claim.items if it.kind == "overdue_interest"), D("0"))
    # sample 03 counts interest by month (figures hand-computed in tests/test_interest_monthly.py)
    assert overdue == D("1634.18") + D("1521.68") + D("1409.18") + D("6575.86") == D("11140.90")
    assert o3.total == D("53356.19") - D("11140.90") == D("42215.29")
    assert all(o.fits_capacity is False for o in p.options if o.count in (3, 6, 12))  # 42,215.29/12 = 3,517.9 > 2,000
    # 42,215.29 / 2,000 = 21.1 → 22 instalments: 42,215.29 / 22 = 1,918.876… → 1,918.87 (down) × 21
    # + 1,919.02 (= 42,215.29 − 40,296.27)
    fitted = next(o for o in p.options if o.count == 22)
    assert fitted.schedule.rows[0].amount == D("1918.87") and fitted.schedule.rows[-1].amount == D("1919.02")
    assert fitted.fits_capacity is True and p.recommended == fitted.number
    # summary procedure: 50 + 43,356.19 × 2.5% = 1,133.90475; ÷ 2 = 566.952375 → 566.95
    assert p.litigation.court_fee == D("566.95") and p.litigation.preservation_fee is None


def test_no_waiver_unless_tight_or_unable() -> None:
    case, claim = _load("04-pre-2020-transitional")  # ability "able"
    p = repayment_proposal(case, claim)
    assert all(o.waived == 0 and o.total == claim.totals.total for o in p.options)
    assert p.recommended is None and "一次性清偿" in p.reasons[0]
    tight = case.model_copy(update={"debtor_situation": case.debtor_situation.model_copy(update={"ability": "tight"})})
    p2 = repayment_proposal(tight, claim)
    assert p2.options[0].waived_items == ("overdue_interest",) and "资金紧张" in p2.options[0].note


def test_card_issuer_plans_stop_at_five_years() -> None:
    case, claim = _load("03-consumer-finance-guarantor")
    terms = InstalmentTerms(count=12, first_due_date=date(2026, 5, 1), interval_months=6)
    card = case.model_copy(update={"lender_category": "card_issuer", "instalment_terms": terms})
    p = repayment_proposal(card, claim)
    # 12 × 6 = 72 months > 60 (《商业银行信用卡业务监督管理办法》第70条); 3 × 6 and 6 × 6 stay
    assert sorted(o.count for o in p.options) == [3, 6]
    assert any("5年" in e and "第70条" in e for e in p.excluded)


def test_schedule_for_uses_the_chosen_plan_only_without_terms() -> None:
    case, claim = _load("02-iou-no-interest")
    assert schedule_for(case, claim) is None
    p = repayment_proposal(case, claim)
    got = schedule_for(case, claim, plan=2)
    assert got == p.option(2).schedule and len(got.rows) == 6
    # 30,000 / 6 = 5,000 per instalment, first one month after the signing date 2026-03-31 → 2026-04-30
    assert got.rows[0].amount == D("5000.00") and got.rows[0].due_date == date(2026, 4, 30)
    with pytest.raises(ProposalError, match="没有方案 9"):
        schedule_for(case, claim, plan=9)
    case1, claim1 = _load("01-company-loan-instalments")
    assert schedule_for(case1, claim1, plan=1) == schedule_for(case1, claim1)  # negotiated terms win


def test_bad_counts_are_refused_in_chinese() -> None:
    case, claim = _load("02-iou-no-interest")
    with pytest.raises(ProposalError, match="分期期数"):
        repayment_proposal(case, claim, counts=(1,))


def test_payment_order_path_costs_and_wording_by_hand() -> None:
    """Sample 01 (payment order, preservation wanted). 支付令申请费 = 1/3 of the property-case fee
    (诉讼费用交纳办法第14条(三)): 108,525.58 is in the 10万–20万 bracket → 2% × 108,525.58 + 300
    = 2,470.5116; / 3 = 823.5039 → 823.50.
    Preservation is not available in 督促程序, so the path's upfront cost is 823.50 only and the
    preservation fee (30 + 990 + 0.5% × 8,525.58 = 1,062.63) is mentioned as a later cost."""
    case, claim = _load("01-company-loan-instalments")
    full = D("108525.58") * D("0.02") + 300
    assert (full / 3).quantize(D("0.01")) == D("823.50")
    pres = (D("30") + D("990") + (D("108525.58") - 100000) * D("0.005")).quantize(D("0.01"))
    lit = repayment_proposal(case, claim).litigation
    assert lit.upfront == D("823.50") and lit.preservation_fee is None
    assert f"现按{pres:,.2f}元估算" in lit.note and "民诉法解释第195条" in lit.note


def test_summary_path_names_ordinary_procedure_alternative() -> None:
    """Sample 04: 简易程序 3 months (民事诉讼法第164条); if the court uses 普通程序, 6 months
    (第152条) and the full fee 1.5% × 333,189.04 + 1,300 = 6,297.84 (民诉法解释第199条)."""
    case, claim = _load("04-pre-2020-transitional")
    lit = repayment_proposal(case, claim).litigation
    full = (D("333189.04") * D("0.015") + 1300).quantize(D("0.01"))
    assert "第164条" in lit.expected_duration and "第152条" in lit.expected_duration
    assert f"全额{full:,.2f}元" in lit.expected_duration


def test_option_note_states_the_regular_instalment() -> None:
    """Sample 01, 12 instalments of 101,687.22: 101,687.22 / 12 = 8,473.935 → 8,473.93 each, the
    last takes the remainder 101,687.22 − 11 × 8,473.93 = 8,473.99."""
    case, claim = _load("01-company-loan-instalments")
    assert D("101687.22") - 11 * D("8473.93") == D("8473.99")
    o = next(o for o in repayment_proposal(case, claim).options if o.count == 12)
    assert "每月8,473.93元（最高一期折合每月8,473.99元）" in o.note
