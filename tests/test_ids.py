"""Check characters: 居民身份证号码 (GB 11643, ISO 7064 MOD 11-2) and 统一社会信用代码 (GB 32100)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.case.ids import (
    id_birth_date,
    id_check_char,
    id_gender,
    id_problem,
    phone_problem,
    uscc_check_char,
    uscc_problem,
)

# The GB 11643 specimen number: 11010519491231002 → check X.
# Hand computation: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over the 17 digits
# 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0+0+2·2 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X.
SPECIMEN = "11010519491231002X"


def test_gb11643_specimen() -> None:
    assert id_check_char(SPECIMEN[:17]) == "X"
    assert id_problem(SPECIMEN) is None
    assert id_birth_date(SPECIMEN) == date(1949, 12, 31)
    assert id_gender(SPECIMEN) == "女"  # 17th digit 2 is even


def test_hand_computed_id() -> None:
    # 11010519860417231: 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+8·6+6·3+0·7+4·9+1·10+7·5+2·8+3·4+1·2 = 229
    # 229 mod 11 = 9 → "10X98765432"[9] = 3
    assert id_check_char("11010519860417231") == "3"
    assert id_problem("110105198604172313") is None
    assert id_gender("110105198604172313") == "男"


@pytest.mark.parametrize(
    "first17",
    ["44010619780923342", "44011119900108157", "51010719920730064", "51010419651102213", "33010619680514315",
     "33011019751203037"],
)
def test_every_tampered_digit_is_caught(first17: str) -> None:
    good = first17 + id_check_char(first17)
    assert id_problem(good) is None
    for pos in range(18):
        for ch in "0123456789X":
            if ch == good[pos] or (ch == "X" and pos < 17):
                continue
            bad = good[:pos] + ch + good[pos + 1 :]
            # MOD 11-2 detects every single-character substitution (unless the date breaks first)
            assert id_problem(bad) is not None, bad


def test_adjacent_transposition_is_caught() -> None:
    good = "110105198604172313"
    swapped = good[:14] + good[15] + good[14] + good[16:]
    assert swapped != good and id_problem(swapped) is not None


@pytest.mark.parametrize(
    "number,message",
    [("11010519491231002x", "大写X"), ("1101051949123100", "应为18位"), ("110105194913310021", "不是有效日期"),
     ("110105194912310021", "校验码错误：按 GB 11643 计算第18位应为 X")],
)
def test_id_problems(number: str, message: str) -> None:
    assert message in (id_problem(number) or "")


def test_uscc_hand_computed() -> None:
    # 91350100M000100Y4: the GB 32100 example 91350100M000100Y43.
    # values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4; weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3 → "3"
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_problem("91350100M000100Y43") is None


def test_uscc_tampering() -> None:
    good = "91350100M000100Y43"
    for pos in range(18):
        for ch in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if ch != good[pos]:
                assert uscc_problem(good[:pos] + ch + good[pos + 1 :]) is not None
    assert "不含 I、O、Z、S、V" in (uscc_problem("91350100M000100I43") or "")
    assert "应为18位" in (uscc_problem("91350100M000100Y4") or "")


@pytest.mark.parametrize("phone", ["13910468273", "19912345678", "010-85123467", "0571-87001234", "02367881234"])
def test_valid_phones(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["1391046827", "12910468273", "23910468273", "+8613910468273", "139-1046-8273", ""])
def test_invalid_phones(phone: str) -> None:
    assert phone_problem(phone)
