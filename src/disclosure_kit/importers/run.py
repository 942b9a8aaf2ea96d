"""Import one source file end to end: read, assemble, validate; every failure becomes a finding.

Used by the ``import`` command and the benchmark. Each reader is imported only when a source of
its kind arrives, so importing an HTML page does not pay for the PDF stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.findings import ERROR, FileResult, Finding
from ..model.versions import SchemaInvalid
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
        from .pdf import read_pdf

        return read_pdf(path)
    raise SourceUnreadable("import.unsupported", suffix=suffix or "(none)")


def _restated(finding: Finding) -> bool:
    """A validation finding of the imported report that an import finding has just said in detail
    (the absent parts, the values kept beside their cells); errors are never dropped."""
    return finding.code in ("imported.absent", "imported.unplaced", "imported.kept") and finding.severity != ERROR


def import_path(path: Path, edition: str = "auto") -> Imported:
    """Import and validate one source; never raises for a bad source."""
    from ..check.pipeline import check_data
    from .assemble import assemble

    name = str(path)
    if not path.is_file():
        return Imported(FileResult(file=name, findings=[Finding("load.not_found", ERROR, name)]))
    try:
        if path.suffix.lower() == ".xlsx":
            from .xlsx import read_workbook

            report, found = read_workbook(path)
            provenance: dict[str, dict[str, Any]] = {}
            layout: dict[str, Any] = {}
        else:
            doc = read_source(path)
            assembled = assemble(doc, edition)
            report, found = assembled.report, list(assembled.findings)
            provenance, layout = assembled.provenance, assembled.layout
    except SourceUnreadable as exc:
        return Imported(FileResult(file=name, findings=[Finding(exc.code, ERROR, name, params=dict(exc.params))]))
    except SchemaInvalid:  # the installation is broken, not this source: the command says "run schema lint"
        raise
    except Exception as exc:  # the tool failed, not the source: exit code 3
        failure = Finding("tool.error", ERROR, name, params={"detail": repr(exc)})
        return Imported(FileResult(file=name, findings=[failure]))
    checked = check_data(report, name)
    checked.findings = found + [f for f in checked.findings if not _restated(f)]
    checked.report = report
    return Imported(checked, provenance, layout)
