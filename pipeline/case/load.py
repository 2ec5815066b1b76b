"""Loading a case folder: JSON → Decimal-exact dict → ``Case``, with Chinese problems.

Every problem names the JSON path, the offending value and what was expected.
Nothing here raises a raw traceback for bad input: callers get :class:`CaseError`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from .models import Case
from .problems import Problem, printable
from .validate import semantic_problems

__all__ = ["Problem", "CaseError", "load_case", "parse_case", "read_case_json", "format_path"]

CASE_FILE = "case.json"


class CaseError(Exception):
    """A case that cannot be used, with all its problems."""

    def __init__(self, problems: list[Problem], case_dir: Path | None = None):
        self.problems = problems
        self.case_dir = case_dir
        where = f"{case_dir}：" if case_dir else ""
        super().__init__(where + "；".join(str(p) for p in problems))


def format_path(loc: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part)
            if len(name) > 40:  # an unknown key can be arbitrarily long
                name = name[:37] + "…"
            out += ("." if out else "") + name
    return out or "(根)"


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        if value.is_finite() and -30 <= value.adjusted() <= 30:
            text = format(value, "f")
        else:  # 1e400 written out in full would be 400 digits (1e999999999: a gigabyte)
            text = str(value)
    elif isinstance(value, (dict, list)):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            text = "{…}" if isinstance(value, dict) else "[…]"
    else:
        text = str(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "…"


_LITERAL_HINT = "应为以下之一：{expected}"

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（可能是拼写错误；允许的字段见 schemas/case.schema.json）",
    "decimal_max_places": "最多 {decimal_places} 位小数（金额精确到分；注意浮点误差，如 0.1+0.2 应写作 0.3）",
    "decimal_max_digits": "数值位数过多（最多 {max_digits} 位）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期，不带时间，格式 YYYY-MM-DD",
    "date_type": "应为日期，格式 YYYY-MM-DD",
    "datetime_parsing": "应为带时区的时间，如 2024-01-10T10:00:00+08:00",
    "datetime_from_date_parsing": "应为带时区的时间，如 2024-01-10T10:00:00+08:00",
    "datetime_type": "应为带时区的时间，如 2024-01-10T10:00:00+08:00",
    "timezone_aware": "时间必须带时区，如 2024-01-10T10:00:00+08:00（北京时间）",
    "literal_error": _LITERAL_HINT,
    "union_tag_invalid": "kind 应为 person（自然人）或 organization（法人或其他组织）",
    "union_tag_not_found": "缺少 kind 字段：person（自然人）或 organization（法人或其他组织）",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "string_pattern_mismatch": "格式不符（应匹配 {pattern}）",
    "list_type": "应为列表 [...]",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "model_type": "应为对象 {...}",
    "model_attributes_type": "应为对象 {...}",
    "dict_type": "应为对象 {...}",
    "frozen_instance": "不可修改",
    "string_unicode": "含有无效的字符（孤立的 UTF-16 代理项，常见于从其他程序复制的文字），请删除或重新输入",
    "none_required": "应为空（null）",
    "finite_number": "应为有限的数字",
    "int_from_string": "应为整数（不加引号）",
}

# The discriminated union puts the tag into the error location; users never wrote it.
_TAGS = {"person", "organization"}


def _translate(err: dict[str, Any]) -> Problem:
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p in _TAGS)]
    kind = err["type"]
    ctx = {k: _show(v) for k, v in (err.get("ctx") or {}).items()}
    if kind == "literal_error":
        # pydantic's list reads "'a', 'b' or 'c'": keep it whole and say it in Chinese.
        ctx["expected"] = str(err["ctx"]["expected"]).replace(" or ", "、").replace(", ", "、")
    template = _MESSAGES.get(kind)
    raw = err.get("input")
    exponent = raw.as_tuple().exponent if isinstance(raw, Decimal) else 0
    if kind == "decimal_max_digits" and isinstance(exponent, int) and exponent < -2:
        # Only money fields limit the digit count; a long fraction such as 0.30000000000000004
        # (a float sum pasted from a spreadsheet) is a decimal-places problem, not a size one.
        template, ctx = _MESSAGES["decimal_max_places"], {"decimal_places": "2"}
    if kind == "control_char" and isinstance((err.get("ctx") or {}).get("code"), int):
        # pydantic does not apply format specs such as {code:04X} to its custom messages.
        template, ctx = "含有不可见的控制字符（U+{code}），请删除", {"code": f"{err['ctx']['code']:04X}"}
    if template is None:
        # Our own PydanticCustomError messages are already Chinese.
        message = err["msg"]
        if message.isascii():
            message = f"不符合要求（{kind}）"
    else:
        try:
            message = template.format(**ctx)
        except (KeyError, IndexError):
            message = template
    value = None if kind == "missing" else _show(err.get("input"))
    from ..codes import pydantic_code

    return Problem(format_path(loc), message, value, pydantic_code(kind))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不支持的数值 {name}")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"重复的字段名 \"{key}\"")
        out[key] = value
    return out


def _parse_int(text: str) -> int | Decimal:
    # Python refuses to convert integers of more than 4300 digits (with an English message);
    # anything this long is out of range anyway and is reported with its field by _huge_numbers.
    return Decimal(text) if len(text.lstrip("-")) > 30 else int(text)


def read_case_json(text: str) -> Any:
    """Parse JSON with every number as an exact Decimal or int (never float).

    Raises ``ValueError`` (Chinese message) for duplicate keys and NaN/Infinity,
    ``json.JSONDecodeError`` for syntax errors and ``RecursionError`` for absurd nesting.
    """
    return json.loads(
        text,
        parse_float=Decimal,
        parse_int=_parse_int,
        parse_constant=_reject_constant,
        object_pairs_hook=_no_duplicates,
    )


#: Largest order of magnitude a case number may have (money has at most 15 digits, rates 6 decimals).
_MAX_MAGNITUDE = 30


def _is_huge(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return len(str(abs(value))) > _MAX_MAGNITUDE
    if isinstance(value, Decimal):
        return not value.is_finite() or not -_MAX_MAGNITUDE <= value.adjusted() <= _MAX_MAGNITUDE
    return False


def _huge_numbers(data: Any) -> tuple[Any, list[Problem]]:
    """Replace numbers far outside any sensible range (1e400, 1e-999999999) by None.

    Validating such a number can take unbounded time and memory (an int field given
    1e999999999 makes pydantic build a billion-digit integer), so they are reported
    here, with their path, and never reach the model. Iterative: nesting depth is unbounded.
    """
    problems: list[Problem] = []
    if _is_huge(data):
        return None, [Problem("(根)", "数值超出可处理的范围", _show(data))]
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            cls = value.__class__
            if cls is str or value is None:  # most values: nothing to look at
                continue
            if cls is dict or cls is list:
                stack.append((value, loc + (key,)))
            elif _is_huge(value):
                problems.append(
                    Problem(format_path(loc + (key,)), "数值超出可处理的范围（应为常规大小的数字；金额最多 15 位有效数字、2 位小数）", _show(value))
                )
                node[key] = None
            elif isinstance(value, (dict, list)):  # subclasses (a caller's own mapping types)
                stack.append((value, loc + (key,)))
    problems.sort(key=lambda p: p.path)
    return data, problems


def parse_case(data: Any) -> Case:
    """Validate a parsed case dict; raise :class:`CaseError` listing every problem."""
    data, huge = _huge_numbers(data)
    flagged = {p.path for p in huge}
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems = [_translate(e) for e in exc.errors(include_url=False)]
        raise CaseError(huge + [p for p in problems if p.path not in flagged]) from None
    except RecursionError:
        raise CaseError([*huge, Problem("(根)", "数据嵌套层数过深")]) from None
    if huge:
        raise CaseError(huge)
    return case


def load_case(case_dir: str | Path, profiles: "Iterable[str | Path]" = ()) -> Case:
    """Load ``case.json`` from a case folder and validate the record and its files.

    ``profiles``: creditor/firm profile files merged under the case's own values before
    validation (:mod:`pipeline.profile`). Raises :class:`CaseError` with all problems found
    (structure first; the cross-field and file checks run once the structure is sound).
    """
    profiles = list(profiles)
    data = read_case_data(case_dir, profiles)
    folder = Path(case_dir)
    try:
        case = parse_case(data)
    except CaseError as exc:
        raise CaseError(_from_profile(exc.problems, data, profiles), folder) from None
    problems = semantic_problems(case, folder)
    if problems:
        raise CaseError(_from_profile(problems, data, profiles), folder)
    return case


def _from_profile(problems: list[Problem], data: Any, profiles: "Iterable[str | Path]") -> list[Problem]:
    """Say which profile a faulty value came from (the case file does not hold that section)."""
    profiles = list(profiles)
    if not profiles:
        return problems
    from ..profile import profile_origin

    origin = profile_origin(getattr(data, "_cuishou_raw", data), profiles)
    out = []
    for p in problems:
        top = re.split(r"[.\[]", p.path, maxsplit=1)[0]
        if top in origin:
            p = Problem(p.path, f"{p.message}（该项来自档案 {origin[top]}）", p.value, p.code)
        out.append(p)
    return out


def read_case_data(case_dir: str | Path, profiles: "Iterable[str | Path]" = ()) -> Any:
    """The parsed ``case.json`` of a case folder with the profiles merged in (not yet validated).

    Raises :class:`CaseError` for a missing or unreadable file, invalid JSON or a faulty profile."""

    folder = Path(case_dir)
    path = folder / CASE_FILE
    if not folder.is_dir():
        raise CaseError([Problem(str(folder), "案件文件夹不存在")], folder)
    if not path.is_file():
        raise CaseError([Problem(CASE_FILE, f"案件文件夹中找不到 {CASE_FILE}")], folder)
    try:
        # utf-8-sig: Windows Notepad saves UTF-8 with a byte-order mark; accept it.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(
            [Problem(CASE_FILE, f"文件应为 UTF-8 编码（第 {exc.start + 1} 个字节处无法按 UTF-8 解码；GBK 等编码请另存为 UTF-8）")],
            folder,
        ) from None
    except OSError as exc:
        raise CaseError([Problem(CASE_FILE, f"无法读取文件（{_os_reason(exc)}）")], folder) from None
    try:
        data = read_case_json(text)
    except json.JSONDecodeError as exc:
        raise CaseError(
            [Problem(CASE_FILE, f"不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{_json_reason(exc.msg)}")],
            folder,
        ) from None
    except RecursionError:
        raise CaseError([Problem(CASE_FILE, "不是有效的案件数据：括号嵌套层数过深")], folder) from None
    except ValueError as exc:  # our own hooks: duplicate key, NaN/Infinity (Chinese messages)
        raise CaseError([Problem(CASE_FILE, f"不是有效的 JSON：{exc}")], folder) from None
    profiles = list(profiles)
    if profiles and isinstance(data, dict):
        from ..profile import ProfileError, apply_profiles

        try:
            merged = apply_profiles(data, profiles)
        except ProfileError as exc:
            raise CaseError(exc.problems, folder) from None
        return _Merged(merged, data)
    return data


class _Merged(dict):  # type: ignore[type-arg]
    """Merged case data that remembers the case file's own data (to name a value's profile)."""

    def __init__(self, merged: dict[str, Any], raw: dict[str, Any]):
        super().__init__(merged)
        self._cuishou_raw = raw


def _os_reason(exc: OSError) -> str:
    import errno

    return {
        errno.EACCES: "没有读取权限",
        errno.EPERM: "没有读取权限",
        errno.EISDIR: "是文件夹",
        errno.ELOOP: "符号链接循环",
        errno.ENAMETOOLONG: "路径过长",
        errno.EIO: "磁盘读写错误",
    }.get(exc.errno or 0, f"系统错误 {exc.errno}")


_JSON_REASONS = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "字段名应使用英文双引号（注意：最后一项后面不能有逗号）",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Extra data": "JSON 结束后还有多余内容",
    "Unterminated string starting at": "字符串缺少结束引号",
    "Invalid control character at": "字符串中含有控制字符（如换行、制表符应写作 \\n、\\t）",
    "Invalid \\escape": "无效的反斜杠转义（路径中的 \\ 应写作 \\\\ 或改用 /）",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Illegal trailing comma before end of object": "最后一项后面不能有逗号",
    "Illegal trailing comma before end of array": "最后一项后面不能有逗号",
}


def _json_reason(msg: str) -> str:
    return _JSON_REASONS.get(msg, "语法错误")
