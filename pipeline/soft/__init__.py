"""The first, softest steps: reminder messages, the collector's call guide and a repayment proposal.

Public API::

    render_soft_steps(case, claim, out_dir, *, templates_dir=None, plan=None, rules=None) -> list[DocumentInfo]
    reminder_messages(case, claim) -> list[Reminder]          # for manifest.json
    soft_context(case, claim, kind, *, rules=None) -> dict    # {"case", "claim", "doc", "soft"}
    soft_context_schema(kind) -> dict                         # for the template lint
    check_soft_templates(dir=None) -> list[TemplateProblem]
    SOFT_FILE_NAMES, INTERNAL_KINDS

Writes ``00_提醒短信.txt`` (UTF-8), ``00_电话沟通要点.docx`` and ``00_还款方案建议.docx``. The two
.docx are for the creditor's own people and are never sent: the call guide quotes the red lines
of the lawful-collection rules verbatim, so the text checks are meant for the SMS file (which
passes them with no findings), not for the guide's red-line table.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..render import DocProps, DocumentInfo, compile_template, docx_paragraphs, render_docx
from ..render.engine import RenderError
from .sms import Reminder, reminder_messages, segments, sms_text_file

if TYPE_CHECKING:
    from ..case.models import Case
    from ..checks.rules import RuleSet
    from ..law.claim import Claim
    from ..render.lint import TemplateProblem

__all__ = [
    "INTERNAL_KINDS",
    "Reminder",
    "SOFT_FILE_NAMES",
    "SOFT_TITLES",
    "check_soft_templates",
    "reminder_messages",
    "render_soft_steps",
    "resolve_soft_template",
    "segments",
    "soft_context",
    "soft_context_schema",
    "soft_templates_dir",
]

SOFT_FILE_NAMES: dict[str, str] = {
    "reminder_sms": "00_提醒短信.txt",
    "call_guide": "00_电话沟通要点.docx",
    "repayment_proposal": "00_还款方案建议.docx",
}
SOFT_TITLES: dict[str, str] = {
    "reminder_sms": "提醒短信",
    "call_guide": "电话沟通要点",
    "repayment_proposal": "还款方案建议",
}
#: Documents for the creditor's own eyes (never sent to the debtor).
INTERNAL_KINDS = ("call_guide", "repayment_proposal")


def soft_templates_dir() -> Path:
    from .._resources import templates_dir

    return templates_dir() / "soft"


def resolve_soft_template(name: str, user_dir: str | os.PathLike[str] | None = None) -> Path:
    """The firm's same-named template in ``user_dir`` if present, else the built-in one."""
    if user_dir is not None:
        d = Path(user_dir)
        if not d.is_dir():
            raise RenderError(f"模板目录不存在或不是文件夹：{d}")
        if (d / name).is_file():
            return d / name
    builtin = soft_templates_dir() / name
    if not builtin.is_file():
        raise RenderError(f"找不到内置模板“{name}”（应在 {builtin.parent}）")
    return builtin


def soft_context(case: "Case", claim: "Claim", kind: str, *, rules: "RuleSet | None" = None, proposal: Any = None) -> dict[str, Any]:
    """``{"case", "claim", "doc", "soft"}`` for ``call_guide`` or ``repayment_proposal``."""
    from ..checks import load_rules
    from ..law.proposal import repayment_proposal
    from ..render.context import document_context
    from .guide import guide_view
    from .proposal_doc import proposal_view

    proposal = proposal if proposal is not None else repayment_proposal(case, claim)
    ctx = document_context(case, claim, kind="demand_letter")
    if kind == "call_guide":
        ctx["soft"] = guide_view(case, claim, proposal, rules if rules is not None else load_rules())
    elif kind == "repayment_proposal":
        ctx["soft"] = proposal_view(case, claim, proposal)
    else:
        raise ValueError(f"未知的文书类型：{kind}（应为 call_guide 或 repayment_proposal）")
    return ctx


def soft_context_schema(kind: str) -> dict[str, Any]:
    """The lint schema of a soft template: the letters' context plus ``soft``."""
    from ..render.lint import TObj, context_schema
    from .guide import GuideView
    from .proposal_doc import ProposalView

    schema = dict(context_schema())
    schema["soft"] = TObj(GuideView if kind == "call_guide" else ProposalView)
    return schema


def check_soft_templates(directory: str | os.PathLike[str] | None = None) -> "list[TemplateProblem]":
    """Lint the two soft templates (built-in, or a firm's copies in ``directory``)."""
    from ..render.lint import check_template

    out = []
    for kind in INTERNAL_KINDS:
        out += check_template(resolve_soft_template(SOFT_FILE_NAMES[kind], directory), soft_context_schema(kind))
    return out


def render_soft_steps(
    case: "Case",
    claim: "Claim",
    out_dir: str | os.PathLike[str],
    *,
    templates_dir: str | os.PathLike[str] | None = None,
    plan: int | None = None,
    rules: "RuleSet | None" = None,
) -> list[DocumentInfo]:
    """Write the three soft-step files into ``out_dir`` and describe them.

    ``plan`` (``--plan N``) is checked against the proposal (ProposalError, Chinese, if there is
    no option N) so a bad number fails before any document is written; the agreement itself uses
    it through :func:`pipeline.render.context.schedule_for`. ``rules``: the rule set in force
    (a firm's ``--rules`` file), whose red lines the call guide lists; default the shipped one.
    """
    from ..checks import load_rules
    from ..law.proposal import repayment_proposal

    proposal = repayment_proposal(case, claim)
    if plan is not None and case.instalment_terms is None:
        proposal.option(plan)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ruleset = rules if rules is not None else load_rules()
    infos: list[DocumentInfo] = []

    reminders = reminder_messages(case, claim)
    text = sms_text_file(case, claim, reminders).encode("utf-8")
    name = SOFT_FILE_NAMES["reminder_sms"]
    (out / name).write_bytes(text)
    infos.append(
        DocumentInfo(
            kind="reminder_sms",
            doc_kind="reminder_sms",
            title=SOFT_TITLES["reminder_sms"],
            file_name=name,
            sha256=hashlib.sha256(text).hexdigest(),
            size=len(text),
            paragraphs=tuple(r.text for r in reminders),
            required_elements=(),
            template="",
        )
    )

    author = case.creditor.name
    for kind in INTERNAL_KINDS:
        name = SOFT_FILE_NAMES[kind]
        path = resolve_soft_template(name, templates_dir)
        ctx = soft_context(case, claim, kind, rules=ruleset, proposal=proposal)
        from ..firm_templates import template_description

        props = DocProps(
            title=f"{SOFT_TITLES[kind]}（{case.case_id}）", author=author, when=case.signing_date, last_modified_by=author,
            description=template_description(path),
        )
        blob = render_docx(compile_template(path), ctx, props)
        (out / name).write_bytes(blob)
        infos.append(
            DocumentInfo(
                kind=kind,
                doc_kind=kind,
                title=SOFT_TITLES[kind],
                file_name=name,
                sha256=hashlib.sha256(blob).hexdigest(),
                size=len(blob),
                paragraphs=docx_paragraphs(blob),
                required_elements=(),
                template=str(path),
            )
        )
    return infos
