"""Response shapes of the HTTP service (published in the OpenAPI document, with Chinese descriptions)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "ErrorOut",
    "HealthOut",
    "ValidateOut",
    "ProgressOut",
    "FileLink",
    "JobOut",
    "SubmitOut",
    "JobSummary",
    "JobListOut",
]


class ProblemOut(BaseModel):
    path: str = Field(description="问题所在的 JSON 路径，如 loan.disbursements[0].amount")
    message: str = Field(description="问题及要求（中文）")
    value: str | None = Field(default=None, description="当前值")
    code: str | None = Field(default=None, description="问题的稳定代码（docs/codes.md），如 E_FILE_MISSING")


class ErrorDetail(BaseModel):
    code: str = Field(description="稳定的英文错误代码，供程序判断（见 README 的错误代码表）")
    message: str = Field(description="中文说明")
    problems: list[ProblemOut] | None = Field(default=None, description="案件数据问题（与 cuishou validate --json 相同）")


class ErrorOut(BaseModel):
    error: ErrorDetail


class HealthOut(BaseModel):
    status: Literal["ok"] = Field(description="服务正常")
    program: str = "cuishou"
    version: str = Field(description="程序版本")


class ValidateOut(BaseModel):
    valid: bool = Field(description="除尚未上传的证据文件外，案件数据是否有效")
    case_id: str | None = Field(default=None, description="案件编号（有效时）")
    problems: list[ProblemOut] = Field(description="全部问题，与 cuishou validate --json 相同（JSON 路径、说明、当前值）")
    evidence_files: list[str] = Field(description="提交任务时需要一并上传的证据文件（相对案件文件夹的路径）")


class ProgressOut(BaseModel):
    stage: Literal["queued", "preparing", "building", "committing", "done"] = Field(description="当前阶段")
    stage_title: str = Field(description="阶段中文名：排队中、准备中、正在生成文书、正在保存结果、已结束")
    step: int = Field(description="第几步（1—5）")
    steps: int = Field(description="总步数（5）")
    queue_position: int | None = Field(default=None, description="排队中时：前面还有几个任务（含本任务为第 N 个）")


class FileLink(BaseModel):
    name: str = Field(description="清单中的文件名（相对案件输出文件夹）")
    kind: str = Field(description="文书类型")
    title: str = Field(description="文书中文名称")
    media_type: str
    sha256: str
    bytes: int
    url: str = Field(description="下载地址（已做百分号编码）")


class EventOut(BaseModel):
    at: str = Field(description="时间（北京时间，ISO 8601）")
    event: str = Field(description="submitted 已提交 / started 开始生成 / requeued 重新排队 / completed 完成 / failed 失败")
    attempt: int = Field(description="第几次尝试")
    detail: str | None = None


class DeliveryOut(BaseModel):
    event: str = Field(description="job.succeeded 或 job.failed")
    status: Literal["pending", "delivered", "failed"] = Field(description="待发送（含等待重试）/ 已送达 / 已放弃")
    attempts: int
    last_error: str | None = None
    delivered_at: str | None = None


class JobOut(BaseModel):
    id: str = Field(description="任务编号")
    case_id: str = Field(description="案件编号")
    status: Literal["queued", "running", "succeeded", "failed"] = Field(description="排队中 / 生成中 / 已完成 / 失败")
    progress: ProgressOut
    input_digest: str = Field(description="输入摘要（与 manifest.json 的 input_digest 相同）；相同输入的提交返回同一任务")
    options: dict[str, Any] = Field(description="生成选项")
    attempts: int = Field(description="已开始生成的次数（服务重启或工作进程退出后会重新开始，但只完成一次）")
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    error: ErrorDetail | None = Field(default=None, description="失败原因（失败时）")
    manifest_url: str | None = Field(default=None, description="清单下载地址（完成时）")
    claim_url: str | None = Field(default=None, description="债权计算结果（cuishou calc --json）地址（完成时）")
    checks_url: str | None = Field(default=None, description="合规检查结果（cuishou check --json）地址（完成时）")
    files: list[FileLink] = Field(default_factory=list, description="全部输出文件（完成时）")
    history: list[EventOut] = Field(default_factory=list, description="任务经过")
    webhook: list[DeliveryOut] = Field(default_factory=list, description="回调发送情况（设置了回调地址时）")


class SubmitOut(JobOut):
    created: bool = Field(description="true：新建的任务（202）；false：相同输入或相同 Idempotency-Key 的已有任务（200）")


class JobSummary(BaseModel):
    id: str
    case_id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    stage: str
    created_at: str
    finished_at: str | None = None


class JobListOut(BaseModel):
    jobs: list[JobSummary] = Field(description="按提交时间从新到旧")
    next_before: int | None = Field(default=None, description="下一页：把它作为 before 参数再请求一次；没有更多时为空")
