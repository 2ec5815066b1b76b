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

Found by :func:`find`: ``--font``/``CUISHOU_FONT`` (and ``CUISHOU_LATIN_FONT``), the Debian package
paths, fontconfig by family name, then the Windows and macOS font folders by file name (SimSun and
Times New Roman on Windows, Songti and Times New Roman on macOS); a font whose licence bits forbid
embedding is refused with a Chinese message (:func:`embedding_problem`).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

FONT_NAME = "CuishouUMingCN"
LATIN_NAME = "CuishouLiberationSerif"
PACKAGE = "fonts-arphic-uming"
LATIN_PACKAGE = "fonts-liberation"
#: Environment overrides (also ``--font`` on build/bundle/batch): a font file, and for a .ttc the face.
ENV_FONT, ENV_FONT_INDEX, ENV_LATIN = "CUISHOU_FONT", "CUISHOU_FONT_INDEX", "CUISHOU_LATIN_FONT"


@dataclass(frozen=True)
class FontRole:
    """One of the two embedded fonts: how it is found by name, by known path and by file name."""

    label: str  # Chinese, for messages
    family: str  # fontconfig name
    env: str
    package: str
    known: tuple[str, ...]  # Linux package paths
    files: tuple[str, ...]  # file names searched in the platform font folders (lower case)


# TrueType (glyf) fonts only: reportlab cannot subset CFF-based OpenType (Noto Serif CJK, Source Han).
CJK = FontRole(
    "中文宋体字体“AR PL UMing”（uming.ttc；Windows 为 simsun.ttc，macOS 为 Songti.ttc）", "AR PL UMing CN", ENV_FONT, PACKAGE,
    ("/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/truetype/arphic-uming/uming.ttc",
     "/usr/local/share/fonts/uming.ttc"),
    ("uming.ttc", "simsun.ttc", "songti.ttc", "stsong.ttf"),
)
LATIN = FontRole(
    "西文字体“Liberation Serif”（Windows/macOS 为 Times New Roman）", "Liberation Serif", ENV_LATIN, LATIN_PACKAGE,
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/local/share/fonts/LiberationSerif-Regular.ttf"),
    ("liberationserif-regular.ttf", "times.ttf", "times new roman.ttf"),
)


class FontMissing(Exception):
    pass


def font_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    """Platform font folders searched by file name when fontconfig does not know the font:
    Windows (%WINDIR%\\Fonts and the per-user folder), macOS (system, library, user), Linux."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    dirs = [Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"]
    if env.get("LOCALAPPDATA"):
        dirs.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    dirs += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
             home / "Library" / "Fonts", Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
             home / ".local" / "share" / "fonts"]
    return dirs


def _in_dirs(role: FontRole, dirs: list[Path]) -> Path | None:
    for name in role.files:
        for d in dirs:
            if not d.is_dir():
                continue
            direct = d / name
            if direct.is_file():
                return direct
            try:
                for p in d.rglob("*"):
                    if p.name.lower() == name and p.is_file():
                        return p
            except OSError:
                continue
    return None


def _fc_match(role: FontRole) -> Path | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", role.family], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers with some font: accept it only when it is the family asked for
    return Path(out) if out and Path(out).name.lower() in role.files and Path(out).is_file() else None


def find(role: FontRole, env: Mapping[str, str] | None = None, dirs: list[Path] | None = None,
         *, fontconfig: bool = True) -> Path | None:
    """The font file for ``role``: the environment override, the Linux package path, fontconfig by
    name, then the platform font folders by file name. None when nothing is found."""
    env = os.environ if env is None else env
    override = env.get(role.env)
    if override:
        return Path(override) if Path(override).is_file() else None
    for p in role.known:
        if dirs is None and Path(p).is_file():
            return Path(p)
    if fontconfig and dirs is None:
        found = _fc_match(role)
        if found is not None:
            return found
    return _in_dirs(role, font_dirs(env) if dirs is None else dirs)


def _face_index(path: Path, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    if env.get(ENV_FONT) and Path(env[ENV_FONT]) == path and env.get(ENV_FONT_INDEX, "").isdigit():
        return int(env[ENV_FONT_INDEX])
    return 0  # uming.ttc 0 = AR PL UMing CN (simplified forms); simsun.ttc 0 = SimSun


def embedding_problem(path: Path, index: int = 0) -> str | None:
    """Why a font may not be embedded as a subset, from its OS/2 ``fsType`` (OpenType spec), or None.

    Refused: "Restricted License embedding" (usage bits = 0x0002), "No subsetting" (0x0100) and
    "Bitmap embedding only" (0x0200); a font that is not TrueType (glyf) cannot be subset either."""
    try:
        with path.open("rb") as fh:
            data = fh.read(1 << 20)
        base = 0
        if data[:4] == b"ttcf":
            count = struct.unpack(">I", data[8:12])[0]
            if index >= count:
                return f"字体集 {path.name} 只有 {count} 个字体，没有第 {index} 个"
            base = struct.unpack(">I", data[12 + 4 * index:16 + 4 * index])[0]
        if data[base:base + 4] == b"OTTO":
            return f"{path.name} 是 CFF 轮廓的 OpenType 字体，无法按子集嵌入，请改用 TrueType 字体（.ttf/.ttc）"
        tables = struct.unpack(">H", data[base + 4:base + 6])[0]
        for i in range(tables):
            rec = base + 12 + 16 * i
            tag, _, offset, _ = struct.unpack(">4sIII", data[rec:rec + 16])
            if tag == b"OS/2":
                fh_type = _fs_type(path, offset)
                usage = fh_type & 0x000F
                if usage == 0x0002:
                    return f"{path.name} 的授权为“受限嵌入”（fsType=0x{fh_type:04X}），不允许嵌入 PDF"
                if fh_type & 0x0100:
                    return f"{path.name} 的授权不允许子集嵌入（fsType=0x{fh_type:04X}）"
                if fh_type & 0x0200:
                    return f"{path.name} 的授权只允许嵌入位图（fsType=0x{fh_type:04X}）"
                return None
        return None  # no OS/2 table: old Apple fonts; nothing forbids embedding
    except (OSError, struct.error) as exc:
        return f"无法读取字体文件 {path.name}（{exc}）"


def _fs_type(path: Path, offset: int) -> int:
    with path.open("rb") as fh:
        fh.seek(offset + 8)
        return struct.unpack(">H", fh.read(2))[0]


def missing_message() -> str:
    missing = [r for r in (CJK, LATIN) if find(r) is None]
    what = "、".join(r.label for r in missing) or "字体"
    pkgs = " ".join(r.package for r in missing) or f"{PACKAGE} {LATIN_PACKAGE}"
    return (
        f"找不到{what}，无法生成证据目录和页码。"
        f"请安装系统软件包 {pkgs}（如：sudo apt-get install {pkgs}，或运行 make sysdeps）；"
        f"Windows/macOS 上会自动使用系统自带的宋体和 Times New Roman，也可用 --font 或环境变量 {ENV_FONT} 指定字体文件。"
    )


def font_path() -> Path | None:
    """The Chinese font file, or None if either embedded font is missing (the bundle needs both)."""
    cjk = find(CJK)
    latin = find(LATIN)
    return cjk if cjk is not None and latin is not None else None


def font_problem() -> str | None:
    """Why the bundle cannot use its fonts (missing, or a licence that forbids embedding), or None."""
    cjk, latin = find(CJK), find(LATIN)
    if cjk is None or latin is None:
        return missing_message()
    for path, i in ((cjk, _face_index(cjk)), (latin, 0)):
        problem = embedding_problem(path, i)
        if problem:
            return f"{problem}。请用 --font 或环境变量 {ENV_FONT} 指定允许嵌入的 TrueType 字体"
    return None


@lru_cache(maxsize=1)
def register() -> str:
    """Register both fonts with reportlab once per process; return the Chinese font's name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    problem = font_problem()
    if problem:
        raise FontMissing(problem)
    cjk, latin = find(CJK), find(LATIN)
    assert cjk is not None and latin is not None
    index = _face_index(cjk)
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(cjk), subfontIndex=index))
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
