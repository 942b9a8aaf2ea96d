"""One chunk of report files -> Outcomes: everything the main process needs, already serialised.

A worker (inline, in a process pool or on a Dask worker) loads and checks each file and returns
its observation rows as bytes, its findings as records, and the few cell values the cross-year
rules need. The report itself is dropped here, so the main process never holds a whole report,
and a file that cannot be read becomes a finding, never an exception.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..check.findings import ERROR, FileResult, Finding
from ..check.identities import cell_value
from ..check.loading import DEFAULT_MAX_BYTES, LoadError, decode, kind_of, parse, read_bytes
from ..check.pipeline import check_data
from ..model.editions import EDITIONS, get_edition
from ..model.versions import SchemaInvalid
from ..opendata import cells as opendata
from . import records
from .agency import agency_key


@dataclass(frozen=True)
class WorkOptions:
    """What each worker needs to know; small and picklable."""

    lang: str = "zh"
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class Outcome:
    """The result of one file, ready to be appended to the dataset files."""

    file: str
    sha256: str | None = None
    size: int | None = None
    edition: str | None = None
    schema_version: str | None = None
    agency: str | None = None
    agency_code: str | None = None
    agency_key: str | None = None
    year: int | None = None
    errors: int = 0
    warnings: int = 0
    identity_errors: int = 0
    observations_csv: bytes = b""
    observations_jsonl: bytes = b""
    findings: list[dict[str, Any]] = field(default_factory=list)
    state: dict[str, Any] | None = None  # the cells the cross-year rules read, nested like a report


@cache
def cross_year_paths() -> tuple[tuple[str, ...], ...]:
    """Paths of every cell that a cross-year rule of any edition reads."""
    paths: dict[tuple[str, ...], None] = {}
    for edition_id in EDITIONS:
        for identity in get_edition(edition_id).cross_year:
            for term in identity.terms:
                paths[term.cell.path] = None
    return tuple(paths)


def _state(report: dict[str, Any], bad: frozenset[str]) -> dict[str, Any]:
    """A tiny nested dict with only the usable values the cross-year rules need."""
    out: dict[str, Any] = {}
    for path in cross_year_paths():
        if "/" + "/".join(path) in bad:
            continue
        value = cell_value(report, path)
        if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            node = out
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = value
    return out


def _load(path: str, name: str, options: WorkOptions, outcome: Outcome) -> tuple[FileResult, Any]:
    try:
        raw = read_bytes(Path(path), options.max_bytes)
        outcome.sha256, outcome.size = hashlib.sha256(raw).hexdigest(), len(raw)
        text = decode(raw)
        loaded = parse(text, kind_of(path, text))
    except LoadError as exc:
        finding = Finding(exc.code, ERROR, name, "", exc.line, exc.column, params=exc.params)
        return FileResult(file=name, findings=[finding]), None
    return check_data(loaded.data, name, loaded), loaded.data


def process_file(path: str, name: str, options: WorkOptions) -> Outcome:
    """Load, check and serialise one file; any failure is a finding of that file."""
    outcome = Outcome(file=name)
    try:
        result, report = _load(path, name, options, outcome)
    except SchemaInvalid:  # the installation is broken, not this file: the command says "run schema lint"
        raise
    except Exception as exc:  # the tool failed on this file: say so, go on with the others
        result, report = FileResult(file=name, findings=[
            Finding("tool.error", ERROR, name, params={"detail": repr(exc)})]), None
    if isinstance(report, dict):
        meta = opendata.report_meta(report)
        outcome.agency, outcome.agency_code, outcome.year = meta["agency"], meta["agency_code"], meta["year"]
        outcome.agency_key = agency_key(outcome.agency, outcome.agency_code)
    outcome.edition, outcome.schema_version = result.edition, result.schema_version
    outcome.errors, outcome.warnings = result.errors, result.warnings
    outcome.identity_errors = sum(1 for f in result.findings if f.code.startswith("identity.") and f.severity == ERROR)
    outcome.findings = [
        records.finding_record(f, options.lang, outcome.agency, outcome.year, "report") for f in result.findings
    ]
    if result.edition is not None and result.schema_version is not None and isinstance(report, dict):
        edition = get_edition(result.edition, result.schema_version)  # the version it was checked against
        bad = opendata.bad_pointers(result.findings)
        cells = [(v, u, s) for _, v, u, s in opendata.iter_records(edition, report, bad)]
        prefix = {"file": name, "agency": outcome.agency, "agency_code": outcome.agency_code,
                  "year": outcome.year, "edition": edition.id}
        outcome.observations_csv, outcome.observations_jsonl = records.observation_rows(edition.id, prefix, cells)
        outcome.state = _state(report, bad)
    return outcome


def process_chunk(items: list[tuple[str, str]], options: WorkOptions) -> list[Outcome]:
    """Process (path, display name) pairs in order; the unit of work of every engine."""
    return [process_file(path, name, options) for path, name in items]
