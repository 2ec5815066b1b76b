"""jieba's cuts over the shipped, memory-mapped dictionary (pipeline/checks/words.py, issue 18).

The checks cut clauses with jieba to find negation words; the dictionary is read from a MARISA
trie instead of jieba's 60 MB dict. These tests hold the trie to what jieba itself builds from
the installed dict.txt, and the cuts to jieba's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import jieba
from pipeline.checks import words
from pipeline.checks.evaluate import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("train", "train_extra", "heldout", "novel", "independent", "independent_train")


@pytest.fixture(scope="module")
def jieba_own():
    """jieba's default tokenizer with its own dictionary loaded (what the checks used before)."""
    jieba.initialize()
    return jieba.dt


def _texts() -> list[str]:
    return [row["text"] for split in SPLITS for row in load_corpus(split)]


def test_the_shipped_trie_is_what_the_tool_builds_from_the_installed_dictionary(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_word_trie.py"), str(tmp_path)],
                   check=True, capture_output=True)
    assert (tmp_path / words.TRIE_FILE.name).read_bytes() == words.TRIE_FILE.read_bytes()
    assert json.loads((tmp_path / words.TRIE_INFO.name).read_text("utf-8")) == json.loads(words.TRIE_INFO.read_text("utf-8"))
    assert json.loads(words.TRIE_INFO.read_text("utf-8"))["sha256"] == words.dictionary_sha256()


def test_every_key_and_frequency_equals_jiebas_own_prefix_dict():
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.get_dict_file())  # jieba's code, not ours
    tk = words.tokenizer()
    assert isinstance(tk.FREQ, words._Frequencies)
    assert tk.total == total
    mismatched = [k for k, v in freq.items() if k not in tk.FREQ or tk.FREQ[k] != v or tk.FREQ.get(k) != v]
    assert mismatched == []
    # and nothing else: a string jieba does not know is absent, not 0
    for absent in ("催收文书流水线测试词", "zz不存在", "\x00"):
        assert absent not in freq
        assert absent not in tk.FREQ and tk.FREQ.get(absent) is None and tk.FREQ.get(absent, 7) == 7
    assert json.loads(words.TRIE_INFO.read_text("utf-8"))["keys"] == len(freq)


def test_cuts_and_frequencies_are_jiebas_on_every_corpus_text(jieba_own):
    tk = words.tokenizer()
    texts = _texts()
    assert len(texts) > 1000
    for t in texts:
        for part in (t, t[: len(t) // 2], t[3:], t[-4:]):
            assert list(tk.cut(part)) == list(jieba_own.cut(part)), part
        for k in range(len(t) - 1):
            for n in (2, 3):
                w = t[k : k + n]
                assert words.word_frequency(w) == jieba_own.FREQ.get(w, 0), w


def test_known_cuts():
    tk = words.tokenizer()
    # a bare 不 is a token of its own before 上门; 不要脸 is one word (pipeline/checks/scope.py)
    assert list(tk.cut("我们不上门")) == ["我们", "不", "上门"]
    assert "不要脸" in list(tk.cut("你真不要脸"))
    assert words.word_frequency("同时") >= 20 and words.word_frequency("同事") >= 20
    assert words.word_frequency("催收文书流水线测试词") == 0


def test_checking_text_does_not_load_jiebas_dictionary():
    """In a fresh process, a check that cuts a negation leaves jieba's own dict unloaded."""
    code = (
        "import jieba\n"
        "from pipeline.checks import check_text, load_rules\n"
        "from pipeline.checks.words import tokenizer, _Frequencies\n"
        "r = check_text('我们不会联系您的家人，也不会上门。', '短信', load_rules())\n"
        "assert r == [], r\n"
        "assert isinstance(tokenizer().FREQ, _Frequencies)\n"
        "print(jieba.dt.initialized, len(jieba.dt.FREQ))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "0"]


def test_a_trie_from_another_dictionary_falls_back_to_jiebas_own(tmp_path, monkeypatch, jieba_own):
    info = json.loads(words.TRIE_INFO.read_text("utf-8"))
    stale = tmp_path / words.TRIE_INFO.name
    stale.write_text(json.dumps({**info, "sha256": "0" * 64}), encoding="utf-8")
    monkeypatch.setattr(words, "TRIE_INFO", stale)
    words.tokenizer.cache_clear()
    try:
        tk = words.tokenizer()
        assert tk is jieba.dt and isinstance(tk.FREQ, dict)
        assert list(tk.cut("我们不上门")) == ["我们", "不", "上门"]
    finally:
        words.tokenizer.cache_clear()


def test_a_missing_or_corrupt_trie_falls_back_to_jiebas_own(tmp_path, monkeypatch, jieba_own):
    for content in (None, b"not a marisa trie"):
        bad = tmp_path / "words.marisa"
        bad.unlink(missing_ok=True)
        if content is not None:
            bad.write_bytes(content)
        monkeypatch.setattr(words, "TRIE_FILE", bad)
        words.tokenizer.cache_clear()
        try:
            tk = words.tokenizer()
            assert tk is jieba.dt and list(tk.cut("我们不上门")) == ["我们", "不", "上门"]
        finally:
            words.tokenizer.cache_clear()


def test_keys_the_trie_cannot_hold_are_absent_as_in_jiebas_dict(jieba_own):
    freq = words.tokenizer().FREQ
    for key in ("\x00", "同\x00", "\ud800", "同\udc00时"):
        assert key not in jieba_own.FREQ
        assert key not in freq and freq.get(key) is None and words.word_frequency(key) == 0
        with pytest.raises(KeyError):
            freq[key]
