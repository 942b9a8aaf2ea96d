"""Atomic writes: a file the tool writes is either the old one or the complete new one.

A report, a rendered document or a dataset is written through a temporary file beside its
destination and renamed into place, so a crash, a full disk or an interrupt never leaves half a
file where a user's file was. The temporary file carries its owner's tag (``tempfiles``), so one
left by a killed run is removed by a later write into the same folder. A write the system refuses
is a ``targets.WriteRefused`` with a code (folder, permission, read-only, full disk), never a bare
``OSError``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .targets import check_target, refusal


def atomic_write(path: Path, produce: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file beside ``path`` and rename it into place: all or nothing."""
    from .tempfiles import temp_file  # only when writing: tempfile pulls in shutil and random at start-up

    path = Path(path)
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_file(path.parent, path.name)
    except OSError as exc:
        raise refusal(exc, path) from exc
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a published file is as readable as any other
        with os.fdopen(fd, "wb") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise refusal(exc, path) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda h: h.write(data))


def sync_file(path: Path) -> None:
    """Flush a file that is already closed to disk. For the files of a folder that is published by
    renaming it as a whole (``dataset``): each must be complete on disk before the rename."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
