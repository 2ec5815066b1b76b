"""The result type of every check."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

__all__ = ["Finding", "sort_findings"]


@dataclass(frozen=True)
class Finding:
    """One compliance problem.

    ``where`` locates it ("催款函 第3段", "collection_log[4]", "letters.demand_letter_extra[0]");
    ``text`` is the offending excerpt exactly as written in the input; ``basis`` the legal
    source (current law, Chinese); ``suggestion`` a Chinese rewording or action.
    """

    rule_id: str
    severity: Literal["block", "warn"]
    where: str
    text: str
    basis: str
    suggestion: str
    title: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Drop exact duplicates, keep first-seen order (callers add in document order)."""
    seen: set[Finding] = set()
    out = []
    for f in findings:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out
