"""What the DOCX and ODT renderers share: one HTML document for pandoc, and the official grid.

Both formats go through pandoc (the binary bundled by pypandoc-binary, pandoc 3.x) from one HTML
document built of the same pieces as the web page: the section headings from the schema, the
narrative Markdown (raw HTML off), and the tables of ``html_tables.table_html`` drawn from the
official grid. Pandoc turns ``rowspan``/``colspan`` into real Word merges and ODF spans, and takes
the page, the fonts and the styles from ``renderers/docx/reference.docx`` / ``reference.odt``
(built by ``scripts/build_reference_docx.py``). Official tables are found again in pandoc's output
by the bookmark of their section heading (``match_tables``), so a table inside narrative Markdown
never shifts them. Nothing is written to disk: pandoc reads stdin and writes stdout, and the zip
is rebuilt in memory with a fixed timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..model.layout import GridCell, TableGrid, edition_grids
from ..model.resources import renderers_dir
from .base import RenderContext
from .html import beside_rows, closing_lines, narrative_html, page_title
from .html_tables import table_html

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PANDOC_TIMEOUT_S = 120

# XML 1.0 forbids C0 control characters; a report containing one must not yield a corrupt file.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Cell look copied from the blank national template (template-2021-blank.docx): block captions of
# table two shaded light blue and left-aligned, long row labels of table three left-aligned,
# everything else centred.
CAPTION_FILL = "C6D9F1"
# Column weights of the template's tables (twips in template-2021-blank.docx, any unit works): table three
# gives its three label columns 754/921/3271 and each value column 685; tables two and four use
# equal columns. Keyed by the grid's number of label columns.
TEMPLATE_LABEL_WEIGHTS: dict[int, tuple[int, ...]] = {0: (), 1: (685,), 3: (754, 921, 3271)}
TEMPLATE_VALUE_WEIGHT = 685


# Section headings carry this id (a bookmark in DOCX and ODT): the first table after the heading of
# a table section is that official table; any other table comes from narrative Markdown.
SECTION_ID_PREFIX = "dk-section-"
# Paragraph style of the closing block in reference.docx / reference.odt (scripts/build_reference_docx.py).
CLOSING_STYLE = "Closing"


class RenderFailure(RuntimeError):
    """pandoc is missing or failed: a failure of the tool, not of the report (exit code 3)."""


# ----------------------------------------------------------------------------- the HTML document


def document_html(
    ctx: RenderContext, *, table_markup: Callable[[TableGrid], str] | None = None, closing: bool = True
) -> str:
    """The report as one HTML document for pandoc: the six sections in official order, then the closing block.

    ``table_markup`` replaces the official tables' HTML (the PDF renderer puts a marker there and
    draws the tables itself); ``closing=False`` leaves out the closing block (落款), which the
    reference documents style as ``Closing`` (right-aligned, two characters in).
    """
    edition, report, lang = ctx.edition, ctx.report, ctx.lang
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{escape(page_title(report, edition, lang))}</title>",
        "</head><body>",
    ]
    grids = {g.table.key: g for g in edition_grids(edition)}
    sep = ": " if lang == "en" else "："
    for node in edition.sections():
        parts.append(f'<h1 id="{SECTION_ID_PREFIX}{escape(node.key)}">{escape(node.label.get(lang))}</h1>')
        if node.role == "table":
            grid = grids[node.key]
            parts.append(table_markup(grid) if table_markup else table_html(grid, report, lang, for_pandoc=True))
        else:
            parts.append(narrative_html(report.get(node.key), heading_offset=1))
            parts += [f"<p>{escape(row.label)}{sep}{escape(row.text)}</p>"
                      for row in beside_rows(report, edition, node.key, lang)]
    lines = closing_lines(report, lang) if closing else []
    if lines:
        parts.append(f'<div data-custom-style="{CLOSING_STYLE}"><p>' + "<br>".join(map(escape, lines)) + "</p></div>")
    parts.append("</body></html>")
    return CONTROL_CHARS.sub("", "\n".join(parts))


def pandoc(html: str, to: str, reference: Path | None, extra: tuple[str, ...] = ()) -> bytes:
    """Run the bundled pandoc: HTML (``smart`` off, so “ ” and "" stay as written) -> ``to``."""
    import pypandoc

    try:
        binary = pypandoc.get_pandoc_path()
    except OSError as exc:
        raise RenderFailure(f"pandoc (pypandoc-binary) is not available: {exc}") from exc
    args = [binary, "--from=html-smart", f"--to={to}", "--output=-", *extra]
    if reference is not None:
        args.append(f"--reference-doc={reference}")
    try:
        proc = subprocess.run(
            args, input=html.encode("utf-8"), capture_output=True, timeout=PANDOC_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderFailure(f"pandoc --to={to} could not run: {exc}") from exc
    if proc.returncode != 0 or not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip()
        raise RenderFailure(f"pandoc --to={to} failed (exit {proc.returncode}): {detail}")
    return proc.stdout


def match_tables(
    root: Any, mark: str, mark_name: str, table: str, grids: list[TableGrid]
) -> tuple[list[tuple[Any, TableGrid]], list[Any]]:
    """Pair each official table with its grid (by the section bookmark before it); the rest are narrative."""
    by_key = {g.table.key: g for g in grids}
    official: list[tuple[Any, TableGrid]] = []
    narrative: list[Any] = []
    pending: TableGrid | None = None
    for el in root.iter(mark, table):
        if el.tag == mark:
            name = el.get(mark_name) or ""
            if name.startswith(SECTION_ID_PREFIX):
                pending = by_key.get(name[len(SECTION_ID_PREFIX):])
        elif pending is not None:
            official.append((el, pending))
            pending = None
        else:
            narrative.append(el)
    if [g.table.key for _, g in official] != [g.table.key for g in grids]:
        raise RenderFailure(f"pandoc wrote {len(official)} of the {len(grids)} official tables")
    return official, narrative


def column_widths(grid: TableGrid, count: int, width: int) -> list[int]:
    """Twips of each grid column, in the proportions of the blank national template."""
    labels = TEMPLATE_LABEL_WEIGHTS.get(grid.label_columns, (TEMPLATE_VALUE_WEIGHT,) * grid.label_columns)
    weights = [*labels, *(TEMPLATE_VALUE_WEIGHT,) * (count - len(labels))][:count]
    total = sum(weights) or 1
    widths = [w * width // total for w in weights]
    widths[-1] += width - sum(widths)
    return widths


def alignment(gcell: GridCell | None, grid: TableGrid) -> str:
    """Left for the corner note, block captions and the long row labels of table three; else centred."""
    if gcell is None:
        return "center"
    if gcell.kind in ("corner", "caption"):
        return "left"
    if gcell.kind == "row-header" and grid.label_columns > 1:
        return "left"
    return "center"


def unzip_parts(data: bytes) -> dict[str, bytes]:
    """Every member of pandoc's zip by name, in the archive's order (post-processing edits some of them)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return {info.filename: src.read(info.filename) for info in src.infolist()}


def zip_parts(parts: dict[str, bytes], order: list[str]) -> bytes:
    """A zip with a fixed timestamp; ``mimetype`` (ODF) first and stored, as ODF requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, parts[name])
    return out.getvalue()


def meta_text(report: dict[str, Any], key: str) -> str:
    meta = report.get("meta")
    value = meta.get(key) if isinstance(meta, dict) else None
    return CONTROL_CHARS.sub("", value) if isinstance(value, str) else ""


def published_date(report: dict[str, Any]) -> str | None:
    """``meta.published`` when it is a real ISO date (used as the file's dates), else None."""
    text = meta_text(report, "published")
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class DocumentProperties:
    """What DOCX, ODT and PDF files record about themselves: title, author (the agency) and the
    publication date, which stands for the file's dates so that the same report gives the same bytes."""

    title: str
    author: str
    published: str | None


def document_properties(ctx: RenderContext) -> DocumentProperties:
    """The properties of one report's document, with the control characters XML cannot hold removed."""
    return DocumentProperties(CONTROL_CHARS.sub("", page_title(ctx.report, ctx.edition, ctx.lang)),
                              meta_text(ctx.report, "agency"), published_date(ctx.report))


@cache
def reference_document(suffix: str) -> Path:
    """``renderers/docx/reference.docx`` or ``.odt`` (built by ``scripts/build_reference_docx.py``)."""
    path = renderers_dir() / "docx" / f"reference{suffix}"
    if not path.is_file():
        raise RenderFailure(f"the reference document {path} is missing: the installation is incomplete")
    return path

