"""The public Python API: load a report, check it, render it, import a published source, read a dataset.

Portals and services that embed the checks call these functions instead of shelling out; the
command-line tool and the web service are built on the same functions, so all three give the
same findings for the same input. ``docs/api.md`` documents every name of ``__all__`` with
examples that the test suite runs; those names and their signatures are stable within a major
version of disclosure-kit (a keyword may be added, none removed or renamed); anything reached
through a sub-package is internal and may move.

Bad input never raises from ``check``, ``check_paths``, ``validate``, ``iter_dataset`` or
``import_source``: it becomes a ``Finding`` of the ``FileResult``. ``load`` raises ``LoadError``
(with the finding code, line and column) because a caller that asks for the data must learn that
there is none. A broken schema installation raises ``SchemaInvalid`` from any function: that is
the tool failing, not the report (the CLI prints "run schema lint" and exits 3).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .check.findings import ERROR, CheckResult, ExitCode, FileResult, Finding
from .check.loading import DEFAULT_MAX_BYTES, Loaded, LoadError, load_path, load_stream_bytes
from .check.messages import message
from .check.output import result_dict
from .check.pipeline import CheckOptions, check_data, iter_report_paths, load_finding
from .fileio.tempfiles import temporary_dir
from .model.versions import SchemaInvalid

if TYPE_CHECKING:
    from .importers.run import Imported

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CheckResult",
    "DatasetRecord",
    "ExitCode",
    "FileResult",
    "Finding",
    "LoadError",
    "Loaded",
    "RenderRefused",
    "SchemaInvalid",
    "check",
    "check_paths",
    "import_source",
    "iter_dataset",
    "latest_version",
    "load",
    "message",
    "render",
    "renderer_names",
    "result_dict",
    "schema_versions",
    "validate",
]

Source = str | os.PathLike[str] | bytes | Mapping[str, Any]


class RenderRefused(Exception):
    """``render`` was asked for a report that has errors, without ``force``."""

    def __init__(self, result: FileResult) -> None:
        super().__init__(f"{result.file}: {result.errors} error(s); pass force=True to render anyway")
        self.result = result


def load(source: Source, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load a report from a path, from bytes (JSON or YAML, told apart by ``name`` or content), or
    from a mapping already parsed; raises ``LoadError`` when it cannot be loaded."""
    if isinstance(source, Mapping):
        return Loaded(dict(source), "", "json")
    if isinstance(source, bytes):
        return load_stream_bytes(source, name or "-", max_bytes)
    return load_path(Path(source), max_bytes)


def _failed(label: str, code: str, line: int | None = None, column: int | None = None,
            **params: Any) -> FileResult:
    return FileResult(file=label, findings=[Finding(code, ERROR, label, "", line, column, params=params)])


def check(
    source: Source | Loaded, *, name: str | None = None, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> FileResult:
    """Check one report: the schema version it declares, schema errors, blank cells, broken
    identities, each one located. ``strict`` only changes ``FileResult.status``; the findings are
    the same."""
    del strict  # the status is asked of the result: result.status(strict)
    label = name or (os.fspath(source) if isinstance(source, str | os.PathLike) else "-")
    try:
        loaded = source if isinstance(source, Loaded) else load(source, name=label, max_bytes=max_bytes)
    except LoadError as exc:
        return FileResult(file=label, findings=[load_finding(exc, label)])
    except OSError as exc:  # the tool could not read what it was given: exit code 3
        return _failed(label, "tool.error", detail=repr(exc))
    if not isinstance(loaded.data, dict):
        return _failed(label, "load.not_object", 1, 1, found=type(loaded.data).__name__)
    try:
        return check_data(loaded.data, label, loaded if loaded.text else None)
    except SchemaInvalid:
        raise
    except Exception as exc:  # a bug, never the report's fault: a tool.error finding, exit code 3
        return _failed(label, "tool.error", detail=repr(exc))


def check_paths(
    paths: Iterable[str | os.PathLike[str]], *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[FileResult]:
    """Check every report file under ``paths`` (directories are searched), one result at a time."""
    from .check.pipeline import check_file

    options = CheckOptions(strict=strict, max_bytes=max_bytes)
    for name in iter_report_paths([os.fspath(p) for p in paths]):
        yield check_file(name, options)


def validate(
    paths: Iterable[str | os.PathLike[str]], *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> CheckResult:
    """Check every report under ``paths`` (``-`` reads standard input) into one ``CheckResult``,
    whose ``exit_code`` is what ``disclosure-kit validate`` exits with."""
    from .check.pipeline import check_files

    return check_files([os.fspath(p) for p in paths], CheckOptions(strict=strict, max_bytes=max_bytes))


def schema_versions(edition: str) -> tuple[str, ...]:
    """The released schema versions of an edition (``"2019"`` or ``"2021"``), oldest first."""
    from .model.versions import known_versions

    return known_versions(edition)


def latest_version(edition: str) -> str:
    """The newest released schema version of an edition: what a report without one is checked against."""
    from .model.versions import latest_version as latest

    return latest(edition)


def renderer_names() -> list[str]:
    """The ``to`` values ``render`` accepts: built-ins and installed plug-ins that load."""
    from .renderers import registry

    return [e.name for e in registry.entries() if e.ok]


def render(
    result: FileResult,
    to: str,
    *,
    lang: str = "zh",
    annotate: bool = False,
    force: bool = False,
    source_bytes: bytes = b"",
    options: Mapping[str, str] | None = None,
) -> bytes:
    """Render a checked report (the ``FileResult`` of ``check``) with the renderer named ``to``, in
    the layout of the schema version it was checked against.

    Raises ``RenderRefused`` for a report with errors unless ``force`` or ``annotate`` (annotating
    findings is meant for reports that have them); ``ValueError`` when the report could not be
    loaded or its edition or schema version is unknown; ``registry.RendererError`` for an unknown
    renderer. ``options`` are the renderer's own settings (``render --option key=value``).
    """
    from .model.editions import get_edition
    from .renderers import registry
    from .renderers.base import RenderContext

    if result.report is None or result.edition is None or result.schema_version is None:
        raise ValueError(f"{result.file}: the report cannot be read, or its edition or schema version is unknown")
    if result.errors and not (force or annotate):
        raise RenderRefused(result)
    renderer = registry.get(to)
    ctx = RenderContext(report=result.report, edition=get_edition(result.edition, result.schema_version),
                        result=result, lang=lang, annotate=annotate, source_name=result.file,
                        source_bytes=source_bytes, options=dict(options or {}))
    return renderer.render(ctx)


def import_source(
    source: str | os.PathLike[str] | bytes, *, suffix: str | None = None, name: str | None = None,
    edition: str = "auto",
) -> Imported:
    """Import a published report (HTML, text, Markdown, DOCX, PDF, our xlsx) into report data.

    Returns an ``Imported``: ``.result`` (the checked ``FileResult``, whose ``report`` is the data),
    ``.provenance`` (pointer -> where the value was read) and ``.layout``. Bytes need ``suffix``
    (``".pdf"``); they are written to a temporary file that is always deleted. ``name`` is the label
    of the result and its findings (for bytes, ``upload<suffix>`` by default; for a path, the path):
    the web service imports its uploads from a path of its own but reports them under the name sent.
    """

    from .importers.run import import_path

    if not isinstance(source, bytes):
        return _labelled(import_path(Path(source), edition), name)
    if not suffix:
        raise ValueError("import_source(bytes) needs suffix=, e.g. '.pdf'")
    with temporary_dir("import") as tmp:  # owned: a killed run's folder is swept by a later one
        path = Path(tmp) / f"source{suffix.lower()}"
        path.write_bytes(source)
        imported = import_path(path, edition)
    return _labelled(imported, name or f"upload{suffix.lower()}")


def _labelled(imported: Imported, label: str | None) -> Imported:
    if label:
        imported.result.file = label
        for f in imported.result.findings:
            f.file = label
    return imported


@dataclass(frozen=True)
class DatasetRecord:
    """One report of a dataset: its check, its report information and one open-data record per cell.

    ``cells`` are the records of the open-data JSON (``table_id``, ``row_id``, ``column_id``,
    ``pointer``, the zh/en labels, ``kind``, ``unit``, ``value``, ``status``); empty when the report
    could not be read or its edition or version is unknown.
    """

    result: FileResult
    meta: dict[str, Any] = field(default_factory=dict)
    cells: list[dict[str, Any]] = field(default_factory=list)


def iter_dataset(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[DatasetRecord]:
    """Every report under ``paths`` as a ``DatasetRecord``, one at a time (memory stays flat).

    The records are those of ``disclosure-kit render --to json`` and of the files that
    ``disclosure-kit dataset`` writes; this is the in-process way to feed them to a portal.
    """
    from .model.editions import get_edition
    from .opendata.cells import cell_records
    from .opendata.report import report_parts

    for result in check_paths(paths, max_bytes=max_bytes):
        if result.report is None or result.edition is None or result.schema_version is None:
            yield DatasetRecord(result)
            continue
        edition = get_edition(result.edition, result.schema_version)
        parts = report_parts(edition, result.report, result.findings, result.file)  # as render --to json
        # open data's own findings (a value it cannot carry) belong to the result, as in `dataset`
        yield DatasetRecord(replace(result, findings=parts.findings), parts.meta,
                            cell_records(edition, result.report, parts.bad))
