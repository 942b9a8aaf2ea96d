"""Hostile import sources, generated (never stored): bombs, lies, huge counts, malformed parts.

Each maker writes one file into a folder and returns its path. They are shared by
``test_import_sources.py`` and by anyone measuring the same cases by hand.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

MIB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its objects (1-based; object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    filters = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(body), filters) + body + b"\nendstream"


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF printing ASCII lines in Helvetica (a text layer)."""
    content = b"BT /F1 12 Tf 72 760 Td 14 TL " + b" ".join(b"(%s) '" % line.encode() for line in lines) + b" ET"
    path.write_bytes(pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


def pdf_stream_bomb(path: Path, inflated: int = 1024 * MIB) -> Path:
    """About 1 MB of PDF whose one content stream inflates to ``inflated`` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * MIB
    body = b"".join(packer.compress(chunk) for _ in range(inflated // MIB)) + packer.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    path.write_bytes(pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream,
    ]))
    return path


def pdf_many_pages(path: Path, pages: int = 5000) -> Path:
    """A PDF of ``pages`` pages, each printing one line (they share one content stream)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        _stream(b"BT /F1 12 Tf 72 760 Td (page) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R"
            b" /Resources << /Font << /F1 4 0 R >> >> >>")
    path.write_bytes(pdf(objects + [page] * pages))
    return path


def encrypted_pdf(path: Path, user_password: str) -> Path:
    """A text PDF encrypted with AES-256 by qpdf; ``user_password=""`` opens without a password
    (only the owner's permissions are protected, as many published reports are)."""
    plain = text_pdf(path.with_suffix(".plain.pdf"), ["encrypted"])
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is installed by scripts/setup.sh"
    subprocess.run([qpdf, "--encrypt", user_password, "owner-secret", "256", "--", str(plain), str(path)], check=True)
    plain.unlink()
    return path


def _docx(path: Path, document: bytes | None = None, stream_document: int = 0) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        if document is not None:
            archive.writestr("word/document.xml", document)
        else:
            with archive.open("word/document.xml", "w", force_zip64=True) as out:
                out.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode())
                chunk = b" " * MIB
                for _ in range(stream_document // MIB):
                    out.write(chunk)
                out.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def docx_zip_bomb(path: Path, inflated: int = 256 * MIB) -> Path:
    """A DOCX whose document.xml inflates to ``inflated`` bytes (about 250 KB packed)."""
    return _docx(path, stream_document=inflated)


def docx_lying_directory(path: Path) -> Path:
    """A DOCX whose zip directory says document.xml has 100 bytes; it inflates to 64 MiB."""
    _docx(path, stream_document=64 * MIB)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    # The local header's and the central directory's size fields (zip64 extra fields included)
    # are rewritten to claim 100 bytes.
    for fmt in ("<Q", "<I"):
        data = data.replace(struct.pack(fmt, info.file_size), struct.pack(fmt, 100))
    path.write_bytes(bytes(data))
    return path


def docx_entity_bomb(path: Path) -> Path:
    """A DOCX whose document.xml declares the "billion laughs" entities."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document xmlns:w="{W}"><w:body><w:p><w:r>' \
          f"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    return _docx(path, xml.encode())


def docx_malformed(path: Path) -> Path:
    """A DOCX whose document.xml stops in the middle of an element."""
    return _docx(path, f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>规章'.encode())


def html_flat(path: Path, size: int = 10 * MIB) -> Path:
    """An HTML page of ``size`` bytes: one heading, then hundreds of thousands of paragraphs."""
    row = "<p>临川市示例局依法做好政府信息公开工作。</p>\n".encode()
    head = "<html><head><meta charset='utf-8'></head><body><h1>一、总体情况</h1>\n".encode()
    path.write_bytes(head + row * ((size - len(head)) // len(row)) + b"</body></html>")
    return path


def png_huge(path: Path, width: int = 40000, height: int = 40000) -> Path:
    """A small PNG file whose header declares ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    body = b"".join(packer.compress(row) for _ in range(64)) + packer.flush()  # a few rows only
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def fifo(path: Path) -> Path:
    """A named pipe with a source's name: opening it for reading blocks until a writer comes."""
    os.mkfifo(path)
    return path
