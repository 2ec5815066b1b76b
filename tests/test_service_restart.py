"""`cuishou serve` survives being killed: jobs resume from the job table and complete exactly once;
the webhook is retried and signed; the service refuses to start where it must not."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import SAMPLES, base_case, dump_json, run_cuishou
from pipeline.service import verify_signature
from test_service_support import CUISHOU, Service, free_port, multipart, wait_done, zh

SECRET = "webhook-secret-for-tests"


class Receiver:
    """A webhook receiver on loopback; answers 500 to the first ``fail_first`` deliveries."""

    def __init__(self, fail_first: int = 1):
        self.calls: list[dict[str, Any]] = []
        self.fail_first = fail_first
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls.append({"headers": dict(self.headers), "body": body, "at": time.monotonic()})
                status = 500 if len(outer.calls) <= outer.fail_first else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _case(tmp: Path, case_id: str) -> Path:
    import shutil

    folder = tmp / case_id
    shutil.copytree(SAMPLES / "01-company-loan-instalments", folder)
    data = base_case()
    data["case_id"] = case_id
    (folder / "case.json").write_text(dump_json(data), encoding="utf-8")
    return folder


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_stage(client: httpx.Client, job_id: str, stage: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get(f"/v1/jobs/{job_id}").json()["progress"]["stage"] == stage:
            return
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} never reached {stage}")


def test_killed_mid_job_the_service_resumes_and_every_job_completes_once(tmp_path: Path, receiver: Receiver) -> None:
    data = tmp_path / "data"
    args = ("--webhook-url", receiver.url)
    env = {"CUISHOU_WEBHOOK_SECRET": SECRET}
    svc = Service(data, *args, env=env, workers=1).start()
    cases = [_case(tmp_path, f"restart-{i}") for i in range(3)]
    try:
        with svc.client() as c:
            ids = [c.post("/v1/jobs", files=multipart(folder)).json()["id"] for folder in cases]
            _wait_stage(c, ids[0], "building")
            with sqlite3.connect(data / "jobs.sqlite3") as db:
                (worker,) = db.execute("SELECT worker_pid FROM jobs WHERE id = ?", (ids[0],)).fetchone()
            os.kill(worker, signal.SIGSTOP)  # frozen mid-build: it cannot finish before the kill
            assert c.get(f"/v1/jobs/{ids[0]}").json()["status"] == "running"
        svc.kill()  # SIGKILL the uvicorn process: no shutdown code runs
        deadline = time.monotonic() + 10
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker), "a worker must die with its service"
        assert not any((data / "results").iterdir()), "nothing was committed before the kill"
        svc = Service(data, *args, env=env, workers=2).start()
        with svc.client() as c:
            jobs = [wait_done(c, i) for i in ids]
            for job in jobs:
                assert job["status"] == "succeeded", job
                assert [e["event"] for e in job["history"]].count("completed") == 1
            first = jobs[0]
            assert [e["event"] for e in first["history"]] == ["submitted", "started", "requeued", "started", "completed"]
            assert first["attempts"] == 2
            assert first["history"][2]["detail"] == "服务重新启动，重新排队"
            assert not any((data / "work").iterdir()) and not any((data / "uploads").iterdir())
            # the rebuilt result equals `cuishou build`, byte for byte
            ref = tmp_path / "cli"
            assert run_cuishou("build", cases[0], "--out", ref).returncode == 0
            assert c.get(f"/v1/jobs/{ids[0]}/manifest").content == (ref / "restart-0" / "manifest.json").read_bytes()
            for f in first["files"]:
                assert c.get(f["url"]).content == (ref / "restart-0" / f["name"]).read_bytes()
            # webhook: one delivery per job, the first attempt answered 500 and was retried
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                states = [c.get(f"/v1/jobs/{i}").json()["webhook"] for i in ids]
                if all(s and s[0]["status"] == "delivered" for s in states):
                    break
                time.sleep(0.2)
            assert all(len(s) == 1 and s[0]["status"] == "delivered" for s in states), states
            assert sum(s[0]["attempts"] for s in states) == len(ids) + 1  # one retry after the 500
    finally:
        svc.stop()
    assert len(receiver.calls) == len(ids) + 1
    by_delivery: dict[str, list[dict[str, Any]]] = {}
    for call in receiver.calls:
        by_delivery.setdefault(call["headers"]["X-Cuishou-Delivery"], []).append(call)
    assert len(by_delivery) == len(ids)
    retried = [calls for calls in by_delivery.values() if len(calls) == 2]
    assert len(retried) == 1 and retried[0][0]["body"] == retried[0][1]["body"]
    assert retried[0][1]["at"] - retried[0][0]["at"] >= 1.5  # backoff: first retry after 2 s
    seen_jobs = set()
    for call in receiver.calls:
        h, body = call["headers"], call["body"]
        assert verify_signature(SECRET, body, h["X-Cuishou-Signature"])
        assert not verify_signature("another-secret", body, h["X-Cuishou-Signature"])
        assert not verify_signature(SECRET, body + b" ", h["X-Cuishou-Signature"])
        event = json.loads(body)
        assert h["X-Cuishou-Event"] == event["event"] == "job.succeeded"
        assert h["X-Cuishou-Job"] == event["job_id"]
        assert event["manifest"]["case_id"] == event["case_id"]
        assert event["manifest"]["input_digest"] == event["input_digest"]
        seen_jobs.add(event["job_id"])
    assert seen_jobs == set(ids)


def test_a_worker_killed_mid_job_is_replaced_and_its_job_completes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    svc = Service(data, workers=1).start()
    try:
        with svc.client() as c:
            ids = [c.post("/v1/jobs", files=multipart(_case(tmp_path, f"crash-{i}"))).json()["id"] for i in range(2)]
            _wait_stage(c, ids[0], "building")
            with sqlite3.connect(data / "jobs.sqlite3") as db:
                (worker,) = db.execute("SELECT worker_pid FROM jobs WHERE id = ?", (ids[0],)).fetchone()
            os.kill(worker, signal.SIGKILL)  # as the kernel's OOM killer would
            jobs = [wait_done(c, i) for i in ids]
            assert [j["status"] for j in jobs] == ["succeeded", "succeeded"]
            events = [e["event"] for e in jobs[0]["history"]]
            assert events == ["submitted", "started", "requeued", "started", "completed"]
            assert jobs[0]["history"][2]["detail"] == "信号 SIGKILL"
            assert [e["event"] for e in jobs[1]["history"]].count("completed") == 1
            assert httpx.get(svc.url + "/healthz").status_code == 200
    finally:
        svc.stop()


def test_a_failed_job_is_reported_by_webhook(tmp_path: Path) -> None:
    receiver = Receiver(fail_first=0)
    data = base_case()
    data["case_id"] = "zero-owed-hook"
    owed = sum(d["amount"] for d in data["loan"]["disbursements"])
    data["repayments"] = [{"date": data["loan"]["disbursements"][0]["date"], "amount": owed * 2}]
    folder = _case(tmp_path, "zero-owed-hook")
    (folder / "case.json").write_text(dump_json(data), encoding="utf-8")
    svc = Service(tmp_path / "data", "--webhook-url", receiver.url, env={"CUISHOU_WEBHOOK_SECRET": SECRET}, workers=1).start()
    try:
        with svc.client() as c:
            job = wait_done(c, c.post("/v1/jobs", files=multipart(folder)).json()["id"])
            assert job["status"] == "failed"
            deadline = time.monotonic() + 20
            while not receiver.calls and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        svc.stop()
        receiver.close()
    (call,) = receiver.calls
    event = json.loads(call["body"])
    assert event["event"] == "job.failed" and event["job_id"] == job["id"]
    assert event["error"]["message"] == "没有可催收的欠款"
    assert verify_signature(SECRET, call["body"], call["headers"]["X-Cuishou-Signature"])


def _serve(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    import subprocess

    full_env = {k: v for k, v in os.environ.items() if k not in ("CUISHOU_TOKEN", "CUISHOU_WEBHOOK_SECRET")}
    full_env.update(env or {})
    r = subprocess.run([str(CUISHOU), "serve", *args], capture_output=True, text=True, env=full_env, timeout=60)
    return r.returncode, r.stdout + r.stderr


def test_refuses_a_non_loopback_address_without_a_token(tmp_path: Path) -> None:
    code, out = _serve("--host", "0.0.0.0", "--port", str(free_port()), "--data", str(tmp_path / "d"))
    assert code == 1 and "必须设置访问令牌" in out and "CUISHOU_TOKEN" in out and "Traceback" not in out
    assert not (tmp_path / "d").exists()


def test_refuses_bad_settings_in_chinese(tmp_path: Path) -> None:
    empty = tmp_path / "token"
    empty.write_text("\n")
    code, out = _serve("--token-file", str(empty), "--data", str(tmp_path / "d"))
    assert code == 1 and "是空的" in out and "--token-file" in out
    code, out = _serve("--data", str(tmp_path / "d"), "--webhook-url", "http://127.0.0.1:9/x")
    assert code == 1 and "签名密钥" in out
    code, out = _serve("--data", str(tmp_path / "d"), env={"CUISHOU_TOKEN": "short"})
    assert code == 1 and "过短" in out
    for text in (out,):
        assert zh(text) and "Traceback" not in text


def test_one_service_per_data_folder(tmp_path: Path) -> None:
    svc = Service(tmp_path / "data", workers=1).start()
    try:
        code, out = _serve("--data", str(tmp_path / "data"), "--port", str(free_port()))
        assert code == 1 and "正被另一个 cuishou serve 使用" in out
        code, out = _serve("--data", str(tmp_path / "other"), "--port", str(svc.port))
        assert code == 1 and "端口已被占用" in out
        assert httpx.get(svc.url + "/healthz").status_code == 200
    finally:
        svc.stop()
