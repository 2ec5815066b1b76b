"""One-year LPR lookup (民间借贷规定第25条第2款: 自2019年8月20日起每月发布的一年期LPR).

"LPR at date d" is the latest publication on or before d; a published value
applies until the next publication. The table is a data file with a
``verified_through`` date: a date after it cannot be answered silently, so the
lookup returns the value together with a warning (or raises in strict mode).
A user can point the tool at a newer table with :func:`load_table`.
"""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .._resources import data_dir

__all__ = ["LprTable", "LprValue", "LprError", "load_table", "default_table", "LPR_START"]

LPR_START = date(2019, 8, 20)


class LprError(ValueError):
    """The table cannot answer for a date (before the table, or beyond its verified range in strict mode)."""


@dataclass(frozen=True)
class LprValue:
    """A one-year rate in percent, the publication it comes from, and any warning."""

    rate: Decimal
    published: date
    kind: str  # "lpr" or "benchmark" (pre-reform 贷款基准利率)
    warning: str | None = None


@dataclass(frozen=True)
class LprTable:
    rows: tuple[tuple[date, Decimal, str], ...]
    verified_through: date
    source: str = field(default="内置LPR表")

    def one_year(self, on: date, *, strict: bool = False) -> LprValue:
        """The one-year rate in force on ``on`` (latest publication ≤ on)."""
        dates = [r[0] for r in self.rows]
        i = bisect.bisect_right(dates, on) - 1
        if i < 0:
            raise LprError(f"LPR表最早只到 {dates[0].isoformat()}，无法查询 {on.isoformat()} 的利率")
        published, rate, kind = self.rows[i]
        warning = None
        if on > self.verified_through:
            msg = (
                f"{on.isoformat()} 晚于LPR表核实截止日 {self.verified_through.isoformat()}，"
                f"暂按最近一次已核实的公布值 {rate}%（{published.isoformat()}）计算，请核对最新LPR后更新数据表"
            )
            if strict:
                raise LprError(msg)
            warning = msg
        return LprValue(rate, published, kind, warning)


def load_table(path: str | Path) -> LprTable:
    """Read an LPR CSV (columns date, one_year, five_year, kind; a '# verified_through: YYYY-MM-DD' line)."""
    p = Path(path)
    verified: date | None = None
    rows: list[tuple[date, Decimal, str]] = []
    lines = p.read_text(encoding="utf-8").splitlines()
    body = []
    for line in lines:
        if line.startswith("#"):
            if "verified_through:" in line:
                verified = date.fromisoformat(line.split("verified_through:")[1].strip())
            continue
        body.append(line)
    for rec in csv.DictReader(body):
        rows.append((date.fromisoformat(rec["date"]), Decimal(rec["one_year"]), rec.get("kind") or "lpr"))
    rows.sort()
    if verified is None:
        raise LprError(f"{p} 缺少 '# verified_through: YYYY-MM-DD' 行")
    return LprTable(tuple(rows), verified, str(p))


@lru_cache(maxsize=1)
def default_table() -> LprTable:
    return load_table(data_dir() / "lpr.csv")
