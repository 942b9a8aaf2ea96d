"""Read a PDF's text layer and drawn borders into ``PageLayer`` objects, with pdfplumber.

The reference reader: pdfminer.six (MIT) parses in pure Python, about twenty times slower than
PDFium (``pdf_pdfium``), which the importer uses. This one is kept for one reason: it is an
independent parser, so the tests and ``benchmarks/bench_import_pdf.py`` can show that the fast
reader rebuilds exactly the same cells (``read_pdf(path, engine="pdfplumber")``). The glyph and
border rules are shared with the fast reader (``pdf_glyphs``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import SourceUnreadable
from .pdf_glyphs import Painted, Shape, dedupe, fix_text, rulings
from .pdf_layout import Glyph, PageLayer


def _curve_ops(curve: dict[str, Any]) -> list[tuple[str, tuple[float, float]]]:
    """A curve's path as operators with their end point (``h``: back to the start)."""
    path = curve.get("path")
    if not path:
        points = curve.get("pts") or [(curve["x0"], curve["top"]), (curve["x1"], curve["bottom"])]
        return [("m" if i == 0 else "l", tuple(p)) for i, p in enumerate(points)]  # type: ignore[misc]
    ops: list[tuple[str, tuple[float, float]]] = []
    start = (curve["x0"], curve["top"])
    for cmd, *pts in path:
        if cmd == "m" and pts:
            start = tuple(pts[-1])  # type: ignore[assignment]
        ops.append((cmd, start if cmd == "h" or not pts else tuple(pts[-1])))  # type: ignore[arg-type]
    return ops


def paths(page: Any) -> list[Painted]:
    """pdfplumber's lines, rectangles and curves as painted paths."""
    out = []
    for kind, objects in (("line", page.lines), ("rect", page.rects), ("curve", page.curves)):
        for o in objects:
            box = (o["x0"], o["top"], o["x1"], o["bottom"])
            shape = Shape("curve", tuple(_curve_ops(o))) if kind == "curve" else Shape.box(kind, *box)
            out.append(Painted(shape, bool(o.get("stroke")), bool(o.get("fill")), o.get("stroking_color"),
                               o.get("non_stroking_color")))
    return out


def page_layers(path: Path) -> Iterator[tuple[PageLayer, int]]:
    """Each page as a ``PageLayer``, with the number of images on it (to tell scans apart)."""
    import pdfplumber

    # pdfminer logs every font quirk (``Could not get FontBBox``) as a warning; they are not ours
    # to show, and a real failure still raises.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        raise SourceUnreadable("import.pdf_unreadable", reason=f"{type(exc).__name__}: {exc}"[:200]) from exc
    with pdf:
        for number in range(1, len(pdf.pages) + 1):
            try:
                layer, images = _layer(pdf.pages[number - 1], number)
            except Exception as exc:
                reason = f"page {number}: {type(exc).__name__}: {exc}"[:200]
                raise SourceUnreadable("import.pdf_unreadable", reason=reason) from exc
            yield layer, images


def _layer(page: Any, number: int) -> tuple[PageLayer, int]:
    glyphs = [
        (Glyph(fix_text(c["text"]), c["x0"], c["top"], c["x1"], c["bottom"]), (c["fontname"], c["size"]))
        for c in page.chars
        if c.get("text")
    ]
    layer = PageLayer(number, float(page.width), float(page.height), dedupe(glyphs), rulings(paths(page)))
    images = len(page.images)
    page.flush_cache()
    return layer, images
