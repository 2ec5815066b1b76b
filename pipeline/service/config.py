"""Settings of ``cuishou serve`` and the checks made before the service starts."""

from __future__ import annotations

import ipaddress
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Limits", "ServiceConfig", "ConfigError", "is_loopback", "read_secret_file", "TOKEN_ENV", "WEBHOOK_SECRET_ENV"]

TOKEN_ENV = "CUISHOU_TOKEN"
WEBHOOK_SECRET_ENV = "CUISHOU_WEBHOOK_SECRET"

MiB = 1024 * 1024


class ConfigError(ValueError):
    """The service cannot start with these settings (Chinese message)."""


@dataclass(frozen=True)
class Limits:
    """Upload limits. A request over any of them is refused before anything is stored."""

    max_upload_bytes: int = 256 * MiB  # request body (multipart or zip)
    max_files: int = 500  # files in one case (zip entries or multipart parts)
    max_expanded_bytes: int = 512 * MiB  # sum of a zip's uncompressed sizes
    max_ratio: int = 100  # uncompressed / compressed, per zip entry larger than ratio_floor_bytes
    ratio_floor_bytes: int = 1 * MiB  # small entries (case.json) may compress well
    max_case_json_bytes: int = 5 * MiB
    max_name_length: int = 240  # characters of one relative path
    max_depth: int = 8  # folder levels of one relative path


@dataclass(frozen=True)
class ServiceConfig:
    """Everything ``cuishou serve`` needs; see :func:`pipeline.service.serve`."""

    data_dir: Path = Path("cuishou-data")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = field(default_factory=lambda: max(1, os.cpu_count() or 1))
    token: str | None = None  # None: no authentication (allowed on a loopback address only)
    limits: Limits = field(default_factory=Limits)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_max_attempts: int = 8
    webhook_backoff_s: float = 2.0  # first retry after 2 s, then 4, 8 … (capped at webhook_backoff_max_s)
    webhook_backoff_max_s: float = 300.0
    webhook_timeout_s: float = 10.0
    templates_dir: Path | None = None  # a firm's templates, for every job
    rules_file: Path | None = None  # a firm's compliance rules, for every job
    job_timeout_s: float = 900.0  # a build running longer is stopped and the job fails
    max_attempts: int = 3  # a job whose worker died this many times fails instead of being retried
    worker_nice: int = 10  # builds yield the CPU to the HTTP side (status calls stay fast)
    shutdown_grace_s: float = 60.0  # on shutdown, running builds may finish within this time
    log_level: str = "info"

    def check(self) -> None:
        """Raise :class:`ConfigError` for settings the service must not start with."""
        if not (0 <= self.port <= 65535):
            raise ConfigError(f"端口应在 0—65535 之间，收到 {self.port}（--port）")
        if not 1 <= self.workers <= 64:
            raise ConfigError(f"工作进程数应在 1—64 之间，收到 {self.workers}（--workers）")
        if self.token is not None and len(self.token) < 16:
            raise ConfigError(f"访问令牌过短（{len(self.token)} 个字符），至少 16 个字符；可用 `openssl rand -hex 32` 生成")
        if self.token is None and not is_loopback(self.host):
            raise ConfigError(
                f"在非本机地址 {self.host} 上提供服务必须设置访问令牌：设置环境变量 {TOKEN_ENV}，或用 --token-file 指定令牌文件"
            )
        if self.webhook_url is not None:
            if not self.webhook_url.startswith(("http://", "https://")):
                raise ConfigError(f"回调地址应以 http:// 或 https:// 开头，收到 {self.webhook_url!r}（--webhook-url）")
            if not self.webhook_secret:
                raise ConfigError(
                    f"设置了回调地址就必须设置签名密钥：设置环境变量 {WEBHOOK_SECRET_ENV}，或用 --webhook-secret-file 指定密钥文件"
                )
        if self.templates_dir is not None and not Path(self.templates_dir).is_dir():
            raise ConfigError(f"模板文件夹不存在：{self.templates_dir}（--templates）")
        if self.rules_file is not None and not Path(self.rules_file).is_file():
            raise ConfigError(f"合规规则文件不存在：{self.rules_file}（--rules）")
        data = Path(self.data_dir)
        if data.exists() and not data.is_dir():
            raise ConfigError(f"数据位置 {data} 是一个文件，应为文件夹（--data）")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_secret_file(path: str | Path, what: str, option: str) -> str:
    """The secret in ``path`` (surrounding whitespace removed); Chinese errors for a missing or empty file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"{what}文件不存在：{p}（{option}）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取{what}文件 {p}：{exc.__class__.__name__}（{option}）") from None
    if not text:
        raise ConfigError(f"{what}文件 {p} 是空的（{option}）")
    return text


def secret_file_warning(path: str | Path) -> str | None:
    """A Chinese warning when a secret file is readable by other users."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return f"提示：{path} 可被其他用户读取，建议 chmod 600"
    return None
