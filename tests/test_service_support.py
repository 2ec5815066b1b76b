"""Helpers for the HTTP service tests: a real ``cuishou serve`` process on a free loopback port.

No tests here; tests/test_service.py and tests/test_service_restart.py use these.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CUISHOU = Path(sys.executable).parent / "cuishou"
TOKEN = "test-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """``cuishou serve`` started by a test; ``client`` carries the token."""

    def __init__(self, data: Path, *args: str, token: str | None = TOKEN, env: dict[str, str] | None = None, workers: int = 2):
        self.data = data
        self.args = list(args)
        self.token = token
        self.env = env or {}
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = free_port()
        self.log = data.parent / f"{data.name}-serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "Service":
        env = {k: v for k, v in os.environ.items() if k != "CUISHOU_TOKEN"}
        if self.token:
            env["CUISHOU_TOKEN"] = self.token
        env.update(self.env)
        cmd = [str(CUISHOU), "serve", "--data", str(self.data), "--port", str(self.port), "--workers", str(self.workers), *self.args]
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"cuishou serve exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"cuishou serve did not answer within {timeout} s:\n{self.log.read_text()}")

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token or self.token}"} if (token or self.token) else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()


def case_zip(case_dir: Path, *, top: bool = True) -> bytes:
    """The case folder as a zip, as a user makes one (inside its own folder, or flat)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(case_dir.rglob("*")):
            if p.is_file():
                rel = p.relative_to(case_dir).as_posix()
                zf.write(p, f"{case_dir.name}/{rel}" if top else rel)
    return buf.getvalue()


def multipart(case_dir: Path, *, full_paths: bool = True) -> list[tuple[str, tuple[str, bytes, str]]]:
    """``case`` + one ``file`` part per file of the case folder (named by its path, or by its bare name)."""
    parts: list[tuple[str, tuple[str, bytes, str]]] = [("case", ("case.json", (case_dir / "case.json").read_bytes(), "application/json"))]
    for p in sorted(case_dir.rglob("*")):
        if not p.is_file() or p.name == "case.json":
            continue
        name = p.relative_to(case_dir).as_posix() if full_paths else p.name
        parts.append(("file", (name, p.read_bytes(), "application/octet-stream")))
    return parts


def wait_done(client: httpx.Client, job_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not finished within {timeout} s: {job}")


def stored(data: Path) -> dict[str, list[str]]:
    """What the service keeps under its data folder (inputs, uploads in progress, attempts, results)."""
    return {name: sorted(p.name for p in (data / name).iterdir()) for name in ("inputs", "uploads", "work", "results")}


def zh(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)
