"""Change a few values of a report file and nothing else: comments, layout and spellings stay.

``fill`` writes numbers into blank cells of a file the author keeps editing. Rewriting the whole
file from data would drop the author's comments; a round-trip YAML library keeps comments but
still respells what it re-emits (measured with ruamel.yaml 0.19: ``~`` becomes empty, ``+3``
becomes ``3``, ``a:   5`` becomes ``a: 5``), and it would re-emit YAML 1.1 scalars such as
``017`` or ``yes`` under another reading. So the edit is made where the value stands: the loader
recorded the line and column of every value, a blank cell's value is a null token (``null``,
``~``, ``Null``, ``NULL`` or nothing), and exactly that token is replaced. Every other byte of
the file (a byte-order mark, CRLF line ends, comments, quoting) is kept. The new text is parsed
again and must give exactly the intended data; otherwise nothing is written.
"""

from __future__ import annotations

import re
from typing import Any

from ..check.identities import raw_value
from ..check.loading import Loaded, parse
from ..check.sourcemap import pointer_keys
from .reportfile import scalar

_NULL = re.compile(r"(?:null|Null|NULL|~)?")


class EditRefused(ValueError):
    """The edited text would not read back as the intended report: nothing is written."""


def _offsets(text: str) -> list[int]:
    """The offset of the start of every line (lines end at ``\\n``; a ``\\r`` before it stays)."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def replace_nulls(loaded: Loaded, values: dict[str, Any], expected: dict[str, Any]) -> str:
    """The file's text with the null at each pointer of ``values`` replaced by its new value.

    ``expected`` is the whole report after the change: the edited text must parse to it exactly.
    """
    text = loaded.text
    starts = _offsets(text)
    edits: list[tuple[int, int, str]] = []
    for pointer, value in values.items():
        at = loaded.sourcemap.values.get(pointer)
        if at is None:
            raise EditRefused(f"no position for {pointer}")
        line, column = at
        offset = starts[line - 1] + column - 1
        token = _NULL.match(text, offset)
        assert token is not None  # the pattern matches the empty string
        new = scalar(value)
        if not token.group(0) and offset > 0 and text[offset - 1] == ":":
            new = " " + new  # ``total:`` with nothing after it
        edits.append((offset, token.end(), new))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    try:
        again = parse(text, loaded.kind).data
    except Exception as exc:
        raise EditRefused(f"the edited file does not parse: {exc}") from None
    if again != expected:
        raise EditRefused("the edited file does not read back as the filled report")
    return text


def edited_bytes(raw: bytes, text: str) -> bytes:
    """The edited text encoded like the original (UTF-8, with its byte-order mark if it had one)."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8")


def fill_workbook(raw: bytes, name: str, loaded: Loaded, values: dict[str, Any]) -> bytes:
    """The workbook with each value written into the cell its map names; everything else as it was.

    openpyxl keeps the sheets, styles, merges, formulas, data validation and conditional formats
    of a workbook it reads; it drops the formulas' cached values, which the reader recomputes (and
    any spreadsheet program recalculates on opening).
    """
    import io

    from openpyxl import load_workbook

    from ..check.workbook import read_workbook_bytes
    from ..check.workbook_format import split_excel_ref

    wb = load_workbook(io.BytesIO(raw))  # the archive was inflated within the limits when it was loaded
    for pointer, value in values.items():
        where = loaded.sourcemap.cells.get(pointer)
        if where is None:
            raise EditRefused(f"no cell for {pointer}")
        sheet, coordinate = split_excel_ref(where)
        wb[sheet][coordinate].value = value
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    again, _, _ = read_workbook_bytes(data, name)  # its formula totals follow their parts: compare what we wrote
    for pointer, value in values.items():
        if raw_value(again, pointer_keys(pointer)) != value:
            raise EditRefused(f"the edited workbook does not read back {pointer} as {value}")
    return data
