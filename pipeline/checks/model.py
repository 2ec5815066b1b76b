"""The trained second layer: a character + pinyin n-gram classifier over sentences.

Trained by ``tools/train_checks_model.py`` (scikit-learn logistic regression, fixed seed) on
``data/corpus_train.jsonl`` only; the weights ship as ``data/checks_model.json`` and are read
with the standard library (no network, no scikit-learn at run time). Features are computed on
the normalised text (:mod:`.normalize`): character 1–3-grams and toneless-pinyin 1–2-grams, so
same-sound spellings the look-alike tables do not know still share features with the word.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .normalize import char_pinyin

__all__ = ["MODEL_FILE", "Model", "features", "load_model", "FAMILY_TITLES"]

MODEL_FILE = Path(__file__).with_name("data") / "checks_model.json"
ALLOW = "allow"
FAMILY_TITLES = {
    "threat_workplace": "以到单位、找领导同事相威胁",
    "threat_home": "以上门、到住处相威胁",
    "threat_family": "以骚扰家人、亲属相威胁",
    "threat_violence": "暴力或恐吓",
    "state_organ": "冒用司法、公安机关名义",
    "false_legal": "虚构刑事或其他法律后果",
    "insult": "侮辱、辱骂",
    "disclosure": "向第三人披露、曝光欠款信息",
    "harass": "以频繁联系骚扰相威胁",
}
FAMILY_RULE = {  # the rule id of the nearest rule family (law-money.md §6)
    "threat_workplace": "T7", "threat_home": "T7", "threat_family": "T7", "threat_violence": "T7",
    "state_organ": "T6", "false_legal": "T7", "insult": "T8", "disclosure": "T7", "harass": "T7",
}

#: sentences whose score is kept (a few MB at most)
_SCORE_CACHE = 20_000


def features(norm_text: str) -> list[str]:
    """Feature names of one normalised sentence (sorted, unique)."""
    t = f"^{norm_text}$"
    out = set()
    for n in (1, 2, 3):
        for i in range(len(t) - n + 1):
            out.add("c:" + t[i : i + n])
    syl = ["^"] + [char_pinyin(c) for c in norm_text] + ["$"]
    for i in range(len(syl)):
        out.add("p:" + syl[i])
        if i + 1 < len(syl):
            out.add("p:" + syl[i] + "_" + syl[i + 1])
    return sorted(out)


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    weights: dict[str, list[float]]
    intercept: tuple[float, ...]
    #: score of each sentence seen (bounded): a portfolio's messages come from a few templates,
    #: so most sentences recur from case to case; the score is a pure function of the text
    _scores: dict[str, tuple[float, str]] = field(default_factory=dict, compare=False, repr=False)

    def proba(self, norm_text: str) -> dict[str, float]:
        feats = features(norm_text)
        scale = 1.0 / math.sqrt(len(feats) or 1)
        rows = [w for w in map(self.weights.get, feats) if w is not None]
        # per class: intercept + scale * (sum of the features' weights); zip(*rows) transposes in C
        sums = map(math.fsum, zip(*rows)) if rows else [0.0] * len(self.classes)
        scores = [b + scale * s for b, s in zip(self.intercept, sums)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def score(self, norm_text: str) -> tuple[float, str]:
        """(probability the sentence must be blocked, nearest block family)."""
        hit = self._scores.get(norm_text)
        if hit is not None:
            return hit
        p = self.proba(norm_text)
        family = max((c for c in self.classes if c != ALLOW), key=lambda c: p[c])
        out = (1.0 - p.get(ALLOW, 0.0), family)
        if len(self._scores) >= _SCORE_CACHE:
            self._scores.clear()
        self._scores[norm_text] = out
        return out


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(tuple(data["classes"]), data["weights"], tuple(data["intercept"]))
