"""Compare the two PDF readers' documents: PDFium (the importer) and pdfminer (the reference).

``tables(doc)`` is every table cell as (text, rowspan, colspan, page); ``blocks(doc)`` the running
text. ``box_gap`` is the largest difference between two documents' provenance boxes, in points.
"""

from __future__ import annotations

from disclosure_kit.importers.model import SourceDocument, SourceTable


def tables(doc: SourceDocument) -> list[list[list[tuple[str, int, int, int | None]]]]:
    return [
        [[(c.text, c.rowspan, c.colspan, c.origin.page) for c in row.cells] for row in item.rows]
        for item in doc.items
        if isinstance(item, SourceTable)
    ]


def blocks(doc: SourceDocument) -> list[tuple[str, bool, int | None]]:
    return [(i.text, i.heading, i.origin.page) for i in doc.items if not isinstance(i, SourceTable)]


def box_gap(a: SourceDocument, b: SourceDocument) -> float:
    def boxes(doc: SourceDocument) -> list[tuple[float, ...]]:
        out: list[tuple[float, ...]] = []
        for item in doc.items:
            if isinstance(item, SourceTable):
                out += [c.origin.bbox or () for row in item.rows for c in row.cells]
            else:
                out.append(item.origin.bbox or ())
        return out

    return max((abs(u - v) for x, y in zip(boxes(a), boxes(b), strict=True) for u, v in zip(x, y, strict=True)),
               default=0.0)
