"""Payment order vs complaint (民事诉讼法225; 民诉法解释427, 428, 430, 434) and the court (解释23; 民诉法24, 35; 解释18; 规定3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from test_claim_helpers import BANK, DROP, PERSON_DEBTOR, make_case

from pipeline.law.claim import compute_claim
from pipeline.law.procedure import ProcedureError

GUARANTOR = {"party": {"kind": "person", "name": "周七", "domicile": "天津市和平区南京路5号"}, "guarantee_type": "joint"}


def cond(claim, name):
    (c,) = [c for c in claim.procedure.conditions if c.name == name]
    return c


def test_all_conditions_met_gives_a_payment_order():
    claim = compute_claim(make_case())
    p = claim.procedure
    assert p.kind == "payment_order" and p.title == "支付令申请书"
    assert len(p.conditions) == 8 and all(c.ok for c in p.conditions)
    assert all(c.basis for c in p.conditions)


def test_guarantor_pursued_goes_to_complaint():
    claim = compute_claim(make_case({"guarantors": [GUARANTOR]}))
    p = claim.procedure
    assert p.kind == "complaint" and p.title == "民事起诉状"
    c = cond(claim, "不追究保证人责任")
    assert not c.ok and "周七" in c.detail and c.basis == "民诉法解释第434条"
    assert any("第434条" in r for r in p.reasons)


def test_guarantor_not_pursued_keeps_the_payment_order():
    claim = compute_claim(make_case({"guarantors": [GUARANTOR], "procedure": {"pursue_guarantors": False}}))
    assert claim.procedure.kind == "payment_order"


def test_pre_action_preservation_goes_to_complaint():
    claim = compute_claim(make_case({"procedure": {"pre_action_preservation": True}}))
    assert claim.procedure.kind == "complaint"
    assert not cond(claim, "债权人未申请诉前保全").ok
    assert "第427条第1款第（七）项" in cond(claim, "债权人未申请诉前保全").basis


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("counter_performance_owed", True, "债权人没有对待给付义务"),
        ("other_debt_dispute", True, "债权人与债务人没有其他债务纠纷"),
        ("debtor_in_mainland", False, "债务人在中国大陆境内"),
        ("debtor_address_known", False, "债务人下落明确，支付令能够送达"),
    ],
)
def test_each_failing_condition_sends_the_case_to_court(field, value, name):
    claim = compute_claim(make_case({"procedure": {field: value}}))
    assert claim.procedure.kind == "complaint"
    assert [c.name for c in claim.procedure.conditions if not c.ok] == [name]


def test_preference_for_payment_order_is_refused_naming_the_condition():
    case = make_case({"guarantors": [GUARANTOR], "procedure": {"preferred": "payment_order"}})
    with pytest.raises(ProcedureError) as exc:
        compute_claim(case)
    msg = str(exc.value)
    assert "不追究保证人责任" in msg and "第434条" in msg and "支付令" in msg


def test_preference_for_lawsuit_wins():
    claim = compute_claim(make_case({"procedure": {"preferred": "lawsuit"}}))
    assert claim.procedure.kind == "complaint"
    assert claim.procedure.reasons[0].startswith("债权人选择起诉")


def test_debt_not_yet_due_cannot_go_by_payment_order_unless_accelerated():
    # Due 2023-07-10, computed on 2023-01-10: not due.
    claim = compute_claim(make_case(), as_of=date(2023, 1, 10))
    assert claim.procedure.kind == "complaint"
    c = cond(claim, "请求给付金钱，已到期且数额确定")
    assert not c.ok and "2023年7月10日到期" in c.detail
    # Accelerated on 2022-12-31: all principal due from that day; overdue interest from 2023-01-01.
    claim = compute_claim(make_case({"procedure": {"acceleration_date": "2022-12-31"}}), as_of=date(2023, 1, 10))
    assert claim.procedure.kind == "payment_order"
    over = [i for i in claim.items if i.kind == "overdue_interest"][0]
    # 2023-01-01..2023-01-10 = 10 days: 100,000 × 14.6 % × 10/365 = 400.00
    assert over.start == date(2023, 1, 1) and over.amount == D("400.00")
    # An acceleration after the computation date does not make the debt due yet.
    claim = compute_claim(make_case({"procedure": {"acceleration_date": "2023-02-01"}}), as_of=date(2023, 1, 10))
    assert claim.procedure.kind == "complaint"
    assert not cond(claim, "请求给付金钱，已到期且数额确定").ok


def _statutory(**procedure):
    # No interest agreed → the only interest is the 1 × LPR default overdue interest (not agreed).
    over = {
        "loan": {"interest": {"kind": "none", "rate": DROP}},
        "procedure": procedure,
    }
    return make_case(over)


def test_statutory_overdue_interest_sends_auto_to_complaint():
    claim = compute_claim(_statutory())
    assert claim.procedure.kind == "complaint"
    c = cond(claim, "主张的利息、违约金均有合同约定")
    assert not c.ok and "第428条第1款第（二）项" in c.basis
    # The complaint keeps the interest: 1 × LPR on 2023-07-11 (3.55 %, published 2023-06-20), 366 days
    # → 100,000 × 3.55 % × 366/365 = 3,559.726… → 3,559.73
    assert claim.totals.interest == D("3559.73")


def test_statutory_overdue_interest_is_dropped_when_payment_order_is_chosen():
    claim = compute_claim(_statutory(preferred="payment_order"))
    assert claim.procedure.kind == "payment_order"
    assert claim.procedure.excluded_items == ("逾期利息（法定标准）",)
    assert cond(claim, "主张的利息、违约金均有合同约定").ok
    assert claim.totals.total == D("100000.00") and claim.totals.interest == 0
    assert any("第428条" in w for w in claim.warnings)


def test_agreed_penalty_survives_when_statutory_interest_is_dropped():
    # No interest agreed, fixed 违约金 1,000 agreed; payment order chosen → the 1 × LPR interest is dropped
    # but the 违约金 stays: the 规定29 line is measured on the overdue period itself
    # (100,000 × 4 × 3.70 % × 366/365 = 14,840.55 ≥ 1,000), not on the interest claimed.
    case = make_case(
        {
            "loan": {"interest": {"kind": "none", "rate": DROP}, "penalty": {"kind": "fixed", "amount": "1000"}},
            "procedure": {"preferred": "payment_order"},
        }
    )
    claim = compute_claim(case)
    assert claim.procedure.kind == "payment_order"
    assert claim.totals.penalty == D("1000.00") and claim.totals.total == D("101000.00")


# ---------------------------------------------------------------- court


def test_payment_order_court_is_the_debtors_and_ignores_the_clause():
    claim = compute_claim(
        make_case(
            {
                "procedure": {"debtor_court_name": "北京市海淀区人民法院", "creditor_court_name": "北京市朝阳区人民法院"},
                "loan": {
                    "jurisdiction_clause": {
                        "text": "争议由出借人住所地人民法院管辖",
                        "connection": "plaintiff_domicile",
                        "court_name": "北京市朝阳区人民法院",
                    }
                },
            }
        )
    )
    court = claim.procedure.court
    assert court.name == "北京市海淀区人民法院" and court.needs_naming is None
    assert "第23条" in court.basis


def test_payment_order_court_missing_says_which_court_to_name():
    court = compute_claim(make_case()).procedure.court
    assert court.name is None
    assert "procedure.debtor_court_name" in court.needs_naming
    assert PERSON_DEBTOR["domicile"] in court.needs_naming  # the address is shown, never turned into a name


def _lawsuit(procedure=None, clause=None, **extra):
    over = {"procedure": {"preferred": "lawsuit", **(procedure or {})}, **extra}
    if clause is not None:
        over["loan"] = {"jurisdiction_clause": clause}
    return compute_claim(make_case(over)).procedure.court


def test_valid_jurisdiction_clause_wins_in_a_lawsuit():
    court = _lawsuit(
        {"debtor_court_name": "北京市海淀区人民法院"},
        {"text": "因本合同发生的争议，由合同签订地人民法院管辖", "clause_ref": "第十条", "connection": "signing_place", "court_name": "北京市东城区人民法院"},
    )
    assert court.name == "北京市东城区人民法院"
    assert "第35条" in court.basis and "第十条" in court.basis


def test_clause_without_real_connection_is_void():
    court = _lawsuit(
        {"debtor_court_name": "北京市海淀区人民法院"},
        {"text": "由某仲裁委所在地法院管辖", "connection": "other", "court_name": "某某人民法院"},
    )
    assert court.name == "北京市海淀区人民法院"
    assert "无效" in court.basis and "第24条" in court.basis


def test_place_of_performance_is_the_receiving_party():
    court = _lawsuit({"creditor_court_name": "北京市朝阳区人民法院"})
    assert court.name == "北京市朝阳区人民法院"
    assert "接收货币一方" in court.basis and "第18条" in court.basis and "民间借贷规定第3条" in court.basis


def test_bank_place_of_performance_does_not_cite_the_private_lending_rules():
    court = _lawsuit(
        {"creditor_court_name": "北京市西城区人民法院"},
        creditor=dict(BANK),
        lender_category="bank",
    )
    assert court.name == "北京市西城区人民法院" and "民间借贷规定" not in court.basis


def test_no_court_given_names_none_and_explains():
    court = _lawsuit()
    assert court.name is None
    assert "procedure.debtor_court_name" in court.needs_naming and "procedure.creditor_court_name" in court.needs_naming
