"""Robustness: odd or hostile input never produces a traceback, a hang or a half-written folder.

Each test is a regression for something that once broke: the user must get a Chinese message
naming the field, the value and what is expected, with exit 1 (bad case) or 2 (bad usage),
and nothing on disk may change when a build fails.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import BASE_SAMPLE, base_case, dump_json, run_cuishou
from pipeline.cli import cli

CASE_ID = "01-company-loan-instalments"


def _folder(tmp_path: Path, name: str = "case") -> Path:
    folder = tmp_path / name
    shutil.copytree(BASE_SAMPLE, folder)
    return folder


def _write(folder: Path, data: dict[str, Any]) -> Path:
    # Exact numbers; a lone surrogate cannot be encoded, so it is written as its JSON escape.
    text = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", dump_json(data))
    (folder / "case.json").write_text(text, encoding="utf-8")
    return folder


def _validate_json(folder: Path) -> tuple[int, list[dict[str, Any]]]:
    r = run_cuishou("validate", "--json", folder)
    assert "Traceback" not in r.stdout + r.stderr
    return r.returncode, json.loads(r.stdout)[0]["problems"]


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- case.json as bytes


def test_utf8_bom_is_accepted(tmp_path):
    """Notepad saves UTF-8 with a BOM; json.loads refused it with an English message."""
    folder = _folder(tmp_path)
    raw = (BASE_SAMPLE / "case.json").read_bytes()
    (folder / "case.json").write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    r = run_cuishou("validate", folder)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "校验通过" in r.stdout


def test_gbk_file_names_the_byte(tmp_path):
    folder = _folder(tmp_path)
    text = (BASE_SAMPLE / "case.json").read_text(encoding="utf-8")
    (folder / "case.json").write_bytes(text.encode("gbk"))
    code, problems = _validate_json(folder)
    assert code == 1
    assert problems[0]["path"] == "case.json"
    assert "UTF-8" in problems[0]["message"] and "字节" in problems[0]["message"]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('"name": "张某某"', '"name": "张\x01某"', "字符串中含有控制字符"),
        ('"name": "张某某"', '"name": "张\\q某"', "无效的反斜杠转义"),
    ],
)
def test_json_syntax_errors_are_chinese(tmp_path, old, new, reason):
    """json's own messages ("Invalid control character at", "Invalid \\escape") were shown in English."""
    folder = _folder(tmp_path)
    text = (BASE_SAMPLE / "case.json").read_text(encoding="utf-8")
    assert old in text
    (folder / "case.json").write_text(text.replace(old, new, 1), encoding="utf-8")
    code, problems = _validate_json(folder)
    assert code == 1
    assert problems[0]["path"] == "case.json"
    assert "不是有效的 JSON：第" in problems[0]["message"] and reason in problems[0]["message"]


def test_absurd_nesting_is_a_problem_not_a_recursion_error(tmp_path):
    folder = _folder(tmp_path)
    text = (BASE_SAMPLE / "case.json").read_text(encoding="utf-8")
    junk = "[" * 100_000 + "]" * 100_000
    (folder / "case.json").write_text(text.replace('"letters": {', f'"junk": {junk}, "letters": {{', 1), encoding="utf-8")
    code, problems = _validate_json(folder)
    assert code == 1
    assert problems == [{"path": "case.json", "message": "不是有效的案件数据：括号嵌套层数过深", "value": None, "code": "E_JSON_SYNTAX"}]


@pytest.mark.parametrize(
    ("literal", "field", "shown"),
    [
        ("1e400", "loan.face_principal", "1E+400"),
        ("1e-400", "loan.face_principal", "1E-400"),
        # pydantic turned this into a billion-digit int (minutes of CPU, gigabytes of memory)
        ("1e999999999", "instalment_terms.count", "1E+999999999"),
        ("9" * 5000, "lawyer.letter_serial", "9" * 77 + "…"),  # int() refuses > 4300 digits, in English
    ],
)
def test_huge_numbers_are_reported_with_their_field(tmp_path, literal, field, shown):
    folder = _folder(tmp_path)
    text = (BASE_SAMPLE / "case.json").read_text(encoding="utf-8")
    key, old = {
        "loan.face_principal": ('"face_principal": ', "100000.00"),
        "instalment_terms.count": ('"count": ', "6"),
        "lawyer.letter_serial": ('"letter_serial": ', "36"),
    }[field]
    assert key + old in text
    (folder / "case.json").write_text(text.replace(key + old, key + literal, 1), encoding="utf-8")
    code, problems = _validate_json(folder)
    assert code == 1
    assert problems == [
        {"path": field, "message": "数值超出可处理的范围（应为常规大小的数字；金额最多 15 位有效数字、2 位小数）", "value": shown,
         "code": "E_NUMBER_HUGE"}
    ]


# ---------------------------------------------------------------- values inside the case


def test_lone_surrogate_in_a_name(tmp_path):
    """A lone surrogate made click crash while printing the problem (UnicodeEncodeError)."""
    data = base_case()
    data["debtors"][0]["name"] = "张\ud800三"
    folder = _write(_folder(tmp_path), data)
    code, problems = _validate_json(folder)
    assert code == 1
    assert problems == [
        {
            "path": "debtors[0].name",
            "message": "含有无效的字符（孤立的 UTF-16 代理项，常见于从其他程序复制的文字），请删除或重新输入",
            "value": "张\\ud800三",
            "code": "E_INVALID_CHARACTER",
        }
    ]
    r = run_cuishou("validate", folder)
    assert r.returncode == 1 and "debtors[0].name" in r.stdout


def test_control_character_message_is_formatted(tmp_path):
    """The message showed the raw template "U+{code:04X}" and printed the NUL itself."""
    data = base_case()
    data["debtors"][0]["name"] = "张\x00三"
    code, problems = _validate_json(_write(_folder(tmp_path), data))
    assert code == 1
    assert problems == [
        {"path": "debtors[0].name", "message": "含有不可见的控制字符（U+0000），请删除", "value": "张\\x00三", "code": "E_INVALID_CHARACTER"}
    ]


def test_literal_choices_are_listed_whole_in_chinese(tmp_path):
    """The choices were cut at 80 characters and joined with the English "or"."""
    data = base_case()
    data["lender_category"] = "shop"
    code, problems = _validate_json(_write(_folder(tmp_path), data))
    assert code == 1
    msg = problems[0]["message"]
    assert problems[0]["path"] == "lender_category" and problems[0]["value"] == "shop"
    assert "'local_financial'" in msg and " or " not in msg and "…" not in msg


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("collection_log", 0, "at"), "0001-01-01T00:00:00+08:00"),  # astimezone() overflowed
        (("collection_log", 0, "at"), "9999-12-31T23:59:59-12:00"),
        (("loan", "due_date"), "9999-12-31"),  # interest arithmetic overflowed in calc/build
        (("computation_date",), "9999-12-31"),
        (("instalment_terms", "first_due_date"), "9999-12-01"),  # the schedule's add_months overflowed
    ],
)
def test_dates_outside_the_supported_range(tmp_path, where, value):
    data = base_case()
    node: Any = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    folder = _write(_folder(tmp_path), data)
    code, problems = _validate_json(folder)
    assert code == 1
    path = "".join(f"[{k}]" if isinstance(k, int) else ("." if i else "") + k for i, k in enumerate(where))
    assert problems == [{"path": path, "message": "日期应在 1900-01-01 至 2100-12-31 之间（请检查年份）", "value": value, "code": "E_DATE_RANGE"}]
    for command in ("calc", "check", "build"):
        r = run_cuishou(command, folder, *(["--out", tmp_path / "out"] if command == "build" else []))
        assert r.returncode == 1, (command, r.stdout + r.stderr)
        assert "Traceback" not in r.stdout + r.stderr and "内部错误" not in r.stdout + r.stderr
        assert path in r.stdout
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "2026-02-30"])
def test_as_of_out_of_range_is_a_usage_error(as_of):
    r = run_cuishou("calc", BASE_SAMPLE, "--as-of", as_of)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "'--as-of' 的取值无效" in r.stderr and as_of in r.stderr


def test_path_and_value_of_unknown_giant_key_are_shortened(tmp_path):
    data = base_case()
    data["k" * 100_000] = 1
    code, problems = _validate_json(_write(_folder(tmp_path), data))
    assert code == 1
    assert problems[0]["path"] == "k" * 37 + "…" and problems[0]["message"].startswith("未知字段")


# ---------------------------------------------------------------- build


def test_fully_repaid_loan_builds_nothing(tmp_path):
    """A repayment covering the whole debt gave exit 70 (ScheduleError from the agreement),
    and without agreed instalments built a demand letter and a payment order for 0.00 yuan."""
    data = base_case()
    data["repayments"][0]["amount"] = Decimal("300000.00")
    folder = _write(_folder(tmp_path), data)
    out = tmp_path / "out"
    r = run_cuishou("build", folder, "--out", out)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "没有可催收的欠款" in r.stdout
    # 300,000 repaid against a debt that was smaller: the surplus is named, nothing is written
    assert "repayments：还款合计超出全部欠款" in r.stdout and "请核对还款记录" in r.stdout
    assert not out.exists() or not any(out.iterdir())
    del data["instalment_terms"]
    r = run_cuishou("build", _write(folder, data), "--out", out)
    assert r.returncode == 1 and "没有可催收的欠款" in r.stdout
    r = run_cuishou("calc", folder)  # calc still explains the arithmetic
    assert r.returncode == 0 and "合计 0.00 元" in r.stdout


def test_exactly_settled_case_records_the_stage_and_writes_no_document(tmp_path):
    """Repayments that pay the debt exactly: stage 已结清, exit 0, a manifest and no document."""
    from pipeline.case import parse_case
    from pipeline.law.claim import compute_claim

    data = base_case()
    del data["instalment_terms"]
    owed = compute_claim(parse_case(copy.deepcopy(data))).totals.total
    data["repayments"] = data["repayments"] + [{"date": "2026-03-31", "amount": owed}]
    folder = _write(_folder(tmp_path), data)
    out = tmp_path / "out"
    r = run_cuishou("build", folder, "--out", out)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "已结清，不生成催收文书" in r.stdout
    case_out = out / data["case_id"]
    assert [p.name for p in case_out.iterdir()] == ["manifest.json"], sorted(p.name for p in out.iterdir())
    m = json.loads((case_out / "manifest.json").read_text(encoding="utf-8"))
    assert m["stage"]["stage"] == "settled" and m["documents"] == [] and m["claim"]["total"] == "0.00"
    assert {s["kind"] for s in m["skipped_documents"]} >= {"demand_letter", "filing", "soft", "bundle"}


def test_instalment_too_small_is_a_build_error(tmp_path):
    """0.01 yuan in 6 instalments: ScheduleError escaped from the renderer (exit 70)."""
    data = base_case()
    data["loan"]["face_principal"] = Decimal("0.01")
    data["loan"]["disbursements"][0]["amount"] = Decimal("0.01")
    data["repayments"] = []
    folder = _write(_folder(tmp_path), data)
    out = tmp_path / "out"
    r = run_cuishou("build", folder, "--out", out)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "文书无法生成" in r.stdout and "请减少期数" in r.stdout
    assert not out.exists() or not any(out.iterdir())


def _broken_template_dir(tmp_path: Path) -> Path:
    """A firm's template referring to a field the case does not have (a RenderError mid-build,
    after the soft-step papers and the first letters were already written to the temp folder)."""
    import zipfile

    from pipeline._resources import templates_dir

    src = templates_dir() / "03_分期还款协议.docx"
    folder = tmp_path / "tpl"
    folder.mkdir()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(folder / src.name, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index(">", text.index("<w:t")) + 1
                data = (text[:at] + "{{ case.no_such_field }}" + text[at:]).encode("utf-8")
            zout.writestr(info, data)
    return folder


def test_failed_rebuild_keeps_the_good_output_and_leaves_no_temp(tmp_path):
    out = tmp_path / "out"
    r = run_cuishou("build", BASE_SAMPLE, "--out", out)
    assert r.returncode == 0, r.stdout + r.stderr
    before = _tree(out)
    # 1. a firm template that cannot render (was: exit 70, "内部错误（RenderError）")
    r = run_cuishou("build", BASE_SAMPLE, "--out", out, "--templates", _broken_template_dir(tmp_path))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "文书无法生成" in r.stdout and "no_such_field" in r.stdout
    # 2. an evidence PDF that cannot be bundled (fails after all documents were rendered)
    case = _folder(tmp_path)
    (case / "evidence" / "E8-lvshihan.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    r = run_cuishou("build", case, "--out", out, "--strict")  # default: a partial build (tests/test_partial.py)
    assert r.returncode == 1 and "证据材料无法装订" in r.stdout
    assert "E8：PDF 文件已损坏" in r.stdout and "（当前值：evidence/E8-lvshihan.pdf）" in r.stdout
    assert "图片没有文字层" not in r.stdout  # hints are not reasons for the failure
    assert _tree(out) == before
    # the firm's 函号 registry (pipeline/letter_numbers.py) stays beside the case folders
    assert sorted(p.name for p in out.iterdir()) == [CASE_ID, "letter-numbers.json"]


def test_out_equal_to_the_case_folder_is_refused(tmp_path):
    """`build parent/<case_id> --out parent` replaced the case folder by its outputs,
    deleting case.json and the evidence."""
    parent = tmp_path / "cases"
    case = _folder(parent, CASE_ID)
    before = _tree(case)
    r = run_cuishou("build", case, "--out", parent)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "就是（或包含）案件文件夹本身" in r.stdout
    assert _tree(case) == before


def test_out_folder_not_ours_is_not_replaced(tmp_path):
    out = tmp_path / "out"
    (out / CASE_ID).mkdir(parents=True)
    (out / CASE_ID / "notes.txt").write_text("重要", encoding="utf-8")
    r = run_cuishou("build", BASE_SAMPLE, "--out", out)
    assert r.returncode == 1 and "不是本程序生成的文件夹" in r.stdout
    assert (out / CASE_ID / "notes.txt").read_text(encoding="utf-8") == "重要"


@pytest.mark.parametrize("kind", ["file", "below_file"])
def test_out_that_is_a_file(tmp_path, kind):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    out = blocker if kind == "file" else blocker / "sub"
    r = run_cuishou("build", BASE_SAMPLE, "--out", out)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "内部错误" not in r.stderr
    expected = "是一个文件，应为文件夹（--out）" if kind == "file" else "路径中有一段是文件而不是文件夹"
    assert expected in r.stdout
    r = run_cuishou("batch", BASE_SAMPLE.parent, "--out", out)
    assert r.returncode == 2 and "内部错误" not in r.stderr
    assert ("是一个文件" if kind == "file" else "路径中有一段是文件而不是文件夹") in r.stderr


def test_batch_out_equal_to_root_is_refused(tmp_path):
    root = tmp_path / "root"
    _folder(root, "a")
    r = run_cuishou("batch", root, "--out", root)
    assert r.returncode == 2 and "不能是案件根目录" in r.stderr


def test_clean_stale_matches_the_case_name_exactly(tmp_path):
    """Cleaning case "a" removed ".tmp-a.b.<pid>", the live temp folder of case "a.b"."""
    from pipeline.atomic import clean_stale

    for name in (".tmp-a.123", ".old-a.123", ".tmp-a.b.456", ".tmp-ab.789"):
        (tmp_path / name).mkdir()
    clean_stale(tmp_path, "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-a.b.456", ".tmp-ab.789"]


def test_paths_with_spaces_and_chinese_give_identical_bytes(tmp_path):
    """Two builds of the same case from different folders (spaces, CJK) are byte-identical."""
    a = _folder(tmp_path / "位置 一" / "深 层", "案件 甲")
    b = _folder(tmp_path / "b", "c")
    ra = run_cuishou("build", "案件 甲", "--out", "输 出", cwd=a.parent)
    rb = run_cuishou("build", b, "--out", tmp_path / "b" / "out")
    assert ra.returncode == 0 and rb.returncode == 0, ra.stdout + rb.stdout
    ta = _tree(a.parent / "输 出" / CASE_ID)
    tb = _tree(tmp_path / "b" / "out" / CASE_ID)
    assert ta == tb and "manifest.json" in ta
    manifest = (tmp_path / "b" / "out" / CASE_ID / "manifest.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in manifest


# ---------------------------------------------------------------- property: never a traceback

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "2026-02-30", "2025-09-06T10:12:00+14:00", "2025-09-06T10:12:00Z", "1e400", "𠮷䶮😀&<>\"'", "\ud800", "\x00"]),
    st.text(max_size=30),
)
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=6)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


_BASE = base_case()
_ALL_PATHS = _paths(_BASE)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_validate_never_tracebacks(tmp_path_factory, data):
    folder = tmp_path_factory.getbasetemp() / "mutated"
    if not folder.exists():
        shutil.copytree(BASE_SAMPLE, folder)
    case = copy.deepcopy(_BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_ALL_PATHS))
        node: Any = case
        try:
            for key in path[:-1]:
                node = node[key]
            if data.draw(st.booleans()) and isinstance(node, dict):
                node.pop(path[-1], None)
            else:
                node[path[-1]] = data.draw(_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced a parent
    (folder / "case.json").write_text(json.dumps(case, ensure_ascii=True, default=str), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder)], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


def test_batch_refuses_an_output_folder_inside_a_case_folder(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    shutil.copytree(BASE_SAMPLE, root / CASE_ID)
    r = run_cuishou("batch", root, "--out", root / CASE_ID / "out")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "位于案件文件夹" in r.stdout + r.stderr and "Traceback" not in r.stdout + r.stderr
    assert not (root / CASE_ID / "out").exists()
