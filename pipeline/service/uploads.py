"""Uploads: a case folder received as multipart parts or as a zip, checked before anything is kept.

Everything is written into a private staging folder under ``<data>/uploads/``; the caller moves
it into place only when the whole upload passed every check (and removes it otherwise), so a
refused upload leaves nothing behind. Checks, in order: request size (see :mod:`.app`), file
count, names (no absolute path, no ``..``, no control characters, bounded length and depth),
entry kinds (no symbolic links or special files, no encryption), declared sizes and compression
ratio (zip bombs), and while extracting the bytes actually produced.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from .config import Limits
from .errors import ApiError

__all__ = ["safe_name", "extract_zip", "write_stream", "IGNORED_ENTRY"]

CHUNK = 1 << 16
MiB = 1024 * 1024


def IGNORED_ENTRY(name: str) -> bool:  # noqa: N802 - a predicate used like a constant
    """Entries that archivers add on their own (macOS resource forks, Finder and Explorer metadata)."""
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1] in (".DS_Store", "Thumbs.db", "desktop.ini")


def _mb(n: int) -> str:
    return f"{n / MiB:.0f} MB" if n >= MiB else f"{n} 字节"


def safe_name(raw: str, limits: Limits, *, what: str = "压缩包中的文件名") -> str:
    """``raw`` as a relative POSIX path inside the case folder, or :class:`ApiError` (Chinese).

    Backslashes count as separators (Windows archivers write them); ``.`` and empty parts are
    dropped. Refused: absolute paths, drive letters, ``..``, control characters, over-long names.
    """
    shown = raw if len(raw) <= 120 else raw[:117] + "…"
    if any(ord(c) < 32 or ord(c) == 0x7F for c in raw):
        raise ApiError("archive_unsafe_path", f"{what} {shown!r} 含有控制字符，已拒绝，未保存任何文件")
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or name.startswith("//"):
        raise ApiError("archive_unsafe_path", f"{what}“{shown}”是绝对路径，应为相对案件文件夹的路径；已拒绝，未保存任何文件")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ApiError("archive_unsafe_path", f"{what}“{shown}”含有“..”，会写到案件文件夹之外；已拒绝，未保存任何文件")
    if not parts:
        raise ApiError("archive_unsafe_path", f"{what}“{shown}”为空，已拒绝，未保存任何文件")
    if len(name) > limits.max_name_length or len(parts) > limits.max_depth:
        raise ApiError(
            "archive_unsafe_path",
            f"{what}“{shown}”过长或层级过深（最多 {limits.max_name_length} 个字符、{limits.max_depth} 层）；已拒绝，未保存任何文件",
        )
    return str(PurePosixPath(*parts))


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its archiver meant it.

    Without the UTF-8 flag, zipfile decodes names as CP437; Windows in Chinese writes GBK there
    (and some tools write UTF-8 without setting the flag). Recover those.
    """
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _is_link_or_special(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    if info.create_system != 3 or mode == 0:  # not written on Unix: no file type bits
        return None
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        return "符号链接"
    if kind not in (stat.S_IFREG, stat.S_IFDIR, 0):
        return "特殊文件（设备、管道或套接字）"
    return None


def _case_root(names: list[str]) -> str:
    """The folder inside the archive that holds case.json: the root, or the single top-level folder."""
    if "case.json" in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1:
        top = next(iter(tops))
        if f"{top}/case.json" in names:
            return top + "/"
    raise ApiError(
        "upload_invalid",
        "压缩包中找不到 case.json：应位于压缩包根目录，或压缩包中唯一的文件夹（案件文件夹）内；未保存任何文件",
    )


def extract_zip(archive: Path, dest: Path, limits: Limits) -> tuple[int, int]:
    """Check every entry of ``archive``, then extract the case folder into ``dest``: ``(files, bytes)``.

    Nothing is extracted unless every entry passed the checks; the caller removes ``dest`` on error.
    """
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ApiError("archive_invalid", "上传内容不是有效的 zip 压缩包（文件损坏或格式不对）；未保存任何文件") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > 4 * limits.max_files:
            raise ApiError("too_many_files", f"压缩包有 {len(infos)} 个条目，超过上限 {limits.max_files} 个文件；未保存任何文件")
        entries: list[tuple[str, zipfile.ZipInfo]] = []
        seen: set[str] = set()
        total = 0
        for info in infos:
            raw = _entry_name(info)
            special = _is_link_or_special(info)
            if special:
                raise ApiError("archive_link", f"压缩包中的“{raw}”是{special}，为安全起见已拒绝整个压缩包；未保存任何文件")
            if info.is_dir():
                safe_name(raw, limits)  # a folder named ../x is as unsafe as a file
                continue
            name = safe_name(raw, limits)
            if IGNORED_ENTRY(name):
                continue
            if info.flag_bits & 0x1:
                raise ApiError("archive_encrypted", f"压缩包中的“{name}”已加密，请上传未加密的压缩包；未保存任何文件")
            if name in seen:
                raise ApiError("archive_invalid", f"压缩包中有两个同名文件“{name}”；未保存任何文件")
            seen.add(name)
            total += info.file_size
            if total > limits.max_expanded_bytes:
                raise ApiError(
                    "archive_bomb",
                    f"压缩包解压后超过 {_mb(limits.max_expanded_bytes)}（疑似压缩炸弹或案件过大）；已拒绝，未保存任何文件",
                )
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise ApiError(
                    "archive_bomb",
                    f"压缩包中的“{name}”压缩比为 {ratio:.0f}:1（解压后 {_mb(info.file_size)}），超过上限 {limits.max_ratio}:1，"
                    "疑似压缩炸弹；已拒绝，未保存任何文件",
                )
            entries.append((name, info))
        if len(entries) > limits.max_files:
            raise ApiError("too_many_files", f"压缩包有 {len(entries)} 个文件，超过上限 {limits.max_files} 个；未保存任何文件")
        root = _case_root([n for n, _ in entries])
        kept = [(n[len(root):], i) for n, i in entries if n.startswith(root)]
        for name, info in kept:
            if name == "case.json" and info.file_size > limits.max_case_json_bytes:
                raise ApiError("payload_too_large", f"case.json 超过 {_mb(limits.max_case_json_bytes)}；未保存任何文件")
        written = 0
        for name, info in kept:
            target = dest / name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, target.open("xb") as out:
                    written += _copy_bounded(src, out, info.file_size, limits.max_expanded_bytes - written, name)
            except ApiError:
                raise
            except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError) as exc:
                detail = "不支持的压缩方式" if isinstance(exc, NotImplementedError) else "数据损坏（校验失败）"
                raise ApiError("archive_invalid", f"压缩包中的“{name}”无法解压：{detail}；未保存任何文件") from None
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise ApiError("archive_invalid", f"压缩包中的“{name}”与另一个文件或文件夹同名；未保存任何文件") from None
        return len(kept), written


def _copy_bounded(src: BinaryIO, out: BinaryIO, declared: int, budget: int, name: str) -> int:
    """Copy at most ``declared`` bytes (and within ``budget``): a lying header cannot expand further."""
    n = 0
    while True:
        chunk = src.read(CHUNK)
        if not chunk:
            return n
        n += len(chunk)
        if n > declared or n > budget:
            raise ApiError("archive_bomb", f"压缩包中的“{name}”解压后超过其声明的大小或总上限，疑似压缩炸弹；已拒绝，未保存任何文件")
        out.write(chunk)


def write_stream(chunks: Iterable[bytes], target: Path, limit: int) -> int:
    """Write ``chunks`` to ``target``; refuse past ``limit`` bytes."""
    n = 0
    with target.open("xb") as out:
        for chunk in chunks:
            n += len(chunk)
            if n > limit:
                raise ApiError("payload_too_large", f"上传内容超过上限 {_mb(limit)}；未保存任何文件")
            out.write(chunk)
    return n


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
