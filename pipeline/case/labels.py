"""Chinese labels of the case record's enumerations, and the case's time zone.

One table each, so the contact log reads the same in the limitation explanation,
the compliance findings and the letters.
"""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo

try:  # China has used UTC+8 without DST since 1991; the fixed offset is the fallback.
    from zoneinfo import ZoneInfo

    SHANGHAI: tzinfo = ZoneInfo("Asia/Shanghai")
except Exception:  # pragma: no cover - systems without tz data
    SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

CHANNEL_ZH = {
    "sms": "短信",
    "phone": "电话",
    "letter": "信函",
    "lawyer_letter": "律师函",
    "wechat": "微信",
    "email": "电子邮件",
    "visit": "上门",
    "other": "其他方式",
}

RELATION_ZH = {
    "debtor": "债务人",
    "guarantor": "保证人",
    "emergency_contact": "紧急联系人",
    "family": "家属",
    "employer": "工作单位",
    "colleague": "同事",
    "contact_list": "通讯录联系人",
    "other": "其他第三人",
}

METHOD_ZH = {
    "bank_transfer": "银行转账",
    "cash": "现金",
    "alipay": "支付宝转账",
    "wechat": "微信转账",
    "other": "其他方式",
}


def cited_letter(title: str, letter_no: str | None) -> str:
    """A letter cited by number and title as Chinese legal writing does: （2026）京某律函字第036号《律师函》."""
    return f"{letter_no or ''}《{title}》"
