"""The tables of a dataset: their fields, types, descriptions and keys, defined once.

Every writer (CSV, JSON Lines, Parquet) and the Frictionless descriptor read these definitions,
so a column is named, typed and described in one place. The ``reports`` table takes its metadata
columns from the report schemas (``opendata.report.all_meta_fields``): a field that a schema
version adds becomes a column without a change here.

Observations and narratives are keyed by ``report_id`` (the report's row in ``reports``), and
their labels live in the small dimension tables ``tables``, ``rows``, ``columns`` and ``cells``:
a row of observations holds only ids, the value and the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..model.editions import EDITIONS
from ..opendata.cells import STATUSES
from ..opendata.report import all_meta_fields


@dataclass(frozen=True)
class Column:
    """One field of a table: Table Schema type (string, integer, number, object) and meaning."""

    name: str
    type: str
    description: str
    enum: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (fields, table, its fields)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


KINDS = ("count", "signed", "amount", "money")
_EDITION = Column("edition", "string", "national format edition (2019: 国办公开办函〔2019〕60号; 2021: 〔2021〕30号)",
                  EDITIONS, True)
_REPORT_ID = Column("report_id", "integer", "the report, as numbered in reports (input order)", required=True)
_TABLE_ID = Column("table_id", "string", "key of the table (section) in the report schema", required=True)
_ROW_ID = Column("row_id", "string", "dotted keys of block / row group / row inside the table; empty in table four")
_COLUMN_ID = Column("column_id", "string", "dotted keys of column group / column", required=True)
_ZH = Column("label_zh", "string", "official Chinese label", required=True)
_EN = Column("label_en", "string", "English label", required=True)
_CELL_KEY = ("edition", "table_id", "row_id", "column_id")
_RID = ((("report_id",), "reports", ("report_id",)),)


OBSERVATIONS = Table(
    "observations", "Observations: one row per report and table cell present in the report file", (
        _REPORT_ID, _EDITION, _TABLE_ID, _ROW_ID, _COLUMN_ID,
        Column("value", "number", "the number as reported; empty unless status is reported"),
        Column("unit", "string", "unit of the value: the format's, or for a money cell the one the report wrote"),
        Column("status", "string", "reported (a number), blank (null in the report: left blank, not 0) or "
               "invalid (rejected by the schema, or a number open data cannot carry); a cell missing from the "
               "file (absent) has no row: see reports.absent_cells", STATUSES, True),
    ), ("report_id", "table_id", "row_id", "column_id"),
    (*_RID, (_CELL_KEY, "cells", _CELL_KEY)),
)

NARRATIVES = Table(
    "narratives", "Narrative sections: one row per report and narrative section", (
        _REPORT_ID, _EDITION,
        Column("section_id", "string", "key of the narrative section (tables.table_id where role is narrative)",
               required=True),
        Column("status", "string", "reported, blank (null), absent (missing from the file) or invalid", STATUSES, True),
        Column("text", "string", "the text as written (Markdown); empty unless status is reported"),
    ), ("report_id", "section_id"), _RID,
)

FINDINGS = Table(
    "findings", "Findings of the validation, of single reports and between reports", (
        Column("file", "string", "report file (relative to the common folder of the inputs) or folder", required=True),
        Column("report_id", "integer", "the report (empty for a finding about a folder)"),
        Column("agency", "string", "机关名称 as written in the report"),
        Column("year", "integer", "报告年度 / report year"),
        Column("scope", "string", "report (found in the file), cross-report (found between files) or input "
               "(about the input folders)", ("report", "cross-report", "input"), True),
        Column("code", "string", "finding code, e.g. identity.t3-balance", required=True),
        Column("severity", "string", "error, warning or info", ("error", "warning", "info"), True),
        Column("pointer", "string", "RFC 6901 pointer into the report"),
        Column("line", "integer", "line in the report file"),
        Column("column", "integer", "column in the report file"),
        Column("table_id", "string", "table of the cell concerned"),
        Column("row_id", "string", "row of the cell concerned"),
        Column("column_id", "string", "column of the cell concerned"),
        Column("other_file", "string", "the other report of a cross-report finding"),
        Column("message", "string", "the finding as a sentence", required=True),
        Column("params", "object", "the finding's values (a JSON object)"),
    ),
)

SKIPPED = Table(
    "skipped", "Files and folders passed over, with the reason (none is passed over silently)", (
        Column("path", "string", "file or folder, relative to the common folder of the inputs", required=True),
        Column("reason", "string", "sidecar (an import's .provenance.json), other-format (a JSON/YAML file of "
               "another format, e.g. open-data JSON), data-package (a datapackage.json), output-folder (a folder "
               "disclosure-kit wrote), symlinked-folder (not followed), unreadable-folder (cannot be listed: "
               "also a finding)", required=True),
        Column("detail", "string", "what the file declares itself to be, or the error"),
    ),
)

TABLES = Table(
    "tables", "Sections of each edition: its tables and its narrative sections, in the official order", (
        _EDITION, _TABLE_ID,
        Column("role", "string", "table, narrative (a text section) or fields (numbers beside a text section, "
               "e.g. the information-processing fees of 六)", ("table", "narrative", "fields"), True),
        Column("position", "integer", "order in the report (1 = 一)", required=True), _ZH, _EN,
    ), ("edition", "table_id"),
)
ROWS = Table(
    "rows", "Rows of each table, in the official order", (
        _EDITION, _TABLE_ID, _ROW_ID, Column("position", "integer", "order within the table", required=True),
        Column("label_zh", "string", "official row labels, outermost first, joined by ' / '"),
        Column("label_en", "string", "English row labels, outermost first"),
    ), ("edition", "table_id", "row_id"), ((("edition", "table_id"), "tables", ("edition", "table_id")),),
)
COLUMNS = Table(
    "columns", "Columns of each table", (
        _EDITION, _TABLE_ID, _COLUMN_ID, Column("position", "integer", "order within the table", required=True),
        Column("label_zh", "string", "official column labels, outermost first, joined by ' / '", required=True),
        Column("label_en", "string", "English column labels, outermost first", required=True),
    ), ("edition", "table_id", "column_id"), ((("edition", "table_id"), "tables", ("edition", "table_id")),),
)
CELLS = Table(
    "cells", "Every table cell of each edition, in the official order", (
        _EDITION, _TABLE_ID, _ROW_ID, _COLUMN_ID,
        Column("position", "integer", "order of the cell in the edition", required=True),
        Column("pointer", "string", "RFC 6901 pointer of the cell in a report file", required=True),
        Column("kind", "string", "count (integer ≥ 0), signed (may be negative), amount (a fee in the unit "
               "given) or money (an amount with the unit the report wrote)", KINDS, True),
        Column("unit", "string", "the unit the format states, if any"),
    ), _CELL_KEY, (((("edition", "table_id", "row_id"), "rows", ("edition", "table_id", "row_id"))),
                   (("edition", "table_id", "column_id"), "columns", ("edition", "table_id", "column_id"))),
)


@cache
def reports_table() -> Table:
    """One row per report file: identity, every metadata field of the schemas, status and counts."""
    meta = tuple(Column(f.key, f.type if f.type in ("integer", "number") else "string",
                        f"{f.label_zh} / {f.label_en} (from the report's meta)") for f in all_meta_fields())
    return Table("reports", "Reports: one row per report file, with its metadata and status", (
        Column("report_id", "integer", "number of the report in input order", required=True),
        Column("file", "string", "report file, relative to the common folder of the inputs", required=True),
        Column("sha256", "string", "sha256 of the report file as read"),
        Column("bytes", "integer", "size of the report file"),
        Column("edition", "string", "national format edition; empty when the file could not be read", EDITIONS),
        Column("schema_version", "string", "version of the report schema the report was checked against"),
        *meta,
        Column("status", "string", "valid (no error), invalid (errors) or unreadable (no edition could be read)",
               ("valid", "invalid", "unreadable"), True),
        Column("errors", "integer", "errors, including cross-report ones", required=True),
        Column("warnings", "integer", "warnings, including cross-report ones", required=True),
        Column("identity_errors", "integer", "broken arithmetic identities (勾稽关系)", required=True),
        Column("cross_report_findings", "integer", "findings revealed by other reports", required=True),
        Column("absent_cells", "integer", "cells of the edition missing from the file (no observation row)"),
    ), ("report_id",))


def all_tables() -> tuple[Table, ...]:
    """In the order of the data package."""
    return (OBSERVATIONS, NARRATIVES, reports_table(), FINDINGS, SKIPPED, TABLES, ROWS, COLUMNS, CELLS)
