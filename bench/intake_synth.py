"""A synthetic collections workbook for the import benchmark, written the way Excel writes one.

openpyxl writes text as inline strings; Excel (and WPS) write a shared-string table, which a
reader must hold in memory. To measure what a clerk's real workbook costs, this writes the
xlsx parts directly: a shared-string table, three sheets (借款清单 with one row a loan,
还款记录 and 催收记录 with one row a loan each), dates as Excel serials and as text.
Deterministic: the same ``n`` gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import sys

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.case.ids import id_check_char  # noqa: E402

MAPPING = '''
[defaults.loans]
disbursement_method = "银行转账"
[options]
computation_date = 2026-03-31
[case]
lender_category = "local_financial"
[case.creditor]
kind = "organization"
name = "杭州某某小额贷款有限公司"
uscc = "91330106MA2H4K7X7Y"
domicile = "浙江省杭州市西湖区某某路168号5层"
representative = "陈某某"
representative_title = "董事长"
'''

LOANS = ["合同编号", "借款人", "身份证号", "住址", "联系电话", "借款金额", "放款日期", "到期日", "年利率", "逾期利率", "备注"]
REPAY = ["合同编号", "还款日期", "还款金额"]
CONTACT = ["合同编号", "联系时间", "方式", "内容", "是否送达"]


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i


def _col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _sheet_xml(rows: list[list[object]], strings: _Strings) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        parts.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r}"
            if v is None:
                continue
            if isinstance(v, (int, float)):
                parts.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                parts.append(f'<c r="{ref}" t="s"><v>{strings(str(v))}</v></c>')
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8")


def rows_for(n: int) -> tuple[list[list[object]], list[list[object]], list[list[object]]]:
    loans: list[list[object]] = [LOANS]
    repay: list[list[object]] = [REPAY]
    contacts: list[list[object]] = [CONTACT]
    base = dt.date(2025, 1, 2)
    for i in range(n):
        key = f"XD-{i:07d}"
        out = base + dt.timedelta(days=i % 200)
        due = out + dt.timedelta(days=182)
        first17 = f"330106{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        amount = 10000 + (i % 90) * 1000
        loans.append([
            key, f"借款人{i}号", first17 + id_check_char(first17), f"浙江省杭州市西湖区某某路{i}号{i % 30 + 1}幢{i % 9 + 1}01室",
            f"139{i % 100000000:08d}", f"{amount:,}.00" if i % 2 else amount,
            _serial(out) if i % 3 else out.strftime("%Y/%-m/%-d"), due.strftime("%Y年%-m月%-d日") if i % 2 else _serial(due),
            ("18%", "0.15", "月息1.5分", "日万分之五")[i % 4], ("24%", None)[i % 2], f"第{i}笔",
        ])
        paid = out + dt.timedelta(days=30)
        repay.append([key, paid.isoformat(), f"{amount * 15 // 1200}.00"])
        contacts.append([key, f"{(due + dt.timedelta(days=3)).isoformat()} 10:{i % 60:02d}", "短信",
                         f"提醒借款{key}已到期，请尽快还款", "是"])
    return loans, repay, contacts


def make_workbook(path: Path, n: int) -> int:
    """Write an n-loan workbook; return the number of data rows over all sheets."""
    strings = _Strings()
    loans, repay, contacts = rows_for(n)
    sheets = [("借款清单", _sheet_xml(loans, strings)), ("还款记录", _sheet_xml(repay, strings)),
              ("催收记录", _sheet_xml(contacts, strings))]
    sst = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings.index)}" '
           f'uniqueCount="{len(strings.index)}">']
    sst += [f"<si><t>{escape(s)}</t></si>" for s in strings.index]
    sst.append("</sst>")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns}><sheets>'
                + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, start=1))
                + "</sheets></workbook>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, len(sheets) + 1))
               + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
               + f'<Relationship Id="rId{len(sheets) + 2}" Type="{rel}/styles" Target="styles.xml"/>'
               + "</Relationships>")
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
              '<borders count="1"><border/></borders><cellXfs count="1"><xf/></cellXfs></styleSheet>')
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                       for i in range(1, len(sheets) + 1))
             + f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml"/>'
             + f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/></Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name: str, data: str | bytes) -> None:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)

        put("[Content_Types].xml", types)
        put("_rels/.rels", root_rels)
        put("xl/workbook.xml", workbook)
        put("xl/_rels/workbook.xml.rels", wb_rels)
        put("xl/styles.xml", styles)
        put("xl/sharedStrings.xml", "".join(sst))
        for i, (_, xml) in enumerate(sheets, start=1):
            put(f"xl/worksheets/sheet{i}.xml", xml)
    return (len(loans) - 1) + (len(repay) - 1) + (len(contacts) - 1)
