"""The fonts embedded (as subsets) in the evidence index, cover sheets and page stamps.

The same serif typography as the Word drafts (README "字体"): Chinese in a Song/Ming serif,
Latin letters and digits in a Times-metric serif, page numbers "— 5 —".

- Chinese: AR PL UMing CN (Debian package fonts-arphic-uming, ``uming.ttc`` face 0), licence
  "Arphic Public License" (free redistribution and embedding; Debian main). It is a TrueType
  (glyf) font, which reportlab can subset; Noto Serif CJK is CFF-based and reportlab cannot
  embed it.
- Latin letters, digits and dashes: Liberation Serif (fonts-liberation, GPL-2 with the font
  exception: embedding allowed), metric-compatible with Times New Roman — the font the Word
  drafts name for digits (LibreOffice renders them in Liberation Serif through tools/fontconfig).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

FONT_NAME = "CuishouUMingCN"
LATIN_NAME = "CuishouLiberationSerif"
PACKAGE = "fonts-arphic-uming"
LATIN_PACKAGE = "fonts-liberation"
_SUBFONT = 0  # uming.ttc: 0 = AR PL UMing CN (simplified-Chinese glyph forms)
_KNOWN = (
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic-uming/uming.ttc",
    "/usr/local/share/fonts/uming.ttc",
)
_KNOWN_LATIN = (
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/local/share/fonts/LiberationSerif-Regular.ttf",
)


class FontMissing(Exception):
    pass


def missing_message() -> str:
    missing = []
    if _find(_KNOWN, "AR PL UMing CN", "uming.ttc") is None:
        missing.append(("中文宋体字体“AR PL UMing”（uming.ttc）", PACKAGE))
    if _find(_KNOWN_LATIN, "Liberation Serif", "liberationserif-regular.ttf") is None:
        missing.append(("西文字体“Liberation Serif”", LATIN_PACKAGE))
    what = "、".join(w for w, _ in missing) or "字体"
    pkgs = " ".join(p for _, p in missing) or f"{PACKAGE} {LATIN_PACKAGE}"
    return (
        f"找不到{what}，无法生成证据目录和页码。"
        f"请安装系统软件包 {pkgs}（如：sudo apt-get install {pkgs}，或运行 make sysdeps）。"
    )


def _find(known: tuple[str, ...], family: str, file_lower: str) -> Path | None:
    for p in known:
        if Path(p).is_file():
            return Path(p)
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, timeout=10, check=False
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out.lower().endswith(file_lower) and Path(out).is_file():
            return Path(out)
    return None


def font_path() -> Path | None:
    """The Chinese font file, or None if either embedded font is missing (the bundle needs both)."""
    cjk = _find(_KNOWN, "AR PL UMing CN", "uming.ttc")
    latin = _find(_KNOWN_LATIN, "Liberation Serif", "liberationserif-regular.ttf")
    return cjk if cjk is not None and latin is not None else None


@lru_cache(maxsize=1)
def register() -> str:
    """Register both fonts with reportlab once per process; return the Chinese font's name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    cjk = font_path()
    latin = _find(_KNOWN_LATIN, "Liberation Serif", "liberationserif-regular.ttf")
    if cjk is None or latin is None:
        raise FontMissing(missing_message())
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(cjk), subfontIndex=_SUBFONT))
    pdfmetrics.registerFont(TTFont(LATIN_NAME, str(latin)))
    return FONT_NAME


@lru_cache(maxsize=1)
def _latin_chars() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    return frozenset(pdfmetrics.getFont(LATIN_NAME).face.charToGlyph)


@lru_cache(maxsize=8192)
def font_for(ch: str) -> str:
    """Liberation Serif for Latin letters, digits, Latin punctuation and the dashes; UMing otherwise."""
    o = ord(ch)
    if (o < 0x2000 or o in (0x2013, 0x2014)) and o in _latin_chars():
        return LATIN_NAME
    register()
    return FONT_NAME


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font name, text) runs."""
    out: list[tuple[str, str]] = []
    for ch in text:
        f = font_for(ch)
        if out and out[-1][0] == f:
            out[-1] = (f, out[-1][1] + ch)
        else:
            out.append((f, ch))
    return out


@lru_cache(maxsize=8192)
def _char_width(ch: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(ch, font_for(ch), 1000.0)


def width(text: str, size: float) -> float:
    """Advance width of ``text`` in points (per-character widths are cached)."""
    return sum(_char_width(ch) for ch in text) * size / 1000.0


def draw(canvas, x: float, y: float, size: float, text: str, align: str = "left") -> None:  # type: ignore[no-untyped-def]
    """Draw ``text`` at (x, y) in the two fonts; ``align`` left or center (x is the centre)."""
    if align == "center":
        x -= width(text, size) / 2
    for font, part in runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, part)
        x += width(part, size)
