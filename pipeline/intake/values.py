"""Cell values the way Chinese spreadsheets hold them → the case model's exact types.

Each parser takes the raw cell (str, int, float, datetime … as openpyxl or the CSV reader
gives it) and returns a :class:`Parsed` (the value, plus a :class:`Note` when a conversion
was made that the report must state), or raises :class:`ValueProblem` with a Chinese
message that starts with the value as the clerk sees it (『2025-13-01』不是有效日期).

Money never goes through float arithmetic: a float cell is first written with 15
significant digits (what Excel itself keeps and shows) and then read as a Decimal.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..case.ids import LANDLINE_RE, MOBILE_RE, id_check_char, id_problem
from .numerals import has_zh_digits, parse_zh_number

__all__ = [
    "Note",
    "Parsed",
    "ValueProblem",
    "show",
    "is_blank",
    "excel_serial_date",
    "parse_text",
    "parse_key",
    "parse_amount",
    "parse_rate",
    "parse_date",
    "parse_datetime",
    "parse_id_number",
    "parse_uscc",
    "parse_phone",
    "parse_bool",
    "parse_int",
    "parse_choice",
    "RateValue",
    "SHANGHAI",
]

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


class ValueProblem(ValueError):
    """A cell that cannot be read; ``message`` is Chinese and names the value and the expectation."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Note:
    """A conversion the report states. ``rule`` groups notes of one kind; ``text`` is this cell's."""

    rule: str
    text: str


@dataclass(frozen=True)
class Parsed:
    value: Any
    note: Note | None = None


# ---------------------------------------------------------------- basics


def show(raw: Any) -> str:
    """The value as the clerk typed or sees it, for messages."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        text = format(raw, ".15g")
        return text
    if isinstance(raw, dt.datetime):
        return raw.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
    if isinstance(raw, (dt.date, dt.time)):
        return raw.isoformat()
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


_BLANKS = {"", "-", "--", "—", "——", "/", "无", "n/a", "na", "null", "none", "#n/a"}


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    return False


def _norm(raw: str) -> str:
    """Full-width digits, letters and punctuation → ASCII (NFKC); spaces removed at the ends."""
    return unicodedata.normalize("NFKC", raw).strip()


def _excel_error(raw: Any) -> None:
    if isinstance(raw, str) and raw.strip().upper() in {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"}:
        raise ValueProblem(f"『{raw.strip()}』是 Excel 公式的错误值，请先修正公式或填写实际数值")


def parse_text(raw: Any) -> Parsed:
    """Text as typed (names, addresses keep their own characters); numbers written without '.0'."""
    _excel_error(raw)
    if isinstance(raw, float) and raw.is_integer():
        return Parsed(str(int(raw)))
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        return Parsed(show(raw))
    text = str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
    # Excel's alt+enter line breaks and non-breaking spaces from web pages are not part of a name.
    return Parsed(text.replace("\u00a0", " ").replace("\u3000", " ").strip())


def parse_key(raw: Any) -> Parsed:
    """A contract or IOU number (合同编号/借据号)."""
    _excel_error(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueProblem(f"『{show(raw)}』不是有效的编号（编号不应为小数，请将该列设置为文本格式）")
        if abs(raw) >= 1e15:
            raise ValueProblem(
                f"『{show(raw)}』以数字形式保存，Excel 只保留 15 位有效数字，编号的末几位已经丢失；"
                "请将该列设置为文本格式后重新填写"
            )
        return Parsed(str(int(raw)))
    text = _norm(str(raw)) if not isinstance(raw, int) else str(raw)
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", text, re.I):
        raise ValueProblem(f"『{text}』是科学计数法，编号的末几位已经丢失；请将该列设置为文本格式后重新填写")
    return Parsed(text)


# ---------------------------------------------------------------- numbers


def _float_decimal(v: float) -> Decimal:
    # Excel keeps 15 significant digits; 0.1+0.2 shows as 0.3 there and must be 0.3 here.
    return Decimal(format(v, ".15g"))


def _yuan(d: Decimal) -> str:
    from ..money import figures

    return figures(d.quantize(Decimal("0.01")))


def _plain(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (24.00 → 24, 100 stays 100)."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return Decimal(format(d.normalize(), "f"))


_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")
_MULTIPLIERS = (("亿", Decimal(100_000_000)), ("万", Decimal(10_000)), ("千", Decimal(1000)))


def _figure(text: str, original: str) -> Decimal:
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif "," in text:
        raise ValueProblem(f"『{original}』中的逗号位置不对（千分位应为 100,000.00 这样每三位一个）")
    if not _NUMBER.match(text):
        raise ValueProblem(f"『{original}』不是有效的金额（应为 100000.00、100,000.00、10万 或 10万元 这样的数字）")
    return Decimal(text)


def parse_amount(raw: Any, *, column_multiplier: Decimal | None = None) -> Parsed:
    """Money in yuan: ``100,000.00``, ``10万``, ``10万元``, ``¥5,000``, full-width digits, Excel numbers.

    ``column_multiplier`` is 10,000 when the column header says 万元 (借款金额（万元）):
    bare numbers in that column are then in 万元.
    """
    _excel_error(raw)
    original = show(raw)
    if isinstance(raw, bool):
        raise ValueProblem(f"『{original}』不是金额")
    if isinstance(raw, (int, float, Decimal)):
        value = _float_decimal(raw) if isinstance(raw, float) else Decimal(raw)
        if column_multiplier is not None:
            scaled = value * column_multiplier
            return Parsed(scaled, Note("amount_column_wan", f"『{original}』（万元）→ {_yuan(scaled)} 元"))
        return Parsed(value)
    text = _norm(str(raw)).replace(" ", "")
    for prefix in ("人民币", "RMB", "CNY", "¥", "元"):
        if text.upper().startswith(prefix):
            text = text[len(prefix):]
    if text.startswith("-") or (text.startswith("(") and text.endswith(")")):
        raise ValueProblem(f"『{original}』是负数；金额应为正数（还款请在还款记录中逐笔填写）")
    text = text.removesuffix("整").removesuffix("元").removesuffix("圆")
    multiplier = None
    for suffix, factor in _MULTIPLIERS:
        if text.endswith(suffix):
            text, multiplier = text[: -len(suffix)], factor
            break
    if any(c in "壹贰叁肆伍陆柒捌玖拾佰仟" for c in text):
        raise ValueProblem(f"『{original}』是大写金额；请填写阿拉伯数字（如 100000.00）")
    value = _figure(text, original)
    if multiplier is not None:
        value = value * multiplier
        return Parsed(value, Note("amount_unit", f"『{original}』→ {_yuan(value)} 元"))
    if column_multiplier is not None:
        value = value * column_multiplier
        return Parsed(value, Note("amount_column_wan", f"『{original}』（万元）→ {_yuan(value)} 元"))
    if original != text and not _NUMBER.match(original):
        return Parsed(value, Note("amount_format", f"『{original}』→ {_yuan(value)} 元"))
    return Parsed(value)


def parse_int(raw: Any) -> Parsed:
    _excel_error(raw)
    if isinstance(raw, bool):
        raise ValueProblem(f"『{show(raw)}』不是整数")
    if isinstance(raw, int):
        return Parsed(raw)
    if isinstance(raw, float) and raw.is_integer():
        return Parsed(int(raw))
    text = _norm(str(raw)).removeprefix("第").removesuffix("号")
    if re.fullmatch(r"\d{1,9}", text):
        return Parsed(int(text))
    raise ValueProblem(f"『{show(raw)}』不是整数")


# ---------------------------------------------------------------- rates


@dataclass(frozen=True)
class RateValue:
    """A rate as the case model holds it: a percentage per year, month or day (``"none"``/``"unclear"`` kinds)."""

    kind: str  # "agreed" | "none" | "unclear"
    rate: Decimal | None = None
    unit: str = "year"


_UNIT_WORDS = (
    ("年利率", "year"), ("年化利率", "year"), ("年化", "year"), ("年息", "year"), ("年", "year"),
    ("月利率", "month"), ("月息", "month"), ("月", "month"),
    ("日利率", "day"), ("日息", "day"), ("日", "day"), ("天", "day"),
)
_UNIT_SUFFIXES = (
    ("/年", "year"), ("每年", "year"), ("/月", "month"), ("每月", "month"), ("/日", "day"), ("每日", "day"),
    ("/天", "day"), ("每天", "day"), ("(年)", "year"), ("(月)", "month"), ("(日)", "day"),
)
_UNIT_ZH = {"year": "年", "month": "月", "day": "日"}
_PER_YEAR = {"year": Decimal(1), "month": Decimal(12), "day": Decimal(365)}
# A bare number is read as a percentage or as a fraction, whichever gives a plausible annual
# rate (between 0.5% and 100%); a number both readings allow is refused as ambiguous.
_PLAUSIBLE = (Decimal("0.5"), Decimal(100))


def _annual(rate: Decimal, unit: str) -> Decimal:
    return rate * _PER_YEAR[unit]


def _describe(rate: Decimal, unit: str) -> str:
    text = f"{_UNIT_ZH[unit]}利率 {_plain(rate)}%"
    if unit != "year":
        basis = "×12" if unit == "month" else "按 365 天"
        text += f"（折合年利率 {_plain(_annual(rate, unit).quantize(Decimal('0.0001')))}%，{basis}）"
    return text


def _number_or_zh(text: str, original: str) -> Decimal:
    if _NUMBER.match(text):
        return Decimal(text)
    if has_zh_digits(text):
        value = parse_zh_number(text)
        if value is not None:
            return value
    raise ValueProblem(f"『{original}』不是可识别的利率（应为 24%、0.24、月利率1.5%、月息1.5分、日万分之五 这样的写法）")


def parse_rate(
    raw: Any, *, unit: str = "year", unit_known: bool = False, percent_format: bool = False, header_percent: bool = False
) -> Parsed:
    """A rate as written in a sheet → :class:`RateValue` (percentage per ``unit``).

    Forms and conversions (each stated in the report):

    - ``24%``, ``24％`` → 24 per cent per the column's unit (year unless the header says 月/日);
      ``年利率24%``, ``月利率1.5%``, ``日利率0.05%``, ``0.05%/日``: the unit written in the cell wins.
    - ``日万分之五`` → 0.05 % per day; ``千分之五`` → 0.5 %; ``百分之二十四`` → 24 %; ``5‰`` → 0.5 %.
      万分之/千分之 need a unit, in the cell (日万分之五) or in the header (日利率): unless
      ``unit_known``, a bare 万分之五 is refused rather than guessed.
    - Traditional 分/厘 (the unit must be written): 年息1分 = 10 %/年, 年息1厘 = 1 %/年;
      月息1.5分 = 1.5 %/月, 月息5厘 = 0.5 %/月; 日息1分 = 0.1 %/日, 日息5厘 = 0.05 %/日 (万分之五).
    - A bare number (Excel cell without % format): read as a percentage or as a fraction,
      whichever gives an annual rate between 0.5 % and 100 % (0.24 → 24 %, 24 → 24 %, 0.0005
      per day → 0.05 %); when both readings are plausible (0.6 per year) the cell is refused.
      A cell formatted as a percentage in Excel (24% stored as 0.24) is a fraction.
    - Empty, 0, 无, 未约定 → no agreed rate; 约定不明 → unclear.
    - LPR-based rates (LPR的4倍) are refused: the case holds a fixed rate.
    """
    _excel_error(raw)
    original = show(raw)
    if isinstance(raw, bool):
        raise ValueProblem(f"『{original}』不是利率")
    if isinstance(raw, (int, float, Decimal)):
        value = _float_decimal(raw) if isinstance(raw, float) else Decimal(raw)
        if value == 0:
            return Parsed(RateValue("none"), Note("rate_zero", f"『{original}』→ 未约定利率"))
        if value < 0:
            raise ValueProblem(f"『{original}』是负数，利率应不小于 0")
        if percent_format:
            pct = value * 100
            return Parsed(RateValue("agreed", _plain(pct), unit))
        return _bare_rate(value, unit, original, header_percent)
    text = _norm(str(raw)).replace(" ", "").replace("：", ":")
    if text in {"0", "0%", "0.0", "0.00", "无", "无息", "免息", "未约定", "没有约定", "不计息"}:
        return Parsed(RateValue("none"), Note("rate_zero", f"『{original}』→ 未约定利率"))
    if text in {"约定不明", "不明", "不明确", "约定不明确"}:
        return Parsed(RateValue("unclear"), Note("rate_unclear", f"『{original}』→ 利息约定不明"))
    if "LPR" in text.upper() or "基准" in text or "上浮" in text or "加收" in text:
        raise ValueProblem(f"『{original}』是以基准利率或 LPR 为基础的浮动写法；请按合同换算为具体利率后填写（如 年利率14.8%）")
    cell_unit = None
    for word, u in _UNIT_WORDS:
        if text.startswith(word):
            cell_unit, text = u, text[len(word):]
            break
    for suffix, u in _UNIT_SUFFIXES:
        if text.endswith(suffix):
            if cell_unit and cell_unit != u:
                raise ValueProblem(f"『{original}』同时写了两个不同的计息单位")
            cell_unit, text = u, text[: -len(suffix)]
            break
    text = text.lstrip(":").removeprefix("利率").removeprefix("为")
    used = cell_unit or unit
    fraction_words = (("万分之", Decimal("0.01")), ("千分之", Decimal("0.1")), ("百分之", Decimal(1)))
    for word, factor in fraction_words:
        if text.startswith(word):
            if cell_unit is None and not unit_known and word != "百分之":
                raise ValueProblem(f"『{original}』没有写明是日利率、月利率还是年利率（如 日万分之五）")
            pct = _number_or_zh(text[len(word):], original) * factor
            return Parsed(RateValue("agreed", _plain(pct), used), Note("rate_fraction_words", f"『{original}』→ {_describe(pct, used)}"))
    m = re.fullmatch(r"(.+?)分(?:(.+?)厘)?|(.+?)厘", text)
    if m:
        if cell_unit is None:
            raise ValueProblem(f"『{original}』没有写明是年息、月息还是日息（如 月息1.5分）")
        fen = _number_or_zh(m.group(1), original) if m.group(1) else Decimal(0)
        li_text = m.group(2) or m.group(3)
        li = _number_or_zh(li_text, original) if li_text else Decimal(0)
        # 年息: 1分 = 10%, 1厘 = 1%; 月息: 1分 = 1%, 1厘 = 0.1%; 日息: 1分 = 0.1%, 1厘 = 0.01% (万分之一).
        scale = {"year": Decimal(10), "month": Decimal(1), "day": Decimal("0.1")}[cell_unit]
        pct = (fen + li / 10) * scale
        return Parsed(RateValue("agreed", _plain(pct), cell_unit), Note(f"rate_fen_li_{cell_unit}", f"『{original}』→ {_describe(pct, cell_unit)}"))
    if text.endswith("%"):
        pct = _number_or_zh(text[:-1], original)
        note = Note("rate_unit_in_cell", f"『{original}』→ {_describe(pct, used)}") if cell_unit and cell_unit != unit else None
        if pct == 0:
            return Parsed(RateValue("none"), Note("rate_zero", f"『{original}』→ 未约定利率"))
        return Parsed(RateValue("agreed", _plain(pct), used), note)
    if text.endswith("‰"):
        pct = _number_or_zh(text[:-1], original) / 10
        return Parsed(RateValue("agreed", _plain(pct), used), Note("rate_permille", f"『{original}』→ {_describe(pct, used)}"))
    value = _number_or_zh(text, original)
    if value == 0:
        return Parsed(RateValue("none"), Note("rate_zero", f"『{original}』→ 未约定利率"))
    return _bare_rate(value, used, original, header_percent)


def _bare_rate(value: Decimal, unit: str, original: str, header_percent: bool) -> Parsed:
    if header_percent:  # header 年利率（%）: numbers are percentages
        return Parsed(RateValue("agreed", _plain(value), unit))
    as_pct = _annual(value, unit)
    as_frac = _annual(value * 100, unit)
    lo, hi = _PLAUSIBLE
    pct_ok = lo <= as_pct < hi
    frac_ok = lo <= as_frac < hi
    if pct_ok and frac_ok:
        raise ValueProblem(
            f"『{original}』既可理解为 {_plain(value)}%，也可理解为 {_plain(value * 100)}%；"
            f"请写明百分号（如 {_plain(value * 100)}% 或 {_plain(value)}%）"
        )
    if frac_ok:
        pct = _plain(value * 100)
        return Parsed(RateValue("agreed", pct, unit), Note(f"rate_fraction_{unit}", f"『{original}』按小数理解 → {_describe(pct, unit)}"))
    if pct_ok:
        return Parsed(RateValue("agreed", _plain(value), unit), Note(f"rate_bare_percent_{unit}", f"『{original}』按百分数理解 → {_describe(value, unit)}"))
    raise ValueProblem(
        f"『{original}』作为{_UNIT_ZH[unit]}利率不合常理（按百分数为年化 {_plain(as_pct.quantize(Decimal('0.01')))}%，"
        f"按小数为年化 {_plain(as_frac.quantize(Decimal('0.01')))}%）；请写明单位和百分号，如 年利率24% 或 日万分之五"
    )


# ---------------------------------------------------------------- dates


_EPOCH_1900 = dt.date(1899, 12, 31)  # serial 1 = 1900-01-01
_EPOCH_1904 = dt.date(1904, 1, 1)  # serial 0 = 1904-01-01


def excel_serial_date(serial: int, *, epoch_1904: bool = False) -> dt.date:
    """An Excel date serial → date.

    1900 date system (Windows Excel, the default): serial 1 is 1900-01-01. Excel counts the
    non-existent 1900-02-29 as serial 60 (a bug kept from Lotus 1-2-3), so serials from 61 on
    are one day ahead of a plain count: 61 is 1900-03-01. Serial 60 itself is refused.
    1904 date system (old Mac workbooks): serial 0 is 1904-01-01.
    """
    if epoch_1904:
        return _EPOCH_1904 + dt.timedelta(days=serial)
    if serial == 60:
        raise ValueProblem("Excel 日期序号 60 对应 1900年2月29日，这一天并不存在（Excel 1900 日期系统的已知错误）")
    if serial < 1:
        raise ValueProblem(f"Excel 日期序号 {serial} 不是有效日期")
    return _EPOCH_1900 + dt.timedelta(days=serial if serial < 60 else serial - 1)


_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_YMD_ZH = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?$")
_DATE_HINT = "应为 2025-06-05、2025/6/5、2025.6.5 或 2025年6月5日 这样的日期"


def _zh_date_digits(text: str) -> str:
    """二〇二五年六月五日 → 2025年6月5日."""
    out = []
    for part in re.split(r"([年月日号])", text):
        if part and part not in "年月日号" and has_zh_digits(part):
            value = parse_zh_number(part)
            out.append(str(int(value)) if value is not None and value == int(value) else part)
        else:
            out.append(part)
    return "".join(out)


def _text_date(text: str, original: str) -> tuple[dt.date, str | None]:
    if has_zh_digits(text):
        text = _zh_date_digits(text)
    for pattern, rule in ((_YMD, None), (_YMD_ZH, None), (_COMPACT, "date_compact")):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d), rule
            except ValueError:
                raise ValueProblem(f"『{original}』不是有效日期（{_why_not_a_date(y, mo, d)}）") from None
    if _DMY.match(text):
        raise ValueProblem(f"『{original}』的年份写在最后，无法确定月和日的顺序；请按 年/月/日 填写，如 2025/6/5")
    if re.fullmatch(r"\d{5}", text):
        return excel_serial_date(int(text)), "date_serial"
    raise ValueProblem(f"『{original}』不是有效日期（{_DATE_HINT}）")


def _why_not_a_date(y: int, m: int, d: int) -> str:
    if not 1 <= m <= 12:
        return f"没有{m}月"
    return f"{y}年{m}月没有{d}日"


def parse_date(raw: Any, *, epoch_1904: bool = False) -> Parsed:
    """A date: Excel date cells, Excel serial numbers (1900 system incl. its leap-year bug, or
    1904), and text ``2025-06-05``, ``2025/6/5``, ``2025.6.5``, ``2025年6月5日``, ``二〇二五年六月五日``,
    ``20250605``. A time of day after the date is ignored (stated in the report)."""
    _excel_error(raw)
    original = show(raw)
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            return Parsed(raw.date(), Note("date_time_dropped", f"『{original}』→ {raw.date().isoformat()}（只取日期）"))
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    if isinstance(raw, dt.time):
        raise ValueProblem(f"『{original}』只有时间，没有日期")
    if isinstance(raw, bool):
        raise ValueProblem(f"『{original}』不是日期")
    if isinstance(raw, (int, float)):
        serial = int(raw)
        if 19000101 <= serial <= 21001231:  # 20250605 typed as a number
            day = _text_date(str(serial), original)[0]
            return Parsed(day, Note("date_compact", f"『{original}』→ {day.isoformat()}"))
        if not 1 <= serial <= 2958465:
            raise ValueProblem(f"『{original}』不是有效日期（{_DATE_HINT}，或 Excel 日期）")
        day = excel_serial_date(serial, epoch_1904=epoch_1904)
        system = "1904" if epoch_1904 else "1900"
        return Parsed(day, Note("date_serial", f"『{original}』按 Excel 日期序号（{system} 日期系统）→ {day.isoformat()}"))
    text = _norm(str(raw))
    date_part, _, time_part = text.replace("T", " ").partition(" ")
    day, rule = _text_date(date_part, original)
    note = None
    if rule == "date_serial":
        note = Note("date_serial", f"『{original}』按 Excel 日期序号（1900 日期系统）→ {day.isoformat()}")
    elif rule == "date_compact":
        note = Note("date_compact", f"『{original}』→ {day.isoformat()}")
    if time_part.strip() and not re.fullmatch(r"0{1,2}:0{2}(:0{2})?", time_part.strip()):
        note = Note("date_time_dropped", f"『{original}』→ {day.isoformat()}（只取日期）")
    return Parsed(day, note)


def parse_datetime(raw: Any, *, epoch_1904: bool = False) -> Parsed:
    """A moment with a time of day. Times without a zone are Beijing time (UTC+8), stated in the report;
    ``2025-09-06T10:12:00+08:00`` keeps its own offset. A date alone is refused: the time matters
    (the contact-hours rules check it)."""
    _excel_error(raw)
    original = show(raw)
    note = Note("datetime_beijing", "表格中的时间按北京时间（UTC+8）理解")
    if isinstance(raw, dt.datetime):
        if raw.tzinfo is not None:
            return Parsed(raw)
        if raw.time() == dt.time(0):
            raise ValueProblem(f"『{original}』只有日期，缺少时间（应为 2025/9/6 10:12 这样的日期和时间）")
        return Parsed(raw.replace(tzinfo=SHANGHAI), note)
    if isinstance(raw, dt.date):
        raise ValueProblem(f"『{original}』只有日期，缺少时间（应为 2025/9/6 10:12 这样的日期和时间）")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if isinstance(raw, int) or raw.is_integer():
            raise ValueProblem(f"『{original}』只有日期，缺少时间（应为 2025/9/6 10:12 这样的日期和时间）")
        day = excel_serial_date(int(raw), epoch_1904=epoch_1904)
        seconds = round((raw - int(raw)) * 86400)
        moment = dt.datetime.combine(day, dt.time(0), SHANGHAI) + dt.timedelta(seconds=seconds)
        return Parsed(moment, Note("datetime_serial", f"『{original}』按 Excel 日期时间序号 → {moment.strftime('%Y-%m-%d %H:%M')}（北京时间）"))
    text = _norm(str(raw))
    try:
        iso = dt.datetime.fromisoformat(text)
        if iso.tzinfo is not None:
            return Parsed(iso)
    except ValueError:
        pass
    m = re.match(r"^(\S+?)(?:\s+|T|(?<=[日号]))(\S+)$", text)
    if not m:
        _text_date(text, original)  # a malformed date is reported as such
        raise ValueProblem(f"『{original}』只有日期，缺少时间（应为 2025/9/6 10:12 这样的日期和时间）")
    day, _ = _text_date(m.group(1), original)
    t = _TIME.match(m.group(2))
    if not t:
        raise ValueProblem(f"『{original}』中的时间『{m.group(2)}』无法识别（应为 10:12 或 10:12:00）")
    h, mi, s = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
    if h > 23 or mi > 59 or s > 59:
        raise ValueProblem(f"『{original}』中的时间『{m.group(2)}』不存在")
    return Parsed(dt.datetime.combine(day, dt.time(h, mi, s), SHANGHAI), note)


# ---------------------------------------------------------------- identifiers


def parse_id_number(raw: Any, *, restore_lost_x: bool = False) -> Parsed:
    """A resident ID number, tidied (spaces removed, full-width digits, lower-case x → X).

    The check digit itself is verified by the case model (GB 11643, same message as
    ``cuishou validate``); here we catch what spreadsheets do to ID numbers:

    - typed as a number: Excel keeps 15 significant digits, so an 18-digit number has lost its
      last digits for good (refused, with how to fix the column);
    - the final X lost (17 digits left) or turned into a digit: if the first 17 digits with X
      are valid, the clerk is told; with ``restore_lost_x`` (mapping option) the X is restored
      and the report states it for that row;
    - an old 15-digit number: refused, with the 18-digit number GB 11643 gives for it.
    """
    _excel_error(raw)
    original = show(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueProblem(f"『{original}』不是身份证号")
        digits = str(int(raw))
        if len(digits) >= 16 and id_problem(digits) is not None:
            raise ValueProblem(
                f"『{original}』以数字形式保存，Excel 只保留 15 位有效数字，身份证号的末几位已经丢失、无法恢复；"
                "请将该列设置为文本格式后按证件重新填写"
            )
        text = digits
    elif isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = _norm(str(raw)).replace(" ", "").replace("-", "").upper()
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", text):
        raise ValueProblem(
            f"『{original}』是科学计数法，身份证号的末几位已经丢失、无法恢复；请将该列设置为文本格式后按证件重新填写"
        )
    hint = "可能在 Excel 中作为数字输入时丢失了末位 X"
    if re.fullmatch(r"\d{17}", text) and id_check_char(text) == "X" and id_problem(text + "X") is None:
        fixed = text + "X"
        if restore_lost_x:
            return Parsed(fixed, Note("id_restored_x", f"『{original}』只有17位，已按 GB 11643 补上校验码 X → {fixed}"))
        raise ValueProblem(
            f"『{original}』只有17位；按 GB 11643 第18位校验码应为 X（{fixed}），{hint}。"
            "请核对证件后以文本格式填写（或在映射文件 [options] 中设置 restore_lost_x = true 自动补上）"
        )
    if re.fullmatch(r"\d{18}", text) and id_problem(text) is not None and id_check_char(text[:17]) == "X":
        fixed = text[:17] + "X"
        if id_problem(fixed) is None:
            if restore_lost_x:
                return Parsed(fixed, Note("id_restored_x", f"『{original}』第18位应为 X，已更正为 {fixed}"))
            raise ValueProblem(
                f"『{original}』校验码错误：按 GB 11643 第18位应为 X（{fixed}），{hint}或被替换成了数字。"
                "请核对证件后以文本格式填写（或在映射文件 [options] 中设置 restore_lost_x = true 自动更正）"
            )
    if re.fullmatch(r"\d{15}", text):
        first17 = text[:6] + "19" + text[6:]
        upgraded = first17 + id_check_char(first17)
        raise ValueProblem(
            f"『{original}』是15位的旧身份证号；请填写现行的18位号码（按 GB 11643 换算应为 {upgraded}，请与证件核对）"
        )
    note = Note("id_tidied", f"『{original}』→ {text}") if text != str(raw).strip() and not isinstance(raw, (int, float)) else None
    return Parsed(text, note)


def parse_uscc(raw: Any) -> Parsed:
    """A 统一社会信用代码, tidied (spaces, full-width, lower case); its check is the model's (GB 32100)."""
    _excel_error(raw)
    text = _norm(show(raw)).replace(" ", "").replace("-", "").upper()
    return Parsed(text)


_EXT = re.compile(r"(?:转|分机|ext\.?|x|#)(\d{1,6})$", re.I)
_SPLIT_PHONES = re.compile(r"[/／、,，;；\n]+")


def parse_phone(raw: Any) -> Parsed:
    """A mainland mobile or landline number, normalised to ``13912345678`` or ``010-85123467(-123)``.

    phonenumbers reads ``+86 139 1234 5678``, ``(010) 8512 3467``, ``0086-10-85123467`` and
    splits the area code from the local number; what counts as valid is the case model's rule
    (pipeline.case.ids). A cell with several numbers keeps the first (the report names the rest).
    """
    import phonenumbers

    _excel_error(raw)
    original = show(raw)
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    else:
        text = _norm(str(raw))
    parts = [p.strip() for p in _SPLIT_PHONES.split(text) if p.strip()]
    note = None
    if len(parts) > 1:
        note = Note("phone_several", f"『{original}』含有多个号码，导入第一个；其余（{'、'.join(parts[1:])}）未导入")
    text = parts[0] if parts else text
    ext = ""
    m = _EXT.search(text.replace(" ", ""))
    if m:
        ext = m.group(1)
        text = text.replace(" ", "")[: m.start()]
    digits = re.sub(r"[\s().\-]", "", text)
    result = None
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and number.country_code == 86:
        national = str(number.national_number)
        if MOBILE_RE.match(national):
            result = national
        else:
            area_len = phonenumbers.length_of_geographical_area_code(number)
            if area_len:
                result = f"0{national[:area_len]}-{national[area_len:]}"
    if result is None:
        bare = digits.removeprefix("+86").removeprefix("0086")
        if MOBILE_RE.match(bare) or LANDLINE_RE.match(bare):
            result = bare
    if result is None:
        if re.fullmatch(r"[1-9]\d{8,10}", digits) and LANDLINE_RE.match("0" + digits):
            raise ValueProblem(
                f"『{original}』不是有效的电话号码；如为固定电话，区号前的 0 可能在 Excel 中作为数字输入时丢失了"
                f"（应为 0{digits[:2]}-… 或 0{digits[:3]}-…），请将该列设置为文本格式后重新填写"
            )
        raise ValueProblem(f"『{original}』不是有效的电话号码（应为11位手机号或带区号的固定电话，如 010-85123467）")
    if ext:
        result = f"{result}-{ext}"
    if note is None and result.startswith("0") and not digits.lstrip("+").startswith(("0", "86")):
        note = Note("phone_leading_zero", f"『{original}』→ {result}（区号前的 0 可能在 Excel 中作为数字输入时丢失，已按区号补上，请核对）")
    elif note is None and result != original:
        note = Note("phone_normalised", f"『{original}』→ {result}")
    return Parsed(result, note)


# ---------------------------------------------------------------- flags and choices

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有", "已", "对", "已送达", "已接通", "送达", "接通"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "x", "无", "未", "不", "未送达", "未接通"}


def parse_bool(raw: Any) -> Parsed:
    if isinstance(raw, bool):
        return Parsed(raw)
    text = _norm(show(raw)).lower()
    if text in _TRUE:
        return Parsed(True)
    if text in _FALSE:
        return Parsed(False)
    raise ValueProblem(f"『{show(raw)}』应为 是 或 否")


def parse_choice(raw: Any, choices: dict[str, str], what: str) -> Parsed:
    """One of a fixed list, written in Chinese (``银行转账``) or as the case.json code (``bank_transfer``)."""
    _excel_error(raw)
    text = _norm(show(raw)).lower().replace(" ", "")
    for label, code in choices.items():
        if text == label.lower() or text == code.lower():
            return Parsed(code)
    labels = "、".join(dict.fromkeys(choices))
    raise ValueProblem(f"『{show(raw)}』不是可识别的{what}（应为以下之一：{labels}）")
