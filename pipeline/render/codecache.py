"""Compiled Jinja code kept on disk between processes, like Python's ``__pycache__``.

Compiling the templates' Jinja source (parse, generate Python, compile) takes about 0.75 s of the
0.87 s a process spends loading the templates, and every batch worker, every rerun and every
``cuishou`` command pays it again before its first case (issue 18: the part of a batch that two
workers cannot share). Jinja's own bytecode cache works only for loader-based templates; ours are
compiled from the text of each .docx part, so this module keeps the code objects itself:

- the key is a SHA-256 of the template source and of everything the generated code depends on
  (Jinja's version, the Python implementation and version, the environment's syntax settings,
  autoescape, and the names of its filters and tests): any change compiles afresh;
- entries are written atomically (temporary file, then rename) and read back with ``marshal``;
  an unreadable or damaged entry is ignored and recompiled, a cache that cannot be written is
  skipped silently — the cache only ever saves time, it never changes a document;
- the folder: ``CUISHOU_CACHE_DIR`` (``off`` turns the cache off), else ``$XDG_CACHE_HOME/cuishou``,
  else ``~/.cache/cuishou``; entries go to its ``jinja/`` subfolder, created private (0700), and a
  folder another user owns is not used (its code would run in this process). The same setting
  holds the warm LibreOffice's profile seed (``office-profile/``, pipeline/efiling/warm.py).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import types
from functools import lru_cache
from pathlib import Path

import jinja2

__all__ = ["ENV_CACHE_DIR", "cache_dir", "compile_cached"]

ENV_CACHE_DIR = "CUISHOU_CACHE_DIR"
_FORMAT = b"cuishou-jinja-code-1"


def cache_dir(sub: str = "jinja") -> Path | None:
    """A private folder of the program's cache (``sub``: ``jinja`` for compiled template code,
    ``office-profile`` for the LibreOffice profile seed of pipeline/efiling/warm.py), or None
    when the cache is off or unusable."""
    setting = os.environ.get(ENV_CACHE_DIR)
    if setting is not None and setting.strip().lower() in ("off", "0", "false", "no", ""):
        return None
    if setting:
        base = Path(setting)
    elif os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"]) / "cuishou"
    else:
        base = Path.home() / ".cache" / "cuishou"
    return _usable(base / sub)


@lru_cache(maxsize=8)
def _usable(folder: Path) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None
    return folder


def _fingerprint(env: jinja2.Environment) -> bytes | None:
    """What the generated code depends on besides the source; None when the environment decides
    autoescaping per template name (a callable), which the key cannot capture."""
    if callable(env.autoescape):
        return None
    parts = [
        _FORMAT, jinja2.__version__.encode(), sys.implementation.cache_tag.encode(), sys.version.encode(),
        repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
              env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
              env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
              env.optimized, bool(env.autoescape), env.is_async, env.finalize is not None,
              sorted(env.filters), sorted(env.tests), sorted(env.extensions))).encode(),
    ]
    return b"\0".join(parts)


def compile_cached(env: jinja2.Environment, source: str) -> jinja2.Template:
    """``env.from_string(source)``, with the compiled code taken from / put into :func:`cache_dir`.
    Raises what ``from_string`` raises (TemplateSyntaxError) for a faulty source."""
    folder = cache_dir()
    fingerprint = _fingerprint(env) if folder is not None else None
    if folder is None or fingerprint is None:
        return env.from_string(source)
    key = hashlib.sha256(fingerprint + b"\0" + source.encode("utf-8", "surrogatepass")).hexdigest()
    entry = folder / f"{key}.code"
    code = None
    try:
        loaded = marshal.loads(entry.read_bytes())
        if isinstance(loaded, types.CodeType):
            code = loaded
    except (OSError, ValueError, EOFError, TypeError):
        code = None
    if code is None:
        code = env.compile(source)
        _write(entry, marshal.dumps(code))
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _write(entry: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full cache only costs the compile next time
