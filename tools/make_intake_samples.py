#!/usr/bin/env python3
"""Write the fictional spreadsheets under ``samples/intake/`` that ``cuishou import`` reads.

Run ``.venv/bin/python tools/make_intake_samples.py`` (or ``--out DIR``). Deterministic: fixed
dates, seeded images, workbook zip entries with fixed timestamps; two runs give the same bytes.

- ``collections.xlsx``: the collections team's workbook of a (fictional) small-loan company —
  借款清单 (six loans), 还款记录, 催收记录, 保证人, 证据清单 — holding values the way such sheets
  do: Excel date cells, date serials in general-format cells, text dates (2025/4/18,
  2025年10月17日, 2025.2.20), amounts as 50,000.00 / 10万 / full-width digits, rates as 18%,
  0.15, 月息1.5分, 日利率0.05%, a percent-formatted cell, an ID number ending in X.
- ``collections.toml``: the team's mapping (creditor, account, lawyer, jurisdiction clause,
  business licence for every case).
- ``core-export-gbk.csv`` + ``core-export.toml``: a GBK-encoded export of a core lending
  system with its own headers (mapped in the TOML) and evidence found by file-name pattern.
- ``evidence/``: contracts, transfer receipts, ID copies, repayment receipts, an EMS slip,
  an SMS screenshot, a guarantee contract, the business licence.

Every person, company, address, number and account is invented; identifier check characters
are computed (GB 11643, GB 32100).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.case.ids import id_check_char  # noqa: E402
from pipeline.intake.template import deterministic_xlsx  # noqa: E402
from pipeline.money import figures, zh_date  # noqa: E402


def _make_samples() -> Any:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_samples", module)
    spec.loader.exec_module(module)
    return module


ms = _make_samples()
D = Decimal
COMPUTATION_DATE = dt.date(2026, 3, 31)


def person_id_x(area: str, birth: str) -> str:
    """A valid ID number whose check character is X (the case spreadsheets mangle)."""
    for seq in range(100, 1000):
        first17 = area + birth.replace("-", "") + f"{seq:03d}"
        if id_check_char(first17) == "X":
            return first17 + "X"
    raise AssertionError("no X check digit")  # pragma: no cover


CREDITOR = {
    "kind": "organization",
    "name": "杭州某某小额贷款有限公司",
    "uscc": ms.uscc("330106", "MA2H4K7X"),
    "domicile": "浙江省杭州市西湖区某某路168号5层",
    "org_type": "有限责任公司",
    "ownership": "民营",
    "representative": "陈某某",
    "representative_title": "董事长",
    "phone": "0571-87651234",
    "short_name": "某某小贷",
}
ACCOUNT = {"account_name": CREDITOR["name"], "bank": "杭州银行股份有限公司某某支行", "account_no": "3301 0401 6000 1234 567"}
LAWYER = {
    "firm_name": "浙江某某律师事务所",
    "firm_address": "浙江省杭州市上城区某某大道100号某某大厦21层",
    "firm_phone": "0571-86781234",
    "lawyer_name": "周某某",
    "license_no": "13301201810123456",
    "letter_prefix": "（2026）浙某律函字",
}
CLAUSE = "因本合同引起的或与本合同有关的争议，双方协商解决；协商不成的，任何一方均可向贷款人住所地人民法院提起诉讼。"
CREDITOR_COURT = "杭州市西湖区人民法院"

# (key, debtor, loan facts) — dates are those the documents state; the sheet writes them in many forms.
P1 = {"name": "张某某", "id": ms.person_id("330102", "1985-03-12", "213"), "ethnicity": "汉族",
      "domicile": "浙江省杭州市上城区某某街道某某路12号3幢201室", "phone": "13957112345",
      "residence": "浙江省杭州市西湖区某某小区8幢1单元502室", "court": "杭州市上城区人民法院"}
P2 = {"name": "李某某", "id": ms.person_id("330105", "1990-08-21", "146"), "ethnicity": "汉族",
      "domicile": "浙江省杭州市拱墅区某某路56号2单元301室", "phone": "13867154321", "court": "杭州市拱墅区人民法院"}
P3 = {"name": "赵某", "id": person_id_x("330106", "1992-11-05"), "ethnicity": "汉族",
      "domicile": "浙江省杭州市西湖区某某村某某组18号", "phone": "15158123456", "court": "杭州市西湖区人民法院"}
P5 = {"name": "钱某某", "id": ms.person_id("330110", "1988-01-30", "332"), "ethnicity": "汉族",
      "domicile": "浙江省杭州市余杭区某某街道某某苑9幢1203室", "phone": "18658167890", "court": "杭州市余杭区人民法院"}
P6 = {"name": "孙某", "id": ms.person_id("330108", "1995-06-18", "081"), "ethnicity": "汉族",
      "domicile": "浙江省杭州市滨江区某某路399号某某公寓1506室", "phone": "13588123987", "court": "杭州市滨江区人民法院"}
ORG4 = {"name": "杭州某某餐饮管理有限公司", "uscc": ms.uscc("330105", "MA27QW3C"),
        "domicile": "浙江省杭州市拱墅区某某路200号1层", "representative": "孙某某", "title": "执行董事",
        "phone": "0571-88123456", "court": "杭州市拱墅区人民法院"}
G2 = {"name": "王某某", "id": ms.person_id("330105", "1962-05-09", "217"), "domicile": "浙江省杭州市拱墅区某某路56号2单元302室",
      "phone": "13805712468"}
G4 = {"name": "孙某某", "id": ms.person_id("330105", "1979-09-14", "155"), "domicile": "浙江省杭州市拱墅区某某花园3幢601室",
      "phone": "13905719753"}


def excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


LOANS: list[dict[str, Any]] = [
    {"key": "XD-2025-0101", "p": P1, "principal": D("50000.00"), "out": dt.date(2025, 3, 10), "due": dt.date(2025, 9, 9),
     "rate": D("18"), "overdue": D("24"), "serial": 101, "ref": "HZB2025031000123"},
    {"key": "XD-2025-0102", "p": P2, "principal": D("100000.00"), "out": dt.date(2025, 4, 18), "due": dt.date(2025, 10, 17),
     "rate_text": "月息1.5分", "overdue_text": "日万分之五", "serial": 102, "ref": "HZB2025041800456"},
    {"key": "XD-2025-0103", "p": P3, "principal": D("80000.00"), "out": dt.date(2025, 5, 12), "due": dt.date(2025, 11, 11),
     "rate_text": 0.15, "overdue_text": None, "serial": 103, "ref": "HZB2025051200789"},
    {"key": "XD-2025-0104", "org": ORG4, "principal": D("200000.00"), "out": dt.date(2025, 2, 20), "due": dt.date(2025, 8, 19),
     "rate_text": "年化16.8%", "overdue_text": "24%", "serial": 104, "ref": "HZB2025022000321"},
    {"key": "XD-2025-0105", "p": P5, "principal": D("30000.00"), "out": dt.date(2025, 7, 1), "due": dt.date(2025, 12, 31),
     "rate_text": "日利率0.05%", "overdue_text": "月利率2%", "serial": 105, "ref": "HZB2025070100654"},
    {"key": "XD-2025-0106", "p": P6, "principal": D("12000.00"), "out": dt.date(2025, 8, 8), "due": dt.date(2026, 2, 7),
     "rate_pct_cell": 0.24, "overdue_text": None, "serial": 106, "ref": "HZB2025080800987"},
]

REPAYMENTS = [
    ("XD-2025-0101", "2025-04-10", "750.00", None), ("XD-2025-0101", "2025-05-10", "750.00", None),
    ("XD-2025-0101", "2025-06-10", "750.00", None),
    ("XD-2025-0102", "2025年5月18日", "1,500.00", None), ("XD-2025-0102", "2025年6月18日", "1,500.00", None),
    ("XD-2025-0104", "2025/5/20", "52,800.00", "50,000.00"),
    ("XD-2025-0103", "2025.6.12", "1000", None),
]

# (key, time, channel, counterpart, relation, content, delivered, proof kind, proof ref, outcome, files, recording id)
CONTACTS = [
    ("XD-2025-0101", "2025/9/11 10:05", "短信", "", "", "【某某小贷】张先生您好，您在我司的借款50,000元已于2025年9月9日到期，请尽快安排还款；如有困难请致电0571-87651234协商。",
     "是", "短信回执", "SMS-20250911-0101", "", "sms/XD-2025-0101-sms.png", ""),
    ("XD-2025-0101", "2025/9/20 15:30", "电话", "张某某", "本人", "电话提醒借款已到期，张某某称生意周转困难，承诺10月15日前先还2万元。",
     "是", "录音", "REC-20250920-0101", "承诺还款", "", "REC-20250920-0101"),
    ("XD-2025-0101", "2025/11/3 10:00", "信函", "张某某", "本人", "以EMS向借款人住址寄送《催收通知书》，要求10日内归还借款本息。",
     "是", "EMS", "1180512345601", "", "", ""),  # the EMS slip is listed in 证据清单
    ("XD-2025-0102", "2025-10-20 09:40", "电话", "李某某", "本人", "电话提醒借款已到期，李某某表示近期无力还款，请求宽限。", "是", "录音", "REC-20251020-0102", "已沟通", "", "REC-20251020-0102"),
    ("XD-2025-0102", "2025-11-05 14:10", "电话", "王某某", "保证人", "联系保证人王某某，告知借款人逾期及其保证责任，请其督促借款人还款。", "是", "录音", "REC-20251105-0102", "已沟通", "", "REC-20251105-0102"),
    ("XD-2025-0103", "2025年11月15日 11:20", "电话", "赵某", "本人", "电话提醒到期还款，无人接听。", "否", "", "", "未接", "", ""),
    ("XD-2025-0104", "2025/9/2 10:30", "电话", "孙某某", "保证人", "联系借款人法定代表人兼保证人孙某某，其称公司经营困难，承诺9月底前还款。", "是", "录音", "REC-20250902-0104", "承诺还款", "", "REC-20250902-0104"),
    ("XD-2025-0105", "2026/1/6 16:45", "微信", "钱某某", "本人", "微信提醒借款已于2025年12月31日到期，请尽快还款。", "是", "已读回执", "微信聊天记录2026-01-06", "", "", ""),
]

GUARANTORS = [
    ("XD-2025-0102", G2, "连带责任保证", "2026-04-17", "guarantee/XD-2025-0102-baozheng.pdf"),
    ("XD-2025-0104", G4, "连带责任保证", "2026-02-19", "guarantee/XD-2025-0104-baozheng.pdf"),
]

CSV_LOANS = [
    {"key": "LN2025060001", "p": {"name": "周某某", "id": ms.person_id("330104", "1983-12-02", "275"),
                                   "domicile": "浙江省杭州市上城区某某路8号1单元402室", "phone": "13758123456",
                                   "residence": "浙江省杭州市钱塘区某某家园5幢801室", "court": "杭州市上城区人民法院"},
     "principal": D("60000.00"), "out": dt.date(2025, 6, 5), "due": dt.date(2025, 12, 4), "rate": "18.00", "overdue": "24.00",
     "ref": "CORE202506050001"},
    {"key": "LN2025060002", "p": {"name": "吴某", "id": ms.person_id("330106", "1991-04-27", "428"),
                                   "domicile": "浙江省杭州市西湖区某某镇某某村88号", "phone": "15088123789", "residence": "",
                                   "court": "杭州市西湖区人民法院"},
     "principal": D("45000.00"), "out": dt.date(2025, 6, 18), "due": dt.date(2025, 12, 17), "rate": "15.60", "overdue": "",
     "ref": "CORE202506180002"},
    {"key": "LN2025070003", "p": {"name": "郑某某", "id": ms.person_id("330109", "1987-07-07", "361"),
                                   "domicile": "浙江省杭州市萧山区某某街道某某路66号", "phone": "0571-82612345", "residence": "",
                                   "court": "杭州市萧山区人民法院"},
     "principal": D("25000.00"), "out": dt.date(2025, 7, 20), "due": dt.date(2026, 1, 19), "rate": "20.00", "overdue": "24.00",
     "ref": "CORE202507200003"},
]


# ---------------------------------------------------------------- evidence documents


def contract_pdf(key: str, borrower: str, amount: Decimal, out: dt.date, due: dt.date, rate_text: str, guarantor: str | None) -> bytes:
    blocks: list[tuple[str, Any]] = [
        ("h", "借 款 合 同"),
        ("r", f"合同编号：{key}"),
        ("l", f"贷款人（甲方）：{CREDITOR['name']}"),
        ("l", f"借款人（乙方）：{borrower}"),
        ("p", f"第一条 借款金额：人民币{ms.rmb_words(amount)}（¥{figures(amount)}）。"),
        ("p", f"第二条 借款期限：自{zh_date(out)}起至{zh_date(due)}止，以实际放款日为准。"),
        ("p", f"第三条 借款利率：{rate_text}，按月付息，到期还本。"),
        ("p", "第四条 乙方未按期还款的，甲方有权按合同约定的逾期利率计收逾期利息。"),
        ("p", f"第五条 {CLAUSE}"),
        ("p", "第六条 乙方确认借款人住址为有效送达地址。"),
    ]
    if guarantor:
        blocks.append(("p", f"第七条 {guarantor}为本合同项下全部债务提供连带责任保证。"))
    blocks += [("gap", 20), ("l", "甲方（盖章）："), ("seal", (CREDITOR["name"], "合同专用章")),
               ("l", "乙方（签字）："), ("sign", borrower), ("l", f"签订日期：{zh_date(out)}"),
               ("p", "（虚构示例材料，仅用于软件测试。）")]
    return ms.render_pdf(ms.Doc(f"借款合同 {key}", blocks))


def receipt_pdf(when: dt.date, payer: tuple[str, str, str], payee: tuple[str, str, str], amount: Decimal, serial: str, memo: str) -> bytes:
    return ms.render_pdf(ms.bank_receipt("杭州银行", when.isoformat(), payer, payee, amount, serial, memo))


def guarantee_pdf(key: str, guarantor: str, borrower: str) -> bytes:
    return ms.render_pdf(ms.Doc(f"保证合同 {key}", [
        ("h", "保 证 合 同"),
        ("r", f"主合同编号：{key}"),
        ("l", f"债权人：{CREDITOR['name']}"),
        ("l", f"保证人：{guarantor}"),
        ("p", f"保证人自愿为债务人{borrower}在编号为{key}的《借款合同》项下的全部债务提供连带责任保证。"),
        ("p", "保证范围包括借款本金、利息、逾期利息及实现债权的费用；保证期间为主债务履行期限届满之日起六个月。"),
        ("gap", 20), ("l", "保证人（签字）："), ("sign", guarantor),
        ("p", "（虚构示例材料，仅用于软件测试。）"),
    ]))


def _person(p: dict[str, Any]) -> dict[str, Any]:
    birth = f"{p['id'][6:10]}-{p['id'][10:12]}-{p['id'][12:14]}"
    return {"name": p["name"], "gender": "男" if int(p["id"][16]) % 2 else "女", "ethnicity": p.get("ethnicity", "汉族"),
            "birth_date": birth, "domicile": p["domicile"], "id_number": p["id"], "phone": p["phone"]}


def evidence_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    company_acct = (CREDITOR["name"], ACCOUNT["account_no"], ACCOUNT["bank"])
    files["common/business-licence.pdf"] = ms.render_pdf(ms.business_licence(CREDITOR, "2016年5月10日", "人民币10,000万元", "在杭州市范围内办理各项小额贷款（虚构）"))
    for i, loan in enumerate(LOANS):
        key = loan["key"]
        who = loan["p"]["name"] if "p" in loan else loan["org"]["name"]
        rate_text = {0: "年利率18%", 1: "月息1.5分（年利率18%）", 2: "年利率15%", 3: "年化利率16.8%", 4: "日利率0.05%", 5: "年利率24%"}[i]
        guarantor = {1: G2["name"], 3: G4["name"]}.get(i)
        files[f"contracts/{key}-jiekuan-hetong.pdf"] = contract_pdf(key, who, loan["principal"], loan["out"], loan["due"], rate_text, guarantor)
        files[f"transfers/{key}-fangkuan.pdf"] = receipt_pdf(loan["out"], company_acct, (who, "6217 **** **** 1234", "某某银行杭州分行"),
                                                            loan["principal"], loan["ref"], f"放款 {key}")
        if "p" in loan:
            files[f"ids/{key}-id.jpg"] = ms.render_photo(ms.id_copy_photo(200 + i, "2025:03:10 10:00:00", [_person(loan["p"])]))
    files["repayments/XD-2025-0104-20250520.pdf"] = receipt_pdf(dt.date(2025, 5, 20), (ORG4["name"], "3301 0401 6000 8888 001", "杭州银行某某支行"),
                                                              company_acct, D("52800.00"), "HZB2025052000111", "还款 XD-2025-0104")
    files["sms/XD-2025-0101-sms.png"] = ms.render_chat(ms.Chat("0571-87651234", [
        ("time", "2025年9月11日 10:05"), ("me", CONTACTS[0][5]), ("time", "已送达")], style="sms", them="张某某"))
    files["ems/XD-2025-0101-ems.jpg"] = ms.render_photo(ms.ems_photo(
        301, "2025:11:03 10:00:00", "1180512345601", CREDITOR, {"name": P1["name"], "phone": P1["phone"]}, P1["domicile"],
        "催收通知书", 1))
    files["guarantee/XD-2025-0102-baozheng.pdf"] = guarantee_pdf("XD-2025-0102", G2["name"], P2["name"])
    files["guarantee/XD-2025-0104-baozheng.pdf"] = guarantee_pdf("XD-2025-0104", G4["name"], ORG4["name"])
    for loan in CSV_LOANS:
        key = loan["key"]
        files[f"core/contracts/{key}.pdf"] = contract_pdf(key, loan["p"]["name"], loan["principal"], loan["out"], loan["due"],
                                                          f"年利率{loan['rate'].rstrip('0').rstrip('.')}%", None)
        files[f"core/transfers/{key}-1.pdf"] = receipt_pdf(loan["out"], company_acct, (loan["p"]["name"], "6228 **** **** 5678", "某某银行杭州分行"),
                                                          loan["principal"], loan["ref"], f"放款 {key}")
    return files


# ---------------------------------------------------------------- the workbook


def workbook_bytes() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 1, 1)
    wb.properties.creator = "tools/make_intake_samples.py"
    ws = wb.active
    ws.title = "借款清单"
    ws.append(["某某小贷 逾期借款台账（虚构示例）"])
    ws["A1"].font = Font(bold=True, size=14)
    headers = ["合同编号", "借款人", "身份证号", "统一社会信用代码", "法定代表人", "法定代表人职务", "住址", "现住址", "联系电话",
               "借款金额（元）", "放款日期", "放款流水号", "到期日", "年利率", "逾期利率", "已还本金", "已还利息",
               "债务人住所地法院", "律师函序号", "合同文件", "放款凭证", "身份证明", "备注"]
    ws.append(headers)
    for i, loan in enumerate(LOANS):
        p, org = loan.get("p"), loan.get("org")
        amount: Any = {0: 50000.0, 1: "10万", 2: "８０，０００．００", 3: "200,000.00", 4: "3万元", 5: "12,000"}[i]
        out: Any = {0: dt.datetime.combine(loan["out"], dt.time()), 1: "2025/4/18", 2: excel_serial(loan["out"]),
                    3: "2025.2.20", 4: "2025-07-01", 5: "2025年8月8日"}[i]
        due: Any = {0: dt.datetime.combine(loan["due"], dt.time()), 1: "2025年10月17日", 2: excel_serial(loan["due"]),
                    3: "2025.8.19", 4: "2025-12-31", 5: "2026/2/7"}[i]
        rate: Any = {0: "18%", 1: "月息1.5分", 2: 0.15, 3: "年化16.8%", 4: "日利率0.05%", 5: 0.24}[i]
        overdue: Any = {0: "24%", 1: "日万分之五", 2: None, 3: "24%", 4: "月利率2%", 5: None}[i]
        repaid_p = {3: "50,000.00"}.get(i, "0")
        repaid_i = {0: "2,250.00", 1: "3,000.00", 2: "1,000.00", 3: "2,800.00"}.get(i, "0")
        phone: Any = int(p["phone"]) if i == 4 else (p or org)["phone"]
        row = [
            loan["key"], (p or org)["name"], p["id"] if p else None, org["uscc"] if org else None,
            org["representative"] if org else None, org["title"] if org else None,
            (p or org)["domicile"], p.get("residence") if p else None, phone, amount, out, loan["ref"], due, rate, overdue,
            repaid_p, repaid_i, (p or org)["court"], loan["serial"],
            f"contracts/{loan['key']}-jiekuan-hetong.pdf", f"transfers/{loan['key']}-*.pdf",
            f"ids/{loan['key']}-id.jpg" if p else None,
            {3: "借款人餐饮门店2025年下半年停业；法定代表人孙某某提供连带责任保证"}.get(i),
        ]
        ws.append(row)
        r = ws.max_row
        if i == 0:
            ws.cell(r, 10).number_format = "#,##0.00"
            ws.cell(r, 11).number_format = "yyyy-mm-dd"
            ws.cell(r, 13).number_format = "yyyy-mm-dd"
        if i == 5:
            ws.cell(r, 14).number_format = "0%"
    rp = wb.create_sheet("还款记录")
    rp.append(["合同编号", "还款日期", "还款金额", "冲抵本金", "还款凭证"])
    for key, when, amount, principal in REPAYMENTS:
        files = "repayments/XD-2025-0104-20250520.pdf" if key == "XD-2025-0104" else None
        rp.append([key, when, amount, principal, files])
    ct = wb.create_sheet("催收记录")
    ct.append(["合同编号", "联系时间", "方式", "联系对象", "关系", "内容", "是否送达", "送达凭证类型", "凭证编号", "结果", "凭证文件", "录音编号"])
    for row in CONTACTS:
        ct.append([v if v != "" else None for v in row])
    gs = wb.create_sheet("保证人")
    gs.append(["合同编号", "保证人", "身份证号", "住址", "联系电话", "保证方式", "保证期间届满日", "保证合同"])
    for key, g, how, end, files in GUARANTORS:
        gs.append([key, g["name"], g["id"], g["domicile"], g["phone"], how, end, files])
    ev = wb.create_sheet("证据清单")
    ev.append(["合同编号", "证据名称", "文件", "证据来源", "证明目的", "原件或复印件"])
    ev.append(["XD-2025-0101", "《催收通知书》EMS 邮寄凭证", "ems/XD-2025-0101-ems.jpg", "中国邮政EMS",
               "证明贷款人于2025年11月3日向借款人书面催收（EMS 1180512345601）", "复印件"])
    for sheet in wb.worksheets:
        for col in "ABCDEFGHIJKLMNOPQRSTUVW":
            sheet.column_dimensions[col].width = 16
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic_xlsx(buf.getvalue())


def csv_bytes() -> bytes:
    lines = ["借据号码,客户名称,客户证件号,手机号码,户籍地址,现居住地址,贷款本金,放款金额,起贷日,应还日,执行利率(%),罚息利率(%),已还本金,已还利息,贷款状态,所属机构"]
    for i, loan in enumerate(CSV_LOANS):
        p = loan["p"]
        out = loan["out"].strftime("%Y/%m/%d") if i != 1 else loan["out"].strftime("%Y%m%d")
        due = loan["due"].strftime("%Y/%m/%d")
        lines.append(",".join([
            loan["key"], p["name"], p["id"], p["phone"], p["domicile"], p["residence"], f"\"{figures(loan['principal'])}\"",
            f"\"{figures(loan['principal'])}\"", out, due, loan["rate"], loan["overdue"], "0.00", "0.00", "逾期", "杭州总部",
        ]))
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _table(name: str, data: dict[str, Any]) -> str:
    lines = [f"[{name}]"]
    for k, v in data.items():
        lines.append(f"{k} = {_toml_str(v) if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else v}")
    return "\n".join(lines) + "\n"


def _case_tables(lawyer: bool = True) -> str:
    return "\n".join([
        "[case]\nlender_category = \"小额贷款公司\"   # = local_financial（法释〔2020〕27号所称地方金融组织）\n",
        _table("case.creditor", CREDITOR),
        _table("case.creditor_account", ACCOUNT),
        *([_table("case.lawyer", LAWYER)] if lawyer else []),
        _table("case.procedure", {"creditor_court_name": CREDITOR_COURT}),
        _table("case.loan.jurisdiction_clause", {"text": CLAUSE, "clause_ref": "第五条", "connection": "plaintiff_domicile",
                                                  "court_name": CREDITOR_COURT}),
    ])


_COMMON = '''[[common_evidence]]
title = "出借人营业执照（副本）"
files = "common/business-licence.pdf"
source = "出借人自有"
purpose = "证明出借人的主体资格"
original = "复印件"
identity_document = true
'''


def workbook_mapping() -> str:
    return f'''# 某某小贷催收团队的导入映射（虚构示例）。用法：
#   cuishou import samples/intake/collections.xlsx --mapping samples/intake/collections.toml --out out/imported/collections
# 工作表和列标题与 cuishou import --template 的模板相同，这里只写每个案件都相同的信息。

[defaults.loans]
disbursement_method = "银行转账"

[options]
computation_date = {COMPUTATION_DATE.isoformat()}
evidence_root = "evidence"

[evidence_sources]
contract_files = "贷款人与借款人签订，贷款人持有"
disbursement_files = "杭州银行网上银行"
identity_files = "签订合同时借款人提供"
repayments = "杭州银行网上银行"
contacts = "贷款人催收系统"
guarantors = "保证人签订，贷款人持有"

{_COMMON}
{_case_tables()}'''


def csv_mapping() -> str:
    return f'''# 核心系统导出文件（GBK 编码的 CSV）的导入映射（虚构示例）。用法：
#   cuishou import samples/intake/core-export-gbk.csv --mapping samples/intake/core-export.toml --out out/imported/core
# 核心系统的列标题与模板不同，在 [columns.loans] 中逐一写明；证据按文件名模式查找。

[columns.loans]
key = "借据号码"
debtor_id_number = "客户证件号"
principal = "贷款本金"
disbursed_on = "起贷日"
due_date = "应还日"
interest_rate = {{ header = "执行利率(%)", unit = "year" }}
overdue_rate = "罚息利率(%)"

[defaults.loans]
disbursement_method = "银行转账"

[options]
computation_date = {COMPUTATION_DATE.isoformat()}
evidence_root = "evidence"

[evidence_patterns]
contract_files = "core/contracts/{{key}}.pdf"
disbursement_files = "core/transfers/{{key}}-*.pdf"

[evidence_sources]
contract_files = "贷款人与借款人签订，贷款人持有"
disbursement_files = "杭州银行网上银行"

{_COMMON}
# 核心系统不记录律师函号，这里不填写律师信息：律师函在委托律师、编好函号后再生成。
{_case_tables(lawyer=False)}'''


def write_samples(out: Path) -> list[Path]:
    ms.FONTS = ms.Fonts.discover()
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)

    def put(rel: str, data: bytes) -> None:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)

    put("collections.xlsx", workbook_bytes())
    put("collections.toml", workbook_mapping().encode("utf-8"))
    put("core-export-gbk.csv", csv_bytes())
    put("core-export.toml", csv_mapping().encode("utf-8"))
    for rel, data in sorted(evidence_files().items()):
        put(f"evidence/{rel}", data)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 cuishou import 的虚构示例表格与证据文件")
    parser.add_argument("--out", type=Path, default=ROOT / "samples" / "intake", help="输出目录（默认 samples/intake/）")
    args = parser.parse_args(argv)
    files = write_samples(args.out)
    total = sum(f.stat().st_size for f in files)
    print(f"已生成 {len(files)} 个文件，共 {total / 1024:.0f} KB，输出到 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
