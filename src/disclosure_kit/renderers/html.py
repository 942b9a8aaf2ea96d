"""The ``html`` renderer: one self-contained web page for an agency's disclosure column.

The page carries its CSS inline and a Content-Security-Policy that forbids every script and every
external request, so it can be dropped into any site or opened from disk. Tables come from
``html_tables.table_html`` (the official merged layout); narrative sections are Markdown rendered
by markdown-it-py with raw HTML disabled, images off (an image would be an external request) and
links only to the schemes of ``narrative.SAFE_SCHEMES`` (the allow-list the Markdown output shares).
Every string from the report is escaped: Jinja2 autoescape for the page, ``markupsafe.escape``
in the tables, markdown-it's own escaping in the narrative.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..check.findings import Finding
from ..check.messages import message, pick
from ..check.output import severity_word
from ..model.editions import Edition
from ..model.layout import TableGrid, table_grid
from ..model.resources import renderers_dir
from .base import RenderContext, option_enabled
from .html_tables import flagged_cells, format_number, note_id, table_html
from .narrative import parser

# Words of the page itself (not labels of the national format, which come from the schema).
WORDS: dict[str, tuple[str, str]] = {
    "findings": ("校验发现的问题", "Findings of the check"),
    "no_findings": ("未发现问题。", "No findings."),
    "title_suffix": ("年", " "),
}
META_SHOWN = ("agency", "year", "index_number", "issuer", "published", "agency_code", "source_url")
# GB/T 9704 date as official documents print it (成文日期: Arabic numerals, 年月日, no leading zero).
DATE_FORMATS = {"zh": "{y}年{m}月{d}日", "en": "{d} {month} {y}"}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


@cache
def _environment() -> Any:
    """The Jinja2 environment of ``renderers/html/`` (autoescape on), built once per process."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(renderers_dir() / "html")),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _css() -> str:
    return (renderers_dir() / "html" / "report.css").read_text(encoding="utf-8")


def narrative_html(text: Any, heading_offset: int = 2) -> str:
    """A narrative section's Markdown as HTML; its own headings are moved below the section's ``<h2>``."""
    if not isinstance(text, str) or not text.strip():
        return ""
    md = parser()
    tokens = md.parse(text)
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            level = min(int(tok.tag[1]) + heading_offset, 6)
            tok.tag = f"h{level}"
    return md.renderer.render(tokens, md.options, {})


def page_title(report: dict[str, Any], edition: Edition, lang: str) -> str:
    """The report's own title, else agency + year + the format's name."""
    meta = report.get("meta") if isinstance(report.get("meta"), dict) else {}
    title = meta.get("title")
    if isinstance(title, str) and title.strip() and lang != "en":
        return title
    agency = meta.get("agency") if isinstance(meta.get("agency"), str) else ""
    year = meta.get("year")
    year_text = str(year) if isinstance(year, int) and not isinstance(year, bool) else ""
    if lang == "en":
        return " ".join(p for p in (agency, edition.title.en, year_text) if p)
    return f"{agency}{year_text}{word('title_suffix', lang) if year_text else ''}{edition.title.zh}"


@dataclass
class MetaRow:
    label: str
    text: str


def meta_rows(report: dict[str, Any], edition: Edition, lang: str) -> list[MetaRow]:
    """The report information fields that are filled in, labelled from the schema."""
    meta = report.get("meta") if isinstance(report.get("meta"), dict) else {}
    node = edition.node("/meta")
    props = node.schema.get("properties", {}) if node is not None else {}
    rows = []
    for key in META_SHOWN:
        value = meta.get(key)
        if value is None or value == "" or key not in props:
            continue
        label = props[key].get("x-title-en" if lang == "en" else "title", key)
        rows.append(MetaRow(label, str(value)))
    return rows


def beside_rows(report: dict[str, Any], edition: Edition, section_key: str, lang: str) -> list[MetaRow]:
    """The typed fields shown with a narrative section (``x-beside`` in the schema: the fees of 六).

    Only numbers are shown: an absent or null field was not reported as a number, which is not 0.
    The unit is part of each field's official label (``收费通知金额（元）``).
    """
    rows = []
    for group in edition.beside(section_key):
        values = report.get(group.key)
        if not isinstance(values, dict):
            continue
        for field in group.children:
            value = values.get(field.key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows.append(MetaRow(field.label.get(lang), format_number(value)))
    return rows


def closing_lines(report: dict[str, Any], lang: str) -> list[str]:
    """The closing block (落款): issuing body (``meta.agency``) and date (``meta.published``), filled ones only.

    A date that is not an ISO ``YYYY-MM-DD`` (schema-invalid, rendered under ``--force``) is shown as written.
    """
    meta = report.get("meta") if isinstance(report.get("meta"), dict) else {}
    lines = []
    agency = meta.get("agency")
    if isinstance(agency, str) and agency.strip():
        lines.append(agency.strip())
    published = meta.get("published")
    if isinstance(published, str) and published.strip():
        try:
            day = date.fromisoformat(published.strip())
        except ValueError:
            lines.append(published.strip())
        else:
            lines.append(DATE_FORMATS["en" if lang == "en" else "zh"].format(
                y=day.year, m=day.month, d=day.day, month=MONTHS_EN[day.month - 1]))
    return lines


def cell_pointer(edition: Edition, pointer: str) -> str | None:
    """The data cell a finding is about (a money cell's ``/value`` belongs to the cell), if any."""
    node = edition.locate(pointer)
    return node.pointer if node is not None and node.role == "cell" else None


def finding_text(f: Finding, lang: str) -> str:
    """A finding beside its cell: severity and message, without the place (the cell is the place)."""
    return f"[{severity_word(f.severity, lang)}] {message(replace(f, place=None), lang)}"


def findings_by_cell(findings: list[Finding], edition: Edition, lang: str) -> dict[str, list[str]]:
    """Finding texts keyed by the pointer of the data cell they are about."""
    out: dict[str, list[str]] = {}
    for f in findings:
        pointer = cell_pointer(edition, f.pointer)
        if pointer is not None:
            out.setdefault(pointer, []).append(finding_text(f, lang))
    return out


def cell_notes(grid: TableGrid, flagged: dict[str, list[str]] | None, lang: str) -> list[dict[str, Any]]:
    """The numbered notes under a table: where each flagged cell is, and its finding texts."""
    out = []
    for n, (c, texts) in enumerate(flagged_cells(grid, flagged), 1):
        assert c.cell is not None
        row = c.cell.row_label(lang)
        where = c.cell.column_label(lang) if row == "—" else f"{row} / {c.cell.column_label(lang)}"
        out.append({"number": n, "anchor": note_id(grid, n), "where": where, "texts": texts})
    return out


def _finding_entries(findings: list[Finding], lang: str) -> list[dict[str, str]]:
    return [
        {
            "severity": f.severity,
            "severity_word": severity_word(f.severity, lang),
            "text": message(f, lang),
            "code": f.code,
        }
        for f in findings
    ]


def render_page(ctx: RenderContext) -> str:
    """The whole page as text."""
    edition, report, lang = ctx.edition, ctx.report, ctx.lang
    flagged = findings_by_cell(ctx.result.findings, edition, lang) if ctx.annotate else None
    sections = []
    for node in edition.sections():
        notes: list[dict[str, Any]] = []
        if node.role == "table":
            grid = table_grid(edition, node)
            body = table_html(grid, report, lang, findings_by_pointer=flagged)
            notes = cell_notes(grid, flagged, lang)
        else:
            body = narrative_html(report.get(node.key))
        sections.append({"anchor": node.key, "kind": node.role, "heading": node.label.get(lang),
                         "body": Markup(body), "notes": notes,
                         "fields": beside_rows(report, edition, node.key, lang)})
    template = _environment().get_template("report.html.j2")
    return template.render(
        page_title=page_title(report, edition, lang),
        meta_rows=meta_rows(report, edition, lang),
        sections=sections,
        annotate=ctx.annotate,
        finding_list=_finding_entries(ctx.result.findings, lang) if ctx.annotate else [],
        words={k: word(k, lang) for k in WORDS},
        css=Markup(_css()),
        closing=closing_lines(report, lang),
        footer=option_enabled(ctx, "footer"),
        generator=f"disclosure-kit {__version__}",
        schema_id=edition.schema_id,
    )


class HtmlRenderer:
    """Self-contained HTML page (inline CSS, no scripts, no external requests)."""

    name = "html"
    suffix = ".html"
    media_type = "text/html; charset=utf-8"
    description = "网页（单文件，含样式，表格按官方格式合并单元格）/ self-contained web page, official table layout"

    def render(self, ctx: RenderContext) -> bytes:
        return render_page(ctx).encode("utf-8")
