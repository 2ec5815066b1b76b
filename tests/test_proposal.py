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


def _load(name: str, **procedure):  # type: ignore[no-untyped-def]
    case = load_case(SAMPLES[name])
    if procedure:
        case = case.model_copy(update={"procedure": case.procedure.model_copy(update=procedure)})
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
    # the creditor insists on a payment order although it wants preservation (preferred payment_order)
    case, claim = _load("01-company-loan-instalments", preferred="payment_order", preservation_wanted=True)
    p = repayment_proposal(case, claim)
    six = next(o for o in p.options if o.count == 6)
    assert six.matches_negotiated and p.recommended == six.number
    # Sample 01 (daily): 100,000 delivered 2025-06-05 at 10 %; 833.33 repaid 2025-07-05 pays the interest
    # 2025-06-06..07-05 (30 days: 100,000 × 10 % × 30/365 = 821.917… → 821.92) and 11.41 of principal
    # (民法典561) → 99,988.59. Term 2025-07-06..09-04 61 days: 99,988.59 × 10 % × 61/365 = 1,671.04;
    # overdue 2025-09-05..2026-03-31 208 days at 12 %: 99,988.59 × 12 % × 208/365 = 6,837.579… → 6,837.58.
    # Total 99,988.59 + 1,671.04 + 6,837.58 = 108,497.21.
    # waive = ["overdue_interest"]: 6,837.58; 108,497.21 − 6,837.58 = 101,659.63
    assert claim.totals.total == D("108497.21")
    assert six.waived == D("6837.58") and six.total == D("101659.63")
    # 101,659.63 / 6 = 16,943.271… → 16,943.27 × 5, the last 101,659.63 − 84,716.35 = 16,943.28
    assert [r.amount for r in six.schedule.rows] == [D("16943.27")] * 5 + [D("16943.28")]
    assert [r.due_date for r in six.schedule.rows][:2] == [date(2026, 4, 15), date(2026, 5, 15)]
    assert six.fits_capacity is True  # 16,943.28 ≤ 18,000
    three = next(o for o in p.options if o.count == 3)
    assert three.fits_capacity is False  # 101,659.63 / 3 = 33,886.54 > 18,000
    # payment order: full fee 50 + 90,000 × 2.5% + 8,497.21 × 2% = 2,469.9442; ÷ 3 = 823.31
    assert p.litigation.court_fee == D("823.31")
    # preservation: 30 + 99,000 × 1% + 8,497.21 × 0.5% = 1,062.486… → 1,062.49; not a cost of the
    # payment-order path (no preservation in 督促程序), only mentioned for a later lawsuit
    assert p.litigation.preservation_fee is None and "现按1,062.49元估算" in p.litigation.note


def test_sample_03_capacity_fitted_option_and_tight_waiver() -> None:
    case, claim = _load("03-consumer-finance-guarantor")
    p = repayment_proposal(case, claim)
    # no negotiated terms, ability "tight": overdue interest (no penalty in the claim) is offered for waiver
    o3 = p.options[0]
    assert o3.waived_items == ("overdue_interest",)
    overdue = sum((it.amount for it in claim.items if it.kind == "overdue_interest"), D("0"))
    # sample 03 counts interest by month, 罚息 held to 24 % (figures hand-computed in
    # tests/test_interest_monthly.py): total 51,798.56
    assert overdue == D("1452.60") + D("1352.60") + D("1252.60") + D("5845.21") == D("9903.01")
    assert o3.total == D("51798.56") - D("9903.01") == D("41895.55")
    assert all(o.fits_capacity is False for o in p.options if o.count in (3, 6, 12))  # 41,895.55/12 = 3,491.3 > 2,000
    # 41,895.55 / 2,000 = 20.9 → 21 instalments: 41,895.55 / 21 = 1,995.026… → 1,995.02 (down) × 20
    # + 1,995.15 (= 41,895.55 − 39,900.40)
    fitted = next(o for o in p.options if o.count == 21)
    assert fitted.schedule.rows[0].amount == D("1995.02") and fitted.schedule.rows[-1].amount == D("1995.15")
    assert fitted.fits_capacity is True and p.recommended == fitted.number
    # summary procedure: 50 + 41,798.56 × 2.5% = 1,094.964; ÷ 2 = 547.482 → 547.48
    assert p.litigation.court_fee == D("547.48") and p.litigation.preservation_fee is None


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
    (诉讼费用交纳办法第14条(三)): 108,497.21 is in the 10万–20万 bracket → 2% × 108,497.21 + 300
    = 2,469.9442; / 3 = 823.3147 → 823.31.
    Preservation is not available in 督促程序, so the path's upfront cost is 823.31 only and the
    preservation fee (30 + 990 + 0.5% × 8,497.21 = 1,062.49) is mentioned as a later cost.
    (The creditor insists on a payment order: preferred payment_order; in auto mode preservation leads to a lawsuit.)"""
    case, claim = _load("01-company-loan-instalments", preferred="payment_order", preservation_wanted=True)
    full = D("108497.21") * D("0.02") + 300
    assert (full / 3).quantize(D("0.01")) == D("823.31")
    pres = (D("30") + D("990") + (D("108497.21") - 100000) * D("0.005")).quantize(D("0.01"))
    lit = repayment_proposal(case, claim).litigation
    assert lit.upfront == D("823.31") and lit.preservation_fee is None
    assert f"现按{pres:,.2f}元估算" in lit.note and "民诉法解释第195条" in lit.note


def test_summary_path_names_ordinary_procedure_alternative() -> None:
    """Sample 04: 简易程序 3 months (民事诉讼法第164条); if the court uses 普通程序, 6 months
    (第152条) and the full fee 1.5% × 333,079.45 + 1,300 = 6,296.19 (民诉法解释第199条).
    Sample 04 total 333,079.45: see tests/test_interest_statement.py."""
    case, claim = _load("04-pre-2020-transitional")
    lit = repayment_proposal(case, claim).litigation
    full = (D("333079.45") * D("0.015") + 1300).quantize(D("0.01"))
    assert full == D("6296.19")
    assert "第164条" in lit.expected_duration and "第152条" in lit.expected_duration
    assert f"全额{full:,.2f}元" in lit.expected_duration


def test_option_note_states_the_regular_instalment() -> None:
    """Sample 01, 12 instalments of 101,659.63 (test above): 101,659.63 / 12 = 8,471.635… → 8,471.63
    each, the last takes the remainder 101,659.63 − 11 × 8,471.63 = 8,471.70."""
    case, claim = _load("01-company-loan-instalments")
    assert D("101659.63") - 11 * D("8471.63") == D("8471.70")
    o = next(o for o in repayment_proposal(case, claim).options if o.count == 12)
    assert "每月8,471.63元（最高一期折合每月8,471.70元）" in o.note
