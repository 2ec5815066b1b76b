"""Assemble the bundle: index + items, stamped, bookmarked, linked, split into volumes.

Library choice: pikepdf (qpdf) copies source pages object-for-object without decoding or
re-compressing their streams, writes a content-derived (deterministic) /ID and is close to
the qpdf CLI in speed and memory; reportlab draws the index, covers and stamps with a
subset-embedded TrueType CJK font. pypdf is used only by the tests, to read the result.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from . import images, stamp
from .index import layout_index
from .preflight import Checked, Source, check
from .rldoc import CoverPage, render
from .spec import BundleError, BundleItem, BundleProblem, BundleResult, BundleSpec, ItemPages

_DIGITS = "零一二三四五六七八九"
_VOLUME_OVERHEAD = 200 * 1024  # index pages, font subset, stamps (estimate per volume)


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (volumes are few)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def page_range(a: int, b: int) -> str:
    return f"{a}" if a == b else f"{a}—{b}"


def _fmt_problems(problems: list[BundleProblem]) -> list[BundleProblem]:
    order = {"block": 0, "warn": 1, "info": 2}
    return sorted(problems, key=lambda p: order[p.severity])


@dataclass
class _Plan:
    volumes: list[list[int]]  # item indexes per volume
    index_pages: list[int]
    first: dict[int, int]  # item index → first page in its volume
    last: dict[int, int]
    volume_of: dict[int, int]  # item index → volume (1-based)
    total: list[int]  # pages per volume


def _item_bytes(sources: dict[tuple[int, int], Source], i: int, item: BundleItem) -> int:
    return sum(sources[(i, j)].path.stat().st_size for j in range(len(item.files)))


def _split(spec: BundleSpec, sources, problems: list[BundleProblem]) -> list[list[int]]:
    if spec.max_mb is None:
        return [list(range(len(spec.items)))]
    limit = spec.max_mb * 1024 * 1024
    volumes: list[list[int]] = [[]]
    used = _VOLUME_OVERHEAD
    for i, item in enumerate(spec.items):
        size = _item_bytes(sources, i, item)
        if volumes[-1] and used + size > limit:
            volumes.append([])
            used = _VOLUME_OVERHEAD
        volumes[-1].append(i)
        used += size
        if size + _VOLUME_OVERHEAD > limit:
            problems.append(
                BundleProblem(
                    "warn", item.id, None,
                    f"该证据本身约 {size / 1024 / 1024:.1f} MB，超过分册上限 {spec.max_mb:g} MB，只能单独成册且仍超限；请压缩或拆分该证据。",
                )
            )
    return volumes


def _item_page_count(spec: BundleSpec, sources, i: int) -> int:
    n = sum(sources[(i, j)].pages for j in range(len(spec.items[i].files)))
    return n + (1 if spec.cover_sheets else 0)


def _cells(spec: BundleSpec, plan: _Plan, multi: bool) -> dict[int, str]:
    cells = {}
    for i, item in enumerate(spec.items):
        text = page_range(plan.first[i], plan.last[i])
        cells[item.number] = f"第{cn_number(plan.volume_of[i])}册 {text}" if multi else text
    return cells


def _volume_note(v: int, n: int) -> str | None:
    return f"本册：证据材料（{cn_number(v)}），共{cn_number(n)}册；页码为各册内页码" if n > 1 else None


def _plan(spec: BundleSpec, sources, volumes: list[list[int]]) -> _Plan:
    """Two-pass (fixed-point) pagination: the index length depends on the page-range texts,
    which depend on the index length."""
    multi = len(volumes) > 1
    counts = {i: _item_page_count(spec, sources, i) for i in range(len(spec.items))}
    volume_of = {i: v for v, idx in enumerate(volumes, start=1) for i in idx}
    placeholder = {it.number: ("第九十九册 " if multi else "") + "99999—99999" for it in spec.items}
    index_pages = [
        len(layout_index(spec, placeholder, set(), _volume_note(v, len(volumes)))) for v in range(1, len(volumes) + 1)
    ]
    for _ in range(6):
        first, last, total = {}, {}, []
        for v, idx in enumerate(volumes):
            page = index_pages[v] + 1
            for i in idx:
                first[i], last[i] = page, page + counts[i] - 1
                page += counts[i]
            total.append(page - 1)
        plan = _Plan(volumes, index_pages, first, last, volume_of, total)
        cells = _cells(spec, plan, multi)
        new = [
            len(layout_index(spec, cells, set(), _volume_note(v, len(volumes)))) for v in range(1, len(volumes) + 1)
        ]
        if new == index_pages:
            return plan
        index_pages = new
    return plan


def _volume_pdf(spec: BundleSpec, checked: Checked, plan: _Plan, v: int, title: str):
    import pikepdf

    sources = checked.sources
    multi = len(plan.volumes) > 1
    idx = plan.volumes[v - 1]
    total = plan.total[v - 1]
    numbers_here = {spec.items[i].number for i in idx}
    index = layout_index(spec, _cells(spec, plan, multi), numbers_here, _volume_note(v, len(plan.volumes)))
    assert len(index) == plan.index_pages[v - 1]

    covers = [
        CoverPage(spec.items[i], page_range(plan.first[i], plan.last[i]), plan.first[i]) for i in idx
    ] if spec.cover_sheets else []
    rl = pikepdf.open(io.BytesIO(render(index, covers, total, title)))

    out = pikepdf.new()
    version = "1.5"
    for k in range(len(index)):
        out.pages.append(rl.pages[k])
    writer = stamp.StampWriter(out, rl.pages[len(rl.pages) - 1])
    push_q = out.make_indirect(pikepdf.Stream(out, b"q\n"))
    cover_at = len(index)
    for i in idx:
        item = spec.items[i]
        if spec.cover_sheets:
            out.pages.append(rl.pages[cover_at])
            cover_at += 1
        for j in range(len(item.files)):
            src = sources[(i, j)]
            start = len(out.pages)
            if src.kind == "pdf":
                out.pages.extend(src.pdf.pages)
                version = max(version, str(src.pdf.pdf_version), key=lambda s: tuple(int(x) for x in s.split(".")))
            else:
                out.pages.append(pikepdf.Page(images.image_page(out, src.path, src.image)))
            for k in range(start, len(out.pages)):
                page = out.pages[k]
                w, h = stamp.display_size(page.obj)
                label = stamp.label_text(item.number) if k + 1 == plan.first[i] else None
                stamp.attach(out, page, writer.form(w, h, k + 1, total, label), push_q)
    assert len(out.pages) == total, (len(out.pages), total)

    # Links from index rows to the items' first pages; all pages exist by now.
    for k, page in enumerate(index):
        annots = []
        for (x0, y0, x1, y1), number in page.links:
            i = next(n for n in idx if spec.items[n].number == number)
            target = out.pages[plan.first[i] - 1].obj
            annots.append(
                out.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[x0, y0, x1, y1],
                        Border=[0, 0, 0],
                        Dest=pikepdf.Array([target, pikepdf.Name.Fit]),
                    )
                )
            )
        if annots:
            out.pages[k].obj.Annots = pikepdf.Array(annots)

    with out.open_outline() as outline:
        outline.root.append(
            pikepdf.OutlineItem(f"证据目录（第{page_range(1, len(index))}页）", 0, pikepdf.PageLocation.Fit)
        )
        for i in idx:
            item = spec.items[i]
            text = f"证据{item.number} {item.title}（第{page_range(plan.first[i], plan.last[i])}页）"
            outline.root.append(pikepdf.OutlineItem(text, plan.first[i] - 1, pikepdf.PageLocation.Fit))
    out.Root.PageMode = pikepdf.Name.UseOutlines
    out.Root.OpenAction = pikepdf.Array([out.pages[0].obj, pikepdf.Name.XYZ, None, None, 1])
    subject = f"{spec.cause}　证据目录及证据材料" + (f"　{spec.court}" if spec.court else "")
    out.docinfo.Title = pikepdf.String(title)
    out.docinfo.Author = pikepdf.String(spec.submitter)
    out.docinfo.Subject = pikepdf.String(subject)
    out.docinfo.Creator = pikepdf.String("cuishou")
    return out, rl, version


def build_bundle(spec: BundleSpec, out_dir: Path, *, basename: str = "05_证据目录及证据材料") -> BundleResult:
    """Write the evidence bundle (one PDF, or volumes when ``spec.max_mb`` is set).

    Raises BundleError when preflight finds a blocking problem; then nothing is written.
    Output is byte-identical for identical inputs (no clock values; /ID derived from content).
    """
    import pikepdf

    out_dir = Path(out_dir)
    checked = check(spec, keep_open=True)
    problems = checked.problems
    temps: list[Path] = []
    opened = []
    try:
        if any(p.severity == "block" for p in problems):
            raise BundleError(_fmt_problems(problems))
        volumes = _split(spec, checked.sources, problems)
        n = len(volumes)
        names = [f"{basename}.pdf"] if n == 1 else [f"{basename}（{cn_number(v)}）.pdf" for v in range(1, n + 1)]
        targets = [out_dir / name for name in names]
        inputs = {Path(f).resolve() for it in spec.items for f in it.files}
        clash = [t for t in targets if t.resolve() in inputs]
        if clash:
            raise BundleError(
                [BundleProblem("block", None, str(clash[0]), "输出文件与某个证据文件同名同路径，会覆盖证据原件；请换一个输出文件夹。")]
            )
        plan = _plan(spec, checked.sources, volumes)
        out_dir.mkdir(parents=True, exist_ok=True)
        for v, target in enumerate(targets, start=1):
            title = spec.title if n == 1 else f"{spec.title}（{cn_number(v)}）"
            pdf, rl, version = _volume_pdf(spec, checked, plan, v, title)
            opened += [pdf, rl]
            tmp = target.with_name(f".{target.name}.part")
            temps.append(tmp)
            pdf.save(
                tmp,
                deterministic_id=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                min_version=version,
                fix_metadata_version=False,
            )
            pdf.close()
            rl.close()
        for tmp, target in zip(temps, targets):
            os.replace(tmp, target)
        temps = []
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        for p in opened:
            p.close()
        checked.close()

    if spec.max_mb is not None:
        for v, target in enumerate(targets, start=1):
            size = target.stat().st_size
            if size > spec.max_mb * 1024 * 1024:
                problems.append(
                    BundleProblem("warn", None, str(target), f"该分册 {size / 1024 / 1024:.1f} MB，超过上限 {spec.max_mb:g} MB。")
                )
    items = tuple(
        ItemPages(
            id=it.id,
            number=it.number,
            title=it.title,
            first_page=plan.first[i],
            last_page=plan.last[i],
            volume=plan.volume_of[i],
            files=tuple(Path(f) for f in it.files),
        )
        for i, it in enumerate(spec.items)
    )
    return BundleResult(tuple(targets), items, sum(plan.total), tuple(_fmt_problems(problems)))
