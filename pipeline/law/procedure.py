"""Payment order (支付令) or complaint (民事起诉状), and which court.

Payment order conditions (民事诉讼法第225条; 民诉法解释第427、428、430、434条), all required:

1. a money claim, due and of a fixed amount (解释第427条第1款第（一）（二）项; 第428条第1款第（四）项);
2. no counter-performance owed by the creditor (解释第427条第1款第（三）项);
3. no other debt dispute between the parties (民诉法第225条第1款第（一）项);
4. the debtor is in mainland China (解释第427条第1款第（四）项);
5. the debtor's whereabouts are known and the order can be served — a payment order cannot be
   served by publication and lapses if not served within 30 days (民诉法第225条第1款第（二）项;
   解释第427条第1款第（四）（五）项, 第430条);
6. no pre-action preservation applied for (解释第427条第1款第（七）项);
7. interest, 违约金 or damages only where the contract agreed them (解释第428条第1款第（二）项);
8. no guarantor pursued: a payment order does not bind a guarantor (解释第434条).

Decision on condition 7 (the law leaves the handling open): the statutory default overdue
interest (1 × LPR, or 6 % in the pre-2020-08-20 window) is not contractually agreed. With
``preferred="auto"`` such a claim goes to a complaint (the creditor keeps the whole claim); with
``preferred="payment_order"`` the creditor has chosen speed, so the non-agreed items are left out
of the payment order (listed in ``excluded_items`` and in the warnings) and the condition is met.

Court: payment order → the basic court of the debtor's domicile (解释第23条; no agreed forum).
Complaint → the agreed court if the clause is valid (民诉法第35条), else the defendant's domicile
(民诉法第24条) or the place of performance = the receiving party's location for a money claim
(解释第18条第2款; for 民间借贷 also 民间借贷规定第3条). A court name is only ever taken from the
case; when it is missing the decision says which court must be named and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..money import zh_date

__all__ = [
    "Condition",
    "CourtChoice",
    "ProcedureDecision",
    "ProcedureError",
    "decide_procedure",
    "choose_court",
    "TITLES",
]

TITLES = {"payment_order": "支付令申请书", "complaint": "民事起诉状"}


class ProcedureError(ValueError):
    """The user asked for a payment order but a condition fails (Chinese message)."""


@dataclass(frozen=True)
class Condition:
    name: str  # Chinese, what is checked
    ok: bool
    detail: str  # Chinese, the facts found
    basis: str  # article


@dataclass(frozen=True)
class CourtChoice:
    name: str | None  # official name, only as given in the case
    basis: str  # why this court (Chinese, with articles)
    needs_naming: str | None  # when name is None: which court must be named and why


@dataclass(frozen=True)
class ProcedureDecision:
    kind: Literal["payment_order", "complaint"]
    title: str
    conditions: tuple[Condition, ...]
    reasons: tuple[str, ...]
    court: CourtChoice
    excluded_items: tuple[str, ...] = ()  # labels of claim items left out of a payment order

    @property
    def payment_order_possible(self) -> bool:
        return all(c.ok for c in self.conditions)


def _debtor_names(case) -> str:  # type: ignore[no-untyped-def]
    return "、".join(d.name for d in case.debtors)


def payment_order_conditions(
    case,  # type: ignore[no-untyped-def]
    as_of: date,
    *,
    not_due: Sequence[str],
    non_contractual: Sequence[str],
    drop_non_contractual: bool,
) -> tuple[Condition, ...]:
    p = case.procedure
    out: list[Condition] = []
    # ``not_due`` already reflects an acceleration on or before ``as_of``.
    accel = p.acceleration_date if p.acceleration_date is not None and p.acceleration_date <= as_of else None
    if not_due:
        out.append(
            Condition(
                "请求给付金钱，已到期且数额确定",
                False,
                f"截至{zh_date(as_of)}尚有本金未到期：" + "；".join(not_due) + "；且截至该日未宣布提前到期",
                "民诉法解释第427条第1款第（一）（二）项、第428条第1款第（四）项",
            )
        )
    else:
        detail = f"请求给付金钱，截至{zh_date(as_of)}全部本金已到期，利息计算至该日，数额确定"
        if accel is not None:
            detail = f"已于{zh_date(accel)}宣布提前到期，全部本金已到期，利息计算至{zh_date(as_of)}，数额确定"
        out.append(Condition("请求给付金钱，已到期且数额确定", True, detail, "民诉法解释第427条第1款第（一）（二）项"))
    out.append(
        Condition(
            "债权人没有对待给付义务",
            not p.counter_performance_owed,
            "债权人负有对待给付义务" if p.counter_performance_owed else "出借款项已交付，债权人不负对待给付义务",
            "民诉法解释第427条第1款第（三）项",
        )
    )
    out.append(
        Condition(
            "债权人与债务人没有其他债务纠纷",
            not p.other_debt_dispute,
            "双方存在其他债务纠纷" if p.other_debt_dispute else "案件记录未显示双方存在其他债务纠纷",
            "民事诉讼法第225条第1款第（一）项",
        )
    )
    out.append(
        Condition(
            "债务人在中国大陆境内",
            p.debtor_in_mainland,
            f"债务人{_debtor_names(case)}" + ("在中国大陆境内" if p.debtor_in_mainland else "不在中国大陆境内"),
            "民诉法解释第427条第1款第（四）项",
        )
    )
    out.append(
        Condition(
            "债务人下落明确，支付令能够送达",
            p.debtor_address_known,
            "债务人下落明确，可以送达"
            if p.debtor_address_known
            else "债务人下落不明或无法送达；支付令不适用公告送达，发出后30日内无法送达的将终结督促程序",
            "民事诉讼法第225条第1款第（二）项；民诉法解释第427条第1款第（四）（五）项、第430条第1款第（二）项",
        )
    )
    out.append(
        Condition(
            "债权人未申请诉前保全",
            not p.pre_action_preservation,
            "债权人已申请诉前保全" if p.pre_action_preservation else "债权人未申请诉前保全",
            "民诉法解释第427条第1款第（七）项",
        )
    )
    if non_contractual:
        listed = "、".join(non_contractual)
        if drop_non_contractual:
            out.append(
                Condition(
                    "主张的利息、违约金均有合同约定",
                    True,
                    f"{listed}无合同约定，已从支付令请求中剔除（债权人选择申请支付令）",
                    "民诉法解释第428条第1款第（二）项",
                )
            )
        else:
            out.append(
                Condition(
                    "主张的利息、违约金均有合同约定",
                    False,
                    f"{listed}系依法定标准计算，并无合同约定，不能在支付令中主张",
                    "民诉法解释第428条第1款第（二）项",
                )
            )
    else:
        out.append(
            Condition(
                "主张的利息、违约金均有合同约定",
                True,
                "所主张的利息、违约金均以合同约定为依据（或未主张）",
                "民诉法解释第428条第1款第（二）项",
            )
        )
    pursued = [g.party.name for g in case.guarantors] if p.pursue_guarantors else []
    out.append(
        Condition(
            "不追究保证人责任",
            not pursued,
            f"拟一并追究保证人{'、'.join(pursued)}的保证责任，支付令对保证人没有拘束力" if pursued else "不向保证人主张",
            "民诉法解释第434条",
        )
    )
    return tuple(out)


def choose_court(case, kind: Literal["payment_order", "complaint"]) -> CourtChoice:  # type: ignore[no-untyped-def]
    p = case.procedure
    debtor = case.debtors[0]
    if kind == "payment_order":
        basis = "申请支付令由债务人住所地基层人民法院管辖，不适用合同履行地和协议管辖（民诉法解释第23条；民事诉讼法第22条、第225条）"
        residence = getattr(debtor, "habitual_residence", None)
        if residence and residence != debtor.domicile:
            basis += f"；债务人住所地与经常居住地（{residence}）不一致的，由经常居住地人民法院管辖（民事诉讼法第22条第1款）"
        if p.debtor_court_name:
            return CourtChoice(p.debtor_court_name, basis, None)
        where = f"经常居住地（{residence}）" if residence and residence != debtor.domicile else f"住所地（{debtor.domicile}）"
        return CourtChoice(
            None,
            basis,
            f"请在 procedure.debtor_court_name 填写债务人{debtor.name}{where}基层人民法院的全称",
        )
    notes: list[str] = []
    clause = case.loan.jurisdiction_clause
    if clause is not None:
        where = f"（{clause.clause_ref}）" if clause.clause_ref else ""
        if clause.connection == "other":
            notes.append(f"合同约定管辖条款{where}约定的地点与争议没有实际联系，该约定无效（民事诉讼法第35条）")
        elif not clause.court_name:
            notes.append(f"合同约定管辖条款{where}未写明法院全称，无法据此确定法院（民诉法解释第30条）")
        else:
            basis = f"合同约定管辖条款{where}约定由{clause.court_name}管辖，该地点与争议有实际联系，约定有效（民事诉讼法第35条）"
            if case.lender_category not in ("natural_person", "company") and debtor.kind == "person":
                basis += "；如该条款为格式条款且未以合理方式提请借款人注意，借款人可主张无效（民诉法解释第31条）"
            return CourtChoice(clause.court_name, basis, None)
    prefix = ("；".join(notes) + "；") if notes else ""
    arts = "民事诉讼法第24条；民诉法解释第18条第2款"
    if case.lender_category in ("natural_person", "company"):
        arts += "；民间借贷规定第3条"
    perf = f"合同履行地人民法院管辖：争议标的为给付货币，接收货币一方（债权人）所在地为合同履行地（{arts}）"
    if p.debtor_court_name:
        basis = prefix + "被告住所地人民法院管辖（民事诉讼法第22条、第24条）"
        if p.creditor_court_name:
            basis += f"；也可向合同履行地即接收货币一方（债权人）所在地的{p.creditor_court_name}起诉（{arts}）"
        return CourtChoice(p.debtor_court_name, basis, None)
    if p.creditor_court_name:
        return CourtChoice(p.creditor_court_name, prefix + perf, None)
    return CourtChoice(
        None,
        prefix + "被告住所地或者合同履行地人民法院管辖（民事诉讼法第24条）",
        f"请在 procedure.debtor_court_name 填写被告{debtor.name}住所地（{debtor.domicile}）基层人民法院的全称，"
        f"或在 procedure.creditor_court_name 填写债权人{case.creditor.name}所在地（接收货币一方，{case.creditor.domicile}）基层人民法院的全称",
    )


def decide_procedure(
    case,  # type: ignore[no-untyped-def]
    as_of: date,
    *,
    not_due: Sequence[str] = (),
    non_contractual: Sequence[str] = (),
) -> ProcedureDecision:
    """Choose payment order or complaint; raise :class:`ProcedureError` if a refused preference was explicit."""
    preferred = case.procedure.preferred
    drop = preferred == "payment_order"
    conditions = payment_order_conditions(
        case, as_of, not_due=not_due, non_contractual=non_contractual, drop_non_contractual=drop
    )
    failing = [c for c in conditions if not c.ok]
    if preferred == "payment_order":
        if failing:
            raise ProcedureError(
                "不能申请支付令（procedure.preferred 为 payment_order）：不符合条件"
                + "；".join(f"“{c.name}”——{c.detail}（{c.basis}）" for c in failing)
                + "。请改为起诉（preferred 设为 lawsuit 或 auto），或更正案件事实"
            )
        return ProcedureDecision(
            "payment_order",
            TITLES["payment_order"],
            conditions,
            ("债权人选择申请支付令，且全部条件均已满足",),
            choose_court(case, "payment_order"),
            tuple(non_contractual),
        )
    if preferred == "lawsuit":
        reasons = ["债权人选择起诉（procedure.preferred 为 lawsuit）"]
        reasons += [f"另：不符合支付令条件“{c.name}”（{c.basis}）" for c in failing]
        return ProcedureDecision("complaint", TITLES["complaint"], conditions, tuple(reasons), choose_court(case, "complaint"))
    if failing:
        reasons = tuple(f"不符合支付令条件“{c.name}”：{c.detail}（{c.basis}），故提起诉讼" for c in failing)
        return ProcedureDecision("complaint", TITLES["complaint"], conditions, reasons, choose_court(case, "complaint"))
    if case.procedure.preservation_wanted:
        # Preservation in a lawsuit: 民事诉讼法第103条; 督促程序 has no preservation, so a payment order
        # cannot stop the debtor moving assets away (law-procedure.md §3).
        return ProcedureDecision(
            "complaint",
            TITLES["complaint"],
            conditions,
            (
                "支付令的条件虽已满足，但债权人拟申请财产保全（procedure.preservation_wanted）：督促程序中不能申请财产保全，"
                "故提起诉讼并同时提交财产保全申请书（民事诉讼法第一百零三条）",
            ),
            choose_court(case, "complaint"),
        )
    return ProcedureDecision(
        "payment_order",
        TITLES["payment_order"],
        conditions,
        ("支付令的全部条件均已满足，督促程序较起诉快捷、费用为财产案件受理费的三分之一（民事诉讼法第225条；诉讼费用交纳办法第14条第（三）项）",),
        choose_court(case, "payment_order"),
    )
