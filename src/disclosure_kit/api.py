"""The public Python API: load a report, check it, render it, import a published source.

Portals and services that embed the checks call these functions instead of shelling out; the
command-line tool and the web service are built on the same functions, so all three give the
same findings for the same input. Everything named in ``__all__`` is stable within a major
version; anything reached through a sub-package is internal and may move.

Bad input never raises from ``check``, ``check_paths`` or ``import_source``: it becomes a
``Finding`` of the ``FileResult``. ``load`` raises ``LoadError`` (with the finding code, line and
column) because a caller that asks for the data must learn that there is none.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .check.findings import ERROR, CheckResult, ExitCode, FileResult, Finding
from .check.loading import DEFAULT_MAX_BYTES, Loaded, LoadError, load_path, load_stream_bytes
from .check.messages import message
from .check.output import result_dict
from .check.pipeline import CheckOptions, check_data, iter_report_paths, load_finding

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CheckResult",
    "ExitCode",
    "FileResult",
    "Finding",
    "LoadError",
    "Loaded",
    "RenderRefused",
    "check",
    "check_paths",
    "import_source",
    "load",
    "message",
    "render",
    "renderer_names",
    "result_dict",
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


def check(
    source: Source | Loaded, *, name: str | None = None, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> FileResult:
    """Check one report: schema errors, blank cells, broken identities, each one located.

    ``strict`` only changes ``FileResult.status``; the findings are the same.
    """
    del strict  # the status is asked of the result: result.status(strict)
    label = name or (str(source) if isinstance(source, str | os.PathLike) else "-")
    try:
        loaded = source if isinstance(source, Loaded) else load(source, name=label, max_bytes=max_bytes)
    except LoadError as exc:
        return FileResult(file=label, findings=[load_finding(exc, label)])
    if not isinstance(loaded.data, dict):
        return FileResult(file=label, findings=[Finding("load.not_object", ERROR, label, "", 1, 1,
                                                        params={"found": type(loaded.data).__name__})])
    return check_data(loaded.data, label, loaded if loaded.text else None)


def check_paths(
    paths: Iterable[str | os.PathLike[str]], *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[FileResult]:
    """Check every report file under ``paths`` (directories are searched), one result at a time."""
    from .check.pipeline import check_file

    options = CheckOptions(strict=strict, max_bytes=max_bytes)
    for name in iter_report_paths([os.fspath(p) for p in paths]):
        yield check_file(name, options)


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
) -> bytes:
    """Render a checked report (the ``FileResult`` of ``check``) with the renderer named ``to``.

    Raises ``RenderRefused`` for a report with errors unless ``force`` or ``annotate`` (annotating
    findings is meant for reports that have them); ``ValueError`` when the
    report could not be loaded or its edition is unknown; ``registry.RendererError`` for an
    unknown renderer.
    """
    from .model.editions import get_edition
    from .renderers import registry
    from .renderers.base import RenderContext

    if result.report is None or result.edition is None:
        raise ValueError(f"{result.file}: the report cannot be read or its edition is unknown")
    if result.errors and not (force or annotate):
        raise RenderRefused(result)
    renderer = registry.get(to)
    ctx = RenderContext(report=result.report, edition=get_edition(result.edition), result=result, lang=lang,
                        annotate=annotate, source_name=result.file, source_bytes=source_bytes)
    return renderer.render(ctx)


def import_source(
    source: str | os.PathLike[str] | bytes, *, suffix: str | None = None, name: str | None = None,
    edition: str = "auto",
) -> Any:
    """Import a published report (HTML, text, Markdown, DOCX, PDF, our xlsx) into report data.

    Returns an ``Imported``: ``.result`` (the checked ``FileResult``, whose ``report`` is the data),
    ``.provenance`` (pointer -> where the value was read) and ``.layout``. Bytes need ``suffix``
    (``".pdf"``); they are written to a temporary file that is always deleted.
    """
    from .importers.run import import_path

    if not isinstance(source, bytes):
        return import_path(Path(source), edition)
    if not suffix:
        raise ValueError("import_source(bytes) needs suffix=, e.g. '.pdf'")
    with tempfile.TemporaryDirectory(prefix="disclosure-kit-import-") as tmp:
        path = Path(tmp) / f"source{suffix.lower()}"
        path.write_bytes(source)
        imported = import_path(path, edition)
    label = name or f"upload{suffix.lower()}"
    imported.result.file = label
    for f in imported.result.findings:
        f.file = label
    return imported
