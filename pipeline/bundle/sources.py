"""Recognise and open the input files (PDF, JPEG, PNG) by their content, not their name."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Kind = Literal["pdf", "jpeg", "png", "empty", "missing", "unknown"]


def sniff(path: Path) -> Kind:
    try:
        if not path.is_file():
            return "missing"
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return "missing"
    if not head:
        return "empty"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"%PDF-" in head:
        return "pdf"
    return "unknown"


def open_pdf(path: Path):
    """Open a PDF with pikepdf: empty user password, qpdf's xref recovery on.

    Raises pikepdf.PasswordError when a user password is needed, pikepdf.PdfError when
    the file cannot be read even after recovery.
    """
    import pikepdf

    return pikepdf.open(path, password="", attempt_recovery=True, suppress_warnings=True)
