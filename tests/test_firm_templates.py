"""A firm's templates: misnamed files named (with the intended name), build warns, the manifest and the
docx core properties record the template each document was made from; "did you mean" for misspelt names."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from pipeline.build import BuildOptions, build_case

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_cases" / "02-iou-no-interest"
BUILTIN = REPO / "templates" / "zh"
CUISHOU = Path(sys.executable).parent / "cuishou"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CUISHOU), *args], capture_output=True, text=True)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_misnamed_firm_template_is_named_and_build_warns(tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    firm.mkdir()
    shutil.copy(BUILTIN / "01_催款函.docx", firm / "01_催款函（本所版）.docx")
    r = _run("templates", "check", str(firm))
    assert r.returncode == 1
    assert "“01_催款函（本所版）.docx”不对应任何文书" in r.stdout and "请改名为“01_催款函.docx”" in r.stdout

    m = build_case(SAMPLE, tmp_path / "out", BuildOptions(templates_dir=firm))
    warned = [n for n in m.notices if n.code == "W_TEMPLATE"]
    assert len(warned) == 1 and "01_催款函（本所版）.docx" in warned[0].text
    letter = next(d for d in m.documents if d.kind == "demand_letter")
    assert letter.template is not None and letter.template.source == "builtin"  # the firm's file was not used
    r = _run("build", str(SAMPLE), "--out", str(tmp_path / "out2"), "--templates", str(firm))
    assert r.returncode == 0 and "请改名为“01_催款函.docx”" in r.stdout


def test_manifest_and_core_properties_name_the_template(tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    firm.mkdir()
    shutil.copy(BUILTIN / "01_催款函.docx", firm / "01_催款函.docx")
    # make the firm's copy differ from the built-in one (another core property), so the sha256 tells them apart
    data = (firm / "01_催款函.docx").read_bytes() + b""
    with zipfile.ZipFile(firm / "01_催款函.docx", "a") as z:
        z.writestr("customXml/firm.txt", "本所版")
    assert _sha(firm / "01_催款函.docx") != _sha(BUILTIN / "01_催款函.docx") and data
    m = build_case(SAMPLE, tmp_path / "out", BuildOptions(templates_dir=firm))
    folder = tmp_path / "out" / m.case_id
    for d in m.documents:
        if not d.file.endswith(".docx"):
            continue
        assert d.template is not None, d.file
        if d.kind == "demand_letter":
            assert (d.template.source, d.template.file, d.template.sha256) == ("firm", "01_催款函.docx", _sha(firm / "01_催款函.docx"))
        else:
            builtin = next(BUILTIN.rglob(d.template.file))
            assert d.template.source == "builtin" and d.template.sha256 == _sha(builtin)
        desc = Document(str(folder / d.file)).core_properties.comments  # dc:description
        assert d.template.file in desc and d.template.sha256 in desc
        assert ("律所模板" if d.template.source == "firm" else "内置模板") in desc
    sms = next(d for d in m.documents if d.file.endswith(".txt"))
    assert sms.template is None


def test_did_you_mean_for_a_misspelt_field(tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    firm.mkdir()
    with zipfile.ZipFile(BUILTIN / "01_催款函.docx") as zin, zipfile.ZipFile(firm / "01_催款函.docx", "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = blob.decode()
                assert "{{ doc.debtor_names" in text
                blob = text.replace("{{ doc.debtor_names", "{{ doc.debtor_namse", 1).encode()
            zout.writestr(info, blob)
    r = _run("templates", "check", str(firm))
    assert r.returncode == 1
    assert re.search(r"doc\.debtor_namse 不存在.*是否想写 debtor_names？", r.stdout), r.stdout


def test_templates_export_writes_templates_and_variables_reference(tmp_path: Path) -> None:
    import csv
    import json

    target = tmp_path / "export"
    r = _run("templates", "export", str(target))
    assert r.returncode == 0, r.stdout + r.stderr
    for src in BUILTIN.rglob("*.docx"):
        assert (target / src.relative_to(BUILTIN)).read_bytes() == src.read_bytes()
    # the exported folder is a valid firm template folder: nothing misnamed, every template lints clean
    r = _run("templates", "check", str(target))
    assert r.returncode == 0, r.stdout
    with (target / "变量说明.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {row["变量"]: row for row in csv.DictReader(fh)}
    assert all(row["含义"] for row in rows.values())  # every variable has a Chinese meaning
    case = json.loads((REPO / "sample_cases" / "01-company-loan-instalments" / "case.json").read_text(encoding="utf-8"))
    assert rows["case.creditor.name"]["示例值"] == case["creditor"]["name"]
    assert rows["doc.debtor_names"]["示例值"] == "、".join(d["name"] for d in case["debtors"])
    assert "claim.totals.total_words" in rows and "doc.debtors[*].name" in rows
    md = (target / "变量说明.md").read_text(encoding="utf-8")
    assert "| `doc.debtor_names` |" in md
    # a firm's edited copy in the folder is never overwritten
    edited = target / "01_催款函.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    r = _run("templates", "export", str(target))
    assert r.returncode == 1 and "01_催款函.docx" in r.stdout
    assert edited.read_bytes().endswith(b"\0")
