"""Rows waiting to be joined, kept on disk (SQLite in a temporary folder), not in memory.

Every sheet is read once, row by row, into this store; loans are then taken in sheet
order and each loan's repayments, contacts, guarantors and evidence rows are fetched by
its key. Memory therefore stays flat whatever the number of rows; duplicate keys and
rows that belong to no loan are found with one query each.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["Stage"]


class Stage:
    def __init__(self, folder: Path, *, _existing: Path | None = None):
        if _existing is not None:  # a worker reading a finished stage
            self.path = _existing
            self.db = sqlite3.connect(f"file:{_existing}?mode=ro", uri=True, isolation_level=None)
            self.db.execute("PRAGMA cache_size=-2000")
            return
        self.path = folder / "stage.sqlite3"
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-2000")  # at most ~2 MB of page cache, whatever the sheet's size
        self.db.execute("CREATE TABLE rows (role TEXT, sheet TEXT, row INTEGER, key TEXT, data BLOB)")
        self.db.execute("BEGIN")

    def add(self, role: str, sheet: str, row: int, key: str | None, values: tuple[Any, ...]) -> None:
        self.db.execute(
            "INSERT INTO rows VALUES (?, ?, ?, ?, ?)",
            (role, sheet, row, key, pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)),
        )

    def done_loading(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("CREATE INDEX rows_key ON rows (key, role)")
        self.db.execute("CREATE INDEX rows_role ON rows (role, sheet, row)")

    @classmethod
    def open(cls, path: Path) -> "Stage":
        return cls(path.parent, _existing=path)

    def loan_rows(self) -> Iterator[tuple[int, str, int, str | None, tuple[Any, ...]]]:
        cur = self.db.execute("SELECT rowid, sheet, row, key, data FROM rows WHERE role = 'loans' ORDER BY rowid")
        for rowid, sheet, row, key, data in cur:
            yield rowid, sheet, row, key, pickle.loads(data)

    def loans_by_rowid(self, rowids: list[int]) -> list[tuple[str, int, str, tuple[Any, ...]]]:
        marks = ",".join("?" * len(rowids))
        cur = self.db.execute(f"SELECT sheet, row, key, data FROM rows WHERE rowid IN ({marks}) ORDER BY rowid", rowids)
        return [(sheet, row, key, pickle.loads(data)) for sheet, row, key, data in cur]

    def loans(self) -> Iterator[tuple[str, int, str | None, tuple[Any, ...]]]:
        cur = self.db.execute("SELECT sheet, row, key, data FROM rows WHERE role = 'loans' ORDER BY rowid")
        for sheet, row, key, data in cur:
            yield sheet, row, key, pickle.loads(data)

    def related(self, key: str, role: str) -> list[tuple[str, int, tuple[Any, ...]]]:
        cur = self.db.execute("SELECT sheet, row, data FROM rows WHERE key = ? AND role = ? ORDER BY rowid", (key, role))
        return [(sheet, row, pickle.loads(data)) for sheet, row, data in cur]

    def duplicate_loan_keys(self) -> dict[str, list[tuple[str, int]]]:
        cur = self.db.execute(
            "SELECT key, sheet, row FROM rows WHERE role = 'loans' AND key IN "
            "(SELECT key FROM rows WHERE role = 'loans' AND key IS NOT NULL GROUP BY key HAVING COUNT(*) > 1) "
            "ORDER BY rowid"
        )
        out: dict[str, list[tuple[str, int]]] = {}
        for key, sheet, row in cur:
            out.setdefault(key, []).append((sheet, row))
        return out

    def orphans(self) -> Iterator[tuple[str, str, int, str]]:
        """Rows of other sheets whose key matches no loan: (role, sheet, row, key)."""
        cur = self.db.execute(
            "SELECT role, sheet, row, key FROM rows r WHERE role != 'loans' AND key IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM rows l WHERE l.role = 'loans' AND l.key = r.key) ORDER BY rowid"
        )
        yield from cur

    def close(self) -> None:
        self.db.close()
