"""Regressions found in the legal review of the claim engine and the drafts (hand-computed).

Conventions: 365-day basis, first and last day of each printed period counted, each item rounded
once to fen (half up) — the same as tests/test_claim.py.
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


def test_financial_24_percent_is_measured_on_the_overdue_period_case_03():
    # Sample 03 (consumer finance, 罚息 27 %/yr, 逾期管理费 300 claimed), to 2026-03-31:
    #   instalment 5: 5,000 × 27 % × 440/365 = 1,627.397… → 1,627.40 (2025-01-16..2026-03-31)
    #   instalment 6: 5,000 × 27 % × 409/365 = 1,512.739… → 1,512.74 (2025-02-16..)
    #   instalment 7: 5,000 × 27 % × 381/365 = 1,409.178… → 1,409.18 (2025-03-16..)
    #   instalments 8–12 accelerated: 25,000 × 27 % × 355/365 = 6,565.068… → 6,565.07 (2025-04-11..)
    #   overdue charges = 11,114.39 + fee 300.00 = 11,414.39
    # 24 % line on the same principal and days:
    #   1,446.575… → 1,446.58; 1,344.657… → 1,344.66; 1,252.602… → 1,252.60; 5,835.616… → 5,835.62
    #   = 9,879.46 < 11,414.39 → the warning must be given (the low 18 % term rate must not hide it).
    claim = compute_claim(_sample("03-consumer-finance-guarantor"))
    overdue = [i for i in claim.items if i.kind == "overdue_interest"]
    assert [i.amount for i in overdue] == [D("1627.40"), D("1512.74"), D("1409.18"), D("6565.07")]
    w = [x for x in claim.warnings if "法发〔2017〕22号" in x]
    assert len(w) == 1
    assert "11,414.39" in w[0] and "9,879.46" in w[0]
    assert [c.kind for c in claim.caps] == ["financial_24"] and claim.caps[0].reduced_by == 0
    # nothing is cut: total = 40,000 + 1,922.06 term + 11,114.39 overdue + 300 = 53,336.45
    assert claim.totals.total == D("53336.45")


def test_bank_overdue_rate_above_24_warns_although_the_whole_life_average_does_not():
    # Bank, 100,000 on 2024-01-01, 18 %, due 2024-06-30, 罚息 27 %, computed to 2024-12-31.
    # Whole life: 8,975.34 + 13,610.96 = 22,586.30 < 24,065.75 (24 % over 366 days) — but in the
    # overdue period 13,610.96 > 24,000 × 184/365 = 12,098.63 → warn.
    claim = compute_claim(
        make_case(
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
            }
        )
    )
    w = [x for x in claim.warnings if "法发〔2017〕22号" in x]
    assert len(w) == 1 and "13,610.96" in w[0] and "12,098.63" in w[0]


# ---------------------------------------------------------------- procedure notes


def test_payment_order_with_preservation_wanted_is_flagged_case_01():
    # Sample 01: preferred auto, all 427 conditions hold → payment order; but the creditor wants
    # preservation (debtor owns a flat). A payment order gives no preservation (427(七) bars a prior
    # 诉前保全; courts generally do not take preservation in 督促程序) → a warning, not a silent choice.
    claim = compute_claim(_sample("01-company-loan-instalments"))
    assert claim.procedure.kind == "payment_order"
    assert any("督促程序一般不受理财产保全" in w for w in claim.warnings)
    # Court: debtor's habitual residence (通州) differs from domicile (朝阳) → 民诉法22①: 经常居住地.
    assert claim.procedure.court.name == "北京市通州区人民法院"
    assert "经常居住地" in claim.procedure.court.basis
