"""efiling/manifest.json: every upload file with its category, pages, bytes and sha256, the Word
drafts for signing, and the checklist of what the court expects that is still missing.

Upload categories follow the civil first-instance form of 人民法院在线服务 (law-procedure.md §5):
起诉状/申请书, 证据材料, 当事人身份证明, 委托代理材料, 送达地址确认书, 其他.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..money import figures

if TYPE_CHECKING:
    from ..case.models import Case
    from ..law.claim import Claim
    from .papers import Requirement

__all__ = [
    "UPLOAD_CATEGORIES",
    "EfilingFile",
    "ChecklistItem",
    "file_entry",
    "checklist_for",
    "manifest_bytes",
]

UPLOAD_CATEGORIES: tuple[str, ...] = ("起诉状/申请书", "证据材料", "当事人身份证明", "委托代理材料", "送达地址确认书", "其他")


@dataclass(frozen=True)
class EfilingFile:
    category: str
    file: str  # name inside efiling/
    title: str
    pages: int | None  # PDFs: counted in the written file; .docx drafts: None
    bytes: int
    sha256: str


@dataclass(frozen=True)
class ChecklistItem:
    category: str
    item: str  # what to do, Chinese
    file: str | None = None  # the upload file concerned
    basis: str = ""  # legal source, when there is one
    # missing = a required paper is not in the set (the set is incomplete); todo = a person must act
    # (sign, seal, pay, check); ok = a required paper is in the set; advice = recommended, not required
    status: str = "todo"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_entry(path: Path, category: str, title: str, pages: int | None) -> EfilingFile:
    return EfilingFile(category, path.name, title, pages, path.stat().st_size, sha256_of(path))


_POWER = {"admit": "代为承认诉讼请求", "waive": "代为放弃诉讼请求", "modify": "代为变更诉讼请求",
          "settle": "进行和解", "counterclaim": "提起反诉", "appeal": "提起上诉", "receive_payment": "代为领取案款"}


def _requirement_items(reqs: "list[Requirement]", category: str, file: str | None) -> list[ChecklistItem]:
    out = []
    for r in reqs:
        if r.category != category:
            continue
        if r.met:
            out.append(ChecklistItem(category, f"已包含：{r.item}。", file, r.basis, "ok"))
        else:
            out.append(ChecklistItem(category, r.missing + "。", file, r.basis, "missing" if r.required else "advice"))
    return out


def checklist_for(
    case: "Case", claim: "Claim", files: list[EfilingFile], notes: list[str], reqs: "list[Requirement] | None" = None
) -> list[ChecklistItem]:
    """What the filing still needs from a person: signatures, seals, originals, fees, missing papers.

    ``reqs`` (:func:`pipeline.efiling.papers.requirements`): the papers the court asks for; each is
    listed as ``ok`` or ``missing`` (required) / ``advice`` (recommended)."""
    reqs = reqs or []
    by_cat: dict[str, list[str]] = {}
    for f in files:
        by_cat.setdefault(f.category, []).append(f.file)
    org = case.creditor.kind == "organization"
    sign = "加盖单位公章并由法定代表人（负责人）签字" if org else "由本人签字"
    po = claim.procedure.kind == "payment_order"
    out: list[ChecklistItem] = []
    add = out.append

    filing = (by_cat.get("起诉状/申请书") or [None])[0]
    add(ChecklistItem("起诉状/申请书", f"{'支付令申请书' if po else '民事起诉状'}落款处{sign}，上传签章后的扫描件（或按平台要求电子签章）。", filing))
    n_copies = len(case.debtors) + (0 if po or not case.procedure.pursue_guarantors else len(case.guarantors))
    add(ChecklistItem(
        "起诉状/申请书",
        f"线下提交时，按{'被申请人' if po else '被告'}人数另备副本{n_copies}份；网上立案材料经审核符合要求的，法院不再要求提交纸质件。",
        filing,
        "民事诉讼法第123条；人民法院在线诉讼规则第9条",
    ))

    evidence = by_cat.get("证据材料", [])
    ev_file = evidence[0] if evidence else None
    add(ChecklistItem("证据材料", f"证据目录落款处{sign}，并注明提交日期。", ev_file, "最高人民法院关于民事诉讼证据的若干规定第19条"))
    originals = [f"{e.id} {e.title}" for e in case.evidence if e.original == "original"]
    if originals:
        # 督促程序 is decided on the papers, with no hearing (民事诉讼法第227条): originals are shown
        # only when the court asks for them (在线诉讼规则第12–13条).
        when = "人民法院要求核对时提交以下证据原件" if po else "开庭时携带以下证据原件以备核对"
        add(ChecklistItem("证据材料", f"{when}：" + "；".join(originals) + "。", ev_file,
                          "民事诉讼法第73条；最高人民法院关于民事诉讼证据的若干规定第11条"))
    unknown = [f"{e.id} {e.title}" for e in case.evidence if e.original is None]
    if unknown:
        add(ChecklistItem("证据材料", "以下证据未注明原件或复印件，请确认能否提供原件：" + "；".join(unknown) + "。", ev_file,
                          "民事诉讼法第73条"))
    if not case.evidence:
        add(ChecklistItem("证据材料", "案件没有证据清单，未生成证据材料；请补充证据后重新生成。", None, "民事诉讼法第124条第（四）项",
                          "missing"))
    out += _requirement_items(reqs, "证据材料", ev_file)

    ident = (by_cat.get("当事人身份证明") or [None])[0]
    out += _requirement_items(reqs, "当事人身份证明", ident)
    if org:
        add(ChecklistItem("当事人身份证明", "法定代表人身份证明书加盖单位公章；营业执照复印件加盖公章。",
                          ident, "最高人民法院关于人民法院登记立案若干问题的规定第6条"))

    if case.lawyer is not None:
        agency = by_cat.get("委托代理材料", [])
        poa = next((f for f in agency if "授权委托书" in f), None)
        letter = next((f for f in agency if "律师事务所函" in f), None)
        add(ChecklistItem("委托代理材料", f"授权委托书{sign}，并由受托律师签字。", poa, "民事诉讼法第62条"))
        lw = case.lawyer
        if lw.authority == "special" and not lw.special_powers:
            add(ChecklistItem(
                "委托代理材料",
                "代理权限填写为特别授权，但未列明特别授权事项（special_powers）：授权委托书已按一般授权生成。"
                "如需特别授权，请逐项列明（承认、放弃、变更诉讼请求，和解，反诉，上诉），仅写“全权代理”不视为特别授权。",
                poa, "民事诉讼法第62条第2款；民诉法解释第89条",
            ))
        elif lw.authority == "general":
            add(ChecklistItem(
                "委托代理材料",
                "授权委托书为一般授权（lawyer.authority 为 general）：受托律师不能代为和解（包括先行调解）、变更诉讼请求或领取案款；"
                "催收案件通常应特别授权并逐项列明。",
                poa, "民事诉讼法第62条第2款；民诉法解释第89条",
            ))
        elif lw.authority == "special":
            named = "、".join(_POWER[k] for k in _POWER if k in lw.special_powers)
            add(ChecklistItem("委托代理材料", f"请委托人核对特别授权事项：{named}。", poa, "民事诉讼法第62条第2款"))
        add(ChecklistItem("委托代理材料", "律师事务所函填写函号并加盖律师事务所公章。", letter))
        licence = next((f for f in agency if "律师执业证" in f), None)
        out += _requirement_items(reqs, "委托代理材料", licence)

    svc_file = (by_cat.get("送达地址确认书") or [None])[0]
    add(ChecklistItem("送达地址确认书", f"送达地址确认书{sign}。", svc_file, "民诉法解释第136条"))
    svc = case.creditor_service
    if svc is None:
        add(ChecklistItem(
            "送达地址确认书",
            "案件未填写送达地址确认信息（creditor_service）：送达地址按住所生成，邮政编码和是否同意电子送达留空，请补充后重新生成或手工填写。",
            svc_file, "民事诉讼法第90条；民诉法解释第136条",
        ))
    else:
        if svc.postcode is None:
            add(ChecklistItem("送达地址确认书", "送达地址确认书未填写邮政编码，请补充。", svc_file, "法院专递规定第4条"))
        if svc.electronic_consent is None:
            add(ChecklistItem("送达地址确认书", "尚未确认是否同意电子送达，请在确认书中勾选。", svc_file, "民事诉讼法第90条"))
        elif svc.electronic_consent and not svc.channels:
            add(ChecklistItem("送达地址确认书", "已同意电子送达但未选择电子送达方式（channels），请补充。", svc_file, "民诉法解释第136条"))
        elif svc.electronic_consent and "email" in svc.channels and not svc.email:
            add(ChecklistItem("送达地址确认书", "选择了电子邮件送达但未填写电子邮箱，请补充。", svc_file, "民诉法解释第136条"))

    pres = next((f for f in by_cat.get("其他", []) if "财产保全" in f), None)
    if pres is not None and claim.fees is not None and claim.fees.preservation_fee is not None:
        add(ChecklistItem("其他", f"财产保全申请书{sign}。", pres, "民事诉讼法第103条"))
        add(ChecklistItem("其他", "法院责令提供担保的，提交担保材料（如保险公司出具的诉讼财产保全责任保险保函）；不提供担保的，保全申请将被驳回。",
                          pres, "民事诉讼法第103条第2款"))
        add(ChecklistItem("其他", "附上财产线索的证明材料（如不动产登记信息、车辆登记信息、开户行及账号）。", pres))
        add(ChecklistItem("其他", f"交纳保全申请费{figures(claim.fees.preservation_fee)}元。", pres,
                          "诉讼费用交纳办法第14条第（二）项"))
    for note in notes:
        add(ChecklistItem("其他", note))
    if claim.fees is not None:
        if po:
            add(ChecklistItem("其他", f"提出申请时或在法院指定的期限内预交支付令申请费{figures(claim.fees.payment_order_fee)}元。", None,
                              "诉讼费用交纳办法第14条第（三）项、第20条、第22条"))
        else:
            fees = claim.fees
            if fees.case_fee_payable != fees.case_fee_full:
                # The halving assumes 简易程序 (办法第16条); the court decides the procedure, and a case
                # moved to 普通程序 pays the balance (民诉法解释第199条).
                add(ChecklistItem(
                    "其他",
                    f"自接到交费通知次日起7日内预交案件受理费{figures(fees.case_fee_payable)}元（按简易程序减半计算；"
                    f"人民法院适用普通程序的，应交全额{figures(fees.case_fee_full)}元），逾期不交按撤诉处理。",
                    None, "诉讼费用交纳办法第13条、第16条、第20条、第22条；民诉法解释第199条",
                ))
            else:
                add(ChecklistItem("其他", f"自接到交费通知次日起7日内预交案件受理费{figures(fees.case_fee_payable)}元，逾期不交按撤诉处理。",
                                  None, "诉讼费用交纳办法第13条、第20条、第22条"))
    return out


def manifest_bytes(
    case: "Case",
    claim: "Claim",
    *,
    files: list[EfilingFile],
    drafts: list[EfilingFile],
    checklist: list[ChecklistItem],
    problems: list[str],
    max_file_mb: float | None,
    missing: list[str] | None = None,
) -> bytes:
    """Deterministic JSON (no clock, no absolute paths). ``complete`` is false whenever a required
    paper is missing; ``missing`` names each (Chinese)."""
    missing = list(missing or [])
    doc = {
        "case_id": case.case_id,
        "complete": not missing,
        "missing": missing,
        "procedure": claim.procedure.kind,
        "court": claim.procedure.court.name,
        "max_file_mb": max_file_mb,
        "categories": list(UPLOAD_CATEGORIES),
        "files": [asdict(f) for f in files],
        "drafts": [asdict(f) for f in drafts],
        "checklist": [asdict(c) for c in checklist],
        "problems": list(problems),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
