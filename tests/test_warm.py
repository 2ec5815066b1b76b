"""The warm LibreOffice converter (pipeline/efiling/warm.py, issue 18): same PDFs as the one-shot
converter, survives LibreOffice being killed in the middle of a batch, leaves no process behind."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, sample_case_dirs
from pipeline.batch import run_batch
from pipeline.build import BuildOptions, build_case
from pipeline.efiling import libreoffice_available, pdf_problems
from pipeline.efiling import warm
from pipeline.efiling.convert import convert_docx
from pipeline.efiling.fontids import eexec_decrypt, eexec_encrypt

needs_warm = pytest.mark.skipif(
    libreoffice_available() is None or warm.uno_python() is None,
    reason="LibreOffice 或 python3-uno 未安装（make sysdeps）",
)


def _proc_table() -> dict[int, tuple[int, str, str]]:
    """pid → (ppid, state, command line) of every process we can see."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, IndexError):
            continue
        table[int(name)] = (int(fields[1]), fields[0], cmd)
    return table


def _descendants(root: int) -> list[int]:
    table = _proc_table()
    out, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, state, _) in table.items():
            if ppid == parent and state != "Z":
                out.append(pid)
                frontier.append(pid)
    return out


def _offices_mentioning(text: str) -> list[int]:
    """Live (non-zombie) processes whose command line names ``text`` (a private profile path)."""
    return [pid for pid, (_, state, cmd) in _proc_table().items() if text in cmd and state != "Z" and pid != os.getpid()]


def _wait_gone(check, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    # Not a timed assertion: waits for the kernel to reap killed processes, then asserts.
    deadline = time.monotonic() + timeout
    while check() and time.monotonic() < deadline:
        time.sleep(0.05)
    return check()


def _page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


@needs_warm
def test_warm_and_cold_conversions_have_the_same_pages_text_and_embedded_fonts(tmp_path: Path) -> None:
    opts = BuildOptions(bundle=False)
    conv = warm.WarmConverter(recycle_mb=0)  # one office throughout (recycling has its own test)
    try:
        conv.start()
        pids = list(conv.office_pids)
        compared = 0
        for sample in sample_case_dirs():
            m = build_case(sample, tmp_path / "docs", opts)
            docs = sorted((tmp_path / "docs" / m.case_id).glob("*.docx"))
            assert docs, sample
            cold = convert_docx(docs, tmp_path / "cold" / m.case_id)
            hot = conv.convert(docs, tmp_path / "warm" / m.case_id)
            assert set(cold) == set(hot) == set(docs)
            for d in docs:
                a, b = _page_texts(cold[d]), _page_texts(hot[d])
                assert len(a) == len(b), (d.name, len(a), len(b))
                for i, (ta, tb) in enumerate(zip(a, b), start=1):
                    assert ta == tb, f"{d.name} 第{i}页文字不同"
                assert any(t.strip() for t in b), d.name  # real text, not blank pages
                assert pdf_problems(hot[d]) == [], d.name  # fonts embedded, no forms/JS
                assert pdf_problems(cold[d]) == [], d.name
                compared += 1
            assert not list((tmp_path / "warm" / m.case_id).glob(".*.part"))  # nothing half-written
        assert compared >= 4 * 5
        assert conv.restarts == 0 and conv.office_pids == pids  # one LibreOffice for all cases
    finally:
        conv.close()
    assert _wait_gone(lambda: _offices_mentioning(str(conv.profile_dir))) == []
    assert not conv.profile_dir.exists()


def _tree_bytes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "batch-report.json"
    }


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("clean")
    report = run_batch(ROOT / "sample_cases", out, jobs=1, force=True, options=BuildOptions(efiling=True))
    assert report.counts == {"built": 4, "skipped": 0, "failed": 0}
    return out


def _assert_same_as_clean(out: Path, clean: Path, report) -> None:  # type: ignore[no-untyped-def]
    assert report.counts == {"built": 4, "skipped": 0, "failed": 0}
    assert sorted(c.case_dir for c in report.cases) == sorted(p.name for p in sample_case_dirs())  # each once
    assert report.notes == []  # the warm converter did not fall back
    a, b = _tree_bytes(out), _tree_bytes(clean)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    pdfs = [k for k in a if "/efiling/" in k and k.endswith(".pdf")]
    assert len(pdfs) >= 4 * 4
    assert not [k for k in a if k.endswith(".part")]


@needs_warm
def test_killing_warm_libreoffice_mid_batch_rebuilds_nothing_twice_and_leaves_nothing(tmp_path: Path, clean_run: Path) -> None:
    seen: list[warm.WarmConverter] = []
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            conv = warm.active_converter()
            if conv is not None and conv.busy and conv.office_pids:
                seen.append(conv)
                for pid in conv.office_pids:  # oosplash and soffice.bin, mid-conversion
                    try:
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                    except ProcessLookupError:
                        pass
                return
            time.sleep(0.005)

    started: list[threading.Thread] = []

    def on_event(e) -> None:  # type: ignore[no-untyped-def]
        if e["event"] == "case" and e["done"] == 1:  # the second case's conversion gets killed
            t = threading.Thread(target=killer)
            t.start()
            started.append(t)

    out = tmp_path / "out"
    report = run_batch(ROOT / "sample_cases", out, jobs=1, force=True, options=BuildOptions(efiling=True), on_event=on_event)
    for t in started:
        t.join()
    assert killed and seen
    conv = seen[0]
    assert conv.restarts == 1  # restarted once, the case retried once
    _assert_same_as_clean(out, clean_run, report)
    assert warm.active_converter() is None
    assert _wait_gone(lambda: _offices_mentioning(str(conv.profile_dir))) == []
    assert _wait_gone(lambda: [p for p in killed if p in _proc_table() and _proc_table()[p][1] != "Z"]) == []


@needs_warm
def test_killing_libreoffice_in_a_worker_pool(tmp_path: Path, clean_run: Path) -> None:
    killed: list[int] = []
    stop = threading.Event()

    def killer() -> None:
        while not stop.is_set():
            table = _proc_table()
            ours = [p for p in _descendants(os.getpid()) if "soffice.bin" in table.get(p, (0, "", ""))[2]]
            if ours:
                os.kill(ours[0], signal.SIGKILL)
                killed.append(ours[0])
                return
            time.sleep(0.01)

    t = threading.Thread(target=killer)
    t.start()
    out = tmp_path / "out"
    try:
        report = run_batch(ROOT / "sample_cases", out, jobs=2, force=True, options=BuildOptions(efiling=True))
    finally:
        stop.set()
        t.join()
    assert killed
    _assert_same_as_clean(out, clean_run, report)
    assert _wait_gone(lambda: [p for p in _descendants(os.getpid()) if "soffice" in _proc_table().get(p, (0, "", ""))[2]]) == []


_SIGTERM_CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pipeline.batch import run_batch
from pipeline.build import BuildOptions
run_batch(sys.argv[2], sys.argv[3], jobs=2, force=True, options=BuildOptions(efiling=True))
"""


@needs_warm
def test_sigterm_of_the_batch_leaves_no_libreoffice(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _SIGTERM_CHILD, str(ROOT), str(ROOT / "sample_cases"), str(tmp_path / "out")])
    offices: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        table = _proc_table()
        offices = [p for p in _descendants(proc.pid) if "soffice.bin" in table.get(p, (0, "", ""))[2]]
        if offices:
            break
        time.sleep(0.02)
    assert offices, "no warm LibreOffice was started"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) != 0
    assert _wait_gone(lambda: [p for p in offices if p in _proc_table() and _proc_table()[p][1] != "Z"]) == []
    # nothing half-written: every case folder present is complete (has its manifest)
    for case in (tmp_path / "out").iterdir() if (tmp_path / "out").exists() else []:
        if case.is_dir() and not case.name.startswith("."):
            assert (case / "manifest.json").is_file(), case


def test_fallback_to_one_shot_when_no_uno_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if libreoffice_available() is None:
        pytest.skip("LibreOffice 未安装")
    monkeypatch.setenv("CUISHOU_UNO_PYTHON", sys.executable)  # our venv's Python: no uno module
    out = tmp_path / "out"
    report = run_batch(ROOT / "sample_cases", out, jobs=1, force=True, options=BuildOptions(efiling=True))
    assert report.counts["failed"] == 0 and report.counts["built"] == 4
    assert len(report.notes) == 1 and "改用逐件启动" in report.notes[0]
    assert list((out / report.cases[0].case_id / "efiling").glob("01_*.pdf"))
    assert warm.active_converter() is None


@needs_warm
def test_a_started_filing_set_that_is_discarded_leaves_nothing_and_the_next_case_converts(tmp_path: Path) -> None:
    """The build hands the filing set to LibreOffice before the bundle (issue 18); when the build
    then holds the set back, the request is drained, so the warm office stays in step."""
    from pipeline.case import load_case
    from pipeline.efiling import start_efiling
    from pipeline.law.claim import compute_claim
    from pipeline.render import render_documents

    case_dir = sample_case_dirs()[0]
    case = load_case(case_dir)
    claim = compute_claim(case)
    out = tmp_path / "draft"
    out.mkdir()
    docs = render_documents(case, claim, out)
    warm.enable_for_process()
    try:
        started = start_efiling(case, claim, out, documents=docs)
        assert started.pending is not None and (out / "efiling").is_dir()
        started.discard()
        assert not (out / "efiling").exists() and not Path(started.tmp.name).exists()
        conv = warm.active_converter()
        assert conv is not None and not conv.busy
        manifest = build_case(case_dir, tmp_path / "next", BuildOptions(efiling=True, all_documents=True))
        pdfs = sorted(p.name for p in (tmp_path / "next" / manifest.case_id / "efiling").glob("*.pdf"))
        assert any(n.startswith("01_") for n in pdfs) and any("送达地址确认书" in n for n in pdfs)
        assert conv.restarts == 0  # the drained request did not put the protocol out of step
    finally:
        warm.disable_for_process()


def _font_ids(path: Path) -> list[bytes]:
    import re

    import pikepdf

    ids = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile" in obj:
                ff = obj.FontFile
                data = ff.read_bytes()
                l1, l2 = int(ff.Length1), int(ff.Length2)
                clear = re.search(rb"/UniqueID (\d+) def", data[:l1]).group(1)  # type: ignore[union-attr]
                private = re.search(rb"/UniqueID (\d+) def", eexec_decrypt(data[l1:l1 + l2])).group(1)  # type: ignore[union-attr]
                assert clear == private, path.name
                ids.append(clear)
    return sorted(ids)


def _normalised(src: Path, dst: Path) -> bytes:
    from datetime import date

    from pipeline.efiling.convert import normalise_pdf

    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())
    normalise_pdf(dst, seed=b"same input", when=date(2026, 12, 4), title="t")
    return dst.read_bytes()


def _embedded_fonts(path: Path) -> dict[str, str]:
    """Embedded font name (subset tag dropped) -> the kind of font program (/FontFile = Type 1)."""
    import pikepdf

    fonts = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                kind = next((k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in obj), "")
                fonts[str(obj.FontName).split("+", 1)[-1]] = kind
    return fonts


def _noto_only(tmp_path: Path) -> Path:
    """A fontconfig file that hides the TrueType copies of Noto CJK (tools/make_cjk_truetype.py),
    so that LibreOffice embeds Noto CJK itself, as a machine without the copies does."""
    conf = tmp_path / "noto-only.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="no">/etc/fonts/fonts.conf</include>'
        "<selectfont><rejectfont><pattern><patelt name=\"family\"><string>Cuishou Serif CJK SC</string>"
        "</patelt></pattern><pattern><patelt name=\"family\"><string>Cuishou Sans CJK SC</string>"
        "</patelt></pattern></rejectfont></selectfont></fontconfig>",
        encoding="utf-8",
    )
    return conf


def _two_documents(tmp_path: Path) -> tuple[Path, Path]:
    m = build_case(sample_case_dirs()[0], tmp_path / "docs", BuildOptions(bundle=False))
    docs = sorted((tmp_path / "docs" / m.case_id).glob("*.docx"))
    assert len(docs) >= 2
    return docs[0], docs[-1]


def _after_other_and_alone(first: Path, target: Path, tmp_path: Path) -> tuple[Path, Path]:
    with warm.WarmConverter() as used:
        used.convert([first], tmp_path / "a")
        after = used.convert([target], tmp_path / "b")[target]
    with warm.WarmConverter() as fresh:
        alone = fresh.convert([target], tmp_path / "c")[target]
    return after, alone


@needs_warm
def test_font_ids_do_not_depend_on_what_the_office_converted_before(tmp_path: Path, monkeypatch) -> None:
    """LibreOffice numbers its Type 1 font subsets (Noto CJK is CFF) with a counter that lives as
    long as the office; after normalise_pdf a document's bytes are the same whatever the office
    converted first."""
    first, target = _two_documents(tmp_path)
    monkeypatch.setenv("FONTCONFIG_FILE", str(_noto_only(tmp_path)))
    after, alone = _after_other_and_alone(first, target, tmp_path)
    before_ids, fresh_ids = _font_ids(after), _font_ids(alone)
    assert fresh_ids and fresh_ids[0] == b"4100001"
    assert before_ids != fresh_ids  # the office's history shows before normalising
    x, y = _normalised(after, tmp_path / "n" / "after.pdf"), _normalised(alone, tmp_path / "n" / "alone.pdf")
    assert x == y
    assert _font_ids(tmp_path / "n" / "after.pdf") == fresh_ids
    assert _page_texts(tmp_path / "n" / "after.pdf") == _page_texts(alone)
    assert pdf_problems(tmp_path / "n" / "after.pdf") == []


def _has_truetype_copies() -> bool:
    try:
        out = subprocess.run(["fc-list", ":family=Cuishou Serif CJK SC"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return bool(out.strip())


@needs_warm
@pytest.mark.skipif(not _has_truetype_copies(), reason="TrueType copies of Noto CJK not installed (make sysdeps)")
def test_truetype_copies_embed_without_type1_and_lay_out_as_noto(tmp_path: Path, monkeypatch) -> None:
    """With the TrueType copies installed LibreOffice embeds TrueType subsets: no Type 1 font, so
    the bytes do not depend on the office's history even before normalising, and the pages carry
    the same text, page by page, as with Noto CJK itself (same glyphs and metrics)."""
    first, target = _two_documents(tmp_path)
    after, alone = _after_other_and_alone(first, target, tmp_path / "ttf")
    fonts = _embedded_fonts(alone)
    assert fonts.get("CuishouSerifCJKSC-Regular") == "/FontFile2", fonts
    assert "/FontFile" not in fonts.values() and _font_ids(alone) == []
    x = _normalised(after, tmp_path / "n" / "after.pdf")
    assert x == _normalised(alone, tmp_path / "n" / "alone.pdf")
    monkeypatch.setenv("FONTCONFIG_FILE", str(_noto_only(tmp_path)))
    with warm.WarmConverter() as noto:
        cff = noto.convert([target], tmp_path / "cff")[target]
    assert any(k.startswith("NotoSerifCJK") for k in _embedded_fonts(cff))
    assert _page_texts(alone) == _page_texts(cff)
    assert pdf_problems(tmp_path / "n" / "after.pdf") == []


def test_eexec_round_trip_and_digit_swap_match_the_general_cipher() -> None:
    from pipeline.efiling.fontids import _swap_digits

    plain = b"\x01\x02\x03\x04dup\n/Private 15 dict dup begin\n/UniqueID 4100017 def\n" + bytes(range(256)) * 40
    cipher = eexec_encrypt(plain)
    assert eexec_decrypt(cipher) == plain
    assert cipher[:4] == bytes([0x0F, 0x00, 0x0F, 0x14]) or len(cipher) == len(plain)  # same length
    swapped = _swap_digits(cipher, b"4100001")
    assert swapped == eexec_encrypt(plain.replace(b"4100017", b"4100001"))
    assert _swap_digits(cipher, b"41") is None  # other length: the caller takes the general way


@needs_warm
def test_an_office_grown_past_its_limit_is_replaced_between_cases(tmp_path: Path) -> None:
    m = build_case(sample_case_dirs()[0], tmp_path / "docs", BuildOptions(bundle=False))
    docs = sorted((tmp_path / "docs" / m.case_id).glob("*.docx"))
    conv = warm.WarmConverter(recycle_mb=0)  # 0: never
    try:
        one = conv.convert(docs, tmp_path / "one")
        old = list(conv.office_pids)
        assert old and conv.recycles == 0
        conv.recycle_mb = 1  # any LibreOffice is bigger than 1 MB: replaced after the next case
        two = conv.convert(docs, tmp_path / "two")
        assert conv.recycles == 1
        assert _wait_gone(lambda: [p for p in old if p in _proc_table() and _proc_table()[p][1] != "Z"]) == []
        conv.recycle_mb = 0
        three = conv.convert(docs, tmp_path / "three")
        assert conv.office_pids and set(conv.office_pids).isdisjoint(old)
        assert conv.restarts == 0  # a recycle is not a crash
        for d in docs:
            a = _normalised(one[d], tmp_path / "n1" / d.name)
            assert a == _normalised(two[d], tmp_path / "n2" / d.name) == _normalised(three[d], tmp_path / "n3" / d.name), d.name
    finally:
        conv.close()
    assert _wait_gone(lambda: _offices_mentioning(str(conv.profile_dir))) == []


def test_a_bad_office_memory_limit_is_named_and_the_default_kept(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(warm.ENV_RECYCLE_MB, "三百")
    assert warm._recycle_mb() == 300.0
    err = capsys.readouterr().err
    assert warm.ENV_RECYCLE_MB in err and "三百" in err and "不小于 0" in err
    monkeypatch.setenv(warm.ENV_RECYCLE_MB, "0")
    assert warm._recycle_mb() == 0.0


@needs_warm
def test_each_pdf_is_handed_over_as_it_is_written_and_again_after_a_retry(tmp_path: Path) -> None:
    """collect(each=) gives every PDF once it is in place (the build normalises it while
    LibreOffice converts the next); a failing callback is raised only after the helper answered in
    full, so the next case converts; a crash in the middle hands the documents over anew."""
    m = build_case(sample_case_dirs()[0], tmp_path / "docs", BuildOptions(bundle=False))
    docs = sorted((tmp_path / "docs" / m.case_id).glob("*.docx"))
    assert len(docs) >= 3
    conv = warm.WarmConverter(recycle_mb=0)
    try:
        seen: list[tuple[str, int]] = []

        def record(docx: Path, pdf: Path) -> None:
            seen.append((docx.name, pdf.stat().st_size))
            assert pdf == tmp_path / "a" / f"{docx.stem}.pdf" and pdf.read_bytes().startswith(b"%PDF")

        out = conv.collect(conv.submit(docs, tmp_path / "a"), record)
        assert [n for n, _ in seen] == [d.name for d in docs]  # in order, each once
        assert all(size > 0 for _, size in seen) and set(out) == set(docs)

        def boom(docx: Path, pdf: Path) -> None:
            raise ValueError(f"bad {docx.name}")

        with pytest.raises(ValueError, match=docs[0].name):
            conv.collect(conv.submit(docs, tmp_path / "b"), boom)
        again = conv.convert(docs, tmp_path / "c")  # the protocol stayed in step
        assert set(again) == set(docs) and conv.restarts == 0

        seen.clear()
        office = list(conv.office_pids)
        many = tmp_path / "many"  # enough work left after the first PDF that the kill lands mid-request
        many.mkdir()
        for k in range(3):
            for d in docs:
                (many / f"{k}-{d.name}").write_bytes(d.read_bytes())
        docs = sorted(many.glob("*.docx"))

        def kill_after_first(docx: Path, pdf: Path) -> None:
            seen.append((docx.name, pdf.stat().st_size))
            if len(seen) == 1:
                for pid in office:
                    os.kill(pid, signal.SIGKILL)

        out = conv.collect(conv.submit(docs, tmp_path / "d"), kill_after_first)
        assert conv.restarts == 1 and set(out) == set(docs)
        names = [n for n, _ in seen]
        assert names[0] == docs[0].name and names[-len(docs):] == [d.name for d in docs]  # all again
        assert not list((tmp_path / "d").glob(".*.part"))
        for d in docs:
            twin = next(a for a in again if a.name == d.name.split("-", 1)[1])
            assert _page_texts(out[d]) == _page_texts(again[twin]), d.name
    finally:
        conv.close()
    assert _wait_gone(lambda: _offices_mentioning(str(conv.profile_dir))) == []


@needs_warm
def test_a_profile_seed_starts_later_converters_and_changes_no_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from pipeline.efiling.convert import normalise_pdf

    monkeypatch.setenv("CUISHOU_CACHE_DIR", str(tmp_path / "cache"))
    m = build_case(sample_case_dirs()[0], tmp_path / "docs", BuildOptions(bundle=False))
    docs = sorted((tmp_path / "docs" / m.case_id).glob("*.docx"))[:3]
    assert docs

    def convert(tag: str) -> tuple[dict[str, bytes], bool]:
        conv = warm.WarmConverter(recycle_mb=0)
        try:
            conv.launch()
            profile = conv.profile_dir
            seeded_before_start = (profile / "user" / "registrymodifications.xcu").is_file()
            out = conv.convert(docs, tmp_path / tag)
        finally:
            conv.close()
        for d in docs:
            normalise_pdf(out[d], seed=b"same", when=date(2026, 1, 1), title="t")
        return {d.name: out[d].read_bytes() for d in docs}, seeded_before_start

    seeds = tmp_path / "cache" / "office-profile"
    first, seeded = convert("fresh")
    assert not seeded  # nothing to copy yet
    kept = [p for p in seeds.iterdir() if not p.name.startswith(".")]
    assert len(kept) == 1  # left by the clean shutdown, one per LibreOffice build
    assert not list(kept[0].rglob(".lock"))
    second, seeded = convert("seeded")
    assert seeded  # the copy was in place before LibreOffice started
    assert second == first  # same PDFs, byte for byte, after normalising

    # a damaged seed: LibreOffice still converts (or the retry starts fresh and drops it)
    (kept[0] / "user" / "registrymodifications.xcu").write_text("<not xml", encoding="utf-8")
    third, _ = convert("damaged")
    assert {k: _page_texts_bytes(v) for k, v in third.items()} == {k: _page_texts_bytes(v) for k, v in first.items()}


def _page_texts_bytes(data: bytes) -> list[str]:
    import io

    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]
