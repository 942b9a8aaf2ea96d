"""Stage 4: the labels and header cells of each table matched to the official rows and columns.

Input: the tables of ``tables.Layout``. Output: ``Matched``, every run of values with the row its
label names (or none) and the header columns in force, and the votes of each part of the layout
for an edition. Nothing is placed yet: the edition is chosen from these votes first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .headers import T2Header, T3Header, read_t2_header, read_t3_header
from .labels import T2Column, T3Row, cells_after_label, match_t3, t2_label, t3_label
from .tables import Layout, SeenRun
from .tokens import Run, Tok, make_tok, trim_values


@dataclass
class T2Row:
    """A row of table two as published: the row its label names, the header in force, its values."""

    block: str
    row: str
    editions: frozenset[str]
    header: T2Header | None  # the block's own header (printed above this row or above an earlier one)
    values: list[Tok]
    label: Tok
    note: str | None = None  # a bracketed note printed after the label


@dataclass
class T3Line:
    """A run of values in table three and the row its label names (none when unlabelled)."""

    run: Run
    rows: list[T3Row]
    label: Tok | None
    how: str  # exact | prefix | substring | contains | ""
    values: list[Tok] = field(default_factory=list)


@dataclass
class Matched:
    """What the source prints, matched to the official labels of both editions."""

    t2_rows: list[T2Row] = field(default_factory=list)
    t2_stray: list[Run] = field(default_factory=list)  # runs of table two whose label names no row
    t2_headers: dict[str, T2Header] = field(default_factory=dict)  # block -> its header (first seen)
    t3_lines: list[T3Line] = field(default_factory=list)
    t3_header: T3Header | None = None
    t3_printed: set[str] = field(default_factory=set)  # data rows whose label is printed without values
    t4_runs: list[Run] | None = None
    votes: dict[str, str] = field(default_factory=dict)  # part of the layout -> edition it votes for
    has_t2: bool = False
    has_t3: bool = False
    t3_source_ends: bool = False
    last: Tok | None = None


def _wrapped(seen: SeenRun) -> list[Tok] | None:
    """The run's labels with the text just before it joined in front: a label wrapped over two
    lines or two table rows (``2.没有现成信息需要另行`` then ``制作 | 0 | …``)."""
    if seen.before is None:
        return None
    first = seen.run.labels[0]
    joined = make_tok(seen.before.raw + first.raw, seen.before.text + first.text, seen.before.origin)
    return [joined, *seen.run.labels[1:]]


def _match_t2(seen_rows: list[SeenRun], out: Matched) -> None:
    headers: dict[str, T2Header] = {}
    for seen in seen_rows:
        run = seen.run
        found = t2_label(run.labels, run.kind)
        if found is None and (wrapped := _wrapped(seen)) is not None:
            found = t2_label(wrapped, run.kind)
        if found is None:
            out.t2_stray.append(run)
            continue
        hit, tok, parts = found
        label = {id(t) for t in parts}  # a label printed on the line above its values is no header
        own = read_t2_header([t for t in seen.header if id(t) not in label], hit.block)
        if own is not None:
            headers[hit.block] = own
            out.t2_headers.setdefault(hit.block, own)
        values = cells_after_label(run.labels, parts, run.values)
        out.t2_rows.append(T2Row(hit.block, hit.row, hit.editions, own or headers.get(hit.block), values, tok,
                                 hit.note))


def _match_t3(seen_runs: list[SeenRun]) -> list[T3Line]:
    lines = []
    for seen in seen_runs:
        labels = seen.run.labels
        rows, tok, how, parts = t3_label(labels, seen.run.kind)
        if how != "exact" and (wrapped := _wrapped(seen)) is not None:
            w_rows, w_tok, w_how, w_parts = t3_label(wrapped, seen.run.kind)
            if w_how == "exact":
                rows, tok, how, labels, parts = w_rows, w_tok, w_how, wrapped, w_parts
        lines.append(T3Line(seen.run, rows, tok, how, cells_after_label(labels, parts, seen.run.values)))
    return lines


def _by_edition(cols: list[T2Column]) -> dict[str, list[T2Column]]:
    out: dict[str, list[T2Column]] = {}
    for c in cols:
        out.setdefault(c.edition, []).append(c)
    return out


def _t2_votes(matched: Matched, captions: dict[str, set[str]]) -> dict[str, str]:
    """Edition of each block of table two by its headers, one-edition rows and caption (ties: none)."""
    votes: dict[str, Counter[str]] = {}
    for row in matched.t2_rows:
        if row.header:
            for ed, cols in _by_edition(row.header.columns).items():
                votes.setdefault(row.block, Counter())[ed] += len(cols)
        if len(row.editions) == 1:
            votes.setdefault(row.block, Counter())[next(iter(row.editions))] += 1
    for block, header in matched.t2_headers.items():
        if not any(r.block == block for r in matched.t2_rows):
            for ed, cols in _by_edition(header.columns).items():
                votes.setdefault(block, Counter())[ed] += len(cols)
    for block, eds in captions.items():
        if len(eds) == 1:
            votes.setdefault(block, Counter())[next(iter(eds))] += 1
    return {b: c.most_common(1)[0][0] for b, c in votes.items() if c and len(set(c.values())) == len(c)}


def _printed_rows(texts: list[Tok]) -> list[T3Row]:
    """The data rows of table three whose label a text names exactly (printed, with or without values)."""
    named = []
    for tok in texts:
        rows, how = match_t3(tok)
        if how == "exact" and len({r.path for r in rows}) == 1 and rows[0].data:
            named.append(rows[0])
    return named


def _t3_vote(lines: list[T3Line], printed: list[T3Row], width: int) -> str | None:
    """Edition of table three by its （六）: sub-rows 1–3 (2021) or one row of values (2019)."""
    votes: Counter[str] = Counter()
    for row in printed:
        if row.data == row.editions == {"2021"}:
            votes["2021"] += 1
    for line in lines:
        if not line.rows:
            continue
        data = line.rows[0].data
        if len(data) == 1 and len(trim_values(line.values, width)) == width:
            votes[next(iter(data))] += 1
    return next(iter(votes)) if len(votes) == 1 else None


def match_labels(layout: Layout) -> Matched:
    """Every row, header and landmark of the layout matched to the official labels."""
    out = Matched(t4_runs=layout.t4, has_t2=layout.t2 is not None, has_t3=layout.t3 is not None, last=layout.last)
    captions: dict[str, set[str]] = {}
    if layout.t2 is not None:
        captions = layout.t2.captions
        _match_t2(layout.t2.rows, out)
        for block, toks in layout.t2.headers.items():
            if block not in out.t2_headers and (header := read_t2_header(toks, block)) is not None:
                out.t2_headers[block] = header
    out.votes = _t2_votes(out, captions)
    if layout.t3 is not None:
        out.t3_lines = _match_t3(layout.t3.runs)
        out.t3_header = read_t3_header(layout.t3.header)
        out.t3_source_ends = layout.t3.source_ends
        printed = _printed_rows(layout.t3.texts)
        out.t3_printed = {row.path for row in printed}
        vote = _t3_vote(out.t3_lines, printed, 7)
        if vote:
            out.votes["applications/other_handling"] = vote
    return out
