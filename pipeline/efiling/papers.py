"""Which papers a filing set must contain, whether the case supplies them, and the identity PDF's parts.

登记立案规定第6条 (最高人民法院关于人民法院登记立案若干问题的规定): the filing party's identity
papers — a natural person's ID copy, an entity's business licence and 法定代表人身份证明书 —; the
agent's power of attorney and identity (代理人身份证明: the lawyer's practising certificate); the
other side's identifying information (name or 名称, domicile, and what else distinguishes it); the
complaint with copies; the evidence. 民诉法解释第4条: where jurisdiction rests on a natural person's
经常居住地, a year's continuous residence there must be shown.

A paper marked ``required`` that the case does not supply makes the set incomplete: the manifest
says so and names what is missing (never silently absent).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..case.models import Organization, Person
from ..case.validate import identity_papers, residence_proofs
from .assemble import Part

if TYPE_CHECKING:
    from ..case.models import Case
    from ..law.claim import Claim

__all__ = ["Requirement", "requirements", "identity_parts", "rests_on_residence", "rep_certificate_gaps"]

_BASIS_ID = "最高人民法院关于人民法院登记立案若干问题的规定第6条"


@dataclass(frozen=True)
class Requirement:
    """One paper (or fact) the court asks for at filing."""

    category: str  # upload category
    item: str  # what the paper is, Chinese
    met: bool
    missing: str = ""  # when not met: what is missing and how to supply it (Chinese)
    basis: str = ""
    required: bool = True  # False: advisory (the set can be filed without it)


def _role(claim: "Claim") -> tuple[str, str]:
    po = claim.procedure.kind == "payment_order"
    return ("申请人", "被申请人") if po else ("原告", "被告")


def rests_on_residence(case: "Case", claim: "Claim") -> list[int]:
    """Indexes of the debtors whose 经常居住地 the chosen court rests on (民事诉讼法第22条; 民诉法解释第4条).

    The court rests on it when it is the debtor's court (the payment order's only court, or a suit
    filed where the defendant lives) and the debtor's 经常居住地 differs from the domicile."""
    p = case.procedure
    court = claim.procedure.court.name
    if not court or court != p.debtor_court_name:
        return []
    return [
        i for i, d in enumerate(case.debtors)
        if isinstance(d, Person) and d.habitual_residence and d.habitual_residence != d.domicile
    ]


def rep_certificate_gaps(org: Organization) -> list[str]:
    """The 法定代表人身份证明书 fields the case cannot fill (sex and age are read from the ID number)."""
    gaps = []
    if not (org.representative_gender or org.representative_id_number):
        gaps.append("性别")
    if not (org.representative_birth_date or org.representative_id_number):
        gaps.append("年龄（出生日期）")
    if not org.representative_id_number:
        gaps.append("身份证号")
    return gaps


def requirements(case: "Case", claim: "Claim", *, lawyer_licence: bool) -> list[Requirement]:
    """The identity, agency and jurisdiction papers of this filing, met or not."""
    me, other = _role(claim)
    c = case.creditor
    out: list[Requirement] = []
    add = out.append
    cat = "当事人身份证明"
    if isinstance(c, Person):
        add(Requirement(cat, f"{me}{c.name}的居民身份证复印件", bool(identity_papers(case, "creditor")),
                        f"证据中没有{me}{c.name}的身份证明：请加入身份证复印件（正反面），注明 doc_type 为 id_card、party 为 creditor",
                        _BASIS_ID))
    else:
        add(Requirement(cat, f"{me}{c.name}的营业执照（副本）复印件",
                        bool(identity_papers(case, "creditor", ("business_licence",))),
                        f"证据中没有{me}{c.name}的营业执照：请加入营业执照（副本）复印件并加盖公章，注明 doc_type 为 business_licence、party 为 creditor",
                        _BASIS_ID))
        gaps = rep_certificate_gaps(c)
        add(Requirement(cat, f"法定代表人身份证明书（{c.representative}）", not gaps,
                        f"法定代表人身份证明书缺少{c.representative}的{'、'.join(gaps)}：请在 creditor.representative_gender、"
                        "representative_birth_date、representative_id_number 中填写后重新生成" if gaps else "", _BASIS_ID))
        add(Requirement(cat, f"法定代表人{c.representative}的居民身份证复印件（附于法定代表人身份证明书）",
                        bool(identity_papers(case, "creditor.representative", ("id_card",))),
                        f"证据中没有法定代表人{c.representative}的身份证复印件：请加入并注明 doc_type 为 id_card、party 为 creditor.representative",
                        _BASIS_ID))
    # the other side: information that tells the defendant apart (第6条第（三）项); an ID copy helps
    others = list(case.debtors)
    if claim.procedure.kind != "payment_order" and case.procedure.pursue_guarantors:
        others += [g.party for g in case.guarantors]  # guarantors pursued are defendants too
    for d in others:
        missing = []
        if isinstance(d, Person):
            if not (d.gender or d.id_number):
                missing.append("性别")
            if not (d.birth_date or d.id_number):
                missing.append("出生日期")
            if not (d.id_number or d.other_id_number):
                missing.append("身份证号")
        elif not d.uscc:
            missing.append("统一社会信用代码")
        add(Requirement(cat, f"{other}{d.name}的身份信息（姓名或名称、住所等，已列明于{'申请书' if me == '申请人' else '起诉状'}）",
                        not missing,
                        f"{other}{d.name}缺少{'、'.join(missing)}：足以与他人相区别的姓名、住所已列明，可以立案，补充后更便于送达和执行"
                        if missing else "", "最高人民法院关于人民法院登记立案若干问题的规定第6条第（三）项", required=False))
    # jurisdiction resting on the 经常居住地 (民诉法解释第4条)
    for i in rests_on_residence(case, claim):
        d = case.debtors[i]
        add(Requirement("证据材料", f"{other}{d.name}在经常居住地（{d.habitual_residence}）连续居住一年以上的证明",
                        bool(residence_proofs(case, f"debtors[{i}]")),
                        f"受理法院按{other}{d.name}的经常居住地确定，但证据中没有其连续居住一年以上的证明（居住证、租赁合同、"
                        f"物业或社区证明等）：请加入并注明 doc_type 为 residence_proof、party 为 debtors[{i}]",
                        "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释第4条；民事诉讼法第22条"))
    if case.lawyer is not None:
        add(Requirement("委托代理材料", f"承办律师{case.lawyer.lawyer_name}的律师执业证复印件（代理人身份证明）", lawyer_licence,
                        "案件没有律师执业证复印件：请在 lawyer.licence_copy 中填写执业证扫描件（PDF 或 JPEG）的路径", _BASIS_ID))
    return out


def identity_parts(case: "Case", case_dir: Path, rep_certificate: Path | None) -> tuple[list[Part], list[str]]:
    """The pages of 03_当事人身份证明.pdf, the filing party first, then the other side, each with its
    bookmark: 营业执照/身份证 → 法定代表人身份证明书 → 法定代表人身份证 → 被告（被申请人）的身份证明 →
    保证人的 → identity papers not linked to a party (listed in the notes: link them)."""
    parts: list[Part] = []
    notes: list[str] = []
    numbered = list(enumerate(case.evidence, start=1))
    used: set[int] = set()

    def take(ref: str, doc_types: tuple[str, ...] | None = None) -> None:
        for idx in identity_papers(case, ref, doc_types):
            if idx in used:
                continue
            used.add(idx)
            n, e = numbered[idx]
            for rel in e.files:
                parts.append(Part(case_dir / rel, f"证据{n} {e.title}"))

    if isinstance(case.creditor, Organization):
        take("creditor", ("business_licence",))
        take("creditor")
        if rep_certificate is not None:
            parts.append(Part(rep_certificate, "法定代表人身份证明书"))
        take("creditor.representative")
    else:
        take("creditor")
    for i in range(len(case.debtors)):
        take(f"debtors[{i}]")
        take(f"debtors[{i}].representative")
    for i in range(len(case.guarantors)):
        take(f"guarantors[{i}]")
        take(f"guarantors[{i}].representative")
    for idx, (n, e) in enumerate(numbered):
        if idx in used or not e.is_identity:
            continue
        for rel in e.files:
            parts.append(Part(case_dir / rel, f"证据{n} {e.title}"))
        notes.append(f"证据{n}“{e.title}”标记为身份证明材料，但未注明是哪个当事人的（party），已放在当事人身份证明的最后，请核对。")
    return parts, notes
