"""DOCX -> SourceDocument, read with lxml straight from ``word/document.xml``.

python-docx's ``table.cell(r, c)`` is quadratic and repeats merged cells; reading the XML keeps
each cell once, with its ``w:gridSpan`` as colspan, and drops the continuation pieces of a
vertical merge (``w:vMerge`` without ``restart``), which hold no text of their own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .model import Origin, SourceBlock, SourceCell, SourceDocument, SourceRow, SourceTable, SourceUnreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML = 50 * 1024 * 1024


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
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML:
                raise SourceUnreadable("import.source_unreadable", reason="word/document.xml is too large")
            xml = z.read(info)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SourceUnreadable("import.source_unreadable", reason=f"not a DOCX file ({exc})") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
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
