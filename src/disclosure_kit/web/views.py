"""What the check page shows for one checked report: summary, official tables, findings, provenance.

Tables come from ``renderers.html_tables.table_html`` and the finding texts from
``renderers.html`` (the same functions as the ``html`` renderer), so the page draws the official
layout exactly as the published page does. Blank-cell warnings are grouped per table in the
summary instead of numbering every empty cell; every other finding about a cell outlines and
numbers that cell, and its note beside the tables links back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from markupsafe import Markup

from ..check.findings import ERROR, INFO, FileResult, Finding
from ..check.messages import message
from ..model.editions import Edition, get_edition
from ..model.layout import table_grid
from ..renderers.html import (
    beside_rows,
    cell_notes,
    cell_pointer,
    findings_by_cell,
    meta_rows,
    narrative_html,
    page_title,
)
from ..renderers.html_tables import flagged_cells, table_html
from .words import word

BLANK = "cell.blank"


@dataclass
class ResultView:
    """The template's data for one result page."""

    title: str
    file: str
    edition: str | None
    errors: int
    warnings: int
    infos: int
    first: list[str]
    blank_groups: list[tuple[str, int]]
    sections: list[dict[str, Any]] = field(default_factory=list)
    other: list[dict[str, str]] = field(default_factory=list)
    imported: list[dict[str, str]] = field(default_factory=list)  # the importer's notes (import.*)
    meta: list[Any] = field(default_factory=list)
    provenance_json: str = "{}"  # JSON for a data block, already escaped by json_for_script
    report_json: str = ""


def json_for_script(data: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` data block: ``<``, ``>`` and ``&`` escaped."""
    text = orjson.dumps(data).decode("utf-8")
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def provenance_text(entry: dict[str, Any], lang: str) -> str:
    """Where a value was read: a PDF page and box, a line, an element; and the text read there."""
    origin = entry.get("origin", {}) if isinstance(entry, dict) else {}
    parts = []
    if origin.get("page") is not None:
        box = origin.get("bbox")
        where = f"{origin['page']}"
        if box:
            x0, top = round(box[0]), round(box[1])
            parts.append(f"page {where}, at x={x0} pt, y={top} pt" if lang == "en"
                         else f"第 {where} 页，x={x0} pt，y={top} pt")
        else:
            parts.append(f"page {where}" if lang == "en" else f"第 {where} 页")
    if origin.get("line") is not None:
        parts.append(f"line {origin['line']}" if lang == "en" else f"第 {origin['line']} 行")
    if origin.get("element"):
        parts.append(f"element {origin['element']}" if lang == "en" else f"元素 {origin['element']}")
    text = entry.get("text") if isinstance(entry, dict) else None
    if isinstance(text, str) and text:
        shown = text if len(text) <= 40 else text[:40] + "…"
        parts.append(f"read “{shown}”" if lang == "en" else f"原文“{shown}”")
    return ("; " if lang == "en" else "；").join(parts)


def _summary_first(findings: list[Finding], lang: str) -> list[str]:
    errors = [f for f in findings if f.severity == ERROR]
    if not errors:
        return [word("first_clean", lang)]
    return [word("first_errors", lang).format(n=len(errors)), *(message(f, lang) for f in errors[:3])]


def _blank_groups(findings: list[Finding], lang: str) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for f in findings:
        if f.code == BLANK:
            table = (f.place.table_en if lang == "en" else f.place.table_zh) if f.place else "—"
            counts[table] = counts.get(table, 0) + 1
    return list(counts.items())


def _sections(edition: Edition, report: dict[str, Any], flagged: dict[str, list[str]], lang: str
              ) -> list[dict[str, Any]]:
    sections = []
    for node in edition.sections():
        entry: dict[str, Any] = {"anchor": node.key, "kind": node.role, "heading": node.label.get(lang), "notes": [],
                                 "fields": beside_rows(report, edition, node.key, lang)}  # the fees of 六
        if node.role == "table":
            grid = table_grid(edition, node)
            entry["body"] = Markup(table_html(grid, report, lang, findings_by_pointer=flagged))
            pointers = [c.pointer for c, _ in flagged_cells(grid, flagged)]
            entry["notes"] = [{**note, "pointer": p}
                              for note, p in zip(cell_notes(grid, flagged, lang), pointers, strict=True)]
        else:
            entry["body"] = Markup(narrative_html(report.get(node.key)))
        sections.append(entry)
    return sections


def _entry(f: Finding, lang: str) -> dict[str, str]:
    return {"severity": f.severity, "code": f.code, "text": message(f, lang)}


def result_view(result: FileResult, lang: str, provenance: dict[str, Any] | None = None) -> ResultView:
    """The page data for a checked (or imported) report."""
    findings = result.findings
    view = ResultView(
        title=result.file, file=result.file, edition=result.edition,
        errors=result.errors, warnings=result.warnings, infos=sum(1 for f in findings if f.severity == INFO),
        first=_summary_first(findings, lang), blank_groups=_blank_groups(findings, lang),
    )
    report = result.report if isinstance(result.report, dict) else None
    shown = [f for f in findings if f.code != BLANK]
    on_cells: set[int] = set()
    if report is not None and result.edition is not None:
        edition = get_edition(result.edition, result.schema_version)  # the layout it was checked in
        flagged = findings_by_cell(shown, edition, lang)
        on_cells = {id(f) for f in shown if cell_pointer(edition, f.pointer) is not None}
        view.title = page_title(report, edition, lang)
        view.sections = _sections(edition, report, flagged, lang)
        view.meta = meta_rows(report, edition, lang)
        view.provenance_json = json_for_script(
            {p: provenance_text(e, lang) for p, e in (provenance or {}).items()})
    if report is not None:
        view.report_json = orjson.dumps(report).decode("utf-8")
    listed = [f for f in shown if id(f) not in on_cells]
    view.imported = [_entry(f, lang) for f in listed if f.code.startswith("import.")]
    view.other = [_entry(f, lang) for f in listed if not f.code.startswith("import.")]
    return view
