"""Placing values in cells: table two by row label and header, table three by row label or by the
official row order, table four by position; plus the findings that say why a cell stays blank.

Used by ``assemble.py``; nothing here knows file formats (see ``stream.py``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..editions import Cell, Edition, get_edition
from ..findings import INFO, WARNING, Finding
from ..schema_check import place_of
from .labels import (
    T2Column,
    T3Row,
    find_t2_columns,
    label_index,
    match_t2_caption,
    match_t2_row,
    match_t3,
    official_variant,
)
from .model import Origin, SourceDocument
from .normalize import Value, key
from .stream import Run, Stream, Tok


@dataclass
class T2Obs:
    """A row of table two as seen: its block and row, the header columns in force, its values."""

    block: str
    row: str
    editions: set[str]
    columns: list[T2Column] | None
    run: Run
    label: Tok


@dataclass
class T3Obs:
    """A run of values in table three and the row its label names (none when unlabelled)."""

    run: Run
    rows: list[T3Row]
    label: Tok | None
    how: str


@dataclass
class Ctx:
    """The report being built for one source, with what is said about it along the way."""

    doc: SourceDocument
    edition: Edition
    report: dict[str, Any]
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)

    def find(self, code: str, severity: str, origin: Origin | None, pointer: str = "", **params: Any) -> None:
        self.findings.append(
            Finding(
                code,
                severity,
                self.doc.name,
                pointer,
                line=origin.line if origin else None,
                params={**params, **({"element": origin.element} if origin and origin.element else {})},
                place=place_of(self.edition, pointer) if pointer else None,
            )
        )


# ---------------------------------------------------------------------------------------------
# Label matching over runs


def _label_candidates(labels: list[Tok], kind: str) -> list[tuple[str, Tok]]:
    """Texts to try as the label of a run.

    A table row: its whole joined label, then shorter tails, then single pieces. Loose lines: the
    last line, then the last two or three joined (a label wrapped over lines).
    """
    if not labels:
        return []
    n = len(labels)
    tails = [("".join(t.text for t in labels[start:]), labels[-1]) for start in range(n)]
    singles = [(t.text, t) for t in reversed(labels)]
    # ``（三）不予公开 1.属于国家秘密`` in one piece: its space-separated tails too
    last = labels[-1]
    words = last.text.split(" ")
    pieces = [(" ".join(words[i:]), last) for i in range(1, len(words))]
    if kind == "line":
        return [tails[-1], *[tails[n - k] for k in (2, 3) if n >= k], *pieces]
    return tails + singles + pieces


def t3_label(run: Run) -> tuple[list[T3Row], Tok | None, str]:
    """The table-three row a run's label names: an exact match wins over a prefix or fragment."""
    best: tuple[list[T3Row], Tok | None, str] = ([], None, "")
    for text, tok in _label_candidates(run.labels, run.kind):
        rows, how = match_t3(text)
        if rows and len({r.path for r in rows}) == 1:
            if how == "exact":
                return rows, tok, how
            if not best[0]:
                best = (rows, tok, how)
    return best


def _t2_label(run: Run) -> tuple[tuple[str, str, set[str]] | None, Tok | None]:
    for text, tok in _label_candidates(run.labels, run.kind):
        hit = match_t2_row(text)
        if hit:
            return hit, tok
    return None, None


# ---------------------------------------------------------------------------------------------
# Values


def _convert(tok: Tok, cell: Cell, ctx: Ctx) -> tuple[bool, Any]:
    """(ok, stored value) for one cell; a finding when the text cannot be stored as it is."""
    value: Value | None = tok.value
    pointer = cell.pointer
    if value is None or value.word is not None:
        ctx.find("import.value_not_numeric", WARNING, tok.origin, pointer, text=tok.raw.strip())
        return False, None
    if value.note:
        ctx.notes[pointer] = value.note
    if value.blank:
        return True, None
    number = value.number
    if cell.kind in ("count", "signed"):
        if isinstance(number, Decimal):
            if number != number.to_integral_value():
                ctx.find("import.value_not_numeric", WARNING, tok.origin, pointer, text=tok.raw.strip())
                return False, None
            number = int(number)
        return True, number
    stored: int | float = int(number) if isinstance(number, int) else float(number)
    if cell.kind == "money":
        unit = value.unit if value.unit in ("元", "万元", "亿元") else None
        return True, {"value": stored, "unit": unit}
    if cell.unit and value.unit and value.unit not in (cell.unit, "件"):
        ctx.find(
            "import.value_unit", WARNING, tok.origin, pointer, text=tok.raw.strip(), unit=value.unit,
            expected=cell.unit,
        )
        return False, None
    return True, stored


def _set(report: dict[str, Any], pointer: str, value: Any) -> None:
    parts = pointer.strip("/").split("/")
    node = report
    for p in parts[:-1]:
        node = node[p]
    node[parts[-1]] = value


def _place(ctx: Ctx, cell: Cell, tok: Tok, inferred: bool = False) -> bool:
    ok, stored = _convert(tok, cell, ctx)
    _set(ctx.report, cell.pointer, stored)
    entry: dict[str, Any] = {"origin": tok.origin.to_dict(), "text": tok.raw.strip()}
    if inferred:
        entry["row_inferred"] = True
    ctx.provenance[cell.pointer] = entry
    return ok and stored is not None


def _trim(values: list[Tok], n: int) -> list[Tok]:
    """Drop padding beyond the expected count: blank or text cells at the end (trailing pipes), then
    blank cells at the start (the empty second column of a merged label area)."""
    values = list(values)
    while len(values) > n and (values[-1].value is None or values[-1].value.blank):
        values.pop()
    while len(values) > n and values[0].value is not None and values[0].value.blank:
        values.pop(0)
    return values


def values_text(values: list[Tok]) -> str:
    return " | ".join(v.raw.strip() or "∅" for v in values)


# ---------------------------------------------------------------------------------------------
# Tables


def observe_t2(stream: Stream, start: int, end: int) -> tuple[list[T2Obs], dict[str, set[str]], list[Run]]:
    """Rows of table two with the header columns in force for their block, and caption evidence."""
    obs: list[T2Obs] = []
    caption_editions: dict[str, set[str]] = {}
    stray: list[Run] = []
    header = ""
    last_header: dict[str, list[T2Column]] = {}
    block_now: str | None = None
    header_evidence: dict[str, list[T2Column]] = {}

    def note_header() -> None:
        if block_now is not None:
            cols = [c for _, c in find_t2_columns(header) if c.block == block_now]
            if cols:
                header_evidence.setdefault(block_now, []).extend(cols)

    for ev in stream.events[start:end]:
        if ev.tok is not None:
            cap = match_t2_caption(ev.tok.text)
            if cap is not None:
                note_header()
                caption_editions[cap[0]] = cap[1]
                block_now = cap[0]
                header = ""
                continue
            if len(ev.tok.text) <= 60:
                header += key(ev.tok.text)
            continue
        run = ev.run
        assert run is not None
        hit, tok = _t2_label(run)
        if hit is None:
            wrapped = _wrapped(stream, run, start)
            if wrapped is not None:
                hit, tok = _t2_label(wrapped)
        if hit is None or tok is None:
            stray.append(run)
            continue
        block, row, editions = hit
        cols = [c for _, c in find_t2_columns(header) if c.block == block]
        if cols:
            last_header[block] = cols
        else:
            cols = last_header.get(block, [])
        header = ""
        obs.append(T2Obs(block, row, editions, cols or None, run, tok))
    note_header()
    for block, cols in header_evidence.items():
        if not any(o.block == block and o.columns for o in obs):
            obs.append(T2Obs(block, "", set(), cols, Run([], [], "row", -1), Tok("", "", Origin())))
    return obs, caption_editions, stray


def _columns_by_edition(cols: list[T2Column]) -> dict[str, list[T2Column]]:
    out: dict[str, list[T2Column]] = {}
    for c in cols:
        out.setdefault(c.edition, []).append(c)
    return out


def t2_votes(obs: list[T2Obs], captions: dict[str, set[str]]) -> dict[str, str]:
    """Edition of each block of table two by its headers, one-edition rows and caption (ties: none)."""
    votes: dict[str, Counter[str]] = {}
    for o in obs:
        if o.columns:
            for ed, cols in _columns_by_edition(o.columns).items():
                votes.setdefault(o.block, Counter())[ed] += len(cols)
        if len(o.editions) == 1:
            votes.setdefault(o.block, Counter())[next(iter(o.editions))] += 1
    for block, eds in captions.items():
        if len(eds) == 1:
            votes.setdefault(block, Counter())[next(iter(eds))] += 1
    return {b: c.most_common(1)[0][0] for b, c in votes.items() if c and len(set(c.values())) == len(c)}


def _unplace(ctx: Ctx, edition: str, pointer: str, tok: Tok, why: str) -> None:
    ed = get_edition(edition)
    cell = ed.cell_by_pointer.get(pointer)
    entry: dict[str, Any] = {
        "edition": edition,
        "pointer": pointer,
        "text": tok.raw,
        "value": None,
        "origin": tok.origin.to_dict(),
        "reason": why,
    }
    if cell is not None:
        entry.update(
            {"table": cell.table.label.zh, "row": cell.row_label("zh"), "column": cell.column_label("zh")}
        )
    if tok.value is not None and not tok.value.blank:
        n = tok.value.number
        entry["value"] = n if isinstance(n, int) else float(n)  # type: ignore[arg-type]
        if tok.value.unit:
            entry["unit"] = tok.value.unit
        if tok.value.note:
            entry["note"] = tok.value.note
    ctx.unplaced.append(entry)


def place_t2(ctx: Ctx, obs: list[T2Obs], t2_key: str) -> set[str]:
    """Place table-two rows; returns the blocks whose values went to x-import (other edition)."""
    ed = ctx.edition
    foreign_blocks: set[str] = set()
    for o in obs:
        if not o.row:
            continue  # header evidence only (a table without values)
        row_label = o.label.text
        if o.columns:
            by_ed = _columns_by_edition(o.columns)
            use = ed.id if ed.id in by_ed else next(iter(by_ed))
            cols = [(use, c.column) for c in by_ed[use]]
        elif ed.id in o.editions:
            use = ed.id
            prefix = f"/{t2_key}/{o.block}/{o.row}/"
            cols = [(ed.id, c.pointer[len(prefix):]) for c in ed.cells if c.pointer.startswith(prefix)]
        else:
            use = sorted(o.editions)[0]
            prefix = f"/{t2_key}/{o.block}/{o.row}/"
            cols = [(use, c.pointer[len(prefix):]) for c in get_edition(use).cells if c.pointer.startswith(prefix)]
        values = _trim(o.run.values, len(cols))
        row_pointer = f"/{t2_key}/{o.block}/{o.row}"
        if len(values) != len(cols):
            ctx.find(
                "import.values_ambiguous", WARNING, o.label.origin, row_pointer if use == ed.id else "",
                row=row_label, found=len(values), expected=len(cols), text=values_text(values),
            )
            continue
        if key(official_variant(row_label)) != key(row_label):
            ctx.find("import.label_variant", INFO, o.label.origin, row_pointer, text=row_label,
                     official=official_variant(row_label))
        for (col_ed, col), tok in zip(cols, values, strict=True):
            pointer = f"{row_pointer}/{col}"
            if col_ed == ed.id and pointer in ed.cell_by_pointer:
                _place(ctx, ed.cell_by_pointer[pointer], tok)
            else:
                foreign_blocks.add(o.block)
                _unplace(ctx, col_ed, pointer, tok, "layout of the other edition")
    return foreign_blocks


def _wrapped(stream: Stream, run: Run, start: int) -> Run | None:
    """The run with the text just before it joined in front of its label: a label wrapped over two
    lines or two table rows, ``2.没有现成信息需要另行`` then ``制作 | 0 | …``. Callers accept the
    joined label only when it names an official row. None when there is no such text."""
    if run.kind != "row" or not run.labels or run.pos - 1 < start:
        return None
    prev = stream.events[run.pos - 1]
    if prev.tok is None or prev.heading or not prev.tok.text:
        return None
    joined = Tok(prev.tok.raw + run.labels[0].raw, prev.tok.text + run.labels[0].text, prev.tok.origin)
    return Run([joined, *run.labels[1:]], run.values, run.kind, run.pos)


def observe_t3(stream: Stream, start: int, end: int) -> list[T3Obs]:
    """Every run of values in the region of table three, with the row its label names (if any)."""
    out: list[T3Obs] = []
    for ev in stream.events[start:end]:
        if ev.run is None:
            continue
        rows, tok, how = t3_label(ev.run)
        if how != "exact":
            wrapped = _wrapped(stream, ev.run, start)
            if wrapped is not None:
                w_rows, w_tok, w_how = t3_label(wrapped)
                if w_how == "exact":
                    rows, tok, how = w_rows, w_tok, w_how
        out.append(T3Obs(ev.run, rows, tok, how))
    return out


def t3_vote(obs: list[T3Obs], stream: Stream, start: int, end: int) -> str | None:
    """Edition of table three by its （六）: sub-rows 1–3 (2021) or one row of values (2019)."""
    votes: Counter[str] = Counter()
    for ev in stream.events[start:end]:
        if ev.tok is not None:
            rows, how = match_t3(ev.tok.text)
            if how == "exact" and len(rows) == 1 and rows[0].data == rows[0].editions == {"2021"}:
                votes["2021"] += 1
    for o in obs:
        if not o.rows:
            continue
        data = o.rows[0].data
        if len(data) == 1 and len(_trim(o.run.values, 7)) == 7:
            votes[next(iter(data))] += 1
    if len(votes) == 1:
        return next(iter(votes))
    return None


def place_t3(ctx: Ctx, obs: list[T3Obs], t3_key: str) -> tuple[list[str], bool]:
    """Place table-three rows by label, and unlabelled complete rows by the official row order."""
    ed = ctx.edition
    index = label_index()
    seq = index.t3_sequence[ed.id]
    cols = index.t3_columns[ed.id]
    width = len(cols)
    anchored: list[tuple[int, T3Obs]] = []
    free: list[T3Obs] = []
    foreign = False
    for o in obs:
        values = _trim(o.run.values, width)
        row = o.rows[0] if o.rows else None
        if row is not None and row.path not in seq:
            if len(values) == width and row.data:
                # a data row of the other edition only (（六）其他处理 as one row in a 2021 report)
                foreign = True
                other = next(iter(row.data))
                for col, tok in zip(cols, values, strict=True):
                    _unplace(ctx, other, f"/{t3_key}/{row.path}/{col}", tok, "layout of the other edition")
            continue  # otherwise a group label (三、本年度办理结果, （三）不予公开…): no cells
        if len(values) != width:
            if row is not None:
                ctx.find(
                    "import.values_ambiguous", WARNING, (o.label or o.run.values[0]).origin,
                    f"/{t3_key}/{row.path}", row=row.label, found=len(values), expected=width,
                    text=values_text(values),
                )
            elif any(v.value is not None and not v.value.blank for v in values):
                ctx.find("import.value_unplaced", WARNING, values[0].origin, text=values_text(values))
            continue
        if row is not None:
            idx = seq.index(row.path)
            if anchored and idx <= anchored[-1][0]:
                ctx.find("import.value_unplaced", WARNING, values[0].origin, text=values_text(values))
                continue
            anchored.append((idx, o))
            free.append(o)  # keeps document order for the gap walk below
        else:
            free.append(o)
    # Walk the runs in document order, between anchors.
    placed_rows: set[str] = set()
    anchor_of = {id(o): i for i, o in anchored}
    prev_idx = -1
    gap: list[T3Obs] = []

    def flush(next_idx: int, at_end: bool) -> None:
        nonlocal gap
        if not gap:
            return
        missing = next_idx - prev_idx - 1
        if len(gap) == missing and (not at_end or next_idx == len(seq)):
            before = index_label(prev_idx)
            after = index_label(next_idx)
            for k, o in enumerate(gap):
                path = seq[prev_idx + 1 + k]
                values = _trim(o.run.values, width)
                row_label = next(r.label for r in index.t3_rows if r.path == path)
                ctx.find(
                    "import.label_inferred", WARNING, values[0].origin, f"/{t3_key}/{path}",
                    text=values_text(values), before=before, after=after, row=row_label,
                )
                for col, tok in zip(cols, values, strict=True):
                    _place(ctx, ed.cell_by_pointer[f"/{t3_key}/{path}/{col}"], tok, inferred=True)
                placed_rows.add(path)
        else:
            for o in gap:
                values = _trim(o.run.values, width)
                ctx.find("import.value_unplaced", WARNING, values[0].origin, text=values_text(values))
        gap = []

    def index_label(i: int) -> str:
        if i < 0:
            return "—"
        if i >= len(seq):
            return "—"
        return next(r.label for r in index.t3_rows if r.path == seq[i])

    for o in free:
        if id(o) in anchor_of:
            idx = anchor_of[id(o)]
            flush(idx, at_end=False)
            path = seq[idx]
            values = _trim(o.run.values, width)
            for col, tok in zip(cols, values, strict=True):
                _place(ctx, ed.cell_by_pointer[f"/{t3_key}/{path}/{col}"], tok)
            placed_rows.add(path)
            if o.label is not None and o.how != "exact":
                ctx.find("import.label_variant", INFO, o.label.origin, f"/{t3_key}/{path}",
                         text=o.label.text, official=o.rows[0].label)
            prev_idx = idx
        else:
            gap.append(o)
    if gap:
        flush(len(seq), at_end=True)
    return [p for p in seq if p not in placed_rows], foreign


def place_t4(ctx: Ctx, stream: Stream, start: int, end: int) -> bool:
    """Table four by position: exactly fifteen values in the region, or one complete row of them."""
    cells = label_index().t4_cells[ctx.edition.id]
    runs = [ev.run for ev in stream.events[start:end] if ev.run is not None]
    if not runs:
        return False
    flat = [t for r in runs for t in r.values]
    chosen: list[Tok] | None = None
    if len(flat) == len(cells):
        chosen = flat
    else:
        whole = [r for r in runs if len(_trim(r.values, len(cells))) == len(cells)]
        if len(whole) == 1:
            chosen = _trim(whole[0].values, len(cells))
    if chosen is None:
        ctx.find(
            "import.values_ambiguous", WARNING, flat[0].origin if flat else None, f"/{cells[0].table.key}",
            row=cells[0].table.label.zh, found=len(flat), expected=len(cells), text=values_text(flat),
        )
        return False
    for cell, tok in zip(cells, chosen, strict=True):
        _place(ctx, cell, tok)
    return True
