"""The dimension tables (tables, rows, columns, cells) of every edition, read from the schema.

Observations carry only ids; these small tables give each id its official Chinese and English
labels, its place in the official order, its kind and unit. They are the same for every dataset
(they depend on the schemas only) and are a few hundred rows long.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model.editions import EDITIONS, FIELD_GROUP, get_edition
from ..model.versions import known_versions
from ..opendata.cells import cell_infos

SECTION_ROLES = ("table", "narrative", FIELD_GROUP)


def table_rows() -> Iterator[dict[str, Any]]:
    """The sections of each edition: tables, narrative sections and field groups, in schema order."""
    for edition_id in EDITIONS:
        sections = [n for n in get_edition(edition_id).root.children if n.role in SECTION_ROLES]
        for position, node in enumerate(sections, start=1):
            yield {"edition": edition_id, "table_id": node.key, "role": node.role, "position": position,
                   "label_zh": node.label.zh, "label_en": node.label.en}


def _distinct(edition_id: str, attr: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(table_id, id) -> (zh, en) labels of the rows or columns of an edition, in first-seen order."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for info in cell_infos(edition_id):
        key = (info.table_id, getattr(info, f"{attr}_id"))
        out.setdefault(key, (getattr(info, f"{attr}_zh"), getattr(info, f"{attr}_en")))
    return out


def _numbered(edition_id: str, attr: str) -> Iterator[dict[str, Any]]:
    position: dict[str, int] = {}
    for (table_id, item_id), (zh, en) in _distinct(edition_id, attr).items():
        position[table_id] = position.get(table_id, 0) + 1
        yield {"edition": edition_id, "table_id": table_id, f"{attr}_id": item_id, "position": position[table_id],
               "label_zh": zh, "label_en": en}


def row_rows() -> Iterator[dict[str, Any]]:
    for edition_id in EDITIONS:
        yield from _numbered(edition_id, "row")


def column_rows() -> Iterator[dict[str, Any]]:
    for edition_id in EDITIONS:
        yield from _numbered(edition_id, "column")


def cell_rows() -> Iterator[dict[str, Any]]:
    for edition_id in EDITIONS:
        for position, info in enumerate(cell_infos(edition_id), start=1):
            yield {"edition": edition_id, "table_id": info.table_id, "row_id": info.row_id,
                   "column_id": info.column_id, "position": position, "pointer": info.pointer,
                   "kind": info.kind, "unit": info.unit}


DIMENSIONS = {"tables": table_rows, "rows": row_rows, "columns": column_rows, "cells": cell_rows}


@cache
def id_dictionaries() -> dict[str, tuple[str, ...]]:
    """Every distinct table, row and column id of every released version of every edition (the
    dictionaries of Parquet): a report checked against an older version finds its ids there too."""
    out: dict[str, dict[str, None]] = {"table_id": {}, "row_id": {}, "column_id": {}}
    for edition_id, version in ((e, v) for e in EDITIONS for v in known_versions(e)):
        for info in cell_infos(edition_id, version):
            for name in out:
                out[name][getattr(info, name)] = None
    return {name: tuple(ids) for name, ids in out.items()}
