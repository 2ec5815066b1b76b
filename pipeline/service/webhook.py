"""Webhook: tell the document-management system that a job finished.

When a job succeeds or fails the worker, in the same transaction that records the outcome,
puts a delivery into the ``deliveries`` table (an outbox: a delivery survives a restart). The
service POSTs it to the configured URL and retries on any answer other than 2xx, or no answer,
after 2, 4, 8 … seconds (capped), up to ``webhook_max_attempts`` times. Delivery is therefore
*at least once*: a receiver deduplicates by ``X-Cuishou-Delivery``.

The request::

    POST <webhook_url>
    Content-Type: application/json; charset=utf-8
    X-Cuishou-Event: job.succeeded | job.failed
    X-Cuishou-Delivery: <delivery id, the same on every retry>
    X-Cuishou-Job: <job id>
    X-Cuishou-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with the secret>

    {"event": "job.succeeded", "job_id": "…", "case_id": "…", "input_digest": "…",
     "status": "succeeded", "manifest": {…manifest.json…}}
    {"event": "job.failed", …, "status": "failed", "error": {"code": "…", "message": "…", "problems": […]}}

To verify, compute the HMAC over the raw body *before* parsing it and compare in constant time
(:func:`verify_signature` does exactly that).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
import urllib.error
import urllib.request

from .._version import __version__
from .store import JobStore

__all__ = ["SIGNATURE_HEADER", "sign", "verify_signature", "WebhookSender"]

SIGNATURE_HEADER = "X-Cuishou-Signature"

log = logging.getLogger("cuishou.service.webhook")


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``: ``sha256=<hex>``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """True when ``header`` (the X-Cuishou-Signature value) signs ``body`` with ``secret``."""
    if not header:
        return False
    return hmac.compare_digest(sign(secret, body), header.strip())


class WebhookSender:
    """A thread in the service process that sends due deliveries, one at a time, in order of due time."""

    def __init__(self, store: JobStore, url: str, secret: str, *, max_attempts: int, backoff_s: float, backoff_max_s: float, timeout_s: float):
        self.store = store
        self.url = url
        self.secret = secret
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self.timeout_s = timeout_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cuishou-webhook", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.timeout_s + 1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                due = self.store.due_deliveries()
            except Exception as exc:  # the database is busy or gone for a moment: try again shortly
                log.warning("webhook: cannot read deliveries: %s", exc)
                due = []
            for d in due:
                if self._stop.is_set():
                    return
                self._send(d)
            self._stop.wait(0.2 if not due else 0)

    def _send(self, d: dict) -> None:  # type: ignore[type-arg]
        body: bytes = d["body"]
        req = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": f"cuishou/{__version__}",
                "X-Cuishou-Event": d["event"],
                "X-Cuishou-Delivery": d["id"],
                "X-Cuishou-Job": d["job_id"],
                SIGNATURE_HEADER: sign(self.secret, body),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                resp.read(1 << 16)
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
            error = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            status = None
            error = f"{exc.__class__.__name__}: {getattr(exc, 'reason', exc)}"
        else:
            error = f"HTTP {status}"
        if status is not None and 200 <= status < 300:
            self.store.delivery_done(d["id"])
            return
        attempts = int(d["attempts"]) + 1
        if attempts >= self.max_attempts:
            log.warning("webhook: giving up delivery %s of job %s after %d attempts (%s)", d["id"], d["job_id"], attempts, error)
            self.store.delivery_retry(d["id"], error, None)
            return
        delay = min(self.backoff_max_s, self.backoff_s * 2 ** (attempts - 1))
        self.store.delivery_retry(d["id"], error, time.time() + delay)
