"""The job table's fencing, without HTTP: a worker whose claim was taken away cannot finish the job,
and a result moved into place just before a crash is adopted instead of built again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SAMPLES
from pipeline.service.layout import Layout
from pipeline.service.store import JobStore
from pipeline.service.worker import Worker


def _store(tmp_path: Path) -> tuple[JobStore, Layout]:
    layout = Layout(tmp_path / "data")
    layout.make()
    store = JobStore(layout.root)
    store.init()
    return store, layout


def _submit(store: JobStore, layout: Layout, job_id: str = "j1", case_id: str = "01-company-loan-instalments") -> None:
    shutil.copytree(SAMPLES / case_id, layout.input_case(job_id))
    store.insert(job_id=job_id, case_id=case_id, digest="d-" + job_id, options={}, idempotency_key=None, input_files=1, input_bytes=1)


def _worker(layout: Layout, slot: int) -> Worker:
    import os

    return Worker({"data_dir": str(layout.root), "instance": "test", "slot": slot, "parent": os.getppid()})


def test_a_worker_whose_claim_was_taken_away_cannot_finish(tmp_path: Path) -> None:
    store, layout = _store(tmp_path)
    _submit(store, layout)
    old = store.claim("old:0", 111)
    assert old is not None and old["status"] == "running" and old["attempts"] == 1
    assert store.claim("old:1", 112) is None  # nothing else queued: a running job is never claimed twice
    assert store.requeue_all_running("服务重新启动，重新排队") == 1  # the service restarted
    new = store.claim("new:0", 222)
    assert new is not None and new["attempts"] == 2 and new["lease_owner"] != old["lease_owner"]
    # the old worker (had it survived) finishes its build: its commit is refused, its folder removed
    stale = layout.work / "j1.1"
    (stale / "01-company-loan-instalments").mkdir(parents=True)
    _worker(layout, 0).commit(old, stale)
    assert not stale.exists() and not layout.result("j1").exists()
    assert store.get("j1")["status"] == "running"
    # the new owner builds and commits: exactly one completion
    _worker(layout, 1).run_job(new)
    job = store.get("j1")
    assert job["status"] == "succeeded"
    assert [e["event"] for e in store.events("j1")] == ["submitted", "started", "requeued", "started", "completed"]
    manifest = json.loads((layout.result_case("j1", "01-company-loan-instalments") / "manifest.json").read_bytes())
    assert manifest["case_id"] == "01-company-loan-instalments"
    assert (layout.result("j1") / "claim.json").is_file() and (layout.result("j1") / "checks.json").is_file()
    assert not any(layout.work.iterdir())


def test_a_result_moved_into_place_before_a_crash_is_adopted_not_rebuilt(tmp_path: Path) -> None:
    store, layout = _store(tmp_path)
    _submit(store, layout)
    first = store.claim("a:0", 1)
    assert first is not None
    _worker(layout, 0).run_job(first)
    done = layout.result("j1")
    manifest = done / "01-company-loan-instalments" / "manifest.json"
    before = manifest.stat().st_mtime_ns
    # simulate the crash window: the folder is in place, the job row still says running
    with store.write() as conn:
        conn.execute("UPDATE jobs SET status = 'running', stage = 'committing' WHERE id = 'j1'")
        conn.execute("DELETE FROM events WHERE event = 'completed'")
    store.requeue_all_running("服务重新启动，重新排队")
    second = store.claim("b:0", 2)
    assert second is not None
    _worker(layout, 0).run_job(second)
    assert store.get("j1")["status"] == "succeeded"
    events = store.events("j1")
    assert [e["event"] for e in events].count("completed") == 1
    assert events[-1]["detail"] == "adopted"
    assert manifest.stat().st_mtime_ns == before  # not rebuilt


def test_a_dead_workers_job_is_requeued_then_failed_after_max_attempts(tmp_path: Path) -> None:
    store, layout = _store(tmp_path)
    _submit(store, layout)
    for attempt in (1, 2, 3):
        job = store.claim("inst:0", 100 + attempt)
        assert job is not None and job["attempts"] == attempt
        failed = store.requeue_owned_by(f"inst:0:{100 + attempt}", "信号 SIGKILL", max_attempts=3)
    assert failed == ["j1"]
    job = store.get("j1")
    assert job["status"] == "failed" and json.loads(job["error"])["code"] == "worker_crashed"
    assert "信号 SIGKILL" in json.loads(job["error"])["message"]
    # a failed job frees its digest for a new submission
    assert store.find_active_by_digest("d-j1") is None


def test_identical_submissions_make_one_job(tmp_path: Path) -> None:
    store, layout = _store(tmp_path)
    a, created_a = store.insert(job_id="x1", case_id="c", digest="same", options={}, idempotency_key="k", input_files=1, input_bytes=1)
    b, created_b = store.insert(job_id="x2", case_id="c", digest="same", options={}, idempotency_key=None, input_files=1, input_bytes=1)
    c, created_c = store.insert(job_id="x3", case_id="c", digest="other", options={}, idempotency_key="k", input_files=1, input_bytes=1)
    assert (created_a, created_b, created_c) == (True, False, False)
    assert a["id"] == b["id"] == c["id"] == "x1"


def test_latest_succeeded_job_per_case(tmp_path: Path) -> None:
    store, _ = _store(tmp_path)
    for job_id, case_id, status in (("a1", "A", "succeeded"), ("b1", "B", "succeeded"), ("a2", "A", "succeeded"), ("a3", "A", "failed"), ("c1", "C", "queued")):
        store.insert(job_id=job_id, case_id=case_id, digest=job_id, options={}, idempotency_key=None, input_files=1, input_bytes=1)
        with store.write() as conn:
            conn.execute("UPDATE jobs SET status = ? WHERE id = ?", (status, job_id))
    assert [(j["case_id"], j["id"]) for j in store.latest_succeeded_per_case()] == [("A", "a2"), ("B", "b1")]
