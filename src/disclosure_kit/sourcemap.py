"""JSON pointer -> (line, column) in the original text of a report file.

YAML files get their map while they are loaded (``loading.py`` walks the composed nodes). JSON
files are parsed by the C parser, which keeps no positions, so their map is built lazily, only
when a finding needs a place, by the small scanner below over text that is already known to be
valid JSON.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def escape_token(token: str) -> str:
    """RFC 6901 escaping of one reference token."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass
class SourceMap:
    """Positions (1-based line and column) of values and of the keys that hold them."""

    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

    def value(self, pointer: str) -> tuple[int, int] | None:
        """Position of the value at ``pointer``, or of its nearest ancestor that exists."""
        while True:
            hit = self.values.get(pointer)
            if hit is not None or not pointer:
                return hit
            pointer = pointer.rsplit("/", 1)[0]

    def key(self, pointer: str) -> tuple[int, int] | None:
        return self.keys.get(pointer) or self.value(pointer)


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1


def json_sourcemap(text: str) -> SourceMap:
    """Map every value and key of a valid JSON document to its line and column."""
    import json

    lines = _Lines(text)
    smap = SourceMap()
    decode = json.JSONDecoder().decode

    def skip(i: int) -> int:
        return _WS.match(text, i).end()  # type: ignore[union-attr]

    def value(i: int, pointer: str) -> int:
        i = skip(i)
        smap.values[pointer] = lines.at(i)
        ch = text[i]
        if ch == "{":
            i = skip(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                m = _STRING.match(text, i)
                assert m is not None
                child = f"{pointer}/{escape_token(decode(m.group(0)))}"
                smap.keys[child] = lines.at(i)
                i = skip(m.end())
                i = value(i + 1, child)  # past ':'
                i = skip(i)
                if text[i] == "}":
                    return i + 1
                i = skip(i + 1)  # past ','
        if ch == "[":
            i = skip(i + 1)
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = skip(value(i, f"{pointer}/{n}"))
                n += 1
                if text[i] == "]":
                    return i + 1
                i = i + 1
        m = _STRING.match(text, i) if ch == '"' else _SCALAR.match(text, i)
        if m is None:  # NaN and the like never reach here: loading refuses them first
            raise ValueError(f"unexpected JSON text at offset {i}")
        return m.end()

    start = 1 if text.startswith("\ufeff") else 0
    value(start, "")
    return smap
