"""The TrueType copies of Noto CJK SC (tools/make_cjk_truetype.py) keep the originals' characters,
advance widths and vertical metrics, and their outlines stay within the conversion tolerance."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

ttLib = pytest.importorskip("fontTools.ttLib")
sys.path.insert(0, str(ROOT / "tools"))
import make_cjk_truetype as tool  # noqa: E402

DIRS = tool.install_dirs()
SAMPLE = "借款本金人民币元利息支付令申请书，。：；（）“”〇一二三四五六七八九十百千万亿年月日某某商贸有限公司鑫"


def _pairs() -> list[tuple[Path, Path, str]]:
    out = []
    for filename, (src_name, family, _new) in tool.SOURCES.items():
        copy = next((d / filename for d in DIRS if (d / filename).is_file()), None)
        src = tool._find(src_name)
        if copy is not None and src is not None:
            out.append((copy, src, family))
    return out


PAIRS = _pairs()


@pytest.mark.skipif(not PAIRS, reason="TrueType copies of Noto CJK not installed (make sysdeps)")
@pytest.mark.parametrize("copy,src,family", PAIRS, ids=[p[0].name for p in PAIRS])
def test_copy_keeps_characters_metrics_and_outlines(copy: Path, src: Path, family: str) -> None:
    from fontTools.pens.boundsPen import BoundsPen

    new = ttLib.TTFont(str(copy), lazy=True)
    old = tool._face(src, family)
    assert "glyf" in new and "CFF " not in new and new.sfntVersion == "\x00\x01\x00\x00"
    assert new["name"].getDebugName(1).startswith("Cuishou ") and tool.VERSION in new["name"].getDebugName(5)
    old_cmap, new_cmap = old.getBestCmap(), new.getBestCmap()
    assert set(new_cmap) == set(old_cmap)  # every character of the SC face, no more
    for t, fields in (("hhea", ("ascent", "descent", "lineGap")), ("OS/2", ("sTypoAscender", "sTypoDescender", "usWinAscent", "usWinDescent"))):
        for f in fields:
            assert getattr(new[t], f) == getattr(old[t], f), (t, f)
    new_gs, old_gs = new.getGlyphSet(), old.getGlyphSet()
    for ch in SAMPLE:
        a, b = old_cmap[ord(ch)], new_cmap[ord(ch)]
        assert new["hmtx"][b][0] == old["hmtx"][a][0], ch  # advance width
        assert new["hmtx"][b][1] == new["glyf"][b].xMin, ch  # bearing = outline's xMin, as TrueType expects
        assert new["vmtx"][b][0] == old["vmtx"][a][0], ch
        pa, pb = BoundsPen(old_gs), BoundsPen(new_gs)
        old_gs[a].draw(pa)
        new_gs[b].draw(pb)
        # cubic -> quadratic within MAX_ERR; glyf stores integer coordinates
        assert all(abs(x - y) <= tool.MAX_ERR + 1 for x, y in zip(pa.bounds, pb.bounds)), (ch, pa.bounds, pb.bounds)
