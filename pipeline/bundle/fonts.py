"""The CJK font embedded (as a subset) in the index, cover sheets and page stamps.

WenQuanYi Micro Hei (Debian package fonts-wqy-microhei; Apache-2.0 or GPL-3+ with font
exception, both allow embedding). It is a TrueType (glyf) font, which reportlab can subset;
Noto Sans CJK is CFF-based and reportlab cannot embed it.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

FONT_NAME = "CuishouWQYMicroHei"
PACKAGE = "fonts-wqy-microhei"
_KNOWN = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
)


class FontMissing(Exception):
    pass


def missing_message() -> str:
    return (
        f"找不到中文字体“文泉驿微米黑”（wqy-microhei.ttc），无法生成证据目录和页码。"
        f"请安装系统软件包 {PACKAGE}（如：sudo apt-get install {PACKAGE}，或运行 make sysdeps）。"
    )


def font_path() -> Path | None:
    for p in _KNOWN:
        if Path(p).is_file():
            return Path(p)
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", "WenQuanYi Micro Hei"],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out.lower().endswith("wqy-microhei.ttc") and Path(out).is_file():
            return Path(out)
    return None


@lru_cache(maxsize=1)
def register() -> str:
    """Register the font with reportlab once per process (parsing it takes ~0.2 s); return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_path()
    if path is None:
        raise FontMissing(missing_message())
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
    return FONT_NAME


@lru_cache(maxsize=8192)
def _char_width(ch: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(ch, register(), 1000.0)


def width(text: str, size: float) -> float:
    """Advance width of ``text`` in points (per-character widths are cached)."""
    return sum(_char_width(ch) for ch in text) * size / 1000.0
