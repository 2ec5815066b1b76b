"""Assemble one upload PDF from several sources (03_当事人身份证明: the generated 法定代表人身份证明书
and the evidence items marked ``identity_document``).

The evidence bundle's own readers are reused: files are recognised by content
(:func:`pipeline.bundle.sources.sniff`), PDFs are opened with qpdf's recovery
(:func:`~pipeline.bundle.sources.open_pdf`) and their pages copied object for object, photos become
upright A4 pages with the JPEG bytes embedded unchanged (:func:`pipeline.bundle.images.image_page`,
EXIF orientation applied by the placement matrix). pikepdf writes a content-derived /ID and no
dates, so equal inputs give equal bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..bundle import images
from ..bundle.sources import open_pdf, sniff

__all__ = ["Part", "assemble_pdf"]


@dataclass(frozen=True)
class Part:
    """A source file and the bookmark that names it."""

    path: Path
    label: str


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split(".") if x.isdigit())


def assemble_pdf(parts: list[Part], target: Path, *, title: str) -> tuple[int, list[str]]:
    """Write ``parts`` in order into ``target``; return (pages, Chinese problems).

    A part that cannot be read is left out and reported; nothing is written when no part
    could be read (pages = 0).
    """
    import pikepdf

    problems: list[str] = []
    out = pikepdf.new()
    opened = []
    marks: list[tuple[str, int]] = []
    version = "1.4"
    try:
        for part in parts:
            kind = sniff(part.path)
            start = len(out.pages)
            if kind == "pdf":
                try:
                    src = open_pdf(part.path)
                except (pikepdf.PasswordError, pikepdf.PdfError, OSError, RuntimeError, ValueError) as exc:
                    problems.append(f"{part.label}（{part.path.name}）：PDF 无法读取（{type(exc).__name__}），未并入{title}")
                    continue
                opened.append(src)
                out.pages.extend(src.pages)
                version = max(version, str(src.pdf_version), key=_version_key)
            elif kind in ("jpeg", "png"):
                try:
                    info = images.probe(part.path, kind)
                except images.ImageUnreadable as exc:
                    problems.append(f"{part.label}（{part.path.name}）：{exc}，未并入{title}")
                    continue
                out.pages.append(pikepdf.Page(images.image_page(out, part.path, info)))
            else:
                what = {"missing": "文件不存在", "empty": "文件为空", "unknown": "不是 PDF、JPEG 或 PNG"}[kind]
                problems.append(f"{part.label}（{part.path}）：{what}，未并入{title}")
                continue
            if len(out.pages) > start:
                marks.append((part.label, start))
        pages = len(out.pages)
        if pages == 0:
            return 0, problems
        with out.open_outline() as outline:
            for label, first in marks:
                outline.root.append(pikepdf.OutlineItem(label, first, pikepdf.PageLocation.Fit))
        out.docinfo["/Title"] = pikepdf.String(title)
        # No /AcroForm or scripts: pages were copied, not the source catalogues.
        tmp = target.with_name(f".{target.name}.part")
        out.save(
            tmp,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            min_version=version,
            fix_metadata_version=False,
        )
        os.replace(tmp, target)
        return pages, problems
    finally:
        out.close()
        for src in opened:
            src.close()
