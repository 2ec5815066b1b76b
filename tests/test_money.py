"""人民币大写 per 中国人民银行《正确填写票据和结算凭证的基本规定》, figures and dates.

Rules exercised (expected strings written by hand from the rules, not from the code):
- 整 after a whole 元 amount; no 整 after 分; after 角 it may be omitted (we omit it);
- a run of zeros between non-zero digits is one 零 (万/亿 boundaries included);
- 角 zero and 分 non-zero: 零 after 元 (¥16,409.02 → …元零贰分);
- a leading ten is 壹拾 (¥100,000 → 壹拾万).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.money import figures, percent_text, quantize_money, rmb_words, zh_date

CASES = [
    ("100000", "人民币壹拾万元整"),
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("0.05", "人民币伍分"),
    ("0.50", "人民币伍角"),
    ("0.55", "人民币伍角伍分"),
    ("10", "人民币壹拾元整"),
    ("11", "人民币壹拾壹元整"),
    ("110", "人民币壹佰壹拾元整"),
    ("1000000", "人民币壹佰万元整"),
    ("100000000.01", "人民币壹亿元零壹分"),
    ("1001000", "人民币壹佰万零壹仟元整"),
    ("100001", "人民币壹拾万零壹元整"),
    ("0", "人民币零元整"),
    ("1", "人民币壹元整"),
    ("1.01", "人民币壹元零壹分"),
    ("1.10", "人民币壹元壹角"),
    ("1680.32", "人民币壹仟陆佰捌拾元叁角贰分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
    ("10010", "人民币壹万零壹拾元整"),
    ("30000", "人民币叁万元整"),
    ("200000", "人民币贰拾万元整"),
    ("833.33", "人民币捌佰叁拾叁元叁角叁分"),
    ("100010000", "人民币壹亿零壹万元整"),
    ("150000000", "人民币壹亿伍仟万元整"),
    ("1000001000", "人民币壹拾亿零壹仟元整"),
    ("1234567890.12", "人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"),
    ("1000000000000", "人民币壹万亿元整"),
    ("1234500000000", "人民币壹万贰仟叁佰肆拾伍亿元整"),
]


@pytest.mark.parametrize("amount,words", CASES)
def test_rmb_words(amount: str, words: str) -> None:
    assert rmb_words(Decimal(amount)) == words


def test_rmb_words_rounds_half_up_to_fen() -> None:
    # 0.005 yuan is half a fen: half-up gives one fen; 0.004 gives nothing.
    assert rmb_words(Decimal("0.005")) == "人民币壹分"
    assert rmb_words(Decimal("0.004")) == "人民币零元整"
    assert rmb_words(Decimal("1409.495")) == "人民币壹仟肆佰零玖元伍角"


def test_rmb_words_never_has_zheng_after_fen_or_double_zero() -> None:
    for k in range(0, 2_000_000, 997):
        text = rmb_words(Decimal(k) / 100)
        assert not text.endswith("分整")
        assert "零零" not in text
        assert text.startswith("人民币")


def test_rmb_words_rejects_negative() -> None:
    with pytest.raises(ValueError):
        rmb_words(Decimal("-1"))


@pytest.mark.parametrize(
    "amount,text",
    [("100000", "100,000.00"), ("0", "0.00"), ("1409.5", "1,409.50"), ("1234567.891", "1,234,567.89"),
     ("999.995", "1,000.00"), ("0.3", "0.30")],
)
def test_figures(amount: str, text: str) -> None:
    assert figures(Decimal(amount)) == text


def test_quantize_money_half_up() -> None:
    assert quantize_money(Decimal("2.345")) == Decimal("2.35")
    assert quantize_money(Decimal("2.344")) == Decimal("2.34")


@pytest.mark.parametrize(
    "d,text", [(date(2026, 1, 5), "2026年1月5日"), (date(2025, 12, 31), "2025年12月31日"), (date(2019, 6, 18), "2019年6月18日")]
)
def test_zh_date(d: date, text: str) -> None:
    assert zh_date(d) == text


def test_percent_text() -> None:
    assert percent_text(Decimal("14.60")) == "14.6%"
    assert percent_text(Decimal("12")) == "12%"
    assert percent_text(Decimal("3.00")) == "3%"
