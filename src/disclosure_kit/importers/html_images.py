"""Pictures inside a report's web page: a table published as a picture, read by OCR if embedded.

Sites often paste a table as a screenshot. The page then has no ``<table>`` for it. A picture on
another server is never fetched (an import makes no network request), so it is the remark
``import.image`` that says where it is; so is an embedded one when OCR is not installed. An
embedded picture (a ``data:`` URI) is read by OCR like a scanned page, its tables and lines put
in the document where the picture stands, and ``import.image_ocr`` says what came of it.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import Any

from ..check.messages import register_templates
from ..fileio.limits import limits
from .model import Origin, Remark, SourceBlock, SourceTable

register_templates(
    {
        "import.image_ocr": (
            "网页元素 {element} 是图片，经文字识别（OCR）读取：{outcome_zh}",
            "page element {element} is a picture, read by OCR: {outcome}",
        ),
    }
)

OUTCOMES = {
    "read": ("读出 {tables} 个表格、{lines} 段文字，请对照原图核对",
             "{tables} table(s) and {lines} block(s) of text; check them against the picture"),
    "empty": ("未读出文字，相应部分记为缺失",
              "no text found; the parts of the report it may hold are recorded as absent"),
    "unreadable": ("图片无法读取（{reason}）", "the picture cannot be read ({reason})"),
}


def image_items(img: Any, element: str, remarks: list[Remark]) -> list[SourceBlock | SourceTable]:
    """What an ``<img>`` holds, read by OCR when it is embedded; ``remarks`` gets what was done."""
    from .ocr.engine import problem

    src = (img.get("src") or "").strip()
    where = Origin(line=img.sourceline, element=element)
    if not src.lower().startswith("data:image/") or problem() is not None:
        shown = src if not src.startswith("data:") else src.split(",", 1)[0] + ",…"
        params = {"src": shown[:120], "alt": img.get("alt") or ""}
        remarks.append(Remark("import.image", "warning", where, params=params))
        return []

    def said(outcome: str, **params: Any) -> None:
        zh, en = OUTCOMES[outcome]
        remarks.append(Remark("import.image_ocr", "info" if outcome == "read" else "warning", where,
                              params={"outcome": en.format(**params), "outcome_zh": zh.format(**params)}))

    try:
        gray = _pixels(base64.b64decode(src.split(",", 1)[1], validate=False))
    except (ValueError, binascii.Error, OSError, IndexError) as exc:
        said("unreadable", reason=str(exc)[:120])
        return []
    items = _read(gray, remarks)
    tables = sum(isinstance(it, SourceTable) for it in items)
    said("read" if items else "empty", tables=tables, lines=len(items) - tables)
    for item in items:  # placed at the picture's element; the box stays, in points of the picture
        item.origin = Origin(line=where.line, element=element, bbox=item.origin.bbox)
        for row in getattr(item, "rows", []):
            for cell in row.cells:
                cell.origin = Origin(line=where.line, element=element, bbox=cell.origin.bbox)
    return items


def _pixels(data: bytes) -> Any:
    """The grey pixels of an embedded picture, refused over ``image_pixels``."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if width * height > limits().image_pixels:
            raise ValueError(f"{width}×{height} pixels, over the limit image_pixels")
        return np.asarray(image.convert("L"))


def _read(gray: Any, remarks: list[Remark]) -> list[SourceBlock | SourceTable]:
    from .model import SourceUnreadable
    from .ocr.page import read_page
    from .pdf import document_from_layers

    layer = read_page(gray, 1, 72 / 96, remarks)  # a picture on a web page is shown at 96 pixels per inch
    if not any(g.text.strip() for g in layer.glyphs):
        return []
    try:
        return document_from_layers("picture", [(layer, 1)]).items
    except SourceUnreadable:
        return []
