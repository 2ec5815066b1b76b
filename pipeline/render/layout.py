"""Layout rules applied to every rendered document, built-in or a firm's own template.

The Word drafts are signed and filed as they print, so pagination matters as much as wording.
The template builder (tools/make_templates.py) sets these rules in the built-in templates'
styles; this pass enforces them again on the rendered XML so that they hold for every
document, including a firm's templates and rows or paragraphs produced by loops:

1. **Signature blocks travel with the body.** The closing block at the end of a document
   (此致, the court, 附件, the signature lines with （签字）/（盖章）, the date) is chained with
   keep-with-next to the last paragraph of the body before it (kept whole, ``keepLines``), or,
   when the body ends with a table, to that table's last row: no page ever holds a signature
   block alone (LibreOffice and Word both honour ``w:keepNext`` on the last row's paragraphs).
2. **Table rows never split** (``w:cantSplit`` on every row; header rows keep ``w:tblHeader``).
3. **Headings stay with their text**: heading styles, short bold lines, "一、…", "第一条…", and
   every paragraph ending with a colon (it introduces what follows: a table, an account) get
   ``w:keepNext``.
4. **Tokens do not wrap inside**: a hyphen between letters or digits (contract numbers
   MSJK-2025-017, phone numbers 010-85990123) becomes ``w:noBreakHyphen`` (Word's own
   non-breaking hyphen; python-docx and :func:`pipeline.render.docx_paragraphs` read it as "-").
5. **No stretched lines**: justified paragraphs that hold a long unbreakable Latin token
   (an e-mail, an ID number), numbered item lines ("1. 借款本金人民币…") and short label lines are
   set flush left, because justification would spread the characters before the token
   ("借 款 本 金 人 民 币").
6. **Tick boxes in one font**: ☑ ☐ □ ☒ are set in :data:`SYMBOL_FONT` (GNU FreeSerif, a serif
   font that has all four; fonts-freefont-ttf), since the CJK fonts have no ☑ and LibreOffice's
   fallback would pick DejaVu Sans. (A Windows name such as Segoe UI Symbol does not work:
   LibreOffice's own substitution table for it wins over fontconfig and picks DejaVu.) Word on a
   machine without FreeSerif falls back to its own symbol font.

The pass is pure (lxml tree in, same tree changed), deterministic, and idempotent.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

__all__ = ["SYMBOL_FONT", "BOX_CHARS", "apply_layout", "apply_text_rules", "signature_tail"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: The font of tick boxes (see rule 6).
SYMBOL_FONT = "FreeSerif"
BOX_CHARS = "☑☐□☒"
_BOX_RE = re.compile(f"([{BOX_CHARS}]+)")

# Paragraph styles (style ids) of the house style.
HEADING_STYLES = frozenset({"文书标题", "副标题", "一级标题", "二级标题", "Heading1", "Heading2", "Heading3", "Title", "Subtitle"})
SIGN_STYLES = frozenset({"落款", "签署"})
_JUSTIFIED_STYLES = frozenset({"正文", "Normal", "BodyText", ""})

SIGN_RE = re.compile(r"签名|签字|盖章|签章|（章）|（公章）|\(盖章\)")
DATE_RE = re.compile(
    r"^(日期|提交日期|签署日期)?[：:]?\s*(\d{4}|[_＿　 ]+|[〇零一二三四五六七八九]{4})\s*年.{0,6}月.{0,6}日\s*$"
)
_CLOSING_RE = re.compile(
    r"^(此致|敬礼|特此|（以下无正文）|\(以下无正文\)|附[件：:]|附\s*[：:]|（?本函共|联系人|联系电话|本所地址|承办律师|律师[：:])"
    r"|人民法院$|法院$|执业证号"
)
_NUMBERED_RE = re.compile(r"^\s*(\d+[.．、]|（\d+）|\(\d+\)|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|证据\d+)")
_HEADING_RE = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百零]+条)")
_LONG_TOKEN_RE = re.compile(r"[0-9A-Za-z@._%+=/:,\-\u2011×]{16,}")

_MAX_TAIL = 24  # a closing block longer than this is not one block
_SHORT = 40  # characters: a closing line, a label line


_TEXT_NODES = etree.XPath(".//w:t/text() | .//w:noBreakHyphen", namespaces={"w": W_NS})


def _text(p: etree._Element) -> str:
    """The paragraph's text; a non-breaking hyphen reads as "-" (XPath: one C-level walk)."""
    return "".join(x if isinstance(x, str) else "-" for x in _TEXT_NODES(p))


_PPR, _PSTYLE, _JC, _RPR = _W + "pPr", _W + "pStyle", _W + "jc", _W + "rPr"


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a direct child by its full tag, without ElementPath (twice as fast)."""
    return next(el.iterchildren(tag), None)


def _style(p: etree._Element) -> str:
    ppr = _child(p, _PPR)
    ps = _child(ppr, _PSTYLE) if ppr is not None else None
    return ps.get(_W + "val", "") if ps is not None else ""


class _Paras:
    """Each paragraph's stripped text and style, read once per pass.

    The rules change only paragraph properties (keepNext, keepLines, jc) and split runs without
    changing their text, so what one rule read stays true for the next."""

    __slots__ = ("_texts", "_styles")

    def __init__(self) -> None:
        self._texts: dict[etree._Element, str] = {}
        self._styles: dict[etree._Element, str] = {}

    def text(self, p: etree._Element) -> str:
        t = self._texts.get(p)
        if t is None:
            t = self._texts[p] = _text(p).strip()
        return t

    def style(self, p: etree._Element) -> str:
        s = self._styles.get(p)
        if s is None:
            s = self._styles[p] = _style(p)
        return s


_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
# rank of each pPr child by its tag; anything else (another namespace, an unknown name) sorts last
_PPR_RANK = {_W + name: i for i, name in enumerate(_PPR_ORDER)}
_LAST = len(_PPR_ORDER)


def _ppr(p: etree._Element) -> etree._Element:
    ppr = _child(p, _PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    return ppr


def _set_in_order(ppr: etree._Element, tag: str, val: str | None = None) -> None:
    """Set a pPr child in schema order (strict consumers reject out-of-order children)."""
    el = _child(ppr, tag)
    if el is None:
        el = etree.Element(tag)
        rank = _PPR_RANK[tag]
        for child in ppr:
            if _PPR_RANK.get(child.tag, _LAST) > rank:
                child.addprevious(el)
                break
        else:
            ppr.append(el)
    if val is not None:
        el.set(_W + "val", val)


_KEEP_NEXT, _KEEP_LINES = _W + "keepNext", _W + "keepLines"


def _keep_next(p: etree._Element, lines: bool = False) -> None:
    ppr = _ppr(p)
    _set_in_order(ppr, _KEEP_NEXT)
    if lines:
        _set_in_order(ppr, _KEEP_LINES)


def _all_bold(p: etree._Element) -> bool:
    runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    if not runs:
        return False
    for r in runs:
        rpr = _child(r, _RPR)
        b = _child(rpr, _W + "b") if rpr is not None else None
        if b is None or b.get(_W + "val") in ("0", "false"):
            return False
    return True


def _is_heading(p: etree._Element, t: str, paras: _Paras) -> bool:
    """``t``: the paragraph's stripped text."""
    if paras.style(p) in HEADING_STYLES:
        return True
    if not t or len(t) > 30:
        return False
    # the cheap test first: "一、…" lines are common, walking the runs for bold is not free
    return bool(_HEADING_RE.match(t)) and not t.endswith(("。", "；", ";")) or _all_bold(p)


def _closing(p: etree._Element, paras: _Paras) -> bool:
    """A paragraph that belongs to the closing block (signature, date, 此致, court, enclosures)."""
    text = paras.text(p)
    if not text:
        return True
    if paras.style(p) in SIGN_STYLES:
        return True
    if len(text) > 60:
        return False
    if SIGN_RE.search(text) or DATE_RE.match(text) or _CLOSING_RE.search(text):
        return True
    return len(text) <= _SHORT and bool(_NUMBERED_RE.match(text)) and not text.endswith("：")


def _is_addressee(p: etree._Element, paras: _Paras) -> bool:
    t = paras.text(p)
    return p.tag == _W + "p" and 0 < len(t) <= 30 and not t.endswith(("。", "；", "：", ":", ";"))


_BLOCK_TAGS = (_W + "p", _W + "tbl")


def _blocks(body: etree._Element) -> list[etree._Element]:
    """The body's top-level paragraphs and tables, in order."""
    return [el for el in body if el.tag in _BLOCK_TAGS]


def signature_tail(body: etree._Element) -> tuple[int, int] | None:
    """(start, end) indices into the body's block children of the closing block, or None.

    The block is the run of closing paragraphs at the end of the document; it must hold a
    signature line or a date line to count.
    """
    return _tail_span(_blocks(body), _Paras())


def _tail_span(blocks: list[etree._Element], paras: _Paras) -> tuple[int, int] | None:
    end = len(blocks)
    start = end

    def is_p(i: int) -> bool:
        return i >= 0 and blocks[i].tag == _W + "p"

    while end - start < _MAX_TAIL:
        if is_p(start - 1) and _closing(blocks[start - 1], paras):
            start -= 1
        elif is_p(start - 2) and _is_addressee(blocks[start - 1], paras) and paras.text(blocks[start - 2]).startswith("此致"):
            start -= 2  # 此致 / 吴某某: the addressee line after 此致 belongs to the closing
        else:
            break
    # leading empty paragraphs belong to the body side (nothing to keep)
    texts = [paras.text(p) for p in blocks[start:end]]
    if not any(SIGN_RE.search(t) or DATE_RE.match(t) for t in texts):
        return None
    return start, end


def _keep_tail(blocks: list[etree._Element], paras: _Paras) -> None:
    span = _tail_span(blocks, paras)
    if span is None:
        return
    start, end = span
    for p in blocks[start : end - 1]:
        _keep_next(p, lines=True)
    _keep_lines_only(blocks[end - 1])
    # the anchor: the last body element before the block (skipping empty paragraphs)
    i = start - 1
    while i >= 0 and blocks[i].tag == _W + "p" and not paras.text(blocks[i]):
        _keep_next(blocks[i])
        i -= 1
    if i < 0:
        return
    anchor = blocks[i]
    if anchor.tag == _W + "p":
        _keep_next(anchor, lines=True)
    else:
        rows = anchor.findall(_W + "tr")
        if rows:
            for p in rows[-1].iter(_W + "p"):
                _keep_next(p)


def _keep_lines_only(p: etree._Element) -> None:
    _set_in_order(_ppr(p), _KEEP_LINES)


def _rows(root: etree._Element) -> None:
    for tr in root.iter(_W + "tr"):
        trpr = _child(tr, _W + "trPr")
        if trpr is None:
            trpr = etree.Element(_W + "trPr")
            # trPr follows tblPrEx (if any) and precedes the cells
            prex = _child(tr, _W + "tblPrEx")
            if prex is not None:
                prex.addnext(trpr)
            else:
                tr.insert(0, trpr)
        if _child(trpr, _W + "cantSplit") is None:
            el = etree.Element(_W + "cantSplit")
            # CT_TrPr is a choice group, any order is valid; keep cantSplit first for readability
            trpr.insert(0, el)


def _headings(blocks: list[etree._Element], paras: _Paras) -> None:
    for el in blocks[:-1]:
        if el.tag != _W + "p":
            continue
        text = paras.text(el)
        if _is_heading(el, text, paras) or text.endswith(("：", ":")):
            _keep_next(el)


def _alignment(root: etree._Element, paras: _Paras) -> None:
    for p in root.iter(_W + "p"):
        ppr = _child(p, _PPR)
        jc_el = _child(ppr, _JC) if ppr is not None else None
        jc = jc_el.get(_W + "val") if jc_el is not None else None
        if jc is None:
            if paras.style(p) not in _JUSTIFIED_STYLES:
                continue
        elif jc not in ("both", "distribute"):
            continue
        text = paras.text(p)
        if not text:
            continue
        if _LONG_TOKEN_RE.search(text) or _NUMBERED_RE.match(text) or len(text) <= _SHORT:
            _set_in_order(ppr if ppr is not None else _ppr(p), _JC, "left")


def _symbol_rpr(rpr: etree._Element | None) -> etree._Element:
    new = copy.deepcopy(rpr) if rpr is not None else etree.Element(_W + "rPr")
    for old in new.findall(_W + "rFonts"):
        new.remove(old)
    fonts = etree.Element(_W + "rFonts")
    for k in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_W + k, SYMBOL_FONT)
    rstyle = new.find(_W + "rStyle")
    if rstyle is not None:
        rstyle.addnext(fonts)
    else:
        new.insert(0, fonts)
    return new


def _t(text: str) -> etree._Element:
    t = etree.Element(_W + "t")
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")
    return t


_TOKEN_RE = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+")


def _split_text(text: str) -> list[tuple[str, str]]:
    """[(kind, text)]: "t" plain text, "tok" a hyphenated Latin token, "box" tick boxes."""
    out: list[tuple[str, str]] = []
    for part in _BOX_RE.split(text):
        if not part:
            continue
        if _BOX_RE.fullmatch(part):
            out.append(("box", part))
            continue
        pos = 0
        for m in _TOKEN_RE.finditer(part):
            if m.start() > pos:
                out.append(("t", part[pos : m.start()]))
            out.append(("tok", m.group()))
            pos = m.end()
        if pos < len(part):
            out.append(("t", part[pos:]))
    return out


def _token_children(token: str) -> list[etree._Element]:
    out: list[etree._Element] = []
    for i, piece in enumerate(token.split("-")):
        if i:
            out.append(etree.Element(_W + "noBreakHyphen"))
        if piece:
            out.append(_t(piece))
    return out


def _fix_run(r: etree._Element) -> None:
    """Split the run so that tick boxes get the symbol font and each hyphenated token is a run of
    its own with non-breaking hyphens (LibreOffice breaks Latin text that shares a run with CJK
    text between any two characters; a run of its own breaks only at its ends)."""
    if not any(c.tag == _W + "t" and c.text and (_BOX_RE.search(c.text) or _TOKEN_RE.search(c.text)) for c in r):
        return
    rpr = _child(r, _RPR)
    groups: list[tuple[str, list[etree._Element]]] = []  # (kind, children): t | tok | box

    def add(kind: str, els: list[etree._Element]) -> None:
        if kind == "t" and groups and groups[-1][0] == "t":
            groups[-1][1].extend(els)
        else:
            groups.append((kind, els))

    for child in list(r):
        if child.tag == _W + "rPr":
            continue
        if child.tag == _W + "t" and child.text:
            for kind, s in _split_text(child.text):
                add(kind, _token_children(s) if kind == "tok" else [_t(s)])
        else:
            add("t", [child])
    parent = r.getparent()
    anchor = r
    attrib = dict(r.attrib)
    sym: etree._Element | None = None  # the tick-box rPr, built once per run
    for kind, children in groups:
        nr = etree.Element(_W + "r", attrib)
        if kind == "box":
            if sym is None:
                sym = _symbol_rpr(rpr)
            nr.append(copy.deepcopy(sym))
        elif rpr is not None:
            nr.append(copy.deepcopy(rpr))
        for c in children:
            nr.append(c)
        anchor.addnext(nr)
        anchor = nr
    parent.remove(r)


_TRIGGER_RE = re.compile(f"[{BOX_CHARS}]|[0-9A-Za-z]-[0-9A-Za-z]")


def apply_text_rules(root: etree._Element) -> None:
    """Rules 4 and 6 (non-breaking hyphens, tick-box font) on any part: body, header, footer."""
    runs: dict[etree._Element, None] = {}
    for t in root.iter(_W + "t"):
        if t.text and _TRIGGER_RE.search(t.text):
            r = t.getparent()
            if r is not None and r.tag == _W + "r":
                runs[r] = None
    for r in runs:
        _fix_run(r)


def apply_layout(body: etree._Element) -> None:
    """Every rule above on a rendered ``<w:body>`` element (changed in place)."""
    apply_text_rules(body)
    _rows(body)
    blocks, paras = _blocks(body), _Paras()
    _headings(blocks, paras)
    _alignment(body, paras)
    _keep_tail(blocks, paras)
