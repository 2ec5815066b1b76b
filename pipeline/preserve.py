"""Edits are sacred: a rebuild never overwrites or deletes a file a person changed.

Policy (documented in docs/edits.md):

- Every generated file's sha256 is in ``manifest.json``. Before a case folder is replaced, every file
  in it is compared with that record. A file whose bytes differ from the recorded generated version
  (or that the program never generated) is **edited**: it stays where it is, byte for byte.
- When the new build produces a different file under an edited file's name, the new version is written
  **beside it** as ``<name>（重新生成）.<ext>`` (``（重新生成2）`` … if that name is itself taken by an
  edited file). The manifest lists the edited file under ``edited`` with ``new_version``.
- With ``--only``, every file the build does not regenerate is kept as it is (hard link or copy of the
  same bytes) and its manifest entry is carried over (listed under ``carried_over``).
- An unedited generated file that a full build no longer produces is removed, as before.

Everything happens inside the temporary folder of :func:`pipeline.atomic.atomic_folder`, so the case
folder is still replaced in one rename.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .atomic import link_or_copy
from .manifest import DocumentEntry, EditedEntry, Manifest

__all__ = ["Merge", "merge_previous", "previous_manifest", "recorded_hashes", "new_version_name", "EDITED_NOTICE"]

MANIFEST_NAME = "manifest.json"
EDITED_NOTICE = "{n} 份文书已被人工修改，已保留"
_SUFFIX = "重新生成"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def previous_manifest(folder: Path) -> Manifest | None:
    """The manifest of the previous build in ``folder`` (None when absent or unreadable)."""
    path = folder / MANIFEST_NAME
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def recorded_hashes(manifest: Manifest) -> dict[str, str | None]:
    """File → sha256 of the version the program generated there (None: a file it never generated)."""
    out: dict[str, str | None] = {e.file: e.generated_sha256 for e in manifest.edited}
    out.update({d.file: d.sha256 for d in manifest.documents})
    return out


def new_version_name(file: str, n: int = 1) -> str:
    """``01_催款函.docx`` → ``01_催款函（重新生成）.docx`` (n=2: ``（重新生成2）``)."""
    p = PurePosixPath(file)
    tag = _SUFFIX if n == 1 else f"{_SUFFIX}{n}"
    return str(p.with_name(f"{p.stem}（{tag}）{p.suffix}"))


@dataclass
class Merge:
    documents: list[DocumentEntry]
    edited: list[EditedEntry] = field(default_factory=list)
    carried_over: list[str] = field(default_factory=list)


def _files(folder: Path) -> list[str]:
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            rel = p.relative_to(folder).as_posix()
            if rel != MANIFEST_NAME:
                out.append(rel)
    return out


def merge_previous(final: Path, tmp: Path, entries: list[DocumentEntry], *, keep_others: bool) -> Merge:
    """Carry the edited (and, with ``keep_others``, all not regenerated) files of ``final`` into ``tmp``.

    ``entries`` are the documents just generated in ``tmp``; the returned documents are those entries
    (renamed where an edited file holds their name) plus, with ``keep_others``, the previous entries of
    the files kept unchanged."""
    if not final.is_dir():
        return Merge(list(entries))
    prev = previous_manifest(final)
    recorded = recorded_hashes(prev) if prev else {}
    prev_docs = {d.file: d for d in prev.documents} if prev else {}
    prev_edited = {e.file: e for e in prev.edited} if prev else {}
    new = {e.file: e for e in entries}

    state: dict[str, str] = {}  # rel -> "generated" | "edited"
    digest: dict[str, str] = {}
    for rel in _files(final):
        sha = sha256_file(final / rel)
        digest[rel] = sha
        state[rel] = "generated" if recorded.get(rel) == sha else "edited"

    # An edited file where the build writes something else: the new version goes beside it.
    taken = set(new) | {rel for rel, st in state.items() if st == "edited"}
    renamed: dict[str, str] = {}
    for rel, entry in new.items():
        if state.get(rel) != "edited" or digest[rel] == entry.sha256:
            continue
        n = 1
        while new_version_name(rel, n) in taken:
            n += 1
        target = new_version_name(rel, n)
        taken.add(target)
        renamed[rel] = target
        dst = tmp / target
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp / rel, dst)

    written = {renamed.get(f, f) for f in new}
    documents = [e.model_copy(update={"file": renamed.get(e.file, e.file)}) for e in entries]
    edited: list[EditedEntry] = []
    carried: list[str] = []
    for rel, st in state.items():
        if rel in written:
            continue  # our own unedited file, replaced by the new build
        if (tmp / rel).exists():
            continue  # the new build wrote it without listing it (efiling/manifest.json): the new one stands
        if st == "edited":
            if rel in new and digest[rel] == new[rel].sha256:
                continue  # the new build wrote exactly these bytes
            link_or_copy(final / rel, tmp / rel)
            was = prev_docs.get(rel) or prev_edited.get(rel)
            edited.append(
                EditedEntry(
                    file=rel,
                    kind=was.kind if was else None,
                    title=was.title if was else None,
                    generated_sha256=recorded.get(rel),
                    sha256=digest[rel],
                    bytes=(final / rel).stat().st_size,
                    new_version=renamed.get(rel),
                )
            )
        elif keep_others:
            link_or_copy(final / rel, tmp / rel)
            carried.append(rel)
            if rel in prev_docs:
                documents.append(prev_docs[rel])
        # else: an unedited generated file the full build no longer produces — dropped
    if keep_others:  # --only: an edited file whose earlier new version was carried over keeps pointing at it
        edited = [
            e.model_copy(update={"new_version": prev_edited[e.file].new_version})
            if e.new_version is None and e.file in prev_edited and prev_edited[e.file].new_version in carried
            else e
            for e in edited
        ]
    # A file the program never generated, kept without a name clash, is listed only when it clashes.
    edited = [e for e in edited if e.generated_sha256 is not None or e.new_version is not None]
    return Merge(documents, edited, carried)
