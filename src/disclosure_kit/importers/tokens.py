"""Stage 2: a SourceDocument as a stream of tokens, each with its matching key computed once.

Published tables arrive in every shape: proper rows (HTML, DOCX, Markdown), one cell per line
(pages flattened to text, a lone ``|`` for an empty cell), or fragments (PDF extractions). Later
stages do not care which: they see *text events* (labels, headings, narrative) and *runs*
(consecutive values). A run from a table row holds that row's values and only that row's own
labels; a run from loose lines holds consecutive value lines and the text lines just before them.
A token from a table cell knows its grid column (rowspans and colspans laid out), so that a
header row can say which column each value sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Origin, SourceBlock, SourceDocument, SourceRow, SourceTable
from .normalize import collapse_space, fold, remove_pinyin
from .values import Value, parse_value, read_cell, split_label_numbers, value_pieces

# Page footers and page numbers that land inside tables: "— 5 —", "- 5 -", "第 5 页 共 7 页".
_FOOTER = re.compile(
    r"^(?:[—\-–]+\s*\d{1,3}\s*[—\-–]+|第\s*\d+\s*[页頁](?:\s*[,，/]?\s*共\s*\d+\s*[页頁])?"
    r"|共\s*\d+\s*[页頁]\s*[,，/]?\s*第\s*\d+\s*[页頁]|\d+\s*/\s*\d+|(?i:page)\s*\d+(?:\s*(?i:of)\s*\d+)?)$"
)
# A note in brackets printed on the line after a value (``55`` then ``（含自然失效 29 件）``); never a
# bare enumerator such as ``（三）`` or ``(2)``, which is the label of the next row group.
_NOTE = re.compile(r"^[（(](?![一二三四五六七八九十\d]{1,3}[)）]$)[^()（）]*[)）]$")
_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?")
MAX_SPAN = 200  # a colspan or rowspan beyond any report table (hostile pages write 10**9)


@dataclass
class Tok:
    """One piece of source text: as seen (``raw``), repaired (``text``), its key, its value if any."""

    raw: str
    text: str
    origin: Origin
    value: Value | None = None
    key: str = ""  # folded for matching (``normalize.key``), computed once here
    numbering: str | None = None  # ``(三)``, ``1``, ``一`` in front of a label
    core: str = ""  # the key without that numbering
    col: int | None = None  # grid column of a table cell (spans laid out)
    span: int = 1


def make_tok(raw: str, text: str, origin: Origin, col: int | None = None, span: int = 1) -> Tok:
    folded, numbering, core = fold(text)
    return Tok(raw, text, origin, read_cell(text), folded, numbering, core, col, span)


@dataclass
class Run:
    labels: list[Tok]
    values: list[Tok]
    kind: str  # "row" | "line"
    pos: int  # index in the event list


def trim_values(values: list[Tok], n: int) -> list[Tok]:
    """Drop padding beyond the expected count: blank or text cells at the end (trailing pipes), then
    blank cells at the start (the empty second column of a merged label area)."""
    end = len(values)
    while end > n and (values[end - 1].value is None or values[end - 1].value.blank):  # type: ignore[union-attr]
        end -= 1
    start = 0
    while end - start > n and values[start].value is not None and values[start].value.blank:  # type: ignore[union-attr]
        start += 1
    return values[start:end]


def values_text(values: list[Tok]) -> str:
    """The values of a run as printed, for messages: ``1 | 1 | 9`` (∅ for an empty cell)."""
    return " | ".join(v.raw.strip() or "∅" for v in values)


@dataclass
class Event:
    """Either a text token or a run, in reading order."""

    pos: int
    tok: Tok | None = None
    run: Run | None = None
    heading: bool = False
    table: bool = False  # the text came from a table cell


@dataclass
class TokenStream:
    events: list[Event] = field(default_factory=list)
    pinyin_removed: int = 0
    footers_removed: int = 0
    texts: list[Tok] = field(default_factory=list)  # every text token, for metadata and script

    def tok(self, raw: str, origin: Origin, col: int | None = None, span: int = 1) -> Tok:
        text, n = remove_pinyin(raw)
        self.pinyin_removed += n
        return make_tok(raw, collapse_space(text), origin, col, span)


def grid_columns(rows: list[SourceRow]) -> list[list[tuple[int, int]]]:
    """(first grid column, colspan) of every cell, rowspans and colspans laid out as a browser does."""
    taken: list[set[int]] = [set() for _ in rows]
    out: list[list[tuple[int, int]]] = []
    for r, row in enumerate(rows):
        col = 0
        placed = []
        for cell in row.cells:
            while col in taken[r]:
                col += 1
            span = max(1, min(cell.colspan, MAX_SPAN))
            for dr in range(max(1, min(cell.rowspan, MAX_SPAN, len(rows) - r))):
                taken[r + dr].update(range(col, col + span))
            placed.append((col, span))
            col += span
        out.append(placed)
    return out


def _emit_row(toks: list[Tok], stream: TokenStream) -> list[Tok]:
    """A row: own labels, then values; a row without values is text (returned, for what follows)."""
    first = next((i for i, t in enumerate(toks) if t.value is not None and t.text), None)
    if first is None:
        texts = [t for t in toks if t.text]
        for t in texts:
            stream.events.append(Event(len(stream.events), tok=t, table=True))
            stream.texts.append(t)
        return texts
    labels = [t for t in toks[:first] if t.text]
    # every cell after the label keeps its place, blank or not numeric: ``规章 | (blank) | 0 | 7``
    start = max((i for i, t in enumerate(toks[:first]) if t.text), default=first - 1) + 1 if labels else 0
    run = Run(labels, toks[start:], "row", len(stream.events))
    stream.events.append(Event(run.pos, run=run))
    stream.texts.extend(labels)
    return []


def _several_values(line: str) -> list[str] | None:
    """The pieces of a loose line made only of two or more space-separated values, else None.

    Inside a table cell a stray space in a number is joined (a cell holds one value); a loose line
    has no cell boundaries, so ``1 234`` there is two values and a count check decides later.
    """
    pieces = value_pieces(line)
    if len(pieces) < 2:
        return None
    values = [read_cell(p) for p in pieces]
    if any(v is None for v in values) or all(v.blank for v in values if v is not None):
        return None
    return pieces


def _pipe_pieces(line: str) -> list[str] | None:
    """Cells of a ``|``-separated line (``| a | b |`` or ``a | b``); a lone ``|`` is one empty cell."""
    line = line.replace("｜", "|")
    if "|" not in line and line.count("\t") >= 2:
        line = line.replace("\t", "|")  # tab-separated cells keep their places like pipes
        if not line.strip().startswith("|"):
            line = "|" + line.strip() + "|"
    if "|" not in line:
        return None
    stripped = line.strip()
    if not stripped.strip("|"):
        # ``|`` or ``||``: the empty cells of a page flattened one cell per line (``cell |``)
        return [""] * len(stripped)
    markdown = stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1
    pieces = stripped.split("|")
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    if pieces and not pieces[-1].strip():
        pieces = pieces[:-1]
    if not markdown:
        pieces = [p for p in pieces if p.strip()]
    return pieces


class _Builder:
    """Reading order -> events, keeping the loose value lines that form one run together."""

    def __init__(self) -> None:
        self.stream = TokenStream()
        self.line_run: Run | None = None
        self.labels: list[Tok] = []
        self.after_pipe = False  # the last line ended with ``|``
        self.pipes: list[Tok] = []  # lone ``|`` lines not yet known to be empty cells or a row's end

    def close_row(self) -> None:
        """Lone ``|`` lines before a row's next label: all but the last are empty cells, the last
        ends the row (``1 |`` ``2 |`` ``|`` ``|`` is 1, 2 and an empty cell)."""
        pipes, self.pipes = self.pipes[:-1], []
        for tok in pipes:
            self.value(tok)

    def text(self, tok: Tok, heading: bool = False) -> None:
        self.close_row()
        self.line_run = None
        self.stream.events.append(Event(len(self.stream.events), tok=tok, heading=heading))
        self.stream.texts.append(tok)
        self.labels.append(tok)

    def value(self, tok: Tok) -> None:
        if self.pipes and tok.text:
            pipes, self.pipes = self.pipes, []
            for blank in pipes:  # empty cells before a value keep their places
                self.value(blank)
        if self.line_run is None:
            self.line_run = Run(self.labels[-4:], [], "line", len(self.stream.events))
            self.labels.clear()
            self.stream.events.append(Event(self.line_run.pos, run=self.line_run))
        self.line_run.values.append(tok)

    def one(self, tok: Tok) -> None:
        (self.value if tok.value is not None else self.text)(tok)

    def row(self, toks: list[Tok]) -> None:
        self.close_row()
        self.line_run = None
        self.labels.clear()
        self.labels.extend(_emit_row(toks, self.stream))

    def table(self, item: SourceTable) -> None:
        self.close_row()
        self.after_pipe = False
        grid = grid_columns(item.rows)
        for row, cols in zip(item.rows, grid, strict=True):
            toks = [self.stream.tok(c.text, c.origin, col, span)
                    for c, (col, span) in zip(row.cells, cols, strict=True)]
            if len(toks) > 1:
                self.row(toks)
                continue
            tok = toks[0] if toks else None
            if tok is None or not tok.text:
                continue
            if _FOOTER.match(tok.text):
                self.stream.footers_removed += 1
                continue
            self.one(tok)

    def block(self, item: SourceBlock) -> None:
        raw = item.text
        line = collapse_space(raw)
        if not line:
            return
        if _FOOTER.match(line):
            self.stream.footers_removed += 1
            return
        if _RULE.fullmatch(line):
            self.line_run = None
            self.labels.clear()
            return
        cells = _pipe_pieces(raw)
        after_pipe, self.after_pipe = self.after_pipe, cells is not None and raw.rstrip().endswith(("|", "｜"))
        if cells is not None:
            if not any(c.strip() for c in cells):
                # a lone ``|`` after ``cell |`` (or after another ``|``) is an empty cell in its place;
                # after a line without a pipe it only separates two cells (``0`` / ``|`` / ``0``); a
                # line of several pipes (``|||||``) closes a row or pads a merged cell: no cells
                if after_pipe and len(cells) == 1:
                    self.pipes.append(Tok("", "", item.origin, Value(None)))
                else:
                    self.close_row()
                return
            if len(cells) == 1:
                tok = self.stream.tok(cells[0], item.origin)
                if tok.text:
                    self.one(tok)
                return
            self.row([self.stream.tok(c, item.origin, col) for col, c in enumerate(cells)])
            return
        several = _several_values(line)
        if several is not None:
            # ``3 1 0 1 5 …``: a flattened row of values (table four on one line), never one number
            for piece in several:
                self.value(self.stream.tok(piece, item.origin))
            return
        tok = self.stream.tok(raw, item.origin)
        if tok.value is not None:
            self.value(tok)
            return
        if self.line_run is not None and self.line_run.values and _NOTE.match(tok.text):
            # ``55`` then ``（含自然失效 29 件）`` on the next line: the note of that cell
            last = self.line_run.values[-1]
            joined = parse_value(last.text + tok.text)
            if joined is not None:
                self.line_run.values[-1] = Tok(last.raw + tok.raw, last.text + tok.text, last.origin, joined,
                                               last.key, last.numbering, last.core)
                return
        split = split_label_numbers(tok.text)
        if split is not None:
            label, nums = split
            self.row([self.stream.tok(label, item.origin)] + [self.stream.tok(n, item.origin) for n in nums])
            return
        self.text(tok, heading=item.heading)


def tokenize(doc: SourceDocument) -> TokenStream:
    """Every block and table cell of the document as tokens and runs, in reading order."""
    builder = _Builder()
    for item in doc.items:
        if isinstance(item, SourceTable):
            builder.table(item)
        else:
            builder.block(item)
    return builder.stream
