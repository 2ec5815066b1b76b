"""DOCX → PDF with LibreOffice (headless), made deterministic, and the PDF checks a court platform needs.

- One ``soffice`` process per call, with its own fresh profile folder
  (``-env:UserInstallation=file:///tmp/…``) so parallel workers never share the profile lock,
  and a timeout that kills the whole process group (bundles-and-libraries.md D4; docling #3819).
- LibreOffice writes a CreationDate, a random trailer /ID and a /DocChecksum that depends on
  both; :func:`normalise_pdf` re-saves with pikepdf: dates fixed to the document date, the
  checksum dropped, the /ID derived from the input bytes (qpdf keeps the first /ID element and
  computes the second from the content with ``deterministic_id``), and the Type 1 font IDs
  renumbered as a fresh LibreOffice writes them (:mod:`.fontids`). Same input → same bytes.
- :func:`pdf_problems` reports what an upload must not have: encryption, forms (AcroForm),
  JavaScript (document or page level), fonts that are not embedded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .fontids import renumber_font_ids

PACKAGE = "libreoffice-writer-nogui"

__all__ = [
    "PACKAGE",
    "ConversionError",
    "libreoffice_available",
    "missing_message",
    "convert_docx",
    "normalise_pdf",
    "pdf_problems",
    "page_count",
    "pdf_text",
]


class ConversionError(Exception):
    """A conversion that failed; the message is Chinese and names the file."""


def libreoffice_available() -> str | None:
    """Path of the ``soffice`` executable, or None. ``CUISHOU_SOFFICE`` overrides the search."""
    override = os.environ.get("CUISHOU_SOFFICE")
    if override:
        return override if Path(override).is_file() and os.access(override, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for p in _install_paths(os.environ):
        if Path(p).is_file():
            return p
    return None


def _install_paths(env: "os._Environ[str] | dict[str, str]") -> list[str]:
    """Where LibreOffice's installers put soffice when it is not on PATH: Linux packages and
    tarballs, the macOS app bundle, and the Windows installer (64- and 32-bit Program Files)."""
    paths = ["/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
             "/Applications/LibreOffice.app/Contents/MacOS/soffice",
             str(Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for var, default in (("ProgramFiles", r"C:\Program Files"), ("ProgramFiles(x86)", r"C:\Program Files (x86)")):
        base = env.get(var) or default
        paths.append(str(Path(base) / "LibreOffice" / "program" / "soffice.exe"))
    return paths


def missing_message() -> str:
    return (
        "未找到 LibreOffice（soffice），无法把 Word 文书转换为 PDF，网上立案材料中的起诉状/申请书和各类表格的 PDF 未生成。"
        f"请安装系统软件包 {PACKAGE}（如：sudo apt-get install {PACKAGE}，或运行 make sysdeps）后重新生成；"
        "其他文书和证据材料不受影响。"
    )


@dataclass(frozen=True)
class _Run:
    returncode: int | None
    output: str


def _run(cmd: list[str], timeout_s: float, env: dict[str, str]) -> _Run:
    # A new session: on timeout the whole group (soffice → soffice.bin) is killed, nothing else.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
        return _Run(proc.returncode, out.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        return _Run(None, "")


def convert_docx(docs: list[Path], out_dir: Path, *, timeout_s: float = 120, soffice: str | None = None) -> dict[Path, Path]:
    """Convert ``docs`` (.docx) to PDFs in ``out_dir`` with one soffice run and a fresh profile.

    Returns {docx: pdf}. Raises :class:`ConversionError` (Chinese) when soffice is missing,
    times out, or leaves a file unconverted.
    """
    exe = soffice or libreoffice_available()
    if exe is None:
        raise ConversionError(missing_message())
    if not docs:
        return {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cuishou-lo-") as tmp:
        profile = Path(tmp) / "profile"
        work = Path(tmp) / "out"
        work.mkdir()
        env = dict(os.environ)
        env["HOME"] = tmp  # LibreOffice writes caches under $HOME; keep them out of the user's home
        env.pop("SAL_USE_VCLPLUGIN", None)
        cmd = [
            exe, "--headless", "--invisible", "--nologo", "--nodefault", "--nofirststartwizard", "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work),
            *[str(d) for d in docs],
        ]
        run = _run(cmd, timeout_s, env)
        names = "、".join(d.name for d in docs)
        if run.returncode is None:
            raise ConversionError(f"LibreOffice 转换超时（超过 {timeout_s:g} 秒），未能生成 PDF：{names}。可调大超时时间后重试。")
        result: dict[Path, Path] = {}
        missing = []
        for d in docs:
            produced = work / (d.stem + ".pdf")
            if not produced.is_file() or produced.stat().st_size == 0:
                missing.append(d.name)
                continue
            target = out_dir / produced.name
            shutil.move(str(produced), target)
            result[d] = target
        if missing:
            detail = run.output.strip().splitlines()[-1:] if run.output.strip() else []
            raise ConversionError(
                f"LibreOffice 未能转换：{'、'.join(missing)}（退出码 {run.returncode}{'；' + detail[0][:200] if detail else ''}）。"
            )
    return result


def _pdf_date(d: date) -> str:
    return f"D:{d:%Y%m%d}000000+08'00'"


def normalise_pdf(path: Path, *, seed: bytes, when: date, title: str | None = None) -> None:
    """Rewrite ``path`` in place so that equal inputs give equal bytes (see module docstring)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        save_normalised(pdf, path, seed=seed, when=when, title=title)


def save_normalised(pdf, path: Path, *, seed: bytes, when: date, title: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Save the open pikepdf ``pdf`` to ``path`` (atomically) as :func:`normalise_pdf` would."""
    import pikepdf

    tmp = path.with_name(f".{path.name}.part")
    info = pdf.docinfo
    for key in ("/CreationDate", "/ModDate"):
        if key in info:
            del info[key]
    info["/CreationDate"] = pikepdf.String(_pdf_date(when))
    info["/ModDate"] = pikepdf.String(_pdf_date(when))
    if title:
        info["/Title"] = pikepdf.String(title)
    if "/DocChecksum" in pdf.trailer:
        del pdf.trailer["/DocChecksum"]
    if "/Metadata" in pdf.Root:  # XMP would repeat the dates
        del pdf.Root["/Metadata"]
    renumber_font_ids(pdf)  # LibreOffice's font IDs depend on what it converted before
    first = hashlib.md5(seed).digest()
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(first), pikepdf.String(first)])
    pdf.save(
        tmp,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,
    )
    os.replace(tmp, path)


def page_count(path: Path) -> int:
    """Pages of a PDF. pikepdf (qpdf) reads only the page tree; pypdf parsed the whole file, which
    for a 25 MB evidence bundle was a noticeable share of an e-filing build."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


_SHOW = {"Tj", "TJ", "'", '"'}


def _shows_glyphs(operands) -> bool:
    import pikepdf

    for o in operands:
        if isinstance(o, pikepdf.String) and len(bytes(o)) > 0:
            return True
        if isinstance(o, pikepdf.Array) and any(isinstance(x, pikepdf.String) and len(bytes(x)) > 0 for x in o):
            return True
    return False


def _used_fonts(container, resources, depth: int = 0):
    """Yield (resource name, font dict) for every font that draws glyphs: selected with ``Tf``
    and then used by a text-showing operator with a non-empty string. Form XObjects painted
    with ``Do`` are followed (their own resources, else the caller's).

    Fonts only declared, or selected without drawing anything, are ignored: reportlab, for one,
    opens every page with ``/F1 12 Tf`` on an unembedded Helvetica that never shows a glyph.
    """
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        resources = pikepdf.Dictionary()
    fonts = resources.get("/Font")
    xobjects = resources.get("/XObject")
    try:
        ops = pikepdf.parse_content_stream(container)
    except (pikepdf.PdfError, RuntimeError, ValueError):
        return
    current: str | None = None
    stack: list[str | None] = []
    reported: set[str] = set()
    seen_forms: set[str] = set()
    for operands, op in ops:
        name = str(op)
        if name == "q":
            stack.append(current)
        elif name == "Q":
            current = stack.pop() if stack else None
        elif name == "Tf" and operands:
            current = str(operands[0])
        elif name in _SHOW and current is not None and current not in reported and _shows_glyphs(operands):
            reported.add(current)
            font = fonts.get(current) if isinstance(fonts, pikepdf.Dictionary) else None
            if font is not None:
                yield current, font
        elif name == "Do" and operands and depth < 4 and isinstance(xobjects, pikepdf.Dictionary):
            key = str(operands[0])
            xo = xobjects.get(key)
            if key in seen_forms or not isinstance(xo, pikepdf.Stream) or xo.get("/Subtype") != "/Form":
                continue
            seen_forms.add(key)
            yield from _used_fonts(xo, xo.get("/Resources", resources), depth + 1)


def _all_declared_embedded(resources, depth: int = 0) -> bool:
    """Whether every font in ``resources`` and in its form XObjects' resources is embedded: then no
    font the page draws with can be missing, and its content streams need no parsing."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        return True
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary) and not all(isinstance(f, pikepdf.Dictionary) and _embedded(f) for f in (fonts[k] for k in fonts.keys())):
        return False
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary) and depth < 4:
        for key in xobjects.keys():
            xo = xobjects[key]
            if isinstance(xo, pikepdf.Stream) and xo.get("/Subtype") == "/Form" and "/Resources" in xo:
                if not _all_declared_embedded(xo.Resources, depth + 1):
                    return False
    return True


def _embedded(font) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True  # glyphs are drawn by content streams inside the PDF
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        return bool(descendants) and _embedded(descendants[0])
    fd = font.get("/FontDescriptor")
    if fd is None:
        return False
    return any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def pdf_problems(path: Path) -> list[str]:
    """Chinese descriptions of what makes ``path`` unfit for upload (empty when fine):
    encryption, forms, JavaScript or automatic actions, fonts used but not embedded."""
    import pikepdf

    name = path.name
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [f"{name}：PDF 设有打开密码，法院平台不接受加密文件"]
    except (pikepdf.PdfError, OSError) as exc:
        return [f"{name}：无法读取 PDF（{type(exc).__name__}）"]
    out: list[str] = []
    with pdf:
        if pdf.is_encrypted:
            out.append(f"{name}：PDF 已加密，法院平台不接受加密文件")
        root = pdf.Root
        if "/AcroForm" in root:
            out.append(f"{name}：PDF 含有表单（AcroForm），上传前应去除或拼合表单")
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
            out.append(f"{name}：PDF 含有 JavaScript 脚本")
        oa = root.get("/OpenAction")
        if isinstance(oa, pikepdf.Dictionary) and oa.get("/S") == "/JavaScript":
            out.append(f"{name}：PDF 打开时会执行 JavaScript 脚本")
        if "/AA" in root:
            out.append(f"{name}：PDF 含有文档级自动动作（/AA）")
        unembedded: dict[str, list[int]] = {}
        for i, page in enumerate(pdf.pages, start=1):
            obj = page.obj
            if "/AA" in obj:
                out.append(f"{name}：第{i}页含有自动动作（/AA）")
            for annot in obj.get("/Annots", pikepdf.Array()):
                if not isinstance(annot, pikepdf.Dictionary):
                    continue
                if annot.get("/Subtype") == "/Widget":
                    out.append(f"{name}：第{i}页含有表单域")
                    break
                action = annot.get("/A")
                if isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/JavaScript":
                    out.append(f"{name}：第{i}页含有 JavaScript 链接")
                    break
            if _all_declared_embedded(obj.get("/Resources")):
                continue
            for key, font in _used_fonts(page, obj.get("/Resources")):
                if not _embedded(font):
                    base = str(font.get("/BaseFont", key)).lstrip("/")
                    pages = unembedded.setdefault(base, [])
                    if not pages or pages[-1] != i:
                        pages.append(i)
        for base, pages in unembedded.items():
            shown = "、".join(str(p) for p in pages[:5]) + ("等" if len(pages) > 5 else "")
            out.append(f"{name}：使用的字体 {base} 未嵌入（第{shown}页），在其他电脑上可能显示不正确")
    return out
