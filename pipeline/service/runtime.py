"""The running service: the data-folder lock, start-up recovery, the worker processes and the webhook thread.

Start-up, in this order: take ``service.lock`` (one service per data folder), open the job
table, put jobs a killed predecessor left ``running`` back into the queue (its workers died with
it), remove unfinished uploads, attempt folders and inputs that no job refers to, then start the
workers and the webhook sender. A supervisor task (on the event loop's thread, so that workers
die with this process — ``PR_SET_PDEATHSIG`` follows the thread that started them) restarts a
worker that died and requeues its job (or fails it after ``max_attempts``), and stops a build
that runs past ``job_timeout_s``.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import IO, Any

from .config import ConfigError, ServiceConfig
from .layout import Layout
from .store import JobStore
from .webhook import WebhookSender

__all__ = ["Runtime"]

log = logging.getLogger("cuishou.service")

WATCH_INTERVAL_S = 0.5


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


class Runtime:
    def __init__(self, config: ServiceConfig):
        self.config = config
        self.layout = Layout(Path(config.data_dir).resolve())
        self.store = JobStore(self.layout.root)
        self.instance = uuid.uuid4().hex[:12]
        self.workers: dict[int, subprocess.Popen[bytes]] = {}
        self.spawned_at: dict[int, float] = {}
        self.respawn_delay: dict[int, float] = {}
        self.restart_at: dict[int, float] = {}
        self.sender: WebhookSender | None = None
        self._lock_file: IO[str] | None = None
        self._stopping = False
        self._watch_task: asyncio.Task[None] | None = None
        self.started = False

    # ------------------------------------------------------------------ lock

    def acquire(self) -> None:
        """Take the data folder (Chinese :class:`ConfigError` when another service holds it)."""
        if self._lock_file is not None:
            return
        try:
            self.layout.make()
        except OSError as exc:
            raise ConfigError(f"无法创建数据文件夹 {self.layout.root}：{exc.strerror}（--data）") from None
        fh = open(self.layout.lock, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            raise ConfigError(f"数据文件夹 {self.layout.root} 正被另一个 cuishou serve 使用；每个数据文件夹只能运行一个服务") from None
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"pid": os.getpid(), "instance": self.instance}) + "\n")
        fh.flush()
        self._lock_file = fh

    def release(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    # ------------------------------------------------------------------ start / stop

    def start(self) -> None:
        self.acquire()
        self.store.init()
        n = self.store.requeue_all_running("服务重新启动，重新排队")
        if n:
            log.info("requeued %d job(s) left running by the previous service", n)
        self._sweep()
        for slot in range(self.config.workers):
            self._spawn(slot)
        c = self.config
        if c.webhook_url and c.webhook_secret:
            self.sender = WebhookSender(
                self.store,
                c.webhook_url,
                c.webhook_secret,
                max_attempts=c.webhook_max_attempts,
                backoff_s=c.webhook_backoff_s,
                backoff_max_s=c.webhook_backoff_max_s,
                timeout_s=c.webhook_timeout_s,
            )
            self.sender.start()
        self._watch_task = asyncio.get_running_loop().create_task(self._watch())
        self.started = True

    def _sweep(self) -> None:
        """Remove what a killed service left half-done: uploads, attempt folders, inputs of no job."""
        for p in self.layout.uploads.iterdir():
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        for p in self.layout.work.iterdir():
            shutil.rmtree(p, ignore_errors=True)
        known = self.store.all_ids()
        for p in self.layout.inputs.iterdir():
            if p.name not in known:  # moved into place, then killed before the job row was written
                shutil.rmtree(p, ignore_errors=True)

    def _spawn(self, slot: int) -> None:
        c = self.config
        cfg: dict[str, Any] = {
            "data_dir": str(self.layout.root),
            "instance": self.instance,
            "slot": slot,
            "parent": os.getpid(),
            "templates_dir": str(c.templates_dir) if c.templates_dir else None,
            "rules_file": str(c.rules_file) if c.rules_file else None,
            "webhook": bool(c.webhook_url),
            "nice": c.worker_nice,
        }
        env = {k: v for k, v in os.environ.items() if k not in ("CUISHOU_TOKEN", "CUISHOU_WEBHOOK_SECRET")}
        self.workers[slot] = subprocess.Popen([sys.executable, "-m", "pipeline.service.worker", json.dumps(cfg)], env=env)
        self.spawned_at[slot] = time.monotonic()

    def owner_prefix(self, slot: int, pid: int) -> str:
        return f"{self.instance}:{slot}:{pid}"

    async def _watch(self) -> None:
        while not self._stopping:
            try:
                await self._check_workers()
                await self._check_timeouts()
            except Exception as exc:  # never let supervision die: log and go on
                log.error("supervisor: %s", exc)
            await asyncio.sleep(WATCH_INTERVAL_S)

    async def _check_workers(self) -> None:
        now = time.monotonic()
        for slot, proc in list(self.workers.items()):
            code = proc.poll()
            if code is None or self._stopping:
                continue
            if slot not in self.restart_at:  # a new exit: requeue its job, plan the restart
                reason = f"退出码 {code}" if code >= 0 else f"信号 {_signal_name(-code)}"
                log.warning("worker %d (pid %d) exited (%s); restarting it", slot, proc.pid, reason)
                await asyncio.to_thread(
                    self.store.requeue_owned_by,
                    self.owner_prefix(slot, proc.pid),
                    reason,
                    self.config.max_attempts,
                    webhook=bool(self.config.webhook_url),
                )
                lived = now - self.spawned_at.get(slot, now)
                # a worker that dies at once (a broken installation) is restarted ever more slowly
                self.respawn_delay[slot] = min(30.0, max(1.0, 2 * self.respawn_delay.get(slot, 0.5))) if lived < 5 else 0.0
                self.restart_at[slot] = now + self.respawn_delay[slot]
            if now >= self.restart_at[slot] and not self._stopping:
                del self.restart_at[slot]
                self._spawn(slot)  # on the loop's thread (see the module docstring)

    async def _check_timeouts(self) -> None:
        limit = self.config.job_timeout_s
        now = time.time()
        running = await asyncio.to_thread(self.store.running)
        for job in running:
            if not job["started_ts"] or now - float(job["started_ts"]) <= limit:
                continue
            for slot, proc in self.workers.items():
                if proc.pid == job["worker_pid"] and proc.poll() is None:
                    log.warning("job %s ran longer than %.0f s: stopping worker %d (pid %d)", job["id"], limit, slot, proc.pid)
                    proc.kill()
                    await asyncio.to_thread(proc.wait)
                    await asyncio.to_thread(
                        self.store.fail_timed_out, job["id"], job["lease_owner"], limit, bool(self.config.webhook_url)
                    )

    async def stop(self) -> None:
        """Let running builds finish (up to ``shutdown_grace_s``), then stop everything."""
        self._stopping = True
        if self._watch_task is not None:
            self._watch_task.cancel()
        for proc in self.workers.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.config.shutdown_grace_s
        for proc in self.workers.values():
            left = max(0.0, deadline - time.monotonic())
            try:
                await asyncio.to_thread(proc.wait, left)
            except subprocess.TimeoutExpired:
                proc.kill()
                await asyncio.to_thread(proc.wait)
        if self.sender is not None:
            await asyncio.to_thread(self.sender.stop)
        self.store.close()
        self.release()
        self.started = False

    def alive_workers(self) -> int:
        return sum(1 for p in self.workers.values() if p.poll() is None)
