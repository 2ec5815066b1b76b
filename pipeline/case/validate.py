"""Checks beyond types: dates in order, identifiers consistent, evidence resolvable and safe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .ids import id_birth_date, id_gender
from .filetypes import SUFFIX_KIND, sniff
from .labels import SHANGHAI
from .load import Problem
from .models import Case, Person
from ..money import zh_date

#: Dates a case may contain. Anything outside is a typo (0205 for 2025, 9999-12-31 as "open end")
#: and would overflow date arithmetic (limitation periods, instalment schedules) later on.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)


def semantic_problems(case: Case, case_dir: Path) -> list[Problem]:
    out_of_range = list(_date_range_problems(case))
    if out_of_range:  # the other checks convert and compare dates; report these alone
        return out_of_range
    return [
        *_party_problems(case),
        *_loan_problems(case),
        *_date_order_problems(case),
        *_evidence_problems(case, case_dir),
    ]


def _d(d: date) -> str:
    return d.isoformat()


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


def _date_range_problems(case: Case) -> Iterator[Problem]:
    expected = f"日期应在 {MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()} 之间（请检查年份）"
    for path, value in _walk(case, ""):
        if isinstance(value, datetime):
            day = value.date()  # local date as written; astimezone() would overflow at year 1 or 9999
            if not MIN_DATE <= day <= MAX_DATE:
                yield Problem(path, expected, value.isoformat())
        elif isinstance(value, date) and not MIN_DATE <= value <= MAX_DATE:
            yield Problem(path, expected, _d(value))


def _parties(case: Case) -> Iterator[tuple[str, object]]:
    yield "creditor", case.creditor
    for i, p in enumerate(case.debtors):
        yield f"debtors[{i}]", p
    for i, g in enumerate(case.guarantors):
        yield f"guarantors[{i}].party", g.party


def _party_problems(case: Case) -> Iterator[Problem]:
    for path, party in _parties(case):
        if not isinstance(party, Person) or not party.id_number:
            continue
        born = id_birth_date(party.id_number)
        if party.birth_date and party.birth_date != born:
            yield Problem(
                f"{path}.birth_date",
                f"与身份证号中的出生日期 {_d(born)} 不一致",
                _d(party.birth_date),
            )
        if party.gender and party.gender != id_gender(party.id_number):
            yield Problem(
                f"{path}.gender",
                f"与身份证号第17位（{id_gender(party.id_number)}）不一致",
                party.gender,
            )
    kind = case.creditor.kind
    if case.lender_category == "natural_person" and kind != "person":
        yield Problem("lender_category", "出借人类别为自然人，但债权人是组织（creditor.kind）", case.lender_category)
    if case.lender_category != "natural_person" and kind != "organization":
        yield Problem(
            "lender_category", "该出借人类别应为组织，但债权人是自然人（creditor.kind 为 person）", case.lender_category
        )


def _loan_problems(case: Case) -> Iterator[Problem]:
    loan = case.loan
    it = loan.interest
    if it.kind == "agreed" and it.rate is None:
        yield Problem("loan.interest.rate", "约定了利息（kind 为 agreed）时必须填写利率")
    if it.kind != "agreed" and it.rate is not None:
        yield Problem("loan.interest.rate", "未约定或约定不明时不应填写利率", str(it.rate))
    ov = loan.overdue_interest
    if ov.kind == "agreed" and ov.rate is None:
        yield Problem("loan.overdue_interest.rate", "约定了逾期利率时必须填写利率")
    if ov.kind == "none" and ov.rate is not None:
        yield Problem("loan.overdue_interest.rate", "逾期利率未约定（kind 为 none）时不应填写利率", str(ov.rate))
    pen = loan.penalty
    if pen is not None:
        if pen.kind == "rate" and pen.rate is None:
            yield Problem("loan.penalty.rate", "按比例计算的违约金必须填写比例")
        if pen.kind == "fixed" and pen.amount is None:
            yield Problem("loan.penalty.amount", "固定违约金必须填写金额")
    delivered = sum(d.amount for d in loan.disbursements)
    if delivered > loan.face_principal:
        yield Problem(
            "loan.disbursements",
            f"实际出借金额合计 {delivered} 元超过合同载明金额 {loan.face_principal} 元",
        )
    if loan.due_date is None and not loan.instalments:
        yield Problem("loan.due_date", "应填写到期日，或在 loan.instalments 中填写分期计划")
    if loan.instalments:
        total = sum(i.principal for i in loan.instalments)
        if total != delivered:
            yield Problem(
                "loan.instalments",
                f"分期本金合计 {total} 元应等于实际出借金额 {delivered} 元",
            )
        dues = [i.due_date for i in loan.instalments]
        if dues != sorted(dues) or len(set(dues)) != len(dues):
            yield Problem("loan.instalments", "各期到期日应按时间先后排列且不重复")
    for i, r in enumerate(case.repayments):
        if r.to_principal is not None and r.to_principal > r.amount:
            yield Problem(f"repayments[{i}].to_principal", "冲抵本金部分不能大于还款金额", str(r.to_principal))
    if case.instalment_terms and case.loan.penalty is None and "penalty" in case.instalment_terms.waive:
        yield Problem("instalment_terms.waive", "合同未约定违约金，不能减免违约金", "penalty")


def _date_order_problems(case: Case) -> Iterator[Problem]:
    loan = case.loan
    cdate = case.computation_date
    start = loan.term_start or min(d.date for d in loan.disbursements)
    for i, d in enumerate(loan.disbursements):
        if loan.signed_on and d.date < loan.signed_on:
            yield Problem(
                f"loan.disbursements[{i}].date", f"出借日期不应早于合同签订日期 {_d(loan.signed_on)}", _d(d.date)
            )
        if d.date > cdate:
            yield Problem(f"loan.disbursements[{i}].date", f"不应晚于计算截止日 {_d(cdate)}", _d(d.date))
    if loan.due_date and loan.due_date < start:
        yield Problem("loan.due_date", f"到期日不应早于借期起算日 {_d(start)}", _d(loan.due_date))
    for i, inst in enumerate(loan.instalments):
        if inst.due_date < start:
            yield Problem(f"loan.instalments[{i}].due_date", f"不应早于借期起算日 {_d(start)}", _d(inst.due_date))
    for i, r in enumerate(case.repayments):
        if r.date > cdate:
            yield Problem(f"repayments[{i}].date", f"还款日期不应晚于计算截止日 {_d(cdate)}", _d(r.date))
        if r.date < min(d.date for d in loan.disbursements):
            yield Problem(f"repayments[{i}].date", "还款日期不应早于第一笔出借日期", _d(r.date))
    for i, cost in enumerate(case.costs):
        if cost.date > cdate:
            yield Problem(f"costs[{i}].date", f"费用发生日期不应晚于计算截止日 {_d(cdate)}", _d(cost.date))
    for i, c in enumerate(case.collection_log):
        local = c.at.astimezone(SHANGHAI).date()
        if local > cdate:
            yield Problem(
                f"collection_log[{i}].at", f"催收记录时间不应晚于计算截止日 {zh_date(cdate)}", c.at.isoformat()
            )
    if case.document_date and case.document_date < cdate:
        yield Problem("document_date", f"文书落款日期不应早于计算截止日 {_d(cdate)}", _d(case.document_date))
    if case.procedure.filing_date and case.procedure.filing_date < cdate:
        yield Problem("procedure.filing_date", f"起诉日期不应早于计算截止日 {_d(cdate)}", _d(case.procedure.filing_date))


def _evidence_problems(case: Case, case_dir: Path) -> Iterator[Problem]:
    ids: dict[str, int] = {}
    for i, item in enumerate(case.evidence):
        if item.id in ids:
            yield Problem(f"evidence[{i}].id", f"证据编号重复（与 evidence[{ids[item.id]}] 相同）", item.id)
        else:
            ids[item.id] = i
        for j, rel in enumerate(item.files):
            problem = file_problem(case_dir, rel)
            if problem:
                yield Problem(f"evidence[{i}].files[{j}]", problem, rel)
    refs: list[tuple[str, str]] = []
    refs += [(f"loan.evidence_ids[{k}]", e) for k, e in enumerate(case.loan.evidence_ids)]
    for i, d in enumerate(case.loan.disbursements):
        refs += [(f"loan.disbursements[{i}].evidence_ids[{k}]", e) for k, e in enumerate(d.evidence_ids)]
    for i, r in enumerate(case.repayments):
        refs += [(f"repayments[{i}].evidence_ids[{k}]", e) for k, e in enumerate(r.evidence_ids)]
    for i, g in enumerate(case.guarantors):
        refs += [(f"guarantors[{i}].evidence_ids[{k}]", e) for k, e in enumerate(g.evidence_ids)]
    for i, c in enumerate(case.costs):
        refs += [(f"costs[{i}].evidence_ids[{k}]", e) for k, e in enumerate(c.evidence_ids)]
    for i, c in enumerate(case.collection_log):
        if c.evidence_id:
            refs.append((f"collection_log[{i}].evidence_id", c.evidence_id))
    for path, ref in refs:
        if ref not in ids:
            yield Problem(path, "引用的证据编号在 evidence 中不存在", ref)


def file_problem(case_dir: Path, rel: str) -> str | None:
    """Why an evidence path is unusable, or None. Paths must stay inside the case folder."""
    if any(ord(c) < 32 for c in rel):
        return "路径含有不可见的控制字符"
    if rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        return "不能使用绝对路径，应为相对案件文件夹的路径"
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts:
        return "路径不能包含“..”，证据文件必须位于案件文件夹内"
    root = case_dir.resolve()
    target = case_dir / rel
    try:
        real = Path(os.path.realpath(target))
        if root not in real.parents:
            return "该路径（或其链接）指向案件文件夹之外"
        if not real.exists():
            return "文件不存在"
        if not real.is_file():
            return "不是文件"
    except (OSError, ValueError):
        return "无法解析该路径（文件名过长或含非法字符）"
    suffix = real.suffix.lower()
    if suffix not in SUFFIX_KIND:
        return "不支持的文件类型，应为 PDF、JPEG 或 PNG"
    kind = sniff(real)
    if kind == "missing":
        return "文件无法读取"
    if kind == "empty":
        return "文件为空"
    if kind != SUFFIX_KIND[suffix]:
        return f"文件内容与扩展名 {suffix} 不符"
    return None
