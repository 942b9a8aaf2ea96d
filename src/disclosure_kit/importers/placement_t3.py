"""Table three by row label or by the official row order; table four by position."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..check.findings import INFO, WARNING
from .labels import (
    T3Row,
    label_index,
    match_t3,
)
from .placement import Ctx, label_candidates, place_value, trim_values, unplace, values_text, wrapped_run
from .stream import Run, Stream, Tok


@dataclass
class T3Obs:
    """A run of values in table three and the row its label names (none when unlabelled)."""

    run: Run
    rows: list[T3Row]
    label: Tok | None
    how: str



def t3_label(run: Run) -> tuple[list[T3Row], Tok | None, str]:
    """The table-three row a run's label names: an exact match wins over a prefix or fragment."""
    best: tuple[list[T3Row], Tok | None, str] = ([], None, "")
    for text, tok in label_candidates(run.labels, run.kind):
        rows, how = match_t3(text)
        if rows and len({r.path for r in rows}) == 1:
            if how == "exact":
                return rows, tok, how
            if not best[0]:
                best = (rows, tok, how)
    return best






def observe_t3(stream: Stream, start: int, end: int) -> list[T3Obs]:
    """Every run of values in the region of table three, with the row its label names (if any)."""
    out: list[T3Obs] = []
    for ev in stream.events[start:end]:
        if ev.run is None:
            continue
        rows, tok, how = t3_label(ev.run)
        if how != "exact":
            wrapped = wrapped_run(stream, ev.run, start)
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
        if len(data) == 1 and len(trim_values(o.run.values, 7)) == 7:
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
        values = trim_values(o.run.values, width)
        row = o.rows[0] if o.rows else None
        if row is not None and row.path not in seq:
            if len(values) == width and row.data:
                # a data row of the other edition only (（六）其他处理 as one row in a 2021 report)
                foreign = True
                other = next(iter(row.data))
                for col, tok in zip(cols, values, strict=True):
                    unplace(ctx, other, f"/{t3_key}/{row.path}/{col}", tok, "layout of the other edition")
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
                values = trim_values(o.run.values, width)
                row_label = next(r.label for r in index.t3_rows if r.path == path)
                ctx.find(
                    "import.label_inferred", WARNING, values[0].origin, f"/{t3_key}/{path}",
                    text=values_text(values), before=before, after=after, row=row_label,
                )
                for col, tok in zip(cols, values, strict=True):
                    place_value(ctx, ed.cell_by_pointer[f"/{t3_key}/{path}/{col}"], tok, inferred=True)
                placed_rows.add(path)
        else:
            for o in gap:
                values = trim_values(o.run.values, width)
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
            values = trim_values(o.run.values, width)
            for col, tok in zip(cols, values, strict=True):
                place_value(ctx, ed.cell_by_pointer[f"/{t3_key}/{path}/{col}"], tok)
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
        whole = [r for r in runs if len(trim_values(r.values, len(cells))) == len(cells)]
        if len(whole) == 1:
            chosen = trim_values(whole[0].values, len(cells))
    if chosen is None:
        ctx.find(
            "import.values_ambiguous", WARNING, flat[0].origin if flat else None, f"/{cells[0].table.key}",
            row=cells[0].table.label.zh, found=len(flat), expected=len(cells), text=values_text(flat),
        )
        return False
    for cell, tok in zip(cells, chosen, strict=True):
        place_value(ctx, cell, tok)
    return True
