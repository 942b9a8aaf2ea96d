"""Join the pieces of a table that a page break cut apart, and lay them on one column grid.

Word and WPS cut a long table at the page end in three ways, all seen in published reports:

* the header rows are repeated on the new page (dropped here when they equal the first rows);
* a merged label cell (三、本年度办理结果, （四）无法提供) continues on the new page, either blank
  or with the rest of its text (``（四）无`` … ``法提供``): the two parts become one cell with the
  sum of their row spans;
* a row itself is split: part of its label (and maybe its numbers) on each page. When no cell of
  the two halves contradicts the other, they become one row.

Only the label area (the columns left of the first column holding a number, or a blank value
right of a row's label) is ever joined vertically, so a blank data cell is never glued to the
number or the blank above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pdf_layout import PageTable, join_pieces

TOL = 3.0  # points: column edges closer than this are the same edge
NUMBER = re.compile(r"^[+\-−]?\s*[\d,，]*\d(\.\d+)?\s*[%％]?$")
ENUMERATED = re.compile(
    r"^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+\s*[.、．])"
)


@dataclass
class Piece:
    """A cell of a table being stitched: where it starts, how far it reaches, its text and origin."""

    row: int
    rowspan: int
    x0: float
    x1: float
    text: str
    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class StitchedTable:
    """A table rebuilt from one or more page pieces; ``pages`` lists the pages it came from."""

    pages: list[int]
    bbox: tuple[float, float, float, float]
    nrows: int
    cells: list[Piece] = field(default_factory=list)

    def row_texts(self, row: int) -> list[str]:
        return [c.text for c in sorted(self.cells, key=lambda c: c.x0) if c.row == row]


def from_page(table: PageTable) -> StitchedTable:
    """A one-page table in the stitching form."""
    out = StitchedTable(pages=[table.page], bbox=table.bbox, nrows=len(table.rows))
    for row in table.rows:
        for cell in row:
            out.cells.append(
                Piece(
                    row=cell.row,
                    rowspan=cell.rowspan,
                    x0=cell.bbox[0],
                    x1=cell.bbox[2],
                    text=cell.text,
                    page=table.page,
                    bbox=cell.text_bbox or cell.bbox,
                )
            )
    return out


def continues(upper: StitchedTable, lower: StitchedTable) -> bool:
    """Whether ``lower`` (top of the next page) looks like the rest of ``upper``.

    Same right edge, and the same left edge or one of ``upper``'s column edges: a browser that
    prints a long vertical label cell leaves its column without borders on the next page.
    """
    near = 3 * TOL
    if lower.pages[0] != upper.pages[-1] + 1 or abs(upper.bbox[2] - lower.bbox[2]) > near:
        return False
    if abs(upper.bbox[0] - lower.bbox[0]) <= near:
        return True
    return lower.bbox[0] > upper.bbox[0] and any(abs(c.x0 - lower.bbox[0]) <= TOL for c in upper.cells)


def _blank_data_cells(piece: list[Piece]) -> list[float]:
    """Left edges of blank cells that are data: in a row with numbers, right of that row's label.

    Labels run from the outer (left) to the inner one (right), and the numbers follow; a blank
    cell right of a label in a row of numbers is therefore an empty value, never a label. This
    matters when a whole column is blank (自然人 left empty in every row): the leftmost number
    then lies one column further right, and the blank column must not count as labels.
    """
    rows: dict[int, list[Piece]] = {}
    for c in piece:
        rows.setdefault(c.row, []).append(c)
    xs: list[float] = []
    for cells in rows.values():
        if not any(c.text and NUMBER.match(c.text) for c in cells):
            continue
        labels = [c.x1 for c in cells if c.text and not NUMBER.match(c.text)]
        if labels:
            xs += [c.x0 for c in cells if not c.text and c.x0 >= max(labels) - TOL]
    return xs


def _label_limit(upper: list[Piece], lower: list[Piece]) -> float:
    """The x where data starts: cells ending left of it are row labels.

    The leftmost number or blank data cell marks it (``_blank_data_cells``); in a table with no
    number at all (a blank form) the leftmost blank cell of the upper part does, since labels
    are never blank there.
    """
    xs = [c.x0 for c in upper + lower if c.text and NUMBER.match(c.text)]
    if not xs:
        xs = [c.x0 for c in upper if not c.text]
    else:
        xs += _blank_data_cells(upper) + _blank_data_cells(lower)
    return min(xs) if xs else float("inf")


def _same_columns(a: Piece, b: Piece) -> bool:
    return abs(a.x0 - b.x0) <= TOL and abs(a.x1 - b.x1) <= TOL


def _is_tail(upper: str, lower: str) -> bool:
    """``lower`` is the rest of ``upper``'s text: a label cut by the page break."""
    if NUMBER.match(upper) or NUMBER.match(lower):
        return False
    return bool(ENUMERATED.match(upper)) and not ENUMERATED.match(lower)


def stitch(upper: StitchedTable, lower: StitchedTable) -> StitchedTable:
    """Append ``lower`` to ``upper``: drop a repeated header, re-join cut cells and rows."""
    rows = lower.nrows
    # 1. A header repeated on the new page.
    repeated = 0
    while repeated < min(upper.nrows, rows - 1) and lower.row_texts(repeated) == upper.row_texts(repeated):
        repeated += 1
    cells = [c for c in lower.cells if c.row >= repeated]
    for c in cells:
        c.row -= repeated
    rows -= repeated

    last = upper.nrows - 1
    limit = _label_limit(upper.cells, cells)
    numbered = [c.row for c in upper.cells if c.text and NUMBER.match(c.text)]
    lower_numbers = any(c.text and NUMBER.match(c.text) for c in cells)
    body_from = min(numbered) if numbered else (upper.nrows if lower_numbers else -1)
    above = [c for c in upper.cells if c.row <= last < c.row + c.rowspan]
    first = [c for c in cells if c.row == 0]
    pairs: list[tuple[Piece, Piece, str]] = []
    whole_row = bool(first)
    for low in first:
        up = next((c for c in above if _same_columns(c, low)), None)
        if up is None:
            whole_row = False
            continue
        if not low.text:
            kind = "blank"
        elif not up.text:
            kind = "fill"
        elif _is_tail(up.text, low.text):
            kind = "tail"
        else:
            kind = "new"
            whole_row = False
        pairs.append((up, low, kind))
    # A split row must share every cell that starts on the cut row.
    starting = [c for c in above if c.row == last]
    if whole_row and not all(any(up is c for up, _, _ in pairs) for c in starting):
        whole_row = False

    offset = upper.nrows - 1 if whole_row else upper.nrows
    merged: set[int] = set()
    for up, low, kind in pairs:
        in_labels = low.x1 <= limit + TOL
        # The innermost label (next to the numbers) names its own row: its tail can only come
        # with a row that is itself cut in two (whole_row), never on a row with its own numbers.
        outer = low.x1 < limit - TOL
        in_header = up.row + up.rowspan - 1 < body_from  # a header cell cut by the page break
        if (
            whole_row
            or (in_labels and kind == "blank")
            or (outer and kind == "tail")
            or (in_header and kind == "blank")
        ):
            extra = low.rowspan - 1 if whole_row else low.rowspan
            up.rowspan += extra
            if low.text:
                if up.text:
                    up.text = join_pieces([up.text, low.text])
                else:
                    up.text, up.page, up.bbox = low.text, low.page, low.bbox
            merged.add(id(low))
    # Columns the new page does not draw at all: the cell above them runs on to the end.
    for up in above:
        if up.x1 <= lower.bbox[0] + TOL:
            up.rowspan += rows - (1 if whole_row else 0)
    for c in cells:
        if id(c) in merged:
            continue
        c.row += offset
        upper.cells.append(c)
    upper.nrows = offset + rows
    upper.pages.append(lower.pages[0])
    return upper


def column_edges(cells: list[Piece]) -> list[float]:
    """The union of all cells' left and right edges, as one column grid."""
    edges: list[float] = []
    for x in sorted({round(v, 2) for c in cells for v in (c.x0, c.x1)}):
        if not edges or x - edges[-1] > TOL:
            edges.append(x)
    return edges


def colspan(cell: Piece, edges: list[float]) -> int:
    inner = [e for e in edges if cell.x0 + TOL < e < cell.x1 - TOL]
    return len(inner) + 1
