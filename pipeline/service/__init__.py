"""``cuishou serve``: an HTTP service for document- and case-management systems.

Library first — start the service from Python::

    from pipeline.service import ServiceConfig, serve
    serve(ServiceConfig(data_dir="cuishou-data", port=8000, workers=2, token="…at least 16 characters…"))

or mount :func:`create_app` in another ASGI server (one process per data folder). The HTTP
side validates and stores uploads, answers status calls and downloads; builds run in separate
worker processes (:mod:`.worker`) that claim jobs from a SQLite job table (:mod:`.store`) under
the data folder (layout in :mod:`.layout`). Needs the ``serve`` extra:
``pip install 'cuishou[serve]'`` (FastAPI, uvicorn, python-multipart).
"""

from __future__ import annotations

import logging
import socket
import sys

from .config import ConfigError, Limits, ServiceConfig, is_loopback
from .errors import ERROR_CODES, ApiError
from .webhook import SIGNATURE_HEADER, sign, verify_signature

__all__ = [
    "ApiError",
    "ConfigError",
    "ERROR_CODES",
    "Limits",
    "SIGNATURE_HEADER",
    "ServiceConfig",
    "create_app",
    "is_loopback",
    "serve",
    "sign",
    "verify_signature",
]


def create_app(config: ServiceConfig):  # type: ignore[no-untyped-def]
    """The FastAPI application for ``config`` (see :mod:`pipeline.service.app`)."""
    from .app import create_app as _create

    return _create(config)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and without
    # it a response written as headers + body waits 40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        reason = "端口已被占用" if exc.errno == 98 else "地址不可用" if exc.errno == 99 else exc.strerror
        raise ConfigError(f"无法在 {host}:{port} 上提供服务：{reason}（--host/--port）") from None
    sock.set_inheritable(True)
    return sock


def serve(config: ServiceConfig) -> None:
    """Run the service until SIGINT/SIGTERM (blocking).

    Checks the settings and takes the data folder first, so a bad setting, a data folder in
    use or a port in use is a Chinese :class:`ConfigError` before anything starts. On SIGTERM,
    running builds may finish within ``shutdown_grace_s``; jobs still queued or running are
    taken up again by the next start.
    """
    import uvicorn

    from .app import create_app as _create
    from .runtime import Runtime

    config.check()
    runtime = Runtime(config)
    runtime.acquire()
    try:
        sock = _bind(config.host, config.port)
        app = _create(config, runtime)
        logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
        server = uvicorn.Server(
            uvicorn.Config(app, log_level=config.log_level, access_log=config.log_level == "debug", lifespan="on", timeout_graceful_shutdown=5)
        )
        host, port = sock.getsockname()[:2]
        print(f"cuishou 服务：http://{host if ':' not in host else '[' + host + ']'}:{port}（文档 /docs），"
              f"数据文件夹 {runtime.layout.root}，工作进程 {config.workers} 个"
              + ("" if config.token else "；未设置访问令牌（仅本机可访问）"), file=sys.stderr, flush=True)
        server.run(sockets=[sock])
    finally:
        runtime.release()
