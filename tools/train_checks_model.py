"""Train the checks' second layer (pipeline/checks/model.py) deterministically.

Reads pipeline/checks/data/corpus_train.jsonl and corpus_train_extra.jsonl (neutral letter
sentences and the lawful texts of tests/checks_corpus/texts.toml) only, never the held-out split; fits a
multinomial logistic regression (scikit-learn, lbfgs, fixed settings) on binary
character + pinyin n-gram features (l2-normalised), and writes the weights as JSON to
pipeline/checks/data/checks_model.json (sorted keys, rounded weights: byte-identical reruns).

    .venv/bin/python tools/train_checks_model.py
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.checks.evaluate import load_corpus  # noqa: E402
from pipeline.checks.model import ALLOW, MODEL_FILE, features  # noqa: E402
from pipeline.checks.normalize import normalize, sentences  # noqa: E402


def samples() -> tuple[list[list[str]], list[str]]:
    X: list[list[str]] = []
    y: list[str] = []
    for row in load_corpus("train") + load_corpus("train_extra"):
        label = row["family"] if row["label"] == "block" else ALLOW
        parts = sentences(row["text"]) or [(0, row["text"])]
        for start, sent in parts:
            X.append(features(normalize(row["text"], start, start + len(sent)).text))
            y.append(label)
    return X, y


def main(out_file: Path = MODEL_FILE) -> None:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    X, y = samples()
    vocab = sorted({f for feats in X for f in feats})
    col = {f: i for i, f in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, feats in enumerate(X):
        v = 1.0 / math.sqrt(len(feats))
        for f in feats:
            rows.append(r)
            cols.append(col[f])
            vals.append(v)
    M = csr_matrix((vals, (rows, cols)), shape=(len(X), len(vocab)))
    clf = LogisticRegression(C=20.0, max_iter=2000, class_weight="balanced")
    clf.fit(M, np.array(y))
    classes = [str(c) for c in clf.classes_]
    weights = {}
    for f, i in col.items():
        w = [round(float(x), 4) for x in clf.coef_[:, i]]
        if any(abs(x) >= 0.01 for x in w):
            weights[f] = w
    out = {
        "classes": classes,
        "intercept": [round(float(x), 4) for x in clf.intercept_],
        "trained_on": "corpus_train.jsonl",
        "samples": len(X),
        "weights": weights,
    }
    out_file.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(X)} sentences, {len(weights)} features, classes {classes} → {out_file}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_FILE)
