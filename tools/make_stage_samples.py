#!/usr/bin/env python3
"""Derive cases at the other rungs of the collection ladder from the committed sample cases.

sample_cases/ holds four real-looking cases (01 performing an agreement, 02 ready to file, 03 and
04 demanded). This script copies them (evidence bytes unchanged) and edits only the record of
what happened, so that ``make demo`` shows every stage of pipeline/stage in one batch and one
overview page: 未催收, 已提醒, 已发律师函, 协商中, 分期逾期（宽限期内）, 已宣布加速到期, 已立案,
已结清. Every edit is a fact a collections team would record; nothing here is computed.

    python tools/make_stage_samples.py [--out out/stage-cases]
    python tools/make_stage_samples.py --profile-demo [--out out/profile-cases]

``--profile-demo`` writes three cases of one creditor and one firm (sample 01 on three dates)
whose case.json hold only the debtor, the loan and the history; the creditor's and the firm's
details are in ``creditor-profile.toml`` and ``firm-profile.toml`` in the batch root
(pipeline/profile.py).
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_cases"
sys.path.insert(0, str(ROOT))

from pipeline.case.load import read_case_json  # noqa: E402


def _dump_json() -> Callable[[Any], str]:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_samples", module)
    spec.loader.exec_module(module)
    return module.dump_json


def _not_started(c: dict[str, Any]) -> None:
    c["collection_log"] = []


def _reminded(c: dict[str, Any]) -> None:
    # only the WeChat and phone reminders; no letter has been sent yet
    c["collection_log"] = [x for x in c["collection_log"] if not x.get("document")]


def _lawyer_letter_sent(c: dict[str, Any]) -> None:
    lawyer = c["lawyer"]
    c["collection_log"].append({
        "at": "2026-03-25T10:00:00+08:00", "channel": "lawyer_letter", "counterpart": c["debtors"][0]["name"],
        "relation": "debtor", "content": "律师函，EMS寄送借款人住所，已签收", "delivered": True,
        "document": "lawyer_letter", "letter_no": f"{lawyer['letter_prefix']}第{lawyer['letter_serial']:03d}号",
        "deadline": "2026-04-08",
    })


def _negotiating(c: dict[str, Any]) -> None:
    # the terms are agreed in principle (instalment_terms) but nothing is signed yet
    del c["agreement"]


def _instalment_overdue(c: dict[str, Any]) -> None:
    c["computation_date"] = "2026-04-20"  # instalment 1 (due 2026-04-15) unpaid, within the 10 grace days


def _accelerated(c: dict[str, Any]) -> None:
    c["computation_date"] = "2026-05-10"
    c["agreement"]["accelerated_on"] = "2026-04-28"
    c["collection_log"].append({
        "at": "2026-04-28T10:00:00+08:00", "channel": "letter", "counterpart": c["debtors"][0]["name"],
        "relation": "debtor", "content": "提前到期通知：第1期逾期超过宽限期，按协议第五条剩余债务全部到期，EMS寄送",
        "delivered": True, "document": "acceleration_notice",
    })


def _filed(c: dict[str, Any]) -> None:
    c["filings"] = [{
        "kind": "payment_order", "court": "广东省广州市海珠区人民法院", "case_no": "（2026）粤0105民督12号",
        "filed_on": "2026-01-05", "accepted_on": "2026-01-08", "status": "order_effective",
        "decided_on": "2026-01-12", "effective_on": "2026-02-05", "amount_claimed": Decimal("30000.00"),
        "amount_awarded": Decimal("30000.00"),
    }]


def _settled(c: dict[str, Any]) -> None:
    c["repayments"] = [{"date": "2026-03-20", "amount": Decimal("30000.00"), "evidence_ids": []}]


def _filed_part_paid(c: dict[str, Any]) -> None:
    c["filings"] = [{
        "kind": "lawsuit", "court": "重庆市渝北区人民法院", "case_no": "（2026）渝0112民初1234号",
        "filed_on": "2026-02-10", "accepted_on": "2026-02-15", "status": "accepted",
    }]
    c["repayments"] = c["repayments"] + [{"date": "2026-03-10", "amount": Decimal("10000.00"), "evidence_ids": ["E5"]}]


def _paid_during_payment_order(c: dict[str, Any]) -> None:
    c["filings"] = [{
        "kind": "payment_order", "court": "广东省广州市海珠区人民法院", "case_no": "（2026）粤0105民督20号",
        "filed_on": "2026-03-02", "accepted_on": "2026-03-05", "status": "order_issued", "decided_on": "2026-03-09",
        "amount_claimed": Decimal("30000.00"),
    }]
    c["repayments"] = [{"date": "2026-03-20", "amount": Decimal("30000.00"), "evidence_ids": []}]


def _guarantee_not_yet_asked(c: dict[str, Any]) -> None:
    c["collection_log"] = [x for x in c["collection_log"] if x.get("document") != "guarantee_notice"]


#: (folder, source sample, edit): one case per rung the four samples do not already show.
VARIANTS: tuple[tuple[str, str, Callable[[dict[str, Any]], None]], ...] = (
    ("05-not-started", "02-iou-no-interest", _not_started),
    ("06-reminded", "02-iou-no-interest", _reminded),
    ("07-lawyer-letter-sent", "03-consumer-finance-guarantor", _lawyer_letter_sent),
    ("08-negotiating", "01-company-loan-instalments", _negotiating),
    ("09-instalment-overdue", "01-company-loan-instalments", _instalment_overdue),
    ("10-accelerated", "01-company-loan-instalments", _accelerated),
    ("11-payment-order-effective", "02-iou-no-interest", _filed),
    ("12-settled", "02-iou-no-interest", _settled),
    ("13-filed-part-paid", "03-consumer-finance-guarantor", _filed_part_paid),
    ("14-paid-during-payment-order", "02-iou-no-interest", _paid_during_payment_order),
    ("15-guarantor-not-yet-asked", "03-consumer-finance-guarantor", _guarantee_not_yet_asked),
)


def write_stage_samples(out: Path) -> list[Path]:
    """Write each variant case folder under ``out`` (replacing an earlier one); return the folders."""
    dump_json = _dump_json()
    folders = []
    for name, source, edit in VARIANTS:
        src = SAMPLES / source
        dst = out / name
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("case.json"))
        case = copy.deepcopy(read_case_json((src / "case.json").read_text(encoding="utf-8")))
        case["case_id"] = name
        edit(case)
        (dst / "case.json").write_text(dump_json(case), encoding="utf-8")
        folders.append(dst)
    return folders


#: Sections moved out of the demo cases: into the creditor's profile, and into the firm's.
CREDITOR_SECTIONS = ("creditor", "creditor_account", "creditor_service", "lender_category")
FIRM_SECTIONS = ("lawyer",)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a TOML basic string is a JSON string


def _toml(sections: dict[str, Any], title: str) -> str:
    lines = [f"# {title}（由 tools/make_stage_samples.py --profile-demo 生成）", ""]
    for key, value in sections.items():
        if isinstance(value, dict):
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    for key, value in sections.items():
        if not isinstance(value, dict):
            continue
        lines += ["", f"[{key}]"] + [f"{k} = {_toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def write_profile_demo(out: Path) -> list[Path]:
    """Sample 01 as of its computation date, in grace and after acceleration, with the creditor's and
    the firm's details moved into the two profiles of the batch root; return the case folders."""
    dump_json = _dump_json()
    src = SAMPLES / "01-company-loan-instalments"
    base = read_case_json((src / "case.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "creditor-profile.toml").write_text(
        _toml({k: base[k] for k in CREDITOR_SECTIONS if k in base}, "债权人档案"), encoding="utf-8")
    (out / "firm-profile.toml").write_text(
        _toml({k: base[k] for k in FIRM_SECTIONS if k in base}, "律所档案"), encoding="utf-8")
    folders = []
    for name, edit in (("P1-performing", None), ("P2-instalment-overdue", _instalment_overdue), ("P3-accelerated", _accelerated)):
        dst = out / name
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("case.json"))
        case = copy.deepcopy(base)
        case["case_id"] = name
        if edit is not None:
            edit(case)
        for k in CREDITOR_SECTIONS + FIRM_SECTIONS:
            case.pop(k, None)
        (dst / "case.json").write_text(dump_json(case), encoding="utf-8")
        folders.append(dst)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从示例案件派生处于催收各阶段的案件")
    parser.add_argument("--out", type=Path, help="输出目录（默认 out/stage-cases/，--profile-demo 时 out/profile-cases/）")
    parser.add_argument("--profile-demo", action="store_true", help="生成使用债权人档案和律所档案的一批案件")
    args = parser.parse_args(argv)
    if args.profile_demo:
        out = args.out or ROOT / "out" / "profile-cases"
        folders = write_profile_demo(out)
        print(f"已生成 {len(folders)} 个使用档案的案件及 creditor-profile.toml、firm-profile.toml，输出到 {out}")
        return 0
    out = args.out or ROOT / "out" / "stage-cases"
    folders = write_stage_samples(out)
    print(f"已生成 {len(folders)} 个阶段示例案件，输出到 {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
