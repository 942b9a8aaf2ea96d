"""Absent is not blank: the parts of the tables the source does not contain, recorded as such.

A cell printed blank counts as 0 in the identities; a cell of a row, block, column or table that
the source does not print at all (it stops early, a page is an image, the table is cut) is
*absent*: recorded under ``x-import.absent`` with the reason, so that ``validate`` neither warns
about it as blank nor counts it in an identity (``check.imported``). A row the source prints but
whose values could not be placed is not absent: it is kept (``x-import.kept``).
"""

from __future__ import annotations

from ..check.imported import cells_under, compress, label_of
from ..model.editions import Cell
from .cells import Sheet
from .labels import label_index
from .matching import Matched


def _printed(cell: Cell, sheet: Sheet) -> bool:
    pointer = cell.pointer
    while pointer:
        if pointer in sheet.printed or pointer in sheet.kept:
            return True
        pointer = pointer.rsplit("/", 1)[0]
    return False


def _labels(sheet: Sheet, pointers: list[str], lang: str) -> str:
    node = sheet.edition.node
    return ("; " if lang == "en" else "；").join(label_of(node(p), lang) for p in pointers)  # type: ignore[arg-type]


def record_absent(sheet: Sheet, matched: Matched) -> None:
    """Add an ``absent`` entry (and one finding) for every part of a table the source does not print."""
    ed = sheet.edition
    index = label_index()
    cut: set[str] = set()
    for entry in sheet.absent:
        for pointer in entry["pointers"]:
            cut |= cells_under(ed, pointer, entry.get("columns"))
    for table in ed.tables():
        cells = [c for c in ed.cells if c.table is table]
        missing = {c.pointer for c in cells if c.pointer not in cut and not _printed(c, sheet)}
        if not missing:
            continue
        if all(c.pointer in missing or c.pointer in cut for c in cells):
            sheet.absent.append({"reason": "table", "pointers": [table.pointer]})
            sheet.say("import.table_missing", "warning", None, table.pointer, table=table.label.zh)
            continue
        groups: dict[str, set[str]] = {"rows": missing}
        if table.key == index.table_keys["t3"] and matched.t3_source_ends:
            seq = index.t3_sequence[ed.id]
            gone = {p.rsplit("/", 1)[0] for p in missing}  # rows with an absent cell
            last = max((i for i, path in enumerate(seq) if f"/{table.key}/{path}" not in gone), default=-1)
            tail = {p for p in missing if p.rsplit("/", 1)[0] in {f"/{table.key}/{q}" for q in seq[last + 1:]}}
            groups = {"ends": tail, "rows": missing - tail}
        for reason, part in groups.items():
            # a row whose cut-off columns are absent anyway is absent whole
            pointers = [p for p in compress(ed, part | cut) if cells_under(ed, p) & part]
            if not pointers:
                continue
            if reason == "rows" and table.key == index.table_keys["t2"]:
                reason = "block" if all(ed.node(p) and ed.node(p).role == "block" for p in pointers) else reason
            sheet.absent.append({"reason": reason, "pointers": pointers})
            last = matched.last
            sheet.say("import.cell_missing", "info" if reason in ("rows", "block") else "warning",
                      last.origin if reason == "ends" and last else None, table.pointer,
                      rows_zh=_labels(sheet, pointers, "zh"), rows_en=_labels(sheet, pointers, "en"),
                      why_zh=_WHY[reason][0], why_en=_WHY[reason][1], rows=_labels(sheet, pointers, "zh"))


_WHY = {
    "rows": ("来源中没有这些行", "the source does not print them"),
    "block": ("来源中没有这些项", "the source does not print these blocks"),
    "ends": ("来源在此之前就结束了", "the source ends before them"),
}
