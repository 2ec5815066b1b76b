"""Generate the built-in Word templates in templates/zh/ (docxtpl syntax).

Run: ``.venv/bin/python tools/make_templates.py [OUT_DIR]``. The output is byte-for-byte
reproducible (fixed zip timestamps, fixed core properties), so the committed .docx files
can be checked against this script.

Typography (GB/T 9704-2012 house style, see law-procedure.md §4(g)):
A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 仿宋 三号 (16 pt) with
the East Asian font set on w:rFonts (python-docx's Font.name does not set w:eastAsia);
fixed line spacing 28 pt; title 方正小标宋简体 二号 (22 pt, font table falls back to 黑体);
headings 一、(黑体) （一）(楷体) 1. （1）; tables 小四 (12 pt) with borders, repeating
header rows and rows that never split across pages; footer page number "— 1 —"; digits and
Latin in Times New Roman (Liberation Serif on Linux, tools/fontconfig).

Layout rules (keep-with-next of the signature block, headings and colon lines; rows that cannot
split; non-breaking tokens; flush-left label lines; the tick-box font) are set here in the styles
and enforced again on every rendered document by pipeline/render/layout.py, so they also hold
for forms built elsewhere and for a firm's own templates. Signature blocks by party kind:
:func:`signature_block`.

Every docxtpl tag is written inside a single run and uses straight quotes only.
"""

from __future__ import annotations

import re
import sys
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.render.engine import _Member, _read_members, write_zip  # noqa: E402

LATIN = "Times New Roman"
BODY_CN = "仿宋"
TITLE_CN = "方正小标宋简体"
TITLE_FALLBACK = "黑体"
H1_CN = "黑体"
H2_CN = "楷体"
PAGE_CN = "宋体"

LINE_EXACT = 560  # 28 pt in twentieths of a point
TABLE_LINE_EXACT = 400  # 20 pt for 小四 tables


# ---------------------------------------------------------------- low-level XML helpers


def _set(el, tag: str, **attrs: str):
    """Find-or-create child ``tag`` of ``el`` and set w: attributes."""
    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        el.append(child)
    for k, v in attrs.items():
        child.set(qn(f"w:{k}"), v)
    return child


def _rpr_fonts(rpr, east_asia: str, size_half_points: int | None = None, bold: bool | None = None) -> None:
    # Order inside w:rPr matters for strict validators: rFonts, b, ..., sz, szCs, lang.
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for k, v in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", east_asia), ("cs", LATIN)):
        fonts.set(qn(f"w:{k}"), v)
    rpr.insert(0, fonts)
    if bold is not None:
        for old in rpr.findall(qn("w:b")):
            rpr.remove(old)
        if bold:
            b = OxmlElement("w:b")
            rpr.insert(1, b)
    if size_half_points is not None:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(size_half_points))
            rpr.append(el)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _ppr_spacing(ppr, line: int, before: int = 0, after: int = 0) -> None:
    for old in ppr.findall(qn("w:spacing")):
        ppr.remove(old)
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:before"), str(before))
    sp.set(qn("w:after"), str(after))
    sp.set(qn("w:line"), str(line))
    sp.set(qn("w:lineRule"), "exact")
    # w:spacing must come before w:ind and w:jc in w:pPr
    anchor = None
    for tag in ("w:ind", "w:jc", "w:rPr"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(sp)
    else:
        ppr.append(sp)


def _ppr_indent(ppr, first_chars: int | None) -> None:
    for old in ppr.findall(qn("w:ind")):
        ppr.remove(old)
    ind = OxmlElement("w:ind")
    if first_chars:
        ind.set(qn("w:firstLineChars"), str(first_chars * 100))
        ind.set(qn("w:firstLine"), str(first_chars * 320))
    else:
        ind.set(qn("w:firstLine"), "0")
    anchor = ppr.find(qn("w:jc"))
    if anchor is None:
        anchor = ppr.find(qn("w:rPr"))
    if anchor is not None:
        anchor.addprevious(ind)
    else:
        ppr.append(ind)


def _para_style(doc, name: str, *, east_asia: str, size_pt: float, line: int, first_chars: int | None,
                align: str | None = None, bold: bool = False, before: int = 0, after: int = 0,
                keep_next: bool = False, base: str = "Normal"):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
        style.quick_style = True
    el = style.element
    ppr = el.get_or_add_pPr()
    if keep_next:
        _set(ppr, "w:keepNext")
    _ppr_spacing(ppr, line, before, after)
    _ppr_indent(ppr, first_chars)
    if align:
        _set(ppr, "w:jc", val=align)
    rpr = el.get_or_add_rPr()
    _rpr_fonts(rpr, east_asia, int(size_pt * 2), bold)
    return style


def _setup_styles(doc) -> None:
    # docDefaults: explicit fonts (no theme fonts, which would override w:eastAsia).
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr_default):
        rpr_default.remove(child)
    _rpr_fonts(rpr_default, BODY_CN, 32)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        inner = ppr_default.find(qn("w:pPr"))
        if inner is not None:
            for child in list(inner):
                inner.remove(child)
    _para_style(doc, "Normal", east_asia=BODY_CN, size_pt=16, line=LINE_EXACT, first_chars=None, align="both")
    _para_style(doc, "正文", east_asia=BODY_CN, size_pt=16, line=LINE_EXACT, first_chars=2, align="both")
    _para_style(doc, "文书标题", east_asia=TITLE_CN, size_pt=22, line=700, first_chars=None, align="center",
                before=0, after=280)
    _para_style(doc, "副标题", east_asia=H2_CN, size_pt=16, line=LINE_EXACT, first_chars=None, align="center",
                after=200)
    _para_style(doc, "一级标题", east_asia=H1_CN, size_pt=16, line=LINE_EXACT, first_chars=2, keep_next=True)
    _para_style(doc, "二级标题", east_asia=H2_CN, size_pt=16, line=LINE_EXACT, first_chars=2, keep_next=True)
    _para_style(doc, "顶格", east_asia=BODY_CN, size_pt=16, line=LINE_EXACT, first_chars=None, align="left")
    _para_style(doc, "落款", east_asia=BODY_CN, size_pt=16, line=LINE_EXACT, first_chars=None, align="right",
                keep_next=True)
    # closing and signature lines stay on the page of what follows them (no lone signature page)
    _para_style(doc, "签署", east_asia=BODY_CN, size_pt=16, line=LINE_EXACT, first_chars=None, align="left",
                keep_next=True)
    _para_style(doc, "表格文字", east_asia=BODY_CN, size_pt=12, line=TABLE_LINE_EXACT, first_chars=None, align="left")
    _para_style(doc, "表头", east_asia=H1_CN, size_pt=12, line=TABLE_LINE_EXACT, first_chars=None, align="center")
    _para_style(doc, "函头", east_asia=TITLE_CN, size_pt=22, line=640, first_chars=None, align="center")
    _para_style(doc, "函头地址", east_asia=BODY_CN, size_pt=12, line=TABLE_LINE_EXACT, first_chars=None, align="center")
    _para_style(doc, "页码", east_asia=PAGE_CN, size_pt=14, line=300, first_chars=None, align="center")
    # Header/Footer built-ins: same East Asian font.
    for name in ("Header", "Footer"):
        st = doc.styles[name]
        _rpr_fonts(st.element.get_or_add_rPr(), PAGE_CN, 28)


def _setup_font_table(doc) -> None:
    """Declare the Chinese fonts; 方正小标宋简体 names 黑体 as its substitute (w:altName)."""
    from lxml import etree

    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in ((BODY_CN, "FangSong"), (H1_CN, "SimHei"), (H2_CN, "KaiTi"), (PAGE_CN, "SimSun"),
                      (TITLE_CN, TITLE_FALLBACK)):
        f = etree.SubElement(fonts, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(f, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(f, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(f, f"{{{w}}}family", {f"{{{w}}}val": "modern" if name == BODY_CN else "auto"})
        etree.SubElement(f, f"{{{w}}}pitch", {f"{{{w}}}val": "fixed" if name == BODY_CN else "variable"})
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_paragraph(par) -> None:
    """"— PAGE —" as a complex field (Word and LibreOffice update it on open)."""
    par.style = "页码"

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None):
        r = OxmlElement("w:r")
        if fld:
            c = OxmlElement("w:fldChar")
            c.set(qn("w:fldCharType"), fld)
            r.append(c)
        elif instr:
            t = OxmlElement("w:instrText")
            t.set(qn("xml:space"), "preserve")
            t.text = instr
            r.append(t)
        else:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            r.append(t)
        par._p.append(r)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def _field(par, instr: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) at the end of ``par``; Word and LibreOffice compute it."""
    for kind, payload in (("begin", None), ("instr", instr), ("separate", None), ("text", cached), ("end", None)):
        r = OxmlElement("w:r")
        if kind == "instr":
            t = OxmlElement("w:instrText")
            t.set(qn("xml:space"), "preserve")
            t.text = f" {payload} "
            r.append(t)
        elif kind == "text":
            t = OxmlElement("w:t")
            t.text = payload
            r.append(t)
        else:
            c = OxmlElement("w:fldChar")
            c.set(qn("w:fldCharType"), kind)
            r.append(c)
        par._p.append(r)


# ---------------------------------------------------------------- the builder


_BOLD = re.compile(r"\*\*(.+?)\*\*")


class Builder:
    def __init__(self, title: str):
        self.doc = Document()
        self.title = title
        _setup_styles(self.doc)
        _setup_font_table(self.doc)
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        sec.header_distance, sec.footer_distance = Mm(15), Mm(25)
        footer_p = sec.footer.paragraphs[0]
        _page_number_paragraph(footer_p)
        # drop the empty paragraph python-docx's default template starts with
        body = self.doc.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)

    # paragraphs --------------------------------------------------------
    def _add(self, text: str, style: str):
        par = self.doc.add_paragraph(style=style)
        pos = 0
        for m in _BOLD.finditer(text):
            if m.start() > pos:
                par.add_run(text[pos : m.start()])
            par.add_run(m.group(1)).bold = True
            pos = m.end()
        if pos < len(text):
            par.add_run(text[pos:])
        return par

    def title_(self, text: str):
        return self._add(text, "文书标题")

    def subtitle(self, text: str):
        return self._add(text, "副标题")

    def p(self, text: str):
        return self._add(text, "正文")

    def flush(self, text: str):
        return self._add(text, "顶格")

    def h1(self, text: str):
        return self._add(text, "一级标题")

    def h2(self, text: str):
        return self._add(text, "二级标题")

    def sign(self, text: str):
        return self._add(text, "落款")

    def keep(self, text: str):
        """A flush-left closing or signature line kept with the next paragraph (此致, 甲方（签名/盖章）…)."""
        return self._add(text, "签署")

    def ctl(self, tag: str):
        """A paragraph that only carries a docxtpl {%p … %} tag (removed when rendered)."""
        assert tag.startswith("{%p ") and tag.endswith("%}"), tag
        return self._add(tag, "顶格")

    def blank(self):
        return self._add("", "顶格")

    def page_count(self, before: str, after: str, style: str = "顶格"):
        """A line with the document's page count as a NUMPAGES field: 本函共{N}页 (law-procedure.md §4(c))."""
        par = self._add(before, style)
        _field(par, "NUMPAGES", "1")
        par.add_run(after)
        return par

    # tables ------------------------------------------------------------
    def table(self, header: list[str] | None, rows: list[list[str]], widths_mm: list[float],
              right: tuple[int, ...] = ()):
        """A bordered table; ``rows`` may contain docxtpl {%tr … %} control rows (one cell text)."""
        n = len(widths_mm)
        all_rows = ([header] if header else []) + rows
        t = self.doc.add_table(rows=len(all_rows), cols=n)
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = t._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = OxmlElement(f"w:{side}")
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), "6")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
            borders.append(b)
        tbl_pr.append(borders)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        grid = t._tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
            col.set(qn("w:w"), str(int(Mm(w).twips)))
        for r_i, values in enumerate(all_rows):
            row = t.rows[r_i]
            is_header = header is not None and r_i == 0
            tr_pr = row._tr.get_or_add_trPr()
            _set(tr_pr, "w:cantSplit")  # no row is ever split across pages (pipeline/render/layout.py)
            if is_header:
                _set(tr_pr, "w:tblHeader")  # repeated on every page the table runs to
            if len(values) == 1 and n > 1:
                merged = row.cells[0].merge(row.cells[n - 1])
                cells = [merged]
            else:
                cells = list(row.cells)
            for c_i, (cell, value) in enumerate(zip(cells, values)):
                cell.width = Mm(sum(widths_mm) if len(cells) == 1 else widths_mm[c_i])
                par = cell.paragraphs[0]
                par.style = "表头" if is_header else "表格文字"
                if not is_header and len(cells) > 1 and c_i in right:
                    par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                pos = 0
                for m in _BOLD.finditer(value):
                    if m.start() > pos:
                        par.add_run(value[pos : m.start()])
                    par.add_run(m.group(1)).bold = True
                    pos = m.end()
                if pos < len(value):
                    par.add_run(value[pos:])
        return t

    # first-page letterhead (lawyer's letter) ----------------------------
    def letterhead(self, lines: list[tuple[str, str]]):
        sec = self.doc.sections[0]
        sec.different_first_page_header_footer = True
        hdr = sec.first_page_header
        first = True
        for text, style in lines:
            par = hdr.paragraphs[0] if first else hdr.add_paragraph()
            first = False
            par.style = style
            par.add_run(text)
        # a rule under the letterhead
        last = hdr.paragraphs[-1]
        ppr = last._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "C00000")):
            bottom.set(qn(f"w:{k}"), v)
        bdr.append(bottom)
        ppr.insert(0, bdr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(bdr)
        _page_number_paragraph(sec.first_page_footer.paragraphs[0])

    # saving ---------------------------------------------------------------
    def save(self, path: Path) -> None:
        cp = self.doc.core_properties
        cp.title = self.title
        cp.author = "cuishou"
        cp.last_modified_by = "cuishou"
        cp.comments = ""
        cp.subject = ""
        cp.keywords = ""
        cp.category = ""
        import datetime as dt

        stamp = dt.datetime(2026, 1, 1, 0, 0, 0)
        cp.created = stamp
        cp.modified = stamp
        cp.revision = 1
        _prune_styles(self.doc)
        buf = BytesIO()
        self.doc.save(buf)
        path.write_bytes(_normalise_zip(buf.getvalue()))


def _prune_styles(doc) -> None:  # type: ignore[no-untyped-def]
    """Keep only the styles the template uses, the house styles, the defaults and the styles these
    are based on, link to or are followed by; drop the latent-style table.

    python-docx's default template carries 160-odd styles and a 350 KB styles.xml (plus a 430 KB
    stylesWithEffects.xml, dropped in :func:`_normalise_zip`). LibreOffice parses all of it for
    every document it converts: on the filing set that was half of its load time (issue 18).
    Word still offers its built-in styles when they are absent from styles.xml, so nothing a
    lawyer edits with is lost. The renderer adds no style the template does not already use.
    """
    styles = doc.styles.element
    used: set[str] = set()
    # the body and the header/footer parts that exist (section.header would create missing ones)
    parts = [doc.element] + [part.element for part in doc.part.package.iter_parts()
                             if re.fullmatch(r"/word/(header|footer)\d*\.xml", str(part.partname))]
    for root in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used.update(e.get(qn("w:val")) for e in root.iter(qn(tag)))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    # the defaults, and the house styles (custom: 正文, 一级标题, 表格文字 …), which a lawyer editing
    # the template expects in the style gallery whether or not this template uses them
    # (python-docx's linked "…Char" styles are custom too, but exist only for their paragraph style)
    used.update(i for i, s in by_id.items() if s.get(qn("w:default")) == "1"
                or (s.get(qn("w:customStyle")) == "1" and s.find(qn("w:link")) is None))
    todo = list(used)
    while todo:
        s = by_id.get(todo.pop())
        if s is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            e = s.find(qn(tag))
            if e is not None and e.get(qn("w:val")) not in used:
                used.add(e.get(qn("w:val")))
                todo.append(e.get(qn("w:val")))
    for i, s in by_id.items():
        if i not in used:
            styles.remove(s)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def _normalise_zip(blob: bytes) -> bytes:
    """Fixed timestamps and order; drop python-docx's thumbnail."""
    # stylesWithEffects.xml is Word 2010's copy of styles.xml for Word 2010 itself; Word writes it
    # again when it saves, and LibreOffice would only spend time parsing it (see _prune_styles)
    dropped = {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"}
    members = [m for m in _read_members(blob) if m.name not in dropped]
    out: list[_Member] = []
    for m in members:
        if m.name in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
            raw = zlib.decompress(m.data, -15) if m.method == zipfile.ZIP_DEFLATED else m.data
            raw = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"[^>]*/>', b"", raw)
            raw = re.sub(rb'<Relationship [^>]*Target="stylesWithEffects.xml"[^>]*/>', b"", raw)
            raw = re.sub(rb'<Override [^>]*PartName="/word/stylesWithEffects.xml"[^>]*/>', b"", raw)
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = comp.compress(raw) + comp.flush()
            m = _Member(m.name, zipfile.ZIP_DEFLATED, zlib.crc32(raw) & 0xFFFFFFFF, len(data), len(raw), data)
        out.append(m)
    out.sort(key=lambda m: (m.name != "[Content_Types].xml", m.name))
    return write_zip(out)


# ---------------------------------------------------------------- shared fragments


def party_2016(b: Builder, role: str, var: str) -> None:
    """申请人/被申请人 block in the 2016 style: name, details; entity → representative line."""
    b.flush(f"{role}：{{{{ {var}.name }}}}，{{{{ {var}.details }}}}。")
    b.ctl(f"{{%p if {var}.representative %}}")
    b.flush(f"{{{{ {var}.rep_title_label }}}}：{{{{ {var}.representative }}}}，{{{{ {var}.representative_title }}}}。")
    b.ctl("{%p endif %}")


def signature_block(b: Builder, label: str, party: str, *, flush: bool = False) -> None:
    """落款 of a party: a person signs (（签字）); an organisation seals (（盖章）) and its legal
    representative signs (法定代表人（签字）：). ``party`` is a PartyView expression (is_person, name,
    rep_title_label). Right-aligned under the text, or flush left (``flush``) in an agreement.
    The renderer keeps the block with the last paragraph of the body (pipeline/render/layout.py)."""
    line = b.keep if flush else b.sign
    b.ctl(f"{{%p if {party}.is_person %}}")
    line(f"{label}：{{{{ {party}.name }}}}（签字）")
    b.ctl("{%p else %}")
    line(f"{label}：{{{{ {party}.name }}}}（盖章）")
    line(f"{{{{ {party}.rep_title_label }}}}（签字）：　　　　　　")
    b.ctl("{%p endif %}")


def evidence_lines(b: Builder) -> None:
    b.ctl("{%p for e in doc.evidence %}")
    b.p("{{ e.label }}：{{ e.title }}（来源：{{ e.source }}；证明目的：{{ e.purpose }}{% if e.form_note %}；{{ e.form_note }}{% endif %}）")
    b.ctl("{%p endfor %}")


def amount_table(b: Builder) -> None:
    b.table(
        ["项目", "计算方式", "金额（元）"],
        [
            ["{%tr for it in doc.items %}"],
            ["{{ it.label }}", "{{ it.formula }}", "{{ it.amount|money }}"],
            ["{%tr endfor %}"],
            ["合计", "截至{{ claim.as_of|cndate }}", "{{ claim.totals.total|money }}"],
        ],
        [40, 86, 30],
        right=(2,),
    )


def account_block(b: Builder, who: str) -> None:
    b.ctl("{%p if case.creditor_account %}")
    b.p(f"户名：{{{{ case.creditor_account.account_name }}}}")
    b.p("开户行：{{ case.creditor_account.bank }}")
    b.p("账号：{{ case.creditor_account.account_no }}")
    b.ctl("{%p else %}")
    b.p(f"请付至{who}本人名下的银行账户，付款前请与{who}核实账户信息。")
    b.ctl("{%p endif %}")


# ---------------------------------------------------------------- 01 催款函


def demand_letter() -> Builder:
    b = Builder("催款函")
    b.title_("催  款  函")
    b.flush("{{ doc.debtor_names }}：")
    b.p("您好！我是{{ doc.creditor.name }}{% if doc.creditor.is_person %}{% else %}（以下简称“本公司”）{% endif %}。"
        "写这封信，是想就您向{{ doc.self_ref }}借款一事与您沟通。")
    # While a signed instalment agreement stands, the letter asks only for the overdue instalment
    # (pipeline/stage: 分期逾期（宽限期内）): the rest is not due, and demanding it would breach the deal.
    b.ctl("{%p if doc.overdue %}")
    b.p("{{ doc.self_ref }}与您于{{ doc.overdue.signed_on|cndate }}签订《分期还款协议》，约定您分{{ doc.overdue.count }}期"
        "偿还合计人民币{{ doc.overdue.total|money }}元。按照协议，第{{ doc.overdue.number }}期应于"
        "{{ doc.overdue.due_date|cndate }}还款{{ doc.overdue.amount|money }}元。截至{{ doc.date|cndate }}，"
        "该期已逾期{{ doc.overdue.late_days }}日，协议项下已到期未还的款项如下：")
    b.table(
        ["期数", "应还日期", "应还金额（元）", "已还金额（元）", "尚欠金额（元）"],
        [
            ["{%tr for r in doc.overdue.rows %}"],
            ["第{{ r.number }}期", "{{ r.due_date|cndate }}", "{{ r.amount|money }}", "{{ r.paid|money }}", "{{ r.unpaid|money }}"],
            ["{%tr endfor %}"],
            ["合计", "截至{{ doc.date|cndate }}", "", "", "{{ doc.overdue.shortfall|money }}"],
        ],
        [18, 46, 32, 28, 32],
        right=(2, 3, 4),
    )
    b.p("以上合计人民币{{ doc.overdue.shortfall|money }}元（大写：{{ doc.overdue.shortfall|words }}）。"
        "本函仅催告上述已到期款项，暂不就本金余额、利息、违约金等其他款项提出请求，"
        "但不构成对协议及原借款合同项下任何权利的放弃；协议其余各期仍按原约定的日期履行。")
    b.p("请您于{{ doc.deadline|cndate }}前（即协议约定的{{ doc.overdue.grace_days }}日宽限期届满前）将上述"
        "{{ doc.overdue.shortfall|money }}元支付至{{ doc.self_ref }}的下列账户：")
    account_block(b, "{{ doc.self_ref }}")
    b.p("请您注意：按照协议{{ doc.overdue.clause }}，逾期超过宽限期仍未还清的，协议项下剩余未还款项"
        "（截至本函落款之日为{{ doc.overdue.remaining|money }}元）全部提前到期"
        "{% if doc.overdue.revives %}，协议{{ doc.overdue.waiver_clause }}约定的减免亦不再适用{% endif %}，"
        "{{ doc.self_ref }}将依约主张全部款项，并依法通过人民法院解决。")
    b.ctl("{%p else %}")
    b.p("{{ doc.loan_sentence }}{{ doc.due_sentence }}"
        "{% if doc.repayments %}您已还款{{ doc.repayments|length }}笔，{{ doc.self_ref }}均已如实计入。{% endif %}"
        "截至{{ claim.as_of|cndate }}，上述借款尚未还清。")
    b.p("经逐项计算，截至{{ claim.as_of|cndate }}，您尚欠款项如下（计算方式附后{% if doc.within_caps %}，利息等均未超过法律保护的上限{% endif %}）：")
    amount_table(b)
    b.p("以上合计人民币{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}），"
        "其中本金{{ claim.totals.principal|money }}元，利息{{ claim.totals.interest|money }}元"
        "{% if claim.totals.penalty %}，违约金{{ claim.totals.penalty|money }}元{% endif %}"
        "{% if claim.totals.fees %}，其他费用{{ claim.totals.fees|money }}元{% endif %}。")
    b.p("请您于{{ doc.deadline|cndate }}前（即本函落款之日起{{ doc.deadline_days }}日内）将上述款项支付至{{ doc.self_ref }}的下列账户：")
    account_block(b, "{{ doc.self_ref }}")
    b.p("我理解您可能遇到了暂时的困难。如果一次性还款确有困难，欢迎您在上述期限内与{{ doc.self_ref }}联系，说明情况，"
        "双方可以协商分期还款等切实可行的方案。")
    b.ctl("{%p endif %}")
    b.p("为保障您的资金安全，请勿向上述账户以外的任何个人或账户付款。")
    b.p("如您对上述金额或计算方式有疑问或异议，请在上述期限内通过下列方式告知{{ doc.self_ref }}，"
        "并可要求{{ doc.self_ref }}提供借款合同、转账凭证和计算明细，{{ doc.self_ref }}将逐项核对并答复您。")
    b.ctl("{%p if doc.creditor.phone %}")
    b.p("联系电话：{{ doc.creditor.phone }}")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.creditor.email %}")
    b.p("电子邮箱：{{ doc.creditor.email }}")
    b.ctl("{%p endif %}")
    b.p("联系地址：{{ doc.creditor.domicile }}")
    b.ctl("{%p for t in case.letters.demand_letter_extra %}")
    b.p("{{ t }}")
    b.ctl("{%p endfor %}")
    b.ctl("{%p if not doc.overdue %}")
    b.p("如期限届满后仍未收到还款，也未收到您的答复，{{ doc.self_ref }}将不得不考虑依法通过人民法院解决，"
        "这会增加双方的时间和费用，是{{ doc.self_ref }}不希望看到的。期待您的回复。")
    b.ctl("{%p endif %}")
    b.p("此致")
    b.flush("{{ doc.debtor_names }}")
    b.blank()
    signature_block(b, "债权人", "doc.creditor")
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 02 律师函


def lawyer_letter() -> Builder:
    b = Builder("律师函")
    b.letterhead([
        ("{{ case.lawyer.firm_name }}", "函头"),
        ("地址：{{ case.lawyer.firm_address }}　电话：{{ case.lawyer.firm_phone }}", "函头地址"),
    ])
    b.title_("律  师  函")
    b.sign("{{ doc.letter_no }}")
    b.flush("{{ doc.addressees }}：")
    b.p("{{ case.lawyer.firm_name }}（以下简称“本所”）接受{{ doc.creditor.name }}（以下简称“委托人”）的委托，"
        "指派{{ case.lawyer.lawyer_name }}律师，就{{ doc.debtor_names }}拖欠委托人借款一事，郑重致函如下：")
    b.h1("一、基本事实")
    b.p("根据委托人提供的{{ doc.contract }}、转账凭证等材料及委托人的陈述，本所律师了解到：{{ doc.loan_sentence }}{{ doc.due_sentence }}")
    b.ctl("{%p for g in doc.guarantors %}")
    b.p("{{ g.party.name }}为上述借款提供{{ g.type_label }}{% if g.period_end %}，保证期间至{{ g.period_end|cndate }}{% endif %}。")
    b.ctl("{%p endfor %}")
    b.ctl("{%p if doc.repayments %}")
    b.p("借款人已还款{{ doc.repayments|length }}笔："
        "{% for r in doc.repayments %}{{ r.date|cndate }}还款{{ r.amount|money }}元{% if not loop.last %}；{% endif %}{% endfor %}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.demands %}")
    b.p("委托人此前已多次催告还款，经过如下：{% for d in doc.demands %}{{ d.date|cndate }}，{{ d.action }}"
        "{% if not loop.last %}；{% endif %}{% endfor %}。但借款至今未获清偿。")
    b.ctl("{%p else %}")
    b.p("借款到期后，借款人至今未清偿。")
    b.ctl("{%p endif %}")
    b.h1("二、法律依据")
    b.p("《中华人民共和国民法典》第五百七十七条规定，当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担继续履行、"
        "采取补救措施或者赔偿损失等违约责任；第五百七十九条规定，当事人一方未支付价款、报酬、租金、利息，或者不履行其他金钱债务的，"
        "对方可以请求其支付；第六百七十五条规定，借款人应当按照约定的期限返还借款；第六百七十六条规定，借款人未按照约定的期限返还借款的，"
        "应当按照约定或者国家有关规定支付逾期利息。")
    b.ctl("{%p if doc.lending_articles %}")
    b.p("委托人主张的利息依照《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》{{ doc.lending_articles }}计算，未超过法律保护的上限。")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.guarantors %}")
    b.p("保证人应当依照《中华人民共和国民法典》{{ doc.guarantee_articles }}及保证合同的约定，在保证范围内承担保证责任。")
    b.ctl("{%p endif %}")
    b.h1("三、律师意见")
    b.p("截至{{ claim.as_of|cndate }}，借款人尚欠委托人款项合计人民币{{ claim.totals.total|money }}元"
        "（大写：{{ claim.totals.total|words }}），其中本金{{ claim.totals.principal|money }}元，利息{{ claim.totals.interest|money }}元"
        "{% if claim.totals.penalty %}，违约金{{ claim.totals.penalty|money }}元{% endif %}"
        "{% if claim.totals.fees %}，其他费用{{ claim.totals.fees|money }}元{% endif %}。明细如下：")
    amount_table(b)
    b.p("本所律师特此函告：请于{{ doc.deadline|cndate }}前将上述款项支付至委托人名下的下列账户：")
    account_block(b, "委托人")
    b.p("如对上述金额有异议，请在上述期限内书面告知本所律师并说明理由，本所将与委托人逐项核对。")
    b.h1("四、法律后果")
    b.p("如届期仍未清偿，委托人将依法{% if claim.procedure.kind == 'payment_order' %}向{{ doc.court }}申请支付令；"
        "支付令生效后仍不履行的，委托人将依法申请强制执行。届时，依法应由债务人负担的申请费、执行费等费用，亦将由委托人一并依法主张。"
        "{% else %}向有管辖权的人民法院提起诉讼，并可依法申请财产保全。届时，除上述款项及此后依法继续计算的逾期利息外，"
        "依法应由债务人负担的案件受理费、保全费等费用，亦将由委托人一并依法主张。{% endif %}")
    b.h1("五、协商解决")
    b.p("委托人愿意本着解决问题的态度协商。如一次性清偿确有困难，可于上述期限内与本所律师联系，商谈分期还款方案。")
    b.ctl("{%p for t in case.letters.lawyer_letter_extra %}")
    b.p("{{ t }}")
    b.ctl("{%p endfor %}")
    b.p("联系人：{{ case.lawyer.lawyer_name }}律师{% if case.lawyer.lawyer_phone %}，电话：{{ case.lawyer.lawyer_phone }}{% endif %}；"
        "本所电话：{{ case.lawyer.firm_phone }}；地址：{{ case.lawyer.firm_address }}。")
    b.p("特此函告。")
    b.blank()
    # law-procedure.md §4(c) item 10: the firm's seal, the lawyer's signature, the date, the enclosures
    b.sign("{{ case.lawyer.firm_name }}（盖章）")
    b.sign("承办律师：{{ case.lawyer.lawyer_name }}（签字）")
    b.sign("执业证号：{{ case.lawyer.license_no }}")
    b.sign("{{ doc.date|cndate }}")
    b.blank()
    b.ctl("{%p if doc.enclosures %}")
    b.flush("附件：")
    b.ctl("{%p for e in doc.enclosures %}")
    b.flush("　　{{ loop.index }}. {{ e }}{% if loop.last %}。{% else %}；{% endif %}")
    b.ctl("{%p endfor %}")
    b.ctl("{%p endif %}")
    b.page_count("（本函共", "页{% if doc.enclosures %}，附件{{ doc.enclosures|length }}份{% endif %}）")
    return b


# ---------------------------------------------------------------- 03 分期还款协议


def instalment_agreement() -> Builder:
    b = Builder("分期还款协议")
    b.title_("分期还款协议")
    b.flush("**甲方（债权人）：**{{ doc.creditor.name }}，{{ doc.creditor.details }}。")
    b.ctl("{%p for p in doc.debtors %}")
    b.flush("**乙方（债务人）：**{{ p.name }}，{{ p.details }}。")
    b.ctl("{%p endfor %}")
    b.ctl("{%p for g in doc.guarantors %}")
    b.flush("**丙方（保证人）：**{{ g.party.name }}，{{ g.party.details }}。")
    b.ctl("{%p endfor %}")
    b.ctl("{%p if doc.spouse %}")
    b.flush("**丁方（乙方配偶）：**{{ doc.spouse.name }}，{{ doc.spouse.details }}。")
    b.ctl("{%p endif %}")
    b.p("鉴于：{{ doc.loan_sentence }}{{ doc.due_sentence }}乙方未能按约定清偿。为妥善解决上述债务，"
        "各方本着平等自愿、诚实信用的原则，经协商一致，订立本协议，共同遵守。")
    b.h1("第一条　债务确认")
    b.p("乙方确认，截至{{ claim.as_of|cndate }}，乙方尚欠甲方款项合计人民币{{ claim.totals.total|money }}元"
        "（大写：{{ claim.totals.total|words }}），明细如下：")
    amount_table(b)
    b.p("乙方确认上述债务真实、合法、有效，对债务金额及计算方式无异议。")
    b.h1("第二条　附条件减免")
    b.ctl("{%p if doc.schedule.waived %}")
    b.p("在乙方按照本协议约定按期足额履行全部还款义务的条件下，甲方同意减免{{ doc.waive_labels }}共计人民币"
        "{{ doc.schedule.waived|money }}元（大写：{{ doc.schedule.waived|words }}），乙方实际应付人民币{{ doc.schedule.total|money }}元"
        "（大写：{{ doc.schedule.total|words }}）。")
    b.p("{% if doc.waiver_any_default or not doc.grace_days %}乙方任何一期未按约定足额还款的"
        "{% else %}乙方任何一期款项逾期超过{{ doc.grace_days }}日仍未足额支付的（即发生本协议第五条约定的加速到期情形）{% endif %}，"
        "上述减免自动失效，甲方有权就第一条确认的全部债务扣除乙方已付款项后的余额主张权利。")
    b.ctl("{%p else %}")
    b.p("本协议不减免任何债务，乙方应付总额为人民币{{ doc.schedule.total|money }}元（大写：{{ doc.schedule.total|words }}）。")
    b.ctl("{%p endif %}")
    b.h1("第三条　分期还款计划")
    b.p("乙方按下表分{{ doc.schedule.rows|length }}期向甲方还款：")
    b.table(
        ["期数", "还款日", "应还金额（元）", "本期还款后剩余（元）"],
        [
            ["{%tr for r in doc.schedule.rows %}"],
            ["第{{ r.number }}期", "{{ r.due_date|cndate }}", "{{ r.amount|money }}", "{{ r.remaining|money }}"],
            ["{%tr endfor %}"],
            ["合计", "", "{{ doc.schedule.total|money }}", ""],
        ],
        [26, 46, 42, 42],
        right=(2, 3),
    )
    b.p("乙方应将各期款项支付至甲方下列账户：")
    account_block(b, "甲方")
    b.p("乙方可以提前偿还全部或部分款项。")
    b.h1("第四条　清偿抵充顺序")
    b.p("乙方支付的款项不足以清偿全部到期债务的，除双方另有书面约定外，按照下列顺序抵充：（一）实现债权的有关费用；"
        "（二）利息；（三）本金（《中华人民共和国民法典》第五百六十一条）。")
    b.h1("第五条　加速到期")
    b.p("乙方任何一期款项{% if doc.grace_days %}逾期超过{{ doc.grace_days }}日仍未"
        "{% else %}未按期{% endif %}足额支付的，本协议项下剩余全部未付款项立即到期，甲方有权要求乙方一次性清偿全部剩余债务，"
        "并有权依法向人民法院起诉或申请支付令。")
    b.p("剩余款项提前到期后，乙方除应一次性清偿外，还应按原借款合同的约定和法律规定，支付自提前到期之日起至实际清偿之日止的"
        "逾期利息（以不超过法律保护的上限为限）。")
    b.ctl("{%p if doc.default_costs %}")
    b.p("因乙方违约，甲方为实现债权支出的诉讼费、保全费、公告费及合理的律师费等费用，由乙方承担。")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.guarantors %}")
    b.h1("第六条　保证")
    b.p("丙方自愿为乙方在本协议项下的全部债务（包括本金、利息、违约金及实现债权的费用）向甲方提供连带责任保证。"
        "保证期间为本协议约定的最后一期还款日（或依第五条提前到期之日）起三年。")
    b.p("丙方确认已阅知本协议全部内容，书面同意本协议对主债务履行期限和履行方式的变更，丙方的保证责任不因本协议而减轻或者免除"
        "（《中华人民共和国民法典》第六百九十五条）。")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.spouse %}")
    b.h1("第{{ doc.spouse_article|cnnum }}条　配偶确认")
    b.p("丁方系乙方配偶。丁方确认本协议项下的债务为乙方与丁方的夫妻共同债务（《中华人民共和国民法典》第一千零六十四条第一款），"
        "丁方与乙方共同承担本协议项下的还款责任。")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.notarize %}")
    b.h1("第{{ doc.notary_article|cnnum }}条　赋予强制执行效力公证")
    b.p("各方同意自本协议签订之日起十日内，共同向公证机构申请对本协议办理赋予强制执行效力的债权文书公证，公证费用由乙方承担。")
    b.p("乙方{% if doc.guarantors %}、丙方{% endif %}{% if doc.spouse %}、丁方{% endif %}确认：乙方不履行或者不适当履行本协议约定的"
        "还款义务的，甲方可以向公证机构申请出具执行证书，并依法向有管辖权的人民法院申请强制执行，"
        "乙方{% if doc.guarantors %}、丙方{% endif %}{% if doc.spouse %}、丁方{% endif %}自愿接受强制执行"
        "（《中华人民共和国公证法》第三十七条、《中华人民共和国民事诉讼法》第二百四十九条）。")
    b.ctl("{%p endif %}")
    b.h1("第{{ doc.article_offset|cnnum }}条　通知与送达")
    b.p("各方确认下列地址、电话和电子邮箱为本协议项下通知及发生纠纷时人民法院送达诉讼文书的地址（适用于一审、二审、再审和执行程序）。"
        "地址变更的，应于变更之日起三日内书面通知其他各方；未通知的，按原地址送达即视为送达，文书被退回之日视为送达之日。")
    b.ctl("{%p for p in doc.all_parties %}")
    b.p("{{ p.role }}{{ p.name }}：地址{{ p.service_address }}{% if p.phone %}；电话{{ p.phone }}{% endif %}{% if p.email %}；电子邮箱{{ p.email }}{% endif %}。")
    b.ctl("{%p endfor %}")
    b.h1("第{{ (doc.article_offset + 1)|cnnum }}条　争议解决")
    b.p("因本协议发生争议的，各方应协商解决；协商不成的，任何一方可向甲方住所地人民法院提起诉讼。")
    b.h1("第{{ (doc.article_offset + 2)|cnnum }}条　其他")
    b.p("本协议是对原借款债务履行方式的约定，不构成债务更新；除本协议另有约定外，原合同项下的其他权利义务继续有效。"
        "本协议自各方签字（盖章）之日起生效，一式{{ doc.all_parties|length }}份，各方各执一份，具有同等法律效力。")
    b.flush("（以下无正文）")  # the usual mark after the last article
    b.keep("")
    b.ctl("{%p for p in doc.all_parties %}")
    signature_block(b, "{{ p.role }}", "p", flush=True)
    b.keep("")
    b.ctl("{%p endfor %}")
    b.keep("签订日期：{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 04 支付令申请书 (2016 样式)


def payment_order() -> Builder:
    """支付令申请书 after the 2016 民事诉讼文书样式 “申请书（申请支付令用）” (法〔2016〕221号, 当事人参考
    样式; made under today's 民事诉讼法第225条). The 2025 要素式 set has no payment-order form. The
    样式's wording is reconstructed (law-procedure.md §4(b), §7 item 9): its title 申请书 is printed
    as the usual 支付令申请书; parties in the 样式's order (申请人, 法定代理人/委托诉讼代理人,
    被申请人); 请求事项 “向被申请人×××发出支付令，督促被申请人×××给付申请人×××……”; 事实和理由;
    此致 the debtor's basic court; 附：本申请书副本×份; 申请人（签名或者盖章）; date."""
    b = Builder("支付令申请书")
    b.title_("支付令申请书")
    party_2016(b, "申请人", "doc.creditor")
    b.ctl("{%p if case.lawyer %}")
    b.flush("委托诉讼代理人：{{ case.lawyer.lawyer_name }}，{{ case.lawyer.firm_name }}律师，联系电话：{{ case.lawyer.firm_phone }}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p for p in doc.debtors %}")
    party_2016(b, "被申请人", "p")
    b.ctl("{%p endfor %}")
    b.flush("**请求事项：**")
    b.p("一、向被申请人{{ doc.debtor_names }}发出支付令，督促被申请人{{ doc.debtor_names }}给付申请人{{ doc.creditor.name }}"
        "下列款项（{{ doc.cutoff_text }}）：")
    b.ctl("{%p for it in doc.items %}")
    b.p("{{ loop.index }}. {{ it.label }}人民币{{ it.amount|money }}元（{{ it.formula }}）；")
    b.ctl("{%p endfor %}")
    b.p("以上合计人民币{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}）"
        "{% if doc.until_paid_text %}，并{{ doc.until_paid_text }}{% endif %}。各项金额的计算过程详见所附《利息计算明细》。")
    b.p("二、本案申请费由被申请人负担。")
    b.flush("**事实和理由：**")
    b.p("{{ doc.loan_sentence }}{{ doc.due_sentence }}")
    b.ctl("{%p if doc.repayments %}")
    b.p("被申请人已还款{{ doc.repayments|length }}笔："
        "{% for r in doc.repayments %}{{ r.date|cndate }}还款{{ r.amount|money }}元{% if not loop.last %}；{% endif %}{% endfor %}，"
        "申请人已{{ doc.allocation_text }}（冲抵利息{{ doc.repaid_interest|money }}元、本金{{ doc.repaid_principal|money }}元）"
        "{% if doc.paid_interest_text %}，被冲抵的利息为：{{ doc.paid_interest_text }}{% endif %}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p if doc.demands %}")
    b.p("借款到期后，申请人多次催告，经过如下：{% for d in doc.demands %}{{ d.date|cndate }}，{{ d.action }}{% if not loop.last %}；{% endif %}{% endfor %}。"
        "被申请人至今未清偿。")
    b.ctl("{%p endif %}")
    b.p("截至{{ claim.as_of|cndate }}，被申请人尚欠申请人本金{{ claim.totals.principal|money }}元、利息{{ claim.totals.interest|money }}元"
        "{% if claim.totals.penalty %}、违约金{{ claim.totals.penalty|money }}元{% endif %}"
        "{% if claim.totals.fees %}、其他费用{{ claim.totals.fees|money }}元{% endif %}，合计{{ claim.totals.total|money }}元。"
        "{% if claim.totals.interest or claim.totals.penalty %}申请人主张的利息均有借款合同的约定{% if doc.within_caps %}，且未超过法律保护的上限{% endif %}。"
        "{% else %}申请人本次仅主张借款本金。{% endif %}")
    b.p("本申请符合督促程序的条件：")
    b.ctl("{%p for a in doc.po_affirmations %}")
    b.p("{{ loop.index }}. {{ a }}。")
    b.ctl("{%p endfor %}")
    b.p("为此，根据《中华人民共和国民事诉讼法》第二百二十五条及《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
        "第二十三条、第四百二十七条的规定，特向贵院申请支付令。")
    b.flush("**证据和证据来源：**")
    evidence_lines(b)
    b.keep("此致")
    b.keep("{{ doc.court }}")
    b.keep("")
    b.flush("附：1. 本申请书副本{{ doc.debtors|length }}份；")
    b.flush("　　2. 利息计算明细1份；")
    b.flush("　　3. 证据材料{{ doc.evidence|length }}份。")
    b.blank()
    b.sign("申请人：{{ doc.creditor.name }}（签名或者盖章）")
    b.ctl("{%p if not doc.creditor.is_person %}")
    b.sign("{{ doc.creditor.rep_title_label }}（签字）：　　　　　　")
    b.ctl("{%p endif %}")
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 04 民事起诉状 (要素式, 法〔2025〕82号)
#
# The fixed wording below reproduces the official forms of 法〔2025〕82号 (最高人民法院、司法部、
# 中华全国律师协会《关于印发部分案件起诉状、答辩状示范文本的通知》), read from the .docx
# extractions in github.com/cat-xierluo/legal-skills (skills/elements-complaint-generator/templates/
# 09-民间借贷纠纷-民事起诉状, 08-金融借款合同纠纷-民事起诉状, 10-信用卡纠纷-民事起诉状); see the README
# section “要素式起诉状的来源”. Labels, their order and the numbering of each form are kept; the
# boxes are ticked from the case (☑/☐); a block without a party keeps its labels with “无”.

W2 = [40, 116]
OFF = "☐"  # an unticked box printed as fixed text (the data-driven ones use the |box filter)
BLANK = "　　"  # a blank the form leaves for hand filling (never underscores: they read as placeholders)

# 说明: the 民间借贷 form says “为了方便您参加诉讼” and “您提起诉讼以及”; 金融借款 and 信用卡 say
# “为了方便您更好地参加诉讼” and “您参加诉讼以及” (verbatim from each form).
_NOTE_FIXED = (
    "1. 起诉时需向人民法院提交证明您身份的材料，如身份证复印件、营业执照复印件等。",
    "2. 本表所列内容是您{verb}以及人民法院查明案件事实所需，请务必如实填写。",
    "3. 本表有些内容可能与您的案件无关，您认为与案件无关的项目可以填“无”或不填；对于本表中勾选项可以在对应项打“√”;"
    "您认为另有重要内容需要列明的，可以另附页填写。",
    "4. 本表word电子版填写时，相关栏目可复制粘贴或扩容，但不得改变要素内容、格式设置。例如，多原告、多被告或多委托诉讼代理人等情况，"
    "可根据实际情况复制粘贴；需填写文字较多时，可根据实际对栏目进行扩容等。",
    "★特别提示★",
    "诉讼参加人应遵守诚信原则如实认真填写表格。",
    "如果诉讼参加人违反有关规定，虚假诉讼、恶意诉讼、滥用诉权，人民法院将视违法情形依法追究责任。",
)


def form_note(variant: str) -> str:
    """The 说明 of the form, verbatim (the cell text; lines joined by line breaks)."""
    private = variant == "private_lending"
    lead = "为了方便您参加诉讼，保护您的合法权利，请填写本表。" if private else "为了方便您更好地参加诉讼，保护您的合法权利，请填写本表。"
    verb = "提起诉讼" if private else "参加诉讼"
    return "\n".join(["说明：", lead, *(line.format(verb=verb) for line in _NOTE_FIXED)])


ORG_TYPES = (
    "有限责任公司", "股份有限公司", "上市公司", "其他企业法人", "事业单位", "社会团体", "基金会", "社会服务机构",
    "机关法人", "农村集体经济组织法人", "城镇农村的合作经济组织法人", "基层群众性自治组织法人", "个人独资企业", "合伙企业",
    "不具有法人资格的专业服务机构",
)


def _person_block(var: str) -> str:
    return "\n".join([
        f"姓名：{{{{ {var}.name }}}}",
        f"性别：男{{{{ ({var}.gender == '男')|box }}}}　女{{{{ ({var}.gender == '女')|box }}}}",
        f"出生日期：{{% if {var}.birth %}}{{{{ {var}.birth }}}}{{% else %}}{BLANK}年{BLANK}月{BLANK}日{{% endif %}}　民族：{{{{ {var}.ethnicity }}}}",
        f"工作单位：{{{{ {var}.employer }}}}　职务：{{{{ {var}.position }}}}　联系电话：{{{{ {var}.phone }}}}",
        f"住所地（户籍所在地）：{{{{ {var}.domicile }}}}",
        f"经常居住地：{{{{ {var}.residence }}}}",
        f"证件类型：{{{{ {var}.id_type }}}}　证件号码：{{{{ {var}.id_number }}}}",
    ])


def _org_block(var: str) -> str:
    types = "　".join(f"{t}{{{{ ({var}.org_type == '{t}')|box }}}}" for t in ORG_TYPES)
    own = (f"所有制性质：国有{{{{ ({var}.ownership in ['国有（控股）', '国有（参股）'])|box }}}}"
           f"（控股{{{{ ({var}.ownership == '国有（控股）')|box }}}} / 参股{{{{ ({var}.ownership == '国有（参股）')|box }}}}）"
           f"　民营{{{{ ({var}.ownership == '民营')|box }}}}　其他：{{% if {var}.ownership == '其他' %}}√{{% endif %}}")
    return "\n".join([
        f"名称：{{{{ {var}.name }}}}",
        f"住所地（主要办事机构所在地）：{{{{ {var}.domicile }}}}",
        f"注册地 / 登记地：{{{{ {var}.registered }}}}",
        f"法定代表人 / 负责人：{{{{ {var}.representative }}}}　职务：{{{{ {var}.representative_title }}}}　联系电话：{{{{ {var}.phone }}}}",
        f"统一社会信用代码：{{% if {var}.id_type == '统一社会信用代码' %}}{{{{ {var}.id_number }}}}{{% endif %}}",
        f"类型：{types}",
        own,
    ])


def _party_section(role: str, persons: str, orgs: str) -> list[list[str]]:
    """Both blocks of a role, one per party of that kind (the form allows copying a block per party)."""
    return [
        [f"{{%tr for p in {persons} %}}"],
        [f"{role}\n（自然人）", _person_block("p")],
        ["{%tr endfor %}"],
        [f"{{%tr for p in {orgs} %}}"],
        [f"{role}\n（法人、非法人组织）", _org_block("p")],
        ["{%tr endfor %}"],
    ]


F = "doc.form"
AS_OF = "{{ claim.as_of|cndate }}"


def _clause(line: str) -> str:
    """“（合同条款：第__条）” with the clause number from ``line`` (a RateLine path), blank when unknown."""
    return f"（合同条款：第{{% if {line}.clause %}}{{{{ {line}.clause }}}}{{% else %}}{BLANK}{{% endif %}}条）"


def _yes_no(flag: str, yes_extra: str = "") -> str:
    return f"是{{{{ {flag}|box }}}}{yes_extra}\n否{{{{ (not {flag})|box }}}}"


def _agent_row() -> list[list[str]]:
    return [["委托诉讼代理人", "\n".join([
        f"有{{{{ {F}.has_agent|box }}}}",
        f"　　姓名：{{{{ {F}.agent_name }}}}",
        f"　　单位：{{{{ {F}.agent_unit }}}}　职务：{{{{ {F}.agent_position }}}}　联系电话：{{{{ {F}.agent_phone }}}}",
        f"　　代理权限：一般授权{{{{ {F}.agent_general|box }}}}　特别授权{{{{ {F}.agent_special|box }}}}",
        f"无{{{{ (not {F}.has_agent)|box }}}}",
    ])]]


_CLAIMS_TEXT = (
    "（可完整表述诉讼请求；为方便、准确梳理要点，相关内容请在下方要素式表格中填写）\n"
    "一、判令被告{{ doc.debtor_names }}向原告支付：{% for it in doc.claim_lines %}{{ loop.index }}. {{ it.label }}{{ it.amount|money }}元；{% endfor %}"
    "以上合计{{ claim.totals.total|money }}元（{{ doc.cutoff_text }}）{% if doc.until_paid_text %}，"
    "并{{ doc.until_paid_text }}{% endif %}；"
    "{% if doc.pursued_guarantors %}二、判令被告{{ doc.pursued_guarantor_names }}对上述债务承担{{ doc.guarantee_liability }}；三{% else %}二{% endif %}、本案诉讼费用由被告负担。"
)

_FACTS_TEXT = (
    "（可完整表述纠纷涉及的事实与理由；为方便、准确梳理要点，相关内容请在下方要素式表格中填写）\n"
    "{{ doc.loan_sentence }}{{ doc.due_sentence }}"
    "{% for g in doc.guarantors %}{{ g.party.name }}为上述借款提供{{ g.type_label }}{% if g.period_end %}，保证期间至{{ g.period_end|cndate }}{% endif %}。{% endfor %}"
    "截至{{ claim.as_of|cndate }}，被告{{ doc.debtor_names }}尚欠本金{{ claim.totals.principal|money }}元、"
    "利息{{ claim.totals.interest|money }}元{% if claim.totals.penalty %}、违约金{{ claim.totals.penalty|money }}元{% endif %}"
    "{% if claim.totals.fees %}、其他费用{{ claim.totals.fees|money }}元{% endif %}，经原告催告仍未清偿。"
)


def _common_claim_rows(start: int) -> list[list[str]]:
    """担保权利, 实现债权的费用, 诉讼费用, 其他请求, 标的总额 — numbered from ``start``."""
    n = start
    return [
        [f"{n}. 是否主张担保权利", _yes_no("doc.pursued_guarantors", f"　内容：{{{{ {F}.guarantee_content }}}}")],
        [f"{n + 1}. 是否主张实现债权的费用", _yes_no(f"{F}.enforcement_costs", ("　明细：" if start != 3 else "　费用明细：") + "{{ doc.costs_text }}")],
        [f"{n + 2}. 是否主张诉讼费用", "是☑　否☐"],
        [f"{n + 3}. 其他请求", f"{{{{ {F}.other_claims }}}}"],
        [f"{n + 4}. 标的总额", "{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}）"],
    ]


def _jurisdiction_rows() -> list[list[str]]:
    return [
        ["##约定管辖和诉前保全"],
        ["1. 有无仲裁、法院管辖约定",
         f"有{{{{ {F}.jurisdiction_agreed|box }}}}　合同条款及内容：{{{{ {F}.jurisdiction_text }}}}\n无{{{{ (not {F}.jurisdiction_agreed)|box }}}}"],
        ["2. 是否已经诉前保全",
         f"是{{{{ {F}.preserved|box }}}}　保全法院：{{{{ {F}.preservation_court }}}}　保全时间：{{% if {F}.preservation_date %}}{{{{ {F}.preservation_date|cndate }}}}{{% endif %}}\n"
         f"　　保全案号：{{{{ {F}.preservation_case_no }}}}\n否{{{{ (not {F}.preserved)|box }}}}\n"
         "（如申请诉讼保全，请另行提交诉讼保全申请及相关材料）"],
    ]


def _repayment_boxes(financial: bool) -> str:
    code = f"{F}.repayment_code"
    lines = []
    if financial:
        lines.append(f"等额本息{{{{ ({code} == 'equal_instalment')|box }}}}　等额本金{{{{ ({code} == 'equal_principal')|box }}}}")
    lines.append(f"到期一次性还本付息{{{{ ({code} == 'bullet')|box }}}}")
    lines.append(
        f"按月计息、到期一次性还本{{{{ ({code} == 'monthly_interest')|box }}}}　"
        f"按季计息、到期一次性还本{{{{ ({code} == 'quarterly_interest')|box }}}}　"
        f"按年计息、到期一次性还本{{{{ ({code} == 'yearly_interest')|box }}}}"
    )
    if financial:
        lines.append(f"其他{{{{ ({code} == 'other')|box }}}}{{% if {code} == 'other' %}}（{{{{ {F}.repayment_other }}}}）{{% endif %}}")
    else:
        lines.append(f"其他：{{% if {code} == 'other' %}}{{{{ {F}.repayment_other }}}}{{% endif %}}")
    return "\n".join(lines)


def _overdue_row(n: int) -> list[str]:
    return [f"{n}. 是否存在逾期还款",
            f"是{{{{ {F}.is_overdue|box }}}}　逾期时间：{{% if doc.overdue_since %}}{{{{ doc.overdue_since|cndate }}}}起{{% endif %}}"
            f"　至今已逾期{{% if doc.overdue_days %}}{{{{ doc.overdue_days }}}}日{{% endif %}}\n否{{{{ (not {F}.is_overdue)|box }}}}"]


def _security_rows(n: int) -> list[list[str]]:
    """物的担保, 担保人/担保物, 最高额担保, 抵押质押登记 (the case models no collateral: 否)."""
    return [
        [f"{n}. 是否签订物的担保（抵押、质押）合同", f"是{OFF}　签订时间：\n否☑"],
        [f"{n + 1}. 担保人、担保物",
         "担保人：{% if doc.guarantors %}{% for g in doc.guarantors %}{{ g.party.name }}{% if not loop.last %}、{% endif %}{% endfor %}{% else %}无{% endif %}"
         "　担保物：无"],
        [f"{n + 2}. 是否最高额担保（抵押、质押）", f"是{OFF}　否☑\n担保债权的确定时间：　担保额度："],
        [f"{n + 3}. 是否办理抵押、质押登记", f"是{OFF}　正式登记{OFF}\n　　预告登记{OFF}\n否☑"],
    ]


def _guarantee_contract(with_type: bool) -> str:
    """是否签订保证合同: one entry per guarantor (签订时间, 保证人, 主要内容[, 保证方式])."""
    body = ("签订时间：{% if g.contract_signed_on %}{{ g.contract_signed_on|cndate }}{% endif %}　保证人：{{ g.party.name }}\n"
            "　　主要内容：{{ g.contract_summary }}")
    if with_type:
        body += "\n　　保证方式：一般保证{{ (not g.is_joint)|box }}　连带责任保证{{ g.is_joint|box }}"
    empty = "签订时间：　保证人：\n　　主要内容：" + (f"\n　　保证方式：一般保证{OFF}　连带责任保证{OFF}" if with_type else "")
    return (f"是{{{{ doc.guarantors|box }}}}　{{% for g in doc.guarantors %}}{body}{{% if not loop.last %}}\n　　{{% endif %}}{{% endfor %}}"
            f"{{% if not doc.guarantors %}}{empty}{{% endif %}}\n否{{{{ (not doc.guarantors)|box }}}}")


def _mediation_rows() -> list[list[str]]:
    benefits = (
        "1. 立案后选择先行调解的，可以很快启动调解程序。如不同意调解，法院将依程序开庭审理案件，但可能需要经过较长一段时间的排期等待，且审理、执行周期相对较长。",
        "2. 选择先行调解，调解成功且自动履行的免交诉讼费用，申请司法确认的不交纳诉讼费用，要求出具调解书的减半交纳诉讼费用。",
        "3. 首次调解不成功，但仍有继续调解意愿的，可以选择更换调解组织和调解员再进行调解。调解无法达成一致意见的，法院将依程序排期开庭。",
        "4. 依照法律规定，调解具有保密性要求，调解过程不公开，调解协议未经当事人同意不得公开。",
        "5. 调解达成的协议具有法律效力，可以依照法律规定申请司法确认，具有强制执行效力。",
    )
    lines = []
    for i, text in enumerate(benefits):
        v = f"{F}.knows_benefits[{i}]"
        lines += [text, f"了解{{{{ ({v} == true)|box }}}}　不了解{{{{ ({v} == false)|box }}}}"]
    c = f"{F}.consider_mediation"
    return [
        ["##对纠纷解决方式的意愿"],
        ["是否了解调解作为非诉讼纠纷解决方式，能及时、高效、低成本、不伤和气地解决纠纷",
         f"了解{{{{ ({F}.knows_mediation == true)|box }}}}　不了解{{{{ ({F}.knows_mediation == false)|box }}}}"],
        ["是否了解先行调解解决纠纷的好处", "\n".join(lines)],
        ["是否考虑先行调解",
         f"是{{{{ ({c} == 'yes')|box }}}}　否{{{{ ({c} == 'no')|box }}}}\n暂不确定，想要了解更多内容{{{{ ({c} == 'unsure')|box }}}}"],
    ]


def _loan_rows(financial: bool) -> list[list[str]]:
    """诉讼请求 + 约定管辖 + 事实与理由 of the 民间借贷 (financial=False) or 金融借款 (True) form."""
    if financial:
        interest = [
            "2. 利息（期内利息、复利、罚息）",
            f"截至{AS_OF}止，欠利息{{{{ (claim.totals.interest + claim.totals.penalty)|money }}}}元、期内利息{{{{ doc.term_interest|money }}}}元、"
            f"复利{{{{ {F}.compound_interest|money }}}}元、罚息（违约金）{{{{ {F}.penalty_interest|money }}}}元；计算方式：{{{{ doc.interest_method }}}}\n"
            "是否请求支付至实际清偿之日止：是{{ doc.until_paid|box }}　否{{ (not doc.until_paid)|box }}",
        ]
    else:
        interest = [
            "2. 利息",
            f"截至{AS_OF}止，尚欠利息{{{{ claim.totals.interest|money }}}}元；\n计算方式：{{{{ doc.interest_method }}}}\n"
            "是否请求支付至实际清偿之日止：是{{ doc.until_paid|box }}　否{{ (not doc.until_paid)|box }}",
        ]
    rows: list[list[str]] = [
        ["##诉讼请求"],
        [_CLAIMS_TEXT],
        ["1. 本金", f"截至{AS_OF}止，尚欠本金{{{{ claim.totals.principal|money }}}}元（人民币，下同；如外币需特别注明）"],
        interest,
        ["3. 是否要求提前还款或解除合同",
         f"是{{{{ doc.accelerated|box }}}}　提前还款（加速到期）{{{{ doc.accelerated|box }}}} / 解除合同{OFF}\n否{{{{ (not doc.accelerated)|box }}}}"],
        *_common_claim_rows(4),
        *_jurisdiction_rows(),
        ["##事实与理由"],
        [_FACTS_TEXT],
        ["1. 合同签订情况（名称、编号、签订时间、地点等）", f"{{{{ {F}.contract_text }}}}"],
    ]
    if financial:
        rows.append(["2. 合同主体", "贷款人：{{ doc.creditor.name }}　借款人：{{ doc.debtor_names }}"])
        rows.append(["3. 借款金额", f"约定：{{{{ {F}.face_principal|money }}}}元\n实际发放：{{{{ doc.disbursed_text }}}}"])
    else:
        rows.append(["2. 签订主体", "出借人：{{ doc.creditor.name }}　借款人：{{ doc.debtor_names }}"])
        rows.append(["3. 借款金额",
                     f"约定：{{{{ {F}.face_principal|money }}}}元\n实际提供：{{{{ doc.disbursed_text }}}}\n"
                     f"提供方式：现金{{{{ doc.paid_cash|box }}}}　转账{{{{ doc.paid_transfer|box }}}}　其他：{{{{ {F}.paid_other_text }}}}"])
    rows.append(["4. 借款期限",
                 f"是否到期：是{{{{ {F}.is_due|box }}}}　否{{{{ (not {F}.is_due)|box }}}}\n"
                 f"约定期限：{{{{ {F}.term_start|cndate }}}}起至{{% if {F}.term_end %}}{{{{ {F}.term_end|cndate }}}}{{% else %}}{BLANK}年{BLANK}月{BLANK}日{{% endif %}}止"])
    rate = (f"利率{{{{ {F}.rate.agreed|box }}}}　{{% if {F}.rate.agreed %}}{{{{ {F}.rate.number }}}}%/{{{{ {F}.rate.unit }}}}"
            f"{{% else %}}{BLANK}%/年（季/月）{{% endif %}}" + _clause(f"{F}.rate"))
    if financial:
        m = f"{F}.overdue_markup"
        p = f"{F}.penalty_rate"
        rate += (f"\n逾期上浮{{{{ {m}.agreed|box }}}}　{{% if {m}.agreed %}}{{{{ {m}.number }}}}{{% else %}}{BLANK}{{% endif %}}%/年" + _clause(m)
                 + f"\n复利{{{{ {F}.compound.agreed|box }}}}　" + _clause(f"{F}.compound")
                 + f"\n罚息（违约金）{{{{ {p}.agreed|box }}}}　{{% if {p}.agreed %}}{{{{ {p}.number }}}}%/{{{{ {p}.unit }}}}{{% else %}}{BLANK}%/年{{% endif %}}"
                 + _clause(p) + f"{{% if {F}.penalty_note %}}；{{{{ {F}.penalty_note }}}}{{% endif %}}")
    rows.append(["5. 借款利率", rate])
    rows.append(["6. 借款提供时间",
                 "{% for d in doc.disbursements %}{{ d.date|cndate }}，{{ d.amount|money }}元{% if not loop.last %}；{% endif %}{% endfor %}"])
    rows.append(["7. 还款方式", _repayment_boxes(financial)])
    rows.append(["8. 还款情况",
                 f"已还本金：{{{{ doc.repaid_principal|money }}}}元\n已还利息：{{{{ doc.repaid_interest|money }}}}元，还息至"
                 f"{{% if {F}.interest_paid_until %}}{{{{ {F}.interest_paid_until|cndate }}}}{{% else %}}{BLANK}年{BLANK}月{BLANK}日{{% endif %}}"
                 "{% if doc.repayments %}（{{ doc.allocation_text }}）{% endif %}"])
    rows.append(_overdue_row(9))
    rows += _security_rows(10)
    if financial:
        rows.append(["14. 是否签订保证合同 / 保函", _guarantee_contract(with_type=False)])
        rows.append(["15. 保证方式",
                     f"一般保证{{{{ {F}.guarantee_general|box }}}}\n连带责任保证{{{{ {F}.guarantee_joint|box }}}}"])
        rows.append(["16. 其他担保方式", f"是{OFF}　形式：　签订时间：\n否☑"])
        rows.append(["17. 请求承担责任的依据", f"合同约定：{{{{ {F}.law_contract }}}}\n法律规定：{{{{ {F}.law_statute }}}}"])
        rows.append(["18. 其他需要说明的内容（可另附页）", f"{{{{ {F}.other_matters }}}}"])
        rows.append(["19. 证据清单（可另附页）", f"{{{{ {F}.evidence_summary }}}}"])
    else:
        rows.append(["14. 是否签订保证合同", _guarantee_contract(with_type=True)])
        rows.append(["15. 其他担保方式", f"是{OFF}　形式：　签订时间：\n否☑"])
        rows.append(["16. 其他需要说明的内容（可另附页）", f"{{{{ {F}.other_matters }}}}"])
        rows.append(["17. 请求依据", f"合同约定：{{{{ {F}.law_contract }}}}\n法律规定：{{{{ {F}.law_statute }}}}"])
        rows.append(["18. 证据清单（可另附页）", f"{{{{ {F}.evidence_summary }}}}"])
    return rows


def _card_rows() -> list[list[str]]:
    """诉讼请求 + 约定管辖 + 事实与理由 of the 信用卡纠纷 form (its own numbering: 7 claims, 16 facts)."""
    rows: list[list[str]] = [
        ["##诉讼请求"],
        [_CLAIMS_TEXT],
        ["1. 透支本金", f"截至{AS_OF}止，尚欠本金{{{{ claim.totals.principal|money }}}}元（人民币，下同；如为外币需特别注明）；"],
        ["2. 利息、罚息、复利、滞纳金、违约金、手续费等",
         f"截至{AS_OF}止，欠利息、罚息、复利、滞纳金、违约金、手续费等共计{{{{ {F}.card_interest_total|money }}}}元\n"
         f"自{{% if doc.until_paid %}}{{{{ claim.as_of|cndate }}}}{{% else %}}{BLANK}年{BLANK}月{BLANK}日{{% endif %}}之后的利息、罚息、复利、滞纳金、违约金以及手续费等各项费用"
         f"按照信用卡领用协议计算至实际清偿之日止　明细：{{{{ doc.interest_method }}}}"],
        *_common_claim_rows(3),
        *_jurisdiction_rows(),
        ["##事实与理由"],
        [_FACTS_TEXT],
        ["1. 信用卡办理情况（信用卡卡号、信用卡登记权利人、办卡时间、办卡行等）", f"{{{{ {F}.card_text }}}}"],
        ["2. 信用卡合约的主要约定",
         f"透支金额：{{{{ {F}.card_overdraft }}}}\n利息、罚息、复利、滞纳金、违约金、手续费等的计算标准：{{{{ {F}.card_fee_terms }}}}\n"
         f"违约责任：{{{{ {F}.card_liability }}}}\n解除条件：{{{{ {F}.card_termination }}}}"],
        ["3. 是否就信用卡合约主要条款进行提示注意",
         f"是{{{{ ({F}.card_notice == true)|box }}}}　提示说明的具体方式以及时间地点：{{{{ {F}.card_notice_detail }}}}\n"
         f"否{{{{ ({F}.card_notice == false)|box }}}}"],
        ["4. 被告逾期部分已还金额", f"{{{{ {F}.repaid_after_default|money }}}}元"],
        ["5. 被告逾期未还款金额",
         "逾期时间：{% if doc.overdue_since %}{{ doc.overdue_since|cndate }}{% endif %}\n"
         f"截至{AS_OF}，被告欠付信用卡本金{{{{ claim.totals.principal|money }}}}元、利息{{{{ doc.term_interest|money }}}}元、"
         f"罚息{{{{ doc.overdue_interest|money }}}}元、复利{{{{ {F}.compound_interest|money }}}}元、滞纳金{{{{ {F}.late_fee|money }}}}元、"
         f"违约金{{{{ claim.totals.penalty|money }}}}元、手续费{{{{ {F}.handling_fee|money }}}}元"],
        ["6. 是否向被告进行通知和催收",
         f"是{{{{ doc.demands|box }}}}　具体情况：{{% if doc.demands %}}{{{{ {F}.other_matters }}}}{{% endif %}}\n否{{{{ (not doc.demands)|box }}}}"],
        *_security_rows(7),
        ["11. 是否签订保证合同", _guarantee_contract(with_type=False)],
        ["12. 保证方式", f"一般保证{{{{ {F}.guarantee_general|box }}}}　连带责任保证{{{{ {F}.guarantee_joint|box }}}}"],
        ["13. 其他担保方式", f"是{OFF}　形式：　签订时间：\n否☑"],
        ["14. 请求承担责任的依据", f"合同约定：{{{{ {F}.law_contract }}}}\n法律规定：{{{{ {F}.law_statute }}}}"],
        ["15. 其他需要说明的内容（可另附页）", "无"],
        ["16. 证据清单（可另附页）", f"{{{{ {F}.evidence_summary }}}}"],
    ]
    return rows


def _style_form_table(table) -> None:
    """Heading rows (marked “##”) centred in the heading font; other single cells stay flush left."""
    for row in table.rows:
        cell = row.cells[0]
        for par in cell.paragraphs:
            if par.runs and par.runs[0].text.startswith("##"):
                par.runs[0].text = par.runs[0].text[2:]
                par.style = "表头"
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER


def complaint() -> Builder:
    """民事起诉状 in the 要素式 form of its cause (法〔2025〕82号): 民间借贷纠纷, 金融借款合同纠纷 (also used
    for 小额借款合同纠纷, which has no form of its own) or 信用卡纠纷, chosen by ``doc.form.variant``."""
    b = Builder("民事起诉状")
    b.title_("民事起诉状")
    b.subtitle("（{{ claim.cause }}）")
    rows: list[list[str]] = [
        [f"{{%tr if {F}.variant == 'private_lending' %}}"],
        [form_note("private_lending")],
        ["{%tr else %}"],
        [form_note("financial")],
        ["{%tr endif %}"],
        ["##当事人信息"],
        *_party_section("原告", f"{F}.plaintiff_persons", f"{F}.plaintiff_orgs"),
        *_agent_row(),
        *_party_section("被告", f"{F}.defendant_persons", f"{F}.defendant_orgs"),
        *_party_section("第三人", f"{F}.third_persons", f"{F}.third_orgs"),
        [f"{{%tr if {F}.variant == 'card' %}}"],
        *_card_rows(),
        [f"{{%tr elif {F}.variant == 'financial' %}}"],
        *_loan_rows(financial=True),
        ["{%tr else %}"],
        *_loan_rows(financial=False),
        ["{%tr endif %}"],
        *_mediation_rows(),
    ]
    _style_form_table(b.table(None, rows, W2))
    b.blank()
    b.keep("此致")
    b.keep("{{ doc.court }}")
    b.keep("")
    b.sign("具状人（签字、盖章）：{{ doc.creditor.name }}")
    b.ctl("{%p if not doc.creditor.is_person %}")
    b.sign("{{ doc.creditor.rep_title_label }}（签字）：　　　　　　")
    b.ctl("{%p endif %}")
    b.sign("日期：{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 04 利息计算明细 (annex to the filing)


def _landscape(b: Builder) -> None:
    """A4 landscape with 25 mm margins: a wide calculation table is easier to read than a tall one."""
    from docx.enum.section import WD_ORIENT

    sec = b.doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.top_margin, sec.bottom_margin = Mm(25), Mm(25)
    sec.left_margin, sec.right_margin = Mm(25), Mm(25)
    sec.header_distance, sec.footer_distance = Mm(12), Mm(12)


def _rows_keep_together(table) -> None:
    """No table row split across pages (w:cantSplit on every row; docxtpl copies it to each rendered row)."""
    for row in table.rows:
        _set(row._tr.get_or_add_trPr(), "w:cantSplit")


def interest_statement() -> Builder:
    """利息计算明细: the signed annex to the payment-order application or the complaint.

    Every interest segment (those repayments absorbed included), each repayment and how it was
    applied (民法典第561条), the caps and reductions, the totals and the interest after the cut-off,
    all from the claim; signed by the applicant/plaintiff.
    """
    b = Builder("利息计算明细")
    _landscape(b)
    b.title_("利息计算明细")
    b.subtitle("（{{ doc.filing_title }}附件）")
    b.flush("{{ doc.applicant_label }}：{{ doc.creditor.name }}")
    b.flush("{{ doc.respondent_label }}：{{ doc.debtor_names }}")
    b.flush("案由：{{ claim.cause }}　　借款合同：{{ doc.contract }}　　计算截止日：{{ claim.as_of|cndate }}")
    b.h1("一、计算依据")
    b.p("借款本金：实际出借{{ claim.delivered|money }}元{% if claim.withheld %}（合同载明{{ claim.face_principal|money }}元，"
        "预先扣除的{{ claim.withheld|money }}元不计入本金）{% endif %}，{% if doc.repaid_principal %}已还本金{{ doc.repaid_principal|money }}元，{% endif %}"
        "尚欠本金{{ claim.principal_outstanding|money }}元。约定利率：{{ doc.rate_text }}。")
    b.p("计算方法：{{ doc.convention_text }}。")
    b.ctl("{%p if doc.transitional_request %}")
    b.p("**{{ doc.applicant_label }}{{ doc.transitional_request }}。**")
    b.ctl("{%p endif %}")
    b.h1("二、利息及其他款项逐段计算")
    b.p("下表列明{{ doc.applicant_label }}依约依法可以主张的全部款项，包括已由还款全部冲抵的各段利息；"
        "“计得金额”为按所列基数、利率和期间计算的金额，利率超过法定上限的，按上限计算并在“上限调减”栏列明按约定计算多出的部分。")
    seg = b.table(
        ["序号", "项目", "计息基数（元）", "年利率", "计息期间", "期间长度", "计得金额（元）", "上限调减（元）", "还款冲抵（元）", "主张金额（元）"],
        [
            ["{%tr for it in doc.statement_items %}"],
            [
                "{{ loop.index }}",
                "{{ it.label }}",
                "{% if it.base %}{{ it.base|money }}{% endif %}",
                "{% if it.annual_rate %}{{ it.annual_rate|pct }}{% if it.agreed_rate %}（约定{{ it.agreed_rate|pct }}）{% endif %}{% endif %}",
                "{% if it.kind == 'cost' %}{{ it.start|cndate }}支出{% elif it.start %}{{ it.start|cndate }}至{{ it.end|cndate }}{% else %}—{% endif %}",
                "{% if it.days %}{{ it.duration }}{% endif %}",
                "{{ it.accrued|money }}",
                "{% if it.agreed_amount %}{{ (it.agreed_amount - it.accrued)|money }}{% endif %}{% if it.reduced_by %}{% if it.agreed_amount %}；{% endif %}{{ it.reduced_by|money }}{% endif %}",
                "{% for p in it.paid_by %}{{ p.amount|money }}（{{ p.date|cndate }}还款）{% if not loop.last %}；{% endif %}{% endfor %}",
                "{{ it.amount|money }}",
            ],
            ["{%tr endfor %}"],
        ],
        [9, 27, 24, 26, 40, 22, 23, 22, 31, 23],
        right=(2, 6, 7, 9),
    )
    _rows_keep_together(seg)
    b.p("各项的计算依据：")
    b.ctl("{%p for g in doc.statement_rules %}")
    b.p("{{ g.items }}：{{ g.rule }}。")
    b.ctl("{%p endfor %}")
    b.ctl("{%p if claim.repayments %}")
    b.h1("三、还款及抵充")
    pay = b.table(
        ["还款日期", "还款金额（元）", "冲抵费用（元）", "冲抵利息（元）", "冲抵本金（元）", "抵充说明"],
        [
            ["{%tr for a in claim.repayments %}"],
            ["{{ a.date|cndate }}", "{{ a.amount|money }}", "{{ a.to_costs|money }}", "{{ a.to_interest|money }}",
             "{{ a.to_principal|money }}", "{{ a.note }}"],
            ["{%tr endfor %}"],
        ],
        [30, 27, 25, 25, 25, 115],
        right=(1, 2, 3, 4),
    )
    _rows_keep_together(pay)
    b.ctl("{%p if doc.paid_interest_text %}")
    b.p("被还款冲抵的利息：{{ doc.paid_interest_text }}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p endif %}")
    b.ctl("{%p if claim.caps %}")
    b.h1("{% if claim.repayments %}四{% else %}三{% endif %}、利率上限与调减")
    b.ctl("{%p for c in claim.caps %}")
    b.p("{{ loop.index }}. {{ c.basis }}{% if c.reduced_by %}（调减{{ c.reduced_by|money }}元）{% endif %}。")
    b.ctl("{%p endfor %}")
    b.ctl("{%p endif %}")
    b.h1("{% if claim.repayments and claim.caps %}五{% elif claim.repayments or claim.caps %}四{% else %}三{% endif %}、合计")
    total = b.p("{{ doc.cutoff_text }}，{{ doc.respondent_label }}尚欠本金{{ claim.totals.principal|money }}元、利息{{ claim.totals.interest|money }}元"
        "{% if claim.totals.penalty %}、违约金{{ claim.totals.penalty|money }}元{% endif %}"
        "{% if claim.totals.fees %}、其他费用{{ claim.totals.fees|money }}元{% endif %}"
        "{% if claim.totals.costs %}、实现债权的费用{{ claim.totals.costs|money }}元{% endif %}，"
        "合计人民币{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}）"
        "{% if doc.until_paid_text %}；并请求{{ doc.until_paid_text }}{% endif %}。")
    _set(total._p.get_or_add_pPr(), "w:keepNext")  # the totals stay on the signature's page
    b.keep("")
    b.sign("{{ doc.applicant_label }}（签名或者盖章）：{{ doc.creditor.name }}")
    b.ctl("{%p if not doc.creditor.is_person %}")
    b.sign("{{ doc.creditor.rep_title_label }}（签字）：　　　　　　")
    b.ctl("{%p endif %}")
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- after the letters and the filing (issue 15)

_CLAIM_SENTENCE = (
    "本金{{ claim.totals.principal|money }}元、利息{{ claim.totals.interest|money }}元"
    "{% if claim.totals.penalty %}、违约金{{ claim.totals.penalty|money }}元{% endif %}"
    "{% if claim.totals.fees %}、其他费用{{ claim.totals.fees|money }}元{% endif %}"
    "{% if claim.totals.costs %}、实现债权的费用{{ claim.totals.costs|money }}元{% endif %}"
    "（暂计至{{ claim.as_of|cndate }}），合计人民币{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}）"
)
_PAID_SINCE = ("{% for r in doc.filing.paid_since %}{{ r.date|cndate }}还款{{ r.amount|money }}元"
               "{% if not loop.last %}；{% endif %}{% endfor %}")
_CASE_REF = "{{ doc.filing.court }}{{ doc.filing.case_no }}"  # a 案号 carries its own brackets: （2026）京0108民督12号


def guarantee_notice() -> Builder:
    """履行保证责任通知书: the creditor's written claim against a joint guarantor within the 保证期间
    (民法典第688条, 第691条, 第693条第2款; the period cannot be interrupted, 第692条)."""
    b = Builder("履行保证责任通知书")
    b.title_("履行保证责任通知书")
    b.flush("{% for n in doc.guarantee_notices %}{{ n.party.name }}{% if not loop.last %}、{% endif %}{% endfor %}：")
    b.p("{{ doc.loan_sentence }}{{ doc.due_sentence }}")
    b.ctl("{%p for n in doc.guarantee_notices %}")
    b.p("{{ n.party.name }}为上述借款提供连带责任保证（{{ n.contract }}）"
        "{% if n.period_end %}，保证期间至{{ n.period_end|cndate }}{% if n.presumed %}（未约定保证期间，依照《中华人民共和国民法典》"
        "第六百九十二条第二款自主债务履行期限届满之日起计算六个月）{% endif %}{% endif %}。")
    b.ctl("{%p endfor %}")
    b.p("借款人未按约定清偿。经逐项计算，截至{{ claim.as_of|cndate }}，借款人尚欠款项如下：")
    amount_table(b)
    b.p("以上合计人民币{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}），"
        "其中本金{{ claim.totals.principal|money }}元，利息{{ claim.totals.interest|money }}元"
        "{% if claim.totals.penalty %}，违约金{{ claim.totals.penalty|money }}元{% endif %}"
        "{% if claim.totals.fees %}，其他费用{{ claim.totals.fees|money }}元{% endif %}。")
    b.p("依照《中华人民共和国民法典》第六百八十八条、第六百九十一条的规定，{{ doc.self_ref }}现正式通知并要求您在保证范围内"
        "承担连带保证责任，于{{ doc.deadline|cndate }}前将上述款项支付至{{ doc.self_ref }}的下列账户：")
    account_block(b, "{{ doc.self_ref }}")
    b.p("本通知系{{ doc.self_ref }}在保证期间内依照《中华人民共和国民法典》第六百九十三条第二款向保证人主张保证责任。"
        "如您对上述金额有异议，请在上述期限内与{{ doc.self_ref }}联系并提供相关证据，{{ doc.self_ref }}将逐项核对并答复您。")
    b.ctl("{%p if doc.creditor.phone %}")
    b.p("联系电话：{{ doc.creditor.phone }}")
    b.ctl("{%p endif %}")
    b.p("联系地址：{{ doc.creditor.domicile }}")
    b.p("逾期未履行的，{{ doc.self_ref }}将依法向人民法院起诉，要求您承担连带保证责任。")
    b.p("此致")
    b.flush("{% for n in doc.guarantee_notices %}{{ n.party.name }}{% if not loop.last %}、{% endif %}{% endfor %}")
    b.blank()
    signature_block(b, "债权人", "doc.creditor")
    b.sign("{{ doc.date|cndate }}")
    return b


def _applicant_and_respondents(b: Builder, applicant: str, respondent: str) -> None:
    party_2016(b, applicant, "doc.creditor")
    b.ctl("{%p if case.lawyer %}")
    b.flush("委托诉讼代理人：{{ case.lawyer.lawyer_name }}，{{ case.lawyer.firm_name }}律师，联系电话：{{ case.lawyer.firm_phone }}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p for p in doc.defendants %}")
    party_2016(b, respondent, "p")
    b.ctl("{%p endfor %}")


def _closing(b: Builder, signer: str, annexes: list[str]) -> None:
    b.keep("此致")
    b.keep("{{ doc.filing.court }}")
    b.keep("")
    for i, a in enumerate(annexes, 1):
        b.flush(("附：" if i == 1 else "　　") + (f"{i}. " if len(annexes) > 1 else "") + a)
    if annexes:
        b.blank()
    b.sign(f"{signer}（签名或者盖章）：{{{{ doc.creditor.name }}}}")
    b.ctl("{%p if not doc.creditor.is_person %}")
    b.sign("{{ doc.creditor.rep_title_label }}（签字）：　　　　　　")
    b.ctl("{%p endif %}")
    b.sign("{{ doc.date|cndate }}")


def amend_claim() -> Builder:
    """变更诉讼请求申请书 after a payment received during the suit (民事诉讼法第54条: 原告可以放弃或者变更
    诉讼请求); the new figures are the claim engine's on the document's date, with the 利息计算明细."""
    b = Builder("变更诉讼请求申请书")
    b.title_("变更诉讼请求申请书")
    _applicant_and_respondents(b, "申请人（原告）", "被申请人（被告）")
    b.flush("**请求事项：**")
    b.p(f"将{_CASE_REF}一案的诉讼请求变更为：")
    b.p("一、判令被告{{ doc.debtor_names }}偿还原告" + _CLAIM_SENTENCE
        + "{% if doc.until_paid_text %}；并{{ doc.until_paid_text }}{% endif %}"
        "{% if doc.pursued_guarantors %}；被告{{ doc.pursued_guarantor_names }}对上述债务承担{{ doc.guarantee_liability }}{% endif %}；")
    b.p("二、本案诉讼费用由被告负担。")
    b.flush("**事实和理由：**")
    b.p("申请人于{{ doc.filing.filed_on|cndate }}向贵院起诉被申请人{{ doc.debtor_names }}{{ claim.cause }}一案"
        "{% if doc.filing.case_no %}（案号：{{ doc.filing.case_no }}）{% endif %}"
        "{% if doc.filing.amount_claimed %}，起诉时请求金额合计{{ doc.filing.amount_claimed|money }}元{% endif %}。"
        "起诉后，被申请人" + _PAID_SINCE + "，共计{{ doc.filing.paid_since_total|money }}元。")
    b.p("上述还款已{{ doc.allocation_text }}。经按原计算方式重新计算（见所附利息计算明细），截至{{ claim.as_of|cndate }}，"
        "被申请人尚欠" + _CLAIM_SENTENCE + "。")
    b.p("为此，依照《中华人民共和国民事诉讼法》第五十四条的规定，申请将诉讼请求变更如上。")
    _closing(b, "申请人", ["利息计算明细1份；", "还款凭证{{ doc.filing.paid_since|length }}份。"])
    return b


def withdrawal() -> Builder:
    """撤诉申请书 (民事诉讼法第148条) — or 撤回支付令申请书 in 督促程序 (2016 样式 of that name) — once
    the debt is paid in full while the proceeding is pending."""
    b = Builder("撤诉申请书")
    b.title_("{% if doc.filing.kind == 'payment_order' %}撤回支付令申请书{% else %}撤诉申请书{% endif %}")
    b.ctl("{%p if doc.filing.kind == 'payment_order' %}")
    _applicant_and_respondents(b, "申请人", "被申请人")
    b.ctl("{%p else %}")
    _applicant_and_respondents(b, "申请人（原告）", "被申请人（被告）")
    b.ctl("{%p endif %}")
    b.flush("**请求事项：**")
    b.p("{% if doc.filing.kind == 'payment_order' %}撤回对被申请人{{ doc.debtor_names }}的支付令申请"
        "{% else %}撤回对被告{{ doc.debtor_names }}的起诉{% endif %}"
        f"（{_CASE_REF}）。")
    b.flush("**事实和理由：**")
    b.p("申请人于{{ doc.filing.filed_on|cndate }}向贵院{{ doc.filing.kind_title }}"
        "{% if doc.filing.case_no %}（案号：{{ doc.filing.case_no }}）{% endif %}。"
        "{% if doc.filing.paid_since %}此后，被申请人" + _PAID_SINCE + "，{% endif %}"
        "截至{{ claim.as_of|cndate }}，被申请人所欠借款本息已全部清偿，申请人的请求已经实现。")
    b.p("{% if doc.filing.kind == 'payment_order' %}为此，申请人申请撤回支付令申请。"
        "{% else %}为此，依照《中华人民共和国民事诉讼法》第一百四十八条的规定，申请撤回起诉。{% endif %}")
    _closing(b, "申请人", [])
    return b


def enforcement() -> Builder:
    """强制执行申请书 on an effective 支付令, judgment or mediation statement left unpaid (民事诉讼法
    第247条 申请执行, 第250条 two-year period, 第264条 迟延履行期间的债务利息; court: 第235条)."""
    b = Builder("强制执行申请书")
    b.title_("强制执行申请书")
    party_2016(b, "申请执行人", "doc.creditor")
    b.ctl("{%p if case.lawyer %}")
    b.flush("委托代理人：{{ case.lawyer.lawyer_name }}，{{ case.lawyer.firm_name }}律师，联系电话：{{ case.lawyer.firm_phone }}。")
    b.ctl("{%p endif %}")
    b.ctl("{%p for p in doc.debtors %}")
    party_2016(b, "被执行人", "p")
    b.ctl("{%p endfor %}")
    b.p("执行依据：{{ doc.filing.court }}{{ doc.filing.case_no }}"
        "{{ doc.filing.decision_title }}{% if doc.filing.decided_on %}（{{ doc.filing.decided_on|cndate }}作出{% if doc.filing.effective_on %}，"
        "{{ doc.filing.effective_on|cndate }}发生法律效力{% endif %}）{% endif %}。")
    b.flush("**请求事项：**")
    b.p("一、请求强制执行被执行人{{ doc.debtor_names }}履行上述{{ doc.filing.decision_title }}确定的给付义务："
        "{% if doc.filing.amount_awarded %}给付申请执行人{{ doc.filing.amount_awarded|money }}元"
        "{% if doc.filing.paid_since_total %}（扣除被执行人已支付的{{ doc.filing.paid_since_total|money }}元，尚余"
        "{{ (doc.filing.amount_awarded - doc.filing.paid_since_total)|money }}元）{% endif %}"
        "{% else %}给付申请执行人该法律文书确定的款项{% endif %}（以该法律文书确定的金额、利息及计算方式为准）；")
    b.p("二、被执行人加倍支付迟延履行期间的债务利息（《中华人民共和国民事诉讼法》第二百六十四条）；")
    b.p("三、本案执行费用由被执行人负担。")
    b.flush("**事实和理由：**")
    b.p("申请执行人与被执行人{{ claim.cause }}一案，{{ doc.filing.court }}"
        "{% if doc.filing.decided_on %}于{{ doc.filing.decided_on|cndate }}{% endif %}作出"
        "{{ doc.filing.case_no }}{{ doc.filing.decision_title }}"
        "{% if doc.filing.effective_on %}，已于{{ doc.filing.effective_on|cndate }}发生法律效力{% endif %}。"
        "{% if doc.filing.paid_since %}此后，被执行人" + _PAID_SINCE + "，仍未履行完毕。"
        "{% else %}被执行人至今未履行该法律文书确定的义务。{% endif %}")
    b.p("依照《中华人民共和国民事诉讼法》第二百三十五条、第二百四十七条、第二百五十条的规定，特向贵院申请强制执行。")
    b.p("被执行人财产线索：（申请执行人掌握的银行账户、不动产、车辆、股权等，可另附页列明）")
    _closing(b, "申请执行人", ["生效法律文书副本1份{% if doc.filing.kind == 'payment_order' %}{% else %}及生效证明{% endif %}；",
                          "申请执行人身份证明1份。"])
    return b


BUILDERS = {
    "01_催款函.docx": demand_letter,
    "02_律师函.docx": lawyer_letter,
    "03_分期还款协议.docx": instalment_agreement,
    "04_支付令申请书.docx": payment_order,
    "04_民事起诉状.docx": complaint,
    "04_利息计算明细.docx": interest_statement,
    "02_履行保证责任通知书.docx": guarantee_notice,
    "07_变更诉讼请求申请书.docx": amend_claim,
    "07_撤诉申请书.docx": withdrawal,
    "07_强制执行申请书.docx": enforcement,
}


def write_templates(builders: dict, out: Path) -> None:
    """Build and save every template of ``builders`` into ``out`` (shared by the other scripts)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, make in builders.items():
        make().save(out / name)
        print(f"写入 {out / name}")


def main(argv: list[str]) -> int:
    write_templates(BUILDERS, Path(argv[1]) if len(argv) > 1 else ROOT / "templates" / "zh")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
