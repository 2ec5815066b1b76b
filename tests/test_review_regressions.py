"""Regressions found in the legal review of the claim engine and the drafts (hand-computed).

Conventions: 365-day basis, the day of the event that opens a period not counted (民法典第201条),
each item rounded once to fen (half up) — the same as tests/test_claim.py.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from test_claim_helpers import BANK, make_case

from pipeline.case import load_case
from pipeline.law.claim import compute_claim

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_cases"


def _sample(name: str):
    return load_case(SAMPLES / name)


# ---------------------------------------------------------------- financial 24 % warning


def _no_cap(case):
    return case.model_copy(update={"settings": case.settings.model_copy(update={"financial_charges_cap": False})})


def test_financial_24_percent_is_measured_on_the_overdue_period_case_03():
    # Sample 03 (consumer finance, 罚息 27 %/yr, 逾期管理费 300 claimed, 按月计息), to 2026-03-31,
    # with settings.financial_charges_cap false (claimed as agreed, warning only); whole months by the
    # corresponding day of the event that opens the period, at rate/12, the rest by day:
    #   instalment 5 (2025-01-16..): 14 months + 16 days: 1,575.00 + 5,000 × 27 % × 16/365 (59.178…) = 1,634.18
    #   instalment 6 (2025-02-16..): 13 months + 16 days: 1,462.50 + 59.178… = 1,521.68
    #   instalment 7 (2025-03-16..): 12 months + 16 days: 1,350.00 + 59.178… = 1,409.18
    #   instalments 8–12 accelerated (2025-04-11..): 11 months + 21 days:
    #     6,187.50 + 25,000 × 27 % × 21/365 (388.356…) = 6,575.86
    #   overdue charges = 11,140.90 + fee 300.00 = 11,440.90
    # 24 % line (2 %/month) on the same principal, months and days:
    #   1,400 + 52.602… → 1,452.60; 1,300 + 52.602… → 1,352.60; 1,200 + 52.602… → 1,252.60;
    #   5,500 + 25,000 × 24 % × 21/365 (345.205…) → 5,845.21
    #   = 9,903.01 < 11,440.90 → the warning must be given (the low 18 % term rate must not hide it).
    claim = compute_claim(_no_cap(_sample("03-consumer-finance-guarantor")))
    overdue = [i for i in claim.items if i.kind == "overdue_interest"]
    assert [i.amount for i in overdue] == [D("1634.18"), D("1521.68"), D("1409.18"), D("6575.86")]
    w = [x for x in claim.warnings if "法发〔2017〕22号" in x]
    assert len(w) == 1
    assert "11,440.90" in w[0] and "9,903.01" in w[0]
    assert [c.kind for c in claim.caps] == ["financial_24"] and claim.caps[0].reduced_by == 0
    # nothing is cut: total = 40,000 + 1,895.55 term (test_interest_monthly.py) + 11,140.90 overdue + 300 = 53,336.45
    assert claim.totals.total == D("53336.45")


def test_financial_charges_cap_claims_no_more_than_the_24_percent_line_case_03():
    # The same case with the default settings.financial_charges_cap (on for consumer finance):
    # each 罚息 line is held to 24 % (figures above) and shows its cut —
    #   1,634.18 − 1,452.60 = 181.58; 1,521.68 − 1,352.60 = 169.08; 1,409.18 − 1,252.60 = 156.58;
    #   6,575.86 − 5,845.21 = 730.65; together 1,237.89;
    # the overdue charges are then 9,903.01 = the 24 % line, so the 300.00 fee is cut entirely.
    # Claimed: 40,000 + 1,895.55 + 9,903.01 + 0 = 51,798.56; reduction 1,237.89 + 300.00 = 1,537.89.
    claim = compute_claim(_sample("03-consumer-finance-guarantor"))
    overdue = [i for i in claim.items if i.kind == "overdue_interest"]
    assert [(i.annual_rate, i.agreed_rate, i.amount) for i in overdue] == [
        (D("24"), D("27"), D("1452.60")), (D("24"), D("27"), D("1352.60")),
        (D("24"), D("27"), D("1252.60")), (D("24"), D("27"), D("5845.21")),
    ]
    assert [i.agreed_amount - i.accrued for i in overdue] == [D("181.58"), D("169.08"), D("156.58"), D("730.65")]
    assert "约定年利率27%，按约定计1,634.18元，超过年利率24%的部分181.58元不予主张" in overdue[0].formula
    (fee,) = [i for i in claim.items if i.kind == "fee"]
    assert (fee.accrued, fee.reduced_by, fee.amount) == (D("300.00"), D("300.00"), D("0.00"))
    line = sum((i.amount for i in overdue), D(0)) + fee.amount
    assert line == D("9903.01")  # 罚息 + fees = the 24 % line on the overdue principal, not above it
    (cap,) = claim.caps
    assert cap.kind == "financial_24" and cap.reduced_by == D("1537.89")
    assert "法发〔2017〕22号第2条" in cap.basis and "1,237.89" in cap.basis and "300.00" in cap.basis
    assert not any("法发〔2017〕22号" in w for w in claim.warnings)  # reduced, not merely warned
    assert claim.totals.total == D("51798.56")
    # After the cut-off the 罚息 runs at the same 24 % on all 40,000 overdue principal.
    assert claim.until_paid_text == "以40,000.00元为基数，自2026年4月1日起按年利率24%计算逾期利息至实际清偿之日止"


def test_bank_overdue_rate_above_24_warns_although_the_whole_life_average_does_not():
    # Bank, 100,000 on 2024-01-01, 18 %, due 2024-06-30, 罚息 27 %, computed to 2024-12-31.
    # Term 2024-01-02..06-30 = 181 days: 18,000 × 181/365 = 8,926.03;
    # overdue 2024-07-01..12-31 = 184 days: 27,000 × 184/365 = 13,610.958… → 13,610.96.
    # Whole life: 8,926.03 + 13,610.96 = 22,536.99 < 24,000.00 (24 % over 365 days) — but in the
    # overdue period 13,610.96 > 24,000 × 184/365 = 12,098.63 → warn (cap off) / cut to 12,098.63 (cap on).
    def bank(cap: bool):
        return make_case(
            {
                "creditor": dict(BANK),
                "lender_category": "bank",
                "loan": {
                    "disbursements": [{"date": "2024-01-01", "amount": "100000", "method": "bank_transfer"}],
                    "due_date": "2024-06-30",
                    "interest": {"kind": "agreed", "rate": "18"},
                    "overdue_interest": {"kind": "agreed", "rate": "27"},
                },
                "computation_date": "2024-12-31",
                "settings": {"financial_charges_cap": cap},
            }
        )

    claim = compute_claim(bank(False))
    w = [x for x in claim.warnings if "法发〔2017〕22号" in x]
    assert len(w) == 1 and "13,610.96" in w[0] and "12,098.63" in w[0]
    capped = compute_claim(bank(True))
    (over,) = [i for i in capped.items if i.kind == "overdue_interest"]
    assert (over.amount, over.agreed_amount) == (D("12098.63"), D("13610.96"))
    assert capped.caps[0].reduced_by == D("1512.33")  # 13,610.96 − 12,098.63


# ---------------------------------------------------------------- procedure notes


def test_payment_order_with_preservation_wanted_is_flagged_case_01():
    # Sample 01: preferred auto, all 427 conditions hold → payment order; but the creditor wants
    # preservation (debtor owns a flat). A payment order gives no preservation (427(七) bars a prior
    # 诉前保全; courts generally do not take preservation in 督促程序) → a warning, not a silent choice.
    # With preferred payment_order the creditor's choice stands, with the warning; in auto mode
    # preservation_wanted leads to a lawsuit (issue 13), the reasons say why.
    case = _sample("01-company-loan-instalments")
    case = case.model_copy(update={"procedure": case.procedure.model_copy(update={"preferred": "payment_order", "preservation_wanted": True})})
    claim = compute_claim(case)
    assert claim.procedure.kind == "payment_order"
    assert any("督促程序一般不受理财产保全" in w for w in claim.warnings)
    auto = compute_claim(case.model_copy(update={"procedure": case.procedure.model_copy(update={"preferred": "auto"})}))
    assert auto.procedure.kind == "complaint" and any("财产保全" in r for r in auto.procedure.reasons)
    # Court: debtor's habitual residence (通州) differs from domicile (朝阳) → 民诉法22①: 经常居住地.
    assert claim.procedure.court.name == "北京市通州区人民法院"
    assert "经常居住地" in claim.procedure.court.basis


# ---------------------------------------------------------------- the drafts (read with python-docx)

from docx import Document  # noqa: E402

from pipeline.render import render_documents  # noqa: E402


def _text(path: Path) -> str:
    d = Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            for c in r.cells:
                parts.append(c.text)
    return "\n".join(parts)


def _build(name: str, tmp_path: Path) -> dict[str, str]:
    case = _sample(name)
    claim = compute_claim(case)
    infos = render_documents(case, claim, tmp_path)
    return {i.doc_kind: _text(tmp_path / i.file_name) for i in infos}


def test_complaint_case_03_interest_after_cut_off_runs_on_all_overdue_principal(tmp_path):
    # After 2026-03-31 罚息 runs on every unpaid instalment: 5,000 × 3 (instalments 5–7) + 25,000
    # (accelerated 8–12) = 40,000 at 27 % — not on the last item's 25,000 alone.
    docs = _build("03-consumer-finance-guarantor", tmp_path)
    c = docs["complaint"]
    # (罚息 held to 24 %, settings.financial_charges_cap)
    assert "并以40,000.00元为基数，自2026年4月1日起按年利率24%计算逾期利息至实际清偿之日止" in c
    assert "以25,000.00元为基数，自2026年4月1日" not in c
    # Both defendants named in the claims; guarantor liability per 民法典688 (joint).
    assert "判令被告李某某向原告支付" in c and "判令被告周某某对上述债务承担连带清偿责任" in c
    # 金融借款 interest split (按月计息; the four paid months leave nothing, test_interest_monthly.py):
    # 期内 75.00 + 150.00 + 225.00 + 1,445.55 = 1,895.55;
    # 罚息 at 24 % 1,452.60 + 1,352.60 + 1,252.60 + 5,845.21 = 9,903.01; sum 11,798.56 (no "罚息 0.00").
    # the form's own wording (法〔2025〕82号 金融借款合同纠纷: “欠利息 元、期内利息 元、复利 元、罚息（违约金） 元”)
    assert "欠利息11,798.56元、期内利息1,895.55元、复利0.00元、罚息（违约金）9,903.01元" in c
    # Repayments were applied by agreement (5,000 principal each), not by 民法典561:
    # principal 4 × 5,000 = 20,000; interest 900 + 825 + 750 + 675 = 3,150.
    assert "已还本金：20,000.00元\n已还利息：3,150.00元，还息至2024年12月14日（按照双方约定抵充）" in c
    assert "第五百六十一条抵充" not in c
    # 17. 请求承担责任的依据 (the form's only 依据 row) cites 579 and 688.
    assert c.count("第五百七十九条、第六百七十五条、第六百七十六条、第六百八十一条、第六百八十八条") == 1


def test_lawyer_letter_case_03_cites_the_joint_guarantee_article_only(tmp_path):
    # A 连带责任保证 is governed by 民法典688; 687 (一般保证, 先诉抗辩权) does not apply.
    letter = _build("03-consumer-finance-guarantor", tmp_path)["lawyer_letter"]
    assert "第六百八十一条、第六百八十八条及保证合同" in letter
    assert "第六百八十七条" not in letter


def test_letters_case_03_do_not_claim_charges_within_the_legal_limit(tmp_path):
    # 罚息 27 % + fee exceed the 24 % line (warning above): the letter must not assert the opposite.
    docs = _build("03-consumer-finance-guarantor", tmp_path)
    assert "未超过法律保护的上限" not in docs["demand_letter"]
    # repayments (2024) came before the acceleration (2025-04-10): no "此后您已还款".
    assert "此后您已还款" not in docs["demand_letter"] and "您已还款4笔" in docs["demand_letter"]


def test_payment_order_case_02_states_facts_and_conditions_as_the_applicant(tmp_path):
    po = _build("02-iou-no-interest", tmp_path)["payment_order"]
    # An IOU is issued by the borrower, not signed by both.
    assert "陈某于2024年11月2日向刘某某出具《借条》" in po and "签订《借条》" not in po
    # The debtor's own acknowledgement of 2026-01-15 is not a creditor's 催告.
    assert "2026年1月15日，陈某通过微信确认尚欠借款" in po
    assert "2026年1月15日以微信方式催告" not in po
    # No interest claimed → no statement that "the interest" is agreed and within the cap.
    assert "申请人本次仅主张借款本金" in po and "申请人主张的利息均有借款合同的约定" not in po
    # Conditions affirmed in the applicant's voice; no engine wording, no guarantor line without a guarantor.
    for bad in ("案件记录未显示", "已从支付令请求中剔除", "不追究保证人责任", "或未主张"):
        assert bad not in po
    assert "申请人与被申请人之间没有其他债务纠纷" in po
    assert "贵院系被申请人经常居住地基层人民法院" in po  # 海珠区 = habitual residence (民诉法22①)


def test_lawyer_letter_payment_order_route_promises_no_preservation(tmp_path):
    docs = _build("01-company-loan-instalments", tmp_path)
    letter = docs["lawyer_letter"]
    assert "向北京市通州区人民法院申请支付令；支付令生效后仍不履行的，委托人将依法申请强制执行" in letter
    assert "保全" not in letter.split("四、法律后果")[1].split("五、")[0]
    # Acceleration clause: "逾期超过10日仍未足额支付" (the draft said "逾期超过10日足额支付").
    assert "逾期超过10日仍未足额支付的" in docs["instalment_agreement"]
