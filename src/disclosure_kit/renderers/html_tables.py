"""One official table as an HTML ``<table>``, drawn from ``model.layout.table_grid``.

The HTML page and the DOCX renderer (through pandoc) share this function, so the merged-cell
layout of the national format is turned into markup in exactly one place. Every string from the
report or the schema is escaped here; callers insert the result as trusted markup.

Pandoc needs every header row inside ``<thead>`` (otherwise it breaks the corner cell's rowspan)
and honours ``<colgroup>`` widths, hence both are always written. ``for_pandoc=True`` drops the
classes, ids and annotations that only the web page uses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from markupsafe import escape

from ..check import identities
from ..model.layout import GridCell, GridRow, TableGrid

# Relative column widths (percent of the table) of the label area, by the number of label columns.
# Value columns share what is left equally. Table four has no label area.
_LABEL_WIDTHS: dict[int, tuple[int, ...]] = {0: (), 1: (34,), 3: (9, 12, 23)}


def raw_value(report: Any, path: tuple[str, ...]) -> Any:
    """The value stored at a cell's path as written (a money cell stays ``{value, unit}``); None if absent."""
    value = identities.raw_value(report, path)
    return None if value is identities.MISSING else value


def format_number(value: Any) -> str:
    """A cell value as the report wrote it: integers plainly, decimals without exponent or float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):  # not a number; schema-invalid, shown as written under --force
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        return text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def format_value(value: Any) -> str:
    """A data cell's text: a number, or for a money cell ``{value, unit}`` the number followed by its unit."""
    if isinstance(value, dict):
        number = format_number(value.get("value"))
        unit = value.get("unit")
        return f"{number}{unit}" if number and isinstance(unit, str) else number
    if isinstance(value, list):  # schema-invalid; never crash the page
        return ", ".join(format_value(v) for v in value)
    return format_number(value)


def column_widths(grid: TableGrid) -> list[float]:
    """Percent width of each grid column (label columns wider, value columns equal)."""
    labels = list(_LABEL_WIDTHS.get(grid.label_columns, (30 / max(grid.label_columns, 1),) * grid.label_columns))
    rest = grid.width - len(labels)
    share = (100 - sum(labels)) / rest if rest else 0
    return [float(w) for w in labels] + [round(share, 2)] * rest


def _attrs(pairs: list[tuple[str, Any]]) -> str:
    return "".join(f' {k}="{escape(str(v))}"' for k, v in pairs if v is not None)


def _span_attrs(c: GridCell) -> list[tuple[str, Any]]:
    return [("rowspan", c.rowspan if c.rowspan > 1 else None), ("colspan", c.colspan if c.colspan > 1 else None)]


def _header_cell(c: GridCell, lang: str, for_pandoc: bool) -> str:
    attrs: list[tuple[str, Any]] = []
    if not for_pandoc:
        attrs.append(("class", c.kind))
    attrs.append(("scope", c.scope))
    attrs += _span_attrs(c)
    return f"<th{_attrs(attrs)}>{escape(c.text(lang))}</th>"


def flagged_cells(
    grid: TableGrid, findings_by_pointer: dict[str, list[str]] | None
) -> list[tuple[GridCell, list[str]]]:
    """Data cells that have findings, in reading order; the n-th is marked ``n`` in the table.

    The page lists the finding texts under these numbers right below the table: the full text
    inside a narrow numeric cell would make the official table unreadable, on screen and in print.
    """
    if not findings_by_pointer:
        return []
    return [(c, findings_by_pointer[c.pointer]) for c in grid.data_cells()
            if c.pointer is not None and findings_by_pointer.get(c.pointer)]


def note_id(grid: TableGrid, number: int) -> str:
    return f"note-{grid.table.key}-{number}"


def _data_cell(c: GridCell, report: dict[str, Any], mark: tuple[int, str, list[str]] | None, for_pandoc: bool) -> str:
    assert c.cell is not None
    text = escape(format_value(raw_value(report, c.cell.path)))
    attrs: list[tuple[str, Any]] = []
    note = ""
    if not for_pandoc:
        classes = ["num", c.cell.kind]
        if mark is not None:
            number, anchor, messages = mark
            classes.append("flagged")
            attrs.append(("title", "\n".join(messages)))
            note = f'<a class="mark" href="#{escape(anchor)}">{number}</a>'
        attrs.insert(0, ("class", " ".join(classes)))
        attrs.append(("data-pointer", c.cell.pointer))
    attrs += _span_attrs(c)
    return f"<td{_attrs(attrs)}>{text}{note}</td>"


def _row(
    row: GridRow, report: dict[str, Any], lang: str, marks: dict[str, tuple[int, str, list[str]]], for_pandoc: bool
) -> str:
    cells = [
        _data_cell(c, report, marks.get(c.pointer or ""), for_pandoc) if c.kind == "data"
        else _header_cell(c, lang, for_pandoc)
        for c in row.cells
    ]
    cls = "" if for_pandoc or row.kind == "body" else f' class="{row.kind}"'
    return f"<tr{cls}>" + "".join(cells) + "</tr>"


def table_html(
    grid: TableGrid,
    report: dict[str, Any],
    lang: str = "zh",
    *,
    findings_by_pointer: dict[str, list[str]] | None = None,
    for_pandoc: bool = False,
) -> str:
    """One escaped ``<table>``: ``<colgroup>``, header rows in ``<thead>``, spans from the grid.

    ``findings_by_pointer`` maps a cell's JSON pointer to finding texts: such a cell is flagged
    and numbered (``flagged_cells``), with the texts in its ``title`` (web page only). Blank cells
    (null or absent) stay empty. Table two's blocks each get their own ``<tbody>`` (caption row,
    column-head row, data rows), as the official form draws them.
    """
    marks = {} if for_pandoc else {
        c.pointer or "": (n, note_id(grid, n), texts)
        for n, (c, texts) in enumerate(flagged_cells(grid, findings_by_pointer), 1)
    }
    table_cls = "" if for_pandoc else f' class="official {escape(grid.table.key)}"'
    out = [f"<table{table_cls}>", "<colgroup>"]
    out += [f'<col style="width:{w:g}%">' for w in column_widths(grid)]
    out.append("</colgroup>")
    if grid.header_rows:
        out.append("<thead>")
        out += [_row(r, report, lang, marks, for_pandoc) for r in grid.header_rows]
        out.append("</thead>")
    bodies: list[list[GridRow]] = []
    for r in grid.body_rows:
        if r.kind == "caption" or not bodies:
            bodies.append([])
        bodies[-1].append(r)
    for body in bodies:
        out.append("<tbody>")
        out += [_row(r, report, lang, marks, for_pandoc) for r in body]
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)
