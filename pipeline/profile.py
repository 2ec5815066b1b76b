"""Creditor and law-firm profiles: details given once per batch instead of in every case.json.

A profile is a TOML or JSON file holding some of the case's top-level sections that stay the same
across a creditor's cases — ``creditor``, ``creditor_account``, ``creditor_service``, ``lawyer``,
``lender_category``, ``settings``. :func:`apply_profiles` merges the profiles into a case's raw data
*before* validation (so the same Chinese messages apply), the case's own values winning, tables
merged key by key and lists replaced whole. A batch root may hold the profiles under fixed names
(:data:`PROFILE_NAMES`); ``--profile FILE`` names them explicitly. Their bytes are part of the input
digest, so changing a profile rebuilds the cases that use it.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .case.problems import Problem

__all__ = ["ProfileError", "PROFILE_NAMES", "PROFILE_SECTIONS", "load_profile", "find_profiles", "merge", "apply_profiles"]

#: Top-level case sections a profile may hold.
PROFILE_SECTIONS = ("creditor", "creditor_account", "creditor_service", "lawyer", "lender_category", "settings")

#: File names picked up from a batch root, in merge order (the firm after the creditor).
PROFILE_NAMES = (
    "creditor-profile.toml", "creditor-profile.json", "债权人档案.toml", "债权人档案.json",
    "firm-profile.toml", "firm-profile.json", "律所档案.toml", "律所档案.json",
)


class ProfileError(ValueError):
    """A profile file that cannot be used; ``problems`` name the file, the key and what is expected."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


def load_profile(path: str | Path) -> dict[str, Any]:
    """Read one profile (``.toml`` or ``.json``); numbers as exact Decimal, never float."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError([Problem(name, f"无法读取档案文件（{exc.strerror or exc}）")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError([Problem(name, "档案文件应为 UTF-8 编码")]) from None
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError([Problem(name, f"不是有效的 TOML：{exc}")]) from None
        data = _dates_as_text(data)
    elif path.suffix.lower() == ".json":
        from .case.load import read_case_json

        try:
            data = read_case_json(text)
        except ValueError as exc:  # JSONDecodeError is a ValueError
            raise ProfileError([Problem(name, f"不是有效的 JSON：{exc}")]) from None
    else:
        raise ProfileError([Problem(name, f"档案文件应为 .toml 或 .json，收到 {path.suffix or '无扩展名'}")])
    if not isinstance(data, dict):
        raise ProfileError([Problem(name, "档案文件的顶层应为对象（键值表）")])
    unknown = [k for k in data if k not in PROFILE_SECTIONS]
    if unknown:
        raise ProfileError([
            Problem(f"{name}：{k}", f"档案中不能包含该项，只能包含：{'、'.join(PROFILE_SECTIONS)}") for k in unknown
        ])
    return data


def _dates_as_text(value: Any) -> Any:
    """TOML dates become ISO text, as case.json writes them (one form for the validator and the digest)."""
    from datetime import date, datetime

    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def find_profiles(root: str | Path) -> list[Path]:
    """The profile files present in a batch root, in merge order."""
    root = Path(root)
    return [root / n for n in PROFILE_NAMES if (root / n).is_file()]


def merge(base: Any, override: Any) -> Any:
    """``override`` on top of ``base``: tables merged key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for k, v in override.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return override


def apply_profiles(data: Any, profiles: Iterable[str | Path]) -> Any:
    """The case's raw data with the profiles merged under it (later profiles over earlier ones,
    the case over all of them). Raises :class:`ProfileError`."""
    paths = list(profiles)
    if not paths or not isinstance(data, dict):
        return data
    combined: dict[str, Any] = {}
    for p in paths:
        combined = merge(combined, load_profile(p))
    return merge(combined, data)


def profile_origin(data: Any, profiles: Iterable[str | Path]) -> dict[str, str]:
    """Top-level section → profile file name, for sections the case itself does not hold (to say
    where a faulty value came from)."""
    out: dict[str, str] = {}
    if not isinstance(data, dict):
        return out
    for p in profiles:
        for k in load_profile(p):
            if k not in data:
                out[k] = Path(p).name
    return out

