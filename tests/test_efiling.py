"""The e-filing package: real builds of every sample case, converted with the real LibreOffice.

For each sample: build_case (Word drafts + bundle) into a temporary folder, then build_efiling on
that folder; check the files and their upload categories, page counts against the PDFs, the
upload rules (no encryption, forms, JavaScript; fonts embedded — checked here with pypdf,
independently of the package's own pikepdf check), the key facts in each PDF's text, the
checklist, determinism, and the degraded path without LibreOffice.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import build_case
from pipeline.case import load_case
from pipeline.efiling import UPLOAD_CATEGORIES, build_efiling, libreoffice_available, pdf_problems
from pipeline.efiling.forms import forms_for, render_form
from pipeline.law.claim import compute_claim
from pipeline.money import figures
from pipeline.render import docx_paragraphs, render_documents

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "sample_cases").iterdir() if (p / "case.json").is_file())
SOFFICE = libreoffice_available()
needs_lo = pytest.mark.skipif(
    SOFFICE is None, reason="未安装 LibreOffice（soffice），跳过 Word→PDF 转换的检查；安装 libreoffice-writer-nogui 后运行"
)
CONVERTED = ("01_", "04_", "05_", "06_")  # PDFs LibreOffice made from our Word files
LICENCE = "04_律师执业证.pdf"  # the lawyer's own scan (lawyer.licence_copy), assembled, not converted


def _build(sample: Path, root: Path, **kw):
    """The real build path: build_case writes the drafts and the bundle; efiling on that folder."""
    manifest = build_case(sample, root / "out")
    out = root / "out" / manifest.case_id
    case = load_case(sample)
    claim = compute_claim(case)
    # DocumentInfo of the drafts (rendering is deterministic: same bytes as those build_case wrote)
    written = {d.file for d in manifest.documents}  # a 履行保证责任通知书 already sent is not rebuilt
    docs = [d for d in render_documents(case, claim, root / "scratch") if d.file_name in written]
    for d in docs:
        assert (out / d.file_name).read_bytes() == (root / "scratch" / d.file_name).read_bytes()
    volumes = [out / d.file for d in manifest.documents if d.kind == "evidence_bundle"]
    result = build_efiling(case, claim, sample, out, documents=docs, bundle_volumes=volumes, **kw)
    return case, claim, out, volumes, result


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda p: p.name)
def built(request, tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("未安装 LibreOffice（soffice）")
    root = tmp_path_factory.mktemp(request.param.name)
    return (request.param, *_build(request.param, root))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(path: Path) -> str:
    return _squash("".join(p.extract_text() or "" for p in PdfReader(path).pages))


# ---------------------------------------------------------------- files and categories


def _expected_files(case, claim) -> dict[str, str]:
    po = claim.procedure.kind == "payment_order"
    exp = {("01_支付令申请书.pdf" if po else "01_民事起诉状.pdf"): "起诉状/申请书", "02_证据目录及证据材料.pdf": "证据材料"}
    if case.creditor.kind == "organization" or any(e.is_identity for e in case.evidence):
        exp["03_当事人身份证明.pdf"] = "当事人身份证明"
    if case.lawyer is not None:
        if case.lawyer.licence_copy:
            exp[LICENCE] = "委托代理材料"
        exp["04_授权委托书.pdf"] = "委托代理材料"
        exp["04_律师事务所函.pdf"] = "委托代理材料"
    exp["05_送达地址确认书.pdf"] = "送达地址确认书"
    p = case.procedure
    if p.preservation_wanted and case.debtor_situation.assets and not po and not p.pre_action_preservation:
        exp["06_财产保全申请书.pdf"] = "其他"
    return exp


@needs_lo
def test_files_and_categories(built) -> None:
    sample, case, claim, out, volumes, result = built
    assert result.problems == (), result.problems
    got = {f.file: f.category for f in result.files}
    assert got == _expected_files(case, claim)
    assert set(got.values()) <= set(UPLOAD_CATEGORIES)
    # upload order: 01, 02, 03, 04…, 06
    names = [f.file for f in result.files]
    assert [n[:3] for n in names] == sorted(n[:3] for n in names)
    # a .docx draft for each generated form, none for the complaint/bundle
    drafts = {f.file for f in result.drafts}
    for name in got:
        if name.startswith(("04_", "05_", "06_")) and name != LICENCE:
            assert name.replace(".pdf", ".docx") in drafts
    if case.creditor.kind == "organization":
        assert "03_法定代表人身份证明书.docx" in drafts
    on_disk = {p.name for p in result.folder.iterdir()}
    assert on_disk == set(got) | drafts | {"manifest.json"}


@needs_lo
def test_manifest_matches_files(built) -> None:
    sample, case, claim, out, volumes, result = built
    m = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert m["case_id"] == case.case_id and m["court"] == claim.procedure.court.name
    assert [f["file"] for f in m["files"]] == [f.file for f in result.files]
    import hashlib

    for f in m["files"]:
        p = result.folder / f["file"]
        assert f["bytes"] == p.stat().st_size
        assert f["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
        assert f["pages"] == len(PdfReader(p).pages)
        assert f["category"] in m["categories"]
    assert m["checklist"] and all(c["item"] for c in m["checklist"])
    assert m["problems"] == []
    text = result.manifest.read_text(encoding="utf-8")
    assert str(out) not in text and str(sample) not in text  # no absolute paths


@needs_lo
def test_bundle_is_copied_not_rebuilt(built) -> None:
    sample, case, claim, out, volumes, result = built
    copies = [f for f in result.files if f.category == "证据材料"]
    assert len(copies) == len(volumes) == 1
    assert (result.folder / copies[0].file).read_bytes() == volumes[0].read_bytes()


@needs_lo
def test_identity_pdf_pages(built) -> None:
    sample, case, claim, out, volumes, result = built
    f = next(f for f in result.files if f.category == "当事人身份证明")  # every sample has identity papers
    # expected pages: 1 for the 法定代表人身份证明书 (organisation), then every identity file:
    # a PDF's own pages, one A4 page per photo
    expected = 1 if case.creditor.kind == "organization" else 0
    for e in case.evidence:
        if e.is_identity:
            for rel in e.files:
                src = sample / rel
                expected += len(PdfReader(src).pages) if src.suffix.lower() == ".pdf" else 1
    assert f.pages == expected
    reader = PdfReader(result.folder / f.file)
    titles = [o.title for o in reader.outline]
    label = {e.id: f"证据{i} {e.title}" for i, e in enumerate(case.evidence, start=1)}
    own = [label[e.id] for e in case.evidence if e.is_identity and e.party and e.party.startswith("creditor")]
    others = [label[e.id] for e in case.evidence if e.is_identity and e.party and not e.party.startswith("creditor")]
    assert own, "the filing party's own identity papers are in the set"
    # the filing party first (登记立案规定第6条第（一）项), then the other side
    assert titles[: len(own) + (case.creditor.kind == "organization")] == (
        [own[0], "法定代表人身份证明书", *own[1:]] if case.creditor.kind == "organization" else own
    )
    assert titles[len(titles) - len(others):] == others
    if case.creditor.kind == "organization":
        mark = next(o for o in reader.outline if o.title == "法定代表人身份证明书")
        cert = _squash(reader.pages[reader.get_destination_page_number(mark)].extract_text())
        assert case.creditor.representative in cert and case.creditor.name in cert
        assert case.creditor.representative_id_number in cert


@needs_lo
def test_set_is_complete_with_the_filing_partys_papers(built) -> None:
    """Every sample set holds the filing party's identity papers (登记立案规定第6条), the lawyer's
    certificate and, where jurisdiction rests on the debtor's 经常居住地, the residence proof."""
    sample, case, claim, out, volumes, result = built
    assert result.complete and result.missing == ()
    m = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert m["complete"] is True and m["missing"] == []
    assert not any(c["status"] == "missing" for c in m["checklist"])
    ok = [c["item"] for c in m["checklist"] if c["status"] == "ok"]
    assert any(case.creditor.name in item for item in ok)
    if case.lawyer is not None:
        assert any("律师执业证" in item for item in ok)
    if sample.name.startswith(("01-", "02-")):  # payment orders at the debtor's 经常居住地 court
        assert any("连续居住一年以上的证明" in item for item in ok)


# ---------------------------------------------------------------- upload rules, checked with pypdf


def _font_embedded(font) -> bool:
    font = font.get_object()
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    fd = font.get("/FontDescriptor")
    return fd is not None and any(k in fd.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts_drawing_glyphs(page) -> list:
    """Fonts selected by Tf and then used by Tj/TJ/'/\" with a non-empty string (pypdf parser)."""
    from pypdf.generic import ContentStream

    res = page.get("/Resources")
    fonts = res.get_object().get("/Font") if res is not None else None
    fonts = fonts.get_object() if fonts is not None else {}
    current, used = None, []
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations if page.get_contents() else []:
        if op == b"Tf":
            current = operands[0]
        elif op in (b"Tj", b"TJ", b"'", b'"') and current in fonts:
            strings = operands[0] if op == b"TJ" else operands[-1:]
            if any(isinstance(s, (bytes, str)) and len(s) for s in strings):
                used.append(fonts[current])
    return used


@needs_lo
def test_every_pdf_fit_for_upload(built) -> None:
    sample, case, claim, out, volumes, result = built
    for f in result.files:
        path = result.folder / f.file
        reader = PdfReader(path)
        assert not reader.is_encrypted, f.file
        root = reader.trailer["/Root"].get_object()
        assert "/AcroForm" not in root, f.file
        names = root.get("/Names")
        assert names is None or "/JavaScript" not in names.get_object(), f.file
        assert b"/JavaScript" not in path.read_bytes() and b"/JS " not in path.read_bytes(), f.file
        if f.file.startswith(CONVERTED) and f.file != LICENCE:
            # everything LibreOffice made: every font on every page embedded
            n = 0
            for page in reader.pages:
                fonts = page["/Resources"].get_object().get("/Font")
                for _, font in (fonts.get_object().items() if fonts is not None else []):
                    assert _font_embedded(font), (f.file, font.get_object().get("/BaseFont"))
                    n += 1
            assert n > 0, f.file
            assert reader.metadata.get("/Producer", "").startswith("LibreOffice")
        else:
            # bundle and identity papers carry the user's own PDFs: every font that draws is embedded
            for page in reader.pages:
                for font in _fonts_drawing_glyphs(page):
                    assert _font_embedded(font), (f.file, font.get_object().get("/BaseFont"))
        assert pdf_problems(path) == []


# ---------------------------------------------------------------- key facts in the text


@needs_lo
def test_key_facts_in_each_pdf(built) -> None:
    sample, case, claim, out, volumes, result = built
    creditor = case.creditor.name
    debtors = [d.name for d in case.debtors]
    court = claim.procedure.court.name
    total = figures(claim.totals.total)
    texts = {f.file: _text(result.folder / f.file) for f in result.files}
    for name, text in texts.items():
        if name == LICENCE:
            assert case.lawyer is not None and f"律师执业证（{case.lawyer.lawyer_name}）" in [
                o.title for o in PdfReader(result.folder / name).outline]
            continue
        if name.startswith("03_"):
            # identity papers: the generated certificate has text; licences and ID cards may be photos
            if case.creditor.kind == "organization":
                assert creditor in text and case.creditor.representative in text
            continue
        assert creditor in text, name
        if not name.startswith("05_"):
            assert all(d in text for d in debtors), name
        assert court in text or name.startswith(("03_", "05_")), name
    filing = next(t for n, t in texts.items() if n.startswith("01_"))
    assert total in filing and claim.totals.total_words in filing
    for name, text in texts.items():
        assert "全权代理" not in text, name
    if sample.name.startswith("04-"):
        # the creditor's own ID copy is in the set and the checklist says so
        assert any("黄某某" in c.item and "身份证" in c.item and c.status == "ok" for c in result.checklist)
    if case.lawyer is not None:
        poa = texts["04_授权委托书.pdf"]
        assert case.lawyer.lawyer_name in poa and case.lawyer.license_no in poa
        assert "代理权限：特别授权" in poa  # the default (民事诉讼法第62条): each power named
        assert "代为领取案款" in poa and "进行和解" in poa
        letter = texts["04_律师事务所函.pdf"]
        assert case.lawyer.firm_name in letter and case.lawyer.lawyer_name in letter
    svc = texts["05_送达地址确认书.pdf"]
    assert _squash(case.creditor.domicile) in svc and claim.cause in svc
    assert "第九十条" in svc and "第一百三十七条" in svc


@needs_lo
def test_preservation_application_amounts(built) -> None:
    sample, case, claim, out, volumes, result = built
    name = "06_财产保全申请书.pdf"
    if name not in {f.file for f in result.files}:
        if case.procedure.preservation_wanted and claim.procedure.kind == "payment_order":
            assert any("督促程序" in c.item and "第103条" in c.item for c in result.checklist)
        return
    text = _text(result.folder / name)
    amount = claim.totals.total  # amount to preserve = the claim total
    # 诉讼费用交纳办法第14条第（二）项: ≤1,000 → 30; 1,000–100,000 at 1%; above at 0.5%; cap 5,000
    fee = Decimal("30")
    if amount > 1000:
        fee += (min(amount, Decimal("100000")) - 1000) * Decimal("0.01")
    if amount > 100000:
        fee += (amount - 100000) * Decimal("0.005")
    fee = min(fee, Decimal("5000")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if sample.name.startswith("04-"):
        # 333,079.45: 30 + 99,000 × 1% + 233,079.45 × 0.5% = 30 + 990 + 1,165.39725 = 2,185.39725 → 2,185.40
        assert fee == Decimal("2185.40")
    assert f"价值人民币{figures(amount)}元" in text
    assert f"申请费人民币{figures(fee)}元" in text
    assert "第一百零三条" in text and "第一百零四条" not in text
    for a in case.debtor_situation.assets:
        assert _squash(a.description)[:12] in text
    assert any("担保" in c.item and c.basis == "民事诉讼法第103条第2款" for c in result.checklist)


@needs_lo
def test_pages_render_as_png(built, tmp_path: Path) -> None:
    sample, case, claim, out, volumes, result = built
    if shutil.which("pdftoppm") is None:
        pytest.skip("未安装 poppler-utils（pdftoppm）")
    from PIL import Image

    for f in result.files:
        stem = tmp_path / f.file.replace(".pdf", "")
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(result.folder / f.file), str(stem)],
                       check=True, capture_output=True, timeout=60)
        png = next(tmp_path.glob(stem.name + "*.png"))
        with Image.open(png) as im:
            lo, hi = im.convert("L").getextrema()
        assert lo < 100 < hi, f.file  # ink on paper, not a blank page


# ---------------------------------------------------------------- determinism


@needs_lo
def test_same_input_same_bytes(tmp_path: Path) -> None:
    sample = SAMPLES[0]  # organisation creditor, lawyer: every converted form
    runs = []
    for k in (1, 2):
        *_, result = _build(sample, tmp_path / f"run{k}")
        runs.append({p.name: p.read_bytes() for p in sorted(result.folder.iterdir())})
    assert runs[0].keys() == runs[1].keys()
    for name in runs[0]:
        assert runs[0][name] == runs[1][name], name
    reader = PdfReader(tmp_path / "run1" / "out" / load_case(sample).case_id / "efiling" / "04_授权委托书.pdf")
    assert reader.metadata["/CreationDate"] == "D:20260331000000+08'00'"  # the document date, not the clock


# ---------------------------------------------------------------- forms (no LibreOffice needed)


def _sample_case(prefix: str):
    return load_case(next(s for s in SAMPLES if s.name.startswith(prefix)))


def _form_text(case, key: str) -> str:
    claim = compute_claim(case)
    spec = next(s for s in forms_for(case, claim)[0] if s.key == key)
    return "".join(docx_paragraphs(render_form(case, claim, spec)))


def test_special_authority_names_each_power() -> None:
    case = _sample_case("04-")
    lawyer = case.lawyer.model_copy(update={"authority": "special", "special_powers": ["appeal", "admit", "settle"]})
    text = _form_text(case.model_copy(update={"lawyer": lawyer}), "power_of_attorney")
    assert "代理权限：特别授权" in text
    # statute order (民事诉讼法第62条第2款), not input order
    assert "有权代为承认诉讼请求、进行和解、提起上诉（《中华人民共和国民事诉讼法》第六十二条第二款）" in text
    assert "代为放弃诉讼请求" not in text and "提起反诉" not in text and "全权代理" not in text


def test_special_without_powers_is_general_and_flagged(tmp_path: Path) -> None:
    case = _sample_case("04-")
    lawyer = case.lawyer.model_copy(update={"authority": "special", "special_powers": []})
    case = case.model_copy(update={"lawyer": lawyer})
    text = _form_text(case, "power_of_attorney")
    assert "代理权限：一般授权" in text and "全权代理" not in text
    from pipeline.efiling.manifest import checklist_for

    items = checklist_for(case, compute_claim(case), [], [])
    assert any("未列明特别授权事项" in c.item and "第89条" in c.basis for c in items)


def test_service_address_with_consent() -> None:
    from pipeline.case.models import ServiceInfo

    case = _sample_case("02-")
    svc = ServiceInfo(address="广东省广州市天河区某某路1号", postcode="510620", phone="13800138000",
                      email="liu@example.com", electronic_consent=True, channels=["email", "sms"])
    text = _form_text(case.model_copy(update={"creditor_service": svc}), "service_address")
    assert "广东省广州市天河区某某路1号" in text and "510620" in text
    assert "是☑　否☐" in text
    assert "电子邮件☑：liu@example.com" in text and "手机短信☑：13800138000" in text and "传真☐" in text
    assert "指定代收人无" in text  # no lawyer in sample 02
    # without the confirmation: address from the case, consent left open for the person to tick
    text = _form_text(case.model_copy(update={"creditor_service": None}), "service_address")
    assert case.creditor.domicile in text and "是☐　否☐" in text
    assert f"邮政编码{case.creditor.postcode}" in text  # the party's own postcode when the case knows it


def test_no_form_prints_full_powers_wording() -> None:
    for sample in SAMPLES:
        case = load_case(sample)
        claim = compute_claim(case)
        for spec in forms_for(case, claim)[0]:
            assert "全权代理" not in "".join(docx_paragraphs(render_form(case, claim, spec))), (sample.name, spec.key)


def test_make_efiling_templates_is_reproducible(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_efiling_templates.py"), str(tmp_path)],
                   check=True, capture_output=True)
    made = sorted(p.name for p in tmp_path.glob("06_*.docx"))
    assert made == sorted(p.name for p in (ROOT / "templates" / "zh").glob("06_*.docx")) and len(made) == 5
    for name in made:
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / "zh" / name).read_bytes(), name


# ---------------------------------------------------------------- degraded paths


def test_without_libreoffice_everything_else_builds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CUISHOU_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert libreoffice_available() is None
    case, claim, out, volumes, result = _build(SAMPLES[0], tmp_path)
    assert any("libreoffice-writer-nogui" in p and "LibreOffice" in p for p in result.problems)
    names = {f.file for f in result.files}
    assert names == {"02_证据目录及证据材料.pdf", "03_当事人身份证明.pdf", LICENCE}
    assert not result.complete and any("起诉状/申请书" in m for m in result.missing)
    assert {f.file for f in result.drafts} >= {"04_授权委托书.docx", "05_送达地址确认书.docx"}
    m = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert any("libreoffice-writer-nogui" in p for p in m["problems"])
    # the identity PDF still holds the ID card; the certificate is reported missing
    assert any("法定代表人身份证明书未能转换" in p for p in result.problems)


def test_conversion_timeout_kills_and_reports(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30 & wait\n")  # hangs, with a child, like a stuck soffice.bin
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("CUISHOU_SOFFICE", str(fake))
    import time

    t = time.monotonic()
    case, claim, out, volumes, result = _build(SAMPLES[3], tmp_path, timeout_s=1)
    assert time.monotonic() - t < 25
    assert any("超时" in p and "1 秒" in p for p in result.problems)
    out_ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(fake) not in out_ps  # the process group was killed


@needs_lo
def test_size_limit_reported(tmp_path: Path) -> None:
    *_, result = _build(SAMPLES[3], tmp_path, max_file_mb=0.1)
    over = [f for f in result.files if f.bytes > 0.1 * 1024 * 1024]
    assert over
    for f in over:
        assert any(p.startswith(f.file) and "超过单个文件上限 0.1 MB" in p for p in result.problems)


# ---------------------------------------------------------------- the upload check itself


def _pdf_with(tmp_path: Path, name: str, build) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    build(pdf)
    path = tmp_path / name
    pdf.save(path)
    return path


def test_pdf_problems_catches_forms_scripts_encryption_fonts(tmp_path: Path) -> None:
    import pikepdf
    from reportlab.pdfgen import canvas

    form = _pdf_with(tmp_path, "form.pdf", lambda p: setattr(p.Root, "AcroForm", pikepdf.Dictionary(Fields=pikepdf.Array())))
    assert any("AcroForm" in m for m in pdf_problems(form))

    def js(p):
        p.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))

    assert any("JavaScript" in m for m in pdf_problems(_pdf_with(tmp_path, "js.pdf", js)))

    plain = _pdf_with(tmp_path, "plain.pdf", lambda p: None)
    enc = tmp_path / "enc.pdf"
    with pikepdf.open(plain) as p:
        p.save(enc, encryption=pikepdf.Encryption(user="u", owner="o"))
    assert any("密码" in m or "加密" in m for m in pdf_problems(enc))

    # Helvetica that draws text, not embedded → reported; Helvetica only selected → not reported
    drawn = tmp_path / "drawn.pdf"
    c = canvas.Canvas(str(drawn), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Loan agreement")
    c.save()
    assert any("Helvetica" in m and "未嵌入" in m for m in pdf_problems(drawn))
    idle = tmp_path / "idle.pdf"
    c = canvas.Canvas(str(idle), invariant=1)
    c.line(72, 72, 200, 200)
    c.save()
    assert pdf_problems(idle) == []
    assert pdf_problems(plain) == []
