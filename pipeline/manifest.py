"""``manifest.json``: what a case build produced, for document-management systems.

Keys and enum values are English so a system can index them without reading
Chinese; display texts (names, titles, reasons) are Chinese. The shape is
versioned and published as ``schemas/manifest.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import schemas

MANIFEST_VERSION = "1"

__all__ = ["Manifest", "DocumentEntry", "EvidenceEntry", "PartyEntry", "TextLintEntry", "EditedEntry", "HeldBackEntry", "MANIFEST_VERSION"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartyEntry(_M):
    role: Literal["creditor", "debtor", "guarantor"] = Field(description="当事人角色")
    name: str = Field(description="姓名或名称")
    kind: Literal["person", "organization"] = Field(description="自然人或组织")


class DocumentEntry(_M):
    date: str | None = Field(default=None, description="文书落款日期（按案件阶段：已发出的函件不重新出具，后续文书落款为前一份函件付款期限届满后）")
    kind: str = Field(description="文书类型，如 demand_letter、lawyer_letter、instalment_agreement、payment_order、complaint、interest_statement（利息计算明细）、evidence_bundle")
    title: str = Field(description="文书中文名称")
    file: str = Field(description="相对案件输出文件夹的文件名")
    media_type: str = Field(description="MIME 类型")
    sha256: str
    bytes: int
    pages: int | None = Field(default=None, description="页数（已知时）")
    letter_no: str | None = Field(default=None, description="函号（律师函、律师事务所函；由函号登记簿分配，不重复）")
    template: TemplateEntry | None = Field(default=None, description="生成该文书所用的模板（也写入 Word 文档属性“备注”）")


class TemplateEntry(_M):
    source: Literal["builtin", "firm"] = Field(description="builtin 内置模板；firm 律所模板（--templates）")
    file: str = Field(description="模板文件名")
    sha256: str = Field(description="模板文件的 sha256")


class EvidenceEntry(_M):
    id: str
    number: int = Field(description="证据序号（证据1、证据2…）")
    title: str
    files: list[str]
    first_page: int | None = None
    last_page: int | None = None
    volume: int | None = None


class FindingEntry(_M):
    rule_id: str
    title: str | None = Field(default=None, description="规则名称")
    severity: Literal["block", "warn"]
    where: str
    text: str
    basis: str
    suggestion: str


class TextLintEntry(_M):
    """A finding of the text lint (pipeline/render/textlint.py) in a generated document."""

    rule: Literal["identifier", "cli_flag", "placeholder", "court_province", "no_date"] = Field(
        description="identifier 程序标识符或英文代码；cli_flag 命令行参数；placeholder 占位符、空值或待填写的空白；"
        "court_province 法院名称缺少省名；no_date 没有落款日期"
    )
    file: str = Field(description="相对案件输出文件夹的文件名")
    paragraph: int | None = Field(default=None, description="第几段（按文书正文文字顺序，表格单元格计入）")
    text: str = Field(description="有问题的文字")
    message: str = Field(description="中文说明")


class EditedEntry(_M):
    """A file in the case folder whose bytes differ from what the program generated there: kept as it is
    (docs/edits.md). The new generated version, when there is one, is written beside it (``new_version``)."""

    file: str = Field(description="被人工修改的文件（相对案件输出文件夹），原样保留")
    kind: str | None = Field(default=None, description="原文书类型（不是本程序生成的文件时为空）")
    title: str | None = Field(default=None, description="原文书中文名称")
    generated_sha256: str | None = Field(default=None, description="本程序当初生成的版本的 sha256（不是本程序生成的文件时为空）")
    sha256: str = Field(description="保留的（修改后的）文件的 sha256")
    bytes: int
    new_version: str | None = Field(default=None, description="本次新生成的版本的文件名（写在原文件旁边）；本次未生成该文书时为空")


class ProblemEntry(_M):
    path: str = Field(description="case.json 中的字段路径")
    message: str = Field(description="中文说明")
    value: str | None = Field(default=None, description="当前值")
    code: str | None = Field(default=None, description="稳定代码（docs/codes.md）")


class NoticeEntry(_M):
    code: str = Field(description="稳定代码（docs/codes.md）")
    text: str = Field(description="中文说明（与 warnings 中同一条相同）")


class HeldBackEntry(_M):
    """A document not built because data it needs has a problem (pipeline/partial.py, needs.toml)."""

    kind: str = Field(description="文书类型（同 --only；另有 efiling 网上立案材料）")
    title: str = Field(description="文书中文名称")
    problems: list[ProblemEntry] = Field(description="使该文书无法生成的案件数据问题")


class FactEntry(_M):
    date: str
    text: str = Field(description="中文说明")
    source: str = Field(description="case.json 中的出处（字段路径）")


class StageEntry(_M):
    """Where the case stands on ``as_of`` (pipeline/stage; docs/stage.md)."""

    stage: Literal[
        "not_started", "reminded", "demanded", "lawyer_letter_sent", "negotiating", "instalments_performing",
        "instalment_overdue", "instalments_accelerable", "instalments_accelerated", "ready_to_file", "filed", "settled",
    ] = Field(description="阶段代码")
    label: str = Field(description="阶段中文名称，如：分期履行中")
    as_of: str = Field(description="判断阶段所依据的日期（--as-of，默认计算截止日）")
    facts: list[FactEntry] = Field(description="使案件处于该阶段的事实及日期")
    warnings: list[str] = Field(default_factory=list)


class NextActionEntry(_M):
    action: str = Field(description="下一步做什么（中文）")
    due: str = Field(description="日期：在该日（之前）完成，或自该日起可以进行")
    document: str | None = Field(default=None, description="所用文书的类型（同 --only），无文书时为空")
    basis: str = Field(description="法律依据或协议条款")


class ProcedureEntry(_M):
    kind: Literal["payment_order", "complaint"]
    title: str
    court: str | None
    court_basis: str
    court_needs_naming: str | None = None
    reasons: list[str]


class FeeLineEntry(_M):
    label: str = Field(description="费用名称，如：案件受理费（减半交纳）、申请支付令费用")
    amount: str = Field(description="金额（元）")
    working: str = Field(description="计算过程与依据")


class ClaimTotals(_M):
    as_of: str
    currency: Literal["CNY"] = "CNY"
    principal: str
    interest: str
    penalty: str
    fees: str
    total: str
    total_words: str
    court_fee: str | None = Field(default=None, description="所选程序应交的费用：支付令为申请费（受理费的1/3），起诉为（减半后的）案件受理费")
    fee_lines: list[FeeLineEntry] = Field(default_factory=list, description="全部费用项及计算过程")
    limitation_status: str | None = None
    limitation_last_day: str | None = None


class Manifest(_M):
    manifest_version: Literal["1"] = MANIFEST_VERSION
    program: str = "cuishou"
    program_version: str
    case_id: str
    input_digest: str = Field(description="输入摘要：case.json、证据文件、模板、数据表、程序版本、构建选项的 sha256")
    cause: str = Field(description="案由")
    parties: list[PartyEntry]
    procedure: ProcedureEntry
    claim: ClaimTotals
    stage: StageEntry | None = Field(default=None, description="案件所处阶段")
    next_action: NextActionEntry | None = Field(default=None, description="下一步行动、日期与依据")
    documents: list[DocumentEntry]
    evidence: list[EvidenceEntry]
    findings: list[FindingEntry] = Field(default_factory=list)
    skipped_documents: list[dict[str, str]] = Field(default_factory=list, description="本次未生成的文书及原因：按案件阶段不需要（已发出、协议履行中、所选程序为另一种等），或因合规问题暂不生成")
    reminders: list[dict[str, Any]] = Field(default_factory=list, description="提醒短信：阶段、内容、字数、条数")
    warnings: list[str] = Field(default_factory=list)
    text_lint: list[TextLintEntry] = Field(
        default_factory=list, description="文书文字检查的发现（每条也以中文写入 warnings）：文书照常生成，须人工处理"
    )
    edited: list[EditedEntry] = Field(
        default_factory=list, description="已被人工修改、原样保留的文件（新生成的版本见 new_version）"
    )
    notices: list[NoticeEntry] = Field(
        default_factory=list, description="warnings 的每一条及其稳定代码（顺序相同），供文档系统筛选、分派"
    )
    held_back: list[HeldBackEntry] = Field(
        default_factory=list, description="因所需数据有问题而暂不生成的文书及问题（部分生成；其余文书照常生成）"
    )
    carried_over: list[str] = Field(
        default_factory=list, description="本次未重新生成（--only 未选中）、原样保留的上次生成的文件"
    )

    def to_json_bytes(self) -> bytes:
        data = self.model_dump(mode="json")
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _manifest_schema() -> dict[str, Any]:
    schema = Manifest.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cuishou.invalid/schemas/manifest.schema.json"
    return schema


schemas.register("manifest", _manifest_schema)
