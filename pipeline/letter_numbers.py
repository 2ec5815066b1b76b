"""函号: one firm-level sequence of letter numbers, kept in a registry file.

Every letter a law firm issues carries its own number, e.g. （2026）京某律函字第036号
(law-procedure.md §4(c) item 3: firm code + year + serial). The number must never repeat:
not between two cases, not between two letters of one case, not when a case is built again.
And the same letter must keep its number when it is built again (same input → same number).

Where the allocation lives: a JSON registry, by default ``<output root>/letter-numbers.json``
(the folder that holds the case output folders, so ``cuishou build`` and ``cuishou batch`` into
the same ``--out`` share it); a firm that builds into several output folders points all of them
at one file (``BuildOptions.letter_registry`` / ``--letter-registry`` / ``CUISHOU_LETTER_REGISTRY``).

- A letter is identified by (case_id, kind, date): building the case again finds its entry and
  reuses the number; a new letter (another kind, or a later date — a new letter is sent) gets
  the next number. Entries are never removed, so a number is never given twice.
- The sequence is per prefix (the prefix holds the firm code and the year, so a new year's
  prefix starts a new sequence). The next number is one more than the highest number of that
  prefix, and not below ``case.lawyer.letter_serial`` (the firm's current position in its own
  paper register).
- Concurrency: allocation holds an exclusive ``fcntl.flock`` on the registry's folder (on Windows
  ``msvcrt.locking`` on a ``.lock`` file beside the registry) while it
  reads, adds and atomically replaces the registry (write to a temporary file, fsync, rename),
  so parallel processes never hand out one number twice; readers need no lock because the
  file is only ever replaced whole. A single build that needs new numbers keeps the lock until
  its outputs are written and registers them only if the build succeeds (:func:`reserve`).
- Determinism across a batch: :func:`preallocate` is called by ``run_batch`` in the parent process
  before any worker starts, in the batch's stable case order, so the numbers do not depend on
  which worker finishes first; the workers then only find their entries.

Do not delete the registry: without it numbers start again from each case's ``letter_serial``.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from .case.models import Case

__all__ = [
    "REGISTRY_NAME",
    "ENV_REGISTRY",
    "LetterKey",
    "LetterNumberError",
    "letters_of",
    "letter_date",
    "format_number",
    "registry_path",
    "assign",
    "lookup",
    "registered",
    "reserve",
    "preallocate",
    "read_registry",
]

REGISTRY_NAME = "letter-numbers.json"
ENV_REGISTRY = "CUISHOU_LETTER_REGISTRY"
_FORMAT = "cuishou-letter-numbers"
_VERSION = 1

#: The letters a firm numbers: the 律师函 and the 律师事务所函 (所函) of the e-filing set.
NUMBERED_KINDS = ("lawyer_letter", "firm_letter")


class LetterNumberError(Exception):
    """The registry cannot be read or written (Chinese message naming the file)."""


@dataclass(frozen=True)
class LetterKey:
    case_id: str
    kind: str  # lawyer_letter | firm_letter
    date: date  # the letter's date (落款日期)
    prefix: str  # （2026）京某律函字
    floor: int = 1  # the sequence does not go below this (case.lawyer.letter_serial)

    @property
    def key(self) -> str:
        return f"{self.case_id}/{self.kind}/{self.date.isoformat()}"


def format_number(prefix: str, serial: int) -> str:
    """（2026）京某律函字 + 36 → （2026）京某律函字第036号."""
    return f"{prefix}第{serial:03d}号"


def letter_date(case: "Case", kind: str) -> date:
    """The date printed on the letter (the documents' 落款日期)."""
    return case.signing_date


def letters_of(case: "Case", *, lawyer_letter: bool = True, firm_letter: bool = False) -> list[LetterKey]:
    """The numbered letters this build of ``case`` produces (none without a firm)."""
    lawyer = case.lawyer
    if lawyer is None:
        return []
    floor = int(getattr(lawyer, "letter_serial", None) or 1)
    kinds = [k for k, on in (("lawyer_letter", lawyer_letter), ("firm_letter", firm_letter)) if on]
    return [LetterKey(case.case_id, k, letter_date(case, k), lawyer.letter_prefix, floor) for k in kinds]


def registry_path(out_root: str | os.PathLike[str], override: str | os.PathLike[str] | None = None) -> Path:
    """The registry file: ``override``, else $CUISHOU_LETTER_REGISTRY, else ``out_root/letter-numbers.json``."""
    if override:
        return Path(override)
    env = os.environ.get(ENV_REGISTRY)
    if env:
        return Path(env)
    return Path(out_root) / REGISTRY_NAME


def _reason(exc: OSError) -> str:
    from .build import _os_reason

    return _os_reason(exc)


def _empty() -> dict:
    return {"format": _FORMAT, "version": _VERSION, "letters": []}


def read_registry(path: str | os.PathLike[str]) -> dict:
    """The registry's content (an empty one if the file does not exist)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return _empty()
    except OSError as exc:
        raise LetterNumberError(f"无法读取函号登记簿 {p}：{_reason(exc)}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise LetterNumberError(f"函号登记簿 {p} 不是有效的 JSON 文件；请从备份恢复，不要删除（删除后函号会重复）") from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("letters"), list):
        raise LetterNumberError(f"函号登记簿 {p} 的格式不对（应有 format={_FORMAT!r} 和 letters 列表）")
    for i, e in enumerate(data["letters"]):
        if not (isinstance(e, dict) and isinstance(e.get("key"), str) and isinstance(e.get("prefix"), str)
                and isinstance(e.get("serial"), int) and not isinstance(e.get("serial"), bool)):
            raise LetterNumberError(f"函号登记簿 {p} 第{i + 1}条记录不完整（应有 key、prefix、serial）")
    return data


def _serials(data: dict) -> dict[tuple[str, str], int]:
    """(prefix, key) → serial of a registry's content."""
    return {(e["prefix"], e["key"]): e["serial"] for e in data["letters"]}


def _lookup(data: dict, keys: Iterable[LetterKey]) -> dict[LetterKey, int]:
    index = _serials(data)
    return {k: index[(k.prefix, k.key)] for k in keys if (k.prefix, k.key) in index}


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock held while the registry is read, extended and replaced.

    POSIX: ``flock`` on the registry's folder (no lock file is left behind). Windows (no fcntl):
    ``msvcrt.locking`` on a ``<registry>.lock`` file beside it, retried until granted (the file
    stays; it holds nothing). Elsewhere there is no lock: one process at a time."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None:
        with _locked_windows(path):
            yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError as exc:
        raise LetterNumberError(f"无法使用函号登记簿所在的文件夹 {path.parent}：{_reason(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _locked_windows(path: Path) -> Iterator[None]:
    try:
        import msvcrt
    except ImportError:  # neither POSIX nor Windows: a single process at a time is the caller's responsibility
        yield
        return
    lock = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise LetterNumberError(f"无法使用函号登记簿的锁文件 {lock}：{_reason(exc)}") from None
    try:
        while True:
            try:
                os.lseek(fd, 0, os.SEEK_SET)  # msvcrt locks bytes from the current position
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # blocks up to ~10 s, then raises: try again
                break
            except OSError:
                continue
        try:
            yield
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)


def _write(path: Path, data: dict) -> None:
    data["letters"].sort(key=lambda e: (e["prefix"], e["serial"]))
    blob = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise LetterNumberError(f"无法写入函号登记簿 {path}：{_reason(exc)}") from None


def _add_missing(data: dict, keys: list[LetterKey], found: dict[LetterKey, int]) -> None:
    for k in keys:
        if k in found:
            continue
        used = [e["serial"] for e in data["letters"] if e["prefix"] == k.prefix]
        serial = max([k.floor] + [s + 1 for s in used])
        data["letters"].append(
            {"prefix": k.prefix, "serial": serial, "key": k.key, "case_id": k.case_id, "kind": k.kind,
             "date": k.date.isoformat()}
        )
        found[k] = serial


_INDEXES: dict[Path, tuple[tuple[int, int, int, int], dict[tuple[str, str], int]]] = {}


def _index(path: Path) -> dict[tuple[str, str], int]:
    """(prefix, key) → serial of the registry as it is now, parsed once per version of the file.

    Read without the lock (the file is only ever replaced whole, so a new version is a new
    inode); kept per process because every case of a batch looks its letters up, and parsing
    the whole registry for each made a batch quadratic in its size."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise LetterNumberError(f"无法读取函号登记簿 {path}：{_reason(exc)}") from None
    version = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    hit = _INDEXES.get(path)
    if hit is not None and hit[0] == version:
        return hit[1]
    index = _serials(read_registry(path))
    _INDEXES[path] = (version, index)  # a version read after the stat is only re-read next time
    return index


def registered(path: str | os.PathLike[str], keys: list[LetterKey]) -> dict[str, str]:
    """kind → 函号 of those ``keys`` the registry holds (nothing is written or locked)."""
    index = _index(Path(path))
    return {k.kind: format_number(k.prefix, index[(k.prefix, k.key)]) for k in keys if (k.prefix, k.key) in index}


def lookup(path: str | os.PathLike[str], keys: list[LetterKey]) -> dict[str, str] | None:
    """The numbers of ``keys`` if the registry holds all of them, else None (nothing is written)."""
    found = registered(path, keys)
    return found if len(found) == len(keys) else None


def assign(path: str | os.PathLike[str], keys: list[LetterKey]) -> dict[str, str]:
    """Numbers for ``keys`` (kind → 函号 text), allocating the missing ones in order.

    Letters already in the registry keep their number; new ones get the next serial of their
    prefix (not below the key's ``floor``). Raises :class:`LetterNumberError` (Chinese).
    """
    with reserve(path, keys) as numbers:
        return dict(numbers)


@contextmanager
def reserve(path: str | os.PathLike[str], keys: list[LetterKey]) -> Iterator[dict[str, str]]:
    """Numbers for ``keys``, written to the registry only if the ``with`` block succeeds.

    Letters already registered need no lock. Otherwise the registry stays locked while the
    block runs (a build that fails leaves the registry as it was, and nobody else can take the
    reserved numbers meanwhile); ``run_batch`` pre-allocates, so its workers never wait here.
    """
    if not keys:
        yield {}
        return
    p = Path(path)
    known = lookup(p, keys)
    if known is not None:
        yield known
        return
    with _locked(p):
        data = read_registry(p)  # again, under the lock: another process may have written
        found = _lookup(data, keys)
        if len(found) == len(keys):
            yield {k.kind: format_number(k.prefix, found[k]) for k in keys}
            return
        _add_missing(data, keys, found)
        yield {k.kind: format_number(k.prefix, found[k]) for k in keys}
        _write(p, data)


def preallocate(path: str | os.PathLike[str], keys: list[LetterKey]) -> None:
    """Allocate ``keys`` in the given order (``run_batch`` calls this before its workers start)."""
    assign(path, keys)
