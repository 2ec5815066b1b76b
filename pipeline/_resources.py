"""Where the shipped templates and schemas are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # In a wheel, hatch force-includes the folders under pipeline/_resources/;
    # in a checkout (editable install or tests) they sit at the repository top.
    for candidate in (_PKG / "_resources" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到内置资源目录 {name}（安装不完整？）")


def templates_dir() -> Path:
    return _find("templates") / "zh"


def schemas_dir() -> Path:
    return _find("schemas")


def repo_schemas_dir() -> Path | None:
    """The committed schemas folder of a checkout, if this is one."""
    p = _PKG.parent / "schemas"
    return p if (_PKG.parent / "pyproject.toml").is_file() else None


def data_dir() -> Path:
    return _PKG / "law" / "data"
