"""Period arithmetic (民法典第200–204条) and the official holiday calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.law.calendar import (
    CalendarError,
    HolidayCalendar,
    add_months,
    add_years,
    default_calendar,
    load_calendar,
)


# ---------------------------------------------------------------- 民法典第202条: corresponding day / month end


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: February has 29 days
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # no 31 Feb → month's last day
        (date(2024, 1, 31), 2, date(2024, 3, 31)),  # corresponding day exists again
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 1, 15), 1, date(2024, 2, 15)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),  # across a year end
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2024, 2, 29), 3, date(2027, 2, 28)),  # 29 Feb → 28 Feb in a common year
        (date(2024, 2, 29), 4, date(2028, 2, 29)),  # leap year again: 29 Feb exists
        (date(2021, 3, 15), 3, date(2024, 3, 15)),
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), st.integers(0, 600))
def test_add_months_is_corresponding_day_or_month_end(d: date, n: int) -> None:
    r = add_months(d, n)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    if r.day != d.day:
        # only when the target month is too short, and then it is that month's last day
        assert r.day < d.day
        assert (r + timedelta(days=1)).month != r.month


# ---------------------------------------------------------------- the shipped holiday file


def test_default_calendar_metadata() -> None:
    cal = default_calendar()
    assert cal.verified_through <= date(2026, 12, 31)
    assert cal.verified_from == date(2018, 12, 29)
    assert default_calendar() is cal  # cached


@pytest.mark.parametrize(
    ("day", "rest"),
    [
        (date(2024, 2, 10), True),  # 2024 春节 (Saturday, inside the holiday)
        (date(2024, 2, 14), True),  # 2024 春节 (Wednesday)
        (date(2024, 2, 4), False),  # Sunday, 调休上班 (国办发明电〔2023〕7号)
        (date(2024, 2, 18), False),  # Sunday, 调休上班
        (date(2024, 2, 19), False),  # Monday after the holiday
        (date(2024, 10, 7), True),  # 国庆 (Monday)
        (date(2024, 10, 12), False),  # Saturday, 调休上班
        (date(2024, 3, 16), True),  # an ordinary Saturday
        (date(2024, 3, 15), False),  # an ordinary Friday
        (date(2025, 1, 28), True),  # 2025 除夕 is a holiday since the 2024 amendment
        (date(2025, 6, 2), True),  # 2025 端午 (Monday)
        (date(2026, 2, 14), False),  # Saturday, 调休上班 (2026 春节)
        (date(2026, 2, 23), True),  # last day of the 9-day 2026 春节
        (date(2020, 2, 1), True),  # 2020: Saturday workday cancelled, 春节 extended to 2 Feb
        (date(2020, 2, 3), False),
        (date(2018, 12, 29), False),  # Saturday workday for 2019 元旦
    ],
)
def test_rest_days_from_the_official_notices(day: date, rest: bool) -> None:
    assert default_calendar().is_rest_day(day) is rest


def test_every_workday_in_the_file_is_a_weekend_day() -> None:
    cal = default_calendar()
    assert cal.workdays
    assert all(d.weekday() >= 5 for d in cal.workdays)
    assert not (cal.workdays & cal.holidays)


def test_each_year_has_the_seven_festivals() -> None:
    cal = default_calendar()
    # 元旦 1 Jan and 国庆 1–3 Oct are rest days every year 2019–2026; 1 May too.
    for year in range(2019, 2027):
        for m, d in ((1, 1), (5, 1), (10, 1), (10, 2), (10, 3)):
            assert cal.is_rest_day(date(year, m, d)), (year, m, d)


# ---------------------------------------------------------------- 民法典第203条: roll forward


def test_roll_forward_working_day_unchanged() -> None:
    assert default_calendar().roll_forward(date(2024, 3, 15)) == (date(2024, 3, 15), None)


def test_roll_forward_weekend() -> None:
    # Saturday 16 March 2024 → Monday 18 March 2024
    assert default_calendar().roll_forward(date(2024, 3, 16)) == (date(2024, 3, 18), None)


def test_roll_forward_spring_festival_onto_workday_sunday() -> None:
    # 2024 春节 10–17 Feb; Sunday 18 Feb 2024 is a 调休 working day → the period ends that Sunday
    assert default_calendar().roll_forward(date(2024, 2, 10)) == (date(2024, 2, 18), None)


def test_roll_forward_national_day() -> None:
    # 2024 国庆 1–7 Oct → Tuesday 8 Oct 2024
    assert default_calendar().roll_forward(date(2024, 10, 1)) == (date(2024, 10, 8), None)


def test_workday_saturday_is_not_rolled() -> None:
    assert default_calendar().roll_forward(date(2024, 10, 12)) == (date(2024, 10, 12), None)


def test_roll_forward_after_verified_through_warns_and_uses_weekends() -> None:
    cal = default_calendar()
    day = cal.verified_through + timedelta(days=30)
    rolled, warning = cal.roll_forward(day)
    assert warning is not None
    assert "核实截止日" in warning and cal.verified_through.isoformat() in warning
    assert "内置节假日表" in warning  # no machine path in user-visible text
    assert rolled.weekday() < 5
    assert rolled - day < timedelta(days=3)


def test_roll_forward_before_coverage_warns() -> None:
    _, warning = default_calendar().roll_forward(date(2018, 10, 1))
    assert warning is not None and "起始日" in warning


# ---------------------------------------------------------------- load_calendar


def test_load_calendar_custom_file(tmp_path) -> None:
    p = tmp_path / "h.csv"
    p.write_text(
        "# verified_through: 2030-12-31\ndate,kind\n2030-01-01,holiday\n2030-01-05,workday\n",
        encoding="utf-8",
    )
    cal = load_calendar(p)
    assert isinstance(cal, HolidayCalendar)
    assert cal.verified_through == date(2030, 12, 31)
    assert cal.is_rest_day(date(2030, 1, 1))  # a Tuesday listed as holiday
    assert not cal.is_rest_day(date(2030, 1, 5))  # Saturday listed as workday
    assert cal.roll_forward(date(2030, 1, 1)) == (date(2030, 1, 2), None)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("date,kind\n2030-01-01,holiday\n", "verified_through"),
        ("# verified_through: 2030-12-31\ndate,kind\n2030-13-01,holiday\n", "2030-13-01"),
        ("# verified_through: 2030-12-31\ndate,kind\n2030-01-01,vacation\n", "vacation"),
        ("# verified_through: 2030-12-31\ndate,kind\n2030-01-07,workday\n", "不是星期六或星期日"),
    ],
)
def test_load_calendar_rejects_bad_files_in_chinese(tmp_path, text: str, fragment: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError) as exc:
        load_calendar(p)
    assert fragment in str(exc.value)
