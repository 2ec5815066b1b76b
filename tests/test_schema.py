"""The committed schemas/*.schema.json are what `cuishou schema` generates from the models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, run_cuishou


def test_committed_schemas_are_current() -> None:
    result = run_cuishou("schema", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_output_equals_committed_file(tmp_path: Path) -> None:
    result = run_cuishou("schema", cwd=tmp_path)
    assert result.returncode == 0
    committed = (ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed
    schema = json.loads(committed)
    # Chinese hints for editors: every property has a Chinese title
    props = schema["properties"]
    assert props["computation_date"]["title"] == "计算截止日（暂计至）"
    assert schema["additionalProperties"] is False


def test_check_fails_when_stale(tmp_path: Path) -> None:
    # A copy of the checkout whose committed schema lost a field: --check must fail (exit 1).
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "pipeline", copy / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", copy / "schemas")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    path = copy / "schemas" / "case.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    del schema["properties"]["computation_date"]
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "schema", "--check"],
        cwd=copy, capture_output=True, text=True, env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "已过期" in result.stdout and "case.schema.json" in result.stdout
