"""Page geometry for the PDF reader: glyphs and ruling lines in, table grids and text lines out.

Nothing here knows about PDF files. A page is a ``PageLayer``: glyphs (a piece of text with its
box) and ruling segments (the drawn borders of tables). pdfplumber fills a ``PageLayer`` from a
text layer; an OCR engine could fill the same structure from a scanned image (words with boxes
and the table borders found in the picture) and reuse everything below unchanged.

Tables are rebuilt from the ruling lines only, never from text alignment: a cell is a region of
the grid bounded by drawn borders, so a merged cell (a row or column span) is the union of the
grid squares that no border separates. Text is assigned to a cell by the centre of each glyph,
which keeps a glyph that overhangs a border by a point in its own cell.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

SNAP = 2.5  # points: coordinates closer than this are one grid line
MIN_TABLE_SIDE = 8.0  # points: a ruled region smaller than this is decoration, not a table


@dataclass(frozen=True)
class Glyph:
    """A character (or an OCR word) with its box, in points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Ruling:
    """A drawn horizontal or vertical border segment."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class PageLayer:
    """What a page shows: its size, its glyphs and its ruling lines (1-based page number)."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rulings: list[Ruling]


@dataclass
class GridCell:
    """One cell of a rebuilt table: its place in the page grid, its span, its text and box."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]
    text: str = ""
    text_bbox: tuple[float, float, float, float] | None = None


@dataclass
class PageTable:
    """A table as found on one page: cells keyed by the grid row they start in."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]  # column edges
    ys: list[float]  # row edges
    rows: list[list[GridCell]] = field(default_factory=list)


@dataclass
class TextLine:
    """One line of running text outside tables; ``columns``: it has column gaps (a borderless row)."""

    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    columns: bool = False


# ----------------------------------------------------------------------------------- text joining

_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2014\u2026\u00b7]")
_SPACE_BETWEEN_WIDE = re.compile(
    r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d])[ \u00a0]+"
    r"(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d])"
)


def is_wide(ch: str) -> bool:
    """A CJK character or full-width punctuation: text that is never separated by spaces."""
    return bool(_WIDE.match(ch))


def join_pieces(pieces: list[str]) -> str:
    """Join wrapped lines: nothing between Chinese characters, one space between Latin words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (is_wide(out[-1]) or is_wide(piece[0])):
            out += " "
        out += piece
    return out


def squeeze_cjk_spaces(text: str) -> str:
    """Drop spaces between two Chinese characters (justified or hand-spaced labels: 三 、本 年)."""
    return _SPACE_BETWEEN_WIDE.sub("", text)


def glyph_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into lines: glyphs whose vertical extents overlap by half their height."""
    lines: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []
    open_: list[int] = []  # lines whose bottom reaches the glyphs still to come (sorted by top)
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        open_ = [i for i in open_ if spans[i][1] >= g.top]  # a line ended above can never overlap again
        for i in open_:
            top, bottom = spans[i]
            overlap = min(bottom, g.bottom) - max(top, g.top)
            if overlap >= 0.5 * min(g.size, bottom - top):
                lines[i].append(g)
                spans[i] = (min(top, g.top), max(bottom, g.bottom))
                break
        else:
            lines.append([g])
            spans.append((g.top, g.bottom))
            open_.append(len(lines) - 1)
    order = sorted(range(len(lines)), key=lambda i: spans[i][0])
    return [sorted(lines[i], key=lambda g: g.x0) for i in order]


COLUMN_GAP = 1.5  # ems: a wider blank inside a line separates columns (a table without borders)
# The marker of a numbered or bulleted list item: ``1.``, ``10、``, ``（一）``, ``•``.
LIST_MARKER = re.compile(r"^\s*(\d{1,3}\s*[.．、)）]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[•·●▪◦\-–])")


def line_text(glyphs: list[Glyph]) -> str:
    """The text of one line.

    A gap wider than half a character between Latin glyphs is a space; a gap wider than
    ``COLUMN_GAP`` characters anywhere is a column gap, kept as a tab (``\t``) so that the
    spaces between Chinese characters can be dropped without gluing two columns together.
    """
    out = ""
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and out and g.text:
            gap = g.x0 - prev.x1
            size = min(prev.size, g.size)
            if gap > COLUMN_GAP * size:
                out += "\t"
            elif (
                gap > 0.5 * size
                and not out.endswith(" ")
                and not g.text.startswith(" ")
                and not (is_wide(out[-1]) and is_wide(g.text[0]))
            ):
                out += " "
        out += g.text
        prev = g
    out = re.sub(r"[ \u00a0]*\t[ \t\u00a0]*", "\t", out)
    return re.sub(r"[ \u00a0]+", " ", out).strip()


def box_of(glyphs: list[Glyph]) -> tuple[float, float, float, float]:
    return (
        round(min(g.x0 for g in glyphs), 2),
        round(min(g.top for g in glyphs), 2),
        round(max(g.x1 for g in glyphs), 2),
        round(max(g.bottom for g in glyphs), 2),
    )


def cell_text(glyphs: list[Glyph]) -> str:
    """A cell's text: its lines joined (a vertical label one character per line becomes one word)."""
    return squeeze_cjk_spaces(join_pieces([line_text(line).replace("\t", " ") for line in glyph_lines(glyphs)]))


# ----------------------------------------------------------------------------------- ruled tables


def _cluster(values: list[float], tol: float = SNAP) -> list[float]:
    """Merge coordinates closer than ``tol`` into their mean, sorted."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _touch(a: Ruling, b: Ruling, tol: float = SNAP) -> bool:
    return a.x0 - tol <= b.x1 and b.x0 - tol <= a.x1 and a.top - tol <= b.bottom and b.top - tol <= a.bottom


def _components(rulings: list[Ruling]) -> list[list[Ruling]]:
    """Groups of ruling segments that touch one another (one group per drawn table)."""
    parent = list(range(len(rulings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(rulings)), key=lambda i: rulings[i].top)
    for n, i in enumerate(order):
        for j in order[n + 1 :]:
            if rulings[j].top - SNAP > rulings[i].bottom:
                break
            if _touch(rulings[i], rulings[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Ruling]] = {}
    for i, r in enumerate(rulings):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def _covered(segments: list[tuple[float, float]], lo: float, hi: float) -> bool:
    """Whether the union of segments covers most (80 %) of [lo, hi]."""
    need = hi - lo
    if need <= 0:
        return True
    got = 0.0
    cursor = lo
    for a, b in sorted(segments):
        a, b = max(a, cursor), min(b, hi)
        if b > a:
            got += b - a
            cursor = b
    return got >= 0.8 * need


def _grid_table(page: int, group: list[Ruling]) -> PageTable | None:
    horizontals = [r for r in group if r.horizontal]
    verticals = [r for r in group if not r.horizontal]
    ys = _cluster([(r.top + r.bottom) / 2 for r in horizontals])
    xs = _cluster([(r.x0 + r.x1) / 2 for r in verticals])
    # A border missing at the edge (WPS often omits the bottom line of a table cut by a page
    # break) is implied by the ends of the lines that run into it.
    if verticals and ys:
        low, high = min(r.top for r in verticals), max(r.bottom for r in verticals)
        ys = ([low] if low < ys[0] - SNAP else []) + ys + ([high] if high > ys[-1] + SNAP else [])
    if horizontals and xs:
        left, right = min(r.x0 for r in horizontals), max(r.x1 for r in horizontals)
        xs = ([left] if left < xs[0] - SNAP else []) + xs + ([right] if right > xs[-1] + SNAP else [])
    if len(xs) < 2 or len(ys) < 2 or xs[-1] - xs[0] < MIN_TABLE_SIDE or ys[-1] - ys[0] < MIN_TABLE_SIDE:
        return None
    # The outer frame is implied even where a border segment is missing.
    h_at: list[list[tuple[float, float]]] = [[] for _ in ys]
    v_at: list[list[tuple[float, float]]] = [[] for _ in xs]
    for r in horizontals:
        y = (r.top + r.bottom) / 2
        i = min(range(len(ys)), key=lambda k: abs(ys[k] - y))
        h_at[i].append((r.x0 - SNAP, r.x1 + SNAP))
    for r in verticals:
        x = (r.x0 + r.x1) / 2
        i = min(range(len(xs)), key=lambda k: abs(xs[k] - x))
        v_at[i].append((r.top - SNAP, r.bottom + SNAP))
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr * nc == 1:
        return None  # a frame around text (a page border, a boxed note) is not a table
    owner = [[-1] * nc for _ in range(nr)]
    cells: list[GridCell] = []
    for r in range(nr):
        for c in range(nc):
            if owner[r][c] >= 0:
                continue
            # Grow right while no vertical border separates, then down while no horizontal one does.
            c2 = c
            while c2 + 1 < nc and not _covered(v_at[c2 + 1], ys[r], ys[r + 1]) and owner[r][c2 + 1] < 0:
                c2 += 1
            r2 = r
            while r2 + 1 < nr and not _covered(h_at[r2 + 1], xs[c], xs[c2 + 1]):
                if any(owner[r2 + 1][k] >= 0 for k in range(c, c2 + 1)):
                    break
                r2 += 1
            index = len(cells)
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    owner[rr][cc] = index
            cells.append(GridCell(r, c, r2 - r + 1, c2 - c + 1, (xs[c], ys[r], xs[c2 + 1], ys[r2 + 1])))
    table = PageTable(page=page, bbox=(xs[0], ys[0], xs[-1], ys[-1]), xs=xs, ys=ys)
    table.rows = [[cell for cell in cells if cell.row == r] for r in range(nr)]
    return table


def find_tables(layer: PageLayer) -> list[PageTable]:
    """Rebuild every ruled table of a page, with its cells' text, top to bottom."""
    tables = [t for group in _components(layer.rulings) if (t := _grid_table(layer.number, group))]
    tables.sort(key=lambda t: t.bbox[1])
    for table in tables:
        x0, top, x1, bottom = table.bbox
        inside = [g for g in layer.glyphs if x0 <= g.cx <= x1 and top <= g.cy <= bottom]
        by_cell: dict[int, list[Glyph]] = {}
        flat = [cell for row in table.rows for cell in row]
        owner = {}  # grid square -> the cell that covers it
        for i, cell in enumerate(flat):
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    owner[(r, c)] = i
        last_row, last_col = len(table.ys) - 2, len(table.xs) - 2
        for g in inside:
            # the grid square by bisection; a glyph centred on a border goes to the upper or left cell
            r = min(max(bisect_left(table.ys, g.cy) - 1, 0), last_row)
            c = min(max(bisect_left(table.xs, g.cx) - 1, 0), last_col)
            if (r, c) in owner:
                by_cell.setdefault(owner[(r, c)], []).append(g)
        for i, glyphs in by_cell.items():
            visible = [g for g in glyphs if g.text.strip()]
            flat[i].text = cell_text(glyphs)
            if visible:
                flat[i].text_bbox = box_of(visible)
    return tables


def outside_lines(layer: PageLayer, tables: list[PageTable]) -> list[TextLine]:
    """The lines of running text that lie outside every table, top to bottom."""

    def in_table(g: Glyph) -> bool:
        return any(t.bbox[0] <= g.cx <= t.bbox[2] and t.bbox[1] <= g.cy <= t.bbox[3] for t in tables)

    free = [g for g in layer.glyphs if not in_table(g)]
    out: list[TextLine] = []
    for line in glyph_lines(free):
        raw = line_text(line)
        visible = [g for g in line if g.text.strip()]
        if not raw or not visible:
            continue
        columns = "\t" in raw
        marker = LIST_MARKER.match(raw)
        if columns and marker and raw.count("\t") == 1 and raw[marker.end() :].startswith("\t"):
            # ``10.<tab>临州市…``: a list item whose number is followed by a tab stop, not two columns.
            raw, columns = raw.replace("\t", " "), False
        text = squeeze_cjk_spaces(raw).replace("\t", "  ")
        x0, top, x1, bottom = box_of(visible)
        size = sorted(g.size for g in visible)[len(visible) // 2]
        out.append(TextLine(layer.number, text, x0, top, x1, bottom, size, columns=columns))
    return out
