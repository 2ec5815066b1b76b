"""``cuishou import --template``: an empty workbook with the expected headers and a 说明 sheet,
or (for a ``.toml`` path) a mapping-file skeleton with Chinese comments.

The workbook is written with fixed timestamps, so the same program writes the same bytes.
Columns that hold identifiers (身份证号, 电话, 合同编号 …) are formatted as text, so that Excel
keeps an ID number's 18 digits and its final X; columns with a fixed list of values get a
drop-down list.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

from .columns import ROLES, FieldSpec

__all__ = ["write_template", "deterministic_xlsx", "template_workbook_bytes", "MAPPING_SKELETON"]

_FIXED = dt.datetime(2026, 1, 1, 0, 0, 0)
_ROWS = 1000  # rows that get the text format and the drop-down lists


def deterministic_xlsx(data: bytes) -> bytes:
    """The same workbook with fixed timestamps: zip entries dated 1980-01-01, document properties 2026-01-01
    (openpyxl stamps both with the time of saving)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            item = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            out.writestr(item, data)
    return buf.getvalue()


def _choices(spec: FieldSpec) -> list[str]:
    seen: dict[str, str] = {}
    for label, code in (spec.choices or {}).items():
        seen.setdefault(code, label)
    return list(seen.values())


def template_workbook_bytes() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.properties.created = _FIXED
    wb.properties.modified = _FIXED
    wb.properties.creator = "cuishou"
    wb.properties.title = "cuishou 导入模板"
    first = True
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for role, spec in ROLES.items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = spec.label
        for col, f in enumerate(spec.fields, start=1):
            cell = ws.cell(row=1, column=col, value=f.label)
            cell.font = Font(bold=True, color="C00000" if f.required else "000000")
            cell.fill = required_fill if f.required else header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = max(12, min(30, len(f.label) * 2 + 6))
            if f.text_format:
                for row in range(2, _ROWS + 2):
                    ws.cell(row=row, column=col).number_format = "@"
            if f.kind == "choice":
                dv = DataValidation(type="list", formula1='"' + ",".join(_choices(f)) + '"', allow_blank=True)
                dv.error = f"请从列表中选择{f.what or f.label}"
                dv.errorTitle = "取值无效"
                dv.add(f"{letter}2:{letter}{_ROWS + 1}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 20
    info.column_dimensions["C"].width = 8
    info.column_dimensions["D"].width = 90
    rows: list[tuple[str, str, str, str]] = [
        ("cuishou 导入模板", "", "", ""),
        ("", "", "", "每个工作表第1行是列标题，请不要修改标题文字（红色标题为必填列）；从第2行起每行一条记录。"),
        ("", "", "", "借款清单每行一笔借款（一个案件）；还款记录、催收记录、保证人、证据清单按『合同编号』对应到借款，可以没有。"),
        ("", "", "", "日期可写 2025-06-05、2025/6/5、2025.6.5、2025年6月5日，或使用 Excel 日期格式；催收记录的时间写到分钟（北京时间）。"),
        ("", "", "", "金额可写 100000、100,000.00、10万、10万元；利率可写 24%、0.24、年利率24%、月利率1.5%、月息1.5分、日万分之五（换算方法见 README，导入报告逐项列出）。"),
        ("", "", "", "身份证号、电话等列已设为文本格式：请勿改成数字格式，否则 Excel 会丢失身份证号的末位 X 和第15位之后的数字。"),
        ("", "", "", "证据文件写相对证据文件夹（--evidence-root）的路径或文件名模式，如 合同/HT001*.pdf；多个用分号分隔。只支持 PDF、JPEG、PNG。"),
        ("", "", "", "债权人、出借人类别、律师、收款账户等每个案件相同的信息写在映射文件中（cuishou import --template 映射.toml 生成骨架）。"),
        ("", "", "", ""),
        ("工作表", "列标题", "必填", "说明（括号内为也能识别的其他列标题）"),
    ]
    for role, spec in ROLES.items():
        for f in spec.fields:
            others = [h for h in f.headers() if h != f.label]
            text = f.help or ""
            if others:
                text += f"（也可：{'、'.join(others[:6])}）"
            if f.kind == "choice":
                text = (text + " 可选：" + "、".join(_choices(f))).strip()
            rows.append((spec.label, f.label, "是" if f.required else "", text))
    for r in rows:
        info.append(list(r))
    info["A1"].font = Font(bold=True, size=14)
    for cell in info[10]:
        cell.font = Font(bold=True)
    for row in info.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic_xlsx(buf.getvalue())


MAPPING_SKELETON = '''# cuishou 导入映射文件（TOML，UTF-8）。每个团队写一次，以后每次导入都用它：
#   cuishou import 台账.xlsx --mapping 本文件.toml --out 案件
# 以 # 开头的是注释。字段名见 README“从表格导入”一节和 schemas/case.schema.json。

[sheets]                       # 工作表名称（与内置名称相同时可省略）
loans = "借款清单"
repayments = "还款记录"
contacts = "催收记录"
guarantors = "保证人"
evidence = "证据清单"

[columns.loans]                # 列标题与模板不同时在这里写明：字段 = "列标题"
# key = "借据号"
# debtor_name = ["客户姓名", "客户名称"]
# interest_rate = { header = "执行利率", unit = "year" }   # unit：year 年、month 月、day 日

[defaults.loans]               # 单元格为空时使用的值（写法同单元格）
disbursement_method = "银行转账"

[options]
computation_date = 2026-03-31  # 计算截止日（暂计至），不加引号；命令行 --as-of 优先
restore_lost_x = false         # 身份证号丢失末位 X 时是否自动补上（默认否：在报告中提示录入人员核对）
case_id_prefix = ""            # 案件编号前缀
# evidence_root = "证据"       # 证据文件夹，相对本文件；命令行 --evidence-root 优先

# [evidence_patterns]          # 按文件名模式查找借款的证据，{key} 为该行的合同编号
# contract_files = "合同/{key}*.pdf"
# disbursement_files = "放款/{key}*.pdf"
# identity_files = "身份证/{key}*.jpg"

# [[common_evidence]]          # 每个案件都附上的证据，如债权人的营业执照
# title = "出借人营业执照（副本）"
# files = "公共/营业执照.pdf"
# source = "出借人自有"
# purpose = "证明出借人的主体资格"
# original = "复印件"
# identity_document = true

[case]                         # 每个案件都相同的内容，写法同 case.json
lender_category = "company"    # natural_person 自然人、company 企业、bank 银行、consumer_finance 消费金融公司、
                               # card_issuer 信用卡发卡机构、local_financial 小额贷款公司等地方金融组织

[case.creditor]                # 债权人（出借人）
kind = "organization"
name = "某某有限公司"
uscc = ""                      # 统一社会信用代码（18位）
domicile = ""
representative = ""
representative_title = "执行董事"
phone = ""

# [case.creditor_account]      # 收款账户
# account_name = "某某有限公司"
# bank = ""
# account_no = ""

# [case.lawyer]                # 受托律师事务所；填写后借款清单须有『律师函序号』列
# firm_name = ""
# firm_address = ""
# firm_phone = ""
# lawyer_name = ""
# license_no = ""
# letter_prefix = "（2026）某律函字"
'''


def write_template(path: str | Path) -> Path:
    """Write the import template: a workbook for ``.xlsx``, a mapping skeleton for ``.toml``."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".toml":
        data = MAPPING_SKELETON.encode("utf-8")
    elif suffix == ".xlsx":
        data = template_workbook_bytes()
    else:
        raise ValueError(f"模板文件名应以 .xlsx（空白工作簿）或 .toml（映射文件骨架）结尾，收到 {target.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target
