"""The text lint (pipeline/render/textlint.py): rules, and what it finds in real builds."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BASE_SAMPLE, dump_json
from pipeline.build import BuildOptions, build_case
from pipeline.case import read_case_json
from pipeline.render.textlint import court_names, lint_text

ROOT = Path(__file__).resolve().parent.parent


def _rules(paras, **kw) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(paras, file="x.docx", **kw)]


def test_identifiers_flags_and_placeholders() -> None:
    got = _rules(
        [
            "结果（outcome）填写以下之一：instalment_agreed 同意分期",
            "字段 debtor_situation.assets 未填写",
            "选定方案后用 --plan 1 生成",
            "金额：None元",
            "法院：________人民法院",
            "{{ doc.court }}",
            "2026年3月31日",
        ]
    )
    assert ("identifier", "outcome") in got and ("identifier", "instalment_agreed") in got
    assert ("identifier", "debtor_situation.assets") in got
    assert ("cli_flag", "--plan") in got
    assert ("placeholder", "None") in got and ("placeholder", "________") in got and ("placeholder", "{{") in got


def test_what_documents_legitimately_contain_is_not_flagged() -> None:
    paras = [
        "电子邮箱：zhang.moumou@example.com；网址 https://zxfw.court.gov.cn",
        "《借款合同》（编号：MSJK-2025-017）；EMS 1187654321098；LPR 3.0%；身份证号 11010519860417231X",
        "以100,000.00元为基数×10%×31/365=849.32元",
        "北京市朝阳区人民法院、重庆市渝北区人民法院、浙江省义乌市人民法院、北京互联网法院、上海金融法院",
        "向有管辖权的人民法院提起诉讼；向甲方住所地人民法院起诉",
        "微信号 wxid_zhang88（当事人提供）",
        "2026年3月31日",
    ]
    assert _rules(paras, allowed={"wxid_zhang88"}) == []


def test_court_without_province_is_flagged_special_courts_exempt() -> None:
    got = _rules(["此致", "渝北区人民法院", "向杭州市余杭区人民法院申请", "广州互联网法院", "上海海事法院", "2026年3月31日"])
    assert got == [("court_province", "渝北区人民法院"), ("court_province", "杭州市余杭区人民法院")]
    assert court_names("向北京市通州区人民法院申请支付令") == ["北京市通州区人民法院"]


def test_undated_document() -> None:
    assert _rules(["债权人：某某（签字）"]) == [("no_date", "")]
    assert _rules(["提醒：请按期还款"], dated=False) == []


def test_build_reports_findings_in_the_manifest(tmp_path: Path) -> None:
    """A court entered without its province is reported (manifest text_lint + a Chinese warning);
    the documents are still written."""
    data = read_case_json((BASE_SAMPLE / "case.json").read_text(encoding="utf-8"))
    data["procedure"]["debtor_court_name"] = "通州区人民法院"
    case_dir = tmp_path / "case"
    import shutil

    shutil.copytree(BASE_SAMPLE, case_dir, ignore=shutil.ignore_patterns("case.json"))
    (case_dir / "case.json").write_text(dump_json(data), encoding="utf-8")
    m = build_case(case_dir, tmp_path / "out", BuildOptions(bundle=False))
    found = {(f.rule, f.text, f.file) for f in m.text_lint}
    assert ("court_province", "通州区人民法院", "04_支付令申请书.docx") in found
    assert any(w.startswith("文书检查：04_支付令申请书.docx") and "通州区人民法院" in w for w in m.warnings)
    assert (tmp_path / "out" / m.case_id / "04_支付令申请书.docx").is_file()


def test_sample_documents_have_no_internal_identifiers(tmp_path: Path) -> None:
    """Every document of every sample (soft-step papers, letters, filings; e-filing forms are
    checked in test_efiling) is clean; the only findings left are not this lint's to fix."""
    for case_dir in sorted(p for p in (ROOT / "sample_cases").iterdir() if (p / "case.json").is_file()):
        m = build_case(case_dir, tmp_path, BuildOptions(bundle=False))
        assert m.text_lint == [], (case_dir.name, [f.message for f in m.text_lint])
        data = json.loads((tmp_path / m.case_id / "manifest.json").read_text(encoding="utf-8"))
        assert data["text_lint"] == []
