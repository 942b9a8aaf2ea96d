"""Stage 3: the token stream cut into the report's parts, each table with its header rows.

Landmarks are recognised with the label index (section headings, the captions of table two's
blocks, the first row of table three); the rows themselves are matched in the next stage
(``matching.py``). What this stage says is only *where* things are: which runs of values belong to
which table, which text was printed above them as their header, whether the source ends inside a
table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .labels import match_section, match_t2_caption, t3_label
from .tokens import Event, Run, Tok, TokenStream

SECTION_ORDER = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters")
HEADER_TEXT_UP_TO = 60  # longer text between rows is narrative, not a header


@dataclass
class SeenRun:
    """A run of values as printed, with what was printed just before it."""

    run: Run
    header: list[Tok]  # text since the block's caption or the previous labelled run (header rows)
    caption: str | None  # the block named by the last caption of table two (None before any)
    before: Tok | None  # the text just before the run (the first half of a label wrapped over rows)


@dataclass
class TableTwo:
    rows: list[SeenRun] = field(default_factory=list)
    captions: dict[str, set[str]] = field(default_factory=dict)  # block -> editions of its caption
    headers: dict[str, list[Tok]] = field(default_factory=dict)  # block -> header printed under its caption


@dataclass
class TableThree:
    header: list[Tok]  # column heads printed before the first run of values
    runs: list[SeenRun]
    texts: list[Tok]  # every text token of the region (（六）'s sub-rows vote for 2021)
    source_ends: bool  # nothing follows table three: the document stops inside it


@dataclass
class Layout:
    """Where each part of the report is in the stream (event positions)."""

    sections: dict[str, int]  # section -> position of its heading
    n: int
    head_end: int  # the text before this is the page head (title, metadata)
    t2: TableTwo | None
    t3: TableThree | None
    t4: list[Run] | None
    last: Tok | None  # the last text of the source (where a document that stops early stops)


def _sections(stream: TokenStream) -> dict[str, int]:
    found: dict[str, int] = {}
    last = -1
    for ev in stream.events:
        if ev.tok is None or ev.table:
            continue
        section = match_section(ev.tok)
        if section is None:
            continue
        order = SECTION_ORDER.index(section)
        if order > last:
            found[section] = ev.pos
            last = order
    return found


def _first(events: list[Event], start: int, end: int, pred: Callable[[Event], bool]) -> int | None:
    return next((ev.pos for ev in events[start:end] if pred(ev)), None)


def _before(events: list[Event], run: Run, start: int) -> Tok | None:
    if run.kind != "row" or not run.labels or run.pos - 1 < start:
        return None
    prev = events[run.pos - 1]
    if prev.tok is None or prev.heading or not prev.tok.text:
        return None
    return prev.tok


def _table_two(stream: TokenStream, start: int, end: int) -> TableTwo:
    table = TableTwo()
    header: list[Tok] = []
    caption: str | None = None
    for ev in stream.events[start:end]:
        if ev.tok is not None:
            cap = match_t2_caption(ev.tok)
            if cap is not None:
                caption = cap[0]
                table.captions[caption] = cap[1]
                table.headers.setdefault(caption, [])
                header = []
            elif len(ev.tok.text) <= HEADER_TEXT_UP_TO:
                header.append(ev.tok)
                if caption is not None and not any(r.caption == caption for r in table.rows):
                    table.headers[caption].append(ev.tok)
            continue
        assert ev.run is not None
        table.rows.append(SeenRun(ev.run, header, caption, _before(stream.events, ev.run, start)))
        if ev.run.labels:
            header = []
    return table


def _table_three(stream: TokenStream, start: int, end: int) -> TableThree:
    header: list[Tok] = []
    runs: list[SeenRun] = []
    texts: list[Tok] = []
    for ev in stream.events[start:end]:
        if ev.tok is not None:
            texts.append(ev.tok)
            if not runs and len(ev.tok.text) <= HEADER_TEXT_UP_TO:
                header.append(ev.tok)
            continue
        assert ev.run is not None
        runs.append(SeenRun(ev.run, [], None, _before(stream.events, ev.run, start)))
    return TableThree(header, runs, texts, source_ends=end >= len(stream.events))


def find_tables(stream: TokenStream) -> Layout:
    """The regions of tables two, three and four, and the page head, by their landmarks."""
    events = stream.events
    n = len(events)
    sections = _sections(stream)

    def is_t3_run(ev: Event) -> bool:
        return ev.run is not None and bool(t3_label(ev.run.labels, ev.run.kind)[0])

    def is_caption(ev: Event) -> bool:
        return ev.tok is not None and match_t2_caption(ev.tok) is not None

    t2_start = sections.get("active_disclosure")
    if t2_start is None:
        t2_start = _first(events, 0, n, is_caption)
    t3_start = sections.get("applications")
    if t3_start is None:
        t3_start = _first(events, t2_start or 0, n, is_t3_run)
    after3 = t3_start if t3_start is not None else (t2_start or 0)
    t4_start = sections.get("review_litigation")
    if t4_start is None and t3_start is not None:
        t4_start = _first(events, after3, n, lambda ev: ev.tok is not None and "行政复议" in ev.tok.key)
    ends = [p for s, p in sections.items() if s in ("problems", "other_matters")]

    def end_after(pos: int | None) -> int:
        later = [p for p in ends if pos is not None and p > pos]
        return min(later) if later else n

    t2_end = t3_start if t3_start is not None else (t4_start if t4_start is not None else end_after(t2_start))
    t3_end = t4_start if t4_start is not None else end_after(t3_start)
    t4_end = end_after(t4_start)
    last = next((ev.tok for ev in reversed(events) if ev.tok is not None), None)
    return Layout(
        sections=sections,
        n=n,
        head_end=sections.get("overview", t2_start if t2_start is not None else n),
        t2=_table_two(stream, t2_start, t2_end) if t2_start is not None else None,
        t3=_table_three(stream, t3_start, t3_end) if t3_start is not None else None,
        t4=[ev.run for ev in events[t4_start:t4_end] if ev.run is not None] if t4_start is not None else None,
        last=last,
    )
