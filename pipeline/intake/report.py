"""The import report: every problem with its sheet, row and column, the conversions made, the cases.

The report file (``import-report.json`` and the readable ``import-report.txt`` in the
output folder) holds no time and no absolute path, so importing the same sheet again
writes the same bytes. Whether a case folder was created, updated or left unchanged is
told on the terminal and in the returned :class:`ImportReport`, not in the file.
"""

from __future__ import annotations

import io
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, TextIO

__all__ = ["Cell", "IntakeProblem", "NoteSummary", "ImportedCase", "ImportReport", "MAPPING_SHEET"]

MAPPING_SHEET = "映射文件"

#: At most this many example rows per conversion kind are listed (the count is always exact).
EXAMPLES = 5


@dataclass(frozen=True)
class Cell:
    """Where a value came from, as the clerk sees it in Excel (or the mapping file)."""

    sheet: str
    row: int = 0  # 0: not a row (a sheet-wide or mapping-file matter)
    column: str = ""  # the header as written in the sheet (or the mapping key)
    value: str | None = None  # the raw value as shown

    def where(self) -> str:
        if self.sheet == MAPPING_SHEET:
            return f"{MAPPING_SHEET} {self.column}".rstrip()
        text = self.sheet
        if self.row:
            text += f" 第{self.row}行"
        if self.column:
            text += f"『{self.column}』"
        return text


@dataclass(frozen=True)
class IntakeProblem:
    """One thing the clerk must fix. ``message`` is Chinese; ``key`` the loan it blocks (if known)."""

    sheet: str
    row: int
    column: str
    message: str
    value: str | None = None
    key: str | None = None

    @classmethod
    def at(cls, cell: Cell, message: str, key: str | None = None) -> IntakeProblem:
        return cls(cell.sheet, cell.row, cell.column, message, cell.value, key)

    def __str__(self) -> str:
        return f"{Cell(self.sheet, self.row, self.column).where()}：{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row or None,
            "column": self.column or None,
            "value": self.value,
            "key": self.key,
            "message": self.message,
            "text": str(self),
        }


@dataclass
class NoteSummary:
    """All conversions of one kind in one column: how many, and the first few examples."""

    sheet: str
    column: str
    rule: str
    count: int = 0
    examples: list[tuple[int, str]] = field(default_factory=list)

    def add(self, row: int, text: str) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append((row, text))

    def merge(self, later: NoteSummary) -> None:
        """Add the notes of a later part of the same sheet (the result is as if added one by one)."""
        self.count += later.count
        self.examples.extend(later.examples[: EXAMPLES - len(self.examples)])

    def __str__(self) -> str:
        rows = "、".join(f"第{r}行" for r, _ in self.examples)
        more = f"等 {self.count} 处" if self.count > len(self.examples) else f"共 {self.count} 处"
        where = f"{self.sheet}『{self.column}』" if self.column else self.sheet
        examples = "；".join(dict.fromkeys(t for _, t in self.examples[:3]))
        return f"{where}：{examples}（{rows}{more}）"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "column": self.column or None,
            "rule": self.rule,
            "count": self.count,
            "examples": [{"row": r or None, "text": t} for r, t in self.examples],
            "text": str(self),
        }


@dataclass(frozen=True, slots=True)
class ImportedCase:
    case_id: str
    key: str
    sheet: str
    row: int
    case_json_sha256: str
    outcome: str = ""  # created | updated | unchanged | checked (dry run); not written to the report file

    def to_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "key": self.key, "sheet": self.sheet, "row": self.row,
                "case_json_sha256": self.case_json_sha256}


@dataclass
class ImportReport:
    """What an import did. ``ok`` when every loan row was imported and nothing needs fixing."""

    source: str
    source_sha256: str
    mapping: str
    mapping_sha256: str | None
    out_dir: str
    dry_run: bool = False
    strict: bool = False
    encoding: str | None = None
    computation_date: str | None = None
    evidence_root: str | None = None
    sheets: list[dict[str, Any]] = field(default_factory=list)
    loan_rows: int = 0
    cases: list[ImportedCase] = field(default_factory=list)
    failed_keys: list[str] = field(default_factory=list)
    problems: list[IntakeProblem] = field(default_factory=list)
    notes: OrderedDict[tuple[str, str, str], NoteSummary] = field(default_factory=OrderedDict)
    remarks: list[str] = field(default_factory=list)  # sheet-wide facts (ignored sheets, unused columns …)

    _seen_sheetwide: set[tuple[str, str, str]] = field(default_factory=set, repr=False)

    # ------------------------------------------------------------ recording

    def add_problems(self, problems: list[IntakeProblem]) -> None:
        """Add problems; one about the mapping file or a whole sheet (no row) is kept once, not once per case."""
        for p in problems:
            if p.row == 0:
                k = (p.sheet, p.column, p.message)
                if k in self._seen_sheetwide:
                    continue
                self._seen_sheetwide.add(k)
            self.problems.append(p)

    def note(self, sheet: str, row: int, column: str, rule: str, text: str) -> None:
        k = (sheet, column, rule)
        summary = self.notes.get(k)
        if summary is None:
            summary = self.notes[k] = NoteSummary(sheet, column, rule)
        summary.add(row, text)

    # ------------------------------------------------------------ reading

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def outcomes(self) -> dict[str, int]:
        c = {"created": 0, "updated": 0, "unchanged": 0, "checked": 0}
        for case in self.cases:
            c[case.outcome] = c.get(case.outcome, 0) + 1
        return c

    @property
    def counts(self) -> dict[str, int]:
        return {
            "loan_rows": self.loan_rows,
            "imported": len(self.cases),
            "failed": len(self.failed_keys) if self.loan_rows else 0,
            "problems": len(self.problems),
        }

    def to_dict(self, cases: bool = True) -> dict[str, Any]:
        return {
            "program": "cuishou",
            "report": "import",
            "source": self.source,
            "source_sha256": self.source_sha256,
            "mapping": self.mapping,
            "mapping_sha256": self.mapping_sha256,
            "encoding": self.encoding,
            "computation_date": self.computation_date,
            "evidence_root": self.evidence_root,
            "strict": self.strict,
            "dry_run": self.dry_run,
            "counts": self.counts,
            "sheets": self.sheets,
            "cases": [c.to_dict() for c in self.cases] if cases else None,
            "not_imported": self.failed_keys,
            "problems": [p.to_dict() for p in self.problems],
            "conversions": [n.to_dict() for n in self.notes.values()],
            "remarks": self.remarks,
        }

    def to_json(self) -> str:
        buf = io.StringIO()
        self.write_json(buf)
        return buf.getvalue()

    def write_json(self, fh: TextIO) -> None:
        """The JSON report, written piece by piece (a 10,000-case report is never one string in memory)."""
        data = self.to_dict(cases=False)
        keys = list(data)
        fh.write("{\n")
        for i, k in enumerate(keys):
            last = i == len(keys) - 1
            if k == "cases":
                fh.write('  "cases": [')
                for j, c in enumerate(self.cases):
                    fh.write(("," if j else "") + "\n    " + json.dumps(c.to_dict(), ensure_ascii=False))
                fh.write("\n  ]" if self.cases else "]")
            else:
                text = json.dumps(data[k], ensure_ascii=False, indent=2).replace("\n", "\n  ")
                fh.write(f"  {json.dumps(k)}: {text}")
            fh.write("\n" if last else ",\n")
        fh.write("}\n")

    def summary_line(self) -> str:
        c = self.counts
        verb = "检查" if self.dry_run else "导入"
        text = f"{self.source}：借款 {c['loan_rows']} 行，{verb}成功 {c['imported']} 件"
        if c["failed"]:
            text += f"，未导入 {c['failed']} 件"
        if self.problems:
            text += f"，共 {len(self.problems)} 个问题需要修改"
        if self.strict and self.problems and not self.dry_run:
            text += "（--strict：有问题时一件也不导入）"
        return text

    def to_text(self) -> str:
        """The readable report (Chinese), for the clerk who fixes the sheet."""
        buf = io.StringIO()
        self.write_text(buf)
        return buf.getvalue()

    def write_text(self, fh: TextIO) -> None:
        for line in self._text_head():
            fh.write(line + "\n")
        if self.cases:
            fh.write(f"导入的案件（{len(self.cases)} 件）：\n")
            for c in self.cases:
                fh.write(f"  {c.case_id}（{c.sheet} 第{c.row}行，{c.key}）\n")

    def _text_head(self) -> list[str]:
        lines = ["cuishou 导入报告", "", f"来源文件：{self.source}（sha256 {self.source_sha256[:16]}…）"]
        lines.append(f"映射文件：{self.mapping}")
        if self.encoding:
            lines.append(f"文件编码：{self.encoding}")
        if self.computation_date:
            lines.append(f"计算截止日：{self.computation_date}")
        if self.evidence_root:
            lines.append(f"证据文件夹：{self.evidence_root}")
        for s in self.sheets:
            lines.append(f"工作表『{s['sheet']}』：{s['role_label']}，标题在第{s['header_row']}行，数据 {s['rows']} 行")
        lines += ["", self.summary_line(), ""]
        if self.problems:
            lines.append(f"需要修改的问题（{len(self.problems)} 个）：")
            lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, start=1)]
            lines.append("")
        if self.failed_keys:
            lines.append("未导入的借款：" + "、".join(self.failed_keys))
            lines.append("")
        if self.notes:
            lines.append("导入时做了以下换算，请核对：")
            lines += [f"  - {n}" for n in self.notes.values()]
            lines.append("")
        if self.remarks:
            lines.append("其他说明：")
            lines += [f"  - {r}" for r in self.remarks]
            lines.append("")
        while lines and not lines[-1]:
            lines.pop()
        if self.cases:
            lines.append("")
        return lines
