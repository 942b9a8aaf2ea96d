"""Word (DOCX) and OpenDocument (ODT) output in the official-document (GB/T 9704) style.

The two renderers are thin: ``office`` builds the HTML document and runs pandoc, then
``docx_ooxml`` / ``odt_odf`` add with lxml what pandoc cannot express (borders, template
column widths, repeating headers, fonts, document properties).
"""

from __future__ import annotations

from .base import RenderContext
from .docx_ooxml import postprocess_docx
from .odt_odf import postprocess_odt
from .office import DOCX_MEDIA_TYPE, ODT_MEDIA_TYPE, document_html, document_properties, pandoc, reference_document


class DocxRenderer:
    """Word document in the GB/T 9704 style, tables with real merged cells."""

    name = "docx"
    suffix = ".docx"
    media_type = DOCX_MEDIA_TYPE
    description = "Word 文档（GB/T 9704 公文格式，表格为真实合并单元格）/ Word document, official-document style"

    def render(self, ctx: RenderContext) -> bytes:
        raw = pandoc(document_html(ctx), "docx", reference_document(".docx"))
        return postprocess_docx(raw, ctx.edition, document_properties(ctx))


class OdtRenderer:
    """OpenDocument text (LibreOffice, WPS), from the same HTML through pandoc."""

    name = "odt"
    suffix = ".odt"
    media_type = ODT_MEDIA_TYPE
    description = "OpenDocument 文本（ODT，表格为合并单元格）/ OpenDocument text with merged table cells"

    def render(self, ctx: RenderContext) -> bytes:
        raw = pandoc(document_html(ctx), "odt", reference_document(".odt"))
        return postprocess_odt(raw, ctx.edition, document_properties(ctx))
