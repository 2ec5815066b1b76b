"""Creditor and firm profiles (pipeline/profile.py): merged under case.json, case values winning,
validated with the case's own messages, part of the digest, picked up from a batch root."""

from __future__ import annotations

import importlib.util
import json

import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, dump_json, read_case_json, run_cuishou
from pipeline.build import BuildOptions, build_case, input_digest
from pipeline.case import CaseError, load_case
from pipeline.profile import ProfileError, apply_profiles, find_profiles, load_profile, merge

S01 = SAMPLES / "01-company-loan-instalments"


def _demo(tmp_path: Path) -> Path:
    spec = importlib.util.spec_from_file_location("make_stage_samples", ROOT / "tools" / "make_stage_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_stage_samples", module)
    spec.loader.exec_module(module)
    root = tmp_path / "profile-cases"
    module.write_profile_demo(root)
    return root


def test_merge_case_wins_tables_merge_lists_replace() -> None:
    base = {"creditor": {"name": "甲", "phone": "010-1", "channels": ["sms"]}, "settings": {"plan_ahead": True}}
    case = {"creditor": {"phone": "010-2", "channels": ["email"]}, "loan": {}}
    assert merge(base, case) == {
        "creditor": {"name": "甲", "phone": "010-2", "channels": ["email"]},
        "settings": {"plan_ahead": True},
        "loan": {},
    }


def test_demo_cases_do_not_repeat_the_creditor_and_firm(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    assert [p.name for p in find_profiles(root)] == ["creditor-profile.toml", "firm-profile.toml"]
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        raw = read_case_json((folder / "case.json").read_text(encoding="utf-8"))
        assert not {"creditor", "creditor_account", "creditor_service", "lawyer"} & set(raw)
        with pytest.raises(CaseError):
            load_case(folder)  # alone, the case file is not a whole case
        case = load_case(folder, find_profiles(root))
        reference = load_case(S01)
        assert case.creditor == reference.creditor and case.lawyer == reference.lawyer
        assert case.creditor_account == reference.creditor_account


def test_toml_and_json_profiles_read_the_same(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    toml = load_profile(root / "firm-profile.toml")
    (tmp_path / "firm.json").write_text(dump_json(toml), encoding="utf-8")
    assert load_profile(tmp_path / "firm.json") == toml
    assert toml["lawyer"]["letter_serial"] == 36 and toml["lawyer"]["license_no"] == "11101201510987654"


def test_case_value_wins_over_the_profile(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    folder = root / "P1-performing"
    data = read_case_json((folder / "case.json").read_text(encoding="utf-8"))
    data["creditor"] = {"phone": "010-66668888"}
    (folder / "case.json").write_text(dump_json(data), encoding="utf-8")
    case = load_case(folder, find_profiles(root))
    assert case.creditor.phone == "010-66668888" and case.creditor.name == "北京某某商贸有限公司"


def test_bad_profile_is_a_chinese_message_naming_file_and_field(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('[creditor]\nname = "x"\n[loan]\namount = 1\n', encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(bad)
    assert "bad.toml：loan" in str(exc.value) and "只能包含" in str(exc.value)
    broken = tmp_path / "broken.toml"
    broken.write_text("[creditor\n", encoding="utf-8")
    r = run_cuishou("validate", root / "P1-performing", "--profile", broken)
    assert r.returncode == 1 and "broken.toml" in r.stdout and "不是有效的 TOML" in r.stdout
    assert "Traceback" not in r.stdout
    # a wrong value that came from the profile says so
    firm = (root / "firm-profile.toml").read_text(encoding="utf-8").replace('"11101201510987654"', '"123"')
    (root / "firm-profile.toml").write_text(firm, encoding="utf-8")
    r = run_cuishou("validate", root / "P1-performing", *sum((["--profile", str(p)] for p in find_profiles(root)), []))
    assert r.returncode == 1 and "lawyer.license_no" in r.stdout and "该项来自档案 firm-profile.toml" in r.stdout


def test_validate_build_with_profile_and_digest_changes(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    profiles = tuple(find_profiles(root))
    folder = root / "P1-performing"
    args = sum((["--profile", str(p)] for p in profiles), [])
    r = run_cuishou("validate", folder, *args)
    assert r.returncode == 0 and "北京某某商贸有限公司" in r.stdout, r.stdout
    opts = BuildOptions(profiles=profiles, bundle=False)
    m = build_case(folder, tmp_path / "out", opts)
    assert m.parties[0].name == "北京某某商贸有限公司"
    case = load_case(folder, profiles)
    before = input_digest(folder, case, opts)
    text = (root / "creditor-profile.toml").read_text(encoding="utf-8").replace("010-85123467", "010-85123468")
    (root / "creditor-profile.toml").write_text(text, encoding="utf-8")
    assert input_digest(folder, load_case(folder, profiles), opts) != before


def test_batch_picks_up_root_profiles_and_rebuilds_on_change(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    out = tmp_path / "out"
    r = run_cuishou("batch", root, "--out", out)
    assert r.returncode == 0, r.stdout
    assert "使用档案：creditor-profile.toml、firm-profile.toml" in r.stdout
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert [Path(p).name for p in report["profiles"]] == ["creditor-profile.toml", "firm-profile.toml"]
    assert report["counts"]["built"] == 3
    r = run_cuishou("batch", root, "--out", out)
    assert json.loads((out / "batch-report.json").read_text(encoding="utf-8"))["counts"]["skipped"] == 3
    text = (root / "creditor-profile.toml").read_text(encoding="utf-8").replace("010-85123467", "010-85123468")
    (root / "creditor-profile.toml").write_text(text, encoding="utf-8")
    r = run_cuishou("batch", root, "--out", out)
    assert json.loads((out / "batch-report.json").read_text(encoding="utf-8"))["counts"]["built"] == 3
    # status reads the same profiles
    r = run_cuishou("status", root, "--json")
    rows = json.loads(r.stdout)["cases"]
    assert r.returncode == 0 and {x["urgency"] for x in rows} != {"error"} and not any(x["problem"] for x in rows)


def test_apply_profiles_without_profiles_is_identity() -> None:
    data = read_case_json((S01 / "case.json").read_text(encoding="utf-8"))
    assert apply_profiles(data, []) is data

