"""Writing a case folder: case.json, the evidence copies and ``import-source.json``, atomically,
validated by the same code as ``cuishou validate`` before it takes its final name.

A case folder appears complete or not at all (:func:`pipeline.atomic.atomic_folder`). A folder
whose files already have the bytes the import would write is left untouched. A folder that
was not written by an import, or whose case.json was edited by hand after the import, is not
overwritten unless the caller asks for it (``overwrite``).
"""

from __future__ import annotations

import filecmp
import hashlib
import json
from json.encoder import encode_basestring
import os
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..atomic import atomic_folder
from ..case import CaseError, load_case
from ..case.load import Problem

__all__ = ["dump_case_json", "CaseFiles", "write_case_folder", "check_case_folder", "conflict_problem", "MARKER", "Conflict"]

MARKER = "import-source.json"


def _string(text: str) -> str:
    # json's own string encoder (C), the one json.dumps(..., ensure_ascii=False) uses
    return encode_basestring(text)


def dump_case_json(value: Any) -> str:
    """JSON text with Decimals written as exact number literals (never through float), 2-space indent."""

    def enc(v: Any, ind: str) -> str:
        nxt = ind + "  "
        if isinstance(v, dict):
            if not v:
                return "{}"
            items = [f"{nxt}{_string(k)}: {enc(x, nxt)}" for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + ind + "}"
        if isinstance(v, (list, tuple)):
            if not v:
                return "[]"
            if all(isinstance(x, str) for x in v) and len(v) <= 8:
                one = "[" + ", ".join(_string(x) for x in v) + "]"
                if len(one) <= 80:
                    return one
            return "[\n" + ",\n".join(nxt + enc(x, nxt) for x in v) + "\n" + ind + "]"
        if isinstance(v, Decimal):
            return format(v, "f")
        if isinstance(v, str):
            return _string(v)
        if isinstance(v, float):  # pragma: no cover - programming error
            raise TypeError("floats are not allowed in a case; use Decimal")
        return json.dumps(v, ensure_ascii=False)

    return enc(value, "") + "\n"


@dataclass
class CaseFiles:
    """Everything a case folder holds, before it is written."""

    case_json: bytes
    marker: bytes
    evidence: list[tuple[Path, str]]  # (source file, path inside the folder)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.case_json).hexdigest()


class Conflict(Exception):
    """The folder exists and must not be overwritten; Chinese message."""


def make_marker(source: str, sheet: str, row: int, key: str, case_json_sha256: str) -> bytes:
    data = {
        "program": "cuishou import",
        "source": source,
        "sheet": sheet,
        "row": row,
        "key": key,
        "case_json_sha256": case_json_sha256,
        "note": "本案件由 cuishou import 从表格导入；手工修改 case.json 后，再次导入不会覆盖它（除非使用 --overwrite）",
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _fill(folder: Path, files: CaseFiles, link: bool = False) -> None:
    (folder / "case.json").write_bytes(files.case_json)
    (folder / MARKER).write_bytes(files.marker)
    for src, rel in files.evidence:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if link:
            try:
                os.link(src, target)
                continue
            except OSError:
                pass
        shutil.copyfile(src, target)


def _same(final: Path, files: CaseFiles) -> bool:
    try:
        if (final / "case.json").read_bytes() != files.case_json or (final / MARKER).read_bytes() != files.marker:
            return False
    except OSError:
        return False
    wanted = {rel for _, rel in files.evidence}
    present = {p.relative_to(final).as_posix() for p in final.rglob("*") if p.is_file()} - {"case.json", MARKER}
    if wanted != present:
        return False
    return all(filecmp.cmp(src, final / rel, shallow=False) for src, rel in files.evidence)


def _protect(final: Path, overwrite: bool) -> None:
    """Refuse to replace a folder the import did not write, or one edited by hand since."""
    if overwrite or not final.exists():
        return
    if not final.is_dir():
        raise Conflict(f"输出文件夹中已有同名文件 {final.name}，不是案件文件夹；请移走后再导入")
    try:
        marker = json.loads((final / MARKER).read_text(encoding="utf-8"))
        recorded = marker["case_json_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        raise Conflict(
            f"输出文件夹中已有案件文件夹 {final.name}，但它不是由导入生成的；为免覆盖他人的工作，未写入（确需覆盖请加 --overwrite）"
        ) from None
    try:
        current = hashlib.sha256((final / "case.json").read_bytes()).hexdigest()
    except OSError:
        current = None
    if current != recorded:
        raise Conflict(
            f"案件文件夹 {final.name} 中的 case.json 在上次导入后被手工修改过，未覆盖；"
            "如确需用表格内容覆盖，请加 --overwrite（或先删除该文件夹）"
        )


def conflict_problem(out_dir: Path, case_id: str, files: CaseFiles, overwrite: bool) -> str | None:
    """Why ``out_dir/case_id`` must not be replaced by ``files``, or None."""
    final = out_dir / case_id
    if not final.exists() or (final.is_dir() and _same(final, files)):
        return None
    try:
        _protect(final, overwrite)
    except Conflict as exc:
        return str(exc)
    return None


def write_case_folder(out_dir: Path, case_id: str, files: CaseFiles, *, overwrite: bool = False) -> tuple[str, list[Problem]]:
    """Write (or leave unchanged) ``out_dir/case_id``; return (outcome, validation problems).

    outcome: ``created``, ``updated``, ``unchanged``, or ``invalid`` (nothing written; the
    problems are those ``cuishou validate`` reports). Raises :class:`Conflict`.
    """
    final = out_dir / case_id
    if final.is_dir() and _same(final, files):
        try:
            load_case(final)
        except CaseError as exc:
            return "invalid", exc.problems
        return "unchanged", []
    _protect(final, overwrite)
    existed = final.exists()
    problems: list[Problem] = []
    try:
        with atomic_folder(final) as tmp:
            _fill(tmp, files)
            try:
                load_case(tmp)
            except CaseError as exc:
                problems = exc.problems
                raise
    except CaseError:
        return "invalid", problems
    return ("updated" if existed else "created"), []


def check_case_folder(scratch: Path, case_id: str, files: CaseFiles) -> list[Problem]:
    """Validate without writing to the output folder (dry run, strict mode's first pass)."""
    folder = scratch / case_id
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    try:
        _fill(folder, files, link=True)
        try:
            load_case(folder)
        except CaseError as exc:
            return exc.problems
        return []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
