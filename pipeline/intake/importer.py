"""``import_cases``: a spreadsheet in, one case folder per loan out, and a report.

Steps: read every sheet once into an on-disk stage (:mod:`.stage`); find duplicate keys and
rows that belong to no loan; then, loan by loan in sheet order, read its cells, join its
repayments, contacts, guarantors and evidence, build case.json (:mod:`.assemble`), and write
the folder atomically after validating it with ``cuishou validate``'s own code
(:mod:`.write`). Problems are collected, never raised: each names the sheet, row and column
header as the clerk sees them. Rows that are fine are imported (none with ``strict``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assemble import LOAN_PATHS, Assembled, assemble_case, case_id_for
from .columns import ROLES
from .mapping import Mapping, load_mapping
from .read import SheetError, Source, open_source
from .report import MAPPING_SHEET, Cell, ImportedCase, ImportReport, IntakeProblem
from .sheets import HEADER_SCAN_ROWS, RowReader, SheetLayout, Value, find_layout, is_ignored_sheet, role_of_sheet
from .stage import Stage
from .write import CaseFiles, Conflict, check_case_folder, conflict_problem, dump_case_json, make_marker, write_case_folder

__all__ = ["import_cases", "IntakeError", "REPORT_JSON", "REPORT_TEXT"]

REPORT_JSON = "import-report.json"
REPORT_TEXT = "import-report.txt"

_ROLE_LABEL = {"loans": "借款清单", "repayments": "还款记录", "contacts": "催收记录", "guarantors": "保证人", "evidence": "证据清单"}


class IntakeError(RuntimeError):
    """The import cannot run at all (unreadable file, bad output folder); Chinese message."""


@dataclass
class _SheetState:
    layout: SheetLayout
    reader: RowReader


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _peek(rows: Any, n: int) -> tuple[list[tuple[int, tuple[Any, ...]]], Any]:
    first = []
    for item in rows:
        first.append(item)
        if len(first) >= n:
            break
    return first, rows


def import_cases(
    path: str | Path,
    out_dir: str | Path,
    mapping: Mapping | str | Path | None = None,
    evidence_root: str | Path | None = None,
    dry_run: bool = False,
    strict: bool = False,
    *,
    as_of: dt.date | None = None,
    overwrite: bool = False,
    jobs: int | None = None,
    on_case: Callable[[ImportedCase | None], None] | None = None,
) -> ImportReport:
    """Import the loans of a workbook (.xlsx) or CSV export into case folders under ``out_dir``.

    - ``mapping``: a :class:`Mapping` or the path of a mapping file (TOML); None uses the
      built-in column names (see ``cuishou import --template``).
    - ``evidence_root``: the folder evidence paths and patterns in the sheet are relative to
      (default: the mapping's ``[options] evidence_root``, else the spreadsheet's folder).
      Nothing outside it is read.
    - ``dry_run``: check everything, write nothing (not even the report).
    - ``strict``: import nothing if any row has a problem.
    - ``as_of``: the computation date (计算截止日) for every case, overriding sheet and mapping.
    - ``overwrite``: replace case folders that were edited by hand or not written by an import.
    - ``jobs``: worker processes for building and validating the cases (default: one per core, at
      most 4; small sheets run in this process). The result does not depend on it.

    Returns an :class:`ImportReport`; writes ``import-report.json`` and ``import-report.txt``
    into ``out_dir`` (except in a dry run). Raises :class:`IntakeError` or
    :class:`~pipeline.intake.mapping.MappingError` when the import cannot run at all.
    """
    source_path = Path(path)
    out = Path(out_dir)
    m = mapping if isinstance(mapping, Mapping) else (load_mapping(mapping) if mapping is not None else Mapping())
    if out.exists() and not out.is_dir():
        raise IntakeError(f"输出位置 {out} 是一个文件，应为文件夹（--out）")
    try:
        src = open_source(source_path)
    except SheetError as exc:
        raise IntakeError(str(exc)) from None
    try:
        root = Path(evidence_root) if evidence_root is not None else (m.evidence_root or source_path.resolve().parent)
        if not root.is_dir():
            raise IntakeError(f"证据文件夹 {root} 不存在（--evidence-root 或映射文件 [options] evidence_root）")
        report = ImportReport(
            source=source_path.name,
            source_sha256=_sha256(source_path),
            mapping=m.name,
            mapping_sha256=m.sha256,
            out_dir=out.name,
            dry_run=dry_run,
            strict=strict,
            encoding=src.encoding_label,
            evidence_root=_shown_root(root, source_path, m),
        )
        with tempfile.TemporaryDirectory(prefix="cuishou-import-") as tmp:
            _run(src, m, root, out, Path(tmp), report, dry_run, strict, as_of, overwrite, on_case, jobs)
    finally:
        src.close()
    if not dry_run:
        _write_report(out, report)
    return report


def _shown_root(root: Path, source: Path, m: Mapping) -> str:
    """The evidence folder as the report shows it: relative to the spreadsheet when inside its folder."""
    try:
        rel = Path(os.path.relpath(root.resolve(), source.resolve().parent))
    except ValueError:
        return root.name
    return "（表格所在文件夹）" if str(rel) == "." else (rel.as_posix() if not rel.is_absolute() else root.name)


def _write_report(out: Path, report: ImportReport) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, writer in ((REPORT_JSON, report.write_json), (REPORT_TEXT, report.write_text)):
        tmp = out / f".{name}.{os.getpid()}.tmp"
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            writer(fh)
        os.replace(tmp, out / name)


def _assign_roles(src: Source, m: Mapping, report: ImportReport) -> list[tuple[str, str]]:
    """(sheet, role) pairs in workbook order; unknown sheets noted and skipped."""
    pairs: list[tuple[str, str]] = []
    unknown: list[str] = []
    for name in src.sheet_names:
        if src.kind == "csv":
            pairs.append((name, "loans"))
            continue
        role = role_of_sheet(name, m)
        if role is not None:
            pairs.append((name, role))
        elif not is_ignored_sheet(name):
            unknown.append(name)
    if not any(r == "loans" for _, r in pairs) and unknown:
        # No sheet is named as the loans sheet: a single flat sheet, or the first sheet with loan headers.
        for name in unknown:
            first, _ = _peek(src.rows(name), HEADER_SCAN_ROWS)
            layout = find_layout("loans", name, first, m)
            if layout.header_row and "key" in layout.matches and "principal" in layout.matches:
                pairs.insert(0, (name, "loans"))
                unknown.remove(name)
                report.remarks.append(f"工作表『{name}』按列标题识别为借款清单")
                break
    for name in m.sheets.get("loans", ()):
        if name not in src.sheet_names:
            report.problems.append(IntakeProblem(MAPPING_SHEET, 0, "[sheets] loans", f"工作簿中没有名为『{name}』的工作表"))
    for name in unknown:
        report.remarks.append(f"工作表『{name}』未识别（不是借款清单、还款记录、催收记录、保证人或证据清单），已忽略")
    return pairs


def _run(src: Source, m: Mapping, root: Path, out: Path, tmp: Path, report: ImportReport,
         dry_run: bool, strict: bool, as_of: dt.date | None, overwrite: bool, on_case: Any, jobs: int | None) -> None:
    stage = Stage(tmp)
    try:
        states, blocked = _load(src, m, stage, report)
        no_date = False
        loan_states = {s.layout.sheet: s for s in states.values() if s.layout.role == "loans"}
        if not loan_states:
            if not any(p.sheet == MAPPING_SHEET for p in report.problems):
                report.problems.append(IntakeProblem(src.path.name, 0, "", "找不到借款清单（每行一笔借款、含『合同编号』『借款人』『借款金额』等列的工作表）"))
            return
        if as_of is None and m.computation_date is None and not any("computation_date" in s.layout.matches for s in loan_states.values()):
            report.problems.append(IntakeProblem(
                MAPPING_SHEET, 0, "[options] computation_date",
                "没有计算截止日（暂计至）：请在映射文件 [options] 中填写 computation_date、在借款清单中加『计算截止日』列，或使用 --as-of",
            ))
            blocked = no_date = True
        report.computation_date = as_of.isoformat() if as_of else (m.computation_date.isoformat() if m.computation_date else None)
        duplicates = stage.duplicate_loan_keys()
        for key, rows in duplicates.items():
            listed = "、".join(f"第{r}行" for _, r in rows)
            for sheet, row in rows:
                s = loan_states[sheet]
                report.problems.append(IntakeProblem.at(
                    s.layout.cell("key", row, key),
                    f"『{key}』重复：{listed}是同一个编号（一笔借款只能占一行，编号用作案件编号）；这几行都未导入",
                    key,
                ))
        for role, sheet, row, key in stage.orphans():
            s = states[(sheet, role)]
            report.problems.append(IntakeProblem.at(
                s.layout.cell("key", row, key),
                f"『{key}』在借款清单中不存在，这一行无法对应到任何借款",
                key,
            ))
        passes = ["check", "write"] if strict and not dry_run else ["check" if dry_run else "write"]
        for i, mode in enumerate(passes):
            if i and report.problems:
                break
            report.cases = []
            _cases(stage, states, loan_states, duplicates, m, root, out, tmp, report, mode, blocked, as_of,
                   overwrite, on_case, notes=i == 0, suppress={"computation_date"} if no_date else set(),
                   epoch_1904=src.epoch_1904, jobs=jobs)
        if report.loan_rows == 0 and not report.problems:
            report.remarks.append("借款清单中没有数据行（标题行以下为空），没有导入任何案件")
        _sort_problems(report, [name for name in src.sheet_names])
        if strict and report.problems:
            report.cases = []
            report.failed_keys = list(dict.fromkeys([*report.failed_keys, *_all_keys(stage)]))
    finally:
        stage.close()


def _sort_problems(report: ImportReport, sheet_order: list[str]) -> None:
    """Mapping-file problems first, then sheet by sheet in workbook order, row by row (stable)."""
    order = {name: i for i, name in enumerate(sheet_order)}
    report.problems.sort(key=lambda p: (-1 if p.sheet == MAPPING_SHEET else order.get(p.sheet, len(order)), p.row))


def _natural(text: str) -> tuple[Any, ...]:
    import re

    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text))


def _all_keys(stage: Stage) -> list[str]:
    return [key for _, _, key, _ in stage.loans() if key]


def _load(src: Source, m: Mapping, stage: Stage, report: ImportReport) -> tuple[dict[tuple[str, str], _SheetState], bool]:
    """Read every sheet into the stage. Returns the sheet states and whether a sheet-wide problem blocks all cases."""
    states: dict[tuple[str, str], _SheetState] = {}
    blocked = False
    for sheet, role in _assign_roles(src, m, report):
        try:
            rows = iter(src.rows(sheet))
            first, rows = _peek(rows, HEADER_SCAN_ROWS)
            layout = find_layout(role, sheet, first, m)
            reader = RowReader(layout, m, epoch_1904=src.epoch_1904, note=report.note)
            states[(sheet, role)] = _SheetState(layout, reader)
            report.problems.extend(layout.problems)
            if layout.problems:
                blocked = True
                if role != "loans":
                    report.problems.append(IntakeProblem(
                        sheet, 0, "", f"{_ROLE_LABEL[role]}『{sheet}』的列有问题，修正前所有借款都不导入",
                    ))
                if "key" not in layout.matches:
                    continue  # rows that cannot be told apart are not read at all
            count = 0

            def take(item: tuple[int, tuple[Any, ...]]) -> None:
                nonlocal count
                number, values = item
                if number <= layout.header_row or reader.is_empty(values):
                    return
                if reader.is_total(values):
                    report.note(sheet, number, "", "total_row", "合计/小计行已跳过")
                    return
                count += 1
                raw_key = reader.raw(values, "key")
                key = reader.key(values)
                if key is None:
                    cell = layout.cell("key", number, raw_key)
                    if raw_key is None or str(raw_key).strip() == "":
                        hint = "（如为合并单元格，请取消合并并在每一行填写编号）" if role != "loans" else ""
                        report.problems.append(IntakeProblem.at(cell, f"缺少『{layout.matches['key'].header}』{hint}"))
                    else:
                        reader.read(number, values, report.problems, None)  # reports the key's own problem
                    if role == "loans":
                        report.failed_keys.append(f"{sheet}第{number}行")
                    return
                stage.add(role, sheet, number, _match_key(key), values)

            for item in first:
                take(item)
            for item in rows:
                take(item)
            layout.rows = count
            if role == "loans":
                report.loan_rows += count
            report.sheets.append({
                "sheet": sheet, "role": role, "role_label": _ROLE_LABEL[role], "header_row": layout.header_row,
                "rows": count, "columns": {name: mm.header for name, mm in layout.matches.items()},
                "unused_columns": layout.unused,
            })
            if layout.unused:
                report.remarks.append(f"工作表『{sheet}』中未使用的列：{'、'.join(layout.unused)}")
        except SheetError as exc:
            report.problems.append(IntakeProblem(sheet, 0, "", str(exc)))
            blocked = True
    stage.done_loading()
    return states, blocked


def _match_key(key: str) -> str:
    """Keys are compared as written, less surrounding spaces (full-width already folded by parse_key)."""
    return key.strip()


@dataclass
class _Job:
    """Everything a worker needs to turn loan rows into case folders (picklable)."""

    db: Path
    layouts: list[SheetLayout]
    mapping: Mapping
    epoch_1904: bool
    root: Path
    out: Path
    scratch: Path
    source: str
    mode: str
    blocked: bool
    as_of: dt.date | None
    overwrite: bool
    suppress: dict[str, set[str]]  # loans sheet → case paths whose problems are already reported sheet-wide
    extra: dict[tuple[str, int], list[IntakeProblem]]  # cross-row problems (same case id, same letter number)


@dataclass
class _Result:
    key: str
    case: ImportedCase | None
    problems: list[IntakeProblem]
    remark: str | None = None


_CHUNK = 250


def _cases(stage: Stage, states: dict[tuple[str, str], _SheetState], loan_states: dict[str, _SheetState],
           duplicates: dict[str, Any], m: Mapping, root: Path, out: Path, tmp: Path, report: ImportReport,
           mode: str, blocked: bool, as_of: dt.date | None, overwrite: bool, on_case: Any, *, notes: bool,
           suppress: set[str], epoch_1904: bool, jobs: int | None) -> None:
    """Build, validate and write every loan's case; in ``jobs`` worker processes when there are many."""
    missing = {
        name: suppress | {LOAN_PATHS[f.name] for f in ROLES["loans"].fields
                          if f.required and f.name not in st.layout.matches and f.name not in m.defaults.get("loans", {})}
        for name, st in loan_states.items()
    }  # a missing required column is reported once for the sheet, not once per row
    rowids, extra = _cross_row_checks(stage, loan_states, duplicates, m)
    job = _Job(stage.path, [s.layout for s in states.values()], m, epoch_1904, root, out, tmp / "check", report.source,
               mode, blocked, as_of, overwrite, missing, extra)
    chunks = [rowids[i:i + _CHUNK] for i in range(0, len(rowids), _CHUNK)]
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    import multiprocessing

    if multiprocessing.current_process().daemon:  # inside a pool worker (a batch or a server): no children allowed
        workers = 1
    if workers > 1 and len(rowids) >= 2 * _CHUNK:
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            _merge_results(_in_order(pool, job, chunks, window=2 * workers), report, notes, on_case)
    else:
        _merge_results((_process_chunk(job, c) for c in chunks), report, notes, on_case)


def _in_order(pool: Any, job: _Job, chunks: list[list[int]], window: int) -> Any:
    """Chunk results in submission order, with at most ``window`` chunks in flight (memory stays flat)."""
    from collections import deque

    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_process_chunk, job, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _merge_results(results: Any, report: ImportReport, notes: bool, on_case: Any) -> None:
    """Results arrive in sheet order whatever the number of workers: the report is the same."""
    for chunk, chunk_notes in results:
        if notes:
            for k, summary in chunk_notes.items():
                mine = report.notes.get(k)
                if mine is None:
                    report.notes[k] = summary
                else:
                    mine.merge(summary)
        for r in chunk:
            report.add_problems(r.problems)
            if r.case is None:
                if r.key not in report.failed_keys:
                    report.failed_keys.append(r.key)
                if r.remark:
                    report.remarks.append(r.remark)
            else:
                report.cases.append(r.case)
            if on_case:
                on_case(r.case)


def _cross_row_checks(stage: Stage, loan_states: dict[str, _SheetState], duplicates: dict[str, Any],
                      m: Mapping) -> tuple[list[int], dict[tuple[str, int], list[IntakeProblem]]]:
    """The loan rows to build, and the problems one row causes another: two keys giving one case id
    (case-insensitive file systems), two loans with one lawyer's-letter number."""
    from .values import ValueProblem, is_blank, parse_int

    rowids: list[int] = []
    extra: dict[tuple[str, int], list[IntakeProblem]] = {}
    seen_ids: dict[str, str] = {}
    serials: dict[int, int] = {}
    for rowid, sheet, row, key, values in stage.loan_rows():
        if key is None or key in duplicates:
            continue
        rowids.append(rowid)
        s = loan_states[sheet]
        case_id = case_id_for(key, m.case_id_prefix)
        other = seen_ids.setdefault(case_id.lower(), key)
        if other != key:
            extra.setdefault((sheet, row), []).append(IntakeProblem.at(
                s.layout.cell("key", row, key),
                f"与编号『{other}』得到相同的案件编号 {case_id}（只有大小写或符号不同），请改用可区分的编号", key))
        raw = s.reader.raw(values, "letter_serial")
        if not is_blank(raw):
            try:
                serial = parse_int(raw).value
            except ValueProblem:
                continue
            if serial in serials:
                extra.setdefault((sheet, row), []).append(IntakeProblem.at(
                    s.layout.cell("letter_serial", row, raw),
                    f"律师函序号 {serial} 与第{serials[serial]}行重复（每份律师函的函号应不同）", key))
            else:
                serials[serial] = row
    return rowids, extra


class _Notes:
    """Conversion notes of a chunk of loans, summed up as the report sums them (bounded in size)."""

    def __init__(self) -> None:
        from collections import OrderedDict

        from .report import NoteSummary

        self.summaries: OrderedDict[tuple[str, str, str], NoteSummary] = OrderedDict()
        self._summary = NoteSummary

    def __call__(self, sheet: str, row: int, column: str, rule: str, text: str) -> None:
        k = (sheet, column, rule)
        s = self.summaries.get(k)
        if s is None:
            s = self.summaries[k] = self._summary(sheet, column, rule)
        s.add(row, text)


def _process_chunk(job: _Job, rowids: list[int]) -> tuple[list[_Result], Any]:
    stage = Stage.open(job.db)
    notes = _Notes()
    readers = {(lay.sheet, lay.role): RowReader(lay, job.mapping, epoch_1904=job.epoch_1904, note=notes)
               for lay in job.layouts}
    try:
        out = [_process_loan(job, stage, readers, notes, *item) for item in stage.loans_by_rowid(rowids)]
        return out, notes.summaries
    finally:
        stage.close()


def _process_loan(job: _Job, stage: Stage, readers: dict[tuple[str, str], RowReader], note: _Notes,
                  sheet: str, row: int, key: str, values: tuple[Any, ...]) -> _Result:
    reader = readers[(sheet, "loans")]
    layout = reader.layout
    problems: list[IntakeProblem] = []
    loan_vals = reader.read(row, values, problems, key)
    failed: dict[str, list[str]] = {"loans": _failed_names(problems, layout)}
    related: dict[str, list[tuple[Cell, dict[str, Value]]]] = {}
    for role in ("repayments", "contacts", "guarantors", "evidence"):
        for rsheet, rrow, rvalues in stage.related(key, role):
            rreader = readers.get((rsheet, role))
            if rreader is None:
                continue
            before = len(problems)
            vals = rreader.read(rrow, rvalues, problems, key)
            failed[f"{role}:{rsheet}:{rrow}"] = _failed_names(problems[before:], rreader.layout)
            related.setdefault(role, []).append((Cell(rsheet, rrow, ""), vals))
    case_id = case_id_for(key, job.mapping.case_id_prefix)
    problems.extend(job.extra.get((sheet, row), []))
    assembled = assemble_case(
        key=key, case_id=case_id, loan=loan_vals, row_cell=Cell(sheet, row, ""), related=related, mapping=job.mapping,
        evidence_root=job.root, as_of=job.as_of, note=note, failed_fields=failed,
    )
    problems.extend(assembled.problems)
    files = CaseFiles(dump_case_json(assembled.case).encode("utf-8"), b"", assembled.files)
    files.marker = make_marker(job.source, sheet, row, key, files.sha256)
    conflict = None if problems or job.blocked else conflict_problem(job.out, case_id, files, job.overwrite)
    if conflict:
        problems.append(IntakeProblem.at(layout.cell("key", row, key), conflict, key))
    if job.mode == "check" or problems or job.blocked:
        invalid = check_case_folder(job.scratch, case_id, files)  # every problem at once, nothing written
        outcome = "checked" if not (invalid or problems or job.blocked) else "invalid"
    else:
        try:
            outcome, invalid = write_case_folder(job.out, case_id, files, overwrite=job.overwrite)
        except Conflict as exc:  # the folder changed while we were working
            problems.append(IntakeProblem.at(layout.cell("key", row, key), str(exc), key))
            outcome, invalid = "invalid", []
    hidden = job.suppress.get(sheet, set())
    problems.extend(_mapped([p for p in invalid if p.path not in hidden], assembled, key))
    if outcome == "invalid":
        remark = None
        if job.mode == "write" and not conflict and (job.out / case_id).is_dir():
            remark = f"借款 {key} 本次未导入；输出文件夹中的 {case_id} 仍是上次导入的内容"
        return _Result(key, None, problems, remark)
    return _Result(key, ImportedCase(case_id, key, sheet, row, files.sha256, outcome), problems)


def _no_note(*_: Any) -> None:
    pass


def _failed_names(problems: list[IntakeProblem], layout: SheetLayout) -> list[str]:
    headers = {mm.header: name for name, mm in layout.matches.items()}
    return [headers[p.column] for p in problems if p.column in headers]


def _lookup(prov: dict[str, Cell], path: str) -> Cell | None:
    while path:
        if path in prov:
            return prov[path]
        if path.endswith("]"):
            path = path[: path.rindex("[")]
        elif "." in path:
            path = path.rsplit(".", 1)[0]
        else:
            break
    return None


def _mapped(problems: list[Any], a: Assembled, key: str) -> list[IntakeProblem]:
    """``cuishou validate`` problems (JSON paths) → the cells they came from."""
    out = []
    for p in problems:
        if any(p.path == f or p.path.startswith(f + ".") or p.path.startswith(f + "[") for f in a.failed_paths):
            continue  # the cell's own problem is already reported
        cell = _lookup(a.provenance, p.path) or a.row_cell
        assert cell is not None
        message = p.message
        shown = cell.value
        if p.path.startswith("evidence[") and ".files[" in p.path and p.value:
            message = f"文件 {Path(p.value).name.split('-', 1)[-1]}：{message}"
        elif shown is not None and p.value is not None and p.value != shown:
            message += f"（表格中为『{shown}』，导入为 {p.value}）"
        elif shown is not None:
            message += f"（表格中为『{shown}』）"
        elif p.value is not None:
            message += f"（当前值：{p.value}）"
        out.append(IntakeProblem(cell.sheet, cell.row, cell.column, message, shown, key))
    return out
