"""The mapping file a team writes once for its own export (TOML).

::

    [sheets]                    # sheet role → sheet name(s) in the workbook
    loans = "借款清单"
    repayments = "还款记录"

    [columns.loans]             # field (English name or the template's Chinese header) → header(s)
    key = "借据号"
    debtor_name = ["客户名称", "客户姓名"]
    interest_rate = { header = "执行利率", unit = "year" }

    [defaults.loans]            # a value for every row whose cell is empty (written as in a cell)
    disbursement_method = "银行转账"

    [options]
    computation_date = 2026-03-31   # 计算截止日 (--as-of overrides it)
    restore_lost_x = false          # 身份证号丢失末位 X 时是否自动补上（默认否：报告给录入人员）
    case_id_prefix = ""             # 案件编号前缀
    evidence_root = "evidence"      # 证据文件夹，相对本映射文件（--evidence-root 优先）

    [evidence_patterns]         # loan evidence found by file-name pattern; {key} = the row's 合同编号
    contract_files = "合同/{key}*.pdf"

    [evidence_sources]          # 证据来源 of the evidence built from those columns
    contract_files = "出借人持有"

    [[common_evidence]]         # evidence every case gets (the creditor's business licence …)
    title = "出借人营业执照（副本）"
    files = "common/营业执照.pdf"
    source = "出借人自有"
    purpose = "证明出借人的主体资格"
    identity_document = true

    [case]                      # facts the same for every case, written as in case.json
    lender_category = "local_financial"
    [case.creditor]
    kind = "organization"
    …

Every problem in the file is reported at once, in Chinese, naming the table and key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .columns import ROLES, FieldSpec

__all__ = ["Mapping", "MappingError", "ColumnOverride", "load_mapping", "LENDER_CATEGORY_LABELS"]

LENDER_CATEGORY_LABELS = {
    "自然人": "natural_person",
    "企业": "company",
    "公司": "company",
    "普通企业": "company",
    "银行": "bank",
    "消费金融公司": "consumer_finance",
    "信用卡发卡机构": "card_issuer",
    "小额贷款公司": "local_financial",
    "地方金融组织": "local_financial",
}

_TOP = {"sheets", "columns", "defaults", "options", "evidence_patterns", "evidence_sources", "common_evidence", "case"}
_OPTIONS = {"computation_date", "restore_lost_x", "case_id_prefix", "evidence_root"}
_COMMON_KEYS = {"title", "files", "source", "purpose", "original", "identity_document"}
_UNITS = {"year": "year", "month": "month", "day": "day", "年": "year", "月": "month", "日": "day"}


class MappingError(ValueError):
    """A mapping file that cannot be used; ``problems`` are Chinese lines."""

    def __init__(self, problems: list[str], path: Path | None = None):
        self.problems = problems
        self.path = path
        where = f"映射文件 {path.name}" if path else "映射文件"
        super().__init__(f"{where}有 {len(problems)} 个问题：" + "；".join(problems))


@dataclass(frozen=True)
class ColumnOverride:
    headers: tuple[str, ...]
    unit: str | None = None


@dataclass
class Mapping:
    sheets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    columns: dict[str, dict[str, ColumnOverride]] = field(default_factory=dict)
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    computation_date: dt.date | None = None
    restore_lost_x: bool = False
    case_id_prefix: str = ""
    evidence_root: Path | None = None
    evidence_patterns: dict[str, str] = field(default_factory=dict)
    evidence_sources: dict[str, str] = field(default_factory=dict)
    common_evidence: list[dict[str, Any]] = field(default_factory=list)
    case: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    sha256: str | None = None

    @property
    def name(self) -> str:
        return self.path.name if self.path else "（内置默认）"


def _field(role: str, key: str) -> FieldSpec | None:
    spec = ROLES[role]
    for f in spec.fields:
        if key in (f.name, f.label):
            return f
    return None


def _plain(value: Any) -> Any:
    """TOML values → case.json values: dates as ISO text, times with their offset, tables recursed."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def _names(role: str) -> str:
    return "、".join(f.name for f in ROLES[role].fields)


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; raise :class:`MappingError` listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MappingError([f"找不到文件 {path}"], path) from None
    except OSError as exc:
        raise MappingError([f"无法读取（{exc.strerror or exc}）"], path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError(["应为 UTF-8 编码的 TOML 文件（请用记事本“另存为 UTF-8”）"], path) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError([f"不是有效的 TOML：{_toml_reason(str(exc))}"], path) from None
    m = parse_mapping(data, base=path.parent)
    m.path = path
    m.sha256 = hashlib.sha256(raw).hexdigest()
    return m


def _toml_reason(message: str) -> str:
    # tomllib: "Expected '=' after a key in a key/value pair (at line 3, column 5)"
    where = ""
    if "(at line" in message:
        message, _, rest = message.partition("(at line")
        line, _, col = rest.rstrip(")").partition(", column")
        where = f"第{line.strip()}行第{col.strip()}列："
    reasons = {
        "Expected '=' after a key": "键后面应为 =",
        "Invalid value": "值无效（文字要加英文双引号）",
        "Cannot overwrite a value": "同一个键写了两次",
        "Unclosed": "括号或引号没有闭合",
        "Invalid statement": "无法识别的行",
    }
    for en, zh in reasons.items():
        if message.startswith(en):
            return where + zh
    return where + "语法错误"


def parse_mapping(data: dict[str, Any], *, base: Path | None = None) -> Mapping:
    problems: list[str] = []
    m = Mapping()
    for key in data:
        if key not in _TOP:
            problems.append(f"未知的表 [{key}]（可用：{'、'.join(sorted(_TOP))}）")
    sheets = data.get("sheets", {})
    if not isinstance(sheets, dict):
        problems.append("[sheets] 应为一个表")
        sheets = {}
    for role, names in sheets.items():
        if role not in ROLES:
            problems.append(f"[sheets] 中未知的工作表角色 {role}（可用：{'、'.join(ROLES)}）")
            continue
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(f"[sheets] {role} 应为工作表名称或名称列表")
            continue
        m.sheets[role] = tuple(n.strip() for n in names)
    for table, target in (("columns", m.columns), ("defaults", m.defaults)):
        section = data.get(table, {})
        if not isinstance(section, dict):
            problems.append(f"[{table}] 应为一个表")
            continue
        for role, entries in section.items():
            if role not in ROLES:
                problems.append(f"[{table}.{role}] 中 {role} 不是工作表角色（可用：{'、'.join(ROLES)}）")
                continue
            if not isinstance(entries, dict):
                problems.append(f"[{table}.{role}] 应为一个表")
                continue
            out: dict[str, Any] = {}
            for key, value in entries.items():
                spec = _field(role, key)
                if spec is None:
                    problems.append(f"[{table}.{role}] 中未知的字段 {key}（可用：{_names(role)}）")
                    continue
                if table == "columns":
                    override = _override(value, spec, f"[columns.{role}] {key}", problems)
                    if override is not None:
                        out[spec.name] = override
                else:
                    if spec.kind == "files" or spec.name == "key":
                        problems.append(f"[defaults.{role}] {key}：该字段不能设默认值")
                        continue
                    out[spec.name] = _plain(value) if not isinstance(value, (dt.date, dt.datetime)) else value
            target[role] = out
    options = data.get("options", {})
    if isinstance(options, dict):
        for key, value in options.items():
            if key not in _OPTIONS:
                problems.append(f"[options] 中未知的设置 {key}（可用：{'、'.join(sorted(_OPTIONS))}）")
        cd = options.get("computation_date")
        if cd is not None:
            if isinstance(cd, dt.date) and not isinstance(cd, dt.datetime):
                m.computation_date = cd
            else:
                problems.append("[options] computation_date 应为日期，如 computation_date = 2026-03-31（不加引号）")
        rx = options.get("restore_lost_x", False)
        if not isinstance(rx, bool):
            problems.append("[options] restore_lost_x 应为 true 或 false")
        else:
            m.restore_lost_x = rx
        prefix = options.get("case_id_prefix", "")
        if not isinstance(prefix, str) or (prefix and not all(c.isascii() and (c.isalnum() or c in "._-") for c in prefix)):
            problems.append("[options] case_id_prefix 只能含字母、数字、点、下划线、连字符")
        else:
            m.case_id_prefix = prefix
        root = options.get("evidence_root")
        if root is not None:
            if not isinstance(root, str) or not root.strip():
                problems.append("[options] evidence_root 应为文件夹路径")
            else:
                p = Path(root)
                m.evidence_root = p if p.is_absolute() or base is None else base / p
    else:
        problems.append("[options] 应为一个表")
    loan_files = {f.name: f for f in ROLES["loans"].fields if f.kind == "files"}
    for table, target2 in (("evidence_patterns", m.evidence_patterns), ("evidence_sources", m.evidence_sources)):
        section = data.get(table, {})
        if not isinstance(section, dict):
            problems.append(f"[{table}] 应为一个表")
            continue
        for key, value in section.items():
            spec = _field("loans", key)
            allowed = "、".join(loan_files)
            if table == "evidence_sources":
                allowed += "、guarantors、repayments、contacts"
                if key in ("guarantors", "repayments", "contacts"):
                    spec = None
                    if isinstance(value, str) and value.strip():
                        target2[key] = value.strip()
                    else:
                        problems.append(f"[{table}] {key} 应为文字")
                    continue
            if spec is None or spec.kind != "files":
                problems.append(f"[{table}] 中未知的证据栏目 {key}（可用：{allowed}）")
                continue
            if not isinstance(value, str) or not value.strip():
                problems.append(f"[{table}] {key} 应为文字")
                continue
            target2[spec.name] = value.strip()
    common = data.get("common_evidence", [])
    if not isinstance(common, list):
        problems.append("[[common_evidence]] 应写成数组表（每项以 [[common_evidence]] 开头）")
        common = []
    for i, item in enumerate(common, start=1):
        where = f"第{i}个 [[common_evidence]]"
        if not isinstance(item, dict):
            problems.append(f"{where} 应为一个表")
            continue
        for key in item:
            if key not in _COMMON_KEYS:
                problems.append(f"{where} 中未知的键 {key}（可用：{'、'.join(sorted(_COMMON_KEYS))}）")
        for key in ("title", "files", "source", "purpose"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                problems.append(f"{where} 缺少 {key}（文字）")
        m.common_evidence.append(_plain(item))
    case = data.get("case", {})
    if not isinstance(case, dict):
        problems.append("[case] 应为一个表")
        case = {}
    case = _plain(case)
    cat = case.get("lender_category")
    if isinstance(cat, str) and cat in LENDER_CATEGORY_LABELS:
        case["lender_category"] = LENDER_CATEGORY_LABELS[cat]
    for key in ("schema_version", "case_id", "debtors", "loan", "repayments", "collection_log", "evidence", "guarantors"):
        if key in case and key != "loan":
            problems.append(f"[case] 中不能填写 {key}：它来自表格的每一行")
    if isinstance(case.get("loan"), dict):
        allowed_loan = {"jurisdiction_clause", "service_address_clause", "contract_name", "other_fees"}
        for key in case["loan"]:
            if key not in allowed_loan:
                problems.append(f"[case.loan] 中只能填写 {'、'.join(sorted(allowed_loan))}（其他借款信息来自表格），不能填写 {key}")
    m.case = case
    if problems:
        raise MappingError(problems)
    return m


def _override(value: Any, spec: FieldSpec, where: str, problems: list[str]) -> ColumnOverride | None:
    unit = None
    if isinstance(value, dict):
        extra = set(value) - {"header", "headers", "unit"}
        if extra:
            problems.append(f"{where} 中未知的键 {'、'.join(sorted(extra))}（可用：header、unit）")
        unit_raw = value.get("unit")
        if unit_raw is not None:
            if spec.kind != "rate":
                problems.append(f"{where}：只有利率列可以设置 unit")
            elif unit_raw not in _UNITS:
                problems.append(f"{where}：unit 应为 year、month 或 day（年、月、日）")
            else:
                unit = _UNITS[unit_raw]
        value = value.get("header", value.get("headers"))
    headers = [value] if isinstance(value, str) else value
    if not isinstance(headers, list) or not headers or not all(isinstance(h, str) and h.strip() for h in headers):
        problems.append(f"{where} 应为列标题、列标题列表或 {{ header = \"…\", unit = \"month\" }}")
        return None
    return ColumnOverride(tuple(h.strip() for h in headers), unit)
