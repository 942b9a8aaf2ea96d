"""Rows of the dataset's text files (CSV, JSON Lines), serialised once and fast.

Spreadsheet safety: a CSV field taken from report text (agency, file name, a unit, a narrative, a
finding message) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with ``'`` so that Excel, LibreOffice and Google Sheets never evaluate it as a formula
(CSV injection). Numbers are written as numbers and never prefixed (``-1`` stays ``-1``). JSON
Lines keep the text exactly as written: they are read by programs, not spreadsheets.

An observation row holds ids, value, unit and status only (labels are in the dimension tables).
The part of a row that depends only on the cell (its ids) is serialised once per edition; a
report adds its id, values and statuses: this is the hot loop of a national run, and it runs in
the workers, so the main process only appends bytes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson

from ..check.findings import Finding
from ..check.messages import message
from ..opendata.cells import STATUSES, cell_infos
from ..opendata.safety import clean_text, dumps
from .tables import NARRATIVES, Table

if TYPE_CHECKING:
    from .worker import Outcome

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


def number_text(value: int | float) -> str:
    """A number as both text formats write it: a float by ``repr`` (it reads back exactly), an int as is."""
    return repr(value) if type(value) is float else str(value)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def header_csv(table: Table) -> bytes:
    return (",".join(table.names) + "\n").encode("utf-8")


def csv_row(table: Table, row: dict[str, Any]) -> bytes:
    """One CSV line of a table from a dict (missing keys are empty)."""
    fields = []
    for column in table.columns:
        value = row.get(column.name)
        if column.type == "object":
            fields.append("" if value is None else csv_text(dumps(value, orjson.OPT_SORT_KEYS).decode("utf-8")))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            fields.append(number_text(value))
        else:
            fields.append(csv_text(value))
    return (",".join(fields) + "\n").encode("utf-8")


def jsonl_row(table: Table, row: dict[str, Any]) -> bytes:
    """One JSON Lines record of a table (keys in column order; objects' keys sorted)."""
    body = b",".join(
        orjson.dumps(c.name) + b":" + dumps(row.get(c.name), orjson.OPT_SORT_KEYS) for c in table.columns
    )
    return b"{" + body + b"}\n"


# --------------------------------------------------------------------------- observations


@cache
def _statics(edition_id: str, version: str | None) -> tuple[tuple[str, str, str | None, str, str], ...]:
    """Per cell: (csv ids part, json ids part, schema unit, unit as csv, unit as json)."""
    out = []
    for info in cell_infos(edition_id, version):
        ids = (info.table_id, info.row_id, info.column_id)
        csv = ",".join(csv_text(v) for v in ids) + ","
        js = f'"table_id":{_json(ids[0])},"row_id":{_json(ids[1])},"column_id":{_json(ids[2])},'
        out.append((csv, js, info.unit, csv_text(info.unit), _json(info.unit)))
    return tuple(out)


def observation_text(o: Outcome, kinds: tuple[str, ...]) -> dict[str, bytes]:
    """The observation rows of one report in each text format of ``kinds`` (csv, jsonl).

    What a row shares across the formats (the value as text, the status word, whether the report
    wrote a unit of its own) is worked out once; each format then only joins its own row strings.
    """
    statics = _statics(o.edition or "", o.schema_version)
    cells = statics if o.positions is None else [statics[i] for i in o.positions]
    numbers = [None if value is None else number_text(value) for value in o.values]
    words = [STATUSES[code] for code in o.statuses]
    units: list[str | None] = o.units if o.units is not None else [None] * len(cells)
    own = o.units is not None  # else every row takes its cell's unit
    out: dict[str, bytes] = {}
    if "csv" in kinds:
        head = f"{o.report_id},{o.edition},"
        out["observations.csv"] = "".join(
            f"{head}{static[0]}{'' if number is None else number},"
            f"{csv_text(unit) if own and unit != static[2] else static[3]},{word}\n"
            for static, number, unit, word in zip(cells, numbers, units, words, strict=True)).encode("utf-8")
    if "jsonl" in kinds:
        head = f'{{"report_id":{o.report_id},"edition":"{o.edition}",'
        out["observations.jsonl"] = "".join(
            f'{head}{static[1]}"value":{"null" if number is None else number},'
            f'"unit":{_json(unit) if own and unit != static[2] else static[4]},"status":"{word}"}}\n'
            for static, number, unit, word in zip(cells, numbers, units, words, strict=True)).encode("utf-8")
    return out


def narrative_rows(o: Outcome) -> list[dict[str, Any]]:
    return [{"report_id": o.report_id, "edition": o.edition, "section_id": section, "status": status, "text": text}
            for section, text, status in o.narratives]


def text_rows(o: Outcome, kinds: tuple[str, ...]) -> dict[str, bytes]:
    """Observation and narrative rows of one report, per text file name."""
    out = observation_text(o, kinds)
    narratives = narrative_rows(o)
    if "csv" in kinds:
        out["narratives.csv"] = b"".join(csv_row(NARRATIVES, r) for r in narratives)
    if "jsonl" in kinds:
        out["narratives.jsonl"] = b"".join(jsonl_row(NARRATIVES, r) for r in narratives)
    return out


# --------------------------------------------------------------------------- findings


def finding_record(
    f: Finding, lang: str, agency: str | None, year: int | None, scope: str, report_id: int | None,
    other_file: str | None = None,
) -> dict[str, Any]:
    """One finding as a flat record (a row of the findings table)."""
    return {
        "file": clean_text(f.file),
        "report_id": report_id,
        "agency": agency,
        "year": year,
        "scope": scope,
        **f.flat(),
        "other_file": other_file,
        "message": clean_text(message(f, lang)),
        "params": f.params,
    }
