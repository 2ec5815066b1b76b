"""Where a case stands: its stage on a date, the facts that put it there, the next action, and
which documents to make with which dates.

A pure function of the case record, its claim and a date (no I/O): ``build`` asks it which
documents to write and how to date them, ``status`` reads the same answer for many cases.
The model is docs/stage.md.
"""

from __future__ import annotations

from .assess import (
    DOCUMENT_TITLES,
    STAGES,
    Fact,
    NextAction,
    OverdueInstalment,
    PlanEntry,
    StageReport,
    assess,
)

__all__ = ["assess", "StageReport", "Fact", "NextAction", "OverdueInstalment", "PlanEntry", "STAGES", "DOCUMENT_TITLES"]
