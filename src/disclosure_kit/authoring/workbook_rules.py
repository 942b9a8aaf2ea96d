"""The identities inside the workbook: totals as formulas, and red cells where an identity breaks.

A clerk types the detail cells in Excel, WPS or LibreOffice; the totals that one identity
determines (``check.workbook.derived_totals``) are formulas, so they cannot disagree while the
clerk types. Every identity of the table also gets a conditional format on its total (red when a
number typed over the formula disagrees with the parts), and a rule with several cells on each side
(table three's balance) gets a visible check row under the table that shows the difference per
column, red when it is not 0. Everything is read from the schema's identities; the reader ignores
the check rows (they are not in ``_map``).

A total is written as a formula only when that loses nothing: the report's value already equals
the sum of its parts, or the total and all its parts are blank. Otherwise the value is written as
it is (export never repairs a report), and the red format shows the break.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..check.identities import MISSING, cell_value
from ..check.workbook_format import derived_totals, sum_formula
from ..model.editions import Edition, Identity, Node

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

RED_FILL, RED_FONT = "FFC7CE", "9C0006"  # the spreadsheet programs' own "bad" style
TOLERANCE = "0.000001"  # amounts are doubles in a spreadsheet


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def formula_cells(edition: Edition, data: dict[str, Any], coords: dict[str, str]) -> dict[str, str]:
    """pointer -> formula for the derived totals of this sheet that can be formulas without loss."""
    out = {}
    for total, parts in derived_totals(edition).items():
        if total not in coords or any(p not in coords for p in parts):
            continue
        value = cell_value(data, edition.cell_by_pointer[total].path)
        values = [cell_value(data, edition.cell_by_pointer[p].path) for p in parts]
        if value is MISSING or any(v is MISSING for v in values):
            continue
        all_blank = value is None and all(v is None for v in values)
        consistent = _number(value) and all(_number(v) for v in values) and _equal(value, values)
        if all_blank or consistent:
            out[total] = sum_formula([coords[p] for p in parts])
    return out


def _equal(value: int | float, parts: list[Any]) -> bool:
    from decimal import Decimal

    def exact(v: int | float) -> Any:
        return Decimal(repr(v)) if isinstance(v, float) else v

    return exact(value) == sum((exact(v) for v in parts), 0)


def _terms(identity: Identity, coords: dict[str, str]) -> tuple[list[str], list[str]] | None:
    if any(t.year != "current" or t.cell.pointer not in coords for t in identity.terms):
        return None

    def side(terms: Any) -> list[str]:
        return [("-" if t.sign < 0 else "") + coords[t.cell.pointer] for t in terms]

    return side(identity.left), side(identity.right)


def _sum(refs: list[str]) -> str:
    plus = [r for r in refs if not r.startswith("-")]
    minus = [r[1:] for r in refs if r.startswith("-")]
    text = f"SUM({','.join(plus)})" if plus else "0"
    return text + (f"-SUM({','.join(minus)})" if minus else "")


def _broken(left: list[str], right: list[str]) -> str:
    """A formula true when every cell of the identity is filled and the two sides differ."""
    every = ",".join(r.lstrip("-") for r in left + right)
    return f"AND(COUNT({every})={len(left) + len(right)},ABS(({_sum(left)})-({_sum(right)}))>{TOLERANCE})"


def mark_identities(ws: Worksheet, edition: Edition, table: Node, coords: dict[str, str], last_row: int,
                    label_columns: int) -> None:
    """Red conditional formats on each identity's total, and a check row per balance-like rule."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    def red(cells: str, formula: str) -> None:
        ws.conditional_formatting.add(cells, FormulaRule(
            formula=[formula], fill=PatternFill(bgColor=RED_FILL), font=Font(color=RED_FONT, bold=True)))

    rows: dict[str, list[tuple[Identity, list[str], list[str]]]] = {}
    for identity in edition.identities:
        sides = _terms(identity, coords)
        if sides is None or not identity.terms[0].cell.pointer.startswith(table.pointer + "/"):
            continue
        left, right = sides
        red(left[0].lstrip("-"), _broken(left, right))
        if len(left) > 1:
            rows.setdefault(identity.rule_id, []).append((identity, left, right))
    row = last_row + 2
    for group in rows.values():
        if _check_row(ws, row, group, label_columns):
            for _, left, right in group:
                red(_column(left[0]) + str(row), _broken(left, right))
            row += 1


def _column(ref: str) -> str:
    return "".join(ch for ch in ref.lstrip("-") if ch.isalpha())


def _check_row(ws: Worksheet, row: int, group: list[tuple[Identity, list[str], list[str]]],
               label_columns: int) -> bool:
    """``勾稽关系检查：… 应为 0`` and one difference per column; False when columns would collide."""
    from openpyxl.utils import column_index_from_string

    columns = [_column(left[0]) for _, left, _ in group]
    if len(set(columns)) != len(columns):
        return False
    identity = group[0][0]
    label = ws.cell(row=row, column=1, value=f"检查（应为 0）：{identity.label.zh}")
    label.style = "dk-label"
    if label_columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_columns)
    for column, (_, left, right) in zip(columns, group, strict=True):
        every = ",".join(r.lstrip("-") for r in left + right)
        cell = ws.cell(row=row, column=column_index_from_string(column))
        cell.value = f'=IF(COUNT({every})=0,"",({_sum(left)})-({_sum(right)}))'
        cell.style = "dk-check"
    return True
