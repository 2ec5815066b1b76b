"""Generate the soft-step Word templates (docxtpl syntax): the call guide and the repayment proposal.

Run: ``.venv/bin/python tools/make_soft_templates.py [OUT_DIR]`` (default templates/zh/soft/).
Byte-for-byte reproducible; typography from tools/make_templates.py (same Builder and styles).

Template context (pipeline/soft/__init__.py): ``case``, ``claim``, ``doc`` (the demand letter's
DocumentView) and ``soft`` — :class:`pipeline.soft.guide.GuideView` for the call guide,
:class:`pipeline.soft.proposal_doc.ProposalView` for the proposal.

They live in templates/zh/soft/ rather than templates/zh/ because the template lint
(pipeline/render/lint.py, ``check_templates``) types every .docx in templates/zh/ against the
letters' context (case, claim, doc), which has no ``soft``; pipeline.soft lints them with their
own schema (``soft_context_schema``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_templates as mt  # noqa: E402  (the shared Builder and house style)
Builder = mt.Builder

OPTIONS_TABLE_HEADER = ["方案", "期数", "首期还款日", "每期约（元）", "合计应付（元）", "附条件减免（元）"]


def keep_rows(table) -> None:
    """Rows never split across pages."""
    for row in table.rows:
        mt._set(row._tr.get_or_add_trPr(), "w:cantSplit")


def options_table(b) -> None:
    t = b.table(
        OPTIONS_TABLE_HEADER,
        [
            ["{%tr for o in soft.options %}"],
            [
                "方案{{ o.number }}{% if o.matches_negotiated %}（已协商）{% endif %}",
                "{{ o.count }}",
                "{{ o.first_due|cndate }}",
                "{{ o.schedule.rows[0].amount|money }}",
                "{{ o.total|money }}",
                "{% if o.waived %}{{ o.waived|money }}（{{ o.waived_labels }}）{% else %}无{% endif %}",
            ],
            ["{%tr endfor %}"],
        ],
        [20, 14, 32, 28, 30, 32],
        right=(3, 4, 5),
    )
    keep_rows(t)


def call_guide():
    b = Builder("电话沟通要点")
    b.title_("电话沟通要点")
    b.subtitle("（供催收人员内部使用，不对外提供）")
    b.flush("债权人：{{ soft.creditor_name }}")
    b.flush("债务人：{{ soft.debtor_names }}")
    b.flush("金额暂计至：{{ soft.as_of_text }}")
    b.h1("一、通话前核对的事实")
    b.ctl("{%p for f in soft.facts %}")
    b.p("{{ loop.index }}. {{ f }}")
    b.ctl("{%p endfor %}")
    b.h2("开场（参考话术）")
    b.ctl("{%p for line in soft.opening %}")
    b.p("{{ line }}")
    b.ctl("{%p endfor %}")
    b.h1("二、欠款金额")
    b.p("只按下表金额沟通；表内金额均未超过法律保护的上限，不得主张表外或更高的金额。")
    mt.amount_table(b)
    b.h1("三、了解还款能力")
    b.h2("（一）已掌握的情况")
    b.ctl("{%p for k in soft.known %}")
    b.p("{{ k }}")
    b.ctl("{%p endfor %}")
    b.h2("（二）需要询问的问题")
    b.ctl("{%p for q in soft.questions %}")
    b.p("{{ loop.index }}. {{ q }}")
    b.ctl("{%p endfor %}")
    b.h1("四、债权人授权的方案")
    b.p("{{ soft.recommended_text }}")
    options_table(b)
    b.ctl("{%p for a in soft.authority %}")
    b.p("{{ loop.index }}. {{ a }}")
    b.ctl("{%p endfor %}")
    b.h1("五、绝对不能说、不能做的事（红线）")
    b.p("以下各项均为合规检查的拦截项，违反的须依法承担相应责任：")
    t = b.table(
        ["序号", "红线", "依据"],
        [
            ["{%tr for r in soft.red_lines %}"],
            ["{{ loop.index }}", "{{ r.title }}", "{{ r.basis }}"],
            ["{%tr endfor %}"],
        ],
        [14, 46, 96],
    )
    keep_rows(t)
    b.h2("通话纪律")
    b.ctl("{%p for d in soft.discipline %}")
    b.p("{{ loop.index }}. {{ d }}")
    b.ctl("{%p endfor %}")
    b.h1("六、通话记录")
    b.ctl("{%p for s in soft.record_steps %}")
    b.p("{{ loop.index }}. {{ s }}")
    b.ctl("{%p endfor %}")
    b.p("结果填写以下之一：")
    b.ctl("{%p for o in soft.outcomes %}")
    b.p("{{ o }}")
    b.ctl("{%p endfor %}")
    b.table(
        ["通话时间", "录音编号", "接听人及身份", "结果", "承诺日期及金额", "备注"],
        [["", "", "", "", "", ""], ["", "", "", "", "", ""], ["", "", "", "", "", ""]],
        [28, 24, 28, 22, 28, 26],
    )
    b.sign("{{ doc.date|cndate }}")
    return b


def repayment_proposal():
    b = Builder("还款方案建议")
    b.title_("还款方案建议")
    b.subtitle("（供债权人决策，内部使用）")
    b.flush("债权人：{{ doc.creditor.name }}")
    b.flush("债务人：{{ doc.debtor_names }}")
    b.h1("一、债权金额与债务人情况")
    b.p("截至{{ soft.as_of_text }}，依法可主张的金额合计人民币{{ soft.claim_total|money }}元（大写：{{ soft.claim_total|words }}），明细如下：")
    mt.amount_table(b)
    b.ctl("{%p for s in soft.situation %}")
    b.p("{{ s }}")
    b.ctl("{%p endfor %}")
    b.h1("二、分期还款方案")
    b.p("{{ soft.negotiated_text }}")
    options_table(b)
    b.ctl("{%p for o in soft.options %}")
    b.h2("方案{{ o.number }}：{{ o.count }}期{% if o.matches_negotiated %}（与已协商条件一致）{% endif %}")
    b.p("{{ o.note }}")
    b.p("按期履行收回{{ o.total|money }}元{% if o.waived %}；附条件减免{{ o.waived_labels }}{{ o.waived|money }}元，"
        "任何一期违约即恢复，恢复后合计{{ o.revived_total|money }}元{% endif %}。")
    t = b.table(
        ["期数", "还款日", "应还金额（元）", "本期还款后剩余（元）"],
        [
            ["{%tr for r in o.schedule.rows %}"],
            ["第{{ r.number }}期", "{{ r.due_date|cndate }}", "{{ r.amount|money }}", "{{ r.remaining|money }}"],
            ["{%tr endfor %}"],
            ["合计", "", "{{ o.schedule.total|money }}", ""],
        ],
        [26, 46, 42, 42],
        right=(2, 3),
    )
    keep_rows(t)
    b.ctl("{%p endfor %}")
    b.ctl("{%p for e in soft.excluded %}")
    b.p("未列入：{{ e }}")
    b.ctl("{%p endfor %}")
    b.h1("三、法律途径")
    b.p("如协商不成，可{{ soft.litigation.title }}：")
    b.p("预交费用：{{ soft.litigation.court_fee|money }}元（{{ soft.litigation.court_fee_basis }}）"
        "{% if soft.litigation.preservation_fee is not none %}；财产保全费{{ soft.litigation.preservation_fee|money }}元{% endif %}。")
    b.p("预计时间：{{ soft.litigation.expected_duration }}。")
    b.p("可主张金额：{{ soft.litigation.recovered|money }}元。{{ soft.litigation.note }}")
    b.h1("四、各途径比较")
    t = b.table(
        ["途径", "可收回（元）", "预交费用（元）", "时间", "条件与风险"],
        [
            ["{%tr for c in soft.compare %}"],
            ["{{ c.path }}", "{{ c.recovered|money }}", "{{ c.upfront|money }}", "{{ c.duration }}", "{{ c.condition }}"],
            ["{%tr endfor %}"],
        ],
        [28, 32, 26, 34, 36],
        right=(1, 2),
    )
    keep_rows(t)
    b.h1("五、建议")
    b.p("{{ soft.recommended_text }}")
    b.ctl("{%p for r in soft.reasons %}")
    b.p("{{ loop.index }}. {{ r }}")
    b.ctl("{%p endfor %}")
    b.h2("说明")
    b.ctl("{%p for n in soft.notes %}")
    b.p("{{ loop.index }}. {{ n }}")
    b.ctl("{%p endfor %}")
    b.sign("{{ doc.date|cndate }}")
    return b


BUILDERS = {
    "00_电话沟通要点.docx": call_guide,
    "00_还款方案建议.docx": repayment_proposal,
}


def main(argv: list[str]) -> int:
    mt.write_templates(BUILDERS, Path(argv[1]) if len(argv) > 1 else ROOT / "templates" / "zh" / "soft")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
