"""Where page images come from: a PDF page without text (rendered by PDFium), or an image file.

Both are bounded: a page image has at most ``image_pixels`` pixels (a PDF page is rendered at a
lower resolution if need be; an image file over the limit is refused before it is decoded), a
multi-page TIFF at most ``pdf_pages`` pages, and all pages together ``seconds_per_source``.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from ...fileio.limits import limits
from ..bounds import Deadline, source_bytes
from ..model import SourceDocument, SourceUnreadable
from ..pdf_layout import PageLayer
from .page import read_page

A4_INCHES = (8.27, 11.69)


def _grey(image: Any) -> Any:
    import numpy as np

    return np.asarray(image.convert("L"))


def _scan(page: Any, layer: PageLayer) -> tuple[Any, float, tuple[float, float, float, float]] | None:
    """The page's one image, when it covers the page upright (a scan): its own pixels are read,
    without the blur of a second resampling. Returns the grey pixels, points per pixel and where
    it lies on the page; None for anything else (then the page is rendered)."""
    import pypdfium2.raw as raw

    images = list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    if len(images) != 1:
        return None
    image = images[0]
    m = image.get_matrix()
    left, bottom, right, top = image.get_bounds()
    width, height = image.get_px_size()
    if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0 or not width or not height:
        return None
    if (right - left) * (top - bottom) < 0.8 * layer.width * layer.height or width * height > limits().image_pixels:
        return None
    sx, sy = (right - left) / width, (top - bottom) / height
    if abs(sx - sy) > 0.02 * sx:
        return None
    try:
        gray = _grey(image.get_bitmap(render=False).to_pil())
    except Exception:  # an image format PDFium cannot hand over raw: render the page instead
        return None
    x0, y0, *_ = page.get_mediabox()
    return gray, sx, (left - x0, layer.height - (top - y0), layer.width, layer.height)


def ocr_pdf_page(page: Any, layer: PageLayer, report: Any, deadline: Deadline) -> PageLayer:
    """Read a PDF page without a text layer by OCR; ``report`` (``pdf_pages.PageReport``) learns how."""
    scan = _scan(page, layer)
    if scan is not None:
        return _read(scan[0], layer.number, scan[1], report, deadline, scan[2])
    dpi = 300.0
    pixels = layer.width * layer.height * (dpi / 72) ** 2
    if pixels > limits().image_pixels:
        dpi *= math.sqrt(limits().image_pixels / pixels)
    gray = _grey(page.render(scale=dpi / 72, grayscale=True).to_pil())
    return _read(gray, layer.number, 72 / dpi, report, deadline)


def _read(gray: Any, number: int, scale: float, report: Any, deadline: Deadline,
          place: tuple[float, float, float, float] | None = None) -> PageLayer:
    deadline.check(f"page {number}")
    ocr_layer = read_page(gray, number, scale, report.notes, place)
    if any(g.text.strip() for g in ocr_layer.glyphs):
        report.ocr.append(number)
    else:
        report.unreadable[number] = ("empty", "")
    return ocr_layer


def _dpi(image: Any) -> float:
    """The image's own resolution, or the one at which it would be an A4 page."""
    dpi = image.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and float(dpi[0]) >= 50:
        return float(dpi[0])
    width, height = image.size
    return width / (A4_INCHES[0] if height >= width else A4_INCHES[1])


def read_image(path: Path) -> SourceDocument:
    """A PNG, JPEG or TIFF (every page of it) read by OCR into a document."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from ..pdf import document_from_layers
    from ..pdf_pages import PageReport
    from .engine import problem

    reason = problem()
    if reason:
        raise SourceUnreadable("import.ocr_unavailable", reason=reason)
    bounds = limits()
    data = source_bytes(path)
    report, deadline = PageReport(), Deadline()
    layers: list[tuple[PageLayer, int]] = []
    pillow_bound, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # ours is checked per frame below
    try:
        with Image.open(io.BytesIO(data)) as image:
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > bounds.pdf_pages:
                    raise SourceUnreadable("import.pdf_too_many_pages", pages=f"> {bounds.pdf_pages}",
                                           limit=bounds.pdf_pages)
                width, height = frame.size
                if width * height > bounds.image_pixels:
                    raise SourceUnreadable("import.image_too_large", width=width, height=height,
                                           limit=bounds.image_pixels)
                layers.append((_read(_grey(frame), number, 72 / _dpi(frame), report, deadline), 1))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise SourceUnreadable("import.source_unreadable", reason=f"not a readable image ({exc})"[:200]) from None
    finally:
        Image.MAX_IMAGE_PIXELS = pillow_bound
    try:
        doc = document_from_layers(Path(path).name, layers)
    except SourceUnreadable as exc:
        no_text = exc.code == "import.pdf_no_text"
        refusal = SourceUnreadable("import.image_no_text", pages=len(layers)) if no_text else exc
        refusal.remarks = report.remarks()
        raise refusal from None
    doc.kind = "image"
    doc.remarks += report.remarks()
    return doc
