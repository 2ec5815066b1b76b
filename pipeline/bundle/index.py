"""Lay out the 证据目录 (evidence index) on A4 pages.

Columns follow practice for 证据目录 (证据规定第19条: number, source, object of proof; the
court records the page count): 序号、证据名称、证据来源、证明目的、页码、原件/复印件.
The layout is pure data (drawing operations and link rectangles) so that the page count is
known before the page ranges are filled in (two-pass pagination).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.money import zh_date

from .spec import BundleSpec
from .text import wrap

PAGE_W, PAGE_H = 595.28, 841.89
LEFT = 45.0
RIGHT = PAGE_W - 45.0
TOP = PAGE_H - 50.0
BOTTOM = 60.0  # the page number sits below this
SIZE = 9.5
LEADING = 13.0
PAD = 3.5
HEAD_SIZE = 11.0
HEAD_LEADING = 18.0
COLUMNS = (
    ("序号", 34.0),
    ("证据名称", 96.0),
    ("证据来源", 84.0),
    ("证明目的", 0.0),  # takes the rest
    ("页码", 70.0),
    ("原件/复印件", 50.0),
)
ORIGINAL = {"original": "原件", "copy": "复印件", None: ""}


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    size: float
    text: str
    align: str = "left"  # left / center


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class IndexPage:
    ops: list = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], int]] = field(default_factory=list)  # (rect, item number)


def _widths() -> list[float]:
    fixed = sum(w for _, w in COLUMNS)
    rest = (RIGHT - LEFT) - fixed
    return [w if w else rest for _, w in COLUMNS]


def header_lines(spec: BundleSpec, volume_note: str | None) -> list[str]:
    lines: list[str] = []
    if spec.court:
        lines.append(f"受理法院：{spec.court}")
    roles: dict[str, list[str]] = {}
    for role, name in spec.parties:
        roles.setdefault(role, []).append(name)
    lines += [f"{role}：{'、'.join(names)}" for role, names in roles.items()]
    lines.append(f"案由：{spec.cause}")
    if volume_note:
        lines.append(volume_note)
    return lines


def layout_index(
    spec: BundleSpec,
    page_cells: dict[int, str],
    linked: set[int],
    volume_note: str | None = None,
) -> list[IndexPage]:
    """Pages of the index. ``page_cells`` maps item number → text of the 页码 cell;
    rows whose item number is in ``linked`` get a link rectangle."""
    widths = _widths()
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    pages: list[IndexPage] = [IndexPage()]
    page = pages[0]

    y = TOP
    page.ops.append(Text(PAGE_W / 2, y - 20, 18, "证据目录", "center"))
    y -= 40
    for line in header_lines(spec, volume_note):
        for part in wrap(line, RIGHT - LEFT, HEAD_SIZE):
            page.ops.append(Text(LEFT, y - HEAD_SIZE, HEAD_SIZE, part))
            y -= HEAD_LEADING
    y -= 6

    def cell_lines(texts: list[str]) -> list[list[str]]:
        return [wrap(t, w - 2 * PAD, SIZE) for t, w in zip(texts, widths)]

    def draw_row(pg: IndexPage, top: float, cols: list[list[str]], n_lines: int, centre: bool) -> float:
        h = n_lines * LEADING + 2 * PAD
        bottom = top - h
        pg.ops.append(Line(LEFT, top, RIGHT, top))
        pg.ops.append(Line(LEFT, bottom, RIGHT, bottom))
        for x in xs:
            pg.ops.append(Line(x, top, x, bottom))
        for i, lines in enumerate(cols):
            for j, text in enumerate(lines[:n_lines]):
                ty = top - PAD - (j + 1) * LEADING + (LEADING - SIZE) / 2 + 1.5
                if centre or i in (0, 4, 5):
                    pg.ops.append(Text((xs[i] + xs[i + 1]) / 2, ty, SIZE, text, "center"))
                else:
                    pg.ops.append(Text(xs[i] + PAD, ty, SIZE, text))
        return bottom

    head_cols = cell_lines([name for name, _ in COLUMNS])
    head_n = max(len(c) for c in head_cols)
    head_h = head_n * LEADING + 2 * PAD

    def new_page(table: bool = True) -> tuple[IndexPage, float]:
        pg = IndexPage()
        pages.append(pg)
        top = TOP
        pg.ops.append(Text(LEFT, top - HEAD_SIZE, HEAD_SIZE, "证据目录（续）"))
        top -= HEAD_LEADING + 6
        return pg, (draw_row(pg, top, head_cols, head_n, True) if table else top)

    y = draw_row(page, y, head_cols, head_n, True)
    for item in spec.items:
        cols = cell_lines(
            [
                str(item.number),
                item.title,
                item.source,
                item.purpose,
                page_cells.get(item.number, ""),
                ORIGINAL.get(item.original, item.original or ""),
            ]
        )
        remaining = [list(c) for c in cols]
        first_fragment = True
        while any(remaining):
            need = max(len(c) for c in remaining)
            room = int((y - BOTTOM - 2 * PAD) // LEADING)
            full_room = int((TOP - HEAD_LEADING - 6 - head_h - BOTTOM - 2 * PAD) // LEADING)
            if need > room and ((first_fragment and need <= full_room) or room < 1):
                page, y = new_page()  # keep a row on one page when it fits on a fresh one
                continue
            take = min(need, room)
            chunk = [c[:take] for c in remaining]
            remaining = [c[take:] for c in remaining]
            top = y
            y = draw_row(page, top, chunk, take, False)
            if item.number in linked:
                page.links.append(((LEFT, y, RIGHT, top), item.number))
            first_fragment = False

    tail_x = RIGHT - 240
    tail: list[str] = []
    for line in (f"提交人（签字或盖章）：{spec.submitter}", f"提交日期：{zh_date(spec.date)}"):
        tail += wrap(line, RIGHT - tail_x, HEAD_SIZE)
    if y - 24 - len(tail) * HEAD_LEADING < BOTTOM:
        page, y = new_page(table=False)
    y -= 24
    for line in tail:
        page.ops.append(Text(tail_x, y - HEAD_SIZE, HEAD_SIZE, line))
        y -= HEAD_LEADING
    return pages
