"""Each page of a PDF as a ``PageLayer``: from its text layer, or by OCR when it has none.

This is where the PDF reader keeps its bounds: the file is read through ``fileio.reading``
(``source_bytes``), every stream is bounded before PDFium opens the file (``pdf_guard``), a PDF
over ``pdf_pages`` pages is refused (an annual report has 5 to 30; reading the first 500 pages of
a 5,000-page compilation would assemble a report from whatever came first, so the user is told
and may raise the limit), and the pages together must be read within ``seconds_per_source``.

A page without any text but with an image is a scan: it is rendered and read by OCR
(``importers.ocr``). A page's status (text layer, OCR, unreadable) is reported as a finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.messages import register_templates
from ..fileio.limits import limits
from .bounds import Deadline, source_bytes
from .model import Remark, SourceUnreadable
from .pdf_guard import check_pdf
from .pdf_layout import PageLayer

register_templates(
    {
        "import.page_text_layer": ("第 {pages} 页从文字层读取", "pages {pages} read from the text layer"),
        "import.page_ocr": (
            "第 {pages} 页没有文字层，经文字识别（OCR）读取，请对照原件核对",
            "pages {pages} have no text layer and were read by OCR; check them against the source",
        ),
        "import.page_unreadable": (
            "第 {page} 页无法读取：{reason_zh}",
            "page {page} could not be read: {reason}",
        ),
        "import.image_too_large": (
            "图像有 {width}×{height} 像素，超过上限 {limit} 像素（限制 image_pixels），未读取",
            "the image has {width}×{height} pixels, over the limit of {limit} (limit image_pixels); not read",
        ),
    }
)


# Why a page gave no text: (zh, en), with the detail (what OCR lacks) where there is one.
WHY = {
    "blank": ("空白页", "blank"),
    "empty": ("图像中经文字识别（OCR）未读出文字", "an image in which OCR found no text"),
    "not_asked": ("没有文字的图像（未要求文字识别）", "an image without text (OCR was not asked for)"),
    "no_ocr": ("没有文字的图像；无法进行文字识别：{detail}", "an image without text; OCR is not available: {detail}"),
}


def ocr_problem() -> str | None:
    """Why OCR cannot run here, or None (imported lazily: the OCR stack is heavy)."""
    from .ocr.engine import problem

    return problem()


@dataclass
class PageReport:
    """How each page was read, gathered while the layers are produced."""

    text: list[int] = field(default_factory=list)
    ocr: list[int] = field(default_factory=list)
    unreadable: dict[int, tuple[str, str]] = field(default_factory=dict)  # page -> why (``WHY``), detail
    notes: list[Remark] = field(default_factory=list)  # OCR's remarks (numbers left blank …)

    def remarks(self) -> list[Remark]:
        out: list[Remark] = []
        if self.text:
            out.append(Remark("import.page_text_layer", "info", params={"pages": _ranges(self.text)}))
        if self.ocr:
            out.append(Remark("import.page_ocr", "warning", params={"pages": _ranges(self.ocr)}))
        for page, (why, detail) in sorted(self.unreadable.items()):
            zh, en = WHY[why]
            out.append(Remark("import.page_unreadable", "warning", params={
                "page": page, "reason": en.format(detail=detail), "reason_zh": zh.format(detail=detail)}))
        return out + self.notes


def _ranges(pages: list[int]) -> str:
    """``1-4, 6``: page numbers as short ranges."""
    parts: list[str] = []
    start = prev = None
    for n in sorted(pages):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


def open_pdf(path: Path) -> Any:
    """The PDF opened by PDFium within every bound, or ``SourceUnreadable`` saying which one."""
    from .pdf_pdfium import open_document

    bounds = limits()
    data = source_bytes(path)
    check_pdf(data, bounds.pdf_stream_bytes)
    document = open_document(data)
    if len(document) > bounds.pdf_pages:
        pages = len(document)
        document.close()
        raise SourceUnreadable("import.pdf_too_many_pages", pages=pages, limit=bounds.pdf_pages)
    return document


def page_layers(path: Path, report: PageReport, ocr: bool = True) -> Iterator[tuple[PageLayer, int]]:
    """Every page of the PDF as a layer, scans read by OCR; ``report`` gathers each page's status."""
    import pypdfium2.raw as raw

    from .pdf_pdfium import page_layer

    deadline = Deadline()
    document = open_pdf(path)
    try:
        for number in range(1, len(document) + 1):
            deadline.check(f"page {number}")
            page = document[number - 1]
            try:
                layer, images = page_layer(raw, page, number)
                if any(g.text.strip() for g in layer.glyphs):
                    report.text.append(number)
                elif not images:
                    report.unreadable[number] = ("blank", "")
                elif not ocr:
                    report.unreadable[number] = ("not_asked", "")
                elif (reason := ocr_problem()) is not None:
                    report.unreadable[number] = ("no_ocr", reason)
                else:
                    from .ocr import ocr_pdf_page

                    layer = ocr_pdf_page(page, layer, report, deadline)
                yield layer, images
            finally:
                page.close()
    finally:
        document.close()
