"""Text normalisation for matching, robust to simple evasions.

The matcher never sees the raw text. Each character is:

1. dropped if it is a format/zero-width character (U+200B, U+FEFF, soft hyphen …);
2. NFKC-normalised (full-width ASCII → ASCII, CJK compatibility ideographs → unified);
3. lower-cased;
4. mapped traditional → simplified with the small table in ``t2s.txt`` (only the
   characters the rules use, plus common variants such as 畱 → 留);
5. dropped if it is whitespace, punctuation or a symbol — so "传 票", "传-票",
   "传·票" all become "传票". Patterns are therefore written without punctuation.

Then, at word level (issue 17; data files under ``data/``):

6. emoji and symbols standing in for words are spelled out (``data/emoji.txt``, read from the
   original text before step 5 drops symbols);
7. all traditional characters are folded by OpenCC's t2s table (not only the rules' characters);
8. runs of Latin letters are read back as Chinese: English words (``data/english.txt``), full
   pinyin ("danwei", "zhao ni jia ren" → 单位 … 家人) and initials of a whole run ("dw" → 单位)
   for the words of ``data/lexicon.txt`` (pinyin computed with pypinyin);
9. look-alike spellings (``data/lookalikes.txt``) and same-sound spellings of lexicon words
   (家仁 → 家人, 坐劳 → 坐牢: equal toneless pinyin) are replaced by the word — unless the
   spelling is itself an ordinary word in jieba's dictionary (同时 stays 同时, not 同事).

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


_DATA = Path(__file__).with_name("data")
_VARIATION = {"\ufe0f", "\ufe0e", "\u20e3"}


def _pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for raw in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.startswith("#") else ""
        if line:
            a, b = line.split()
            out.append((a, b))
    return out


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _t2s_char(c: str) -> str:
    if c < "\u3400":
        return c
    out = _opencc().convert(c)
    return out if len(out) == 1 else c


@lru_cache(maxsize=1)
def _emoji() -> tuple[tuple[str, str], ...]:
    items = [("".join(ch for ch in k if ch not in _VARIATION and ch != "\u200d"), v) for k, v in _pairs("emoji.txt")]
    return tuple(sorted(items, key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def _emoji_first() -> frozenset[str]:
    """First characters of the emoji table: most text (all of CJK) is above U+2190 and starts none."""
    return frozenset(k[0] for k, _ in _emoji() if k)


@lru_cache(maxsize=16384)
def char_pinyin(c: str) -> str:
    """Toneless pinyin of one CJK character (pypinyin's default reading), else the character."""
    if not ("\u3400" <= c <= "\u9fff"):
        return c
    return _lazy_pinyin()(c)[0]


@lru_cache(maxsize=1)
def _lazy_pinyin():  # type: ignore[no-untyped-def]
    """pypinyin's ``lazy_pinyin``, imported without its phrase dictionary.

    Only single characters are looked up here, and their readings come from the character table
    alone (checked over U+3400–U+9FFF: same result), while the phrase table costs about 45 MB
    in every batch worker (issue 18). pypinyin reads the switch once, at import.
    """
    import os
    import sys

    if "pypinyin" in sys.modules:
        from pypinyin import lazy_pinyin

        return lazy_pinyin
    had = "PYPINYIN_NO_PHRASES" in os.environ
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    try:
        from pypinyin import lazy_pinyin
    finally:
        if not had:
            os.environ.pop("PYPINYIN_NO_PHRASES", None)
    return lazy_pinyin


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, object]:
    """Pinyin / initials / same-sound tables for the lexicon words (built once, offline)."""
    words: list[str] = []
    for raw in (_DATA / "lexicon.txt").read_text(encoding="utf-8").splitlines():
        if not raw.startswith("#"):
            words += raw.split()
    full: dict[str, str] = {}
    initials: dict[str, str] = {}
    sound: dict[tuple[str, ...], str] = {}
    for w in words:
        syl = tuple(char_pinyin(c) for c in w)
        full.setdefault("".join(syl), w)
        if len(w) >= 2:
            initials.setdefault("".join(s[0] for s in syl), w)
        sound.setdefault(syl, w)
    for raw in (_DATA / "initials_stop.txt").read_text(encoding="utf-8").splitlines():
        if not raw.startswith("#"):
            for stop in raw.split():
                initials.pop(stop, None)
    for eng, w in _pairs("english.txt"):
        full.setdefault(eng, w)
    return {
        "full": full,
        "initials": initials,
        "sound": sound,
        "sound_lengths": sorted({len(k) for k in sound}, reverse=True),
        "full_max": max(len(k) for k in full),
        "looks": (looks := sorted(_pairs("lookalikes.txt"), key=lambda kv: -len(kv[0]))),
        # prefilters of _words: a text holding none of the variants skips the look-alike pass, and
        # a same-sound window can only start at a syllable that starts some lexicon word
        "looks_any": re.compile("|".join(re.escape(v) for v, _ in looks)) if looks else None,
        "sound_first": frozenset(k[0] for k in sound if len(k) >= 2),
    }


_LATIN_RUN = re.compile(r"[a-z]+")


def _latin(chars: list[str], index: list[int]) -> None:
    """Read Latin-letter runs back as lexicon words (English, full pinyin, whole-run initials)."""
    text = "".join(chars)
    if not _LATIN_RUN.search(text):
        return
    lex = _lexicon()
    full: dict[str, str] = lex["full"]  # type: ignore[assignment]
    out_c: list[str] = []
    out_i: list[int] = []
    pos = 0
    for m in _LATIN_RUN.finditer(text):
        out_c += chars[pos : m.start()]
        out_i += index[pos : m.start()]
        run = m.group()
        if run in lex["initials"] and len(run) <= 4 and run not in full:  # type: ignore[operator]
            word = lex["initials"][run]  # type: ignore[index]
            out_c += list(word)
            out_i += [index[m.start()]] * (len(word) - 1) + [index[m.end() - 1]]
        else:
            j = 0
            while j < len(run):
                for k in range(min(lex["full_max"], len(run) - j), 1, -1):  # type: ignore[arg-type]
                    word = full.get(run[j : j + k])
                    if word:
                        out_c += list(word)
                        out_i += [index[m.start() + j]] * (len(word) - 1) + [index[m.start() + j + k - 1]]
                        j += k
                        break
                else:
                    out_c.append(run[j])
                    out_i.append(index[m.start() + j])
                    j += 1
        pos = m.end()
    out_c += chars[pos:]
    out_i += index[pos:]
    chars[:] = out_c
    index[:] = out_i


def _words(chars: list[str], index: list[int]) -> None:
    """Look-alike spellings, then same-sound spellings of lexicon words, replaced by the word."""
    lex = _lexicon()
    text = "".join(chars)
    looks_any: re.Pattern[str] | None = lex["looks_any"]  # type: ignore[assignment]
    looks = lex["looks"] if looks_any is not None and looks_any.search(text) else ()
    for variant, word in looks:  # type: ignore[union-attr]
        start = text.find(variant)
        while start >= 0:
            # keep the per-character index: stretch/shrink the variant's span over the word
            span = index[start : start + len(variant)]
            new_index = [span[min(i, len(span) - 1)] for i in range(len(word))]
            new_index[-1] = span[-1]
            chars[start : start + len(variant)] = list(word)
            index[start : start + len(variant)] = new_index
            text = "".join(chars)
            start = text.find(variant, start + len(word))
    sound: dict[tuple[str, ...], str] = lex["sound"]  # type: ignore[assignment]
    pys = [char_pinyin(c) for c in chars]
    first: frozenset[str] = lex["sound_first"]  # type: ignore[assignment]
    i = 0
    while i < len(chars):
        if pys[i] not in first:
            i += 1
            continue
        for k in lex["sound_lengths"]:  # type: ignore[union-attr]
            if k < 2 or i + k > len(chars):
                continue
            word = sound.get(tuple(pys[i : i + k]))
            if word:
                window = "".join(chars[i : i + k])
                if window == word:
                    i += k - 1
                    break
                if _is_real_word(window):
                    continue  # 同时 is not a spelling of 同事, nor 保安 of 报案
                if (i > 0 and _is_real_word(chars[i - 1] + chars[i])) or (
                        i + k < len(chars) and _is_real_word(chars[i + k - 1] + chars[i + k])):
                    continue  # the window straddles real words: 证据留存 holds no 拘留
                chars[i : i + k] = list(word)
                i += k - 1
                break
        i += 1


_REAL_WORD_FREQ = 20  # jieba dictionary frequency from which a same-sound window is a word of its own


@lru_cache(maxsize=4096)
def _is_real_word(window: str) -> bool:
    """Whether ``window`` is an ordinary word (jieba's dictionary), not a same-sound spelling."""
    from .words import word_frequency

    return word_frequency(window) >= _REAL_WORD_FREQ


@lru_cache(maxsize=16384)
def _fold(ch: str) -> str:
    """One input character as normalised characters (NFKC, lower case, traditional/variant →
    simplified; marks and controls dropped). Cached: texts repeat the same few thousand characters."""
    table = t2s_table()
    out = []
    for c in unicodedata.normalize("NFKC", ch).lower():
        c = table.get(c, c)
        c = _t2s_char(c)
        if unicodedata.category(c)[0] in _DROP_CATEGORIES:
            continue
        out.append(c)
    return "".join(out)


def normalize(text: str, start: int = 0, end: int | None = None) -> Normalized:
    """Normalise ``text[start:end]``; indices (and excerpts) refer to the whole ``text``."""
    chars: list[str] = []
    index: list[int] = []
    stop = len(text) if end is None else end
    emoji = _emoji()
    first = _emoji_first()
    i = start
    while i < stop:
        ch = text[i]
        if ch in _VARIATION or ch == "\u200d":
            i += 1
            continue
        if ch in first and ord(ch) >= 0x2190:  # as before: only symbols above the arrows block
            hit = _emoji_at(text, i, stop, emoji)
            if hit:
                length, word = hit
                for c in word:
                    chars.append(c)
                    index.append(i)
                i += length
                continue
        for c in _fold(ch):
            chars.append(c)
            index.append(i)
        i += 1
    _latin(chars, index)
    _words(chars, index)
    return Normalized(text, "".join(chars), tuple(index))


def _emoji_at(text: str, i: int, stop: int, emoji: tuple[tuple[str, str], ...]) -> tuple[int, str] | None:
    """(characters consumed, word) for an emoji at text[i] (ZWJ and variation selectors skipped)."""
    for key, word in emoji:
        j, k = i, 0
        while k < len(key) and j < stop:
            if text[j] in _VARIATION or text[j] == "\u200d":
                j += 1
                continue
            if text[j] != key[k]:
                break
            j += 1
            k += 1
        if k == len(key):
            while j < stop and (text[j] in _VARIATION or text[j] == "\u200d"):
                j += 1
            return j - i, word
    return None


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
