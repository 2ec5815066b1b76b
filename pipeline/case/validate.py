"""Checks beyond types: dates in order, identifiers consistent, evidence resolvable and safe.

Two channels:

- :func:`semantic_problems` — errors: the case cannot be used (``load_case`` raises);
- :func:`case_warnings` — facts the filing documents need and the case does not give (identity
  papers, party details, clause numbers, a court name without its province…): the documents are
  still produced, with the gap left blank, and the same items reach the e-filing checklist.
  ``cuishou validate`` prints them and keeps exit code 0 (the case is valid).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from .ids import id_birth_date, id_gender
from .files import case_files
from .filetypes import SUFFIX_KIND, sniff
from .labels import SHANGHAI
from .problems import Problem
from .models import Case, Organization, Person
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
        *_identity_field_problems(case),
        *_loan_problems(case),
        *_date_order_problems(case),
        *_evidence_problems(case, case_dir),
        *_history_problems(case),
    ]


def _history_problems(case: Case) -> Iterator[Problem]:
    """What already happened must be in order: letters, the signed agreement, its acceleration."""
    cdate = case.computation_date
    for i, c in enumerate(case.collection_log):
        sent = c.at.astimezone(SHANGHAI).date()
        if c.deadline is not None and c.deadline < sent:
            yield Problem(f"collection_log[{i}].deadline", f"付款期限不应早于发出日期 {_d(sent)}", _d(c.deadline))
        if c.document is not None and c.channel in ("phone", "visit"):
            yield Problem(f"collection_log[{i}].document", "电话或上门不能送达书面文书；请填写实际发送方式（如 letter、lawyer_letter、email）", c.document)
    ag = case.agreement
    if ag is None:
        return
    if ag.signed_on > cdate:
        yield Problem("agreement.signed_on", f"签订日期不应晚于计算截止日 {_d(cdate)}", _d(ag.signed_on))
    if ag.signed_on < min(d.date for d in case.loan.disbursements):
        yield Problem("agreement.signed_on", "签订日期不应早于第一笔出借日期", _d(ag.signed_on))
    prev = None
    for k, inst in enumerate(ag.schedule):
        if inst.due_date < ag.signed_on:
            yield Problem(f"agreement.schedule[{k}].due_date", f"应还日期不应早于签订日期 {_d(ag.signed_on)}", _d(inst.due_date))
        if prev is not None and inst.due_date <= prev:
            yield Problem(f"agreement.schedule[{k}].due_date", f"应晚于上一期的应还日期 {_d(prev)}（按日期先后排列）", _d(inst.due_date))
        prev = inst.due_date
    if ag.accelerated_on is not None:
        if ag.accelerated_on > cdate:
            yield Problem("agreement.accelerated_on", f"不应晚于计算截止日 {_d(cdate)}", _d(ag.accelerated_on))
        if ag.accelerated_on <= ag.schedule[0].due_date:
            yield Problem("agreement.accelerated_on", f"首期应还日 {_d(ag.schedule[0].due_date)} 之前无违约，不能宣布加速到期", _d(ag.accelerated_on))
    if ag.guarantor_consent is not None and not case.guarantors:
        yield Problem("agreement.guarantor_consent", "本案没有保证人，不应填写保证人是否同意", str(ag.guarantor_consent).lower())


def _d(d: date) -> str:
    return d.isoformat()


def _dates(value: Any) -> Iterator[tuple[Any, date]]:
    """(where, value) for every date and datetime inside ``value``, depth first in field order.
    ``where`` is a linked (parent, field name or list index) pair, spelt out by :func:`_path`
    only for a date that is reported (a case has thousands of fields and few bad dates)."""
    stack: list[tuple[Any, Any]] = [(value, None)]
    while stack:
        value, at = stack.pop()
        if isinstance(value, BaseModel):
            for name in reversed(_date_fields(type(value))):
                stack.append((getattr(value, name), (at, name)))
        elif isinstance(value, (list, tuple)):
            for i in range(len(value) - 1, -1, -1):
                stack.append((value[i], (at, i)))
        elif isinstance(value, date):
            yield at, value


@lru_cache(maxsize=None)
def _date_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose declared type can hold a date (directly, in a list or in a
    nested model); the others (names, amounts, flags …) are not walked."""
    return tuple(name for name, f in cls.model_fields.items() if _may_hold_date(f.annotation, (cls,)))


def _may_hold_date(tp: Any, seen: tuple[type, ...]) -> bool:
    origin = get_origin(tp)
    if origin is Literal:
        return False
    if origin is Annotated:
        return _may_hold_date(get_args(tp)[0], seen)
    if isinstance(tp, type) and origin is None:
        if issubclass(tp, date):  # datetime too
            return True
        if issubclass(tp, BaseModel):
            return tp not in seen and any(_may_hold_date(f.annotation, seen + (tp,)) for f in tp.model_fields.values())
        return tp not in (str, int, float, bool, bytes, Decimal, type(None))
    args = get_args(tp)
    if args:  # unions, list[…], tuple[…], dict[…]
        return any(_may_hold_date(a, seen) for a in args if a is not Ellipsis)
    return True  # Any or anything not understood: walk it


def _path(at: Any) -> str:
    steps = []
    while at is not None:
        at, step = at
        steps.append(step)
    out = ""
    for step in reversed(steps):
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _date_range_problems(case: Case) -> Iterator[Problem]:
    expected = f"日期应在 {MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()} 之间（请检查年份）"
    for at, value in _dates(case):
        if isinstance(value, datetime):
            day = value.date()  # local date as written; astimezone() would overflow at year 1 or 9999
            if not MIN_DATE <= day <= MAX_DATE:
                yield Problem(_path(at), expected, value.isoformat())
        elif not MIN_DATE <= value <= MAX_DATE:
            yield Problem(_path(at), expected, _d(value))


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
    for i, item in enumerate(case.evidence):
        if item.party is not None and resolve_party(case, item.party) is None:
            yield Problem(f"evidence[{i}].party", "指向的当事人不存在（序号从0起；.representative 仅适用于组织）", item.party)
        if item.doc_type == "residence_proof" and item.party is None:
            yield Problem(f"evidence[{i}].party", "经常居住地证明须写明证明的是哪个当事人（如 debtors[0]）")
    root = case_dir.resolve()  # once per case, not once per file
    for where, rel in case_files(case):
        problem = file_problem(case_dir, rel, root)
        if problem:
            yield Problem(where, problem, rel)
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


def _resolve_inside(root: str, names: list[str]) -> str | None:
    """The real path of ``root/names`` (``root`` already resolved), or None when it leaves ``root``.

    Only the components below ``root`` are looked at (one ``lstat`` each); where one is a
    link the whole path goes through ``os.path.realpath``. A case has dozens of evidence
    files, and resolving each from ``/`` again was a tenth of ``cuishou status`` (issue 18).
    Raises FileNotFoundError (NotADirectoryError) when a component does not exist."""
    names = [n for n in names if n not in ("", ".")]
    if not names:
        return None  # the case folder itself
    if os.name != "nt":  # Windows junctions and mount points are not S_ISLNK: resolve whole there
        path = root
        for name in names:
            path = os.path.join(path, name)
            if stat.S_ISLNK(os.lstat(path).st_mode):
                break
        else:
            return path
    real = os.path.realpath(os.path.join(root, *names))
    return real if real.startswith(os.path.join(root, "")) else None


def file_problem(case_dir: Path, rel: str, root: Path | None = None) -> str | None:
    """Why an evidence path is unusable, or None. Paths must stay inside the case folder
    (``root``: ``case_dir.resolve()``, when the caller has it)."""
    if any(ord(c) < 32 for c in rel):
        return "路径含有不可见的控制字符"
    if rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        return "不能使用绝对路径，应为相对案件文件夹的路径"
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts:
        return "路径不能包含“..”，证据文件必须位于案件文件夹内"
    root = root or case_dir.resolve()
    # as the OS reads the path: '\\' separates only on Windows
    names = rel.split(os.sep) if os.altsep is None else parts
    try:
        real = _resolve_inside(str(root), names)
        if real is None:
            return "该路径（或其链接）指向案件文件夹之外"
        st = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):
        return "文件不存在"
    except (OSError, ValueError) as exc:
        if getattr(exc, "errno", None) == errno.ELOOP:  # links in a circle: nothing to read
            return "文件不存在"
        return "无法解析该路径（文件名过长或含非法字符）"
    if not stat.S_ISREG(st.st_mode):
        return "不是文件"
    suffix = os.path.splitext(real)[1].lower()
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


# ---------------------------------------------------------------- party references


def resolve_party(case: Case, ref: str) -> Person | Organization | str | None:
    """The party an evidence ``party`` reference names, or None when it does not exist.

    ``creditor.representative`` / ``guarantors[N].representative`` resolve to the organisation's
    representative's name (a str); the rest to the party model.
    """
    import re

    m = re.fullmatch(r"(creditor|debtors\[(\d+)\]|guarantors\[(\d+)\])(\.representative)?", ref)
    if m is None:
        return None
    if m.group(1) == "creditor":
        party: Person | Organization = case.creditor
    elif m.group(2) is not None:
        i = int(m.group(2))
        if i >= len(case.debtors):
            return None
        party = case.debtors[i]
    else:
        i = int(m.group(3))
        if i >= len(case.guarantors):
            return None
        party = case.guarantors[i].party
    if m.group(4):
        return party.representative if isinstance(party, Organization) else None
    return party


def _identity_field_problems(case: Case) -> Iterator[Problem]:
    """证件类型/号码 and the legal representative's identity facts must agree with each other."""
    for path, party in _parties(case):
        if isinstance(party, Person):
            other = party.id_type not in (None, "居民身份证")
            if other and not party.other_id_number:
                yield Problem(f"{path}.other_id_number", f"证件类型为{party.id_type}时须填写证件号码")
            if not other and party.other_id_number:
                yield Problem(
                    f"{path}.other_id_number", "居民身份证号码应填写在 id_number（按 GB 11643 校验）", party.other_id_number
                )
            if party.id_type == "居民身份证" and not party.id_number:
                yield Problem(f"{path}.id_number", "证件类型为居民身份证时须填写身份证号")
            continue
        number = party.representative_id_number
        if not number:
            continue
        born = id_birth_date(number)
        if party.representative_birth_date and party.representative_birth_date != born:
            yield Problem(
                f"{path}.representative_birth_date",
                f"与法定代表人身份证号中的出生日期 {_d(born)} 不一致",
                _d(party.representative_birth_date),
            )
        if party.representative_gender and party.representative_gender != id_gender(number):
            yield Problem(
                f"{path}.representative_gender",
                f"与法定代表人身份证号第17位（{id_gender(number)}）不一致",
                party.representative_gender,
            )


# ---------------------------------------------------------------- warnings

#: Province-level divisions: a basic or intermediate court's full name begins with one of them
#: (法〔2016〕221号 制作规范; law-procedure.md §6). Municipalities are their own province.
PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "上海市", "重庆市",
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省",
    "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省",
    "甘肃省", "青海省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
)
#: Special courts keep their own names without a province (law-procedure.md §6).
SPECIAL_COURT_MARKS: tuple[str, ...] = (
    "最高人民法院", "互联网法院", "金融法院", "海事法院", "知识产权法院", "铁路运输", "军事法院", "生产建设兵团",
)


def court_name_problem(name: str) -> str | None:
    """Why a court name is not a full official name, or None. Never builds a name (law-procedure.md §6)."""
    if not name.endswith("法院"):
        return "法院名称应为全称，以“人民法院”或“法院”结尾"
    if any(mark in name for mark in SPECIAL_COURT_MARKS):
        return None
    if not name.startswith(PROVINCES):
        return (
            "法院名称应为含省（自治区、直辖市）的全称，如“广东省广州市海珠区人民法院”“北京市朝阳区人民法院”"
            "（法〔2016〕221号《人民法院民事裁判文书制作规范》）；请按法院印章上的名称填写，本程序不根据地址拼接法院名称"
        )
    return None


def _court_names(case: Case) -> Iterator[tuple[str, str]]:
    p = case.procedure
    if p.debtor_court_name:
        yield "procedure.debtor_court_name", p.debtor_court_name
    if p.creditor_court_name:
        yield "procedure.creditor_court_name", p.creditor_court_name
    if p.pre_action_preservation_court:
        yield "procedure.pre_action_preservation_court", p.pre_action_preservation_court
    clause = case.loan.jurisdiction_clause
    if clause is not None and clause.court_name:
        yield "loan.jurisdiction_clause.court_name", clause.court_name
    for i, f in enumerate(case.filings):
        yield f"filings[{i}].court", f.court


def party_label(path: str) -> str:
    """债权人 / 债务人 / 保证人 (with 法定代表人) for a party path of the case."""
    base = "债权人" if path.startswith("creditor") else "债务人" if path.startswith("debtors") else "保证人"
    return base + ("的法定代表人" if path.endswith(".representative") else "")


def identity_papers(case: Case, ref: str, doc_types: tuple[str, ...] | None = None) -> list[int]:
    """Indexes into ``case.evidence`` of the identity papers linked to party ``ref`` (optionally of the given types)."""
    out = []
    for i, e in enumerate(case.evidence):
        if e.party != ref or not e.is_identity:
            continue
        if doc_types is not None and e.doc_type not in doc_types:
            continue
        out.append(i)
    return out


def residence_proofs(case: Case, ref: str) -> list[int]:
    return [i for i, e in enumerate(case.evidence) if e.party == ref and e.doc_type == "residence_proof"]


def _person_gaps(path: str, who: str, p: Person) -> Iterator[Problem]:
    """民事诉讼法第124条 / 要素式起诉状 person facts; sex and birth date are read from the ID number when absent."""
    has_id = bool(p.id_number or p.other_id_number)
    if not p.gender and not p.id_number:
        yield Problem(f"{path}.gender", f"{who}{p.name}未填写性别，起诉状/申请书“性别”一栏将不勾选")
    if not p.birth_date and not p.id_number:
        yield Problem(f"{path}.birth_date", f"{who}{p.name}未填写出生日期，起诉状/申请书“出生日期”一栏将留空")
    if not p.ethnicity:
        yield Problem(f"{path}.ethnicity", f"{who}{p.name}未填写民族，起诉状/申请书“民族”一栏将留空")
    if not has_id:
        yield Problem(f"{path}.id_number", f"{who}{p.name}未填写证件号码，起诉状“证件类型”“证件号码”两栏将留空")
    if not p.phone:
        yield Problem(f"{path}.phone", f"{who}{p.name}未填写联系电话")


def case_warnings(case: Case) -> list[Problem]:
    """What the filing documents need and the case does not say (Chinese; the case is still valid).

    Every item names the field to fill. The same gaps are listed, with their consequence, in the
    e-filing checklist (pipeline/efiling/manifest.py), where a missing required paper marks the set
    incomplete.
    """
    out: list[Problem] = []
    add = out.append
    c = case.creditor
    from .evidence import evidence_warnings

    out += [Problem(path, text) for path, text in evidence_warnings(case)]
    # ---- the filing party's identity papers (登记立案规定第6条第（一）项)
    if isinstance(c, Person):
        out += _person_gaps("creditor", "债权人", c)
        if not identity_papers(case, "creditor"):
            add(Problem("evidence", f"缺少债权人{c.name}的身份证明（居民身份证复印件）：在证据中加入该文件，"
                        "并注明 doc_type 为 id_card、party 为 creditor（最高人民法院关于人民法院登记立案若干问题的规定第6条）"))
    else:
        if not c.uscc:
            add(Problem("creditor.uscc", f"债权人{c.name}未填写统一社会信用代码，起诉状/申请书该栏将留空"))
        if not identity_papers(case, "creditor", ("business_licence",)):
            add(Problem("evidence", f"缺少债权人{c.name}的营业执照（副本）复印件：在证据中加入该文件，"
                        "并注明 doc_type 为 business_licence、party 为 creditor（登记立案规定第6条）"))
        missing = [label for label, value in (("性别", c.representative_gender or c.representative_id_number),
                                               ("出生日期（年龄）", c.representative_birth_date or c.representative_id_number),
                                               ("身份证号", c.representative_id_number)) if not value]
        if missing:
            add(Problem("creditor.representative_id_number",
                        f"法定代表人身份证明书缺少法定代表人{c.representative}的{'、'.join(missing)}"
                        "（creditor.representative_gender / representative_birth_date / representative_id_number），将留空待填"))
        if not identity_papers(case, "creditor.representative", ("id_card",)):
            add(Problem("evidence", f"缺少法定代表人{c.representative}的居民身份证复印件（法定代表人身份证明书所附）："
                        "在证据中加入该文件，并注明 doc_type 为 id_card、party 为 creditor.representative"))
    if c.postcode is None and (case.creditor_service is None or case.creditor_service.postcode is None):
        add(Problem("creditor.postcode", f"未填写债权人{c.name}的邮政编码（creditor.postcode 或 creditor_service.postcode），"
                    "送达地址确认书“邮政编码”一栏将留空"))
    if case.creditor_service is None or case.creditor_service.electronic_consent is None:
        add(Problem("creditor_service.electronic_consent", "尚未确认是否同意电子送达，送达地址确认书该栏将不勾选（民诉法解释第136条）"))
    # ---- the other side's identifying information (登记立案规定第6条第（二）项)
    for i, d in enumerate(case.debtors):
        path = f"debtors[{i}]"
        if isinstance(d, Person):
            out += _person_gaps(path, "债务人", d)
            if d.habitual_residence and d.habitual_residence != d.domicile and not residence_proofs(case, path):
                add(Problem("evidence", f"债务人{d.name}的经常居住地（{d.habitual_residence}）与住所地不一致："
                            "以经常居住地确定管辖法院时，须证明其在该地连续居住一年以上（居住证、租赁合同、物业或社区证明等），"
                            f"请在证据中加入并注明 doc_type 为 residence_proof、party 为 {path}（民诉法解释第4条）"))
        elif not d.uscc:
            add(Problem(f"{path}.uscc", f"债务人{d.name}未填写统一社会信用代码"))
    for i, g in enumerate(case.guarantors):
        if case.procedure.pursue_guarantors and isinstance(g.party, Person):
            out += _person_gaps(f"guarantors[{i}].party", "保证人", g.party)
        if g.contract_signed_on is None:
            add(Problem(f"guarantors[{i}].contract_signed_on",
                        f"未填写保证人{g.party.name}的保证合同签订时间，起诉状“是否签订保证合同”一栏的签订时间将留空"))
    # ---- court names (law-procedure.md §6)
    for path, name in _court_names(case):
        problem = court_name_problem(name)
        if problem:
            add(Problem(path, problem, name))
    # ---- contract clause numbers (要素式起诉状“合同条款：第__条”)
    loan = case.loan
    cl = loan.clauses
    def clause_missing(attr: str) -> bool:
        return cl is None or getattr(cl, attr) is None
    if loan.interest.kind == "agreed" and clause_missing("rate"):
        add(Problem("loan.clauses.rate", "未填写借期内利率在合同中的条款（如“第三条”），起诉状“合同条款：第　条”将留空"))
    if loan.overdue_interest.kind == "agreed" and clause_missing("overdue_rate"):
        add(Problem("loan.clauses.overdue_rate", "未填写逾期利率（罚息）在合同中的条款，起诉状该栏将留空"))
    if loan.penalty is not None and clause_missing("penalty"):
        add(Problem("loan.clauses.penalty", "未填写违约金在合同中的条款，起诉状该栏将留空"))
    if case.procedure.acceleration_date is not None and clause_missing("acceleration"):
        add(Problem("loan.clauses.acceleration", "已宣布提前到期，但未填写合同中提前到期（加速到期）条款的位置"))
    if case.guarantors and clause_missing("guarantee"):
        add(Problem("loan.clauses.guarantee", "未填写保证条款（主合同或保证合同第几条）"))
    if loan.jurisdiction_clause is not None and not loan.jurisdiction_clause.clause_ref and clause_missing("jurisdiction"):
        add(Problem("loan.jurisdiction_clause.clause_ref", "未填写约定管辖条款是合同第几条"))
    if case.repayments and loan.interest.kind == "agreed" and loan.interest_paid_until is None:
        add(Problem("loan.interest_paid_until", "有还款记录但未填写“还息至”日期，起诉状“还款情况”一栏的还息至将留空"))
    if case.lender_category == "card_issuer" and loan.card is None:
        add(Problem("loan.card", "信用卡纠纷未填写信用卡信息（卡号、办卡时间、办卡行、合约主要约定），起诉状相应栏目将留空"))
    # ---- the agent's powers (民事诉讼法第62条; 民诉法解释第89条)
    lw = case.lawyer
    if lw is not None and lw.authority == "general":
        add(Problem("lawyer.authority", "代理权限为一般授权：律师不能代为和解（含先行调解）、变更诉讼请求或领取案款；"
                    "催收案件通常需要特别授权（民事诉讼法第62条）", "general"))
    if lw is not None and not lw.licence_copy:
        add(Problem("lawyer.licence_copy", f"未提供承办律师{lw.lawyer_name}的律师执业证复印件，网上立案材料将不完整（代理人身份证明，登记立案规定第6条）"))
    if lw is not None and lw.authority == "special" and not lw.special_powers:
        add(Problem("lawyer.special_powers", "代理权限为特别授权但未列明任何事项，授权委托书将按一般授权生成（民诉法解释第89条）"))
    if case.procedure.mediation is None:
        add(Problem("procedure.mediation", "未填写“对纠纷解决方式的意愿”，起诉状该栏将不勾选，须委托人签署前勾选"))
    return out
