"""Check digits of Chinese identifiers and phone-number shapes.

- 居民身份证号码: GB 11643-1999 (ISO 7064 MOD 11-2).
- 统一社会信用代码: GB 32100-2015 (MOD 31 over a 31-character alphabet).
"""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number (GB 11643)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def id_problem(number: str) -> str | None:
    """Why an 18-digit resident ID number is invalid, or None."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return "应为18位：17位数字加1位校验码（数字或大写X）"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"第7—14位的出生日期 {number[6:14]} 不是有效日期"
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return f"校验码错误：按 GB 11643 计算第18位应为 {expected}"
    return None


def id_birth_date(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_gender(number: str) -> str:
    """男 for an odd 17th digit, 女 for an even one (GB 11643 顺序码)."""
    return "男" if int(number[16]) % 2 else "女"


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is invalid, or None (GB 32100)."""
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return "应为18位，由数字和大写字母组成（不含 I、O、Z、S、V）"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"校验码错误：按 GB 32100 计算第18位应为 {expected}"
    return None


def phone_problem(phone: str) -> str | None:
    if MOBILE_RE.match(phone) or LANDLINE_RE.match(phone):
        return None
    return "应为中国大陆手机号（11位，以1开头）或带区号的固定电话（如 010-12345678）"
