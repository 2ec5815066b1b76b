"""Shared fixtures: the sample case folders, a valid case dict to break, and running `cuishou`."""

from __future__ import annotations

import copy
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.case import read_case_json

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_cases"
BIN = Path(sys.executable).parent
CUISHOU = BIN / "cuishou"
BASE_SAMPLE = SAMPLES / "01-company-loan-instalments"


def _load_make_samples() -> Any:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_samples", module)
    spec.loader.exec_module(module)
    return module


make_samples = _load_make_samples()
dump_json = make_samples.dump_json


def sample_case_dirs() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_dir() and (p / "case.json").is_file())


@pytest.fixture
def sample_dirs() -> list[Path]:
    """Every sample case folder (sample_cases/<case_id>/ with a case.json)."""
    return sample_case_dirs()


def base_case() -> dict[str, Any]:
    """The dict of sample case 01, numbers as exact Decimal."""
    return read_case_json((BASE_SAMPLE / "case.json").read_text(encoding="utf-8"))


@pytest.fixture
def make_case() -> Callable[..., dict[str, Any]]:
    """``make_case(**overrides)``: a fresh, valid case dict with top-level keys replaced."""

    def build(**overrides: Any) -> dict[str, Any]:
        data = copy.deepcopy(base_case())
        data.update(overrides)
        return data

    return build


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """``write_case(data | text, name=...)``: a case folder in tmp holding the base sample's
    evidence files and the given case.json (a dict is written with exact numbers)."""

    def write(data: dict[str, Any] | str, name: str = "case") -> Path:
        folder = tmp_path / name
        shutil.copytree(BASE_SAMPLE, folder)
        text = data if isinstance(data, str) else dump_json(data)
        (folder / "case.json").write_text(text, encoding="utf-8")
        return folder

    return write


def run_cuishou(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the venv's ``cuishou`` as a user would; output is stdout+stderr merged."""
    return subprocess.run(
        [str(CUISHOU), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="session", autouse=True)
def _all_documents() -> Any:
    """Tests of the documents build every kind whatever the case's stage (CUISHOU_ALL_DOCUMENTS=1,
    as ``--all-documents``); tests of the stage plan ask for :func:`stage_aware`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CUISHOU_ALL_DOCUMENTS", "1")
        yield


@pytest.fixture
def stage_aware(monkeypatch: pytest.MonkeyPatch) -> None:
    """The product's default: documents follow the case's stage (pipeline/stage)."""
    monkeypatch.delenv("CUISHOU_ALL_DOCUMENTS", raising=False)
