"""A firm's own templates: which file replaces which document, misnamed files, and the record of the
template each document was made from (manifest ``documents[].template``, docx core properties).

A firm template replaces a built-in one by having exactly its file name (``01_催款函.docx``) in the
``--templates`` folder; any other .docx there matches no document and would be ignored, so
``cuishou templates check`` names it and suggests the intended name, and ``build`` warns.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["known_templates", "Misnamed", "misnamed_templates", "template_record", "template_description",
           "misnamed_warnings"]


def known_templates() -> dict[str, str]:
    """Template file name → the Chinese name of the document it makes (every name a firm may replace)."""
    from .efiling.forms import FORM_TEMPLATES
    from .render.engine import TEMPLATE_NAMES
    from .soft import INTERNAL_KINDS, SOFT_FILE_NAMES, SOFT_TITLES

    out = {n: Path(n).stem.split("_", 1)[-1] for n in TEMPLATE_NAMES}
    out.update({SOFT_FILE_NAMES[k]: SOFT_TITLES[k] for k in INTERNAL_KINDS})
    out.update({n: Path(n).stem.split("_", 1)[-1] for n in FORM_TEMPLATES.values()})
    return out


@dataclass(frozen=True)
class Misnamed:
    file: str
    suggestion: str | None

    def message(self) -> str:
        hint = f"；如要替换{known_templates()[self.suggestion]}，请改名为“{self.suggestion}”" if self.suggestion else (
            "；可替换的模板文件名见 cuishou templates export"
        )
        return f"律所模板文件夹中的“{self.file}”不对应任何文书，生成时不会使用{hint}"


def _suggest(name: str, known: list[str]) -> str | None:
    stem = Path(name).stem
    # "01_催款函（本所版）": a known name's stem at the start is the clearest sign
    starts = [k for k in known if stem.startswith(Path(k).stem)]
    if starts:
        return max(starts, key=len)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if close:
        return close[0]
    # the document's name without the number ("催款函.docx", "3_分期还款协议.docx")
    for k in known:
        title = Path(k).stem.split("_", 1)[-1]
        if title and title in stem:
            return k
    return None


def misnamed_templates(directory: str | os.PathLike[str]) -> list[Misnamed]:
    """The .docx files in a firm's template folder that match no document kind, with a suggestion."""
    d = Path(directory)
    known = sorted(known_templates())
    out = []
    for sub in (d, d / "soft"):
        if not sub.is_dir():
            continue
        for f in sorted(sub.iterdir()):
            if f.suffix.lower() != ".docx" or f.name.startswith("~$") or f.name in known:
                continue
            out.append(Misnamed(f.relative_to(d).as_posix(), _suggest(f.name, known)))
    return out


def misnamed_warnings(directory: str | os.PathLike[str] | None) -> list[str]:
    if directory is None or not Path(directory).is_dir():
        return []
    return [f"模板：{m.message()}" for m in misnamed_templates(directory)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def template_record(path: str | os.PathLike[str] | None) -> dict[str, str] | None:
    """``{"source": "builtin"|"firm", "file": name, "sha256": …}`` for the template at ``path``
    (None when the document has no template, e.g. the SMS text file). Only the file name is kept:
    the same bytes on every machine."""
    if not path:
        return None
    p = Path(path)
    from ._resources import templates_dir

    try:
        builtin = p.resolve().is_relative_to(templates_dir().resolve())
    except OSError:
        builtin = False
    return {"source": "builtin" if builtin else "firm", "file": p.name, "sha256": _sha256(p)}


def template_description(path: str | os.PathLike[str]) -> str:
    """The text written into a document's core properties (dc:description) naming its template."""
    rec = template_record(path)
    assert rec is not None
    who = "内置模板" if rec["source"] == "builtin" else "律所模板"
    return f"{who} {rec['file']}（sha256 {rec['sha256']}）"
