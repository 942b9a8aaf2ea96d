"""JSON pointer -> (line, column) in the original text of a report file.

YAML files get their map while they are loaded (``yamlload.py`` walks the composed nodes, which
carry their marks). JSON files are parsed by a C parser that keeps no positions, so they get a
``JsonLocator`` instead: it finds one pointer when a finding asks for it, descending through the
text and skipping every sibling it passes with the standard library's C scanner, so a file with
three findings costs three short descents, not a map of its 2,000 values.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")
_SCAN = json.JSONDecoder().scan_once  # the C scanner: (value, end) of the JSON value at an offset


def escape_token(token: str) -> str:
    """RFC 6901 escaping of one reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_keys(pointer: str) -> tuple[str, ...]:
    """The keys a JSON pointer names, unescaped (``/a~1b/c`` -> ``("a/b", "c")``; ``""`` -> ``()``)."""
    return tuple(unescape_token(t) for t in pointer.split("/")[1:])


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset into ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


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


class JsonLocator:
    """The ``SourceMap`` questions answered on demand for JSON text the parser has accepted.

    ``value(pointer)`` is the position of the value's first character, ``key(pointer)`` that of
    the key's opening quote; a pointer that does not exist answers with its nearest ancestor.
    Each container is scanned at most once, from where the last question left it, and every
    item passed is remembered: a file with 10,000 findings costs one pass, not 10,000. ``values``
    and ``keys`` (the whole map, for a tool that edits the text in place) scan everything once.
    The text has no duplicate keys (those are refused when it is loaded).

    ``data``, the value parsed from the text when the caller has it, answers a pointer that does
    not exist (``schema.required``, ``version.absent``) without scanning its whole container for
    it: the scan skips every sibling with the C scanner, which costs about as much as parsing them.
    """

    cells: dict[str, str] = {}  # noqa: RUF012 - never written: JSON text has no workbook cells
    formulas: frozenset[str] = frozenset()

    def __init__(self, text: str, data: Any = None) -> None:
        self.text = text
        self.data = data
        self._found: dict[str, tuple[int, int | None]] = {"": (_WS.match(text).end(), None)}
        self._cursor: dict[str, tuple[int, int]] = {}  # container -> (offset of next item, its index)
        self._children: dict[str, list[str]] = {}
        self._asked = 0
        self._lines: list[int] | None = None  # offsets of line starts, once many positions are asked

    def _line_col(self, index: int) -> tuple[int, int]:
        """``line_col``, through an index of line starts after the first few questions (each
        ``line_col`` counts from the start of the text)."""
        self._asked += 1
        if self._asked <= 16:
            return line_col(self.text, index)
        if self._lines is None:
            self._lines = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
        line = bisect_right(self._lines, index)
        return line, index - self._lines[line - 1] + 1

    def _locate(self, pointer: str) -> tuple[tuple[int, int | None], bool]:
        """Offsets of the value and of its key, and whether ``pointer`` itself exists (else those
        of its deepest existing ancestor)."""
        hit = self._found.get(pointer)
        if hit is not None:
            return hit, True
        parent, _, token = pointer.rpartition("/")
        place, exact = self._locate(parent)
        if exact and self._may_hold(parent, token) and self._scan(parent, place[0], pointer):
            return self._found[pointer], True
        return place, False

    def _may_hold(self, parent: str, token: str) -> bool:
        """False when ``data`` shows that the container at ``parent`` has no item ``token``."""
        if self.data is None:
            return True
        node = self.data
        for key in pointer_keys(parent):
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return True  # the data does not match the text here: let the text answer
        if isinstance(node, dict):
            return unescape_token(token) in node
        if isinstance(node, list):
            return token.isdigit() and int(token) < len(node)
        return True

    def _scan(self, parent: str, start: int, wanted: str | None) -> bool:
        """Read on through the container at ``start`` until ``wanted`` is among its items."""
        text = self.text
        opener = text[start:start + 1]
        if opener not in ("{", "["):
            return False
        i, index = self._cursor.get(parent) or (_WS.match(text, start + 1).end(), 0)
        while text[i] not in "}]":
            if opener == "{":
                key, end = scanstring(text, i + 1)
                value = _WS.match(text, _WS.match(text, end).end() + 1).end()
                child, place = f"{parent}/{escape_token(key)}", (value, i)
            else:
                value = i
                child, place = f"{parent}/{index}", (value, None)
            self._found[child] = place
            self._children.setdefault(parent, []).append(child)
            i, index = self._next(value), index + 1
            self._cursor[parent] = (i, index)
            if child == wanted:
                return True
        self._cursor[parent] = (i, index)
        return False

    def _next(self, value: int) -> int:
        """Offset of the item after the value at ``value`` (past its comma), or of the closer."""
        text = self.text
        _, end = _SCAN(text, value)
        i = _WS.match(text, end).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()
        return i

    def _scan_all(self) -> None:
        stack = [""]
        while stack:
            pointer = stack.pop()
            self._scan(pointer, self._found[pointer][0], None)
            stack.extend(self._children.get(pointer, ()))

    @property
    def values(self) -> dict[str, tuple[int, int]]:
        """Position of every value (the whole map of ``SourceMap.values``)."""
        self._scan_all()
        return {p: self._line_col(at) for p, (at, _) in self._found.items()}

    @property
    def keys(self) -> dict[str, tuple[int, int]]:
        """Position of every key (the whole map of ``SourceMap.keys``)."""
        self._scan_all()
        return {p: self._line_col(key) for p, (_, key) in self._found.items() if key is not None}

    def cell(self, pointer: str) -> str | None:
        return None

    def value(self, pointer: str) -> tuple[int, int] | None:
        return self._line_col(self._locate(pointer)[0][0])

    def key(self, pointer: str) -> tuple[int, int] | None:
        (start, key_at), exact = self._locate(pointer)
        return self._line_col(key_at if exact and key_at is not None else start)


def json_sourcemap(text: str) -> SourceMap:
    """The whole map of a valid JSON document at once (what a tool that reports on a schema file
    needs); a report's findings use a ``JsonLocator`` instead, which reads only what is asked."""
    locator = JsonLocator(text)
    return SourceMap(values=locator.values, keys=locator.keys)
