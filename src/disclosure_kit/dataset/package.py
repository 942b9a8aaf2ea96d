"""The Frictionless Data Package descriptor (``datapackage.json``) of a dataset run.

It describes every data file with its format, size, sha256 and a Table Schema (types, allowed
values, primary key), so CKAN and other portals load the files as they are and
``frictionless validate datapackage.json`` checks them. The descriptor is deterministic: no
dates, no absolute paths.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..model.editions import EDITIONS
from ..opendata.cells import STATUSES
from .records import FINDING_FIELDS, OBSERVATION_FIELDS, REPORT_FIELDS

_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "file": ("string", "report file, relative to the input directories"),
    "agency": ("string", "机关名称 as written in the report"),
    "agency_code": ("string", "统一社会信用代码, when given"),
    "year": ("integer", "报告年度 / report year"),
    "edition": ("string", "national format edition (2019 or 2021)"),
    "table_id": ("string", "table key in the report schema"),
    "row_id": ("string", "dotted keys of block / row group / row (empty for table four)"),
    "column_id": ("string", "dotted keys of column group / column"),
    "table_zh": ("string", "official table label"),
    "row_zh": ("string", "official row labels, outermost first"),
    "column_zh": ("string", "official column labels, outermost first"),
    "table_en": ("string", "English table label"),
    "row_en": ("string", "English row labels"),
    "column_en": ("string", "English column labels"),
    "kind": ("string", "count, signed, amount or money"),
    "unit": ("string", "unit of the value when the format or the report states one"),
    "value": ("number", "the number; empty unless status is reported"),
    "status": ("string", "reported, blank (null in the report), absent (key missing) or invalid"),
    "scope": ("string", "report (found in the file) or cross-report (found between files)"),
    "code": ("string", "finding code, e.g. identity.t3-balance"),
    "severity": ("string", "error, warning or info"),
    "pointer": ("string", "RFC 6901 pointer into the report"),
    "line": ("integer", "line in the report file"),
    "column": ("integer", "column in the report file"),
    "other_file": ("string", "the other report of a cross-report finding"),
    "message": ("string", "the finding as a sentence"),
    "params": ("object", "the finding's values (JSON)"),
    "sha256": ("string", "sha256 of the report file"),
    "bytes": ("integer", "size of the report file"),
    "schema_version": ("string", "version of the report schema used"),
    "errors": ("integer", "errors, including cross-report ones"),
    "warnings": ("integer", "warnings, including cross-report ones"),
    "identity_errors": ("integer", "broken arithmetic identities"),
    "cross_report_findings": ("integer", "findings revealed by other reports"),
}

_ENUMS: dict[str, list[str]] = {
    "edition": list(EDITIONS),
    "status": list(STATUSES),
    "kind": ["count", "signed", "amount", "money"],
    "scope": ["report", "cross-report"],
    "severity": ["error", "warning", "info"],
}


def _schema(fields: tuple[str, ...], resource: str) -> dict[str, Any]:
    out = []
    for name in fields:
        ftype, description = _DESCRIPTIONS[name]
        field: dict[str, Any] = {"name": name, "type": ftype, "description": description}
        enum = _ENUMS.get(name)
        if resource == "reports" and name == "status":
            enum = ["valid", "invalid", "unreadable"]
        if enum:
            field["constraints"] = {"enum": enum}
        out.append(field)
    schema: dict[str, Any] = {"fields": out, "missingValues": [""]}
    if resource == "observations":
        schema["primaryKey"] = ["file", "table_id", "row_id", "column_id"]
    if resource == "reports":
        schema["primaryKey"] = ["file"]
    return schema


def _resource(name: str, path: str, fmt: str, mediatype: str, fields: tuple[str, ...], schema_name: str,
              sizes: dict[str, tuple[int, str]], title: str) -> dict[str, Any]:
    size, digest = sizes[path]
    resource: dict[str, Any] = {
        "name": name,
        "title": title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{digest}",
        "schema": _schema(fields, schema_name),
    }
    if fmt == "json":
        # frictionless reads a JSON array through a streaming parser that cannot count bytes, so
        # it would report every byte count as wrong; the CSV twin of this file carries them.
        del resource["bytes"], resource["hash"]
    return resource


def descriptor(sizes: dict[str, tuple[int, str]]) -> dict[str, Any]:
    """``datapackage.json`` for files whose (bytes, sha256) are given by relative path."""
    return {
        "profile": "tabular-data-package",
        "name": "disclosure-reports",
        "title": "政府信息公开工作年度报告数据集 / Annual government information disclosure reports",
        "description": (
            "Every table cell of the annual reports on government information disclosure "
            "(政府信息公开工作年度报告) found in the input, one row per report and cell, with the "
            "official labels, and every finding of the validation, including cross-report checks. "
            "CSV text fields that would start a spreadsheet formula are prefixed with an apostrophe."
        ),
        "sources": [{"title": "annual reports published by the agencies (see reports.csv)"}],
        "contributors": [{"title": f"disclosure-kit {__version__}", "role": "author"}],
        "resources": [
            _resource("observations", "observations.csv", "csv", "text/csv", OBSERVATION_FIELDS,
                      "observations", sizes, "Observations: one row per report and table cell"),
            _resource("observations-jsonl", "observations.jsonl", "jsonl", "application/jsonl",
                      OBSERVATION_FIELDS, "observations", sizes, "Observations as JSON Lines"),
            _resource("reports", "reports.csv", "csv", "text/csv", REPORT_FIELDS, "reports", sizes,
                      "Reports: one row per input file with its status"),
            _resource("findings", "findings.csv", "csv", "text/csv", FINDING_FIELDS, "findings", sizes,
                      "Findings of the validation"),
            _resource("findings-json", "findings.json", "json", "application/json", FINDING_FIELDS, "findings",
                      sizes, "Findings of the validation as a JSON array"),
        ],
    }
