"""``cuishou templates export DIR``: the built-in templates, for a firm to copy and edit, with a
reference of every variable a template may use (its Chinese meaning and an example value taken from
a sample case).

Meanings come from the case model's field titles (pipeline/case/models.py) and, for the claim and
document views, from the field comments in their source (pipeline/law/claim.py,
pipeline/render/context.py); the example values from building the context of sample case 01.
"""

from __future__ import annotations

import csv
import functools
import tomllib
import dataclasses
import inspect
import io
import re

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = ["Variable", "variables", "export_templates", "ExportError", "REFERENCE_MD", "REFERENCE_CSV"]

REFERENCE_MD = "变量说明.md"
REFERENCE_CSV = "变量说明.csv"
_SAMPLE = "01-company-loan-instalments"
_MAX_DEPTH = 4
_TOP = {"case": "案件数据（case.json 的内容）", "claim": "债权计算结果（本金、利息、合计、诉讼费、程序）",
        "doc": "本份文书的视图（当事人称谓、金额句子、落款日期等，已按文书格式写好）"}


class ExportError(Exception):
    """Chinese message."""


@dataclasses.dataclass(frozen=True)
class Variable:
    path: str  # doc.debtors[*].name
    meaning: str
    example: str


_COMMENT = re.compile(r"^\s+(\w+)\s*:[^#\n]*#\s*(.+)$", re.M)


def _comments(cls: type) -> dict[str, str]:
    try:
        src = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    return {m.group(1): m.group(2).strip() for m in _COMMENT.finditer(src)}


@functools.cache
def _meanings() -> dict[str, str]:
    return tomllib.loads((Path(__file__).parent / "template_vars.toml").read_text(encoding="utf-8"))


def _fields(obj: Any) -> list[tuple[str, str, Any]]:
    """(name, meaning, value) of a model's or dataclass's fields."""
    if isinstance(obj, BaseModel):
        out = []
        for name, f in type(obj).model_fields.items():
            if f.exclude:
                continue
            meaning = f.title or ""
            if f.description and f.description != f.title:
                meaning = f"{meaning}：{f.description}" if meaning else f.description
            out.append((name, meaning, getattr(obj, name)))
        return out
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        notes = _comments(type(obj))
        names = _meanings()
        out = []
        for f in dataclasses.fields(obj):
            note = notes.get(f.name, "")
            meaning = names.get(f.name) or (note if not note.isascii() else "")
            out.append((f.name, meaning, getattr(obj, f.name)))
        return out
    return []


def _show(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


def _walk(path: str, meaning: str, value: Any, depth: int, out: list[Variable]) -> None:
    if isinstance(value, (list, tuple)):
        if not value:
            out.append(Variable(path, meaning, "（示例案件中为空列表）"))
            return
        out.append(Variable(path, meaning, f"列表，{len(value)} 项（用 {{% for x in {path.split('.')[-1]} %}} 逐项写出）"))
        _walk(f"{path}[*]", meaning and f"{meaning}（每一项）", value[0], depth + 1, out)
        return
    fields = _fields(value) if depth < _MAX_DEPTH else []
    if fields:
        out.append(Variable(path, meaning, "（对象，字段见下）"))
        for name, m, v in fields:
            _walk(f"{path}.{name}", m, v, depth + 1, out)
        return
    out.append(Variable(path, meaning, _show(value)))


def variables(sample_dir: str | Path | None = None) -> list[Variable]:
    """Every variable of the Word templates' context, from the context of a sample case."""
    from .case import load_case
    from .law.claim import compute_claim
    from .render.context import document_context

    folder = Path(sample_dir) if sample_dir else Path(__file__).resolve().parent.parent / "sample_cases" / _SAMPLE
    case = load_case(folder)
    claim = compute_claim(case)
    ctx = document_context(case, claim, kind=claim.procedure.kind)
    out: list[Variable] = []
    for name in ("case", "claim", "doc"):
        _walk(name, _TOP[name], ctx[name], 0, out)
    return out


def _reference_md(vs: list[Variable]) -> str:
    lines = [
        "# 模板变量说明",
        "",
        "模板中用 `{{ 变量 }}` 写出变量，用 `{% for x in 列表 %}…{% endfor %}` 逐项写出列表（`[*]` 表示列表中的每一项），",
        "用过滤器格式化：`money`（金额，千分位两位小数）、`words`（人民币大写）、`cndate`（中文日期）、`pct`（百分比）、",
        "`box`（勾选框 ☑/☐）。示例值取自示例案件 01（sample_cases/01-company-loan-instalments）。",
        "",
        "律所模板放在一个文件夹中，文件名须与内置模板完全相同（如 `01_催款函.docx`）才会替换对应文书；",
        "用 `cuishou build --templates 文件夹` 使用，用 `cuishou templates check 文件夹` 检查。",
        "",
        "| 变量 | 含义 | 示例值 |",
        "|---|---|---|",
    ]
    for v in vs:
        cell = lambda s: s.replace("|", "\\|")  # noqa: E731
        lines.append(f"| `{v.path}` | {cell(v.meaning)} | {cell(v.example)} |")
    return "\n".join(lines) + "\n"


def _reference_csv(vs: list[Variable]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["变量", "含义", "示例值"])
    for v in vs:
        w.writerow([v.path, v.meaning, v.example])
    return buf.getvalue()


def export_templates(target: str | Path) -> list[Path]:
    """Write the built-in templates (same names and folders as shipped) and the variables reference
    (变量说明.md, 变量说明.csv) into ``target``. An existing different file is never overwritten."""
    from ._resources import templates_dir

    dst = Path(target)
    if dst.exists() and not dst.is_dir():
        raise ExportError(f"{dst} 是一个文件，应为文件夹")
    src = templates_dir()
    plan: list[tuple[Path, bytes]] = [
        (dst / p.relative_to(src), p.read_bytes()) for p in sorted(src.rglob("*.docx"))
    ]
    vs = variables()
    plan.append((dst / REFERENCE_MD, _reference_md(vs).encode("utf-8")))
    plan.append((dst / REFERENCE_CSV, _reference_csv(vs).encode("utf-8-sig")))  # Excel reads the BOM as UTF-8
    clash = [p for p, blob in plan if p.exists() and p.read_bytes() != blob]
    if clash:
        names = "、".join(str(p.relative_to(dst)) for p in clash[:5])
        raise ExportError(f"{dst} 中已有不同内容的同名文件（{names}），为免覆盖律所修改过的模板，请换一个文件夹")
    for p, blob in plan:
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists():
            p.write_bytes(blob)
    return [p for p, _ in plan]


