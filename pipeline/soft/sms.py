"""Reminder text messages (提醒短信): three courteous messages at the softest stage.

Each message is signed 【creditor short name】 and says only what the debtor needs: the amount
due as of a date (the claim's total and computation date), how to pay to the creditor's own
account, a contact number, and that difficulties can be discussed. Nothing about third parties,
courts or consequences (law-money.md §6.3 T5–T11; 《银行卡发卡业务风险管理指引》第84条 for the
disclosures).

Account numbers are masked to the last four digits ("尾号3456"): a text message shows on lock
screens, is forwarded and stored by carriers, and a natural-person creditor's bank account is
sensitive personal information (个人信息保护法第28条); the full account is in the demand letter
and the contract, and the tail lets the debtor check it against them (and spot impersonators).

The reminder "before or on the due date" only makes sense before the debt falls due: once the
computation date is past the loan's due date (or the acceleration date) it is left out, and the
text file says why. When instalments were negotiated (case.instalment_terms), that reminder names
the first instalment and its due date (the negotiated option of the repayment proposal), not the
whole debt: demanding the whole sum while the agreed plan runs would contradict the agreement.
A natural-person creditor speaks as "我", a company as "我们".

Length: one SMS segment holds 70 characters (UCS-2); longer messages are sent as concatenated
segments of 67 characters each. The shortest wording that still carries every element is
chosen only when the full one is over 70.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..case.models import Case, Person
from ..law.claim import Claim
from ..money import figures, zh_date

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal

__all__ = ["Reminder", "STAGES", "reminder_messages", "segments", "sms_text_file", "mask_account"]

SEGMENT_SINGLE = 70
SEGMENT_MULTI = 67

Stage = Literal["due", "overdue", "after_letter"]
#: Stage → Chinese label.
STAGES: dict[str, str] = {
    "due": "到期前或到期当日",
    "overdue": "逾期数日后",
    "after_letter": "催款函送达后",
}


@dataclass(frozen=True)
class Reminder:
    stage: str  # due | overdue | after_letter
    text: str
    chars: int
    segments: int

    @property
    def label(self) -> str:
        return STAGES[self.stage]

    def to_json(self) -> dict[str, object]:
        return {"stage": self.stage, "label": self.label, "text": self.text, "chars": self.chars, "segments": self.segments}


def segments(text: str) -> int:
    """SMS segments for a UCS-2 message: ≤70 characters is one; longer ones 67 per segment."""
    n = len(text)
    if n <= SEGMENT_SINGLE:
        return 1
    return -(-n // SEGMENT_MULTI)


def mask_account(account_no: str) -> str:
    """'6217 0033 2000 1234 567' → '尾号4567' (last four digits only)."""
    digits = re.sub(r"\D", "", account_no)
    return f"尾号{digits[-4:]}"


def _signature(case: Case) -> str:
    return case.creditor.short_name or case.creditor.name


def _contact_phone(case: Case) -> str | None:
    if case.creditor.phone:
        return case.creditor.phone
    if case.lawyer is not None:
        return case.lawyer.lawyer_phone or case.lawyer.firm_phone
    return None


def overdue_since(case: Case) -> "date | None":
    """The day the whole debt fell due: the acceleration date, else the loan's (last) due date."""
    if case.procedure.acceleration_date is not None:
        return case.procedure.acceleration_date
    if case.loan.due_date is not None:
        return case.loan.due_date
    if case.loan.instalments:
        return max(i.due_date for i in case.loan.instalments)
    return None


def _first_instalment(case: Case, claim: Claim) -> "tuple[Decimal, date] | None":
    """The first instalment of the negotiated plan (amount, due date), if one was negotiated."""
    if case.instalment_terms is None:
        return None
    from ..law.proposal import repayment_proposal

    option = next((o for o in repayment_proposal(case, claim).options if o.matches_negotiated), None)
    if option is None or not option.schedule.rows:
        return None
    row = option.schedule.rows[0]
    return row.amount, row.due_date


def _stages(case: Case, claim: Claim) -> list[str]:
    """The stages that apply: the due-date reminder only before the debt falls due, or when an
    instalment plan was negotiated (its first instalment is then the next due date)."""
    first = _first_instalment(case, claim)
    due = overdue_since(case)
    keep_due = (first is not None and first[1] >= claim.as_of) or (first is None and (due is None or due >= claim.as_of))
    return [s for s in STAGES if s != "due" or keep_due]


def _variants(case: Case, claim: Claim, stage: str) -> list[str]:
    """Wordings from the fullest to the tersest; each step drops one nicety, never an element
    (amount, date, account, contact, the offer to talk)."""
    sig = f"【{_signature(case)}】"
    person = isinstance(case.creditor, Person)
    self_ref = "本人" if person else "本公司"
    us = "我" if person else "我们"
    first = _first_instalment(case, claim) if stage == "due" else None
    acct = case.creditor_account
    phone = _contact_phone(case)
    out: list[str] = []
    # step flags: bank name, long contact phrase, greeting, thousands separators, year in the date
    steps = [
        (True, True, True, True, True),
        (False, True, True, True, True),
        (False, False, True, True, True),
        (False, False, False, True, True),
        (False, False, False, False, True),
        (False, False, False, False, False),
    ]
    for bank, talk_long, greet, commas, year in steps:
        value, day = (first if first is not None else (claim.totals.total, claim.as_of))
        amount = (figures(value) if commas else f"{value:.2f}") + "元"
        when = zh_date(day) if year else f"{day.month}月{day.day}日"
        if acct is not None:
            pay = f"{self_ref}{acct.bank if bank else ''}账户（{mask_account(acct.account_no)}）"
        else:
            pay = f"{self_ref}名下账户（付款前请先来电核实）"
        trouble = "如有异议或困难" if stage == "after_letter" else "如有困难"
        if phone:
            talk = f"{trouble}请致电{phone}与{us}协商" if talk_long else f"{trouble}请致电{phone}协商"
        else:
            talk = f"{trouble}请回复本短信与{us}协商" if talk_long else f"{trouble}请回复协商"
        if first is not None:
            head = (
                f"{sig}温馨提醒：按双方约定的分期还款安排，第1期{amount}应于{when}前还至"
                if greet
                else f"{sig}提醒：按约定第1期{amount}应于{when}前还至"
            )
        elif stage == "due":
            head = f"{sig}温馨提醒：截至{when}，您的借款应还{amount}，请按期还至" if greet else f"{sig}提醒：截至{when}您的借款应还{amount}，请按期还至"
        elif stage == "overdue":
            head = f"{sig}您好，您的借款已逾期，截至{when}应还{amount}，请尽快还至" if greet else f"{sig}您的借款已逾期，截至{when}应还{amount}，请尽快还至"
        else:
            head = (
                f"{sig}您好，催款函已寄给您，截至{when}应还{amount}，请在函中期限内还至"
                if greet
                else f"{sig}催款函已寄出，截至{when}应还{amount}，请按期还至"
            )
        text = f"{head}{pay}。{talk}。"
        if text not in out:
            out.append(text)
    return out


def _message(case: Case, claim: Claim, stage: str) -> str:
    """The fullest wording that fits one segment; if none does, the full wording, unless a terser
    one needs fewer segments."""
    variants = _variants(case, claim, stage)
    for text in variants:
        if len(text) <= SEGMENT_SINGLE:
            return text
    full = variants[0]
    best = min(variants, key=lambda t: (segments(t), variants.index(t)))
    return best if segments(best) < segments(full) else full


def reminder_messages(case: Case, claim: Claim) -> list[Reminder]:
    """The reminders (due — only when it still applies —, overdue, after_letter), deterministic."""
    out = []
    for stage in _stages(case, claim):
        text = _message(case, claim, stage)
        out.append(Reminder(stage, text, len(text), segments(text)))
    return out


def sms_text_file(case: Case, claim: Claim, reminders: list[Reminder] | None = None) -> str:
    """The content of 00_提醒短信.txt (UTF-8, LF line ends)."""
    reminders = reminders if reminders is not None else reminder_messages(case, claim)
    lines = [
        f"提醒短信（案件 {case.case_id}，金额暂计至{zh_date(claim.as_of)}）",
        "",
        "发送前请核对：只向债务人本人预留的手机号发送；只在每日08:00至21:00之间发送；保留发送记录和送达回执，"
        "并记入案件的催收记录。短信到达债务人即属向义务人提出履行请求，可中断诉讼时效"
        "（民法典第195条；诉讼时效规定第8条）。",
        "账号只写尾号：短信会显示在锁屏、可能被转发，完整账号见催款函和合同，尾号便于债务人核对、防范冒名收款。",
        "",
    ]
    if "due" not in {r.stage for r in reminders}:
        due = overdue_since(case)
        since = f"（{zh_date(due)}已到期）" if due is not None else ""
        lines += [f"不生成“{STAGES['due']}”短信：截至{zh_date(claim.as_of)}借款已逾期{since}，按期提醒已不适用。", ""]
    for i, r in enumerate(reminders, start=1):
        seg = "1条短信" if r.segments == 1 else f"超过70字，按长短信计{r.segments}条（每条67字）"
        lines.append(f"{i}. {r.label}（{r.chars}字，{seg}）")
        lines.append(r.text)
        lines.append("")
    return "\n".join(lines)
