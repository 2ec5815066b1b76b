"""Template lint: what a template may use, checked before any case is rendered.

``check_templates(dir=None) -> list[TemplateProblem]`` reports, for every .docx in the folder
(default: the built-in templates):

- tags split across runs or text segments (Word's proofing marks and edits do that) and
  smart quotes inside tags — checked on the raw XML, before docxtpl's ``patch_xml``;
  ``{%p …%}``-style tags whose expression contains ``%`` or ``}`` (docxtpl #644);
- Jinja syntax errors, e.g. unbalanced ``{% if %}``/``{% for %}`` blocks;
- unknown filters and tests;
- every variable and attribute path (``claim.totals.total_words``, ``doc.schedule.rows``…)
  checked against a schema built from the type hints of the context classes
  (:class:`~pipeline.case.models.Case`, :class:`~pipeline.law.claim.Claim`,
  :class:`~pipeline.render.context.DocumentView`), following ``for`` loop variables and
  ``set`` assignments, so the lint stays true to the code.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Union

import jinja2
from jinja2 import nodes
from lxml import etree
from pydantic import BaseModel

from .. import _resources
from .engine import W_NS, RenderError, _line_text, _with_newlines, extract_parts, get_env

__all__ = ["TemplateProblem", "check_templates", "check_template", "context_schema"]


@dataclass(frozen=True)
class TemplateProblem:
    template: str
    part: str
    message: str
    paragraph: str = ""

    def __str__(self) -> str:
        where = f"“{self.paragraph}”" if self.paragraph else ""
        return f"模板“{self.template}”（{self.part}）：{self.message}" + (f"；所在段落：{where}" if where else "")


# ---------------------------------------------------------------- the schema


class _T:
    """A static type of a template value."""


@dataclass(frozen=True)
class TAny(_T):
    pass


@dataclass(frozen=True)
class TObj(_T):
    cls: type


@dataclass(frozen=True)
class TSeq(_T):
    item: _T


@dataclass(frozen=True)
class TMap(_T):
    value: _T


@dataclass(frozen=True)
class TUnion(_T):
    options: tuple[_T, ...]


ANY = TAny()
_SCALARS = (str, int, float, bool, Decimal, date, datetime, bytes)


def _from_hint(hint: Any) -> _T:
    origin = typing.get_origin(hint)
    if hint is Any or hint is None:
        return ANY
    if origin is typing.Annotated:
        return _from_hint(typing.get_args(hint)[0])
    if origin in (Union, types.UnionType):
        opts = tuple(_from_hint(a) for a in typing.get_args(hint) if a is not type(None))
        return opts[0] if len(opts) == 1 else TUnion(opts)
    if origin is typing.Literal:
        return TObj(type(typing.get_args(hint)[0]))
    if origin in (list, tuple, set, frozenset) or origin in (typing.Sequence,) or (
        origin is not None and inspect.isclass(origin) and issubclass(origin, (list, tuple))
    ):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return TSeq(_from_hint(args[0]) if args else ANY)
    if origin is not None and inspect.isclass(origin):
        try:
            import collections.abc as cabc

            if issubclass(origin, cabc.Mapping):
                args = typing.get_args(hint)
                return TMap(_from_hint(args[1]) if len(args) == 2 else ANY)
            if issubclass(origin, cabc.Sequence):
                args = [a for a in typing.get_args(hint) if a is not Ellipsis]
                return TSeq(_from_hint(args[0]) if args else ANY)
        except TypeError:
            pass
    if inspect.isclass(hint):
        return TObj(hint)
    return ANY


def _hints(cls: type) -> dict[str, Any]:
    if issubclass(cls, BaseModel):
        return {name: f.annotation for name, f in cls.model_fields.items()}
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:
        return {f.name: Any for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else {}


def _attr(t: _T, name: str) -> _T | None:
    """Type of ``t.name``, or None when it does not exist."""
    if isinstance(t, TAny):
        return ANY
    if isinstance(t, TUnion):
        found = [r for o in t.options if (r := _attr(o, name)) is not None]
        if not found:
            return None
        return found[0] if len(found) == 1 else TUnion(tuple(found))
    if isinstance(t, TMap):
        return t.value
    if isinstance(t, TSeq):
        return ANY if hasattr(list, name) else None
    if isinstance(t, TObj):
        cls = t.cls
        if cls in _SCALARS or not (issubclass(cls, BaseModel) or dataclasses.is_dataclass(cls)):
            return ANY if hasattr(cls, name) else None
        hints = _hints(cls)
        if name in hints:
            return _from_hint(hints[name])
        member = inspect.getattr_static(cls, name, None)
        if isinstance(member, property):
            try:
                ret = typing.get_type_hints(member.fget).get("return", Any)
            except Exception:
                ret = Any
            return _from_hint(ret)
        if member is not None and callable(member) and not name.startswith("_"):
            return ANY
        return None
    return ANY


def _fields_of(t: _T) -> list[str]:
    """The field names a value of type ``t`` has (for "did you mean")."""
    if isinstance(t, TUnion):
        return [n for o in t.options for n in _fields_of(o)]
    if isinstance(t, TObj) and (issubclass(t.cls, BaseModel) or dataclasses.is_dataclass(t.cls)):
        names = list(_hints(t.cls))
        names += [n for n, v in inspect.getmembers(t.cls) if isinstance(v, property) and not n.startswith("_")]
        return names
    return []


def _did_you_mean(name: str, candidates: list[str]) -> str:
    """"，是否想写 X？" for a misspelt variable, field or filter (difflib), else ""."""
    import difflib

    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"，是否想写 {close[0]}？" if close else ""


def _item(t: _T) -> _T:
    if isinstance(t, TSeq):
        return t.item
    if isinstance(t, TUnion):
        items = tuple(_item(o) for o in t.options)
        return items[0] if len(items) == 1 else TUnion(items)
    if isinstance(t, TObj) and t.cls is str:
        return TObj(str)
    return ANY


def _describe(t: _T) -> str:
    if isinstance(t, TObj):
        return t.cls.__name__
    if isinstance(t, TSeq):
        return f"列表[{_describe(t.item)}]"
    if isinstance(t, TUnion):
        return "|".join(_describe(o) for o in t.options)
    if isinstance(t, TMap):
        return "字典"
    return "任意"


def context_schema() -> dict[str, _T]:
    """The documented template context: ``case``, ``claim``, ``doc`` (see context.py)."""
    from ..case.models import Case
    from ..law.claim import Claim
    from .context import DocumentView

    return {"case": TObj(Case), "claim": TObj(Claim), "doc": TObj(DocumentView)}


# ---------------------------------------------------------------- AST walk

_SAME_SEQ_FILTERS = {"sort", "reverse", "unique", "selectattr", "rejectattr", "list", "batch", "slice"}
_ITEM_FILTERS = {"first", "last", "random", "min", "max"}
_STR_FILTERS = {
    "money", "words", "cndate", "pct", "box", "cnnum", "string", "e", "escape", "trim", "upper", "lower",
    "title", "capitalize", "replace", "join", "format", "truncate", "center", "indent", "striptags", "safe",
}
_INT_FILTERS = {"length", "count", "int", "wordcount"}


class _Walker:
    def __init__(self, env: jinja2.Environment, schema: dict[str, _T], report):
        self.env = env
        self.schema = schema
        self.report = report

    def lookup(self, name: str, scope: dict[str, _T], lineno: int) -> _T:
        if name in scope:
            return scope[name]
        if name in self.schema:
            return self.schema[name]
        if name in self.env.globals:
            return ANY
        self.report(lineno, f"未定义的变量 {name}{_did_you_mean(name, [*self.schema, *scope])}（模板可用的顶层变量：{'、'.join(self.schema)}）")
        return ANY

    def expr(self, node: nodes.Node, scope: dict[str, _T]) -> _T:
        if isinstance(node, nodes.Name):
            return self.lookup(node.name, scope, node.lineno)
        if isinstance(node, nodes.Getattr):
            base = self.expr(node.node, scope)
            got = _attr(base, node.attr)
            if got is None:
                self.report(node.lineno, f"字段路径 {_path(node)} 不存在（{_describe(base)} 没有字段 {node.attr}）{_did_you_mean(node.attr, _fields_of(base))}")
                return ANY
            return got
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                got = _attr(base, arg.value)
                if got is None:
                    self.report(node.lineno, f"字段路径 {_path(node)} 不存在（{_describe(base)} 没有字段 {arg.value}）{_did_you_mean(arg.value, _fields_of(base))}")
                    return ANY
                return got
            self.expr(arg, scope)
            return _item(base) if not isinstance(arg, nodes.Slice) else base
        if isinstance(node, nodes.Filter):
            base = self.expr(node.node, scope) if node.node is not None else ANY
            self._args(node, scope)
            if node.name not in self.env.filters:
                self.report(node.lineno, f"未知的过滤器 {node.name}{_did_you_mean(node.name, list(self.env.filters))}")
                return ANY
            if node.name in _SAME_SEQ_FILTERS:
                return base
            if node.name in _ITEM_FILTERS:
                return _item(base)
            if node.name in _STR_FILTERS:
                return TObj(str)
            if node.name in _INT_FILTERS:
                return TObj(int)
            return ANY
        if isinstance(node, nodes.Test):
            self.expr(node.node, scope)
            self._args(node, scope)
            if node.name not in self.env.tests:
                self.report(node.lineno, f"未知的测试 {node.name}")
            return TObj(bool)
        if isinstance(node, nodes.Call):
            self.expr(node.node, scope)
            self._args(node, scope)
            return ANY
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            a = self.expr(node.expr1, scope)
            if node.expr2 is not None:
                self.expr(node.expr2, scope)
            return a
        if isinstance(node, nodes.Const):
            return TObj(type(node.value)) if node.value is not None else ANY
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        return ANY

    def _args(self, node: nodes.Node, scope: dict[str, _T]) -> None:
        for a in getattr(node, "args", []) or []:
            self.expr(a, scope)
        for kw in getattr(node, "kwargs", []) or []:
            self.expr(kw.value, scope)
        for extra in ("dyn_args", "dyn_kwargs"):
            v = getattr(node, extra, None)
            if v is not None:
                self.expr(v, scope)

    def bind(self, target: nodes.Node, t: _T, scope: dict[str, _T]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = t
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            pass

    def stmts(self, body: list[nodes.Node], scope: dict[str, _T]) -> None:
        for node in body:
            self.stmt(node, scope)

    def stmt(self, node: nodes.Node, scope: dict[str, _T]) -> None:
        if isinstance(node, nodes.For):
            seq = self.expr(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, _item(seq), inner)
            inner["loop"] = ANY
            if node.test is not None:
                self.expr(node.test, inner)
            self.stmts(node.body, inner)
            self.stmts(node.else_, dict(scope))
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.stmts(node.body, scope)
            for elif_ in node.elif_:
                self.stmt(elif_, scope)
            self.stmts(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            t = self.expr(node.node, scope)
            self.bind(node.target, t, scope)
        elif isinstance(node, nodes.AssignBlock):
            self.stmts(node.body, scope)
            self.bind(node.target, TObj(str), scope)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in node.args:
                self.bind(arg, ANY, inner)
            inner.update({"caller": ANY, "varargs": ANY, "kwargs": ANY})
            for d in node.defaults:
                self.expr(d, scope)
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY
            else:
                self.expr(node.call, scope)
            self.stmts(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expr(value, scope), inner)
            self.stmts(node.body, inner)
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(node, nodes.Template):
            self.stmts(node.body, scope)
        elif isinstance(node, nodes.Expr) and not isinstance(node, nodes.Stmt):
            self.expr(node, scope)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.stmt(child, scope)
                elif isinstance(child, nodes.Expr):
                    self.expr(child, scope)


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        inner = repr(arg.value) if isinstance(arg, nodes.Const) else "…"
        return f"{_path(node.node)}[{inner}]"
    return "…"


# ---------------------------------------------------------------- raw XML checks

_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN_RE = re.compile(r"\{\{|\{%|\{#")
_SMART = "“”‘’„‟‚‛«»＂＇"
_W_T = f"{{{W_NS}}}t"
_W_P = f"{{{W_NS}}}p"
_LEVEL_TAG_RE = re.compile(r"\{([%{#])(tr|tc|p|r)\s(.*?)([%}#])\}", re.S)


def _raw_problems(raw: str) -> list[tuple[str, str]]:
    """(message, paragraph text) for split tags, smart quotes, unclosed tags in the raw XML."""
    out: list[tuple[str, str]] = []
    try:
        root = etree.fromstring(raw.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        return [(f"XML 无法解析：{exc}", "")]
    for p in root.iter(_W_P):
        # texts of this paragraph only (not of nested paragraphs, e.g. text boxes)
        segs: list[tuple[int, int]] = []
        text = ""
        for t in p.iter(_W_T):
            owner = t.getparent()
            while owner is not None and owner.tag != _W_P:
                owner = owner.getparent()
            if owner is not p:
                continue
            s = t.text or ""
            segs.append((len(text), len(text) + len(s)))
            text += s
        if "{" not in text:
            continue
        para = text[:120]

        def seg_of(pos: int) -> int:
            for i, (a, b) in enumerate(segs):
                if a <= pos < b:
                    return i
            return -1

        covered: list[tuple[int, int]] = []
        for m in _TAG_RE.finditer(text):
            covered.append(m.span())
            tag = m.group(0)
            if seg_of(m.start()) != seg_of(m.end() - 1):
                out.append((f"标签 {tag} 被拆分到多个文本段（run），请删除后在一个连续的位置重新输入", para))
            bad = [c for c in tag if c in _SMART]
            if bad:
                out.append((f"标签 {tag} 中含有弯引号 {''.join(bad)}，请改为直引号 ' 或 \"（关闭 Word 的“自动套用格式：直引号替换为弯引号”）", para))
            lm = _LEVEL_TAG_RE.fullmatch(tag)
            if lm and ("%" in lm.group(3) or "}" in lm.group(3)):
                out.append((f"标签 {tag} 的表达式中含有 % 或 }}，docxtpl 的 {{%{lm.group(2)} %}} 标签无法处理", para))
        for m in _OPEN_RE.finditer(text):
            if not any(a <= m.start() < b for a, b in covered):
                out.append((f"标签未闭合：从“{text[m.start():m.start() + 30]}”开始没有对应的结束符", para))
    return out


# ---------------------------------------------------------------- entry points


def check_template(path: str | os.PathLike[str], schema: dict[str, _T] | None = None) -> list[TemplateProblem]:
    """Lint one .docx template."""
    p = Path(path)
    env = get_env()
    schema = schema if schema is not None else context_schema()
    problems: list[TemplateProblem] = []
    try:
        _, _, sources = extract_parts(p.read_bytes(), p.name)
    except (RenderError, OSError) as exc:
        return [TemplateProblem(p.name, "文件", str(exc))]
    for src in sources:
        for msg, para in _raw_problems(src.raw):
            problems.append(TemplateProblem(p.name, src.member, msg, para))
        text = _with_newlines(src.patched)
        try:
            ast = env.parse(text)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                TemplateProblem(p.name, src.member, f"语法错误（如 if/for 块未闭合或多余的结束标签）：{exc.message}", _line_text(text, exc.lineno))
            )
            continue

        def report(lineno: int, msg: str, _member: str = src.member, _text: str = text) -> None:
            problems.append(TemplateProblem(p.name, _member, msg, _line_text(_text, lineno)))

        _Walker(env, schema, report).stmt(ast, {})
    # de-duplicate, keep order
    seen: set[TemplateProblem] = set()
    unique = []
    for pr in problems:
        if pr not in seen:
            seen.add(pr)
            unique.append(pr)
    return unique


def check_templates(directory: str | os.PathLike[str] | None = None) -> list[TemplateProblem]:
    """Lint every .docx template in ``directory`` (default: the built-in templates)."""
    d = Path(directory) if directory is not None else _resources.templates_dir()
    if not d.is_dir():
        return [TemplateProblem(str(d), "目录", "模板目录不存在")]
    files = sorted(f for f in d.iterdir() if f.suffix.lower() == ".docx" and not f.name.startswith("~$"))
    if not files:
        return [TemplateProblem(str(d), "目录", "目录中没有 .docx 模板")]
    schema = context_schema()
    out: list[TemplateProblem] = []
    for f in files:
        out += check_template(f, schema)
    return out
