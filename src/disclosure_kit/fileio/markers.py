"""Marker files: how the tool recognises an output folder it wrote itself, and only such a folder.

A command that replaces a whole folder (``dataset -o OUT``) must never touch a folder of the
user's that merely looks like ours (a ``datapackage.json`` is not proof). So such a folder carries a
small JSON marker of ours, ``.disclosure-kit-output.json`` (``{"format": …, "kind": "dataset"}``),
and a folder without one is never replaced. Discovery of report files skips folders that carry it,
so ``dataset -o`` inside its own input tree never reads its outputs as reports. (Temporary folders
are recognised by their names instead: ``tempfiles``.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

FORMAT = "disclosure-kit/marker"
OUTPUT_MARKER = ".disclosure-kit-output.json"
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
