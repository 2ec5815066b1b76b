"""Lawful-collection checks: rules as data, evasion-robust text matching, contact-log checks.

Public API::

    load_rules(path=None) -> RuleSet            # None → shipped rules.toml; bad file → RulesError
    check_text(text, where, rules, *, context=None) -> list[Finding]
    check_document(paragraphs, doc_label, rules, *, required=(), context=None, lender_category=None)
    check_log(case, rules) -> list[Finding]
    check_case_inputs(case, rules, *, context=None) -> list[Finding]
    check_case(case, *, rules_file=None, rules=None) -> list[Finding]   # for `cuishou check --rules FILE`
    check_claim(demanded_total, lawful_total, limitation_status, rules, *, where="主张金额")

Legal sources: law-money.md §6 (checklists T1–T13, C1–C10), law-procedure.md §3.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .claim import LimitationStatus, check_claim, check_claim_texts
from .findings import Finding
from .log import check_log
from .normalize import normalize
from .rules import DEFAULT_RULES, RuleSet, RulesError, load_rules
from .text import TextContext, check_document, check_text

if TYPE_CHECKING:
    from ..case.models import Case
    from ..law.claim import Claim

__all__ = [
    "DEFAULT_RULES",
    "Finding",
    "LimitationStatus",
    "RuleSet",
    "RulesError",
    "TextContext",
    "check_case",
    "check_case_inputs",
    "check_claim",
    "check_claim_texts",
    "check_document",
    "check_log",
    "check_text",
    "context_for_case",
    "has_block",
    "load_rules",
    "normalize",
]

# Lenders that report to the PBoC credit reference system (征信): banks, consumer-finance
# companies and card issuers. Small-loan companies vary, so they are not assumed to.
_REPORTING_LENDERS = ("bank", "consumer_finance", "card_issuer")


# Filing states in which a case is really pending or decided at court (a number may be cited).
_LIVE_FILING = ("accepted", "order_issued", "objection_filed", "order_effective", "judgment_effective",
                "mediation_effective", "closed")


def context_for_case(case: "Case") -> TextContext:
    """The text context a case supports: its creditor account, whether it reports to 征信, and
    the real court cases of ``case.filings`` (court and case number, accepted or later), so that
    "贵方已被我司起诉，案号（2026）京0112民初123号" about a real filing is not impersonation."""
    return TextContext(
        creditor_reports_credit=case.lender_category in _REPORTING_LENDERS,
        creditor_account_no=case.creditor_account.account_no if case.creditor_account else None,
        real_cases=tuple(
            (f.court, f.case_no) for f in case.filings if f.case_no and f.status in _LIVE_FILING
        ),
    )


def check_case_inputs(case: "Case", rules: RuleSet, *, context: TextContext | None = None) -> list[Finding]:
    """Check the free text a case supplies and its contact log.

    Text rules run on ``letters.demand_letter_extra[*]``, ``letters.lawyer_letter_extra[*]`` and
    the ``content`` of log rows whose channel is listed in ``[log.content].channels`` (C9);
    findings keep the text rule's id (e.g. T7) and are located at ``collection_log[i].content``.
    Then :func:`check_log` runs.
    """
    ctx = context or context_for_case(case)
    out: list[Finding] = []
    for name in ("demand_letter_extra", "lawyer_letter_extra"):
        for i, paragraph in enumerate(getattr(case.letters, name)):
            out += check_text(paragraph, f"letters.{name}[{i}]", rules, context=ctx)
    content = rules.log("content")
    if content:
        for i, contact in enumerate(case.collection_log):
            if contact.channel in content.params["channels"]:
                out += check_text(contact.content, f"collection_log[{i}].content", rules, context=ctx)
    out += check_log(case, rules)
    return out


def check_case(
    case: "Case",
    *,
    rules_file: "Path | str | None" = None,
    rules: RuleSet | None = None,
    claim: "Claim | None" = None,
) -> list[Finding]:
    """``cuishou check``: load the rules (``rules_file`` replaces the shipped defaults) and run
    :func:`check_case_inputs`, then the claim checks (amounts the case's texts demand above the
    engine's lawful total; expired limitation). ``claim`` defaults to ``compute_claim(case)``.
    Raises :class:`RulesError` (a ValueError) for a bad rules file."""
    ruleset = rules if rules is not None else load_rules(rules_file)
    if claim is None:
        from ..law.claim import compute_claim

        claim = compute_claim(case)
    return check_case_inputs(case, ruleset) + check_claim_texts(case, claim, ruleset)


def has_block(findings: list[Finding]) -> bool:
    return any(f.severity == "block" for f in findings)
