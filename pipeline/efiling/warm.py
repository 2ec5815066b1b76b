"""One warm LibreOffice per worker process, kept for the worker's life (issue 18).

A cold ``soffice --convert-to`` run (:func:`pipeline.efiling.convert.convert_docx`) pays for
starting LibreOffice and creating a fresh profile on every case: about 1.5 s and 120 MB a case.
:class:`WarmConverter` starts LibreOffice once and converts every document of every case
through it, over LibreOffice's own UNO bridge:

- the UNO side runs in a small helper process (``_uno_helper.py``) under a Python that has the
  ``uno`` module (Debian's ``python3-uno`` for /usr/bin/python3; ``CUISHOU_UNO_PYTHON``
  overrides), because our virtualenv's Python cannot load LibreOffice's Python bindings. The
  helper speaks a line protocol on its stdin/stdout (one JSON object a line); all documents of a
  case go in one request, and the helper reports each document as it finishes, so the parent
  can time every document (``timeout_s`` is a per-document timeout);
- helper and LibreOffice run in a new session (their own process group), with a private
  profile folder per converter (``-env:UserInstallation``), so parallel workers never share a
  profile lock, and one ``killpg`` removes all of them;
- a crash (LibreOffice killed, the bridge disposed) or a hang (a document over its timeout)
  kills the group, starts a fresh LibreOffice and retries the case's conversion once. LibreOffice
  writes ``.part`` files; each is renamed to its PDF as soon as the helper reports it, so the
  build can post-process it while the next converts. A case that fails keeps its finished PDFs only
  in the caller's (temporary) folder and none of them in the result; a retry removes the first
  attempt's files first. The build itself is atomic (pipeline/build.py);
- nothing outlives the worker: :meth:`WarmConverter.close` runs at interpreter exit (atexit),
  at a multiprocessing worker's exit (``multiprocessing.util.Finalize``) and on SIGTERM in
  batch workers (:func:`enable_for_process`); and the helper kills its group itself when its
  stdin closes, which happens whenever the worker dies, even by SIGKILL.

When a warm LibreOffice cannot be started, :func:`convert` falls back to the one-shot
converter and records a Chinese note (:func:`fallback_note`) that the batch report carries.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from .convert import ConversionError, convert_docx, libreoffice_available, missing_message

__all__ = [
    "WarmConverter",
    "WarmUnavailable",
    "uno_python",
    "enable_for_process",
    "disable_for_process",
    "active_converter",
    "will_convert_warm",
    "convert",
    "start",
    "Pending",
    "fallback_note",
    "shutdown",
]

HELPER = Path(__file__).with_name("_uno_helper.py")


class WarmUnavailable(RuntimeError):
    """A warm LibreOffice could not be started (no ``uno`` Python, soffice failed to start)."""


class _Crash(Exception):
    """The helper or LibreOffice died or hung during a conversion; restart and retry."""


def uno_python() -> str | None:
    """A Python executable that can ``import uno``: ``CUISHOU_UNO_PYTHON``, LibreOffice's own
    bundled python, or the system python3 (Debian's python3-uno)."""
    override = os.environ.get("CUISHOU_UNO_PYTHON")
    candidates = [override] if override else []
    exe = libreoffice_available()
    if override:
        pass  # only the Python named
    elif exe:
        prog = Path(os.path.realpath(exe)).parent
        candidates += [str(prog / "python"), str(prog / "python.bin")]
    if not override:
        candidates += ["/usr/bin/python3", "/usr/local/bin/python3"]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            try:
                ok = subprocess.run([c, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            if ok:
                return c
    return None


def _group_alive(pgid: int) -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(name))
        except (OSError, IndexError, ValueError):
            continue
    return pids


class WarmConverter:
    """One LibreOffice kept running; :meth:`convert` has the signature of ``convert_docx``.

    Public attributes: ``pid`` (the helper; the process group id of helper and LibreOffice),
    ``office_pids`` (LibreOffice's processes, e.g. ``soffice.bin``), ``profile_dir``,
    ``restarts`` (how many times LibreOffice was restarted after a crash or hang), ``recycles``
    (restarts between cases because LibreOffice's resident memory passed ``recycle_mb``).

    LibreOffice does not give back what it allocates while converting: measured here its resident
    memory grows by about 6 MB a case (170 MB after the first case, 360 MB after 30), so a batch of
    thousands of cases would grow without bound. Between cases, when its resident memory is over
    ``recycle_mb`` (``CUISHOU_OFFICE_MAX_MB``, default 300; 0 = never), the converter stops it and
    launches a fresh one at once, which starts while the worker builds the next case.
    """

    def __init__(self, *, soffice: str | None = None, timeout_s: float = 120, start_timeout_s: float = 60,
                 python: str | None = None, recycle_mb: float | None = None) -> None:
        self.soffice = soffice or libreoffice_available()
        self.timeout_s = timeout_s
        self.start_timeout_s = start_timeout_s
        self.python = python
        self.pid: int | None = None
        self.office_pids: list[int] = []
        self.restarts = 0
        self.busy = False  # a conversion is in flight (tests use it to kill LibreOffice mid-case)
        self._base = Path(tempfile.mkdtemp(prefix="cuishou-warm-"))
        self.profile_dir = self._base / "profile"
        self._proc: subprocess.Popen[bytes] | None = None
        self._buf = b""
        self._seq = 0
        self._closed = False
        self._inflight = False
        self._ready_pending = False  # launched; the helper's "ready" line not read yet
        self.recycle_mb = _recycle_mb() if recycle_mb is None else recycle_mb
        self.recycles = 0  # restarts because LibreOffice's memory passed recycle_mb (not crashes)
        self.documents = 0  # documents handed to LibreOffice (a case's merged forms count once)
        self._seeded = False  # the profile was copied from the seed
        self._no_seed = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start the helper and LibreOffice (a second try when the first fails, e.g. LibreOffice
        killed while starting, with a fresh profile); raises :class:`WarmUnavailable` (reason in English)."""
        try:
            self._start()
        except WarmUnavailable:
            if self._closed or self.soffice is None or self.python is None:
                raise
            self._fresh_profile()
            self._start()

    def _start(self) -> None:
        self.launch()
        self._await_ready()

    def launch(self) -> None:
        """Start the helper and LibreOffice without waiting for them: requests sent meanwhile
        wait in the helper's input, and the first :meth:`collect` reads the "ready" line. A
        worker launches at start-up, so LibreOffice starts while templates load (issue 18).
        Raises :class:`WarmUnavailable` only when nothing can be started at all."""
        if self._closed:
            raise WarmUnavailable("converter closed")
        if self._proc is not None and self._proc.poll() is None:
            return
        if self.soffice is None:
            raise WarmUnavailable("soffice not found")
        python = self.python or uno_python()
        if python is None:
            raise WarmUnavailable("no Python with the uno module (install python3-uno)")
        self.python = python
        self._seed_profile()
        env = dict(os.environ)
        env["HOME"] = str(self._base)  # LibreOffice writes caches under $HOME
        env.pop("SAL_USE_VCLPLUGIN", None)
        env.pop("PYTHONPATH", None)
        env.pop("PYTHONHOME", None)
        pipe = f"cuishou-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            self._proc = subprocess.Popen(
                [python, "-u", str(HELPER), self.soffice, self.profile_dir.as_uri(), pipe, str(self.start_timeout_s)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                start_new_session=True, close_fds=True,
            )
        except OSError as exc:
            raise WarmUnavailable(f"helper could not be started ({exc})") from None
        self.pid = self._proc.pid
        self._buf = b""
        self._ready_pending = True

    def _await_ready(self) -> None:
        """Read the helper's first line; raises :class:`WarmUnavailable` when LibreOffice did not start."""
        if not self._ready_pending:
            return
        self._ready_pending = False
        try:
            msg = self._read(self.start_timeout_s + 10)
        except _Crash as exc:
            self._kill()
            raise WarmUnavailable(f"LibreOffice did not start ({exc})") from None
        if not msg.get("ready"):
            self._kill()
            raise WarmUnavailable(str(msg.get("error", "LibreOffice did not start")))
        self.office_pids = [int(p) for p in msg.get("pids", [])]

    def office_rss_mb(self) -> float:
        """Resident memory of LibreOffice's processes now (MB, from /proc; 0 when unknown)."""
        total = 0
        for pid in self.office_pids:
            try:
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except (OSError, ValueError, IndexError):
                continue
        return total / 1024

    def _recycle_if_big(self) -> None:
        """Between cases: replace a LibreOffice that grew past ``recycle_mb`` with a fresh one."""
        if not self.recycle_mb or self._proc is None or self._ready_pending:
            return
        if self.office_rss_mb() <= self.recycle_mb:
            return
        self._kill()
        self.recycles += 1
        try:
            self.launch()
        except WarmUnavailable:
            pass  # the next request starts it (and falls back if it cannot)

    def close(self) -> None:
        """Stop LibreOffice and the helper (the whole process group) and remove the profile."""
        self._closed = True
        if self._proc is not None and self._proc.poll() is None:
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.write(b'{"quit": true}\n')
                self._proc.stdin.flush()
                clean = (not self._ready_pending and bool(self._read(5).get("quit")))  # shut down cleanly
                self._proc.wait(timeout=5)
            except (OSError, ValueError, subprocess.TimeoutExpired, AssertionError, _Crash):
                clean = False
            if clean and self.documents and not self.restarts and not self.recycles:
                self._keep_seed()
        self._kill()
        shutil.rmtree(self._base, ignore_errors=True)

    # ------------------------------------------------------------------ profile seed
    # A new LibreOffice profile costs ~0.25 s at start (first-run set-up, extension sync, graphics
    # render tests): 1.19-1.31 s to ready with a fresh one, 1.01-1.02 s with a copy of one a
    # previous converter left. The copy is kept in the program's cache (codecache.cache_dir),
    # one per LibreOffice build, without the lock file; a start that fails with it retries fresh
    # and drops the copy.
    def _seed_path(self) -> Path | None:
        from ..render.codecache import cache_dir

        folder = cache_dir("office-profile")
        if folder is None or self.soffice is None:
            return None
        program = Path(os.path.realpath(self.soffice)).parent
        h = hashlib.sha256(str(program).encode())
        for name in ("versionrc", "soffice.bin"):
            try:
                st = (program / name).stat()
                h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
            except OSError:
                pass
        return folder / h.hexdigest()[:24]

    def _seed_profile(self) -> None:
        if self._no_seed or self.profile_dir.exists():
            return
        seed = self._seed_path()
        if seed is None or not seed.is_dir():
            return
        try:
            shutil.copytree(seed, self.profile_dir)
            self._seeded = True
        except OSError:
            shutil.rmtree(self.profile_dir, ignore_errors=True)

    def _fresh_profile(self) -> None:
        """Before a second start: no seed, and drop the seed the failed start used."""
        if self._seeded:
            seed = self._seed_path()
            if seed is not None:
                shutil.rmtree(seed, ignore_errors=True)
        self._no_seed = True
        self._seeded = False
        shutil.rmtree(self.profile_dir, ignore_errors=True)

    def _keep_seed(self) -> None:
        seed = self._seed_path()
        if seed is None or seed.exists() or not self.profile_dir.is_dir():
            return
        tmp = seed.with_name(f".{seed.name}.{os.getpid()}.part")
        try:
            shutil.copytree(self.profile_dir, tmp, ignore=shutil.ignore_patterns(".lock"))
            os.rename(tmp, seed)  # another worker may have been first: then ours is dropped
        except OSError:
            pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        self._ready_pending = False
        if proc is None:
            return
        pgid = proc.pid
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 5  # children re-parented to init are reaped by it
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.office_pids = []

    def __enter__(self) -> "WarmConverter":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ protocol
    def _read(self, timeout: float) -> dict:  # type: ignore[type-arg]
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise _Crash(f"no answer within {timeout:g} s")
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise _Crash("helper exited")
                self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def _send(self, jobs: list[tuple[Path, Path]], filters: "list[dict[str, bool] | None] | None" = None) -> int:
        """Send one request (all of a case's documents; ``filters``: PDF export options a document,
        see _uno_helper); its sequence number. Raises :class:`_Crash`."""
        if self._proc is None or self._proc.poll() is not None:
            self.start()  # a launched helper queues the request until LibreOffice is ready
        assert self._proc is not None and self._proc.stdin is not None
        self._seq += 1
        req = {"id": self._seq, "jobs": [[str(s), str(d), f] if f else [str(s), str(d)]
                                         for (s, d), f in zip(jobs, filters or [None] * len(jobs))]}
        try:
            self._proc.stdin.write((json.dumps(req, ensure_ascii=False) + "\n").encode("utf-8"))
            self._proc.stdin.flush()
        except (OSError, ValueError) as exc:
            raise _Crash(f"helper gone ({exc})") from None
        return self._seq

    def _collect(self, seq: int, n: int, timeout_s: float,
                 done: Callable[[int], None] | None = None) -> dict[int, str]:
        """The answers to request ``seq``; {index: error} for documents LibreOffice refused;
        ``done(i)`` as document ``i`` is written (LibreOffice goes on with the next meanwhile).
        Raises :class:`_Crash` when the office died or a document hung."""
        try:
            self._await_ready()
        except WarmUnavailable as exc:  # collect() restarts it once, then falls back
            raise _Crash(str(exc)) from None
        errors: dict[int, str] = {}
        for _ in range(n):
            msg = self._read(timeout_s)
            if msg.get("id") != seq:
                raise _Crash("protocol out of step")
            if not msg.get("ok"):
                if msg.get("fatal"):
                    raise _Crash(str(msg.get("error")))
                errors[int(msg["i"])] = str(msg.get("error", ""))
            elif done is not None:
                done(int(msg["i"]))
        end = self._read(timeout_s)
        if not end.get("end"):
            raise _Crash("protocol out of step")
        return errors

    def _round_trip(self, jobs: list[tuple[Path, Path]], timeout_s: float,
                    done: Callable[[int], None] | None = None,
                    filters: "list[dict[str, bool] | None] | None" = None) -> dict[int, str]:
        return self._collect(self._send(jobs, filters), len(jobs), timeout_s, done)

    # ------------------------------------------------------------------ conversion
    def submit(self, docs: list[Path], out_dir: Path, *, timeout_s: float | None = None,
               export: "Mapping[Path, dict[str, bool]] | None" = None) -> "_Request":
        """Hand ``docs`` to LibreOffice and return at once; :meth:`collect` waits for the PDFs.
        ``export``: PDF export options (FilterData) for some of the documents.

        The build renders the rest of the case (checks, soft steps, evidence bundle) while
        LibreOffice lays the filing documents out on the other core (issue 18). One request is in
        flight at a time. Raises :class:`WarmUnavailable` when LibreOffice cannot be started."""
        if self._inflight:
            raise RuntimeError("a conversion is already in flight")
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        originals = [Path(d) for d in docs]
        req = _Request(
            originals=originals,
            jobs=[(d.resolve(), out_dir.resolve() / f".{d.stem}.pdf.part") for d in originals],
            out_dir=out_dir,
            per_doc=timeout_s if timeout_s is not None else self.timeout_s,
            filters=[(export or {}).get(d) for d in originals],
        )
        if not docs:
            return req
        for _, part in req.jobs:
            part.unlink(missing_ok=True)
        self.documents += len(req.jobs)
        self.busy = True
        self._inflight = True
        try:
            req.seq = self._send(req.jobs, req.filters)
        except _Crash as exc:
            req.crash = str(exc)  # collect() restarts LibreOffice and sends again
        except WarmUnavailable:
            self.busy = self._inflight = False
            raise
        return req

    def collect(self, req: "_Request", each: "Callable[[Path, Path], None] | None" = None) -> dict[Path, Path]:
        """The PDFs of a :meth:`submit`-ted request, same contract as
        :func:`~pipeline.efiling.convert.convert_docx`. A crash or hang restarts LibreOffice and
        converts the case once more; raises :class:`ConversionError` (Chinese) when the retry
        fails too, or :class:`WarmUnavailable` when LibreOffice cannot be restarted.

        ``each(docx, pdf)`` is called as each PDF is in place, while LibreOffice converts the next
        document (the build post-processes it meanwhile, issue 18). After a retry it is called again
        for the documents converted anew, so the last call for a document is about its final file."""
        if not req.originals:
            return {}
        names = "、".join(d.name for d in req.originals)
        targets = [req.out_dir / f"{d.stem}.pdf" for d in req.originals]

        failed: list[Exception] = []  # raised once the helper has answered in full (protocol in step)
        placed: set[int] = set()  # documents whose PDF this attempt put in place

        def done(i: int) -> None:
            part = req.jobs[i][1]
            try:
                if not part.is_file() or part.stat().st_size == 0:
                    return  # reported as missing below
                os.replace(part, targets[i])
                placed.add(i)
                if each is not None and not failed:
                    each(req.originals[i], targets[i])
            except Exception as exc:  # noqa: BLE001
                failed.append(exc)

        def clear() -> None:
            failed.clear()
            placed.clear()
            for (_, part), target in zip(req.jobs, targets):
                part.unlink(missing_ok=True)
                target.unlink(missing_ok=True)

        try:
            errors: dict[int, str] | None = None
            reason = req.crash
            if reason is None and req.seq is not None:
                try:
                    errors = self._collect(req.seq, len(req.jobs), req.per_doc, done)
                except _Crash as exc:
                    reason = str(exc)
            if errors is None:  # first attempt crashed or hung: restart and retry once
                self._kill()
                self.restarts += 1
                clear()
                try:
                    errors = self._round_trip(req.jobs, req.per_doc, done, req.filters)
                except _Crash as exc:
                    self._kill()
                    self.restarts += 1
                    clear()
                    raise ConversionError(
                        f"LibreOffice 转换失败（常驻进程崩溃或单个文书超过 {req.per_doc:g} 秒，重启后重试仍失败：{(reason or str(exc))[:160]}），"
                        f"未能生成 PDF：{names}。"
                    ) from None
        finally:
            self.busy = self._inflight = False
        result: dict[Path, Path] = {}
        missing = []
        for i, (d, (_, part), target) in enumerate(zip(req.originals, req.jobs, targets)):
            part.unlink(missing_ok=True)
            if i in errors or i not in placed:  # never an older PDF of the same name
                target.unlink(missing_ok=True)
                missing.append(d.name)
                continue
            result[d] = target
        self._recycle_if_big()
        if failed:
            raise failed[0]
        if missing:
            first = next(iter(errors.values()), "")
            raise ConversionError(f"LibreOffice 未能转换：{'、'.join(missing)}{'（' + first[:200] + '）' if first else ''}。")
        return result

    def convert(self, docs: list[Path], out_dir: Path, *, timeout_s: float | None = None,
                soffice: str | None = None) -> dict[Path, Path]:
        """:meth:`submit` then :meth:`collect`: convert ``docs`` into ``out_dir`` (PDF named like
        the .docx), same contract as :func:`~pipeline.efiling.convert.convert_docx`."""
        return self.collect(self.submit(docs, out_dir, timeout_s=timeout_s))


@dataclass
class _Request:
    """One case's documents handed to the warm LibreOffice (:meth:`WarmConverter.submit`)."""

    originals: list[Path]
    jobs: list[tuple[Path, Path]]
    out_dir: Path
    per_doc: float
    filters: "list[dict[str, bool] | None] | None" = None
    seq: int | None = None
    crash: str | None = None


# ---------------------------------------------------------------------- settings
ENV_RECYCLE_MB = "CUISHOU_OFFICE_MAX_MB"


def _recycle_mb() -> float:
    """``CUISHOU_OFFICE_MAX_MB`` (MB; 0 = never recycle), default 300; a bad value keeps the default."""
    raw = os.environ.get(ENV_RECYCLE_MB, "300")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or value != value:
        print(f"cuishou: 环境变量 {ENV_RECYCLE_MB} 的值“{raw}”无效，应为不小于 0 的数（MB，0 表示不重启），已按 300 处理。",
              file=sys.stderr)
        return 300.0
    return value


# ---------------------------------------------------------------------- per process
_ENABLED = False
_TIMEOUT: float | None = None
_ACTIVE: WarmConverter | None = None
_NOTE: str | None = None
_FAILED = False


def enable_for_process(*, timeout_s: float | None = None, handle_sigterm: bool = False, launch: bool = False) -> None:
    """Make :func:`convert` use a warm LibreOffice in this process (started on first use, or at
    once with ``launch``: batch workers launch it before loading templates, so that LibreOffice's
    start-up, about 1.2 s, overlaps theirs).

    Registers the shutdown at interpreter exit and at a multiprocessing worker's exit; with
    ``handle_sigterm`` (batch workers) SIGTERM stops LibreOffice before the process exits.
    """
    global _ENABLED, _TIMEOUT
    _ENABLED = True
    _TIMEOUT = timeout_s
    atexit.register(shutdown)
    try:
        from multiprocessing import util

        util.Finalize(None, shutdown, exitpriority=100)
    except Exception:  # noqa: BLE001
        pass
    if handle_sigterm:
        def _term(signum, frame):  # type: ignore[no-untyped-def]
            shutdown()
            os._exit(128 + signum)

        signal.signal(signal.SIGTERM, _term)
    if launch and libreoffice_available() is not None:  # without soffice each case says so itself
        try:
            _converter(None)
        except WarmUnavailable as exc:
            _fall_back(exc)


def _converter(soffice: str | None) -> WarmConverter:
    """This process's converter, created and launched (not awaited) on first use."""
    global _ACTIVE
    if _ACTIVE is None:
        conv = WarmConverter(soffice=soffice, timeout_s=_TIMEOUT or 120)
        try:
            conv.launch()
        except WarmUnavailable:
            conv.close()
            raise
        _ACTIVE = conv
    return _ACTIVE


def disable_for_process() -> None:
    """Stop the warm LibreOffice (if any) and go back to one-shot conversions."""
    global _ENABLED, _FAILED, _NOTE
    shutdown()
    _ENABLED = False
    _FAILED = False
    _NOTE = None


def will_convert_warm() -> bool:
    """:func:`start` will hand documents to a warm LibreOffice (it may still fall back later)."""
    return _ENABLED and not _FAILED


def active_converter() -> WarmConverter | None:
    """This process's warm converter, once started (tests read its ``office_pids``)."""
    return _ACTIVE


def fallback_note() -> str | None:
    """Chinese note when this process wanted a warm LibreOffice and fell back to one-shot runs."""
    return _NOTE


def shutdown() -> None:
    """Stop this process's warm LibreOffice; safe to call more than once."""
    global _ACTIVE
    conv, _ACTIVE = _ACTIVE, None
    if conv is not None:
        conv.close()


class Pending:
    """A conversion under way (:func:`start`); :meth:`result` waits for the PDFs and raises what
    :func:`convert` would raise. A one-shot or fallback conversion runs inside :meth:`result`."""

    def __init__(self, wait: "Callable[[Callable[[Path, Path], None] | None], dict[Path, Path]]") -> None:
        self._wait = wait
        self._done: dict[Path, Path] | None = None

    def result(self, each: "Callable[[Path, Path], None] | None" = None) -> dict[Path, Path]:
        """{docx: pdf}; ``each(docx, pdf)`` as each PDF is in place (warm: while LibreOffice does
        the next document; one-shot: after the run), and again for a document converted anew
        after a retry."""
        if self._done is None:
            self._done = self._wait(each)
        return self._done


def _fall_back(exc: Exception) -> None:
    global _NOTE, _FAILED
    shutdown()
    _FAILED = True
    _NOTE = (f"未能启动常驻 LibreOffice（{str(exc)[:120]}），本进程已改用逐件启动 LibreOffice 的转换方式，"
             "结果相同但速度较慢；安装 python3-uno（make sysdeps）后可恢复。")
    print(f"cuishou: {_NOTE}", file=sys.stderr)


def start(docs: list[Path], out_dir: Path, *, timeout_s: float = 120, soffice: str | None = None,
          export: "Mapping[Path, dict[str, bool]] | None" = None) -> Pending:
    """Begin converting ``docs``: with a warm LibreOffice (:func:`enable_for_process`) the request
    is sent now and LibreOffice works while the caller goes on; otherwise the one-shot
    :func:`~pipeline.efiling.convert.convert_docx` runs when the result is asked for.
    ``export``: PDF export options for some documents, warm conversion only (the one-shot
    converter exports with LibreOffice's defaults)."""
    def one_shot(each: "Callable[[Path, Path], None] | None" = None) -> dict[Path, Path]:
        out = convert_docx(docs, out_dir, timeout_s=timeout_s, soffice=soffice)
        if each is not None:
            for docx, pdf in out.items():
                each(docx, pdf)
        return out

    if not _ENABLED or _FAILED:
        return Pending(one_shot)
    if (soffice or libreoffice_available()) is None:
        def missing(each: object = None) -> dict[Path, Path]:
            raise ConversionError(missing_message())
        return Pending(missing)
    try:
        active = _converter(soffice)
        req = active.submit(docs, out_dir, timeout_s=_TIMEOUT or timeout_s, export=export)
    except WarmUnavailable as exc:
        _fall_back(exc)
        return Pending(one_shot)

    def wait(each: "Callable[[Path, Path], None] | None" = None) -> dict[Path, Path]:
        try:
            return active.collect(req, each)
        except WarmUnavailable as exc:  # LibreOffice could not be restarted after a crash
            _fall_back(exc)
            return one_shot(each)
    return Pending(wait)


def convert(docs: list[Path], out_dir: Path, *, timeout_s: float = 120, soffice: str | None = None) -> dict[Path, Path]:
    """What :func:`pipeline.efiling.build_efiling` calls: the warm converter when this process
    enabled it (:func:`enable_for_process`), otherwise (or when it cannot start) the one-shot
    :func:`~pipeline.efiling.convert.convert_docx`. ``timeout_s`` is per document when warm and
    per soffice run when one-shot."""
    return start(docs, out_dir, timeout_s=timeout_s, soffice=soffice).result()
