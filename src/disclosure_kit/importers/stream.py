"""A SourceDocument as a stream of text events and value runs, whatever the file format was.

Published tables arrive in every shape: proper rows (HTML, DOCX, Markdown), one cell per line
(pages flattened to text), or fragments (PDF extractions). The assembler does not care which:
it sees *text events* (labels, headings, narrative) and *runs* (consecutive values). A run from a
table row holds that row's values and only that row's own labels; a run from loose lines holds
consecutive value lines and the text lines just before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Origin, SourceBlock, SourceDocument, SourceTable
from .normalize import (
    Value,
    collapse_space,
    parse_value,
    read_cell,
    remove_pinyin,
    split_label_numbers,
    value_pieces,
)

# Page footers and page numbers that land inside tables: "— 5 —", "- 5 -", "第 5 页 共 7 页".
_FOOTER = re.compile(
    r"^(?:[—\-–]+\s*\d{1,3}\s*[—\-–]+|第\s*\d+\s*[页頁](?:\s*[,，/]?\s*共\s*\d+\s*[页頁])?"
    r"|共\s*\d+\s*[页頁]\s*[,，/]?\s*第\s*\d+\s*[页頁]|\d+\s*/\s*\d+|(?i:page)\s*\d+(?:\s*(?i:of)\s*\d+)?)$"
)


_NOTE = re.compile(r"^[（(][^()（）]*[)）]$")


@dataclass
class Tok:
    """One piece of source text: as seen (``raw``), repaired (``text``), and its value if any."""

    raw: str
    text: str
    origin: Origin
    value: Value | None = None


@dataclass
class Run:
    labels: list[Tok]
    values: list[Tok]
    kind: str  # "row" | "line"
    pos: int  # index in the event list


@dataclass
class Event:
    """Either a text token or a run, in reading order."""

    pos: int
    tok: Tok | None = None
    run: Run | None = None
    heading: bool = False
    table: bool = False  # the text came from a table cell


@dataclass
class Stream:
    events: list[Event] = field(default_factory=list)
    pinyin_removed: int = 0
    footers_removed: int = 0
    texts: list[Tok] = field(default_factory=list)  # every text token, for metadata and script


def _tok(raw: str, origin: Origin, stream: Stream) -> Tok:
    text, n = remove_pinyin(raw)
    stream.pinyin_removed += n
    text = collapse_space(text)
    return Tok(raw, text, origin, read_cell(text))


def _emit_row(toks: list[Tok], stream: Stream) -> list[Tok]:
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
    values = toks[start:]
    run = Run(labels, values, "row", len(stream.events))
    stream.events.append(Event(run.pos, run=run))
    for t in labels:
        stream.texts.append(t)
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


def _pipe_pieces(line: str) -> tuple[list[str], bool] | None:
    """Cells of a ``|``-separated line, and whether it is a Markdown table row (``| a | b |``)."""
    line = line.replace("｜", "|")
    if "|" not in line and line.count("\t") >= 2:
        line = line.replace("\t", "|")  # tab-separated cells keep their places like pipes
        if not line.strip().startswith("|"):
            line = "|" + line.strip() + "|"
    if "|" not in line:
        return None
    stripped = line.strip()
    markdown = stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1
    pieces = stripped.split("|")
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    if pieces and not pieces[-1].strip():
        pieces = pieces[:-1]
    if not markdown:
        pieces = [p for p in pieces if p.strip()]
    return pieces, markdown


def build_stream(doc: SourceDocument) -> Stream:
    stream = Stream()
    pending_line_run: Run | None = None
    pending_labels: list[Tok] = []

    def close_line_run() -> None:
        nonlocal pending_line_run
        pending_line_run = None

    def add_text(tok: Tok, heading: bool = False) -> None:
        close_line_run()
        stream.events.append(Event(len(stream.events), tok=tok, heading=heading))
        stream.texts.append(tok)
        pending_labels.append(tok)

    def add_value(tok: Tok) -> None:
        nonlocal pending_line_run
        if pending_line_run is None:
            pending_line_run = Run(pending_labels[-4:], [], "line", len(stream.events))
            pending_labels.clear()
            stream.events.append(Event(pending_line_run.pos, run=pending_line_run))
        pending_line_run.values.append(tok)

    def add_row(toks: list[Tok]) -> None:
        close_line_run()
        pending_labels.clear()
        pending_labels.extend(_emit_row(toks, stream))

    for item in doc.items:
        if isinstance(item, SourceTable):
            for row in item.rows:
                toks = [_tok(c.text, c.origin, stream) for c in row.cells]
                if len(toks) == 1:
                    tok = toks[0]
                    if not tok.text:
                        continue
                    if _FOOTER.match(tok.text):
                        stream.footers_removed += 1
                        continue
                    (add_value if tok.value is not None else add_text)(tok)
                    continue
                add_row(toks)
            continue
        assert isinstance(item, SourceBlock)
        raw = item.text
        if not raw.strip():
            continue
        line = collapse_space(raw)
        if _FOOTER.match(line):
            stream.footers_removed += 1
            continue
        if re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", line):
            close_line_run()
            pending_labels.clear()
            continue
        pieces = _pipe_pieces(raw)
        if pieces is not None:
            cells, _markdown = pieces
            if not cells:
                continue
            if len(cells) == 1:
                tok = _tok(cells[0], item.origin, stream)
                if tok.text:
                    (add_value if tok.value is not None else add_text)(tok)
                continue
            add_row([_tok(c, item.origin, stream) for c in cells])
            continue
        several = _several_values(line)
        if several is not None:
            # ``3 1 0 1 5 …``: a flattened row of values (table four on one line), never one number
            for piece in several:
                add_value(_tok(piece, item.origin, stream))
            continue
        tok = _tok(raw, item.origin, stream)
        if tok.value is not None:
            add_value(tok)
            continue
        if pending_line_run is not None and _NOTE.match(tok.text) and pending_line_run.values:
            # ``55`` then ``（含自然失效 29 件）`` on the next line: the note of that cell
            last = pending_line_run.values[-1]
            joined = parse_value(last.text + tok.text)
            if joined is not None:
                pending_line_run.values[-1] = Tok(last.raw + tok.raw, last.text + tok.text, last.origin, joined)
                continue
        split = split_label_numbers(tok.text)
        if split is not None:
            label, nums = split
            add_row([_tok(label, item.origin, stream)] + [_tok(n, item.origin, stream) for n in nums])
            continue
        add_text(tok, heading=item.heading)
    return stream
