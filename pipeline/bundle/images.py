"""Photos and scans (JPEG, PNG) as upright A4 pages.

JPEG bytes are embedded unchanged (DCTDecode stream == file bytes); EXIF orientation is
applied through the placement matrix, never by re-encoding. Non-interlaced 8-bit PNGs
without transparency are embedded as their own zlib data (FlateDecode + PNG predictor);
other PNGs are decoded once and stored losslessly, with an SMask for transparency.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

A4 = (595.28, 841.89)
MARGIN_SIDE = 36.0
MARGIN_TOP = 50.0  # room for the "证据N" label
MARGIN_BOTTOM = 46.0  # room for the page number
OVERSIZE_BYTES = 8 * 1024 * 1024
OVERSIZE_PIXELS = 40_000_000


class ImageUnreadable(Exception):
    pass


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # "jpeg" / "png"
    width: int  # stored pixels
    height: int
    orientation: int  # EXIF 1..8
    mode: str
    size_bytes: int

    @property
    def display(self) -> tuple[int, int]:
        return (self.height, self.width) if self.orientation in (5, 6, 7, 8) else (self.width, self.height)

    @property
    def landscape(self) -> bool:
        w, h = self.display
        return w > h


def probe(path: Path, kind: str) -> ImageInfo:
    """Read the header only (size, mode, EXIF orientation). Raises ImageUnreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        Image.MAX_IMAGE_PIXELS = 250_000_000
        with Image.open(path) as im:
            orientation = 1
            try:
                orientation = int(im.getexif().get(0x0112, 1) or 1)
            except Exception:  # a broken EXIF block must not stop the bundle
                orientation = 1
            if orientation not in range(1, 9):
                orientation = 1
            info = ImageInfo(kind, im.width, im.height, orientation, im.mode, path.stat().st_size)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise ImageUnreadable(f"图片无法读取（{type(exc).__name__}）") from exc
    if info.width <= 0 or info.height <= 0:
        raise ImageUnreadable("图片尺寸为 0")
    if kind == "jpeg" and info.mode not in ("L", "RGB", "CMYK"):
        raise ImageUnreadable(f"不支持的 JPEG 颜色模式 {info.mode}")
    return info


def jpeg_complete(data: bytes) -> bool:
    """A complete JPEG ends with EOI (FFD9), possibly followed by padding or an appended trailer."""
    return b"\xff\xd9" in data[-4096:]


# ------------------------------------------------------------------ placement


def orientation_matrix(orientation: int, x: float, y: float, w: float, h: float) -> list[float]:
    """The cm matrix that paints the stored image so that it appears upright in rect (x, y, w, h).

    Coordinates: (u, v) in the stored image with v downward; EXIF orientation maps it to
    (u', v') in the displayed image; the page point is (x + u'w, y + (1 - v')h). Image space
    (s, t) has t upward, so u = s, v = 1 - t.
    """
    maps = {
        1: lambda u, v: (u, v),
        2: lambda u, v: (1 - u, v),
        3: lambda u, v: (1 - u, 1 - v),
        4: lambda u, v: (u, 1 - v),
        5: lambda u, v: (v, u),
        6: lambda u, v: (1 - v, u),
        7: lambda u, v: (1 - v, 1 - u),
        8: lambda u, v: (v, 1 - u),
    }
    f = maps[orientation]

    def page(s: float, t: float) -> tuple[float, float]:
        up, vp = f(s, 1 - t)
        return x + up * w, y + (1 - vp) * h

    e, f0 = page(0, 0)
    p1, p2 = page(1, 0), page(0, 1)
    return [p1[0] - e, p1[1] - f0, p2[0] - e, p2[1] - f0, e, f0]


def page_geometry(info: ImageInfo) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """Page size (A4, landscape for landscape photos) and the centred image rect fitting the margins."""
    pw, ph = (A4[1], A4[0]) if info.landscape else A4
    aw, ah = pw - 2 * MARGIN_SIDE, ph - MARGIN_TOP - MARGIN_BOTTOM
    dw, dh = info.display
    scale = min(aw / dw, ah / dh)
    w, h = dw * scale, dh * scale
    x = MARGIN_SIDE + (aw - w) / 2
    y = MARGIN_BOTTOM + (ah - h) / 2
    return (pw, ph), (x, y, w, h)


def _fmt(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ------------------------------------------------------------------ XObjects


def _png_chunks(data: bytes):
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        yield ctype, data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if ctype == b"IEND":
            break


def _png_passthrough(pdf, data: bytes):
    """Embed the PNG's own zlib stream when PDF can express it directly; else None."""
    import pikepdf

    ihdr = None
    plte = None
    idat: list[bytes] = []
    for ctype, body in _png_chunks(data):
        if ctype == b"IHDR":
            ihdr = body
        elif ctype == b"PLTE":
            plte = body
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"tRNS":
            return None  # transparency: decode and use an SMask
    if ihdr is None or len(ihdr) < 13 or not idat:
        return None
    width, height, depth, ctype_, _comp, _filt, interlace = struct.unpack(">IIBBBBB", ihdr[:13])
    if interlace or depth != 8 and ctype_ != 3:
        return None
    if ctype_ == 0:
        colors, cs = 1, pikepdf.Name.DeviceGray
    elif ctype_ == 2:
        colors, cs = 3, pikepdf.Name.DeviceRGB
    elif ctype_ == 3 and plte and depth in (1, 2, 4, 8):
        colors = 1
        cs = pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, len(plte) // 3 - 1, pikepdf.String(plte)])
    else:
        return None
    return pikepdf.Stream(
        pdf,
        b"".join(idat),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=width,
        Height=height,
        ColorSpace=cs,
        BitsPerComponent=depth,
        Filter=pikepdf.Name.FlateDecode,
        DecodeParms=pikepdf.Dictionary(Predictor=15, Colors=colors, BitsPerComponent=depth, Columns=width),
    )


def _png_decoded(pdf, path: Path):
    import pikepdf
    from PIL import Image

    with Image.open(path) as im:
        im.load()
        has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode in ("P", "L", "RGB", "I", "I;16") and "transparency" in im.info)
        if has_alpha:
            rgba = im.convert("RGBA")
            color, alpha = rgba.convert("RGB"), rgba.getchannel("A")
        else:
            color = im.convert("L") if im.mode in ("1", "L", "I", "I;16", "F") else im.convert("RGB")
            alpha = None

    def stream(img, cs):
        return pikepdf.Stream(
            pdf,
            zlib.compress(img.tobytes(), 6),
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=img.width,
            Height=img.height,
            ColorSpace=cs,
            BitsPerComponent=8,
            Filter=pikepdf.Name.FlateDecode,
        )

    xobj = stream(color, pikepdf.Name.DeviceGray if color.mode == "L" else pikepdf.Name.DeviceRGB)
    if alpha is not None and alpha.getextrema() != (255, 255):
        xobj.SMask = pdf.make_indirect(stream(alpha, pikepdf.Name.DeviceGray))
    return xobj


def _jpeg(pdf, data: bytes, info: ImageInfo):
    import pikepdf

    cs = {"L": pikepdf.Name.DeviceGray, "RGB": pikepdf.Name.DeviceRGB, "CMYK": pikepdf.Name.DeviceCMYK}[info.mode]
    xobj = pikepdf.Stream(
        pdf,
        data,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=info.width,
        Height=info.height,
        ColorSpace=cs,
        BitsPerComponent=8,
        Filter=pikepdf.Name.DCTDecode,
    )
    if info.mode == "CMYK" and b"Adobe" in data[:65536]:
        # Adobe APP14 CMYK JPEGs store inverted values.
        xobj.Decode = pikepdf.Array([1, 0] * 4)
    return xobj


def image_page(pdf, path: Path, info: ImageInfo):
    """A new page (pikepdf Dictionary, not yet added) showing the image upright and fitted on A4."""
    import pikepdf

    data = path.read_bytes()
    if info.kind == "jpeg":
        xobj = _jpeg(pdf, data, info)
    else:
        xobj = _png_passthrough(pdf, data) or _png_decoded(pdf, path)
    (pw, ph), (x, y, w, h) = page_geometry(info)
    m = orientation_matrix(info.orientation, x, y, w, h)
    content = ("q " + " ".join(_fmt(v) for v in m) + " cm /Im0 Do Q\n").encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, pw, ph]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=pdf.make_indirect(xobj))),
        Contents=pdf.make_indirect(pikepdf.Stream(pdf, content)),
    )
    return page
