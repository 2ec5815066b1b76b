"""Small case builder shared by the claim tests (tests/conftest.py belongs to another contributor).

``make_case(overrides)`` deep-merges ``overrides`` into a minimal valid private-lending case
(natural persons, 100,000 delivered on 2022-07-11, due 2023-07-10, 14.6 %/year agreed) and
validates it with :func:`pipeline.case.parse_case`. A value of ``DROP`` removes a key.
"""

from __future__ import annotations

import copy
from typing import Any

from pipeline.case import parse_case
from pipeline.case.models import Case

DROP = object()

PERSON_CREDITOR = {"kind": "person", "name": "张三", "domicile": "北京市朝阳区建国路1号"}
PERSON_DEBTOR = {"kind": "person", "name": "李四", "domicile": "北京市海淀区中关村大街2号"}
COMPANY = {
    "kind": "organization",
    "name": "某某商贸有限公司",
    "domicile": "上海市浦东新区世纪大道3号",
    "representative": "王五",
    "representative_title": "执行董事",
}
BANK = {
    "kind": "organization",
    "name": "某某银行股份有限公司北京分行",
    "domicile": "北京市西城区金融大街4号",
    "representative": "赵六",
    "representative_title": "行长",
}


def base_case() -> dict[str, Any]:
    return {
        "schema_version": "1",
        "case_id": "T-1",
        "creditor": dict(PERSON_CREDITOR),
        "debtors": [dict(PERSON_DEBTOR)],
        "lender_category": "natural_person",
        "loan": {
            "face_principal": "100000",
            "disbursements": [{"date": "2022-07-11", "amount": "100000", "method": "bank_transfer"}],
            "due_date": "2023-07-10",
            "interest": {"kind": "agreed", "rate": "14.6"},
        },
        "computation_date": "2024-07-10",
    }


def _merge(dst: dict[str, Any], src: dict[str, Any]) -> None:
    for k, v in src.items():
        if v is DROP:
            dst.pop(k, None)
        elif isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge(dst[k], v)
        else:
            dst[k] = copy.deepcopy(v)


def make_case(overrides: dict[str, Any] | None = None) -> Case:
    data = base_case()
    _merge(data, overrides or {})
    return parse_case(data)


def test_builder_gives_a_valid_case_and_merges_deeply():
    case = make_case({"loan": {"interest": {"rate": "12"}}, "debtors": [dict(COMPANY)]})
    assert str(case.loan.interest.rate) == "12"
    assert case.loan.face_principal == 100000  # untouched sibling key kept
    assert case.debtors[0].name == "某某商贸有限公司"
