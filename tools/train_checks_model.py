"""Train the checks' second layer (pipeline/checks/model.py) deterministically.

Reads pipeline/checks/data/corpus_train.jsonl, corpus_train_extra.jsonl (neutral letter
sentences and the lawful texts of tests/checks_corpus/texts.toml) and corpus_independent_train.jsonl
(260 texts by a writer who never saw the rules) only; never the held-out split, the novel texts or
corpus_independent.jsonl (200 texts by a second such writer, the generalisation figure);
fits the model with pipeline.checks.train.fit (scikit-learn logistic regression, fixed settings)
and writes the weights as JSON to pipeline/checks/data/checks_model.json (sorted keys, rounded
weights: byte-identical reruns).

    .venv/bin/python tools/train_checks_model.py [OUT.json]
    .venv/bin/python tools/train_checks_model.py --cv     # template-grouped cross-validation figures
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.checks.evaluate import format_evaluation, load_corpus  # noqa: E402
from pipeline.checks.model import MODEL_FILE  # noqa: E402
from pipeline.checks.train import fit, grouped_cv  # noqa: E402


def main(out_file: Path = MODEL_FILE) -> None:
    data = fit(load_corpus("train") + load_corpus("train_extra") + load_corpus("independent_train"))
    out = {**data, "trained_on": "corpus_train.jsonl + corpus_train_extra.jsonl + corpus_independent_train.jsonl"}
    out_file.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{data['samples']} sentences, {len(data['weights'])} features, classes {data['classes']} → {out_file}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--cv"]:
        print(format_evaluation(grouped_cv()))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_FILE)
