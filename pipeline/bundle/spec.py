"""What goes into an evidence bundle, and what comes out.

The bundle is the 证据目录 (evidence index) followed by every item, as required by
证据规定第19条 (number each item, state its source and what it proves, sign and date,
state the page count).
"""

from __future__ import annotations

from ..case.evidence import form_label

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pipeline.case.models import Case

Severity = Literal["block", "warn", "info"]


@dataclass(frozen=True)
class BundleItem:
    """One evidence item: its number in the index and the files that make it up, in order."""

    number: int
    id: str
    title: str
    source: str
    purpose: str
    original: str | None  # "original" / "copy" / None
    files: tuple[Path, ...]


@dataclass(frozen=True)
class BundleSpec:
    court: str | None
    cause: str
    parties: tuple[tuple[str, str], ...]  # (role, name), e.g. ("原告", "张三")
    submitter: str
    date: date
    items: tuple[BundleItem, ...]
    title: str = "证据目录及证据材料"
    cover_sheets: bool = False
    max_mb: float | None = None


@dataclass(frozen=True)
class BundleProblem:
    severity: Severity
    item_id: str | None
    file: str | None
    message: str  # Chinese, for the user

    def __str__(self) -> str:
        where = "，".join(x for x in (f"证据 {self.item_id}" if self.item_id else "", self.file or "") if x)
        label = {"block": "错误", "warn": "警告", "info": "提示"}[self.severity]
        return f"[{label}] {where + '：' if where else ''}{self.message}"


@dataclass(frozen=True)
class ItemPages:
    id: str
    number: int
    title: str
    first_page: int  # 1-based, within its volume
    last_page: int
    volume: int  # 1-based
    files: tuple[Path, ...]


@dataclass(frozen=True)
class BundleResult:
    volumes: tuple[Path, ...]
    items: tuple[ItemPages, ...]
    pages: int  # total over all volumes
    problems: tuple[BundleProblem, ...]


class BundleError(Exception):
    """Raised when a blocking problem prevents building the bundle; nothing is written."""

    def __init__(self, problems: list[BundleProblem] | tuple[BundleProblem, ...]):
        self.problems = tuple(problems)
        blocking = [p for p in self.problems if p.severity == "block"] or list(self.problems)
        super().__init__("无法生成证据材料：\n" + "\n".join(str(p) for p in blocking))


def spec_from_case(
    case: Case,
    case_dir: Path,
    *,
    court: str | None,
    cause: str,
    roles: tuple[str, str] = ("原告", "被告"),
    cover_sheets: bool = False,
    max_mb: float | None = None,
) -> BundleSpec:
    """Build a bundle spec from the case record: items numbered 1.. in the order of ``case.evidence``.

    Parties: the creditor under ``roles[0]``; debtors (and guarantors, when they are pursued)
    under ``roles[1]``. The submitter is the creditor; the date is the document date.
    """
    case_dir = Path(case_dir)
    parties: list[tuple[str, str]] = [(roles[0], case.creditor.name)]
    parties += [(roles[1], d.name) for d in case.debtors]
    if case.procedure.pursue_guarantors:
        parties += [(roles[1], g.party.name) for g in case.guarantors]
    items = tuple(
        BundleItem(
            number=i,
            id=e.id,
            title=e.title,
            source=e.source,
            purpose=e.purpose,
            original=form_label(e) or None,  # 原件/复印件, or 电子数据打印件 / 视听资料整理稿 (pipeline/case/evidence.py)
            files=tuple(case_dir / f for f in e.files),
        )
        for i, e in enumerate(case.evidence, start=1)
    )
    return BundleSpec(
        court=court,
        cause=cause,
        parties=tuple(parties),
        submitter=case.creditor.name,
        date=case.signing_date,
        items=items,
        cover_sheets=cover_sheets,
        max_mb=max_mb,
    )
