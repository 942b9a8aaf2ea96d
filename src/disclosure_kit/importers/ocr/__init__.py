"""OCR: page images (scanned PDF pages, PNG, JPEG and TIFF files) read into ``PageLayer`` objects.

The PDF reader's later stages then rebuild tables, stitch page breaks and join paragraphs exactly
as for a text layer (``pdf.document_from_layers``). Tesseract with its simplified-Chinese model
(Debian ``tesseract-ocr-chi-sim``) reads the text through tesserocr; see ``engine`` for the
readers, ``lines`` for the borders found in the pixels, ``page`` for how a page is read.
"""

from __future__ import annotations

from ...check.messages import register_templates
from .engine import problem
from .images import ocr_pdf_page, read_image

register_templates(
    {
        "import.ocr_cell_unread": (
            "第 {page} 页的一个单元格经文字识别（OCR）读不准（{seen}），按空白导入，请对照原件核对",
            "a cell on page {page} could not be read reliably by OCR ({seen}); imported as blank, check it "
            "against the source",
        ),
        "import.ocr_label_corrected": (
            "第 {page} 页：文字识别（OCR）读作“{seen}”，与官方标签“{label}”只差一个字，按官方标签读取",
            "page {page}: OCR read '{seen}', one character away from the official label '{label}'; read as that label",
        ),
        "import.image_no_text": (
            "图像中没有读出文字（共 {pages} 页）；每页的原因见 import.page_unreadable",
            "no text was read in the image ({pages} pages); each page's reason is given by import.page_unreadable",
        ),
        "import.ocr_unavailable": (
            "无法进行文字识别（OCR）：{reason}",
            "OCR is not available: {reason}",
        ),
    }
)

__all__ = ["ocr_pdf_page", "problem", "read_image"]
