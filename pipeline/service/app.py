"""The HTTP application: routes, authentication, request limits and error answers.

Every answer is JSON (downloads aside); every error has a stable English ``code`` and a Chinese
``message`` (see :mod:`.errors`). Everything but ``/healthz`` and the OpenAPI document
(``/openapi.json``, ``/docs``) needs ``Authorization: Bearer <token>`` when a token is set.
"""

# (no "from __future__ import annotations": FastAPI resolves the closures' annotations at runtime)

import functools
import hmac
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._version import __version__
from .config import ServiceConfig
from .errors import ERROR_CODES, ApiError, error_body
from .models import ErrorOut, HealthOut, JobListOut, JobOut, SubmitOut, ValidateOut
from .options import build_options, job_options
from .runtime import Runtime
from ..case.files import is_file_path, raw_case_files
from .uploads import extract_zip, safe_name, write_stream

__all__ = ["create_app"]

log = logging.getLogger("cuishou.service")

ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")

_STAGES = {
    "queued": (1, "排队中"),
    "preparing": (2, "准备中"),
    "building": (3, "正在生成文书"),
    "committing": (4, "正在保存结果"),
    "done": (5, "已结束"),
}

DESCRIPTION = """\
**cuishou 催收文书服务**：文档管理系统、案件管理系统通过 HTTP 提交逾期借款案件（`case.json` 加证据文件），
取回与 `cuishou build` 逐字节相同的文书、证据材料和 `manifest.json`。

* **认证**：除 `/healthz` 和本文档外，每个请求都要带 `Authorization: Bearer <令牌>`。
* **提交**：`POST /v1/jobs`，multipart（`case` 为 case.json，`file` 为证据文件，可重复）或整个案件文件夹的 zip
  （`Content-Type: application/zip`，或 multipart 的 `archive` 部分）。返回任务编号；由后台工作进程生成。
* **幂等**：相同输入（输入摘要相同）返回已有任务，不会重复生成；也可带 `Idempotency-Key` 头。
* **结果**：轮询 `GET /v1/jobs/{id}`，完成后下载 `manifest` 和清单中的每个文件。
* **回调**：设置回调地址后，任务结束时 POST 结果，带 `X-Cuishou-Signature: sha256=<HMAC-SHA256>` 签名头。
* **错误**：JSON `{"error": {"code": "…", "message": "中文说明", "problems": […]}}`，`code` 稳定不变。
"""

TAGS = [
    {"name": "案件", "description": "校验案件数据、计算债权、合规检查（不保存任何内容）"},
    {"name": "任务", "description": "提交案件生成文书，查询进度，下载结果"},
    {"name": "服务", "description": "健康检查"},
]


def _err_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {}
    for status in codes:
        names = sorted(c for c, (s, _) in ERROR_CODES.items() if s == status)
        out[status] = {"model": ErrorOut, "description": "；".join(f"`{n}` {ERROR_CODES[n][1]}" for n in names)}
    return out


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes: at once by Content-Length, or when the count passes it.

    A client that sends its body without waiting for an answer (no ``Expect: 100-continue``)
    would see a reset connection instead of the 413 if we stopped reading; so up to
    ``DRAIN_BYTES`` of the rest is read and thrown away before answering. Nothing is stored.
    """

    DRAIN_BYTES = 64 * 1024 * 1024

    def __init__(self, app: Any, limit: int):
        self.app = app
        self.limit = limit

    async def _drain(self, receive: Any, already: int) -> None:
        budget = self.DRAIN_BYTES
        while budget > 0:
            message = await receive()
            if message["type"] != "http.request":
                return
            budget -= len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = ApiError("payload_too_large", f"上传内容超过上限 {self.limit // (1024 * 1024)} MB；未保存任何文件")
        if length is not None and length.isdigit() and int(length) > self.limit:
            if headers.get(b"expect", b"").lower() != b"100-continue" and int(length) <= self.limit + self.DRAIN_BYTES:
                await self._drain(receive, 0)
            await JSONResponse(too_big.body(), status_code=413, headers={"Connection": "close"})(scope, receive, send)
            return
        seen = 0

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if message.get("more_body", False):
                        await self._drain(receive, seen)
                    raise too_big
            return message

        await self.app(scope, limited, send)


class ServerTiming:
    """Add ``Server-Timing: app;dur=<ms>`` (time from request to response headers) to every answer."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()

        async def timed(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                dur = f"app;dur={(time.perf_counter() - t0) * 1000:.2f}".encode()
                message = {**message, "headers": [*message.get("headers", []), (b"server-timing", dur)]}
            await send(message)

        await self.app(scope, receive, timed)


def _problems(exc: Any) -> list[dict[str, Any]]:
    return [p.to_dict() for p in exc.problems]


def _case_from_body(body: bytes, scratch: Path) -> tuple[Any, list[dict[str, Any]], list[str]]:
    """Validate a case.json body exactly as ``cuishou validate`` does for a folder holding only it.

    Returns ``(case or None, problems, evidence files named)``; a named evidence file that is
    merely absent is not a problem here (it is uploaded with the submission).
    """
    from ..case import CaseError, load_case, parse_case, read_case_json

    folder = scratch / "case"
    folder.mkdir()
    (folder / "case.json").write_bytes(body)
    try:
        data = read_case_json(body.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    named = raw_case_files(data)
    try:
        return load_case(folder), [], named
    except CaseError as exc:
        problems = [
            p for p in exc.problems if not (p.message == "文件不存在" and is_file_path(p.path))
        ]
        if problems:
            return None, [p.to_dict() for p in problems], named
    return parse_case(data), [], named


def create_app(config: ServiceConfig, runtime: Runtime | None = None) -> FastAPI:
    """The ASGI application of ``cuishou serve`` (start it with :func:`pipeline.service.serve`, or any ASGI server)."""
    rt = runtime or Runtime(config)
    limits = config.limits
    layout = rt.layout
    store = rt.store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt.start()
        try:
            yield
        finally:
            await rt.stop()

    app = FastAPI(
        title="cuishou 催收文书服务",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.runtime = rt
    app.add_middleware(BodyLimit, limit=limits.max_upload_bytes)
    app.add_middleware(ServerTiming)

    # ------------------------------------------------------------------ errors

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Bearer realm="cuishou"'} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            body = error_body("not_found", f"没有这个地址：{request.url.path}")
        elif exc.status_code == 405:
            body = error_body("method_not_allowed", f"地址 {request.url.path} 不支持 {request.method} 请求")
        else:
            body = error_body("bad_request", f"请求格式有误（{exc.detail}）")
        return JSONResponse(body, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _param_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        from ..case.load import _translate

        problems = []
        for e in exc.errors():
            loc = [p for p in e.get("loc", ()) if p not in ("query", "header", "path", "body")]
            problems.append(_translate({**e, "loc": tuple(loc)}).to_dict())
        text = "；".join(f"参数 {p['path']}：{p['message']}" + (f"（收到 {p['value']}）" if p["value"] else "") for p in problems)
        return JSONResponse(error_body("invalid_parameter", text or "请求参数有误", problems), status_code=422)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal_error", "服务内部错误，详情见服务日志"), status_code=500)

    # ------------------------------------------------------------------ auth

    bearer = HTTPBearer(auto_error=False, description="访问令牌（环境变量 CUISHOU_TOKEN 或 --token-file 设置的值）")

    def authorize(cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if config.token is None:
            return
        given = cred.credentials if cred is not None and cred.scheme.lower() == "bearer" else ""
        if not given or not hmac.compare_digest(given.encode(), config.token.encode()):
            what = "缺少访问令牌" if not given else "访问令牌无效"
            raise ApiError("unauthorized", f"{what}：请在请求头中加入 Authorization: Bearer <令牌>")

    auth = [Depends(authorize)]

    # ------------------------------------------------------------------ job views

    @functools.lru_cache(maxsize=512)
    def manifest_of(job_id: str, case_id: str) -> dict[str, Any]:
        return json.loads((layout.result_case(job_id, case_id) / "manifest.json").read_bytes())

    def job_view(job: dict[str, Any]) -> dict[str, Any]:
        stage = job["stage"]
        step, title = _STAGES.get(stage, (1, stage))
        base = f"/v1/jobs/{job['id']}"
        view: dict[str, Any] = {
            "id": job["id"],
            "case_id": job["case_id"],
            "status": job["status"],
            "progress": {
                "stage": stage,
                "stage_title": title,
                "step": step,
                "steps": len(_STAGES),
                "queue_position": store.queue_position(job),
            },
            "input_digest": job["input_digest"],
            "options": json.loads(job["options"]),
            "attempts": job["attempts"],
            "created_at": job["created_at"],
            "started_at": job["started_at"],
            "finished_at": job["finished_at"],
            "error": json.loads(job["error"]) if job["error"] else None,
            "history": store.events(job["id"]),
            "webhook": store.deliveries_for(job["id"]) if config.webhook_url else [],
        }
        if job["status"] == "succeeded":
            m = manifest_of(job["id"], job["case_id"])
            view["manifest_url"] = f"{base}/manifest"
            view["claim_url"] = f"{base}/claim"
            view["checks_url"] = f"{base}/checks"
            view["files"] = [
                {
                    "name": d["file"],
                    "kind": d["kind"],
                    "title": d["title"],
                    "media_type": d["media_type"],
                    "sha256": d["sha256"],
                    "bytes": d["bytes"],
                    "url": f"{base}/files/{quote(d['file'])}",
                }
                for d in m["documents"]
            ]
        return view

    def get_job(job_id: str) -> dict[str, Any]:
        job = store.get(job_id)
        if job is None:
            raise ApiError("job_not_found", f"没有任务 {job_id[:64]}")
        return job

    def finished_job(job_id: str) -> dict[str, Any]:
        job = get_job(job_id)
        if job["status"] == "failed":
            err = json.loads(job["error"] or "{}")
            raise ApiError("job_failed", f"任务 {job_id} 失败，没有结果可下载：{err.get('message', '')}", problems=err.get("problems"))
        if job["status"] != "succeeded":
            step, title = _STAGES.get(job["stage"], (1, job["stage"]))
            raise ApiError("job_not_finished", f"任务 {job_id} 尚未完成（{title}），请稍后再试")
        return job

    # ------------------------------------------------------------------ routes: service

    @app.get("/healthz", tags=["服务"], summary="健康检查（无需令牌）", response_model=HealthOut)
    def healthz() -> dict[str, Any]:
        """服务在运行时返回 `{"status": "ok"}`。不需要访问令牌，不透露任何案件信息。"""
        return {"status": "ok", "program": "cuishou", "version": __version__}

    # ------------------------------------------------------------------ routes: stateless case tools

    async def _case_body(request: Request) -> bytes:
        """The request body, refused past the case.json limit without holding more of it in memory."""
        chunks: list[bytes] = []
        size = 0
        too_big = False
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_case_json_bytes:
                too_big = True  # read on (and drop) so the client gets the answer, not a reset
                chunks.clear()
            elif not too_big:
                chunks.append(chunk)
        if too_big:
            raise ApiError("payload_too_large", f"case.json 超过 {limits.max_case_json_bytes // (1024 * 1024)} MB")
        return b"".join(chunks)

    case_body_doc = {
        "requestBody": {
            "required": True,
            "description": "case.json 的内容（结构见 schemas/case.schema.json）",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }

    def _usable_case(body: bytes) -> Any:
        with tempfile.TemporaryDirectory(dir=layout.uploads, prefix=".tmp-") as scratch:
            case, problems, _ = _case_from_body(body, Path(scratch))
        if case is None:
            raise ApiError("invalid_case", f"案件数据有误，共 {len(problems)} 个问题", problems=problems)
        return case

    @app.post(
        "/v1/validate",
        tags=["案件"],
        summary="校验案件数据",
        response_model=ValidateOut,
        dependencies=auth,
        openapi_extra=case_body_doc,
        responses=_err_responses(401, 413),
    )
    async def validate(request: Request) -> dict[str, Any]:
        """校验 case.json，一次列出全部问题，与 `cuishou validate --json` 相同（每个问题给出 JSON 路径、当前值和要求）。

        证据文件此时尚未上传，只列在 `evidence_files` 中（提交任务时需一并上传），不算问题；
        证据路径本身不合法（绝对路径、“..”、不支持的扩展名以外的问题）仍作为问题列出。不保存任何内容。
        """
        body = await _case_body(request)

        def run() -> dict[str, Any]:
            with tempfile.TemporaryDirectory(dir=layout.uploads, prefix=".tmp-") as scratch:
                case, problems, named = _case_from_body(body, Path(scratch))
            return {"valid": case is not None, "case_id": case.case_id if case else None, "problems": problems, "evidence_files": named}

        return await run_in_threadpool(run)

    @app.post(
        "/v1/claim",
        tags=["案件"],
        summary="计算债权（与 cuishou calc --json 相同）",
        dependencies=auth,
        openapi_extra=case_body_doc,
        responses={200: {"description": "结构见 schemas/claim.schema.json，另有 proposal（还款方案建议）"}, **_err_responses(401, 413, 422)},
    )
    async def claim(request: Request, as_of: Annotated[str | None, Query(description="覆盖计算截止日 YYYY-MM-DD")] = None) -> Response:
        """按 case.json 计算本金、利息（含法定上限）、诉讼费、诉讼时效、程序选择和还款方案，输出与 `cuishou calc --json` 逐字节相同。不保存任何内容。"""
        body = await _case_body(request)
        opts = job_options(as_of=as_of, only=[], plan=None, cover_sheets=False, max_mb=None, bundle=True, efiling=False)

        def run() -> bytes:
            from ..law.claim import compute_claim
            from .worker import claim_json_bytes

            case = _usable_case(body)
            try:
                c = compute_claim(case, as_of=build_options(opts, templates_dir=None, rules_file=None).as_of)
                return claim_json_bytes(case, c)
            except ValueError as exc:
                raise ApiError("invalid_case", f"计算失败：{exc}", problems=[]) from None

        return Response(await run_in_threadpool(run), media_type="application/json")

    @app.post(
        "/v1/checks",
        tags=["案件"],
        summary="合规检查（与 cuishou check --json 相同）",
        dependencies=auth,
        openapi_extra=case_body_doc,
        responses={200: {"description": "检查结果列表（规则、级别、位置、原文、依据、建议）"}, **_err_responses(401, 413, 422)},
    )
    async def checks(request: Request) -> Response:
        """检查催收文字、催收记录和请求金额是否越界，输出与 `cuishou check --json` 逐字节相同。不保存任何内容。"""
        body = await _case_body(request)

        def run() -> bytes:
            from ..checks import check_case
            from .worker import checks_json_bytes

            case = _usable_case(body)
            try:
                return checks_json_bytes(check_case(case, rules_file=config.rules_file))
            except ValueError as exc:
                raise ApiError("invalid_case", f"检查失败：{exc}", problems=[]) from None

        return Response(await run_in_threadpool(run), media_type="application/json")

    # ------------------------------------------------------------------ routes: jobs

    submit_doc = {
        "requestBody": {
            "required": True,
            "description": "案件文件夹：multipart 或 zip",
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "case": {"type": "string", "format": "binary", "description": "case.json"},
                            "file": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                                "description": "证据文件（可重复）。文件名为 case.json 中 evidence[].files 的路径，"
                                "或只写文件名（按文件名对应）",
                            },
                            "archive": {"type": "string", "format": "binary", "description": "或：整个案件文件夹的 zip（代替 case 和 file）"},
                        },
                    }
                },
                "application/zip": {
                    "schema": {"type": "string", "format": "binary"},
                    "description": "整个案件文件夹的 zip：case.json 在根目录，或在唯一的顶层文件夹中",
                },
            },
        }
    }

    async def _receive_multipart(request: Request, staging: Path, case_dir: Path) -> tuple[int, int]:
        try:
            form = await request.form(
                max_files=limits.max_files + 2, max_fields=limits.max_files + 20, max_part_size=limits.max_case_json_bytes
            )
        except StarletteHTTPException as exc:
            if "Too many files" in str(exc.detail) or "Too many fields" in str(exc.detail):
                raise ApiError("too_many_files", f"上传的文件超过上限 {limits.max_files} 个；未保存任何文件") from None
            if "exceeded maximum size" in str(exc.detail):
                raise ApiError("payload_too_large", f"case.json 超过 {limits.max_case_json_bytes // (1024 * 1024)} MB；未保存任何文件") from None
            raise ApiError("bad_request", "multipart 格式有误，无法解析；未保存任何文件") from None
        try:
            unknown = sorted(set(form.keys()) - {"case", "file", "archive"})
            if unknown:
                raise ApiError("upload_invalid", f"未知的表单部分 {unknown[0]!r}：应为 case（case.json）、file（证据文件，可重复）或 archive（zip）")
            archive = form.get("archive")
            if archive is not None:
                if not isinstance(archive, UploadFile) or len(form) > 1:
                    raise ApiError("upload_invalid", "archive 部分应为一个 zip 文件，且不能与 case、file 同时提交")
                zpath = staging / "upload.zip"
                await run_in_threadpool(_copy_upload, archive, zpath, limits.max_upload_bytes)
                return await run_in_threadpool(extract_zip, zpath, case_dir, limits)
            case_part = form.get("case")
            if case_part is None:
                raise ApiError("upload_invalid", "缺少 case 部分（case.json 的内容）；未保存任何文件")
            text = await case_part.read() if isinstance(case_part, UploadFile) else str(case_part).encode("utf-8")
            if len(text) > limits.max_case_json_bytes:
                raise ApiError("payload_too_large", f"case.json 超过 {limits.max_case_json_bytes // (1024 * 1024)} MB；未保存任何文件")
            files = [f for f in form.getlist("file")]
            if len(files) > limits.max_files:
                raise ApiError("too_many_files", f"上传了 {len(files)} 个证据文件，超过上限 {limits.max_files} 个；未保存任何文件")
            return await run_in_threadpool(_place_parts, text, files, case_dir)
        finally:
            await form.close()

    def _copy_upload(part: UploadFile, target: Path, limit: int) -> int:
        part.file.seek(0)
        return write_stream(iter(lambda: part.file.read(1 << 16), b""), target, limit)

    def _place_parts(case_text: bytes, files: list[Any], case_dir: Path) -> tuple[int, int]:
        from ..case import read_case_json

        try:
            data = read_case_json(case_text.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            data = None  # load_case reports it, with the line and column
        named = raw_case_files(data)
        by_base: dict[str, list[str]] = {}
        for rel in named:
            by_base.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)
        case_dir.mkdir(parents=True, exist_ok=True)
        (case_dir / "case.json").write_bytes(case_text)
        total = len(case_text)
        placed: set[str] = set()
        for part in files:
            if not isinstance(part, UploadFile) or not part.filename:
                raise ApiError("upload_invalid", "file 部分应为文件（带文件名），收到的是文本字段；未保存任何文件")
            name = safe_name(part.filename, limits, what="上传的文件名")
            if "/" not in name:
                candidates = by_base.get(name, [])
                if len(candidates) > 1:
                    raise ApiError(
                        "upload_invalid",
                        f"上传的文件名“{name}”在 case.json 中对应多个路径（{'、'.join(candidates)}），请在文件名中写明完整路径；未保存任何文件",
                    )
                if candidates:
                    name = candidates[0]
            if data is not None and name not in named:
                raise ApiError(
                    "upload_invalid",
                    f"上传的文件“{name}”未在 case.json 中引用（evidence[].files 或 lawyer.licence_copy）；请检查文件名，或从 case.json 中补上该证据；未保存任何文件",
                )
            if name in placed or name == "case.json":
                raise ApiError("upload_invalid", f"文件“{name}”上传了两次；未保存任何文件")
            placed.add(name)
            target = case_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            total += _copy_upload(part, target, limits.max_upload_bytes)
        return len(placed) + 1, total

    def _admit(case_dir: Path, opts: dict[str, Any], key: str | None, counts: tuple[int, int]) -> tuple[dict[str, Any], bool]:
        from ..build import input_digest
        from ..case import CaseError, load_case

        try:
            case = load_case(case_dir)
        except CaseError as exc:
            problems = _problems(exc)
            raise ApiError("invalid_case", f"案件数据有误，共 {len(problems)} 个问题；未保存任何文件", problems=problems) from None
        digest = input_digest(case_dir, case, build_options(opts, templates_dir=config.templates_dir, rules_file=config.rules_file))

        def conflict(job: dict[str, Any]) -> None:
            if key is not None and job["idempotency_key"] == key and job["input_digest"] != digest:
                raise ApiError(
                    "idempotency_conflict",
                    f"Idempotency-Key {key!r} 已用于任务 {job['id']}（案件 {job['case_id']}），但这次提交的内容不同；"
                    "内容不同的提交请使用新的 Idempotency-Key",
                )

        existing = (store.find_by_key(key) if key is not None else None) or store.find_active_by_digest(digest)
        if existing is not None:
            conflict(existing)
            return existing, False
        job_id = uuid.uuid4().hex
        final = layout.input_case(job_id)
        os.replace(case_dir, final)
        try:
            job, created = store.insert(
                job_id=job_id,
                case_id=case.case_id,
                digest=digest,
                options=opts,
                idempotency_key=key,
                input_files=counts[0],
                input_bytes=counts[1],
            )
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
        if not created:  # an identical submission won the race
            shutil.rmtree(final, ignore_errors=True)
            conflict(job)
        return job, created

    @app.post(
        "/v1/jobs",
        tags=["任务"],
        summary="提交案件，生成全部文书",
        response_model=SubmitOut,
        status_code=202,
        dependencies=auth,
        openapi_extra=submit_doc,
        responses={
            200: {"model": SubmitOut, "description": "相同输入或相同 Idempotency-Key 的已有任务（不会重复生成）"},
            **_err_responses(400, 401, 409, 413, 415, 422),
        },
    )
    async def submit(
        request: Request,
        response: Response,
        idempotency_key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                description="幂等键（1—200 个可打印 ASCII 字符）：同一个键的重复提交返回同一个任务；内容不同则返回 409",
            ),
        ] = None,
        as_of: Annotated[str | None, Query(description="覆盖计算截止日 YYYY-MM-DD（同 --as-of）")] = None,
        only: Annotated[list[str] | None, Query(description="只生成指定文书（可重复）：soft、demand_letter、lawyer_letter、instalment_agreement、filing、bundle")] = None,
        plan: Annotated[int | None, Query(description="未协商分期条件时，分期还款协议采用还款方案建议中的第 N 个方案（同 --plan）")] = None,
        cover_sheets: Annotated[bool, Query(description="每项证据前加封面页（同 --cover-sheets）")] = False,
        max_mb: Annotated[float | None, Query(description="证据材料单个文件大小上限（MB），超过则分册（同 --max-mb）")] = None,
        efiling: Annotated[bool, Query(description="同时生成网上立案材料（需要服务器上有 LibreOffice；同 --efiling）")] = False,
    ) -> dict[str, Any]:
        """提交一个案件（case.json 与证据文件），返回任务；文书由后台工作进程生成，结果与 `cuishou build` 逐字节相同。

        * multipart：`case` 为 case.json，`file` 为证据文件（可重复）；或 `archive` 为整个案件文件夹的 zip。
        * zip：`Content-Type: application/zip`，请求体为整个案件文件夹的 zip。
        * 先完整检查再保存：大小、文件数、文件名（绝对路径、“..”）、符号链接、压缩炸弹、案件数据；任何一项不通过都不保存任何内容。
        * 相同输入（输入摘要相同，含生成选项）返回已有任务（200，`created: false`），不会重复生成；失败的任务不算在内，可重新提交。
        """
        key = idempotency_key
        if key is not None and not (1 <= len(key) <= 200 and key.isascii() and key.isprintable()):
            raise ApiError("invalid_parameter", "Idempotency-Key 应为 1—200 个可打印 ASCII 字符")
        opts = job_options(
            as_of=as_of, only=list(only or []), plan=plan, cover_sheets=cover_sheets, max_mb=max_mb, bundle=True, efiling=efiling
        )
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        staging = layout.uploads / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        case_dir = staging / "case"
        try:
            if ctype == "multipart/form-data":
                counts = await _receive_multipart(request, staging, case_dir)
            elif ctype in ZIP_TYPES:
                zpath = staging / "upload.zip"
                n = 0
                with zpath.open("xb") as out:
                    async for chunk in request.stream():
                        n += len(chunk)
                        out.write(chunk)
                if n == 0:
                    raise ApiError("archive_invalid", "请求体为空，应为案件文件夹的 zip；未保存任何文件")
                counts = await run_in_threadpool(extract_zip, zpath, case_dir, limits)
            else:
                raise ApiError(
                    "unsupported_media_type",
                    f"不支持的 Content-Type {ctype or '（未设置）'!r}：应为 multipart/form-data 或 application/zip",
                )
            job, created = await run_in_threadpool(_admit, case_dir, opts, key, counts)
        finally:
            await run_in_threadpool(shutil.rmtree, staging, True)
        response.status_code = 202 if created else 200
        response.headers["Location"] = f"/v1/jobs/{job['id']}"
        view = await run_in_threadpool(job_view, job)
        return {**view, "created": created}

    @app.get("/v1/jobs", tags=["任务"], summary="任务列表", response_model=JobListOut, dependencies=auth, responses=_err_responses(401, 422))
    def list_jobs(
        status: Annotated[str | None, Query(description="只列出该状态：queued、running、succeeded、failed", pattern="^(queued|running|succeeded|failed)$")] = None,
        case_id: Annotated[str | None, Query(description="只列出该案件的任务")] = None,
        limit: Annotated[int, Query(ge=1, le=1000, description="每页条数")] = 100,
        before: Annotated[int | None, Query(description="翻页：上一页返回的 next_before")] = None,
    ) -> dict[str, Any]:
        """按提交时间从新到旧列出任务。"""
        rows = store.list(status=status, case_id=case_id, limit=limit, before=before)
        return {
            "jobs": [{k: r[k] for k in ("id", "case_id", "status", "stage", "created_at", "finished_at")} for r in rows],
            "next_before": rows[-1]["seq"] if len(rows) == limit else None,
        }

    @app.get("/v1/portfolio", tags=["任务"], summary="案件总览（各案阶段、下一步及日期）", dependencies=auth,
             responses=_err_responses(401, 422))
    def portfolio_view(
        format: Annotated[str, Query(description="json（默认）或 html（可在浏览器打开的总览页面）", pattern="^(json|html)$")] = "json",
    ) -> Response:
        """每个案件最近一次成功生成的结果一行（同 ``cuishou status``）：阶段、下一步及日期、请求金额、诉讼时效最后一日、
        合规拦截数，按紧迫程度排序（下一步已逾期、诉讼时效90日内届满的在前）。"""
        from ..status import portfolio_html, portfolio_json, row_from_manifest, rows_from

        rows = rows_from(row_from_manifest(manifest_of(j["id"], j["case_id"]), j["case_id"])
                         for j in store.latest_succeeded_per_case())
        if format == "html":
            return Response(portfolio_html(rows, None), media_type="text/html; charset=utf-8")
        return Response(portfolio_json(rows, None), media_type="application/json")

    @app.get("/v1/jobs/{job_id}", tags=["任务"], summary="任务状态与进度", response_model=JobOut, dependencies=auth, responses=_err_responses(401, 404))
    async def job_status(job_id: str) -> dict[str, Any]:
        """任务的状态、进度（阶段、排队位置）、经过；完成后给出清单和每个输出文件的下载地址，失败时给出中文原因。"""
        # On the event loop itself: a few indexed SQLite reads (WAL: never blocked by the workers' writes)
        # cost less than the hop to a worker thread, and status calls are the most frequent of all.
        return job_view(get_job(job_id))

    @app.get(
        "/v1/jobs/{job_id}/manifest",
        tags=["任务"],
        summary="下载 manifest.json",
        dependencies=auth,
        responses={200: {"description": "manifest.json 原文（结构见 schemas/manifest.schema.json）", "content": {"application/json": {}}}, **_err_responses(401, 404, 409)},
    )
    def manifest(job_id: str) -> Response:
        """任务完成后的 `manifest.json`，与 `cuishou build` 写出的文件逐字节相同。"""
        job = finished_job(job_id)
        path = layout.result_case(job_id, job["case_id"]) / "manifest.json"
        return Response(path.read_bytes(), media_type="application/json", headers={"ETag": f'"{job["input_digest"]}"'})

    @app.get(
        "/v1/jobs/{job_id}/files/{name:path}",
        tags=["任务"],
        summary="下载一个输出文件",
        dependencies=auth,
        response_class=FileResponse,
        responses={200: {"description": "文件原文（Content-Type 与清单一致）"}, **_err_responses(401, 404, 409)},
    )
    def download(job_id: str, name: str) -> FileResponse:
        """按清单中的文件名（`documents[].file`）下载，例如 `01_催款函.docx`（URL 中需百分号编码，状态中的 `files[].url` 已编码）。"""
        job = finished_job(job_id)
        m = manifest_of(job_id, job["case_id"])
        entry = next((d for d in m["documents"] if d["file"] == name), None)
        if entry is None and name != "manifest.json":
            raise ApiError("file_not_found", f"任务 {job_id} 的清单中没有文件“{name[:120]}”")
        path = layout.result_case(job_id, job["case_id"]) / name
        media = entry["media_type"] if entry else "application/json"
        headers = {"ETag": f'"{entry["sha256"]}"'} if entry else None
        return FileResponse(path, media_type=media, filename=Path(name).name, headers=headers)

    def _stored_json(job_id: str, file: str) -> Response:
        finished_job(job_id)
        return Response((layout.result(job_id) / file).read_bytes(), media_type="application/json")

    @app.get(
        "/v1/jobs/{job_id}/claim",
        tags=["任务"],
        summary="任务的债权计算（cuishou calc --json）",
        dependencies=auth,
        responses={200: {"description": "结构见 schemas/claim.schema.json，另有 proposal", "content": {"application/json": {}}}, **_err_responses(401, 404, 409)},
    )
    def job_claim(job_id: str) -> Response:
        """生成文书时按同一案件数据和选项计算的结果，与对该案件运行 `cuishou calc --json` 逐字节相同。"""
        return _stored_json(job_id, "claim.json")

    @app.get(
        "/v1/jobs/{job_id}/checks",
        tags=["任务"],
        summary="任务的合规检查（cuishou check --json）",
        dependencies=auth,
        responses={200: {"description": "检查结果列表", "content": {"application/json": {}}}, **_err_responses(401, 404, 409)},
    )
    def job_checks(job_id: str) -> Response:
        """生成文书时对同一案件数据的合规检查，与对该案件运行 `cuishou check --json` 逐字节相同。"""
        return _stored_json(job_id, "checks.json")

    return app
