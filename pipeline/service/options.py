"""Build options a submission may choose (the same as ``cuishou build``'s) and their JSON form."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..build import DOC_KINDS, BuildOptions
from .errors import ApiError

__all__ = ["job_options", "build_options"]


def job_options(
    *,
    as_of: str | None,
    only: list[str],
    plan: int | None,
    cover_sheets: bool,
    max_mb: float | None,
    bundle: bool,
    efiling: bool,
) -> dict[str, Any]:
    """Checked options as stored with the job (Chinese :class:`ApiError` naming the parameter)."""
    from ..case.validate import MAX_DATE, MIN_DATE

    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise ApiError("invalid_parameter", f"参数 as_of 应为 YYYY-MM-DD 格式且是日历上存在的日期，收到 {as_of!r}") from None
        if not MIN_DATE <= day <= MAX_DATE:
            raise ApiError("invalid_parameter", f"参数 as_of 应在 {MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()} 之间，收到 {as_of}")
    bad = [k for k in only if k not in DOC_KINDS]
    if bad:
        raise ApiError("invalid_parameter", f"参数 only 的取值 {bad[0]!r} 无效，应为以下之一：{'、'.join(DOC_KINDS)}")
    if plan is not None and plan < 1:
        raise ApiError("invalid_parameter", f"参数 plan 应为不小于 1 的整数，收到 {plan}")
    if max_mb is not None and not (0 < max_mb <= 10_000):
        raise ApiError("invalid_parameter", f"参数 max_mb 应为大于 0 的数（MB），收到 {max_mb}")
    return {
        "as_of": as_of,
        "only": sorted(set(only)),
        "plan": plan,
        "cover_sheets": cover_sheets,
        "max_mb": max_mb,
        "bundle": bundle,
        "efiling": efiling,
    }


def build_options(opts: dict[str, Any], *, templates_dir: Path | None, rules_file: Path | None) -> BuildOptions:
    """The :class:`BuildOptions` of a job: the same object ``cuishou build`` makes from its flags."""
    return BuildOptions(
        templates_dir=templates_dir,
        only=tuple(opts.get("only") or ()),
        as_of=date.fromisoformat(opts["as_of"]) if opts.get("as_of") else None,
        rules_file=rules_file,
        cover_sheets=bool(opts.get("cover_sheets")),
        max_mb=opts.get("max_mb"),
        bundle=bool(opts.get("bundle", True)),
        plan=opts.get("plan"),
        efiling=bool(opts.get("efiling")),
    )
