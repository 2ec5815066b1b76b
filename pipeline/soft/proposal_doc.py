"""The repayment proposal for the creditor (还款方案建议): the options with their schedules, what
each path recovers and costs, and which option the negotiated terms correspond to.

Display values only; every amount is taken from :class:`pipeline.law.proposal.Proposal`
(itself built from the claim engine and :func:`~pipeline.law.instalments.instalment_schedule`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..case.models import Case
from ..law.claim import Claim
from ..law.proposal import LitigationPath, PlanOption, Proposal
from ..money import figures, zh_date

__all__ = ["CompareRow", "ProposalView", "proposal_view"]

_ABILITY = {"able": "有能力偿还", "tight": "资金紧张", "unable": "无力偿还", "unknown": "不明"}
_ASSET = {"real_estate": "不动产", "vehicle": "车辆", "bank_account": "银行存款", "equity": "股权", "other": "其他财产"}


@dataclass(frozen=True)
class CompareRow:
    path: str
    recovered: Decimal
    upfront: Decimal
    duration: str
    condition: str


@dataclass(frozen=True)
class ProposalView:
    as_of_text: str
    claim_total: Decimal
    situation: list[str]
    options: list[PlanOption]
    litigation: LitigationPath
    compare: list[CompareRow]
    recommended_text: str
    reasons: list[str]
    excluded: list[str]
    negotiated_text: str
    notes: list[str]


def proposal_view(case: Case, claim: Claim, proposal: Proposal) -> ProposalView:
    s = case.debtor_situation
    situation = [f"还款能力：{_ABILITY[s.ability]}" + (f"；自报每月可还{figures(s.monthly_capacity)}元" if s.monthly_capacity else "；每月可还金额不明") + "。"]
    for a in s.assets:
        situation.append(
            f"已知财产：{_ASSET[a.kind]}，{a.description}" + (f"，估值约{figures(a.estimated_value)}元" if a.estimated_value else "") + "。"
        )
    lit = proposal.litigation
    compare = [
        CompareRow(
            f"方案{o.number}（{o.count}期）",
            o.total,
            Decimal("0.00"),
            f"{zh_date(o.first_due)}至{zh_date(o.last_due)}",
            "按期足额履行" + (f"；违约则恢复为{figures(o.revived_total)}元" if o.waived else ""),
        )
        for o in proposal.options
    ]
    compare.append(
        CompareRow(
            lit.title,
            lit.recovered,
            lit.upfront,
            "见上文“预计时间”",
            (
                "支付令生效后债务人仍不履行的，需申请强制执行；债务人提出书面异议的，转入诉讼并补交案件受理费；"
                "申请费在债务人未提出异议时由债务人负担"
                if lit.kind == "payment_order"
                else "胜诉判决生效后债务人仍不履行的，需申请强制执行；案件受理费由败诉方负担，保全费可列入诉讼请求"
            ),
        )
    )
    negotiated = next((o for o in proposal.options if o.matches_negotiated), None)
    if negotiated is not None:
        negotiated_text = (
            f"案件中已协商的分期条件（{negotiated.count}期，每{negotiated.interval_months}个月一期，首期{zh_date(negotiated.first_due)}"
            + (f"，附条件减免{negotiated.waived_labels}" if negotiated.waived_items else "")
            + f"）对应方案{negotiated.number}，分期还款协议按该条件生成。"
        )
    else:
        negotiated_text = "案件中没有已协商的分期条件。选定方案后，按该方案的编号生成分期还款协议，或把协商好的分期条件填入案件后重新生成。"
    if proposal.recommended is not None:
        rec = proposal.option(proposal.recommended)
        recommended_text = f"建议采用方案{rec.number}（{rec.count}期，合计{figures(rec.total)}元）。"
    else:
        recommended_text = f"不建议以分期为首选：建议要求一次性清偿{figures(proposal.claim_total)}元，不付的，{lit.title}。"
    notes = [
        f"所有金额暂计至{zh_date(claim.as_of)}，来自本案请求计算；分期方案按该日金额确定总额，分期期间不另计利息。",
        "减免均附条件：债务人按期足额履行才免除；任何一期违约，减免自动失效，恢复按全部债务主张。"
        f"恢复后的金额不超过依法可主张的{figures(proposal.claim_total)}元，不会约定超过法定上限的债务。",
        "分期还款协议经债务人签署，属于义务人同意履行，诉讼时效中断并重新计算（民法典第195条；诉讼时效规定第14条）；"
        "分期履行的债务，诉讼时效自最后一期履行期限届满之日起计算（民法典第189条）。",
    ]
    if case.lender_category == "card_issuer":
        notes.append("信用卡个性化分期最长不超过5年（《商业银行信用卡业务监督管理办法》第70条）。")
    return ProposalView(
        as_of_text=zh_date(claim.as_of),
        claim_total=proposal.claim_total,
        situation=situation,
        options=list(proposal.options),
        litigation=lit,
        compare=compare,
        recommended_text=recommended_text,
        reasons=list(proposal.reasons),
        excluded=list(proposal.excluded),
        negotiated_text=negotiated_text,
        notes=notes,
    )
