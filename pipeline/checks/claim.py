"""Claim-level checks (T3/T13 and limitation) — the extension point for the claim engine.

The claim engine computes the lawful total (民间借贷规定第25–29条、民法典第670条 砍头息) and the
limitation status (民法典第188、195条); this module only compares the values it is given.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .findings import Finding
from .rules import RuleSet

__all__ = ["check_claim", "LimitationStatus"]

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
