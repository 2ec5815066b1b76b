"""Generators for evidence-bundle test inputs (all made in code; no committed binaries)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

A4 = (595.28, 841.89)


def text_pdf(path: Path, pages: list[tuple[float, float]], label: str = "DOC") -> Path:
    """A born-digital PDF (Helvetica text layer), one page per (width, height)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    for k, (w, h) in enumerate(pages, start=1):
        c.setPageSize((w, h))
        c.setFont("Helvetica", 14)
        c.drawString(40, h - 60, f"{label} page {k}")
        c.rect(20, 20, w - 40, h - 40)
        c.showPage()
    c.save()
    return path


def rotated_pdf(path: Path) -> Path:
    """Two A4 pages, the second with /Rotate 90 (a landscape table scanned sideways)."""
    import pikepdf

    buf = io.BytesIO()
    text_pdf_to(buf, [A4, A4], "ROT")
    with pikepdf.open(buf) as pdf:
        pdf.pages[1].obj.Rotate = 90
        pdf.save(path)
    return path


def cropped_pdf(path: Path) -> Path:
    """One page whose CropBox is offset from the MediaBox origin."""
    import pikepdf

    buf = io.BytesIO()
    text_pdf_to(buf, [(800, 1000)], "CROP")
    with pikepdf.open(buf) as pdf:
        pdf.pages[0].obj.CropBox = [100, 150, 700, 950]
        pdf.save(path)
    return path


def text_pdf_to(buf, pages, label):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(buf, invariant=1)
    for k, (w, h) in enumerate(pages, start=1):
        c.setPageSize((w, h))
        c.setFont("Helvetica", 14)
        c.drawString(40, h - 60, f"{label} page {k}")
        c.showPage()
    c.save()
    buf.seek(0)


def scan_pdf(path: Path) -> Path:
    """A page that is only an image (no text layer), like a scan."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 280), 230)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 50, 50, 495, 740)
    c.showPage()
    c.save()
    return path


def exif_jpeg(path: Path, orientation: int = 6, display=(800, 600)) -> Path:
    """A JPEG whose *displayed* image (after EXIF orientation) is ``display`` sized, with a red
    top-left quadrant and a blue bottom-right quadrant; stored pixels are rotated accordingly."""
    from PIL import Image

    w, h = display
    shown = Image.new("RGB", (w, h), "white")
    shown.paste((255, 0, 0), (0, 0, w // 2, h // 2))
    shown.paste((0, 0, 255), (w // 2, h // 2, w, h))
    inverse = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    op = inverse[orientation]
    stored = shown.transpose(op) if op is not None else shown
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def transparent_png(path: Path, size=(300, 200)) -> Path:
    from PIL import Image

    im = Image.new("RGBA", size, (0, 0, 0, 0))
    im.paste((0, 128, 0, 255), (50, 50, size[0] - 50, size[1] - 50))
    im.save(path, "PNG")
    return path


def opaque_png(path: Path, size=(320, 240)) -> Path:
    from PIL import Image

    im = Image.new("RGB", size, (250, 250, 200))
    im.paste((20, 20, 120), (10, 10, 100, 100))
    im.save(path, "PNG")
    return path


def encrypted_pdf(path: Path, user: str) -> Path:
    import pikepdf

    buf = io.BytesIO()
    text_pdf_to(buf, [A4], "ENC")
    with pikepdf.open(buf) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user=user, R=6))
    return path


def truncated_pdf(path: Path, keep: float = 0.5) -> Path:
    """A PDF cut short, as after an interrupted download."""
    buf = io.BytesIO()
    text_pdf_to(buf, [A4] * 3, "TRUNC")
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def spec(items, **kw):
    from pipeline.bundle import BundleItem, BundleSpec

    bitems = tuple(
        BundleItem(
            number=n,
            id=f"E{n}",
            title=title,
            source=kw.pop("source", None) or "原告提供",
            purpose=f"证明事实{n}",
            original="copy" if n % 2 else "original",
            files=tuple(files),
        )
        for n, (title, files) in enumerate(items, start=1)
    )
    return BundleSpec(
        court="北京市朝阳区人民法院",
        cause="民间借贷纠纷",
        parties=(("原告", "张三"), ("被告", "李四"), ("被告", "王五")),
        submitter="张三",
        date=date(2026, 1, 5),
        items=bitems,
        **kw,
    )


def noise(n: int, seed: int) -> bytes:
    """Deterministic incompressible bytes (for photos that JPEG cannot shrink much)."""
    import random

    return random.Random(seed).randbytes(n)


def photo_jpeg(path: Path, size=(2400, 1800), seed: int = 0, orientation: int = 1, quality: int = 88) -> Path:
    """A phone-photo-like JPEG (smooth gradients plus fine noise), deterministic per seed."""
    from PIL import Image, ImageFilter

    w, h = size
    small = Image.frombytes("RGB", (w // 8, h // 8), noise((w // 8) * (h // 8) * 3, seed)).filter(ImageFilter.GaussianBlur(3))
    img = small.resize((w, h), Image.Resampling.BILINEAR)
    grain = Image.frombytes("L", (w, h), noise(w * h, seed + 1000)).point(lambda v: v // 6)
    img = Image.merge("RGB", [Image.eval(c, lambda v: v) for c in img.split()])
    img.paste(grain.convert("RGB"), (0, 0), Image.new("L", (w, h), 40))
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    img.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def scanned_pdf(path: Path, pages: int, seed: int, jpeg_dir: Path) -> Path:
    """A scanner-style PDF: each page one JPEG (embedded as DCT by reportlab) plus a text line."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for k in range(pages):
        jp = photo_jpeg(jpeg_dir / f"scan_{seed}_{k}.jpg", (1654, 2339), seed * 100 + k, quality=80)
        c.drawImage(str(jp), 0, 0, A4[0], A4[1])
        c.setFont("Helvetica", 10)
        c.drawString(40, 20, f"scan {seed} page {k + 1}")
        c.showPage()
    c.save()
    return path


def benchmark_inputs(d: Path) -> tuple[list[Path], list[Path]]:
    """≈25 MB: 10 scanned PDFs (56 pages) + 10 photos (some EXIF-rotated) → 66 item pages."""
    scratch = d / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    pages = [8, 6, 5, 5, 6, 4, 7, 5, 6, 4]  # 56
    pdfs = [scanned_pdf(d / f"doc{n:02d}.pdf", p, n, scratch) for n, p in enumerate(pages)]
    photos = [photo_jpeg(d / f"photo{n:02d}.jpg", (3264, 2448), 500 + n, 6 if n % 3 == 0 else 1) for n in range(10)]
    return pdfs, photos
