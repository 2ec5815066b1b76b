"""Evidence labelled by its form (民事诉讼法第66条; 证据规定第14–15条, 第93–94条): the index's 原件/复印件
column, the filing's evidence list, and the warnings a court would raise."""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from conftest import SAMPLES, read_case_json
from pipeline.build import BuildOptions, build_case
from pipeline.case import parse_case
from pipeline.case.evidence import evidence_warnings, form_label, form_note
from pipeline.case.validate import case_warnings

S01 = SAMPLES / "01-company-loan-instalments"
S03 = SAMPLES / "03-consumer-finance-guarantor"


def _case(folder: Path, change=None):  # type: ignore[no-untyped-def]
    data = read_case_json((folder / "case.json").read_text(encoding="utf-8"))
    if change:
        change(data)
    return parse_case(copy.deepcopy(data))


def test_labels_by_form() -> None:
    case = _case(S01)
    by_id = {e.id: e for e in case.evidence}
    assert form_label(by_id["E2"]) == "原件"  # the signed contract
    assert form_label(by_id["E10"]) == "复印件"
    assert form_label(by_id["E3"]) == "电子数据打印件"  # an online-banking receipt
    assert form_label(by_id["E6"]) == "视听资料整理稿"  # a call recording's transcript
    assert form_note(by_id["E6"]) == "视听资料，提交文字整理稿，原始载体：出借人财务人员手机中的通话录音原始文件"


def test_warnings_a_court_would_raise() -> None:
    texts = [t for _, t in evidence_warnings(_case(S01))]
    # WeChat chat without the other side's profile page
    assert any(t.startswith("E9“微信聊天记录截图") and "个人信息页" in t for t in texts)
    # no warning for a recording whose carrier is named
    assert not any(t.startswith("E6") for t in texts)

    def drop_carrier(data):  # type: ignore[no-untyped-def]
        next(e for e in data["evidence"] if e["id"] == "E6").pop("carrier")

    texts = [t for _, t in evidence_warnings(_case(S01, drop_carrier))]
    assert any(t.startswith("E6") and "原始载体" in t and "第15条第1款" in t for t in texts)
    # the consumer-finance lender's own system records (放款凭证, 还款明细)
    paths = [p for p, _ in evidence_warnings(_case(S03))]
    assert paths == ["evidence[3].self_generated", "evidence[4].self_generated"]
    assert any("第93、94条" in p.message for p in case_warnings(_case(S03)))


def test_index_and_filing_show_the_form(tmp_path: Path) -> None:
    m = build_case(S01, tmp_path, BuildOptions(only=("bundle", "filing")))
    bundle = next(d for d in m.documents if d.kind == "evidence_bundle")
    index = "".join((PdfReader(str(tmp_path / m.case_id / bundle.file)).pages[0].extract_text() or "").split())
    for label in ("电子数据打印件", "视听资料整理稿", "原件", "复印件"):
        assert label in index, label
    filing = next(d for d in m.documents if d.kind in ("payment_order", "complaint"))
    text = "\n".join(p.text for p in Document(str(tmp_path / m.case_id / filing.file)).paragraphs)
    assert "证据6：2025年9月15日通话录音文字整理" in text
    assert "视听资料，提交文字整理稿，原始载体：出借人财务人员手机中的通话录音原始文件" in text
    codes = {n.code for n in m.notices}
    assert "W_EVIDENCE_WECHAT" in codes
