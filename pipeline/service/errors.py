"""Errors of the HTTP service: a stable English code, an HTTP status and a Chinese message.

Every error response has the same JSON shape::

    {"error": {"code": "archive_unsafe_path", "message": "压缩包中的路径……", "problems": [...]}}

``code`` is stable (integrators branch on it); ``message`` is for people; ``problems`` is
present for case data problems (the same objects as ``cuishou validate --json``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["ApiError", "ERROR_CODES", "error_body"]

#: Every code the service returns, with its HTTP status and meaning (published in the README and OpenAPI).
ERROR_CODES: dict[str, tuple[int, str]] = {
    "unauthorized": (401, "缺少或无效的访问令牌（Authorization: Bearer …）"),
    "not_found": (404, "没有这个地址"),
    "job_not_found": (404, "没有这个任务"),
    "file_not_found": (404, "任务的清单中没有这个文件"),
    "method_not_allowed": (405, "该地址不支持这种请求方法"),
    "idempotency_conflict": (409, "同一个 Idempotency-Key 已用于内容不同的提交"),
    "job_not_finished": (409, "任务尚未完成，结果还不能下载"),
    "job_failed": (409, "任务失败，没有结果可下载"),
    "payload_too_large": (413, "上传内容超过大小上限"),
    "too_many_files": (413, "文件数量超过上限"),
    "archive_bomb": (413, "压缩包解压后过大或压缩比异常（疑似压缩炸弹）"),
    "unsupported_media_type": (415, "不支持的 Content-Type"),
    "bad_request": (400, "请求格式有误"),
    "upload_invalid": (400, "上传内容不完整或与 case.json 不符"),
    "archive_invalid": (400, "不是有效的 zip 压缩包"),
    "archive_unsafe_path": (400, "压缩包或上传文件名中有绝对路径、“..”或非法字符"),
    "archive_link": (400, "压缩包中有符号链接或特殊文件"),
    "archive_encrypted": (400, "压缩包中有加密的文件"),
    "invalid_case": (422, "案件数据有误（problems 列出每个问题的 JSON 路径、当前值和要求）"),
    "invalid_parameter": (422, "请求参数有误"),
    "internal_error": (500, "服务内部错误"),
}


class ApiError(Exception):
    """An error answered as JSON: ``ApiError("job_not_found", "没有任务 …")``."""

    def __init__(self, code: str, message: str, *, problems: list[dict[str, Any]] | None = None, status: int | None = None):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.status = status or ERROR_CODES[code][0]
        self.message = message
        self.problems = problems
        super().__init__(message)

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.problems)


def error_body(code: str, message: str, problems: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if problems is not None:
        err["problems"] = problems
    return {"error": err}
