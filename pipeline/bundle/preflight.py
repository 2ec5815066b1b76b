"""Check every input before anything is written.

Blocking: missing/empty/unsupported files, PDFs that need a user password, PDFs damaged beyond
qpdf's repair, unreadable images, a missing CJK font, an inconsistent spec.
Warnings: repaired PDFs, possibly truncated JPEGs, oversize photos.
Info: pages without a text layer (OCR needed if the court requires searchable text; cf. 在线诉讼规则
第12–13条: unclear material may be sent back), PDFs whose owner password was removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import fonts, images
from .sources import open_pdf, sniff
from .spec import BundleProblem, BundleSpec


@dataclass
class Source:
    kind: str  # pdf / jpeg / png
    path: Path
    pages: int
    pdf: object | None = None  # pikepdf.Pdf, kept open until the bundle is saved
    image: images.ImageInfo | None = None


@dataclass
class Checked:
    problems: list[BundleProblem] = field(default_factory=list)
    sources: dict[tuple[int, int], Source] = field(default_factory=dict)  # (item index, file index)

    def close(self) -> None:
        for s in self.sources.values():
            if s.pdf is not None:
                s.pdf.close()


def _shows_text(stream_data: bytes) -> bool:
    return re.search(rb"(?<![A-Za-z])(Tj|TJ)(?![A-Za-z])|[)>]\s*['\"]", stream_data) is not None


def _has_text(page_obj, depth: int = 0) -> bool:
    """True when the page (or a form it paints) has a font and shows text with it.

    Pages without any /Font resource (most scans) are decided without decoding anything.
    """
    import pikepdf

    res = page_obj.get("/Resources")
    if not isinstance(res, pikepdf.Dictionary):
        return False
    fonts_ = res.get("/Font")
    try:
        if isinstance(fonts_, pikepdf.Dictionary) and len(fonts_.keys()) > 0:
            if depth:
                data = page_obj.read_bytes()
            else:
                contents = page_obj.get("/Contents")
                parts = contents if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
                data = b"\n".join(c.read_bytes() for c in parts if isinstance(c, pikepdf.Stream))
            if _shows_text(data):
                return True
        xo = res.get("/XObject")
        if depth < 3 and isinstance(xo, pikepdf.Dictionary):
            for _, x in xo.items():
                if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Form" and _has_text(x, depth + 1):
                    return True
    except (pikepdf.PdfError, RuntimeError, ValueError):
        return True  # undecidable: do not nag about OCR
    return False


def _page_list(numbers: list[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:10])
    return shown + ("等" if len(numbers) > 10 else "")


def _verify_streams(pdf) -> str | None:
    """Read every stream's raw bytes of a repaired file; return an error text or None."""
    import pikepdf

    lost: list[int] = []
    try:
        for k, page in enumerate(pdf.pages, start=1):
            contents = page.obj.get("/Contents")
            if contents is None or (isinstance(contents, pikepdf.Array) and len(contents) == 0):
                lost.append(k)
            streams = contents if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
            for s in streams:
                s.read_raw_bytes()
            res = page.obj.get("/Resources")
            xo = res.get("/XObject") if isinstance(res, pikepdf.Dictionary) else None
            if isinstance(xo, pikepdf.Dictionary):
                for _, x in xo.items():
                    if isinstance(x, pikepdf.Stream):
                        x.read_raw_bytes()
    except (pikepdf.PdfError, RuntimeError, ValueError):
        return "部分内容无法解码"
    if lost:
        return f"第{_page_list(lost)}页的内容已丢失"
    return None


def _check_pdf(path: Path, item_id: str, out: Checked, key: tuple[int, int], keep_open: bool) -> None:
    import pikepdf

    name = str(path)

    def add(sev: str, msg: str) -> None:
        out.problems.append(BundleProblem(sev, item_id, name, msg))  # type: ignore[arg-type]

    try:
        pdf = open_pdf(path)
    except pikepdf.PasswordError:
        add("block", "PDF 设有打开密码，无法读取。请提供未加密的文件（去除密码后重新放入），法院在线立案也不接受加密文件。")
        return
    except (pikepdf.PdfError, OSError, RuntimeError, ValueError):  # qpdf's own (English) detail is not shown
        add("block", "PDF 文件已损坏，自动修复失败，无法并入证据材料。请重新导出或扫描该文件。")
        return
    try:
        n = len(pdf.pages)
    except (pikepdf.PdfError, RuntimeError):
        pdf.close()
        add("block", "PDF 文件已损坏，读不出页面。请重新导出或扫描该文件。")
        return
    if n == 0:
        pdf.close()
        add("block", "PDF 文件没有任何页面。")
        return
    if pdf.get_warnings():
        err = _verify_streams(pdf)
        if err:
            pdf.close()
            add("block", f"PDF 文件已损坏，修复后仍有内容无法读取（{err}）。请重新导出或扫描该文件。")
            return
        add("warn", "PDF 文件有损坏（如文件被截断），已自动修复；请核对生成的证据材料中该文件的页面是否完整。")
    if pdf.is_encrypted:
        add("info", "PDF 设有权限密码（无需打开密码），已以空密码打开，证据材料中不再加密。")
    no_text = [i for i, p in enumerate(pdf.pages, start=1) if not _has_text(p.obj)]
    if no_text:
        add("info", f"第{_page_list(no_text)}页没有文字层（可能是扫描件）；如法院要求可检索的文字，需先做 OCR 文字识别。")
    out.sources[key] = Source("pdf", path, n, pdf if keep_open else None)
    if not keep_open:
        pdf.close()


def _check_image(path: Path, kind: str, item_id: str, out: Checked, key: tuple[int, int]) -> None:
    name = str(path)
    try:
        info = images.probe(path, kind)
    except images.ImageUnreadable as exc:
        out.problems.append(BundleProblem("block", item_id, name, f"{exc}，无法并入证据材料。请重新导出该图片。"))
        return
    if kind == "jpeg":
        with path.open("rb") as fh:
            fh.seek(max(0, info.size_bytes - 4096))
            tail = fh.read()
        if not images.jpeg_complete(tail):
            out.problems.append(BundleProblem("warn", item_id, name, "JPEG 图片缺少结束标记，可能不完整（下载或拷贝中断）；请核对该页。"))
    if info.size_bytes > images.OVERSIZE_BYTES or info.width * info.height > images.OVERSIZE_PIXELS:
        mb = info.size_bytes / 1024 / 1024
        out.problems.append(
            BundleProblem(
                "warn", item_id, name,
                f"照片过大（{info.width}×{info.height} 像素，{mb:.1f} MB），会使证据材料体积过大；建议压缩到 300 dpi 左右再放入。",
            )
        )
    out.problems.append(
        BundleProblem("info", item_id, name, "图片没有文字层；如法院要求可检索的文字，需先做 OCR 文字识别。")
    )
    out.sources[key] = Source(kind, path, 1, None, info)


def check(spec: BundleSpec, keep_open: bool = False) -> Checked:
    out = Checked()
    add = out.problems.append
    problem = fonts.font_problem()
    if problem:
        add(BundleProblem("block", None, None, problem))
    if not spec.items:
        add(BundleProblem("block", None, None, "证据清单为空：至少需要一项证据才能生成证据材料。"))
    if spec.max_mb is not None and not spec.max_mb > 0:
        add(BundleProblem("block", None, None, f"分册大小上限 max_mb 为 {spec.max_mb}，应为大于 0 的数（单位 MB）。"))
    seen_n: set[int] = set()
    seen_id: set[str] = set()
    for item in spec.items:
        if item.number in seen_n:
            add(BundleProblem("block", item.id, None, f"证据序号 {item.number} 重复，每项证据的序号应唯一。"))
        if item.id in seen_id:
            add(BundleProblem("block", item.id, None, f"证据编号 {item.id} 重复，每项证据的编号应唯一。"))
        seen_n.add(item.number)
        seen_id.add(item.id)
        if not item.title.strip():
            add(BundleProblem("block", item.id, None, "证据名称为空。"))
        if not item.files:
            add(BundleProblem("block", item.id, None, "该证据没有任何文件；请在“文件”中列出至少一个 PDF、JPEG 或 PNG 文件。"))
    for i, item in enumerate(spec.items):
        for j, raw in enumerate(item.files):
            path = Path(raw)
            kind = sniff(path)
            if kind == "missing":
                add(BundleProblem("block", item.id, str(path), "文件不存在或无法读取；请检查路径（相对案件文件夹）。"))
            elif kind == "empty":
                add(BundleProblem("block", item.id, str(path), "文件为空（0 字节）。"))
            elif kind == "unknown":
                add(BundleProblem("block", item.id, str(path), "不支持的文件类型：证据文件须为 PDF、JPEG 或 PNG（按文件内容识别，而非扩展名）。"))
            elif kind == "pdf":
                _check_pdf(path, item.id, out, (i, j), keep_open)
            else:
                _check_image(path, kind, item.id, out, (i, j))
    return out


def preflight(spec: BundleSpec) -> list[BundleProblem]:
    """All problems found in the spec and its files, blocking ones first."""
    checked = check(spec, keep_open=False)
    order = {"block": 0, "warn": 1, "info": 2}
    return sorted(checked.problems, key=lambda p: order[p.severity])
