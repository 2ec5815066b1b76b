"""The wheel installs into a fresh venv and runs outside the repository (issue 2: non-editable install).

Builds with the already-installed hatchling (no build isolation, so no download for the
build itself); the runtime dependencies come from the package index through pip's cache.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from conftest import BASE_SAMPLE, ROOT


def _run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_wheel_installs_and_runs_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT], cwd=tmp_path)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheels = list(dist.glob("cuishou-*.whl"))
    assert len(wheels) == 1

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    py = env_dir / "bin" / "python"
    install = _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheels[0]], cwd=tmp_path)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]

    work = tmp_path / "elsewhere"
    work.mkdir()
    case = work / BASE_SAMPLE.name
    shutil.copytree(BASE_SAMPLE, case)

    result = _run([env_dir / "bin" / "cuishou", "validate", case.name], cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "校验通过" in result.stdout

    result = _run([py, "-m", "pipeline", "--help"], cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr

    # the installed package is the wheel's, not the checkout, and carries its resources
    where = _run([py, "-c", "import pipeline, pathlib; print(pathlib.Path(pipeline.__file__).parent)"], cwd=work)
    pkg = Path(where.stdout.strip())
    assert env_dir in pkg.parents and ROOT not in pkg.parents
    assert (pkg / "_resources" / "schemas" / "case.schema.json").is_file()
    assert (pkg / "_resources" / "templates" / "zh").is_dir()
    assert (pkg / "law" / "data" / "lpr.csv").is_file()
    res = _run([py, "-c", "from pipeline._resources import schemas_dir, templates_dir; print(schemas_dir()); print(templates_dir())"], cwd=work)
    assert res.returncode == 0 and all(str(pkg) in line for line in res.stdout.split()), res.stdout + res.stderr

    # the installed schema equals the committed one
    installed = (pkg / "_resources" / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    assert installed == (ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8")
