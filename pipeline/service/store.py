"""The job table: one SQLite file under the data folder, shared by the HTTP process and the workers.

A job moves ``queued → running → succeeded | failed``. Exactly-once completion rests on three rules:

1. A worker *claims* a queued job in one write transaction and writes its own ``lease_owner``
   (a fencing token: instance, worker slot, pid, attempt).
2. A worker *finishes* a job in one write transaction that first checks the job is still
   ``running`` under its own token, then moves the result folder into place and marks the job.
   A worker whose claim was taken away (its service was killed and restarted) cannot finish.
3. Only the service hands a job to another worker, after the previous worker is known dead
   (the supervisor reaped it; or the service restarted: workers die with their service) —
   and the next claimer adopts a result folder that was moved into place just before a crash
   instead of building again.

Every state change is also written to ``events`` (the job's history, shown by the API).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["JobStore", "Job", "now_text", "webhook_body", "DB_NAME"]

DB_NAME = "jobs.sqlite3"
SHANGHAI = ZoneInfo("Asia/Shanghai")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL,
    input_digest TEXT NOT NULL,
    options TEXT NOT NULL,
    idempotency_key TEXT,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    worker_pid INTEGER,
    input_files INTEGER NOT NULL DEFAULT 0,
    input_bytes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    started_ts REAL,
    error TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_active_digest ON jobs(input_digest) WHERE active = 1;
CREATE UNIQUE INDEX IF NOT EXISTS jobs_idempotency_key ON jobs(idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, seq);
CREATE INDEX IF NOT EXISTS jobs_case ON jobs(case_id, seq);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS events_job ON events(job_id, seq);
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    event TEXT NOT NULL,
    body BLOB NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_ts REAL NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(status, next_ts);
CREATE INDEX IF NOT EXISTS deliveries_job ON deliveries(job_id);
"""


def now_text() -> str:
    """The current time in Beijing time, ISO 8601 with its offset (``2026-01-05T10:00:00+08:00``)."""
    return datetime.now(SHANGHAI).isoformat(timespec="seconds")


Job = dict[str, Any]


def webhook_body(job: Job, event: str, extra: dict[str, Any]) -> bytes:
    """The exact bytes a webhook delivery POSTs (see :mod:`.webhook`)."""
    body = {"event": event, "job_id": job["id"], "case_id": job["case_id"], "input_digest": job["input_digest"], **extra}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class JobStore:
    """Access to the job table. One instance per process; connections are per thread."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / DB_NAME
        self._local = threading.local()

    # ------------------------------------------------------------------ plumbing

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a job accepted with 202 survives a power cut
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``: writers queue up, readers go on)."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def init(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn().executescript(_SCHEMA)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @staticmethod
    def _event(conn: sqlite3.Connection, job_id: str, event: str, attempt: int = 0, detail: str | None = None) -> None:
        conn.execute(
            "INSERT INTO events(job_id, at, event, attempt, detail) VALUES (?, ?, ?, ?, ?)",
            (job_id, now_text(), event, attempt, detail),
        )

    # ------------------------------------------------------------------ submission

    def find_active_by_digest(self, digest: str) -> Job | None:
        row = self._conn().execute("SELECT * FROM jobs WHERE input_digest = ? AND active = 1", (digest,)).fetchone()
        return dict(row) if row else None

    def find_by_key(self, key: str) -> Job | None:
        row = self._conn().execute("SELECT * FROM jobs WHERE idempotency_key = ?", (key,)).fetchone()
        return dict(row) if row else None

    def insert(
        self,
        *,
        job_id: str,
        case_id: str,
        digest: str,
        options: dict[str, Any],
        idempotency_key: str | None,
        input_files: int,
        input_bytes: int,
    ) -> tuple[Job, bool]:
        """Insert a queued job, or return the job that already has this digest or key: ``(job, created)``.

        The unique indexes make this safe against two identical submissions at the same moment.
        """
        with self.write() as conn:
            if idempotency_key is not None:
                row = conn.execute("SELECT * FROM jobs WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
                if row is not None:
                    return dict(row), False
            row = conn.execute("SELECT * FROM jobs WHERE input_digest = ? AND active = 1", (digest,)).fetchone()
            if row is not None:
                return dict(row), False
            conn.execute(
                "INSERT INTO jobs(id, case_id, input_digest, options, idempotency_key, status, stage, input_files,"
                " input_bytes, created_at) VALUES (?, ?, ?, ?, ?, 'queued', 'queued', ?, ?, ?)",
                (job_id, case_id, digest, json.dumps(options, sort_keys=True), idempotency_key, input_files, input_bytes, now_text()),
            )
            self._event(conn, job_id, "submitted")
            row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return dict(row), True

    # ------------------------------------------------------------------ reading

    def get(self, job_id: str) -> Job | None:
        row = self._conn().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return dict(row) if row else None

    def events(self, job_id: str) -> list[dict[str, Any]]:
        rows = self._conn().execute(
            "SELECT at, event, attempt, detail FROM events WHERE job_id = ? ORDER BY seq", (job_id,)
        ).fetchall()
        return [dict(r) for r in rows]

    def queue_position(self, job: Job) -> int | None:
        if job["status"] != "queued":
            return None
        (n,) = self._conn().execute(
            "SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND seq < ?", (job["seq"],)
        ).fetchone()
        return int(n) + 1

    def list(self, *, status: str | None = None, case_id: str | None = None, limit: int = 100, before: int | None = None) -> list[Job]:
        sql = "SELECT * FROM jobs WHERE 1=1"
        args: list[Any] = []
        if status:
            sql += " AND status = ?"
            args.append(status)
        if case_id:
            sql += " AND case_id = ?"
            args.append(case_id)
        if before is not None:
            sql += " AND seq < ?"
            args.append(before)
        sql += " ORDER BY seq DESC LIMIT ?"
        args.append(limit)
        return [dict(r) for r in self._conn().execute(sql, args).fetchall()]

    def counts(self) -> dict[str, int]:
        rows = self._conn().execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall()
        out = {"queued": 0, "running": 0, "succeeded": 0, "failed": 0}
        out.update({r[0]: int(r[1]) for r in rows})
        return out

    def latest_succeeded_per_case(self) -> list[Job]:
        """The newest succeeded job of every case_id (the stored cases, for a portfolio view), by case_id."""
        rows = self._conn().execute(
            "SELECT j.* FROM jobs j JOIN (SELECT case_id, MAX(seq) AS seq FROM jobs WHERE status = 'succeeded' GROUP BY case_id) m"
            " ON j.seq = m.seq ORDER BY j.case_id"
        ).fetchall()
        return [dict(r) for r in rows]

    def all_ids(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT id FROM jobs").fetchall()}

    # ------------------------------------------------------------------ workers

    def has_queued(self) -> bool:
        return self._conn().execute("SELECT 1 FROM jobs WHERE status = 'queued' LIMIT 1").fetchone() is not None

    def claim(self, owner_prefix: str, pid: int) -> Job | None:
        """Take the oldest queued job: it becomes ``running`` under a new fencing token."""
        with self.write() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1").fetchone()
            if row is None:
                return None
            attempt = int(row["attempts"]) + 1
            owner = f"{owner_prefix}:{pid}:{attempt}:{uuid.uuid4().hex[:8]}"
            conn.execute(
                "UPDATE jobs SET status = 'running', stage = 'preparing', attempts = ?, lease_owner = ?, worker_pid = ?,"
                " started_at = COALESCE(started_at, ?), started_ts = ? WHERE id = ?",
                (attempt, owner, pid, now_text(), time.time(), row["id"]),
            )
            self._event(conn, row["id"], "started", attempt)
            job = dict(conn.execute("SELECT * FROM jobs WHERE id = ?", (row["id"],)).fetchone())
        return job

    def set_stage(self, job_id: str, owner: str, stage: str) -> None:
        with self.write() as conn:
            conn.execute("UPDATE jobs SET stage = ? WHERE id = ? AND lease_owner = ? AND status = 'running'", (stage, job_id, owner))

    def owns(self, conn: sqlite3.Connection, job_id: str, owner: str) -> bool:
        row = conn.execute("SELECT status, lease_owner FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return row is not None and row["status"] == "running" and row["lease_owner"] == owner

    def mark_succeeded(self, conn: sqlite3.Connection, job: Job, detail: str | None = None) -> None:
        conn.execute(
            "UPDATE jobs SET status = 'succeeded', stage = 'done', finished_at = ?, lease_owner = NULL, error = NULL WHERE id = ?",
            (now_text(), job["id"]),
        )
        self._event(conn, job["id"], "completed", int(job["attempts"]), detail)

    def mark_failed(self, conn: sqlite3.Connection, job: Job, error: dict[str, Any]) -> None:
        """A failed job frees its digest: the same input may be submitted again (e.g. after a fix of the service)."""
        conn.execute(
            "UPDATE jobs SET status = 'failed', stage = 'done', active = 0, finished_at = ?, lease_owner = NULL, error = ?"
            " WHERE id = ?",
            (now_text(), json.dumps(error, ensure_ascii=False), job["id"]),
        )
        self._event(conn, job["id"], "failed", int(job["attempts"]), error.get("code"))

    def fail_with_webhook(self, conn: sqlite3.Connection, job: Job, error: dict[str, Any], webhook: bool) -> None:
        self.mark_failed(conn, job, error)
        if webhook:
            self.add_delivery(conn, job["id"], "job.failed", webhook_body(job, "job.failed", {"status": "failed", "error": error}))

    def fail_timed_out(self, job_id: str, owner: str, timeout_s: float, webhook: bool) -> None:
        with self.write() as conn:
            if not self.owns(conn, job_id, owner):
                return
            job = dict(conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone())
            error = {
                "code": "timeout",
                "message": f"生成超过 {timeout_s:.0f} 秒仍未完成，已停止；请检查证据文件是否过大或损坏，必要时分册（max_mb）后重新提交",
            }
            self.fail_with_webhook(conn, job, error, webhook)

    # ------------------------------------------------------------------ supervision

    def running(self) -> list[Job]:
        return [dict(r) for r in self._conn().execute("SELECT * FROM jobs WHERE status = 'running'").fetchall()]

    def requeue_owned_by(self, owner_prefix: str, reason: str, max_attempts: int, *, webhook: bool = False) -> list[str]:
        """Jobs of a worker that is known dead: back to the queue, or failed after ``max_attempts``.

        Returns the ids of the jobs that failed (so a webhook can be queued for them).
        """
        failed: list[str] = []
        with self.write() as conn:
            rows = conn.execute(
                "SELECT * FROM jobs WHERE status = 'running' AND lease_owner LIKE ?", (owner_prefix + ":%",)
            ).fetchall()
            for row in rows:
                job = dict(row)
                if int(job["attempts"]) >= max_attempts:
                    error = {
                        "code": "worker_crashed",
                        "message": f"生成过程中工作进程意外退出（{reason}），已尝试 {job['attempts']} 次仍未完成；"
                        "请检查案件的证据文件是否异常（过大、损坏），或联系管理员查看服务日志",
                    }
                    self.fail_with_webhook(conn, job, error, webhook)
                    failed.append(job["id"])
                else:
                    conn.execute(
                        "UPDATE jobs SET status = 'queued', stage = 'queued', lease_owner = NULL, worker_pid = NULL WHERE id = ?",
                        (job["id"],),
                    )
                    self._event(conn, job["id"], "requeued", int(job["attempts"]), reason)
        return failed

    def requeue_all_running(self, reason: str) -> int:
        """At start-up: jobs left running by a previous service (its workers died with it) go back to the queue."""
        with self.write() as conn:
            rows = conn.execute("SELECT id, attempts FROM jobs WHERE status = 'running'").fetchall()
            for row in rows:
                conn.execute(
                    "UPDATE jobs SET status = 'queued', stage = 'queued', lease_owner = NULL, worker_pid = NULL WHERE id = ?",
                    (row["id"],),
                )
                self._event(conn, row["id"], "requeued", int(row["attempts"]), reason)
        return len(rows)

    # ------------------------------------------------------------------ webhook outbox

    def add_delivery(self, conn: sqlite3.Connection, job_id: str, event: str, body: bytes) -> None:
        conn.execute(
            "INSERT INTO deliveries(id, job_id, event, body, status, next_ts, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
            (uuid.uuid4().hex, job_id, event, body, time.time(), now_text()),
        )

    def due_deliveries(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self._conn().execute(
            "SELECT * FROM deliveries WHERE status = 'pending' AND next_ts <= ? ORDER BY next_ts LIMIT ?", (time.time(), limit)
        ).fetchall()
        return [dict(r) for r in rows]

    def delivery_done(self, delivery_id: str) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                (now_text(), delivery_id),
            )

    def delivery_retry(self, delivery_id: str, error: str, next_ts: float | None) -> None:
        """Record a failed attempt; ``next_ts`` None gives up."""
        with self.write() as conn:
            if next_ts is None:
                conn.execute(
                    "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?", (error, delivery_id)
                )
            else:
                conn.execute(
                    "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_ts = ? WHERE id = ?",
                    (error, next_ts, delivery_id),
                )

    def deliveries_for(self, job_id: str) -> list[dict[str, Any]]:
        rows = self._conn().execute(
            "SELECT id, event, status, attempts, last_error, created_at, delivered_at FROM deliveries WHERE job_id = ? ORDER BY created_at",
            (job_id,),
        ).fetchall()
        return [dict(r) for r in rows]
