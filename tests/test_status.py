"""`cuishou status`: the portfolio over a folder of case folders (issue 13, item 4)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.build import BuildOptions

from conftest import SAMPLES, run_cuishou, sample_case_dirs

pytestmark = pytest.mark.usefixtures("stage_aware")


def test_status_json_rows_sorted_by_urgency() -> None:
    r = run_cuishou("status", SAMPLES, "--json")
    assert r.returncode == 0, r.stdout
    data = json.loads(r.stdout)
    rows = data["cases"]
    assert {x["case_id"] for x in rows} == {d.name for d in sample_case_dirs()}
    by_id = {x["case_id"]: x for x in rows}
    # sample 02: 催款函 2025-12-10, deadline 2025-12-17 (Wednesday) → filing due from 2025-12-18, overdue on 2026-03-31
    assert by_id["02-iou-no-interest"]["due"] == "2025-12-18" and by_id["02-iou-no-interest"]["urgency"] == "overdue"
    # sample 01: performing, first instalment 2026-04-15 → reminder by 2026-04-12, not overdue
    assert by_id["01-company-loan-instalments"]["stage"] == "instalments_performing"
    assert by_id["01-company-loan-instalments"]["urgency"] == "later"
    order = [x["urgency"] for x in rows]
    rank = {"error": 0, "overdue": 1, "limitation": 2, "due": 3, "later": 4}
    assert order == sorted(order, key=rank.__getitem__)
    assert data["summary"]["cases"] == len(rows)
    assert sum(v["cases"] for v in data["summary"]["per_stage"].values()) == len(rows)


def test_status_as_of_after_default_and_a_bad_case(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for d in sample_case_dirs()[:2]:
        shutil.copytree(d, root / d.name)
    (root / "broken").mkdir()
    (root / "broken" / "case.json").write_text("{", encoding="utf-8")
    r = run_cuishou("status", root, "--as-of", "2026-05-10", "--json")
    assert r.returncode == 0, r.stdout
    rows = {x["case_id"]: x for x in json.loads(r.stdout)["cases"]}
    assert rows["01-company-loan-instalments"]["stage"] == "instalments_accelerable"
    # first instalment 2026-04-15 + grace 10 days = 2026-04-25, a Saturday → the grace period ends
    # Monday 2026-04-27 (民法典第二百零三条); acceleration and the filing are due from 2026-04-28
    assert rows["01-company-loan-instalments"]["due"] == "2026-04-28"
    assert rows["broken"]["urgency"] == "error" and rows["broken"]["problem"]
    assert json.loads(r.stdout)["cases"][0]["case_id"] == "broken"


def test_batch_writes_the_overview(tmp_path: Path) -> None:
    report = run_batch(SAMPLES, tmp_path / "out", jobs=1, options=BuildOptions())
    assert report.ok
    data = json.loads((tmp_path / "out" / "status.json").read_text(encoding="utf-8"))
    assert {x["case_id"] for x in data["cases"]} == {d.name for d in sample_case_dirs()}
    page = (tmp_path / "out" / "案件总览.html").read_text(encoding="utf-8")
    assert all(d.name in page for d in sample_case_dirs())


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="Chromium 未安装（make sysdeps）")
def test_html_loads_in_a_real_browser_and_shows_every_case(tmp_path: Path) -> None:
    page = tmp_path / "总览.html"
    r = run_cuishou("status", SAMPLES, "--html", page)
    assert r.returncode == 0, r.stdout
    browser = _chromium()
    assert browser
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    for d in sample_case_dirs():
        assert f"<td>{d.name}</td>" in html
    assert html.count("<svg") == 3 and "各阶段案件数" in html
    shot = tmp_path / "shot.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile2'}",
         f"--screenshot={shot}", "--window-size=1300,900", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert shot.is_file() and shot.stat().st_size > 10_000  # something was painted
