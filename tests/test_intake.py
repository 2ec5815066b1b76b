"""``cuishou import``: spreadsheets in, validated case folders and a report out.

Workbooks are made by each test with openpyxl (no committed fixtures besides samples/intake/).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.batch import run_batch
from pipeline.build import BuildOptions
from pipeline.case import load_case
from pipeline.case.ids import id_check_char
from pipeline.intake import REPORT_JSON, REPORT_TEXT, MappingError, import_cases, load_mapping, write_template
from pipeline.intake.assemble import case_id_for
from pipeline.intake.write import MARKER

from conftest import CUISHOU, ROOT

SAMPLES = ROOT / "samples" / "intake"
WORKBOOK = SAMPLES / "collections.xlsx"
WORKBOOK_MAP = SAMPLES / "collections.toml"
CSV = SAMPLES / "core-export-gbk.csv"
CSV_MAP = SAMPLES / "core-export.toml"

MAPPING = '''
[defaults.loans]
disbursement_method = "银行转账"
[options]
computation_date = 2026-03-31
[case]
lender_category = "company"
[case.creditor]
kind = "organization"
name = "北京某某商贸有限公司"
uscc = "91110105MA01K7Q365"
domicile = "北京市朝阳区某某路88号"
representative = "王某某"
representative_title = "执行董事"
'''

LOAN_HEADERS = ["合同编号", "借款人", "身份证号", "住址", "联系电话", "借款金额", "放款日期", "到期日", "年利率"]


def good_row(key: str = "HT-001", **over: Any) -> list[Any]:
    row = {"合同编号": key, "借款人": "张某某", "身份证号": "110105198604172313", "住址": "北京市朝阳区某某路1号",
           "联系电话": "13910468273", "借款金额": "100,000.00", "放款日期": "2025/6/5", "到期日": "2025/9/4", "年利率": "10%"}
    row.update(over)
    return [row[h] for h in LOAN_HEADERS]


def make_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet(name)
        ws.title = name
        first = False
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    p = tmp_path / "map.toml"
    p.write_text(MAPPING, encoding="utf-8")
    return p


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def texts(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in report.problems]


# ---------------------------------------------------------------- the shipped samples


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("imp") / "collections"
    report = import_cases(WORKBOOK, out, mapping=WORKBOOK_MAP)
    return out, report


def test_sample_workbook_imports_every_loan(imported):
    out, report = imported
    assert report.ok, texts(report)
    assert [c.case_id for c in report.cases] == [f"XD-2025-010{i}" for i in range(1, 7)]
    for c in report.cases:
        case = load_case(out / c.case_id)  # the same validation as `cuishou validate`
        assert case.computation_date == dt.date(2026, 3, 31)
        assert case.creditor.name == "杭州某某小额贷款有限公司" and case.lender_category == "local_financial"
        assert case.creditor_account is not None and case.loan.jurisdiction_clause is not None
        assert case.evidence[0].title == "出借人营业执照（副本）" and case.evidence[0].identity_document


def test_sample_values_come_through_exactly(imported):
    out, _ = imported
    c1 = load_case(out / "XD-2025-0101")  # Excel date cells, a float amount, "18%"
    assert c1.loan.face_principal == D("50000.00")
    assert c1.loan.disbursements[0].date == dt.date(2025, 3, 10) and c1.loan.due_date == dt.date(2025, 9, 9)
    assert (c1.loan.interest.rate, c1.loan.interest.unit) == (D("18"), "year")
    assert [r.amount for r in c1.repayments] == [D("750.00")] * 3  # 50,000 × 18 % ÷ 12
    assert [e.channel for e in c1.collection_log] == ["sms", "phone", "letter"]
    assert c1.collection_log[0].counterpart == "张某某" and c1.collection_log[0].relation == "debtor"
    assert c1.collection_log[0].at == dt.datetime(2025, 9, 11, 10, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert c1.lawyer is not None and c1.lawyer.letter_serial == 101
    assert c1.debtors[0].gender == "男" and c1.debtors[0].birth_date == dt.date(1985, 3, 12)  # from the ID number
    c2 = load_case(out / "XD-2025-0102")  # "10万", "2025/4/18", 月息1.5分, 日万分之五, a guarantor
    assert c2.loan.face_principal == D("100000.00") and c2.loan.disbursements[0].date == dt.date(2025, 4, 18)
    assert c2.loan.due_date == dt.date(2025, 10, 17)
    assert (c2.loan.interest.rate, c2.loan.interest.unit) == (D("1.5"), "month")
    assert (c2.loan.overdue_interest.rate, c2.loan.overdue_interest.unit) == (D("0.05"), "day")
    assert c2.guarantors[0].party.name == "王某某" and c2.guarantors[0].guarantee_type == "joint"
    assert c2.guarantors[0].guarantee_period_end == dt.date(2026, 4, 17)
    assert [r.date for r in c2.repayments] == [dt.date(2025, 5, 18), dt.date(2025, 6, 18)]
    c3 = load_case(out / "XD-2025-0103")  # date serials 45789/45972, full-width amount, 0.15, ID ending in X
    assert c3.loan.disbursements[0].date == dt.date(2025, 5, 12) and c3.loan.due_date == dt.date(2025, 11, 11)
    assert c3.loan.face_principal == D("80000.00") and c3.loan.interest.rate == D("15")
    assert c3.debtors[0].id_number.endswith("X") and c3.loan.overdue_interest.kind == "none"
    c4 = load_case(out / "XD-2025-0104")  # a company borrower, a repayment with an agreed principal part
    assert c4.debtors[0].kind == "organization" and c4.debtors[0].representative == "孙某某"
    assert c4.repayments[0].amount == D("52800.00") and c4.repayments[0].to_principal == D("50000.00")
    assert c4.loan.interest.rate == D("16.8")
    c5 = load_case(out / "XD-2025-0105")  # 日利率0.05%, 月利率2%, a phone typed as a number
    assert (c5.loan.interest.rate, c5.loan.interest.unit) == (D("0.05"), "day")
    assert (c5.loan.overdue_interest.rate, c5.loan.overdue_interest.unit) == (D("2"), "month")
    assert c5.debtors[0].phone == "18658167890" and c5.loan.face_principal == D("30000.00")
    c6 = load_case(out / "XD-2025-0106")  # 24% in a percent-formatted cell (stored as 0.24)
    assert c6.loan.interest.rate == D("24") and c6.loan.face_principal == D("12000.00")


def test_sample_evidence_is_copied_and_referenced(imported):
    out, _ = imported
    case = load_case(out / "XD-2025-0101")
    titles = [e.title for e in case.evidence]
    assert titles[1] == "《借款合同》（编号XD-2025-0101）"
    assert "放款凭证（2025年3月10日）" in titles and "借款人张某某身份证明" in titles
    contract = case.evidence[1]
    assert contract.id in case.loan.evidence_ids
    assert (out / "XD-2025-0101" / contract.files[0]).read_bytes() == (
        SAMPLES / "evidence" / "contracts" / "XD-2025-0101-jiekuan-hetong.pdf"
    ).read_bytes()
    sms = next(e for e in case.evidence if e.title.startswith("催收记录"))
    assert case.collection_log[0].evidence_id == sms.id
    ems = next(e for e in case.evidence if "EMS" in e.title)  # from the 证据清单 sheet
    assert ems.source == "中国邮政EMS" and ems.original == "copy"


def test_sample_report_states_the_conversions(imported):
    out, report = imported
    text = (out / REPORT_TEXT).read_text(encoding="utf-8")
    for expected in ("『月息1.5分』→ 月利率 1.5%（折合年利率 18%，×12）", "『日万分之五』→ 日利率 0.05%（折合年利率 18.25%，按 365 天）",
                     "『0.15』按小数理解 → 年利率 15%", "『45789』按 Excel 日期序号（1900 日期系统）→ 2025-05-12",
                     "『10万』→ 100,000.00 元", "『８０，０００．００』→ 80,000.00 元", "北京时间"):
        assert expected in text, expected
    data = json.loads((out / REPORT_JSON).read_text(encoding="utf-8"))
    assert data["counts"] == {"loan_rows": 6, "imported": 6, "failed": 0, "problems": 0}
    assert {s["role"] for s in data["sheets"]} == {"loans", "repayments", "contacts", "guarantors", "evidence"}
    assert data["sheets"][0]["header_row"] == 2  # a title row above the headers


def test_rerun_is_byte_identical(imported, tmp_path):
    out, _ = imported
    before = tree_bytes(out)
    report = import_cases(WORKBOOK, out, mapping=WORKBOOK_MAP)
    assert report.ok and {c.outcome for c in report.cases} == {"unchanged"}
    assert tree_bytes(out) == before
    # and a fresh folder gets the same bytes too
    other = tmp_path / "again"
    import_cases(WORKBOOK, other, mapping=WORKBOOK_MAP)
    assert tree_bytes(other) == before


def test_imported_cases_build_with_batch(tmp_path):
    out = tmp_path / "cases"
    import_cases(WORKBOOK, out / "collections", mapping=WORKBOOK_MAP)
    import_cases(CSV, out / "core", mapping=CSV_MAP)
    report = run_batch(out, tmp_path / "built", jobs=1, options=BuildOptions())
    assert report.ok, [(c.case_dir, c.error, c.problems) for c in report.cases if c.status == "failed"]
    assert len(report.cases) == 9
    manifest = json.loads((tmp_path / "built" / "XD-2025-0102" / "manifest.json").read_text(encoding="utf-8"))
    files = [d["file"] for d in manifest["documents"]]
    assert "02_律师函.docx" in files and "05_证据目录及证据材料.pdf" in files
    from docx import Document

    doc = Document(tmp_path / "built" / "XD-2025-0102" / "02_律师函.docx")
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "李某某" in text and "杭州某某小额贷款有限公司" in text and "第102号" in text


# ---------------------------------------------------------------- CSV and encodings


def test_gbk_csv_sample(tmp_path):
    report = import_cases(CSV, tmp_path / "core", mapping=CSV_MAP)
    assert report.ok, texts(report)
    assert report.encoding == "GBK/GB18030（无 BOM）"
    case = load_case(tmp_path / "core" / "LN2025060002")
    assert case.debtors[0].name == "吴某" and case.loan.face_principal == D("45000.00")
    assert case.loan.disbursements[0].date == dt.date(2025, 6, 18)  # "20250618"
    assert case.loan.interest.rate == D("15.60") or case.loan.interest.rate == D("15.6")  # 执行利率(%) 15.60
    assert case.loan.overdue_interest.kind == "none"
    # evidence found by the mapping's file-name patterns
    assert [e.title for e in case.evidence][1:] == ["《借款合同》（编号LN2025060002）", "放款凭证（2025年6月18日）"]
    assert "未使用的列：贷款状态、所属机构" in "".join(report.remarks)


@pytest.mark.parametrize(
    "prefix, encode, label",
    [
        (b"\xef\xbb\xbf", "utf-8", "UTF-8（带 BOM）"),
        (b"", "utf-8", "UTF-8（无 BOM）"),
        (b"\x84\x31\x95\x33", "gb18030", "GB18030（带 BOM）"),
        (b"\xef\xbb\xbf", "gbk", "GBK/GB18030（文件开头有 UTF-8 的 BOM 标记，但内容是 GBK 编码）"),
        (b"", "gbk", "GBK/GB18030（无 BOM）"),
    ],
)
def test_csv_encodings_with_and_without_bom(tmp_path, prefix, encode, label):
    text = CSV.read_bytes().decode("gbk")
    path = tmp_path / "core-export-gbk.csv"
    path.write_bytes(prefix + text.encode(encode))
    shutil.copytree(SAMPLES / "evidence", tmp_path / "evidence")
    shutil.copy(CSV_MAP, tmp_path / "core-export.toml")
    report = import_cases(path, tmp_path / "out", mapping=tmp_path / "core-export.toml")
    assert report.ok, texts(report)
    assert report.encoding == label
    reference = tmp_path / "ref"
    import_cases(CSV, reference, mapping=CSV_MAP)
    for c in report.cases:
        assert (tmp_path / "out" / c.case_id / "case.json").read_bytes() == (reference / c.case_id / "case.json").read_bytes()


def test_csv_that_is_not_decodable(tmp_path, mapping_file):
    path = tmp_path / "bad.csv"
    path.write_bytes(",".join(LOAN_HEADERS).encode("gbk") + b"\r\n" + b"\xff\xfe\xfa" * 10 + b"\r\n")
    from pipeline.intake import IntakeError

    with pytest.raises(IntakeError):
        import_cases(path, tmp_path / "out", mapping=mapping_file)


# ---------------------------------------------------------------- problems, each named by sheet, row and column


def test_malformed_date_named_by_sheet_row_and_column(tmp_path, mapping_file):
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(), good_row("HT-002", 放款日期="2025-13-01")]})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert texts(report) == ["借款清单 第3行『放款日期』：『2025-13-01』不是有效日期（没有13月）"]
    assert [c.case_id for c in report.cases] == ["HT-001"]  # the good row is still imported
    assert report.failed_keys == ["HT-002"]
    assert (tmp_path / "out" / "HT-001" / "case.json").is_file() and not (tmp_path / "out" / "HT-002").exists()


def test_every_problem_of_a_row_at_once(tmp_path, mapping_file):
    bad = good_row("HT-002", 放款日期="2025-13-01", 身份证号="110105198604172314", 联系电话="12345", 年利率="LPR的4倍")
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, bad]})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    found = texts(report)
    assert len(found) == 4, found
    assert any(t.startswith("借款清单 第2行『身份证号』：身份证号无效：校验码错误：按 GB 11643 计算第18位应为 3") for t in found)
    assert any(t.startswith("借款清单 第2行『联系电话』：『12345』不是有效的电话号码") for t in found)
    assert any(t.startswith("借款清单 第2行『年利率』：『LPR的4倍』") for t in found)


def test_wrong_uscc_check_digit_of_a_company_borrower(tmp_path, mapping_file):
    headers = LOAN_HEADERS + ["统一社会信用代码", "法定代表人", "法定代表人职务"]
    row = good_row(身份证号=None) + ["91110105MA01K7Q366", "孙某某", "执行董事"]
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [headers, row]})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert texts(report) == [
        "借款清单 第2行『统一社会信用代码』：统一社会信用代码无效：校验码错误：按 GB 32100 计算第18位应为 5（表格中为『91110105MA01K7Q366』）"
    ]


def test_id_number_lost_its_x(tmp_path, mapping_file):
    for seq in range(100, 1000):
        first17 = f"11010519860417{seq:03d}"
        if id_check_char(first17) == "X":
            break
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(身份证号=first17)]})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    (only,) = texts(report)
    assert only.startswith(f"借款清单 第2行『身份证号』：『{first17}』只有17位；按 GB 11643 第18位校验码应为 X")
    # the documented setting restores it, and the report says so for that row
    fixed = tmp_path / "fix.toml"
    fixed.write_text(MAPPING.replace("[options]\n", "[options]\nrestore_lost_x = true\n"), encoding="utf-8")
    report = import_cases(book, tmp_path / "out2", mapping=fixed)
    assert report.ok and load_case(tmp_path / "out2" / "HT-001").debtors[0].id_number == first17 + "X"
    assert any("补上校验码 X" in str(n) for n in report.notes.values())


def test_missing_required_column(tmp_path, mapping_file):
    headers = [h for h in LOAN_HEADERS if h != "放款日期"]
    row = [v for h, v in zip(LOAN_HEADERS, good_row()) if h != "放款日期"]
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [headers, row]})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert not report.cases and report.failed_keys == ["HT-001"]
    (only,) = texts(report)
    assert only.startswith("借款清单 第1行『放款日期』：缺少必填列『放款日期』（也可用列标题：出借日期、借款日期")
    assert not (tmp_path / "out" / "HT-001").exists()


def test_duplicate_key(tmp_path, mapping_file):
    rows = [LOAN_HEADERS, good_row("HT-001"), good_row("HT-002"), good_row("HT-001", 借款人="李某")]
    book = make_book(tmp_path / "b.xlsx", {"借款清单": rows})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert [c.case_id for c in report.cases] == ["HT-002"]
    assert texts(report) == [
        "借款清单 第2行『合同编号』：『HT-001』重复：第2行、第4行是同一个编号（一笔借款只能占一行，编号用作案件编号）；这几行都未导入",
        "借款清单 第4行『合同编号』：『HT-001』重复：第2行、第4行是同一个编号（一笔借款只能占一行，编号用作案件编号）；这几行都未导入",
    ]


def test_validation_problems_point_to_the_cells(tmp_path, mapping_file):
    headers = LOAN_HEADERS + ["放款金额"]
    rows = [headers, good_row("HT-001", 到期日="2025/5/1") + [None], good_row("HT-002") + ["120,000.00"]]
    book = make_book(tmp_path / "b.xlsx", {"借款清单": rows})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert texts(report) == [
        "借款清单 第2行『到期日』：到期日不应早于借期起算日 2025-06-05（表格中为『2025/5/1』，导入为 2025-05-01）",
        "借款清单 第3行『放款金额』：实际出借金额合计 120000.00 元超过合同载明金额 100000.00 元（表格中为『120,000.00』）",
    ]


def test_multi_sheet_join_and_orphans(tmp_path, mapping_file):
    book = make_book(tmp_path / "b.xlsx", {
        "借款清单": [LOAN_HEADERS, good_row("HT-001"), good_row("HT-002")],
        "还款记录": [["合同编号", "还款日期", "还款金额"], ["HT-002", "2025/7/5", "500"], ["HT-001", "2025/7/5", "833.33"],
                     ["HT-001", "2025/8/5", "833.33"], ["HT-404", "2025/8/5", "1"]],
        "催收记录": [["合同编号", "联系时间", "方式", "内容"], ["HT-001", "2025/9/6 10:12", "短信", "提醒还款"]],
        "说明": [["随便写的说明"]],
    })
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert texts(report) == ["还款记录 第5行『合同编号』：『HT-404』在借款清单中不存在，这一行无法对应到任何借款"]
    one, two = load_case(tmp_path / "out" / "HT-001"), load_case(tmp_path / "out" / "HT-002")
    assert [r.amount for r in one.repayments] == [D("833.33"), D("833.33")] and [r.amount for r in two.repayments] == [D("500.00")]
    assert one.collection_log[0].content == "提醒还款" and not two.collection_log


def test_repaid_columns_are_checked_against_repayments(tmp_path, mapping_file):
    headers = LOAN_HEADERS + ["已还本金", "已还利息"]
    book = make_book(tmp_path / "b.xlsx", {
        "借款清单": [headers, good_row("HT-001") + ["0", "1,000.00"], good_row("HT-002") + ["5,000.00", "0"]],
        "还款记录": [["合同编号", "还款日期", "还款金额"], ["HT-001", "2025/7/5", "833.33"]],
    })
    report = import_cases(book, tmp_path / "out", mapping=mapping_file)
    assert texts(report) == [
        "借款清单 第2行『已还本金』：已还 1,000.00 元，与还款记录中 1 笔还款合计 833.33 元不一致",
        "借款清单 第3行『已还本金』：已还 5,000.00 元，但还款记录中没有这笔借款的还款；利息要按每笔还款的日期计算，请在还款记录表中逐笔填写还款日期和金额",
    ]


def test_strict_imports_nothing_when_a_row_is_wrong(tmp_path, mapping_file):
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(), good_row("HT-002", 放款日期="2025-13-01")]})
    report = import_cases(book, tmp_path / "out", mapping=mapping_file, strict=True)
    assert not report.cases and sorted(report.failed_keys) == ["HT-001", "HT-002"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [REPORT_JSON, REPORT_TEXT]
    # with every row right, strict imports them all
    ok = make_book(tmp_path / "ok.xlsx", {"借款清单": [LOAN_HEADERS, good_row(), good_row("HT-002")]})
    report = import_cases(ok, tmp_path / "out", mapping=mapping_file, strict=True)
    assert report.ok and [c.case_id for c in report.cases] == ["HT-001", "HT-002"]
    assert (tmp_path / "out" / "HT-002" / "case.json").is_file()


def test_dry_run_writes_nothing(tmp_path):
    out = tmp_path / "out"
    report = import_cases(WORKBOOK, out, mapping=WORKBOOK_MAP, dry_run=True)
    assert report.ok and len(report.cases) == 6 and {c.outcome for c in report.cases} == {"checked"}
    assert not out.exists()
    assert not any(p.name.startswith(".tmp-") for p in tmp_path.iterdir())


def test_computation_date_is_required_somewhere(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING.replace("computation_date = 2026-03-31\n", ""), encoding="utf-8")
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(), good_row("HT-002")]})
    report = import_cases(book, tmp_path / "out", mapping=mapping)
    assert not report.cases
    assert [t for t in texts(report) if "计算截止日" in t] == [
        "映射文件 [options] computation_date：没有计算截止日（暂计至）：请在映射文件 [options] 中填写 computation_date、"
        "在借款清单中加『计算截止日』列，或使用 --as-of"
    ]
    report = import_cases(book, tmp_path / "out", mapping=mapping, as_of=dt.date(2026, 3, 31))
    assert report.ok and load_case(tmp_path / "out" / "HT-001").computation_date == dt.date(2026, 3, 31)


def test_mapping_problems_name_the_mapping_file(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING.replace('uscc = "91110105MA01K7Q365"', 'uscc = "91110105MA01K7Q366"'), encoding="utf-8")
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row()]})
    report = import_cases(book, tmp_path / "out", mapping=mapping)
    assert texts(report) == [
        "映射文件 [case.creditor] uscc：统一社会信用代码无效：校验码错误：按 GB 32100 计算第18位应为 5（表格中为『91110105MA01K7Q366』）"
    ]


def test_bad_mapping_file_is_refused_with_every_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns.loans]\nkye = "借据号"\n[options]\nrestore_lost_x = "yes"\n[sheetz]\n', encoding="utf-8")
    with pytest.raises(MappingError) as exc:
        load_mapping(bad)
    joined = "；".join(exc.value.problems)
    assert "未知的字段 kye" in joined and "restore_lost_x 应为 true 或 false" in joined and "未知的表 [sheetz]" in joined
    broken = tmp_path / "broken.toml"
    broken.write_text("[options\n", encoding="utf-8")
    with pytest.raises(MappingError, match="不是有效的 TOML：第1行"):
        load_mapping(broken)


def test_mapping_names_other_headers_and_chinese_field_names(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING + '\n[columns.loans]\n"合同编号" = "借据号码"\ninterest_rate = { header = "执行利率", unit = "month" }\n', encoding="utf-8")
    headers = ["借据号码" if h == "合同编号" else "执行利率" if h == "年利率" else h for h in LOAN_HEADERS]
    book = make_book(tmp_path / "b.xlsx", {"Sheet1": [headers, good_row(年利率="1.2")]})
    report = import_cases(book, tmp_path / "out", mapping=mapping)
    assert report.ok, texts(report)
    case = load_case(tmp_path / "out" / "HT-001")
    assert (case.loan.interest.rate, case.loan.interest.unit) == (D("1.2"), "month")


# ---------------------------------------------------------------- evidence safety


def _evidence_book(tmp_path: Path, spec: str) -> Path:
    headers = LOAN_HEADERS + ["合同文件"]
    return make_book(tmp_path / "b.xlsx", {"借款清单": [headers, good_row() + [spec]]})


@pytest.fixture
def evidence_root(tmp_path: Path) -> Path:
    root = tmp_path / "ev"
    (root / "合同").mkdir(parents=True)
    (root / "合同" / "HT-001.pdf").write_bytes((SAMPLES / "evidence" / "contracts" / "XD-2025-0101-jiekuan-hetong.pdf").read_bytes())
    (tmp_path / "secret.pdf").write_bytes((root / "合同" / "HT-001.pdf").read_bytes())
    return root


@pytest.mark.parametrize(
    "spec, words",
    [
        ("../secret.pdf", "含有“..”"),
        ("/etc/passwd", "绝对路径"),
        ("合同/HT-999*.pdf", "找不到与『合同/HT-999*.pdf』匹配的文件"),
        ("合同/HT-999.pdf", "找不到文件"),
        ("link.pdf", "是符号链接"),
        ("linked/HT-001.pdf", "是符号链接"),
    ],
)
def test_evidence_outside_the_root_is_refused(tmp_path, mapping_file, evidence_root, spec, words):
    os.symlink(tmp_path / "secret.pdf", evidence_root / "link.pdf")
    os.symlink(evidence_root / "合同", evidence_root / "linked")
    report = import_cases(_evidence_book(tmp_path, spec), tmp_path / "out", mapping=mapping_file, evidence_root=evidence_root)
    (only,) = texts(report)
    assert only.startswith("借款清单 第2行『合同文件』：") and words in only
    assert not report.cases


def test_evidence_pattern_and_content_check(tmp_path, mapping_file, evidence_root):
    report = import_cases(_evidence_book(tmp_path, "合同/HT-001*.pdf"), tmp_path / "out", mapping=mapping_file, evidence_root=evidence_root)
    assert report.ok
    case = load_case(tmp_path / "out" / "HT-001")
    assert case.evidence[0].files == ["evidence/E1-HT-001.pdf"] and case.loan.evidence_ids == ["E1"]
    (evidence_root / "合同" / "HT-002.pdf").write_bytes(b"not a pdf at all")
    book = make_book(tmp_path / "c.xlsx", {"借款清单": [LOAN_HEADERS + ["合同文件"], good_row("HT-002") + ["合同/HT-002.pdf"]]})
    report = import_cases(book, tmp_path / "out2", mapping=mapping_file, evidence_root=evidence_root)
    assert texts(report) == ["借款清单 第2行『合同文件』：文件 HT-002.pdf：文件内容与扩展名 .pdf 不符"]


# ---------------------------------------------------------------- folders: atomic, protected


def test_hand_edited_case_is_not_overwritten(tmp_path, mapping_file):
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row()]})
    out = tmp_path / "out"
    import_cases(book, out, mapping=mapping_file)
    case_json = out / "HT-001" / "case.json"
    edited = case_json.read_text(encoding="utf-8").replace("北京市朝阳区某某路1号", "北京市朝阳区某某路2号")
    case_json.write_text(edited, encoding="utf-8")
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(借款金额="90,000.00")]})
    report = import_cases(book, out, mapping=mapping_file)
    assert "手工修改过" in texts(report)[0] and case_json.read_text(encoding="utf-8") == edited
    report = import_cases(book, out, mapping=mapping_file, overwrite=True)
    assert report.ok and report.cases[0].outcome == "updated"
    assert load_case(out / "HT-001").loan.face_principal == D("90000.00")
    marker = json.loads((out / "HT-001" / MARKER).read_text(encoding="utf-8"))
    assert marker["case_json_sha256"] == hashlib.sha256(case_json.read_bytes()).hexdigest()
    assert marker["sheet"] == "借款清单" and marker["row"] == 2


def test_a_failed_update_leaves_the_previous_folder_whole(tmp_path, mapping_file):
    out = tmp_path / "out"
    import_cases(make_book(tmp_path / "a.xlsx", {"借款清单": [LOAN_HEADERS, good_row()]}), out, mapping=mapping_file)
    before = tree_bytes(out / "HT-001")
    report = import_cases(make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(到期日="2025/5/1")]}), out,
                          mapping=mapping_file)
    assert not report.ok and tree_bytes(out / "HT-001") == before
    assert "仍是上次导入的内容" in "".join(report.remarks)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_case_ids_are_stable_and_valid():
    assert case_id_for("XD-2025-0101") == "XD-2025-0101"
    a, b = case_id_for("借2025第17号"), case_id_for("贷2025第17号")
    assert a != b and a == case_id_for("借2025第17号")
    assert a.startswith("2025-17-") and len(a) == len("2025-17-") + 8
    assert case_id_for("HT 2025/001", "Q-").startswith("Q-HT-2025-001-")


# ---------------------------------------------------------------- template and command line


def test_template_headers_are_recognised(tmp_path, mapping_file):
    path = write_template(tmp_path / "模板.xlsx")
    assert path.read_bytes() == write_template(tmp_path / "again.xlsx").read_bytes()  # deterministic
    wb = load_workbook(path)
    assert wb.sheetnames == ["借款清单", "还款记录", "催收记录", "保证人", "证据清单", "说明"]
    ws = wb["借款清单"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["合同编号", "合同名称", "签订日期"]
    idx = headers.index("身份证号") + 1
    assert ws.cell(row=2, column=idx).number_format == "@"  # text, so Excel keeps 18 digits and the X
    values = {"合同编号": "HT-T1", "借款人": "张某某", "身份证号": "110105198604172313", "住址": "北京市朝阳区某某路1号",
              "借款金额": "50000", "放款日期": "2025-06-05", "放款方式": "银行转账", "到期日": "2025-12-04", "年利率": "12%"}
    for col, header in enumerate(headers, start=1):
        if header in values:
            ws.cell(row=2, column=col, value=values[header])
    wb.save(path)
    report = import_cases(path, tmp_path / "out", mapping=mapping_file)
    assert report.ok, texts(report)
    assert load_case(tmp_path / "out" / "HT-T1").loan.interest.rate == D("12")
    skeleton = write_template(tmp_path / "映射.toml")
    assert load_mapping(skeleton).case["creditor"]["kind"] == "organization"


def test_cli_import_json_and_exit_codes(tmp_path, mapping_file):
    book = make_book(tmp_path / "b.xlsx", {"借款清单": [LOAN_HEADERS, good_row(), good_row("HT-002", 放款日期="2025-13-01")]})
    run = subprocess.run([str(CUISHOU), "import", str(book), "--out", str(tmp_path / "out"), "--mapping", str(mapping_file), "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert data["counts"]["imported"] == 1 and data["problems"][0]["text"].startswith("借款清单 第3行『放款日期』")
    assert data["problems"][0]["row"] == 3 and data["problems"][0]["column"] == "放款日期"
    ok = make_book(tmp_path / "ok.xlsx", {"借款清单": [LOAN_HEADERS, good_row()]})
    run = subprocess.run([str(CUISHOU), "import", str(ok), "--out", str(tmp_path / "out2"), "--mapping", str(mapping_file)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "导入成功 1 件" in run.stdout and "Traceback" not in run.stderr
    run = subprocess.run([str(CUISHOU), "import", str(tmp_path / "missing.xlsx"), "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert run.returncode == 2 and "找不到文件" in run.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("[optionz]\n", encoding="utf-8")
    run = subprocess.run([str(CUISHOU), "import", str(ok), "--out", str(tmp_path / "o"), "--mapping", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2 and "未知的表 [optionz]" in run.stdout
    run = subprocess.run([str(CUISHOU), "import", "--template", str(tmp_path / "t.xlsx")], capture_output=True, text=True)
    assert run.returncode == 0 and (tmp_path / "t.xlsx").is_file()


def test_old_xls_is_refused(tmp_path, mapping_file):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    from pipeline.intake import IntakeError

    with pytest.raises(IntakeError, match="另存为” .xlsx"):
        import_cases(path, tmp_path / "out", mapping=mapping_file)


def test_samples_are_generated_deterministically(tmp_path):
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_intake_samples", ROOT / "tools" / "make_intake_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_intake_samples", module)
    spec.loader.exec_module(module)
    module.write_samples(tmp_path / "s")
    for rel in ("collections.xlsx", "collections.toml", "core-export-gbk.csv", "core-export.toml"):
        assert (tmp_path / "s" / rel).read_bytes() == (SAMPLES / rel).read_bytes(), rel


def test_worker_processes_give_the_same_result(tmp_path, mapping_file):
    # 600 loans: enough for the worker pool (it starts from 2 × 250 rows); one bad row to report
    rows = [LOAN_HEADERS] + [good_row(f"HT-{i:04d}", 借款人=f"借款人{i}号", 借款金额=f"{10000 + i}.00") for i in range(600)]
    rows[300] = good_row("HT-0299x", 放款日期="2025-13-01")
    book = make_book(tmp_path / "b.xlsx", {"借款清单": rows})
    one = import_cases(book, tmp_path / "one", mapping=mapping_file, jobs=1)
    two = import_cases(book, tmp_path / "two", mapping=mapping_file, jobs=2)
    assert len(one.cases) == 599 and texts(one) == ["借款清单 第301行『放款日期』：『2025-13-01』不是有效日期（没有13月）"]
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
