"""Placing values in cells, shared by the three tables: the report being built (``Ctx``), value
conversion by the cell's kind, and the findings that say why a cell stays blank.

``placement_t2`` places table two by row label and header, ``placement_t3`` places table three
by row label or by the official row order and table four by position. Nothing here knows file
formats (see ``stream.py``); ``assemble.py`` drives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..check.findings import WARNING, Finding
from ..check.schema import place_of
from ..model.editions import Cell, Edition, get_edition
from .model import Origin, SourceDocument
from .normalize import Value
from .stream import Run, Stream, Tok


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


def label_candidates(labels: list[Tok], kind: str) -> list[tuple[str, Tok]]:
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


# ---------------------------------------------------------------------------------------------
# Values


def convert(tok: Tok, cell: Cell, ctx: Ctx) -> tuple[bool, Any]:
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


def set_pointer(report: dict[str, Any], pointer: str, value: Any) -> None:
    parts = pointer.strip("/").split("/")
    node = report
    for p in parts[:-1]:
        node = node[p]
    node[parts[-1]] = value


def place_value(ctx: Ctx, cell: Cell, tok: Tok, inferred: bool = False) -> bool:
    ok, stored = convert(tok, cell, ctx)
    set_pointer(ctx.report, cell.pointer, stored)
    entry: dict[str, Any] = {"origin": tok.origin.to_dict(), "text": tok.raw.strip()}
    if inferred:
        entry["row_inferred"] = True
    ctx.provenance[cell.pointer] = entry
    return ok and stored is not None


def trim_values(values: list[Tok], n: int) -> list[Tok]:
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



def unplace(ctx: Ctx, edition: str, pointer: str, tok: Tok, why: str) -> None:
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

def wrapped_run(stream: Stream, run: Run, start: int) -> Run | None:
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
