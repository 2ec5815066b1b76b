"""Reading rows from a workbook (.xlsx, streamed) or a CSV export (encoding detected).

Both give the same thing: sheets, each an iterator of ``(row_number, values)`` where
``row_number`` is the row as Excel shows it (1 = the first row) and ``values`` the raw
cell values. Nothing is held in memory beyond the current row (openpyxl's read-only mode
keeps only the workbook's shared-string table).
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SheetError", "Source", "SheetRows", "PercentNumber", "open_source", "detect_encoding"]


class SheetError(ValueError):
    """A file or sheet that cannot be read at all; Chinese message."""


class PercentNumber(float):
    """A number from a cell Excel formats as a percentage (24% is stored as 0.24)."""

    __slots__ = ()


@dataclass
class SheetRows:
    name: str
    rows: Iterator[tuple[int, tuple[Any, ...]]]


@dataclass
class Source:
    path: Path
    kind: str  # "xlsx" | "csv"
    sheet_names: list[str]
    epoch_1904: bool = False
    encoding: str | None = None  # CSV: the codec used
    encoding_label: str | None = None  # CSV: what the report says
    _wb: Any = None

    def rows(self, sheet: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self.kind == "csv":
            return _csv_rows(self)
        return _xlsx_rows(self._wb[sheet])

    def close(self) -> None:
        if self._wb is not None:
            self._wb.close()
            self._wb = None


def open_source(path: str | Path) -> Source:
    """Open a .xlsx/.xlsm workbook or a .csv/.txt/.tsv file for reading."""
    path = Path(path)
    if not path.exists():
        raise SheetError(f"找不到文件 {path}")
    if path.is_dir():
        raise SheetError(f"{path} 是文件夹，应为 .xlsx 或 .csv 文件")
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise SheetError(f"无法读取 {path.name}（{exc.strerror or exc}）") from None
    if suffix in (".csv", ".txt", ".tsv"):
        return _open_csv(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            f"{path.name} 是旧版 .xls 格式或已加密的工作簿；请在 Excel 中取消密码并“另存为” .xlsx 后再导入"
        )
    if suffix not in (".xlsx", ".xlsm"):
        raise SheetError(f"{path.name}：不支持的文件类型，应为 .xlsx 工作簿或 .csv 文件")
    return _open_xlsx(path)


# ---------------------------------------------------------------- xlsx


def _open_xlsx(path: Path) -> Source:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    try:
        # data_only: formulas give their last computed value, as Excel shows them. openpyxl's
        # English warnings (unsupported extensions, no default style) mean nothing to a clerk.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, TypeError …) for a damaged file
        raise SheetError(f"{path.name} 不是有效的 .xlsx 工作簿（{type(exc).__name__}）；请用 Excel 打开后重新保存") from None
    return Source(path, "xlsx", list(wb.sheetnames), epoch_1904=wb.epoch == CALENDAR_MAC_1904, _wb=wb)


def _xlsx_rows(ws: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # Some programs write a wrong <dimension> (e.g. "A1"); read-only mode would then cut rows short.
    ws.reset_dimensions()
    number = 0
    for number, row in enumerate(ws.iter_rows(), start=1):
        values = []
        for cell in row:
            v = cell.value
            if type(v) is float or type(v) is int:
                fmt = cell.number_format
                if fmt and "%" in fmt:
                    v = PercentNumber(v)
            values.append(v)
        yield number, tuple(values)


# ---------------------------------------------------------------- csv

_SAMPLE = 1 << 16


def _utf8_ok(data: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return True
    except UnicodeDecodeError:
        return False


def detect_encoding(sample: bytes) -> tuple[str, str, int]:
    """(codec, label for the report, bytes of byte-order mark to skip) for the start of a CSV file.

    UTF-8 with or without a byte-order mark; GB18030 with its own mark (84 31 95 33);
    a UTF-8 mark in front of GBK text (written by some export tools); UTF-16 with a mark;
    otherwise charset-normalizer decides between the Chinese encodings (GBK is read as
    GB18030, its superset, so rare characters in names decode too).
    """
    if sample.startswith(codecs.BOM_UTF8):
        if _utf8_ok(sample[3:]):
            return "utf-8", "UTF-8（带 BOM）", 3
        return "gb18030", "GBK/GB18030（文件开头有 UTF-8 的 BOM 标记，但内容是 GBK 编码）", 3
    if sample.startswith(b"\x84\x31\x95\x33"):
        return "gb18030", "GB18030（带 BOM）", 4
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16（带 BOM）", 0
    if _utf8_ok(sample):
        return "utf-8", "UTF-8（无 BOM）", 0
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=["gb18030", "big5", "utf_16"]).best()
    name = (best.encoding if best else "").lower()
    if name == "big5":
        return "big5", "Big5（繁体中文）", 0
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
    except UnicodeDecodeError:
        raise SheetError("无法识别文件的字符编码（不是 UTF-8，也不是 GBK/GB18030）；请在 Excel 中“另存为 CSV UTF-8”后再导入") from None
    return "gb18030", "GBK/GB18030（无 BOM）", 0


def _open_csv(path: Path) -> Source:
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    codec, label, _ = detect_encoding(sample)
    return Source(path, "csv", [path.stem], encoding=codec, encoding_label=label)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(src: Source) -> Iterator[tuple[int, tuple[Any, ...]]]:
    codec = src.encoding or "utf-8"
    with src.path.open("rb") as raw:
        _, _, skip = detect_encoding(raw.read(_SAMPLE))
        raw.seek(skip)
        text = io.TextIOWrapper(raw, encoding=codec, errors="strict", newline="")
        number = 0
        try:
            first = text.readline()
            delimiter = _delimiter(first)
            lines = _chain(first, text)
            for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
                if number == 1 and row and row[0].startswith("\ufeff"):
                    row[0] = row[0][1:]
                yield number, tuple(row)
        except UnicodeDecodeError:
            raise SheetError(
                f"{src.path.name} 第{number + 1}行附近无法按 {src.encoding_label} 解码；文件可能混用了多种编码，请在 Excel 中另存为“CSV UTF-8”"
            ) from None
        except csv.Error as exc:
            raise SheetError(f"{src.path.name} 第{number + 1}行不是有效的 CSV（{exc}）") from None


def _chain(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest
