"""Print and mail files for a batch (``cuishou batch --print``): one PDF per letter kind with every
case's letter in case order — one copy per recipient, each starting on a new sheet when printed
duplex — and the address list
a courier's bulk import takes (收件人, 收件地址, 邮政编码, 联系电话, 函号, 文书, 案件编号).

Only letters the batch actually built are printed (documents follow each case's stage,
pipeline/stage). The PDFs come from LibreOffice (one run for the whole batch); without it the
address list is still written and the report says why the PDFs are not.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .batch import BatchReport

__all__ = ["PRINT_DIR", "LETTER_KINDS", "MailRow", "PrintResult", "mail_rows", "write_print_files"]

PRINT_DIR = "打印"
#: Letter kinds that go by post, with the file name of their batch PDF.
LETTER_KINDS = {"demand_letter": "催款函", "lawyer_letter": "律师函"}
COLUMNS = ("收件人", "收件地址", "邮政编码", "联系电话", "函号", "文书", "案件编号", "落款日期")


@dataclass(frozen=True)
class MailRow:
    recipient: str
    address: str
    postcode: str
    phone: str
    letter_no: str
    document: str
    case_id: str
    dated: str  # the letter's date: a 律师函 prepared ahead goes out only on that day, if still unpaid

    def values(self) -> tuple[str, ...]:
        return (self.recipient, self.address, self.postcode, self.phone, self.letter_no, self.document, self.case_id,
                self.dated)


@dataclass
class PrintResult:
    files: list[Path] = field(default_factory=list)
    rows: list[MailRow] = field(default_factory=list)
    letters: dict[str, int] = field(default_factory=dict)  # kind → copies printed (one per recipient)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Letter:
    kind: str
    docx: Path
    case_id: str
    day: date
    rows: tuple[MailRow, ...]


def _letters(report: "BatchReport", profiles: Iterable[Path]) -> list[_Letter]:
    """The letters each built case holds, in the batch's case order, with their recipients."""
    from .case import CaseError, load_case
    from .render.context import party_view

    root, out = Path(report.root), Path(report.out_dir)
    profiles = list(profiles)
    found = []
    for r in report.cases:
        if r.status == "failed" or not r.output:
            continue
        folder = out / r.output
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            case = load_case(root / r.case_dir, profiles)
        except (OSError, ValueError, CaseError):
            continue
        clause = case.loan.service_address_clause
        debtor_addr = clause.debtor_address if clause and clause.debtor_address else None
        for d in manifest.get("documents", []):
            kind = d.get("kind")
            if kind not in LETTER_KINDS or not (folder / d["file"]).is_file():
                continue
            parties = [party_view(p, service_address=debtor_addr) for p in case.debtors]
            if kind == "lawyer_letter":  # addressed to the borrowers and the guarantors (律师函 抬头)
                parties += [party_view(g.party) for g in case.guarantors]
            rows = tuple(
                MailRow(p.name, p.service_address, p.postcode, p.phone, d.get("letter_no") or "", d["title"], case.case_id,
                        d["date"])
                for p in parties
            )
            found.append(_Letter(kind, folder / d["file"], case.case_id, date.fromisoformat(d["date"]), rows))
    return found


def mail_rows(report: "BatchReport", profiles: Iterable[Path] = ()) -> list[MailRow]:
    """One row per recipient of every letter the batch built, in case order."""
    return [row for letter in _letters(report, profiles) for row in letter.rows]


def _csv_bytes(rows: list[MailRow]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(r.values())
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly only with it


def _xlsx_bytes(rows: list[MailRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .intake.template import deterministic_xlsx

    wb = Workbook()
    ws = wb.active
    ws.title = "邮寄清单"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(list(r.values()))
        for cell in ws[ws.max_row]:
            cell.number_format = "@"  # postcodes, phones and letter numbers are text, never numbers
    for col, width in zip("ABCDEFGH", (14, 48, 10, 16, 26, 10, 28, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    from datetime import datetime

    wb.properties.creator = "cuishou"
    wb.properties.created = wb.properties.modified = datetime(2026, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic_xlsx(buf.getvalue())


def _write(path: Path, blob: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(blob)
    tmp.replace(path)


def _merge(pdfs: list[Path], target: Path, when: date, seed: bytes) -> None:
    """Concatenate ``pdfs``, padding each to an even page count (duplex: every letter starts a sheet)."""
    import pikepdf

    from .efiling.convert import normalise_pdf

    out = pikepdf.new()
    for p in pdfs:
        with pikepdf.open(p) as src:
            out.pages.extend(src.pages)
            if len(src.pages) % 2:
                box = src.pages[-1].mediabox
                out.add_blank_page(page_size=(float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
    part = target.with_name(f".{target.name}.part")
    out.save(part)
    out.close()
    normalise_pdf(part, seed=seed, when=when)
    part.replace(target)


def write_print_files(report: "BatchReport", profiles: Iterable[Path] = (), *, timeout_s: float = 300) -> PrintResult:
    """Write ``OUT/打印/``: ``催款函_全部.pdf`` and ``律师函_全部.pdf`` (the kinds the batch built) and
    ``邮寄清单.csv`` / ``邮寄清单.xlsx``. Same batch, same bytes."""
    from .efiling.convert import ConversionError
    from .efiling.warm import convert

    result = PrintResult()
    folder = Path(report.out_dir) / PRINT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    letters = _letters(report, profiles)
    result.rows = [row for letter in letters for row in letter.rows]
    for name, blob in (("邮寄清单.csv", _csv_bytes(result.rows)), ("邮寄清单.xlsx", _xlsx_bytes(result.rows))):
        _write(folder / name, blob)
        result.files.append(folder / name)
    if not letters:
        result.warnings.append("本批次没有生成催款函或律师函（各案按所处阶段不需要），未生成打印文件")
        for title in LETTER_KINDS.values():
            (folder / f"{title}_全部.pdf").unlink(missing_ok=True)
        return result
    with tempfile.TemporaryDirectory(prefix="cuishou-print-") as tmp:
        work = Path(tmp)
        copies = []
        for i, letter in enumerate(letters):  # unique names: one soffice run converts them all
            copy = work / f"{i:05d}_{letter.kind}.docx"
            shutil.copyfile(letter.docx, copy)
            copies.append(copy)
        try:
            pdfs = convert(copies, work / "pdf", timeout_s=timeout_s)
        except ConversionError as exc:
            result.warnings.append(f"未生成打印用 PDF：{exc}（邮寄清单已生成）")
            return result
        for kind, title in LETTER_KINDS.items():
            picked = [(letter, pdfs[c]) for letter, c in zip(letters, copies) if letter.kind == kind]
            if not picked:
                continue
            seed = hashlib.sha256(b"".join(letter.docx.read_bytes() for letter, _ in picked)).digest()
            target = folder / f"{title}_全部.pdf"
            # one copy per recipient (a 律师函 to the borrower and the guarantor goes out twice)
            copies_per = [p for letter, p in picked for _ in range(max(1, len(letter.rows)))]
            _merge(copies_per, target, max(letter.day for letter, _ in picked), seed)
            result.files.append(target)
            result.letters[kind] = len(copies_per)
    for kind, title in LETTER_KINDS.items():  # a kind this run did not print leaves no stale file behind
        if kind not in result.letters:
            (folder / f"{title}_全部.pdf").unlink(missing_ok=True)
    return result
