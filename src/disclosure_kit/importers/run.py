"""Import one source file end to end: read, assemble, validate; every failure becomes a finding.

Used by the ``import`` command and the benchmark. The PDF and workbook readers are written
elsewhere and imported lazily: when one is missing the source gets a clear finding, not a crash.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import ERROR, FileResult, Finding
from . import findings as _codes  # noqa: F401  (registers the import.* messages)
from .model import SourceDocument, SourceUnreadable

HTML = (".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php")
TEXT = (".txt", ".text", ".md", ".markdown")
SUFFIXES = (*HTML, *TEXT, ".docx", ".pdf", ".xlsx")


@dataclass
class Imported:
    """The outcome for one source: the result (findings, report) and the provenance map."""

    result: FileResult
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)


def read_source(path: Path) -> SourceDocument:
    """The reader for the file's kind (HTML, text/Markdown, DOCX, PDF)."""
    suffix = path.suffix.lower()
    if suffix in HTML:
        from .html import read_html

        return read_html(path)
    if suffix in TEXT:
        from .text import read_text

        return read_text(path)
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        module = _reader_module("pdf", suffix)
        return module.read_pdf(path)
    raise SourceUnreadable("import.unsupported", suffix=suffix or "(none)")


class _ReaderMissing(Exception):
    def __init__(self, module: str, suffix: str, reason: str) -> None:
        super().__init__(module)
        self.module, self.suffix, self.reason = module, suffix, reason


def _reader_module(name: str, suffix: str) -> Any:
    full = f"{__package__}.{name}"
    try:
        return importlib.import_module(full)
    except ImportError as exc:
        raise _ReaderMissing(full, suffix, str(exc)) from exc


def import_path(path: Path, edition: str = "auto") -> Imported:
    """Import and validate one source; never raises for a bad source."""
    from ..check import check_data
    from .assemble import assemble

    name = str(path)
    if not path.is_file():
        return Imported(FileResult(file=name, findings=[Finding("load.not_found", ERROR, name)]))
    try:
        if path.suffix.lower() == ".xlsx":
            module = _reader_module("xlsx", ".xlsx")
            report, found = module.read_workbook(path)
            provenance: dict[str, dict[str, Any]] = {}
            layout: dict[str, Any] = {}
        else:
            doc = read_source(path)
            assembled = assemble(doc, edition)
            report, found = assembled.report, list(assembled.findings)
            provenance, layout = assembled.provenance, assembled.layout
    except SourceUnreadable as exc:
        return Imported(FileResult(file=name, findings=[Finding(exc.code, ERROR, name, params=dict(exc.params))]))
    except _ReaderMissing as exc:
        return Imported(
            FileResult(
                file=name,
                findings=[
                    Finding("import.reader_missing", ERROR, name,
                            params={"module": exc.module, "suffix": exc.suffix, "reason": exc.reason})
                ],
            )
        )
    except Exception as exc:  # the tool failed, not the source: exit code 3
        failure = Finding("tool.error", ERROR, name, params={"detail": repr(exc)})
        return Imported(FileResult(file=name, findings=[failure]))
    checked = check_data(report, name)
    checked.findings = found + checked.findings
    checked.report = report
    return Imported(checked, provenance, layout)
