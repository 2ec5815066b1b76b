"""Rendering the Word drafts: templates (docxtpl syntax) → deterministic .docx files.

Public API::

    render_documents(case, claim, out_dir, *, templates_dir=None, only=None) -> list[DocumentInfo]
    document_context(case, claim, *, kind) -> dict            # {"case", "claim", "doc"}
    render_docx(template, context, props=None) -> bytes       # one document, fast path
    compile_template(path) -> CompiledTemplate                # cached per process
    resolve_template(name, user_dir=None) -> Path             # firm template or built-in
    check_templates(dir=None) -> list[TemplateProblem]        # template lint
    warm_templates(dir=None) -> None                          # compile all once (batch workers)
    RenderError                                               # Chinese message
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

from .engine import (
    TEMPLATE_NAMES,
    CompiledTemplate,
    DocProps,
    RenderError,
    compile_template,
    get_env,
    render_docx,
    resolve_template,
)

if TYPE_CHECKING:
    from ..case.models import Case
    from ..stage import OverdueInstalment
    from ..law.claim import Claim
    from .lint import TemplateProblem

__all__ = [
    "DocumentInfo",
    "DocProps",
    "RenderError",
    "CompiledTemplate",
    "TEMPLATE_NAMES",
    "FILE_NAMES",
    "check_templates",
    "compile_template",
    "document_context",
    "document_kinds",
    "render_docx",
    "render_documents",
    "resolve_template",
    "warm_templates",
    "docx_paragraphs",
]

#: Build kinds (pipeline.build.DOC_KINDS) → template file names. "filing" is the payment-order
#: application or the complaint, as the claim's procedure decided.
FILE_NAMES: dict[str, str] = {
    "demand_letter": "01_催款函.docx",
    "lawyer_letter": "02_律师函.docx",
    "instalment_agreement": "03_分期还款协议.docx",
    "payment_order": "04_支付令申请书.docx",
    "complaint": "04_民事起诉状.docx",
    "interest_statement": "04_利息计算明细.docx",
    "guarantee_notice": "02_履行保证责任通知书.docx",
    "amend_claim": "07_变更诉讼请求申请书.docx",
    "withdrawal": "07_撤诉申请书.docx",
    "enforcement": "07_强制执行申请书.docx",
}

#: Required elements the compliance check looks for (rule ids of law-money.md §6.3: T1 sender,
#: T2 itemised debt, T4 debtor's rights and contact) — letters only.
_REQUIRED = {"demand_letter": ("T1", "T2", "T4"), "lawyer_letter": ("T1", "T2", "T4")}


@dataclass(frozen=True)
class DocumentInfo:
    kind: str  # demand_letter | lawyer_letter | instalment_agreement | filing | interest_statement
    doc_kind: str  # the template kind: … | payment_order | complaint
    title: str
    file_name: str
    sha256: str
    size: int
    paragraphs: tuple[str, ...]  # body text, paragraph by paragraph, table cells included (for checks)
    required_elements: tuple[str, ...]
    template: str  # path of the template used


def document_context(case: "Case", claim: "Claim", *, kind: str) -> dict:
    from .context import document_context as _dc

    return _dc(case, claim, kind=kind)


def check_templates(directory: str | os.PathLike[str] | None = None) -> "list[TemplateProblem]":
    from .lint import check_templates as _ct

    return _ct(directory)


def warm_templates(directory: str | os.PathLike[str] | None = None) -> None:
    """Compile every template once in this process (batch worker initialiser)."""
    for name in TEMPLATE_NAMES:
        try:
            compile_template(resolve_template(name, directory))
        except RenderError:
            pass  # reported when the document is actually rendered


def docx_paragraphs(blob: bytes) -> tuple[str, ...]:
    """Text of every body paragraph and table cell paragraph, in document order.

    Reads ``word/document.xml`` directly with lxml: a python-docx ``Document`` would build a
    package graph with reference cycles for every rendered file.
    """
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out: list[str] = []
    for el in root.iter(f"{w}p"):
        # w:noBreakHyphen (pipeline/render/layout.py, rule 4) reads as "-", as python-docx reads it
        text = "".join((t.text or "") if t.tag == f"{w}t" else "-" for t in el.iter(f"{w}t", f"{w}noBreakHyphen"))
        if text.strip():
            out.append(text)
    return tuple(out)


def document_kinds(case: "Case", claim: "Claim", *, plan: int | None = None) -> list[str]:
    """The template kinds this case produces, in file order (the filing one follows the engine's route)."""
    return [doc_kind for _, doc_kind in _kinds(case, claim, None, plan)]


def _kinds(case: "Case", claim: "Claim", only: Iterable[str] | None, plan: int | None = None,
           post_filing: str | None = None) -> list[tuple[str, str]]:
    filing = "payment_order" if claim.procedure.kind == "payment_order" else "complaint"
    wanted = None if only is None else set(only)
    out = []
    for build_kind, doc_kind in (
        ("demand_letter", "demand_letter"),
        ("lawyer_letter", "lawyer_letter"),
        ("instalment_agreement", "instalment_agreement"),
        ("filing", filing),
        ("guarantee_notice", "guarantee_notice"),
        ("post_filing", post_filing or ""),
    ):
        if wanted is not None and build_kind not in wanted and doc_kind not in wanted:
            continue
        if doc_kind == "lawyer_letter" and case.lawyer is None:
            continue  # no firm: no lawyer's letter (律师法第25条)
        if doc_kind == "instalment_agreement" and case.instalment_terms is None and plan is None:
            continue  # neither negotiated terms nor a chosen plan (--plan N)
        if doc_kind == "guarantee_notice" and not any(g.guarantee_type == "joint" for g in case.guarantors):
            continue  # only a joint guarantor is asked directly (民法典第六百八十八条)
        if build_kind == "post_filing" and not doc_kind:
            continue  # the stage names which one (pipeline/stage: amend_claim, withdrawal, enforcement)
        out.append((build_kind, doc_kind))
        if build_kind == "filing" or doc_kind == "amend_claim":
            # The signed 利息计算明细 goes with every filing document and with a changed claim (issue 15).
            out.append(("interest_statement", "interest_statement"))
    return out


def render_documents(
    case: "Case",
    claim: "Claim",
    out_dir: str | os.PathLike[str],
    *,
    templates_dir: str | os.PathLike[str] | None = None,
    only: Iterable[str] | None = None,
    plan: int | None = None,
    letter_numbers: "Mapping[str, str] | None" = None,
    dates: "Mapping[str, tuple[date, date | None]] | None" = None,
    overdue: "OverdueInstalment | None" = None,
    post_filing: str | None = None,
) -> list[DocumentInfo]:
    """Render the case's documents into ``out_dir`` and describe them.

    ``only`` — build kinds (demand_letter, lawyer_letter, instalment_agreement, filing) or
    template kinds (payment_order, complaint); None = all that apply. The annex 利息计算明细
    (``interest_statement``) comes with the filing document whenever that is rendered. The lawyer's letter needs
    ``case.lawyer``; the agreement needs ``case.instalment_terms``. ``letter_numbers``: kind → 函号
    allocated in the firm's registry (:func:`pipeline.letter_numbers.assign`; the build passes it).
    """
    from .context import KIND_TITLES, document_context as _dc

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    infos: list[DocumentInfo] = []
    author = case.lawyer.firm_name if case.lawyer is not None else case.creditor.name
    base_case = case
    for build_kind, doc_kind in _kinds(case, claim, only, plan, post_filing):
        dated = (dates or {}).get(build_kind)
        # Each document carries its own date (pipeline/stage): the case as of that day.
        case = base_case.model_copy(update={"document_date": dated[0]}) if dated else base_case
        name = FILE_NAMES[doc_kind]
        path = resolve_template(name, templates_dir)
        compiled = compile_template(path)
        ctx = _dc(case, claim, kind=doc_kind, plan=plan, letter_numbers=letter_numbers,
                  deadline=dated[1] if dated else None, overdue=overdue)
        title = KIND_TITLES[doc_kind]
        doc_author = author if doc_kind != "demand_letter" else case.creditor.name
        from ..firm_templates import template_description

        props = DocProps(title=f"{title}（{case.case_id}）", author=doc_author, when=case.signing_date,
                         last_modified_by=doc_author, description=template_description(path))
        blob = render_docx(compiled, ctx, props)
        (out / name).write_bytes(blob)
        infos.append(
            DocumentInfo(
                kind=build_kind,
                doc_kind=doc_kind,
                title=title,
                file_name=name,
                sha256=hashlib.sha256(blob).hexdigest(),
                size=len(blob),
                paragraphs=docx_paragraphs(blob),
                required_elements=_REQUIRED.get(doc_kind, ()),
                template=str(path),
            )
        )
    return infos
