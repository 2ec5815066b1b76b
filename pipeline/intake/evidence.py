"""Evidence files named in a sheet: a path or a file-name pattern under the evidence folder.

A cell may name several files (separated by ；; or a line break), each a path relative to
the evidence folder (``合同/HT-001.pdf``) or a pattern (``合同/HT-001*.pdf``, ``**/HT-001-*.jpg``).
For safety nothing outside the evidence folder is ever read: absolute paths, ``..`` and
symbolic links (a linked file, or a file inside a linked folder) are refused, each with a
Chinese reason; so is a pattern that matches nothing or too many files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["EvidenceProblem", "split_specs", "resolve_spec", "MAX_MATCHES"]

MAX_MATCHES = 50
_SEPARATORS = re.compile(r"[;；\n|]+")
_GLOB = re.compile(r"[*?\[]")


class EvidenceProblem(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def split_specs(cell: str) -> list[str]:
    return [s.strip() for s in _SEPARATORS.split(cell) if s.strip()]


def _symlink_on_the_way(root: Path, path: Path) -> Path | None:
    """The first symbolic link between ``root`` (exclusive) and ``path`` (inclusive), if any."""
    rel = path.relative_to(root)
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def resolve_spec(root: Path, spec: str) -> list[Path]:
    """The files ``spec`` names under ``root`` (real, regular files inside it), sorted by path."""
    if any(ord(c) < 32 for c in spec):
        raise EvidenceProblem(f"『{spec}』含有不可见的控制字符")
    text = spec.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        raise EvidenceProblem(f"『{spec}』是绝对路径；请写相对证据文件夹的路径（证据文件必须位于证据文件夹内）")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise EvidenceProblem(f"『{spec}』含有“..”；证据文件必须位于证据文件夹内")
    if not parts:
        raise EvidenceProblem(f"『{spec}』不是文件路径")
    real_root = Path(os.path.realpath(root))
    rel = "/".join(parts)
    if _GLOB.search(rel):
        candidates = sorted(real_root.glob(rel), key=lambda p: p.as_posix())
        files = [p for p in candidates if not p.is_dir()]
        if not files:
            raise EvidenceProblem(f"在证据文件夹中找不到与『{spec}』匹配的文件")
        if len(files) > MAX_MATCHES:
            raise EvidenceProblem(f"『{spec}』匹配到 {len(files)} 个文件（最多 {MAX_MATCHES} 个），请写得更具体")
    else:
        files = [real_root / rel]
    out = []
    for path in files:
        link = _symlink_on_the_way(real_root, path)
        if link is not None:
            shown = link.relative_to(real_root).as_posix()
            raise EvidenceProblem(f"『{shown}』是符号链接；出于安全考虑，证据文件不能是链接（请复制实际文件）")
        try:
            real = Path(os.path.realpath(path))
        except (OSError, ValueError):
            raise EvidenceProblem(f"无法解析路径『{spec}』") from None
        if real_root not in real.parents:
            raise EvidenceProblem(f"『{spec}』指向证据文件夹之外")
        if not real.exists():
            raise EvidenceProblem(f"在证据文件夹中找不到文件『{spec}』")
        if not real.is_file():
            raise EvidenceProblem(f"『{spec}』不是文件")
        out.append(real)
    return out
