"""Reading a converted document back from its PDF: page lines, fonts per character, split rows.

Used by tests/test_layout_pdf.py. The rules are written here independently of the product's
layout pass (pipeline/render/layout.py), from what a reader sees on the printed page.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_PAGE_NO = re.compile(r"^\s*[—–-]\s*\d+\s*[—–-]\s*$|^\s*第\s*\d+\s*页\s*共\s*\d+\s*页\s*$")
# What a signature block is made of, as a reader sees it.
_SIGN = re.compile(r"签名|签字|盖章|签章|（章）")
_DATE = re.compile(r"^(日期|签订日期|提交日期)?[：:]?\s*(\d{4}|[〇零一二三四五六七八九]{4})?\s*年.{0,6}月.{0,6}日\s*$")
_CLOSING = re.compile(
    r"^(此致|敬礼|特此|（以下无正文）|附件?[：:]|（本函共|\d+[.．]\s*\S{0,40}(复印件|份)[；。]?$)|人民法院$|执业证号|法定代表人"
)
# "第八条 争议解决" is a heading; "第二十六条、第二十八条…" is a wrapped citation list, not one.
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十百]+条(?![、，,；]))\S{0,16}$")


def norm(text: str) -> str:
    """Compare text across docx and PDF: NFKC, no whitespace, hyphens of every kind as '-'."""
    t = unicodedata.normalize("NFKC", text).replace("\u2011", "-").replace("\u00ad", "")
    return re.sub(r"\s+", "", t)


def page_lines(pdf: Path) -> list[list[str]]:
    """The text lines of each page, without the page-number line and blank lines."""
    out = []
    for page in PdfReader(str(pdf)).pages:
        lines = [ln.strip() for ln in (page.extract_text() or "").splitlines()]
        out.append([ln for ln in lines if ln and not _PAGE_NO.match(ln)])
    return out


def is_closing_line(line: str) -> bool:
    t = norm(line)
    return bool(not t or _SIGN.search(t) or _DATE.match(t) or _CLOSING.search(t))


def signature_only_pages(pages: list[list[str]]) -> list[int]:
    """1-based numbers of pages (after the first) whose lines are all signature-block lines — one
    short line (the addressee after 此致, a name) tolerated, since it is no body text either."""
    out = []
    for i, lines in enumerate(pages, start=1):
        if i == 1 or not lines:
            continue
        other = [l for l in lines if not is_closing_line(l)]
        if not other or (len(other) == 1 and len(norm(other[0])) <= 12 and not norm(other[0]).endswith("。")):
            out.append(i)
    return out


def heading_at_bottom(pages: list[list[str]]) -> list[tuple[int, str]]:
    """Pages (except the last) whose last line is a heading or a line introducing what follows."""
    out = []
    for i, lines in enumerate(pages[:-1], start=1):
        if not lines:
            continue
        last = norm(lines[-1])
        if _HEADING.match(last) or (last.endswith("：") and len(last) <= 30):
            out.append((i, lines[-1]))
    return out


def heading_only_pages(pages: list[list[str]]) -> list[int]:
    return [i for i, lines in enumerate(pages, start=1) if lines and all(_HEADING.match(norm(l)) for l in lines)]


def docx_table_cells(docx: Path) -> list[list[str]]:
    """Text of each table row's cells (body tables, in order)."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rows = []
    for tr in root.iter(f"{W}tr"):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            cells.append("".join((t.text or "") if t.tag == f"{W}t" else "-" for t in tc.iter(f"{W}t", f"{W}noBreakHyphen")))
        rows.append(cells)
    return rows


def split_rows(docx: Path, pages: list[list[str]]) -> list[str]:
    """Table cells whose text does not stand whole on one page: the row was split by a page break.

    A cell shorter than 12 characters cannot be told from other text and is not checked.
    """
    texts = [norm("".join(lines)) for lines in pages]
    bad = []
    for cells in docx_table_cells(docx):
        for cell in cells:
            c = norm(cell)
            if len(c) < 12:
                continue
            if not any(c in t for t in texts):
                bad.append(cell)
    return bad


@dataclass
class FontUse:
    name: str  # base font name without the subset tag
    embedded: bool
    chars: set[str]


def _base(name: str) -> str:
    return name.split("+", 1)[1] if "+" in name[:8] else name


def font_use(pdf: Path, pages: list[int] | None = None) -> dict[str, FontUse]:
    """Every font of the (chosen, 0-based) pages, whether it is embedded, and the characters it draws."""
    reader = PdfReader(str(pdf))
    out: dict[str, FontUse] = {}
    chars: dict[str, set[str]] = defaultdict(set)
    for n, page in enumerate(reader.pages):
        if pages is not None and n not in pages:
            continue
        res = page.get("/Resources")
        fonts = res.get_object().get("/Font") if res is not None else None
        for _, ref in (fonts.get_object().items() if fonts is not None else []):
            f = ref.get_object()
            name = _base(str(f.get("/BaseFont", "?")).lstrip("/"))
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            emb = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.setdefault(name, FontUse(name, emb, set()))

        def visit(text, cm, tm, fd, fs):  # type: ignore[no-untyped-def]
            if fd is None or not text:
                return
            name = _base(str(fd.get("/BaseFont", "?")).lstrip("/"))
            chars[name].update(ch for ch in text if not ch.isspace())

        page.extract_text(visitor_text=visit)
    for name, cs in chars.items():
        out.setdefault(name, FontUse(name, False, set())).chars |= cs
    return out


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF
