"""The instalment agreement's clauses that must hold when the debtor defaults again (issue 15 item 3):
waiver lapse consistent with acceleration, interest and costs after acceleration, the guarantor's
written consent (民法典第695条), the spouse's co-signature (第1064条), 赋强公证 (公证法第37条,
民事诉讼法第249条), and the article numbers that follow them."""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document

from conftest import SAMPLES, read_case_json
from pipeline.case import parse_case
from pipeline.law.claim import compute_claim
from pipeline.render import render_documents
from pipeline.stage import assess

S01 = SAMPLES / "01-company-loan-instalments"
S03 = SAMPLES / "03-consumer-finance-guarantor"


def _agreement(data: dict, tmp_path: Path) -> list[str]:
    case = parse_case(copy.deepcopy(data))
    claim = compute_claim(case)
    (info,) = render_documents(case, claim, tmp_path, only=["instalment_agreement"])
    return [p.text for p in Document(str(tmp_path / info.file_name)).paragraphs if p.text.strip()]


def _with_terms(folder: Path, **terms) -> dict:  # type: ignore[no-untyped-def]
    data = read_case_json((folder / "case.json").read_text(encoding="utf-8"))
    data["instalment_terms"] = {"count": 6, "first_due_date": "2026-04-15", "interval_months": 1,
                                "waive": ["overdue_interest"], "acceleration_grace_days": 10, **terms}
    data.pop("agreement", None)
    return data


SPOUSE = {"kind": "person", "name": "赵某某", "gender": "女", "id_number": "11010519880214302X",
          "domicile": "北京市通州区某某镇某某家园7号楼2单元1101号", "phone": "13910468274"}


def test_waiver_lapses_with_acceleration_and_the_debt_keeps_running(tmp_path: Path) -> None:
    lines = _agreement(_with_terms(S01), tmp_path)
    text = "\n".join(lines)
    # the waiver lapses on the same condition as acceleration (10 grace days), not on one day late
    assert "乙方任何一期款项逾期超过10日仍未足额支付的（即发生本协议第五条约定的加速到期情形），上述减免自动失效" in text
    assert "支付自提前到期之日起至实际清偿之日止的逾期利息（以不超过法律保护的上限为限）" in text
    assert "诉讼费、保全费、公告费及合理的律师费等费用，由乙方承担" in text
    assert "第六条　通知与送达" in lines  # no guarantor, spouse or notarisation: numbering unchanged
    strict = _agreement(_with_terms(S01, waiver_lapse="any_default", default_costs=False), tmp_path / "b")
    assert any(line.startswith("乙方任何一期未按约定足额还款的，上述减免自动失效") for line in strict)
    assert not any("合理的律师费" in line for line in strict)


def test_guarantor_consent_spouse_and_notarisation_with_their_numbers(tmp_path: Path) -> None:
    data = _with_terms(S03, spouse=SPOUSE, notarize=True)
    lines = _agreement(data, tmp_path)
    text = "\n".join(lines)
    guarantor = data["guarantors"][0]["party"]["name"]
    assert any(line.startswith(f"丙方（保证人）：{guarantor}") for line in lines)
    assert "书面同意本协议对主债务履行期限和履行方式的变更" in text and "第六百九十五条" in text
    assert any(line.startswith("丁方（乙方配偶）：赵某某") for line in lines)
    # 第六条 保证, 第七条 配偶确认, 第八条 赋强公证, then 第九条 通知与送达, 第十条, 第十一条
    heads = [line for line in lines if line.startswith("第") and "条　" in line]
    assert heads[5:] == ["第六条　保证", "第七条　配偶确认", "第八条　赋予强制执行效力公证", "第九条　通知与送达",
                         "第十条　争议解决", "第十一条　其他"]
    assert "第一千零六十四条第一款" in text and "公证法》第三十七条" in text and "第二百四十九条" in text
    assert "乙方、丙方、丁方自愿接受强制执行" in text
    tail = lines[lines.index("（以下无正文）") + 1:]
    assert "丁方：赵某某（签字）" in tail and f"丙方：{guarantor}（签字）" in tail
    # a copy for every signatory: 甲乙丙丁
    assert "一式4份" in text


def test_stage_warns_about_notarisation_steps_and_guarantor_signature() -> None:
    data = _with_terms(S03, notarize=True)
    data["collection_log"] = [x for x in data["collection_log"] if x.get("document") is None]
    case = parse_case(data)
    claim = compute_claim(case)
    r = assess(case, claim)
    assert r.stage == "negotiating" and r.plan["instalment_agreement"].produce
    assert any("执行证书" in w for w in r.warnings)
    assert any("第六百九十五条第二款" in w for w in r.warnings)
