"""Atomic writes: a file the tool writes is either the old one or the complete new one.

A report, a rendered document or a dataset is written through a temporary file beside its
destination and renamed into place, so a crash, a full disk or an interrupt never leaves half a
file where a user's file was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO


def atomic_write(path: Path, produce: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file beside ``path`` and rename it into place: all or nothing."""
    import tempfile  # only when writing: it pulls in shutil and random at start-up otherwise

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a published file is as readable as any other
    try:
        with os.fdopen(fd, "wb") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda h: h.write(data))
