"""Page stamps: "第 5 页 共 66 页" on every page and "证据3" on the first page of each item.

A stamp is drawn (by reportlab, in the shared subset font) on its own small page sized like the
target page *as the reader sees it*, turned into a Form XObject with its own resources, and
painted on the target by one appended content stream: the original content is left untouched
(wrapped in q … Q). The placement matrix maps the displayed box back to user space, so the
stamp is upright and inside the visible (crop) box whatever /Rotate says.
"""

from __future__ import annotations

from dataclasses import dataclass

STAMP_SIZE = 9.0
LABEL_SIZE = 12.0


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0


def _box(arr) -> Box | None:
    try:
        a, b, c, d = (float(v) for v in arr)
    except (TypeError, ValueError):
        return None
    return Box(min(a, c), min(b, d), max(a, c), max(b, d))


def visible_box(page_obj) -> Box:
    """CropBox clipped to the MediaBox (PDF 32000-1 §14.11.2), default Letter if all is missing."""
    media = _box(page_obj.get("/MediaBox")) or Box(0, 0, 612, 792)
    crop = _box(page_obj.get("/CropBox")) or media
    box = Box(max(media.x0, crop.x0), max(media.y0, crop.y0), min(media.x1, crop.x1), min(media.y1, crop.y1))
    return box if box.w > 1 and box.h > 1 else media


def rotation(page_obj) -> int:
    try:
        r = int(page_obj.get("/Rotate", 0))
    except (TypeError, ValueError):
        return 0
    return r % 360 if r % 90 == 0 else 0


def display_size(page_obj) -> tuple[float, float]:
    box, r = visible_box(page_obj), rotation(page_obj)
    return (box.h, box.w) if r in (90, 270) else (box.w, box.h)


def placement(box: Box, rotate: int) -> list[float]:
    """cm matrix taking display coordinates (origin at the displayed bottom-left) to user space.

    The viewer turns the page clockwise by /Rotate. For 90: display right = user up, display up =
    user left, display origin = user (x1, y0) → user = (x1 − Y, y0 + X).
    """
    if rotate == 90:
        return [0, 1, -1, 0, box.x1, box.y0]
    if rotate == 180:
        return [-1, 0, 0, -1, box.x1, box.y1]
    if rotate == 270:
        return [0, -1, 1, 0, box.x0, box.y1]
    return [1, 0, 0, 1, box.x0, box.y0]


def page_number_text(page_no: int, total: int) -> str:
    return f"第 {page_no} 页 共 {total} 页"


def label_text(number: int) -> str:
    return f"证据{number}"


def draw(canvas, font: str, w: float, h: float, page_no: int, total: int, label: str | None) -> None:
    """Draw the stamp on a reportlab canvas whose page is the displayed page (w × h)."""
    canvas.setFillGray(0)
    canvas.setFont(font, STAMP_SIZE)
    canvas.drawCentredString(w / 2, 16, page_number_text(page_no, total))
    if label:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        tw = stringWidth(label, font, LABEL_SIZE)
        x1, y1 = w - 18, h - 16
        canvas.setStrokeColorRGB(0.6, 0, 0)
        canvas.setFillColorRGB(0.6, 0, 0)
        canvas.setLineWidth(0.8)
        canvas.rect(x1 - tw - 10, y1 - LABEL_SIZE - 8, tw + 10, LABEL_SIZE + 8, stroke=1, fill=0)
        canvas.setFont(font, LABEL_SIZE)
        canvas.drawString(x1 - tw - 5, y1 - LABEL_SIZE - 3.5, label)
        canvas.setFillGray(0)


def _fmt(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def attach(pdf, page, form, push_q) -> None:
    """Paint ``form`` on ``page`` (pikepdf.Page) upright in its visible box.

    Resources are shallow-copied before the stamp is added, because source PDFs often share
    one /Resources dictionary among many pages.
    """
    import pikepdf

    obj = page.obj
    matrix = placement(visible_box(obj), rotation(obj))
    res = obj.get("/Resources")
    new_res = pikepdf.Dictionary({k: v for k, v in res.items()}) if isinstance(res, pikepdf.Dictionary) else pikepdf.Dictionary()
    xo = new_res.get("/XObject")
    new_xo = pikepdf.Dictionary({k: v for k, v in xo.items()}) if isinstance(xo, pikepdf.Dictionary) else pikepdf.Dictionary()
    name = "/CsStamp"
    n = 0
    while name in new_xo:
        n += 1
        name = f"/CsStamp{n}"
    new_xo[name] = form
    new_res.XObject = new_xo
    obj.Resources = new_res
    page.contents_add(push_q, prepend=True)
    tail = ("Q q " + " ".join(_fmt(v) for v in matrix) + f" cm {name} Do Q\n").encode()
    page.contents_add(pikepdf.Stream(pdf, tail))
