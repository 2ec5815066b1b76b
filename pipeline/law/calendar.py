"""Period arithmetic for civil-law and procedural periods.

Legal sources:

- 民法典第200条: 民法所称的期间按照公历年、月、日、小时计算。
- 民法典第201条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
- 民法典第202条: 按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。
- 民法典第203条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
- 民事诉讼法第85条 (2023): the same rules for procedural periods.

Counting convention. A period of N months/years that is triggered by an event on
day ``d`` starts on ``d + 1`` (201) and ends on the corresponding day of ``d`` in the
final month (202), i.e. on ``add_months(d, N)``. Adding one day before taking the
corresponding day would make the period one day too long.

Rest days ("法定休假日", 203) come from a holiday file (pipeline/law/data/holidays.csv):
Saturdays and Sundays are rest days unless listed as an official 调休 ``workday``;
every date listed as ``holiday`` is a rest day. The file carries a
``# verified_through: YYYY-MM-DD`` line (and optionally ``# verified_from:``);
outside that range the calendar falls back to weekends only and says so in a
Chinese warning instead of guessing silently.
"""

from __future__ import annotations

import calendar as _pycal
import csv
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from .._resources import data_dir

__all__ = [
    "CalendarError",
    "HolidayCalendar",
    "add_months",
    "add_years",
    "default_calendar",
    "load_calendar",
]

_WEEKDAYS = "一二三四五六日"
_META = re.compile(r"^#\s*(verified_through|verified_from)\s*:\s*(\d{4}-\d{2}-\d{2})\s*$")


class CalendarError(ValueError):
    """A holiday file that cannot be used (message in Chinese)."""


def add_months(d: date, n: int) -> date:
    """The corresponding day ``n`` months after (or before, if negative) ``d``.

    Without a corresponding day the month's last day is used (民法典第202条):
    2024-01-31 + 1 month → 2024-02-29; 2023-01-31 + 1 month → 2023-02-28.
    """
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise CalendarError(f"日期 {d.isoformat()} 加 {n} 个月超出可表示的范围")
    last = _pycal.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def add_years(d: date, n: int) -> date:
    """The corresponding day ``n`` years after ``d``; 29 February → 28 February (民法典第202条)."""
    return add_months(d, 12 * n)


def _weekday_text(d: date) -> str:
    return "星期" + _WEEKDAYS[d.weekday()]


@dataclass(frozen=True)
class HolidayCalendar:
    """Official rest days: weekends minus 调休 workdays, plus listed holidays."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    verified_through: date
    verified_from: date | None = None
    source: str = field(default="内置节假日表")

    def in_verified_range(self, d: date) -> bool:
        if d > self.verified_through:
            return False
        return self.verified_from is None or d >= self.verified_from

    def is_rest_day(self, d: date) -> bool:
        """True for a 法定休假日: a listed holiday, or a Saturday/Sunday that is not a 调休 workday."""
        if d in self.holidays:
            return True
        if d in self.workdays:
            return False
        return d.weekday() >= 5

    def rest_reason(self, d: date) -> str | None:
        """Why ``d`` is a rest day, in Chinese (None for a working day)."""
        if d in self.holidays:
            return "法定节假日"
        if d in self.workdays:
            return None
        if d.weekday() >= 5:
            return f"{_weekday_text(d)}（周末）"
        return None

    def roll_forward(self, d: date) -> tuple[date, str | None]:
        """The last day of a period moved past rest days (民法典第203条; 民事诉讼法第85条).

        Returns the first working day on or after ``d`` and, when any day looked at
        lies outside the verified range of the holiday file, a Chinese warning
        (weekends only were used for those days).
        """
        current = d
        unverified: list[date] = []
        for _ in range(60):  # no official rest spell is anywhere near this long
            if not self.in_verified_range(current):
                unverified.append(current)
            if not self.is_rest_day(current):
                break
            current += timedelta(days=1)
        else:  # pragma: no cover - only a corrupt holiday file gets here
            raise CalendarError(f"{d.isoformat()} 之后连续60天都是休息日，节假日表有误（{self.source}）")
        warning = None
        if unverified:
            first = unverified[0]
            if first > self.verified_through:
                where = f"晚于节假日表核实截止日 {self.verified_through.isoformat()}"
            else:
                where = f"早于节假日表覆盖的起始日 {self.verified_from.isoformat() if self.verified_from else ''}"
            warning = (
                f"{first.isoformat()} {where}，该日期附近只按周末判断是否为休息日，"
                f"未考虑当年国务院办公厅的放假调休安排；请核对后更新节假日表（{self.source}）"
            )
        return current, warning


def load_calendar(path: str | Path, *, source: str | None = None) -> HolidayCalendar:
    """Read a holiday CSV (columns date, kind[, note]; kind is holiday or workday).

    The file must contain a ``# verified_through: YYYY-MM-DD`` comment line and may
    contain ``# verified_from: YYYY-MM-DD``. ``source`` names the table in warnings
    (default: the path).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarError(f"无法读取节假日表 {p}：{exc.strerror or exc}") from None
    meta: dict[str, date] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            m = _META.match(line)
            if m:
                meta[m.group(1)] = date.fromisoformat(m.group(2))
            continue
        if line.strip():
            body.append(line)
    if "verified_through" not in meta:
        raise CalendarError(f"节假日表 {p} 缺少 '# verified_through: YYYY-MM-DD' 行")
    holidays: set[date] = set()
    workdays: set[date] = set()
    reader = csv.DictReader(body)
    if reader.fieldnames is None or not {"date", "kind"} <= set(reader.fieldnames):
        raise CalendarError(f"节假日表 {p} 的表头应包含 date,kind 两列")
    for lineno, rec in enumerate(reader, start=2):
        raw_date = (rec.get("date") or "").strip()
        kind = (rec.get("kind") or "").strip()
        try:
            d = date.fromisoformat(raw_date)
        except ValueError:
            raise CalendarError(
                f"节假日表 {p} 第{lineno}条数据：date 应为 YYYY-MM-DD 格式的日期（当前值：{raw_date}）"
            ) from None
        if kind == "holiday":
            holidays.add(d)
        elif kind == "workday":
            if d.weekday() < 5:
                raise CalendarError(
                    f"节假日表 {p} 第{lineno}条数据：调休上班日 {raw_date} 不是星期六或星期日"
                )
            workdays.add(d)
        else:
            raise CalendarError(
                f"节假日表 {p} 第{lineno}条数据：kind 应为 holiday（放假）或 workday（调休上班）（当前值：{kind}）"
            )
    both = holidays & workdays
    if both:
        raise CalendarError(f"节假日表 {p}：{min(both).isoformat()} 同时被列为放假日和上班日")
    return HolidayCalendar(
        frozenset(holidays),
        frozenset(workdays),
        meta["verified_through"],
        meta.get("verified_from"),
        source or str(p),
    )


@lru_cache(maxsize=1)
def default_calendar() -> HolidayCalendar:
    """The shipped holiday table (pipeline/law/data/holidays.csv), loaded once."""
    return load_calendar(data_dir() / "holidays.csv", source="内置节假日表")
