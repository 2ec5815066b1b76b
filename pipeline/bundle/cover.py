"""Optional cover sheet in front of each item (off by default)."""

from __future__ import annotations

from .index import ORIGINAL, PAGE_H, PAGE_W
from .spec import BundleItem
from .text import wrap


def draw(canvas, font: str, item: BundleItem, range_text: str) -> None:
    canvas.setFillGray(0)
    canvas.setFont(font, 28)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 220, f"证据{item.number}")
    y = PAGE_H - 280
    canvas.setFont(font, 18)
    for line in wrap(item.title, PAGE_W - 160, 18):
        canvas.drawCentredString(PAGE_W / 2, y, line)
        y -= 26
    y -= 20
    rows = [("证据来源", item.source), ("证明目的", item.purpose), ("页码", range_text)]
    if item.original:
        rows.append(("原件/复印件", ORIGINAL.get(item.original, item.original)))
    for key, value in rows:
        lines = wrap(f"{key}：{value}", PAGE_W - 180, 12)
        canvas.setFont(font, 12)
        for line in lines:
            canvas.drawString(90, y, line)
            y -= 18
        y -= 6
