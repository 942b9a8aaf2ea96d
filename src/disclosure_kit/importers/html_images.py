"""Images inside a report's web page: a table published as a picture is named, and read by OCR.

Sites often paste a table as a screenshot. The page then has no ``<table>`` for it, and an import
would only say that the table is missing. Each ``<img>`` of the report's body is therefore a
finding that names the element (``import.html_image``), and, when the picture is embedded in the
page (a ``data:`` URI), it is read by OCR into tables and lines like a scanned page, put in the
document where the picture stands. A picture on another server is never fetched (an import makes
no network request): the finding says so, and that the saved picture can be imported by itself.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import Any

from ..check.messages import register_templates
from ..fileio.limits import limits
from .model import Origin, SourceBlock, SourceDocument, SourceNote, SourceTable

register_templates(
    {
        "import.html_image": (
            "网页元素 {element} 是图片（{src}），其内容（可能是表格）不是文字：{outcome_zh}",
            "page element {element} is a picture ({src}); its content (perhaps a table) is not text: {outcome}",
        ),
    }
)

OUTCOMES = {
    "read": ("经文字识别（OCR）读出 {tables} 个表格、{lines} 段文字，请对照原图核对",
             "read by OCR into {tables} table(s) and {lines} block(s) of text; check them against the picture"),
    "empty": ("经文字识别（OCR）未读出文字", "OCR found no text in it"),
    "remote": ("图片在其他网址，导入不联网读取；请保存图片后单独导入（.png/.jpg）",
               "the picture is on another address and an import fetches nothing; save it and import the picture "
               "itself (.png/.jpg)"),
    "unreadable": ("图片无法读取：{reason}", "the picture cannot be read: {reason}"),
    "no_ocr": ("无法进行文字识别（OCR）：{reason}", "OCR is not available: {reason}"),
}


def _note(element: str, line: int | None, src: str, outcome: str, lang_params: dict[str, Any]) -> SourceNote:
    zh, en = OUTCOMES[outcome]
    shown = src if not src.startswith("data:") else src.split(",", 1)[0] + ",…"
    return SourceNote("import.html_image", "warning",
                      {"element": element, "src": shown[:120], "outcome": en.format(**lang_params),
                       "outcome_zh": zh.format(**lang_params)}, Origin(line=line, element=element))


def image_items(img: Any, element: str, notes: list[SourceNote]) -> list[SourceBlock | SourceTable]:
    """What an ``<img>`` holds, read by OCR when it is embedded; ``notes`` gets its finding."""
    src = (img.get("src") or "").strip()
    line = img.sourceline
    if not src.lower().startswith("data:image/"):
        notes.append(_note(element, line, src, "remote", {}))
        return []
    from .ocr.engine import problem

    reason = problem()
    if reason:
        notes.append(_note(element, line, src, "no_ocr", {"reason": reason}))
        return []
    try:
        gray = _pixels(base64.b64decode(src.split(",", 1)[1], validate=False))
    except (ValueError, binascii.Error, OSError, IndexError) as exc:
        notes.append(_note(element, line, src, "unreadable", {"reason": str(exc)[:120]}))
        return []
    items = _read(gray, notes)
    tables = sum(isinstance(it, SourceTable) for it in items)
    outcome = "read" if items else "empty"
    notes.append(_note(element, line, src, outcome, {"tables": tables, "lines": len(items) - tables}))
    for item in items:  # placed at the picture's element; the box stays, in points of the picture
        item.origin = Origin(line=line, element=element, bbox=item.origin.bbox)
        for row in getattr(item, "rows", []):
            for cell in row.cells:
                cell.origin = Origin(line=line, element=element, bbox=cell.origin.bbox)
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


def _read(gray: Any, notes: list[SourceNote]) -> list[SourceBlock | SourceTable]:
    from .model import SourceUnreadable
    from .ocr.page import read_page
    from .pdf import document_from_layers

    scale = 72 / 96  # a picture on a web page is shown at 96 pixels per inch
    layer = read_page(gray, 1, scale, notes)
    if not any(g.text.strip() for g in layer.glyphs):
        return []
    try:
        doc: SourceDocument = document_from_layers("picture", [(layer, 1)])
    except SourceUnreadable:
        return []
    return doc.items
