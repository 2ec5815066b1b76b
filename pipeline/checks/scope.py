"""Clause scope: negations, anti-fraud notices and reported quotations lift a text-rule hit.

"我们不会联系您的家人" is a promise, "如有人冒充我司要求转账，请报警" is an anti-fraud notice,
"您反映有人称“要去你单位找你领导”" reports another's words: none is the sender threatening
(《银行卡发卡业务风险管理指引》第83条 forbids the act, not its denial). The word lists are
data (``data/scope.toml``). Clauses are split on the original text (，,；：), negation words are
jieba tokens (so 不要脸 or 不还钱 are not negations), and a cancelling word (但、就、否则 …)
between the negation and the hit ends its scope.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalize import Normalized, normalize_plain
from .words import tokenizer

__all__ = ["Scope", "load_scope", "lifted"]

_FILE = Path(__file__).with_name("data") / "scope.toml"
_CLAUSE = re.compile(r"[，,；;：:]")


@dataclass(frozen=True)
class Scope:
    negations: frozenset[str]
    cancel: tuple[str, ...]
    fraud_markers: tuple[str, ...]
    fraud_advice: tuple[str, ...]
    report_verbs: tuple[str, ...]
    quote_pairs: tuple[str, ...]
    rule_ids: frozenset[str]
    adjacent_negations: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_scope() -> Scope:
    data = tomllib.loads(_FILE.read_text(encoding="utf-8"))
    norm = lambda xs: tuple(normalize_plain(x) for x in xs)  # noqa: E731
    return Scope(
        negations=frozenset(data["negations"]),
        cancel=tuple(data["cancel"]),
        fraud_markers=norm(data["fraud_markers"]),
        fraud_advice=norm(data["fraud_advice"]),
        report_verbs=tuple(data["report_verbs"]),
        quote_pairs=tuple(data["quote_pairs"]),
        rule_ids=frozenset(data.get("rule_ids", [])),
        adjacent_negations=tuple(data.get("adjacent_negations", [])),
    )


def _negated(prefix: str, scope: Scope, adjacent: bool = True) -> bool:
    """Whether ``prefix`` (the clause before the hit, normalised) ends inside a negation's scope;
    with ``adjacent``, a bare 不 right before the hit's start counts (不上门, 也不影响…)."""
    if adjacent and prefix.endswith(tuple(scope.adjacent_negations)):
        tail = list(tokenizer().cut(prefix[-3:]))
        if tail and tail[-1] in scope.adjacent_negations:
            return True
    if not any(n in prefix for n in scope.negations):
        return False
    tokens = list(tokenizer().cut(prefix))
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok in scope.cancel:
            return False
        if tok in scope.negations:
            return True
    return False


def is_anti_fraud(sentence_norm: str, scope: Scope | None = None) -> bool:
    s = scope or load_scope()
    return any(m in sentence_norm for m in s.fraud_markers) and any(a in sentence_norm for a in s.fraud_advice)


def _quoted(original: str, pos: int, scope: Scope) -> bool:
    for pair in scope.quote_pairs:
        left, right = pair[0], pair[1]
        a = original.rfind(left, 0, pos + 1) if left != right else -1
        if left == right:
            if original.count(left, 0, pos) % 2 == 1 and right in original[pos:]:
                a = original.rfind(left, 0, pos)
            else:
                continue
        if a < 0:
            continue
        b = original.find(right, a + 1)
        if b < 0 or b < pos:
            continue
        before = normalize_plain(original[:a])
        if any(v in before for v in scope.report_verbs):
            return True
    return False


def _clause_negated(norm: Normalized, at: int, s: Scope, adjacent: bool = True) -> bool:
    """Whether a negation governs normalised offset ``at`` within its clause."""
    pos = norm.index[at]
    original = norm.original
    first = norm.index[0] if norm.index else 0
    clause_start = first
    for m in _CLAUSE.finditer(original, first, pos):
        clause_start = m.end()
    k = at
    while k > 0 and norm.index[k - 1] >= clause_start:
        k -= 1
    prefix_norm = norm.text[k:at]
    return bool(prefix_norm) and _negated(prefix_norm, s, adjacent)


def lifted(norm: Normalized, start: int, rule_id: str, scope: Scope | None = None, end: int | None = None) -> str | None:
    """Why the hit at normalised span [start, end) is lawful ("否定" / "反诈提示" / "引述"), or None.

    A negation counts before the hit's start, or — for a hit spanning clauses such as
    "不还款，我们不会联系您的家人" — before its last character in the last clause."""
    s = scope or load_scope()
    if s.rule_ids and rule_id not in s.rule_ids:
        return None
    if is_anti_fraud(norm.text, s):
        return "反诈提示"
    pos = norm.index[start]
    original = norm.original
    if _quoted(original, pos, s):
        return "引述"
    if _clause_negated(norm, start, s):
        return "否定"
    # inside the hit a bare 不 is its own wording (欠钱不还), not a negation of it
    if end is not None and end - 1 > start and _clause_negated(norm, end - 1, s, adjacent=False):
        return "否定"
    return None
