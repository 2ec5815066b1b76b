"""Build pipeline/checks/data/jieba_words.marisa (+ .json) from the installed jieba's dict.txt.

The trie holds exactly what jieba's ``Tokenizer.gen_pfdict`` builds (it is called to build it):
every word with its frequency (a later line for the same word wins) and every prefix of a word
not itself a word with 0; the .json records the dictionary's SHA-256, the word count and the frequency total
(the sum over all lines, as jieba counts it). Byte-identical reruns.

    .venv/bin/python tools/make_word_trie.py [OUT_DIR]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.checks.words import TRIE_FILE, TRIE_INFO, dictionary_sha256  # noqa: E402


def prefix_dict() -> tuple[dict[str, int], int, int]:
    """(keys → frequency, word count, frequency total): jieba's own ``gen_pfdict`` over ``dict.txt``,
    so the trie holds what jieba itself would build; the word count is for the record only."""
    import jieba

    freq, total = jieba.Tokenizer.gen_pfdict(jieba.get_dict_file())
    with jieba.get_dict_file() as fh:
        n_words = len({line.split(b" ", 1)[0].strip() for line in fh})
    return freq, n_words, total


def main(out_dir: Path | None = None) -> None:
    import marisa_trie

    trie_file = TRIE_FILE if out_dir is None else out_dir / TRIE_FILE.name
    info_file = TRIE_INFO if out_dir is None else out_dir / TRIE_INFO.name
    freq, n_words, total = prefix_dict()
    # written beside and renamed: saving over the file in place would kill (SIGBUS) every running
    # process that has it memory-mapped
    part = trie_file.with_name(f".{trie_file.name}.part")
    marisa_trie.RecordTrie("<I", ((k, (v,)) for k, v in sorted(freq.items()))).save(str(part))
    os.replace(part, trie_file)
    info = {"source": "jieba dict.txt", "sha256": dictionary_sha256(), "words": n_words, "keys": len(freq), "total": total}
    part = info_file.with_name(f".{info_file.name}.part")
    part.write_text(json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(part, info_file)
    print(f"{n_words} words, {len(freq)} keys, total {total} → {trie_file} ({trie_file.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
