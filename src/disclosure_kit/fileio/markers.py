"""Marker files: how the tool recognises a folder it wrote itself, and only such a folder.

A command that replaces or deletes a whole folder (``dataset -o OUT``, the cleaning of temporary
folders left by a killed run) must never touch a folder of the user's that merely looks like ours
(a ``datapackage.json`` is not proof). So every such folder carries a small JSON marker of ours,
written when the folder is made, and nothing without one is ever replaced or removed:

* ``.disclosure-kit-output.json`` in a finished output folder (``{"format": …, "kind": "dataset"}``);
  discovery of report files skips such folders, so ``dataset -o`` inside its own input tree never
  reads its outputs as reports;
* ``.disclosure-kit-run.json`` in the temporary folder of a run in progress, naming the host and
  the process: a later run removes the folder only when that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from typing import Any

import orjson

FORMAT = "disclosure-kit/marker"
OUTPUT_MARKER = ".disclosure-kit-output.json"
RUN_MARKER = ".disclosure-kit-run.json"
_MAX_MARKER_BYTES = 4096


def write_marker(folder: Path, name: str, **fields: Any) -> None:
    """Write a marker of ours into ``folder`` (a small JSON object)."""
    (Path(folder) / name).write_bytes(orjson.dumps({"format": FORMAT, **fields}, option=orjson.OPT_SORT_KEYS) + b"\n")


def read_marker(folder: Path, name: str) -> dict[str, Any] | None:
    """The marker ``name`` in ``folder`` when it is one of ours; None otherwise (never raises)."""
    path = Path(folder) / name
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with open(path, "rb") as handle:
            data = orjson.loads(handle.read(_MAX_MARKER_BYTES))
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def output_kind(folder: Path) -> str | None:
    """The kind of output (``dataset``…) when ``folder`` is an output folder of ours, else None."""
    marker = read_marker(folder, OUTPUT_MARKER)
    kind = marker.get("kind") if marker else None
    return kind if isinstance(kind, str) else None


def mark_run(folder: Path) -> None:
    """Mark a temporary folder as belonging to this process on this host."""
    write_marker(folder, RUN_MARKER, host=socket.gethostname(), pid=os.getpid())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return True
    return True


def is_stale_run(folder: Path) -> bool:
    """True only for a temporary folder of ours whose process, on this host, is gone.

    A folder without our marker, from another host (a shared disk) or of a process still alive
    is never stale: when in doubt, keep.
    """
    marker = read_marker(folder, RUN_MARKER)
    if not marker or marker.get("host") != socket.gethostname():
        return False
    pid = marker.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    return pid != os.getpid() and not _alive(pid)


def remove_stale_runs(parent: Path, prefix: str) -> list[Path]:
    """Remove the stale temporary folders of ours named ``prefix…`` in ``parent``; return them."""
    import shutil

    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(parent):
            if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
                continue
            folder = Path(entry.path)
            if is_stale_run(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed
