"""Fitting the trained layer (needs scikit-learn; never imported at check time).

``fit(rows)`` returns the JSON-ready model; ``tools/train_checks_model.py`` writes it for the
package. ``grouped_cv(folds)`` measures generalisation to *unseen wordings*: the training split's
rows are grouped by the base text they derive from (``template``), each fold's templates are
held out together (all their fillings and evasion variants), a model is fitted on the rest and
the full two-layer check runs on the fold — a stricter figure than the held-out split, whose
rows share templates with training.
"""

from __future__ import annotations

import math
from typing import Any

from .model import ALLOW, Model, features
from .normalize import normalize, sentences

__all__ = ["fit", "grouped_cv"]


def _samples(rows: list[dict]) -> tuple[list[list[str]], list[str]]:
    X: list[list[str]] = []
    y: list[str] = []
    for row in rows:
        label = row["family"] if row["label"] == "block" else ALLOW
        for start, sent in sentences(row["text"]) or [(0, row["text"])]:
            X.append(features(normalize(row["text"], start, start + len(sent)).text))
            y.append(label)
    return X, y


def fit(rows: list[dict]) -> dict[str, Any]:
    """Multinomial logistic regression (lbfgs, C=20, balanced classes) on binary l2-normalised
    character + pinyin n-gram features; weights rounded to 4 decimals (byte-identical reruns)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    X, y = _samples(rows)
    vocab = sorted({f for feats in X for f in feats})
    col = {f: i for i, f in enumerate(vocab)}
    r_idx, c_idx, vals = [], [], []
    for r, feats in enumerate(X):
        v = 1.0 / math.sqrt(len(feats))
        for f in feats:
            r_idx.append(r)
            c_idx.append(col[f])
            vals.append(v)
    M = csr_matrix((vals, (r_idx, c_idx)), shape=(len(X), len(vocab)))
    clf = LogisticRegression(C=20.0, max_iter=2000, class_weight="balanced")
    clf.fit(M, np.array(y))
    weights = {}
    for f, i in col.items():
        w = [round(float(x), 4) for x in clf.coef_[:, i]]
        if any(abs(x) >= 0.01 for x in w):
            weights[f] = w
    return {
        "classes": [str(c) for c in clf.classes_],
        "intercept": [round(float(x), 4) for x in clf.intercept_],
        "samples": len(X),
        "weights": weights,
    }


def grouped_cv(folds: int = 5):  # -> Evaluation
    """Template-grouped cross-validation on the training split (the held-out split is untouched)."""
    from . import model as model_mod
    from .evaluate import Evaluation, evaluate, load_corpus

    rows = load_corpus("train")
    extra = load_corpus("train_extra")
    templates = sorted({r.get("template", r["text"]) for r in rows})
    fold_of = {t: i % folds for i, t in enumerate(templates)}
    total = Evaluation(split=f"grouped-cv-{folds}", total=0)
    original = model_mod.load_model
    try:
        for k in range(folds):
            train = [r for r in rows if fold_of[r.get("template", r["text"])] != k] + extra
            test = [r for r in rows if fold_of[r.get("template", r["text"])] == k]
            data = fit(train)
            m = Model(tuple(data["classes"]), data["weights"], tuple(data["intercept"]))
            model_mod.load_model = lambda path=None, _m=m: _m  # type: ignore[assignment]
            ev = evaluate(total.split, rows=test)
            total.total += ev.total
            total.tp += ev.tp
            total.fp += ev.fp
            total.fn += ev.fn
            total.lawful_blocked += ev.lawful_blocked
            total.missed += ev.missed
            for src, dst in ((ev.by_family, total.by_family), (ev.by_evasion, total.by_evasion)):
                for key, (c, n) in src.items():
                    acc = dst.setdefault(key, [0, 0])
                    acc[0] += c
                    acc[1] += n
            for key, n in ev.by_layer.items():
                total.by_layer[key] = total.by_layer.get(key, 0) + n
    finally:
        model_mod.load_model = original  # type: ignore[assignment]
    return total
