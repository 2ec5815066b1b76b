"""Money and date helpers used by every document.

Money is always :class:`decimal.Decimal`; dates are :class:`datetime.date`.
The amount-in-words rules follow 中国人民银行《正确填写票据和结算凭证的基本规定》.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "CENT",
    "quantize_money",
    "rmb_words",
    "figures",
    "zh_date",
    "percent_text",
]

CENT = Decimal("0.01")
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_YI = 10**8


def quantize_money(value: Decimal) -> Decimal:
    """Round to fen, half up (the rounding used in judgments)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _below_yi_words(n: int) -> str:
    # 0 < n < 10**8: 万 groups; one "零" stands for a run of zeros between
    # non-zero digits, also across the 万 boundary (¥1,001,000 → 壹佰万零壹仟).
    s = str(n)
    out: list[str] = []
    zero_pending = False
    for i, ch in enumerate(s):
        pos = len(s) - 1 - i
        d = int(ch)
        if d == 0:
            zero_pending = True
        else:
            if zero_pending and out:
                out.append("零")
            zero_pending = False
            out.append(_DIGITS[d] + _UNITS[pos % 4])
        if pos == 4 and int(s[max(0, i - 3) : i + 1]):
            out.append("万")
    return "".join(out)


def _integer_words(n: int) -> str:
    """Words for a positive integer. Above 亿 the part before 亿 is itself read with
    万 (¥1,234,500,000,000 → 壹万贰仟叁佰肆拾伍亿, never 壹万亿贰仟…亿)."""
    high, low = divmod(n, _YI)
    if not high:
        return _below_yi_words(low)
    text = _integer_words(high) + "亿"
    if low:
        # A gap of zeros after 亿 (or a trailing zero before it) is read as one 零.
        if low < 10**7 or high % 10 == 0:
            text += "零"
        text += _below_yi_words(low)
    return text


def rmb_words(amount: Decimal) -> str:
    """人民币大写, e.g. 16409.02 → 人民币壹万陆仟肆佰零玖元零贰分.

    "整" only after whole 元; a leading ten is written 壹拾; one 零 for a run of zeros;
    零 before 分 when 角 is zero and there are 元.
    """
    value = quantize_money(amount)
    if value < 0:
        raise ValueError("金额不能为负数")
    fen_total = int(value * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    text = "人民币"
    if yuan:
        text += _integer_words(yuan) + "元"
    if jiao == 0 and fen == 0:
        return text + ("整" if yuan else "零元整")
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def figures(amount: Decimal) -> str:
    """Figures with thousands separators and two decimals: 100,000.00."""
    return f"{quantize_money(amount):,.2f}"


def zh_date(d: date) -> str:
    """2026年1月5日 (Arabic numerals, no zero padding, GB/T 9704 style)."""
    return f"{d.year}年{d.month}月{d.day}日"


def percent_text(rate: Decimal) -> str:
    """A rate given as a fraction or percent number, printed without trailing zeros.

    ``percent_text(Decimal("14.60"))`` → ``"14.6%"``. The argument is the percent number.
    """
    q = Decimal(rate).normalize()
    text = format(q, "f")
    return f"{text}%"
