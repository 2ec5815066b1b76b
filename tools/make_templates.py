"""Generate the built-in Word templates in templates/zh/ (docxtpl syntax).

Run: ``.venv/bin/python tools/make_templates.py [OUT_DIR]``. The output is byte-for-byte
reproducible (fixed zip timestamps, fixed core properties), so the committed .docx files
can be checked against this script.

Typography (GB/T 9704-2012 house style, see law-procedure.md §4(g)):
A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 仿宋 三号 (16 pt) with
the East Asian font set on w:rFonts (python-docx's Font.name does not set w:eastAsia);
fixed line spacing 28 pt; title 方正小标宋简体 二号 (22 pt, font table falls back to 黑体);
headings 一、(黑体) （一）(楷体) 1. （1）; tables 小四 (12 pt) with borders and repeating
header rows; footer page number "— 1 —".

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
            if is_header:
                tr_pr = row._tr.get_or_add_trPr()
                _set(tr_pr, "w:cantSplit")
                _set(tr_pr, "w:tblHeader")
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
        buf = BytesIO()
        self.doc.save(buf)
        path.write_bytes(_normalise_zip(buf.getvalue()))


def _normalise_zip(blob: bytes) -> bytes:
    """Fixed timestamps and order; drop python-docx's thumbnail."""
    members = [m for m in _read_members(blob) if m.name != "docProps/thumbnail.jpeg"]
    out: list[_Member] = []
    for m in members:
        if m.name == "_rels/.rels":
            raw = zlib.decompress(m.data, -15) if m.method == zipfile.ZIP_DEFLATED else m.data
            raw = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"[^>]*/>', b"", raw)
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


def evidence_lines(b: Builder) -> None:
    b.ctl("{%p for e in doc.evidence %}")
    b.p("{{ e.label }}：{{ e.title }}（来源：{{ e.source }}；证明目的：{{ e.purpose }}）")
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
    b.p("为保障您的资金安全，请勿向上述账户以外的任何个人或账户付款。")
    b.p("我理解您可能遇到了暂时的困难。如果一次性还款确有困难，欢迎您在上述期限内与{{ doc.self_ref }}联系，说明情况，"
        "双方可以协商分期还款等切实可行的方案。")
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
    b.p("如期限届满后仍未收到还款，也未收到您的答复，{{ doc.self_ref }}将不得不考虑依法通过人民法院解决，"
        "这会增加双方的时间和费用，是{{ doc.self_ref }}不希望看到的。期待您的回复。")
    b.p("此致")
    b.flush("{{ doc.debtor_names }}")
    b.blank()
    b.sign("债权人：{{ doc.creditor.name }}（签名/盖章）")
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
    b.sign("{{ case.lawyer.firm_name }}（盖章）")
    b.sign("律师：{{ case.lawyer.lawyer_name }}（执业证号：{{ case.lawyer.license_no }}）")
    b.sign("{{ doc.date|cndate }}")
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
    b.p("乙方任何一期未按约定足额还款的，上述减免自动失效，甲方有权就第一条确认的全部债务扣除乙方已付款项后的余额主张权利。")
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
    b.ctl("{%p if doc.guarantors %}")
    b.h1("第六条　保证")
    b.p("丙方自愿为乙方在本协议项下的全部债务（包括本金、利息、违约金及实现债权的费用）向甲方提供连带责任保证。"
        "保证期间为本协议约定的最后一期还款日（或依第五条提前到期之日）起三年。丙方确认已知悉本协议全部内容。")
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
    b.flush("（以下无正文）")  # the usual mark when the signatures fall on the next page
    b.keep("")
    b.keep("甲方（签名/盖章）：　　　　　　　　　日期：")
    b.ctl("{%p for p in doc.debtors %}")
    b.keep("乙方（签名/盖章）：　　　　　　　　　日期：")
    b.ctl("{%p endfor %}")
    b.ctl("{%p for g in doc.guarantors %}")
    b.keep("丙方（签名/盖章）：　　　　　　　　　日期：")
    b.ctl("{%p endfor %}")
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 04 支付令申请书 (2016 样式)


def payment_order() -> Builder:
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
    b.p("一、请求人民法院向被申请人{{ doc.debtor_names }}发出支付令，督促被申请人向申请人给付下列款项（{{ doc.cutoff_text }}）：")
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
    b.sign("{{ doc.date|cndate }}")
    return b


# ---------------------------------------------------------------- 04 民事起诉状 (要素式, 法〔2025〕82号)

W2 = [44, 112]


def _party_rows(role: str, var: str) -> list[list[str]]:
    return [
        [f"{{%tr if {var}.is_person %}}"],
        [f"**{role}（自然人）**"],
        ["姓名", f"{{{{ {var}.name }}}}"],
        ["性别", f"男{{{{ ({var}.gender == '男')|box }}}}　女{{{{ ({var}.gender == '女')|box }}}}"],
        ["出生日期", f"{{{{ {var}.birth }}}}"],
        ["民族", f"{{{{ {var}.ethnicity }}}}"],
        ["工作单位", f"{{{{ {var}.employer }}}}"],
        ["职务", f"{{{{ {var}.occupation }}}}"],
        ["联系电话", f"{{{{ {var}.phone }}}}"],
        ["住所地（户籍所在地）", f"{{{{ {var}.domicile }}}}"],
        ["经常居住地", f"{{{{ {var}.residence }}}}"],
        ["证件类型", f"{{{{ {var}.id_type }}}}"],
        ["证件号码", f"{{{{ {var}.id_number }}}}"],
        ["{%tr else %}"],
        [f"**{role}（法人、非法人组织）**"],
        ["名称", f"{{{{ {var}.name }}}}"],
        ["住所地（主要办事机构所在地）", f"{{{{ {var}.domicile }}}}"],
        ["注册地/登记地", f"{{{{ {var}.registered }}}}"],
        ["法定代表人/负责人", f"{{{{ {var}.representative }}}}"],
        ["职务", f"{{{{ {var}.representative_title }}}}"],
        ["联系电话", f"{{{{ {var}.phone }}}}"],
        ["统一社会信用代码", f"{{{{ {var}.id_number }}}}"],
        ["类型", f"{{{{ {var}.org_type }}}}"],
        ["所有制性质", f"{{{{ {var}.ownership }}}}"],
        ["{%tr endif %}"],
    ]


def complaint() -> Builder:
    b = Builder("民事起诉状")
    b.title_("民事起诉状")
    b.subtitle("（{{ claim.cause }}）")
    b.p("说明：为了方便您更好地参加诉讼，保护您的合法权利，请填写本表。本表根据《最高人民法院、司法部、中华全国律师协会关于印发部分案件"
        "民事起诉状、答辩状示范文本的通知》（法〔2025〕82号）的要素式示范文本制作。"
        "★特别提示★诉讼参加人应遵守诚信原则如实陈述，虚假诉讼、恶意诉讼、滥用诉权的，将依法承担法律责任。")
    b.h1("当事人信息")
    rows: list[list[str]] = []
    rows += _party_rows("原告", "doc.creditor")
    rows += [
        ["**委托诉讼代理人**"],
        ["有无", "有{{ case.lawyer|box }}　无{{ (not case.lawyer)|box }}"],
        ["{%tr if case.lawyer %}"],
        ["姓名", "{{ case.lawyer.lawyer_name }}"],
        ["单位", "{{ case.lawyer.firm_name }}"],
        ["职务", "律师"],
        ["联系电话", "{{ case.lawyer.lawyer_phone or case.lawyer.firm_phone }}"],
        ["代理权限", "一般授权□　特别授权□"],
        ["{%tr endif %}"],
        ["{%tr for p in doc.defendants %}"],
    ]
    rows += _party_rows("被告", "p")
    rows += [["{%tr endfor %}"]]
    b.table(None, rows, W2)
    b.h1("诉讼请求")
    b.p("（可完整表述诉讼请求；为方便、准确梳理要点，相关内容请在下方要素式表格中填写）")
    b.p("一、判令被告{{ doc.debtor_names }}向原告支付：{% for it in doc.claim_lines %}{{ loop.index }}. {{ it.label }}{{ it.amount|money }}元；{% endfor %}"
        "以上合计{{ claim.totals.total|money }}元（{{ doc.cutoff_text }}）{% if doc.until_paid_text %}，"
        "并{{ doc.until_paid_text }}{% endif %}；"
        "{% if doc.pursued_guarantors %}二、判令被告{{ doc.pursued_guarantor_names }}对上述债务承担{{ doc.guarantee_liability }}；三{% else %}二{% endif %}、本案诉讼费用由被告负担。")
    b.table(None, [
        ["1. 本金", "截至{{ claim.as_of|cndate }}止，尚欠本金{{ claim.totals.principal|money }}元（人民币，下同）"],
        ["{%tr if doc.is_financial %}"],
        ["2. 利息（期内利息、复利、罚息）", "截至{{ claim.as_of|cndate }}止，欠利息{{ (claim.totals.interest + claim.totals.penalty)|money }}元，其中期内利息{{ doc.term_interest|money }}元、复利0.00元、"
         "罚息（违约金）{{ (doc.overdue_interest + claim.totals.penalty)|money }}元；"
         "计算方式：{{ doc.interest_method }}；是否请求支付至实际清偿之日止：是{{ doc.until_paid|box }}　否{{ (not doc.until_paid)|box }}"],
        ["{%tr else %}"],
        ["2. 利息", "截至{{ claim.as_of|cndate }}止，尚欠利息{{ claim.totals.interest|money }}元；计算方式：{{ doc.interest_method }}；"
         "是否请求支付至实际清偿之日止：是{{ doc.until_paid|box }}　否{{ (not doc.until_paid)|box }}"],
        ["{%tr endif %}"],
        ["3. 是否要求提前还款或解除合同", "是{{ doc.accelerated|box }}（提前还款（加速到期）{{ doc.accelerated|box }}／解除合同□）　否{{ (not doc.accelerated)|box }}"],
        ["4. 是否主张担保权利", "是{{ doc.pursued_guarantors|box }}　否{{ (not doc.pursued_guarantors)|box }}"
         "{% if doc.pursued_guarantors %}　内容：{{ doc.pursued_guarantor_names }}对上述债务承担{{ doc.guarantee_liability }}{% endif %}"],
        ["5. 是否主张实现债权的费用", "是{{ doc.costs_claimed|box }}　否{{ (not doc.costs_claimed)|box }}{% if doc.costs_claimed %}　明细：{{ doc.costs_text }}{% endif %}"],
        ["6. 是否主张诉讼费用", "是☑　否□（案件受理费{% if case.procedure.preservation_wanted %}、保全费{% endif %}由被告负担）"],
        ["7. 其他请求", "{% if not doc.is_financial and claim.totals.penalty %}违约金{{ claim.totals.penalty|money }}元；{% endif %}"
         "{% for it in doc.items %}{% if it.kind == 'fee' %}{{ it.label }}{{ it.amount|money }}元；{% endif %}{% endfor %}"
         "{% if not claim.totals.fees and (doc.is_financial or not claim.totals.penalty) %}无{% endif %}"],
        ["8. 标的总额", "{{ claim.totals.total|money }}元（大写：{{ claim.totals.total|words }}）"],
        ["请求依据", "{{ doc.law_basis }}"],
    ], W2)
    b.h1("约定管辖和诉前保全")
    b.table(None, [
        ["1. 有无仲裁、法院管辖约定", "有{{ case.loan.jurisdiction_clause|box }}　无{{ (not case.loan.jurisdiction_clause)|box }}"
         "{% if case.loan.jurisdiction_clause %}　合同条款及内容：{% if case.loan.jurisdiction_clause.clause_ref %}{{ case.loan.jurisdiction_clause.clause_ref }}：{% endif %}{{ case.loan.jurisdiction_clause.text }}{% endif %}"],
        ["2. 是否已经诉前保全", "是{{ case.procedure.pre_action_preservation|box }}　否{{ (not case.procedure.pre_action_preservation)|box }}"],
    ], W2)
    b.h1("事实与理由")
    b.p("（可完整表述事实与理由；为方便、准确梳理要点，相关内容请在下方要素式表格中填写）")
    b.p("{{ doc.loan_sentence }}{{ doc.due_sentence }}"
        "{% for g in doc.guarantors %}{{ g.party.name }}为上述借款提供{{ g.type_label }}{% if g.period_end %}，保证期间至{{ g.period_end|cndate }}{% endif %}。{% endfor %}"
        "截至{{ claim.as_of|cndate }}，被告{{ doc.debtor_names }}尚欠本金{{ claim.totals.principal|money }}元、"
        "利息{{ claim.totals.interest|money }}元{% if claim.totals.penalty %}、违约金{{ claim.totals.penalty|money }}元{% endif %}"
        "{% if claim.totals.fees %}、其他费用{{ claim.totals.fees|money }}元{% endif %}，经原告催告仍未清偿。")
    b.table(None, [
        ["1. 合同签订情况（名称、编号、签订时间、地点等）", "{{ doc.contract }}{% if case.loan.signed_on %}，签订时间：{{ case.loan.signed_on|cndate }}{% endif %}"
         "{% if case.loan.signed_place %}，签订地点：{{ case.loan.signed_place }}{% endif %}"],
        ["2. {% if doc.is_financial %}合同主体{% else %}签订主体{% endif %}", "{% if doc.is_financial %}贷款人{% else %}出借人{% endif %}：{{ doc.creditor.name }}；借款人：{{ doc.debtor_names }}"],
        ["3. 借款金额", "约定：{{ case.loan.face_principal|money }}元；{% if doc.is_financial %}实际发放{% else %}实际提供{% endif %}：{{ doc.disbursed_text }}；"
         "提供方式：现金{{ doc.paid_cash|box }}　转账{{ doc.paid_transfer|box }}　其他{{ doc.paid_other|box }}"],
        ["4. 借款期限", "是否到期：是☑　否□；约定期限：{{ doc.term_text }}"],
        ["5. 借款利率", "{{ doc.rate_text }}"],
        ["6. 借款提供时间", "{% for d in doc.disbursements %}{{ d.date|cndate }}，{{ d.amount|money }}元（{{ d.method }}）{% if not loop.last %}；{% endif %}{% endfor %}"],
        ["7. 还款方式", "{{ doc.repayment_method }}"],
        ["8. 还款情况", "{% if doc.repayments %}{% for r in doc.repayments %}{{ r.date|cndate }}还款{{ r.amount|money }}元{% if not loop.last %}；{% endif %}{% endfor %}"
         "；已还本金{{ doc.repaid_principal|money }}元，已还利息{{ doc.repaid_interest|money }}元（{{ doc.allocation_text }}）{% else %}借款人未还款{% endif %}"],
        ["9. 是否存在逾期还款", "{% if doc.overdue_since %}是☑　否□；逾期时间：{{ doc.overdue_since|cndate }}起，至今已逾期{{ doc.overdue_days }}日{% else %}是□　否☑{% endif %}"],
        ["10. 是否签订物的担保（抵押、质押）合同", "是□　否☑"],
        ["11. 担保人、担保物", "{% if doc.guarantors %}保证人：{% for g in doc.guarantors %}{{ g.party.name }}{% if not loop.last %}、{% endif %}{% endfor %}{% else %}无{% endif %}"],
        ["12. 是否最高额担保（抵押、质押）", "是□　否☑"],
        ["13. 是否办理抵押、质押登记", "是□　否☑"],
        ["{%tr if doc.guarantors %}"],
        ["14. 是否签订保证合同{% if doc.is_financial %}/保函{% endif %}", "是☑　否□；{% for g in doc.guarantors %}保证人：{{ g.party.name }}；"
         "保证方式：一般保证{{ (not g.is_joint)|box }}　连带责任保证{{ g.is_joint|box }}{% if g.period_end %}；保证期间至{{ g.period_end|cndate }}{% endif %}"
         "{% if not loop.last %}；{% endif %}{% endfor %}"],
        ["{%tr else %}"],
        ["14. 是否签订保证合同{% if doc.is_financial %}/保函{% endif %}", "是□　否☑"],
        ["{%tr endif %}"],
        ["15. 其他担保方式", "无"],
        ["16. 其他需要说明的内容", "{% if doc.demands %}{% for d in doc.demands %}{{ d.date|cndate }}，{{ d.action }}{% if not loop.last %}；{% endif %}{% endfor %}。被告至今未清偿。{% else %}无{% endif %}"],
        ["17. {% if doc.is_financial %}请求承担责任的依据{% else %}请求依据{% endif %}", "{{ doc.law_basis }}"],
        ["18. 证据清单（可另附页）", "见下表"],
    ], W2)
    b.h1("证据清单")
    b.table(
        ["序号", "证据名称", "证据来源", "证明目的"],
        [
            ["{%tr for e in doc.evidence %}"],
            ["{{ e.label }}", "{{ e.title }}", "{{ e.source }}", "{{ e.purpose }}"],
            ["{%tr endfor %}"],
        ],
        [20, 44, 36, 56],
    )
    b.h1("对纠纷解决方式的意愿")
    b.table(None, [
        ["是否了解调解作为非诉讼纠纷解决方式", "了解□　不了解□"],
        ["是否了解先行调解的好处", "了解□　不了解□（先行调解快速启动；调解成功且自动履行的免交诉讼费，司法确认的免交诉讼费，出具调解书的减半收取诉讼费；可更换调解员；不公开；经司法确认的调解协议可申请强制执行）"],
        ["是否考虑先行调解", "是□　否□　暂不确定，想要了解更多内容□"],
    ], W2)
    b.blank()
    b.keep("此致")
    b.keep("{{ doc.court }}")
    b.keep("")
    b.sign("具状人（签字、盖章）：{{ doc.creditor.name }}")
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
    b.sign("{{ doc.date|cndate }}")
    return b


BUILDERS = {
    "01_催款函.docx": demand_letter,
    "02_律师函.docx": lawyer_letter,
    "03_分期还款协议.docx": instalment_agreement,
    "04_支付令申请书.docx": payment_order,
    "04_民事起诉状.docx": complaint,
    "04_利息计算明细.docx": interest_statement,
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
