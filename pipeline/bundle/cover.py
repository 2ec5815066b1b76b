"""Optional cover sheet in front of each item (off by default)."""

from __future__ import annotations

from . import fonts
from .index import ORIGINAL, PAGE_H, PAGE_W
from .spec import BundleItem
from .text import wrap


def draw(canvas, font: str, item: BundleItem, range_text: str) -> None:
    canvas.setFillGray(0)
    fonts.draw(canvas, PAGE_W / 2, PAGE_H - 220, 28, f"证据{item.number}", "center")
    y = PAGE_H - 280
    for line in wrap(item.title, PAGE_W - 160, 18):
        fonts.draw(canvas, PAGE_W / 2, y, 18, line, "center")
        y -= 26
    y -= 20
    rows = [("证据来源", item.source), ("证明目的", item.purpose), ("页码", range_text)]
    if item.original:
        rows.append(("原件/复印件", ORIGINAL.get(item.original, item.original)))
    for key, value in rows:
        lines = wrap(f"{key}：{value}", PAGE_W - 180, 12)
        for line in lines:
            fonts.draw(canvas, 90, y, 12, line)
            y -= 18
        y -= 6
