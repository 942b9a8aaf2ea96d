"""ODT post-processing: borders, template column widths, left labels, shaded captions and the
ODF covered cells in ``content.xml``; author (the agency) and dates in ``meta.xml``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..model.editions import Edition
from ..model.layout import TableGrid, edition_grids
from .office import (
    CAPTION_FILL,
    DocumentProperties,
    RenderFailure,
    alignment,
    column_widths,
    match_tables,
    unzip_parts,
    zip_parts,
)

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
    official, _ = match_tables(content, _o("text:bookmark-start"), _o("text:name"), _o("table:table"), grids)
    for tbl, grid in official:
        columns = tbl.findall(_o("table:table-column"))
        for col, width in zip(columns, column_widths(grid, len(columns), 10000), strict=True):
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
                if alignment(gcell, grid) == "left":
                    for para in el.iter(_o("text:p")):
                        para.set(_o("text:style-name"), ODF_LEFT)
                cells.append(el)
                col += 1
            for old in tr.findall(_o("table:table-cell")):
                tr.remove(old)
            tr.extend(cells)


def postprocess_odt(data: bytes, edition: Edition, props: DocumentProperties) -> bytes:
    """Table formatting in ``content.xml``; author (the agency) and dates in ``meta.xml``."""
    from lxml import etree

    parts = unzip_parts(data)
    content = etree.fromstring(parts["content.xml"])
    _odt_tables(content, edition_grids(edition))
    parts["content.xml"] = etree.tostring(content, xml_declaration=True, encoding="UTF-8")
    if "meta.xml" in parts:
        root = etree.fromstring(parts["meta.xml"])
        meta = root.find(_o("office:meta"))
        if meta is not None:
            stamp = f"{props.published}T00:00:00" if props.published else None
            for qname, value in (
                (_o("meta:initial-creator"), props.author),
                (_o("dc:creator"), props.author),
                (_o("meta:creation-date"), stamp),
                (_o("dc:date"), stamp),
            ):
                for old in meta.findall(qname):
                    meta.remove(old)
                if value:
                    etree.SubElement(meta, qname).text = value
        parts["meta.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return zip_parts(parts, sorted(parts, key=lambda name: name != "mimetype"))

