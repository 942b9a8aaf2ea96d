"""Stage 5 for table two: each row's values placed by the columns its block's header names."""

from __future__ import annotations

from ..model.editions import Edition, get_edition
from .cells import Sheet
from .headers import T2Header
from .labels import label_index, official_variant
from .matching import Matched, T2Row
from .tokens import trim_values, values_text


def column_labels(edition: Edition, pointers: list[str], lang: str) -> str:
    """``本年新制作数量、对外公开总数量`` for a list of cell pointers (one row's columns)."""
    sep = ", " if lang == "en" else "、"
    return sep.join(edition.cell_by_pointer[p].column_label(lang) for p in pointers if p in edition.cell_by_pointer)


def _columns(row: T2Row, ed: Edition, t2_key: str) -> tuple[str, list[str]]:
    """The edition whose layout the row follows and its columns in the printed order."""
    header = row.header
    if header and header.columns:
        by_ed: dict[str, list[str]] = {}
        for c in header.columns:
            by_ed.setdefault(c.edition, []).append(c.column)
        use = ed.id if ed.id in by_ed else next(iter(by_ed))
        return use, by_ed[use]
    use = ed.id if ed.id in row.editions else sorted(row.editions)[0]
    prefix = f"/{t2_key}/{row.block}/{row.row}/"
    return use, [c.pointer[len(prefix):] for c in get_edition(use).cells if c.pointer.startswith(prefix)]


def _say_repairs(sheet: Sheet, header: T2Header, said: set[int], pointer: str) -> None:
    if id(header) in said:
        return
    said.add(id(header))
    for tok, col, how in header.repaired:
        sheet.say("import.header_repaired", "info" if how == "prefix" else "warning", tok.origin, pointer,
                  text=tok.text, official=col.label, official_en=col.en,
                  how_zh="按开头与位置" if how == "prefix" else "按位置",
                  how_en="by its beginning and position" if how == "prefix" else "by its position")


def _refuse(sheet: Sheet, row: T2Row, use: str, cols: list[str], values: list, pointer: str) -> None:
    """A row whose values do not fit its columns: kept whole, and the message says what was seen."""
    ed = get_edition(use)
    recognised = [f"{pointer}/{c}" for c in cols]
    header = row.header
    sheet.say(
        "import.values_ambiguous", "warning", row.label.origin, pointer if use == sheet.edition.id else "",
        row=row.label.text, found=len(values), expected=len(cols), text=values_text(values),
        columns_zh=column_labels(ed, recognised, "zh") or "—", columns_en=column_labels(ed, recognised, "en") or "—",
        header=header.seen if header else "—",
        basis_zh="表头" if header else "官方列序（无表头）",
        basis_en="the header" if header else "the official order (no header)",
    )
    if use == sheet.edition.id:
        sheet.keep_row(pointer, values, found=len(values), expected=len(cols))
    else:
        sheet.unplace_run(pointer.split("/")[1], values, "columns")


def place_t2(sheet: Sheet, matched: Matched) -> set[str]:
    """Place table-two rows; returns the blocks whose values went to x-import (other edition)."""
    ed = sheet.edition
    t2_key = label_index().table_keys["t2"]
    foreign: set[str] = set()
    said: set[int] = set()
    cut: dict[str, tuple[T2Row, list[str], list[str]]] = {}  # block -> first row, named, absent columns
    for row in matched.t2_rows:
        pointer = f"/{t2_key}/{row.block}/{row.row}"
        use, cols = _columns(row, ed, t2_key)
        if use == ed.id:
            sheet.printed.add(pointer)
            if row.note:
                sheet.row_notes[pointer] = row.note
        if row.header is not None:
            _say_repairs(sheet, row.header, said, pointer)
        values = trim_values(row.values, len(cols))
        if len(values) != len(cols):
            _refuse(sheet, row, use, cols, values, pointer)
            continue
        if official_variant(row.label) != row.label.text:
            sheet.say("import.label_variant", "info", row.label.origin, pointer, text=row.label.text,
                      official=official_variant(row.label))
        for col, tok in zip(cols, values, strict=True):
            cell = ed.cell_by_pointer.get(f"{pointer}/{col}") if use == ed.id else None
            if cell is not None:
                sheet.place(cell, tok)
            else:
                foreign.add(row.block)
                sheet.unplace(use, f"{pointer}/{col}", tok, "layout of the other edition")
        if row.header is not None and use == ed.id:
            official = [c.column for c in label_index().t2_blocks[(ed.id, row.block)]]
            missing = [c for c in official if c not in cols]
            if missing:
                cut.setdefault(row.block, (row, cols, missing))
                sheet.absent.append({"reason": "columns", "pointers": [pointer], "columns": missing})
    for block, (first, named, missing) in cut.items():
        _say_cut(sheet, f"/{t2_key}/{block}", first, named, missing)
    _stray(sheet, matched, t2_key)
    return foreign


def _say_cut(sheet: Sheet, block: str, first: T2Row, named: list[str], missing: list[str]) -> None:
    """Once per block: the columns its header names, and those it does not (absent)."""
    base = f"{block}/{first.row}"
    ed = sheet.edition
    sheet.say(
        "import.columns_absent", "warning", first.label.origin, block,
        named_zh=column_labels(ed, [f"{base}/{c}" for c in named], "zh"),
        named_en=column_labels(ed, [f"{base}/{c}" for c in named], "en"),
        absent_zh=column_labels(ed, [f"{base}/{c}" for c in missing], "zh"),
        absent_en=column_labels(ed, [f"{base}/{c}" for c in missing], "en"),
    )


def _stray(sheet: Sheet, matched: Matched, t2_key: str) -> None:
    """Runs of values whose label names no row of table two: said, and kept as printed."""
    for run in matched.t2_stray:
        if not any(v.value is not None and not v.value.blank for v in run.values):
            continue
        if run.labels and run.kind == "row":
            sheet.say("import.label_unknown", "warning", run.labels[-1].origin,
                      text="".join(t.text for t in run.labels), values=values_text(run.values))
        else:
            sheet.say("import.value_unplaced", "warning", run.values[0].origin, text=values_text(run.values))
        sheet.unplace_run(t2_key, run.values, "label not recognised" if run.labels else "no label")
