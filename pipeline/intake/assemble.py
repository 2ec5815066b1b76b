"""One loan row and its joined rows → a case.json dict, with where every value came from.

The dict is what ``case.json`` will hold; ``provenance`` maps each JSON path the case
model may complain about (``debtors[0].id_number``, ``repayments[2].date``) to the sheet
cell (or mapping-file key) it came from, so that a validation problem can be told as
“借款清单 第17行『身份证号』：…”. Nothing is invented: an empty cell leaves the field out
(the case model then says what is missing); the only values derived are stated in the
report (gender and birth date from the ID number, 放款金额 = 借款金额 when not given).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..case.ids import id_birth_date, id_gender, id_problem
from ..money import figures, zh_date
from .columns import ROLES
from .evidence import EvidenceProblem, resolve_spec, split_specs
from .mapping import Mapping
from .report import MAPPING_SHEET, Cell, IntakeProblem
from .sheets import Value
from .values import RateValue

__all__ = ["Assembled", "assemble_case", "LOAN_PATHS", "case_id_for"]

_CHANNEL_ZH = {
    "sms": "短信", "phone": "电话", "letter": "信函", "lawyer_letter": "律师函", "wechat": "微信",
    "email": "电子邮件", "visit": "上门", "other": "其他方式",
}
_CENT = Decimal("0.01")

#: Where each loans-sheet field goes in case.json (also where its problems are reported).
LOAN_PATHS = {
    "key": "loan.contract_no",
    "contract_name": "loan.contract_name",
    "signed_on": "loan.signed_on",
    "signed_place": "loan.signed_place",
    "debtor_type": "debtors[0].kind",
    "debtor_name": "debtors[0].name",
    "debtor_id_number": "debtors[0].id_number",
    "debtor_uscc": "debtors[0].uscc",
    "debtor_gender": "debtors[0].gender",
    "debtor_birth_date": "debtors[0].birth_date",
    "debtor_ethnicity": "debtors[0].ethnicity",
    "debtor_domicile": "debtors[0].domicile",
    "debtor_residence": "debtors[0].habitual_residence",
    "debtor_phone": "debtors[0].phone",
    "debtor_email": "debtors[0].email",
    "debtor_occupation": "debtors[0].occupation",
    "debtor_employer": "debtors[0].employer",
    "debtor_representative": "debtors[0].representative",
    "debtor_representative_title": "debtors[0].representative_title",
    "principal": "loan.face_principal",
    "disbursed": "loan.disbursements[0].amount",
    "disbursed_on": "loan.disbursements[0].date",
    "disbursement_method": "loan.disbursements[0].method",
    "disbursement_ref": "loan.disbursements[0].reference",
    "term_start": "loan.term_start",
    "due_date": "loan.due_date",
    "interest_rate": "loan.interest",
    "overdue_rate": "loan.overdue_interest",
    "penalty_amount": "loan.penalty",
    "computation_date": "computation_date",
    "purpose": "loan.purpose",
    "debtor_court": "procedure.debtor_court_name",
    "creditor_court": "procedure.creditor_court_name",
    "preferred_procedure": "procedure.preferred",
    "preservation_wanted": "procedure.preservation_wanted",
    "letter_serial": "lawyer.letter_serial",
    "notes": "debtor_situation.notes",
}

_REPAYMENT_PATHS = {"date": "date", "amount": "amount", "to_principal": "to_principal"}
_CONTACT_PATHS = {
    "at": "at", "channel": "channel", "counterpart": "counterpart", "relation": "relation", "content": "content",
    "delivered": "delivered", "proof_kind": "delivery_proof.kind", "proof_ref": "delivery_proof.reference",
    "recording_id": "recording_id", "outcome": "outcome", "promised_date": "promised_date",
    "disclosed_debt": "disclosed_debt",
}
_GUARANTOR_PATHS = {
    "type": "party.kind", "name": "party.name", "id_number": "party.id_number", "uscc": "party.uscc",
    "gender": "party.gender", "domicile": "party.domicile", "phone": "party.phone",
    "representative": "party.representative", "representative_title": "party.representative_title",
    "guarantee_type": "guarantee_type", "period_end": "guarantee_period_end",
}
_EVIDENCE_PATHS = {"title": "title", "source": "source", "purpose": "purpose", "original": "original",
                   "identity_document": "identity_document"}

_DEFAULT_SOURCE = "出借人提供"


def case_id_for(key: str, prefix: str = "") -> str:
    """A case id (folder name) from the key: the same key always gives the same id.

    Letters, digits, ``.``, ``_`` and ``-`` are kept; anything else (Chinese, ``/``, spaces)
    becomes ``-`` and a short hash of the full key is appended so that two keys that differ
    only there (``借2025-1`` and ``贷2025-1``) never share a folder.
    """
    import hashlib

    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", key).strip("-._")
    full = prefix + slug
    changed = slug != key or not slug
    if changed or len(full) > 64 or not full[:1].isalnum():
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        full = (prefix + slug)[:55].rstrip("-._")
        full = f"{full}-{digest}" if full else f"case-{digest}"
        if not full[:1].isalnum():
            full = "c" + full
    return full


@dataclass
class Assembled:
    case: dict[str, Any]
    provenance: dict[str, Cell]
    files: list[tuple[Path, str]]  # (source file, path inside the case folder)
    problems: list[IntakeProblem] = field(default_factory=list)
    failed_paths: list[str] = field(default_factory=list)  # paths whose cells could not be read
    row_cell: Cell | None = None


class _Builder:
    def __init__(self, row_cell: Cell, key: str):
        self.case: dict[str, Any] = {}
        self.prov: dict[str, Cell] = {}
        self.files: list[tuple[Path, str]] = []
        self.problems: list[IntakeProblem] = []
        self.failed: list[str] = []
        self.row_cell = row_cell
        self.key = key
        self.used_names: set[str] = set()
        self.evidence: list[dict[str, Any]] = []

    def where(self, path: str, cell: Cell) -> None:
        self.prov[path] = cell

    def problem(self, cell: Cell, message: str) -> None:
        self.problems.append(IntakeProblem.at(cell, message, self.key))


def _set(target: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for p in parts[:-1]:
        target = target.setdefault(p, {})
    target[parts[-1]] = value


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _mapping_provenance(value: Any, path: str, prov: dict[str, Cell]) -> None:
    """Every value the mapping's [case] table gives, named as the clerk finds it there."""
    if isinstance(value, dict):
        if path:
            prov[path] = Cell(MAPPING_SHEET, 0, f"[case.{path}]")
        for k, v in value.items():
            _mapping_provenance(v, f"{path}.{k}" if path else k, prov)
        return
    parent, _, leaf = path.rpartition(".")
    section = f"[case.{parent}]" if parent else "[case]"
    prov[path] = Cell(MAPPING_SHEET, 0, f"{section} {leaf}", None if isinstance(value, (dict, list)) else str(value))


def _money(d: Decimal) -> Decimal:
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return d.quantize(_CENT)
    return d


def _rate_terms(v: RateValue, overdue: bool) -> dict[str, Any]:
    if v.kind == "agreed":
        return {"kind": "agreed", "rate": v.rate, "unit": v.unit}
    if overdue:  # 民间借贷规定第28条: 未约定逾期利率或者约定不明 are treated alike
        return {"kind": "none"}
    return {"kind": v.kind}


def assemble_case(
    *,
    key: str,
    case_id: str,
    loan: dict[str, Value],
    row_cell: Cell,
    related: dict[str, list[tuple[Cell, dict[str, Value]]]],
    mapping: Mapping,
    evidence_root: Path,
    as_of: dt.date | None,
    note: Any,
    failed_fields: dict[str, list[str]],
) -> Assembled:
    """Build the case dict for one loan. ``related[role]`` holds the parsed rows of the other sheets
    (each with its row cell); ``failed_fields`` the field names per row key whose cells could not be read."""
    b = _Builder(row_cell, key)
    sheet = row_cell.sheet

    def cell_of(name: str) -> Cell:
        if name in loan:
            return loan[name].cell
        return Cell(sheet, row_cell.row, _LOAN_LABELS[name])

    def val(name: str) -> Any:
        v = loan.get(name)
        return v.value if v is not None else None

    # Provenance first: every field the row could hold, present or not, names its column.
    for name, path in LOAN_PATHS.items():
        b.where(path, cell_of(name))
    for name in failed_fields.get("loans", []):
        b.failed.append(LOAN_PATHS.get(name, name))
    b.where("loan.disbursements", cell_of("disbursed") if "disbursed" in loan else cell_of("principal"))
    b.where("loan", row_cell)
    b.where("debtors[0]", cell_of("debtor_name"))
    b.where("debtors", cell_of("debtor_name"))
    b.where("loan.interest.rate", cell_of("interest_rate"))
    b.where("loan.overdue_interest.rate", cell_of("overdue_rate"))
    b.where("loan.penalty.amount", cell_of("penalty_amount"))
    base_case = mapping.case  # read only here; _merge copies it
    _mapping_provenance(base_case, "", b.prov)
    if "lender_category" not in base_case:
        b.where("lender_category", Cell(MAPPING_SHEET, 0, "[case] lender_category"))
    if "creditor" not in base_case:
        b.where("creditor", Cell(MAPPING_SHEET, 0, "[case.creditor]"))
    c: dict[str, Any] = {"schema_version": "1", "case_id": case_id}

    # ------------------------------------------------ the debtor
    id_number, uscc = val("debtor_id_number"), val("debtor_uscc")
    kind = val("debtor_type") or ("organization" if uscc and not id_number else "person")
    debtor: dict[str, Any] = {"kind": kind}
    fields = (
        ("name", "debtor_name"), ("domicile", "debtor_domicile"), ("phone", "debtor_phone"), ("email", "debtor_email"),
    )
    if kind == "person":
        fields += (
            ("gender", "debtor_gender"), ("birth_date", "debtor_birth_date"), ("ethnicity", "debtor_ethnicity"),
            ("id_number", "debtor_id_number"), ("habitual_residence", "debtor_residence"),
            ("occupation", "debtor_occupation"), ("employer", "debtor_employer"),
        )
    else:
        fields += (("uscc", "debtor_uscc"), ("representative", "debtor_representative"),
                   ("representative_title", "debtor_representative_title"))
    for target, name in fields:
        v = val(name)
        if v is not None:
            debtor[target] = v.isoformat() if isinstance(v, dt.date) else v
    if kind == "person" and isinstance(id_number, str) and id_problem(id_number) is None:
        id_cell = cell_of("debtor_id_number")
        if "gender" not in debtor and "debtor_gender" not in failed_fields.get("loans", []):
            debtor["gender"] = id_gender(id_number)
            b.where("debtors[0].gender", id_cell)
            note(id_cell.sheet, id_cell.row, id_cell.column, "gender_from_id", "性别按身份证号第17位填写")
        if "birth_date" not in debtor and "debtor_birth_date" not in failed_fields.get("loans", []):
            debtor["birth_date"] = id_birth_date(id_number).isoformat()
            b.where("debtors[0].birth_date", id_cell)
            note(id_cell.sheet, id_cell.row, id_cell.column, "birth_from_id", "出生日期按身份证号第7—14位填写")
    c["debtors"] = [_ordered_party(debtor)]

    # ------------------------------------------------ the loan
    loan_d: dict[str, Any] = {}
    if "contract_name" in loan:
        loan_d["contract_name"] = val("contract_name")
    loan_d["contract_no"] = key
    for target, name in (("signed_on", "signed_on"), ("signed_place", "signed_place"), ("term_start", "term_start"),
                         ("due_date", "due_date"), ("purpose", "purpose")):
        v = val(name)
        if v is not None:
            loan_d[target] = v.isoformat() if isinstance(v, dt.date) else v
    principal = val("principal")
    if principal is not None:
        loan_d["face_principal"] = _money(principal)
    disbursed = val("disbursed")
    if disbursed is None and principal is not None and "disbursed" not in failed_fields.get("loans", []):
        disbursed = principal
        pc = cell_of("principal")
        note(pc.sheet, pc.row, pc.column, "disbursed_is_principal", "未填放款金额，实际出借金额按借款金额填写")
        b.where("loan.disbursements[0].amount", pc)
    disb: dict[str, Any] = {}
    if val("disbursed_on") is not None:
        disb["date"] = val("disbursed_on").isoformat()
    if disbursed is not None:
        disb["amount"] = _money(disbursed)
    if val("disbursement_method") is not None:
        disb["method"] = val("disbursement_method")
    if val("disbursement_ref") is not None:
        disb["reference"] = val("disbursement_ref")
    loan_d["disbursements"] = [disb]
    rate = val("interest_rate")
    if rate is not None:
        loan_d["interest"] = _rate_terms(rate, overdue=False)
    elif "interest_rate" not in failed_fields.get("loans", []):
        loan_d["interest"] = {"kind": "none"}
        ic = cell_of("interest_rate")
        note(ic.sheet, ic.row, ic.column, "rate_blank", "年利率为空，按未约定借期内利息导入（民间借贷规定第24条）")
    overdue = val("overdue_rate")
    if overdue is not None:
        if overdue.kind == "unclear":
            oc = cell_of("overdue_rate")
            note(oc.sheet, oc.row, oc.column, "overdue_unclear", "逾期利率约定不明，按未约定处理（民间借贷规定第28条）")
        loan_d["overdue_interest"] = _rate_terms(overdue, overdue=True)
    if val("penalty_amount") is not None:
        loan_d["penalty"] = {"kind": "fixed", "amount": _money(val("penalty_amount"))}
    c["loan"] = loan_d

    # ------------------------------------------------ dates, procedure, lawyer, notes
    if as_of is not None:
        c["computation_date"] = as_of.isoformat()
        b.where("computation_date", Cell(MAPPING_SHEET, 0, "--as-of", as_of.isoformat()))
    elif val("computation_date") is not None:
        c["computation_date"] = val("computation_date").isoformat()
    elif mapping.computation_date is not None:
        c["computation_date"] = mapping.computation_date.isoformat()
        b.where("computation_date", Cell(MAPPING_SHEET, 0, "[options] computation_date", mapping.computation_date.isoformat()))
    proc: dict[str, Any] = {}
    for target, name in (("debtor_court_name", "debtor_court"), ("creditor_court_name", "creditor_court"),
                         ("preferred", "preferred_procedure"), ("preservation_wanted", "preservation_wanted")):
        if val(name) is not None:
            proc[target] = val(name)
    if proc:
        c["procedure"] = proc
    if val("letter_serial") is not None:
        if "lawyer" not in base_case:
            lc = cell_of("letter_serial")
            b.problem(lc, "填写了律师函序号，但映射文件中没有律师信息（[case.lawyer]）")
        else:
            c["lawyer"] = {"letter_serial": val("letter_serial")}
    elif isinstance(base_case.get("lawyer"), dict) and "letter_serial" not in base_case["lawyer"] \
            and "letter_serial" not in failed_fields.get("loans", []):
        b.problem(cell_of("letter_serial"), "映射文件中填写了律师信息（[case.lawyer]），每笔借款还需要律师函函号中的序号"
                                            "（如第36号填 36），请在这一列填写")
        b.failed.append("lawyer.letter_serial")
    if val("notes") is not None:
        c["debtor_situation"] = {"notes": val("notes")}

    # ------------------------------------------------ joined rows
    repayments = sorted(related.get("repayments", []), key=lambda rc: (rc[1]["date"].value if "date" in rc[1] else dt.date.max, rc[0].row))
    rep_list = []
    for i, (rcell, vals) in enumerate(repayments):
        path = f"repayments[{i}]"
        b.where(path, rcell)
        for name, sub in _REPAYMENT_PATHS.items():
            b.where(f"{path}.{sub}", vals[name].cell if name in vals else _label_cell(rcell, "repayments", name))
        for name in failed_fields.get(f"repayments:{rcell.sheet}:{rcell.row}", []):
            b.failed.append(f"{path}.{_REPAYMENT_PATHS.get(name, name)}")
        r: dict[str, Any] = {}
        if "date" in vals:
            r["date"] = vals["date"].value.isoformat()
        if "amount" in vals:
            r["amount"] = _money(vals["amount"].value)
        if "to_principal" in vals:
            r["to_principal"] = _money(vals["to_principal"].value)
        rep_list.append(r)
    if rep_list:
        c["repayments"] = rep_list
    _check_repaid(b, loan, cell_of, repayments)

    debtor_name = val("debtor_name")
    contacts = sorted(related.get("contacts", []), key=lambda rc: (rc[1]["at"].value if "at" in rc[1] else dt.datetime.max.replace(tzinfo=dt.timezone.utc), rc[0].row))
    log = []
    for i, (rcell, vals) in enumerate(contacts):
        path = f"collection_log[{i}]"
        b.where(path, rcell)
        for name, sub in _CONTACT_PATHS.items():
            b.where(f"{path}.{sub}", vals[name].cell if name in vals else _label_cell(rcell, "contacts", name))
        b.where(f"{path}.delivery_proof", vals["proof_kind"].cell if "proof_kind" in vals else _label_cell(rcell, "contacts", "proof_kind"))
        for name in failed_fields.get(f"contacts:{rcell.sheet}:{rcell.row}", []):
            b.failed.append(f"{path}.{_CONTACT_PATHS.get(name, name)}")
        e: dict[str, Any] = {}
        if "at" in vals:
            e["at"] = vals["at"].value.isoformat()
        for name in ("channel",):
            if name in vals:
                e[name] = vals[name].value
        relation = vals["relation"].value if "relation" in vals else None
        counterpart = vals["counterpart"].value if "counterpart" in vals else None
        if relation is None and "relation" not in failed_fields.get(f"contacts:{rcell.sheet}:{rcell.row}", []):
            if counterpart is None or counterpart == debtor_name:
                relation = "debtor"
                note(rcell.sheet, rcell.row, _label_cell(rcell, "contacts", "relation").column, "relation_default",
                     "关系为空，按借款人本人导入")
        if counterpart is None and relation == "debtor" and debtor_name:
            counterpart = debtor_name
            note(rcell.sheet, rcell.row, _label_cell(rcell, "contacts", "counterpart").column, "counterpart_default",
                 "联系对象为空，按借款人本人导入")
        if counterpart is not None:
            e["counterpart"] = counterpart
        if relation is not None:
            e["relation"] = relation
        for name in ("content", "delivered", "recording_id", "outcome", "disclosed_debt"):
            if name in vals:
                e[name] = vals[name].value
        if "proof_kind" in vals or "proof_ref" in vals:
            proof: dict[str, Any] = {}
            if "proof_kind" in vals:
                proof["kind"] = vals["proof_kind"].value
            if "proof_ref" in vals:
                proof["reference"] = vals["proof_ref"].value
            e["delivery_proof"] = proof
        if "promised_date" in vals:
            e["promised_date"] = vals["promised_date"].value.isoformat()
        log.append(e)
    if log:
        c["collection_log"] = log

    guarantors = []
    for i, (rcell, vals) in enumerate(related.get("guarantors", [])):
        path = f"guarantors[{i}]"
        b.where(path, rcell)
        b.where(f"{path}.party", rcell)
        for name, sub in _GUARANTOR_PATHS.items():
            b.where(f"{path}.{sub}", vals[name].cell if name in vals else _label_cell(rcell, "guarantors", name))
        for name in failed_fields.get(f"guarantors:{rcell.sheet}:{rcell.row}", []):
            b.failed.append(f"{path}.{_GUARANTOR_PATHS.get(name, name)}")
        gid, guscc = (vals[n].value if n in vals else None for n in ("id_number", "uscc"))
        gkind = vals["type"].value if "type" in vals else ("organization" if guscc and not gid else "person")
        party: dict[str, Any] = {"kind": gkind}
        names = ["name", "domicile", "phone"] + (["gender", "id_number"] if gkind == "person" else ["uscc", "representative", "representative_title"])
        for name in names:
            if name in vals:
                party[name] = vals[name].value
        if gkind == "person" and isinstance(gid, str) and id_problem(gid) is None and "gender" not in party:
            party["gender"] = id_gender(gid)
            party["birth_date"] = id_birth_date(gid).isoformat()
            b.where(f"{path}.party.birth_date", vals["id_number"].cell)
            b.where(f"{path}.party.gender", vals["id_number"].cell)
        g: dict[str, Any] = {"party": _ordered_party(party)}
        if "guarantee_type" in vals:
            g["guarantee_type"] = vals["guarantee_type"].value
        else:
            note(rcell.sheet, rcell.row, _label_cell(rcell, "guarantors", "guarantee_type").column, "guarantee_general",
                 "保证方式为空，按一般保证导入（民法典第686条：没有约定或者约定不明确的，按照一般保证承担保证责任）")
        if "period_end" in vals:
            g["guarantee_period_end"] = vals["period_end"].value.isoformat()
        guarantors.append(g)
    if guarantors:
        c["guarantors"] = guarantors

    # ------------------------------------------------ evidence
    _evidence(b, c, loan, cell_of, val, related, mapping, evidence_root, repayments, contacts, guarantors)

    merged = _merge(base_case, c)
    return Assembled(_ordered(merged), b.prov, b.files, b.problems, b.failed, row_cell)


def _ordered_party(party: dict[str, Any]) -> dict[str, Any]:
    from ..case.models import Organization, Person

    model = Person if party.get("kind") == "person" else Organization
    out = {k: party[k] for k in model.model_fields if k in party}
    out.update({k: v for k, v in party.items() if k not in out})
    return out


_LABELS = {(role, f.name): f.label for role, spec in ROLES.items() for f in spec.fields}
_LOAN_LABELS = {name: label for (role, name), label in _LABELS.items() if role == "loans"}


def _label_cell(rcell: Cell, role: str, name: str) -> Cell:
    return Cell(rcell.sheet, rcell.row, _LABELS[(role, name)])


def _check_repaid(b: _Builder, loan: dict[str, Value], cell_of: Any, repayments: list[tuple[Cell, dict[str, Value]]]) -> None:
    """已还本金/已还利息/已还金额 in the loans sheet are checked against the repayment rows (not used alone:
    interest depends on when each repayment was made, so every repayment needs its own row)."""
    stated_total = None
    cell = None
    if "repaid_total" in loan:
        stated_total, cell = loan["repaid_total"].value, loan["repaid_total"].cell
    elif "repaid_principal" in loan or "repaid_interest" in loan:
        stated_total = sum((loan[n].value for n in ("repaid_principal", "repaid_interest") if n in loan), Decimal(0))
        cell = (loan.get("repaid_principal") or loan["repaid_interest"]).cell
    if stated_total is None:
        return
    amounts = [vals["amount"].value for _, vals in repayments if "amount" in vals]
    recorded = sum(amounts, Decimal(0))
    if not repayments and stated_total > 0:
        b.problem(cell, f"已还 {figures(stated_total)} 元，但还款记录中没有这笔借款的还款；利息要按每笔还款的日期计算，"
                        "请在还款记录表中逐笔填写还款日期和金额")
    elif repayments and len(amounts) == len(repayments) and recorded != stated_total:
        b.problem(cell, f"已还 {figures(stated_total)} 元，与还款记录中 {len(amounts)} 笔还款合计 {figures(recorded)} 元不一致")
    if "repaid_principal" in loan and repayments:
        parts = [vals["to_principal"].value for _, vals in repayments if "to_principal" in vals]
        if len(parts) == len(repayments) and sum(parts, Decimal(0)) != loan["repaid_principal"].value:
            b.problem(loan["repaid_principal"].cell,
                      f"已还本金 {figures(loan['repaid_principal'].value)} 元，与还款记录中冲抵本金合计 {figures(sum(parts, Decimal(0)))} 元不一致")


def _evidence(b: _Builder, c: dict[str, Any], loan: dict[str, Value], cell_of: Any, val: Any,
              related: dict[str, list[tuple[Cell, dict[str, Value]]]], mapping: Mapping, root: Path,
              repayments: list[Any], contacts: list[Any], guarantors: list[Any]) -> None:
    items: list[dict[str, Any]] = []

    def add(cell: Cell, spec_text: str, item: dict[str, Any], refs: list[str] | None = None, attach: Any = None) -> None:
        eid = f"E{len(items) + 1}"
        index = len(items)
        paths: list[str] = []
        for spec in split_specs(spec_text):
            try:
                found = resolve_spec(root, spec)
            except EvidenceProblem as exc:
                b.problem(cell, exc.message)
                continue
            for src in found:
                name = f"evidence/{eid}-{src.name}"
                n = 2
                while name in b.used_names:
                    name = f"evidence/{eid}-{src.stem}-{n}{src.suffix}"
                    n += 1
                b.used_names.add(name)
                b.files.append((src, name))
                paths.append(name)
        if not paths:
            return
        b.where(f"evidence[{index}]", cell)
        for k in ("title", "source", "purpose", "original", "identity_document", "id"):
            b.prov.setdefault(f"evidence[{index}].{k}", cell)
        for j, _ in enumerate(paths):
            b.where(f"evidence[{index}].files[{j}]", cell)
        entry = {"id": eid, "title": item.get("title"), "files": paths, **item}
        items.append({k: v for k, v in entry.items() if v is not None or k != "title"})
        if attach is not None:
            attach(eid)

    for i, common in enumerate(mapping.common_evidence, start=1):
        cell = Cell(MAPPING_SHEET, 0, f"第{i}个 [[common_evidence]] files", common.get("files"))
        item = {k: common[k] for k in ("title", "source", "purpose") if k in common}
        if "original" in common:
            item["original"] = {"原件": "original", "复印件": "copy"}.get(common["original"], common["original"])
        if "identity_document" in common:
            item["identity_document"] = common["identity_document"]
        add(cell, str(common.get("files", "")), item)

    loan_d = c["loan"]
    key = b.key
    contract = loan_d.get("contract_name", mapping.case.get("loan", {}).get("contract_name", "借款合同"))
    sources = mapping.evidence_sources
    debtor = c["debtors"][0]
    disb = loan_d["disbursements"][0]

    def loan_files(name: str) -> tuple[Cell, str] | None:
        if name in loan:
            return loan[name].cell, str(loan[name].value)
        pattern = mapping.evidence_patterns.get(name)
        if pattern:
            spec = pattern.replace("{key}", key)
            return Cell(MAPPING_SHEET, 0, f"[evidence_patterns] {name}", spec), spec
        return None

    def attach_loan(eid: str) -> None:
        loan_d.setdefault("evidence_ids", []).append(eid)

    def attach_disb(eid: str) -> None:
        disb.setdefault("evidence_ids", []).append(eid)

    found = loan_files("contract_files")
    if found:
        amount = f"借款金额{figures(loan_d['face_principal'])}元、" if "face_principal" in loan_d else ""
        add(found[0], found[1], {
            "title": f"《{contract}》（编号{key}）",
            "source": sources.get("contract_files", _DEFAULT_SOURCE),
            "purpose": f"证明双方的借贷合意及合同约定的{amount}借款期限和利率",
        }, attach=attach_loan)
    found = loan_files("disbursement_files")
    if found:
        when = zh_date(dt.date.fromisoformat(disb["date"])) if "date" in disb else ""
        amount = f"{figures(disb['amount'])}元" if "amount" in disb else "借款"
        add(found[0], found[1], {
            "title": f"放款凭证（{when}）" if when else "放款凭证",
            "source": sources.get("disbursement_files", _DEFAULT_SOURCE),
            "purpose": f"证明出借人已于{when}实际出借{amount}" if when else f"证明出借人已实际出借{amount}",
        }, attach=attach_disb)
    found = loan_files("identity_files")
    if found:
        who = debtor.get("name", "借款人")
        add(found[0], found[1], {
            "title": f"借款人{who}身份证明" if debtor["kind"] == "person" else f"借款人{who}营业执照",
            "source": sources.get("identity_files", _DEFAULT_SOURCE),
            "purpose": "证明借款人的身份信息" if debtor["kind"] == "person" else "证明借款人的主体资格",
            "identity_document": True,
        })
    for i, (rcell, vals) in enumerate(related.get("guarantors", [])):
        if "files" not in vals:
            continue
        g = guarantors[i]
        name = g["party"].get("name", "保证人")
        how = "连带责任保证" if g.get("guarantee_type") == "joint" else "保证"
        add(vals["files"].cell, str(vals["files"].value), {
            "title": f"保证合同（保证人{name}）",
            "source": sources.get("guarantors", _DEFAULT_SOURCE),
            "purpose": f"证明{name}为本案借款提供{how}",
        }, attach=lambda eid, g=g: g.setdefault("evidence_ids", []).append(eid))
    for i, (rcell, vals) in enumerate(repayments):
        if "files" not in vals:
            continue
        r = c["repayments"][i]
        when = zh_date(dt.date.fromisoformat(r["date"])) if "date" in r else ""
        amount = f"{figures(r['amount'])}元" if "amount" in r else ""
        add(vals["files"].cell, str(vals["files"].value), {
            "title": f"还款凭证（{when}）",
            "source": sources.get("repayments", _DEFAULT_SOURCE),
            "purpose": f"证明借款人于{when}还款{amount}",
        }, attach=lambda eid, r=r: r.setdefault("evidence_ids", []).append(eid))
    for i, (rcell, vals) in enumerate(contacts):
        if "files" not in vals:
            continue
        e = c["collection_log"][i]
        when = zh_date(dt.datetime.fromisoformat(e["at"]).date()) if "at" in e else ""
        how = _CHANNEL_ZH.get(e.get("channel", ""), "")
        who = e.get("counterpart", "")
        done = "并已送达" if e.get("delivered") and e.get("channel") in ("letter", "lawyer_letter", "sms", "email", "wechat") else ""
        add(vals["files"].cell, str(vals["files"].value), {
            "title": f"催收记录（{when}{how}）",
            "source": sources.get("contacts", _DEFAULT_SOURCE),
            "purpose": f"证明出借人于{when}以{how}向{who}催收{done}",
        }, attach=lambda eid, e=e: e.__setitem__("evidence_id", eid))
    for rcell, vals in related.get("evidence", []):
        if "files" not in vals:
            b.problem(_label_cell(rcell, "evidence", "files"), "证据清单中的每一项都要填写文件")
            continue
        item: dict[str, Any] = {}
        for name in ("title", "source", "purpose", "original", "identity_document"):
            if name in vals:
                item[name] = vals[name].value
        before = len(items)
        add(vals["files"].cell, str(vals["files"].value), item)
        if len(items) > before:
            for name, sub in _EVIDENCE_PATHS.items():
                b.where(f"evidence[{before}].{sub}", vals[name].cell if name in vals else _label_cell(rcell, "evidence", name))
    if items:
        c["evidence"] = items


_ORDER = (
    "schema_version", "case_id", "creditor", "debtors", "guarantors", "lender_category", "loan", "repayments",
    "collection_log", "debtor_situation", "instalment_terms", "lawyer", "creditor_account", "creditor_service",
    "procedure", "filings", "computation_date", "document_date", "settings", "letters", "evidence",
)
_LOAN_ORDER = (
    "contract_name", "contract_no", "signed_on", "signed_place", "face_principal", "disbursements", "term_start",
    "due_date", "instalments", "interest", "overdue_interest", "penalty", "other_fees", "jurisdiction_clause",
    "service_address_clause", "purpose", "evidence_ids",
)


def _ordered(case: dict[str, Any]) -> dict[str, Any]:
    """Keys in the case model's order, whatever order the mapping file used (stable bytes)."""
    out = {k: case[k] for k in _ORDER if k in case}
    out.update({k: v for k, v in case.items() if k not in out})
    loan = out.get("loan")
    if isinstance(loan, dict):
        ordered = {k: loan[k] for k in _LOAN_ORDER if k in loan}
        ordered.update({k: v for k, v in loan.items() if k not in ordered})
        out["loan"] = ordered
    return out
