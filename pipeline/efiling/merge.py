"""One LibreOffice load for all of a case's forms, and the PDF split back into one file a form.

LibreOffice spends about 30 ms loading and laying out any document, however short; the forms of
a case (法定代表人身份证明书, 授权委托书, 律师事务所函, 送达地址确认书, 财产保全申请书) are one or
two pages each, so four of them cost ~230 ms converted one by one and ~100 ms as one document
(issue 18). :func:`merge_forms` joins them into one .docx that lays out exactly like the separate
files, and :func:`split_pdf` cuts LibreOffice's PDF of it back into one PDF a form:

- each form becomes a section of its own (its page size, margins and footer; a new page; page
  numbers restarting at 1), marked by a bookmark that LibreOffice exports as a named destination
  (``ExportBookmarksToPDFDestination``), which tells the split where each form begins;
- a style another form defines differently (the dense forms set 28 pt lines where the others set
  exact 26 pt) is renamed in that form, and so is every style based on it, so no form's text is
  laid out with another form's style sheet; paragraphs without a style get their form's default
  style by name.

Anything this merge does not know to be safe returns ``None`` and the forms are converted one by
one as before: parts other than styles, headers and footers that differ between the forms
(settings, numbering, theme, fonts), images or other relationships, bookmarks, footnotes and
comments, fields that count pages (NUMPAGES/SECTIONPAGES would count the merged document), a
differing default character or table style. A form that ends with a table can only be the last
section (its section break would need a paragraph of its own, which could add a page), so at most
one such form joins the merge; the others stay separate. Firm templates that fall outside these
rules simply keep the one-by-one conversion.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from lxml import etree

__all__ = ["Merged", "merge_forms", "split_pdf", "PDF_FILTER"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


#: the export options the merged document needs (the helper passes them as FilterData)
PDF_FILTER = {"ExportBookmarksToPDFDestination": True}

_MARK = "cuishouform"  # letters and digits only: LibreOffice escapes others in destination names
_DOC = "word/document.xml"
_STYLES = "word/styles.xml"
_RELS = "word/_rels/document.xml.rels"
_OWN = {_DOC, _STYLES, _RELS, "docProps/core.xml", "docProps/app.xml", "[Content_Types].xml"}
_ALLOWED_RELS = {"styles", "settings", "webSettings", "fontTable", "theme", "numbering", "customXml", "footer", "header"}
_HDR_FTR = {"footer", "header"}
_REFS = (_w("pStyle"), _w("rStyle"), _w("tblStyle"))
_STYLE_LINKS = (_w("basedOn"), _w("next"), _w("link"))
_UNSAFE = (_w("bookmarkStart"), _w("footnoteReference"), _w("endnoteReference"), _w("commentReference"),
           _w("drawing"), _w("pict"), _w("object"), _w("altChunk"), _w("subDoc"))
_PAGE_COUNTING = ("NUMPAGES", "SECTIONPAGES")
_VAL = _w("val")


@dataclass(frozen=True)
class Merged:
    """A merged document: its bytes and which input forms it holds, in page order."""

    data: bytes
    order: tuple[int, ...]  # indices into the forms given to merge_forms
    info: tuple[dict[str, str], ...]  # per form in ``order``: the PDF document info LibreOffice
    # would have written from the form's own core properties (/Title, /Author, /Subject, /Keywords)

    @property
    def marks(self) -> tuple[str, ...]:
        return tuple(f"{_MARK}{i}" for i in self.order)


class _Unsafe(Exception):
    pass


@dataclass
class _Form:
    zip: zipfile.ZipFile
    sums: dict[str, tuple[int, int]]  # part → (CRC-32, size): shared parts are compared without reading them
    doc: etree._Element
    styles: bytes
    rels: dict[str, tuple[str, str]]  # rId → (type, target)
    ends_with_table: bool
    hf_refs: frozenset[tuple[str, str]]  # (header/footer, type) the section refers to

    def part(self, name: str) -> bytes:
        return self.zip.read(name)


def _read(data: bytes) -> _Form:
    z = zipfile.ZipFile(io.BytesIO(data))
    sums = {i.filename: (i.CRC, i.file_size) for i in z.infolist()}
    if _DOC not in sums or _STYLES not in sums or _RELS not in sums:
        raise _Unsafe("not a plain Word document")
    if any(n.startswith("word/_rels/") and n != _RELS for n in sums):
        raise _Unsafe("a header or footer with relationships of its own")
    rels = {}
    for rel in etree.fromstring(z.read(_RELS)):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind not in _ALLOWED_RELS or rel.get("TargetMode") == "External":
            raise _Unsafe(f"relationship {kind}")
        if kind in _HDR_FTR and rel.get("Target", "").startswith("/"):
            raise _Unsafe("a header or footer addressed from the package root")
        rels[rel.get("Id")] = (kind, rel.get("Target"))
    doc_bytes = z.read(_DOC)
    texts = [doc_bytes] + [z.read("word/" + t) for k, t in rels.values() if k in _HDR_FTR and "word/" + t in sums]
    if any(f.encode() in t for t in texts for f in _PAGE_COUNTING):
        raise _Unsafe("a field that counts pages")
    doc = etree.fromstring(doc_bytes)
    if next(doc.iter(*_UNSAFE), None) is not None:
        raise _Unsafe("bookmarks, notes, comments or pictures")
    body = doc.find(_w("body"))
    if body is None or len(body) < 2 or body[-1].tag != _w("sectPr"):
        raise _Unsafe("no body section")
    if next(body[-1].iter(_w("pgNumType")), None) is not None:
        raise _Unsafe("own page numbering")
    if sum(1 for _ in doc.iter(_w("sectPr"))) > 1:
        raise _Unsafe("sections of its own")  # their header/footer references would point elsewhere
    last = body[-2].tag
    if last not in (_w("p"), _w("tbl")):
        raise _Unsafe("ends with something other than a paragraph or table")
    refs = frozenset((el.tag, el.get(_w("type"), "default")) for el in body[-1]
                     if el.tag in (_w("headerReference"), _w("footerReference")))
    return _Form(z, sums, doc, z.read(_STYLES), rels, last == _w("tbl"), refs)


_CORE = {"/Title": "{http://purl.org/dc/elements/1.1/}title", "/Author": "{http://purl.org/dc/elements/1.1/}creator",
         "/Subject": "{http://purl.org/dc/elements/1.1/}subject",
         "/Keywords": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"}


def _info(form: _Form) -> dict[str, str]:
    if "docProps/core.xml" not in form.sums:
        return {}
    root = etree.fromstring(form.part("docProps/core.xml"))
    out = {}
    for key, tag in _CORE.items():
        el = root.find(tag)
        if el is not None and (el.text or "").strip():
            out[key] = el.text
    return out


def _style_map(styles: etree._Element) -> dict[str, etree._Element]:
    return {s.get(_w("styleId")): s for s in styles.iter(_w("style"))}


def _frame(styles: etree._Element) -> bytes:
    """styles.xml without its styles: docDefaults and latentStyles, which must agree."""
    copy = etree.fromstring(etree.tostring(styles))
    for s in list(copy.iter(_w("style"))):
        s.getparent().remove(s)
    return etree.tostring(copy, method="c14n")


def _defaults(styles: dict[str, etree._Element]) -> dict[str, str]:
    return {s.get(_w("type")): sid for sid, s in styles.items() if s.get(_w("default")) in ("1", "true", "on")}


def _renames(base: dict[str, etree._Element], form: dict[str, etree._Element], suffix: str) -> dict[str, str]:
    """Styles of ``form`` to rename: defined unlike ``base``, or based on (linked to) one that is."""
    differ = {sid for sid, s in form.items() if sid in base and etree.tostring(s, method="c14n") != etree.tostring(base[sid], method="c14n")}
    grew = True
    while grew:
        grew = False
        for sid, s in form.items():
            if sid in differ:
                continue
            for link in s.iter(_w("basedOn"), _w("link")):
                if link.get(_VAL) in differ:
                    differ.add(sid)
                    grew = True
                    break
    return {sid: f"{sid}{suffix}" for sid in sorted(differ)}


@dataclass(frozen=True)
class _Plan:
    """How one form's style sheet joins the base form's (see :func:`_style_plan`)."""

    renames: dict[str, str]
    default_para: str | None  # the form's default paragraph style, renamed (unstyled paragraphs get it)
    added: tuple[tuple[str, bytes], ...]  # styles the merged sheet gains: (styleId, XML)


@lru_cache(maxsize=64)
def _style_plan(base: bytes, form: bytes, numbering: bytes, index: int) -> _Plan:
    """The styles of form ``index`` against the base form's (both styles.xml). Pure and cached: a
    batch renders every case from the same templates, so this runs once per template pair."""
    base_root, form_root = etree.fromstring(base), etree.fromstring(form)
    if _frame(form_root) != _frame(base_root):
        raise _Unsafe("document defaults differ")
    base_styles, styles = _style_map(base_root), _style_map(form_root)
    renames = _renames(base_styles, styles, f"-cuishou{index}")
    base_defaults, defaults = _defaults(base_styles), _defaults(styles)
    for kind, sid in defaults.items():
        if kind != "paragraph" and (sid in renames or base_defaults.get(kind) != sid):
            raise _Unsafe("default character, table or numbering style differs")
    if base_defaults.get("paragraph") != defaults.get("paragraph"):
        raise _Unsafe("different default paragraph style")
    if renames and numbering:
        refs = etree.fromstring(numbering).iter(_w("pStyle"), _w("numStyleLink"), _w("styleLink"))
        if any(el.get(_VAL) in renames for el in refs):
            raise _Unsafe("numbering refers to a renamed style")
    added = []
    for sid, s in styles.items():
        if sid in renames:
            s = etree.fromstring(etree.tostring(s))
            s.set(_w("styleId"), renames[sid])
            name = s.find(_w("name"))
            if name is not None:
                name.set(_VAL, renames[sid])
            if _w("default") in s.attrib:
                del s.attrib[_w("default")]
            for link in s.iter(*_STYLE_LINKS):
                if link.get(_VAL) in renames:
                    link.set(_VAL, renames[link.get(_VAL)])
            added.append((renames[sid], etree.tostring(s)))
        elif sid not in base_styles:
            added.append((sid, etree.tostring(s)))
    return _Plan(renames, renames.get(defaults.get("paragraph", "")), tuple(added))


def _restyle(root: etree._Element, renames: dict[str, str], default_para: str | None) -> None:
    """Point ``root``'s style references at the renamed styles; give unstyled paragraphs their
    form's default paragraph style by name when that was renamed."""
    if renames:
        for el in root.iter(*_REFS):
            new = renames.get(el.get(_VAL))
            if new:
                el.set(_VAL, new)
    if default_para is None:
        return
    for p in root.iter(_w("p")):
        ppr = p.find(_w("pPr"))
        if ppr is None:
            ppr = etree.Element(_w("pPr"))
            p.insert(0, ppr)
        if ppr.find(_w("pStyle")) is None:
            ps = etree.Element(_w("pStyle"))
            ps.set(_VAL, default_para)
            ppr.insert(0, ps)


def _first_paragraph(body: etree._Element) -> etree._Element:
    p = next(body.iter(_w("p")), None)
    if p is None:
        raise _Unsafe("no paragraph")
    return p


def _mark(p: etree._Element, name: str, ident: int) -> None:
    """A zero-width bookmark at the start of ``p`` (after its properties)."""
    start = etree.Element(_w("bookmarkStart"))
    start.set(_w("id"), str(ident))
    start.set(_w("name"), name)
    end = etree.Element(_w("bookmarkEnd"))
    end.set(_w("id"), str(ident))
    at = 1 if len(p) and p[0].tag == _w("pPr") else 0
    p.insert(at, end)
    p.insert(at, start)


_AFTER_PGNUMTYPE = frozenset(_w(t) for t in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
                                             "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"))


def _restart_numbering(sect: etree._Element) -> None:
    """Page numbers of the section start at 1, as in the form's own file (CT_SectPr order: after
    pgBorders/lnNumType, before cols)."""
    num = etree.Element(_w("pgNumType"))
    num.set(_w("start"), "1")
    for i, child in enumerate(sect):
        if child.tag in _AFTER_PGNUMTYPE:
            sect.insert(i, num)
            return
    sect.append(num)


def merge_forms(forms: list[bytes]) -> Merged | None:
    """One .docx holding ``forms`` (rendered .docx bytes) as sections, or ``None`` when fewer than
    two of them can be merged safely (see the module docstring). Forms not in ``Merged.order`` are
    to be converted on their own."""
    if len(forms) < 2:
        return None
    try:
        read = [_read(f) for f in forms]
    except (_Unsafe, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        return None
    # a form ending with a table can only be the last section: at most one joins
    tables = [i for i, f in enumerate(read) if f.ends_with_table]
    order = [i for i, f in enumerate(read) if not f.ends_with_table] + tables[:1]
    if len(order) < 2:
        return None
    try:
        return Merged(_merge([read[i] for i in order], order), tuple(order), tuple(_info(read[i]) for i in order))
    except (_Unsafe, etree.XMLSyntaxError, KeyError):
        return None


def _merge(forms: list[_Form], order: list[int]) -> bytes:
    base = forms[0]
    shared = {n for n in base.sums if n not in _OWN and not n.startswith("customXml/")}
    hdr_ftr = {"word/" + t for k, t in base.rels.values() if k in _HDR_FTR}
    numbering = base.part("word/numbering.xml") if "word/numbering.xml" in base.sums else b""
    added: dict[str, bytes] = {}
    rels_root = etree.fromstring(base.part(_RELS))
    ct_root = etree.fromstring(base.part("[Content_Types].xml"))
    extra_parts: dict[str, bytes] = {}
    body = base.doc.find(_w("body"))
    sections: list[list[etree._Element]] = []

    for n, (form, index) in enumerate(zip(forms, order)):
        fbody = form.doc.find(_w("body"))
        if n:
            own_hf = {"word/" + t for k, t in form.rels.values() if k in _HDR_FTR}
            names = {p for p in form.sums if p not in _OWN and not p.startswith("customXml/")}
            if names - own_hf != shared - hdr_ftr or any(form.sums[p] != base.sums[p] for p in shared - hdr_ftr):
                raise _Unsafe("settings, numbering, theme or fonts differ")
            if form.hf_refs != base.hf_refs:
                # a section without a header/footer of some type inherits the previous section's
                raise _Unsafe("headers or footers of other types")
            plan = _style_plan(base.styles, form.styles, numbering, index)
            for sid, xml in plan.added:
                if added.setdefault(sid, xml) != xml:
                    raise _Unsafe("two forms add one style differently")
            _restyle(fbody, plan.renames, plan.default_para)
            # headers and footers: this form's own, restyled, as parts of their own
            sect = fbody[-1]
            for ref in sect:
                if ref.tag not in (_w("headerReference"), _w("footerReference")):
                    continue
                rid = ref.get(f"{{{_R}}}id")
                kind, target = form.rels[rid]
                part = etree.fromstring(form.part("word/" + target))
                _restyle(part, plan.renames, plan.default_para)
                new_target = f"cuishou{index}_{target}"
                new_rid = f"rIdCuishou{index}{rid}"
                extra_parts["word/" + new_target] = etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True)
                rel = etree.SubElement(rels_root, f"{{{_PKG_REL}}}Relationship")
                rel.set("Id", new_rid)
                rel.set("Type", _REL_TYPE + kind)
                rel.set("Target", new_target)
                over = etree.SubElement(ct_root, f"{{{_CT}}}Override")
                over.set("PartName", "/word/" + new_target)
                over.set("ContentType", f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml")
                ref.set(f"{{{_R}}}id", new_rid)
        _mark(_first_paragraph(fbody), f"{_MARK}{index}", 900000 + index)
        sections.append(list(fbody))

    # the body: every form's content; each form's closing section properties go into its last
    # paragraph (a section break there), the last form's stay at the end of the body
    for child in list(body):
        body.remove(child)
    for n, children in enumerate(sections):
        sect = children[-1]
        _restart_numbering(sect)
        content = children[:-1]
        body.extend(content)
        if n == len(sections) - 1:
            body.append(sect)
            continue
        last = content[-1]
        if last.tag != _w("p"):
            raise _Unsafe("a section that does not end with a paragraph")
        ppr = last.find(_w("pPr"))
        if ppr is None:
            ppr = etree.Element(_w("pPr"))
            last.insert(0, ppr)
        change = ppr.find(_w("pPrChange"))
        if change is not None:
            change.addprevious(sect)
        else:
            ppr.append(sect)

    styles_root = etree.fromstring(base.styles)
    styles_root.extend(etree.fromstring(xml) for xml in added.values())

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:  # read once by LibreOffice: no need to compress
        own = {
            "[Content_Types].xml": etree.tostring(ct_root, xml_declaration=True, encoding="UTF-8", standalone=True),
            _DOC: etree.tostring(base.doc, xml_declaration=True, encoding="UTF-8", standalone=True),
            _STYLES: etree.tostring(styles_root, xml_declaration=True, encoding="UTF-8", standalone=True),
            _RELS: etree.tostring(rels_root, xml_declaration=True, encoding="UTF-8", standalone=True),
        }
        z.writestr("[Content_Types].xml", own["[Content_Types].xml"])
        for name in base.sums:
            if name != "[Content_Types].xml":
                z.writestr(name, own[name] if name in own else base.part(name))
        for name, data in extra_parts.items():
            z.writestr(name, data)
    return out.getvalue()


def split_pdf(merged_pdf: Path, merged: Merged, save: "Callable[[int, Any], None]") -> bool:
    """Cut LibreOffice's PDF of ``merged`` into one PDF a form at the named destinations of its
    marks: ``save(form_index, pikepdf.Pdf)`` for each form in page order (the caller normalises and
    writes it). False, before any ``save``, when a mark is missing or out of order: the caller then
    converts the forms one by one."""
    import pikepdf

    with pikepdf.open(merged_pdf) as pdf:
        dests = _named_destinations(pdf)
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        starts = []
        for m in merged.marks:
            dest = dests.get(m)
            if not isinstance(dest, pikepdf.Array) or len(dest) == 0 or not isinstance(dest[0], pikepdf.Dictionary):
                return False
            start = pages.get(dest[0].objgen)
            if start is None:
                return False
            starts.append(start)
        if starts[0] != 0 or any(b <= a for a, b in zip(starts, starts[1:])):
            return False
        ends = starts[1:] + [len(pdf.pages)]
        producer = {k: v for k, v in pdf.docinfo.items() if k in ("/Creator", "/Producer")}
        keep = {k: pdf.Root[k] for k in ("/Lang", "/ViewerPreferences", "/PageMode", "/MarkInfo") if k in pdf.Root}
        if keep.get("/PageMode") == pikepdf.Name.UseOutlines:  # the parts carry no outline
            del keep["/PageMode"]
        for index, info, a, b in zip(merged.order, merged.info, starts, ends):
            with pikepdf.new() as part:
                part.pages.extend(pdf.pages[a:b])
                for k, v in producer.items():
                    part.docinfo[k] = v
                for k, v in info.items():  # what LibreOffice writes from the form's own properties
                    part.docinfo[k] = pikepdf.String(v)
                for k, v in keep.items():
                    if isinstance(v, (pikepdf.Dictionary, pikepdf.Array)):
                        v = part.copy_foreign(v if v.is_indirect else pdf.make_indirect(v))
                    part.Root[k] = v
                if "/OpenAction" in pdf.Root:
                    part.Root.OpenAction = pikepdf.Array([part.pages[0].obj, pikepdf.Name.XYZ, None, None, 0])
                # LibreOffice gives all pages one resource dictionary: without this every form
                # would carry the fonts of all the others
                part.remove_unreferenced_resources()
                save(index, part)
    return True


def _named_destinations(pdf) -> dict[str, object]:  # type: ignore[no-untyped-def]
    import pikepdf

    out: dict[str, object] = {}
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        for k, v in pikepdf.NameTree(names.Dests).items():
            out[str(k)] = v.get("/D") if isinstance(v, pikepdf.Dictionary) else v
    old = pdf.Root.get("/Dests")
    if isinstance(old, pikepdf.Dictionary):
        for k, v in old.items():
            out[str(k).lstrip("/")] = v.get("/D") if isinstance(v, pikepdf.Dictionary) else v
    return out
