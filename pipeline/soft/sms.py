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

Length: one SMS segment holds 70 characters (UCS-2); longer messages are sent as concatenated
segments of 67 characters each. The shortest wording that still carries every element is
chosen only when the full one is over 70.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..case.models import Case, Person
from ..law.claim import Claim
from ..money import figures, zh_date

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


def _variants(case: Case, claim: Claim, stage: str) -> list[str]:
    """Wordings from the fullest to the tersest; each step drops one nicety, never an element
    (amount, date, account, contact, the offer to talk)."""
    sig = f"【{_signature(case)}】"
    self_ref = "本人" if isinstance(case.creditor, Person) else "本公司"
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
        amount = (figures(claim.totals.total) if commas else f"{claim.totals.total:.2f}") + "元"
        when = zh_date(claim.as_of) if year else f"{claim.as_of.month}月{claim.as_of.day}日"
        if acct is not None:
            pay = f"{self_ref}{acct.bank if bank else ''}账户（{mask_account(acct.account_no)}）"
        else:
            pay = f"{self_ref}名下账户（付款前请先来电核实）"
        trouble = "如有异议或困难" if stage == "after_letter" else "如有困难"
        if phone:
            talk = f"{trouble}请致电{phone}与我们协商" if talk_long else f"{trouble}请致电{phone}协商"
        else:
            talk = f"{trouble}请回复本短信与我们协商" if talk_long else f"{trouble}请回复协商"
        if stage == "due":
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
    """The three reminders (due, overdue, after_letter), deterministic."""
    out = []
    for stage in STAGES:
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
        "并记入案件的催收记录（collection_log）。短信到达债务人即属向义务人提出履行请求，可中断诉讼时效"
        "（民法典第195条；诉讼时效规定第8条）。",
        "账号只写尾号：短信会显示在锁屏、可能被转发，完整账号见催款函和合同，尾号便于债务人核对、防范冒名收款。",
        "",
    ]
    for i, r in enumerate(reminders, start=1):
        seg = "1条短信" if r.segments == 1 else f"超过70字，按长短信计{r.segments}条（每条67字）"
        lines.append(f"{i}. {r.label}（{r.chars}字，{seg}）")
        lines.append(r.text)
        lines.append("")
    return "\n".join(lines)
