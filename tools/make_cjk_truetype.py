"""Build TrueType (glyf) copies of the Noto CJK SC faces the Word templates are set in (issue 18).

LibreOffice 7.4 embeds a CFF font (Noto CJK is CFF) in a PDF by converting each subset to Type 1,
and numbers it with a UniqueID from a counter that lives as long as the office process; a warm
converter then needs every PDF's eexec-encrypted font programs rewritten so that its bytes do not
depend on what was converted before (pipeline/efiling/fontids.py). A TrueType font is embedded as
a TrueType subset: no Type 1 conversion in LibreOffice, no UniqueID, nothing to re-encrypt. On 24
full cases that took the e-filing build from about 0.88-0.90 s to 0.80-0.85 s a case (README).

The copies have the same glyphs, advance widths, vertical metrics and layout tables as the
originals; only the outlines change from cubic to quadratic curves (within 1 unit of the
1000-unit em, fontTools.cu2qu), so LibreOffice lays the documents out exactly as before. They are
named "Cuishou Serif CJK SC" / "Cuishou Sans CJK SC" (the SIL OFL 1.1 bars a modified font from
using a Reserved Font Name; a new name also keeps them apart from the originals in fontconfig),
keep the original copyright and licence entries, and carry no time stamp (the head table's dates
are the source's).

Usage: python tools/make_cjk_truetype.py [DEST_DIR]   (tools/sysdeps.sh runs it without DEST_DIR:
the system font folder as root, the user's otherwise; see dest_dir())
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

SOURCES = {
    # output file: (source collection, family name in the source, new family name)
    "CuishouSerifCJKSC-Regular.ttf": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "Cuishou Serif CJK SC"),
    "CuishouSerifCJKSC-Bold.ttf": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "Cuishou Serif CJK SC"),
    "CuishouSansCJKSC-Regular.ttf": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "Cuishou Sans CJK SC"),
    "CuishouSansCJKSC-Bold.ttf": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "Cuishou Sans CJK SC"),
}
SOURCE_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/opentype/noto-cjk")
MAX_ERR = 1.0  # font units (em = 1000): invisible at any print size
# Bumped when the conversion changes, so that an older copy is rebuilt.
VERSION = "cuishou-ttf 2"


def _face(path: Path, family: str) -> TTFont:
    coll = TTCollection(str(path), lazy=False)
    for font in coll.fonts:
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{path}: no face named {family!r}")


def _keep_sc_glyphs(font: TTFont) -> None:
    """Drop the glyphs the SC face cannot reach (those of the JP/KR/TC/HK forms): fewer to convert."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.desubroutinize = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=font.getBestCmap().keys())
    sub.subset(font)


def _to_truetype(font: TTFont) -> None:
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType's clockwise
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    hmtx = font["hmtx"]
    for name in order:
        # TrueType rasterisers place the outline so that its xMin sits at hmtx's left side bearing;
        # Noto's bearings do not always equal the outline's xMin, so set them from the new glyphs
        # (otherwise such a glyph would be drawn a few units off its CFF position).
        g = glyf.glyphs[name]
        g.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], g.xMin if g.numberOfContours else 0)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):  # VORG is defined for CFF outlines only
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1  # no hinting: no twilight zone, storage, functions or instructions
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, old: str, new: str, ps_name: str) -> None:
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16, 18, 21):
            text = rec.toUnicode().replace(old, new)
        elif rec.nameID in (3, 6):
            text = ps_name
        elif rec.nameID == 5:
            text = f"{rec.toUnicode()}; {VERSION}"
        else:
            continue
        name.setName(text, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    name.setName(f"TrueType outlines converted from {old} by cuishou tools/make_cjk_truetype.py "
                 f"({VERSION}); glyphs, metrics and layout tables unchanged.", 10, 3, 1, 0x409)
    # localised family names (e.g. 思源宋体) would still point at the original
    name.names = [r for r in name.names
                  if not (r.nameID in (1, 4, 16) and r.platformID == 3 and r.langID != 0x409)]


def build(out: Path, src: Path, family: str, new_family: str) -> None:
    font = _face(src, family)
    _keep_sc_glyphs(font)
    _to_truetype(font)
    _rename(font, family, new_family, out.stem)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ttf", dir=out.parent)
    os.close(fd)
    try:
        font.recalcTimestamp = False
        font.save(tmp, reorderTables=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def install_dirs() -> list[Path]:
    """Where the copies are installed, system folder first (also where the tests look for them)."""
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share")
    return [Path("/usr/local/share/fonts/cuishou"), data / "fonts/cuishou"]


def dest_dir() -> Path:
    """The system font folder when run as root (fontconfig reads it for every user), else the user's."""
    return install_dirs()[0 if os.geteuid() == 0 else 1]


def _find(filename: str) -> Path | None:
    for d in SOURCE_DIRS:
        p = Path(d) / filename
        if p.is_file():
            return p
    return None


def _current(out: Path) -> bool:
    if not out.is_file():
        return False
    try:
        return VERSION in (TTFont(str(out), lazy=True)["name"].getDebugName(5) or "")
    except Exception:
        return False


def _build_one(job: tuple[Path, Path, str, str]) -> str:
    build(*job)
    return str(job[0])


def main(argv: list[str]) -> int:
    dest = Path(argv[1]) if len(argv) > 1 else dest_dir()
    dest.mkdir(parents=True, exist_ok=True)
    jobs = []
    for filename, (src_name, family, new_family) in SOURCES.items():
        out = dest / filename
        if _current(out):
            continue
        src = _find(src_name)
        if src is None:
            print(f"提示：未找到 {src_name}（fonts-noto-cjk），跳过 {filename}")
            continue
        jobs.append((out, src, family, new_family))
    if jobs:
        print(f"生成 TrueType 中文字体 {len(jobs)} 个（约 4 分钟，只在首次安装时）……", flush=True)
        # each face takes ~1.5-2.5 min of CPU and up to ~1 GB; two at a time on a 2-core machine
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
            for done in pool.map(_build_one, jobs):
                print(f"已生成 {done}", flush=True)
    if shutil.which("fc-cache"):  # cheap when the folder's cache is current
        subprocess.run(["fc-cache", str(dest)], check=False, capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
