"""Stable codes for problems, warnings and notices (issue 16): a document system filters and routes
by code; the Chinese text stays the message for people. The table is ``codes.toml`` beside this
module; ``docs/codes.md`` is generated from it (``python -m pipeline.codes > docs/codes.md``).

- Structural problems of case.json: by pydantic's error type (``[pydantic]``).
- Other problems and warnings: the first ``[[notice]]`` whose regular expression occurs in the text.
- Compliance findings keep their rule ids (C1…, T5…; pipeline/checks/rules.toml), text-lint
  findings their rule (identifier, cli_flag, placeholder, court_province, no_date).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

__all__ = ["problem_code", "warning_code", "code_for", "pydantic_code", "codes_markdown", "PROBLEM_FALLBACK", "WARNING_FALLBACK"]

PROBLEM_FALLBACK = "E_CASE"
WARNING_FALLBACK = "W_OTHER"


@dataclass(frozen=True)
class _Rule:
    code: str
    pattern: re.Pattern[str]
    path: str | None
    title: str
    batch_key: re.Pattern[str] | None = None
    batch_text: str | None = None


@dataclass(frozen=True)
class _Table:
    pydantic: dict[str, str]
    rules: tuple[_Rule, ...]
    titles: dict[str, str]


@functools.cache
def _table() -> _Table:
    data = tomllib.loads((Path(__file__).parent / "codes.toml").read_text(encoding="utf-8"))
    rules = tuple(
        _Rule(n["code"], re.compile(n["match"]), n.get("path"), n["title"],
              re.compile(n["batch_key"]) if "batch_key" in n else None, n.get("batch_text"))
        for n in data.get("notice", [])
    )
    titles = dict(data.get("titles", {}))
    for r in rules:
        titles.setdefault(r.code, r.title)
    return _Table(dict(data["pydantic"]), rules, titles)


def pydantic_code(error_type: str) -> str:
    return _table().pydantic.get(error_type, PROBLEM_FALLBACK)


def code_for(text: str, path: str | None = None, *, fallback: str = WARNING_FALLBACK) -> str:
    for r in _table().rules:
        if r.path is not None and (path is None or not fnmatchcase(path, r.path.replace("[", "[[]"))):
            continue
        if r.pattern.search(text):
            return r.code
    return fallback


def problem_code(path: str, message: str) -> str:
    """The code of a case problem (or a validate warning, which is a problem-shaped notice)."""
    fallback = PROBLEM_FALLBACK
    return code_for(message, path, fallback=fallback)


def warning_code(text: str) -> str:
    return code_for(text, fallback=WARNING_FALLBACK)


def batch_notice(text: str) -> tuple[str, str]:
    """(code, text) of a warning as a batch report lists it: a batch-wide notice in its shared form."""
    code = warning_code(text)
    for r in _table().rules:
        if r.code == code and r.batch_key is not None and r.batch_text:
            m = r.batch_key.search(text)
            if m:
                return code, r.batch_text.format(key=m.group(0))
    return code, text


def codes_markdown() -> str:
    t = _table()
    lines = [
        "# 代码表（problems、warnings、findings 的稳定代码）",
        "",
        "由 `pipeline/codes.toml` 生成（`python -m pipeline.codes > docs/codes.md`），请勿手改。",
        "JSON 输出中每条问题、提示都带 `code`，与中文文字并列：`cuishou validate --json` 的 problems/warnings、",
        "manifest.json 的 `notices`（与 `warnings` 一一对应）、`held_back[].problems[]`、batch-report.json 的 `notices`",
        "（相同的提示合并为一条，列出涉及的案件）。代码一经发布不改含义；新情况用新代码。",
        "",
        "合规检查的发现沿用规则编号（`findings[].rule_id`：C1…、T5…，见 pipeline/checks/rules.toml）；",
        "文书文字检查沿用 `text_lint[].rule`（identifier、cli_flag、placeholder、court_province、no_date）。",
        "",
        "| 代码 | 含义 | 来源 |",
        "|---|---|---|",
    ]
    seen: set[str] = set()
    for typ, code in t.pydantic.items():
        if code in seen:
            continue
        seen.add(code)
        types = "、".join(k for k, v in t.pydantic.items() if v == code)
        lines.append(f"| `{code}` | {t.titles.get(code, '')} | case.json 结构（{types}） |")
    for r in t.rules:
        if r.code in seen:
            continue
        seen.add(r.code)
        kind = "案件数据问题" if r.code.startswith("E_") else "提示"
        lines.append(f"| `{r.code}` | {r.title} | {kind} |")
    for code in (PROBLEM_FALLBACK, WARNING_FALLBACK):
        lines.append(f"| `{code}` | {t.titles[code]} | 未归类 |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(codes_markdown())
