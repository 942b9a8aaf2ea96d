"""The Frictionless Data Package descriptor (``datapackage.json``) of a dataset run.

It describes every data file, in every format written (CSV, JSON Lines, Parquet, the findings as
one JSON array), with a Table Schema (types, allowed values, primary and foreign keys) read from
``tables``, so CKAN and other portals load the files as they are and ``frictionless validate
datapackage.json`` checks them. Sizes and sha256 are given wherever Frictionless can verify them
(it cannot count the bytes of JSON arrays or Parquet files it reads through a parser). The
licence is the one given with ``--license``, or the package says plainly that none was given.
The descriptor is deterministic: no dates, no absolute paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import __version__
from .tables import Column, Table

MEDIA = {"csv": "text/csv", "jsonl": "application/jsonl", "json": "application/json",
         "parquet": "application/vnd.apache.parquet"}
NO_LICENCE = ("No licence was given when this package was made (disclosure-kit dataset --license): the "
              "publisher has not stated the terms of reuse.")


class LicenceError(ValueError):
    """A ``--license`` that is neither a known SPDX licence id nor an http(s) address."""


@dataclass(frozen=True)
class Licence:
    """A licence as Frictionless describes it: an SPDX id and its page, or an address."""

    name: str | None
    path: str

    def descriptor(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path} if self.name else {"path": self.path}


def parse_licence(text: str) -> Licence:
    """``CC-BY-4.0`` (any SPDX licence id, checked against the SPDX list) or ``https://…``."""
    text = text.strip()
    if text.startswith(("https://", "http://")) and len(text) < 2000 and not any(c.isspace() for c in text):
        return Licence(None, text)
    from license_expression import ExpressionError, get_spdx_licensing

    try:
        info = get_spdx_licensing().validate(text)
    except ExpressionError:
        info = None
    key = info.normalized_expression if text and info is not None and not info.errors else None
    if not key or " " in key:
        raise LicenceError(f"{text!r} is not one SPDX licence id (e.g. CC-BY-4.0, CC0-1.0, ODbL-1.0) nor an "
                           "http(s) address")
    return Licence(key, f"https://spdx.org/licenses/{key}.html")


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    constraints: dict[str, Any] = {}
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    return schema


def resource(table: Table, fmt: str, path: str, size: int | None, digest: str | None, rows: int) -> dict[str, Any]:
    """One file of ``table`` in format ``fmt``.

    An empty JSON or JSON Lines table cannot be read as a table by Frictionless (it finds no
    header), so such a file is described as a plain file with its size and hash. Only text files
    have them (``size`` and ``digest`` are None for Parquet, which is never described by them).
    """
    name = table.name if fmt == "csv" else f"{table.name}-{fmt}"
    out: dict[str, Any] = {"name": name, "title": table.title, "path": path, "format": fmt,
                           "mediatype": MEDIA[fmt], "encoding": "utf-8"}
    if fmt in ("json", "jsonl") and rows == 0:
        return {**out, "type": "file", "bytes": size, "hash": f"sha256:{digest}",
                "description": "empty: no rows (the same table as CSV has its schema)"}
    out["profile"] = "tabular-data-resource"
    if fmt in ("csv", "jsonl"):
        out["bytes"], out["hash"] = size, f"sha256:{digest}"
    if fmt == "parquet":
        del out["encoding"]
    out["schema"] = table_schema(table)
    return out


def foreign_keys(table: Table, fmt: str, names: set[str]) -> list[dict[str, Any]]:
    """The table's foreign keys to tables written in the same format."""
    out = []
    for fields, other, other_fields in table.foreign_keys:
        target = other if fmt == "csv" else f"{other}-{fmt}"
        if target in names:
            out.append({"fields": list(fields), "reference": {"resource": target, "fields": list(other_fields)}})
    return out


def descriptor(resources: list[dict[str, Any]], tables: dict[str, Table], licence: Licence | None,
               counts: dict[str, int]) -> dict[str, Any]:
    """``datapackage.json`` for the resources written (foreign keys added between them)."""
    names = {r["name"] for r in resources}
    for res in resources:
        if "schema" in res:
            keys = foreign_keys(tables[res["name"]], res["format"], names)
            if keys:
                res["schema"]["foreignKeys"] = keys
    description = (
        "Every report on government information disclosure (政府信息公开工作年度报告) found in the input: its "
        "metadata, narrative sections and every table cell present in the file (ids, value, status; the official "
        "Chinese and English labels are in the tables, rows, columns and cells tables), and every finding of the "
        f"validation, including cross-report checks. {counts['reports']} report file(s); {counts['skipped']} "
        "file(s) or folder(s) passed over are listed in skipped with the reason. CSV text fields that would start "
        "a spreadsheet formula are prefixed with an apostrophe."
    )
    package: dict[str, Any] = {
        "profile": "data-package",  # not tabular-data-package: an empty JSON table is a plain file
        "name": "disclosure-reports",
        "title": "政府信息公开工作年度报告数据集 / Annual government information disclosure reports",
        "description": description if licence else f"{description} {NO_LICENCE}",
    }
    if licence:
        package["licenses"] = [licence.descriptor()]
    package["sources"] = [{"title": "annual reports published by the agencies (see reports: file, source_url)"}]
    package["contributors"] = [{"title": f"disclosure-kit {__version__}", "role": "author"}]
    package["resources"] = resources
    return package
