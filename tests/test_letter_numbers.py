"""函号: one firm-level sequence that survives batch runs and reruns, deterministic, never repeated."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import BASE_SAMPLE, dump_json, run_cuishou
from pipeline.batch import run_batch
from pipeline.build import BuildOptions, build_case
from pipeline.case import read_case_json
from pipeline.letter_numbers import (
    LetterKey,
    LetterNumberError,
    assign,
    format_number,
    lookup,
    read_registry,
    reserve,
)

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "（2026）京某律函字"


def _key(case: str, kind: str = "lawyer_letter", day: int = 31, floor: int = 1, prefix: str = PREFIX) -> LetterKey:
    return LetterKey(case, kind, date(2026, 3, day), prefix, floor)


def test_sequence_floor_reuse_and_new_letters(tmp_path: Path) -> None:
    reg = tmp_path / "letter-numbers.json"
    a = assign(reg, [_key("A", floor=36), _key("A", "firm_letter", floor=36)])
    assert a == {"lawyer_letter": "（2026）京某律函字第036号", "firm_letter": "（2026）京某律函字第037号"}
    assert assign(reg, [_key("A", floor=36)]) == {"lawyer_letter": "（2026）京某律函字第036号"}  # same letter, same number
    assert assign(reg, [_key("B", floor=1)])["lawyer_letter"] == format_number(PREFIX, 38)  # never below the sequence
    assert assign(reg, [_key("A", day=30, floor=36)])["lawyer_letter"] == format_number(PREFIX, 39)  # a new letter
    assert assign(reg, [_key("C", floor=100)])["lawyer_letter"] == format_number(PREFIX, 100)  # the firm's paper register is ahead
    assert assign(reg, [_key("D", prefix="（2027）京某律函字")])["lawyer_letter"] == "（2027）京某律函字第001号"  # new year
    serials = [e["serial"] for e in read_registry(reg)["letters"] if e["prefix"] == PREFIX]
    assert sorted(serials) == [36, 37, 38, 39, 100] and len(set(serials)) == len(serials)


def test_reserve_writes_only_when_the_block_succeeds(tmp_path: Path) -> None:
    reg = tmp_path / "letter-numbers.json"
    with pytest.raises(RuntimeError):
        with reserve(reg, [_key("A")]) as numbers:
            assert numbers == {"lawyer_letter": format_number(PREFIX, 1)}
            raise RuntimeError("build failed")
    assert not reg.exists() and list(tmp_path.iterdir()) == []  # nothing registered, no lock file
    with reserve(reg, [_key("A")]):
        pass
    assert lookup(reg, [_key("A")]) == {"lawyer_letter": format_number(PREFIX, 1)}


def test_damaged_registry_is_a_chinese_error(tmp_path: Path) -> None:
    reg = tmp_path / "letter-numbers.json"
    reg.write_text("{not json", encoding="utf-8")
    with pytest.raises(LetterNumberError) as exc:
        assign(reg, [_key("A")])
    assert "函号登记簿" in str(exc.value) and "不要删除" in str(exc.value)


def _worker(args: tuple[str, int]) -> str:
    reg, i = args
    return assign(reg, [_key(f"case{i:02d}")])["lawyer_letter"]


def test_parallel_processes_never_share_a_number(tmp_path: Path) -> None:
    reg = str(tmp_path / "letter-numbers.json")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        numbers = pool.map(_worker, [(reg, i) for i in range(24)])
    assert len(set(numbers)) == 24
    assert sorted(numbers) == [format_number(PREFIX, n) for n in range(1, 25)]


def _cases(root: Path, n: int) -> None:
    """n copies of sample 01 (same firm, same prefix and start serial) under ``root``."""
    data = read_case_json((BASE_SAMPLE / "case.json").read_text(encoding="utf-8"))
    for i in range(n):
        d = root / f"c{i}"
        shutil.copytree(BASE_SAMPLE, d, ignore=shutil.ignore_patterns("case.json"))
        data["case_id"] = f"c{i}"
        (d / "case.json").write_text(dump_json(data), encoding="utf-8")


def _numbers(out: Path) -> dict[str, str]:
    got = {}
    for m in sorted(out.glob("*/manifest.json")):
        data = json.loads(m.read_text(encoding="utf-8"))
        for d in data["documents"]:
            if d.get("letter_no"):
                got[f"{data['case_id']}/{d['file']}"] = d["letter_no"]
    return got


def test_batch_numbers_are_unique_deterministic_and_survive_reruns(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    _cases(root, 3)
    opts = BuildOptions(bundle=False, only=("lawyer_letter",))
    run_batch(root, tmp_path / "one", jobs=1, options=opts)
    run_batch(root, tmp_path / "two", jobs=3, options=opts)
    one, two = _numbers(tmp_path / "one"), _numbers(tmp_path / "two")
    assert one == two  # the same numbers whatever the number of workers (allocated in case order)
    assert one == {
        "c0/02_律师函.docx": "（2026）京某律函字第036号",
        "c1/02_律师函.docx": "（2026）京某律函字第037号",
        "c2/02_律师函.docx": "（2026）京某律函字第038号",
    }
    report = run_batch(root, tmp_path / "one", jobs=2, options=opts)  # rerun: unchanged, same numbers
    assert report.counts["skipped"] == 3 and _numbers(tmp_path / "one") == one
    # a single build into the same output root continues the sequence of the firm
    _cases(tmp_path / "more", 4)
    m = build_case(tmp_path / "more" / "c3", tmp_path / "one", opts)
    assert [d.letter_no for d in m.documents if d.letter_no] == ["（2026）京某律函字第039号"]


def test_text_of_the_letter_is_the_registered_number(tmp_path: Path) -> None:
    from docx import Document

    m = build_case(BASE_SAMPLE, tmp_path, BuildOptions(bundle=False, only=("lawyer_letter",)))
    no = next(d.letter_no for d in m.documents if d.kind == "lawyer_letter")
    text = [p.text for p in Document(tmp_path / m.case_id / "02_律师函.docx").paragraphs]
    assert no in text
    assert read_registry(tmp_path / "letter-numbers.json")["letters"][0]["key"] == f"{m.case_id}/lawyer_letter/2026-03-31"


def test_registry_location_from_the_environment(tmp_path: Path) -> None:
    shared = tmp_path / "firm" / "letter-numbers.json"
    import os

    env_before = os.environ.get("CUISHOU_LETTER_REGISTRY")
    os.environ["CUISHOU_LETTER_REGISTRY"] = str(shared)
    try:
        r = run_cuishou("build", BASE_SAMPLE, "--out", tmp_path / "out", "--only", "lawyer_letter")
    finally:
        if env_before is None:
            del os.environ["CUISHOU_LETTER_REGISTRY"]
        else:
            os.environ["CUISHOU_LETTER_REGISTRY"] = env_before
    assert r.returncode == 0, r.stdout + r.stderr
    assert shared.is_file() and not (tmp_path / "out" / "letter-numbers.json").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_letter_numbers_unique_across_make_demo(tmp_path: Path) -> None:
    """`make demo` = batch of every sample with --efiling: every 律师函 and 所函 its own number."""
    report = run_batch(ROOT / "sample_cases", tmp_path, jobs=2, options=BuildOptions(efiling=True, bundle=False))
    assert report.ok
    numbers = _numbers(tmp_path)
    docx_numbers = {k: v for k, v in numbers.items() if k.endswith(".docx")}
    assert len(set(docx_numbers.values())) == len(docx_numbers) >= 6
    for k, v in numbers.items():  # the PDF of the 所函 carries the same number as its Word draft
        if k.endswith(".pdf"):
            assert numbers[k[:-4] + ".docx"] == v


def test_windows_lock_file_is_used_without_fcntl(tmp_path, monkeypatch) -> None:
    """Where fcntl does not exist (Windows), allocation locks a .lock file beside the registry
    with msvcrt.locking: locked before the registry is touched, unlocked after."""
    import sys
    import types

    from pipeline import letter_numbers

    calls: list[tuple[str, int]] = []
    fake = types.SimpleNamespace(LK_LOCK=1, LK_UNLCK=0)

    def locking(fd: int, mode: int, nbytes: int) -> None:
        calls.append(("lock" if mode == 1 else "unlock", nbytes))

    fake.locking = locking
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl → ImportError
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    registry = tmp_path / "letter-numbers.json"
    with letter_numbers._locked(registry):
        assert calls == [("lock", 1)]
        assert (tmp_path / "letter-numbers.json.lock").is_file()
    assert calls == [("lock", 1), ("unlock", 1)]


def test_a_rerun_follows_an_edited_registry(tmp_path: Path) -> None:
    """An unchanged case is skipped only while the registry still gives its letter the number
    in its manifest (build.py _unchanged_registered): renumbered or removed → rebuilt with the
    registry's number; the registry is re-read when it changes, in the same process."""
    from docx import Document

    root, out = tmp_path / "cases", tmp_path / "out"
    _cases(root, 3)
    opts = BuildOptions(bundle=False, only=("lawyer_letter",))
    run_batch(root, out, jobs=1, options=opts)
    path = out / "letter-numbers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    by_key = {e["key"]: e for e in data["letters"]}
    by_key["c1/lawyer_letter/2026-03-31"]["serial"] = 140  # a person renumbered c1's letter
    data["letters"] = [e for e in data["letters"] if e["key"] != "c2/lawyer_letter/2026-03-31"]  # and dropped c2's
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report = run_batch(root, out, jobs=1, options=opts)
    assert {c.case_dir: c.status for c in report.cases} == {"c0": "skipped", "c1": "built", "c2": "built"}
    got = _numbers(out)
    assert got["c0/02_律师函.docx"] == "（2026）京某律函字第036号"
    assert got["c1/02_律师函.docx"] == "（2026）京某律函字第140号"
    assert got["c2/02_律师函.docx"] == "（2026）京某律函字第141号"  # a fresh number after the highest
    text = [p.text for p in Document(out / "c1" / "02_律师函.docx").paragraphs]
    assert "（2026）京某律函字第140号" in text
    assert run_batch(root, out, jobs=1, options=opts).counts["skipped"] == 3


def test_an_unchanged_case_checks_its_numbers_kind_for_kind(tmp_path: Path) -> None:
    """The quick unchanged test compares each printed letter with the number the registry gives
    that kind of letter: the 律师函's number now held by another kind of letter is a change."""
    from pipeline.build import _unchanged_manifest
    from pipeline.manifest import Manifest

    opts = BuildOptions(bundle=False, only=("lawyer_letter",))
    m = build_case(BASE_SAMPLE, tmp_path, opts)
    final = tmp_path / m.case_id
    no = next(d.letter_no for d in m.documents if d.letter_no)
    digest = Manifest.model_validate_json((final / "manifest.json").read_bytes()).input_digest
    assert _unchanged_manifest(final, digest, {"lawyer_letter": no}, subset=True) is not None
    assert _unchanged_manifest(final, digest, {"lawyer_letter": no, "firm_letter": "（2026）京某律函字第099号"}, subset=True) is not None
    assert _unchanged_manifest(final, digest, {"lawyer_letter": "（2026）京某律函字第099号", "firm_letter": no}, subset=True) is None
    assert _unchanged_manifest(final, digest, {"firm_letter": no}, subset=True) is None
    assert _unchanged_manifest(final, "0" * 64, {"lawyer_letter": no}, subset=True) is None
