"""Rows of the dataset files: observations and findings, as CSV and as JSON Lines.

Spreadsheet safety: a CSV field taken from report text (agency, file name, agency code, a unit,
a finding message) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with ``'`` so that Excel, LibreOffice and Google Sheets never evaluate it as a formula
(CSV injection). Numbers are written as numbers and never prefixed (``-1`` stays ``-1``). JSON
Lines keep the text exactly as written: they are read by programs, not spreadsheets.

The part of an observation row that depends only on the cell (ids and official labels) is
serialised once per edition; a report only adds its own prefix, values and statuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson

from ..check.findings import Finding
from ..check.messages import message
from ..opendata.cells import CellInfo, cell_infos

OBSERVATION_FIELDS: tuple[str, ...] = (
    "file", "agency", "agency_code", "year", "edition",
    "table_id", "row_id", "column_id",
    "table_zh", "row_zh", "column_zh", "table_en", "row_en", "column_en",
    "kind", "unit", "value", "status",
)
FINDING_FIELDS: tuple[str, ...] = (
    "file", "agency", "year", "scope", "code", "severity", "pointer", "line", "column",
    "table_id", "row_id", "column_id", "other_file", "message", "params",
)
REPORT_FIELDS: tuple[str, ...] = (
    "file", "sha256", "bytes", "agency", "agency_code", "year", "edition", "schema_version",
    "status", "errors", "warnings", "identity_errors", "cross_report_findings",
)

_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would take for a formula."""
    return "'" + text if text.startswith(_UNSAFE_START) else text


def csv_text(text: str | None) -> str:
    """One CSV field from text: neutralised, then quoted when it holds a comma, quote or newline."""
    if text is None:
        return ""
    text = neutralise(text)
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_line(fields: list[str]) -> str:
    return ",".join(fields) + "\n"


def header_csv(fields: tuple[str, ...]) -> bytes:
    return csv_line(list(fields)).encode("utf-8")


@dataclass(frozen=True)
class _Static:
    info: CellInfo
    csv: str  # table_id … kind, joined, with a trailing comma
    json: str  # "table_id":…,"kind":…, with a trailing comma
    unit_csv: str
    unit_json: str


def _json(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


@cache
def _statics(edition_id: str) -> tuple[_Static, ...]:
    out = []
    names = OBSERVATION_FIELDS[5:15]
    for info in cell_infos(edition_id):
        values = [getattr(info, n) for n in names]
        csv = ",".join(csv_text(v) for v in values) + ","
        js = "".join(f"{_json(n)}:{_json(v)}," for n, v in zip(names, values, strict=True))
        out.append(_Static(info, csv, js, csv_text(info.unit), _json(info.unit)))
    return tuple(out)


def observation_rows(
    edition_id: str, prefix: dict[str, Any], cells: list[tuple[Any, str | None, str]]
) -> tuple[bytes, bytes]:
    """(CSV bytes, JSONL bytes) of one report's observations, in the official cell order.

    ``prefix`` holds file, agency, agency_code, year, edition; ``cells`` holds (value, unit,
    status) per cell in ``cell_infos`` order. At 200 cells per report this is the hot loop of a
    national run: each line is one string format of pre-serialised parts (a variant filling a
    whole-report template with ``%`` measured no faster).
    """
    csv_prefix = ",".join(
        csv_number(prefix[k]) if k == "year" else csv_text(prefix[k]) for k in OBSERVATION_FIELDS[:5]
    ) + ","
    json_prefix = "{" + "".join(f"{_json(k)}:{_json(prefix[k])}," for k in OBSERVATION_FIELDS[:5])
    csv_parts: list[str] = []
    json_parts: list[str] = []
    for static, (value, unit, status) in zip(_statics(edition_id), cells, strict=True):
        if unit == static.info.unit:
            unit_csv, unit_json = static.unit_csv, static.unit_json
        else:
            unit_csv, unit_json = csv_text(unit), _json(unit)
        if value is None:
            csv_parts.append(f"{csv_prefix}{static.csv}{unit_csv},,{status}\n")
            json_parts.append(f'{json_prefix}{static.json}"unit":{unit_json},"value":null,"status":"{status}"}}\n')
        else:
            number = repr(value) if type(value) is float else str(value)
            csv_parts.append(f"{csv_prefix}{static.csv}{unit_csv},{number},{status}\n")
            json_parts.append(f'{json_prefix}{static.json}"unit":{unit_json},"value":{number},"status":"{status}"}}\n')
    return "".join(csv_parts).encode("utf-8"), "".join(json_parts).encode("utf-8")


def finding_record(
    f: Finding, lang: str, agency: str | None, year: int | None, scope: str, other_file: str | None = None
) -> dict[str, Any]:
    """One finding as a flat record (the row of findings.csv, the item of findings.json)."""
    return {
        "file": f.file,
        "agency": agency,
        "year": year,
        "scope": scope,
        **f.flat(),
        "other_file": other_file,
        "message": message(f, lang),
        "params": f.params,
    }


def finding_csv(record: dict[str, Any]) -> bytes:
    fields = []
    for name in FINDING_FIELDS:
        value = record[name]
        if name == "params":
            fields.append(csv_text(orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()))
        elif isinstance(value, int) and not isinstance(value, bool):
            fields.append(str(value))
        else:
            fields.append(csv_text(value))
    return csv_line(fields).encode("utf-8")


def finding_json(record: dict[str, Any]) -> bytes:
    """One item of the findings.json array (keys in FINDING_FIELDS order, params sorted)."""
    params = orjson.dumps(record["params"], option=orjson.OPT_SORT_KEYS)
    body = b",".join(
        orjson.dumps(k) + b":" + (params if k == "params" else orjson.dumps(record[k])) for k in FINDING_FIELDS
    )
    return b"{" + body + b"}"


def report_csv(row: dict[str, Any]) -> bytes:
    fields = []
    for name in REPORT_FIELDS:
        value = row[name]
        fields.append(csv_number(value) if isinstance(value, int | float) and not isinstance(value, bool)
                      else csv_text(value))
    return csv_line(fields).encode("utf-8")
