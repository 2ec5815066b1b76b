"""Text normalisation for matching, robust to simple evasions.

The matcher never sees the raw text. Each character is:

1. dropped if it is a format/zero-width character (U+200B, U+FEFF, soft hyphen …);
2. NFKC-normalised (full-width ASCII → ASCII, CJK compatibility ideographs → unified);
3. lower-cased;
4. mapped traditional → simplified with the small table in ``t2s.txt`` (only the
   characters the rules use, plus common variants such as 畱 → 留);
5. dropped if it is whitespace, punctuation or a symbol — so "传 票", "传-票",
   "传·票" all become "传票". Patterns are therefore written without punctuation.

Every kept character remembers its index in the original string, so a match in
the normalised text maps back to the exact original excerpt for the report.
Sentences are split on the *original* text first (。！？；!? and line breaks) so that
bounded gaps in patterns never reach into the next sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Normalized", "normalize", "normalize_plain", "sentences", "t2s_table"]

_T2S_FILE = Path(__file__).with_name("t2s.txt")
_SENTENCE_END = re.compile(r"[。！？；!?;\n\r]+")
_DROP_CATEGORIES = ("Z", "P", "S", "C")
_BRACKETS = (("（", "）"), ("(", ")"), ("〔", "〕"), ("[", "]"), ("【", "】"))


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional/variant → simplified map, read from ``t2s.txt`` (lines of two characters)."""
    table: dict[str, str] = {}
    for raw in _T2S_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        for pair in line.split():
            if len(pair) != 2:
                raise ValueError(f"t2s.txt: bad pair {pair!r}")
            table[pair[0]] = pair[1]
    return table


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, for each of its characters, the index in the original."""

    original: str
    text: str
    index: tuple[int, ...]

    def excerpt(self, start: int, end: int) -> str:
        """The original text covering normalised span [start, end).

        An opening bracket just before the span is included when the span holds its
        closing partner, so a case number reads （2026）京0105民初123号, not 2026）….
        """
        if start >= end:
            return ""
        a, b = self.index[start], self.index[end - 1] + 1
        piece = self.original[a:b]
        for left, right in _BRACKETS:
            if a > 0 and self.original[a - 1] == left and right in piece and left not in piece:
                return left + piece
        return piece

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


def _fold(ch: str, table: dict[str, str]) -> str:
    out = []
    for c in unicodedata.normalize("NFKC", ch).lower():
        c = table.get(c, c)
        if unicodedata.category(c)[0] in _DROP_CATEGORIES:
            continue
        out.append(c)
    return "".join(out)


def normalize(text: str, start: int = 0, end: int | None = None) -> Normalized:
    """Normalise ``text[start:end]``; indices (and excerpts) refer to the whole ``text``."""
    table = t2s_table()
    chars: list[str] = []
    index: list[int] = []
    stop = len(text) if end is None else end
    for i in range(start, stop):
        for c in _fold(text[i], table):
            chars.append(c)
            index.append(i)
    return Normalized(text, "".join(chars), tuple(index))


def normalize_plain(text: str) -> str:
    """Just the normalised string (used for rule terms and for comparing case numbers)."""
    return normalize(text).text


def sentences(text: str) -> list[tuple[int, str]]:
    """Split on sentence-ending punctuation and line breaks: [(start offset, sentence)]."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            out.append((pos, text[pos : m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out
