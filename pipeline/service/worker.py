"""A build worker: a separate process that claims jobs from the job table and builds them.

Started by the service (``python -m pipeline.service.worker CONFIG_JSON``). It dies with its
service (Linux ``PR_SET_PDEATHSIG``; elsewhere it notices that its parent changed and stops
before committing anything), ignores Ctrl-C (the service stops it with SIGTERM, after which it
finishes the job at hand and exits) and runs at a lower CPU priority than the HTTP side.

Each job goes through :func:`pipeline.build.build_case` — the same code as ``cuishou build`` —
into an attempt folder, and is committed under the job table's fencing rules (see :mod:`.store`).
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import logging
import os
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from .layout import Layout
from .store import Job, JobStore, webhook_body

__all__ = ["run_worker", "build_job_outputs", "claim_json_bytes", "checks_json_bytes"]

log = logging.getLogger("cuishou.service.worker")

IDLE_POLL_S = 0.1
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the service died before prctl took effect
        os._exit(0)


def claim_json_bytes(case: Any, claim: Any) -> bytes:
    """Exactly what ``cuishou calc --json`` prints."""
    from ..law.proposal import repayment_proposal

    proposal = repayment_proposal(case, claim)
    return (json.dumps({**claim.to_json(), "proposal": proposal.to_json()}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def checks_json_bytes(findings: list[Any]) -> bytes:
    """Exactly what ``cuishou check --json`` prints."""
    return (json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build_job_outputs(case_dir: Path, out: Path, options: Any) -> Any:
    """Build one job into ``out``: ``out/<case_id>/`` (``cuishou build``), ``claim.json``, ``checks.json``.

    Returns the :class:`~pipeline.manifest.Manifest`; raises :class:`~pipeline.build.BuildError`.
    """
    from ..build import BuildError, build_case
    from ..case import load_case
    from ..checks import check_case
    from ..law.claim import compute_claim

    manifest = build_case(case_dir, out, options)
    case = load_case(case_dir)
    try:
        claim = compute_claim(case, as_of=options.as_of)
        (out / "claim.json").write_bytes(claim_json_bytes(case, claim))
        findings = check_case(case, rules_file=options.rules_file, claim=claim)
    except ValueError as exc:  # the build computed the same figures; a difference here is a Chinese-worded case problem
        raise BuildError(case_dir, f"计算失败：{exc}") from None
    (out / "checks.json").write_bytes(checks_json_bytes(findings))
    return manifest


class Worker:
    def __init__(self, cfg: dict[str, Any]):
        self.cfg = cfg
        self.layout = Layout(Path(cfg["data_dir"]))
        self.store = JobStore(self.layout.root)
        self.parent = int(cfg["parent"])
        self.prefix = f"{cfg['instance']}:{cfg['slot']}"
        self.pid = os.getpid()
        self.stopping = False

    # ------------------------------------------------------------------ loop

    def orphaned(self) -> bool:
        return os.getppid() != self.parent

    def run(self) -> None:
        while not self.stopping and not self.orphaned():
            if not self.store.has_queued():
                time.sleep(IDLE_POLL_S)
                continue
            job = self.store.claim(self.prefix, self.pid)
            if job is not None:
                self.run_job(job)

    # ------------------------------------------------------------------ one job

    def owner(self, job: Job) -> str:
        return str(job["lease_owner"])

    def run_job(self, job: Job) -> None:
        from ..build import BuildError
        from .options import build_options

        job_id = job["id"]
        owner = self.owner(job)
        result = self.layout.result(job_id)
        if (result / job["case_id"] / "manifest.json").is_file():
            # An earlier attempt moved its result into place and died before recording it: adopt it.
            self.commit(job, None, detail="adopted")
            return
        if result.exists():
            shutil.rmtree(result, ignore_errors=True)
        for stale in self.layout.work.glob(f"{job_id}.*"):
            shutil.rmtree(stale, ignore_errors=True)
        work = self.layout.work / f"{job_id}.{job['attempts']}"
        work.mkdir(parents=True)
        self.store.set_stage(job_id, owner, "building")
        options = build_options(
            json.loads(job["options"]),
            templates_dir=Path(self.cfg["templates_dir"]) if self.cfg.get("templates_dir") else None,
            rules_file=Path(self.cfg["rules_file"]) if self.cfg.get("rules_file") else None,
        )
        # One 函号 registry for the whole service: letters of different jobs never share a number.
        options = dataclasses.replace(options, letter_registry=self.layout.letter_registry)
        try:
            build_job_outputs(self.layout.input_case(job_id), work, options)
        except BuildError as exc:
            self.fail(job, {"code": "build_failed", "message": exc.message, "problems": [p.to_dict() for p in exc.problems]}, work)
            return
        except Exception as exc:  # a bug: the job fails, the worker and the other jobs go on
            log.error("job %s: %s\n%s", job_id, exc, traceback.format_exc())
            self.fail(
                job,
                {"code": "internal_error", "message": f"生成时发生内部错误（{exc.__class__.__name__}），详情见服务日志；其他任务不受影响"},
                work,
            )
            return
        self.store.set_stage(job_id, owner, "committing")
        self.commit(job, work)

    def commit(self, job: Job, work: Path | None, detail: str | None = None) -> None:
        """Move the attempt's folder into place and record success — only if this worker still owns the job."""
        if self.orphaned():  # the service is gone: a restarted service will hand the job out again
            os._exit(0)
        job_id = job["id"]
        final = self.layout.result(job_id)
        with self.store.write() as conn:
            if not self.store.owns(conn, job_id, self.owner(job)):
                if work is not None:
                    shutil.rmtree(work, ignore_errors=True)
                return
            if work is not None:
                os.replace(work, final)
            self.store.mark_succeeded(conn, job, detail)
            if self.cfg.get("webhook"):
                manifest = json.loads((final / job["case_id"] / "manifest.json").read_bytes())
                self.store.add_delivery(
                    conn, job_id, "job.succeeded", webhook_body(job, "job.succeeded", {"status": "succeeded", "manifest": manifest})
                )

    def fail(self, job: Job, error: dict[str, Any], work: Path) -> None:
        shutil.rmtree(work, ignore_errors=True)
        if self.orphaned():
            os._exit(0)
        with self.store.write() as conn:
            if not self.store.owns(conn, job["id"], self.owner(job)):
                return
            self.store.fail_with_webhook(conn, job, error, bool(self.cfg.get("webhook")))


def run_worker(cfg: dict[str, Any]) -> None:
    """The worker process's main function (``cfg`` comes from the service as JSON)."""
    _die_with_parent(int(cfg["parent"]))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker[%(process)d] %(levelname)s %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker = Worker(cfg)

    def stop(signum: int, frame: Any) -> None:
        worker.stopping = True

    signal.signal(signal.SIGTERM, stop)
    if cfg.get("nice"):
        try:
            os.nice(int(cfg["nice"]))
        except OSError:
            pass
    _warm(cfg.get("templates_dir"))
    worker.run()


def _warm(templates_dir: str | None) -> None:
    """Compile the templates and load the bundle's CJK font before the first job: a service
    worker lives long and its first request should not pay for them (batch workers load them on
    first use instead, since a rerun may need neither)."""
    from ..bundle.fonts import FontMissing, register
    from ..render import warm_templates

    warm_templates(Path(templates_dir) if templates_dir else None)
    try:
        register()
    except FontMissing:
        pass  # reported by the bundle's pre-flight, per job


if __name__ == "__main__":
    run_worker(json.loads(sys.argv[1]))
