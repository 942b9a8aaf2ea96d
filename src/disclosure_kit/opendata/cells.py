"""One record per table cell: the shared core of the open-data JSON renderer and ``dataset``.

A record places one number of a report by its table, row and column ids (stable keys of the
schema, never positions) and carries the official Chinese and English labels read from the
schema, the cell kind and unit, the value and its status:

* ``reported``: a number was given;
* ``blank``: the cell is present and ``null`` (left blank in the source, which is not 0);
* ``absent``: the key is missing from the report;
* ``invalid``: the value is there but failed the schema (text, negative count…); its value is
  written as ``null`` so that typed consumers (CSV with a table schema) never meet text in a
  number column.

Labels and row order come from ``model/editions.py``; nothing here knows a label. The static part of
every record (ids and labels) is computed once per edition, so building the ~200 records of a
report costs a few microseconds per cell even at national scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..check.identities import MISSING, raw_value, report_values
from ..model.editions import Cell, Edition, get_edition

FORMAT = "disclosure-kit/opendata"
VERSION = "1.1"  # history: schema/opendata/CHANGELOG.md
SCHEMA_ID = f"https://disclosure-kit.org/schema/opendata/{VERSION}/opendata.schema.json"

REPORTED = "reported"
BLANK = "blank"
ABSENT = "absent"
INVALID = "invalid"
STATUSES = (REPORTED, BLANK, ABSENT, INVALID)  # this order is the status code of ``columns``

# The order of the fields of one record, shared by the JSON renderer and the dataset files.
CELL_FIELDS: tuple[str, ...] = (
    "table_id", "row_id", "column_id", "pointer",
    "table_zh", "row_zh", "column_zh", "table_en", "row_en", "column_en",
    "kind", "unit", "value", "status",
)


@dataclass(frozen=True)
class CellInfo:
    """The static part of a record: where a cell is and what it is called (per edition, cached)."""

    cell: Cell | None  # None for a field of a field group (below)
    table_id: str
    row_id: str
    column_id: str
    pointer: str
    table_zh: str
    row_zh: str
    column_zh: str
    table_en: str
    row_en: str
    column_en: str
    kind: str
    unit: str | None
    path: tuple[str, ...] = ()

    def labels(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in CELL_FIELDS[:12]}


def _row_label(cell: Cell, lang: str) -> str:
    """Row labels including the block caption (第二十条第（一）项 / 规章): unique within a table."""
    return " / ".join(r.label.get(lang) for r in cell.rows)


@cache
def cell_infos(edition_id: str, version: str | None = None) -> tuple[CellInfo, ...]:
    """Every cell of a version of an edition (the latest by default) in the official order, with its ids
    and labels. A report is read with the cells of the version it was checked against."""
    edition = get_edition(edition_id, version)
    return tuple(
        CellInfo(
            cell=c,
            table_id=c.table_id,
            row_id=c.row_id,
            column_id=c.column_id,
            pointer=c.pointer,
            table_zh=c.table.label.zh,
            row_zh=_row_label(c, "zh"),
            column_zh=c.column_label("zh"),
            table_en=c.table.label.en,
            row_en=_row_label(c, "en"),
            column_en=c.column_label("en"),
            kind=c.kind,
            unit=c.unit,
            path=c.path,
        )
        for c in edition.cells
    ) + _field_infos(edition)


FIELD_KINDS = {"integer": "count", "number": "amount"}


def _field_infos(edition: Edition) -> tuple[CellInfo, ...]:
    """The numeric fields of the edition's field groups (``x-role: fields``, such as 六's
    information-processing fees), as records like cells: the group is the table, the field the
    column, with no row. They follow the cells, in schema order; a schema version that adds a group
    or a field adds records without a change here. (A text field would need a text column: the
    format has none yet, so only numbers are taken.)"""
    out = []
    for group in edition.field_groups():
        for key, sub in group.schema.get("properties", {}).items():
            types = sub.get("type", [])
            kind = next((FIELD_KINDS[t] for t in ([types] if isinstance(types, str) else types) if t in FIELD_KINDS),
                        None)
            if kind is None:
                continue
            zh = sub.get("title", key)
            out.append(CellInfo(
                cell=None, table_id=group.key, row_id="", column_id=key, pointer=f"{group.pointer}/{key}",
                table_zh=group.label.zh, row_zh="", column_zh=zh, table_en=group.label.en, row_en="",
                column_en=sub.get("x-title-en", zh), kind=kind, unit=sub.get("x-unit"), path=(group.key, key)))
    return tuple(out)


def _field_value(report: dict[str, Any], path: tuple[str, ...]) -> Any:
    """A field's value; a group left ``null`` leaves its fields blank, a missing group leaves them absent."""
    group = report.get(path[0], MISSING)
    if group is None:
        return None
    return group.get(path[1], MISSING) if isinstance(group, dict) else MISSING


def all_values(edition: Edition, report: dict[str, Any], values: list[Any] | None = None) -> list[Any]:
    """The values of every record of ``cell_infos``: the cells (read once, or ``values`` when already
    read by ``report_values``), then the fields of the field groups."""
    base = report_values(edition, report) if values is None else values
    fields = cell_infos(edition.id, edition.version)[len(edition.cells):]
    return [*base, *(_field_value(report, f.path) for f in fields)] if fields else list(base)



def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_value(info: CellInfo, report: dict[str, Any], bad: frozenset[str] | set[str]) -> tuple[Any, str | None, str]:
    """(value, unit, status) of one cell of a report.

    ``bad`` holds the pointers the schema check rejected; a rejected cell, or a rejected part of a
    money cell (``…/amount/value``), is ``invalid`` whatever its value looks like.
    """
    raw = raw_value(report, info.path) if info.cell is not None else _field_value(report, info.path)
    unit = info.unit
    if raw is MISSING:
        return None, unit, ABSENT
    if bad and (info.pointer in bad or any(p.startswith(info.pointer + "/") for p in bad)):
        return None, unit, INVALID
    if info.kind == "money":
        if raw is None:
            return None, unit, BLANK
        if not isinstance(raw, dict):
            return None, unit, INVALID
        given = raw.get("unit")
        unit = given if isinstance(given, str) and given else unit
        raw = raw.get("value")
    if raw is None:
        return None, unit, BLANK
    if not _is_number(raw):
        return None, unit, INVALID
    if info.kind in ("count", "signed") and not isinstance(raw, int):
        return None, unit, INVALID
    return raw, unit, REPORTED


def iter_records(
    edition: Edition, report: dict[str, Any], bad: Iterable[str] = ()
) -> Iterator[tuple[CellInfo, Any, str | None, str]]:
    """(static info, value, unit, status) of every cell, in the official order.

    All values are read at once with ``identities.report_values``; only a report with schema
    errors or a money cell takes the slower, cell-by-cell path.
    """
    bad_set = frozenset(bad)
    infos = cell_infos(edition.id, edition.version)
    if bad_set:
        for info in infos:
            value, unit, status = cell_value(info, report, bad_set)
            yield info, value, unit, status
        return
    for info, value in zip(infos, all_values(edition, report), strict=True):
        kind = info.kind
        if kind == "money":
            value, unit, status = cell_value(info, report, bad_set)
            yield info, value, unit, status
        elif value is None:
            yield info, None, info.unit, BLANK
        elif value is MISSING:
            yield info, None, info.unit, ABSENT
        elif type(value) is int or (type(value) is float and kind == "amount"):
            yield info, value, info.unit, REPORTED
        else:
            yield info, None, info.unit, INVALID


STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}  # REPORTED is 0


@dataclass
class Columns:
    """The cells of one report present in its file, as compact columns (the dataset's rows).

    ``positions`` are indices into ``cell_infos`` (None when every cell is present); ``statuses``
    holds one ``STATUS_CODE`` per row; ``units`` is set only when a report wrote a unit of its own.
    """

    positions: list[int] | None
    values: list[Any]
    statuses: bytes
    units: list[str | None] | None
    absent: int


@cache
def _special(edition_id: str, version: str) -> tuple[frozenset[int], tuple[int, ...], tuple[str | None, ...]]:
    """(indices of cells that may hold a float, indices of money cells, each cell's unit) of an edition."""
    infos = cell_infos(edition_id, version)
    return (frozenset(i for i, c in enumerate(infos) if c.kind in ("amount", "money")),
            tuple(i for i, c in enumerate(infos) if c.kind == "money"), tuple(c.unit for c in infos))


def columns(edition: Edition, report: dict[str, Any], bad: frozenset[str] = frozenset(),
            values: list[Any] | None = None) -> Columns:
    """Every present cell's value and status, as ``iter_records`` gives them, in compact columns.

    The hot loop of a national dataset: with no rejected pointer, the values read once by
    ``report_values`` (pass them in when already read) are classified in one pass in which a
    plain integer costs a type check; only money cells (value and unit) are read one by one.
    """
    infos = cell_infos(edition.id, edition.version)
    floats, money, schema_units = _special(edition.id, edition.version)
    units: list[str | None] | None = None
    if bad:
        rows = [(v, u, STATUS_CODE[s]) for _, v, u, s in iter_records(edition, report, bad)]
        out_values = [v for v, _, _ in rows]
        status = bytearray(code for _, _, code in rows)
        if any(u != schema_units[i] for i, (_, u, _) in enumerate(rows)):
            units = [u for _, u, _ in rows]
    else:
        out_values = all_values(edition, report, values)
        status = bytearray(len(out_values))
        for i, v in enumerate(out_values):
            if type(v) is int:
                continue
            if v is None:
                status[i] = 1
            elif v is MISSING:
                status[i], out_values[i] = 2, None
            elif type(v) is not float or i not in floats:
                status[i], out_values[i] = 3, None
        for i in money:
            out_values[i], unit, code = cell_value(infos[i], report, bad)
            status[i] = STATUS_CODE[code]
            if unit != schema_units[i]:
                units = units or list(schema_units)
                units[i] = unit
    absent = status.count(2)
    if not absent:
        return Columns(None, out_values, bytes(status), units, 0)
    keep = [i for i, code in enumerate(status) if code != 2]
    return Columns(keep, [out_values[i] for i in keep], bytes(status[i] for i in keep),
                   [units[i] for i in keep] if units is not None else None, absent)


def cell_records(edition: Edition, report: dict[str, Any], bad: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The records of one report as dicts in ``CELL_FIELDS`` order (for the JSON renderer)."""
    out: list[dict[str, Any]] = []
    for info, value, unit, status in iter_records(edition, report, bad):
        record = info.labels()
        record["unit"] = unit
        record["value"] = value
        record["status"] = status
        out.append(record)
    return out


def bad_pointers(findings: Iterable[Any]) -> frozenset[str]:
    """Pointers that the schema check rejected (``schema.*`` findings)."""
    return frozenset(f.pointer for f in findings if f.code.startswith("schema."))


META_FIELDS: tuple[str, ...] = (
    "agency", "agency_code", "year", "published", "index_number", "issuer", "title", "source_url",
)


def report_meta(report: dict[str, Any]) -> dict[str, Any]:
    """The 1.0 ``meta`` fields, each ``None`` when missing or not a plain scalar.

    Kept for callers of 1.0; open data now reads every field from the schema (``report.meta_values``).
    """
    meta = report.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    out: dict[str, Any] = {}
    for key in META_FIELDS:
        value = meta.get(key)
        ok = isinstance(value, str) or (key == "year" and isinstance(value, int) and not isinstance(value, bool))
        out[key] = value if ok else None
    return out
