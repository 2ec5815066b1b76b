"""``cuishou doctor`` and the platform lookups behind it (fonts by name and by OS folder, their
embedding licence, LibreOffice on Windows/macOS paths), on this machine and in an environment
without LibreOffice and fonts."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest

from conftest import CUISHOU, ROOT
from pipeline.bundle import fonts
from pipeline.doctor import DOCXTPL_TESTED, diagnose, format_report
from pipeline.efiling.convert import _install_paths, libreoffice_available


def _bare_env(tmp_path: Path) -> dict[str, str]:
    """No LibreOffice, no fonts: PATH to an empty folder, the overrides pointing at nothing."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    return {"PATH": str(empty), "HOME": str(tmp_path), "CUISHOU_SOFFICE": str(tmp_path / "no-soffice"),
            "CUISHOU_FONT": str(tmp_path / "no-font.ttc"), "CUISHOU_LATIN_FONT": str(tmp_path / "no-font.ttf")}


def _by_name(report, prefix: str):  # type: ignore[no-untyped-def]
    return [c for c in report.checks if c.name.startswith(prefix)]


@pytest.mark.skipif(libreoffice_available() is None or fonts.font_path() is None, reason="本机缺少 LibreOffice 或字体")
def test_this_machine_has_everything() -> None:
    report = diagnose(today=date(2026, 12, 6))
    assert report.ok
    assert all(c.ok for c in _by_name(report, "LibreOffice")) and all(c.ok for c in _by_name(report, "字体"))
    lpr = _by_name(report, "LPR 表")[0]
    # the LPR table is verified through 2026-04-20 (law-money.md §3.1): after that it must say so
    assert lpr.warning and "2026-04-20" in lpr.detail
    r = subprocess.run([str(CUISHOU), "doctor"], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 0 and "✓ LibreOffice（soffice）" in r.stdout and "结论：生成文书所需的部分齐全" in r.stdout


def test_without_libreoffice_and_fonts_the_report_says_what_is_disabled(tmp_path: Path) -> None:
    env = _bare_env(tmp_path)
    report = diagnose(env, today=date(2026, 1, 1))
    assert report.ok  # the Word drafts need neither
    (lo,) = _by_name(report, "LibreOffice（soffice）")
    assert not lo.ok and "--efiling" in lo.disables and "batch --print" in lo.disables and "CUISHOU_SOFFICE" in lo.fix
    font_checks = _by_name(report, "字体：")
    assert len(font_checks) == 2 and not any(c.ok for c in font_checks)
    assert all("证据" in c.disables for c in font_checks)
    assert not _by_name(report, "poppler")[0].ok
    text = format_report(report)
    assert "! LibreOffice（soffice）：未找到" in text and "影响：无法生成网上立案材料的 PDF" in text
    r = subprocess.run([str(CUISHOU), "doctor", "--json"], capture_output=True, text=True, encoding="utf-8",
                       timeout=120, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads(r.stdout)
    assert data["ok"] is True
    assert {c["name"]: c["ok"] for c in data["checks"]}["LibreOffice（soffice）"] is False
    # the process environment is left as it was
    assert os.environ.get("CUISHOU_FONT") != env["CUISHOU_FONT"]


def test_old_docxtpl_makes_the_core_incomplete(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pipeline.doctor as doctor

    real = doctor._version
    monkeypatch.setattr(doctor, "_version", lambda d: "0.16.0" if d == "docxtpl" else real(d))
    report = diagnose()
    (c,) = _by_name(report, "Python 包 docxtpl")
    assert not report.ok and not c.ok and "未经本程序验证" in c.disables
    assert "✗ Python 包 docxtpl" in format_report(report)


def test_docxtpl_pin_matches_the_tested_range() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in deps if d.startswith("docxtpl")]
    lo, hi = DOCXTPL_TESTED
    assert pin == f"docxtpl>={lo[0]}.{lo[1]},<{hi[0]}.{hi[1]}"
    import importlib.metadata

    v = tuple(int(x) for x in importlib.metadata.version("docxtpl").split(".")[:2])
    assert lo <= v < hi


def test_font_override_and_os_font_folders(tmp_path: Path) -> None:
    cjk = fonts.find(fonts.CJK)
    if cjk is None:
        pytest.skip("本机没有 uming.ttc")
    assert fonts.find(fonts.CJK, {"CUISHOU_FONT": str(cjk)}) == cjk
    assert fonts.find(fonts.CJK, {"CUISHOU_FONT": str(tmp_path / "none.ttc")}) is None  # an override is never ignored
    windows = tmp_path / "Windows"
    (windows / "Fonts").mkdir(parents=True)
    shutil.copyfile(cjk, windows / "Fonts" / "simsun.ttc")
    dirs = fonts.font_dirs({"WINDIR": str(windows), "HOME": str(tmp_path)})
    assert dirs[0] == windows / "Fonts"
    assert Path("/System/Library/Fonts") in dirs and tmp_path / "Library" / "Fonts" in dirs  # macOS
    assert fonts.find(fonts.CJK, {}, [windows / "Fonts"]) == windows / "Fonts" / "simsun.ttc"
    mac = tmp_path / "Library" / "Fonts" / "Supplemental"
    mac.mkdir(parents=True)
    latin = fonts.find(fonts.LATIN)
    if latin is not None:
        shutil.copyfile(latin, mac / "Times New Roman.ttf")
        assert fonts.find(fonts.LATIN, {}, [tmp_path / "Library" / "Fonts"]) == mac / "Times New Roman.ttf"


def _patch_fs_type(src: Path, dst: Path, value: int) -> None:
    data = bytearray(src.read_bytes())
    tables = struct.unpack(">H", data[4:6])[0]
    for i in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        if tag == b"OS/2":
            data[offset + 8:offset + 10] = struct.pack(">H", value)
            dst.write_bytes(bytes(data))
            return
    raise AssertionError("no OS/2 table")


def test_restricted_licence_font_is_refused(tmp_path: Path) -> None:
    latin = fonts.find(fonts.LATIN)
    if latin is None:
        pytest.skip("本机没有 Liberation Serif")
    assert fonts.embedding_problem(latin) is None  # GPL with the font exception: installable embedding
    for value, words in ((0x0002, "受限嵌入"), (0x0100, "子集"), (0x0200, "位图")):
        bad = tmp_path / f"restricted-{value:04x}.ttf"
        _patch_fs_type(latin, bad, value)
        assert words in (fonts.embedding_problem(bad) or "")
    bad = tmp_path / "restricted-0002.ttf"
    env = {**os.environ, "CUISHOU_LATIN_FONT": str(bad)}
    (check,) = [c for c in diagnose(env).checks if c.name.startswith("字体：西文")]
    assert not check.ok and "受限嵌入" in check.detail


def test_libreoffice_install_paths_cover_windows_and_macos() -> None:
    paths = _install_paths({"ProgramFiles": r"D:\Apps"})
    assert any(p.endswith("soffice.exe") and "Apps" in p for p in paths)
    assert any("Program Files (x86)" in p for p in paths)
    assert "/Applications/LibreOffice.app/Contents/MacOS/soffice" in paths
