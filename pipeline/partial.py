"""Partial builds: a problem holds back only the documents that need the faulty data.

Each document kind declares the data groups it needs (``needs.toml`` beside this module). A case
problem whose JSON path lies in a group (an evidence scan, an ID number…) holds back the kinds
that need that group; the other documents are built and the manifest lists the held-back ones with
their problems (``held_back``). A problem in any other field stops the whole case, as does every
problem with ``--strict`` (``BuildOptions.strict``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Iterable

from .case import Case, CaseError, Problem

__all__ = ["Needs", "needs", "load_partial", "held_back_kinds", "KIND_TITLES"]

#: Chinese names of the document kinds for messages (kinds as in --only, plus efiling).
KIND_TITLES = {
    "soft": "提醒短信、电话沟通要点和还款方案建议",
    "demand_letter": "催款函",
    "lawyer_letter": "律师函",
    "instalment_agreement": "分期还款协议",
    "filing": "支付令申请书或民事起诉状（含利息计算明细）",
    "guarantee_notice": "履行保证责任通知书",
    "post_filing": "变更诉讼请求申请书、撤诉申请书或强制执行申请书",
    "bundle": "证据目录及证据材料",
    "efiling": "网上立案材料",
}


@dataclass(frozen=True)
class Needs:
    groups: dict[str, tuple[str, ...]]  # group → path patterns
    titles: dict[str, str]
    kinds: dict[str, tuple[str, ...]]  # kind → groups

    def group_of(self, path: str) -> str | None:
        """The data group a problem's JSON path lies in (None: core data)."""
        for g, patterns in self.groups.items():
            if any(fnmatchcase(path, p.replace("[", "[[]")) for p in patterns):
                return g
        return None

    def kinds_needing(self, group: str) -> list[str]:
        return [k for k, gs in self.kinds.items() if group in gs]


@functools.cache
def needs() -> Needs:
    data = tomllib.loads((Path(__file__).parent / "needs.toml").read_text(encoding="utf-8"))
    groups = {g: tuple(v["paths"]) for g, v in data["groups"].items()}
    titles = {g: v.get("title", g) for g, v in data["groups"].items()}
    kinds = {k: tuple(v) for k, v in data["kinds"].items()}
    return Needs(groups, titles, kinds)


def held_back_kinds(problems: list[Problem]) -> dict[str, list[Problem]] | None:
    """kind → the problems that hold it back; None when a problem touches core data."""
    n = needs()
    out: dict[str, list[Problem]] = {}
    for p in problems:
        g = n.group_of(p.path)
        if g is None:
            return None
        for k in n.kinds_needing(g):
            out.setdefault(k, []).append(p)
    return out


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _drop(data: Any, path: str) -> None:
    """Remove the value at a JSON path such as ``debtors[0].id_number`` (when it is there)."""
    steps: list[str | int] = [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(path)]
    node = data
    for s in steps[:-1]:
        try:
            node = node[s]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict) and isinstance(steps[-1], str):
        node.pop(steps[-1], None)


def load_partial(case_dir: str | Path, profiles: Iterable[str | Path] = ()) -> tuple[Case, dict[str, list[Problem]]]:
    """Load a case for a partial build: the case (faulty optional fields left out) and the held-back kinds.

    ``profiles``: as :func:`pipeline.case.load_case`. Raises the original :class:`CaseError` when
    any problem touches core data."""
    from .case import load_case
    from .case.load import parse_case, read_case_data
    from .case.validate import semantic_problems

    folder = Path(case_dir)
    profiles = list(profiles)
    try:
        return load_case(folder, profiles), {}
    except CaseError as exc:
        first = exc
    if held_back_kinds(first.problems) is None:
        raise first
    try:
        data = dict(read_case_data(folder, profiles))
        for p in first.problems:
            if needs().group_of(p.path) == "identity":
                _drop(data, p.path)  # a wrong check digit: build without the number, hold back what prints it
        case = parse_case(data)
    except (CaseError, OSError, ValueError, RecursionError):
        raise first from None
    problems = list(first.problems)
    seen = {str(p) for p in problems}
    for p in semantic_problems(case, folder):
        if str(p) not in seen:
            problems.append(p)
            seen.add(str(p))
    held = held_back_kinds(problems)
    if held is None:
        raise CaseError(problems, folder)
    return case, held
