"""DOCX -> SourceDocument, read with lxml straight from ``word/document.xml``.

python-docx's ``table.cell(r, c)`` is quadratic and repeats merged cells; reading the XML keeps
each cell once, with its ``w:gridSpan`` as colspan, and drops the continuation pieces of a
vertical merge (``w:vMerge`` without ``restart``), which hold no text of their own.

The archive and the XML are bounded (``importers.bounds``): a zip bomb, a member larger than its
directory says, a document type declaration (entities) or malformed XML is the source's fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..fileio.reading import ReadRefused, ZipBudget, open_zip
from .bounds import parse_xml, refused, zip_source
from .model import Origin, SourceBlock, SourceCell, SourceDocument, SourceRow, SourceTable, SourceUnreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append(" ")
    return "".join(parts)


def _is_heading(p: Any) -> bool:
    style = p.find(f"{W}pPr/{W}pStyle")
    value = (style.get(f"{W}val") or "") if style is not None else ""
    return value.lower().startswith(("heading", "title")) or value.startswith("标题")


def _merge(tc: Any) -> tuple[int, str | None]:
    """(gridSpan, vMerge: ``restart``, ``continue`` or None) of a table cell."""
    props = tc.find(f"{W}tcPr")
    if props is None:
        return 1, None
    grid = props.find(f"{W}gridSpan")
    value = grid.get(f"{W}val") if grid is not None else None
    span = int(value) if value and value.isdigit() else 1
    merge = props.find(f"{W}vMerge")
    if merge is None:
        return span, None
    return span, "restart" if merge.get(f"{W}val") == "restart" else "continue"


def _table(tbl: Any, number: int) -> SourceTable:
    """Rows of cells; a vertically merged cell once, with the rows it spans as its rowspan."""
    rows: list[SourceRow] = []
    open_merges: dict[int, SourceCell] = {}  # grid column -> the cell a vertical merge started there
    for r, tr in enumerate(tbl.findall(f"{W}tr"), start=1):
        cells: list[SourceCell] = []
        col = 0
        for c, tc in enumerate(tr.findall(f"{W}tc"), start=1):
            span, merge = _merge(tc)
            if merge == "continue" and col in open_merges:
                open_merges[col].rowspan += 1
            elif merge != "continue":
                text = "".join(_para_text(p) for p in tc.iter(f"{W}p"))
                cell = SourceCell(text, Origin(element=f"tbl[{number}]/tr[{r}]/tc[{c}]"), colspan=span)
                cells.append(cell)
                if merge == "restart":
                    open_merges[col] = cell
                else:
                    open_merges.pop(col, None)
            col += span
        if cells:
            rows.append(SourceRow(cells))
    return SourceTable(rows, Origin(element=f"tbl[{number}]"))


def read_docx(path: Path) -> SourceDocument:
    """A DOCX report: every member inflated within the zip budget first (a bomb, or a directory
    that lies about sizes, is refused before anything is parsed), then ``word/document.xml``."""
    data = zip_source(path)
    with open_zip(data) as archive:
        try:
            xml = ZipBudget().read(archive, "word/document.xml")
        except KeyError:
            reason = "not a DOCX file (no word/document.xml)"
            raise SourceUnreadable("import.source_unreadable", reason=reason) from None
        except ReadRefused as exc:
            raise refused(exc, "unzip_bytes") from None
    root = parse_xml(xml, "word/document.xml")
    body = root.find(f"{W}body")
    doc = SourceDocument(name=str(path), kind="docx")
    if body is None:
        return doc
    tables = paras = 0
    for el in body:
        if el.tag == f"{W}p":
            paras += 1
            text = _para_text(el)
            if text.strip():
                doc.items.append(SourceBlock(text, Origin(element=f"p[{paras}]"), heading=_is_heading(el)))
        elif el.tag == f"{W}tbl":
            tables += 1
            doc.items.append(_table(el, tables))
    return doc
