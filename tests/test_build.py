"""`cuishou build` and the CLI around it: manifest, atomic output, compliance gating, Chinese errors."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from pipeline import build_case, compute_claim, load_case
from pipeline.build import BuildError, BuildOptions
from pipeline.money import figures, rmb_words

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.parent for p in (REPO / "sample_cases").glob("*/case.json"))
CUISHOU = Path(sys.executable).parent / "cuishou"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CUISHOU), *args], capture_output=True, text=True, cwd=cwd)


def _text(path: Path) -> str:
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("case_dir", SAMPLES, ids=lambda p: p.name)
def test_build_writes_documents_and_manifest(case_dir: Path, tmp_path: Path) -> None:
    manifest = build_case(case_dir, tmp_path)
    folder = tmp_path / manifest.case_id
    case = load_case(case_dir)
    claim = compute_claim(case)
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    # the manifest matches its published schema
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    # every listed file exists with the recorded hash and size; nothing else but the manifest
    listed = {d["file"] for d in data["documents"]}
    assert listed | {"manifest.json"} == {p.name for p in folder.iterdir()}
    for d in data["documents"]:
        blob = (folder / d["file"]).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == d["sha256"] and len(blob) == d["bytes"]
    # the route and the total in the manifest are the engine's
    assert data["procedure"]["kind"] == claim.procedure.kind
    assert Decimal(data["claim"]["total"]) == claim.totals.total
    assert data["claim"]["total_words"] == rmb_words(claim.totals.total)
    filing = "04_支付令申请书.docx" if claim.procedure.kind == "payment_order" else "04_民事起诉状.docx"
    assert filing in listed
    # the same total, in figures and in words, is printed in every Word document
    for name in listed:
        if name.endswith(".docx") and name.startswith(("01_", "02_", "04_")):
            text = _text(folder / name)
            assert figures(claim.totals.total) in text, name
            assert rmb_words(claim.totals.total) in text, name
        elif name.startswith("00_"):  # the creditor's internal papers and the SMS carry the figures
            text = _text(folder / name) if name.endswith(".docx") else (folder / name).read_text(encoding="utf-8")
            assert figures(claim.totals.total) in text, name
    # the evidence page ranges in the manifest are those of the bundle
    bundle = folder / "05_证据目录及证据材料.pdf"
    pages = len(PdfReader(bundle).pages)
    ranges = [(e["first_page"], e["last_page"]) for e in data["evidence"]]
    assert ranges[0][0] > 1  # the index comes first
    assert ranges[-1][1] == pages
    for (a, b), (c, _) in zip(ranges, ranges[1:]):
        assert a <= b and c == b + 1
    # templates shipped with the product produce no finding in the generated documents
    doc_titles = {"催款函", "律师函", "分期还款协议", "支付令申请书", "民事起诉状"}
    assert [f for f in data["findings"] if f["where"].split(" ")[0] in doc_titles] == []


def test_build_is_deterministic(tmp_path: Path) -> None:
    a = build_case(SAMPLES[0], tmp_path / "a")
    b = build_case(SAMPLES[0], tmp_path / "b")
    for d in a.documents:
        assert (tmp_path / "a" / a.case_id / d.file).read_bytes() == (tmp_path / "b" / b.case_id / d.file).read_bytes()
    assert (tmp_path / "a" / a.case_id / "manifest.json").read_bytes() == (
        tmp_path / "b" / b.case_id / "manifest.json"
    ).read_bytes()


def _copy(src: Path, dst: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    shutil.copytree(src, dst)
    data = json.loads((dst / "case.json").read_text(encoding="utf-8"))
    edit(data)
    (dst / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return dst


def test_blocked_supplied_text_stops_only_the_letter_carrying_it(tmp_path: Path) -> None:
    def edit(d):  # type: ignore[no-untyped-def]
        d["letters"] = {"demand_letter_extra": ["如再不还款，我们将上门催收并通知你的单位。"]}

    case_dir = _copy(SAMPLES[0], tmp_path / "case", edit)
    m = build_case(case_dir, tmp_path / "out")
    files = {d.file for d in m.documents}
    assert "01_催款函.docx" not in files
    assert "02_律师函.docx" in files
    assert [s["kind"] for s in m.skipped_documents] == ["demand_letter"]
    assert any(f.severity == "block" and f.where.startswith("letters.demand_letter_extra") for f in m.findings)


def test_failed_build_leaves_nothing_behind(tmp_path: Path) -> None:
    def edit(d):  # type: ignore[no-untyped-def]
        pass

    case_dir = _copy(SAMPLES[0], tmp_path / "case", edit)
    # a truncated evidence PDF that cannot be repaired blocks the bundle
    data = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    victim = case_dir / data["evidence"][1]["files"][0]
    victim.write_bytes(b"%PDF-1.7\n" + b"\x00" * 40)
    out = tmp_path / "out"
    with pytest.raises(BuildError) as err:
        build_case(case_dir, out, BuildOptions(strict=True))  # --strict: all or nothing
    assert "证据" in err.value.message
    assert not out.exists() or [p.name for p in out.iterdir()] == []


def test_only_selects_documents(tmp_path: Path) -> None:
    m = build_case(SAMPLES[0], tmp_path, BuildOptions(only=("demand_letter",)))
    assert [d.file for d in m.documents] == ["01_催款函.docx"]


def test_cli_build_and_calc(tmp_path: Path) -> None:
    r = _run("build", str(SAMPLES[0]), "--out", str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "✓" in r.stdout
    r = _run("calc", str(SAMPLES[0]), "--json")
    assert r.returncode == 0
    data = json.loads(r.stdout)
    claim = compute_claim(load_case(SAMPLES[0]))
    assert data["totals"]["total"] == f"{claim.totals.total:.2f}"
    r = _run("calc", str(SAMPLES[0]), "--as-of", "2026-13-01")
    assert r.returncode == 2 and "日期应为 YYYY-MM-DD" in r.stdout + r.stderr


def test_cli_usage_errors_are_chinese(tmp_path: Path) -> None:
    for args in (("build",), ("validate", "--nope", "x"), ("nosuchcommand",)):
        r = _run(*args)
        out = r.stdout + r.stderr
        assert r.returncode == 2, out
        assert "错误" in out and "Error" not in out and "Traceback" not in out


def test_cli_check_exit_status(tmp_path: Path) -> None:
    r = _run("check", str(REPO / "sample_cases" / "02-iou-no-interest"), "--json")
    findings = json.loads(r.stdout)
    # the sample's WeChat message at 21:02 is outside 08:00–21:00 (C1); the creditor is a natural
    # person, so the lenders' convention is a warning with its reason (issue 15/17), not a block
    c1 = [f for f in findings if f["rule_id"] == "C1"]
    assert [f["severity"] for f in c1] == ["warn"] and "自然人" in c1[0]["text"]
    assert r.returncode == 0
    # the same text rule set still blocks (exit 1) an unlawful message in a copied case
    case_dir = tmp_path / "02"
    shutil.copytree(REPO / "sample_cases" / "02-iou-no-interest", case_dir)
    data = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    data["letters"] = {**data.get("letters", {}), "demand_letter_extra": ["明天就去你單位找你領導聊聊。"]}
    (case_dir / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = _run("check", str(case_dir), "--json")
    assert r.returncode == 1
    assert any(f["severity"] == "block" and f["where"] == "letters.demand_letter_extra[0]" for f in json.loads(r.stdout))


def test_plan_option_drives_the_agreement_when_nothing_was_negotiated(tmp_path: Path) -> None:
    from pipeline.law.proposal import repayment_proposal

    case_dir = REPO / "sample_cases" / "02-iou-no-interest"
    case = load_case(case_dir)
    assert case.instalment_terms is None
    assert "03_分期还款协议.docx" not in {d.file for d in build_case(case_dir, tmp_path / "a").documents}
    m = build_case(case_dir, tmp_path / "b", BuildOptions(plan=2))
    assert "03_分期还款协议.docx" in {d.file for d in m.documents}
    option = repayment_proposal(case, compute_claim(case)).option(2)
    doc = Document(str(tmp_path / "b" / m.case_id / "03_分期还款协议.docx"))
    table = next(t for t in doc.tables if "期数" in t.rows[0].cells[0].text)
    amounts = [Decimal(r.cells[2].text.replace(",", "")) for r in table.rows[1:] if r.cells[0].text.startswith("第")]
    assert len(amounts) == option.count
    assert sum(amounts) == option.total
    r = _run("build", str(case_dir), "--out", str(tmp_path / "c"), "--plan", "99")
    assert r.returncode == 1 and "还款方案" in r.stdout and "Traceback" not in r.stdout + r.stderr


def test_build_with_efiling_lists_the_upload_files(tmp_path: Path) -> None:
    pytest.importorskip("pikepdf")
    from pipeline.efiling import libreoffice_available

    if libreoffice_available() is None:
        pytest.skip("LibreOffice 未安装（make sysdeps 安装 libreoffice-writer-nogui）")
    case_dir = REPO / "sample_cases" / "04-pre-2020-transitional"
    r = _run("build", str(case_dir), "--out", str(tmp_path), "--efiling")
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads((tmp_path / "04-pre-2020-transitional" / "manifest.json").read_text(encoding="utf-8"))
    efiling = {d["file"]: d for d in data["documents"] if d["kind"] == "efiling"}
    assert "efiling/01_民事起诉状.pdf" in efiling and "efiling/02_证据目录及证据材料.pdf" in efiling
    for name, d in efiling.items():
        path = tmp_path / "04-pre-2020-transitional" / name
        assert len(PdfReader(path).pages) == d["pages"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == d["sha256"]
    # forms signed on one sheet (two sides at most: the special powers are listed one by one);
    # test_layout_pdf checks that the signature block never lands alone on a page
    assert efiling["efiling/04_授权委托书.pdf"]["pages"] <= 2
    assert efiling["efiling/05_送达地址确认书.pdf"]["pages"] == 1
    complaint = "".join(p.extract_text() for p in PdfReader(tmp_path / "04-pre-2020-transitional" / "efiling/01_民事起诉状.pdf").pages)
    case = load_case(case_dir)
    assert case.creditor.name in complaint and case.debtors[0].name in complaint


def test_complaint_organisation_block_prints_only_given_facts(tmp_path: Path) -> None:
    """要素式 party block (法〔2025〕82号): 类型 from the case; 注册地 left blank when the case does not
    give it (never copied from the office address)."""
    case_dir = REPO / "sample_cases" / "03-consumer-finance-guarantor"
    case = load_case(case_dir)
    m = build_case(case_dir, tmp_path, BuildOptions(only=("filing",)))
    doc = Document(str(tmp_path / m.case_id / "04_民事起诉状.docx"))
    # the 原告（法人、非法人组织） block: one cell of label lines (the form's own layout)
    block = next(r.cells[1].text for t in doc.tables for r in t.rows
                 if r.cells[0].text == "原告\n（法人、非法人组织）")
    lines = block.splitlines()
    assert f"名称：{case.creditor.name}" in lines
    assert case.creditor.org_type == "有限责任公司" and "有限责任公司☑" in block and "股份有限公司☐" in block
    assert case.creditor.registered_address is None and "注册地 / 登记地：" in lines


def test_complaint_claims_are_grouped_by_heading_and_add_up(tmp_path: Path) -> None:
    import re

    case_dir = REPO / "sample_cases" / "03-consumer-finance-guarantor"
    claim = compute_claim(load_case(case_dir))
    m = build_case(case_dir, tmp_path, BuildOptions(only=("filing",)))
    text = _text(tmp_path / m.case_id / "04_民事起诉状.docx")
    sentence = next(line for line in text.splitlines() if line.startswith("一、判令被告"))
    lines = re.findall(r"\d+\. ([^\d；]+?)([\d,]+\.\d{2})元", sentence.split("以上合计")[0])
    labels = [label for label, _ in lines]
    assert len(labels) == len(set(labels))  # one heading per kind, e.g. a single 借期内利息
    # hand check: the headings add up to the engine total
    assert sum(Decimal(a.replace(",", "")) for _, a in lines) == claim.totals.total
    term = sum((it.amount for it in claim.items if it.kind == "term_interest"), Decimal("0"))
    assert f"借期内利息{figures(term)}元" in sentence
