"""Batch runs: parallel = serial bytes, one bad case fails alone, kill + rerun, incremental, JSON events, Dask."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import discover_cases, run_batch

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_cases"
CUISHOU = Path(sys.executable).parent / "cuishou"


def _sample_dirs() -> list[Path]:
    return sorted(p.parent for p in SAMPLES.glob("*/case.json"))


def _copy_case(src: Path, dst: Path, case_id: str) -> Path:
    shutil.copytree(src, dst)
    data = json.loads((dst / "case.json").read_text(encoding="utf-8"))
    data["case_id"] = case_id
    (dst / "case.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return dst


def _make_root(tmp: Path, copies: int = 1) -> Path:
    """The sample cases plus generated variants (same facts, other case ids)."""
    root = tmp / "cases"
    root.mkdir()
    for src in _sample_dirs():
        shutil.copytree(src, root / src.name)
        for k in range(copies):
            _copy_case(src, root / "generated" / f"{src.name}-{k}", f"{src.name}-gen{k}")
    return root


def _tree_digest(out: Path) -> dict[str, str]:
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "batch-report.json":
            files[p.relative_to(out).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return files


def _assert_no_partial(out: Path) -> None:
    for child in out.iterdir():
        assert not child.name.startswith((".tmp-", ".old-")), f"partial folder left: {child.name}"
        if child.is_dir():
            assert (child / "manifest.json").is_file(), f"{child.name} has no manifest"


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ref")
    root = _make_root(tmp)
    out = tmp / "out"
    report = run_batch(root, out, jobs=1)
    assert report.ok, [r for r in report.cases if r.status == "failed"]
    return root, out


def test_discovery_finds_every_case_folder(reference):
    root, _ = reference
    found = discover_cases(root)
    assert len(found) == 2 * len(_sample_dirs())
    assert all((d / "case.json").is_file() for d in found)


def test_jobs_1_and_2_give_identical_outputs(reference, tmp_path):
    root, out1 = reference
    out2 = tmp_path / "out2"
    report = run_batch(root, out2, jobs=2)
    assert report.ok
    assert report.counts["built"] == len(report.cases)
    d1, d2 = _tree_digest(out1), _tree_digest(out2)
    assert d1 == d2
    # every case produced a manifest and at least the filing documents
    for case_dir in discover_cases(root):
        case_id = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))["case_id"]
        m = json.loads((out2 / case_id / "manifest.json").read_text(encoding="utf-8"))
        kinds = {d["kind"] for d in m["documents"]}
        assert {"payment_order", "complaint"} & kinds


def test_rerun_skips_unchanged_and_rebuilds_only_changed_case(tmp_path):
    root = _make_root(tmp_path)
    out = tmp_path / "out"
    first = run_batch(root, out, jobs=2)
    assert first.ok and first.counts["built"] == len(first.cases)
    before = _tree_digest(out)
    second = run_batch(root, out, jobs=2)
    assert second.counts == {"built": 0, "skipped": len(first.cases), "failed": 0}
    assert _tree_digest(out) == before
    # change one evidence file of one case (append bytes after the PDF's end / JPEG's end)
    victim = sorted(discover_cases(root))[0]
    data = json.loads((victim / "case.json").read_text(encoding="utf-8"))
    ev_file = victim / data["evidence"][0]["files"][0]
    ev_file.write_bytes(ev_file.read_bytes() + b"\n")
    third = run_batch(root, out, jobs=2)
    built = [r.case_dir for r in third.cases if r.status == "built"]
    assert built == [os.path.relpath(victim, root)]
    assert third.counts["skipped"] == len(first.cases) - 1
    forced = run_batch(root, out, jobs=2, force=True)
    assert forced.counts["built"] == len(first.cases)


def test_broken_case_fails_alone(tmp_path):
    root = _make_root(tmp_path, copies=0)
    bad = _copy_case(_sample_dirs()[0], root / "zz-broken", "zz-broken")
    data = json.loads((bad / "case.json").read_text(encoding="utf-8"))
    data["loan"]["face_principal"] = "abc"
    (bad / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(CUISHOU), "batch", str(root), "--out", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    statuses = {c["case_dir"]: c["status"] for c in report["cases"]}
    assert statuses.pop("zz-broken") == "failed"
    assert set(statuses.values()) == {"built"}
    failed = next(c for c in report["cases"] if c["case_dir"] == "zz-broken")
    assert any("loan.face_principal" in p and "应为数字" in p for p in failed["problems"])
    assert not (out / "zz-broken").exists()
    _assert_no_partial(out)


def test_json_events_parse(tmp_path):
    root = _make_root(tmp_path, copies=0)
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(CUISHOU), "batch", str(root), "--out", str(out), "--jobs", "1", "--json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert events[0]["event"] == "start" and events[0]["total"] == len(_sample_dirs())
    assert events[-1]["event"] == "end" and events[-1]["built"] == len(_sample_dirs())
    case_events = [e for e in events if e["event"] == "case"]
    assert [e["done"] for e in case_events] == list(range(1, len(_sample_dirs()) + 1))


def test_killed_batch_resumes_to_identical_outputs(reference, tmp_path):
    ref_root, ref_out = reference
    root = _make_root(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [str(CUISHOU), "batch", str(root), "--out", str(out), "--jobs", "2", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # wait for the first finished case, then kill the whole process group mid-run
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if json.loads(line).get("event") == "case":
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # a killed batch leaves complete case folders only (stale temp folders are cleaned on rerun)
    for child in out.iterdir():
        if child.is_dir() and not child.name.startswith("."):
            assert (child / "manifest.json").is_file()
    report = run_batch(root, out, jobs=2)
    assert report.ok
    _assert_no_partial(out)
    assert _tree_digest(out) == _tree_digest(ref_out)


def test_dask_local_cluster_matches_local_run(reference, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    root, ref_out = reference
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_batch(root, out, scheduler=cluster.scheduler_address)
    assert report.ok
    assert _tree_digest(out) == _tree_digest(ref_out)
