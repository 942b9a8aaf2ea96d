"""The ``pdf`` renderer: an A4 PDF in the GB/T 9704 layout, typeset by Typst (the ``typst`` wheel).

Why Typst: measured against LibreOffice (from our DOCX), Chromium and WeasyPrint (from our HTML) by
``benchmarks/bench_pdf_engines.py``, it is the fastest by an order of magnitude, needs no system
package beyond the fonts (a pip wheel, so clerks on Windows get it too), embeds every font as a
CID subset, repeats table header rows, and writes PDF/A-2b with Title and Author (docs/renderers.md).

How: the same HTML document as the DOCX (``office.document_html``: section headings, narrative
Markdown through the allow-listed ``narrative_html``) goes through the bundled pandoc to Typst
markup, which escapes every string. The official tables are not left to pandoc: a marker
paragraph (with a random nonce, so no report text can imitate it) stands in their place and is
replaced by a Typst table drawn from ``model.layout`` with the template's column proportions, the
header rows repeated on every page, the block captions shaded and the long labels left-aligned,
every string a Typst string literal. The page (``renderers/pdf/report.typ``) takes the title, the
author and the closing block from ``sys.inputs``, as plain strings. Typst compiles in an empty
temporary root, so a document could not read a file even if markup got through.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from functools import cache
from typing import Any

from ..fileio.tempfiles import temporary_dir
from ..model.layout import GridCell, TableGrid
from ..model.resources import renderers_dir
from .base import RenderContext
from .html import closing_lines
from .html_tables import format_value, raw_value
from .office import (
    CAPTION_FILL,
    CONTROL_CHARS,
    RenderFailure,
    alignment,
    column_widths,
    document_html,
    document_properties,
    pandoc,
)

PDF_STANDARD = "a-2b"
TEMPLATE = "report.typ"
WEIGHT_TOTAL = 10000  # column weights are fractions of this
# A row label spanning more rows than this is set at the top of its span, so it shows on the page
# where its rows begin when the table breaks (table three's 三、本年度办理结果 spans 20 or 22).
TOP_ALIGNED_SPAN = 8


def typst_string(text: Any) -> str:
    """A Typst string literal: shown as text, whatever it contains (no markup, no code)."""
    s = CONTROL_CHARS.sub("", "" if text is None else str(text))
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _cell(c: GridCell, grid: TableGrid, report: dict[str, Any], lang: str) -> str:
    text = format_value(raw_value(report, c.cell.path)) if c.kind == "data" and c.cell is not None else c.text(lang)
    args = [f"rowspan: {c.rowspan}"] if c.rowspan > 1 else []
    if c.colspan > 1:
        args.append(f"colspan: {c.colspan}")
    if alignment(c, grid) == "left":
        args.append("align: left + " + ("top" if c.rowspan > TOP_ALIGNED_SPAN else "horizon"))
    if c.kind == "caption":
        args.append(f'fill: rgb("#{CAPTION_FILL}")')
    return f"table.cell({', '.join([*args, ''])}{typst_string(text)})" if args else typst_string(text)


def typst_table(grid: TableGrid, report: dict[str, Any], lang: str) -> str:
    """One official table as Typst code: template column weights, header rows repeated, merges as spans.

    A table without header rows (table two: a caption and a column-head row per block) is kept on
    one page, so a block caption is never left alone at the foot of a page.
    """
    weights = column_widths(grid, grid.width, WEIGHT_TOTAL)
    keep = not grid.header_rows
    out = ["#block(breakable: false, table(" if keep else "#table(",
           f"  columns: ({', '.join(f'{w}fr' for w in weights)},),"]
    if grid.header_rows:
        out.append("  table.header(repeat: true,")
        out += ["    " + ", ".join(_cell(c, grid, report, lang) for c in row.cells) + "," for row in grid.header_rows]
        out.append("  ),")
    out += ["  " + ", ".join(_cell(c, grid, report, lang) for c in row.cells) + "," for row in grid.body_rows]
    out.append("))" if keep else ")")
    return "\n".join(out)


@cache
def _template() -> str:
    path = renderers_dir() / "pdf" / TEMPLATE
    if not path.is_file():
        raise RenderFailure(f"the PDF template {path} is missing: the installation is incomplete")
    return path.read_text(encoding="utf-8")


@cache
def _fonts() -> Any:
    """The system fonts, scanned once per process (the scan costs more than typesetting a report)."""
    import typst

    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)


def typst_source(ctx: RenderContext) -> str:
    """The whole Typst document: the page template, the body pandoc wrote, our tables, the closing block."""
    nonce = secrets.token_hex(8)
    tables: dict[str, TableGrid] = {}

    def marker(grid: TableGrid) -> str:
        key = f"DKTABLE{nonce}N{len(tables)}"
        tables[key] = grid
        return f"<p>{key}</p>"

    html = document_html(ctx, table_markup=marker, closing=False)
    body = pandoc(html, "typst", None, ("--wrap=none",)).decode("utf-8")
    lines = body.split("\n")
    found = 0
    for i, line in enumerate(lines):
        grid = tables.get(line.strip())
        if grid is not None:
            lines[i] = typst_table(grid, ctx.report, ctx.lang)
            found += 1
    if found != len(tables):
        raise RenderFailure(f"pandoc kept {found} of the {len(tables)} official table places")
    return _template() + "\n" + "\n".join(lines) + "\n#closing()\n"


def render_pdf(ctx: RenderContext) -> bytes:
    """Compile the Typst document to PDF/A-2b; title, author and closing block passed as ``sys.inputs``."""
    import typst

    props = document_properties(ctx)
    inputs = {
        "title": props.title,
        "author": props.author,
        "closing": CONTROL_CHARS.sub("", "\n".join(closing_lines(ctx.report, ctx.lang))),
    }
    # The file's dates are the report's publication date, never the clock: the same report, the same bytes.
    stamp = datetime.fromisoformat(props.published).replace(tzinfo=timezone.utc) if props.published else datetime(
        1980, 1, 1, tzinfo=timezone.utc)
    source = typst_source(ctx).encode("utf-8")
    with temporary_dir("typst") as root:  # owned: a killed run's folder is swept by a later one
        try:
            compiler = typst.Compiler(root=str(root), font_paths=_fonts(), sys_inputs=inputs)
            data, _warnings = compiler.compile_with_warnings(
                input=source, format="pdf", pdf_standards=[PDF_STANDARD], timestamp=stamp)
        except typst.TypstError as exc:
            raise RenderFailure(f"typst could not typeset the report: {exc.message}") from exc
    if not isinstance(data, bytes):
        raise RenderFailure("typst returned no PDF")
    return data


class PdfRenderer:
    """A4 PDF in the GB/T 9704 layout (Typst): CJK fonts embedded, PDF/A-2b, header rows repeated."""

    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    description = "PDF（A4，GB/T 9704 公文格式，嵌入字体，PDF/A-2b）/ A4 PDF, official-document layout, PDF/A-2b"

    def render(self, ctx: RenderContext) -> bytes:
        return render_pdf(ctx)
