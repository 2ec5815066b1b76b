"""The fast render path: docxtpl equivalence, determinism, escaping, errors, speed, firm templates."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from pipeline._resources import templates_dir
from pipeline.case import load_case
from pipeline.law.claim import compute_claim
from pipeline.render import FILE_NAMES, document_kinds, render_documents
from pipeline.render.context import document_context
from pipeline.render.layout import apply_layout, apply_text_rules
from pipeline.render.engine import (
    TEMPLATE_NAMES,
    DocProps,
    RenderError,
    compile_template,
    get_env,
    render_docx,
    resolve_template,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "sample_cases").iterdir() if (p / "case.json").is_file())
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _c14n(xml: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), method="c14n")


def _docxtpl_parts(path: Path, ctx: dict, layout: bool = True) -> dict[str, bytes]:
    """docxtpl's output; with ``layout``, the layout rules (pipeline/render/layout.py) applied to it
    as the product applies them to its own output — so the comparison checks both that the
    render equals docxtpl's and that the layout pass is the only difference."""
    tpl = DocxTemplate(str(path))
    tpl.render(ctx, jinja_env=get_env(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}
    if layout:
        for name, xml in parts.items():
            root = etree.fromstring(xml)
            body = root.find(f"{{{W}}}body")
            if body is not None:
                apply_layout(body)
            elif name.startswith(("word/header", "word/footer", "word/footnotes")):
                apply_text_rules(root)
            else:
                continue
            parts[name] = etree.tostring(root)
    return parts


def _fast_parts(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}


def _templated_members(path: Path) -> list[str]:
    return list(compile_template(path).parts)


def _fixture_template(tmp_path: Path) -> Path:
    """A template using {%p %}, {%tr %}, {%r %}-free runs, loops in a run, header and footer."""
    d = Document()
    d.add_paragraph("名称：{{ name }}　地址：{{ addr }}")
    d.add_paragraph("{%p if flag %}")
    d.add_paragraph("条件段落 {{ name }}{% for x in rows %}[{{ x.n }}]{% endfor %}")
    d.add_paragraph("{%p endif %}")
    t = d.add_table(rows=4, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "期数", "金额"
    t.cell(1, 0).text = "{%tr for r in rows %}"
    t.cell(2, 0).text, t.cell(2, 1).text = "{{ r.n }}", "{{ r.amt|money }}（{{ r.amt|words }}）"
    t.cell(3, 0).text = "{%tr endfor %}"
    d.sections[0].header.paragraphs[0].text = "页眉 {{ addr }}"
    d.sections[0].footer.paragraphs[0].text = "页脚 {{ name }} {{ when|cndate }}"
    p = tmp_path / "fixture.docx"
    d.save(p)
    return p


NASTY = "A&B<C>\"'😀䶮𠮷"


def _fixture_ctx(name: str = NASTY) -> dict:
    return {
        "name": name,
        "addr": "北京市朝阳区某路1号\n二单元",
        "flag": True,
        "when": date(2026, 1, 5),
        "rows": [{"n": i, "amt": Decimal("1000.10") * i} for i in range(1, 4)],
    }


# ---------------------------------------------------------------- docxtpl equivalence


def test_fast_path_equals_docxtpl_on_fixture(tmp_path: Path) -> None:
    path = _fixture_template(tmp_path)
    ctx = _fixture_ctx()
    fast = _fast_parts(render_docx(path, ctx))
    ref = _docxtpl_parts(path, ctx)
    members = _templated_members(path)
    assert {"word/document.xml"} < set(members) and any("header" in m for m in members) and any("footer" in m for m in members)
    for m in members:
        assert _c14n(fast[m]) == _c14n(ref[m]), m


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_fast_path_equals_docxtpl_on_builtin_templates(sample: Path) -> None:
    case = load_case(sample)
    claim = compute_claim(case)
    for kind in document_kinds(case, claim):
        path = templates_dir() / FILE_NAMES[kind]
        ctx = document_context(case, claim, kind=kind)
        fast = _fast_parts(render_docx(path, ctx))
        ref = _docxtpl_parts(path, ctx)
        for m in _templated_members(path):
            assert _c14n(fast[m]) == _c14n(ref[m]), (kind, m)


# ---------------------------------------------------------------- determinism and metadata


def test_same_input_gives_identical_bytes_and_fixed_zip_dates(tmp_path: Path) -> None:
    case = load_case(SAMPLES[0])
    claim = compute_claim(case)
    a = render_documents(case, claim, tmp_path / "a")
    b = render_documents(case, claim, tmp_path / "b")
    assert [x.sha256 for x in a] == [x.sha256 for x in b]
    for info in a:
        assert (tmp_path / "a" / info.file_name).read_bytes() == (tmp_path / "b" / info.file_name).read_bytes()
        with zipfile.ZipFile(tmp_path / "a" / info.file_name) as z:
            names = z.namelist()
            assert names[0] == "[Content_Types].xml"
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    # a fresh compile (cache bypassed through a copy of the template) gives the same bytes
    copy = tmp_path / "copy.docx"
    copy.write_bytes((templates_dir() / "01_催款函.docx").read_bytes())
    ctx = document_context(case, claim, kind="demand_letter")
    props = DocProps("t", "a", date(2026, 3, 31))
    assert render_docx(copy, ctx, props) == render_docx(templates_dir() / "01_催款函.docx", ctx, props)


def test_core_properties_come_from_the_case(tmp_path: Path) -> None:
    case = load_case(SAMPLES[0])
    claim = compute_claim(case)
    infos = {i.kind: i for i in render_documents(case, claim, tmp_path)}
    cp = Document(tmp_path / infos["lawyer_letter"].file_name).core_properties
    assert cp.author == case.lawyer.firm_name and cp.last_modified_by == case.lawyer.firm_name
    assert cp.title.startswith("律师函")
    assert cp.created.date() == case.signing_date and cp.modified.date() == case.signing_date
    cp1 = Document(tmp_path / infos["demand_letter"].file_name).core_properties
    assert cp1.author == case.creditor.name


# ---------------------------------------------------------------- values and errors


def test_special_characters_and_long_values_render(tmp_path: Path) -> None:
    path = _fixture_template(tmp_path)
    long = "很长的地址" * 400 + "𠮷"
    ctx = _fixture_ctx(NASTY + "\x00\x0b\x07\ufffe")
    ctx["addr"] = long
    blob = render_docx(path, ctx)
    d = Document(io.BytesIO(blob))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == f"名称：{NASTY}　地址：{long}"  # control characters removed, the rest intact
    assert d.sections[0].header.paragraphs[0].text == f"页眉 {long}"
    assert d.sections[0].footer.paragraphs[0].text == f"页脚 {NASTY} 2026年1月5日"
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    # 1,000.10 × 3 = 3,000.30 → 人民币叁仟元叁角 (元位为0、角不为0时"零"可以不写: 人民银行票据填写规定)
    assert rows[-1] == ["3", "3,000.30（人民币叁仟元叁角）"]


def test_nasty_party_name_in_a_real_case(tmp_path: Path) -> None:
    case = load_case(SAMPLES[0])
    debtor = case.debtors[0].model_copy(update={"name": NASTY, "domicile": "某路" * 500 + "䶮"})
    case = case.model_copy(update={"debtors": [debtor]})
    claim = compute_claim(case)
    for info in render_documents(case, claim, tmp_path):
        text = "\n".join(info.paragraphs)
        assert NASTY in text, info.file_name
        Document(tmp_path / info.file_name)  # opens


def test_missing_variable_names_it(tmp_path: Path) -> None:
    d = Document()
    d.add_paragraph("借款人：{{ case.debtorz[0].name }}")
    p = tmp_path / "bad.docx"
    d.save(p)
    case = load_case(SAMPLES[0])
    claim = compute_claim(case)
    with pytest.raises(RenderError) as err:
        render_docx(p, document_context(case, claim, kind="demand_letter"))
    msg = str(err.value)
    assert "debtorz" in msg and "bad.docx" in msg and "借款人" in msg
    d2 = Document()
    d2.add_paragraph("{{ nobody }}")
    p2 = tmp_path / "bad2.docx"
    d2.save(p2)
    with pytest.raises(RenderError, match="未定义的变量 nobody"):
        render_docx(p2, {})


def test_none_value_is_an_error_not_a_word(tmp_path: Path) -> None:
    d = Document()
    d.add_paragraph("合同编号：{{ x }}")
    p = tmp_path / "none.docx"
    d.save(p)
    with pytest.raises(RenderError, match="None"):
        render_docx(p, {"x": None})


# ---------------------------------------------------------------- firm templates


def test_firm_template_dir_overrides_one_document(tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    firm.mkdir()
    d = Document()
    d.add_paragraph("某某律师事务所专用催款函：{{ doc.debtor_names }}，合计{{ claim.totals.total|money }}元")
    d.save(firm / "01_催款函.docx")
    assert resolve_template("01_催款函.docx", firm) == firm / "01_催款函.docx"
    assert resolve_template("02_律师函.docx", firm) == templates_dir() / "02_律师函.docx"
    case = load_case(SAMPLES[0])
    claim = compute_claim(case)
    infos = {i.kind: i for i in render_documents(case, claim, tmp_path / "out", templates_dir=firm)}
    assert infos["demand_letter"].paragraphs[0].startswith("某某律师事务所专用催款函")
    assert claim.totals.total_figures in infos["demand_letter"].paragraphs[0]
    assert any("律" in p and "函" in p for p in infos["lawyer_letter"].paragraphs)
    assert infos["lawyer_letter"].template == str(templates_dir() / "02_律师函.docx")


def test_all_builtin_templates_exist() -> None:
    for name in TEMPLATE_NAMES:
        assert (templates_dir() / name).is_file()


# ---------------------------------------------------------------- speed


def test_template_compiled_once_and_unchanged_members_copied() -> None:
    """Batch speed by design (speed itself is measured in bench/run.py, not here): a template is
    compiled once per process, and members the render does not touch are copied as they are."""
    import zipfile

    case = load_case(SAMPLES[0])
    claim = compute_claim(case)
    path = templates_dir() / "02_律师函.docx"
    assert compile_template(path) is compile_template(path)
    blob = render_docx(compile_template(path), document_context(case, claim, kind="lawyer_letter"))
    src = {i.filename: i for i in zipfile.ZipFile(path).infolist()}
    out = {i.filename: i for i in zipfile.ZipFile(io.BytesIO(blob)).infolist()}
    assert list(src) == list(out)
    untouched = [n for n in src if n.endswith(("styles.xml", "fontTable.xml", "settings.xml"))]
    assert untouched
    for name in untouched:
        assert (src[name].CRC, src[name].compress_size, src[name].compress_type) == (
            out[name].CRC,
            out[name].compress_size,
            out[name].compress_type,
        )
