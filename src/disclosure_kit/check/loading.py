"""Bytes -> report data, safely: size cap, strict decoding, safe YAML/JSON, duplicate keys.

Every failure becomes a ``LoadError`` carrying a finding code (``load.*``), a line and a column
(and a pointer when a value is at fault), so that the caller can report it like any other finding
and go on with the next file. The readers themselves are ``jsonload`` and ``yamlload``; the
limits they apply are in ``fileio.limits``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..fileio.reading import ReadRefused, read_file
from .jsonload import fast_json, load_json
from .loaded import Loaded, LoadError
from .sourcemap import line_col
from .yamlload import load_yaml, only_comments

__all__ = ["DEFAULT_MAX_BYTES", "REPORT_SUFFIXES", "WORKBOOK_SUFFIX", "YAML_SUFFIXES", "LoadError", "Loaded",
           "decode", "kind_of", "load_bytes", "load_path", "load_stream_bytes", "parse", "read_bytes"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")
REPORT_SUFFIXES = (".json", *YAML_SUFFIXES)
WORKBOOK_SUFFIX = ".xlsx"  # read when named explicitly; a folder's workbooks are not assumed to be reports


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file, refusing it as soon as more than ``max_bytes`` have been read.

    The size is judged by the bytes read, never by ``stat`` (a symlink to ``/dev/zero`` reports
    0), and a FIFO or device is refused without blocking (``fileio.reading``).
    """
    try:
        return read_file(path, max_bytes)
    except ReadRefused as exc:
        if exc.code == "too_large":
            raise LoadError("load.too_large", size=_file_size(path, exc.params["size"]), limit=max_bytes) from None
        if exc.code == "is_directory":
            raise LoadError("load.io", reason="is a directory") from None
        if exc.code == "not_regular":
            raise LoadError("load.not_regular", kind=exc.params["kind"]) from None
        if exc.code == "not_found":
            raise LoadError("load.not_found") from None
        raise LoadError("load.io", reason=exc.params.get("reason", exc.code)) from None


def _file_size(path: str | Path, read: int) -> int:
    """The size to report for a file over the cap: its real size when ``stat`` knows it."""
    try:
        return max(os.stat(path).st_size, read)
    except OSError:
        return read


def decode(data: bytes) -> str:
    """Decode strictly as UTF-8 (a BOM is allowed); say what the bytes look like otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("load.encoding_utf16", line=1, column=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[: exc.start].decode("utf-8", "replace")
        line, column = line_col(head, len(head))
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise LoadError("load.encoding", line=line, column=column, offset=exc.start) from None
        raise LoadError("load.encoding_gb18030", line=line, column=column, offset=exc.start) from None


def parse(text: str, kind: str, orjson_refused: bool = False) -> Loaded:
    """Parse JSON or YAML text into plain data (dict, list, str, int, float, bool, None).

    ``orjson_refused``: JSON whose bytes the fast path has already refused (``load_json``).
    """
    if not text.strip() or (kind == "yaml" and only_comments(text)):
        raise LoadError("load.empty")
    loaded = load_json(text, orjson_refused) if kind == "json" else load_yaml(text)
    if not isinstance(loaded.data, dict):
        raise LoadError("load.not_object", line=1, column=1, found=type(loaded.data).__name__)
    return loaded


def load_bytes(data: bytes, name: str) -> Loaded:
    """Parse the bytes of a report file named ``name``: JSON goes to orjson undecoded first (the
    fast path of ``jsonload``), everything else is decoded and parsed as text."""
    lower = name.lower()
    if lower.endswith(".json"):
        loaded = fast_json(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
        if loaded is not None:
            return loaded
        return parse(decode(data), "json", orjson_refused=True)  # not orjson a second time
    if lower.endswith(WORKBOOK_SUFFIX):
        from .workbook import load_workbook_bytes  # the workbook of ``export``, read by its map

        return load_workbook_bytes(data, name)
    text = decode(data)
    return parse(text, kind_of(name, text))


def kind_of(name: str, text: str | None = None) -> str:
    """JSON or YAML from the file name; for standard input, from the first character."""
    lower = name.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    if text is not None and text.lstrip().startswith(("{", "[")):
        return "json"
    return "yaml"


def load_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read, decode and parse one report file."""
    return load_bytes(read_bytes(path, max_bytes), os.fspath(path))


def load_stream_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Decode and parse bytes already read (standard input), with the same cap."""
    if len(data) > max_bytes:
        raise LoadError("load.too_large", size=len(data), limit=max_bytes)
    return load_bytes(data, name)
