"""The one reportlab document holding everything we draw: index pages, cover sheets and the
per-page stamps. One document means one subset of each font, shared by all pages."""

from __future__ import annotations

import io
from dataclasses import dataclass

from . import cover, fonts, stamp
from .index import PAGE_H, PAGE_W, IndexPage, Line, Text
from .spec import BundleItem


@dataclass(frozen=True)
class CoverPage:
    item: BundleItem
    range_text: str
    page_no: int


def render(
    index_pages: list[IndexPage],
    covers: list[CoverPage],
    total: int,
    title: str,
) -> bytes:
    """PDF bytes: index pages, then cover pages, then the stamp palette page (see stamp.py)."""
    from reportlab.pdfgen import canvas as rl_canvas

    font = fonts.register()
    buf = io.BytesIO()
    c = rl_canvas.Canvas(
        buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
        initialFontName=font, initialFontSize=9,  # else reportlab adds unembedded Helvetica
    )
    c.setTitle(title)
    for i, page in enumerate(index_pages, start=1):
        c.setPageSize((PAGE_W, PAGE_H))
        c.setLineWidth(0.6)
        c.setStrokeGray(0)
        for op in page.ops:
            if isinstance(op, Text):
                fonts.draw(c, op.x, op.y, op.size, op.text, op.align)
            elif isinstance(op, Line):
                c.line(op.x1, op.y1, op.x2, op.y2)
        stamp.draw(c, font, PAGE_W, PAGE_H, i, total, None)
        c.showPage()
    for cv in covers:
        c.setPageSize((PAGE_W, PAGE_H))
        cover.draw(c, font, cv.item, cv.range_text)
        stamp.draw(c, font, PAGE_W, PAGE_H, cv.page_no, total, stamp.label_text(cv.item.number))
        c.showPage()
    c.setPageSize((PAGE_W, PAGE_H))
    stamp.draw_palette(c, font)
    c.showPage()
    c.save()
    return buf.getvalue()
