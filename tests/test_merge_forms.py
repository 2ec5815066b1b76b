"""A case's forms converted as one LibreOffice document and split back (pipeline/efiling/merge.py,
issue 18): the same pages and text as converting them one by one, and a safe refusal where the
merge could change the layout."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from conftest import BASE_SAMPLE, sample_case_dirs
from pipeline.build import BuildOptions, build_case, load_for_build
from pipeline.efiling import libreoffice_available, pdf_problems, warm
from pipeline.efiling.convert import convert_docx
from pipeline.efiling.forms import forms_for, render_form
from pipeline.efiling.merge import merge_forms, split_pdf
from pipeline.law.claim import compute_claim

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

needs_warm = pytest.mark.skipif(
    libreoffice_available() is None or warm.uno_python() is None,
    reason="LibreOffice 或 python3-uno 未安装（make sysdeps）",
)


def _forms(case_dir: Path = BASE_SAMPLE) -> tuple[list, list[bytes]]:
    case = load_for_build(case_dir)
    claim = compute_claim(case)
    specs, _ = forms_for(case, claim)
    return specs, [render_form(case, claim, s) for s in specs]


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def _with_part(data: bytes, name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for n in src.namelist():
            dst.writestr(n, text.encode("utf-8") if n == name else src.read(n))
    return out.getvalue()


def _page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


# ---------------------------------------------------------------- the merged .docx (no LibreOffice)

def test_sample_forms_merge_with_each_form_its_own_section_and_style_sheet() -> None:
    specs, datas = _forms()
    titles = [s.title for s in specs]
    assert {"法定代表人身份证明书", "授权委托书", "律师事务所函", "送达地址确认书"} <= set(titles)
    merged = merge_forms(datas)
    assert merged is not None
    assert sorted(merged.order) == list(range(len(datas)))  # every form joins
    # 送达地址确认书 ends with its table: it can only be the last section
    assert titles[merged.order[-1]] == "送达地址确认书"

    doc = Document(io.BytesIO(merged.data))
    assert len(doc.sections) == len(datas)
    body = doc.element.body
    sects = body.findall(f".//{W}sectPr")
    assert len(sects) == len(datas)
    for sect in sects:  # every form's pages are numbered from 1, as in its own file
        num = sect.find(f"{W}pgNumType")
        assert num is not None and num.get(f"{W}start") == "1"
    marks = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert marks == list(merged.marks)

    # the text of every form, in the merged order
    merged_text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    at = [merged_text.find(Document(io.BytesIO(datas[i])).paragraphs[0].text) for i in merged.order]
    assert -1 not in at and at == sorted(at)

    # the dense forms (授权委托书, 送达地址确认书) set exact 26 pt lines in Normal, the others 28 pt:
    # in the merged file each keeps its own, under a name of its own
    styles = _part(merged.data, "word/styles.xml")
    normal_lines = {}
    for i, data in enumerate(datas):
        own = _part(data, "word/styles.xml")
        normal_lines[i] = re.search(r'w:styleId="Normal">.*?w:line="(\d+)"', own).group(1)
    assert set(normal_lines.values()) == {"520", "560"}  # the templates really differ
    base = merged.order[0]
    for i in merged.order[1:]:
        if normal_lines[i] == normal_lines[base]:
            assert f'w:styleId="Normal-cuishou{i}"' not in styles
            continue
        m = re.search(rf'w:styleId="Normal-cuishou{i}">.*?w:line="(\d+)"', styles)
        assert m and m.group(1) == normal_lines[i]
        assert re.search(rf'w:styleId="正文-cuishou{i}">.*?<w:basedOn w:val="Normal-cuishou{i}"/>', styles)
    # Normal stays the base form's, once
    assert styles.count('w:styleId="Normal"') == 1
    assert re.search(r'w:styleId="Normal">.*?w:line="(\d+)"', styles).group(1) == normal_lines[base]

    # paragraphs of a renamed form point at its own styles, unstyled ones at its own Normal
    for n, i in enumerate(merged.order):
        if normal_lines[i] == normal_lines[base]:
            continue
        mark = merged.marks[n]
        para = next(p for p in body.iter(f"{W}p") if any(b.get(f"{W}name") == mark for b in p.iter(f"{W}bookmarkStart")))
        style = para.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        assert style.endswith(f"-cuishou{i}")


def test_forms_that_the_merge_cannot_keep_apart_are_not_merged() -> None:
    _, datas = _forms()
    assert merge_forms(datas[:1]) is None  # nothing to merge

    # a field counting the pages would count the merged document's
    doc = _part(datas[1], "word/document.xml")
    counted = re.sub(r"(<w:sectPr)", r'<w:p><w:fldSimple w:instr=" NUMPAGES "/></w:p>\1', doc, count=1)
    odd = _with_part(datas[1], "word/document.xml", counted)
    merged = merge_forms([datas[0], odd])
    assert merged is None

    # different settings (e.g. mirrored margins) cannot share one document
    settings = _part(datas[1], "word/settings.xml").replace("<w:defaultTabStop", "<w:mirrorMargins/><w:defaultTabStop", 1)
    assert "mirrorMargins" in settings
    assert merge_forms([datas[0], _with_part(datas[1], "word/settings.xml", settings)]) is None

    # a form without the footer the others have would inherit the previous form's page numbers
    bare = re.sub(r'<w:footerReference [^>]*/>', "", doc, count=1)
    assert bare != doc
    assert merge_forms([datas[0], _with_part(datas[1], "word/document.xml", bare)]) is None

    # a form with sections of its own (their footer references would point into another form)
    two = re.sub(r"(<w:body[^>]*>\s*)(<w:p[ >])", r'\1<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>\2',
                 doc, count=1)
    assert two != doc
    assert merge_forms([datas[0], _with_part(datas[1], "word/document.xml", two)]) is None

    # two forms ending with a table: only one of them can be the last section
    specs, _ = _forms()
    last_table = [i for i, s in enumerate(specs) if s.title == "送达地址确认书"][0]
    merged = merge_forms([datas[last_table], datas[0], datas[last_table]])
    assert merged is not None and merged.order == (1, 0)


def test_a_pdf_without_the_marks_is_not_split(tmp_path: Path) -> None:
    if libreoffice_available() is None:
        pytest.skip("LibreOffice 未安装")
    _, datas = _forms()
    merged = merge_forms(datas)
    assert merged is not None
    src = tmp_path / "merged.docx"
    src.write_bytes(merged.data)
    pdf = convert_docx([src], tmp_path / "pdf")[src]  # LibreOffice's default export: no destinations
    saved: list[int] = []
    assert split_pdf(pdf, merged, lambda i, part: saved.append(i)) is False
    assert saved == []


# ---------------------------------------------------------------- the e-filing set, merged vs one by one

def _efiling_pdfs(out: Path) -> dict[str, Path]:
    return {p.relative_to(out).as_posix(): p for p in sorted(out.glob("*/efiling/*.pdf"))}


@pytest.fixture(scope="module")
def cold_sets(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Every sample's e-filing set converted one document at a time (one-shot LibreOffice)."""
    if libreoffice_available() is None:
        pytest.skip("LibreOffice 未安装")
    out = tmp_path_factory.mktemp("cold")
    warm.disable_for_process()
    for sample in sample_case_dirs():
        build_case(sample, out, BuildOptions(efiling=True))
    return out


def _forms_a_case(out: Path) -> list[int]:
    """The number of forms (Word drafts in efiling/) of every case that has an e-filing set."""
    return [len(list(m.parent.glob("*.docx"))) for m in sorted(out.glob("*/efiling/manifest.json"))]


def _warm_sets(out: Path) -> int:
    """Build the samples' e-filing sets through a warm LibreOffice; how many documents it converted."""
    warm.enable_for_process()
    try:
        for sample in sample_case_dirs():
            build_case(sample, out, BuildOptions(efiling=True))
        conv = warm.active_converter()
        assert conv is not None and conv.restarts == 0
        return conv.documents
    finally:
        warm.disable_for_process()


@needs_warm
def test_merged_forms_give_the_same_pages_text_and_properties_as_one_by_one(tmp_path: Path, cold_sets: Path) -> None:
    documents = _warm_sets(tmp_path)
    forms_a_case = _forms_a_case(tmp_path)
    cases = len(forms_a_case)
    assert cases >= 3 and sum(n >= 2 for n in forms_a_case) >= 2
    # the filing draft, and the forms as one document where there are two or more
    assert documents == sum(1 + min(n, 1) for n in forms_a_case)

    hot, cold = _efiling_pdfs(tmp_path), _efiling_pdfs(cold_sets)
    assert sorted(hot) == sorted(cold)
    forms = [k for k in hot if re.search(r"/0[3-6]_", k)]
    assert len(forms) >= sum(forms_a_case) - cases  # 法定代表人身份证明书 is a page of 03_当事人身份证明
    for name in hot:
        a, b = _page_texts(cold[name]), _page_texts(hot[name])
        assert len(a) == len(b), (name, len(a), len(b))
        for i, (ta, tb) in enumerate(zip(a, b), start=1):
            assert ta == tb, f"{name} 第{i}页文字不同"
        assert pdf_problems(hot[name]) == [], name
        with pikepdf.open(cold[name]) as pc, pikepdf.open(hot[name]) as ph:
            for key in ("/Title", "/Author", "/Creator", "/Producer", "/CreationDate"):
                assert str(pc.docinfo.get(key)) == str(ph.docinfo.get(key)), (name, key)
            for a_page, b_page in zip(pc.pages, ph.pages):  # same paper, nothing sideways
                assert [float(x) for x in a_page.mediabox] == [float(x) for x in b_page.mediabox]
                assert int(a_page.obj.get("/Rotate", 0)) == int(b_page.obj.get("/Rotate", 0))
    manifests = sorted(tmp_path.glob("*/efiling/manifest.json"))
    assert len(manifests) == cases
    for m in manifests:  # the merged file never reaches the user
        assert "cuishou-forms" not in m.read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("cuishou-forms*"))


@needs_warm
def test_when_the_merged_pdf_cannot_be_split_the_forms_are_converted_one_by_one(
        tmp_path: Path, cold_sets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.efiling as efiling

    monkeypatch.setattr(efiling, "PDF_FILTER", {})  # LibreOffice then writes no destinations to split at
    documents = _warm_sets(tmp_path)
    hot, cold = _efiling_pdfs(tmp_path), _efiling_pdfs(cold_sets)
    assert sorted(hot) == sorted(cold)
    for name in hot:
        assert _page_texts(hot[name]) == _page_texts(cold[name]), name
    # tried as one document, then each form on its own
    assert documents == sum(1 + n + (1 if n >= 2 else 0) for n in _forms_a_case(tmp_path))
    for m in sorted(tmp_path.glob("*/efiling/manifest.json")):
        mine = json.loads(m.read_text(encoding="utf-8"))
        theirs = json.loads((cold_sets / m.relative_to(tmp_path)).read_text(encoding="utf-8"))
        assert mine["problems"] == theirs["problems"] and mine["complete"] == theirs["complete"]
