"""Synthetic case folders for the benchmark.

A "full" case carries the default evidence set of the benchmark: about 25 MB and
66 bundle pages (an index page, 10 PDFs of 5–6 pages, 10 phone photos). The
evidence set is generated once (deterministically) and hard-linked into every
case folder, so making thousands of cases costs little disk and time.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_CASE = REPO / "sample_cases" / "01-company-loan-instalments"


def _noise_jpeg(w: int, h: int, seed: int, quality: int = 80) -> bytes:
    rnd = random.Random(seed)
    # Smooth gradient plus noise: compresses like a phone photo (1–2 MB at 12 MP-ish sizes).
    small = Image.new("RGB", (w // 8, h // 8))
    small.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range((w // 8) * (h // 8))])
    img = small.resize((w, h), Image.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _pdf_with_image(pages: int, seed: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for p in range(pages):
        jpeg = _noise_jpeg(900, 1200, seed * 100 + p, quality=80)
        c.drawImage(ImageReader(io.BytesIO(jpeg)), 40, 120, width=515, height=680)
        c.setFont("Helvetica", 11)
        c.drawString(40, 80, f"Synthetic evidence document {seed}, page {p + 1} of {pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


def make_evidence_set(folder: Path) -> list[dict]:
    """Write the default evidence set into ``folder``; return evidence items for case.json."""
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for i in range(10):
        pages = 5 if i % 2 else 6  # 10 PDFs → 55 pages
        path = folder / f"doc{i + 1:02d}.pdf"
        if not path.exists():
            path.write_bytes(_pdf_with_image(pages, i + 1))
        items.append(
            {
                "id": f"P{i + 1}",
                "title": f"书证材料{i + 1}",
                "files": [f"evidence/{path.name}"],
                "source": "原告提供",
                "purpose": "证明借贷关系及履行情况",
                "original": "copy",
            }
        )
    for i in range(10):
        path = folder / f"photo{i + 1:02d}.jpg"
        if not path.exists():
            w, h = (3000, 2250) if i % 3 else (2250, 3000)
            path.write_bytes(_noise_jpeg(w, h, 1000 + i))
        items.append(
            {
                "id": f"F{i + 1}",
                "title": f"现场照片{i + 1}",
                "files": [f"evidence/{path.name}"],
                "source": "原告拍摄",
                "purpose": "证明催收过程",
                "original": "original",
            }
        )
    return items


def _strip_refs(data: dict) -> None:
    data["loan"]["evidence_ids"] = []
    for d in data["loan"]["disbursements"]:
        d["evidence_ids"] = []
    for r in data.get("repayments", []):
        r["evidence_ids"] = []
    for g in data.get("guarantors", []):
        g["evidence_ids"] = []
    for c in data.get("collection_log", []):
        c.pop("evidence_id", None)


def make_cases(root: Path, n: int, *, full: bool, cache: Path) -> list[Path]:
    """``n`` case folders under ``root``; full ones share one hard-linked evidence set."""
    base = json.loads((TEMPLATE_CASE / "case.json").read_text(encoding="utf-8"))
    if full:
        items = make_evidence_set(cache / "evidence")
        base["evidence"] = items
        _strip_refs(base)
    root.mkdir(parents=True, exist_ok=True)
    dirs = []
    for k in range(n):
        d = root / f"case-{k:05d}"
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
        data = dict(base, case_id=f"bench-{k:05d}")
        if full:
            (d / "evidence").mkdir()
            for src in sorted((cache / "evidence").iterdir()):
                os.link(src, d / "evidence" / src.name)
        else:
            shutil.copytree(TEMPLATE_CASE / "evidence", d / "evidence")
        licence = (base.get("lawyer") or {}).get("licence_copy")
        if licence:  # the agent's paper the e-filing set needs (without it --efiling is held back)
            (d / licence).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(TEMPLATE_CASE / licence, d / licence)
        (d / "case.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        dirs.append(d)
    return dirs
