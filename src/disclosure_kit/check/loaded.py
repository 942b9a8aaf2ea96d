"""What the loading stage hands on: ``Loaded`` (data, text, positions) or a ``LoadError``.

Kept apart from ``loading`` so that the JSON and YAML readers and the dispatcher can all name
these two types without importing each other.
"""

from __future__ import annotations

from typing import Any

from .sourcemap import JsonLocator, SourceMap


class LoadError(Exception):
    """A report file that cannot be loaded; ``code`` is the finding code.

    ``pointer`` names the value at fault when there is one (a duplicate key, a NaN, a number out
    of range), so the finding can be placed like any other.
    """

    def __init__(self, code: str, line: int | None = None, column: int | None = None, *, pointer: str = "",
                 **params: Any):
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.pointer = pointer
        self.params = params


class Loaded:
    """A loaded report: its data, its text, and where each value stands in that text.

    A JSON file read by the fast path keeps its bytes and decodes them only if a finding needs a
    position (``text``, ``sourcemap``). ``suspect_text`` lists the pointers of the strings that
    hold control or bidirectional-override characters when the reader knows them (an empty tuple
    when it knows there are none, None when the checker must look).
    """

    __slots__ = ("_map", "_raw", "_text", "data", "findings", "kind", "suspect_text")

    def __init__(self, data: Any, text: str = "", kind: str = "json", _map: SourceMap | None = None,
                 findings: list[Any] | None = None, *, raw: bytes | None = None,
                 suspect_text: tuple[str, ...] | None = None) -> None:
        self.data = data
        self.kind = kind  # "json", "yaml" or "xlsx"
        self.findings = findings if findings is not None else []  # found while reading (a workbook's)
        self._text = text
        self._raw = raw
        self._map: SourceMap | JsonLocator | None = _map
        self.suspect_text = suspect_text

    @property
    def text(self) -> str:
        if not self._text and self._raw:
            self._text = self._raw.decode("utf-8")
        return self._text

    @property
    def sourcemap(self) -> SourceMap | JsonLocator:
        if self._map is None:
            self._map = JsonLocator(self.text, self.data)
        return self._map
