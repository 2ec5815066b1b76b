"""Partial builds (pipeline/partial.py, needs.toml): a problem holds back only the documents that need the
faulty data; exit status 3 says "partial"; --strict keeps all-or-nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from pipeline.batch import run_batch
from pipeline.build import BuildError, BuildOptions, build_case
from pipeline.partial import held_back_kinds, needs
from pipeline.case import Problem

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_cases" / "01-company-loan-instalments"
CUISHOU = Path(sys.executable).parent / "cuishou"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CUISHOU), *args], capture_output=True, text=True)


def _case(tmp: Path, name: str = "case") -> tuple[Path, dict]:
    dst = tmp / name
    shutil.copytree(SAMPLE, dst)
    return dst, json.loads((dst / "case.json").read_text(encoding="utf-8"))


def _save(case_dir: Path, data: dict) -> None:
    (case_dir / "case.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _all_text(path: Path) -> str:
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_needs_table_maps_paths_to_kinds() -> None:
    n = needs()
    assert n.group_of("evidence[3].files[0]") == "evidence_files"
    assert n.group_of("debtors[0].id_number") == "identity"
    assert n.group_of("creditor.representative_id_number") == "identity"
    assert n.group_of("loan.disbursements[0].amount") is None  # core data
    held = held_back_kinds([Problem("evidence[0].files[0]", "文件不存在", "a.pdf")])
    assert held is not None and sorted(held) == ["bundle", "efiling"]
    assert held_back_kinds([Problem("loan.due_date", "x")]) is None


def test_missing_scan_holds_back_bundle_only(tmp_path: Path) -> None:
    case_dir, data = _case(tmp_path)
    missing = data["evidence"][0]["files"][0]
    (case_dir / missing).unlink()
    out = tmp_path / "out"
    r = _run("build", str(case_dir), "--out", str(out))
    assert r.returncode == 3, r.stdout + r.stderr
    assert "暂不生成证据目录及证据材料" in r.stdout and "文件不存在" in r.stdout
    folder = out / data["case_id"]
    names = {p.name for p in folder.iterdir()}
    # the letters, the SMS and the filing draft are built; the bundle is not
    assert {"00_提醒短信.txt", "01_催款函.docx", "02_律师函.docx", "04_支付令申请书.docx"} <= names
    assert not any(n.endswith(".pdf") for n in names)
    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert m["held_back"] == [
        {
            "kind": "bundle",
            "title": "证据目录及证据材料",
            "problems": [{"path": "evidence[0].files[0]", "message": "文件不存在", "value": missing, "code": "E_FILE_MISSING"}],
        }
    ]
    assert not any(d["kind"] == "evidence_bundle" for d in m["documents"])

    # --strict: all or nothing, exit status 1, the folder from the partial build stays as it was
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    r = _run("build", str(case_dir), "--out", str(out), "--strict")
    assert r.returncode == 1 and "文件不存在" in r.stdout
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_missing_scan_holds_back_efiling_too(tmp_path: Path) -> None:
    case_dir, data = _case(tmp_path)
    (case_dir / data["evidence"][0]["files"][0]).unlink()
    # held back before LibreOffice is needed: the filing set needs every scan
    m = build_case(case_dir, tmp_path / "out", BuildOptions(efiling=True))
    assert [h.kind for h in m.held_back] == ["bundle", "efiling"]
    assert not (tmp_path / "out" / data["case_id"] / "efiling").exists()


def test_wrong_id_check_digit_holds_back_documents_that_print_it(tmp_path: Path) -> None:
    case_dir, data = _case(tmp_path)
    good = data["debtors"][0]["id_number"]
    # GB 11643: the 18th character is a check digit; replacing it by another digit makes the number invalid
    bad = good[:17] + ("4" if good[17] != "4" else "5")
    data["debtors"][0]["id_number"] = bad
    _save(case_dir, data)
    m = build_case(case_dir, tmp_path / "out")
    held = {h.kind: h for h in m.held_back}
    assert sorted(held) == ["filing", "instalment_agreement"]
    assert held["filing"].problems[0].path == "debtors[0].id_number"
    assert "校验码" in held["filing"].problems[0].message
    kinds = {d.kind for d in m.documents}
    assert {"demand_letter", "lawyer_letter"} <= kinds
    assert not {"payment_order", "complaint", "instalment_agreement"} & kinds
    folder = tmp_path / "out" / data["case_id"]
    assert (folder / "00_提醒短信.txt").is_file()
    for d in m.documents:  # the faulty number is printed nowhere
        if d.file.endswith(".docx"):
            assert bad not in _all_text(folder / d.file)
    # --only soft still gives the reminder SMS (the issue: "not even the reminder SMS is produced")
    m2 = build_case(case_dir, tmp_path / "out2", BuildOptions(only=("soft",)))
    assert any(d.file == "00_提醒短信.txt" for d in m2.documents) and m2.held_back == []


def test_core_problem_still_fails_and_only_held_kind_fails(tmp_path: Path) -> None:
    case_dir, data = _case(tmp_path)
    data["loan"]["disbursements"][0]["amount"] = "-5"
    _save(case_dir, data)
    with pytest.raises(BuildError):
        build_case(case_dir, tmp_path / "out")
    case2, data2 = _case(tmp_path, "case2")
    (case2 / data2["evidence"][0]["files"][0]).unlink()
    with pytest.raises(BuildError) as err:  # asking only for what is held back: nothing to build
        build_case(case2, tmp_path / "out", BuildOptions(only=("bundle",)))
    assert "文件不存在" in str(err.value)


def test_unbindable_scan_holds_back_bundle(tmp_path: Path) -> None:
    case_dir, data = _case(tmp_path)
    (case_dir / data["evidence"][1]["files"][0]).write_bytes(b"%PDF-1.7\n" + b"\x00" * 40)
    m = build_case(case_dir, tmp_path / "out")
    assert [h.kind for h in m.held_back] == ["bundle"]
    assert any(d.kind == "demand_letter" for d in m.documents)


def test_batch_reports_partial_with_exit_status_3(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    root.mkdir()
    case_dir, data = _case(root, "a")
    (case_dir / data["evidence"][0]["files"][0]).unlink()
    shutil.copytree(REPO / "sample_cases" / "02-iou-no-interest", root / "b")
    out = tmp_path / "out"
    report = run_batch(root, out, jobs=1)
    assert report.ok and report.partial == 1
    a = next(r for r in report.cases if r.case_dir == "a")
    assert a.status == "built" and a.held_back == ("bundle",) and any("文件不存在" in p for p in a.problems)
    r = _run("batch", str(root), "--out", str(out), "--force")
    assert r.returncode == 3, r.stdout + r.stderr
    assert "部分生成 1 件" in r.stdout
    r = _run("batch", str(root), "--out", str(out), "--force", "--strict")
    assert r.returncode == 1
