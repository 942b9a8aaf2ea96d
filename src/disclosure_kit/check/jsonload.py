"""JSON text -> report data: orjson for the common case, an exact reading for everything else.

The common case costs little more than orjson itself. orjson accepts what a report may not
contain silently, so three checks follow it, each at C or Rust speed:

* **duplicate keys** (orjson keeps the last): outside strings a colon only ever follows a key, and
  re-serialising the data writes every string's colons back, so the text and ``orjson.dumps`` of
  the data have as many colons unless a duplicate key (and its value) was dropped. A text that
  writes a colon as ``\\u003a`` could hide one, so it takes the exact path.
* **numbers and text** (``SANITY``, one jsonschema-rs pass): every number within the integers of
  64-bit signed range (orjson turns a larger integer into an inexact float), nesting within
  ``json_depth``, and no control or bidirectional-override character in any string.
* **size**: a file longer than ``yaml_nodes`` bytes has its values bounded before it is parsed.

Whatever fails these, or fails orjson (NaN, a lone surrogate, bad UTF-8, a syntax error), is read
again by the standard library and scanned token by token, which finds the first problem in
document order with its pointer, line and column.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from typing import Any

import orjson

from ..fileio.limits import limits
from .chars import SUSPECT, lone_surrogate
from .loaded import Loaded, LoadError
from .sourcemap import escape_token, line_col

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_INT = re.compile(r"-?(?:0|[1-9]\d*)")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


@cache
def _sanity(depth: int) -> Any:
    """A validator for what orjson lets through (see above), one pass at Rust speed.

    Each level's keywords apply only to their own type (``maximum`` to numbers, ``pattern`` to
    strings, ``items`` to arrays…), so no node tries alternatives; the last level admits only
    empty containers.
    """
    import jsonschema_rs

    clean = "^[^" + SUSPECT[1:-1] + "]*$"
    defs: dict[str, Any] = {}
    for level in range(depth + 1):
        child = {"$ref": f"#/$defs/d{level + 1}"} if level < depth else False
        defs[f"d{level}"] = {"exclusiveMinimum": INT_MIN, "maximum": INT_MAX, "pattern": clean,
                             "additionalProperties": child, "items": child}
    return jsonschema_rs.Draft202012Validator({"$defs": defs, "$ref": "#/$defs/d0"})


def load_json(text: str, orjson_refused: bool = False) -> Loaded:
    """Parse report JSON text; raise ``LoadError`` for what a report may not be.

    ``orjson_refused``: the fast path has already refused this text's bytes (``loading.load_bytes``
    tries them first), so only the exact reading is left. A text that still starts with a BOM
    (a file that had two) is not those bytes, and is tried without it.
    """
    if text.startswith("\ufeff"):
        return fast_json(text[1:]) or exact(text)
    return (None if orjson_refused else fast_json(text)) or exact(text)


def fast_json(body: bytes | str) -> Loaded | None:
    """The report read by orjson when it passes the checks above, else None (take ``exact``).

    ``body`` is the file's bytes (after a BOM) or its text.
    """
    bounds = limits()
    if len(body) > bounds.yaml_nodes:
        _count_values(body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass"), bounds.yaml_nodes)
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(data) is not dict or not _same_keys(body, data) or not _sanity(bounds.json_depth).is_valid(data):
        return None
    if isinstance(body, bytes):
        return Loaded(data, kind="json", raw=body, suspect_text=())
    return Loaded(data, body, "json", suspect_text=())


def _same_keys(body: bytes | str, data: dict[str, Any]) -> bool:
    """No key was dropped as a duplicate (the colon count above)."""
    text = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    at = text.find(b"\\u003")
    while at >= 0:  # a colon written as an escape (\u003a) could hide a duplicate: take the exact path
        if text[at + 5:at + 6] in (b"a", b"A"):
            return False
        at = text.find(b"\\u003", at + 5)
    return text.count(b":") == orjson.dumps(data).count(b":")


def _count_values(body: bytes, limit: int) -> None:
    """Refuse a file with more than ``limit`` values before parsing it: a 10 MB flat list of
    numbers would take 900 MB as Python objects.

    Each value after the first of a container follows a comma, and each container opens with a
    bracket, so commas plus brackets bound the values from above. Commas and brackets inside
    strings count too: only a file with more than ``limit`` of them is refused, and a report has
    about 600 values (an exact count would cost more than the parse it protects against).
    """
    if 1 + body.count(b",") + body.count(b"[") + body.count(b"{") > limit:
        raise LoadError("load.too_many_nodes", limit=limit)


def exact(text: str) -> Loaded:
    """The standard library's reading, then a token scan for what it lets through."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError("load.syntax", exc.lineno, exc.colno, detail=exc.msg) from None
    except RecursionError:  # the C parser guards its own stack
        raise LoadError("load.too_deep", limit=limits().json_depth) from None
    problem = first_problem(text, limits().json_depth)
    if problem is not None:
        raise problem
    if not isinstance(data, dict):
        raise LoadError("load.not_object", line=1, column=1, found=type(data).__name__)
    return Loaded(data, text, "json")


def _string(token: str) -> str:
    return json.loads(token) if "\\" in token else token[1:-1]


def _scalar_problem(token: str) -> tuple[str, dict[str, Any]] | None:
    """The load finding a scalar token deserves, if any (code and parameters)."""
    if token[0] == '"':
        if "\\u" in token and lone_surrogate(_string(token)):
            return "load.surrogate", {}
        return None
    if token in ("NaN", "Infinity", "-Infinity"):
        return "load.nan", {"value": token}
    if _INT.fullmatch(token):
        if not INT_MIN <= int(token) <= INT_MAX:
            return "load.number_range", {"value": token}
        return None
    if _NUMBER.fullmatch(token) and not math.isfinite(float(token)):
        return "load.nan", {"value": token}
    return None


def first_problem(text: str, max_depth: int) -> LoadError | None:
    """The first duplicate key, NaN, number out of range, lone surrogate or too deep a value, in
    document order, with its pointer and position; None when the text has none.

    Runs only on text the standard library has parsed, so the tokens are well formed.
    """
    # one entry per open container: [pointer, is object, next array index, keys seen, key pointer]
    stack: list[list[Any]] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token, pos = match.group(0), match.start()
        first = token[0]
        if first in ":,":
            if first == "," and stack and stack[-1][1]:
                expecting_key = True
            continue
        if first in "}]":
            stack.pop()
            expecting_key = False
            continue
        if expecting_key:
            top = stack[-1]
            key = _string(token)
            pointer = f"{top[0]}/{escape_token(key)}"
            if key in top[3]:
                return LoadError("load.duplicate_key", *line_col(text, pos), pointer=pointer, key=key)
            if "\\u" in token and lone_surrogate(key):
                return LoadError("load.surrogate", *line_col(text, pos), pointer=pointer)
            top[3].add(key)
            top[4] = pointer
            expecting_key = False
            continue
        if stack:
            top = stack[-1]
            if top[1]:
                pointer = top[4]
            else:
                pointer = f"{top[0]}/{top[2]}"
                top[2] += 1
        else:
            pointer = ""
        if len(stack) > max_depth:
            return LoadError("load.too_deep", *line_col(text, pos), pointer=pointer, limit=max_depth)
        if first in "{[":
            stack.append([pointer, first == "{", 0, set(), ""])
            expecting_key = first == "{"
            continue
        found = _scalar_problem(token)
        if found is not None:
            return LoadError(found[0], *line_col(text, pos), pointer=pointer, **found[1])
    return None
