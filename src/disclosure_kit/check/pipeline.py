"""check_file / check_files: load, pick the edition, schema check, identities, placed findings.

The three extension points other modules hook into keep their signatures:

* ``check_file(name, options)``: one path (or ``-``) -> ``FileResult``; never raises.
* ``check_data(data, name, loaded)``: loaded data -> ``FileResult`` with placed findings: text
  warnings, the edition, then ``check_edition``; positions come from ``loaded`` when given.
* ``check_edition(edition, data, name)``: schema errors, year, blank cells and identities of one
  report against one edition, unplaced.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fileio.markers import output_kind
from ..model.editions import Edition, edition_key
from ..model.versions import SchemaInvalid
from .chars import code_points, suspect_strings
from .fieldhints import name_fields
from .findings import ERROR, WARNING, CheckResult, FileResult, Finding
from .identities import blank_cells, identity_findings, raw_value, report_values
from .imported import imported_parts
from .loading import DEFAULT_MAX_BYTES, REPORT_SUFFIXES, Loaded, LoadError, load_path, load_stream_bytes
from .plausibility import plausibility_findings
from .schema import place_of, schema_findings
from .sourcemap import SourceMap, pointer_keys
from .syntaxhints import cut_narratives
from .versions import select_edition

STDIN = "-"
SIDECAR_SUFFIXES = (".provenance.json",)  # written beside imported reports; not reports themselves
_KEY_PLACED = ("schema.additional",)  # findings about a key: placed on the key, not its value


@dataclass(frozen=True)
class CheckOptions:
    """What a check is asked to do."""

    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES


class Unlisted(str):
    """A folder that could not be listed, in the place of the reports it holds: checking it
    gives a ``load.dir_unreadable`` finding, so no report goes missing without a word."""

    reason: str

    def __new__(cls, path: str, reason: str) -> Unlisted:
        self = super().__new__(cls, path)
        self.reason = reason
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Unlisted, (str(self), self.reason))


def iter_report_paths(paths: Iterable[str], on_skip: Callable[[str, str], None] | None = None) -> Iterator[str]:
    """Expand directories recursively into their .json/.yaml/.yml files, in a stable order.

    The order is that of the sorted full paths; it is produced folder by folder, so a tree of a
    million files is never held in memory. Hidden folders are skipped; a folder that cannot be
    listed is yielded as an ``Unlisted`` in its place. What else is passed over is never silent to a
    caller that asks: ``on_skip(path, reason)`` hears, in the same order, of every import sidecar
    (``sidecar``), every output folder of ours (``output-folder``: a dataset's files are not
    reports) and every symlinked folder, which is not followed (``symlinked-folder``).
    """
    for raw in paths:
        if raw != STDIN and os.path.isdir(raw):
            yield from _walk(raw, on_skip or _ignore)
        else:
            yield raw


def _ignore(path: str, reason: str) -> None:
    """The default ``on_skip``: ``validate`` says nothing of what is not a report."""


def _walk(folder: str, skip: Callable[[str, str], None]) -> Iterator[str]:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        yield Unlisted(folder, exc.strerror or str(exc))
        return
    found: list[tuple[str, str, str]] = []  # (sort key, path, what: folder, file or a skip reason)
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        name = entry.name
        if is_dir:
            # like os.walk: a link to a folder is not followed; "name/" sorts as its paths do
            if name.startswith("."):
                continue
            kind = ("symlinked-folder" if entry.is_symlink()
                    else "output-folder" if output_kind(Path(entry.path)) else "folder")
            found.append((name + "/", entry.path, kind))
        elif name.lower().endswith(REPORT_SUFFIXES):
            found.append((name, entry.path, "sidecar" if name.lower().endswith(SIDECAR_SUFFIXES) else "file"))
    found.sort()
    for _, path, kind in found:
        if kind == "folder":
            yield from _walk(path, skip)
        elif kind == "file":
            yield path
        else:
            skip(path, kind)


def check_data(data: dict[str, Any], name: str, loaded: Loaded | None = None) -> FileResult:
    """Check report data already loaded; positions come from ``loaded`` when given."""
    result = FileResult(file=name, report=data, findings=list(loaded.findings) if loaded is not None else [])
    suspect = loaded.suspect_text if loaded is not None else None
    for pointer in suspect_strings(data) if suspect is None else suspect:
        text = raw_value(data, pointer_keys(pointer))
        result.findings.append(Finding("text.control_chars", WARNING, name, pointer,
                                       params={"chars": code_points(str(text))}))
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
    findings.extend(plausibility_findings(edition, data, name, bad, values))
    return imported.revise(edition, name, findings)


def _place(result: FileResult, loaded: Loaded | None) -> FileResult:
    """Give every finding its line and column in the original text, or its cell in a workbook
    (only when there are findings: a JSON file's text is decoded only then)."""
    if not result.findings or loaded is None:
        result.findings.sort(key=Finding.sort_key)
        return result
    smap = loaded.sourcemap
    cells = isinstance(smap, SourceMap) and bool(smap.cells)
    for f in result.findings:
        if f.line is None:
            hit = smap.key(f.pointer) if f.code in _KEY_PLACED else smap.value(f.pointer)
            if hit is not None:
                f.line, f.column = hit
        if cells:
            f.cell = f.cell or smap.cell(f.pointer)
    result.findings.sort(key=smap.in_cell_order() if cells else Finding.sort_key)
    return result


def load_finding(exc: LoadError, name: str) -> Finding:
    """The finding a file that cannot be loaded gets: code, place and parameters of the error."""
    return Finding(exc.code, ERROR, name, exc.pointer, exc.line, exc.column, params=exc.params)


def load_any(name: str, options: CheckOptions) -> Loaded:
    if name == STDIN:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        return load_stream_bytes(data, name, options.max_bytes)
    return load_path(name, options.max_bytes)


def check_file(name: str, options: CheckOptions = CheckOptions()) -> FileResult:
    """Load and check one file; every failure becomes a finding, never an exception."""
    if isinstance(name, Unlisted):
        return FileResult(file=name, findings=[Finding("load.dir_unreadable", ERROR, name,
                                                       params={"reason": name.reason})])
    try:
        loaded = load_any(name, options)
    except LoadError as exc:
        return FileResult(file=name, findings=[load_finding(exc, name)])
    except Exception as exc:  # the tool failed, not the report: exit code 3
        return FileResult(file=name, findings=[Finding("tool.error", ERROR, name, params={"detail": repr(exc)})])
    try:
        return check_data(loaded.data, name, loaded)
    except SchemaInvalid:  # not this file's fault: every command stops with "run schema lint"
        raise
    except Exception as exc:
        return FileResult(file=name, findings=[Finding("tool.error", ERROR, name, params={"detail": repr(exc)})])


def check_files(paths: Iterable[str], options: CheckOptions = CheckOptions()) -> CheckResult:
    """Check every file and keep every result (the Python API; ``validate`` streams instead, with
    ``check.run``). One bad file never stops the rest."""
    result = CheckResult(strict=options.strict)
    for name in iter_report_paths(paths):
        result.files.append(check_file(name, options))
    return result
