"""Where the service keeps things under its data folder (``--data``).

::

    <data>/
      service.lock          held by the running service (one service per data folder)
      letter-numbers.json   the 函号 registry shared by every job
      jobs.sqlite3          the job table (SQLite, WAL)
      uploads/.tmp-<uuid>/  uploads being checked (removed when refused; swept at start-up)
      inputs/<job_id>/      the submitted case folder (case.json + evidence), never changed afterwards
      work/<job_id>.<n>/    attempt n's build (removed when the attempt ends or at start-up)
      results/<job_id>/     the committed result: <case_id>/ (exactly what ``cuishou build`` writes),
                            claim.json (``cuishou calc --json``), checks.json (``cuishou check --json``)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Layout"]


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def lock(self) -> Path:
        return self.root / "service.lock"

    @property
    def letter_registry(self) -> Path:
        """The 函号 registry shared by every job (pipeline/letter_numbers.py)."""
        return self.root / "letter-numbers.json"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def inputs(self) -> Path:
        return self.root / "inputs"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def results(self) -> Path:
        return self.root / "results"

    def input_case(self, job_id: str) -> Path:
        return self.inputs / job_id

    def result(self, job_id: str) -> Path:
        return self.results / job_id

    def result_case(self, job_id: str, case_id: str) -> Path:
        return self.results / job_id / case_id

    def make(self) -> None:
        for p in (self.root, self.uploads, self.inputs, self.work, self.results):
            p.mkdir(parents=True, exist_ok=True)
