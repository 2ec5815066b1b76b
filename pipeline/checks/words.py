"""jieba's segmentation over a memory-mapped copy of its dictionary (issue 18: memory per worker).

jieba holds its dictionary — 349,045 words with their frequencies, plus every prefix of them —
as a Python dict: about 60 MB in every worker that checks text. The same keys and values are
shipped as a MARISA trie (``data/jieba_words.marisa``, 2.1 MB, built by
``tools/make_word_trie.py`` from the installed jieba's ``dict.txt``) and memory-mapped, so the
pages are shared by every worker on the machine. jieba's own tokenizer reads it through
:class:`_Frequencies`, which answers exactly as jieba's dict does (a word → its frequency, a
prefix of a word → 0, anything else → absent), so every cut is jieba's.

When the shipped trie was not built from the installed ``dict.txt`` (another jieba release),
jieba's own dictionary is used: the same cuts, only the memory is not saved.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["tokenizer", "word_frequency", "dictionary_sha256", "TRIE_FILE", "TRIE_INFO"]

TRIE_FILE = Path(__file__).with_name("data") / "jieba_words.marisa"
TRIE_INFO = TRIE_FILE.with_suffix(".json")  # source sha256, word count and jieba's frequency total


class _Frequencies:
    """The part of jieba's ``Tokenizer.FREQ`` dict that its cutting code uses, over the trie."""

    __slots__ = ("_trie",)

    def __init__(self, trie: Any) -> None:
        self._trie = trie

    def _find(self, key: str) -> int | None:
        # marisa reads keys as C strings (a NUL would match the wrong entry) encoded as UTF-8 (a lone
        # surrogate cannot be): jieba's dictionary has no such key, so both are simply absent
        if "\x00" in key:
            return None
        try:
            found = self._trie.get(key)
        except UnicodeEncodeError:
            return None
        return None if found is None else int(found[0][0])

    def __contains__(self, key: str) -> bool:
        return self._find(key) is not None

    def __getitem__(self, key: str) -> int:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: int | None = None) -> int | None:
        found = self._find(key)
        return default if found is None else found


def dictionary_sha256() -> str:
    """SHA-256 of the installed jieba's main dictionary (``dict.txt``), read in blocks."""
    import jieba

    h = hashlib.sha256()
    with jieba.get_dict_file() as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """A ``jieba.Tokenizer`` ready to cut: over the shipped trie when it matches the installed
    dictionary, else jieba's default tokenizer with its own dictionary loaded."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    try:
        import marisa_trie

        info = json.loads(TRIE_INFO.read_text(encoding="utf-8"))
        if info["sha256"] != dictionary_sha256():
            raise ValueError("trie built from another dict.txt")
        total = int(info["total"])
        trie = marisa_trie.RecordTrie("<I").mmap(str(TRIE_FILE))  # RuntimeError: missing or not a trie
    except (ImportError, OSError, ValueError, KeyError, TypeError, RuntimeError):
        jieba.initialize()
        return jieba.dt
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = _Frequencies(trie), total
    tk.initialized = True  # jieba would otherwise load its own dictionary on the first cut
    return tk


def word_frequency(word: str) -> int:
    """jieba's dictionary frequency of ``word`` (0 for a prefix of a word or an unknown string)."""
    return tokenizer().FREQ.get(word, 0)
