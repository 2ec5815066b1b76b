"""The layout pass (pipeline/render/layout.py) on rendered documents, read back as Word XML,
and the signature blocks and letter conventions of the templates."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from pipeline.case import load_case
from pipeline.law.claim import compute_claim
from pipeline.render import FILE_NAMES, docx_paragraphs, render_documents
from pipeline.render.context import document_context
from pipeline.render.engine import render_docx
from pipeline.render.layout import SYMBOL_FONT, signature_tail

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {p.name[:2]: p for p in (ROOT / "sample_cases").iterdir() if (p / "case.json").is_file()}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(blob: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def _text(p: etree._Element) -> str:
    return "".join((t.text or "") if t.tag == f"{W}t" else "-" for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))


def _has(p: etree._Element, tag: str) -> bool:
    return p.find(f"{W}pPr/{W}{tag}") is not None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    out = {}
    for key, case_dir in SAMPLES.items():
        case = load_case(case_dir)
        claim = compute_claim(case)
        d = tmp_path_factory.mktemp(f"r{key}")
        infos = render_documents(case, claim, d)
        out[key] = {i.doc_kind: (d / i.file_name).read_bytes() for i in infos}
    return out


def test_every_table_row_cannot_split(rendered) -> None:
    for key, docs in rendered.items():
        for kind, blob in docs.items():
            rows = list(_body(blob).iter(f"{W}tr"))
            assert rows or kind == "payment_order", (key, kind)
            for tr in rows:
                assert tr.find(f"{W}trPr/{W}cantSplit") is not None, (key, kind, _text(tr)[:30])


def test_signature_block_is_chained_to_the_last_body_paragraph(rendered) -> None:
    for key, docs in rendered.items():
        for kind, blob in docs.items():
            body = _body(blob)
            blocks = [el for el in body if el.tag in (f"{W}p", f"{W}tbl")]
            span = signature_tail(body)
            assert span is not None, (key, kind)
            start, end = span
            tail = blocks[start:end]
            assert any("签" in _text(p) or "盖章" in _text(p) for p in tail), (key, kind)
            for p in tail[:-1]:
                assert _has(p, "keepNext"), (key, kind, _text(p))
            i = start - 1
            while not _text(blocks[i]).strip() and blocks[i].tag == f"{W}p":
                i -= 1
            anchor = blocks[i]
            if anchor.tag == f"{W}p":
                assert _has(anchor, "keepNext") and _has(anchor, "keepLines"), (key, kind, _text(anchor))
            else:  # the body ends with a table: its last row travels with the block
                last = anchor.findall(f"{W}tr")[-1]
                assert all(_has(p, "keepNext") for p in last.iter(f"{W}p")), (key, kind)


def test_headings_and_colon_lines_keep_with_next(rendered) -> None:
    body = _body(rendered["02"]["lawyer_letter"] if "lawyer_letter" in rendered["02"] else rendered["01"]["lawyer_letter"])
    for p in body.iter(f"{W}p"):
        t = _text(p).strip()
        if t.startswith(("一、", "二、", "三、", "四、", "五、")) or t.endswith("："):
            assert _has(p, "keepNext"), t


def test_contract_number_does_not_break_and_reads_back_with_hyphens(rendered) -> None:
    case = load_case(SAMPLES["01"])
    blob = rendered["01"]["lawyer_letter"]
    xml = etree.tostring(_body(blob), encoding="unicode")
    assert "noBreakHyphen" in xml and "MSJK-2025-017" not in xml  # no breakable hyphen left in the token
    # the token is a run of its own: LibreOffice breaks Latin text that shares a run with Chinese anywhere
    runs = ["".join(_text(r) for _ in [0]) for r in _body(blob).iter(f"{W}r")]
    assert case.loan.contract_no in runs
    assert any(case.loan.contract_no in t for t in docx_paragraphs(blob))  # checks and python-docx read "-"
    assert any(case.loan.contract_no in p.text for p in Document(io.BytesIO(blob)).paragraphs)


def test_long_token_and_numbered_lines_are_not_justified(rendered) -> None:
    body = _body(rendered["01"]["instalment_agreement"])
    email_lines = [p for p in body.iter(f"{W}p") if "@" in _text(p)]
    assert email_lines
    for p in email_lines:
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left", _text(p)
    po = _body(rendered["01"]["payment_order"])
    items = [p for p in po.iter(f"{W}p") if _text(p).startswith("1. ")]
    assert items and all(p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left" for p in items)


def test_tick_boxes_get_the_symbol_font(rendered) -> None:
    body = _body(rendered["03"]["complaint"])
    boxes = [r for r in body.iter(f"{W}r") if any(c in _text(r) for c in "☑□")]
    assert boxes
    for r in boxes:
        assert set(_text(r)) <= set("☑☐□☒"), _text(r)  # nothing else in a box run
        assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == SYMBOL_FONT


def test_firm_template_without_the_rules_gets_them(tmp_path) -> None:
    """A firm's own template (plain python-docx, no keep or row properties) is laid out the same way."""
    d = Document()
    d.add_paragraph("正文：{{ doc.creditor.name }}")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "项目", "金额"
    t.cell(1, 0).text, t.cell(1, 1).text = "本金", "{{ claim.totals.principal|money }}"
    d.add_paragraph("此致")
    d.add_paragraph("债权人：{{ doc.creditor.name }}（盖章）")
    d.add_paragraph("{{ doc.date|cndate }}")
    path = tmp_path / "firm.docx"
    d.save(path)
    case = load_case(SAMPLES["01"])
    ctx = document_context(case, compute_claim(case), kind="demand_letter")
    body = _body(render_docx(path, ctx))
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in body.iter(f"{W}tr"))
    ps = body.findall(f"{W}p")
    # the block (此致, signature, date) chained; the anchor before it is the table's last row
    assert [_has(p, "keepNext") for p in ps] == [False, True, True, False]
    last_row = body.findall(f"{W}tbl")[0].findall(f"{W}tr")[-1]
    assert all(_has(p, "keepNext") for p in last_row.iter(f"{W}p"))
    raw = _body(render_docx(path, ctx, layout=False))  # the raw render has none of it
    assert not any(_has(p, "keepNext") for p in raw.iter(f"{W}p"))


# ---------------------------------------------------------------- signature blocks and letters


def _lines(blob: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(blob)).paragraphs if p.text.strip()]


def test_entity_signs_with_seal_and_legal_representative(rendered) -> None:
    lines = _lines(rendered["01"]["demand_letter"])  # creditor: 北京某某商贸有限公司
    case = load_case(SAMPLES["01"])
    assert f"债权人：{case.creditor.name}（盖章）" in lines
    i = lines.index(f"债权人：{case.creditor.name}（盖章）")
    assert lines[i + 1].startswith("法定代表人（签字）：") and lines[i + 2] == "2026年3月31日"


def test_person_signs_only(rendered) -> None:
    case = load_case(SAMPLES["04"])  # creditor: a natural person
    lines = _lines(rendered["04"]["demand_letter"])
    assert f"债权人：{case.creditor.name}（签字）" in lines
    assert not any("法定代表人" in l for l in lines[-4:])


@pytest.mark.parametrize("kind", ["payment_order", "complaint", "interest_statement"])
def test_filing_documents_entity_signature_has_representative_line(rendered, kind) -> None:
    """An organisation files by its seal and its legal representative's signature (民事诉讼法第51条第2款:
    法人由其法定代表人进行诉讼); a natural person signs alone."""
    seen = set()
    for key, docs in rendered.items():
        if kind not in docs:
            continue
        creditor = load_case(SAMPLES[key]).creditor
        lines = _lines(docs[kind])
        tail = lines[-5:]
        i = max(n for n, l in enumerate(lines) if creditor.name in l)
        assert i >= len(lines) - 5, (key, kind, tail)
        if creditor.kind == "organization":
            assert lines[i + 1] == "法定代表人（签字）：　　　　　　", (key, kind, lines[i : i + 3])
        else:
            assert not any("法定代表人" in l or "负责人" in l for l in tail), (key, kind, tail)
        seen.add(creditor.kind)
    assert seen == {"organization", "person"}, (kind, seen)


def test_agreement_signature_block_per_party_kind(rendered) -> None:
    case = load_case(SAMPLES["01"])
    lines = _lines(rendered["01"]["instalment_agreement"])
    tail = lines[lines.index("（以下无正文）") + 1 :]
    assert tail == [
        f"甲方：{case.creditor.name}（盖章）",
        "法定代表人（签字）：　　　　　　",
        f"乙方：{case.debtors[0].name}（签字）",
        "签订日期：2026年3月31日",
    ]


def test_lawyer_letter_conventions(rendered) -> None:
    """law-procedure.md §4(c): firm header, 函号, seal, lawyer's signature, date, enclosures, 共×页."""
    case = load_case(SAMPLES["01"])
    blob = rendered["01"]["lawyer_letter"]
    doc = Document(io.BytesIO(blob))
    header = " ".join(p.text for p in doc.sections[0].first_page_header.paragraphs)
    assert case.lawyer.firm_name in header and case.lawyer.firm_phone in header
    lines = _lines(blob)
    assert "（2026）京某律函字第036号" in lines  # letter_serial 36 is the start of the sequence
    i = lines.index(f"{case.lawyer.firm_name}（盖章）")
    assert lines[i + 1 : i + 4] == [
        f"承办律师：{case.lawyer.lawyer_name}（签字）",
        f"执业证号：{case.lawyer.license_no}",
        "2026年3月31日",
    ]
    assert lines[i + 4] == "附件："
    assert lines[i + 5 : i + 8] == [
        "　　1. 《借款合同》（编号MSJK-2025-017）复印件；",
        "　　2. 银行转账电子回单（2025年6月5日）复印件；",
        "　　3. 借款人还款转账记录（2025年7月5日）复印件。",
    ]
    # 共×页 is a NUMPAGES field (Word and LibreOffice compute it)
    last = doc.paragraphs[-1]._p
    instr = "".join(t.text for t in last.iter(f"{W}instrText"))
    assert instr.strip() == "NUMPAGES" and doc.paragraphs[-1].text.startswith("（本函共") and "附件3份" in doc.paragraphs[-1].text
