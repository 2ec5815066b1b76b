"""Text checks (checklist T5–T11) and required-element checks (T1, T2, T4) for letters.

Source: law-money.md §6.3; law-procedure.md §3. Matching runs on normalised text
(see :mod:`.normalize`), sentence by sentence; the report quotes the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .findings import Finding, sort_findings
from .normalize import Normalized, normalize, normalize_plain, sentences
from .rules import RequiredElement, RuleSet, RulesError, TextRule
from .scope import is_anti_fraud, lifted

__all__ = ["TextContext", "check_text", "check_document", "resolve_required"]

_DIGITS = re.compile(r"\d{8,}")


@dataclass(frozen=True)
class TextContext:
    """Facts that make otherwise-suspicious wording lawful.

    - ``case_number`` + ``court_name``: a real pending case (then 传票, 执行局 … and that
      case number may be mentioned; other case numbers remain flagged).
    - ``creditor_reports_credit``: the creditor really reports to 征信 (banks, consumer-finance
      companies, card issuers), so mentioning 征信 is accurate.
    - ``creditor_account_no``: the creditor's own account; any other account number is flagged.
    """

    case_number: str | None = None
    court_name: str | None = None
    creditor_reports_credit: bool = False
    creditor_account_no: str | None = None
    # every real pending case of the case record: (court, case number), from ``Case.filings``
    real_cases: tuple[tuple[str, str], ...] = ()

    @property
    def has_real_case(self) -> bool:
        return bool(self.case_number and self.case_number.strip() and self.court_name and self.court_name.strip()) or bool(
            self.real_cases
        )

    def real_case_numbers(self) -> set[str]:
        """Normalised case numbers of the real cases (for comparing with a number in a text)."""
        out = {normalize_plain(no) for _, no in self.real_cases}
        if self.case_number and self.court_name:
            out.add(normalize_plain(self.case_number))
        return out


def _gate_allows(rule: TextRule, hit: str, ctx: TextContext | None) -> bool:
    if rule.allow_if is None or ctx is None:
        return False
    if rule.allow_if == "real_case":
        return ctx.has_real_case
    if rule.allow_if == "real_case_number":
        return hit in ctx.real_case_numbers()
    if rule.allow_if == "creditor_reports_credit":
        return ctx.creditor_reports_credit
    if rule.allow_if == "creditor_account":
        if not ctx.creditor_account_no:
            return False
        own = re.sub(r"\D", "", ctx.creditor_account_no)
        found = _DIGITS.findall(hit)
        return bool(found) and all(d == own for d in found)
    return False


def _rule_spans(rule: TextRule, norm: Normalized, ctx: TextContext | None) -> list[tuple[int, int]]:
    if rule.allow_if == "creditor_account" and ctx is None:
        return []  # nothing known about the creditor's account: an account number cannot be judged
    text = norm.text
    if rule.any_pattern is not None and rule.any_pattern.search(text) is None:
        return []
    spans = {(m.start(), m.end()) for p in rule.patterns for m in p.finditer(text) if m.end() > m.start()}
    if not spans:
        return []
    allowed = [(m.start(), m.end()) for p in rule.allow for m in p.finditer(text)]
    kept = []
    for s, e in sorted(spans):
        if any(a <= s < b for a, b in allowed):  # an allow match covering the hit's start
            continue
        if _gate_allows(rule, text[s:e], ctx):
            continue
        if rule.severity == "block" and lifted(norm, s, rule.id, end=e):
            continue  # negated, anti-fraud notice or reported quotation (scope.py)
        kept.append((s, e))
    return kept


def _sentence_hits(rules: RuleSet, norm: Normalized, ctx: TextContext | None) -> list[tuple[int, int, TextRule]]:
    """Hits in one sentence; overlapping hits of the same rule id are merged (first rule wins)."""
    by_id: dict[str, list[tuple[int, int, int, TextRule]]] = {}
    for order, rule in enumerate(rules.text_rules):
        for s, e in _rule_spans(rule, norm, ctx):
            by_id.setdefault(rule.id, []).append((s, e, order, rule))
    out: list[tuple[int, int, TextRule]] = []
    for hits in by_id.values():
        hits.sort(key=lambda h: (h[0], -h[1], h[2]))
        cur: list = []
        for s, e, order, rule in hits:
            if cur and s < cur[1]:
                cur[1] = max(cur[1], e)
                continue
            if cur:
                out.append((cur[0], cur[1], cur[2]))
            cur = [s, e, rule]
        if cur:
            out.append((cur[0], cur[1], cur[2]))
    return out


_ML_BASIS = (
    "第二层（训练模型）判断：该句与语料中的违规催收表述相近。依据同最接近的规则类别："
    "《银行卡发卡业务风险管理指引》（2024修订）第83条、《银行保险机构消费者权益保护管理办法》禁止以暴力、威胁、"
    "恐吓、侮辱、冒用司法机关名义、向第三人披露等方式催收；刑法第293条之一（催收非法债务罪）。"
)


def _model_finding(rules: RuleSet, norm: Normalized, where: str, ctx: TextContext | None) -> Finding | None:
    """The trained layer on one sentence the rules did not block (see model.py)."""
    settings = rules.classifier
    if not settings.enabled or not norm.text:
        return None
    if ctx is not None and any(no and no in norm.text for no in ctx.real_case_numbers()):
        return None  # a sentence about the real pending case is judged by the rules (T6 gates) only
    if is_anti_fraud(norm.text):
        return None
    from .model import FAMILY_RULE, FAMILY_TITLES, load_model

    score, family = load_model().score(norm.text)
    if score < settings.warn_threshold:
        return None
    severity = "block" if score >= settings.block_threshold else "warn"
    title = f"疑似{FAMILY_TITLES.get(family, family)}（模型判断，得分 {score:.2f}，最接近 {FAMILY_RULE.get(family, '')}）"
    suggestion = (
        "模型认为该句可能属于违规催收表述，请人工复核；如确属合法表述（如否定、反诈提示、真实案件），"
        "可改写得更明确，或在规则文件 [classifier] 中调整阈值。"
    )
    return Finding(f"ML.{family}", severity, where, norm.original[norm.index[0] : norm.index[-1] + 1], _ML_BASIS, suggestion, title)  # type: ignore[arg-type]


def check_text(text: str, where: str, rules: RuleSet, *, context: TextContext | None = None) -> list[Finding]:
    """Run the text rules (T5–T11 by default) over ``text``; ``where`` labels the findings.

    Sentences no rule blocked are then scored by the trained layer (model.py): at least
    ``[classifier].block_threshold`` → a ``ML.<family>`` block ("疑似…"), at least
    ``warn_threshold`` → a warning. A rule finding's layer is its rule id (T…); the model's is ML.
    """
    found: list[tuple[int, int, Finding]] = []
    for start, sentence in sentences(text):
        norm = normalize(text, start, start + len(sentence))
        hits = _sentence_hits(rules, norm, context)
        if not any(rule.severity == "block" for _, _, rule in hits):
            ml = _model_finding(rules, norm, where, context)
            # where a rule already warned, the model may only raise it to a block
            if ml is not None and (not hits or ml.severity == "block"):
                found.append((norm.index[0], len(rules.text_rules), ml))
        for s, e, rule in hits:
            excerpt = norm.excerpt(s, e)
            order = rules.text_rules.index(rule)
            found.append(
                (
                    norm.index[s],
                    order,
                    Finding(rule.id, rule.severity, where, excerpt, rule.basis, rule.suggestion, rule.title),
                )
            )
    found.sort(key=lambda t: (t[0], t[1]))
    return sort_findings([f for _, _, f in found])


def resolve_required(rules: RuleSet, required: Iterable[str]) -> list[RequiredElement]:
    """Element names, or rule ids meaning every element of that id marked ``with_id``."""
    out: list[RequiredElement] = []
    for want in required:
        named = [r for r in rules.required if r.name == want]
        if not named:
            named = [r for r in rules.required if r.id == want and r.with_id]
        if not named:
            known = "、".join(r.name for r in rules.required) or "（无）"
            raise RulesError(f"未定义的必备要素：{want}（规则文件中定义的有：{known}）", "required", rules.source)
        out.extend(r for r in named if r not in out)
    return out


def check_document(
    paragraphs: Sequence[str],
    doc_label: str,
    rules: RuleSet,
    *,
    required: Iterable[str] = (),
    context: TextContext | None = None,
    lender_category: str | None = None,
) -> list[Finding]:
    """Check a generated letter: text rules on every paragraph, then required elements.

    ``required`` lists element names (e.g. "sender", "amount") or rule ids ("T1", "T2", "T4").
    An element is present if each of its pattern groups matches somewhere in the document
    (支付清算协会《银行卡发卡业务风险管理指引》第84条 for the disclosures of T2/T4).
    """
    findings: list[Finding] = []
    for i, paragraph in enumerate(paragraphs):
        findings += check_text(paragraph, f"{doc_label} 第{i + 1}段", rules, context=context)
    texts = [normalize(p).text for p in paragraphs]
    for element in resolve_required(rules, required):
        present = all(any(p.search(t) for p in group for t in texts) for group in element.all_of)
        if present:
            continue
        severity = "block" if lender_category and lender_category in element.block_for else element.severity
        findings.append(
            Finding(
                element.id,
                severity,  # type: ignore[arg-type]
                doc_label,
                f"缺少：{element.title}",
                element.basis,
                element.suggestion,
                element.title,
            )
        )
    return sort_findings(findings)
