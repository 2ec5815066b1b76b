"""Sheet layout (which sheet plays which role, where the header row is, which column is which
field) and reading one row into typed values with their source cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .columns import ROLES, ColumnMatch, FieldSpec, norm_header
from .mapping import Mapping
from .read import PercentNumber
from .report import MAPPING_SHEET, Cell, IntakeProblem
from .values import (
    Parsed,
    ValueProblem,
    is_blank,
    parse_amount,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_id_number,
    parse_int,
    parse_key,
    parse_phone,
    parse_rate,
    parse_text,
    parse_uscc,
    show,
)

__all__ = ["SheetLayout", "role_of_sheet", "find_layout", "RowReader", "Value", "HEADER_SCAN_ROWS", "column_letter"]

HEADER_SCAN_ROWS = 15
_IGNORED_SHEETS = {"说明", "填写说明", "使用说明", "readme"}
_TOTAL_WORDS = {"合计", "总计", "小计", "合 计", "总 计"}


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def role_of_sheet(name: str, mapping: Mapping) -> str | None:
    """The role a sheet name plays: the mapping's [sheets] first, then the built-in names."""
    for role, names in mapping.sheets.items():
        if name in names:
            return role
    if mapping.sheets:  # a mapping that names its sheets decides alone for those roles
        named = set(mapping.sheets)
    else:
        named = set()
    base = norm_header(name)[0]
    for role, spec in ROLES.items():
        if role in named:
            continue
        if base in (norm_header(n)[0] for n in spec.names):
            return role
    return None


def is_ignored_sheet(name: str) -> bool:
    return norm_header(name)[0] in _IGNORED_SHEETS


@dataclass
class SheetLayout:
    role: str
    sheet: str
    header_row: int
    matches: dict[str, ColumnMatch]
    unused: list[str] = field(default_factory=list)
    problems: list[IntakeProblem] = field(default_factory=list)
    rows: int = 0

    def cell(self, name: str, row: int, raw: Any = None) -> Cell:
        m = self.matches.get(name)
        header = m.header if m else ROLES[self.role].field(name).label
        return Cell(self.sheet, row, header, None if raw is None else show(raw))


def _header_table(role: str, mapping: Mapping) -> dict[str, tuple[FieldSpec, str | None, bool]]:
    """normalised header → (field, unit, unit named by the header or mapping)."""
    table: dict[str, tuple[FieldSpec, str | None, bool]] = {}
    overrides = mapping.columns.get(role, {})
    for spec in ROLES[role].fields:
        if spec.name in overrides:
            o = overrides[spec.name]
            for h in o.headers:
                table[norm_header(h)[0]] = (spec, o.unit, o.unit is not None)
            continue
        for h in (spec.label, *spec.aliases):
            base = norm_header(h)[0]
            explicit = spec.kind == "rate" and any(w in base for w in ("年利率", "年化", "年息"))
            table.setdefault(base, (spec, "year" if explicit else None, explicit))
        for h, unit in spec.alias_units:
            table.setdefault(norm_header(h)[0], (spec, unit, True))
    return table


def find_layout(role: str, sheet: str, first_rows: list[tuple[int, tuple[Any, ...]]], mapping: Mapping) -> SheetLayout:
    """Find the header row among the first rows and match columns to fields."""
    table = _header_table(role, mapping)
    best: tuple[int, int, tuple[Any, ...]] | None = None
    for number, values in first_rows[:HEADER_SCAN_ROWS]:
        hits = {table[norm_header(v)[0]][0].name for v in values if v is not None and norm_header(v)[0] in table}
        if len(hits) >= 2 and "key" in hits:
            best = (number, len(hits), values)
            break
        if len(hits) >= 2 and (best is None or len(hits) > best[1]):
            best = (number, len(hits), values)
    spec = ROLES[role]
    if best is None:
        layout = SheetLayout(role, sheet, 0, {})
        expected = "、".join(f"『{f.label}』" for f in spec.fields if f.required)
        layout.problems.append(
            IntakeProblem(sheet, 0, "", f"在前 {HEADER_SCAN_ROWS} 行中找不到标题行（应有 {expected} 等列标题）")
        )
        return layout
    number, _, values = best
    layout = SheetLayout(role, sheet, number, {})
    seen: dict[str, int] = {}
    for index, header in enumerate(values):
        if is_blank(header):
            continue
        base, hints = norm_header(header)
        entry = table.get(base)
        if entry is None:
            layout.unused.append(str(header).strip())
            continue
        fspec, unit, explicit = entry
        if fspec.name in seen:
            layout.problems.append(
                IntakeProblem(
                    sheet, number, str(header).strip(),
                    f"『{fspec.label}』对应的列出现了两次（第{column_letter(seen[fspec.name])}列和第{column_letter(index)}列），"
                    "无法确定用哪一列；请删除或改名其中一列",
                )
            )
            continue
        seen[fspec.name] = index
        if hints.unit:
            unit, explicit = hints.unit, True
        layout.matches[fspec.name] = ColumnMatch(fspec, index, str(header).strip(), hints, unit or fspec.unit, explicit)
    defaults = mapping.defaults.get(role, {})
    for fspec in spec.fields:
        if fspec.required and fspec.name not in layout.matches and fspec.name not in defaults:
            others = [a for a in fspec.headers() if a != fspec.label][:4]
            also = f"（也可用列标题：{'、'.join(others)}）" if others else ""
            layout.problems.append(
                IntakeProblem(
                    sheet, number, fspec.label,
                    f"缺少必填列『{fspec.label}』{also}；如列标题不同，请在映射文件 [columns.{role}] 中写明",
                )
            )
    return layout


@dataclass(frozen=True)
class Value:
    value: Any
    cell: Cell


class RowReader:
    """Reads one row of a sheet into typed values; problems and conversion notes go to the report."""

    def __init__(self, layout: SheetLayout, mapping: Mapping, *, epoch_1904: bool, note: Any):
        self.layout = layout
        self.mapping = mapping
        self.epoch_1904 = epoch_1904
        self.note = note  # report.note(sheet, row, column, rule, text)
        self.defaults = mapping.defaults.get(layout.role, {})
        # only the fields this sheet can fill: a matched column or a mapping default
        self._fields = [(f, layout.matches.get(f.name)) for f in ROLES[layout.role].fields
                        if f.name in layout.matches or f.name in self.defaults]

    def is_empty(self, values: tuple[Any, ...]) -> bool:
        return all(is_blank(v) for v in values)

    def is_total(self, values: tuple[Any, ...]) -> bool:
        key = self.layout.matches.get("key")
        if key is not None and key.index < len(values) and not is_blank(values[key.index]):
            return False
        return any(isinstance(v, str) and v.strip() in _TOTAL_WORDS for v in values)

    def raw(self, values: tuple[Any, ...], name: str) -> Any:
        m = self.layout.matches.get(name)
        if m is None or m.index >= len(values):
            return None
        return values[m.index]

    def key(self, values: tuple[Any, ...]) -> str | None:
        raw = self.raw(values, "key")
        if is_blank(raw):
            return None
        try:
            return parse_key(raw).value
        except ValueProblem:
            return None

    def read(self, row: int, values: tuple[Any, ...], problems: list[IntakeProblem], key: str | None) -> dict[str, Value]:
        out: dict[str, Value] = {}
        n = len(values)
        for fspec, m in self._fields:
            raw = values[m.index] if m is not None and m.index < n else None
            if is_blank(raw):
                if fspec.name in self.defaults:
                    raw = self.defaults[fspec.name]
                    cell = Cell(MAPPING_SHEET, 0, f"[defaults.{self.layout.role}] {fspec.name}", show(raw))
                    m = m or ColumnMatch(fspec, -1, fspec.label)
                else:
                    continue
            else:
                cell = Cell(self.layout.sheet, row, m.header, show(raw))
            try:
                parsed = self._parse(fspec, m, raw)
            except ValueProblem as exc:
                problems.append(IntakeProblem.at(cell, exc.message, key))
                continue
            if parsed.note is not None:
                self.note(cell.sheet, cell.row, cell.column, parsed.note.rule, parsed.note.text)
            out[fspec.name] = Value(parsed.value, cell)
        return out

    def _parse(self, fspec: FieldSpec, m: ColumnMatch | None, raw: Any) -> Parsed:
        kind = fspec.kind
        hints = m.hints if m is not None else None
        if kind == "key":
            return parse_key(raw)
        if kind in ("text", "files"):
            return parse_text(raw)
        if kind == "amount":
            return parse_amount(raw, column_multiplier=Decimal(10000) if hints and hints.wan else None)
        if kind == "rate":
            return parse_rate(
                raw,
                unit=m.unit if m else fspec.unit,
                unit_known=bool(m and m.unit_known),
                percent_format=isinstance(raw, PercentNumber),
                header_percent=bool(hints and hints.percent),
            )
        if kind == "date":
            return parse_date(raw, epoch_1904=self.epoch_1904)
        if kind == "datetime":
            return parse_datetime(raw, epoch_1904=self.epoch_1904)
        if kind == "id":
            return parse_id_number(raw, restore_lost_x=self.mapping.restore_lost_x)
        if kind == "uscc":
            return parse_uscc(raw)
        if kind == "phone":
            return parse_phone(raw)
        if kind == "bool":
            return parse_bool(raw)
        if kind == "int":
            return parse_int(raw)
        if kind == "choice":
            assert fspec.choices is not None
            return parse_choice(raw, fspec.choices, fspec.what or fspec.label)
        raise AssertionError(kind)
