"""The ``markdown`` renderer: GitHub-flavoured Markdown that also reads well as plain text.

GFM tables cannot merge cells, so the official merged layout is flattened (see docs/renderers.md):

* table two: one small table per block (``### 第二十条第（一）项``), exactly the block's columns;
* table three: one table, each row labelled with its full path
  (``三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密``), each column with its header path
  minus a group that spans every value column (申请人情况, written once above the table with the
  corner note);
* table four: transposed to two columns (one line per cell, ``行政诉讼 / 复议后起诉 / 总计``), since its
  single row of fifteen cells under three header rows cannot be read in a flat table.

Every string taken from the report (and every label) is escaped for Markdown. The narrative
sections are Markdown already: they are parsed and written anew from an allow-list of constructs,
every text escaped, their headings moved below the section heading (``narrative.narrative_markdown``).
Nothing rewrites “ ” quotes.
"""

from __future__ import annotations

from typing import Any

from ..check.findings import Finding
from ..check.messages import message, pick
from ..check.output import severity_word
from ..model.editions import Edition
from ..model.layout import GridCell, TableGrid, placed, table_grid
from .base import RenderContext
from .html import WORDS as PAGE_WORDS
from .html import beside_rows, meta_rows, page_title
from .html_tables import format_value, raw_value
from .narrative import escape_inline, narrative_markdown

# The web page's words, and the column heads of table four transposed.
WORDS: dict[str, tuple[str, str]] = {**PAGE_WORDS, "item": ("项目", "Item"), "value": ("数值", "Value")}


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def md_escape(text: Any) -> str:
    """Text shown literally in Markdown: inline syntax characters backslash-escaped, one line."""
    s = "" if text is None else str(text)
    return escape_inline(" ".join(s.splitlines()))


# ----------------------------------------------------------------------------- tables


def _occupancy(rows: list[list[GridCell]], width: int) -> list[list[GridCell | None]]:
    """Merged cells spread over a full grid, one slot per row and column (each slot names its cell)."""
    grid: list[list[GridCell | None]] = [[None] * width for _ in rows]
    for r, col, cell in placed(rows):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if r + dr < len(rows) and col + dc < width:
                    grid[r + dr][col + dc] = cell
    return grid


def _path(slots: list[GridCell | None], kinds: tuple[str, ...], lang: str) -> str:
    seen: list[GridCell] = []
    for c in slots:
        if c is not None and c.kind in kinds and all(c is not s for s in seen):
            seen.append(c)
    return " / ".join(c.text(lang) for c in seen)


def _table(header: list[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _value(report: dict[str, Any], cell: GridCell) -> str:
    assert cell.cell is not None
    return md_escape(format_value(raw_value(report, cell.cell.path)))


def _table_two(grid: TableGrid, report: dict[str, Any], lang: str) -> list[str]:
    out: list[str] = []
    header: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if header:
            out.extend([*_table(header, rows, 1), ""])

    for row in grid.body_rows:
        if row.kind == "caption":
            flush()
            header, rows = [], []
            out.extend([f"### {md_escape(row.cells[0].text(lang))}", ""])
        elif row.kind == "block-header":
            header = [md_escape(c.text(lang)) for c in row.cells]
        else:
            rows.append([md_escape(row.cells[0].text(lang)), *(_value(report, c) for c in row.cells[1:])])
    flush()
    return out


def _table_three(grid: TableGrid, report: dict[str, Any], lang: str) -> list[str]:
    heads = _occupancy([r.cells for r in grid.header_rows], grid.width)
    value_cols = range(grid.label_columns, grid.width)
    spanning = [c for c in {id(c): c for row in heads for c in row if c is not None}.values()
                if c.kind == "col-header" and c.colspan == len(value_cols)]
    out: list[str] = []
    for c in spanning:
        out.extend([f"**{md_escape(c.text(lang))}**", ""])
    corner = next((c for row in heads for c in row if c is not None and c.kind == "corner"), None)
    if corner is not None:
        out.extend([f"> {md_escape(corner.text(lang))}", ""])
    header = [""] + [
        md_escape(_path([row[j] for row in heads if all(row[j] is not s for s in spanning)], ("col-header",), lang))
        for j in value_cols
    ]
    body = _occupancy([r.cells for r in grid.body_rows], grid.width)
    rows = []
    for slots, row in zip(body, grid.body_rows, strict=True):
        label = md_escape(_path(slots[: grid.label_columns], ("row-header",), lang))
        rows.append([label, *(_value(report, c) for c in row.cells if c.kind == "data")])
    out.extend([*_table(header, rows, 1), ""])
    return out


def _table_four(grid: TableGrid, report: dict[str, Any], lang: str) -> list[str]:
    heads = _occupancy([r.cells for r in grid.header_rows], grid.width)
    data = [c for r in grid.body_rows for c in r.cells if c.kind == "data"]
    rows = [[md_escape(_path([row[j] for row in heads], ("col-header",), lang)), _value(report, c)]
            for j, c in enumerate(data)]
    return [*_table([word("item", lang), word("value", lang)], rows, 1), ""]


def table_markdown(grid: TableGrid, report: dict[str, Any], lang: str = "zh") -> str:
    """One official table flattened to GFM tables (see the module docstring for the rules)."""
    if any(r.kind == "caption" for r in grid.body_rows):
        lines = _table_two(grid, report, lang)
    elif grid.label_columns == 0:
        lines = _table_four(grid, report, lang)
    else:
        lines = _table_three(grid, report, lang)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- document


def _findings(findings: list[Finding], lang: str) -> list[str]:
    out = [f"## {md_escape(word('findings', lang))}", ""]
    if not findings:
        return [*out, md_escape(word("no_findings", lang)), ""]
    for i, f in enumerate(findings, 1):
        sev, where = severity_word(f.severity, lang), f.pointer or f.file
        out.append(f"{i}. \\[{md_escape(sev)}\\] `{where.replace('`', '')}` {md_escape(message(f, lang))}")
    return [*out, ""]


def render_markdown(ctx: RenderContext) -> str:
    """The whole document as text."""
    edition: Edition = ctx.edition
    report, lang = ctx.report, ctx.lang
    out = [f"# {md_escape(page_title(report, edition, lang))}", ""]
    meta = meta_rows(report, edition, lang)
    if meta:
        sep = ": " if lang == "en" else "："
        out += [f"- {md_escape(m.label)}{sep}{md_escape(m.text)}" for m in meta] + [""]
    if ctx.annotate:
        out += _findings(ctx.result.findings, lang)
    for node in edition.sections():
        out += [f"## {md_escape(node.label.get(lang))}", ""]
        if node.role == "table":
            out.append(table_markdown(table_grid(edition, node), report, lang))
        else:
            body = narrative_markdown(report.get(node.key))
            if body:
                out += [body]
            fields = beside_rows(report, edition, node.key, lang)
            if fields:
                sep = ": " if lang == "en" else "："
                out += [f"- {md_escape(row.label)}{sep}{md_escape(row.text)}" for row in fields] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


class MarkdownRenderer:
    """GitHub-flavoured Markdown; merged tables flattened with full row labels."""

    name = "markdown"
    suffix = ".md"
    media_type = "text/markdown; charset=utf-8; variant=GFM"
    description = "Markdown（GFM，合并表格展开为完整行标签）/ GitHub-flavoured Markdown, tables flattened"

    def render(self, ctx: RenderContext) -> bytes:
        return render_markdown(ctx).encode("utf-8")
