"""A fast, deterministic renderer with docxtpl's template semantics.

docxtpl (``DocxTemplate(path).render(ctx)``) re-opens the .docx, re-runs its XML
pre-processing (``patch_xml``) and re-compiles the Jinja source for every document,
which costs ~30–40 ms. Here a template is compiled ONCE per process:

1. the .docx members are read once; unchanged members are later copied as raw
   compressed bytes;
2. the document body, every header/footer and the footnotes part are serialised
   exactly as docxtpl sees them (python-docx's parser, ``remove_blank_text``), run
   through docxtpl's own ``DocxTemplate.patch_xml`` and compiled by one Jinja
   environment (StrictUndefined, autoescape on, control characters stripped);
3. rendering a document = render the compiled templates, apply docxtpl's
   post-processing (``resolve_listing``, ``fix_tables``, docPr renumbering) and
   re-zip with fixed timestamps and member order.

Core properties (title, author, last modified by, created/modified) come from the
caller (the case), never from the clock, so equal inputs give byte-identical files.
"""

from __future__ import annotations

import os
import re
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping
from xml.sax.saxutils import escape as _xml_escape

import jinja2
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from lxml import etree
from markupsafe import Markup

from .. import _resources
from ..money import figures, percent_text, rmb_words, zh_date
from .codecache import compile_cached
from .layout import _child, apply_layout, apply_text_rules

__all__ = [
    "RenderError",
    "DocProps",
    "CompiledTemplate",
    "get_env",
    "compile_template",
    "render_docx",
    "resolve_template",
    "strip_control",
    "TEMPLATE_NAMES",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HEADER_TYPE = R_TYPE + "header"
FOOTER_TYPE = R_TYPE + "footer"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
OFFICE_DOC_TYPE = R_TYPE + "officeDocument"
CORE_PROPS_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

#: Built-in document templates (file names are part of the product's contract).
TEMPLATE_NAMES: tuple[str, ...] = (
    "01_催款函.docx",
    "02_律师函.docx",
    "03_分期还款协议.docx",
    "04_支付令申请书.docx",
    "04_民事起诉状.docx",
    "04_利息计算明细.docx",
    "02_履行保证责任通知书.docx",
    "07_变更诉讼请求申请书.docx",
    "07_撤诉申请书.docx",
    "07_强制执行申请书.docx",
)

# python-docx's parser settings (docx.opc.oxml.oxml_parser): docxtpl sees the XML
# exactly as this parser leaves it.
_DOCX_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_STRICT_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_XML_DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1
_BODY_MARK = "CUISHOU-BODY-MARK"


class RenderError(Exception):
    """A rendering failure, with a Chinese message that names the template and the cause."""


# ---------------------------------------------------------------- the Jinja environment

# XML 1.0 forbids C0 controls except TAB/LF/CR, and U+FFFE/U+FFFF; lone surrogates cannot be
# encoded. \a and \f would also be turned into paragraphs/page breaks by docxtpl. CR is
# dropped too (a value's line breaks are LF).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def strip_control(text: str) -> str:
    """Remove characters that are illegal in XML or would change the document structure."""
    # most values hold none: a search is cheaper than a substitution that builds a new string
    return _CONTROL_RE.sub("", text) if _CONTROL_RE.search(text) else text


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ … }}`` output before escaping."""
    if value is None:
        raise RenderError("模板输出了一个空值（None）：请在模板中用 {% if … %} 判断该字段是否填写")
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return value  # docxtpl RichText/Listing: already XML
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        raise RenderError(f"模板输出了浮点数 {value!r}：金额和利率必须是 Decimal")
    return strip_control(str(value))


def _to_decimal(value: Any, filter_name: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise RenderError(f"过滤器 {filter_name} 需要 Decimal 金额，实际得到 {type(value).__name__}：{value!r}")


def _f_money(value: Any) -> str:
    """100000 → 100,000.00 (figures, two decimals, thousands separators)."""
    return figures(_to_decimal(value, "money"))


def _f_words(value: Any) -> str:
    """100000 → 人民币壹拾万元整 (rmb_words)."""
    return rmb_words(_to_decimal(value, "words"))


def _f_cndate(value: Any) -> str:
    """date → 2026年1月5日 (zh_date)."""
    if not isinstance(value, date):
        raise RenderError(f"过滤器 cndate 需要日期，实际得到 {type(value).__name__}：{value!r}")
    return zh_date(value)


def _f_pct(value: Any) -> str:
    """Decimal percent number → 14.6% (percent_text)."""
    return percent_text(_to_decimal(value, "pct"))


def _f_box(value: Any) -> str:
    """Tick box of the 要素式 forms: true → ☑, false → ☐ (one glyph pair, one font)."""
    return "☑" if value else "☐"


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Article numbers in Chinese numerals: 25 → 二十五, 577 → 五百七十七, 1000 → 一千."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n > 9999:
        raise RenderError(f"过滤器 cnnum 需要 0–9999 的整数，实际得到 {n!r}")
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit_value % 10
        if d:
            if zero and out:
                out += "零"
            out += _CN_DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


#: The filters our templates may use beyond Jinja's built-ins.
CUSTOM_FILTERS: dict[str, Any] = {
    "money": _f_money,
    "words": _f_words,
    "cndate": _f_cndate,
    "pct": _f_pct,
    "box": _f_box,
    "cnnum": cn_number,
}


def make_env() -> Environment:
    """A fresh environment with the product's settings (StrictUndefined, autoescape, filters)."""
    env = Environment(undefined=StrictUndefined, autoescape=True, finalize=_finalize)
    env.filters.update(CUSTOM_FILTERS)
    return env


_ENV: Environment | None = None
_LOCK = threading.Lock()


def get_env() -> Environment:
    """The per-process environment shared by all compiled templates."""
    global _ENV
    if _ENV is None:
        _ENV = make_env()
    return _ENV


# ---------------------------------------------------------------- zip members


@dataclass(frozen=True)
class _Member:
    name: str
    method: int
    crc: int
    csize: int
    usize: int
    data: bytes  # compressed bytes as stored


def _read_members(blob: bytes) -> list[_Member]:
    out: list[_Member] = []
    with zipfile.ZipFile(_BytesReader(blob)) as zf:
        for info in zf.infolist():
            off = info.header_offset
            sig, = struct.unpack_from("<I", blob, off)
            if sig != 0x04034B50:
                raise RenderError(f"模板文件不是有效的 .docx（成员 {info.filename} 的本地文件头损坏）")
            nlen, xlen = struct.unpack_from("<HH", blob, off + 26)
            start = off + 30 + nlen + xlen
            data = blob[start : start + info.compress_size]
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                data = zlib.compress(zf.read(info), 6)[2:-4]
                out.append(_Member(info.filename, zipfile.ZIP_DEFLATED, info.CRC, len(data), info.file_size, data))
                continue
            out.append(_Member(info.filename, info.compress_type, info.CRC, info.compress_size, info.file_size, data))
    return out


class _BytesReader:
    """Minimal seekable reader over bytes (avoids copying into BytesIO)."""

    def __init__(self, blob: bytes) -> None:
        self._b = memoryview(blob)
        self._p = 0

    def read(self, n: int = -1) -> bytes:
        if n < 0:
            n = len(self._b) - self._p
        out = bytes(self._b[self._p : self._p + n])
        self._p += len(out)
        return out

    def seek(self, pos: int, whence: int = 0) -> int:
        self._p = pos if whence == 0 else (self._p + pos if whence == 1 else len(self._b) + pos)
        return self._p

    def tell(self) -> int:
        return self._p

    def seekable(self) -> bool:
        return True


def _member_from_bytes(name: str, payload: bytes, level: int = 6) -> _Member:
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = comp.compress(payload) + comp.flush()
    return _Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(payload) & 0xFFFFFFFF, len(data), len(payload), data)


def write_zip(members: list[_Member]) -> bytes:
    """A zip with fixed timestamps (1980-01-01 00:00) in the given member order."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0x0800 if not m.name.isascii() else 0
        local = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, m.method, 0, _DOS_DATE_1980_01_01,
            m.crc, m.csize, m.usize, len(name), 0,
        )
        chunks += [local, name, m.data]
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, m.method, 0, _DOS_DATE_1980_01_01,
                m.crc, m.csize, m.usize, len(name), 0, 0, 0, 0, 0, offset,
            )
            + name
        )
        offset += len(local) + len(name) + len(m.data)
    cd = b"".join(central)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), offset, 0)
    return b"".join(chunks) + cd + eocd


# ---------------------------------------------------------------- compiled templates


@dataclass
class _Part:
    member: str
    kind: str  # body | header | footer | footnotes
    template: jinja2.Template
    source: str  # the patched XML compiled by Jinja (for error context)
    prefix: str = ""  # body only: the document XML before/after <w:body>
    suffix: str = ""


@dataclass
class CompiledTemplate:
    """A template loaded and compiled once; render it any number of times."""

    path: Path
    name: str
    members: list[_Member]
    parts: dict[str, _Part]
    core_member: str | None
    raw_parts: dict[str, str] = field(default_factory=dict)  # member → XML as docxtpl sees it, before patch_xml


def _rels_targets(blob: bytes, base_dir: str) -> list[tuple[str, str]]:
    root = etree.fromstring(blob)
    out = []
    for rel in root:
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            full = target.lstrip("/")
        else:
            full = os.path.normpath(os.path.join(base_dir, target)).replace(os.sep, "/")
        out.append((rel.get("Type", ""), full))
    return out


def _patch(xml: str) -> str:
    # docxtpl's own pre-processing, called unbound (it does not use `self`).
    return DocxTemplate.patch_xml(None, xml)  # type: ignore[arg-type]


def _with_newlines(src: str) -> str:
    # docxtpl.render_xml_part puts each paragraph on its own line before compiling.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src)


def _compile_source(env: Environment, src: str, tpl_name: str, member: str) -> jinja2.Template:
    src = _with_newlines(src)
    try:
        return compile_cached(env, src)  # the compiled code kept between processes (codecache)
    except jinja2.TemplateSyntaxError as exc:
        para = _line_text(src, exc.lineno)
        raise RenderError(
            f"模板“{tpl_name}”（{member}）语法错误：{exc.message}；所在段落：“{para}”"
        ) from None


def _line_text(src: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = src.splitlines()
    if 1 <= lineno <= len(lines):
        return re.sub(r"<[^>]+>", "", lines[lineno - 1])[:120]
    return ""


@dataclass
class PartSource:
    """A templated part as docxtpl sees it: ``raw`` before and ``patched`` after ``patch_xml``."""

    member: str
    kind: str  # body | header | footer | footnotes
    raw: str
    patched: str
    prefix: str = ""
    suffix: str = ""


def extract_parts(blob: bytes, name: str) -> tuple[list[_Member], str | None, list[PartSource]]:
    """Zip members, the core-properties member and the templated parts of a .docx."""
    try:
        members = _read_members(blob)
    except zipfile.BadZipFile:
        raise RenderError(f"模板“{name}”不是有效的 .docx 文件（无法作为 zip 打开）") from None
    by_name = {m.name: m for m in members}

    def text(member: str) -> bytes:
        m = by_name[member]
        if m.method == zipfile.ZIP_STORED:
            return m.data
        return zlib.decompress(m.data, -15)

    doc_member = "word/document.xml"
    core_member: str | None = None
    if "_rels/.rels" in by_name:
        for rtype, target in _rels_targets(text("_rels/.rels"), ""):
            if rtype == OFFICE_DOC_TYPE:
                doc_member = target
            elif rtype == CORE_PROPS_TYPE and target in by_name:
                core_member = target
    if doc_member not in by_name:
        raise RenderError(f"模板“{name}”缺少正文部件 {doc_member}")
    doc_dir = posix_dirname(doc_member)
    rels_member = f"{doc_dir}/_rels/{doc_member.rsplit('/', 1)[-1]}.rels"
    header_footer: list[tuple[str, str]] = []
    if rels_member in by_name:
        for rtype, target in _rels_targets(text(rels_member), doc_dir):
            if rtype in (HEADER_TYPE, FOOTER_TYPE) and target in by_name and by_name[target].usize:
                header_footer.append(("header" if rtype == HEADER_TYPE else "footer", target))
    footnotes: list[str] = []
    if "[Content_Types].xml" in by_name:
        ct = etree.fromstring(text("[Content_Types].xml"))
        for ov in ct:
            if ov.get("ContentType") == FOOTNOTES_CT:
                pn = ov.get("PartName", "").lstrip("/")
                if pn in by_name:
                    footnotes.append(pn)
    sources: list[PartSource] = []
    try:
        # Body: docxtpl renders etree.tostring(body) and maps the result back into the document.
        root = etree.fromstring(text(doc_member), _DOCX_PARSER)
        body = root.find(f"{{{W_NS}}}body")
        if body is None:
            raise RenderError(f"模板“{name}”的正文部件没有 <w:body>")
        body_xml = etree.tostring(body, encoding="unicode")
        root.replace(body, etree.Comment(_BODY_MARK))
        shell = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
        prefix, suffix = shell.split(f"<!--{_BODY_MARK}-->")
        sources.append(PartSource(doc_member, "body", body_xml, _patch(body_xml), prefix, suffix))
        for kind, member in header_footer:
            xml = etree.tostring(etree.fromstring(text(member), _DOCX_PARSER), encoding="unicode")
            sources.append(PartSource(member, kind, xml, _patch(xml)))
        for member in footnotes:
            xml = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", text(member).decode("utf-8"))
            sources.append(PartSource(member, "footnotes", xml, _patch(xml)))
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"模板“{name}”的 XML 无法解析：{exc}") from None
    return members, core_member, sources


def _load(path: Path, env: Environment) -> CompiledTemplate:
    name = path.name
    members, core_member, sources = extract_parts(path.read_bytes(), name)
    parts: dict[str, _Part] = {}
    raw: dict[str, str] = {}
    for src in sources:
        raw[src.member] = src.raw
        parts[src.member] = _Part(
            src.member, src.kind, _compile_source(env, src.patched, name, src.member), _with_newlines(src.patched),
            src.prefix, src.suffix,
        )
    return CompiledTemplate(path, name, members, parts, core_member, raw)


def posix_dirname(member: str) -> str:
    return member.rsplit("/", 1)[0] if "/" in member else ""


_CACHE: dict[tuple[str, int, int], CompiledTemplate] = {}


def compile_template(path: str | os.PathLike[str], env: Environment | None = None) -> CompiledTemplate:
    """Load and compile a template once; cached by (path, mtime, size) for the process."""
    p = Path(path).resolve()
    try:
        st = p.stat()
    except FileNotFoundError:
        raise RenderError(f"找不到模板文件：{p}") from None
    use_env = env or get_env()
    key = (str(p), st.st_mtime_ns, st.st_size)
    if use_env is get_env():
        hit = _CACHE.get(key)
        if hit is not None:
            return hit
    compiled = _load(p, use_env)
    if use_env is get_env():
        with _LOCK:
            _CACHE[key] = compiled
    return compiled


def resolve_template(name: str, user_dir: str | os.PathLike[str] | None = None) -> Path:
    """The firm's same-named template in ``user_dir`` if present, else the built-in one."""
    if user_dir is not None:
        d = Path(user_dir)
        if not d.is_dir():
            raise RenderError(f"模板目录不存在或不是文件夹：{d}")
        candidate = d / name
        if candidate.is_file():
            return candidate
    builtin = _resources.templates_dir() / name
    if not builtin.is_file():
        raise RenderError(f"找不到内置模板“{name}”（应在 {builtin.parent}）")
    return builtin


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class DocProps:
    """Core properties written into docProps/core.xml (never the clock)."""

    title: str
    author: str
    when: date
    last_modified_by: str | None = None
    subject: str = ""
    description: str = ""  # dc:description: the template the document was made from (pipeline/firm_templates.py)


def _core_xml(props: DocProps) -> bytes:
    def e(s: str) -> str:
        return _xml_escape(strip_control(s))

    stamp = f"{props.when.isoformat()}T00:00:00Z"
    xml = (
        _XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{e(props.title)}</dc:title>"
        + (f"<dc:subject>{e(props.subject)}</dc:subject>" if props.subject else "")
        + f"<dc:creator>{e(props.author)}</dc:creator>"
        + (f"<dc:description>{e(props.description)}</dc:description>" if props.description else "")
        + f"<cp:lastModifiedBy>{e(props.last_modified_by or props.author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return xml.encode("utf-8")


_UNDEF_RE = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_ATTR_RE = re.compile(r"^'(?P<obj>.+)' (?:object )?has no (?:attribute|element) (?P<attr>.+)$")


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(exc: BaseException, compiled: CompiledTemplate, part: _Part) -> RenderError:
    para = _line_text(part.source, _template_line(exc))
    where = f"模板“{compiled.name}”（{part.member}）"
    ctx = f"；所在段落：“{para}”" if para else ""
    if isinstance(exc, jinja2.UndefinedError):
        msg = str(exc)
        m = _UNDEF_RE.match(msg)
        if m:
            return RenderError(f"{where}引用了未定义的变量 {m.group('name')}{ctx}")
        m = _ATTR_RE.match(msg)
        if m:
            # "pipeline.case.models.Case object" → "Case": the template author needs the type only
            owner = m.group("obj").strip("'").removesuffix(" object").rsplit(".", 1)[-1]
            return RenderError(f"{where}引用了不存在的字段 {m.group('attr').strip(chr(39))}（所属对象：{owner}）{ctx}")
        return RenderError(f"{where}引用了未定义的值：{msg}{ctx}")
    if isinstance(exc, RenderError):
        return RenderError(f"{where}：{exc}{ctx}")
    return RenderError(f"{where}渲染失败：{type(exc).__name__}: {exc}{ctx}")


def _render_part(compiled: CompiledTemplate, part: _Part, context: Mapping[str, Any]) -> str:
    try:
        dst = part.template.render(context)
    except (jinja2.TemplateError, RenderError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise _explain(exc, compiled, part) from None
    # The rest of docxtpl.render_xml_part:
    # re.sub(r"\n<w:p([ >])", r"<w:p\1", dst) without expanding a template per match
    dst = dst.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    dst = dst.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if "\t" in dst or "\n" in dst or "\a" in dst or "\f" in dst:
        dst = DocxTemplate.resolve_listing(None, dst)  # type: ignore[arg-type]
    return dst


def _fix_tables(tree: etree._Element) -> bool:
    """docxtpl's ``fix_tables`` on a parsed tree; returns whether anything changed.

    Rows produced by ``{%tc for %}`` loops may hold more or fewer cells than the grid
    declares; the grid is widened or narrowed keeping the table width (docxtpl 0.20's rule,
    the same arithmetic in the same order, so the output is the same).
    """
    ns = "{" + W_NS + "}"
    tc_pr_tag, span_tag = ns + "tcPr", ns + "gridSpan"
    changed = False
    for t in tree.iter(ns + "tbl"):
        tblGrid = t.find(ns + "tblGrid")
        if tblGrid is None:
            continue
        columns = tblGrid.findall(ns + "gridCol")
        rows = [list(r.iterchildren(ns + "tc")) for r in t.iter(ns + "tr")]  # findall() without ElementPath
        to_add = 0
        for cells in rows:
            if (len(columns) + to_add) < len(cells):
                to_add = len(cells) - len(columns)
        if to_add > 0:
            changed = True
            width = 0.0
            new_average = None
            for c in columns:
                if c.get(ns + "w") is not None:
                    width += float(c.get(ns + "w"))
            if width > 0:
                old_average = width / len(columns)
                new_average = width / (len(columns) + to_add)
                for c in columns:
                    c.set(ns + "w", str(int(float(c.get(ns + "w")) * new_average / old_average)))
                for _ in range(to_add):
                    etree.SubElement(tblGrid, ns + "gridCol", {ns + "w": str(int(new_average))})
        columns = tblGrid.findall(ns + "gridCol")
        columns_len = len(columns)
        cells_len_max = 0
        for cells in rows:
            cells_len = 0
            for cell in cells:  # a cell counts as its gridSpan, 1 without one
                tc_pr = _child(cell, tc_pr_tag)
                grid_span = None if tc_pr is None else _child(tc_pr, span_tag)
                cells_len += int(grid_span.get(ns + "val")) if grid_span is not None else 1
            cells_len_max = max(cells_len_max, cells_len)
        to_remove = columns_len - cells_len_max
        if to_remove > 0:
            changed = True
            removed_width = 0.0
            for c in columns[-to_remove:]:
                removed_width += float(c.get(ns + "w"))
                tblGrid.remove(c)
            columns_left = tblGrid.findall(ns + "gridCol")
            extra_space = 0
            if len(columns_left) > 0:
                extra_space = int(removed_width / len(columns_left))
            for c in columns_left:
                c.set(ns + "w", str(int(float(c.get(ns + "w")) + extra_space)))
    return changed


_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _render_body(compiled: CompiledTemplate, part: _Part, context: Mapping[str, Any], layout: bool = True) -> bytes:
    dst = _render_part(compiled, part, context)
    try:
        tree = etree.fromstring(dst, _STRICT_PARSER)
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"模板“{compiled.name}”渲染后的正文不是合法的 XML：{exc}") from None
    changed = _fix_tables(tree)
    # docxtpl.fix_docpr_ids: renumber drawing ids from 1001 to avoid collisions.
    docprs = list(tree.iter(_WP_DOCPR))
    for i, elt in enumerate(docprs, start=1001):
        elt.attrib["id"] = str(i)
    if layout:
        apply_layout(tree)  # pipeline/render/layout.py: keep-with-next, rows, hyphens, alignment, boxes
    if changed or docprs or layout:
        dst = etree.tostring(tree, encoding="unicode")
    return (part.prefix + dst + part.suffix).encode("utf-8")


def _render_other(compiled: CompiledTemplate, part: _Part, context: Mapping[str, Any], layout: bool = True) -> bytes:
    dst = _render_part(compiled, part, context)
    try:
        tree = etree.fromstring(dst, _STRICT_PARSER)
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"模板“{compiled.name}”渲染后的 {part.member} 不是合法的 XML：{exc}") from None
    if layout:
        apply_text_rules(tree)
        dst = etree.tostring(tree, encoding="unicode")
    return (_XML_DECL + dst).encode("utf-8")


def render_parts(compiled: CompiledTemplate, context: Mapping[str, Any], *, layout: bool = True) -> dict[str, bytes]:
    """Rendered XML of the templated parts (document body, headers, footers, footnotes).

    ``layout`` applies :mod:`pipeline.render.layout` (always on in the product; off only to
    compare the raw output with docxtpl's)."""
    out: dict[str, bytes] = {}
    for member, part in compiled.parts.items():
        if part.kind == "body":
            out[member] = _render_body(compiled, part, context, layout)
        else:
            out[member] = _render_other(compiled, part, context, layout)
    return out


def render_docx(
    template: CompiledTemplate | str | os.PathLike[str],
    context: Mapping[str, Any],
    props: DocProps | None = None,
    *,
    compress_level: int = 6,
    layout: bool = True,
) -> bytes:
    """Render a template with ``context`` and return the .docx bytes (deterministic).

    ``layout`` — apply the layout rules of :mod:`pipeline.render.layout` (signature blocks kept
    with the body, rows that cannot split, headings kept with their text, non-breaking tokens,
    no stretched lines, tick-box font)."""
    compiled = template if isinstance(template, CompiledTemplate) else compile_template(template)
    rendered = render_parts(compiled, context, layout=layout)
    if props is not None and compiled.core_member:
        rendered[compiled.core_member] = _core_xml(props)
    members: list[_Member] = []
    for m in compiled.members:
        payload = rendered.get(m.name)
        members.append(m if payload is None else _member_from_bytes(m.name, payload, compress_level))
    return write_zip(members)

