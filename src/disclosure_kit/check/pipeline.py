"""check_file / check_files: load, pick the edition, schema check, identities, placed findings."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.editions import Edition, edition_key
from ..model.versions import SchemaInvalid
from .fieldhints import name_fields
from .findings import ERROR, WARNING, CheckResult, FileResult, Finding
from .identities import blank_cells, identity_findings, report_values
from .imported import imported_parts
from .loading import DEFAULT_MAX_BYTES, REPORT_SUFFIXES, Loaded, LoadError, load_path, load_stream_bytes
from .plausibility import plausibility_findings
from .schema import place_of, schema_findings
from .syntaxhints import cut_narratives
from .versions import select_edition

STDIN = "-"
SIDECAR_SUFFIXES = (".provenance.json",)  # written beside imported reports; not reports themselves


@dataclass(frozen=True)
class CheckOptions:
    """What a check is asked to do."""

    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES


def iter_report_paths(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories recursively into their .json/.yaml/.yml files, in a stable order."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, f) for f in files
                    if f.lower().endswith(REPORT_SUFFIXES) and not f.lower().endswith(SIDECAR_SUFFIXES)
                )
            yield from sorted(found)
        else:
            yield raw


def check_data(data: dict[str, Any], name: str, loaded: Loaded | None = None) -> FileResult:
    """Check report data already loaded; positions come from ``loaded`` when given."""
    result = FileResult(file=name, report=data, findings=list(loaded.findings) if loaded is not None else [])
    if "edition" not in data:
        result.findings.append(Finding("edition.missing", ERROR, name, "/edition", line=1, column=1))
        return _place(result, loaded)
    key = edition_key(data["edition"])
    if key is None:
        result.findings.append(
            Finding("edition.unknown", ERROR, name, "/edition", params={"value": data["edition"]})
        )
        return _place(result, loaded)
    edition, notes = select_edition(data, key, name)  # the declared schema version, or the latest
    result.findings.extend(notes)
    result.edition = key
    if edition is None:
        return _place(result, loaded)
    result.schema_version = edition.version
    result.findings.extend(check_edition(edition, data, name))
    if loaded is not None and loaded.kind == "yaml":
        result.findings.extend(cut_narratives(edition, loaded, name))
    return _place(result, loaded)


def check_edition(edition: Edition, data: dict[str, Any], name: str) -> list[Finding]:
    """Schema errors, blank-cell warnings and broken identities of one report (no positions)."""
    findings, bad = schema_findings(edition, data, name)
    name_fields(edition, findings)
    imported = imported_parts(edition, data)  # an imported report: cells absent from its source, values kept
    bad |= imported.unknown
    meta = data.get("meta")
    year = meta.get("year") if isinstance(meta, dict) else None
    if not edition.fits_year(year):
        span = f"{edition.first_year}–{edition.last_year}" if edition.last_year else f"{edition.first_year}+"
        findings.append(Finding("edition.year_mismatch", WARNING, name, "/meta/year",
                                params={"year": year, "edition": edition.id, "span": span}))
    values = report_values(edition, data)
    for cell in blank_cells(edition, values, bad):
        findings.append(Finding("cell.blank", WARNING, name, cell.pointer, place=place_of(edition, cell.pointer)))
    findings.extend(identity_findings(edition, data, name, bad, values))
    findings.extend(plausibility_findings(edition, data, name, bad))
    return imported.revise(edition, name, findings)


def _place(result: FileResult, loaded: Loaded | None) -> FileResult:
    """Give every finding its line and column in the original text (only when there are findings)."""
    if result.findings and loaded is not None:
        smap = loaded.sourcemap
        for f in result.findings:
            if f.line is not None:
                continue
            hit = smap.key(f.pointer) if f.code in ("schema.additional",) else smap.value(f.pointer)
            if hit is not None:
                f.line, f.column = hit
            f.cell = f.cell or smap.cell(f.pointer)
    if result.findings:  # a clean report never pays for the source map (6 ms for a JSON report)
        result.findings.sort(key=smap.in_cell_order() if loaded is not None and (smap := loaded.sourcemap).cells
                             else Finding.sort_key)
    return result


def load_any(name: str, options: CheckOptions) -> Loaded:
    if name == STDIN:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        return load_stream_bytes(data, name, options.max_bytes)
    return load_path(Path(name), options.max_bytes)


def check_file(name: str, options: CheckOptions = CheckOptions()) -> FileResult:
    """Load and check one file; every failure becomes a finding, never an exception."""
    try:
        loaded = load_any(name, options)
    except LoadError as exc:
        return FileResult(
            file=name,
            findings=[Finding(exc.code, ERROR, name, "", exc.line, exc.column, params=exc.params)],
        )
    except Exception as exc:  # the tool failed, not the report: exit code 3
        return FileResult(file=name, findings=[Finding("tool.error", ERROR, name, params={"detail": repr(exc)})])
    try:
        return check_data(loaded.data, name, loaded)
    except SchemaInvalid:  # not this file's fault: every command stops with "run schema lint"
        raise
    except Exception as exc:
        return FileResult(file=name, findings=[Finding("tool.error", ERROR, name, params={"detail": repr(exc)})])


def check_files(paths: Iterable[str], options: CheckOptions = CheckOptions()) -> CheckResult:
    """Check every file; one bad file never stops the rest."""
    result = CheckResult(strict=options.strict)
    for name in iter_report_paths(paths):
        result.files.append(check_file(name, options))
    return result
