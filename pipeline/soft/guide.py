"""The collector's call guide (电话沟通要点): what to confirm, the figures, the questions on
ability to pay, the offers the creditor authorises, the red lines and how to record the call.

The red lines are read from the rule set in force (default: pipeline/checks/rules.toml), so the
guide always says what the checks enforce: every block-severity text, contact-log and claim rule,
with its title and legal basis. Recording: a call that reaches the debtor and asks for payment is
a demand (民法典第195条第一项; 诉讼时效规定第8条) and a promise to pay is the debtor's agreement
(诉讼时效规定第14条) — both only provable with a recording that identifies the parties.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..case.models import Case
from ..checks.rules import RuleSet
from ..law.claim import Claim
from ..law.proposal import PlanOption, Proposal
from ..money import figures, zh_date
from ..render.context import earlier_demands

__all__ = ["GuideView", "RedLine", "guide_view", "red_lines"]

_ABILITY = {"able": "有能力偿还", "tight": "资金紧张", "unable": "无力偿还", "unknown": "不明"}
_ASSET = {"real_estate": "不动产", "vehicle": "车辆", "bank_account": "银行存款", "equity": "股权", "other": "其他财产"}
# The call results as the collector writes them down (Chinese only: the case model's codes for
# them — reached, promise … — belong in case.json, never in a document).
_OUTCOMES = (
    "已沟通",
    "承诺还款（记下承诺日期和金额）",
    "同意分期（随后签署书面协议）",
    "提出异议（记下异议内容，暂停催收争议部分并核实）",
    "拒绝",
    "要求书面联系（此后不再致电）",
    "未接",
    "拉黑",
)


@dataclass(frozen=True)
class RedLine:
    rule_id: str
    title: str
    basis: str


@dataclass(frozen=True)
class GuideView:
    creditor_name: str
    debtor_names: str
    as_of_text: str
    facts: list[str]
    opening: list[str]
    known: list[str]
    questions: list[str]
    options: list[PlanOption]
    recommended_text: str
    authority: list[str]
    red_lines: list[RedLine]
    discipline: list[str]
    record_steps: list[str]
    outcomes: list[str]


def red_lines(rules: RuleSet) -> list[RedLine]:
    """Every block rule of the rule set (text, contact log, claim), de-duplicated by title, in file order."""
    out: list[RedLine] = []
    seen: set[str] = set()
    for r in (*rules.text_rules, *rules.log_checks.values(), *rules.claim_checks.values()):
        if r.severity != "block" or r.title in seen:
            continue
        if hasattr(r, "enabled") and not getattr(r, "enabled"):
            continue
        seen.add(r.title)
        out.append(RedLine(r.id, r.title, r.basis))
    return out


def _discipline(rules: RuleSet) -> list[str]:
    out = []
    window = rules.log("window")
    if window:
        out.append(f"只在每日{window.params['start'].strftime('%H:%M')}至{window.params['end'].strftime('%H:%M')}（北京时间）之间致电。")
    daily = rules.log("daily_calls")
    if daily:
        out.append(f"同一债务人每日致电不超过{daily.params['max_per_day']}次，未接通的也计入。")
    burst = rules.log("burst")
    if burst:
        out.append(f"两次致电之间至少间隔{burst.params['min_gap_minutes']}分钟。")
    if rules.log("after_promise"):
        out.append("债务人承诺的还款日届至前，不再致电催收。")
    if rules.log("after_written_only"):
        out.append("债务人要求书面联系的，此后只通过信函、律师函或电子邮件联系。")
    if rules.log("after_dispute"):
        out.append("债务人提出异议的，先书面答复并核实，核实前暂停催收有争议的部分。")
    out.append("接通后先确认对方是债务人本人（或保证人）；不是本人的，不提借款和欠款，只请其转告回电，不得透露任何债务信息。")
    return out


def guide_view(case: Case, claim: Claim, proposal: Proposal, rules: RuleSet) -> GuideView:
    debtors = "、".join(d.name for d in case.debtors)
    as_of = zh_date(claim.as_of)
    loan = case.loan
    facts = [
        f"对方身份：{debtors}本人（核对姓名及预留手机号；不是本人的，不谈债务）。",
        f"借款事实：《{loan.contract_name}》" + (f"（编号{loan.contract_no}）" if loan.contract_no else "")
        + f"，实际出借{figures(claim.delivered)}元"
        + (f"，约定到期日{zh_date(loan.due_date)}" if loan.due_date else "")
        + (f"，约定分{len(loan.instalments)}期还款" if loan.instalments else "")
        + "。",
    ]
    if case.repayments:
        paid = sum((r.amount for r in case.repayments), Decimal("0.00"))
        facts.append(f"已还款：{len(case.repayments)}笔，共{figures(paid)}元（最近一笔{zh_date(case.repayments[-1].date)}）；请对方确认。")
    else:
        facts.append("已还款：案件记录中没有还款；请对方确认是否有未记录的还款。")
    demands = earlier_demands(case)
    if demands:
        last = demands[-1]
        facts.append(f"此前催收：最近一次为{zh_date(last.date)}通过{last.channel}联系{last.counterpart}；确认对方是否收到催款函。")
    facts.append("联系方式和送达地址是否变更（记录新的地址，便于寄送书面文件）。")
    if case.guarantors:
        facts.append("保证人：" + "、".join(g.party.name for g in case.guarantors) + "（只与保证人本人沟通其保证责任）。")
    creditor = case.creditor.name
    opening = [
        f"“您好，我是{creditor}" + ("" if case.creditor.kind == "person" else "的工作人员") + "，请问是" + case.debtors[0].name + "本人吗？”",
        "确认是本人后：“本次通话会录音，想和您核对一下借款的情况，看看怎么安排还款比较合适。”",
        f"“截至{as_of}，借款本息合计{figures(claim.totals.total)}元，明细可以发给您核对。如果对金额有异议，请告诉我们，我们会核实。”",
        "“您目前的情况怎么样？如果一次还清有困难，我们可以商量分期。”",
    ]
    s = case.debtor_situation
    known = [f"还款能力：{_ABILITY[s.ability]}" + (f"；自报每月可还{figures(s.monthly_capacity)}元" if s.monthly_capacity else "") + "。"]
    for a in s.assets:
        known.append(
            f"已知财产：{_ASSET[a.kind]}，{a.description}" + (f"，估值约{figures(a.estimated_value)}元" if a.estimated_value else "") + "（只作核实，不得以此相要挟）。"
        )
    if s.notes:
        known.append(f"备注：{s.notes}")
    questions = [
        "收入：目前是否有工作或经营收入？每月大约多少？收入是否稳定？",
        "其他债务：是否还有其他借款、信用卡或贷款需要偿还？每月要还多少？（只为了解能力，不得建议其借新还旧）",
        "财产：是否有房产、车辆、存款等可以用于还款？",
        "还款时间：最早哪一天能还第一笔？能还多少？之后每月能还多少？",
        "困难原因：还款困难是暂时的（如收入延迟）还是长期的？预计何时好转？",
    ]
    if proposal.recommended is not None:
        rec = proposal.option(proposal.recommended)
        recommended_text = (
            f"建议先提出方案{rec.number}：{rec.count}期，首期{zh_date(rec.first_due)}，每期约{figures(rec.schedule.rows[0].amount)}元，"
            f"合计{figures(rec.total)}元。"
        )
    else:
        recommended_text = f"建议要求一次性清偿{figures(claim.totals.total)}元；对方确有困难的，可在下列方案内协商。"
    authority = [
        "只能在下表方案的范围内承诺；期数更长、减免更多或其他让步，须先取得债权人书面同意。",
        "减免一律附条件：按期足额履行才免除，任何一期违约则恢复按全部债务主张；恢复后的金额不超过依法计算的"
        f"{figures(claim.totals.total)}元。",
        "对方同意分期的，当场只确认意向（记录期数、首期日期和金额），随后签署书面分期还款协议，款项只付至债权人本人账户。",
        "对方表示无力偿还的，如实记录，不施压、不指责；可告知债权人将依法向人民法院申请支付令或提起诉讼。",
    ]
    record_steps = [
        "每次通话全程录音，记下开始时间（北京时间，精确到分钟）、拨打和接听号码、通话对象及其身份、录音编号；录音至少保存2年。",
        "通话结束后当天把这条记录写入案件的催收记录：通话时间、方式（电话）、通话对象及其与债务人的关系、内容摘要、录音编号、"
        "结果和承诺还款日。",
        "向债务人本人提出还款请求且有录音证明的，属于权利人向义务人提出履行请求，诉讼时效中断并重新计算（民法典第195条第一项；"
        "诉讼时效规定第8条）；债务人承诺还款、同意分期或请求延期的，属于同意履行义务，同样中断（民法典第195条第二项；诉讼时效规定第14条）。",
        "录音需能听出双方身份、所欠债务和还款请求；保存原始录音文件，必要时转写或公证，作为证据提交。",
    ]
    return GuideView(
        creditor_name=creditor,
        debtor_names=debtors,
        as_of_text=as_of,
        facts=facts,
        opening=opening,
        known=known,
        questions=questions,
        options=list(proposal.options),
        recommended_text=recommended_text,
        authority=authority,
        red_lines=red_lines(rules),
        discipline=_discipline(rules),
        record_steps=record_steps,
        outcomes=list(_OUTCOMES),
    )
