"""Regressions from a lawyer's read of the e-filing forms and checklist (no LibreOffice needed).

- 授权委托书 on the payment-order route: 督促程序 has no hearing, mediation (民诉法解释第143条),
  质证/辩论, and in practice no preservation; counterclaim and appeal do not exist there. The
  power of attorney names only what the agent does, and says a new one is needed if the order
  lapses and the case turns into a lawsuit (民诉法解释第438–439条).
- 送达地址确认书: 民诉法解释第137条 carries the first-instance address to 第二审程序, 审判监督程序
  (再审) and 执行程序 — 再审 was missing.
- Checklist: originals are brought "开庭时" only in a lawsuit; the halved case fee is an assumption
  of 简易程序 (诉讼费用交纳办法第16条) and the full fee applies if the court uses 普通程序.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pipeline.case import load_case
from pipeline.efiling.forms import forms_for, render_form
from pipeline.efiling.manifest import checklist_for
from pipeline.law.claim import compute_claim
from pipeline.render import docx_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "sample_cases").iterdir() if (p / "case.json").is_file())


def _case(prefix: str):
    return load_case(next(s for s in SAMPLES if s.name.startswith(prefix)))


def _form_text(case, key: str) -> str:
    claim = compute_claim(case)
    spec = next(s for s in forms_for(case, claim)[0] if s.key == key)
    return "".join(docx_paragraphs(render_form(case, claim, spec)))


def test_payment_order_power_of_attorney_names_only_payment_order_matters() -> None:
    case = _case("01-")  # payment order, lawyer, general authority
    assert compute_claim(case).procedure.kind == "payment_order"
    text = _form_text(case, "power_of_attorney")
    assert "受托人的代理事项：代为申请支付令，陈述事实，提交证据，提交、签收法律文书。" in text
    for wrong in ("庭审", "调解", "质证", "辩论", "申请财产保全", "代为起诉"):
        assert wrong not in text, wrong
    assert "支付令失效、本案转入诉讼程序的，另行出具授权委托书。" in text
    assert "全权代理" not in text


def test_payment_order_special_powers_leave_out_counterclaim_and_appeal() -> None:
    case = _case("01-")
    lawyer = case.lawyer.model_copy(update={"authority": "special", "special_powers": ["waive", "appeal", "counterclaim", "settle"]})
    text = _form_text(case.model_copy(update={"lawyer": lawyer}), "power_of_attorney")
    assert "有权代为放弃诉讼请求、进行和解（《中华人民共和国民事诉讼法》第六十二条第二款）" in text
    assert "提起上诉" not in text and "提起反诉" not in text


def test_lawsuit_power_of_attorney_keeps_litigation_matters() -> None:
    text = _form_text(_case("04-"), "power_of_attorney")
    assert "代为起诉，提交、签收法律文书，申请财产保全，参加调解和庭审，陈述事实，提交证据，进行质证和辩论。" in text
    assert "另行出具授权委托书" not in text


def test_service_address_notice_covers_retrial_and_route_label() -> None:
    text = _form_text(_case("04-"), "service_address")
    assert "适用于第二审程序、审判监督程序和执行程序" in text and "第一百三十七条" in text
    # the lawyer is the 指定代收人 (not a 备注), with the route's own label
    assert "指定代收人郑某某（浙江某某律师事务所律师，委托诉讼代理人）" in text
    po = _form_text(_case("01-"), "service_address")
    assert "指定代收人赵某某（北京某某律师事务所律师，委托代理人）" in po and "委托诉讼代理人" not in po


def test_checklist_originals_on_payment_order_route_have_no_hearing() -> None:
    case = _case("01-")
    items = checklist_for(case, compute_claim(case), [], [])
    texts = [c.item for c in items]
    assert not any("开庭" in t for t in texts)
    assert any(t.startswith("人民法院要求核对时提交以下证据原件：E2") for t in texts)
    lawsuit = _case("04-")
    assert any(c.item.startswith("开庭时携带以下证据原件以备核对：E1")
               for c in checklist_for(lawsuit, compute_claim(lawsuit), [], []))


def test_checklist_states_halved_fee_assumes_summary_procedure() -> None:
    case = _case("04-")  # lawsuit, expected summary procedure
    claim = compute_claim(case)
    total = claim.totals.total
    # 诉讼费用交纳办法第13条(一): 20万–50万 → 1.5% × x + 1,300 (cumulative brackets)
    full = (total * Decimal("0.015") + 1300).quantize(Decimal("0.01"), ROUND_HALF_UP)
    half = (total * Decimal("0.015") / 2 + 650).quantize(Decimal("0.01"), ROUND_HALF_UP)
    # 333,079.45 (sample 04, tests/test_interest_statement.py): 4,996.19175 + 1,300 = 6,296.19; half 3,148.10
    assert total == Decimal("333079.45") and full == Decimal("6296.19") and half == Decimal("3148.10")
    item = next(c for c in checklist_for(case, claim, [], []) if "预交案件受理费" in c.item)
    assert "预交案件受理费3,148.10元（按简易程序减半计算；人民法院适用普通程序的，应交全额6,296.19元）" in item.item
    assert "第16条" in item.basis and "第199条" in item.basis
