"""诉讼时效: hand-computed last days (民法典第188、189、192、195、201–203条; 诉讼时效规定第8、14、19条)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pipeline.case import Case, parse_case
from pipeline.law.calendar import default_calendar, load_calendar
from pipeline.law.limitation import (
    Limitation,
    LimitationError,
    LimitationEvent,
    limitation_events,
    limitation_status,
)


def make_case(
    *,
    due: str | None = "2021-03-15",
    instalments: list[str] | None = None,
    log: list[dict[str, Any]] | None = None,
    repayments: list[tuple[str, str]] | None = None,
    procedure: dict[str, Any] | None = None,
    warn_days: int | None = None,
) -> Case:
    """A minimal valid case built through the real parser."""
    loan: dict[str, Any] = {
        "face_principal": "100000",
        "disbursements": [{"date": "2020-03-15", "amount": "100000", "method": "bank_transfer"}],
        "interest": {"kind": "none"},
    }
    if due is not None:
        loan["due_date"] = due
    if instalments:
        loan["instalments"] = [{"due_date": d, "principal": "10000"} for d in instalments]
    data: dict[str, Any] = {
        "schema_version": "1",
        "case_id": "lim-test",
        "creditor": {"kind": "person", "name": "张三", "domicile": "北京市朝阳区某路1号"},
        "debtors": [{"kind": "person", "name": "李四", "domicile": "北京市海淀区某路2号"}],
        "lender_category": "natural_person",
        "loan": loan,
        "repayments": [{"date": d, "amount": a} for d, a in (repayments or [])],
        "collection_log": log or [],
        "computation_date": "2026-01-01",
    }
    if procedure:
        data["procedure"] = procedure
    if warn_days is not None:
        data["settings"] = {"limitation_warn_days": warn_days}
    return parse_case(data)


def contact(
    at: str,
    channel: str = "lawyer_letter",
    *,
    delivered: bool = True,
    proof: bool = True,
    recording: str | None = None,
    outcome: str = "none",
    relation: str = "debtor",
) -> dict[str, Any]:
    c: dict[str, Any] = {
        "at": at,
        "channel": channel,
        "counterpart": "李四",
        "relation": relation,
        "content": "请于十日内归还借款本金100000元。",
        "delivered": delivered,
        "outcome": outcome,
    }
    if proof:
        c["delivery_proof"] = {"kind": "ems", "reference": "EA123456789CN"}
    if recording:
        c["recording_id"] = recording
    return c


# ---------------------------------------------------------------- start and the corresponding day


def test_single_due_date() -> None:
    # due 15 Mar 2021; day not counted (201), period runs from 16 Mar 2021;
    # corresponding day three years on (202) = Fri 15 Mar 2024, a working day.
    r = limitation_status(make_case(), date(2023, 1, 1))
    assert isinstance(r, Limitation)
    assert r.start == date(2021, 3, 15)
    assert "民法典第188条" in r.start_rule
    assert r.last_day == date(2024, 3, 15)  # not the 14th, not the 16th
    # 1 Jan 2023 → 1 Jan 2024 = 365 days, + 31 (Jan) + 29 (Feb 2024) + 14 = 439
    assert r.days_left == 439
    assert r.status == "running"
    assert r.interruptions == () and r.ignored == ()
    assert "2021年3月16日起计算" in r.explanation[0]
    assert r.warnings == ()


def test_last_day_itself_is_still_running() -> None:
    r = limitation_status(make_case(), date(2024, 3, 15))
    assert (r.status, r.days_left) == ("expiring", 0)
    r = limitation_status(make_case(), date(2024, 3, 16))
    assert (r.status, r.days_left) == ("expired", -1)


def test_instalments_run_from_last_instalment() -> None:
    # 民法典第189条: last instalment due Mon 22 Apr 2021 → Mon 22 Apr 2024
    case = make_case(due=None, instalments=["2021-02-22", "2021-04-22", "2021-03-22"])
    r = limitation_status(case, date(2023, 1, 1))
    assert r.start == date(2021, 4, 22)
    assert "最后一期" in r.start_rule and "第189条" in r.start_rule
    assert r.last_day == date(2024, 4, 22)


def test_acceleration_date_moves_the_start() -> None:
    # declared due on 1 Jun 2021 (before the last instalment 22 Apr 2022):
    # 1 Jun 2024 is a Saturday → Mon 3 Jun 2024
    case = make_case(due=None, instalments=["2021-04-22", "2022-04-22"], procedure={"acceleration_date": "2021-06-01"})
    r = limitation_status(case, date(2023, 1, 1))
    assert r.start == date(2021, 6, 1)
    assert "提前到期" in r.start_rule
    assert r.last_day == date(2024, 6, 3)
    assert any("提前到期" in w for w in r.warnings)
    off = limitation_status(case, date(2023, 1, 1), from_acceleration=False)
    assert off.start == date(2022, 4, 22)
    assert off.last_day == date(2025, 4, 22)  # Tuesday


def test_29_february_start() -> None:
    # due Sat 29 Feb 2020 → no 29 Feb in 2023 → month end Tue 28 Feb 2023 (民法典第202条)
    r = limitation_status(make_case(due="2020-02-29"), date(2023, 1, 1))
    assert r.last_day == date(2023, 2, 28)
    assert "2020年3月1日起计算" in r.explanation[0]


# ---------------------------------------------------------------- 民法典第203条: rest days


def test_last_day_on_saturday_rolls_to_monday() -> None:
    # due 16 Mar 2021 → Sat 16 Mar 2024 → Mon 18 Mar 2024
    r = limitation_status(make_case(due="2021-03-16"), date(2023, 1, 1))
    assert r.last_day == date(2024, 3, 18)
    assert "顺延至2024年3月18日" in r.explanation[0]


def test_last_day_in_spring_festival_rolls_onto_the_workday_sunday() -> None:
    # due 10 Feb 2021 → 10 Feb 2024 is in 春节 (10–17 Feb 2024); Sun 18 Feb 2024 is a 调休 working day
    r = limitation_status(make_case(due="2021-02-10"), date(2023, 1, 1))
    assert r.last_day == date(2024, 2, 18)


def test_last_day_on_a_weekday_holiday() -> None:
    # due 2 Jun 2022 → Mon 2 Jun 2025 is 端午 (31 May – 2 Jun 2025) → Tue 3 Jun 2025
    r = limitation_status(make_case(due="2022-06-02"), date(2023, 1, 1))
    assert r.last_day == date(2025, 6, 3)
    assert "法定节假日" in r.explanation[0]


def test_national_day_and_workday_saturday() -> None:
    # 1 Oct 2024 (国庆 1–7 Oct) → Tue 8 Oct 2024; 12 Oct 2024 is a working Saturday → unchanged
    assert limitation_status(make_case(due="2021-10-01"), date(2023, 1, 1)).last_day == date(2024, 10, 8)
    assert limitation_status(make_case(due="2021-10-12"), date(2023, 1, 1)).last_day == date(2024, 10, 12)


def test_last_day_beyond_the_holiday_file_warns() -> None:
    cal = default_calendar()
    due = cal.verified_through - timedelta(days=100)  # three years on is far past verified_through
    r = limitation_status(make_case(due=due.isoformat()), due + timedelta(days=1))
    assert any("核实截止日" in w for w in r.warnings)


def test_custom_calendar(tmp_path) -> None:
    p = tmp_path / "h.csv"
    p.write_text("# verified_through: 2030-12-31\ndate,kind\n2024-03-15,holiday\n", encoding="utf-8")
    # Fri 15 Mar 2024 made a holiday → Sat, Sun → Mon 18 Mar 2024
    r = limitation_status(make_case(), date(2023, 1, 1), calendar=load_calendar(p))
    assert r.last_day == date(2024, 3, 18)


# ---------------------------------------------------------------- interruptions


def test_delivered_lawyer_letter_restarts_full_three_years() -> None:
    # due 15 Mar 2021; lawyer's letter delivered 1 Jun 2023 (EMS) → new last day Mon 1 Jun 2026
    case = make_case(log=[contact("2023-06-01T10:00:00+08:00")])
    r = limitation_status(case, date(2024, 1, 1))
    assert [e.source for e in r.interruptions] == ["collection_log[0]"]
    assert r.interruptions[0].kind == "demand"
    assert r.last_day == date(2026, 6, 1)
    assert r.status == "running"
    assert any("第195条第1项" in line and "2026年6月1日" in line for line in r.explanation)


def test_sent_but_not_delivered_letter_is_ignored() -> None:
    case = make_case(log=[contact("2023-06-01T10:00:00+08:00", delivered=False, proof=False)])
    r = limitation_status(case, date(2024, 1, 1))
    assert r.interruptions == ()
    assert r.last_day == date(2024, 3, 15)
    (ev, reason), = r.ignored
    assert ev.source == "collection_log[0]" and ev.kind == "unproven_demand"
    assert "送达" in reason


def test_delivered_without_proof_is_ignored() -> None:
    case = make_case(log=[contact("2023-06-01T10:00:00+08:00", channel="sms", proof=False)])
    r = limitation_status(case, date(2024, 1, 1))
    assert r.last_day == date(2024, 3, 15)
    assert "delivery_proof" in r.ignored[0][1]


def test_phone_needs_recording() -> None:
    with_rec = make_case(log=[contact("2023-06-01T10:00:00+08:00", "phone", proof=False, recording="R-1")])
    without = make_case(log=[contact("2023-06-01T10:00:00+08:00", "phone", proof=False)])
    assert limitation_status(with_rec, date(2024, 1, 1)).last_day == date(2026, 6, 1)
    r = limitation_status(without, date(2024, 1, 1))
    assert r.last_day == date(2024, 3, 15)
    assert "recording_id" in r.ignored[0][1]


def test_visit_delivered_counts() -> None:
    case = make_case(log=[contact("2023-06-01T10:00:00+08:00", "visit", proof=False)])
    assert limitation_status(case, date(2024, 1, 1)).last_day == date(2026, 6, 1)


def test_demand_to_a_relative_is_not_a_demand_to_the_debtor() -> None:
    case = make_case(log=[contact("2023-06-01T10:00:00+08:00", relation="family")])
    r = limitation_status(case, date(2024, 1, 1))
    assert r.last_day == date(2024, 3, 15)
    assert r.ignored[0][0].kind == "not_debtor"


def test_part_payment_interrupts() -> None:
    # 时效规定第14条: repayment on Fri 8 Aug 2022 → Fri 8 Aug 2025
    case = make_case(repayments=[("2022-08-08", "500")])
    r = limitation_status(case, date(2024, 1, 1))
    assert [(e.kind, e.source) for e in r.interruptions] == [("part_payment", "repayments[0]")]
    assert r.last_day == date(2025, 8, 8)


def test_debtor_promise_interrupts_and_chain_of_interruptions() -> None:
    # promise 10 Jan 2023 → 10 Jan 2026 (Sat) → Mon 12 Jan 2026;
    # then a delivered letter Mon 5 Jan 2026 (before that last day) → Wed 5 Jan 2029 (beyond the file: weekends only)
    case = make_case(
        log=[
            contact("2026-01-05T09:00:00+08:00"),
            contact("2023-01-10T09:00:00+08:00", "phone", proof=False, recording="R-2", outcome="promise"),
        ]
    )
    r = limitation_status(case, date(2026, 1, 6))
    assert [e.source for e in r.interruptions] == ["collection_log[1]", "collection_log[0]"]
    assert r.interruptions[0].kind == "debtor_agreement"
    assert r.last_day == date(2029, 1, 5)
    assert any("核实截止日" in w for w in r.warnings)
    partial = limitation_status(case, date(2025, 12, 31))
    assert partial.last_day == date(2026, 1, 12)
    assert partial.ignored[0][0].source == "collection_log[0]" and "晚于计算日" in partial.ignored[0][1]


def test_contact_time_is_converted_to_beijing_date() -> None:
    # 17:30 UTC on 31 May 2023 is 01:30 on 1 Jun 2023 in Beijing → new last day 1 Jun 2026
    case = make_case(log=[contact("2023-05-31T17:30:00+00:00")])
    (ev,) = limitation_events(case)
    assert isinstance(ev, LimitationEvent)
    assert ev.date == date(2023, 6, 1)
    assert limitation_status(case, date(2024, 1, 1)).last_day == date(2026, 6, 1)


def test_events_before_the_start_do_not_interrupt() -> None:
    case = make_case(repayments=[("2021-01-10", "500")])
    r = limitation_status(case, date(2023, 1, 1))
    assert r.last_day == date(2024, 3, 15)
    assert "起算日" in r.ignored[0][1]


# ---------------------------------------------------------------- expiry and waiver


def test_expired() -> None:
    # due 11 May 2020 → Thu 11 May 2023; as of 1 Jun 2023: 21 days past (20 in May + 1)
    r = limitation_status(make_case(due="2020-05-11"), date(2023, 6, 1))
    assert r.status == "expired"
    assert r.last_day == date(2023, 5, 11)
    assert r.days_left == -21


def test_demand_after_expiry_does_nothing() -> None:
    case = make_case(due="2020-05-11", log=[contact("2023-05-20T10:00:00+08:00")])
    r = limitation_status(case, date(2023, 6, 1))
    assert r.status == "expired"
    assert r.last_day == date(2023, 5, 11)
    assert r.interruptions == ()
    assert "届满" in r.ignored[0][1]


def test_acknowledgement_after_expiry_waives() -> None:
    case = make_case(
        due="2020-05-11",
        log=[contact("2023-05-20T10:00:00+08:00", "letter", outcome="acknowledged")],
    )
    r = limitation_status(case, date(2023, 6, 1))
    assert r.status == "waived"
    assert r.last_day == date(2023, 5, 11)
    assert r.interruptions == ()
    assert "第192条" in r.ignored[0][1]
    assert any("放弃时效抗辩" in line for line in r.explanation)


def test_part_payment_after_expiry_waives() -> None:
    case = make_case(due="2020-05-11", repayments=[("2023-05-20", "100")])
    assert limitation_status(case, date(2023, 6, 1)).status == "waived"


def test_expiring_uses_case_setting_or_argument() -> None:
    # last day 15 Mar 2024; as of 1 Jan 2024 → 74 days left (31 + 29 + 14)
    r = limitation_status(make_case(), date(2024, 1, 1))
    assert (r.days_left, r.status) == (74, "expiring")  # default setting 90 days
    assert limitation_status(make_case(warn_days=30), date(2024, 1, 1)).status == "running"
    assert limitation_status(make_case(), date(2024, 1, 1), warn_days=74).status == "expiring"
    assert limitation_status(make_case(), date(2024, 1, 1), warn_days=73).status == "running"


def test_filing_after_last_day_warns() -> None:
    case = make_case(procedure={"filing_date": "2024-04-01"})
    r = limitation_status(case, date(2024, 1, 1))
    assert any("procedure.filing_date" in w for w in r.warnings)


def test_missing_due_date_is_a_chinese_error() -> None:
    with pytest.raises(LimitationError) as exc:
        limitation_status(make_case(due=None), date(2024, 1, 1))
    assert "loan.due_date" in str(exc.value)


def test_limitation_events_lists_contacts_and_repayments_in_date_order() -> None:
    case = make_case(
        log=[contact("2023-06-01T10:00:00+08:00"), contact("2022-01-01T10:00:00+08:00", "other", proof=False)],
        repayments=[("2022-08-08", "500")],
    )
    evs = limitation_events(case)
    assert [(e.date, e.kind, e.source) for e in evs] == [
        (date(2022, 1, 1), "other_contact", "collection_log[1]"),
        (date(2022, 8, 8), "part_payment", "repayments[0]"),
        (date(2023, 6, 1), "demand", "collection_log[0]"),
    ]
