"""The built-in templates: facts in every generated document, typography, law cited, lint, LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt

from pipeline._resources import templates_dir
from pipeline.case import load_case
from pipeline.law.claim import compute_claim
from pipeline.money import figures, rmb_words, zh_date
from pipeline.render import check_templates, render_documents
from pipeline.render.context import evidence_views, letter_number
from pipeline.render.engine import TEMPLATE_NAMES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "sample_cases").iterdir() if (p / "case.json").is_file())
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _all_text(path: Path) -> str:
    d = Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            for c in r.cells:
                parts.append(c.text)
    for s in d.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer):
            parts += [p.text for p in hf.paragraphs]
    return "\n".join(parts)


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda p: p.name)
def built(request, tmp_path_factory):
    case = load_case(request.param)
    claim = compute_claim(case)
    out = tmp_path_factory.mktemp(request.param.name)
    infos = render_documents(case, claim, out)
    return case, claim, out, {i.kind: i for i in infos}


def test_documents_present_per_case(built) -> None:
    case, claim, out, infos = built
    expected = {"demand_letter", "filing", "interest_statement"}  # the 利息计算明细 goes with every filing
    if case.lawyer:
        expected.add("lawyer_letter")
    if case.instalment_terms:
        expected.add("instalment_agreement")
    if any(g.guarantee_type == "joint" for g in case.guarantors):
        expected.add("guarantee_notice")  # 履行保证责任通知书 (民法典第688条, 第693条第2款)
    assert set(infos) == expected
    filing = infos["filing"].file_name
    assert filing == ("04_支付令申请书.docx" if claim.procedure.kind == "payment_order" else "04_民事起诉状.docx")
    assert infos["interest_statement"].file_name == "04_利息计算明细.docx"
    for info in infos.values():
        assert (out / info.file_name).stat().st_size == info.size


def test_same_total_and_facts_in_every_document(built) -> None:
    case, claim, out, infos = built
    t = claim.totals
    for info in infos.values():
        text = _all_text(out / info.file_name)
        assert t.total_figures in text, info.file_name
        assert figures(t.total) == t.total_figures
        assert rmb_words(t.total) in text, info.file_name
        assert t.total_words in text
        assert figures(t.principal) in text, info.file_name
        assert case.creditor.name in text
        for d in case.debtors:
            assert d.name in text, info.file_name
        assert zh_date(claim.as_of) in text
    # dates of signing in every document
    for info in infos.values():
        assert zh_date(case.signing_date) in _all_text(out / info.file_name)


def test_filing_document_facts(built) -> None:
    case, claim, out, infos = built
    text = _all_text(out / infos["filing"].file_name)
    court = claim.procedure.court.name
    assert court and court in text  # 此致 the court the claim chose
    for d in case.debtors:
        if getattr(d, "id_number", None):
            assert d.id_number in text
        if getattr(d, "uscc", None):
            assert d.uscc in text
    if getattr(case.creditor, "uscc", None):
        assert case.creditor.uscc in text
    # evidence by the same numbers and titles as the bundle: 证据1…N in the case's order
    for ev in evidence_views(case):
        assert ev.label in text and ev.title in text
    order = [text.find(f"{e.label}") for e in evidence_views(case)]
    assert order == sorted(order)
    if claim.procedure.kind == "payment_order":
        assert "第二百二十五条" in text and "第四百二十七条" in text
        # a payment order does not bind guarantors: only debtors are 被申请人
        for g in case.guarantors:
            assert f"被申请人：{g.party.name}" not in text
    else:
        assert claim.cause in text
        # every defendant, guarantors included when pursued
        if case.procedure.pursue_guarantors:
            for g in case.guarantors:
                assert g.party.name in text
                if getattr(g.party, "id_number", None):
                    assert g.party.id_number in text
        for item in ("诉讼请求", "约定管辖和诉前保全", "事实与理由", "对纠纷解决方式的意愿", "标的总额", "具状人"):
            assert item in text


def test_lawyer_letter_facts(built) -> None:
    case, claim, out, infos = built
    if "lawyer_letter" not in infos:
        pytest.skip("该案件未委托律师：不生成律师函")
    text = _all_text(out / infos["lawyer_letter"].file_name)
    lw = case.lawyer
    assert letter_number(case) in text
    # e.g. （2026）京某律函字 + 第036号
    assert re.search(r"第\d{3,}号", letter_number(case))
    for needle in (lw.firm_name, lw.lawyer_name, lw.license_no, "接受", "委托", "指派",
                   "第五百七十七条", "第五百七十九条", "第六百七十五条", "第六百七十六条"):
        assert needle in text, needle
    if claim.regime == "private_lending":
        assert "民间借贷案件适用法律若干问题的规定" in text
    if claim.procedure.kind == "payment_order":
        assert f"向{claim.procedure.court.name}申请支付令" in text


def test_instalment_agreement_schedule(built) -> None:
    case, claim, out, infos = built
    if "instalment_agreement" not in infos:
        pytest.skip("该案件没有协商分期条件")
    d = Document(out / infos["instalment_agreement"].file_name)
    sched = [t for t in d.tables if t.rows[0].cells[0].text == "期数"][0]
    rows = [[c.text for c in r.cells] for r in sched.rows[1:-1]]
    terms = case.instalment_terms
    assert len(rows) == terms.count
    from decimal import Decimal

    amounts = [Decimal(r[2].replace(",", "")) for r in rows]
    total_cell = Decimal(sched.rows[-1].cells[2].text.replace(",", ""))
    assert sum(amounts) == total_cell
    assert rows[-1][3] == "0.00"
    assert rows[0][1] == zh_date(terms.first_due_date)
    # waiver: overdue interest waived in sample 01 → total = claim total − overdue interest items
    waived = sum((i.amount for i in claim.items if i.kind == "overdue_interest"), Decimal(0)) if "overdue_interest" in terms.waive else Decimal(0)
    assert total_cell == claim.totals.total - waived
    text = _all_text(out / infos["instalment_agreement"].file_name)
    for needle in ("第五百六十一条", "加速到期", "送达", "争议解决", "债务确认"):
        assert needle in text
    if waived:
        assert "减免自动失效" in text and figures(waived) in text


def test_no_repealed_or_renumbered_law_in_templates_or_outputs(built) -> None:
    case, claim, out, infos = built
    bad = [re.compile(p) for p in (r"合同法", r"民事诉讼法》?第(一百一十九|119)条",
                                  r"第(二百一十[四五六七]|二百二十[一二三四]|21[4-7]|22[1-4])条")]
    for info in infos.values():
        text = _all_text(out / info.file_name)
        for rx in bad:
            assert not rx.search(text), (info.file_name, rx.pattern)
    for name in TEMPLATE_NAMES:
        text = _all_text(templates_dir() / name)
        for rx in bad:
            assert not rx.search(text), (name, rx.pattern)


def test_demand_letter_is_polite_and_complete(built) -> None:
    case, claim, out, infos = built
    text = _all_text(out / infos["demand_letter"].file_name)
    for needle in ("困难", "分期", "异议", "核对", "请勿向上述账户以外"):
        assert needle in text
    for threat in ("上门", "曝光", "后果自负", "家人", "单位", "通讯录", "拘留", "传票"):
        assert threat not in text


# ---------------------------------------------------------------- typography


def test_template_typography() -> None:
    for name in TEMPLATE_NAMES:
        d = Document(templates_dir() / name)
        s = d.sections[0]
        if name == "04_利息计算明细.docx":
            # the wide calculation table: A4 landscape, 25 mm margins (text block 247 mm wide)
            assert (round(s.page_width.mm), round(s.page_height.mm)) == (297, 210)
            assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [25, 25, 25, 25]
        else:
            assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
            assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
        styles = d.styles.element
        # East Asian fonts are set on w:rFonts (python-docx's Font.name cannot)
        fonts = {st.get(f"{W}styleId"): st.find(f"{W}rPr/{W}rFonts") for st in styles.iter(f"{W}style")}
        body = fonts["正文"]
        assert body.get(f"{W}eastAsia") == "仿宋"
        assert fonts["文书标题"].get(f"{W}eastAsia") == "方正小标宋简体"
        assert fonts["一级标题"].get(f"{W}eastAsia") == "黑体"
        normal = d.styles["正文"]
        assert normal.font.size == Pt(16)
        assert normal.paragraph_format.line_spacing == Pt(28)
        assert d.styles["文书标题"].font.size == Pt(22)
        assert d.styles["表格文字"].font.size == Pt(12)
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert defaults.get(f"{W}eastAsia") == "仿宋" and defaults.get(f"{W}eastAsiaTheme") is None
        # footer page number — PAGE —
        footer_xml = s.footer._element.xml
        assert "PAGE" in footer_xml and "— " in s.footer.paragraphs[0].text
        # tables: borders and repeating header rows where there is a header
        for t in d.tables:
            assert t._tbl.tblPr.find(f"{W}tblBorders") is not None
        with zipfile.ZipFile(templates_dir() / name) as z:
            ft = z.read("word/fontTable.xml").decode()
            assert 'w:name="方正小标宋简体"' in ft and 'w:val="黑体"' in ft
    d = Document(templates_dir() / "03_分期还款协议.docx")
    headers = [t for t in d.tables if t.rows[0].cells[0].text == "期数"]
    assert headers and headers[0].rows[0]._tr.trPr.find(f"{W}tblHeader") is not None


def test_make_templates_is_reproducible(tmp_path: Path) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "tools" / "make_templates.py"), str(tmp_path)],
        check=True, capture_output=True,
    )
    for name in TEMPLATE_NAMES:
        assert (tmp_path / name).read_bytes() == (templates_dir() / name).read_bytes(), name


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="未安装 LibreOffice（soffice），跳过 Word→PDF 检查；CI 会安装")
def test_libreoffice_converts_and_text_is_there(tmp_path: Path) -> None:
    case = load_case(SAMPLES[0])
    claim = compute_claim(case)
    infos = render_documents(case, claim, tmp_path, only=["demand_letter"])
    src = tmp_path / infos[0].file_name
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = src.with_suffix(".pdf")
    assert pdf.is_file()
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert case.debtors[0].name in text
    assert claim.totals.total_figures in text


# ---------------------------------------------------------------- lint


def test_builtin_templates_pass_lint() -> None:
    assert [str(p) for p in check_templates()] == []


def test_lint_catches_broken_templates(tmp_path: Path) -> None:
    d = Document()
    d.add_paragraph("{{ claim.totals.totl }}")
    d.add_paragraph("{{ doc.creditor.name|bogus }}")
    p = d.add_paragraph()
    p.add_run("{{ case.")
    p.add_run("case_id }}")
    d.add_paragraph("{{ doc.creditor.name if doc.creditor.name == “x” else '' }}")
    d.add_paragraph("{% for p in doc.debtors %}{{ p.nmae }}{% endfor %}{{ doc.schedule.rows[0].amout }}")
    d.add_paragraph("{{ claim.procedure.court.name }}{{ case.signing_date.year }}{{ doc.schedule.rows[0].amount|money }}")
    d.save(tmp_path / "bad.docx")
    d2 = Document()
    d2.add_paragraph("{% if doc.debtors %}没有结束")
    d2.save(tmp_path / "unbalanced.docx")
    problems = [str(p) for p in check_templates(tmp_path)]
    joined = "\n".join(problems)
    assert "claim.totals.totl" in joined
    assert "未知的过滤器 bogus" in joined
    assert "被拆分" in joined and "case.case_id" in joined
    assert "弯引号" in joined
    assert "p.nmae" in joined and "amout" in joined
    assert "unbalanced.docx" in joined and "语法错误" in joined
    # valid paths are not reported
    assert "court.name" not in joined and "signing_date" not in joined and "rows[0].amount " not in joined


@pytest.mark.parametrize("path", sorted(templates_dir().rglob("*.docx")), ids=lambda p: p.name)
def test_templates_carry_only_the_styles_they_use(path: Path) -> None:
    """LibreOffice parses every style for every conversion (issue 18): python-docx's 160-odd
    unused built-in styles, the latent-style table and stylesWithEffects.xml are left out; the
    house styles stay for the lawyer who edits the template."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        styles = z.read("word/styles.xml").decode("utf-8")
        body = "".join(z.read(n).decode("utf-8") for n in names if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n))
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8") + z.read("[Content_Types].xml").decode("utf-8")
    assert "word/stylesWithEffects.xml" not in names and "stylesWithEffects" not in rels
    assert "<w:latentStyles" not in styles
    ids = re.findall(r'<w:style [^>]*w:styleId="([^"]+)"', styles)
    used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', body))
    chained = set(re.findall(r'<w:(?:basedOn|link|next) w:val="([^"]+)"', styles))
    defaults = set(re.findall(r'<w:style [^>]*w:default="1"[^>]*w:styleId="([^"]+)"', styles))
    defaults |= set(re.findall(r'<w:style [^>]*w:styleId="([^"]+)"[^>]*w:default="1"', styles))
    defaults |= {i for i in ids if not i.isascii()}  # the house styles (正文, 一级标题 …) stay
    assert {"正文", "文书标题", "一级标题", "表格文字"} <= set(ids)
    assert used <= set(ids), f"a used style is missing: {sorted(used - set(ids))}"
    assert set(ids) <= used | chained | defaults, f"unused styles kept: {sorted(set(ids) - used - chained - defaults)}"
    assert len(ids) < 40
