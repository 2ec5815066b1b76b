"""The ladder of stage samples (tools/make_stage_samples.py, shown by ``make demo``): each derived
case stands where its record says, with the next action and dated documents worked out by hand
from the record and the rules (民法典第二百零三条 for deadlines on rest days)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cuishou

pytestmark = pytest.mark.usefixtures("stage_aware")


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_stage_samples", ROOT / "tools" / "make_stage_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_stage_samples", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, int]:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("stages")
    _generator().write_stage_samples(root)
    out = tmp_path_factory.mktemp("stages-out")
    with pytest.MonkeyPatch.context() as mp:  # the product's default: documents follow the stage
        mp.delenv("CUISHOU_ALL_DOCUMENTS", raising=False)
        r = run_cuishou("batch", root, "--out", out)
    assert r.returncode == 0, r.stdout
    return root, out, r.returncode


# folder → (stage, next action due, kinds of the 01–04 documents built with their dates)
EXPECTED = {
    # 02 without any contact: 催款函 today (2026-03-31), deadline +10 days = Friday 2026-04-10;
    # no lawyer engaged (02 has none); the payment order dated the next working day, Monday 04-13
    "05-not-started": ("not_started", "2026-03-31", {"demand_letter": "2026-03-31", "payment_order": "2026-04-13"}),
    "06-reminded": ("reminded", "2026-03-31", {"demand_letter": "2026-03-31", "payment_order": "2026-04-13"}),
    # 律师函 2026-03-25 with deadline Wednesday 2026-04-08: the complaint from Thursday 04-09
    "07-lawyer-letter-sent": ("lawyer_letter_sent", "2026-04-09", {"complaint": "2026-04-09"}),
    # terms agreed in principle, nothing signed: the agreement draft, dated today
    "08-negotiating": ("negotiating", "2026-03-31", {"instalment_agreement": "2026-03-31", "payment_order": "2026-03-31"}),
    # instalment 1 due 2026-04-15 unpaid on 04-20, within 10 grace days: only a 催款函 for it
    "09-instalment-overdue": ("instalment_overdue", "2026-04-20", {"demand_letter": "2026-04-20"}),
    # acceleration declared 2026-04-28: the payment order on the accelerated balance, dated 05-10
    "10-accelerated": ("instalments_accelerated", "2026-04-28", {"payment_order": "2026-05-10"}),
    # payment order effective 2026-02-05: enforcement is next, nothing is re-filed
    "11-payment-order-effective": ("filed", "2026-03-31", {}),
    # 30,000 repaid on 2026-03-20 against 30,000 owed without interest: nothing to collect
    "12-settled": ("settled", "2026-03-31", {}),
}

LETTERS_AND_FILINGS = {"demand_letter", "lawyer_letter", "instalment_agreement", "payment_order", "complaint"}


def test_every_rung_is_shown_by_status(built) -> None:  # type: ignore[no-untyped-def]
    root, _, _ = built
    r = run_cuishou("status", root, "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    rows = {x["case_id"]: x for x in json.loads(r.stdout)["cases"]}
    assert {k: (rows[k]["stage"], rows[k]["due"]) for k in EXPECTED} == {k: v[:2] for k, v in EXPECTED.items()}


def test_batch_builds_the_documents_of_each_rung(built) -> None:  # type: ignore[no-untyped-def]
    _, out, code = built
    assert code == 0
    for folder, (stage, due, docs) in EXPECTED.items():
        m = json.loads((out / folder / "manifest.json").read_text(encoding="utf-8"))
        assert m["stage"]["stage"] == stage and m["next_action"]["due"] == due, folder
        got = {d["kind"]: d["date"] for d in m["documents"] if d["kind"] in LETTERS_AND_FILINGS}
        assert got == docs, folder
        skipped = {s["kind"] for s in m["skipped_documents"]}
        for kind in ("demand_letter", "lawyer_letter", "instalment_agreement", "filing"):
            made = kind in got or (kind == "filing" and ({"payment_order", "complaint"} & set(got)))
            assert made or kind in skipped, (folder, kind)
    filed = json.loads((out / "11-payment-order-effective" / "manifest.json").read_text(encoding="utf-8"))
    assert "强制执行" in filed["next_action"]["action"] and "第二百五十条" in filed["next_action"]["basis"]
    settled = json.loads((out / "12-settled" / "manifest.json").read_text(encoding="utf-8"))
    assert settled["documents"] == [] and settled["claim"]["total"] == "0.00"
    overview = (out / "案件总览.html").read_text(encoding="utf-8")
    for label in ("未催收", "已提醒", "已发律师函", "协商中", "分期逾期（宽限期内）", "分期违约（已宣布加速到期）", "已立案", "已结清"):
        assert label in overview, label
