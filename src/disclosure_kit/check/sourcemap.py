"""JSON pointer -> (line, column) in the original text of a report file.

YAML files get their map while they are loaded (``loading.py`` walks the composed nodes). JSON
files are parsed by the C parser, which keeps no positions, so their map is built lazily, only
when a finding needs a place, by the small scanner below over text that is already known to be
valid JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
    cells: dict[str, str] = field(default_factory=dict)  # a workbook's: pointer -> 'sheet'!A1
    formulas: set[str] = field(default_factory=set)  # a workbook's pointers whose value a formula computes

    def in_cell_order(self) -> Callable[[Any], tuple[int, str, str]]:
        """Sort key of a workbook's findings: where their cells stand in the workbook, sheet by sheet."""
        rank = {c: i for i, c in enumerate(dict.fromkeys(self.cells.values()))}
        return lambda f: (rank.get(f.cell, -1), f.code, f.pointer)

    def cell(self, pointer: str) -> str | None:
        """The workbook cell of ``pointer`` or of its nearest ancestor that has one."""
        while self.cells:
            hit = self.cells.get(pointer)
            if hit is not None or not pointer:
                return hit
            pointer = pointer.rsplit("/", 1)[0]
        return None

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
    """Offset -> (line, column), for the few places found by searching the text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def at(self, index: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def json_sourcemap(text: str) -> SourceMap:
    """Map every value and key of a valid JSON document to its line and column.

    One pass over the tokens with a stack of open containers; only called for files that have
    findings, over text the JSON parser has already accepted.
    """
    import json

    smap = SourceMap()
    line, line_start, last = 1, 0, 0
    # stack entries: [pointer, is_object, next array index, pending key pointer]
    stack: list[list] = []
    expecting_key = False
    pointer = ""
    for m in _TOKEN.finditer(text):
        tok, pos = m.group(0), m.start()
        newlines = text.count("\n", last, pos)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, pos) + 1
        last = pos
        where = (line, pos - line_start + 1)
        if tok in (":", ","):
            if tok == "," and stack and stack[-1][1]:
                expecting_key = True
            continue
        if tok in ("}", "]"):
            stack.pop()
            expecting_key = False
            continue
        if expecting_key:  # an object key
            key = json.loads(tok) if "\\" in tok else tok[1:-1]
            pointer = f"{stack[-1][0]}/{escape_token(key)}"
            smap.keys[pointer] = where
            stack[-1][3] = pointer
            expecting_key = False
            continue
        if stack:  # a value inside a container
            top = stack[-1]
            if top[1]:
                pointer = top[3]
            else:
                pointer = f"{top[0]}/{top[2]}"
                top[2] += 1
        else:
            pointer = ""
        smap.values[pointer] = where
        if tok == "{":
            stack.append([pointer, True, 0, ""])
            expecting_key = True
        elif tok == "[":
            stack.append([pointer, False, 0, ""])
    return smap
