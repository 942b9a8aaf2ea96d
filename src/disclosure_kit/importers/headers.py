"""The header rows printed above a table's values: which official column each header cell names.

A header is read from the cells as printed, so that its order is followed when it is unusual, and a
cell cut short (``本年新``, ``本年增/``, ``社会``) is read by its beginning and its position among the
columns the other cells name. Columns a header does not name are reported by the placing stage as
absent from the source, never filled from another block's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .labels import T2Column, find_t2_columns, label_index, match_t3_column
from .tokens import Tok


@dataclass
class T2Header:
    """The columns a block's header names, in the printed order (every edition that has them)."""

    columns: list[T2Column]
    repaired: list[tuple[Tok, T2Column, str]] = field(default_factory=list)  # cell, column, "prefix"|"position"
    seen: str = ""  # the header as printed, for messages


def _spans(toks: list[Tok]) -> list[tuple[int, int, Tok]]:
    out, at = [], 0
    for tok in toks:
        out.append((at, at + len(tok.key), tok))
        at += len(tok.key)
    return out


def _repair(cells: list[tuple[int, Tok]], official: list[T2Column], have: set[str],
            named: int) -> list[tuple[int, Tok, T2Column, str]]:
    """Header cells no full label covers, read by their beginning, then by position.

    By beginning: in printed order, each cell takes the first column (official order) not yet named
    whose label starts with it. By position: when some cell names a column, the cells left are
    exactly the columns left, and the header then names every column of the block, they are taken
    in the official order.
    """
    remaining = [c for c in official if c.column not in have]
    out: list[tuple[int, Tok, T2Column, str]] = []
    left: list[tuple[int, Tok]] = []
    for pos, tok in cells:
        col = next((c for c in remaining if c.match.startswith(tok.key)), None) if len(tok.key) >= 2 else None
        if col is None:
            left.append((pos, tok))
            continue
        remaining.remove(col)
        out.append((pos, tok, col, "prefix"))
    if left and (named or out) and len(left) == len(remaining) and named + len(out) + len(left) == len(official):
        out.extend((pos, tok, col, "position") for (pos, tok), col in zip(left, remaining, strict=True))
    return out


def read_t2_header(toks: list[Tok], block: str) -> T2Header | None:
    """The columns named by the header text printed above a row of table two's ``block``."""
    if not toks:
        return None
    index = label_index()
    joined = "".join(t.key for t in toks)
    found = [(s, e, c) for s, e, c in find_t2_columns(joined) if c.block == block]
    cells = [
        (s, tok) for s, e, tok in _spans(toks)
        if tok.key and tok.key not in index.t2_row_head and all(e <= a or s >= b for a, b, _ in found)
    ]
    editions = sorted({c.edition for _, _, c in found}) or ["2019", "2021"]
    best: list[tuple[int, Tok, T2Column, str]] = []
    if cells:
        tries = []
        for ed in editions:
            official = index.t2_blocks.get((ed, block), [])
            have = {c.column for _, _, c in found if c.edition == ed}
            tries.append(_repair(cells, official, have, len(have)))
        tries.sort(key=len, reverse=True)
        if tries and (len(tries) == 1 or len(tries[0]) > len(tries[1])):
            best = tries[0]
    if not found and not best:
        return None
    columns = [(s, c) for s, _, c in found] + [(pos, col) for pos, _, col, _ in best]
    columns.sort(key=lambda pc: pc[0])
    return T2Header(
        [c for _, c in columns],
        [(tok, col, how) for _, tok, col, how in best],
        " | ".join(t.text for t in toks if t.key not in index.t2_row_head),
    )


@dataclass
class T3Header:
    """The columns of table three a header names, in the order its values come."""

    named: list[tuple[str, Tok]]  # (column key, header cell)
    repaired: list[tuple[Tok, str]] = field(default_factory=list)  # cut cells read by their beginning
    one_row: bool = False  # the named cells stand in one printed row: their order is the values' order
    grid: bool = False  # every named cell has a grid column: values can be placed by column

    @property
    def keys(self) -> list[str]:
        return [k for k, _ in self.named]


def _row_of(tok: Tok) -> tuple[object, ...]:
    origin = tok.origin
    element = origin.element.rsplit("/", 1)[0] if origin.element else None
    top = round(origin.bbox[1]) if origin.bbox else None
    return (origin.line, element, origin.page, top)


def read_t3_header(toks: list[Tok]) -> T3Header:
    """Table three's column heads printed before its first row of values.

    Their order is the printed order when they stand in one row, else the grid's (a page or a
    document lays out its spans); a head over two rows read without spans (自然人, 法人或其他组织,
    总计, then 商业企业 …) only says which columns are there, and the values come in the official order.
    """
    named: dict[str, Tok] = {}
    repaired: list[tuple[Tok, str]] = []
    for tok in toks:
        column = match_t3_column(tok)
        if column is None or column.key in named:
            continue
        named[column.key] = tok
        if column.match != tok.key:
            repaired.append((tok, column.key))
    official = [c.key for c in label_index().t3_heads]
    items = list(named.items())
    rows = {_row_of(t) for _, t in items}
    one_row = len(rows) == 1 and any(part is not None for part in next(iter(rows)))
    grid = bool(items) and all(t.col is not None for _, t in items)
    if not one_row:
        if grid:
            items.sort(key=lambda kt: kt[1].col or 0)
        else:
            items.sort(key=lambda kt: official.index(kt[0]))
    return T3Header(items, repaired, one_row, grid)
