"""Word (DOCX) and OpenDocument (ODT) output in the official-document (GB/T 9704) style.

Both go through pandoc (the binary bundled by pypandoc-binary, pandoc 3.x) from one HTML
document built of the same pieces as the web page: the section headings from the schema, the
narrative Markdown (raw HTML off), and the tables of ``html_tables.table_html`` drawn from the
official grid. Pandoc turns ``rowspan``/``colspan`` into real Word merges (``w:gridSpan``,
``w:vMerge``) and ODF spans, and takes the page, the fonts and the styles from
``renderers/docx/reference.docx`` / ``reference.odt`` (built by ``scripts/build_reference_docx.py``).

What pandoc cannot express is added afterwards with lxml, on ``word/document.xml`` and on ODF
``content.xml``: explicit full borders, the table at the full text width in the column proportions
of the blank national template, repeating header rows, centred numbers and left-aligned long
labels as that template draws them, ODF covered cells, and the document properties (title,
author = the agency, dates = ``meta.published``). Official tables are found by the bookmark of
their section heading, so a table inside narrative Markdown never shifts them. Nothing is written
to disk: pandoc reads stdin and writes stdout, the zip is rebuilt in memory with a fixed
timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..editions import Edition
from ..layout import GridCell, TableGrid, edition_grids
from ..resources import renderers_dir
from .base import RenderContext
from .html import narrative_html, page_title
from .html_tables import table_html

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PANDOC_TIMEOUT_S = 120

# XML 1.0 forbids C0 control characters; a report containing one must not yield a corrupt file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Cell look copied from the blank national template (template-2021-blank.docx): block captions of
# table two shaded light blue and left-aligned, long row labels of table three left-aligned,
# everything else centred.
CAPTION_FILL = "C6D9F1"
# Column weights of the template's tables (twips in template-2021-blank.docx, any unit works): table three
# gives its three label columns 754/921/3271 and each value column 685; tables two and four use
# equal columns. Keyed by the grid's number of label columns.
TEMPLATE_LABEL_WEIGHTS: dict[int, tuple[int, ...]] = {0: (), 1: (685,), 3: (754, 921, 3271)}
TEMPLATE_VALUE_WEIGHT = 685
BORDER = {"val": "single", "sz": "4", "space": "0", "color": "000000"}
CELL_MARGIN_TWIPS = 57
TABLE_TEXT_STYLE = "TableText"  # defined in reference.docx: 五号, centred, single line spacing


# Section headings carry this id (a bookmark in DOCX and ODT): the first table after the heading of
# a table section is that official table; any other table comes from narrative Markdown.
SECTION_ID_PREFIX = "dk-section-"


class RenderFailure(RuntimeError):
    """pandoc is missing or failed: a failure of the tool, not of the report (exit code 3)."""


# ----------------------------------------------------------------------------- the HTML document


def document_html(ctx: RenderContext) -> str:
    """The report as one HTML document for pandoc: title, the six sections in official order."""
    edition, report, lang = ctx.edition, ctx.report, ctx.lang
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{escape(page_title(report, edition, lang))}</title>",
        "</head><body>",
    ]
    grids = {g.table.key: g for g in edition_grids(edition)}
    for node in edition.sections():
        parts.append(f'<h1 id="{SECTION_ID_PREFIX}{escape(node.key)}">{escape(node.label.get(lang))}</h1>')
        if node.role == "table":
            parts.append(table_html(grids[node.key], report, lang, for_pandoc=True))
        else:
            parts.append(narrative_html(report.get(node.key), heading_offset=1))
    parts.append("</body></html>")
    return _CONTROL.sub("", "\n".join(parts))


def pandoc(html: str, to: str, reference: Path | None) -> bytes:
    """Run the bundled pandoc: HTML (``smart`` off, so “ ” and "" stay as written) -> ``to``."""
    import pypandoc

    try:
        binary = pypandoc.get_pandoc_path()
    except OSError as exc:
        raise RenderFailure(f"pandoc (pypandoc-binary) is not available: {exc}") from exc
    args = [binary, "--from=html-smart", f"--to={to}", "--output=-"]
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


# ----------------------------------------------------------------------------- DOCX post-processing


@cache
def _lxml() -> Any:
    """lxml.etree, imported on first use: listing the renderers must not pay for it."""
    from lxml import etree

    return etree


@cache
def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _child(parent: Any, tag: str, before: tuple[str, ...] = ()) -> Any:
    """Child ``w:tag`` of ``parent``, created in schema order (before the first of ``before``)."""
    found = parent.find(_w(tag))
    if found is not None:
        return found
    el = parent.makeelement(_w(tag))
    for name in before:
        anchor = parent.find(_w(name))
        if anchor is not None:
            anchor.addprevious(el)
            return el
    parent.append(el)
    return el


def _set(el: Any, **attrs: str) -> Any:
    for key, value in attrs.items():
        el.set(_w(key), value)
    return el


# Children of w:tblPr that must follow the one being added (OOXML order).
_TBLPR_AFTER = {
    "tblW": ("jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
    "jc": ("tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
    "tblBorders": ("shd", "tblLayout", "tblCellMar", "tblLook"),
    "tblCellMar": ("tblLook",),
}


def _text_width(root: Any) -> int:
    """Width of the text block in twips: page width minus the left and right margins."""
    sect = root.find(f"{_w('body')}/{_w('sectPr')}")
    size = sect.find(_w("pgSz")) if sect is not None else None
    mar = sect.find(_w("pgMar")) if sect is not None else None
    if size is None or mar is None:
        return 8844  # A4 with GB/T 9704 margins: 210 - 28 - 26 mm
    return int(size.get(_w("w"))) - int(mar.get(_w("left"))) - int(mar.get(_w("right")))


def _match_tables(
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


def _table_borders(tbl: Any) -> Any:
    """Full single borders and centring on a table's ``w:tblPr``; returns the tblPr."""
    tblpr = _child(tbl, "tblPr")
    _set(_child(tblpr, "jc", _TBLPR_AFTER["jc"]), val="center")
    borders = _child(tblpr, "tblBorders", _TBLPR_AFTER["tblBorders"])
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(_child(borders, side), **BORDER)
    return tblpr


def _format_narrative_table(tbl: Any) -> None:
    """A table written in a narrative section's Markdown: borders and table text, nothing more."""
    _table_borders(tbl)
    for p in tbl.iter(_w("p")):
        ppr = p.find(_w("pPr"))
        if ppr is None:
            ppr = p.makeelement(_w("pPr"))
            p.insert(0, ppr)
        _rebuild(ppr, [_el(ppr, "pStyle", val=TABLE_TEXT_STYLE)])


def _format_table(tbl: Any, grid: TableGrid, width: int) -> None:
    """Borders, full width, repeating header rows and per-cell alignment of one Word table."""
    tblpr = _table_borders(tbl)
    _set(_child(tblpr, "tblW", _TBLPR_AFTER["tblW"]), w=str(width), type="dxa")
    margins = _child(tblpr, "tblCellMar", _TBLPR_AFTER["tblCellMar"])
    for side in ("left", "right"):
        _set(_child(margins, side), w=str(CELL_MARGIN_TWIPS), type="dxa")

    cols = tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}")
    widths = _column_widths(grid, len(cols), width)
    for col, w in zip(cols, widths, strict=True):
        col.set(_w("w"), str(w))

    rows = tbl.findall(_w("tr"))
    if len(rows) != len(grid.rows):
        raise RenderFailure(
            f"pandoc drew table {grid.table.key} with {len(rows)} rows, the official grid has {len(grid.rows)}"
        )
    header_count = len(grid.header_rows)
    for index, (tr, grow) in enumerate(zip(rows, grid.rows, strict=True)):
        trpr = tr.find(_w("trPr"))
        if trpr is None:
            trpr = tr.makeelement(_w("trPr"))
            tr.insert(0, trpr)
        _child(trpr, "cantSplit", ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"))
        if index < header_count:
            _set(_child(trpr, "tblHeader", ("tblCellSpacing", "jc", "hidden")), val="on")
        # A block caption or column-head row never ends a page alone (Word keeps it with the next row).
        keep_with_next = grow.kind in ("caption", "block-header")
        column = 0
        owners = iter(grow.cells)
        for tc in tr.findall(_w("tc")):
            tcpr = _child(tc, "tcPr")
            span_el = tcpr.find(_w("gridSpan"))
            span = int(span_el.get(_w("val"))) if span_el is not None else 1
            merge = tcpr.find(_w("vMerge"))
            continued = merge is not None and merge.get(_w("val"), "continue") == "continue"
            gcell = None if continued else next(owners, None)
            _format_cell(tc, tcpr, gcell, grid, sum(widths[column:column + span]), keep_with_next)
            column += span


def _column_widths(grid: TableGrid, count: int, width: int) -> list[int]:
    """Twips of each grid column, in the proportions of the blank national template."""
    labels = TEMPLATE_LABEL_WEIGHTS.get(grid.label_columns, (TEMPLATE_VALUE_WEIGHT,) * grid.label_columns)
    weights = [*labels, *(TEMPLATE_VALUE_WEIGHT,) * (count - len(labels))][:count]
    total = sum(weights) or 1
    widths = [w * width // total for w in weights]
    widths[-1] += width - sum(widths)
    return widths


def _rebuild(props: Any, children: list[Any]) -> None:
    """Put ``children`` first, in the given (schema) order; drop their older namesakes, keep the rest after."""
    known = {c.tag for c in children}
    keep = set(map(id, children))
    rest = [c for c in props if c.tag not in known or id(c) in keep]
    props[:] = [*children, *(c for c in rest if id(c) not in keep)]


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    """A new ``w:tag`` child element of ``parent`` (attached, so its namespace is resolved once)."""
    return _lxml().SubElement(parent, _w(tag), {_w(k): v for k, v in attrs.items()})


def _format_cell(
    tc: Any, tcpr: Any, gcell: GridCell | None, grid: TableGrid, width: int, keep_next: bool = False
) -> None:
    """Width, borders, shading, vertical centring; paragraphs in the table style, aligned, kept with next.

    pandoc writes only ``gridSpan``/``vMerge`` in ``w:tcPr`` and only ``pStyle`` in a cell's ``w:pPr``,
    so both are rebuilt in schema order (faster than searching for each child in turn).
    """
    kids = [_el(tcpr, "tcW", w=str(width), type="dxa")]
    kids += [c for c in (tcpr.find(_w("gridSpan")), tcpr.find(_w("vMerge"))) if c is not None]
    borders = _el(tcpr, "tcBorders")
    for side in ("top", "left", "bottom", "right"):
        _el(borders, side, **BORDER)
    kids.append(borders)
    if gcell is not None and gcell.kind == "caption":
        kids.append(_el(tcpr, "shd", val="clear", color="auto", fill=CAPTION_FILL))
    kids.append(_el(tcpr, "vAlign", val="center"))
    _rebuild(tcpr, kids)
    align = _alignment(gcell, grid)
    for p in tc.iter(_w("p")):
        ppr = p.find(_w("pPr"))
        if ppr is None:
            ppr = p.makeelement(_w("pPr"))
            p.insert(0, ppr)
        kids = [_el(ppr, "pStyle", val=TABLE_TEXT_STYLE)]
        if keep_next:
            kids.append(_el(ppr, "keepNext"))
        kids.append(_el(ppr, "jc", val=align))
        _rebuild(ppr, kids)


def _alignment(gcell: GridCell | None, grid: TableGrid) -> str:
    """Left for the corner note, block captions and the long row labels of table three; else centred."""
    if gcell is None:
        return "center"
    if gcell.kind in ("corner", "caption"):
        return "left"
    if gcell.kind == "row-header" and grid.label_columns > 1:
        return "left"
    return "center"


def _core_properties(core: bytes, title: str, author: str, published: str | None) -> bytes:
    """Title and author (the agency); dates from ``meta.published`` rather than the clock."""
    from lxml import etree

    ns = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    root = etree.fromstring(core)
    for local, value in (("title", title), ("creator", author)):
        el = root.find(f"dc:{local}", ns)
        if el is None:
            el = etree.SubElement(root, f"{{{ns['dc']}}}{local}")
        el.text = value
    modified_by = root.find("cp:lastModifiedBy", ns)
    if modified_by is None:
        modified_by = etree.SubElement(root, f"{{{ns['cp']}}}lastModifiedBy")
    modified_by.text = author
    for local in ("created", "modified"):
        el = root.find(f"dcterms:{local}", ns)
        if el is not None:
            root.remove(el)
        if published:
            el = etree.SubElement(root, f"{{{ns['dcterms']}}}{local}")
            el.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
            el.text = f"{published}T00:00:00Z"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def postprocess_docx(data: bytes, edition: Edition, title: str, author: str, published: str | None) -> bytes:
    """Apply the table formatting and the document properties to pandoc's DOCX."""
    from lxml import etree

    grids = edition_grids(edition)
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = src.infolist()
        for info in infos:
            parts[info.filename] = src.read(info.filename)
    root = etree.fromstring(parts["word/document.xml"])
    official, narrative = _match_tables(root, _w("bookmarkStart"), _w("name"), _w("tbl"), grids)
    width = _text_width(root)
    for tbl, grid in official:
        _format_table(tbl, grid, width)
    for tbl in narrative:
        _format_narrative_table(tbl)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _core_properties(parts["docProps/core.xml"], title, author, published)
    return _zip(parts, [i.filename for i in infos])


def _zip(parts: dict[str, bytes], order: list[str]) -> bytes:
    """A zip with a fixed timestamp; ``mimetype`` (ODF) first and stored, as ODF requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, parts[name])
    return out.getvalue()


# ----------------------------------------------------------------------------- ODT post-processing


ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
ODF_BORDER = "0.5pt solid #000000"
ODF_LEFT = "DKTableLeft"  # paragraph style of left-aligned table labels
ODF_CAPTION_CELL = "DKCaptionCell"  # cell style of table two's shaded block captions


@cache
def _o(qname: str) -> str:
    prefix, local = qname.split(":")
    return f"{{{ODF[prefix]}}}{local}"


def _odf_style(parent: Any, name: str, family: str, props: str, attrs: dict[str, str], base: str | None = None) -> None:
    """Add (or complete) an automatic style ``name`` with ``style:<props>`` attributes."""
    from lxml import etree

    style = next((s for s in parent.findall(_o("style:style")) if s.get(_o("style:name")) == name), None)
    if style is None:
        style = etree.SubElement(parent, _o("style:style"))
        style.set(_o("style:name"), name)
        style.set(_o("style:family"), family)
        if base:
            style.set(_o("style:parent-style-name"), base)
    el = style.find(_o(f"style:{props}"))
    if el is None:
        el = etree.SubElement(style, _o(f"style:{props}"))
    for key, value in attrs.items():
        el.set(_o(key), value)


def _odt_tables(content: Any, grids: list[TableGrid]) -> None:
    """Borders, template column widths, left labels, shaded captions and ODF covered cells."""
    auto = content.find(_o("office:automatic-styles"))
    cell_props = {"fo:border": ODF_BORDER, "style:vertical-align": "middle", "fo:padding": "0.5mm"}
    for name in ("TableHeaderRowCell", "TableRowCell"):
        _odf_style(auto, name, "table-cell", "table-cell-properties", cell_props)
    _odf_style(auto, ODF_CAPTION_CELL, "table-cell", "table-cell-properties",
               {**cell_props, "fo:background-color": f"#{CAPTION_FILL}"})
    _odf_style(auto, ODF_LEFT, "paragraph", "paragraph-properties", {"fo:text-align": "start"}, "Table_20_Contents")
    official, _ = _match_tables(content, _o("text:bookmark-start"), _o("text:name"), _o("table:table"), grids)
    for tbl, grid in official:
        columns = tbl.findall(_o("table:table-column"))
        for col, width in zip(columns, _column_widths(grid, len(columns), 10000), strict=True):
            _odf_style(auto, col.get(_o("table:style-name")), "table-column", "table-column-properties",
                       {"style:rel-column-width": f"{width}*"})
        rows = list(tbl.iter(_o("table:table-row")))
        if len(rows) != len(grid.rows):
            raise RenderFailure(f"pandoc drew ODF table {grid.table.key} with {len(rows)} rows, "
                                f"the official grid has {len(grid.rows)}")
        covered: set[tuple[int, int]] = set()
        for r, (tr, grow) in enumerate(zip(rows, grid.rows, strict=True)):
            owners = iter(zip(tr.findall(_o("table:table-cell")), grow.cells, strict=True))
            cells: list[Any] = []
            col = 0
            while col < grid.width:
                if (r, col) in covered:
                    cells.append(tr.makeelement(_o("table:covered-table-cell")))
                    col += 1
                    continue
                pair = next(owners, None)
                if pair is None:
                    break
                el, gcell = pair
                rs = int(el.get(_o("table:number-rows-spanned"), "1"))
                cs = int(el.get(_o("table:number-columns-spanned"), "1"))
                covered.update((rr, cc) for rr in range(r, r + rs) for cc in range(col, col + cs))
                covered.discard((r, col))
                if gcell.kind == "caption":
                    el.set(_o("table:style-name"), ODF_CAPTION_CELL)
                if _alignment(gcell, grid) == "left":
                    for para in el.iter(_o("text:p")):
                        para.set(_o("text:style-name"), ODF_LEFT)
                cells.append(el)
                col += 1
            for old in tr.findall(_o("table:table-cell")):
                tr.remove(old)
            tr.extend(cells)


def postprocess_odt(data: bytes, edition: Edition, author: str, published: str | None) -> bytes:
    """Table formatting in ``content.xml``; author (the agency) and dates in ``meta.xml``."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as src:
        order = [i.filename for i in src.infolist()]
        parts = {name: src.read(name) for name in order}
    content = etree.fromstring(parts["content.xml"])
    _odt_tables(content, edition_grids(edition))
    parts["content.xml"] = etree.tostring(content, xml_declaration=True, encoding="UTF-8")
    if "meta.xml" in parts:
        root = etree.fromstring(parts["meta.xml"])
        meta = root.find(_o("office:meta"))
        if meta is not None:
            stamp = f"{published}T00:00:00" if published else None
            for qname, value in (
                (_o("meta:initial-creator"), author),
                (_o("dc:creator"), author),
                (_o("meta:creation-date"), stamp),
                (_o("dc:date"), stamp),
            ):
                for old in meta.findall(qname):
                    meta.remove(old)
                if value:
                    etree.SubElement(meta, qname).text = value
        parts["meta.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    order.sort(key=lambda name: name != "mimetype")
    return _zip(parts, order)


# ----------------------------------------------------------------------------- renderers


def _meta_text(report: dict[str, Any], key: str) -> str:
    meta = report.get("meta")
    value = meta.get(key) if isinstance(meta, dict) else None
    return _CONTROL.sub("", value) if isinstance(value, str) else ""


def _published(report: dict[str, Any]) -> str | None:
    """``meta.published`` when it is a real ISO date (used as the file's dates), else None."""
    text = _meta_text(report, "published")
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


@cache
def reference_document(suffix: str) -> Path:
    """``renderers/docx/reference.docx`` or ``.odt`` (built by ``scripts/build_reference_docx.py``)."""
    path = renderers_dir() / "docx" / f"reference{suffix}"
    if not path.is_file():
        raise RenderFailure(f"the reference document {path} is missing: the installation is incomplete")
    return path


class DocxRenderer:
    """Word document in the GB/T 9704 style, tables with real merged cells."""

    name = "docx"
    suffix = ".docx"
    media_type = DOCX_MEDIA_TYPE
    description = "Word 文档（GB/T 9704 公文格式，表格为真实合并单元格）/ Word document, official-document style"

    def render(self, ctx: RenderContext) -> bytes:
        title = _CONTROL.sub("", page_title(ctx.report, ctx.edition, ctx.lang))
        raw = pandoc(document_html(ctx), "docx", reference_document(".docx"))
        return postprocess_docx(raw, ctx.edition, title, _meta_text(ctx.report, "agency"), _published(ctx.report))


class OdtRenderer:
    """OpenDocument text (LibreOffice, WPS), from the same HTML through pandoc."""

    name = "odt"
    suffix = ".odt"
    media_type = ODT_MEDIA_TYPE
    description = "OpenDocument 文本（ODT，表格为合并单元格）/ OpenDocument text with merged table cells"

    def render(self, ctx: RenderContext) -> bytes:
        raw = pandoc(document_html(ctx), "odt", reference_document(".odt"))
        return postprocess_odt(raw, ctx.edition, _meta_text(ctx.report, "agency"), _published(ctx.report))
