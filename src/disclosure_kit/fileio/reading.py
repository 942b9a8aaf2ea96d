"""Reads bounded by what is actually read, never by what a file claims about itself.

``stat`` lies for a symlink to ``/dev/zero`` (size 0, endless data), a FIFO blocks an ``open``
forever, and a zip's directory can state any size for a member. So a file is opened without
blocking, refused unless it is a regular file, and read up to its limit plus one byte; a zip
member is inflated as a stream and stopped at its limit. Every refusal is a ``ReadRefused`` with a
code that callers turn into their own finding (``load.*`` for report files, ``import.*`` for
sources).
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import IO, Any

from .limits import limits

CHUNK = 1024 * 1024


class ReadRefused(Exception):
    """A read that was refused: ``code`` is one of ``not_found``, ``io``, ``is_directory``,
    ``not_regular``, ``too_large``, ``zip_bomb``, ``zip_invalid``; ``params`` say the details."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def read_file(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit`` (default: ``limits().max_bytes``)."""
    limit = limits().max_bytes if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadRefused("not_found") from None
    except IsADirectoryError:
        raise ReadRefused("is_directory") from None
    except OSError as exc:
        raise ReadRefused("io", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise ReadRefused("is_directory")
        if not stat.S_ISREG(mode):
            raise ReadRefused("not_regular", kind=_kind(mode))
        return _read_regular(fd, info.st_size, limit)
    except OSError as exc:
        raise ReadRefused("io", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _read_regular(fd: int, size: int, limit: int) -> bytes:
    """Read a regular file to its end: a first ``read`` sized by ``stat`` (the whole file, in the
    common case), chunks of at most ``CHUNK`` after that, until a read returns nothing (a short
    read is not the end); refused as soon as more than ``limit`` bytes have come."""
    parts = [os.read(fd, min(max(size, 0), limit) + 1)]
    total = len(parts[0])
    while True:
        if total > limit:
            raise ReadRefused("too_large", size=total, limit=limit)
        chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)


def read_stream(handle: IO[bytes], limit: int) -> bytes:
    """Read a stream to its end, refusing it as soon as it passes ``limit`` bytes."""
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = handle.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(parts)
        total += len(chunk)
        if total > limit:
            raise ReadRefused("too_large", size=total, limit=limit)
        parts.append(chunk)


class ZipBudget:
    """How much may still be inflated from one archive (all members together)."""

    def __init__(self, total: int | None = None, ratio: int | None = None) -> None:
        bounds = limits()
        self.left = bounds.unzip_bytes if total is None else total
        self.ratio = bounds.unzip_ratio if ratio is None else ratio

    def read(self, archive: zipfile.ZipFile, name: str | zipfile.ZipInfo) -> bytes:
        """One member, inflated as a stream and stopped at the budget or at an absurd ratio."""
        info = name if isinstance(name, zipfile.ZipInfo) else archive.getinfo(name)
        cap = self.left
        if info.compress_size > 0:
            cap = min(cap, max(info.compress_size * self.ratio, CHUNK))
        try:
            with archive.open(info) as handle:
                data = read_stream(handle, cap)
        except ReadRefused as exc:
            raise ReadRefused("zip_bomb", member=info.filename, limit=exc.params["limit"]) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
                OSError, ValueError) as exc:
            raise ReadRefused("zip_invalid", member=info.filename, reason=str(exc)) from None
        self.left -= len(data)
        return data


def open_zip(data: bytes | str | os.PathLike[str], max_members: int | None = None) -> zipfile.ZipFile:
    """A zip archive whose directory is plausible (member count); members are read via ``ZipBudget``."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else Path(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadRefused("zip_invalid", reason=str(exc)) from None
    max_members = limits().zip_members if max_members is None else max_members
    if len(archive.infolist()) > max_members:
        archive.close()
        raise ReadRefused("zip_bomb", member="(directory)", limit=max_members)
    return archive


def check_zip(data: bytes | str | os.PathLike[str]) -> None:
    """Inflate every member once within the budget, before a library (openpyxl, python-docx)
    that reads the archive without bounds is given it."""
    with open_zip(data) as archive:
        budget = ZipBudget()
        for info in archive.infolist():
            if not info.is_dir():
                budget.read(archive, info)
