"""Where a case stands (pipeline/stage): stages, next actions and dates hand-computed from the
record, and builds whose documents follow them (issue 13)."""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from pipeline.build import BuildOptions, build_case
from pipeline.case import parse_case
from pipeline.law.claim import compute_claim
from pipeline.money import figures
from pipeline.stage import assess

from conftest import SAMPLES, dump_json, read_case_json

pytestmark = pytest.mark.usefixtures("stage_aware")

S01, S02, S03, S04 = sorted(p for p in SAMPLES.iterdir() if (p / "case.json").is_file())[:4]


def _data(folder: Path) -> dict[str, Any]:
    return read_case_json((folder / "case.json").read_text(encoding="utf-8"))


def _report(data: dict[str, Any], as_of: date | None = None):  # type: ignore[no-untyped-def]
    case = parse_case(copy.deepcopy(data))
    claim = compute_claim(case, as_of=as_of)
    return case, claim, assess(case, claim, as_of)


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _money(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _copy(src: Path, dst: Path, data: dict[str, Any]) -> Path:
    shutil.copytree(src, dst)
    (dst / "case.json").write_text(dump_json(data), encoding="utf-8")
    return dst


# ---------------------------------------------------------------- the samples as they stand


def test_sample_01_performing_agreement_no_filing(tmp_path: Path) -> None:
    m = build_case(S01, tmp_path)
    assert m.stage is not None and m.stage.stage == "instalments_performing"
    # first instalment 2026-04-15 (agreement.schedule[0]); the reminder is due three days before
    assert m.next_action is not None and m.next_action.due == "2026-04-12"
    files = {d.file for d in m.documents}
    assert not any(f.startswith(("01_", "02_", "03_", "04_")) for f in files), files
    reasons = {s["kind"]: s["reason"] for s in m.skipped_documents}
    assert set(reasons) >= {"demand_letter", "lawyer_letter", "instalment_agreement", "filing"}
    assert "2025年11月3日《催款函》" not in reasons["demand_letter"]  # performing: not re-issued, not re-demanded
    assert "履行中" in reasons["demand_letter"] and "2026年3月12日" in reasons["instalment_agreement"]
    assert "不能起诉或申请支付令" in reasons["filing"]
    assert all(d.date for d in m.documents)


def test_sample_01_after_default_accelerated_filing_by_hand(tmp_path: Path) -> None:
    """First instalment 2026-04-15 unpaid; grace 10 days → 2026-04-25, a Saturday, so the grace
    period ends on Monday 2026-04-27 (民法典第二百零三条) and the debt is late beyond grace from
    2026-04-28. As of 2026-05-10 the balance is due under clause 第五条 and the waived
    overdue interest revives (waiver conditional)."""
    as_of = date(2026, 5, 10)
    m = build_case(S01, tmp_path, BuildOptions(as_of=as_of))
    assert m.stage.stage == "instalments_accelerable"
    assert any("2026年4月28日" in f.text for f in m.stage.facts)
    # hand computation (民法典第561条 allocation, first day not counted, 365-day year):
    p0 = Decimal("100000")
    interest_to_0705 = _money(p0 * Decimal("0.10") * 30 / 365)  # 2025-06-05 → 07-05: 30 days
    assert interest_to_0705 == Decimal("821.92")
    principal = p0 - (Decimal("833.33") - interest_to_0705)  # 99,988.59
    term = _money(principal * Decimal("0.10") * 61 / 365)  # 07-05 → 09-04
    overdue_days = (as_of - date(2025, 9, 4)).days  # 248
    overdue = _money(principal * Decimal("0.12") * overdue_days / 365)
    total = principal + term + overdue
    assert m.claim.total == f"{total:.2f}"
    complaint = tmp_path / m.case_id / "04_民事起诉状.docx"
    filing = next(d for d in m.documents if d.kind in ("complaint", "payment_order"))
    assert filing.date == "2026-05-10"
    text = _text(tmp_path / m.case_id / filing.file)
    assert figures(total) in text and "2026年5月10日" in text
    assert figures(overdue) in text  # the revived overdue interest is claimed
    assert not (tmp_path / m.case_id / "01_催款函.docx").exists()
    assert complaint.exists() or filing.kind == "payment_order"


def test_sample_02_files_after_demand_deadline_route_fee(tmp_path: Path) -> None:
    m = build_case(S02, tmp_path)
    assert m.stage.stage == "ready_to_file"
    assert m.procedure.kind == "payment_order"
    # 30,000: full fee 50 + (30,000 − 10,000) × 2.5% = 550; payment order 1/3 → 183.33
    assert m.claim.court_fee == "183.33"
    reasons = {s["kind"]: s["reason"] for s in m.skipped_documents}
    assert "2025年12月10日《催款函》" in reasons["demand_letter"]
    assert "律师法第二十五条" in reasons["lawyer_letter"]
    assert "instalment_agreement" in reasons


@pytest.mark.parametrize("folder", [S03, S04], ids=lambda p: p.name)
def test_lawyer_letter_now_filing_after_its_deadline(tmp_path: Path, folder: Path) -> None:
    """Demand letter sent, firm engaged, no lawyer's letter yet: the letter is dated 2026-03-31
    with deadline 2026-04-10 (+10 days, a Friday); the filing is prepared for the next working
    day after it, 2026-04-13 (04-11/12 are a weekend)."""
    m = build_case(folder, tmp_path)
    assert m.stage.stage == "demanded"
    dates = {d.kind: d.date for d in m.documents}
    assert dates["lawyer_letter"] == "2026-03-31"
    assert dates["complaint"] == "2026-04-13"
    text = _text(tmp_path / m.case_id / "02_律师函.docx")
    assert "2026年4月10日" in text
    assert "2026年4月13日" in _text(tmp_path / m.case_id / "04_民事起诉状.docx")


def test_court_fee_is_the_route_fee_for_every_sample(tmp_path: Path) -> None:
    for folder in (S01, S02, S03, S04):
        m = build_case(folder, tmp_path / folder.name, BuildOptions(all_documents=True))
        total = Decimal(m.claim.total)
        # 诉讼费用交纳办法第13条(一) bands, cumulative
        bands = [(Decimal(10000), None), (Decimal(100000), Decimal("0.025")), (Decimal(200000), Decimal("0.02")),
                 (Decimal(500000), Decimal("0.015")), (Decimal(1000000), Decimal("0.01"))]
        fee = Decimal(50)
        for (lo, _), (hi, rate) in zip(bands, bands[1:]):
            if total > lo:
                fee += (min(total, hi) - lo) * rate
        if m.procedure.kind == "payment_order":
            expected = _money(fee / 3)
        else:
            expected = _money(fee / 2) if json.loads((folder / "case.json").read_text())["procedure"].get(
                "expected_procedure", "summary") == "summary" else _money(fee)
        assert m.claim.court_fee == f"{expected:.2f}", folder.name
        assert any(line.label == "申请支付令费用" for line in m.claim.fee_lines)


# ---------------------------------------------------------------- edge cases, by hand


def _with_lawyer_letter(data: dict[str, Any], at: str, deadline: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data.pop("agreement", None)
    data.pop("instalment_terms", None)
    log = [c for c in data["collection_log"] if c["channel"] != "lawyer_letter" and c.get("outcome") != "instalment_agreed"]
    log.append({"at": at, "channel": "lawyer_letter", "counterpart": "张某某", "relation": "debtor",
                "content": "律师函，EMS寄送", "delivered": True, "document": "lawyer_letter",
                "letter_no": "（2026）京某律函字第40号", "deadline": deadline})
    data["collection_log"] = log
    return data


def test_letter_deadline_on_a_weekend_moves_to_monday() -> None:
    """Deadline 2026-03-28 is a Saturday → last day Monday 2026-03-30 (民法典第二百零三条);
    on 2026-03-29 the case waits, and the filing is prepared for 2026-03-31."""
    data = _with_lawyer_letter(_data(S01), "2026-03-20T10:00:00+08:00", "2026-03-28")
    _, _, r = _report(data, date(2026, 3, 29))
    assert r.stage == "lawyer_letter_sent"
    assert r.plan["filing"].produce and r.plan["filing"].date == date(2026, 3, 31)
    assert r.next_action.due == date(2026, 3, 31)
    assert not r.plan["lawyer_letter"].produce and "第40号" in r.plan["lawyer_letter"].reason
    _, _, r2 = _report(data, date(2026, 3, 31))
    assert r2.stage == "ready_to_file" and r2.plan["filing"].date == date(2026, 3, 31)


def _agreement_case(**repay: Any) -> dict[str, Any]:
    data = _data(S01)
    data["computation_date"] = repay.pop("computation_date", "2026-05-10")
    data["repayments"] = data["repayments"] + repay.pop("payments", [])
    return data


def test_partial_instalment_within_grace() -> None:
    """10,000 of the first instalment 16,943.27 paid on 2026-04-15; as of 2026-04-20 it is 5 days
    late, 6,943.27 short; grace 10 days ends 2026-04-25 (Saturday) → Monday 2026-04-27
    (民法典第二百零三条), acceleration possible from 2026-04-28."""
    data = _agreement_case(computation_date="2026-04-20",
                           payments=[{"date": "2026-04-15", "amount": Decimal("10000.00")}])
    _, _, r = _report(data)
    assert r.stage == "instalment_overdue"
    assert not r.plan["filing"].produce and "2026年4月28日" in r.plan["filing"].reason
    assert "6,943.27" in r.next_action.action and "2026年4月28日" in r.next_action.action
    # the 催款函 asks for the shortfall only, by the grace period's last day
    assert r.plan["demand_letter"].produce and r.plan["demand_letter"].deadline == date(2026, 4, 27)
    assert r.next_action.document == "demand_letter" and r.next_action.due == date(2026, 4, 20)
    assert r.overdue is not None and r.overdue.shortfall == Decimal("6943.27")
    assert [(x.number, x.paid, x.unpaid) for x in r.overdue.rows] == [(1, Decimal("10000.00"), Decimal("6943.27"))]


def test_overdue_instalment_letter_asks_only_for_the_instalment(tmp_path: Path) -> None:
    """Sample 01 on 2026-04-20: instalment 1 (16,943.27, due 2026-04-15) unpaid, 5 days late,
    within the 10 grace days. The 催款函 is dated 2026-04-20, asks for 16,943.27 by 2026-04-27,
    names clause 第五条 and the conditional waiver 第四条, and does not demand the whole debt."""
    m = build_case(S01, tmp_path, BuildOptions(as_of=date(2026, 4, 20)))
    assert m.stage.stage == "instalment_overdue"
    letter = next(d for d in m.documents if d.kind == "demand_letter")
    assert letter.date == "2026-04-20"
    assert not any(d.kind in ("payment_order", "complaint", "lawyer_letter") for d in m.documents)
    text = _text(tmp_path / m.case_id / letter.file)
    schedule_total = Decimal("16943.27") * 5 + Decimal("16943.28")  # 101,659.63, nothing paid since signing
    assert "2026年3月12日签订《分期还款协议》" in text and f"合计人民币{figures(schedule_total)}元" in text
    assert "第1期应于2026年4月15日还款16,943.27元" in text and "已逾期5日" in text
    assert "以上合计人民币16,943.27元（大写：人民币壹万陆仟玖佰肆拾叁元贰角柒分）" in text
    assert "请您于2026年4月27日前" in text
    assert "协议第五条" in text and "第四条约定的减免亦不再适用" in text
    assert f"截至本函落款之日为{figures(schedule_total)}元" in text
    assert figures(Decimal(m.claim.total)) not in text  # the whole claim is not demanded
    assert not [f for f in m.findings if f.severity == "block"]


def test_payment_after_acceleration_still_files_for_the_rest() -> None:
    data = _agreement_case(computation_date="2026-05-05",
                           payments=[{"date": "2026-05-01", "amount": Decimal("5000.00")}])
    case, claim, r = _report(data)
    assert r.stage == "instalments_accelerable"
    assert r.plan["filing"].produce and r.plan["filing"].date == date(2026, 5, 5)
    without = _agreement_case(computation_date="2026-05-05")
    _, claim0, _ = _report(without)
    assert claim0.totals.total - claim.totals.total >= Decimal("5000.00") - Decimal("0.01")


def test_recorded_acceleration_notice_and_guarantor_without_consent() -> None:
    data = _agreement_case(computation_date="2026-05-10")
    data["agreement"]["accelerated_on"] = "2026-04-27"
    g = _data(S03)["guarantors"][0]
    data["guarantors"] = [g]
    data["evidence"] += [e for e in _data(S03)["evidence"] if e["id"] in g.get("evidence_ids", []) and
                         e["id"] not in {x["id"] for x in data["evidence"]}]
    data["procedure"]["pursue_guarantors"] = False
    _, _, r = _report(data)
    assert r.stage == "instalments_accelerated"
    assert any("第六百九十五条" in w for w in r.warnings)


def test_filed_case_with_effective_payment_order() -> None:
    data = _data(S02)
    data["filings"] = [{"kind": "payment_order", "court": "北京市海淀区人民法院", "case_no": "（2026）京0108民督12号",
                        "filed_on": "2026-03-02", "accepted_on": "2026-03-05", "status": "order_effective",
                        "decided_on": "2026-03-06", "effective_on": "2026-03-25"}]
    _, _, r = _report(data)
    assert r.stage == "filed"
    assert "强制执行" in r.next_action.action and "第二百五十条" in r.next_action.basis
    # nothing is filed again; the one document now is the 强制执行申请书
    assert [k for k, e in r.plan.items() if e.produce] == ["post_filing"] and r.post_filing == "enforcement"
    assert r.next_action.document == "post_filing"


def test_not_started_case_gets_the_whole_ladder_dated_in_order() -> None:
    """No letter yet: 催款函 2026-03-31 (deadline 04-10), 律师函 2026-04-13 (deadline 04-23),
    filing 2026-04-24."""
    data = _data(S03)
    data["collection_log"] = []
    _, _, r = _report(data)
    assert r.stage == "not_started"
    assert (r.plan["demand_letter"].date, r.plan["demand_letter"].deadline) == (date(2026, 3, 31), date(2026, 4, 10))
    assert (r.plan["lawyer_letter"].date, r.plan["lawyer_letter"].deadline) == (date(2026, 4, 13), date(2026, 4, 23))
    assert r.plan["filing"].date == date(2026, 4, 24)
    data["settings"] = {**data.get("settings", {}), "plan_ahead": False}
    _, _, r2 = _report(data)
    assert r2.plan["demand_letter"].produce and not r2.plan["lawyer_letter"].produce and not r2.plan["filing"].produce


def test_preservation_wanted_leads_to_complaint_with_reason() -> None:
    data = _data(S01)  # every payment-order condition holds (route payment_order without preservation)
    assert _report(data)[1].procedure.kind == "payment_order"
    data["procedure"]["preservation_wanted"] = True
    _, claim, _ = _report(data)
    assert claim.procedure.kind == "complaint"
    assert any("财产保全" in r for r in claim.procedure.reasons)


def test_history_out_of_order_is_a_chinese_problem(tmp_path: Path) -> None:
    from pipeline.case import CaseError, load_case

    data = _data(S01)
    data["agreement"]["schedule"][1]["due_date"] = "2026-04-01"
    folder = _copy(S01, tmp_path / "c", data)
    with pytest.raises(CaseError) as err:
        load_case(folder)
    assert any(p.path == "agreement.schedule[1].due_date" and "上一期" in p.message for p in err.value.problems)
