"""Small Chinese numerals as clerks type them in rates and dates (五, 三点五, 十二, 二〇二五).

Only what spreadsheets hold: whole numbers below 10,000 written with 十/百/千, digit-by-digit
years (二〇二五), and a decimal part after 点. Financial capitals (壹贰叁) are accepted too.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["parse_zh_number", "has_zh_digits"]

_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


def has_zh_digits(text: str) -> bool:
    return any(c in _DIGITS or c in _UNITS for c in text)


def _whole(text: str) -> int | None:
    if not text:
        return None
    if all(c in _DIGITS or c.isdigit() for c in text):  # 二〇二五, 2025, 二0二五
        return int("".join(str(_DIGITS[c]) if c in _DIGITS else c for c in text))
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            if digit is not None:
                return None  # two digits in a row inside a 十/百 number: not a numeral we understand
            digit = _DIGITS[c]
        elif c in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[c]  # 十二 = 12: a bare 十 counts one ten
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_zh_number(text: str) -> Decimal | None:
    """``五`` → 5, ``三点五`` → 3.5, ``十二`` → 12, ``二〇二五`` → 2025; None when not a numeral."""
    text = text.strip()
    whole, sep, frac = text.partition("点")
    w = _whole(whole)
    if w is None:
        return None
    if not sep:
        return Decimal(w)
    if not frac or not all(c in _DIGITS or c.isdigit() for c in frac):
        return None
    digits = "".join(str(_DIGITS[c]) if c in _DIGITS else c for c in frac)
    return Decimal(f"{w}.{digits}")
