"""The full claim statement in the filings and the signed annex 利息计算明细 (issue 15).

Figures hand-computed here; documents opened with python-docx.

Sample 04 (natural persons, 200,000 delivered 2019-06-18, 20 % term, 24 % overdue, due 2020-06-17,
50,000 repaid 2020-12-31, computed and filed 2026-03-31, LPR 3.00 % → 4 × = 12 %):
  term      2019-06-19..2020-06-17  365 days  200,000 × 20 % × 365/365           = 40,000.00 (2015 rules ≤ 24 %)
  overdue   2020-06-18..2020-08-19   63 days  200,000 × 24 % × 63/365 = 8,284.931… = 8,284.93 (2015 rules)
  overdue   2020-08-20..2020-12-31  134 days  200,000 × 12 % × 134/365 = 8,810.958… = 8,810.96 (规定第31条: 12 %)
  repayment 2020-12-31 50,000.00 → interest (民法典561): 40,000.00 + 8,284.93 + 1,715.07; 7,095.89 left
  overdue   2021-01-01..2026-03-31 1916 days 200,000 × 12 % × 1916/365 = 125,983.561… = 125,983.56
  interest still claimed 7,095.89 + 125,983.56 = 133,079.45; total 200,000 + 133,079.45 = 333,079.45
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

from docx import Document

from pipeline.build import BuildOptions, build_case
from pipeline.case import load_case
from pipeline.law.claim import compute_claim
from pipeline.render import render_documents

SAMPLES = Path(__file__).resolve().parents[1] / "sample_cases"


def _text(path: Path) -> str:
    d = Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            parts.append(" | ".join(c.text for c in r.cells))
    return "\n".join(parts)


def _rows(path: Path, first_header: str) -> list[list[str]]:
    d = Document(path)
    table = next(t for t in d.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in r.cells] for r in table.rows]


def _render(name: str, tmp_path: Path, **settings):
    case = load_case(SAMPLES / name)
    if settings:
        case = case.model_copy(update={"settings": case.settings.model_copy(update=settings)})
    claim = compute_claim(case)
    infos = {i.doc_kind: tmp_path / i.file_name for i in render_documents(case, claim, tmp_path)}
    return case, claim, infos


def test_sample_04_claim_keeps_every_pre_2020_segment():
    claim = compute_claim(load_case(SAMPLES / "04-pre-2020-transitional"))
    got = [(i.kind, str(i.start), str(i.end), i.days, i.annual_rate, i.accrued, i.paid, i.amount)
           for i in claim.items if i.kind != "principal"]
    assert got == [
        ("term_interest", "2019-06-19", "2020-06-17", 365, D("20"), D("40000.00"), D("40000.00"), D("0.00")),
        ("overdue_interest", "2020-06-18", "2020-08-19", 63, D("24"), D("8284.93"), D("8284.93"), D("0.00")),
        ("overdue_interest", "2020-08-20", "2020-12-31", 134, D("12"), D("8810.96"), D("1715.07"), D("7095.89")),
        ("overdue_interest", "2021-01-01", "2026-03-31", 1916, D("12"), D("125983.56"), D("0.00"), D("125983.56")),
    ]
    assert D("40000.00") + D("8284.93") + D("1715.07") == D("50000.00")
    assert claim.totals.interest == D("133079.45") and claim.totals.total == D("333079.45")
    assert "第三十一条第二款" in claim.transitional_request and "法释〔2015〕18号" in claim.transitional_request
    assert "2019年6月18日" in claim.transitional_request and "年利率12%" in claim.transitional_request
    data = claim.to_json()
    assert data["items"][1]["paid_by"] == [{"date": "2020-12-31", "amount": "40000.00"}]
    assert data["transitional_request"] == claim.transitional_request
    assert data["calculation_text"].startswith("依照《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第三十一条第二款")
    # Continuing interest in the statutory wording, on the whole open principal at the applied 12 %.
    assert claim.until_paid_claimed
    assert claim.until_paid_text == "以200,000.00元为基数，自2026年4月1日起按年利率12%计算逾期利息至实际清偿之日止"


def test_sample_04_complaint_shows_the_segments_the_request_and_only_applicable_articles(tmp_path):
    _case, _claim, docs = _render("04-pre-2020-transitional", tmp_path)
    c = _text(docs["complaint"])
    # the express request of 规定第31条第2款, in the claims' 计算方式
    assert "计算方式：依照《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第三十一条第二款，请求适用当时的司法解释" in c
    # the absorbed pre-2020 segments and how the 2020-12-31 repayment paid them
    assert "自2019年6月19日起计算至2020年6月17日止，共365天，计40,000.00元；已由2020年12月31日的还款冲抵40,000.00元，尚欠0.00元" in c
    assert "自2020年6月18日起计算至2020年8月19日止，共63天，计8,284.93元；已由2020年12月31日的还款冲抵8,284.93元" in c
    assert "已由2020年12月31日的还款冲抵1,715.07元，尚欠7,095.89元" in c
    assert "自2021年1月1日起计算至2026年3月31日止，共1916天，暂计125,983.56元" in c
    assert "以上合计333,079.45元（暂计至2026年3月31日），并以200,000.00元为基数，自2026年4月1日起按年利率12%计算逾期利息至实际清偿之日止" in c
    # 规定第26条 (预扣利息) and 第25条 (cap at formation) do not apply to sample 04; 28 and 31 do.
    assert "第二十六条" not in c and "第二十五条" not in c
    assert "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十八条、第三十一条" in c
    assert "民间借贷规定第26条" not in c and "民法典第670条" not in c


def test_sample_04_annex_states_segments_allocation_and_signature(tmp_path):
    _case, _claim, docs = _render("04-pre-2020-transitional", tmp_path)
    path = docs["interest_statement"]
    assert path.name == "04_利息计算明细.docx"
    text = _text(path)
    assert text.startswith("利息计算明细\n（民事起诉状附件）\n原告：黄某某\n被告：吴某某")
    assert "原告依照《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第三十一条第二款，请求适用当时的司法解释" in text
    rows = _rows(path, "序号")
    assert rows[0][:3] == ["序号", "项目", "计息基数（元）"]
    body = [r for r in rows[1:]]
    assert [r[1] for r in body] == ["借期内利息", "逾期利息", "逾期利息", "逾期利息"]
    assert [r[4] for r in body] == [
        "2019年6月19日至2020年6月17日", "2020年6月18日至2020年8月19日",
        "2020年8月20日至2020年12月31日", "2021年1月1日至2026年3月31日",
    ]
    assert [r[5] for r in body] == ["365天", "63天", "134天", "1916天"]
    assert [r[6] for r in body] == ["40,000.00", "8,284.93", "8,810.96", "125,983.56"]
    # 上限调减: post-2020 at 12 % instead of the agreed 24 %: 8,810.96 and 125,983.56 not claimed
    assert [r[3] for r in body] == ["20%", "24%", "12%（约定24%）", "12%（约定24%）"]
    assert [r[7] for r in body] == ["", "", "8,810.96", "125,983.56"]
    assert [r[8] for r in body] == [
        "40,000.00（2020年12月31日还款）", "8,284.93（2020年12月31日还款）", "1,715.07（2020年12月31日还款）", "",
    ]
    assert [r[9] for r in body] == ["0.00", "0.00", "7,095.89", "125,983.56"]
    pay = _rows(path, "还款日期")
    assert pay[1][:5] == ["2020年12月31日", "50,000.00", "0.00", "50,000.00", "0.00"]
    assert "第561条" in pay[1][5]
    assert "合计人民币333,079.45元（大写：人民币叁拾叁万叁仟零柒拾玖元肆角伍分）" in text
    assert "原告（签名或者盖章）：黄某某" in text and "2026年3月31日" in text.split("原告（签名或者盖章）")[1]
    # 规定第26条 (预扣利息) is not cited; 法释〔2015〕18号第26条 (the 2015 rate line) is, rightly.
    assert "第二十六条" not in text and "民间借贷规定第26条" not in text and "民间借贷规定》第26条" not in text
    assert "法释〔2015〕18号第26条" in text


def test_sample_03_annex_shows_the_24_percent_reduction_line_by_line(tmp_path):
    # 罚息 27 % held to 24 % (tests/test_review_regressions.py): cuts 181.58, 169.08, 156.58, 730.65;
    # 逾期管理费 300.00 cut entirely (the 罚息 fills the 24 % line 9,903.01).
    _case, _claim, docs = _render("03-consumer-finance-guarantor", tmp_path)
    rows = _rows(docs["interest_statement"], "序号")[1:]
    overdue = [r for r in rows if r[1] == "逾期利息"]
    assert [(r[3], r[6], r[7], r[9]) for r in overdue] == [
        ("24%（约定27%）", "1,452.60", "181.58", "1,452.60"),
        ("24%（约定27%）", "1,352.60", "169.08", "1,352.60"),
        ("24%（约定27%）", "1,252.60", "156.58", "1,252.60"),
        ("24%（约定27%）", "5,845.21", "730.65", "5,845.21"),
    ]
    (fee,) = [r for r in rows if r[1] == "逾期管理费"]
    assert (fee[6], fee[7], fee[9]) == ("300.00", "300.00", "0.00")
    paid = [r for r in rows if r[8]]
    assert [r[8] for r in paid] == [
        "900.00（2024年9月15日还款）", "825.00（2024年10月15日还款）", "750.00（2024年11月15日还款）", "675.00（2024年12月15日还款）",
    ]
    text = _text(docs["interest_statement"])
    assert "法发〔2017〕22号第2条" in text and "合计调减1,537.89元" in text
    assert "合计人民币51,798.56元" in text
    c = _text(docs["complaint"])
    # The complaint's 计算方式 (one table cell) sums the eight segments up by rate and shows the cut too:
    # 181.58 + 169.08 + 156.58 + 730.65 = 1,237.89 above 24 % on the four overdue instalments.
    assert "超过年利率24%的部分1,237.89元不予主张" in c and "详见所附《利息计算明细》" in c


def test_payment_order_fixed_amounts_and_annex(tmp_path):
    # Sample 01 goes by payment order: amounts are "计算至", never "暂计" (数额确定, 民诉法解释第427条);
    # no interest after the cut-off unless settings.payment_order_until_paid; the annex is listed.
    _case, claim, docs = _render("01-company-loan-instalments", tmp_path)
    assert claim.procedure.kind == "payment_order" and not claim.until_paid_claimed
    assert any("payment_order_until_paid" in n for n in claim.notes)
    po = _text(docs["payment_order"])
    assert "暂计" not in po
    assert "下列款项（计算至2026年3月31日）" in po
    assert "至实际清偿之日止" not in po
    assert "2. 利息计算明细1份；" in po
    # the 2025-07-05 repayment (833.33): interest 2025-06-06..07-05 30 days = 100,000 × 10 % × 30/365
    # = 821.917… → 821.92 and 11.41 of principal
    assert "被冲抵的利息为：2025年6月6日至2025年7月5日的借期内利息821.92元（已全部冲抵）" in po
    annex = _text(docs["interest_statement"])
    assert annex.startswith("利息计算明细\n（支付令申请书附件）\n申请人：北京某某商贸有限公司")
    assert "暂计" not in annex and "申请人（签名或者盖章）：北京某某商贸有限公司" in annex
    # With the setting on, the payment order also asks for the interest until paid.
    _case, claim, docs = _render("01-company-loan-instalments", tmp_path / "on", payment_order_until_paid=True)
    assert claim.until_paid_claimed
    po = _text(docs["payment_order"])
    assert f"，并{claim.until_paid_text}。" in po
    assert claim.until_paid_text == "以99,988.59元为基数，自2026年4月1日起按年利率12%计算逾期利息至实际清偿之日止"


def test_manifest_lists_the_annex(tmp_path):
    manifest = build_case(SAMPLES / "02-iou-no-interest", tmp_path, BuildOptions(bundle=False, only=("filing",)))
    files = {d.kind: d.file for d in manifest.documents}
    assert files == {"payment_order": "04_支付令申请书.docx", "interest_statement": "04_利息计算明细.docx"}
    on_disk = json.loads((tmp_path / "02-iou-no-interest" / "manifest.json").read_text(encoding="utf-8"))
    assert {d["kind"] for d in on_disk["documents"]} == {"payment_order", "interest_statement"}
    # no interest claimed: the annex still states the principal and the total, signed
    text = _text(tmp_path / "02-iou-no-interest" / "04_利息计算明细.docx")
    assert "合计人民币30,000.00元" in text and "申请人（签名或者盖章）：刘某某" in text
