"""``cuishou batch --print`` (pipeline/print_mail.py): one PDF per letter kind, every letter in case
order, one copy per recipient, each starting on a new sheet; the courier's address list."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import SAMPLES, run_cuishou
from pipeline.case import load_case
from pipeline.efiling import libreoffice_available

needs_lo = pytest.mark.skipif(libreoffice_available() is None, reason="未安装 LibreOffice（soffice）")
CASES = sorted(p for p in SAMPLES.iterdir() if (p / "case.json").is_file())


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "cases"
    for d in CASES:
        shutil.copytree(d, root / d.name)
    return root


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("print")
    root = _root(tmp)
    out = tmp / "out"
    r = run_cuishou("batch", root, "--out", out, "--print")  # every letter: CUISHOU_ALL_DOCUMENTS=1 (conftest)
    assert r.returncode == 0, r.stdout
    assert "打印文件：" in r.stdout
    return out


def _recipients(case_dir: Path, kind: str) -> list[str]:
    case = load_case(case_dir)
    names = [d.name for d in case.debtors]
    if kind == "lawyer_letter":
        names += [g.party.name for g in case.guarantors]
    return names


def _letters(out: Path, kind: str) -> list[tuple[str, str]]:
    """(case_id, 函号) of each case's letter of this kind, from its manifest, in case order."""
    got = []
    for d in CASES:
        m = json.loads((out / d.name / "manifest.json").read_text(encoding="utf-8"))
        for doc in m["documents"]:
            if doc["kind"] == kind:
                got.append((d.name, doc.get("letter_no") or ""))
    return got


@needs_lo
@pytest.mark.parametrize("kind,title", [("demand_letter", "催款函"), ("lawyer_letter", "律师函")])
def test_one_pdf_per_kind_in_case_order_duplex(printed: Path, kind: str, title: str) -> None:
    letters = _letters(printed, kind)
    assert letters, kind
    reader = PdfReader(printed / "打印" / f"{title}_全部.pdf")
    texts = [p.extract_text() or "" for p in reader.pages]
    # each letter's first page carries its spaced title line (催  款  函 / 律  师  函)
    heading = "  ".join(title)
    starts = [i for i, t in enumerate(texts) if heading in t.splitlines()[:4]]
    expected = [(cid, no, name) for cid, no in letters for name in _recipients(SAMPLES / cid, kind)]
    assert len(starts) == len(expected), (starts, expected)
    for n, (start, (cid, no, _)) in enumerate(zip(starts, expected)):
        end = starts[n + 1] if n + 1 < len(starts) else len(texts)
        assert start % 2 == 0, f"{cid}: letter starts on a back page"
        assert (end - start) % 2 == 0, f"{cid}: odd page count, not padded for duplex"
        body = "".join("".join(texts[start:end]).split())  # extraction spaces out digits: compare without spaces
        assert load_case(SAMPLES / cid).debtors[0].name in body
        if no:
            assert "".join(no.split()) in body


def test_address_list_csv_and_xlsx(printed: Path) -> None:
    raw = (printed / "打印" / "邮寄清单.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["收件人", "收件地址", "邮政编码", "联系电话", "函号", "文书", "案件编号", "落款日期"]
    expected = []
    for d in CASES:
        m = json.loads((printed / d.name / "manifest.json").read_text(encoding="utf-8"))
        for doc in m["documents"]:
            if doc["kind"] in ("demand_letter", "lawyer_letter"):
                for name in _recipients(d, doc["kind"]):
                    expected.append((name, doc.get("letter_no") or "", doc["title"], d.name, doc["date"]))
    assert [(r[0], r[4], r[5], r[6], r[7]) for r in rows[1:]] == expected
    case01 = load_case(SAMPLES / "01-company-loan-instalments")
    first = next(r for r in rows[1:] if r[6] == case01.case_id)
    assert first[3] == case01.debtors[0].phone and len(first[2]) in (0, 6)
    wb = load_workbook(printed / "打印" / "邮寄清单.xlsx", read_only=True)
    xrows = [[c if c is not None else "" for c in r] for r in wb.active.iter_rows(values_only=True)]
    assert xrows == rows


@needs_lo
def test_same_batch_same_bytes(printed: Path, tmp_path: Path) -> None:
    root = _root(tmp_path)
    out = tmp_path / "out"
    r = run_cuishou("batch", root, "--out", out, "--print")
    assert r.returncode == 0, r.stdout
    for f in sorted((printed / "打印").iterdir()):
        assert (out / "打印" / f.name).read_bytes() == f.read_bytes(), f.name


def test_without_libreoffice_the_list_is_written_and_the_batch_succeeds(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CUISHOU_SOFFICE", str(tmp_path / "no-soffice"))
    root = _root(tmp_path)
    out = tmp_path / "out"
    r = run_cuishou("batch", root, "--out", out, "--print")
    assert r.returncode == 0, r.stdout
    assert "未生成打印用 PDF" in r.stdout and "LibreOffice" in r.stdout and "Traceback" not in r.stdout
    assert (out / "打印" / "邮寄清单.csv").is_file() and not list((out / "打印").glob("*.pdf"))
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert report["printed"]["warnings"] and report["counts"]["failed"] == 0
