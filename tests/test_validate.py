"""`cuishou validate` on the sample cases and on broken cases built from sample 01.

Every broken case must give exit 1, Chinese problems naming the JSON path, the value and
what is expected, and never a Python traceback. Usage errors give exit 2.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import base_case, dump_json, run_cuishou, sample_case_dirs
from pipeline.case import CaseError, load_case
from pipeline.case.ids import id_check_char, uscc_check_char

CJK = re.compile(r"[\u4e00-\u9fff]")


def _problems(result: Any) -> list[dict[str, Any]]:
    data = json.loads(result.stdout)
    assert len(data) == 1
    return data[0]["problems"]


def _find(problems: list[dict[str, Any]], path: str, message: str, value: str | None = None) -> dict[str, Any]:
    for p in problems:
        if p["path"] == path and message in p["message"] and (value is None or p["value"] == value):
            return p
    raise AssertionError(f"no problem {path!r} / {message!r} / {value!r} in {json.dumps(problems, ensure_ascii=False, indent=1)}")


# ---------------------------------------------------------------- the samples


@pytest.mark.parametrize("case_dir", sample_case_dirs(), ids=lambda p: p.name)
def test_sample_case_validates(case_dir: Path) -> None:
    result = run_cuishou("validate", case_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "校验通过" in result.stdout
    case = load_case(case_dir)
    assert case.case_id == case_dir.name


def test_there_are_the_four_required_samples() -> None:
    names = [p.name for p in sample_case_dirs()]
    for required in ("01-company-loan-instalments", "02-iou-no-interest", "03-consumer-finance-guarantor",
                     "04-pre-2020-transitional"):
        assert required in names


def test_samples_cover_the_required_facts() -> None:
    cases = {p.name: load_case(p) for p in sample_case_dirs()}
    c1 = cases["01-company-loan-instalments"]
    assert c1.lender_category == "company" and c1.creditor.kind == "organization"
    assert sum(d.amount for d in c1.loan.disbursements) == Decimal("100000")
    assert c1.instalment_terms and c1.instalment_terms.count == 6 and c1.instalment_terms.waive
    assert [c.channel for c in c1.collection_log if c.relation == "debtor"][:2] == ["sms", "phone"]
    assert {"letter", "lawyer_letter", "wechat"} <= {c.channel for c in c1.collection_log}
    assert "blocked" in {c.outcome for c in c1.collection_log}
    assert any(a.kind == "real_estate" for a in c1.debtor_situation.assets) and c1.debtor_situation.ability == "tight"
    assert c1.lawyer is not None and c1.creditor_account is not None
    # 4 × one-year LPR at formation (2025-06-05: 3.00% published 2025-05-20) = 12.00% ≥ both agreed rates
    assert c1.loan.interest.rate == Decimal("10") and c1.loan.overdue_interest.rate <= Decimal("12")

    c2 = cases["02-iou-no-interest"]
    assert c2.lender_category == "natural_person" and c2.loan.interest.kind == "none"
    assert {d.method for d in c2.loan.disbursements} == {"cash", "wechat"}

    c3 = cases["03-consumer-finance-guarantor"]
    assert c3.lender_category == "consumer_finance" and c3.guarantors[0].guarantee_type == "joint"
    assert len(c3.loan.instalments) == 12
    # combined 18% + 27% = 45% a year > 24%: the engine has something to warn about
    assert c3.loan.interest.rate + c3.loan.overdue_interest.rate > 24

    c4 = cases["04-pre-2020-transitional"]
    assert c4.loan.signed_on is not None and c4.loan.signed_on.isoformat() < "2020-08-20"
    assert c4.loan.interest.rate <= 24 and c4.repayments


def test_sample_folders_are_small() -> None:
    for case_dir in sample_case_dirs():
        size = sum(f.stat().st_size for f in case_dir.rglob("*") if f.is_file())
        assert size < 2 * 1024 * 1024, (case_dir.name, size)


# ---------------------------------------------------------------- broken cases


@dataclass
class Broken:
    """A defect applied to sample 01 (dict edit, optional raw-text edit, optional folder edit)
    and the problems it must produce: (path, part of the message, value or None)."""

    name: str
    edit: Callable[[dict[str, Any]], None] | None = None
    expect: list[tuple[str, str, str | None]] = field(default_factory=list)
    text: Callable[[str], str] | None = None
    folder: Callable[[Path], None] | None = None


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        keys = re.findall(r"[^.\[\]]+", path)
        target: Any = d
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        last = keys[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return edit


def _all(*edits: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        for e in edits:
            e(d)

    return edit


BASE = base_case()
GOOD_ID = BASE["debtors"][0]["id_number"]
BAD_ID = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
GOOD_USCC = BASE["creditor"]["uscc"]
BAD_USCC = GOOD_USCC[:17] + ("0" if GOOD_USCC[17] != "0" else "1")


def _rename_key(obj_path: list[Any], old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        target: Any = d
        for k in obj_path:
            target = target[k]
        target[new] = target.pop(old)

    return edit


def _symlink_outside(folder: Path) -> None:
    outside = folder.parent / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4\n%secret\n")
    os.symlink(outside, folder / "evidence" / "link.pdf")


def _unsupported(folder: Path) -> None:
    (folder / "evidence" / "call.mp3").write_bytes(b"ID3\x03\x00\x00\x00")
    (folder / "evidence" / "fake.pdf").write_bytes(b"\x89PNG\r\n\x1a\nnot a pdf")


BROKEN = [
    Broken(
        "wrong-types",
        _all(_set("loan.face_principal", "十万元"), _set("debtors[0].birth_date", "1986/04/17"),
             _set("instalment_terms.count", "六"), _set("loan.disbursements", {"date": "2025-06-05"})),
        [("loan.face_principal", "应为数字", "十万元"),
         ("debtors[0].birth_date", "应为日期，格式 YYYY-MM-DD", "1986/04/17"),
         ("instalment_terms.count", "应为整数", "六"),
         ("loan.disbursements", "应为列表", None)],
    ),
    Broken("bad-id-check-digit", _set("debtors[0].id_number", BAD_ID),
           [("debtors[0].id_number", f"校验码错误：按 GB 11643 计算第18位应为 {GOOD_ID[17]}", BAD_ID)]),
    Broken("id-shape", _set("debtors[0].id_number", "11010519860417231"),
           [("debtors[0].id_number", "应为18位", "11010519860417231")]),
    Broken(
        "id-birth-gender-mismatch",
        _all(_set("debtors[0].birth_date", "1986-04-18"), _set("debtors[0].gender", "女")),
        [("debtors[0].birth_date", "与身份证号中的出生日期 1986-04-17 不一致", "1986-04-18"),
         ("debtors[0].gender", "不一致", "女")],
    ),
    Broken("bad-uscc", _set("creditor.uscc", BAD_USCC),
           [("creditor.uscc", f"按 GB 32100 计算第18位应为 {GOOD_USCC[17]}", BAD_USCC)]),
    Broken("uscc-forbidden-letter", _set("creditor.uscc", GOOD_USCC[:10] + "I" + GOOD_USCC[11:]),
           [("creditor.uscc", "不含 I、O、Z、S、V", None)]),
    Broken(
        "bad-phones",
        _all(_set("debtors[0].phone", "1391046827"), _set("creditor.phone", "23910468273")),
        [("debtors[0].phone", "应为中国大陆手机号", "1391046827"),
         ("creditor.phone", "应为中国大陆手机号", "23910468273")],
    ),
    Broken(
        "path-escapes",
        _all(_set("evidence[0].files[0]", "/etc/passwd"),
             _set("evidence[1].files[0]", "../case/evidence/E2-jiekuan-hetong.pdf"),
             _set("evidence[2].files[0]", "evidence/link.pdf"),
             _set("evidence[3].files[0]", "C:\\Users\\a.pdf")),
        [("evidence[0].files[0]", "不能使用绝对路径", "/etc/passwd"),
         ("evidence[1].files[0]", "不能包含“..”", "../case/evidence/E2-jiekuan-hetong.pdf"),
         ("evidence[2].files[0]", "指向案件文件夹之外", "evidence/link.pdf"),
         ("evidence[3].files[0]", "不能使用绝对路径", "C:\\Users\\a.pdf")],
        folder=_symlink_outside,
    ),
    Broken("missing-file", _set("evidence[1].files[0]", "evidence/E2-missing.pdf"),
           [("evidence[1].files[0]", "文件不存在", "evidence/E2-missing.pdf")]),
    Broken("folder-not-file", _set("evidence[1].files[0]", "evidence"),
           [("evidence[1].files[0]", "不是文件", "evidence")]),
    Broken(
        "unsupported-file-type",
        _all(_set("evidence[4].files[0]", "evidence/call.mp3"), _set("evidence[5].files[0]", "evidence/fake.pdf")),
        [("evidence[4].files[0]", "不支持的文件类型，应为 PDF、JPEG 或 PNG", "evidence/call.mp3"),
         ("evidence[5].files[0]", "文件内容与扩展名 .pdf 不符", "evidence/fake.pdf")],
        folder=_unsupported,
    ),
    Broken("path-control-char", _set("evidence[1].files[0]", "evidence/a\u0000b.pdf"),
           [("evidence[1].files[0]", "控制字符", None)]),
    Broken("path-too-long", _set("evidence[1].files[0]", "evidence/" + "长" * 300 + ".pdf"),
           [("evidence[1].files[0]", "无法解析该路径", None)]),
    Broken(
        "unknown-keys",
        _all(_rename_key([], "computation_date", "computation_dat"),
             _rename_key(["repayments", 0], "amount", "amout")),
        [("computation_dat", "未知字段（可能是拼写错误", "2026-03-31"),
         ("computation_date", "缺少必填字段", None),
         ("repayments[0].amout", "未知字段", "833.33"),
         ("repayments[0].amount", "缺少必填字段", None)],
    ),
    Broken(
        "float-precision-trap",
        _set("repayments[0].amount", Decimal("0.30000000000000004")),
        [("repayments[0].amount", "最多 2 位小数", "0.30000000000000004")],
    ),
    Broken("negative-and-zero-amounts",
           _all(_set("repayments[0].amount", Decimal("-5")), _set("loan.face_principal", 0)),
           [("repayments[0].amount", "应大于 0", "-5"), ("loan.face_principal", "应大于 0", "0")]),
    Broken("duplicate-evidence-id", _set("evidence[1].id", "E1"),
           [("evidence[1].id", "证据编号重复（与 evidence[0] 相同）", "E1"),
            ("loan.evidence_ids[0]", "引用的证据编号在 evidence 中不存在", "E2")]),
    Broken(
        "unresolved-evidence-reference",
        _all(_set("loan.evidence_ids", ["E99"]), _set("collection_log[0].evidence_id", "E55")),
        [("loan.evidence_ids[0]", "引用的证据编号在 evidence 中不存在", "E99"),
         ("collection_log[0].evidence_id", "不存在", "E55")],
    ),
    Broken(
        "dates-out-of-order",
        _all(_set("loan.disbursements[0].date", "2025-06-01"), _set("loan.due_date", "2025-05-01")),
        [("loan.disbursements[0].date", "出借日期不应早于合同签订日期 2025-06-05", "2025-06-01"),
         ("loan.due_date", "到期日不应早于借期起算日 2025-06-05", "2025-05-01")],
    ),
    Broken(
        "after-computation-date",
        _all(_set("repayments[0].date", "2026-04-02"), _set("collection_log[7].at", "2026-04-01T00:30:00+08:00")),
        [("repayments[0].date", "还款日期不应晚于计算截止日 2026-03-31", "2026-04-02"),
         ("collection_log[7].at", "不应晚于计算截止日", "2026-04-01T00:30:00+08:00")],
    ),
    Broken("missing-time-zone", _set("collection_log[0].at", "2025-09-06T10:12:00"),
           [("collection_log[0].at", "时间必须带时区", "2025-09-06T10:12:00")]),
    Broken("bad-enum", _set("lender_category", "loan_shark"),
           [("lender_category", "应为以下之一", "loan_shark")]),
    Broken("lender-category-vs-party", _set("lender_category", "natural_person"),
           [("lender_category", "出借人类别为自然人，但债权人是组织", "natural_person")]),
    Broken("bad-party-kind", _set("debtors[0].kind", "human"),
           [("debtors[0]", "kind 应为 person（自然人）或 organization", None)]),
    Broken("waive-penalty-without-penalty", _set("instalment_terms.waive", ["penalty"]),
           [("instalment_terms.waive", "合同未约定违约金，不能减免违约金", "penalty")]),
    Broken("malformed-json", text=lambda t: t.replace('"case_id"', '"case_id" ', 1).replace(",\n", "\n", 1),
           expect=[("case.json", "不是有效的 JSON：第", None)]),
    Broken("duplicate-json-key",
           text=lambda t: t.replace('  "case_id":', '  "case_id": "x",\n  "case_id":', 1),
           expect=[("case.json", "重复的字段名 \"case_id\"", None)]),
    Broken("nan-literal", text=lambda t: t.replace('"amount": 833.33', '"amount": NaN', 1),
           expect=[("case.json", "不支持的数值 NaN", None)]),
    Broken("not-utf8", text=lambda t: t, expect=[("case.json", "UTF-8", None)],
           folder=lambda f: (f / "case.json").write_bytes((f / "case.json").read_text("utf-8").encode("gb18030"))),
    Broken("top-level-list", text=lambda t: "[]\n", expect=[("(根)", "应为对象", None)]),
]


@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.name)
def test_broken_case(broken: Broken, write_case: Callable[..., Path]) -> None:
    data = base_case()
    if broken.edit:
        broken.edit(data)
    text = dump_json(data)
    if broken.text:
        text = broken.text(text)
    folder = write_case(text)
    if broken.folder:
        broken.folder(folder)

    plain = run_cuishou("validate", folder)
    assert plain.returncode == 1, plain.stdout + plain.stderr
    out = plain.stdout + plain.stderr
    assert "Traceback" not in out and "Error" not in out
    assert "✗" in plain.stdout and "个问题" in plain.stdout

    as_json = run_cuishou("validate", "--json", folder)
    assert as_json.returncode == 1
    problems = _problems(as_json)
    assert problems
    for p in problems:
        assert CJK.search(p["message"]), p
    for path, message, value in broken.expect:
        found = _find(problems, path, message, value)
        # the plain text names the path, the message and the value too
        assert f"{found['path']}：{found['message']}" in plain.stdout
        if found["value"] is not None:
            assert f"（当前值：{found['value']}）" in plain.stdout


def test_several_problems_are_reported_at_once(write_case: Callable[..., Path]) -> None:
    data = base_case()
    _all(
        _set("debtors[0].id_number", BAD_ID),
        _set("creditor.uscc", BAD_USCC),
        _set("debtors[0].phone", "123"),
        _set("repayments[0].amount", Decimal("0.30000000000000004")),
        _set("collection_log[0].at", "2025-09-06T10:12:00"),
        _rename_key([], "computation_date", "computation_dat"),
    )(data)
    result = run_cuishou("validate", "--json", write_case(data))
    assert result.returncode == 1
    paths = {p["path"] for p in _problems(result)}
    assert {"debtors[0].id_number", "creditor.uscc", "debtors[0].phone", "repayments[0].amount",
            "collection_log[0].at", "computation_dat", "computation_date"} <= paths


def test_several_semantic_problems_at_once(write_case: Callable[..., Path]) -> None:
    data = base_case()
    _all(
        _set("debtors[0].gender", "女"),
        _set("evidence[1].files[0]", "evidence/nope.pdf"),
        _set("evidence[2].id", "E1"),
        _set("repayments[0].date", "2026-05-01"),
    )(data)
    result = run_cuishou("validate", "--json", write_case(data))
    assert result.returncode == 1
    paths = {p["path"] for p in _problems(result)}
    assert {"debtors[0].gender", "evidence[1].files[0]", "evidence[2].id", "repayments[0].date"} <= paths


def test_mixed_valid_and_invalid_folders(write_case: Callable[..., Path], sample_dirs: list[Path]) -> None:
    data = base_case()
    data["debtors"][0]["id_number"] = BAD_ID
    bad = write_case(data)
    result = run_cuishou("validate", sample_dirs[0], bad)
    assert result.returncode == 1
    assert "校验通过" in result.stdout and "校验码错误" in result.stdout


def test_missing_folder_and_missing_case_json(tmp_path: Path) -> None:
    result = run_cuishou("validate", tmp_path / "nowhere")
    assert result.returncode == 1 and "案件文件夹不存在" in result.stdout
    (tmp_path / "empty").mkdir()
    result = run_cuishou("validate", tmp_path / "empty")
    assert result.returncode == 1 and "找不到 case.json" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_usage_error_exits_2() -> None:
    result = run_cuishou("validate")
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    result = run_cuishou("validate", "--no-such-option", ".")
    assert result.returncode == 2


def test_load_case_raises_case_error_with_all_problems(write_case: Callable[..., Path]) -> None:
    data = base_case()
    data["debtors"][0]["id_number"] = BAD_ID
    data["creditor"]["uscc"] = BAD_USCC
    with pytest.raises(CaseError) as info:
        load_case(write_case(data))
    assert {p.path for p in info.value.problems} == {"debtors[0].id_number", "creditor.uscc"}


def test_generated_ids_in_samples_are_valid() -> None:
    # The samples' identifiers carry computed check characters (GB 11643 / GB 32100).
    for case_dir in sample_case_dirs():
        d = json.loads((case_dir / "case.json").read_text("utf-8"))
        parties = [d["creditor"], *d["debtors"], *(g["party"] for g in d.get("guarantors", []))]
        for p in parties:
            if p.get("id_number"):
                assert p["id_number"][17] == id_check_char(p["id_number"][:17])
            if p.get("uscc"):
                assert p["uscc"][17] == uscc_check_char(p["uscc"][:17])


# ---------------------------------------------------------------- the generator


def test_generator_is_deterministic_and_matches_committed_files(tmp_path: Path) -> None:
    import subprocess
    import sys
    import warnings

    from conftest import ROOT, SAMPLES

    outs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_samples.py"), "--out", str(out)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        outs.append(out)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    for rel in files:
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), f"not deterministic: {rel}"
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file())
    assert files == committed
    same_env = (outs[0] / ".generated.json").read_bytes() == (SAMPLES / ".generated.json").read_bytes()
    for rel in files:
        new, old = (outs[0] / rel).read_bytes(), (SAMPLES / rel).read_bytes()
        if rel.suffix == ".json" or same_env:
            assert new == old, f"sample_cases/{rel} is stale: run tools/make_samples.py and commit"
    if not same_env:
        warnings.warn("font/library versions differ from the ones the samples were drawn with; images not compared")


def test_photos_carry_exif_orientation() -> None:
    from PIL import Image, ImageOps

    orientations = {}
    for case_dir in sample_case_dirs():
        for jpg in sorted(case_dir.rglob("*.jpg")):
            with Image.open(jpg) as im:
                o = im.getexif().get(0x0112)
                orientations[jpg.name + case_dir.name] = o
                upright = ImageOps.exif_transpose(im)
                assert upright.height > upright.width, jpg  # shown upright a phone photo is portrait
                if o in (6, 8):
                    assert im.width > im.height  # stored landscape
    assert 6 in orientations.values() and set(orientations.values()) <= {1, 3, 6, 8}


def test_evidence_paths_through_links_and_files(tmp_path: Path) -> None:
    """file_problem resolves only the part below the case folder, except through a link: a
    linked folder that leaves the case is refused, one that stays inside is followed, a broken
    link or a path through a file is a missing file (validate.py _resolve_inside)."""
    from pipeline.case.validate import file_problem

    case = tmp_path / "case"
    (case / "evidence" / "sub").mkdir(parents=True)
    (case / "evidence" / "sub" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.pdf").write_bytes(b"%PDF-1.4\n")
    os.symlink(outside, case / "evidence" / "out")
    os.symlink(case / "evidence" / "sub", case / "evidence" / "in")
    os.symlink(case / "nothing.pdf", case / "evidence" / "broken.pdf")

    assert file_problem(case, "evidence/sub/a.pdf") is None
    assert file_problem(case, "./evidence//sub/a.pdf") is None
    assert file_problem(case, "evidence/in/a.pdf") is None
    assert file_problem(case, "evidence/out/a.pdf") == "该路径（或其链接）指向案件文件夹之外"
    assert file_problem(case, "evidence/broken.pdf") == "文件不存在"
    assert file_problem(case, "evidence/sub/a.pdf/b.pdf") == "文件不存在"
    assert file_problem(case, "evidence/sub/b.pdf") == "文件不存在"
    assert file_problem(case, "evidence/sub") == "不是文件"
    assert file_problem(case, ".") == "该路径（或其链接）指向案件文件夹之外"
    os.symlink(case / "evidence" / "loop2.pdf", case / "evidence" / "loop1.pdf")
    os.symlink(case / "evidence" / "loop1.pdf", case / "evidence" / "loop2.pdf")
    assert file_problem(case, "evidence/loop1.pdf") == "文件不存在"  # links in a circle, as before
