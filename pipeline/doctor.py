"""``cuishou doctor``: what this machine has, what is missing, and what each missing part disables.

The core — case validation, the claim, the Word drafts, the SMS — needs only Python and the
packages ``pip install`` brings. Everything else is optional and degrades with a message:
LibreOffice (e-filing PDFs, batch print files), the two embeddable fonts (evidence index and page
numbers), fontconfig's Chinese fonts (how LibreOffice renders the PDFs), poppler (only to look at
outputs), Chromium (only the tests of the HTML overview). The LPR and holiday tables are data with
a verified-through date; past it the tool warns, so the doctor says when they need updating.

The doctor reads the clock (it reports on today); nothing it reports goes into a document.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

__all__ = ["Check", "DoctorReport", "diagnose", "format_report", "DOCXTPL_TESTED"]

#: docxtpl versions the renderer's equivalence test has passed (tests/test_render_engine.py); the
#: renderer calls docxtpl internals, so pyproject pins the same range.
DOCXTPL_TESTED = ((0, 19), (0, 21))  # >= 0.19, < 0.21

_CORE_PACKAGES = ("pydantic", "click", "python-docx", "docxtpl", "pypdf", "pikepdf", "reportlab", "pillow", "openpyxl",
                  "charset-normalizer", "phonenumbers", "opencc-python-reimplemented", "pypinyin", "jieba", "marisa-trie")
_EXTRAS = {"fastapi": "serve", "uvicorn": "serve", "python-multipart": "serve", "dask": "distributed"}


@dataclass(frozen=True)
class Check:
    name: str  # Chinese
    ok: bool
    detail: str  # version, path or what was found
    required: bool  # needed for the core documents
    disables: str = ""  # what does not work while it is missing (Chinese)
    fix: str = ""  # how to get it (Chinese)
    warning: bool = False  # present but needs attention (e.g. a table past its verified date)


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Everything the core documents need is present."""
        return all(c.ok for c in self.checks if c.required)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [asdict(c) for c in self.checks]}


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _tuple(v: str) -> tuple[int, ...]:
    out = []
    for part in v.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


def _python(version: tuple[int, int, int]) -> Check:
    ok = version >= (3, 11, 0)
    return Check("Python", ok, ".".join(map(str, version)), True,
                 "" if ok else "无法运行（需要 Python 3.11 或更高版本）", "" if ok else "请安装 Python 3.11+")


def _packages() -> list[Check]:
    out = []
    for dist in _CORE_PACKAGES:
        v = _version(dist)
        if v is None:
            out.append(Check(f"Python 包 {dist}", False, "未安装", True, "程序无法运行", "pip install cuishou（或 pip install -e .）"))
            continue
        if dist == "docxtpl":
            lo, hi = DOCXTPL_TESTED
            inside = lo <= _tuple(v)[:2] < hi
            out.append(Check("Python 包 docxtpl", inside, v, True,
                             "" if inside else f"版本未经本程序验证（已验证 {lo[0]}.{lo[1]} ≤ 版本 < {hi[0]}.{hi[1]}），文书渲染可能出错",
                             "" if inside else f"pip install 'docxtpl>={lo[0]}.{lo[1]},<{hi[0]}.{hi[1]}'"))
            continue
        out.append(Check(f"Python 包 {dist}", True, v, True))
    for dist, extra in _EXTRAS.items():
        v = _version(dist)
        what = "HTTP 服务（cuishou serve）" if extra == "serve" else "Dask 集群批量（batch --scheduler）"
        out.append(Check(f"可选 Python 包 {dist}", v is not None, v or "未安装", False,
                         "" if v else f"{what}不可用", "" if v else f"pip install 'cuishou[{extra}]'"))
    return out


def _libreoffice(env: Mapping[str, str]) -> Check:
    from .efiling.convert import PACKAGE, libreoffice_available

    exe = libreoffice_available()
    if exe is None:
        return Check("LibreOffice（soffice）", False, "未找到", False,
                     "无法生成网上立案材料的 PDF（--efiling）和批量打印文件（batch --print）；Word 文书、证据材料等其他输出照常生成",
                     f"Debian/Ubuntu：sudo apt-get install {PACKAGE}；Windows/macOS：从 libreoffice.org 安装，"
                     "或设环境变量 CUISHOU_SOFFICE 指向 soffice")
    return Check("LibreOffice（soffice）", True, exe, False)


def _fonts(env: Mapping[str, str]) -> list[Check]:
    from .bundle import fonts

    out = []
    for role in (fonts.CJK, fonts.LATIN):
        path = fonts.find(role, env)
        if path is None:
            out.append(Check(f"字体：{role.label}", False, "未找到", False,
                             "无法生成证据目录及证据材料 PDF（页码、证据标签）；Word 文书照常生成",
                             f"Debian/Ubuntu：sudo apt-get install {role.package}；或用 --font / 环境变量 {role.env} 指定字体文件"))
            continue
        problem = fonts.embedding_problem(path, fonts._face_index(path, env) if role is fonts.CJK else 0)
        out.append(Check(f"字体：{role.label}", problem is None, str(path) + (f"（{problem}）" if problem else ""), False,
                         "" if problem is None else "证据材料无法嵌入该字体，证据目录和页码不能生成",
                         "" if problem is None else f"用 --font / 环境变量 {role.env} 改用允许嵌入的 TrueType 字体"))
    return out


def _fontconfig_cjk() -> Check:
    if not shutil.which("fc-list"):
        return Check("LibreOffice 使用的中文字体（fontconfig）", True, "无 fontconfig（Windows/macOS 由系统提供字体）", False)
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if not found:
        return Check("LibreOffice 使用的中文字体（fontconfig）", False, "没有中文字体", False,
                     "转换出的 PDF 中汉字可能显示为方框", "sudo apt-get install fonts-noto-cjk（或运行 make sysdeps）")
    families = sorted({f.split(",")[0] for f in found.splitlines()})
    return Check("LibreOffice 使用的中文字体（fontconfig）", True, "、".join(families[:4]) + ("…" if len(families) > 4 else ""), False)


def _tool(name: str, exe: str, disables: str, fix: str) -> Check:
    path = shutil.which(exe)
    return Check(name, path is not None, path or "未找到", False, "" if path else disables, "" if path else fix)


def _tables(today: date) -> list[Check]:
    from .law.calendar import default_calendar
    from .law.lpr import default_table

    out = []
    for name, verified in (("LPR 表（pipeline/law/data/lpr.csv）", default_table().verified_through),
                           ("节假日表（pipeline/law/data/holidays.csv）", default_calendar().verified_through)):
        stale = verified < today
        out.append(Check(name, True, f"核实截止日 {verified.isoformat()}", True,
                         "截止日之后的日期会给出提示（LPR 在严格模式下拒绝计算）" if stale else "",
                         "请按官方公布的数据更新该表并修改 verified_through 行" if stale else "", warning=stale))
    return out


def _temp() -> Check:
    try:
        with tempfile.TemporaryDirectory(prefix="cuishou-doctor-") as tmp:
            (Path(tmp) / "x").write_bytes(b"x")
        return Check("临时文件夹", True, tempfile.gettempdir(), True)
    except OSError as exc:
        return Check("临时文件夹", False, f"{tempfile.gettempdir()}（{exc.strerror or exc}）", True,
                     "无法原子写入输出（先写临时文件夹再改名）", "设置环境变量 TMPDIR 为可写的文件夹")


def diagnose(env: Mapping[str, str] | None = None, *, today: date | None = None) -> DoctorReport:
    """Check this machine. ``env`` (default ``os.environ``) is where PATH and the overrides
    (CUISHOU_SOFFICE, CUISHOU_FONT, CUISHOU_LATIN_FONT) are read from."""
    env = dict(os.environ if env is None else env)
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # shutil.which and the finders read the process environment
    try:
        report = DoctorReport()
        report.checks.append(_python(sys.version_info[:3]))  # type: ignore[arg-type]
        report.checks += _packages()
        report.checks.append(_temp())
        report.checks += _tables(today or date.today())
        report.checks.append(_libreoffice(env))
        report.checks += _fonts(env)
        report.checks.append(_fontconfig_cjk())
        report.checks.append(_tool("poppler（pdftoppm）", "pdftoppm", "只影响把输出转成图片查看（开发、审阅用）", "sudo apt-get install poppler-utils"))
        report.checks.append(_tool("Chromium", "chromium", "只影响案件总览页面的浏览器测试（开发用）", "sudo apt-get install chromium"))
        return report
    finally:
        os.environ.clear()
        os.environ.update(saved)


def format_report(report: DoctorReport) -> str:
    lines = []
    for c in report.checks:
        mark = "✗" if not c.ok and c.required else "!" if not c.ok or c.warning else "✓"
        line = f"{mark} {c.name}：{c.detail}"
        if c.disables:
            line += f"\n    影响：{c.disables}"
        if c.fix:
            line += f"\n    处理：{c.fix}"
        lines.append(line)
    missing = [c for c in report.checks if not c.ok]
    if report.ok:
        lines.append("结论：生成文书所需的部分齐全" + (f"；{len(missing)} 项可选部分缺失，见上" if missing else "；全部功能可用"))
    else:
        lines.append("结论：缺少生成文书所必需的部分（标 ✗ 的项目），请先处理")
    return "\n".join(lines)
