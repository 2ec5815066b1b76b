"""Filing papers: the warnings ``cuishou validate`` gives for missing filing facts, the identity and
residence papers of the e-filing set (登记立案规定第6条; 民诉法解释第4条), and a set that names what
is missing and says it is incomplete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import dump_json, run_cuishou
from pipeline.build import BuildOptions, build_case
from pipeline.case import CaseError, load_case, read_case_json
from pipeline.case.validate import case_warnings, court_name_problem
from pipeline.efiling import libreoffice_available
from pipeline.efiling.forms import forms_for, render_form
from pipeline.law.claim import compute_claim
from pipeline.render import docx_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_cases"
needs_lo = pytest.mark.skipif(libreoffice_available() is None, reason="未安装 LibreOffice（soffice）")


def _copy(name: str, tmp_path: Path) -> Path:
    src = next(p for p in SAMPLES.iterdir() if p.name.startswith(name))
    dst = tmp_path / src.name
    shutil.copytree(src, dst)
    return dst


def _edit(case_dir: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = case_dir / "case.json"
    data = read_case_json(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(dump_json(data), encoding="utf-8")


# ---------------------------------------------------------------- validate: warnings, exit code 0


def test_samples_only_warn_about_what_they_do_not_know() -> None:
    # every sample supplies its filing papers; sample 04 does not know up to when interest was paid.
    # Besides: WeChat records without the other side's profile page (01 E9, 02 E2/E3, 04 E3/E5) and the
    # consumer-finance lender's own system records (03 E4/E5) — pipeline/case/evidence.py
    expected = {
        "01": ["evidence[8]"],
        "02": ["evidence[1]", "evidence[2]"],
        "03": ["evidence[3].self_generated", "evidence[4].self_generated"],
        "04": ["evidence[2]", "evidence[4]", "loan.interest_paid_until"],
    }
    for case_dir in sorted(p for p in SAMPLES.iterdir() if (p / "case.json").is_file()):
        paths = [w.path for w in case_warnings(load_case(case_dir))]
        assert paths == expected[case_dir.name[:2]], case_dir.name


def test_missing_identity_paper_is_a_warning_not_an_error(tmp_path: Path) -> None:
    case_dir = _copy("02-", tmp_path)
    _edit(case_dir, lambda d: d.update(evidence=[e for e in d["evidence"] if e["id"] != "E5"]))
    r = run_cuishou("validate", case_dir)
    assert r.returncode == 0, r.stdout  # the case is valid; documents can be made
    assert "⚠ 提示" in r.stdout and "缺少债权人刘某某的身份证明（居民身份证复印件）" in r.stdout
    assert "doc_type 为 id_card、party 为 creditor" in r.stdout and "登记立案若干问题的规定第6条" in r.stdout
    data = json.loads(run_cuishou("validate", "--json", case_dir).stdout)
    assert data[0]["valid"] is True and data[0]["problems"] == []
    assert any(w["path"] == "evidence" and "刘某某" in w["message"] for w in data[0]["warnings"])


def test_residence_proof_and_court_name_warnings(tmp_path: Path) -> None:
    case_dir = _copy("02-", tmp_path)

    def change(d):  # type: ignore[no-untyped-def]
        d["evidence"] = [e for e in d["evidence"] if e["id"] != "E6"]
        d["procedure"]["debtor_court_name"] = "海珠区人民法院"

    _edit(case_dir, change)
    warnings = {w.path: w for w in case_warnings(load_case(case_dir))}
    assert "民诉法解释第4条" in next(w.message for w in case_warnings(load_case(case_dir)) if "经常居住地" in w.message)
    court = warnings["procedure.debtor_court_name"]
    assert court.value == "海珠区人民法院" and "广东省广州市海珠区人民法院" in court.message
    assert "不根据地址拼接" in court.message


def test_court_name_rule() -> None:
    assert court_name_problem("广东省广州市海珠区人民法院") is None
    assert court_name_problem("北京市朝阳区人民法院") is None  # a municipality is its own province
    assert court_name_problem("重庆市渝北区人民法院") is None
    assert court_name_problem("新疆维吾尔自治区乌鲁木齐市天山区人民法院") is None
    for special in ("北京互联网法院", "上海金融法院", "广州海事法院", "成渝金融法院"):
        assert court_name_problem(special) is None, special
    assert court_name_problem("渝北区人民法院") is not None
    assert court_name_problem("广州市海珠区人民法院") is not None
    assert court_name_problem("广东省广州市海珠区") is not None  # not a court's name


def test_party_link_must_exist(tmp_path: Path) -> None:
    case_dir = _copy("04-", tmp_path)
    _edit(case_dir, lambda d: d["evidence"][-1].update(party="debtors[3]"))
    with pytest.raises(CaseError) as err:
        load_case(case_dir)
    assert any(p.path.endswith(".party") and p.value == "debtors[3]" for p in err.value.problems)
    assert run_cuishou("validate", case_dir).returncode == 1


def test_representative_facts_are_checked_against_the_id(tmp_path: Path) -> None:
    case_dir = _copy("01-", tmp_path)
    _edit(case_dir, lambda d: d["creditor"].update(representative_gender="女"))
    with pytest.raises(CaseError) as err:
        load_case(case_dir)
    assert any(p.path == "creditor.representative_gender" for p in err.value.problems)


# ---------------------------------------------------------------- the forms' facts


def _form(case, key: str) -> str:  # type: ignore[no-untyped-def]
    claim = compute_claim(case)
    spec = next(s for s in forms_for(case, claim)[0] if s.key == key)
    return "\n".join(docx_paragraphs(render_form(case, claim, spec)))


def test_legal_representative_certificate_has_every_field() -> None:
    case = load_case(SAMPLES / "01-company-loan-instalments")
    text = _form(case, "legal_rep")
    # 王某某 born 1975-03-08; document dated 2026-03-31: the birthday has passed → 2026 − 1975 = 51
    assert ("王某某，性别：男，年龄：51岁，居民身份证号码：" + case.creditor.representative_id_number
            + "，在我单位任执行董事职务，系我单位的法定代表人（负责人）。") in text
    # without the facts the certificate keeps blanks for hand filling, never a guess
    bare = case.creditor.model_copy(update={"representative_gender": None, "representative_birth_date": None,
                                            "representative_id_number": None})
    text = _form(case.model_copy(update={"creditor": bare}), "legal_rep")
    assert "性别：　　　　，年龄：　　　　岁" in text and "None" not in text


def test_power_of_attorney_is_special_by_default_and_names_each_power() -> None:
    case = load_case(SAMPLES / "04-pre-2020-transitional")
    assert case.lawyer.authority == "special"
    text = _form(case, "power_of_attorney")
    assert "代理权限：特别授权。" in text
    assert ("有权代为承认诉讼请求、代为放弃诉讼请求、代为变更诉讼请求、进行和解、提起反诉、提起上诉、代为领取案款"
            "（《中华人民共和国民事诉讼法》第六十二条第二款）") in text
    assert "全权代理" not in text


def test_power_of_attorney_signature_lines() -> None:
    """An organisation grants authority by its seal and its representative's signature; the agent signs too."""
    org = load_case(SAMPLES / "01-company-loan-instalments")
    lines = _form(org, "power_of_attorney").splitlines()
    i = lines.index(f"委托人：{org.creditor.name}（盖章）")
    assert lines[i + 1 : i + 3] == ["法定代表人（签字）：", "受托人（签字）："]
    person = load_case(SAMPLES / "04-pre-2020-transitional")
    lines = _form(person, "power_of_attorney").splitlines()
    i = lines.index(f"委托人：{person.creditor.name}（签字）")
    assert lines[i + 1] == "受托人（签字）："
    assert not any("签名" in l for l in lines[i - 1 :])


def test_service_address_names_the_lawyer_as_recipient_and_fills_what_is_known() -> None:
    case = load_case(SAMPLES / "01-company-loan-instalments")
    text = _form(case, "service_address")
    assert "指定代收人" in text and "赵某某（北京某某律师事务所律师，委托代理人）" in text
    assert "备注" not in text
    assert "100020" in text and "电子邮件☑：finance@example.com" in text and "是☑　否☐" in text
    off = case.creditor_service.model_copy(update={"lawyer_as_recipient": False})
    assert "指定代收人\n无" in _form(case.model_copy(update={"creditor_service": off}), "service_address")


# ---------------------------------------------------------------- the e-filing set: complete or says why not


@needs_lo
def test_set_without_the_filing_partys_id_is_incomplete(tmp_path: Path) -> None:
    case_dir = _copy("02-", tmp_path)
    _edit(case_dir, lambda d: d.update(evidence=[e for e in d["evidence"] if e["id"] not in ("E5", "E6")]))
    m = build_case(case_dir, tmp_path / "out", BuildOptions(efiling=True))
    folder = tmp_path / "out" / m.case_id / "efiling"
    ef = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert ef["complete"] is False
    # the applicant's ID copy, and the residence proof the 海珠区 court's jurisdiction rests on
    assert any("申请人刘某某的身份证明" in x for x in ef["missing"])
    assert any("经常居住地" in x and "陈某" in x for x in ef["missing"])
    missing = [c for c in ef["checklist"] if c["status"] == "missing"]
    assert {c["category"] for c in missing} == {"当事人身份证明", "证据材料"}
    assert all(c["basis"] for c in missing)
    # no identity paper at all: no 03 file, and the build manifest warns
    assert not (folder / "03_当事人身份证明.pdf").exists()
    assert any(w.startswith("网上立案材料不完整：") for w in m.warnings)


@needs_lo
def test_built_efiling_manifests_describe_the_files_on_disk(tmp_path: Path) -> None:
    """The bundle's volumes in efiling/ carry the hash and page count the build measured on the
    originals: both manifests must still describe each copied file exactly."""
    import hashlib

    m = build_case(SAMPLES / "01-company-loan-instalments", tmp_path / "out", BuildOptions(efiling=True, max_mb=0.3))
    case_out = tmp_path / "out" / m.case_id
    ef = json.loads((case_out / "efiling" / "manifest.json").read_text(encoding="utf-8"))
    volumes = [f for f in ef["files"] if f["category"] == "证据材料"]
    assert len(volumes) >= 2  # split by the 0.3 MB limit, so more than one volume is checked
    for f in ef["files"]:
        p = case_out / "efiling" / f["file"]
        assert f["bytes"] == p.stat().st_size and f["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest(), f["file"]
        assert f["pages"] == len(PdfReader(p).pages), f["file"]
    listed = [d for d in m.documents if d.kind == "efiling"]
    assert {d.file for d in listed} == {f"efiling/{f['file']}" for f in ef["files"]}
    for d in listed:
        p = case_out / d.file
        assert d.sha256 == hashlib.sha256(p.read_bytes()).hexdigest() and d.pages == len(PdfReader(p).pages), d.file


def test_requirements_name_each_missing_paper() -> None:
    from pipeline.efiling.papers import requirements, rests_on_residence

    case = load_case(SAMPLES / "03-consumer-finance-guarantor")
    claim = compute_claim(case)
    reqs = requirements(case, claim, lawyer_licence=True)
    assert all(r.met for r in reqs if r.required)
    # sample 03 is filed at the agreed court (合同第十五条), not where the debtor lives: no residence proof needed
    assert rests_on_residence(case, claim) == []
    # drop the licence and the representative's ID copy
    bare = case.model_copy(update={"evidence": [e for e in case.evidence if e.party != "creditor.representative"]})
    reqs = requirements(bare, claim, lawyer_licence=False)
    missing = [r.missing for r in reqs if r.required and not r.met]
    assert len(missing) == 2
    assert any("孙某某的身份证复印件" in m for m in missing) and any("lawyer.licence_copy" in m for m in missing)
    # the defendants' identifying information (guarantor included) is advisory, and here complete
    other = [r for r in reqs if not r.required]
    assert {r.item[:6] for r in other} == {"被告李某某的", "被告周某某的"} and all(r.met for r in other)
    # sample 01's payment order rests on the debtor's 经常居住地 (通州区)
    one = load_case(SAMPLES / "01-company-loan-instalments")
    assert rests_on_residence(one, compute_claim(one)) == [0]


def test_a_rebuild_after_the_data_changed_rewrites_the_efiling_manifest(tmp_path: Path) -> None:
    """efiling/manifest.json is written by the build but not listed as a document; a rebuild once
    carried the previous one over the new one (the old hashes then described new files)."""
    import hashlib
    import shutil

    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "01-company-loan-instalments", case)
    opts = BuildOptions(efiling=True)
    m = build_case(case, tmp_path / "out", opts)
    ef_dir = tmp_path / "out" / m.case_id / "efiling"
    before = json.loads((ef_dir / "manifest.json").read_text(encoding="utf-8"))
    data = json.loads((case / "case.json").read_text(encoding="utf-8"))
    assert data["repayments"][0]["amount"] == 833.33
    data["repayments"][0]["amount"] = 800.00  # a different claim: a different 支付令申请书
    (case / "case.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    m2 = build_case(case, tmp_path / "out", opts)
    after = json.loads((ef_dir / "manifest.json").read_text(encoding="utf-8"))
    assert after != before
    for f in after["files"]:
        p = ef_dir / f["file"]
        assert f["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest(), f["file"]
    filing = next(f for f in after["files"] if f["category"] == "起诉状/申请书")
    assert filing["sha256"] != next(f for f in before["files"] if f["category"] == "起诉状/申请书")["sha256"]
    assert m2.edited == []  # nothing of the person's was there to keep
