#!/usr/bin/env python3
"""Write the fictional sample cases under ``sample_cases/``: each ``case.json`` and its evidence files.

Run ``.venv/bin/python tools/make_samples.py`` (or ``--out DIR`` to write elsewhere).
The output is deterministic: fixed dates, seeded textures, no clock; two runs give the
same bytes. ``sample_cases/.generated.json`` records the library and font versions the
images were drawn with, so a test can tell "the generator changed" from "this machine
renders fonts differently".

Every person, company, address, number and account here is invented (“某某” style names,
example.com mail). Identifier check characters are computed, not made up:
身份证号 GB 11643, 统一社会信用代码 GB 32100 (with its GB 11714 organisation code).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import ExifTags, Image, ImageDraw, ImageFilter, ImageFont, features  # noqa: E402
from reportlab import Version as REPORTLAB_VERSION  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from pipeline.case.ids import id_check_char, uscc_check_char  # noqa: E402
from pipeline.money import figures, rmb_words, zh_date  # noqa: E402

D = Decimal
FINGERPRINT_FILE = ".generated.json"

# ---------------------------------------------------------------- identifiers


def person_id(area: str, birth: str, seq: str) -> str:
    """A resident ID number: 6-digit area, birth date YYYY-MM-DD, 3-digit sequence (odd = 男)."""
    first17 = area + birth.replace("-", "") + seq
    assert len(first17) == 17, first17
    return first17 + id_check_char(first17)


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(body8: str) -> str:
    """组织机构代码 with its GB 11714 check character (digits 0-9, letters A=10 … Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def uscc(area: str, org_body8: str, dept: str = "9", kind: str = "1") -> str:
    """统一社会信用代码: 登记管理部门 + 机构类别 + area + organisation code + GB 32100 check."""
    first17 = dept + kind + area + org_code(org_body8)
    assert len(first17) == 17, first17
    return first17 + uscc_check_char(first17)


# ---------------------------------------------------------------- JSON


def dump_json(value: Any) -> str:
    """JSON text with Decimal written as an exact number literal (never through float)."""

    def enc(v: Any, ind: str) -> str:
        nxt = ind + "  "
        if isinstance(v, dict):
            if not v:
                return "{}"
            items = [f"{nxt}{json.dumps(k, ensure_ascii=False)}: {enc(x, nxt)}" for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + ind + "}"
        if isinstance(v, (list, tuple)):
            if not v:
                return "[]"
            if all(isinstance(x, (str, int, Decimal)) and not isinstance(x, bool) for x in v) and len(v) <= 8:
                one = "[" + ", ".join(enc(x, nxt) for x in v) + "]"
                if len(one) <= 80:
                    return one
            return "[\n" + ",\n".join(nxt + enc(x, nxt) for x in v) + "\n" + ind + "]"
        if isinstance(v, Decimal):
            return format(v, "f")
        if isinstance(v, float):
            raise TypeError("floats are not allowed in a case; use Decimal")
        return json.dumps(v, ensure_ascii=False)

    return enc(value, "") + "\n"


# ---------------------------------------------------------------- fonts

_TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
)
_IMG_FONT_CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "SC"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "SC"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", "SC"),
    *((p, "") for p in _TTF_CANDIDATES),
)


def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


@dataclass
class Fonts:
    pdf: str = "STSong-Light"
    pdf_file: str | None = None
    img_file: str | None = None
    img_index: int = 0
    _cache: dict[int, Any] = field(default_factory=dict)

    @classmethod
    def discover(cls) -> Fonts:
        f = cls()
        # reportlab embeds TrueType outlines only (the Noto CJK .ttc is CFF): prefer an
        # embedded TrueType CJK font, else the non-embedded Adobe-GB1 CID font.
        for path in _TTF_CANDIDATES:
            if Path(path).is_file():
                pdfmetrics.registerFont(TTFont("SampleCJK", path, subfontIndex=0))
                f.pdf, f.pdf_file = "SampleCJK", path
                break
        else:
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        for path, lang in _IMG_FONT_CANDIDATES:
            if not Path(path).is_file():
                continue
            for index in range(6 if lang else 1):
                try:
                    font = ImageFont.truetype(path, 20, index=index)
                except OSError:
                    break
                if not lang or lang in " ".join(font.getname()):
                    f.img_file, f.img_index = path, index
                    return f
        return f

    def img(self, size: int) -> Any:
        if size not in self._cache:
            if self.img_file:
                self._cache[size] = ImageFont.truetype(self.img_file, size, index=self.img_index)
            else:
                self._cache[size] = None
        return self._cache[size]

    def fingerprint(self) -> dict[str, Any]:
        return {
            "reportlab": REPORTLAB_VERSION,
            "pillow": Image.__version__,
            "freetype": features.version("freetype2"),
            "libjpeg": features.version("jpg"),
            "zlib": features.version("zlib"),
            "pdf_font": self.pdf,
            "pdf_font_sha256": _file_digest(self.pdf_file) if self.pdf_file else None,
            "image_font": Path(self.img_file).name if self.img_file else None,
            "image_font_sha256": _file_digest(self.img_file) if self.img_file else None,
        }


FONTS: Fonts


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: Any) -> None:
    """Draw text with the CJK font, or grey blocks of the same extent when no font exists."""
    font = FONTS.img(size)
    if font is not None:
        draw.text(xy, text, font=font, fill=fill)
        return
    x, y = xy
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size // 2
        if not ch.isspace():
            draw.rectangle([x + 1, y + size * 0.2, x + w - 2, y + size * 0.9], fill=fill)
        x += w


def _text_width(text: str, size: int) -> float:
    font = FONTS.img(size)
    if font is not None:
        return font.getlength(text)
    return sum(size if ord(ch) > 0x2E80 else size // 2 for ch in text)


def _wrap_px(text: str, size: int, width: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for ch in text:
        if ch == "\n":
            lines.append(cur)
            cur = ""
        elif cur and _text_width(cur + ch, size) > width and ch not in "，。；：、！？）”》":
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    lines.append(cur)
    return lines


# ---------------------------------------------------------------- PDF documents

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 72.0, 80.0, 80.0
BODY, LEADING = 12.0, 21.0


@dataclass
class Doc:
    """A printed document: blocks are (kind, payload).

    kinds: h (centred heading), p (indented paragraph), l (plain line), r (right-aligned line),
    gap (points), break (new page), seal (organisation name: red round seal at the right),
    sign (a hand signature with a red fingerprint), table (rows of cells).
    """

    title: str
    blocks: list[tuple[str, Any]]
    page_numbers: bool = True


def _wrap_pdf(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for ch in text:
        if ch == "\n":
            lines.append(cur)
            cur = ""
        elif cur and pdfmetrics.stringWidth(cur + ch, font, size) > width and ch not in "，。；：、！？）”》":
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    lines.append(cur)
    return lines


def _layout(doc: Doc, font: str) -> list[list[tuple[str, float, float, Any]]]:
    pages: list[list[tuple[str, float, float, Any]]] = [[]]
    y = PAGE_H - MARGIN_TOP
    width = PAGE_W - 2 * MARGIN_X

    def need(h: float) -> None:
        nonlocal y
        if y - h < MARGIN_BOTTOM:
            pages.append([])
            y = PAGE_H - MARGIN_TOP

    for kind, payload in doc.blocks:
        if kind == "h":
            need(40)
            pages[-1].append(("h", PAGE_W / 2, y - 18, payload))
            y -= 44
        elif kind in ("p", "l", "r"):
            indent = 2 * BODY if kind == "p" else 0
            lines = _wrap_pdf(payload, font, BODY, width - indent)
            for k, line in enumerate(lines):
                need(LEADING)
                x = MARGIN_X + (indent if k == 0 else 0)
                pages[-1].append((kind if kind == "r" else "t", x, y - BODY, line))
                y -= LEADING
        elif kind == "gap":
            y -= payload
        elif kind == "break":
            pages.append([])
            y = PAGE_H - MARGIN_TOP
        elif kind == "table":
            rows: list[list[str]] = payload
            cols = len(rows[0])
            need(LEADING * 1.3 * len(rows))
            cw = width / cols
            for row in rows:
                pages[-1].append(("row", MARGIN_X, y, (row, cw)))
                y -= LEADING * 1.3
            y -= 6
        elif kind in ("seal", "sign"):
            need(90)
            pages[-1].append((kind, PAGE_W - MARGIN_X - 110, y - 45, payload))
            y -= 20
        else:  # pragma: no cover - programming error
            raise ValueError(kind)
    return pages


def _star(c: canvas.Canvas, cx: float, cy: float, r: float) -> None:
    p = c.beginPath()
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.38
        a = math.pi / 2 + k * math.pi / 5
        x, y = cx + rad * math.cos(a), cy + rad * math.sin(a)
        p.moveTo(x, y) if k == 0 else p.lineTo(x, y)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _seal(c: canvas.Canvas, font: str, cx: float, cy: float, name: str, bottom: str) -> None:
    c.saveState()
    c.setStrokeColorRGB(0.85, 0.12, 0.12)
    c.setFillColorRGB(0.85, 0.12, 0.12)
    c.setLineWidth(2.2)
    c.circle(cx, cy, 44, stroke=1, fill=0)
    _star(c, cx, cy, 11)
    span = min(250.0, 18.0 * len(name))
    for k, ch in enumerate(name):
        a = math.radians(90 + span / 2 - span * (k + 0.5) / len(name))
        c.saveState()
        c.translate(cx + 33 * math.cos(a), cy + 33 * math.sin(a))
        c.rotate(math.degrees(a) - 90)
        c.setFont(font, 9)
        c.drawCentredString(0, -3, ch)
        c.restoreState()
    c.setFont(font, 7.5)
    c.drawCentredString(cx, cy - 26, bottom)
    c.restoreState()


def _signature(c: canvas.Canvas, font: str, x: float, y: float, name: str) -> None:
    c.saveState()
    c.setFillColorRGB(0.08, 0.1, 0.35)
    c.translate(x, y)
    c.transform(1, 0.05, 0.28, 1, 0, 0)  # slanted like handwriting
    c.setFont(font, 17)
    c.drawString(0, 0, name)
    c.restoreState()
    c.saveState()  # fingerprint (捺印) over the signature
    c.setStrokeColorRGB(0.8, 0.15, 0.15)
    c.setLineWidth(0.6)
    fx, fy = x + 16 * len(name) + 8, y + 6
    for k in range(7):
        c.ellipse(fx - 9 + k * 1.2, fy - 12 + k * 1.5, fx + 9 - k * 1.2, fy + 12 - k * 1.5, stroke=1, fill=0)
    c.restoreState()


def render_pdf(doc: Doc) -> bytes:
    font = FONTS.pdf
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor("cuishou 示例案件（虚构）")
    c.setCreator("tools/make_samples.py")
    c.setSubject("虚构示例证据材料")
    pages = _layout(doc, font)
    for n, ops in enumerate(pages, start=1):
        for kind, x, y, payload in ops:
            if kind == "h":
                c.setFont(font, 18)
                c.drawCentredString(x, y, payload)
            elif kind == "t":
                c.setFont(font, BODY)
                c.drawString(x, y, payload)
            elif kind == "r":
                c.setFont(font, BODY)
                c.drawRightString(PAGE_W - MARGIN_X, y, payload)
            elif kind == "row":
                row, cw = payload
                c.setLineWidth(0.6)
                for k, cell in enumerate(row):
                    c.rect(x + k * cw, y - LEADING * 1.3, cw, LEADING * 1.3)
                    c.setFont(font, 10.5)
                    c.drawString(x + k * cw + 4, y - LEADING * 0.95, cell)
            elif kind == "seal":
                name, bottom = payload
                _seal(c, font, x + 55, y, name, bottom)
            elif kind == "sign":
                _signature(c, font, x + 10, y + 20, payload)
        if doc.page_numbers and len(pages) > 1:
            c.setFont(font, 9)
            c.drawCentredString(PAGE_W / 2, 40, f"第 {n} 页 共 {len(pages)} 页")
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- phone photos (JPEG + EXIF)

_TO_STORED = {
    1: None,
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,  # the viewer turns it back 90° clockwise
    8: Image.Transpose.ROTATE_270,
}


@dataclass
class Photo:
    """A phone photo of a paper on a desk. ``lines``: (text, size, bold?) drawn on the paper."""

    lines: list[tuple[str, int]]
    seed: int
    taken: str  # "YYYY:MM:DD HH:MM:SS" local time (+08:00)
    orientation: int = 1
    paper: tuple[int, int] = (700, 980)
    tilt: float = -1.5
    stamp: str | None = None  # red text stamped diagonally, e.g. "仅供诉讼使用"
    cards: bool = False  # draw two ID-card outlines (身份证复印件)


def _desk(seed: int, size: tuple[int, int]) -> Image.Image:
    rng = random.Random(seed)
    small = Image.frombytes("L", (size[0] // 8, size[1] // 8), rng.randbytes(size[0] // 8 * (size[1] // 8)))
    grain = small.resize(size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(3))
    base = Image.new("RGB", size, (118, 92, 66))
    tint = Image.merge("RGB", (grain, grain.point(lambda v: v * 0.8), grain.point(lambda v: v * 0.6)))
    return Image.blend(base, tint, 0.18)


def render_photo(p: Photo) -> bytes:
    W, H = 900, 1200
    img = _desk(p.seed, (W, H))
    pw, ph = p.paper
    paper = Image.new("RGBA", (pw, ph), (246, 244, 238, 255))
    d = ImageDraw.Draw(paper)
    y = 50.0
    if p.cards:
        for k in range(2):
            top = 60 + k * 330
            d.rounded_rectangle([110, top, 590, top + 300], radius=18, outline=(90, 90, 90), width=3)
        d.rectangle([440, 100, 560, 250], fill=(205, 205, 205))
        d.ellipse([470, 120, 530, 185], fill=(170, 170, 170))
        d.rectangle([455, 190, 545, 250], fill=(170, 170, 170))
        y = 0
    for text, size in p.lines:
        if text.startswith("@"):  # "@x,y text" absolute placement
            pos, _, rest = text[1:].partition(" ")
            x_s, y_s = pos.split(",")
            _text(d, (float(x_s), float(y_s)), rest, size, (30, 30, 34))
            continue
        for line in _wrap_px(text, size, pw - 110):
            _text(d, (55, y), line, size, (30, 30, 34))
            y += size * 1.55
        y += size * 0.3
    if p.stamp:
        layer = Image.new("RGBA", (pw, 120), (0, 0, 0, 0))
        ld = ImageDraw.Draw(layer)
        _text(ld, (20, 30), p.stamp, 44, (200, 40, 40, 150))
        layer = layer.rotate(25, expand=True, resample=Image.Resampling.BICUBIC)
        paper.alpha_composite(layer, (40, ph // 2 - layer.height // 2))
    shadow = Image.new("RGBA", (pw + 60, ph + 60), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rectangle([30, 36, pw + 30, ph + 36], fill=(0, 0, 0, 110))
    shadow = shadow.filter(ImageFilter.GaussianBlur(12)).rotate(p.tilt, expand=True, resample=Image.Resampling.BICUBIC)
    paper = paper.rotate(p.tilt, expand=True, resample=Image.Resampling.BICUBIC)
    img.paste(shadow, ((W - shadow.width) // 2 + 6, (H - shadow.height) // 2 + 8), shadow)
    img.paste(paper, ((W - paper.width) // 2, (H - paper.height) // 2), paper)
    # uneven room light: darker towards the bottom-right corner
    shade = Image.linear_gradient("L").resize((W, H)).rotate(35, resample=Image.Resampling.BILINEAR)
    img = Image.composite(img, Image.new("RGB", (W, H), (40, 36, 30)), shade.point(lambda v: 255 - v // 5))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    transpose = _TO_STORED[p.orientation]
    stored = img.transpose(transpose) if transpose is not None else img
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = p.orientation
    exif[ExifTags.Base.Make] = "SampleCam"
    exif[ExifTags.Base.Model] = "SC-1 (虚构示例)".encode("ascii", "ignore").decode()
    exif[ExifTags.Base.DateTime] = p.taken
    exif[ExifTags.Base.Software] = "tools/make_samples.py"
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = p.taken
    sub[ExifTags.Base.OffsetTimeOriginal] = "+08:00"
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=68, exif=exif.tobytes(), optimize=False, progressive=False, subsampling=2)
    return buf.getvalue()


# ---------------------------------------------------------------- chat screenshots (PNG)


@dataclass
class Chat:
    """A WeChat-like (or SMS-like) conversation. messages: (who, text) with who in
    "me", "them", "time" (centred grey), "pay_me"/"pay_them" (transfer card, text = amount line)."""

    title: str
    messages: list[tuple[str, str]]
    style: str = "wechat"  # or "sms"
    me: str = "我"
    them: str = "对方"


def render_chat(chat: Chat) -> bytes:
    W = 750
    size = 30
    maxw = 470
    sms = chat.style == "sms"
    bg = (255, 255, 255) if sms else (237, 237, 237)
    mine = (0, 122, 255) if sms else (149, 236, 105)
    theirs = (229, 229, 234) if sms else (255, 255, 255)
    # measure
    blocks: list[tuple[str, list[str], float]] = []
    height = 200.0
    for who, text in chat.messages:
        if who == "time":
            blocks.append((who, [text], 60))
            height += 60
        elif who.startswith("pay"):
            blocks.append((who, [text], 190))
            height += 190
        else:
            lines = _wrap_px(text, size, maxw)
            h = len(lines) * size * 1.4 + 36 + 30
            blocks.append((who, lines, h))
            height += h
    H = int(height) + 40
    img = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, W, 150], fill=(247, 247, 247) if sms else (237, 237, 237))
    _text(d, (40, 22), "9:41", 26, (0, 0, 0))
    d.rectangle([650, 28, 700, 50], outline=(0, 0, 0), width=2)
    d.rectangle([653, 31, 690, 47], fill=(0, 0, 0))
    _text(d, (30, 85), "〈", 34, (0, 0, 0))
    tw = _text_width(chat.title, 32)
    _text(d, ((W - tw) / 2, 82), chat.title, 32, (0, 0, 0))
    if not sms:
        _text(d, (680, 80), "···", 32, (0, 0, 0))
    d.line([0, 150, W, 150], fill=(215, 215, 215), width=1)
    y = 180.0
    for who, lines, h in blocks:
        if who == "time":
            tw = _text_width(lines[0], 22)
            _text(d, ((W - tw) / 2, y + 14), lines[0], 22, (150, 150, 150))
            y += h
            continue
        right = who.endswith("me")
        avatar_x = W - 100 if right else 20
        if not sms:
            colour = (120, 160, 210) if right else (200, 150, 110)
            d.rounded_rectangle([avatar_x, y, avatar_x + 80, y + 80], radius=8, fill=colour)
            initial = (chat.me if right else chat.them)[:1]
            _text(d, (avatar_x + 22, y + 20), initial, 36, (255, 255, 255))
        if who.startswith("pay"):
            bw, bh = 440, 160
            bx = (avatar_x - 20 - bw) if right else (avatar_x + 100)
            d.rounded_rectangle([bx, y, bx + bw, y + bh], radius=10, fill=(250, 157, 59))
            d.ellipse([bx + 30, y + 30, bx + 100, y + 100], outline=(255, 255, 255), width=4)
            _text(d, (bx + 52, y + 42), "¥", 34, (255, 255, 255))
            amount, _, note = lines[0].partition("|")
            _text(d, (bx + 125, y + 28), amount, 34, (255, 255, 255))
            _text(d, (bx + 125, y + 76), note or "转账", 24, (255, 255, 255))
            d.line([bx + 20, y + 120, bx + bw - 20, y + 120], fill=(252, 190, 120), width=1)
            _text(d, (bx + 30, y + 127), "微信转账", 20, (255, 240, 220))
            y += h
            continue
        tw = max(_text_width(line, size) for line in lines)
        bw = tw + 44
        bh = len(lines) * size * 1.4 + 30
        left_edge = 40 if sms else 100
        bx = (W - (40 if sms else 120) - bw) if right else (left_edge + (0 if sms else 20))
        d.rounded_rectangle([bx, y, bx + bw, y + bh], radius=16 if sms else 8, fill=mine if right else theirs)
        if not sms:  # the little tail
            tip = [(bx + bw, y + 28), (bx + bw + 12, y + 38), (bx + bw, y + 48)] if right else [
                (bx, y + 28), (bx - 12, y + 38), (bx, y + 48)]
            d.polygon(tip, fill=mine if right else theirs)
        colour = (255, 255, 255) if (sms and right) else (20, 20, 20)
        for k, line in enumerate(lines):
            _text(d, (bx + 22, y + 14 + k * size * 1.4), line, size, colour)
        y += h
    d.rectangle([0, H - 40, W, H], fill=(247, 247, 247))
    out = img.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    out.save(buf, "PNG", optimize=True)
    return buf.getvalue()


# ---------------------------------------------------------------- shared document texts


def yuan(v: Decimal) -> str:
    return f"{rmb_words(v)}（¥{figures(v)}）"


def party_lines(role: str, p: dict[str, Any]) -> list[tuple[str, Any]]:
    if p["kind"] == "organization":
        return [
            ("l", f"{role}：{p['name']}"),
            ("l", f"统一社会信用代码：{p['uscc']}"),
            ("l", f"住所：{p['domicile']}"),
            ("l", f"法定代表人：{p['representative']}　联系电话：{p['phone']}"),
        ]
    return [
        ("l", f"{role}：{p['name']}　性别：{p['gender']}　民族：{p['ethnicity']}"),
        ("l", f"身份证号码：{p['id_number']}"),
        ("l", f"住址：{p['domicile']}"),
        ("l", f"联系电话：{p['phone']}"),
    ]


def business_licence(org: dict[str, Any], founded: str, capital: str, scope: str) -> Doc:
    return Doc(
        "营业执照（副本）复印件",
        [
            ("h", "营 业 执 照"),
            ("r", "（副　本）"),
            ("gap", 10),
            ("l", f"统一社会信用代码：{org['uscc']}"),
            ("l", f"名　　称：{org['name']}"),
            ("l", "类　　型：有限责任公司（自然人投资或控股）"),
            ("l", f"法定代表人：{org['representative']}"),
            ("l", f"注册资本：{capital}"),
            ("l", f"成立日期：{founded}"),
            ("l", f"住　　所：{org['domicile']}"),
            ("p", f"经营范围：{scope}"),
            ("gap", 30),
            ("p", "（虚构示例材料，仅用于软件测试。）本复印件与原件一致，仅供诉讼使用。"),
            ("seal", (org["name"], "")),
        ],
        page_numbers=False,
    )


def ems_photo(seed: int, taken: str, number: str, sender: dict[str, Any], to: dict[str, Any], address: str,
              content: str, orientation: int) -> Photo:
    return Photo(
        lines=[
            ("中国邮政 EMS 国内标准快递 邮件详情单", 30),
            (f"邮件号：{number}", 30),
            (f"寄件人：{sender['name']}", 24),
            (f"寄件人地址：{sender['domicile']}", 22),
            (f"寄件人电话：{sender['phone']}", 22),
            (f"收件人：{to['name']}", 24),
            (f"收件人地址：{address}", 22),
            (f"收件人电话：{to['phone']}", 22),
            (f"内件品名：{content}", 26),
            (f"交寄日期：{taken[:10].replace(':', '-')}", 22),
            ("收寄人员：营业员（签章）", 22),
            ("（虚构示例，仅用于软件测试）", 20),
        ],
        seed=seed,
        taken=taken,
        orientation=orientation,
        paper=(740, 680),
        tilt=2.0,
    )


def id_copy_photo(seed: int, taken: str, people: list[dict[str, Any]], orientation: int = 1) -> Photo:
    lines: list[tuple[str, int]] = []
    for k, p in enumerate(people[:1]):
        birth = p["birth_date"]
        lines += [
            (f"@140,{110} 姓名  {p['name']}", 24),
            (f"@140,{150} 性别  {p['gender']}    民族  {p['ethnicity'][:-1]}", 22),
            (f"@140,{190} 出生  {birth[:4]}年{int(birth[5:7])}月{int(birth[8:10])}日", 22),
            (f"@140,{230} 住址  {p['domicile'][:12]}", 20),
            (f"@200,{262} {p['domicile'][12:26]}", 20),
            (f"@140,{310} 公民身份号码  {p['id_number']}", 22),
            (f"@230,{430} 中华人民共和国", 30),
            (f"@250,{480} 居民身份证", 36),
            (f"@140,{570} 签发机关  某某市公安局某某分局", 22),
            (f"@140,{610} 有效期限  2016.05.10-2036.05.10", 22),
        ]
    lines.append(("@90,760 此复印件仅供债权催收及诉讼使用，再复印无效。", 24))
    lines.append(("@90,800 （虚构示例材料，仅用于软件测试）", 20))
    return Photo(lines=lines, seed=seed, taken=taken, orientation=orientation, stamp="仅供诉讼使用", cards=True)


def bank_receipt(bank: str, when: str, payer: tuple[str, str, str], payee: tuple[str, str, str], amount: Decimal,
                 serial: str, memo: str) -> Doc:
    return Doc(
        f"{bank}电子回单",
        [
            ("h", f"{bank} 电子回单"),
            ("r", f"回单编号：{serial}"),
            ("table", [
                ["交易日期", when, "交易流水号", serial],
                ["付款人户名", payer[0], "收款人户名", payee[0]],
                ["付款账号", payer[1], "收款账号", payee[1]],
                ["付款银行", payer[2], "收款银行", payee[2]],
                ["金额（小写）", f"¥{figures(amount)}", "币种", "人民币"],
            ]),
            ("l", f"金额（大写）：{rmb_words(amount)}"),
            ("l", f"用途/摘要：{memo}"),
            ("l", "交易状态：成功"),
            ("gap", 20),
            ("l", "（虚构示例材料，仅用于软件测试。本回单可通过网上银行验证真伪。）"),
            ("seal", (bank, "电子回单专用章")),
        ],
        page_numbers=False,
    )


# ---------------------------------------------------------------- the cases

Maker = Callable[[], bytes]


@dataclass
class Sample:
    case: dict[str, Any]
    files: dict[str, Maker]


def _pdf(doc: Doc) -> Maker:
    return lambda: render_pdf(doc)


def _photo(p: Photo) -> Maker:
    return lambda: render_photo(p)


def _chat(c: Chat) -> Maker:
    return lambda: render_chat(c)



def case_01() -> Sample:
    """The practice-article case: a small company lent an individual 100,000 yuan (民间借贷)."""
    cid = "01-company-loan-instalments"
    creditor = {
        "kind": "organization",
        "name": "北京某某商贸有限公司",
        "uscc": uscc("110105", "MA01K7Q3"),
        "domicile": "北京市朝阳区某某路88号2层201室",
        "org_type": "有限责任公司",
        "ownership": "民营",
        "representative": "王某某",
        "representative_title": "执行董事",
        "phone": "010-85123467",
        "email": "finance@example.com",
        "short_name": "某某商贸",
    }
    debtor = {
        "kind": "person",
        "name": "张某某",
        "gender": "男",
        "birth_date": "1986-04-17",
        "ethnicity": "汉族",
        "id_number": person_id("110105", "1986-04-17", "231"),
        "domicile": "北京市朝阳区某某街道某某路16号院4号楼3单元602号",
        "habitual_residence": "北京市通州区某某镇某某家园7号楼2单元1101号",
        "phone": "13910468273",
        "email": "zhang.moumou@example.com",
        "occupation": "个体经营者",
    }
    lawyer = {
        "firm_name": "北京某某律师事务所",
        "firm_address": "北京市朝阳区某某大街1号某某大厦18层",
        "firm_phone": "010-85990123",
        "lawyer_name": "赵某某",
        "license_no": "11101201510987654",
        "lawyer_phone": "13811072395",
        "letter_prefix": "（2026）京某律函字",
        "letter_serial": 36,
    }
    principal = D("100000.00")
    ems1, ems2 = "1187654321098", "1187654329876"
    case: dict[str, Any] = {
        "schema_version": "1",
        "case_id": cid,
        "creditor": creditor,
        "debtors": [debtor],
        "lender_category": "company",
        "loan": {
            "contract_name": "借款合同",
            "contract_no": "MSJK-2025-017",
            "signed_on": "2025-06-05",
            "signed_place": "北京市朝阳区",
            "face_principal": principal,
            "disbursements": [
                {
                    "date": "2025-06-05",
                    "amount": principal,
                    "method": "bank_transfer",
                    "reference": "2025060511052388",
                    "evidence_ids": ["E3"],
                }
            ],
            "term_start": "2025-06-05",
            "due_date": "2025-09-04",
            "interest": {"kind": "agreed", "rate": D("10"), "unit": "year"},
            "overdue_interest": {"kind": "agreed", "rate": D("12"), "unit": "year"},
            "jurisdiction_clause": {
                "text": "因本合同引起的或与本合同有关的任何争议，双方应协商解决；协商不成的，任何一方均可向甲方住所地人民法院提起诉讼。",
                "clause_ref": "第九条",
                "connection": "plaintiff_domicile",
                "court_name": "北京市朝阳区人民法院",
            },
            "service_address_clause": {
                "text": "乙方确认其有效送达地址为北京市通州区某某镇某某家园7号楼2单元1101号，电子送达地址为zhang.moumou@example.com；乙方地址变更未书面告知甲方，导致文书未能实际接收的，文书退回之日视为送达之日。",
                "debtor_address": "北京市通州区某某镇某某家园7号楼2单元1101号",
                "debtor_email": "zhang.moumou@example.com",
            },
            "purpose": "经营资金周转",
            "evidence_ids": ["E2"],
        },
        "repayments": [{"date": "2025-07-05", "amount": D("833.33"), "evidence_ids": ["E4"]}],
        "collection_log": [
            {
                "at": "2025-09-06T10:12:00+08:00",
                "channel": "sms",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "【某某商贸】张先生您好，您于2025年6月5日向我司借款100,000元，已于2025年9月4日到期，请尽快安排还款。如有困难，请与我司财务联系协商。",
                "delivered": True,
                "delivery_proof": {"kind": "sms_receipt", "reference": "SMS-20250906-0001"},
                "outcome": "none",
                "evidence_id": "E5",
            },
            {
                "at": "2025-09-15T14:30:00+08:00",
                "channel": "phone",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "电话提醒借款已到期。张某某称店里周转困难，承诺9月30日前先还一部分。",
                "delivered": True,
                "delivery_proof": {"kind": "recording", "reference": "REC-20250915-01"},
                "recording_id": "REC-20250915-01",
                "outcome": "promise",
                "promised_date": "2025-09-30",
                "evidence_id": "E6",
            },
            {
                "at": "2025-10-09T09:40:00+08:00",
                "channel": "phone",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "承诺日已过未还款，致电跟进，无人接听。",
                "outcome": "no_answer",
            },
            {
                "at": "2025-10-20T16:05:00+08:00",
                "channel": "phone",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "再次致电，连续三次提示对方已将我司号码拉黑。",
                "outcome": "blocked",
            },
            {
                "at": "2025-10-25T10:30:00+08:00",
                "channel": "phone",
                "counterpart": "王某",
                "relation": "family",
                "content": "联系张某某之妻王某，仅请其转告张某某尽快与公司联系，未透露借款详情。",
                "delivered": True,
                "outcome": "reached",
                "disclosed_debt": False,
            },
            {
                "at": "2025-11-03T10:00:00+08:00",
                "channel": "letter",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "以EMS向约定送达地址寄送《催款函》，要求10日内归还本金100,000元及利息。",
                "delivered": True,
                "delivery_proof": {"kind": "ems", "reference": ems1},
                "outcome": "written_only",
                "evidence_id": "E7",
                "document": "demand_letter",
                "deadline": "2025-11-13",
            },
            {
                "at": "2026-03-06T11:20:00+08:00",
                "channel": "lawyer_letter",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "委托北京某某律师事务所发出律师函（（2026）京某律函字第36号），以EMS寄送至约定送达地址，已妥投。",
                "delivered": True,
                "delivery_proof": {"kind": "ems", "reference": ems2},
                "outcome": "none",
                "evidence_id": "E8",
                "document": "lawyer_letter",
                "letter_no": "（2026）京某律函字第36号",
                "deadline": "2026-03-16",
            },
            {
                "at": "2026-03-12T20:15:00+08:00",
                "channel": "wechat",
                "counterpart": "张某某",
                "relation": "debtor",
                "content": "张某某收到律师函后主动添加公司财务微信，承认欠款，称资金紧张，提出分6期还款，请求免除逾期利息。公司同意：按期足额还款则免除逾期利息，任何一期逾期超过10日则剩余款项全部到期。",
                "delivered": True,
                "delivery_proof": {"kind": "read_receipt", "reference": "微信聊天记录2026-03-12"},
                "outcome": "instalment_agreed",
                "evidence_id": "E9",
            },
        ],
        "debtor_situation": {
            "ability": "tight",
            "monthly_capacity": D("18000.00"),
            "assets": [
                {
                    "kind": "real_estate",
                    "description": "北京市通州区某某镇某某家园7号楼2单元1101号住宅（登记在张某某名下，尚有按揭贷款）",
                    "location": "北京市通州区",
                    "estimated_value": D("3200000.00"),
                }
            ],
            "notes": "债务人经营的餐饮店2025年下半年停业，自称资金紧张；名下一套住房，为其家庭自住。",
        },
        "instalment_terms": {
            "count": 6,
            "first_due_date": "2026-04-15",
            "interval_months": 1,
            "waive": ["overdue_interest"],
            "acceleration_grace_days": 10,
        },
        # The article's story: the agreement was signed on 2026-03-12 (schedule = the engine's equal
        # instalments of the balance less the conditionally waived overdue interest).
        "agreement": {
            "signed_on": "2026-03-12",
            "signatories": ["北京某某商贸有限公司", "张某某"],
            "schedule": [{"due_date": f"2026-{m:02d}-15", "amount": D("16943.27")} for m in range(4, 9)]
            + [{"due_date": "2026-09-15", "amount": D("16943.28")}],
            "waived": ["overdue_interest"],
            "waiver_conditional": True,
            "acceleration_grace_days": 10,
            "acceleration_clause": "第五条",
            "waiver_clause": "第四条",
            "evidence_ids": ["E9"],
        },
        "lawyer": lawyer,
        "creditor_account": {
            "account_name": "北京某某商贸有限公司",
            "bank": "中国工商银行股份有限公司北京某某支行",
            "account_no": "0200 0045 0920 0123 456",
        },
        "procedure": {
            "preferred": "auto",
            "debtor_court_name": "北京市通州区人民法院",
            "creditor_court_name": "北京市朝阳区人民法院",
            "pre_action_preservation": False,
            "preservation_wanted": False,
        },
        "computation_date": "2026-03-31",
        "letters": {"demand_letter_extra": ["如您确有困难，请于付款期限内与我司财务部联系，协商还款安排。"]},
        "evidence": [
            {"id": "E1", "title": "出借人营业执照（副本）", "files": ["evidence/E1-yingye-zhizhao.pdf"],
             "source": "出借人自有", "purpose": "证明出借人的主体资格", "original": "copy", "identity_document": True},
            {"id": "E2", "title": "《借款合同》（编号MSJK-2025-017）", "files": ["evidence/E2-jiekuan-hetong.pdf"],
             "source": "双方签订，出借人持有", "purpose": "证明双方借款合意、借款金额100,000元、借期利率年10%、逾期利率年12%、约定管辖及送达地址",
             "original": "original"},
            {"id": "E3", "title": "银行转账电子回单（2025年6月5日）", "files": ["evidence/E3-zhuanzhang-huidan.pdf"],
             "source": "中国工商银行网上银行", "purpose": "证明出借人已于2025年6月5日实际出借100,000元", "original": "original"},
            {"id": "E4", "title": "借款人还款转账记录（2025年7月5日）", "files": ["evidence/E4-huankuan-jilu.pdf"],
             "source": "中国工商银行网上银行", "purpose": "证明借款人仅支付833.33元，其余本息未还", "original": "original"},
            {"id": "E5", "title": "催收短信截图", "files": ["evidence/E5-duanxin.png"],
             "source": "出借人财务人员手机", "purpose": "证明出借人于借款到期后及时催告", "original": "copy"},
            {"id": "E6", "title": "2025年9月15日通话录音文字整理", "files": ["evidence/E6-luyin-wenzi.pdf"],
             "source": "出借人财务人员手机通话录音（录音编号REC-20250915-01）", "purpose": "证明借款人认可欠款并承诺还款", "original": "copy"},
            {"id": "E7", "title": "《催款函》及EMS邮寄凭证", "files": ["evidence/E7-cuikuanhan.pdf", "evidence/E7-ems.jpg"],
             "source": "出借人发出；中国邮政EMS", "purpose": f"证明出借人于2025年11月3日书面催收并送达（EMS {ems1}）", "original": "copy"},
            {"id": "E8", "title": "律师函及EMS邮寄凭证", "files": ["evidence/E8-lvshihan.pdf", "evidence/E8-ems.jpg"],
             "source": "北京某某律师事务所；中国邮政EMS", "purpose": f"证明出借人委托律师催收并送达（EMS {ems2}），诉讼时效中断", "original": "copy"},
            {"id": "E9", "title": "微信聊天记录截图（2026年3月12日）", "files": ["evidence/E9-weixin.png"],
             "source": "出借人财务人员微信", "purpose": "证明借款人承认欠款并同意分6期还款", "original": "copy"},
            {"id": "E10", "title": "借款人身份证复印件", "files": ["evidence/E10-shenfenzheng.jpg"],
             "source": "签订合同时借款人提供", "purpose": "证明借款人的身份信息", "original": "copy", "identity_document": True},
        ],
    }
    debt_addr = case["loan"]["service_address_clause"]["debtor_address"]
    contract = Doc(
        "借款合同（MSJK-2025-017）",
        [
            ("h", "借 款 合 同"),
            ("r", "合同编号：MSJK-2025-017"),
            *party_lines("出借人（甲方）", creditor),
            *party_lines("借款人（乙方）", debtor),
            ("gap", 8),
            ("p", "甲乙双方根据《中华人民共和国民法典》等有关规定，经平等协商，就乙方向甲方借款事宜订立本合同，共同遵守。"),
            ("p", f"第一条 借款金额。乙方向甲方借款{yuan(principal)}。甲方于本合同签订当日以银行转账方式将借款支付至乙方指定账户，乙方收到款项后出具收条。"),
            ("p", "第二条 借款期限。借款期限为三个月，自2025年6月5日起至2025年9月4日止。"),
            ("p", "第三条 借款利息。借期内年利率为10%，按月付息，每月5日前支付上月利息，到期一次性归还本金。"),
            ("p", "第四条 逾期还款。乙方未按期归还借款本金的，自逾期之日起按年利率12%向甲方支付逾期利息，直至本息全部清偿之日止。"),
            ("p", "第五条 借款用途。乙方借款用于经营资金周转，不得用于违法活动。"),
            ("p", "第六条 提前还款。乙方可提前还款，利息按实际借款期间计算。"),
            ("p", "第七条 实现债权的费用。因乙方违约，甲方为实现债权支出的律师费、诉讼费、保全费等合理费用，由乙方承担。"),
            ("p", f"第八条 送达地址。{case['loan']['service_address_clause']['text']}"),
            ("p", f"第九条 争议解决。{case['loan']['jurisdiction_clause']['text']}"),
            ("p", "第十条 其他。本合同自双方签字（盖章）之日起生效。本合同一式两份，甲乙双方各执一份，具有同等法律效力。"),
            ("gap", 20),
            ("l", "甲方（盖章）：北京某某商贸有限公司"),
            ("l", "法定代表人（签字）："),
            ("seal", (creditor["name"], "合同专用章")),
            ("gap", 60),
            ("l", "乙方（签字并按手印）："),
            ("sign", debtor["name"]),
            ("gap", 40),
            ("l", "签订日期：2025年6月5日　　签订地点：北京市朝阳区"),
            ("gap", 16),
            ("l", "（虚构示例材料，仅用于软件测试。）"),
        ],
    )
    demand = Doc(
        "催款函",
        [
            ("h", "催 款 函"),
            ("l", "张某某先生："),
            ("p", f"您于2025年6月5日与我司签订《借款合同》（编号MSJK-2025-017），向我司借款{yuan(principal)}，约定借款期限至2025年9月4日，借期内年利率10%，逾期年利率12%。我司已于当日足额支付借款。借款到期后，您仅于2025年7月5日支付833.33元，其余本息至今未还。"),
            ("p", "请您于收到本函之日起10日内，将借款本金100,000元及相应利息支付至我司下列账户：户名北京某某商贸有限公司，开户行中国工商银行股份有限公司北京某某支行，账号0200 0045 0920 0123 456。"),
            ("p", "如您确有困难，请于付款期限内与我司财务部联系，协商还款安排。逾期未付，我司将依法通过诉讼等途径解决。"),
            ("gap", 30),
            ("r", "北京某某商贸有限公司"),
            ("seal", (creditor["name"], "")),
            ("gap", 50),
            ("r", zh_date(dt.date(2025, 11, 3))),
            ("gap", 20),
            ("l", "（虚构示例材料，仅用于软件测试。）"),
        ],
        page_numbers=False,
    )
    letter = Doc(
        "律师函",
        [
            ("h", "北京某某律师事务所"),
            ("h", "律 师 函"),
            ("r", "（2026）京某律函字第36号"),
            ("l", "致：张某某先生"),
            ("p", "北京某某律师事务所接受北京某某商贸有限公司（以下简称“委托人”）的委托，指派赵某某律师就您拖欠委托人借款一事，郑重致函如下："),
            ("p", f"一、2025年6月5日，您与委托人签订《借款合同》，向委托人借款{yuan(principal)}，借款期限至2025年9月4日。委托人已依约足额出借。借款到期后您未依约还款，委托人多次催收未果，您已逾期约半年。"),
            ("p", "二、根据《中华人民共和国民法典》第六百七十四条、第六百七十六条的规定，借款人应当按照约定的期限支付利息并返还借款，未按期返还的，应当按照约定或者国家有关规定支付逾期利息。"),
            ("p", "三、请您于收到本函之日起七日内，与委托人联系并归还借款本金及利息。逾期未履行的，本所将受委托人委托依法申请支付令或提起诉讼，并申请财产保全，由此产生的一切费用和法律后果由您承担。"),
            ("p", "特此函告。"),
            ("gap", 20),
            ("l", f"承办律师：赵某某　执业证号：{lawyer['license_no']}　联系电话：{lawyer['lawyer_phone']}"),
            ("gap", 20),
            ("r", "北京某某律师事务所"),
            ("seal", (lawyer["firm_name"], "")),
            ("gap", 50),
            ("r", "2026年3月6日"),
            ("gap", 10),
            ("l", "（虚构示例材料，仅用于软件测试。）"),
        ],
        page_numbers=False,
    )
    transcript = Doc(
        "通话录音文字整理",
        [
            ("h", "通话录音文字整理"),
            ("l", "录音编号：REC-20250915-01　录音时间：2025年9月15日14:30（北京时间）　时长：3分12秒"),
            ("l", "通话双方：北京某某商贸有限公司财务人员（以下简称“财务”）、张某某（13910468273）"),
            ("gap", 8),
            ("p", "财务：张先生您好，我是某某商贸的财务。您6月5日借的10万元，9月4日已经到期了，想跟您确认一下还款安排。"),
            ("p", "张某某：我知道，是借了你们10万。最近店里生意不好，钱一时周转不过来。"),
            ("p", "财务：那您大概什么时候能还？"),
            ("p", "张某某：这个月底，9月30号之前我先还一部分，剩下的再想办法。"),
            ("p", "财务：好的，我们记下了，请您按时安排。"),
            ("gap", 16),
            ("p", "整理人声明：以上内容系根据录音原件如实整理，录音原始载体由原告保存，可当庭播放。"),
            ("l", "（虚构示例材料，仅用于软件测试。）"),
        ],
        page_numbers=False,
    )
    acct_c = ("北京某某商贸有限公司", "0200 0045 0920 0123 456", "中国工商银行北京某某支行")
    acct_d = ("张某某", "6222 0202 0001 2345 678", "中国工商银行北京通州某某支行")
    wechat = Chat(
        "张某某",
        [
            ("time", "2026年3月12日 20:15"),
            ("them", "你好，律师函收到了。钱我认，是我欠公司的，不是不还，确实最近太紧了。"),
            ("me", "张先生您好。借款本金10万元，利息和逾期利息另计，已经逾期半年了。"),
            ("them", "我想分6个月还，每个月还一部分，逾期利息能不能免了？"),
            ("me", "公司同意分6期，从4月15日开始每月15日还。按期足额还清的话，逾期利息可以免除；如果哪一期逾期超过10天，剩下的全部到期，逾期利息照算。"),
            ("them", "行，我同意，就这么办。"),
            ("me", "好的，我们把分期还款协议发给您签字。"),
        ],
        me="某某商贸财务",
        them="张某某",
    )
    sms = Chat(
        "+86 139 1046 8273",
        [
            ("time", "2025年9月6日 周六 10:12"),
            ("me", case["collection_log"][0]["content"]),
            ("time", "已送达"),
        ],
        style="sms",
    )
    files: dict[str, Maker] = {
        "evidence/E1-yingye-zhizhao.pdf": _pdf(business_licence(creditor, "2018年3月12日", "伍佰万元整", "销售日用品、五金交电、建筑材料；技术咨询、技术服务。")),
        "evidence/E2-jiekuan-hetong.pdf": _pdf(contract),
        "evidence/E3-zhuanzhang-huidan.pdf": _pdf(bank_receipt("中国工商银行", "2025-06-05 11:05:23", acct_c, acct_d, principal, "2025060511052388", "借款（合同MSJK-2025-017）")),
        "evidence/E4-huankuan-jilu.pdf": _pdf(bank_receipt("中国工商银行", "2025-07-05 09:31:40", acct_d, acct_c, D("833.33"), "2025070509314012", "6月利息")),
        "evidence/E5-duanxin.png": _chat(sms),
        "evidence/E6-luyin-wenzi.pdf": _pdf(transcript),
        "evidence/E7-cuikuanhan.pdf": _pdf(demand),
        "evidence/E7-ems.jpg": _photo(ems_photo(107, "2025:11:03 10:05:12", ems1, creditor, debtor, debt_addr, "催款函（借款合同MSJK-2025-017）", 6)),
        "evidence/E8-lvshihan.pdf": _pdf(letter),
        "evidence/E8-ems.jpg": _photo(ems_photo(108, "2026:03:06 11:26:40", ems2, {"name": "北京某某律师事务所", "domicile": lawyer["firm_address"], "phone": lawyer["firm_phone"]}, debtor, debt_addr, "律师函（2026）京某律函字第36号", 1)),
        "evidence/E9-weixin.png": _chat(wechat),
        "evidence/E10-shenfenzheng.jpg": _photo(id_copy_photo(110, "2025:06:05 09:48:03", [debtor])),
    }
    return _papers_01(Sample(case, files))


def case_02() -> Sample:
    """An IOU (借条) between two natural persons, no interest agreed, cash + WeChat transfer."""
    cid = "02-iou-no-interest"
    creditor = {
        "kind": "person", "name": "刘某某", "gender": "女", "birth_date": "1978-09-23", "ethnicity": "汉族",
        "id_number": person_id("440106", "1978-09-23", "342"),
        "domicile": "广东省广州市天河区某某路某某小区3栋1204房", "phone": "13760452318",
        "occupation": "教师",
    }
    debtor = {
        "kind": "person", "name": "陈某", "gender": "男", "birth_date": "1990-01-08", "ethnicity": "汉族",
        "id_number": person_id("440111", "1990-01-08", "157"),
        "domicile": "广东省广州市白云区某某街某某村东街5号",
        "habitual_residence": "广东省广州市海珠区某某路28号502房",
        "phone": "15920387164", "occupation": "销售", "employer": "广州某某汽车销售服务有限公司",
    }
    ems = "1199876543210"
    case: dict[str, Any] = {
        "schema_version": "1",
        "case_id": cid,
        "creditor": creditor,
        "debtors": [debtor],
        "lender_category": "natural_person",
        "loan": {
            "contract_name": "借条",
            "signed_on": "2024-11-02",
            "signed_place": "广州市天河区",
            "face_principal": D("30000.00"),
            "disbursements": [
                {"date": "2024-11-02", "amount": D("10000.00"), "method": "cash", "evidence_ids": ["E1"]},
                {"date": "2024-11-03", "amount": D("20000.00"), "method": "wechat",
                 "reference": "1000039901202411031234567890", "evidence_ids": ["E2"]},
            ],
            "due_date": "2025-05-02",
            "interest": {"kind": "none"},
            "overdue_interest": {"kind": "none"},
            "purpose": "购车首付周转",
            "evidence_ids": ["E1"],
        },
        "collection_log": [
            {"at": "2025-05-03T09:20:00+08:00", "channel": "wechat", "counterpart": "陈某", "relation": "debtor",
             "content": "提醒借条约定的还款日已到，请归还30,000元。", "delivered": True, "outcome": "none"},
            {"at": "2025-06-15T21:02:00+08:00", "channel": "wechat", "counterpart": "陈某", "relation": "debtor",
             "content": "再次微信催还，陈某回复最近手头紧，8月底前一定还。", "delivered": True,
             "outcome": "promise", "promised_date": "2025-08-31", "evidence_id": "E3"},
            {"at": "2025-09-05T19:30:00+08:00", "channel": "phone", "counterpart": "陈某", "relation": "debtor",
             "content": "电话催还，陈某称再宽限几个月。", "delivered": True, "outcome": "reached"},
            {"at": "2025-12-10T15:00:00+08:00", "channel": "letter", "counterpart": "陈某", "relation": "debtor",
             "content": "以EMS向陈某经常居住地寄送《催款函》，要求7日内归还30,000元。", "delivered": True,
             "delivery_proof": {"kind": "ems", "reference": ems}, "outcome": "none", "evidence_id": "E4",
             "document": "demand_letter", "deadline": "2025-12-17"},
            {"at": "2026-01-15T12:40:00+08:00", "channel": "wechat", "counterpart": "陈某", "relation": "debtor",
             "content": "陈某微信回复：“信收到了，3万块我认，年后一定还。”", "delivered": True,
             "outcome": "acknowledged", "evidence_id": "E3"},
        ],
        "debtor_situation": {
            "ability": "unknown",
            "assets": [{"kind": "vehicle", "description": "小型轿车一辆（粤A牌照，登记在陈某名下）",
                        "location": "广东省广州市", "estimated_value": D("80000.00")}],
            "notes": "债务人在汽车销售公司工作，有固定收入。",
        },
        "creditor_account": {"account_name": "刘某某", "bank": "中国建设银行股份有限公司广州某某支行",
                             "account_no": "6217 0033 2000 1234 567"},
        "procedure": {"preferred": "payment_order", "debtor_court_name": "广东省广州市海珠区人民法院",
                      "creditor_court_name": "广东省广州市天河区人民法院"},
        "computation_date": "2026-03-31",
        "evidence": [
            {"id": "E1", "title": "借条（2024年11月2日）", "files": ["evidence/E1-jietiao.jpg"],
             "source": "借款人出具，出借人持有原件", "purpose": "证明借款人向出借人借款30,000元，其中现金10,000元当场交付，约定2025年5月2日前归还",
             "original": "original"},
            {"id": "E2", "title": "微信转账记录（2024年11月3日，20,000元）", "files": ["evidence/E2-weixin-zhuanzhang.png"],
             "source": "出借人微信", "purpose": "证明出借人通过微信转账交付借款20,000元", "original": "copy"},
            {"id": "E3", "title": "微信聊天记录截图", "files": ["evidence/E3-weixin-liaotian.png"],
             "source": "出借人微信", "purpose": "证明出借人多次催收，借款人承认欠款30,000元", "original": "copy"},
            {"id": "E4", "title": "《催款函》及EMS邮寄凭证", "files": ["evidence/E4-cuikuanhan.pdf", "evidence/E4-ems.jpg"],
             "source": "出借人发出；中国邮政EMS", "purpose": f"证明出借人书面催收并送达（EMS {ems}）", "original": "copy"},
        ],
    }
    iou = Photo(
        lines=[
            ("借　条", 44),
            (f"今借到刘某某（身份证号{creditor['id_number']}）人民币叁万元整（¥30,000.00），其中现金壹万元整今日当面收到，余款贰万元整于明日通过微信转账支付。", 30),
            ("借款人承诺于2025年5月2日前一次性归还。", 30),
            (f"借款人：陈某（按手印）", 30),
            (f"身份证号：{debtor['id_number']}", 26),
            (f"电话：{debtor['phone']}", 26),
            ("2024年11月2日", 30),
            ("（虚构示例材料，仅用于软件测试）", 20),
        ],
        seed=201, taken="2024:11:02 20:41:17", orientation=6, paper=(700, 900), tilt=-3.0,
    )
    transfer = Chat("陈某", [
        ("time", "2024年11月3日 10:26"),
        ("pay_me", "¥20,000.00|借款余款"),
        ("them", "收到了，谢谢刘姐！"),
        ("time", "2024年11月3日 10:31"),
        ("pay_them", "已收款 ¥20,000.00|转账"),
    ], me="刘某某", them="陈某")
    talk = Chat("陈某", [
        ("time", "2025年6月15日 21:02"),
        ("me", "小陈，借条上写的5月2日还钱，已经过了一个多月了，3万块什么时候还？"),
        ("them", "刘姐不好意思，最近手头紧，8月底前一定还。"),
        ("time", "2026年1月15日 12:40"),
        ("me", "催款函收到了吗？"),
        ("them", "信收到了，3万块我认，年后一定还。"),
    ], me="刘某某", them="陈某")
    demand = Doc("催款函", [
        ("h", "催 款 函"),
        ("l", "陈某："),
        ("p", f"2024年11月2日，你向我借款{yuan(D('30000'))}，并出具借条，约定于2025年5月2日前归还。我于当日交付现金10,000元，次日通过微信转账交付20,000元。还款期限届满后，经我多次催要，你至今未还。"),
        ("p", "请你于收到本函之日起7日内将上述借款30,000元归还至我的账户（户名刘某某，中国建设银行股份有限公司广州某某支行，账号6217 0033 2000 1234 567）。逾期不还，我将依法向人民法院申请支付令或提起诉讼。"),
        ("gap", 30),
        ("r", "出借人：刘某某"),
        ("sign", "刘某某"),
        ("gap", 40),
        ("r", "2025年12月10日"),
        ("gap", 20),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
    ], page_numbers=False)
    files: dict[str, Maker] = {
        "evidence/E1-jietiao.jpg": _photo(iou),
        "evidence/E2-weixin-zhuanzhang.png": _chat(transfer),
        "evidence/E3-weixin-liaotian.png": _chat(talk),
        "evidence/E4-cuikuanhan.pdf": _pdf(demand),
        "evidence/E4-ems.jpg": _photo(ems_photo(204, "2025:12:10 15:08:55", ems, creditor, debtor,
                                                debtor["habitual_residence"], "催款函", 8)),
    }
    return _papers_02(Sample(case, files))


def case_03() -> Sample:
    """A licensed consumer-finance loan in 12 instalments, with a joint-liability guarantor."""
    cid = "03-consumer-finance-guarantor"
    creditor = {
        "kind": "organization", "name": "重庆某某消费金融有限公司",
        "uscc": uscc("500112", "MA5U3R8N"),
        "domicile": "重庆市渝北区某某大道某某中心12层", "org_type": "有限责任公司", "representative": "孙某某",
        "representative_title": "董事长", "phone": "023-67881234", "short_name": "某某消费金融",
    }
    debtor = {
        "kind": "person", "name": "李某某", "gender": "女", "birth_date": "1992-07-30", "ethnicity": "汉族",
        "id_number": person_id("510107", "1992-07-30", "064"),
        "domicile": "四川省成都市武侯区某某路某某小区2栋1单元803号", "phone": "18280194736",
        "email": "li.moumou@example.com", "occupation": "职员", "employer": "成都某某科技有限公司",
    }
    guarantor = {
        "kind": "person", "name": "周某某", "gender": "男", "birth_date": "1965-11-02", "ethnicity": "汉族",
        "id_number": person_id("510104", "1965-11-02", "213"),
        "domicile": "四川省成都市锦江区某某街某某号3栋2单元401号", "phone": "13908175642",
        "occupation": "退休",
    }
    principal = D("60000.00")
    instalments = []
    for k in range(12):
        y, m = 2024 + (8 + k) // 12, (8 + k) % 12 + 1
        instalments.append({"due_date": f"{y}-{m:02d}-15", "principal": D("5000.00")})
    # Equal principal, interest 18%/year = 1.5%/month on the balance: 900, 825, 750, 675.
    paid = [("2024-09-15", "5900.00"), ("2024-10-15", "5825.00"), ("2024-11-15", "5750.00"), ("2024-12-15", "5675.00")]
    ems_d, ems_g = "1123456789012", "1123456789029"
    case: dict[str, Any] = {
        "schema_version": "1",
        "case_id": cid,
        "creditor": creditor,
        "debtors": [debtor],
        "guarantors": [{"party": guarantor, "guarantee_type": "joint", "guarantee_period_end": "2028-08-15",
                        "evidence_ids": ["E3"]}],
        "lender_category": "consumer_finance",
        "loan": {
            "contract_name": "个人消费贷款合同",
            "contract_no": "XF2024081500321",
            "signed_on": "2024-08-15",
            "signed_place": "重庆市渝北区",
            "face_principal": principal,
            "disbursements": [{"date": "2024-08-15", "amount": principal, "method": "bank_transfer",
                               "reference": "XF20240815D0093", "evidence_ids": ["E4"]}],
            "term_start": "2024-08-15",
            "instalments": instalments,
            "interest": {"kind": "agreed", "rate": D("18"), "unit": "year"},
            "overdue_interest": {"kind": "agreed", "rate": D("27"), "unit": "year"},
            "other_fees": [{"name": "逾期管理费", "amount": D("300.00"), "claimed": True}],
            "jurisdiction_clause": {
                "text": "因本合同产生的争议，双方协商解决；协商不成的，任何一方均可向贷款人住所地人民法院提起诉讼。",
                "clause_ref": "第十五条", "connection": "plaintiff_domicile", "court_name": "重庆市渝北区人民法院"},
            "service_address_clause": {
                "text": "借款人确认身份证载明地址及注册手机号、电子邮箱为有效送达地址，适用于催收通知及诉讼程序中的文书送达。",
                "debtor_address": debtor["domicile"], "debtor_email": debtor["email"]},
            "purpose": "装修",
            "evidence_ids": ["E2"],
        },
        "repayments": [{"date": d, "amount": D(a), "to_principal": D("5000.00"), "evidence_ids": ["E5"]} for d, a in paid],
        "collection_log": [
            {"at": "2025-01-16T09:00:00+08:00", "channel": "sms", "counterpart": "李某某", "relation": "debtor",
             "content": "【某某消费金融】尊敬的李女士，您的贷款第5期（应还5,600.00元）已逾期，请尽快还款，以免影响您的信用记录。",
             "delivered": True, "delivery_proof": {"kind": "sms_receipt", "reference": "SMSR-20250116-3321"},
             "evidence_id": "E6"},
            {"at": "2025-02-08T14:10:00+08:00", "channel": "phone", "counterpart": "李某某", "relation": "debtor",
             "content": "电话提醒逾期，李某某称被裁员，找到工作后还款。", "delivered": True,
             "recording_id": "CF-REC-0208-017", "outcome": "promise", "promised_date": "2025-03-15"},
            {"at": "2025-03-20T10:30:00+08:00", "channel": "phone", "counterpart": "周某某", "relation": "guarantor",
             "content": "告知保证人借款人已连续逾期，请其督促借款人还款或承担保证责任。", "delivered": True,
             "recording_id": "CF-REC-0320-004", "outcome": "reached", "disclosed_debt": True},
            {"at": "2025-04-10T09:00:00+08:00", "channel": "email", "counterpart": "李某某", "relation": "debtor",
             "content": "发送《贷款提前到期通知书》，宣布剩余全部本金提前到期。", "delivered": True,
             "delivery_proof": {"kind": "read_receipt", "reference": "MAIL-20250410-88"}, "evidence_id": "E7",
             "document": "acceleration_notice"},
            {"at": "2025-05-12T16:00:00+08:00", "channel": "letter", "counterpart": "李某某", "relation": "debtor",
             "content": "EMS寄送《催收通知书》。", "delivered": True,
             "delivery_proof": {"kind": "ems", "reference": ems_d}, "evidence_id": "E8"},
            {"at": "2025-05-12T16:05:00+08:00", "channel": "letter", "counterpart": "周某某", "relation": "guarantor",
             "content": "EMS寄送《履行保证责任通知书》。", "delivered": True,
             "delivery_proof": {"kind": "ems", "reference": ems_g}, "evidence_id": "E8",
             "document": "guarantee_notice"},
            {"at": "2026-02-10T11:00:00+08:00", "channel": "phone", "counterpart": "李某某", "relation": "debtor",
             "content": "再次电话沟通，李某某表示无力偿还，拒绝提出还款计划。", "delivered": True, "outcome": "refused"},
        ],
        "debtor_situation": {
            "ability": "tight", "monthly_capacity": D("2000.00"),
            "assets": [{"kind": "bank_account", "description": "工资代发账户（成都某某科技有限公司代发）",
                        "location": "四川省成都市"}],
            "notes": "借款人2025年初失业后再就业，收入下降；保证人有退休金。",
        },
        "lawyer": {
            "firm_name": "重庆某某律师事务所", "firm_address": "重庆市渝北区某某路某某号某某大厦9层",
            "firm_phone": "023-67001122", "lawyer_name": "钱某某", "license_no": "15001201911234567",
            "letter_prefix": "（2026）渝某律函字", "letter_serial": 112,
        },
        "creditor_account": {"account_name": "重庆某某消费金融有限公司", "bank": "某某银行股份有限公司重庆分行营业部",
                             "account_no": "5001 0203 0405 0607 08"},
        "procedure": {"preferred": "lawsuit", "debtor_court_name": "四川省成都市武侯区人民法院",
                      "creditor_court_name": "重庆市渝北区人民法院", "acceleration_date": "2025-04-10",
                      "pursue_guarantors": True, "expected_procedure": "summary"},
        "computation_date": "2026-03-31",
        # The contract (E2, 第四条) charges 1.5 % a month on the balance (18 %/year ÷ 12): 按月计息, the
        # rest of a month by day; the ledger's 900/825/750/675 are those whole months.
        "settings": {"interest_convention": "monthly"},
        "evidence": [
            {"id": "E1", "title": "原告营业执照及金融许可证", "files": ["evidence/E1-zhizhao-xukezheng.pdf"],
             "source": "原告自有", "purpose": "证明原告系经批准设立的消费金融公司", "original": "copy", "identity_document": True},
            {"id": "E2", "title": "《个人消费贷款合同》（XF2024081500321）", "files": ["evidence/E2-daikuan-hetong.pdf"],
             "source": "原告与被告李某某电子签约", "purpose": "证明借款金额60,000元、分12期还款、年利率18%（按月计息）、罚息年利率27%及管辖约定",
             "original": "original"},
            {"id": "E3", "title": "《保证合同》", "files": ["evidence/E3-baozheng-hetong.pdf"],
             "source": "原告与被告周某某签订", "purpose": "证明周某某提供连带责任保证，保证期间至2028年8月15日", "original": "original"},
            {"id": "E4", "title": "放款凭证", "files": ["evidence/E4-fangkuan.pdf"],
             "source": "原告业务系统", "purpose": "证明原告于2024年8月15日发放贷款60,000元", "original": "copy"},
            {"id": "E5", "title": "还款明细", "files": ["evidence/E5-huankuan-mingxi.pdf"],
             "source": "原告业务系统", "purpose": "证明被告仅归还前4期，自第5期起逾期", "original": "copy"},
            {"id": "E6", "title": "催收短信截图", "files": ["evidence/E6-duanxin.png"],
             "source": "原告短信平台", "purpose": "证明原告及时催收", "original": "copy"},
            {"id": "E7", "title": "《贷款提前到期通知书》邮件打印件", "files": ["evidence/E7-tiqian-daoqi.pdf"],
             "source": "原告电子邮件系统", "purpose": "证明原告于2025年4月10日宣布贷款提前到期并送达", "original": "copy"},
            {"id": "E8", "title": "催收通知书EMS邮寄凭证", "files": ["evidence/E8-ems.jpg"],
             "source": "中国邮政EMS", "purpose": "证明原告向借款人、保证人书面催收并送达", "original": "copy"},
            {"id": "E9", "title": "被告身份证复印件", "files": ["evidence/E9-shenfenzheng-li.jpg", "evidence/E9-shenfenzheng-zhou.jpg"],
             "source": "签约时被告提供", "purpose": "证明被告身份信息", "original": "copy", "identity_document": True},
        ],
    }
    rows = [["期数", "到期日", "应还本金", "应还利息", "实还金额", "状态"]]
    balance = principal
    for k, inst in enumerate(instalments, start=1):
        interest = (balance * D("0.015")).quantize(D("0.01"))
        got = paid[k - 1][1] if k <= len(paid) else "0.00"
        rows.append([str(k), inst["due_date"], "5,000.00", figures(interest), figures(D(got)), "已结清" if k <= len(paid) else "逾期"])
        balance -= D("5000")
    contract = Doc("个人消费贷款合同", [
        ("h", "个人消费贷款合同"),
        ("r", "合同编号：XF2024081500321"),
        *party_lines("贷款人", creditor),
        *party_lines("借款人", debtor),
        ("p", f"第一条 贷款金额：{yuan(principal)}。贷款用途：装修。"),
        ("p", "第二条 贷款期限：12个月，自2024年8月15日至2025年8月15日。"),
        ("p", "第三条 还款方式：等额本金，按月还款，每月15日为还款日，每期归还本金5,000元及当期利息。"),
        ("p", "第四条 贷款利率：年利率18%（单利），按月计息，月利率＝年利率÷12（即1.5%）；"
              "自放款日次日起按对应日计算整月，不足一个月的部分按实际天数计息，日利率＝年利率÷365。"),
        ("p", "第五条 罚息：借款人未按期还款的，对逾期本金自逾期之日起按执行利率上浮50%（即年利率27%）计收罚息；每逾期一期另收取逾期管理费75元。"),
        ("p", "第六条 提前到期：借款人连续三期未按期还款的，贷款人有权宣布全部贷款提前到期。"),
        ("p", "第七条 保证：本合同项下债务由周某某提供连带责任保证，具体以《保证合同》为准。"),
        ("p", f"第十四条 送达：{case['loan']['service_address_clause']['text']}"),
        ("p", f"第十五条 争议解决：{case['loan']['jurisdiction_clause']['text']}"),
        ("p", "第十六条 本合同以数据电文形式订立，借款人通过贷款人APP以电子签名方式签署，与书面合同具有同等效力。"),
        ("gap", 20),
        ("l", "贷款人（电子签章）：重庆某某消费金融有限公司"),
        ("seal", (creditor["name"], "合同专用章")),
        ("gap", 60),
        ("l", "借款人（电子签名）：李某某　签署时间：2024-08-15 10:22:31（北京时间）"),
        ("gap", 10),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
        ("break", None),
        ("h", "附件：还款计划表"),
        ("table", [r[:4] for r in rows]),
    ])
    guarantee = Doc("保证合同", [
        ("h", "保 证 合 同"),
        *party_lines("债权人", creditor),
        *party_lines("保证人", guarantor),
        ("p", "鉴于债权人与借款人李某某签订了编号为XF2024081500321的《个人消费贷款合同》，保证人自愿为借款人在主合同项下的全部债务提供保证。"),
        ("p", "第一条 保证方式：连带责任保证。"),
        ("p", "第二条 保证范围：主合同项下的贷款本金、利息、罚息、逾期管理费及债权人实现债权的费用。"),
        ("p", "第三条 保证期间：自主合同约定的债务履行期限届满之日起三年，即至2028年8月15日。"),
        ("p", "第四条 主合同约定提前到期的，保证人同意在提前到期后承担保证责任。"),
        ("gap", 20),
        ("l", "债权人（盖章）：重庆某某消费金融有限公司"),
        ("seal", (creditor["name"], "合同专用章")),
        ("gap", 60),
        ("l", "保证人（签字并按手印）："),
        ("sign", guarantor["name"]),
        ("gap", 40),
        ("l", "签订日期：2024年8月15日"),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
    ])
    licence = Doc("营业执照及金融许可证", [
        *business_licence(creditor, "2016年9月8日", "叁拾亿元整", "发放个人消费贷款；接受股东境内子公司及境内股东的存款；经批准的其他业务。").blocks[:-3],
        ("break", None),
        ("h", "金 融 许 可 证"),
        ("l", "机构编码：N0000H250000001（虚构）"),
        ("l", f"机构名称：{creditor['name']}"),
        ("l", "业务范围：发放个人消费贷款等经国家金融监督管理总局批准的业务"),
        ("l", "批准成立日期：2016年8月30日"),
        ("l", "发证机关：国家金融监督管理机构某某监管局"),
        ("gap", 20),
        ("l", "（虚构示例材料，仅用于软件测试。本复印件仅供诉讼使用。）"),
        ("seal", (creditor["name"], "")),
    ])
    release = Doc("放款凭证", [
        ("h", "贷款发放凭证"),
        ("table", [["合同编号", "XF2024081500321", "放款流水号", "XF20240815D0093"],
                   ["借款人", "李某某", "放款日期", "2024-08-15 10:35:02"],
                   ["收款账户", "6214 8301 2345 6789", "收款银行", "招商银行成都某某支行"],
                   ["放款金额", f"¥{figures(principal)}", "大写", rmb_words(principal)[3:]]]),
        ("l", "放款状态：成功"),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
        ("seal", (creditor["name"], "业务专用章")),
    ], page_numbers=False)
    ledger = Doc("还款明细", [
        ("h", "还款明细（截至2026年3月31日）"),
        ("l", "合同编号：XF2024081500321　借款人：李某某"),
        ("table", rows),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
        ("seal", (creditor["name"], "业务专用章")),
    ], page_numbers=False)
    notice = Doc("贷款提前到期通知书", [
        ("l", "发件人：collection@example.com（重庆某某消费金融有限公司）"),
        ("l", f"收件人：{debtor['email']}"),
        ("l", "发送时间：2025-04-10 09:00:00 +08:00　已读回执：2025-04-10 12:47:15 +08:00"),
        ("l", "主题：贷款提前到期通知书（XF2024081500321）"),
        ("gap", 10),
        ("h", "贷款提前到期通知书"),
        ("l", "李某某女士："),
        ("p", "您在我司的个人消费贷款（合同编号XF2024081500321）自2025年1月15日起已连续三期未按期还款。根据合同第六条约定，我司现宣布该笔贷款全部提前到期，请您于收到本通知之日起立即归还剩余本金40,000元及利息、罚息。"),
        ("r", "重庆某某消费金融有限公司"),
        ("r", "2025年4月10日"),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
    ], page_numbers=False)
    sms = Chat("106900001234", [
        ("time", "2025年1月16日 09:00"),
        ("them", case["collection_log"][0]["content"]),
    ], style="sms")
    files: dict[str, Maker] = {
        "evidence/E1-zhizhao-xukezheng.pdf": _pdf(licence),
        "evidence/E2-daikuan-hetong.pdf": _pdf(contract),
        "evidence/E3-baozheng-hetong.pdf": _pdf(guarantee),
        "evidence/E4-fangkuan.pdf": _pdf(release),
        "evidence/E5-huankuan-mingxi.pdf": _pdf(ledger),
        "evidence/E6-duanxin.png": _chat(sms),
        "evidence/E7-tiqian-daoqi.pdf": _pdf(notice),
        "evidence/E8-ems.jpg": _photo(ems_photo(308, "2025:05:12 16:20:03", ems_d, creditor, debtor, debtor["domicile"],
                                                f"催收通知书（另寄保证人，邮件号{ems_g}）", 6)),
        "evidence/E9-shenfenzheng-li.jpg": _photo(id_copy_photo(309, "2024:08:15 10:12:44", [debtor])),
        "evidence/E9-shenfenzheng-zhou.jpg": _photo(id_copy_photo(310, "2024:08:15 10:14:09", [guarantor], orientation=3)),
    }
    return _papers_03(Sample(case, files))


def case_04() -> Sample:
    """A private loan formed in 2019 at 20%/year (old 24% rule), partly repaid: 民间借贷规定第31条 transition."""
    cid = "04-pre-2020-transitional"
    creditor = {
        "kind": "person", "name": "黄某某", "gender": "男", "birth_date": "1968-05-14", "ethnicity": "汉族",
        "id_number": person_id("330106", "1968-05-14", "315"),
        "domicile": "浙江省杭州市西湖区某某路某某苑5幢2单元301室", "phone": "13906528417",
        "occupation": "个体经营者",
    }
    debtor = {
        "kind": "person", "name": "吴某某", "gender": "男", "birth_date": "1975-12-03", "ethnicity": "汉族",
        "id_number": person_id("330110", "1975-12-03", "037"),
        "domicile": "浙江省杭州市余杭区某某街道某某村某某组18号", "phone": "13757139260",
        "occupation": "个体工商户", "employer": "杭州余杭某某建材经营部",
    }
    principal = D("200000.00")
    ems = "1061234509876"
    case: dict[str, Any] = {
        "schema_version": "1",
        "case_id": cid,
        "creditor": creditor,
        "debtors": [debtor],
        "lender_category": "natural_person",
        "loan": {
            "contract_name": "借款协议",
            "signed_on": "2019-06-18",
            "signed_place": "杭州市西湖区",
            "face_principal": principal,
            "disbursements": [{"date": "2019-06-18", "amount": principal, "method": "bank_transfer",
                               "reference": "NB20190618150233", "evidence_ids": ["E2"]}],
            "term_start": "2019-06-18",
            "due_date": "2020-06-17",
            "interest": {"kind": "agreed", "rate": D("20"), "unit": "year"},
            "overdue_interest": {"kind": "agreed", "rate": D("24"), "unit": "year"},
            "purpose": "建材经营进货",
            "evidence_ids": ["E1"],
        },
        "repayments": [{"date": "2020-12-31", "amount": D("50000.00"), "evidence_ids": ["E3"]}],
        "collection_log": [
            {"at": "2020-06-20T10:00:00+08:00", "channel": "phone", "counterpart": "吴某某", "relation": "debtor",
             "content": "借款到期后电话催还，吴某某称受疫情影响，年底前先还一部分。", "delivered": True,
             "outcome": "promise", "promised_date": "2020-12-31"},
            {"at": "2021-09-01T18:30:00+08:00", "channel": "wechat", "counterpart": "吴某某", "relation": "debtor",
             "content": "微信催要剩余借款，未回复。", "delivered": True, "outcome": "none"},
            {"at": "2023-10-10T09:30:00+08:00", "channel": "letter", "counterpart": "吴某某", "relation": "debtor",
             "content": "EMS寄送《催款函》，要求归还剩余本金及利息。", "delivered": True,
             "delivery_proof": {"kind": "ems", "reference": ems}, "outcome": "none", "evidence_id": "E4"},
            {"at": "2025-06-05T20:10:00+08:00", "channel": "wechat", "counterpart": "吴某某", "relation": "debtor",
             "content": "吴某某微信回复：“剩下的钱我会还，利息能不能少算点。”", "delivered": True,
             "outcome": "acknowledged", "evidence_id": "E5"},
            {"at": "2026-02-20T15:00:00+08:00", "channel": "phone", "counterpart": "吴某某", "relation": "debtor",
             "content": "电话协商还款，吴某某认为利息过高，不同意按约定利率计息。", "delivered": True,
             "outcome": "dispute"},
        ],
        "debtor_situation": {
            "ability": "able",
            "assets": [{"kind": "vehicle", "description": "重型自卸货车一辆（浙A牌照，登记在吴某某名下）",
                        "location": "浙江省杭州市余杭区", "estimated_value": D("150000.00")},
                       {"kind": "other", "description": "杭州余杭某某建材经营部（个体工商户）经营资产",
                        "location": "浙江省杭州市余杭区"}],
        },
        "lawyer": {
            "firm_name": "浙江某某律师事务所", "firm_address": "浙江省杭州市西湖区某某路某某号某某大厦6层",
            "firm_phone": "0571-87001234", "lawyer_name": "郑某某", "license_no": "13301201610456789",
            "letter_prefix": "（2026）浙某律函字", "letter_serial": 7,
        },
        "creditor_account": {"account_name": "黄某某", "bank": "中国农业银行股份有限公司杭州某某支行",
                             "account_no": "6228 4803 1234 5678 901"},
        "procedure": {"preferred": "lawsuit", "debtor_court_name": "浙江省杭州市余杭区人民法院",
                      "creditor_court_name": "浙江省杭州市西湖区人民法院", "preservation_wanted": True},
        "computation_date": "2026-03-31",
        "evidence": [
            {"id": "E1", "title": "《借款协议》（2019年6月18日）", "files": ["evidence/E1-jiekuan-xieyi.pdf"],
             "source": "原被告签订，原告持有原件", "purpose": "证明借款200,000元、年利率20%、逾期年利率24%、2020年6月17日到期",
             "original": "original"},
            {"id": "E2", "title": "银行转账凭证（2019年6月18日）", "files": ["evidence/E2-zhuanzhang.pdf"],
             "source": "中国农业银行", "purpose": "证明原告实际出借200,000元", "original": "original"},
            {"id": "E3", "title": "还款记录（2020年12月31日，50,000元）", "files": ["evidence/E3-huankuan.png"],
             "source": "原告微信", "purpose": "证明被告仅归还50,000元", "original": "copy"},
            {"id": "E4", "title": "《催款函》及EMS邮寄凭证（2023年10月10日）", "files": ["evidence/E4-cuikuanhan.pdf", "evidence/E4-ems.jpg"],
             "source": "原告发出；中国邮政EMS", "purpose": "证明原告书面催收并送达，诉讼时效中断", "original": "copy"},
            {"id": "E5", "title": "微信聊天记录截图（2025年6月5日）", "files": ["evidence/E5-weixin.png"],
             "source": "原告微信", "purpose": "证明被告承认尚欠借款，诉讼时效中断", "original": "copy"},
            {"id": "E6", "title": "被告身份证复印件", "files": ["evidence/E6-shenfenzheng.jpg"],
             "source": "签订协议时被告提供", "purpose": "证明被告身份信息", "original": "copy", "identity_document": True},
        ],
    }
    agreement = Doc("借款协议", [
        ("h", "借 款 协 议"),
        *party_lines("出借人（甲方）", creditor),
        *party_lines("借款人（乙方）", debtor),
        ("p", f"一、乙方因建材经营进货需要，向甲方借款{yuan(principal)}。甲方于本协议签订当日通过银行转账支付至乙方账户。"),
        ("p", "二、借款期限一年，自2019年6月18日起至2020年6月17日止。"),
        ("p", "三、借款年利率20%，利息随本金到期一并支付。"),
        ("p", "四、乙方逾期还款的，自逾期之日起按年利率24%支付逾期利息。"),
        ("p", "五、乙方还款时，先抵充利息，再抵充本金。"),
        ("p", "六、因本协议发生争议，双方协商解决；协商不成的，依法向有管辖权的人民法院起诉。"),
        ("p", "七、本协议一式两份，双方各执一份，自双方签字之日起生效。"),
        ("gap", 20),
        ("l", "甲方（签字）："),
        ("sign", creditor["name"]),
        ("gap", 40),
        ("l", "乙方（签字并按手印）："),
        ("sign", debtor["name"]),
        ("gap", 40),
        ("l", "2019年6月18日于杭州市西湖区"),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
    ])
    demand = Doc("催款函", [
        ("h", "催 款 函"),
        ("l", "吴某某："),
        ("p", f"2019年6月18日，你向我借款{yuan(principal)}，约定年利率20%，2020年6月17日到期。到期后你仅于2020年12月31日归还50,000元，剩余本金及利息至今未还。"),
        ("p", "请你于收到本函之日起15日内归还剩余借款本金及利息。逾期不还，我将依法起诉。"),
        ("gap", 30),
        ("r", "出借人：黄某某"),
        ("sign", "黄某某"),
        ("gap", 40),
        ("r", "2023年10月10日"),
        ("l", "（虚构示例材料，仅用于软件测试。）"),
    ], page_numbers=False)
    acct_c = ("黄某某", "6228 4803 1234 5678 901", "中国农业银行杭州某某支行")
    acct_d = ("吴某某", "6228 4803 9876 5432 101", "中国农业银行杭州余杭某某支行")
    repay = Chat("吴某某", [
        ("time", "2020年12月31日 16:48"),
        ("them", "黄哥，今天先还你5万，剩下的明年再想办法。"),
        ("pay_them", "¥50,000.00|还款"),
        ("me", "收到，剩下的抓紧。"),
    ], me="黄某某", them="吴某某")
    talk = Chat("吴某某", [
        ("time", "2025年6月5日 20:10"),
        ("me", "老吴，借的20万你只还了5万，剩下的什么时候还？"),
        ("them", "剩下的钱我会还，利息能不能少算点。"),
        ("me", "协议上写得清清楚楚，你先拿个还款计划出来。"),
    ], me="黄某某", them="吴某某")
    files: dict[str, Maker] = {
        "evidence/E1-jiekuan-xieyi.pdf": _pdf(agreement),
        "evidence/E2-zhuanzhang.pdf": _pdf(bank_receipt("中国农业银行", "2019-06-18 15:02:33", acct_c, acct_d, principal, "NB20190618150233", "借款")),
        "evidence/E3-huankuan.png": _chat(repay),
        "evidence/E4-cuikuanhan.pdf": _pdf(demand),
        "evidence/E4-ems.jpg": _photo(ems_photo(404, "2023:10:10 09:41:26", ems, creditor, debtor, debtor["domicile"], "催款函", 6)),
        "evidence/E5-weixin.png": _chat(talk),
        "evidence/E6-shenfenzheng.jpg": _photo(id_copy_photo(406, "2019:06:18 14:20:51", [debtor])),
    }
    return _papers_04(Sample(case, files))


# ---------------------------------------------------------------- filing papers (issue 14)
#
# Each sample also carries what the filing forms and the e-filing set need: party details (职务,
# 邮编, 电子送达地址, the legal representative's sex/birth/ID), contract clause numbers, the agent's
# practising certificate, identity papers linked to their party, and — where jurisdiction rests on
# the debtor's 经常居住地 — a residence certificate (民诉法解释第4条). All fictional.


def residence_certificate(person: dict[str, Any], address: str, since: str, issuer: str, issued: str) -> Doc:
    """A community committee's 居住证明 (a year's continuous residence, 民诉法解释第4条)."""
    return Doc(
        "居住证明",
        [
            ("h", "居 住 证 明"),
            ("gap", 10),
            ("p", f"兹证明{person['name']}（{person['gender']}，公民身份号码{person['id_number']}）自{since}起在本辖区"
                  f"{address}连续居住至今，已满一年。"),
            ("p", "特此证明。"),
            ("gap", 30),
            ("r", issuer),
            ("seal", (issuer, "")),
            ("gap", 50),
            ("r", issued),
            ("gap", 20),
            ("l", "（虚构示例材料，仅用于软件测试。）"),
        ],
        page_numbers=False,
    )


def licence_photo(seed: int, taken: str, lawyer: dict[str, Any], authority: str) -> Photo:
    """A copy of a 律师执业证 (the agent's identity paper at filing, 登记立案规定第6条)."""
    return Photo(
        lines=[
            ("中华人民共和国律师执业证", 34),
            (f"持证人：{lawyer['lawyer_name']}", 26),
            (f"执业证号：{lawyer['license_no']}", 26),
            (f"执业机构：{lawyer['firm_name']}", 24),
            ("执业证类别：专职律师", 22),
            (f"发证机关：{authority}", 22),
            ("本复印件仅供立案使用", 22),
            ("（虚构示例材料，仅用于软件测试）", 20),
        ],
        seed=seed, taken=taken, orientation=1, paper=(720, 520), tilt=1.0, stamp="仅供立案使用",
    )


def _mediation(consider: str) -> dict[str, Any]:
    return {"knows_mediation": True, "knows_benefits": [True] * 5, "consider_pre_mediation": consider}


def _link(case: dict[str, Any], eid: str, party: str, doc_type: str) -> None:
    item = next(e for e in case["evidence"] if e["id"] == eid)
    item["party"] = party
    item["doc_type"] = doc_type


def _papers_01(s: Sample) -> Sample:
    c = s.case
    rep = {"name": "王某某", "gender": "男", "ethnicity": "汉族", "birth_date": "1975-03-08",
           "domicile": "北京市朝阳区某某里小区5号楼1单元301号", "id_number": person_id("110105", "1975-03-08", "215")}
    c["creditor"].update(postcode="100020", e_service_address="finance@example.com", representative_gender="男",
                         representative_birth_date=rep["birth_date"], representative_id_number=rep["id_number"])
    debtor = c["debtors"][0]
    debtor.update(postcode="101100", e_service_address=debtor["email"])
    c["loan"].update(
        clauses={"rate": "第三条", "overdue_rate": "第四条", "repayment": "第三条", "jurisdiction": "第九条"},
        repayment_method="monthly_interest",
        interest_paid_until="2025-07-04",  # the 833.33 paid on 2025-07-05 is June's interest (contract 第三条)
    )
    c["lawyer"]["licence_copy"] = "agency/lvshi-zhiyezheng.jpg"
    c["creditor_service"] = {
        "address": c["creditor"]["domicile"], "postcode": "100020", "phone": c["creditor"]["phone"],
        "email": "finance@example.com", "electronic_consent": True, "channels": ["email", "sms", "platform"],
    }
    c["procedure"]["mediation"] = _mediation("yes")
    _link(c, "E1", "creditor", "business_licence")
    _link(c, "E10", "debtors[0]", "id_card")
    c["evidence"] += [
        {"id": "E11", "title": "法定代表人王某某身份证复印件", "files": ["evidence/E11-fadingdaibiaoren-shenfenzheng.jpg"],
         "source": "出借人提供", "purpose": "证明出借人法定代表人的身份", "original": "copy",
         "identity_document": True, "party": "creditor.representative", "doc_type": "id_card"},
        {"id": "E12", "title": "借款人经常居住地居住证明", "files": ["evidence/E12-juzhu-zhengming.pdf"],
         "source": "北京市通州区某某镇某某家园社区居民委员会出具", "original": "original",
         "purpose": "证明借款人自2021年起在北京市通州区某某家园连续居住一年以上，通州区为其经常居住地（民诉法解释第4条）",
         "party": "debtors[0]", "doc_type": "residence_proof"},
    ]
    s.files["evidence/E11-fadingdaibiaoren-shenfenzheng.jpg"] = _photo(id_copy_photo(111, "2026:03:20 10:02:44", [rep]))
    s.files["evidence/E12-juzhu-zhengming.pdf"] = _pdf(residence_certificate(
        debtor, debtor["habitual_residence"], "2021年5月", "北京市通州区某某镇某某家园社区居民委员会", "2026年3月18日"))
    s.files["agency/lvshi-zhiyezheng.jpg"] = _photo(licence_photo(151, "2026:03:20 16:40:05", c["lawyer"], "北京市司法局"))
    return s


def _papers_02(s: Sample) -> Sample:
    c = s.case
    creditor, debtor = c["creditor"], c["debtors"][0]
    creditor.update(postcode="510630", e_service_address=creditor["phone"])
    debtor.update(position="销售顾问", postcode="510220")
    c["loan"]["repayment_method"] = "other"
    c["loan"]["repayment_method_other"] = "到期一次性还本（未约定利息）"
    c["creditor_service"] = {
        "address": creditor["domicile"], "postcode": "510630", "phone": creditor["phone"],
        "electronic_consent": True, "channels": ["sms", "platform"],
    }
    c["procedure"].update(debtor_court_name="广东省广州市海珠区人民法院", creditor_court_name="广东省广州市天河区人民法院",
                          mediation=_mediation("unsure"))
    c["evidence"] += [
        {"id": "E5", "title": "出借人刘某某身份证复印件", "files": ["evidence/E5-shenfenzheng.jpg"],
         "source": "出借人自有", "purpose": "证明申请人的身份", "original": "copy",
         "identity_document": True, "party": "creditor", "doc_type": "id_card"},
        {"id": "E6", "title": "借款人经常居住地居住证明", "files": ["evidence/E6-juzhu-zhengming.pdf"],
         "source": "广州市海珠区某某街道某某社区居民委员会出具", "original": "original",
         "purpose": "证明借款人自2022年起在广州市海珠区连续居住一年以上，海珠区为其经常居住地（民诉法解释第4条）",
         "party": "debtors[0]", "doc_type": "residence_proof"},
    ]
    s.files["evidence/E5-shenfenzheng.jpg"] = _photo(id_copy_photo(205, "2026:03:25 09:15:30", [creditor]))
    s.files["evidence/E6-juzhu-zhengming.pdf"] = _pdf(residence_certificate(
        debtor, debtor["habitual_residence"], "2022年2月", "广州市海珠区某某街道某某社区居民委员会", "2026年3月24日"))
    return s


def _papers_03(s: Sample) -> Sample:
    c = s.case
    rep = {"name": "孙某某", "gender": "男", "ethnicity": "汉族", "birth_date": "1970-10-21",
           "domicile": "重庆市渝北区某某路某某小区8栋2单元1502号", "id_number": person_id("500112", "1970-10-21", "137")}
    c["creditor"].update(postcode="401120", e_service_address="susong@example.com", representative_gender="男",
                         representative_birth_date=rep["birth_date"], representative_id_number=rep["id_number"])
    c["debtors"][0].update(position="行政专员", postcode="610041")
    g = c["guarantors"][0]
    g["party"]["postcode"] = "610021"
    g.update(contract_signed_on="2024-08-15",
             contract_summary="周某某为李某某在《个人消费贷款合同》项下的全部债务提供连带责任保证，保证范围为贷款本金、利息、罚息、"
                              "逾期管理费及实现债权的费用，保证期间自主债务履行期限届满之日起三年（保证合同第一至三条）")
    c["loan"].update(
        clauses={"rate": "第四条", "overdue_rate": "第五条", "repayment": "第三条", "acceleration": "第六条",
                 "guarantee": "第七条", "jurisdiction": "第十五条"},
        repayment_method="equal_principal",
        interest_paid_until="2024-12-14",  # four instalments paid; term interest runs again from 2024-12-15
    )
    c["loan"]["overdue_interest"]["markup_percent"] = D("50")  # 第五条: 执行利率上浮50%（即年利率27%）
    c["lawyer"]["licence_copy"] = "agency/lvshi-zhiyezheng.jpg"
    c["creditor_service"] = {
        "address": c["creditor"]["domicile"], "postcode": "401120", "phone": c["creditor"]["phone"],
        "email": "susong@example.com", "electronic_consent": True, "channels": ["email", "platform"],
    }
    c["procedure"].update(debtor_court_name="四川省成都市武侯区人民法院", mediation=_mediation("unsure"))
    _link(c, "E1", "creditor", "business_licence")
    _link(c, "E9", "debtors[0]", "id_card")
    c["evidence"] += [
        {"id": "E10", "title": "法定代表人孙某某身份证复印件", "files": ["evidence/E10-fadingdaibiaoren-shenfenzheng.jpg"],
         "source": "原告提供", "purpose": "证明原告法定代表人的身份", "original": "copy",
         "identity_document": True, "party": "creditor.representative", "doc_type": "id_card"},
        {"id": "E11", "title": "保证人身份证复印件", "files": ["evidence/E11-baozhengren-shenfenzheng.jpg"],
         "source": "签订保证合同时保证人提供", "purpose": "证明被告周某某的身份信息", "original": "copy",
         "identity_document": True, "party": "guarantors[0]", "doc_type": "id_card"},
    ]
    s.files["evidence/E10-fadingdaibiaoren-shenfenzheng.jpg"] = _photo(id_copy_photo(310, "2026:03:26 11:20:09", [rep]))
    s.files["evidence/E11-baozhengren-shenfenzheng.jpg"] = _photo(id_copy_photo(311, "2024:08:15 10:40:12", [g["party"]]))
    s.files["agency/lvshi-zhiyezheng.jpg"] = _photo(licence_photo(351, "2026:03:26 15:05:44", c["lawyer"], "重庆市司法局"))
    return s


def _papers_04(s: Sample) -> Sample:
    c = s.case
    creditor, debtor = c["creditor"], c["debtors"][0]
    creditor.update(postcode="310012", e_service_address=creditor["phone"])
    debtor.update(position="经营者", postcode="311100")
    c["loan"].update(clauses={"rate": "第三条", "overdue_rate": "第四条", "repayment": "第三条"}, repayment_method="bullet")
    c["lawyer"]["licence_copy"] = "agency/lvshi-zhiyezheng.jpg"
    c["creditor_service"] = {
        "address": creditor["domicile"], "postcode": "310012", "phone": creditor["phone"],
        "electronic_consent": True, "channels": ["sms", "platform"],
    }
    c["procedure"].update(debtor_court_name="浙江省杭州市余杭区人民法院", creditor_court_name="浙江省杭州市西湖区人民法院",
                          mediation=_mediation("no"))
    _link(c, "E6", "debtors[0]", "id_card")
    c["evidence"].append(
        {"id": "E7", "title": "原告黄某某身份证复印件", "files": ["evidence/E7-shenfenzheng.jpg"],
         "source": "原告自有", "purpose": "证明原告的身份", "original": "copy",
         "identity_document": True, "party": "creditor", "doc_type": "id_card"})
    s.files["evidence/E7-shenfenzheng.jpg"] = _photo(id_copy_photo(407, "2026:03:27 14:12:50", [creditor]))
    s.files["agency/lvshi-zhiyezheng.jpg"] = _photo(licence_photo(451, "2026:03:27 16:30:21", c["lawyer"], "浙江省司法厅"))
    return s


SAMPLES: tuple[Callable[[], Sample], ...] = (case_01, case_02, case_03, case_04)

# The form of each electronic or audio-visual item and its original carrier (证据规定第14–15条);
# records from the lender's own system are marked so the court's 第93–94条 test is flagged.
_BANK_01 = "出借人中国工商银行网上银行账户"
EVIDENCE_FORMS: dict[tuple[str, str], dict[str, Any]] = {
    ("01-company-loan-instalments", "E3"): {"form": "electronic", "carrier": _BANK_01},
    ("01-company-loan-instalments", "E4"): {"form": "electronic", "carrier": _BANK_01},
    ("01-company-loan-instalments", "E5"): {"form": "electronic", "carrier": "出借人财务人员手机短信"},
    ("01-company-loan-instalments", "E6"): {"form": "audiovisual", "carrier": "出借人财务人员手机中的通话录音原始文件"},
    ("01-company-loan-instalments", "E9"): {"form": "electronic", "carrier": "出借人财务人员手机微信"},
    ("02-iou-no-interest", "E2"): {"form": "electronic", "carrier": "出借人手机微信"},
    ("02-iou-no-interest", "E3"): {"form": "electronic", "carrier": "出借人手机微信"},
    ("03-consumer-finance-guarantor", "E2"): {"form": "electronic", "carrier": "原告电子签约系统"},
    ("03-consumer-finance-guarantor", "E4"): {"form": "electronic", "carrier": "原告业务系统", "self_generated": True},
    ("03-consumer-finance-guarantor", "E5"): {"form": "electronic", "carrier": "原告业务系统", "self_generated": True},
    ("03-consumer-finance-guarantor", "E6"): {"form": "electronic", "carrier": "原告短信平台"},
    ("03-consumer-finance-guarantor", "E7"): {"form": "electronic", "carrier": "原告电子邮件系统"},
    ("04-pre-2020-transitional", "E3"): {"form": "electronic", "carrier": "原告手机微信"},
    ("04-pre-2020-transitional", "E5"): {"form": "electronic", "carrier": "原告手机微信"},
}


def _evidence_forms(case: dict[str, Any]) -> None:
    for item in case["evidence"]:
        extra = EVIDENCE_FORMS.get((case["case_id"], item["id"]))
        if extra:
            keys = list(item)
            at = keys.index("original") + 1 if "original" in keys else len(keys)
            merged = dict(list(item.items())[:at] + list(extra.items()) + list(item.items())[at:])
            item.clear()
            item.update(merged)


def write_samples(out: Path) -> list[Path]:
    """Write every sample case folder under ``out``; return the files written."""
    global FONTS
    FONTS = Fonts.discover()
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    for make in SAMPLES:
        sample = make()
        _evidence_forms(sample.case)
        folder = out / sample.case["case_id"]
        listed = {f for item in sample.case["evidence"] for f in item["files"]}
        if (sample.case.get("lawyer") or {}).get("licence_copy"):  # the agent's paper, not evidence
            listed.add(sample.case["lawyer"]["licence_copy"])
        if listed != set(sample.files):  # pragma: no cover - programming error
            raise SystemExit(f"{folder.name}: evidence list and generated files differ: {sorted(listed ^ set(sample.files))}")
        (folder / "evidence").mkdir(parents=True, exist_ok=True)
        (folder / "case.json").write_text(dump_json(sample.case), encoding="utf-8")
        written.append(folder / "case.json")
        for rel, maker in sorted(sample.files.items()):
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(maker())
            written.append(target)
    fp = out / FINGERPRINT_FILE
    fp.write_text(json.dumps(FONTS.fingerprint(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    written.append(fp)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成虚构示例案件（case.json 与证据文件）")
    parser.add_argument("--out", type=Path, default=ROOT / "sample_cases", help="输出目录（默认 sample_cases/）")
    args = parser.parse_args(argv)
    files = write_samples(args.out)
    total = sum(f.stat().st_size for f in files)
    print(f"已生成 {len(files)} 个文件，共 {total / 1024:.0f} KB，输出到 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
