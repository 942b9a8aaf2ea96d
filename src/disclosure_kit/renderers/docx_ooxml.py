"""DOCX post-processing: what pandoc cannot express in ``word/document.xml``, added with lxml.

Explicit full borders, the table at the full text width in the column proportions of the blank
national template, repeating header rows (``w:tblHeader``), centred numbers and left-aligned long
labels as that template draws them, and the document properties (title, author = the agency,
dates = ``meta.published``) in ``docProps/core.xml``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..model.editions import Edition
from ..model.layout import GridCell, TableGrid, edition_grids
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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

BORDER = {"val": "single", "sz": "4", "space": "0", "color": "000000"}
CELL_MARGIN_TWIPS = 57
TABLE_TEXT_STYLE = "TableText"  # defined in reference.docx: 五号, centred, single line spacing


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


def _properties(el: Any, tag: str) -> Any:
    """The properties child (``w:pPr``, ``w:trPr``) of ``el``, created as its first child when missing."""
    props = el.find(_w(tag))
    if props is None:
        props = el.makeelement(_w(tag))
        el.insert(0, props)
    return props


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
        ppr = _properties(p, "pPr")
        _rebuild(ppr, [_el(ppr, "pStyle", val=TABLE_TEXT_STYLE)])


def _format_table(tbl: Any, grid: TableGrid, width: int) -> None:
    """Borders, full width, repeating header rows and per-cell alignment of one Word table."""
    tblpr = _table_borders(tbl)
    _set(_child(tblpr, "tblW", _TBLPR_AFTER["tblW"]), w=str(width), type="dxa")
    margins = _child(tblpr, "tblCellMar", _TBLPR_AFTER["tblCellMar"])
    for side in ("left", "right"):
        _set(_child(margins, side), w=str(CELL_MARGIN_TWIPS), type="dxa")

    cols = tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}")
    widths = column_widths(grid, len(cols), width)
    for col, w in zip(cols, widths, strict=True):
        col.set(_w("w"), str(w))

    rows = tbl.findall(_w("tr"))
    if len(rows) != len(grid.rows):
        raise RenderFailure(
            f"pandoc drew table {grid.table.key} with {len(rows)} rows, the official grid has {len(grid.rows)}"
        )
    header_count = len(grid.header_rows)
    for index, (tr, grow) in enumerate(zip(rows, grid.rows, strict=True)):
        trpr = _properties(tr, "trPr")
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
    align = alignment(gcell, grid)
    for p in tc.iter(_w("p")):
        ppr = _properties(p, "pPr")
        kids = [_el(ppr, "pStyle", val=TABLE_TEXT_STYLE)]
        if keep_next:
            kids.append(_el(ppr, "keepNext"))
        kids.append(_el(ppr, "jc", val=align))
        _rebuild(ppr, kids)



def _core_properties(core: bytes, props: DocumentProperties) -> bytes:
    """Title and author (the agency); dates from ``meta.published`` rather than the clock."""
    from lxml import etree

    ns = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    root = etree.fromstring(core)
    for local, value in (("title", props.title), ("creator", props.author)):
        el = root.find(f"dc:{local}", ns)
        if el is None:
            el = etree.SubElement(root, f"{{{ns['dc']}}}{local}")
        el.text = value
    modified_by = root.find("cp:lastModifiedBy", ns)
    if modified_by is None:
        modified_by = etree.SubElement(root, f"{{{ns['cp']}}}lastModifiedBy")
    modified_by.text = props.author
    for local in ("created", "modified"):
        el = root.find(f"dcterms:{local}", ns)
        if el is not None:
            root.remove(el)
        if props.published:
            el = etree.SubElement(root, f"{{{ns['dcterms']}}}{local}")
            el.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
            el.text = f"{props.published}T00:00:00Z"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def postprocess_docx(data: bytes, edition: Edition, props: DocumentProperties) -> bytes:
    """Apply the table formatting and the document properties to pandoc's DOCX."""
    from lxml import etree

    grids = edition_grids(edition)
    parts = unzip_parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    official, narrative = match_tables(root, _w("bookmarkStart"), _w("name"), _w("tbl"), grids)
    width = _text_width(root)
    for tbl, grid in official:
        _format_table(tbl, grid, width)
    for tbl in narrative:
        _format_narrative_table(tbl)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _core_properties(parts["docProps/core.xml"], props)
    return zip_parts(parts, list(parts))


