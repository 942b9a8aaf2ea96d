"""Refuse a PDF whose streams inflate beyond ``pdf_stream_bytes`` before PDFium opens it.

PDFium inflates a content stream whole: a 1 MB file whose stream inflates to 1 GiB took 2 GB of
memory. So every stream of the file is first decoded here as a stream, counting bytes and
stopping at the limit, without keeping more than one stream's output. The file is scanned for the
``stream`` keyword rather than parsed through its cross-reference table, so a damaged or lying
table (or ``/Length``) cannot hide a stream: Flate data is inflated from the keyword on until the
deflate stream ends by itself. An encrypted file (streams enciphered, even with an empty user
password that PDFium opens silently) is read through pdfminer's security handler instead.

Image codecs (DCT, JPX, CCITT, JBIG2) are not decoded here: a page image is bounded by
``image_pixels`` when it is rendered for OCR.
"""

from __future__ import annotations

import base64
import io
import re
import zlib
from collections.abc import Iterator

from .model import SourceUnreadable

CHUNK = 1 << 16
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_ENCRYPT = re.compile(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)")
FLATE, LZW, A85, AHX, RL = ("FlateDecode", "Fl"), ("LZWDecode", "LZW"), ("ASCII85Decode", "A85"), \
    ("ASCIIHexDecode", "AHx"), ("RunLengthDecode", "RL")


class _Over(Exception):
    pass


def _inflate(data: bytes | memoryview, cap: int) -> Iterator[bytes]:
    """Inflate as a stream (trailing bytes ignored), raising ``_Over`` past ``cap`` bytes."""
    inflater = zlib.decompressobj()
    view = memoryview(data)
    total = pos = 0
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                piece = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            elif pos < len(view):
                piece = inflater.decompress(view[pos : pos + CHUNK], CHUNK)
                pos += CHUNK
            else:
                return
            total += len(piece)
            if total > cap:
                raise _Over
            yield piece
    except zlib.error:
        return  # damaged data: PDFium stops there too


def _lzw(data: bytes, cap: int) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    total = 0
    for piece in LZWDecoder(io.BytesIO(data)).run():
        total += len(piece)
        if total > cap:
            raise _Over
        yield piece


def _run_length(data: bytes, cap: int) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data) and data[i] != 128:
        n = data[i]
        if n < 128:
            out += data[i + 1 : i + 2 + n]
            i += n + 2
        else:
            out += data[i + 1 : i + 2] * (257 - n)
            i += 2
        if len(out) > cap:
            raise _Over
    return bytes(out)


def _ascii85(data: bytes, cap: int) -> bytes:
    body = data.split(b"~>", 1)[0].replace(b"<~", b"")
    if body.count(b"z") * 4 + len(body) > cap:
        raise _Over
    try:
        return base64.a85decode(re.sub(rb"\s+", b"", body))
    except ValueError:
        return b""


def _decode(filters: list[str], data: bytes | memoryview, cap: int) -> None:
    """Apply the filters in order, each bounded by ``cap``; stop at the first image codec."""
    for n, name in enumerate(filters):
        last = n == len(filters) - 1
        if name in FLATE or name in LZW:
            pieces = _inflate(data, cap) if name in FLATE else _lzw(bytes(data), cap)
            if last:
                for _ in pieces:
                    pass
                return
            data = b"".join(pieces)
        elif name in A85:
            data = _ascii85(bytes(data), cap)
        elif name in AHX:
            data = bytes.fromhex(re.sub(rb"[^0-9A-Fa-f]", b"", bytes(data).split(b">", 1)[0]).decode())
        elif name in RL:
            data = _run_length(bytes(data), cap)
        else:
            return


def _filters(spec: bytes | None) -> list[str]:
    return [m.decode("latin-1") for m in _NAME.findall(spec or b"")]


def _refuse(cap: int, where: str) -> SourceUnreadable:
    from .bounds import bomb

    return bomb(f"the PDF {where}", cap, "pdf_stream_bytes")


def check_pdf(data: bytes, cap: int) -> None:
    """Refuse the file (``import.source_unreadable``) if a stream decodes to more than ``cap`` bytes."""
    if _ENCRYPT.search(data):
        _check_encrypted(data, cap)
        return
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096) : match.start()]
        head = head[head.rfind(b"obj") + 1 :] if b"obj" in head else head
        filters = _filters((m := _FILTER.search(head)) and m.group(1))
        if not filters:
            continue
        start = match.end()
        length = _LENGTH.search(head)
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        body = memoryview(data)[start:] if filters[0] in FLATE else data[start : end if end > start else None]
        try:
            _decode(filters, body, cap)
        except _Over:
            raise _refuse(cap, f"stream at byte {match.start()}") from None


def _check_encrypted(data: bytes, cap: int) -> None:
    """Decipher every stream with pdfminer's security handler (empty password), then bound it."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise SourceUnreadable("import.pdf_encrypted") from None
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise SourceUnreadable("import.pdf_unreadable", reason=f"{type(exc).__name__}: {exc}"[:200]) from None
    seen: set[int] = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = document.getobj(objid)
            except Exception:
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            raw = obj.rawdata
            if document.decipher and obj.objid is not None and obj.genno is not None:
                raw = document.decipher(obj.objid, obj.genno, raw, obj.attrs)
            names = [getattr(f, "name", str(f)) for f, _ in obj.get_filters()]
            try:
                _decode(names, raw, cap)
            except _Over:
                raise _refuse(cap, f"object {objid}") from None
