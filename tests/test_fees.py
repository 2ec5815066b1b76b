"""Court fees, 《诉讼费用交纳办法》(国务院令第481号). Expected figures are worked by hand from 第13、14条."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.law.fees import (
    CourtFees,
    FeeError,
    court_fees,
    preservation_fee,
    property_case_fee,
)

# Cumulative fee at the top of each bracket (第13条(一), 分段累计):
#   ≤ 10,000: 50
#   100,000:    50 + 90,000 × 2.5%        = 2,300
#   200,000:    2,300 + 100,000 × 2%      = 4,300
#   500,000:    4,300 + 300,000 × 1.5%    = 8,800
#   1,000,000:  8,800 + 500,000 × 1%      = 13,800
#   2,000,000:  13,800 + 1,000,000 × 0.9% = 22,800
#   5,000,000:  22,800 + 3,000,000 × 0.8% = 46,800
#   10,000,000: 46,800 + 5,000,000 × 0.7% = 81,800
#   20,000,000: 81,800 + 10,000,000 × 0.6% = 141,800


@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        ("0.01", "50"),
        ("10000", "50"),
        ("10000.01", "50.00025"),  # 50 + 0.01 × 2.5%
        ("50000", "1050"),  # 50 + 40,000 × 2.5% (= 2.5% × 50,000 − 200)
        ("100000", "2300"),
        ("100000.01", "2300.0002"),  # 2,300 + 0.01 × 2%
        ("200000", "4300"),
        ("200000.01", "4300.00015"),  # 4,300 + 0.01 × 1.5%
        ("500000", "8800"),
        ("500000.01", "8800.0001"),  # 8,800 + 0.01 × 1%
        ("1000000", "13800"),
        ("1000000.01", "13800.00009"),  # 13,800 + 0.01 × 0.9%
        ("2000000", "22800"),
        ("2000000.01", "22800.00008"),  # 22,800 + 0.01 × 0.8%
        ("5000000", "46800"),
        ("5000000.01", "46800.00007"),  # 46,800 + 0.01 × 0.7%
        ("10000000", "81800"),
        ("10000000.01", "81800.00006"),  # 81,800 + 0.01 × 0.6%
        ("20000000", "141800"),
        ("20000001", "141800.005"),  # 141,800 + 1 × 0.5%
        ("30000000", "191800"),  # 141,800 + 10,000,000 × 0.5%
    ],
)
def test_property_case_fee_brackets(amount: str, fee: str) -> None:
    assert property_case_fee(D(amount)) == D(fee)


def test_full_fee_rounded_fen_and_yuan() -> None:
    # 20,000,001 → 141,800.005: fen half-up 141,800.01; yuan 141,800
    assert court_fees(D("20000001"), summary=False).case_fee_full == D("141800.01")
    assert court_fees(D("20000001"), summary=False, rounding="yuan").case_fee_full == D("141800")


def test_reference_yuan_example_16735_82() -> None:
    # 1,326,202.22: 13,800 + 326,202.22 × 0.9% = 13,800 + 2,935.81998 = 16,735.81998
    fen = court_fees(D("1326202.22"), summary=True, rounding="fen")
    yuan = court_fees(D("1326202.22"), summary=True, rounding="yuan")
    assert fen.case_fee_full == D("16735.82")
    assert yuan.case_fee_full == D("16736")
    # half of the unrounded fee: 8,367.90999 → 8,367.91 / 8,368
    assert fen.case_fee_payable == D("8367.91")
    assert yuan.case_fee_payable == D("8368")


def test_reference_half_example_2582_85() -> None:
    # 114,142.50: 2,300 + 14,142.50 × 2% = 2,582.85; half = 1,291.425 → 1,291.43 (fen) / 1,291 (yuan)
    fen = court_fees(D("114142.50"), summary=True)
    yuan = court_fees(D("114142.50"), summary=True, rounding="yuan")
    assert fen.case_fee_full == D("2582.85")
    assert fen.case_fee_payable == D("1291.43")
    assert yuan.case_fee_full == D("2583")
    assert yuan.case_fee_payable == D("1291")


def test_reference_fen_example_12734_90() -> None:
    # 893,490: 8,800 + 393,490 × 1% = 12,734.90; half 6,367.45
    r = court_fees(D("893490"), summary=True)
    assert (r.case_fee_full, r.case_fee_payable) == (D("12734.90"), D("6367.45"))


def test_half_is_taken_from_the_unrounded_fee() -> None:
    # 114,142.30: 2,300 + 14,142.30 × 2% = 2,582.846 → full 2,582.85 (fen)
    # half of the unrounded fee: 1,291.423 → 1,291.42 (rounding the full first would give 1,291.43)
    r = court_fees(D("114142.30"), summary=True)
    assert r.case_fee_full == D("2582.85")
    assert r.case_fee_payable == D("1291.42")


def test_halving_only_once() -> None:
    # 150,000: 2,300 + 50,000 × 2% = 3,300; summary AND mediation → 1,650, not a quarter (825)
    both = court_fees(D("150000"), summary=True, mediation=True)
    only_summary = court_fees(D("150000"), summary=True)
    only_mediation = court_fees(D("150000"), summary=False, mediation=True)
    ordinary = court_fees(D("150000"), summary=False)
    assert both.case_fee_full == D("3300.00")
    assert both.case_fee_payable == only_summary.case_fee_payable == only_mediation.case_fee_payable == D("1650.00")
    assert ordinary.case_fee_payable == D("3300.00")
    assert any("两项减半事由并存" in line.formula for line in both.lines)


def test_payment_order_one_third_of_full_fee() -> None:
    # 100,000: 2,300 / 3 = 766.666… → 766.67 (fen), 767 (yuan); not halved for summary procedure
    assert court_fees(D("100000"), summary=True).payment_order_fee == D("766.67")
    assert court_fees(D("100000"), summary=True, rounding="yuan").payment_order_fee == D("767")
    # 10,000: 50 / 3 = 16.666… → 16.67
    assert court_fees(D("10000"), summary=False).payment_order_fee == D("16.67")


@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        ("500", "30"),
        ("1000", "30"),
        ("1000.01", "30.0001"),  # 30 + 0.01 × 1%
        ("100000", "1020"),  # 30 + 99,000 × 1%
        ("200000", "1520"),  # 1,020 + 100,000 × 0.5%
        ("896000", "5000"),  # 1,020 + 796,000 × 0.5% = 5,000 exactly: the cap is reached here
        ("896000.01", "5000"),  # capped
        ("10000000", "5000"),  # uncapped would be 1,020 + 9,900,000 × 0.5% = 50,520
    ],
)
def test_preservation_fee(amount: str, fee: str) -> None:
    assert preservation_fee(D(amount)) == D(fee)


def test_court_fees_with_preservation() -> None:
    r = court_fees(D("150000"), summary=True, preservation_amount=D("150000"))
    # 1,020 + 50,000 × 0.5% = 1,270
    assert r.preservation_amount == D("150000")
    assert r.preservation_fee == D("1270.00")
    assert [line.label for line in r.lines] == [
        "案件受理费（全额）",
        "案件受理费（减半交纳）",
        "申请支付令费用",
        "申请财产保全费用",
    ]
    no_pres = court_fees(D("150000"), summary=True)
    assert no_pres.preservation_amount is None and no_pres.preservation_fee is None


def test_fee_lines_show_the_working() -> None:
    r = court_fees(D("150000"), summary=False)
    assert isinstance(r, CourtFees)
    full = r.lines[0]
    assert full.amount == D("3300.00")
    assert "50 + (100,000 − 10,000) × 2.5% + (150,000 − 100,000) × 2% = 3,300" in full.formula
    assert "第十三条" in full.formula
    capped = court_fees(D("150000"), summary=False, preservation_amount=D("2000000")).lines[-1]
    assert "上限" in capped.formula and capped.amount == D("5000.00")
    small = court_fees(D("8000"), summary=False).lines[0]
    assert small.amount == D("50.00") and "不超过10,000元" in small.formula


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"claim_amount": D("0")}, "大于0"),
        ({"claim_amount": D("-5")}, "大于0"),
        ({"claim_amount": 1000.5}, "浮点"),
        ({"claim_amount": D("1000"), "rounding": "jiao"}, "jiao"),
        ({"claim_amount": D("1000"), "preservation_amount": D("0")}, "保全财产数额"),
    ],
)
def test_bad_input_gives_chinese_message(kwargs, fragment: str) -> None:
    with pytest.raises(FeeError) as exc:
        court_fees(summary=False, **kwargs)
    assert fragment in str(exc.value)


_amounts = st.decimals(min_value=D("0.01"), max_value=D("1000000000"), places=2, allow_nan=False, allow_infinity=False)


@given(_amounts, _amounts)
def test_fees_monotonic_in_amount(a: D, b: D) -> None:
    lo, hi = min(a, b), max(a, b)
    assert property_case_fee(lo) <= property_case_fee(hi)
    assert preservation_fee(lo) <= preservation_fee(hi) <= D("5000")
    for rounding in ("fen", "yuan"):
        f_lo = court_fees(lo, summary=True, rounding=rounding)
        f_hi = court_fees(hi, summary=True, rounding=rounding)
        assert f_lo.case_fee_full <= f_hi.case_fee_full
        assert f_lo.case_fee_payable <= f_hi.case_fee_payable
