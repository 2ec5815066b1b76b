"""Page stamps: "第 5 页 共 66 页" on every page and "证据3" on the first page of each item.

Index and cover pages are reportlab pages and get the stamp drawn directly (``draw``). Item pages
get a tiny Form XObject written here (``StampWriter``) in the same subset font: reportlab draws
a one-off "palette" page with every stamp character, from which we learn each character's code
in the subset, so no reportlab page per stamp is needed. The form is painted on the target by
one appended content stream; the original content is left untouched (wrapped in q … Q). The placement matrix maps the displayed box back to user space, so the
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
    """"— 5 —", the page-number style of the Word drafts (GB/T 9704; continuous over the bundle,
    the total is in the index and the manifest)."""
    return f"— {page_no} —"


def label_text(number: int) -> str:
    return f"证据{number}"


def draw(canvas, font: str, w: float, h: float, page_no: int, total: int, label: str | None) -> None:
    """Draw the stamp on a reportlab canvas whose page is the displayed page (w × h)."""
    from . import fonts

    canvas.setFillGray(0)
    fonts.draw(canvas, w / 2, 16, STAMP_SIZE, page_number_text(page_no, total), "center")
    if label:
        tw = fonts.width(label, LABEL_SIZE)
        x1, y1 = w - 18, h - 16
        canvas.setStrokeColorRGB(0.6, 0, 0)
        canvas.setFillColorRGB(0.6, 0, 0)
        canvas.setLineWidth(0.8)
        canvas.rect(x1 - tw - 10, y1 - LABEL_SIZE - 8, tw + 10, LABEL_SIZE + 8, stroke=1, fill=0)
        fonts.draw(canvas, x1 - tw - 5, y1 - LABEL_SIZE - 3.5, LABEL_SIZE, label)
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


STAMP_CHARS = "—证据 0123456789"


def draw_palette(canvas, font: str) -> None:
    """One reportlab page showing each stamp character once, in STAMP_CHARS order."""
    from . import fonts

    for k, ch in enumerate(STAMP_CHARS):
        canvas.setFont(fonts.font_for(ch), STAMP_SIZE)
        canvas.drawString(10 + 12 * k, 10, ch)


class StampWriter:
    """Writes stamp forms into ``out`` using the subset font found on the palette page."""

    def __init__(self, out, palette_page) -> None:
        import pikepdf

        self.out = out
        self.codes: dict[str, tuple[str, bytes]] = {}
        font = None
        shown: list[tuple[str, bytes]] = []
        for ins in pikepdf.parse_content_stream(palette_page):
            op = str(ins.operator)
            if op == "Tf":
                font = str(ins.operands[0])
            elif op == "Tj" and font is not None:
                shown.append((font, bytes(ins.operands[0])))
        if len(shown) != len(STAMP_CHARS):
            raise RuntimeError("stamp palette page does not match STAMP_CHARS")
        self.codes = dict(zip(STAMP_CHARS, shown))
        fonts = palette_page.obj.Resources.Font
        self.fonts = {name: out.copy_foreign(fonts[name]) for name in {f for f, _ in shown}}

    def _show(self, text: str, size: float) -> tuple[str, set[str]]:
        parts: list[str] = []
        used: set[str] = set()
        current = None
        for ch in text:
            font, code = self.codes[ch]
            if font != current:
                parts.append(f"{font} {_fmt(size)} Tf")
                current = font
                used.add(font)
            parts.append(f"<{code.hex()}> Tj")
        return " ".join(parts), used

    def form(self, w: float, h: float, page_no: int, total: int, label: str | None):
        import pikepdf

        from . import fonts as cjk

        text = page_number_text(page_no, total)
        shown, used = self._show(text, STAMP_SIZE)
        x = (w - cjk.width(text, STAMP_SIZE)) / 2
        ops = [f"BT 0 g 1 0 0 1 {_fmt(x)} 16 Tm {shown} ET"]
        if label:
            tw = cjk.width(label, LABEL_SIZE)
            x1, y1 = w - 18, h - 16
            shown, used2 = self._show(label, LABEL_SIZE)
            used |= used2
            ops.append(
                f"q 0.6 0 0 RG 0.6 0 0 rg 0.8 w {_fmt(x1 - tw - 10)} {_fmt(y1 - LABEL_SIZE - 8)} "
                f"{_fmt(tw + 10)} {_fmt(LABEL_SIZE + 8)} re S "
                f"BT 1 0 0 1 {_fmt(x1 - tw - 5)} {_fmt(y1 - LABEL_SIZE - 3.5)} Tm {shown} ET Q"
            )
        font_res = pikepdf.Dictionary({name: self.fonts[name] for name in sorted(used)})
        return self.out.make_indirect(
            pikepdf.Stream(
                self.out,
                ("\n".join(ops) + "\n").encode(),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Form,
                BBox=pikepdf.Array([0, 0, w, h]),
                Resources=pikepdf.Dictionary(Font=font_res),
            )
        )
