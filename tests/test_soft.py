"""Soft steps: reminder SMS, call guide, repayment proposal document (pipeline/soft/)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tomllib
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT, sample_case_dirs
from pipeline.case import load_case
from pipeline.checks import check_document, check_text, context_for_case, load_rules
from pipeline.law.claim import compute_claim
from pipeline.law.proposal import repayment_proposal
from pipeline.money import figures, zh_date
from pipeline.render import check_templates
from pipeline.soft import check_soft_templates, reminder_messages, render_soft_steps, segments, soft_templates_dir
from pipeline.soft.guide import red_lines

RULES_TOML = ROOT / "pipeline" / "checks" / "rules.toml"


def _block_titles() -> list[str]:
    """Every block rule title in the shipped rules file, read straight from the TOML."""
    raw = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))
    titles = [r["title"] for r in raw.get("text", []) if r["severity"] == "block"]
    for section in ("log", "claim"):
        for value in raw.get(section, {}).values():
            if isinstance(value, dict) and value.get("severity") == "block" and value.get("enabled", True):
                titles.append(value["title"])
    return titles


def test_segment_rule() -> None:
    # one UCS-2 segment holds 70 characters; concatenated segments hold 67 each
    assert [segments("字" * n) for n in (1, 70, 71, 134, 135, 201, 202)] == [1, 1, 2, 2, 3, 3, 4]


@pytest.mark.parametrize("case_dir", sample_case_dirs(), ids=lambda p: p.name)
def test_reminders_state_the_claim_and_pass_the_checks(case_dir: Path) -> None:
    case = load_case(case_dir)
    claim = compute_claim(case)
    rules = load_rules()
    ctx = context_for_case(case)
    msgs = reminder_messages(case, claim)
    # the due-date reminder only while the debt is not yet due (every sample is past its due date
    # at 2026-03-31), or for the first instalment of a negotiated plan (sample 01)
    first = None
    if case.instalment_terms is not None:
        first = next(o for o in repayment_proposal(case, claim).options if o.matches_negotiated).schedule.rows[0]
    expected = ["due", "overdue", "after_letter"] if first is not None else ["overdue", "after_letter"]
    assert [m.stage for m in msgs] == expected
    sig = case.creditor.short_name or case.creditor.name
    total = claim.totals.total
    for m in msgs:
        assert m.text.startswith(f"【{sig}】")
        assert m.chars == len(m.text) and m.segments == segments(m.text)
        amount, day = (first.amount, first.due_date) if m.stage == "due" else (total, claim.as_of)
        # amount and date are the claim's (thousands separators and the year may be dropped to fit 70)
        assert figures(amount) in m.text or f"{amount:.2f}元" in m.text
        assert zh_date(day) in m.text or f"{day.month}月{day.day}日" in m.text
        # a natural person speaks for himself; a company as "我们"
        assert ("与我们协商" not in m.text) if case.creditor.kind == "person" else ("与我协商" not in m.text)
        digits = re.sub(r"\D", "", case.creditor_account.account_no)
        assert f"尾号{digits[-4:]}" in m.text and digits not in re.sub(r"\D", "", m.text)
        assert "账户" in m.text and "困难" in m.text
        assert (case.creditor.phone or "") in m.text
        assert check_text(m.text, m.stage, rules, context=ctx) == []
        # a message over 70 characters is one that no allowed wording could fit into one segment
        if m.segments > 1:
            assert len(m.text) > 70


@pytest.mark.parametrize("case_dir", sample_case_dirs(), ids=lambda p: p.name)
def test_documents_render_open_and_are_deterministic(case_dir: Path, tmp_path: Path) -> None:
    case = load_case(case_dir)
    claim = compute_claim(case)
    rules = load_rules()
    ctx = context_for_case(case)
    a = render_soft_steps(case, claim, tmp_path / "a")
    b = render_soft_steps(case, claim, tmp_path / "b")
    assert [d.file_name for d in a] == ["00_提醒短信.txt", "00_电话沟通要点.docx", "00_还款方案建议.docx"]
    for da, db in zip(a, b):
        assert (tmp_path / "a" / da.file_name).read_bytes() == (tmp_path / "b" / db.file_name).read_bytes()
        assert da.sha256 == db.sha256
    sms, guide, prop = a
    text = (tmp_path / "a" / sms.file_name).read_text(encoding="utf-8")
    for m in reminder_messages(case, claim):
        assert m.text in text
    assert check_document(sms.paragraphs, sms.title, rules, context=ctx) == []
    assert all(check_text(line, "sms", rules, context=ctx) == [] for line in text.splitlines())

    for d in (guide, prop):
        doc = Document(io.BytesIO((tmp_path / "a" / d.file_name).read_bytes()))
        assert doc.paragraphs and d.paragraphs

    # call guide: every red line of rules.toml with its basis; findings only inside the red-line table
    body = "\n".join(guide.paragraphs)
    titles = _block_titles()
    assert len(titles) >= 15
    for t in titles:
        assert t in guide.paragraphs, t
    for r in red_lines(rules):
        assert r.basis in guide.paragraphs
    quoted = {x for r in red_lines(rules) for x in (r.title, r.basis)}
    for i, p in enumerate(guide.paragraphs):
        if p not in quoted:
            assert check_text(p, f"guide {i}", rules, context=ctx) == [], p
    assert figures(claim.totals.total) in body and "录音编号" in body and "民法典第195条" in body and "诉讼时效规定第8条" in body
    for q in ("收入", "其他债务", "财产", "哪一天"):
        assert q in body

    # proposal: zero findings; every option total and the claim engine's fees are printed
    assert check_document(prop.paragraphs, prop.title, rules, context=ctx) == []
    ptext = "\n".join(prop.paragraphs)
    p = repayment_proposal(case, claim)
    for o in p.options:
        assert figures(o.total) in ptext
        for r in o.schedule.rows:
            assert figures(r.amount) in ptext
    assert figures(p.litigation.court_fee) in ptext
    if p.litigation.preservation_fee is not None:
        assert figures(p.litigation.preservation_fee) in ptext
    if case.instalment_terms is not None:
        assert "对应方案" in ptext
    else:
        # how to choose a plan, in words: a document never shows a command-line option (text lint)
        assert "按该方案的编号生成分期还款协议" in ptext and "--plan" not in ptext


def test_soft_templates_lint_and_letters_lint_unaffected() -> None:
    assert [str(p) for p in check_soft_templates()] == []
    assert [str(p) for p in check_templates()] == []


def test_bad_plan_number_fails_before_writing(tmp_path: Path) -> None:
    case = load_case(sample_case_dirs()[1])
    claim = compute_claim(case)
    with pytest.raises(ValueError, match="没有方案 7"):
        render_soft_steps(case, claim, tmp_path / "x", plan=7)
    assert not (tmp_path / "x").exists()


def test_make_soft_templates_is_reproducible(tmp_path: Path) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "tools" / "make_soft_templates.py"), str(tmp_path)],
        check=True, capture_output=True,
    )
    for name in ("00_电话沟通要点.docx", "00_还款方案建议.docx"):
        assert (tmp_path / name).read_bytes() == (soft_templates_dir() / name).read_bytes(), name


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="未安装 LibreOffice/poppler，跳过")
def test_libreoffice_converts_soft_documents(tmp_path: Path) -> None:
    case = load_case(sample_case_dirs()[0])
    claim = compute_claim(case)
    render_soft_steps(case, claim, tmp_path)
    docs = sorted(str(p) for p in tmp_path.glob("*.docx"))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *docs],
                   check=True, capture_output=True, timeout=180)
    for name, want in (("00_电话沟通要点.pdf", "红线"), ("00_还款方案建议.pdf", "各途径比较")):
        out = subprocess.run(["pdftotext", str(tmp_path / name), "-"], check=True, capture_output=True, text=True).stdout
        assert want in out.replace(" ", "")


def test_due_reminder_follows_the_negotiated_plan_or_is_left_out() -> None:
    """Sample 01 agreed 6 instalments from 2026-04-15 with overdue interest waived: the due-date
    reminder asks for the first instalment, not the whole debt. Hand arithmetic (tests/test_proposal.py):
    principal 99,988.59 after the 11.41 the 2025-07-05 payment left over the interest; 108,497.21 −
    6,837.58 (overdue interest, 99,988.59 × 12% × 208/365) = 101,659.63; / 6 = 16,943.27 (the last 16,943.28)."""
    assert (Decimal("99988.59") * Decimal("0.12") * 208 / 365).quantize(Decimal("0.01")) == Decimal("6837.58")
    assert ((Decimal("108497.21") - Decimal("6837.58")) / 6).quantize(Decimal("0.01"), ROUND_DOWN) == Decimal("16943.27")
    dirs = {p.name[:2]: p for p in sample_case_dirs()}
    case = load_case(dirs["01"])
    due = reminder_messages(case, compute_claim(case))[0]
    assert due.stage == "due" and due.segments == 1
    assert "第1期16943.27元应于4月15日前" in due.text or "第1期16,943.27元应于2026年4月15日前" in due.text
    assert "108,497.21" not in due.text and "108497.21" not in due.text
    # sample 04 fell due on 2020-06-17: no "请按期还" message, and the file says why
    case = load_case(dirs["04"])
    claim = compute_claim(case)
    assert [m.stage for m in reminder_messages(case, claim)] == ["overdue", "after_letter"]
    from pipeline.soft.sms import sms_text_file

    text = sms_text_file(case, claim)
    assert "不生成“到期前或到期当日”短信：截至2026年3月31日借款已逾期（2020年6月17日已到期）" in text
    assert "按期还至" not in text and "与我们协商" not in text and "与我协商" in text


def test_proposal_comparison_row_is_route_specific() -> None:
    """The legal-path row points up to the 预计时间 paragraph (section 三 precedes the table) and
    states the costs' bearer by route: 支付令 — applicant's fee borne by the debtor only if no
    objection (诉讼费用交纳办法第36条); lawsuit — loser pays (第29条), preservation fee claimable (第38条)."""
    from pipeline.soft.proposal_doc import proposal_view

    dirs = {p.name[:2]: p for p in sample_case_dirs()}
    for key, must, must_not in (("01", "补交案件受理费", "败诉方"), ("04", "败诉方负担", "支付令")):
        case = load_case(dirs[key])
        claim = compute_claim(case)
        row = proposal_view(case, claim, repayment_proposal(case, claim)).compare[-1]
        assert row.duration == "见上文“预计时间”"
        assert must in row.condition and must_not not in row.condition
        assert "最终负担" not in row.condition
