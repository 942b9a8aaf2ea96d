"""Table two: each row placed by its label and by the header columns in force for its block."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..check.findings import INFO, WARNING
from ..model.editions import get_edition
from .labels import (
    T2Column,
    find_t2_columns,
    match_t2_caption,
    match_t2_row,
    official_variant,
)
from .model import Origin
from .normalize import key
from .placement import Ctx, label_candidates, place_value, trim_values, unplace, values_text, wrapped_run
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



def _t2_label(run: Run) -> tuple[tuple[str, str, set[str]] | None, Tok | None]:
    for text, tok in label_candidates(run.labels, run.kind):
        hit = match_t2_row(text)
        if hit:
            return hit, tok
    return None, None



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
            wrapped = wrapped_run(stream, run, start)
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
        values = trim_values(o.run.values, len(cols))
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
                place_value(ctx, ed.cell_by_pointer[pointer], tok)
            else:
                foreign_blocks.add(o.block)
                unplace(ctx, col_ed, pointer, tok, "layout of the other edition")
    return foreign_blocks

