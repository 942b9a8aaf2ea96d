"""The official grid of each table: header rows, body rows, merged cells, built from the schema.

Every renderer (HTML, DOCX through HTML, Markdown, spreadsheets) and the schema documentation
draw tables from this one model, so the merged-cell layout of docs/format.md is written down once:
row groups become vertical merges in the label area, column groups become horizontal merges in
the header, table two's blocks become a caption row and a header row each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .editions import Cell, Edition, Label, Node

T2_VALUE_COLUMNS = 3  # table two's value area: three columns, fewer columns are widened


@dataclass
class GridCell:
    """One cell of the drawn table.

    ``kind`` is ``corner`` (table three's note), ``caption`` (a table-two block caption),
    ``col-header``, ``row-header`` or ``data``. Header cells have a ``label``; data cells have
    the schema ``cell`` they show. ``scope`` is the HTML scope of a header cell.
    """

    kind: str
    label: Label | None = None
    cell: Cell | None = None
    rowspan: int = 1
    colspan: int = 1
    scope: str | None = None
    key: str = ""

    @property
    def pointer(self) -> str | None:
        return self.cell.pointer if self.cell is not None else None

    def text(self, lang: str) -> str:
        return self.label.get(lang) if self.label is not None else ""


@dataclass
class GridRow:
    cells: list[GridCell]
    kind: str = "body"  # header | caption | block-header | body


@dataclass
class TableGrid:
    """A table laid out as the official format draws it."""

    table: Node
    width: int
    label_columns: int
    header_rows: list[GridRow] = field(default_factory=list)
    body_rows: list[GridRow] = field(default_factory=list)

    @property
    def rows(self) -> list[GridRow]:
        return self.header_rows + self.body_rows

    def data_cells(self) -> list[GridCell]:
        return [c for r in self.rows for c in r.cells if c.kind == "data"]


def placed(rows: Sequence[Sequence[GridCell]]) -> Iterator[tuple[int, int, GridCell]]:
    """(row, column, cell), both from 0, of every cell of a block of rows on the full grid, as the HTML
    table algorithm places them: a cell takes the first column its row has not given to a rowspan
    from above. Every writer that needs cell positions (the workbook, the Markdown grid) uses this."""
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            yield r, c, cell
            c += cell.colspan


def _leaf_rows(node: Node) -> int:
    if node.role == "row":
        return 1
    return sum(_leaf_rows(c) for c in node.children if c.role in ("row", "row-group"))


def _row_depth(node: Node) -> int:
    kids = [c for c in node.children if c.role in ("row", "row-group")]
    return 1 + max((_row_depth(c) for c in kids), default=0) if node.role == "row-group" else 1


# ----------------------------------------------------------------------------- column headers


@dataclass
class _Col:
    key: str
    label: Label
    children: list[_Col] = field(default_factory=list)

    def leaves(self) -> int:
        return sum(c.leaves() for c in self.children) if self.children else 1

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


def _column_tree(node: Node) -> list[_Col]:
    """Columns of a row (or of table four) as a tree of header groups."""
    out = []
    for child in node.children:
        if child.role == "cell":
            out.append(_Col(child.key, child.label))
        elif child.role == "column-group":
            out.append(_Col(child.key, child.label, _column_tree(child)))
    return out


def _apply_groups(cols: list[_Col], groups: list[dict[str, Any]]) -> list[_Col]:
    """Nest flat columns under the declared ``x-column-groups`` (largest group outermost)."""
    for group in sorted(groups, key=lambda g: len(g["columns"])):
        members = set(group["columns"])
        idx = [i for i, c in enumerate(cols) if _keys(c) <= members]
        if not idx:
            continue
        start, end = idx[0], idx[-1] + 1
        node = _Col("group:" + "+".join(group["columns"]),
                    Label(group["title"], group.get("x-title-en", group["title"])), cols[start:end])
        cols = [*cols[:start], node, *cols[end:]]
    return cols


def _keys(col: _Col) -> set[str]:
    return {col.key} if not col.children else set().union(*(_keys(c) for c in col.children))


def _header_rows(cols: list[_Col], depth: int) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = [[] for _ in range(depth)]

    def place(col: _Col, level: int) -> None:
        if col.children:
            rows[level].append(GridCell("col-header", col.label, colspan=col.leaves(), scope="colgroup",
                                        key=col.key))
            for child in col.children:
                place(child, level + 1)
        else:
            rows[level].append(GridCell("col-header", col.label, rowspan=depth - level, scope="col",
                                        key=col.key))

    for col in cols:
        place(col, 0)
    return rows


# ----------------------------------------------------------------------------- tables


def _row_cells(row: Node, edition: Edition) -> list[GridCell]:
    return [GridCell("data", cell=edition.cell_by_pointer[leaf.pointer], key=leaf.key) for leaf in row.leaves()]


def _table_three(table: Node, edition: Edition) -> TableGrid:
    depth = max(_row_depth(c) for c in table.children)
    first_row = next(r for r in _iter_rows(table))
    cols = _apply_groups(_column_tree(first_row), table.schema.get("x-column-groups", []))
    hdepth = max(c.depth() for c in cols)
    ncols = sum(c.leaves() for c in cols)
    grid = TableGrid(table, depth + ncols, depth)
    headers = _header_rows(cols, hdepth)
    corner = table.schema.get("x-corner")
    if corner:
        headers[0].insert(0, GridCell("corner", Label(corner["title"], corner.get("x-title-en", corner["title"])),
                                      rowspan=hdepth, colspan=depth, key="corner"))
    grid.header_rows = [GridRow(r, "header") for r in headers]

    def emit(node: Node, level: int, pending: list[GridCell]) -> None:
        if node.role == "row":
            label = GridCell("row-header", node.label, colspan=depth - level, scope="row", key=node.key)
            grid.body_rows.append(GridRow([*pending, label, *_row_cells(node, edition)]))
            return
        head = GridCell("row-header", node.label, rowspan=_leaf_rows(node), scope="rowgroup", key=node.key)
        kids = [c for c in node.children if c.role in ("row", "row-group")]
        for i, child in enumerate(kids):
            emit(child, level + 1, [*pending, head] if i == 0 else [])

    for child in table.children:
        emit(child, 0, [])
    return grid


def _iter_rows(node: Node):
    for child in node.children:
        if child.role == "row":
            yield child
        elif child.role in ("row-group", "block"):
            yield from _iter_rows(child)


def _table_two(table: Node, edition: Edition) -> TableGrid:
    width = 1 + T2_VALUE_COLUMNS
    grid = TableGrid(table, width, 1)
    row_header = table.schema.get("x-row-header", {"title": "", "x-title-en": ""})
    info = Label(row_header["title"], row_header.get("x-title-en", row_header["title"]))
    for block in table.children:
        grid.body_rows.append(GridRow([GridCell("caption", block.label, colspan=width, scope="colgroup",
                                                key=block.key)], "caption"))
        rows = list(_iter_rows(block))
        leaves = list(rows[0].leaves())
        spans = _spread(len(leaves))
        head = [GridCell("col-header", info, scope="col", key="info")]
        head += [GridCell("col-header", leaf.label, colspan=s, scope="col", key=leaf.key)
                 for leaf, s in zip(leaves, spans, strict=True)]
        grid.body_rows.append(GridRow(head, "block-header"))
        for row in rows:
            cells = _row_cells(row, edition)
            for c, s in zip(cells, spans, strict=True):
                c.colspan = s
            grid.body_rows.append(GridRow([GridCell("row-header", row.label, scope="row", key=row.key), *cells]))
    return grid


def _spread(n: int) -> list[int]:
    """Column spans of n value cells in table two's three-column value area (the last one widens)."""
    if n >= T2_VALUE_COLUMNS:
        return [1] * n
    return [1] * (n - 1) + [T2_VALUE_COLUMNS - n + 1]


def _table_four(table: Node, edition: Edition) -> TableGrid:
    cols = _column_tree(table)
    hdepth = max(c.depth() for c in cols)
    ncols = sum(c.leaves() for c in cols)
    grid = TableGrid(table, ncols, 0)
    grid.header_rows = [GridRow(r, "header") for r in _header_rows(cols, hdepth)]
    grid.body_rows = [GridRow(_row_cells(table, edition))]
    return grid


def table_grid(edition: Edition, table: Node) -> TableGrid:
    """The official layout of one table of an edition."""
    roles = {c.role for c in table.children}
    if "block" in roles:
        return _table_two(table, edition)
    if roles <= {"column-group", "cell"}:
        return _table_four(table, edition)
    return _table_three(table, edition)


def edition_grids(edition: Edition) -> list[TableGrid]:
    return [table_grid(edition, t) for t in edition.tables()]
