"""诉讼时效 (limitation) of the loan claim.

Legal sources (民法典 and 《最高人民法院关于审理民事案件适用诉讼时效制度若干问题的规定》, 2020修正):

- 民法典第188条: three years from when the creditor knew or should have known; 20 years absolute.
- 民法典第189条: instalment debts run from the due date of the LAST instalment.
- 民法典第192条: after expiry the debtor has a defence; if the debtor then agrees to perform
  (or performs), it cannot plead expiry (时效规定第19条).
- 民法典第195条: interruption by (一) the creditor's demand, (二) the debtor's agreement to
  perform, (三) suit …; the period then restarts IN FULL from the interruption.
- 时效规定第8条: a demand counts when it reached (or should have reached) the debtor —
  hence only demands with proof of delivery count here.
- 时效规定第14条: part payment, an instalment plan, a promise to pay = agreement to perform.
- 民法典第201–203条: the start day is not counted; the period ends on the corresponding
  day three years later (29 Feb → 28 Feb); a last day that is a rest day moves to the next
  working day.

Algorithm (law-money.md §5.3): start → last day = roll(add_years(start, 3)); walk the events
in date order; an effective event on or before the current last day restarts the period
from its date; after the last day, demands do nothing while a debtor's acknowledgement,
promise, instalment agreement or part payment waives the defence ("waived").

Choices (documented, practice not uniform):
- When ``case.procedure.acceleration_date`` is set (the creditor declared the whole debt due)
  and it is earlier than the contractual last due date, the period runs from that date
  (``from_acceleration=True``, the default; many courts do this — L). Pass
  ``from_acceleration=False`` to use the contractual date.
- Only contacts with the debtor (relation "debtor") count; a message to a relative or an
  emergency contact is no demand to the obligor.
- Not modelled: suspension (第194条), interruption by suit/payment order/preservation
  (时效规定第10、11条; the planned filing date is only compared with the last day), and a
  fresh period after a waiver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..case.labels import CHANNEL_ZH, RELATION_ZH, SHANGHAI
from ..case.models import Case, Contact
from ..money import figures, zh_date
from .calendar import HolidayCalendar, add_years, default_calendar

__all__ = [
    "Limitation",
    "LimitationError",
    "LimitationEvent",
    "limitation_events",
    "limitation_status",
    "LIMITATION_YEARS",
]

LIMITATION_YEARS = 3
ABSOLUTE_YEARS = 20

DEMAND_CHANNELS = frozenset({"sms", "letter", "lawyer_letter", "wechat", "email"})
AGREEMENT_OUTCOMES = frozenset({"promise", "acknowledged", "instalment_agreed"})

# Event kinds
DEMAND = "demand"  # 权利人提出履行请求（已证明到达）
DEBTOR_AGREEMENT = "debtor_agreement"  # 义务人同意履行义务
PART_PAYMENT = "part_payment"  # 部分履行
UNPROVEN_DEMAND = "unproven_demand"  # 催收但不能证明到达
NOT_DEBTOR = "not_debtor"  # 联系对象不是债务人
OTHER_CONTACT = "other_contact"  # 无法认定为请求的联系
_DEBTOR_ACTS = frozenset({DEBTOR_AGREEMENT, PART_PAYMENT})

# the debtor himself, as the limitation explanation puts it
_RELATION_ZH = {**RELATION_ZH, "debtor": "债务人本人"}
_OUTCOME_ZH = {
    "promise": "承诺还款",
    "acknowledged": "书面确认债务",
    "instalment_agreed": "同意分期还款",
}


class LimitationError(ValueError):
    """The case does not allow a limitation computation (Chinese message naming the field)."""


@dataclass(frozen=True)
class LimitationEvent:
    date: date
    kind: str  # demand | debtor_agreement | part_payment | unproven_demand | not_debtor | other_contact
    description: str
    source: str  # JSON path, e.g. "collection_log[3]" or "repayments[0]"


@dataclass(frozen=True)
class Limitation:
    status: str  # "running" | "expiring" | "expired" | "waived"
    start: date
    start_rule: str
    last_day: date  # final day, rolled over rest days
    days_left: int  # from as_of to last_day (negative if expired)
    interruptions: tuple[LimitationEvent, ...]
    ignored: tuple[tuple[LimitationEvent, str], ...]
    explanation: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class _Classified:
    event: LimitationEvent
    problem: str | None  # why it can never interrupt (None = it can)
    warning: str | None  # effective, but weak on proof
    order: tuple[int, int]


def contact_date(contact: Contact) -> date:
    """The calendar date of a contact in Beijing time (Asia/Shanghai)."""
    return contact.at.astimezone(SHANGHAI).date()


def _classify_contact(i: int, c: Contact) -> _Classified:
    d = contact_date(c)
    source = f"collection_log[{i}]"
    channel = CHANNEL_ZH[c.channel]
    who = _RELATION_ZH[c.relation]

    def make(kind: str, text: str, problem: str | None = None, warning: str | None = None) -> _Classified:
        return _Classified(LimitationEvent(d, kind, text, source), problem, warning, (0, i))

    if c.outcome in AGREEMENT_OUTCOMES:
        text = f"{zh_date(d)}，{c.counterpart}（{who}）通过{channel}{_OUTCOME_ZH[c.outcome]}"
        if c.relation != "debtor":
            return make(
                NOT_DEBTOR,
                text,
                f"作出表示的是{who}，不是债务人本人，不构成义务人同意履行义务（民法典第195条第2项）",
            )
        warning = None
        if c.channel == "phone" and not c.recording_id:
            warning = f"{source}：电话中{_OUTCOME_ZH[c.outcome]}没有录音编号，诉讼中可能难以证明，请补充录音或书面确认"
        return make(DEBTOR_AGREEMENT, text, None, warning)

    text = f"{zh_date(d)}，通过{channel}向{c.counterpart}（{who}）催收"
    problem: str | None = None
    kind = DEMAND
    if c.channel in DEMAND_CHANNELS:
        if not c.delivered:
            kind, problem = UNPROVEN_DEMAND, "已发送，但未记录送达，不能证明到达债务人（诉讼时效规定第8条）"
        elif c.delivery_proof is None:
            kind, problem = UNPROVEN_DEMAND, "记录为已送达，但没有送达凭证（delivery_proof），不能证明到达债务人（诉讼时效规定第8条）"
    elif c.channel == "phone":
        if not c.delivered:
            kind, problem = UNPROVEN_DEMAND, "电话未接通，未向债务人提出履行请求"
        elif not c.recording_id:
            kind, problem = UNPROVEN_DEMAND, "电话已接通，但没有录音编号（recording_id），不能证明提出了履行请求（诉讼时效规定第8条）"
    elif c.channel == "visit":
        if not c.delivered:
            kind, problem = UNPROVEN_DEMAND, "上门未见到债务人，未送达履行请求"
    else:
        kind, problem = OTHER_CONTACT, "催收方式为“其他”，无法认定为向债务人提出履行请求"
    if c.relation != "debtor" and kind == DEMAND:
        kind, problem = NOT_DEBTOR, f"联系对象是{who}，不是债务人本人，不构成向义务人提出履行请求（民法典第195条第1项）"
    return make(kind, text, problem)


def _classified(case: Case) -> list[_Classified]:
    items = [_classify_contact(i, c) for i, c in enumerate(case.collection_log)]
    for j, r in enumerate(case.repayments):
        items.append(
            _Classified(
                LimitationEvent(r.date, PART_PAYMENT, f"{zh_date(r.date)}，债务人还款 {figures(r.amount)} 元", f"repayments[{j}]"),
                None,
                None,
                (1, j),
            )
        )
    items.sort(key=lambda x: (x.event.date, x.order))
    return items


def limitation_events(case: Case) -> list[LimitationEvent]:
    """Every collection-log entry and repayment as a limitation event, in date order.

    ``kind`` says what it is in law: ``demand`` (delivered and proven, 时效规定第8条),
    ``debtor_agreement`` (promise / acknowledgement / instalment agreement, 时效规定第14条),
    ``part_payment``; or why it cannot count: ``unproven_demand``, ``not_debtor``, ``other_contact``.
    """
    return [x.event for x in _classified(case)]


def _start(case: Case, from_acceleration: bool) -> tuple[date, str, list[str]]:
    loan = case.loan
    notes: list[str] = []
    if loan.instalments:
        start = max(i.due_date for i in loan.instalments)
        rule = "自最后一期履行期限届满之日起算（民法典第189条）"
    elif loan.due_date is not None:
        start = loan.due_date
        rule = "自借款履行期限届满之日起算（民法典第188条）"
    else:
        raise LimitationError(
            "loan.due_date：未填写到期日，也没有原合同分期还款计划（loan.instalments），无法确定诉讼时效起算日；"
            "未约定还款期限的，请按诉讼时效规定第4条确定起算日（催告的宽限期届满之日或债务人明确拒绝之日）后填写 loan.due_date"
        )
    acc = case.procedure.acceleration_date
    if acc is not None and from_acceleration:
        if acc < start:
            notes.append(
                f"债权人于{zh_date(acc)}宣布债务提前到期，本计算自该日起算（实务中多数法院的做法，依据不一）；"
                f"若按原约定自{zh_date(start)}起算，届满日会更晚"
            )
            start = acc
            rule = "自宣布提前到期之日起算（民法典第188条；实务做法，依据不一）"
        else:
            notes.append(
                f"宣布提前到期日{zh_date(acc)}不早于原约定到期日{zh_date(start)}，不影响起算，仍按原约定到期日起算"
            )
    return start, rule, notes


def _end_text(end: date, last: date, cal: HolidayCalendar) -> str:
    if last == end:
        return f"届满日为{zh_date(end)}"
    reason = cal.rest_reason(end) or "休息日"
    return f"三年的对应日{zh_date(end)}为{reason}，顺延至{zh_date(last)}（民法典第203条）"


def limitation_status(
    case: Case,
    as_of: date,
    *,
    calendar: HolidayCalendar | None = None,
    warn_days: int | None = None,
    from_acceleration: bool = True,
) -> Limitation:
    """The limitation position of the claim on ``as_of`` (see the module docstring for the rules)."""
    cal = calendar or default_calendar()
    warn = case.settings.limitation_warn_days if warn_days is None else warn_days
    start, rule, notes = _start(case, from_acceleration)
    warnings: list[str] = list(notes)

    end = add_years(start, LIMITATION_YEARS)
    last, roll_warning = cal.roll_forward(end)
    explanation = [
        f"起算：{rule}。{zh_date(start)}当日不计入，诉讼时效期间自{zh_date(start + timedelta(days=1))}起计算"
        f"（民法典第201条），三年期间到期月的对应日为最后一日（民法典第202条），{_end_text(end, last, cal)}。"
    ]

    interruptions: list[LimitationEvent] = []
    ignored: list[tuple[LimitationEvent, str]] = []
    waived_by: LimitationEvent | None = None

    for item in _classified(case):
        ev = item.event
        if ev.date > as_of:
            ignored.append((ev, f"晚于计算日{zh_date(as_of)}，未计入"))
            continue
        if item.problem:
            ignored.append((ev, item.problem))
            continue
        if ev.date < start:
            ignored.append((ev, f"发生在诉讼时效起算日{zh_date(start)}之前，期间尚未开始计算，不产生中断效果"))
            continue
        if ev.date > last:
            if ev.kind in _DEBTOR_ACTS:
                if waived_by is None:
                    waived_by = ev
                what = "还款" if ev.kind == PART_PAYMENT else "同意履行"
                reason = (
                    f"诉讼时效期间已于{zh_date(last)}届满，不再发生中断；但届满后债务人{what}，"
                    f"不得再以诉讼时效期间届满为由抗辩（民法典第192条第2款；诉讼时效规定第19条）"
                )
                ignored.append((ev, reason))
                explanation.append(f"{ev.description}（{ev.source}）：{reason}。")
                if item.warning:
                    warnings.append(item.warning)
            else:
                reason = (
                    f"诉讼时效期间已于{zh_date(last)}届满，届满后的催收不产生中断效果，"
                    f"也不能使时效恢复（民法典第192条）"
                )
                ignored.append((ev, reason))
            continue
        # effective interruption: the period restarts in full from this day (民法典第195条)
        if item.warning:
            warnings.append(item.warning)
        interruptions.append(ev)
        end = add_years(ev.date, LIMITATION_YEARS)
        last, roll_warning = cal.roll_forward(end)
        if ev.kind == DEMAND:
            ground = "权利人向义务人提出履行请求并已送达（民法典第195条第1项；诉讼时效规定第8条）"
        elif ev.kind == PART_PAYMENT:
            ground = "义务人部分履行，视为同意履行义务（民法典第195条第2项；诉讼时效规定第14条）"
        else:
            ground = "义务人同意履行义务（民法典第195条第2项；诉讼时效规定第14条）"
        explanation.append(
            f"{ev.description}（{ev.source}）：{ground}，诉讼时效中断，自该日起重新计算三年，{_end_text(end, last, cal)}。"
        )

    if roll_warning:
        warnings.append(roll_warning)

    days_left = (last - as_of).days
    if waived_by is not None:
        status = "waived"
        explanation.append(
            f"结论：诉讼时效期间已于{zh_date(last)}届满，但债务人于{zh_date(waived_by.date)}在届满后同意履行或还款，"
            f"视为放弃时效抗辩（民法典第192条第2款；诉讼时效规定第19条）。"
        )
        warnings.append(
            "时效抗辩已因债务人届满后同意履行而放弃；此后是否重新计算三年诉讼时效，实务不一，建议尽快起诉或申请支付令"
        )
    elif days_left < 0:
        status = "expired"
        explanation.append(
            f"结论：截至{zh_date(as_of)}，诉讼时效期间已于{zh_date(last)}届满，已超过{-days_left}天；"
            f"债务人可提出时效抗辩（民法典第192条），人民法院不主动适用（民法典第193条）。"
        )
    else:
        status = "expiring" if days_left <= warn else "running"
        explanation.append(
            f"结论：截至{zh_date(as_of)}，诉讼时效期间于{zh_date(last)}届满，尚余{days_left}天"
            + ("，即将届满，请及时起诉、申请支付令或取得可证明送达的催收。" if status == "expiring" else "。")
        )

    filing = case.procedure.filing_date
    if filing is not None and status != "waived" and filing > last:
        warnings.append(
            f"procedure.filing_date：拟起诉/申请日{zh_date(filing)}晚于诉讼时效届满日{zh_date(last)}"
        )
    if as_of > add_years(start, ABSOLUTE_YEARS):
        warnings.append(
            f"自{zh_date(start)}起已超过二十年，人民法院不予保护，有特殊情况的可以决定延长（民法典第188条第2款）"
        )

    return Limitation(
        status=status,
        start=start,
        start_rule=rule,
        last_day=last,
        days_left=days_left,
        interruptions=tuple(interruptions),
        ignored=tuple(ignored),
        explanation=tuple(explanation),
        warnings=tuple(dict.fromkeys(warnings)),
    )
