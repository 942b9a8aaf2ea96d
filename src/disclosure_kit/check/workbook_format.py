"""The workbook format of ``export --to xlsx``, shared by its writer and its reader.

Owns what the two must agree on: the names of the hidden sheets, the ``_map`` that says which cell
holds which JSON pointer and what JSON type it had, Excel cell references, and the totals written as
formulas (``derived_totals``: the cells one identity determines from cells that are never totals
themselves, so a formula never depends on another formula the clerk might overwrite). The writer
is ``authoring.workbook``, the reader ``check.workbook``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from ..model.editions import Edition

MAP_SHEET = "_map"
EXTRA_SHEET = "_extra"
MAP_FORMAT = "disclosure-kit/xlsx-map"
MAP_VERSION = "1"
MAP_HEADER = ("pointer", "sheet", "cells", "kind", "type")
UNIT_SUFFIX = "#unit"
BIGINT = "bigint"  # an integer beyond 2^53, stored as text: a spreadsheet number is a double
EXACT_INT = 2**53
MAX_COLUMN = 16384  # XFD, the last column of a worksheet

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")


def sheet_name_of(title: str, number: str | None) -> str:
    """The sheet of a table: ``表三`` from the table's number; other sheets by their title."""
    return f"表{number}" if number else title


def excel_ref(sheet: str, coordinate: str) -> str:
    """``表三!J5``, quoted as Excel quotes it when the sheet name needs it (``'a b'!J5``)."""
    plain = re.fullmatch(r"[^\s'!:\-+()&,;=<>\[\]*?/\\]+", sheet) is not None
    return f"{sheet}!{coordinate}" if plain else "'" + sheet.replace("'", "''") + f"'!{coordinate}"


def split_excel_ref(where: str) -> tuple[str, str]:
    """(sheet, A1) of ``表三!J5`` or ``'a b'!J5``."""
    sheet, _, coordinate = where.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, coordinate


def split_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a single-cell reference inside the worksheet's limits, else None."""
    m = _REF.match(ref)
    if m is None:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    row = int(m.group(2))
    return (row, col) if col <= MAX_COLUMN and row <= 1_048_576 else None


# --------------------------------------------------------------------------- totals as formulas


@cache
def derived_totals(edition: Edition) -> dict[str, tuple[str, ...]]:
    """Cells that are the sum of other cells (a total of one identity), and the cells they sum.

    Read from the schema's identities: one left-hand cell equal to a plain sum of the right-hand
    cells, in the same table. The first identity that names a cell wins ((七)总计 / 总计 is both a
    column total and a row total); an identity that would make a cell depend on itself is skipped.
    """
    out: dict[str, tuple[str, ...]] = {}
    for identity in edition.identities:
        if len(identity.left) != 1 or any(t.sign != 1 or t.year != "current" for t in identity.terms):
            continue
        total = identity.left[0].cell
        parts = tuple(t.cell.pointer for t in identity.right)
        if total.pointer in out or total.kind == "money" or any(
                t.cell.kind == "money" or t.cell.table is not total.table for t in identity.right):
            continue
        if _reaches(out, parts, total.pointer):
            continue
        out[total.pointer] = parts
    return out


def _reaches(totals: dict[str, tuple[str, ...]], parts: tuple[str, ...], target: str) -> bool:
    stack, seen = list(parts), set()
    while stack:
        p = stack.pop()
        if p == target:
            return True
        if p not in seen:
            seen.add(p)
            stack.extend(totals.get(p, ()))
    return False


def sum_formula(refs: list[str]) -> str:
    """The formula of a derived total: blank while all its parts are blank, else their sum."""
    ranges = ",".join(_ranges(refs))
    return f'=IF(COUNT({ranges})=0,"",SUM({ranges}))'


def _ranges(refs: list[str]) -> list[str]:
    """``D7,D8,D9`` → ``D7:D9``: runs of consecutive cells in one column or one row."""
    cells = [split_ref(r) for r in refs]
    if any(c is None for c in cells):
        return refs
    out: list[str] = []
    i = 0
    while i < len(refs):
        j = i
        while j + 1 < len(refs) and _next_to(cells[j], cells[j + 1], cells[i]):  # type: ignore[arg-type]
            j += 1
        out.append(refs[i] if j == i else f"{refs[i]}:{refs[j]}")
        i = j + 1
    return out


def _next_to(a: tuple[int, int], b: tuple[int, int], first: tuple[int, int]) -> bool:
    same_col = a[1] == b[1] == first[1] and b[0] == a[0] + 1
    same_row = a[0] == b[0] == first[0] and b[1] == a[1] + 1
    return same_col or same_row


def formula_value(parts: list[Any]) -> Any:
    """What our formula gives for these part values: None (shown blank) or the exact sum."""
    numbers = [p for p in parts if isinstance(p, int | float) and not isinstance(p, bool)]
    if not numbers:
        return None
    total = sum((Decimal(repr(p)) if isinstance(p, float) else p for p in numbers), 0)
    if isinstance(total, Decimal):
        return int(total) if total == total.to_integral_value() else float(total)
    return total


def same_number(a: Any, b: Any) -> bool:
    numbers = [isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b)]
    if all(numbers):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b

