"""The forms a court expects beside the complaint, rendered from templates/zh/06_*.docx.

Which forms a case gets (and why not, in Chinese) is decided here; the wording lives in the
templates (tools/make_efiling_templates.py), which see the documented context of every
template: ``case``, ``claim``, ``doc`` (pipeline/render/context.py, for the filing route).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ..render import DocProps, compile_template, render_docx, resolve_template
from ..render.context import document_context

if TYPE_CHECKING:
    from ..case.models import Case
    from ..law.claim import Claim

__all__ = ["FormSpec", "FORM_TEMPLATES", "forms_for", "render_form"]

#: form key → template file name (a firm's same-named template in its folder wins).
FORM_TEMPLATES: dict[str, str] = {
    "legal_rep": "06_法定代表人身份证明书.docx",
    "power_of_attorney": "06_授权委托书.docx",
    "firm_letter": "06_律师事务所函.docx",
    "service_address": "06_送达地址确认书.docx",
    "preservation": "06_财产保全申请书.docx",
}


@dataclass(frozen=True)
class FormSpec:
    key: str
    title: str
    file_stem: str  # output name in efiling/, without extension
    category: str  # upload category
    merged_into: str | None = None  # the form is a page of another upload file (03_当事人身份证明)


def forms_for(case: "Case", claim: "Claim") -> tuple[list[FormSpec], list[str]]:
    """The forms this case needs, and notes (Chinese) on forms asked for but not produced."""
    forms: list[FormSpec] = []
    notes: list[str] = []
    if case.creditor.kind == "organization":
        forms.append(FormSpec("legal_rep", "法定代表人身份证明书", "03_法定代表人身份证明书", "当事人身份证明",
                              merged_into="03_当事人身份证明"))
    if case.lawyer is not None:
        forms.append(FormSpec("power_of_attorney", "授权委托书", "04_授权委托书", "委托代理材料"))
        forms.append(FormSpec("firm_letter", "律师事务所函", "04_律师事务所函", "委托代理材料"))
    forms.append(FormSpec("service_address", "送达地址确认书", "05_送达地址确认书", "送达地址确认书"))
    proc = case.procedure
    if proc.preservation_wanted:
        assets = case.debtor_situation.assets
        if proc.pre_action_preservation:
            notes.append("案件已申请诉前保全（民事诉讼法第104条），未再生成财产保全申请书。")
        elif not assets:
            notes.append(
                "案件拟申请财产保全，但未填写债务人财产线索（debtor_situation.assets）：未生成财产保全申请书。"
                "请补充财产的类型、描述和所在地。"
            )
        elif claim.procedure.kind == "payment_order":
            notes.append(
                "本案走督促程序（支付令），不是诉讼：民事诉讼法第103条的诉讼保全以诉讼为前提，督促程序中能否保全法律没有明确规定，"
                "多数法院不予受理，因此未生成财产保全申请书。如确需保全，请考虑改为起诉（procedure.preferred 设为 lawsuit）"
                "并同时申请诉讼保全；注意已申请诉前保全的不能再申请支付令（民诉法解释第427条）。"
            )
        elif claim.fees is None or claim.fees.preservation_amount is None or claim.fees.preservation_fee is None:
            notes.append("请求金额为零，无法计算保全金额和申请费：未生成财产保全申请书。")
        else:
            forms.append(FormSpec("preservation", "财产保全申请书", "06_财产保全申请书", "其他"))
    return forms, notes


def render_form(
    case: "Case", claim: "Claim", spec: FormSpec, *, templates_dir: Path | None = None,
    letter_numbers: "Mapping[str, str] | None" = None,
) -> bytes:
    """The .docx bytes of one form (deterministic: core properties from the case, never the clock).

    ``letter_numbers``: kind → 函号 from the firm's registry (the 所函 prints ``firm_letter``)."""
    kind = "payment_order" if claim.procedure.kind == "payment_order" else "complaint"
    ctx = document_context(case, claim, kind=kind, letter_numbers=letter_numbers)
    compiled = compile_template(resolve_template(FORM_TEMPLATES[spec.key], templates_dir))
    author = case.lawyer.firm_name if spec.key == "firm_letter" and case.lawyer else case.creditor.name
    props = DocProps(title=f"{spec.title}（{case.case_id}）", author=author, when=case.signing_date,
                     last_modified_by=author)
    return render_docx(compiled, ctx, props)
