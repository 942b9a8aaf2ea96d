"""Bytes -> report data, safely: size cap, strict decoding, safe YAML/JSON, duplicate keys.

Every failure becomes a ``LoadError`` carrying a finding code (``load.*``), a line and a column,
so that the caller can report it like any other finding and go on with the next file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..fileio.reading import ReadRefused, read_file
from .sourcemap import SourceMap, _Lines, escape_token, json_sourcemap

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
YAML_SUFFIXES = (".yaml", ".yml")
REPORT_SUFFIXES = (".json", *YAML_SUFFIXES)
WORKBOOK_SUFFIX = ".xlsx"  # read when named explicitly; a folder's workbooks are not assumed to be reports
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS: dict[type, frozenset[str]] = {
    yaml.MappingNode: frozenset({"tag:yaml.org,2002:map"}),
    yaml.SequenceNode: frozenset({"tag:yaml.org,2002:seq"}),
    yaml.ScalarNode: frozenset(
        f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
    ),
}


class LoadError(Exception):
    """A report file that cannot be loaded; ``code`` is the finding code."""

    def __init__(self, code: str, line: int | None = None, column: int | None = None, **params: Any):
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.params = params


@dataclass
class Loaded:
    """A loaded report: its data, its text, and where each value stands in that text."""

    data: Any
    text: str
    kind: str  # "json", "yaml" or "xlsx"
    _map: SourceMap | None = None
    findings: list[Any] = field(default_factory=list)  # found while reading (a workbook's stale formulas)

    @property
    def sourcemap(self) -> SourceMap:
        if self._map is None:
            self._map = json_sourcemap(self.text)
        return self._map


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
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


def _file_size(path: Path, read: int) -> int:
    """The size to report for a file over the cap: its real size when ``stat`` knows it."""
    try:
        return max(path.stat().st_size, read)
    except OSError:
        return read


def decode(data: bytes) -> str:
    """Decode strictly as UTF-8 (a BOM is allowed); say what the bytes look like otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("load.encoding_utf16", line=1, column=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _Lines(data[: exc.start].decode("utf-8", "replace")).at(
            len(data[: exc.start].decode("utf-8", "replace"))
        )
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise LoadError("load.encoding", line=line, column=column, offset=exc.start) from None
        raise LoadError("load.encoding_gb18030", line=line, column=column, offset=exc.start) from None


def parse(text: str, kind: str) -> Loaded:
    """Parse JSON or YAML text into plain data (dict, list, str, int, float, bool, None)."""
    if not text.strip() or (kind == "yaml" and _only_comments(text)):
        raise LoadError("load.empty")
    data = _parse_json(text) if kind == "json" else None
    loaded = Loaded(data, text, kind) if kind == "json" else _parse_yaml(text)
    if not isinstance(loaded.data, dict):
        raise LoadError("load.not_object", line=1, column=1, found=type(loaded.data).__name__)
    return loaded


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


def load_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read, decode and parse one report file."""
    raw = read_bytes(path, max_bytes)
    if path.suffix.lower() == WORKBOOK_SUFFIX:
        from .workbook import load_workbook_bytes  # the workbook of ``export``, read by its map

        return load_workbook_bytes(raw, str(path))
    text = decode(raw)
    return parse(text, kind_of(path.name, text))


def load_stream_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Decode and parse bytes already read (standard input), with the same cap."""
    if len(data) > max_bytes:
        raise LoadError("load.too_large", size=len(data), limit=max_bytes)
    if name.lower().endswith(WORKBOOK_SUFFIX):
        from .workbook import load_workbook_bytes

        return load_workbook_bytes(data, name)
    text = decode(data)
    return parse(text, kind_of(name, text))


# --------------------------------------------------------------------------- JSON


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


def _refuse_constant(name: str) -> Any:
    raise LoadError("load.nan", value=name)


def _parse_json(text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_refuse_constant)
    except LoadError as exc:
        token = exc.params.get("value", "NaN")
        exc.line, exc.column = _Lines(text).at(max(text.find(token), 0))
        raise
    except _Duplicate as exc:
        line, column = _find_duplicate_json(text, exc.key)
        raise LoadError("load.duplicate_key", line=line, column=column, key=exc.key) from None
    except json.JSONDecodeError as exc:
        raise LoadError("load.syntax", line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    except RecursionError:  # the C parser guards its own stack; the schema bounds the rest
        raise LoadError("load.too_deep", limit=MAX_DEPTH) from None
    return data


def _find_duplicate_json(text: str, key: str) -> tuple[int, int]:
    """Position of the second occurrence of a key string (good enough to point a clerk at it)."""
    needle = json.dumps(key, ensure_ascii=False)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    return _Lines(text).at(second if second >= 0 else max(first, 0))


# --------------------------------------------------------------------------- YAML

_COMMENT_ONLY = re.compile(r"\A(?:\s*(?:#[^\n]*)?(?:\n|\Z))*\Z")


def _only_comments(text: str) -> bool:
    return bool(_COMMENT_ONLY.match(text)) or text.strip() in ("---", "...", "--- ...")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_FLOW_DEPTH = MAX_DEPTH


def _flow_depth(text: str) -> int:
    """Cheap upper bound of bracket nesting, checked before libyaml recurses into it."""
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    return best


def _parse_yaml(text: str) -> Loaded:
    if _flow_depth(text) > _MAX_FLOW_DEPTH * 4:
        raise LoadError("load.too_deep", limit=MAX_DEPTH)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        from .syntaxhints import yaml_error  # placed on the slip, with a hint for the common ones

        raise yaml_error(text, exc) from None
    except yaml.YAMLError as exc:
        raise LoadError("load.syntax", detail=str(exc)) from None
    except RecursionError:
        raise LoadError("load.too_deep", limit=MAX_DEPTH) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError("load.empty")
    smap = SourceMap()
    walker = _YamlWalker(smap)
    return Loaded(walker.build(node, "", 0), text, "yaml", smap)


class _YamlWalker:
    """Turn composed YAML nodes into data, refusing aliases, merges, odd tags and duplicates."""

    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        mark = node.start_mark
        if depth > MAX_DEPTH:
            raise LoadError("load.too_deep", line=mark.line + 1, column=mark.column + 1, limit=MAX_DEPTH)
        if id(node) in self.seen:  # the composer hands an alias back as the anchored node itself
            where = pointer
            while where and where not in self.smap.keys:
                where = where.rsplit("/", 1)[0]
            line, column = self.smap.keys.get(where, (mark.line + 1, mark.column + 1))
            raise LoadError("load.alias", line=line, column=column)
        self.seen.add(id(node))
        self.smap.values[pointer] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in _PLAIN_TAGS[type(node)]:
            raise LoadError("load.yaml_tag", line=mark.line + 1, column=mark.column + 1, tag=node.tag, detail="")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, f"{pointer}/{i}", depth + 1) for i, v in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                kmark = key_node.start_mark
                if key_node.tag == _MERGE_TAG:
                    raise LoadError("load.alias", line=kmark.line + 1, column=kmark.column + 1)
                if not isinstance(key_node, yaml.ScalarNode):
                    raise LoadError("load.syntax", line=kmark.line + 1, column=kmark.column + 1,
                                    detail="mapping key is not a scalar")
                key = key_node.value
                if key in out:
                    raise LoadError(
                        "load.duplicate_key", line=kmark.line + 1, column=kmark.column + 1, key=key
                    )
                child = f"{pointer}/{escape_token(key)}"
                self.smap.keys[child] = (kmark.line + 1, kmark.column + 1)
                out[key] = self.build(value_node, child, depth + 1)
            return out
        raise LoadError("load.syntax", line=mark.line + 1, column=mark.column + 1, detail="unknown node")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # dates stay text, as written
        mark = node.start_mark
        try:
            value = self.constructor.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            raise LoadError("load.yaml_tag", line=mark.line + 1, column=mark.column + 1,
                            tag=node.tag, detail=exc.problem or "") from None
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise LoadError("load.nan", line=mark.line + 1, column=mark.column + 1, value=node.value)
        if isinstance(value, bytes | set):
            raise LoadError("load.yaml_tag", line=mark.line + 1, column=mark.column + 1, tag=node.tag,
                            detail="")
        return value
