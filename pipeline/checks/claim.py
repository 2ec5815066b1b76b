"""Claim-level checks (T3/T13 and limitation) — the extension point for the claim engine.

The claim engine computes the lawful total (民间借贷规定第25–29条、民法典第670条 砍头息) and the
limitation status (民法典第188、195条); this module only compares the values it is given.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from .findings import Finding
from .rules import RuleSet

if TYPE_CHECKING:
    from ..case.models import Case
    from ..law.claim import Claim

__all__ = ["check_claim", "check_claim_texts", "amounts_in_text", "LimitationStatus"]

LimitationStatus = Literal["running", "near", "expired", "unknown"]


def check_claim(
    demanded_total: Decimal,
    lawful_total: Decimal,
    limitation_status: LimitationStatus,
    rules: RuleSet,
    *,
    where: str = "主张金额",
) -> list[Finding]:
    """Compare what a document demands with what the law allows.

    ``demanded_total`` and ``lawful_total`` are Decimal yuan amounts for the same items and
    cut-off date; ``limitation_status`` comes from the limitation calculator.
    """
    if not isinstance(demanded_total, Decimal) or not isinstance(lawful_total, Decimal):
        raise TypeError("demanded_total and lawful_total must be Decimal")
    out: list[Finding] = []
    over = rules.claim_checks.get("over_cap")
    if over and over.enabled and demanded_total > lawful_total:
        excess = demanded_total - lawful_total
        out.append(
            Finding(
                over.id,
                over.severity,
                where,
                f"主张 {demanded_total} 元，依法可主张 {lawful_total} 元，超出 {excess} 元",
                over.basis,
                over.suggestion,
                over.title,
            )
        )
    expired = rules.claim_checks.get("limitation_expired")
    if expired and expired.enabled and limitation_status == "expired":
        out.append(
            Finding(
                expired.id, expired.severity, where, "诉讼时效已届满", expired.basis, expired.suggestion, expired.title
            )
        )
    return out


# An amount in figures with 元/万元 after it: "120,000元", "12万元", "人民币 5000.50 元".
_AMOUNT_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*(万)?\s*元")


def amounts_in_text(text: str) -> list[Decimal]:
    """Money amounts written in figures in a free text (for the over-cap check)."""
    out = []
    for m in _AMOUNT_RE.finditer(normalize_width(text)):
        value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        if m.group(3):
            value *= 10000
        out.append(value)
    return out


def normalize_width(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def check_claim_texts(case: "Case", claim: "Claim", rules: RuleSet) -> list[Finding]:
    """Amounts the case's own texts demand, against the engine's lawful total (T13), plus
    the limitation status (T9 when expired and the texts do not say so).

    A text that names a sum above the lawful total as of the computation date — typically
    the IOU's face amount when interest was withheld (砍头息, 民法典第670条), or interest
    above the cap — is flagged where it stands.
    """
    lawful = claim.totals.total
    out: list[Finding] = []
    texts: list[tuple[str, str]] = []
    for name in ("demand_letter_extra", "lawyer_letter_extra"):
        for i, t in enumerate(getattr(case.letters, name)):
            texts.append((f"letters.{name}[{i}]", t))
    last_payment = max((r.date for r in case.repayments), default=None)
    for i, c in enumerate(case.collection_log):
        # A message sent before a later repayment may rightly name a larger balance.
        if last_payment is not None and c.at.date() <= last_payment:
            continue
        if c.channel in ("sms", "wechat", "email", "letter", "lawyer_letter"):
            texts.append((f"collection_log[{i}].content", c.content))
    for where, text in texts:
        amounts = amounts_in_text(text)
        if amounts and max(amounts) > lawful:
            out += check_claim(max(amounts), lawful, "running", rules, where=where)
    status = claim.limitation.status if claim.limitation is not None else "running"
    out += [f for f in check_claim(lawful, lawful, status, rules) if f.rule_id != "T13"]
    return out
