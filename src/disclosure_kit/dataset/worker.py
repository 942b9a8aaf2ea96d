"""One chunk of report files -> Outcomes: everything the main process needs, already serialised.

A worker (inline, in a process pool or on a Dask worker) loads and checks each file and returns:
its text rows (observations and narratives) already serialised for each text format asked for,
the same observations as compact columns for Parquet (cell positions, values, one status byte
per cell), its metadata and findings as records, and the few cell values the cross-year rules
need. The report itself is dropped here, so the main process never holds a whole report and
only appends bytes; a file that cannot be read becomes a finding, never an exception.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..check.chars import lone_surrogate
from ..check.findings import ERROR, WARNING, FileResult, Finding
from ..check.identities import report_values
from ..check.loading import DEFAULT_MAX_BYTES, LoadError, load_bytes, read_bytes
from ..check.pipeline import check_data, load_finding
from ..model.editions import EDITIONS, Edition, get_edition
from ..model.versions import SchemaInvalid
from ..opendata import cells as opendata
from ..opendata.report import ReportParts, report_parts
from . import records
from .agency import agency_key

TEXT_KINDS = ("csv", "jsonl")


@dataclass(frozen=True)
class WorkOptions:
    """What each worker needs to know; small and picklable."""

    lang: str = "zh"
    max_bytes: int = DEFAULT_MAX_BYTES
    text: tuple[str, ...] = TEXT_KINDS  # text formats to serialise rows for (csv, jsonl)


@dataclass
class Outcome:
    """The result of one file, ready to be appended to the dataset files."""

    report_id: int
    file: str
    skipped: tuple[str, str] | None = None  # (reason, detail): not a report, listed in skipped
    sha256: str | None = None
    size: int | None = None
    edition: str | None = None
    schema_version: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    agency_key: str | None = None
    errors: int = 0
    warnings: int = 0
    identity_errors: int = 0
    absent: int = 0
    positions: list[int] | None = None  # cells of the edition present in the file; None: all of them
    values: list[Any] = field(default_factory=list)
    units: list[str | None] | None = None  # only when a report wrote a unit of its own (money)
    statuses: bytes = b""  # one opendata.STATUS_CODE per observation
    rows: dict[str, bytes] = field(default_factory=dict)  # "observations.csv" -> bytes, …
    findings: list[dict[str, Any]] = field(default_factory=list)
    narratives: list[tuple[str, str | None, str]] = field(default_factory=list)
    state: dict[str, Any] | None = None  # pointer -> value of the cells the cross-year rules read

    @property
    def agency(self) -> str | None:
        return self.meta.get("agency")

    @property
    def year(self) -> int | None:
        return self.meta.get("year")


@cache
def cross_year_cells(edition_id: str, version: str) -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """(index, pointer, path) of every cell of a version of an edition that a cross-year rule of any
    edition reads."""
    edition = get_edition(edition_id, version)
    wanted = {term.cell.pointer for e in EDITIONS for i in get_edition(e).cross_year for term in i.terms}
    return tuple((c.index, c.pointer, c.path) for c in edition.cells if c.pointer in wanted)


def _state(edition: Edition, values: list[Any], bad: frozenset[str]) -> dict[str, Any]:
    """Pointer -> value of the usable cells the cross-year rules read (a few dozen numbers)."""
    out: dict[str, Any] = {}
    for index, pointer, _ in cross_year_cells(edition.id, edition.version):
        value = values[index]
        if pointer not in bad and (value is None or (isinstance(value, int | float) and not isinstance(value, bool))):
            out[pointer] = value
    return out


def not_a_report(data: dict[str, Any]) -> tuple[str, str] | None:
    """(reason, detail) for a file that declares itself something else; None for a report.

    Only a file without ``edition`` that names another format of ours (``"format":
    "disclosure-kit/…"``: open-data JSON, an import's provenance, a check result) or is a
    Frictionless descriptor is passed over; any other file without an edition is a report that
    lacks it (``edition.missing``).
    """
    if "edition" in data:
        return None
    fmt = data.get("format")
    if isinstance(fmt, str) and fmt.startswith("disclosure-kit/"):
        return "other-format", fmt[:100]
    if isinstance(data.get("resources"), list) and ("profile" in data or "name" in data):
        return "data-package", str(data.get("profile") or data.get("name"))[:100]
    return None


def _load(path: str, name: str, options: WorkOptions, outcome: Outcome) -> tuple[FileResult, Any]:
    """Read the file once, hash those bytes and parse them as ``validate`` does (``load_bytes``: JSON
    straight from the bytes, decoded only if a finding needs a position; a named workbook by its map)."""
    try:
        raw = read_bytes(path, options.max_bytes)
        outcome.sha256, outcome.size = hashlib.sha256(raw).hexdigest(), len(raw)
        loaded = load_bytes(raw, path)
    except LoadError as exc:
        return FileResult(file=name, findings=[load_finding(exc, name)]), None
    outcome.skipped = not_a_report(loaded.data)
    if outcome.skipped is not None:
        return FileResult(file=name), None
    return check_data(loaded.data, name, loaded), loaded.data


def _observations(parts: ReportParts, report: dict[str, Any], values: list[Any], outcome: Outcome) -> None:
    """Fill the compact columns: one entry per cell present in the file, in the official order."""
    cols = opendata.columns(parts.edition, report, parts.bad, values)
    outcome.positions, outcome.values, outcome.statuses = cols.positions, cols.values, cols.statuses
    outcome.units, outcome.absent = cols.units, cols.absent


def process_file(path: str, name: str, report_id: int, options: WorkOptions) -> Outcome:
    """Load, check and serialise one file; any failure is a finding of that file."""
    outcome = Outcome(report_id=report_id, file=name)
    try:
        result, report = _load(path, name, options, outcome)
        if outcome.skipped is not None:
            return outcome
        _fill(outcome, result, report, options)
    except SchemaInvalid:  # the installation is broken, not this file: the command says "run schema lint"
        raise
    except Exception as exc:  # the tool failed on this file: say so, go on with the others
        outcome = Outcome(report_id=report_id, file=name, sha256=outcome.sha256, size=outcome.size)
        finding = Finding("tool.error", ERROR, name, params={"detail": repr(exc)[:500]})
        outcome.errors = 1
        outcome.findings = [records.finding_record(finding, options.lang, None, None, "report", report_id)]
    return outcome


def _fill(outcome: Outcome, result: FileResult, report: Any, options: WorkOptions) -> None:
    parts = None
    findings = list(result.findings)
    if result.edition is not None and result.schema_version is not None and isinstance(report, dict):
        edition = get_edition(result.edition, result.schema_version)  # the version it was checked against
        parts = report_parts(edition, report, findings, outcome.file)
        findings = parts.findings
        outcome.meta = parts.meta
    elif isinstance(report, dict) and isinstance(report.get("meta"), dict):
        meta = report["meta"]  # no edition: keep what identifies the report, if it is plain
        outcome.meta = {k: meta.get(k) for k in ("agency", "agency_code", "year") if _plain(meta.get(k), k)}
    outcome.agency_key = agency_key(outcome.agency, outcome.meta.get("agency_code"))
    outcome.edition, outcome.schema_version = result.edition, result.schema_version
    outcome.errors = sum(1 for f in findings if f.severity == ERROR)
    outcome.warnings = sum(1 for f in findings if f.severity == WARNING)
    outcome.identity_errors = sum(1 for f in findings if f.code.startswith("identity.") and f.severity == ERROR)
    outcome.findings = [records.finding_record(f, options.lang, outcome.agency, outcome.year, "report",
                                               outcome.report_id) for f in findings]
    if parts is None:
        return
    values = report_values(parts.edition, report)
    _observations(parts, report, values, outcome)
    outcome.narratives = [(node.key, text, status) for node, text, status in parts.narratives]
    if options.text:
        outcome.rows = records.text_rows(outcome, options.text)
    outcome.state = _state(parts.edition, values, parts.bad)


def _plain(value: Any, key: str) -> bool:
    if key == "year":
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000
    return isinstance(value, str) and len(value) <= 200 and not lone_surrogate(value)


def process_chunk(items: list[tuple[str, str, int]], options: WorkOptions) -> list[Outcome]:
    """Process (path, display name, report id) triples in order; the unit of work of every engine."""
    return [process_file(path, name, report_id, options) for path, name, report_id in items]
