"""Hostile files for the upload tests, made in the test (nothing large is stored in the repository)."""

from __future__ import annotations

import io
import zipfile
import zlib

from hostile.sources import CONTENT_TYPES, W, pdf  # tests/hostile: the same OOXML pieces and PDF writer


def zip_bomb(member: str, inflated_mib: int, base: bytes | None = None, filler: bytes = b" ") -> bytes:
    """A small zip whose XML ``member`` inflates to ``inflated_mib`` MiB of ``filler`` (about 1,000:1).

    With ``base`` (a real DOCX or XLSX), every other member is kept, so the file is otherwise valid.
    """
    head, tail = (b"<?xml version='1.0'?><w:document xmlns:w='" + W.encode() + b"'><w:body>",
                  b"</w:body></w:document>")
    if member.startswith("xl/worksheets/"):
        head = (b"<?xml version='1.0'?><worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
                b"<sheetData>")
        tail = b"</sheetData></worksheet>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        if base is None:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        else:
            with zipfile.ZipFile(io.BytesIO(base)) as original:
                for info in original.infolist():
                    if info.filename != member:
                        z.writestr(info.filename, original.read(info))
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as out:
            out.write(head)
            chunk = (filler * (1024 * 1024 // len(filler) + 1))[: 1024 * 1024 // len(filler) * len(filler)]
            for _ in range(inflated_mib):
                out.write(chunk)
            out.write(tail)
    return buf.getvalue()


def docx_with_entity(secret_path: str) -> bytes:
    """A DOCX whose document.xml declares an external entity reading a local file, and uses it."""
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>机关名称：&xxe;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", xml.encode("utf-8"))
    return buf.getvalue()


def xhtml_with_entity(secret_path: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>机关名称：&xxe;</p></body></html>').encode()


def slow_pdf(chars: int) -> bytes:
    """A valid one-page PDF whose text layer holds ``chars`` glyphs in one compressed stream:
    a few KB to upload, minutes for a PDF text reader to lay out (about 30 µs a glyph)."""
    line = b"(" + b"1" * 100 + b") Tj 0 -1 Td\n"
    stream = zlib.compress(b"BT /F1 1 Tf 10 800 Td\n" + line * (chars // 100) + b"ET\n", 9)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])
