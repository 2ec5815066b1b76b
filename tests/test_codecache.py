"""Compiled template code kept between processes (pipeline/render/codecache.py): the documents are
byte for byte the same with the cache cold, warm, damaged or off."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from conftest import BASE_SAMPLE, ROOT
from pipeline.render import codecache
from pipeline.render.engine import make_env

_BUILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from pipeline.build import BuildOptions, build_case
build_case(Path(sys.argv[2]), Path(sys.argv[3]), BuildOptions(bundle=False))
"""


def _build(tmp: Path, out: str, cache: str) -> dict[str, str]:
    env = {**os.environ, codecache.ENV_CACHE_DIR: cache}
    subprocess.run([sys.executable, "-c", _BUILD, str(ROOT), str(BASE_SAMPLE), str(tmp / out)], env=env, check=True,
                   capture_output=True)
    return {p.relative_to(tmp / out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((tmp / out).rglob("*.docx"))}


def test_documents_are_the_same_with_the_cache_cold_warm_damaged_and_off(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    off = _build(tmp_path, "off", "off")
    assert len(off) >= 3
    assert not cache.exists()
    cold = _build(tmp_path, "cold", str(cache))
    entries = sorted((cache / "jinja").glob("*.code"))
    assert entries, "nothing was cached"
    warm = _build(tmp_path, "warm", str(cache))
    assert sorted((cache / "jinja").glob("*.code")) == entries  # read back, not compiled anew
    for e in entries:  # damaged entries are recompiled, never trusted
        e.write_bytes(b"not marshal data")
    damaged = _build(tmp_path, "damaged", str(cache))
    assert off == cold == warm == damaged
    assert all(e.read_bytes() != b"not marshal data" for e in entries)  # and rewritten
    assert not list((cache / "jinja").glob(".*.part"))


def test_the_key_changes_with_what_the_code_depends_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(codecache.ENV_CACHE_DIR, str(tmp_path))
    env = make_env()
    src = "{{ a }} {% if b %}是{% endif %}"
    t = codecache.compile_cached(env, src)
    assert t.render(a="<x>", b=True) == env.from_string(src).render(a="<x>", b=True) == "&lt;x&gt; 是"
    assert len(list((tmp_path / "jinja").glob("*.code"))) == 1
    codecache.compile_cached(env, src)  # same source, same environment: the same entry
    assert len(list((tmp_path / "jinja").glob("*.code"))) == 1
    codecache.compile_cached(env, src + " ")  # other source
    other = make_env()
    other.filters["extra"] = str
    codecache.compile_cached(other, src)  # another filter set
    plain = jinja2.Environment(autoescape=False)
    assert codecache.compile_cached(plain, src).render(a="<x>", b=False) == "<x> "  # no escaping: its own entry
    assert len(list((tmp_path / "jinja").glob("*.code"))) == 4


def test_a_cache_that_cannot_be_made_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(codecache.ENV_CACHE_DIR, str(blocker / "below"))  # a folder below a file
    assert codecache.cache_dir() is None
    assert codecache.compile_cached(make_env(), "{{ 1 + 1 }}").render() == "2"
    monkeypatch.setenv(codecache.ENV_CACHE_DIR, "off")
    assert codecache.cache_dir() is None


def test_syntax_errors_still_name_the_template_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.render.engine import RenderError, _compile_source

    monkeypatch.setenv(codecache.ENV_CACHE_DIR, str(tmp_path))
    with pytest.raises(RenderError, match="语法错误"):
        _compile_source(make_env(), "<w:p><w:t>{% if %}</w:t></w:p>", "01_催款函.docx", "word/document.xml")
    assert not list((tmp_path / "jinja").glob("*.code"))  # nothing cached for a faulty source
