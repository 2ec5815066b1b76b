"""Recognise and open the input files (PDF, JPEG, PNG) by their content, not their name."""

from __future__ import annotations

from pathlib import Path

from ..case.filetypes import Kind, sniff

__all__ = ["Kind", "open_pdf", "sniff"]


def open_pdf(path: Path):
    """Open a PDF with pikepdf: empty user password, qpdf's xref recovery on.

    Raises pikepdf.PasswordError when a user password is needed, pikepdf.PdfError when
    the file cannot be read even after recovery.
    """
    import pikepdf

    return pikepdf.open(path, password="", attempt_recovery=True, suppress_warnings=True)
