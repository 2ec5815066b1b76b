"""Stable codes next to the Chinese text (pipeline/codes.toml, docs/codes.md); `$schema` in case.json."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.build import build_case
from pipeline.codes import PROBLEM_FALLBACK, WARNING_FALLBACK, codes_markdown, warning_code

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.parent for p in (REPO / "sample_cases").glob("*/case.json"))
CUISHOU = Path(sys.executable).parent / "cuishou"


def _validate_json(folder: Path) -> dict:
    r = subprocess.run([str(CUISHOU), "validate", "--json", str(folder)], capture_output=True, text=True)
    return json.loads(r.stdout)[0]


def _variant(tmp: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    dst = tmp / "case"
    shutil.copytree(SAMPLES[0], dst)
    data = json.loads((dst / "case.json").read_text(encoding="utf-8"))
    edit(data, dst)
    (dst / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return dst


def test_codes_doc_is_generated_from_the_table() -> None:
    assert (REPO / "docs" / "codes.md").read_text(encoding="utf-8") == codes_markdown()


@pytest.mark.parametrize("case_dir", SAMPLES, ids=lambda p: p.name)
def test_every_sample_warning_has_a_specific_code(case_dir: Path, tmp_path: Path) -> None:
    m = build_case(case_dir, tmp_path)
    assert [n.text for n in m.notices] == m.warnings
    for n in m.notices:
        assert n.code != WARNING_FALLBACK, n.text
    for w in _validate_json(case_dir)["warnings"]:
        assert w["code"].startswith("W_") and w["code"] != WARNING_FALLBACK, w["message"]


@pytest.mark.parametrize(
    ("edit", "path", "code"),
    [
        (lambda d, f: d["loan"].pop("principal", None) or d.pop("computation_date"), "computation_date", "E_MISSING_FIELD"),
        (lambda d, f: d.__setitem__("debtor", {}), "debtor", "E_UNKNOWN_FIELD"),
        (lambda d, f: d["debtors"][0].__setitem__("id_number", d["debtors"][0]["id_number"][:17] + "0"), "debtors[0].id_number", "E_ID_NUMBER"),
        (lambda d, f: (f / d["evidence"][0]["files"][0]).unlink(), "evidence[0].files[0]", "E_FILE_MISSING"),
        (lambda d, f: d["evidence"][0]["files"].__setitem__(0, "../x.pdf"), "evidence[0].files[0]", "E_FILE_PATH"),
        (lambda d, f: d.__setitem__("computation_date", "2025-13-01"), "computation_date", "E_DATE_FORMAT"),
    ],
)
def test_problems_carry_codes(tmp_path: Path, edit, path: str, code: str) -> None:  # type: ignore[no-untyped-def]
    folder = _variant(tmp_path, edit)
    result = _validate_json(folder)
    assert not result["valid"]
    found = {p["path"]: p["code"] for p in result["problems"]}
    assert found.get(path) == code, result["problems"]
    assert all(p["code"] != PROBLEM_FALLBACK for p in result["problems"]), result["problems"]


def test_batch_collapses_the_holiday_notice(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    for s in SAMPLES:
        shutil.copytree(s, root / s.name)
    report = run_batch(root, tmp_path / "out", jobs=1)
    holiday = [n for n in report.notices if n["code"] == "W_HOLIDAY_TABLE"]
    per_case = [w for r in report.cases for w in r.warnings if warning_code(w) == "W_HOLIDAY_TABLE"]
    assert len(per_case) == len(SAMPLES)  # every sample's limitation date is after the table's end
    assert len(holiday) == 1 and len(holiday[0]["cases"]) == len(SAMPLES)
    data = json.loads((tmp_path / "out" / "batch-report.json").read_text(encoding="utf-8"))
    assert sum(1 for n in data["notices"] if n["code"] == "W_HOLIDAY_TABLE") == 1


def test_dollar_schema_is_accepted(tmp_path: Path) -> None:
    folder = _variant(tmp_path, lambda d, f: d.__setitem__("$schema", "../../schemas/case.schema.json"))
    assert _validate_json(folder)["valid"]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    bad = _variant(tmp_path / "b", lambda d, f: d.__setitem__("$schema", 5))
    result = _validate_json(bad)
    assert [p["path"] for p in result["problems"]] == ["$schema"]
