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
    "11-payment-order-effective": ("filed", "2026-03-31", {"enforcement": "2026-03-31"}),
    # 30,000 repaid on 2026-03-20 against 30,000 owed without interest: nothing to collect
    "12-settled": ("settled", "2026-03-31", {}),
    # suit accepted 2026-02-15, 10,000 repaid 2026-03-10: the claim is changed
    "13-filed-part-paid": ("filed", "2026-03-31", {"amend_claim": "2026-03-31"}),
    # paid in full while the payment order is pending: the application is withdrawn
    "14-paid-during-payment-order": ("settled", "2026-03-31", {"withdrawal": "2026-03-31"}),
    # sample 03 without its 2025-05-12 notice to the guarantor: the notice comes with the 律师函
    "15-guarantor-not-yet-asked": ("demanded", "2025-05-23", {"guarantee_notice": "2026-03-31", "lawyer_letter": "2026-03-31",
                                                              "complaint": "2026-04-13"}),
}

LETTERS_AND_FILINGS = {"demand_letter", "lawyer_letter", "instalment_agreement", "payment_order", "complaint",
                       "guarantee_notice", "amend_claim", "withdrawal", "enforcement"}


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
    # sample 03 itself: the guarantor was asked on 2025-05-12, so no second notice
    m03 = json.loads((out / "07-lawyer-letter-sent" / "manifest.json").read_text(encoding="utf-8"))
    assert any(x["kind"] == "guarantee_notice" and "2025年5月12日" in x["reason"] for x in m03["skipped_documents"])
    overview = (out / "案件总览.html").read_text(encoding="utf-8")
    for label in ("未催收", "已提醒", "已发律师函", "协商中", "分期逾期（宽限期内）", "分期违约（已宣布加速到期）", "已立案", "已结清"):
        assert label in overview, label


def _doc_text(path: Path) -> str:
    from docx import Document

    d = Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def test_documents_after_filing_by_hand(built) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = built
    # 13: 10,000 repaid on 2026-03-10, less than the interest already due then (sample 03's interest to
    # 2026-03-31 is 11,798.56; 21 days at 24% on 40,000 = 552.33 accrue after 03-10, so more than
    # 11,246 was due on 03-10): under 民法典第561条 it pays interest only, and the principal stays 40,000.00
    m = json.loads((out / "13-filed-part-paid" / "manifest.json").read_text(encoding="utf-8"))
    text = _doc_text(out / "13-filed-part-paid" / "07_变更诉讼请求申请书.docx")
    assert "将重庆市渝北区人民法院（2026）渝0112民初1234号一案的诉讼请求变更为" in text
    assert "2026年3月10日还款10,000.00元，共计10,000.00元" in text and "第五十四条" in text
    assert "本金40,000.00元" in text and m["claim"]["principal"] == "40000.00"
    from decimal import Decimal

    from pipeline.money import figures

    assert f"合计人民币{figures(Decimal(m['claim']['total']))}元" in text  # the engine's figure, as the manifest records it
    assert any(d["kind"] == "interest_statement" and d["date"] == "2026-03-31" for d in m["documents"])
    # 14: withdrawal of the payment-order application
    text = _doc_text(out / "14-paid-during-payment-order" / "07_撤诉申请书.docx")
    assert text.splitlines()[0] == "撤回支付令申请书"
    assert "撤回对被申请人陈某的支付令申请（广东省广州市海珠区人民法院（2026）粤0105民督20号）" in text
    assert "2026年3月20日还款30,000.00元" in text and "全部清偿" in text
    # 11: enforcement of the effective payment order
    text = _doc_text(out / "11-payment-order-effective" / "07_强制执行申请书.docx")
    assert ("执行依据：广东省广州市海珠区人民法院（2026）粤0105民督12号支付令（2026年1月12日作出，2026年2月5日发生法律效力）"
            in text)
    assert "给付申请执行人30,000.00元" in text and "第二百六十四条" in text and "第二百五十条" in text
    # 15: 履行保证责任通知书 to the joint guarantor within the agreed period (to 2028-08-15); deadline
    # 2026-03-31 + 10 days = Friday 2026-04-10
    text = _doc_text(out / "15-guarantor-not-yet-asked" / "02_履行保证责任通知书.docx")
    assert text.splitlines()[1] == "周某某："
    assert "保证期间至2028年8月15日" in text and "于2026年4月10日前" in text
    assert "合计人民币51,798.56元" in text and "第六百九十三条第二款" in text
