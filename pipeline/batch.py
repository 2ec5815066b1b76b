"""Batch runs: discover case folders, build each in worker processes (or on a Dask
cluster), survive one bad case, skip unchanged inputs, and write a report.

Every case goes through :func:`pipeline.build.build_case`, the same code path as
``cuishou build``. Outputs are written atomically per case, so a killed batch can
simply be run again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ._version import __version__
from .build import BuildError, BuildOptions, build_case, build_case_result

__all__ = ["BatchError", "CaseResult", "BatchReport", "discover_cases", "run_batch"]

REPORT_NAME = "batch-report.json"


class BatchError(RuntimeError):
    """The batch cannot run at all (bad output folder, no Dask); Chinese message."""


def _os_reason(exc: OSError) -> str:
    from .build import _os_reason as reason

    return reason(exc)


@dataclass(frozen=True)
class CaseResult:
    case_dir: str  # relative to the batch root
    status: str  # "built" | "skipped" | "failed"
    case_id: str | None = None
    output: str | None = None  # relative to the output folder
    duration_s: float = 0.0
    error: str | None = None
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()  # files a person changed, kept as they are (docs/edits.md)
    held_back: tuple[str, ...] = ()  # document kinds not built: data they need has a problem (in problems)
    notes: tuple[str, ...] = ()  # about the run, not the case (e.g. warm LibreOffice fell back to one-shot)


@dataclass
class BatchReport:
    root: str
    out_dir: str
    program_version: str = __version__
    cases: list[CaseResult] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # profile files merged into every case
    printed: dict[str, Any] | None = None  # --print: files written, letters per kind, warnings (pipeline/print_mail.py)

    @property
    def counts(self) -> dict[str, int]:
        c = {"built": 0, "skipped": 0, "failed": 0}
        for r in self.cases:
            c[r.status] += 1
        return c

    @property
    def edited(self) -> int:
        """How many files people changed across the batch, kept as they are."""
        return sum(len(r.edited) for r in self.cases)

    @property
    def notices(self) -> list[dict[str, Any]]:
        """Every distinct warning of the batch once, with its code and the cases it concerns
        (a batch-wide notice such as the holiday table's verified-through date is not repeated per case)."""
        from .codes import batch_notice

        out: dict[str, dict[str, Any]] = {}
        for r in self.cases:
            for w in r.warnings:
                code, text = batch_notice(w)
                entry = out.setdefault(text, {"code": code, "text": text, "cases": []})
                if r.case_dir not in entry["cases"]:
                    entry["cases"].append(r.case_dir)
        return list(out.values())

    @property
    def partial(self) -> int:
        """Cases built with some documents held back (exit status 3 when none failed)."""
        return sum(1 for r in self.cases if r.held_back)

    @property
    def notes(self) -> list[str]:
        """Notes about the run (Chinese), each once, e.g. a worker that had to fall back to
        one-shot LibreOffice conversions (pipeline/efiling/warm.py)."""
        return list(dict.fromkeys(n for r in self.cases for n in r.notes))

    @property
    def ok(self) -> bool:
        return self.counts["failed"] == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": "cuishou",
            "program_version": self.program_version,
            "root": self.root,
            "out_dir": self.out_dir,
            "counts": self.counts,
            "edited": self.edited,
            "partial": self.partial,
            "notices": self.notices,
            "notes": self.notes,
            "profiles": self.profiles,
            "printed": self.printed,
            "cases": [asdict(r) for r in self.cases],
        }


def _case_folder_holding(root: Path, out: Path) -> Path | None:
    """The case folder (a folder with case.json, between root and out) that contains ``out``."""
    for folder in (out, *out.parents):
        if folder == root or root not in folder.parents:
            return None
        if (folder / "case.json").is_file():
            return folder
    return None


def discover_cases(root: str | Path, *, exclude: Path | None = None) -> list[Path]:
    """Every folder under ``root`` holding a ``case.json``, in a stable order.

    A case folder's subfolders are not searched further; ``exclude`` (the output
    folder, when it lies inside root) is skipped.
    """
    root = Path(root)
    found: list[Path] = []
    excl = exclude.resolve() if exclude else None
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if excl is not None and (here.resolve() == excl or excl in here.resolve().parents):
            dirnames[:] = []
            continue
        if "case.json" in filenames:
            found.append(here)
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    return sorted(found, key=lambda p: p.as_posix())


def _warm_worker(in_pool: bool) -> None:
    """Worker initializer with e-filing: one warm LibreOffice for the worker's life
    (pipeline/efiling/warm.py), launched at once so that it starts on the other core while the
    worker builds its first case. A pool worker also stops LibreOffice on SIGTERM and asks Linux
    for SIGTERM when the batch process dies. Templates and the bundle's CJK font load on first use
    (each once per process): a worker that only finds unchanged cases never needs them."""
    from .efiling.warm import enable_for_process

    if in_pool:
        _parent_death_signal()
    enable_for_process(handle_sigterm=in_pool, launch=True)


def _parent_death_signal() -> None:
    """prctl(PR_SET_PDEATHSIG, SIGTERM) on Linux: a worker left behind by a killed batch ends."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _build_one_warm(case_dir: str, root: str, out_dir: str, options: BuildOptions, force: bool) -> CaseResult:
    """:func:`_build_one`, plus the note when this worker's warm LibreOffice fell back to one-shot runs."""
    import dataclasses

    from .efiling.warm import fallback_note

    result = _build_one(case_dir, root, out_dir, options, force)
    note = fallback_note()
    return dataclasses.replace(result, notes=(note,)) if note else result


def _build_one(case_dir: str, root: str, out_dir: str, options: BuildOptions, force: bool) -> CaseResult:
    start = time.perf_counter()
    rel = os.path.relpath(case_dir, root)
    try:
        result = build_case_result(case_dir, out_dir, options, skip_unchanged=not force)
        manifest = result.manifest
        status = "built" if result.written else "skipped"  # "skipped": nothing was written
        return CaseResult(
            case_dir=rel,
            status=status,
            case_id=manifest.case_id,
            output=manifest.case_id,
            duration_s=round(time.perf_counter() - start, 4),
            warnings=tuple(manifest.warnings),
            edited=tuple(result.edited),
            held_back=tuple(h.kind for h in manifest.held_back),
            problems=tuple(dict.fromkeys(f"{p.path}：{p.message}" + (f"（当前值：{p.value}）" if p.value is not None else "")
                                         for h in manifest.held_back for p in h.problems)),
        )
    except BuildError as exc:
        return CaseResult(
            case_dir=rel,
            status="failed",
            duration_s=round(time.perf_counter() - start, 4),
            error=exc.message,
            problems=tuple(str(p) for p in exc.problems),
        )
    except Exception as exc:  # one broken case must never stop the batch
        return CaseResult(
            case_dir=rel,
            status="failed",
            duration_s=round(time.perf_counter() - start, 4),
            error=f"内部错误（{type(exc).__name__}）：{exc}",
        )


def _existing_digest(out_dir: Path, case_dir: Path) -> str | None:
    # The case id is only known after loading; peek at case.json cheaply.
    try:
        case_id = json.loads((case_dir / "case.json").read_text(encoding="utf-8-sig")).get("case_id")
        m = json.loads((out_dir / str(case_id) / "manifest.json").read_text(encoding="utf-8"))
        return m.get("input_digest")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None


Event = dict[str, Any]


def run_batch(
    root: str | Path,
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    options: BuildOptions | None = None,
    scheduler: str | None = None,
    on_event: Callable[[Event], None] | None = None,
    print_files: bool = False,
) -> BatchReport:
    """Build every case under ``root`` into ``out_dir`` and write ``batch-report.json``.

    ``print_files`` (``--print``): also write ``OUT/打印/`` — one PDF per letter kind for the whole
    batch and the courier's address list (:func:`pipeline.print_mail.write_print_files`).

    ``jobs`` worker processes (default: one per core); ``scheduler`` a Dask
    distributed scheduler address (``tcp://host:port``) to run on a cluster
    instead (paths must be reachable by every worker). ``on_event`` receives
    progress events (``start``, ``case``, ``end``).
    """
    root = Path(root).resolve()
    out = Path(out_dir).resolve()
    options = options or BuildOptions()
    if out == root or out in root.parents:
        # Every case lies inside the output folder, which discovery skips: nothing would be built.
        raise BatchError(f"输出文件夹 {out_dir} 不能是案件根目录 {root} 本身或其上级文件夹，请另选 --out")
    if out.exists() and not out.is_dir():
        raise BatchError(f"输出位置 {out_dir} 是一个文件，应为文件夹（--out）")
    holder = _case_folder_holding(root, out)
    if holder is not None:
        # An output folder inside a case folder would hide that case from discovery.
        raise BatchError(f"输出文件夹 {out_dir} 位于案件文件夹 {holder} 之内，请另选 --out")
    cases = discover_cases(root, exclude=out)
    if not options.profiles:  # creditor/firm profiles kept in the batch root (pipeline/profile.py)
        from .profile import find_profiles

        found = tuple(find_profiles(root))
        if found:
            options = replace(options, profiles=found)
    if options.profiles:
        from .profile import ProfileError, load_profile

        for p in options.profiles:  # a faulty profile stops the batch before any case is built
            try:
                load_profile(p)
            except ProfileError as exc:
                raise BatchError("档案文件有误：" + "；".join(str(x) for x in exc.problems)) from None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"无法创建输出文件夹 {out_dir}（{_os_reason(exc)}）") from None
    _preallocate_letter_numbers(cases, out, options)
    emit = on_event or (lambda e: None)
    report = BatchReport(root=str(root), out_dir=str(out), profiles=[str(p) for p in options.profiles])
    emit({"event": "start", "total": len(cases)})
    args = [(str(c), str(root), str(out), options, force) for c in cases]
    results: dict[str, CaseResult] = {}
    for done, result in enumerate(_execute(args, jobs, scheduler, options), start=1):
        results[result.case_dir] = result
        emit({"event": "case", "done": done, "total": len(cases), **asdict(result)})
    report.cases = [results[os.path.relpath(c, root)] for c in cases]
    _check_duplicate_ids(report)
    if print_files:
        from .print_mail import write_print_files

        try:
            printed = write_print_files(report, options.profiles, timeout_s=max(options.efiling_timeout_s, 300))
        except OSError as exc:
            raise BatchError(f"无法写入打印文件（{_os_reason(exc)}）") from None
        report.printed = {
            "files": [p.relative_to(out).as_posix() for p in printed.files],
            "letters": printed.letters,
            "recipients": len(printed.rows),
            "warnings": printed.warnings,
        }
    try:
        (out / REPORT_NAME).write_text(
            json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise BatchError(f"无法写入 {out / REPORT_NAME}（{_os_reason(exc)}）") from None
    from .status import batch_rows, write_overview

    try:  # the portfolio overview (pipeline/status.py), from the manifests just written
        write_overview(batch_rows(report, out), options.as_of, out)
    except OSError as exc:
        raise BatchError(f"无法写入案件总览（{_os_reason(exc)}）") from None
    emit({"event": "end", **report.counts})
    return report


def _preallocate_letter_numbers(cases: list[Path], out: Path, options: BuildOptions) -> None:
    """Allocate every case's 函号 in the batch's stable order before the workers start
    (pipeline/letter_numbers.py): the numbers then do not depend on which worker runs first.
    A case whose case.json does not validate is skipped here; its worker reports why."""
    from .build import letter_registry, numbered_letters
    from .case import CaseError, load_case
    from .case.models import Case
    from .letter_numbers import LetterNumberError, letters_of, lookup, preallocate

    from dataclasses import replace

    from .partial import load_partial

    registry = letter_registry(out, options)
    keys = []
    for c in cases:
        held: dict = {}
        try:
            if options.profiles:  # the case file alone is not a whole case: merge the profiles first
                case = load_case(c, options.profiles)
            else:
                case = Case.model_validate_json((c / "case.json").read_bytes())
        except (OSError, ValueError, CaseError):
            if options.strict:
                continue
            try:  # a partial build (a wrong ID number…) still numbers its letters in batch order
                case, held = load_partial(c, options.profiles)
            except (CaseError, OSError, ValueError):  # the worker reports why
                continue
        opts = replace(options, efiling=False) if "efiling" in held else options
        candidates = letters_of(case, lawyer_letter=True, firm_letter=opts.efiling)
        try:
            if lookup(registry, candidates) is not None:
                continue  # every letter the case could have is numbered already: its stage changes nothing here
        except LetterNumberError:  # a damaged registry: preallocate below says so
            pass
        keys += numbered_letters(case, opts)
    if not keys:
        return
    try:
        preallocate(registry, keys)
    except LetterNumberError as exc:
        raise BatchError(f"无法分配函号：{exc}") from None


def _check_duplicate_ids(report: BatchReport) -> None:
    seen: dict[str, str] = {}
    for i, r in enumerate(report.cases):
        if r.case_id is None:
            continue
        if r.case_id in seen:
            report.cases[i] = CaseResult(
                case_dir=r.case_dir,
                status="failed",
                case_id=r.case_id,
                error=f"案件编号 {r.case_id} 与 {seen[r.case_id]} 重复，输出会互相覆盖",
            )
        else:
            seen[r.case_id] = r.case_dir


def _execute(
    args: list[tuple[Any, ...]], jobs: int | None, scheduler: str | None, options: BuildOptions
) -> Iterator[CaseResult]:
    if scheduler:
        yield from _execute_dask(args, scheduler)
        return
    jobs = jobs or os.cpu_count() or 1
    if options.efiling:  # one warm LibreOffice per worker (pipeline/efiling/warm.py)
        yield from _execute_warm(args, jobs)
        return
    if jobs == 1 or len(args) <= 1:
        for a in args:
            yield _build_one(*a)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: set[Future[CaseResult]] = {pool.submit(_build_one, *a) for a in args}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in sorted(finished, key=lambda f: f.result().case_dir):
                yield f.result()


def _execute_warm(args: list[tuple[Any, ...]], jobs: int) -> Iterator[CaseResult]:
    """Like the plain path of :func:`_execute`, with one warm LibreOffice per worker. Ctrl-C or
    SIGTERM of the batch stops the workers (SIGTERM → each stops its LibreOffice) and re-raises."""
    import signal
    import threading

    restore = None
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        def _term(signum, frame):  # type: ignore[no-untyped-def]
            raise SystemExit(128 + signum)

        restore = signal.signal(signal.SIGTERM, _term)
    try:
        if jobs == 1 or len(args) <= 1:
            from .efiling.warm import disable_for_process

            _warm_worker(False)
            try:
                for a in args:
                    yield _build_one_warm(*a)
            finally:
                disable_for_process()  # no LibreOffice left behind, even when the caller stops early
            return
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker, initargs=(True,))
        try:
            pending: set[Future[CaseResult]] = {pool.submit(_build_one_warm, *a) for a in args}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in sorted(finished, key=lambda f: f.result().case_dir):
                    yield f.result()
        except BaseException:
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for w in workers:  # each worker's SIGTERM handler stops its LibreOffice
                if w.is_alive():
                    w.terminate()
            for w in workers:
                w.join(timeout=15)
            raise
        pool.shutdown(wait=True)
    finally:
        if restore is not None:
            signal.signal(signal.SIGTERM, restore)


def _execute_dask(args: list[tuple[Any, ...]], scheduler: str) -> Iterator[CaseResult]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise BatchError("使用 --scheduler 需要安装 Dask 分布式组件：pip install '.[distributed]'") from None
    try:
        client_cm = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(f"无法连接 Dask 调度节点 {scheduler}（{type(exc).__name__}）；请检查地址（tcp://主机:端口）和网络") from None
    with client_cm as client:
        futures = [client.submit(_build_one, *a, pure=False) for a in args]
        for fut in as_completed(futures):
            yield fut.result()
