"""Cell values as Chinese spreadsheets hold them → exact case values (expected results written by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from pipeline.case.ids import id_check_char, id_problem
from pipeline.intake.columns import norm_header
from pipeline.intake.read import PercentNumber
from pipeline.intake.values import (
    SHANGHAI,
    ValueProblem,
    excel_serial_date,
    parse_amount,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_id_number,
    parse_key,
    parse_phone,
    parse_rate,
)

# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("100,000.00", D("100000.00")),
        ("100000", D("100000")),
        ("10万", D("100000")),
        ("10万元", D("100000")),
        ("1.25万", D("12500")),  # 1.25 × 10,000
        ("0.5亿", D("50000000")),
        ("5千元", D("5000")),
        ("１００，０００．００", D("100000.00")),  # full-width digits, comma and point
        ("¥5,000", D("5000")),
        ("￥1,234.56元", D("1234.56")),
        ("人民币3000元整", D("3000")),
        (100000.0, D("100000")),
        (0.1 + 0.2, D("0.3")),  # the float 0.30000000000000004 that Excel shows as 0.3
        (833.33, D("833.33")),
        (12000, D("12000")),
    ],
)
def test_amount_forms(raw, expected):
    assert parse_amount(raw).value == expected


def test_amount_in_wan_column():
    # header 借款金额（万元）: a bare 5 is 50,000 yuan; a cell with its own unit keeps it
    assert parse_amount(5, column_multiplier=D(10000)).value == D("50000")
    assert parse_amount("1.2", column_multiplier=D(10000)).value == D("12000")
    assert parse_amount("3万", column_multiplier=D(10000)).value == D("30000")


@pytest.mark.parametrize(
    "raw, words",
    [
        ("1,00", "逗号位置不对"),
        ("壹万元", "大写金额"),
        ("-500", "负数"),
        ("(500.00)", "负数"),
        ("abc", "不是有效的金额"),
        ("#VALUE!", "Excel 公式的错误值"),
    ],
)
def test_amount_refused(raw, words):
    with pytest.raises(ValueProblem) as exc:
        parse_amount(raw)
    assert words in exc.value.message
    assert f"『{raw}』" in exc.value.message


def test_amount_conversion_is_stated():
    note = parse_amount("10万").note
    assert note is not None and note.text == "『10万』→ 100,000.00 元"


# ---------------------------------------------------------------- rates


@pytest.mark.parametrize(
    "raw, unit, expected_rate, expected_unit",
    [
        ("24%", "year", D("24"), "year"),
        ("２４％", "year", D("24"), "year"),
        ("0.24", "year", D("24"), "year"),  # a fraction: 0.24 = 24 %
        (0.24, "year", D("24"), "year"),
        (24, "year", D("24"), "year"),
        ("年利率24%", "year", D("24"), "year"),
        ("年化15.4%", "year", D("15.4"), "year"),
        ("月利率1.5%", "year", D("1.5"), "month"),  # the cell's unit wins over the column's
        ("月息1.5分", "year", D("1.5"), "month"),  # 月息1分 = 1 % a month
        ("月息一分五厘", "year", D("1.5"), "month"),  # 1分 + 5厘 = 1 % + 0.5 %
        ("月息5厘", "year", D("0.5"), "month"),  # 月息1厘 = 0.1 % a month
        ("年息1分", "year", D("10"), "year"),  # 年息1分 = 10 % a year
        ("年息8厘", "year", D("8"), "year"),  # 年息1厘 = 1 % a year
        ("日息5厘", "year", D("0.05"), "day"),  # 日息1厘 = 0.01 % a day (万分之一)
        ("日万分之五", "year", D("0.05"), "day"),  # 5 / 10,000 = 0.05 %
        ("日利率万分之三点五", "year", D("0.035"), "day"),
        ("0.05%/日", "year", D("0.05"), "day"),
        ("日利率0.05%", "year", D("0.05"), "day"),
        ("千分之五/月", "year", D("0.5"), "month"),
        ("5‰", "month", D("0.5"), "month"),
        ("百分之二十四", "year", D("24"), "year"),
        (1.5, "month", D("1.5"), "month"),  # column 月利率: 1.5 % a month (18 % a year)
        (0.015, "month", D("1.5"), "month"),  # as a fraction: 0.015 = 1.5 %
        (0.05, "day", D("0.05"), "day"),  # column 日利率: 0.05 % a day = 18.25 % a year
        (0.0005, "day", D("0.05"), "day"),  # as a fraction
    ],
)
def test_rate_forms(raw, unit, expected_rate, expected_unit):
    value = parse_rate(raw, unit=unit).value
    assert (value.kind, value.rate, value.unit) == ("agreed", expected_rate, expected_unit)


def test_rate_from_a_percent_formatted_cell():
    # Excel stores "60%" as 0.6 in a cell formatted 0%; the format settles what 0.6 alone could not.
    assert parse_rate(PercentNumber(0.6), percent_format=True).value.rate == D("60")
    with pytest.raises(ValueProblem, match="既可理解为 0.6%，也可理解为 60%"):
        parse_rate(0.6)


def test_rate_column_header_says_percent():
    # 执行利率(%) with 0.5: half a per cent, not 50 %
    assert parse_rate("0.5", header_percent=True).value.rate == D("0.5")


@pytest.mark.parametrize("raw, kind", [("", None), ("0", "none"), ("0%", "none"), ("无", "none"), ("未约定", "none"), ("约定不明", "unclear")])
def test_rate_none_and_unclear(raw, kind):
    if kind is None:
        return  # an empty cell never reaches the parser (the row reader skips it)
    assert parse_rate(raw).value.kind == kind


@pytest.mark.parametrize(
    "raw, words",
    [
        ("LPR的4倍", "LPR"),
        ("基准利率上浮30%", "基准利率"),
        ("1.5分", "没有写明是年息、月息还是日息"),
        ("万分之五", "没有写明是日利率、月利率还是年利率"),
        ("5", None),  # 5 % a year is fine: a control
        ("1500", "不合常理"),
    ],
)
def test_rate_refused(raw, words):
    if words is None:
        assert parse_rate(raw).value.rate == D("5")
        return
    with pytest.raises(ValueProblem) as exc:
        parse_rate(raw)
    assert words in exc.value.message


def test_rate_conversion_is_stated_with_annual_equivalent():
    # 0.05 % × 365 = 18.25 %; 1.5 % × 12 = 18 %
    assert parse_rate("日万分之五").note.text == "『日万分之五』→ 日利率 0.05%（折合年利率 18.25%，按 365 天）"
    assert parse_rate("月息1.5分").note.text == "『月息1.5分』→ 月利率 1.5%（折合年利率 18%，×12）"
    assert parse_rate("0.24").note.text == "『0.24』按小数理解 → 年利率 24%"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "serial, expected",
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),  # Excel's serial 60 is the non-existent 1900-02-29
        (45658, dt.date(2025, 1, 1)),
        (45813, dt.date(2025, 6, 5)),  # 45658 + 155 days (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + 4)
    ],
)
def test_excel_serials_1900(serial, expected):
    assert excel_serial_date(serial) == expected
    assert parse_date(serial).value == expected


def test_excel_serial_60_is_refused():
    with pytest.raises(ValueProblem, match="1900年2月29日"):
        excel_serial_date(60)


def test_excel_serials_1904():
    assert excel_serial_date(0, epoch_1904=True) == dt.date(1904, 1, 1)
    # the 1904 system counts 1,462 days fewer: 45813 − 1462 = 44351
    assert parse_date(44351, epoch_1904=True).value == dt.date(2025, 6, 5)


@pytest.mark.parametrize(
    "raw",
    ["2025-06-05", "2025/6/5", "2025.6.5", "2025年6月5日", "2025年06月05日", "二〇二五年六月五日", "20250605", 20250605,
     "２０２５/６/５", "2025-06-05 00:00:00", dt.datetime(2025, 6, 5), dt.date(2025, 6, 5), "45813", 45813.0],
)
def test_date_forms(raw):
    assert parse_date(raw).value == dt.date(2025, 6, 5)


def test_date_with_time_keeps_the_day_and_says_so():
    parsed = parse_date("2025-06-05 14:30:22")
    assert parsed.value == dt.date(2025, 6, 5)
    assert "只取日期" in parsed.note.text


@pytest.mark.parametrize(
    "raw, message",
    [
        ("2025-13-01", "『2025-13-01』不是有效日期（没有13月）"),
        ("2025-02-29", "『2025-02-29』不是有效日期（2025年2月没有29日）"),
        ("2025/4/31", "『2025/4/31』不是有效日期（2025年4月没有31日）"),
        ("6/5/2025", "『6/5/2025』的年份写在最后，无法确定月和日的顺序；请按 年/月/日 填写，如 2025/6/5"),
    ],
)
def test_malformed_dates(raw, message):
    with pytest.raises(ValueProblem) as exc:
        parse_date(raw)
    assert exc.value.message == message


def test_datetimes_are_beijing_time():
    expected = dt.datetime(2025, 9, 6, 10, 12, tzinfo=SHANGHAI)
    for raw in ("2025/9/6 10:12", "2025-09-06 10:12:00", "2025年9月6日 10:12", "2025年9月6日10时12分",
                dt.datetime(2025, 9, 6, 10, 12), 45906 + (10 * 60 + 12) / 1440):
        assert parse_datetime(raw).value == expected, raw
    assert parse_datetime("2025-09-06T02:12:00+00:00").value == expected  # same instant, own offset kept


def test_datetime_needs_a_time():
    for raw in ("2025-09-06", dt.date(2025, 9, 6), 45906):
        with pytest.raises(ValueProblem, match="缺少时间"):
            parse_datetime(raw)


# ---------------------------------------------------------------- identifiers


def _id_with_x() -> str:
    for seq in range(100, 1000):
        first17 = f"33010619921105{seq:03d}"
        if id_check_char(first17) == "X":
            return first17 + "X"
    raise AssertionError


def test_id_number_tidied():
    valid = "110105198604172313"
    assert parse_id_number(" 1101 0519 8604 1723 13 ").value == valid
    x = _id_with_x()
    assert parse_id_number(x.lower()).value == x
    assert parse_id_number("１１０１０５１９８６０４１７２３１３").value == valid


def test_id_number_lost_x_is_told_not_fixed():
    x = _id_with_x()
    with pytest.raises(ValueProblem) as exc:
        parse_id_number(x[:17])  # the X dropped: 17 digits left
    assert "只有17位" in exc.value.message and x in exc.value.message and "restore_lost_x" in exc.value.message
    with pytest.raises(ValueProblem) as exc:
        parse_id_number(x[:17] + "0")  # the X typed as a digit
    assert "第18位应为 X" in exc.value.message


def test_id_number_lost_x_restored_only_when_asked():
    x = _id_with_x()
    parsed = parse_id_number(x[:17], restore_lost_x=True)
    assert parsed.value == x and "补上校验码 X" in parsed.note.text
    assert parse_id_number(int(x[:17] + "1"), restore_lost_x=True).value == x


def test_id_number_typed_as_a_number_lost_its_digits():
    # Excel keeps 15 significant digits: 110105198604172313 becomes 1.10105198604172E+17
    with pytest.raises(ValueProblem, match="15 位有效数字"):
        parse_id_number(1.10105198604172e17)
    with pytest.raises(ValueProblem, match="科学计数法"):
        parse_id_number("1.10105E+17")


def test_old_fifteen_digit_id_number():
    with pytest.raises(ValueProblem) as exc:
        parse_id_number("110105860417231")
    upgraded = "11010519860417231" + id_check_char("11010519860417231")
    assert upgraded in exc.value.message and id_problem(upgraded) is None


def test_wrong_check_digit_passes_through_to_the_case_model():
    # The check itself is the model's (same message as cuishou validate); the parser only tidies.
    assert parse_id_number("110105198604172314").value == "110105198604172314"
    assert "应为 3" in id_problem("110105198604172314")


def test_key_typed_as_a_long_number_is_refused():
    assert parse_key(2025001.0).value == "2025001"
    with pytest.raises(ValueProblem, match="15 位有效数字"):
        parse_key(1.23456789012346e17)


# ---------------------------------------------------------------- phones, flags, choices


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("13910468273", "13910468273"),
        (13910468273, "13910468273"),
        ("139 1046 8273", "13910468273"),
        ("139-1046-8273", "13910468273"),
        ("+86 139 1046 8273", "13910468273"),
        ("0086-13910468273", "13910468273"),
        ("010-85123467", "010-85123467"),
        ("(010)85123467", "010-85123467"),
        ("010 8512 3467", "010-85123467"),
        ("0571-87651234", "0571-87651234"),
        ("057187651234", "0571-87651234"),
        ("+86 571 8765 1234", "0571-87651234"),
        ("010-85123467转123", "010-85123467-123"),
        ("１３９１０４６８２７３", "13910468273"),
    ],
)
def test_phone_forms(raw, expected):
    assert parse_phone(raw).value == expected


def test_phone_several_numbers_keeps_the_first_and_says_so():
    parsed = parse_phone("13910468273/13800138000")
    assert parsed.value == "13910468273"
    assert "13800138000" in parsed.note.text and "未导入" in parsed.note.text


def test_phone_landline_lost_its_zero():
    # 010-85123467 typed as a number: a ten-digit number starting with 1 cannot be a mobile
    parsed = parse_phone(1085123467)
    assert parsed.value == "010-85123467" and "区号前的 0" in parsed.note.text
    with pytest.raises(ValueProblem, match="不是有效的电话号码"):
        parse_phone("12345")


def test_bool_and_choice():
    assert parse_bool("是").value is True and parse_bool("否").value is False and parse_bool("√").value is True
    with pytest.raises(ValueProblem, match="应为 是 或 否"):
        parse_bool("也许")
    methods = {"银行转账": "bank_transfer", "现金": "cash"}
    assert parse_choice("银行转账", methods, "放款方式").value == "bank_transfer"
    assert parse_choice("bank_transfer", methods, "放款方式").value == "bank_transfer"
    with pytest.raises(ValueProblem, match="不是可识别的放款方式（应为以下之一：银行转账、现金）"):
        parse_choice("汇票", methods, "放款方式")


def test_header_notes():
    assert norm_header("借款金额（万元）*") == ("借款金额", norm_header("x（万元）")[1])
    assert norm_header("借款金额（万元）")[1].wan
    assert norm_header("执行利率(%)")[1].percent
    assert norm_header("利率（月）")[1].unit == "month"
    assert norm_header(" 合同 编号 ")[0] == "合同编号"
