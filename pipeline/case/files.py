"""The files a case folder's case.json names (evidence scans, the lawyer's practising certificate).

One list serves validation (each must exist inside the folder), the input digest (each is hashed)
and the HTTP service (each may be uploaded), so a new file field is added here once.
"""

from __future__ import annotations

from typing import Any

from .models import Case

__all__ = ["case_files", "raw_case_files", "is_file_path"]


def case_files(case: Case) -> list[tuple[str, str]]:
    """``(JSON path, relative file)`` for every file the validated case names, in document order."""
    out = [(f"evidence[{i}].files[{j}]", rel) for i, item in enumerate(case.evidence) for j, rel in enumerate(item.files)]
    if case.lawyer is not None and case.lawyer.licence_copy:
        out.append(("lawyer.licence_copy", case.lawyer.licence_copy))
    return out


def raw_case_files(data: Any) -> list[str]:
    """The same files from a parsed but not yet validated case.json (anything malformed is skipped)."""
    out: list[str] = []
    if not isinstance(data, dict):
        return out
    items = data.get("evidence")
    for item in items if isinstance(items, list) else []:
        files = item.get("files") if isinstance(item, dict) else None
        if isinstance(files, list):
            out += [f for f in files if isinstance(f, str)]
    lawyer = data.get("lawyer")
    if isinstance(lawyer, dict) and isinstance(lawyer.get("licence_copy"), str):
        out.append(lawyer["licence_copy"])
    return [f.replace("\\", "/") for f in out]


def is_file_path(path: str) -> bool:
    """Whether a problem's JSON path points at one of the file fields above."""
    return (path.startswith("evidence[") and ".files[" in path) or path == "lawyer.licence_copy"
