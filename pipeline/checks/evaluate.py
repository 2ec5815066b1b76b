"""Measure the text checks on the project's labelled corpus (``cuishou check --evaluate``).

Block precision/recall over the whole split, recall per rule family and per evasion family,
and the lawful texts that were blocked. The default split is the held-out one, which the
classifier's training script never reads (tools/train_checks_model.py uses corpus_train.jsonl).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .rules import RuleSet, load_rules
from .text import TextContext, check_text

__all__ = ["CORPUS_DIR", "Evaluation", "load_corpus", "evaluate", "format_evaluation"]

CORPUS_DIR = Path(__file__).with_name("data")


def load_corpus(split: str = "heldout") -> list[dict]:
    """Rows of ``data/corpus_<split>.jsonl``: heldout (never trained on), train, train_extra,
    novel (35 out-of-template texts), independent_train (trained on) and independent (200 texts
    by a writer who saw neither the rules nor the corpus; never trained on)."""
    path = CORPUS_DIR / f"corpus_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def context_for_row(row: dict) -> TextContext:
    return TextContext(
        case_number=row.get("case_no"),
        court_name=row.get("court"),
        creditor_reports_credit=bool(row.get("reports_credit")),
    )


@dataclass
class Evaluation:
    split: str
    total: int
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_family: dict[str, list[int]] = field(default_factory=dict)  # family → [caught, total]
    by_evasion: dict[str, list[int]] = field(default_factory=dict)
    by_layer: dict[str, int] = field(default_factory=dict)
    lawful_blocked: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_dict(self) -> dict:
        return {
            "split": self.split,
            "texts": self.total,
            "block_precision": round(self.precision, 4),
            "block_recall": round(self.recall, 4),
            "lawful_blocked": len(self.lawful_blocked),
            "recall_by_family": {k: round(c / n, 4) for k, (c, n) in sorted(self.by_family.items())},
            "recall_by_evasion": {k: round(c / n, 4) for k, (c, n) in sorted(self.by_evasion.items())},
            "counts_by_family": {k: v for k, v in sorted(self.by_family.items())},
            "counts_by_evasion": {k: v for k, v in sorted(self.by_evasion.items())},
            "blocks_by_layer": dict(sorted(self.by_layer.items())),
        }


def evaluate(split: str = "heldout", rules: RuleSet | None = None, rows: list[dict] | None = None) -> Evaluation:
    """Run :func:`check_text` on every corpus row; a row is predicted *block* if any finding blocks."""
    ruleset = rules or load_rules()
    data = rows if rows is not None else load_corpus(split)
    ev = Evaluation(split=split, total=len(data))
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    eva: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in data:
        findings = check_text(row["text"], "corpus", ruleset, context=context_for_row(row))
        blocks = [f for f in findings if f.severity == "block"]
        blocked = bool(blocks)
        for f in blocks[:1]:
            layer = "classifier" if f.rule_id.startswith("ML") else "rules"
            ev.by_layer[layer] = ev.by_layer.get(layer, 0) + 1
        if row["label"] == "block":
            fam[row["family"]][1] += 1
            eva[row["evasion"]][1] += 1
            if blocked:
                ev.tp += 1
                fam[row["family"]][0] += 1
                eva[row["evasion"]][0] += 1
            else:
                ev.fn += 1
                ev.missed.append(row["text"])
        elif blocked:
            ev.fp += 1
            ev.lawful_blocked.append(f"{row['text']}  ← {blocks[0].rule_id} {blocks[0].text}")
    ev.by_family = dict(fam)
    ev.by_evasion = dict(eva)
    return ev


def format_evaluation(ev: Evaluation) -> str:
    """Chinese report for the terminal."""
    lines = [
        f"语料：{ev.split}（{ev.total} 条）",
        f"阻止类 精确率 {ev.precision:.3f}，召回率 {ev.recall:.3f}；合法文本被阻止 {len(ev.lawful_blocked)} 条",
        "按规则类别的召回率：",
    ]
    for k, (c, n) in sorted(ev.by_family.items()):
        lines.append(f"  {k}: {c}/{n} = {c / n:.3f}")
    lines.append("按规避方式的召回率：")
    for k, (c, n) in sorted(ev.by_evasion.items()):
        lines.append(f"  {k}: {c}/{n} = {c / n:.3f}")
    if ev.by_layer:
        lines.append("阻止来源：" + "，".join(f"{k} {v}" for k, v in sorted(ev.by_layer.items())))
    for t in ev.lawful_blocked:
        lines.append(f"  误阻止：{t}")
    return "\n".join(lines)
