"""Atomic folder output: build in a temporary sibling folder, then rename into place.

A killed process leaves at most a ``.tmp-*`` or ``.old-*`` sibling, which the next
run removes; a case folder under its final name is always complete.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_folder", "clean_stale", "link_or_copy", "TMP_PREFIX", "OLD_PREFIX"]

TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"


def link_or_copy(src: Path, dst: Path) -> None:
    """The same bytes at a new path ``dst``: a hard link where the file system allows, else a copy
    with its times. Raises :class:`FileExistsError` when ``dst`` exists — it is never written over
    (through a hard link that would change every other name of the file too). Used for the files a
    rebuild carries over unchanged (:mod:`pipeline.preserve`): the old folder is removed once the
    new one is in place, so the link is the file's only name again."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists() or dst.is_symlink():
        raise FileExistsError(f"{dst} exists")
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (another file system, FAT, some network shares)
        shutil.copy2(src, dst)


def clean_stale(out_dir: Path, name: str | None = None) -> None:
    """Remove temporary folders left by a killed run (for one case name, or all)."""
    if not out_dir.is_dir():
        return
    for child in out_dir.iterdir():
        n = child.name
        if not (n.startswith(TMP_PREFIX) or n.startswith(OLD_PREFIX)):
            continue
        # ".tmp-<case name>.<pid>": match the name exactly, so that case "a" does not remove
        # the folder of case "a.b" being built at the same time by another worker.
        owner, _, pid = n[len(TMP_PREFIX):].rpartition(".")
        if not pid.isdigit():
            continue
        if name is not None and owner != name:
            continue
        shutil.rmtree(child, ignore_errors=True)


@contextmanager
def atomic_folder(final: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it replaces ``final`` as a whole."""
    parent = final.parent
    parent.mkdir(parents=True, exist_ok=True)
    tag = f"{final.name}.{os.getpid()}"
    tmp = parent / f"{TMP_PREFIX}{tag}"
    old = parent / f"{OLD_PREFIX}{tag}"
    for stale in (tmp, old):
        if stale.exists():
            shutil.rmtree(stale)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
