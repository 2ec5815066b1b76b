"""Evidence file types, recognised by content, not by name.

The same test serves case validation (is this file what its extension says?) and the
evidence bundle (how to place it), so the two can never disagree.
"""

from __future__ import annotations

import os
from typing import Literal

Kind = Literal["pdf", "jpeg", "png", "empty", "missing", "unknown"]

#: Extensions a case may use, and the content each must have.
SUFFIX_KIND: dict[str, Kind] = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


def sniff(path: str | os.PathLike[str]) -> Kind:
    """What a file is by its first bytes (a PDF header may follow some junk, as readers allow)."""
    try:
        if not os.path.isfile(path):
            return "missing"
        with open(path, "rb") as fh:
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
