"""Plain text, OCR text and Markdown -> SourceDocument: one block per line, with its line number.

Tables in such files are flattened in many ways (one cell per line, ``|``-separated lines,
Markdown tables, space-separated rows); the token stage (``tokens.py``) reads them all, so this
reader only decodes the bytes and keeps every line with its number.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Origin, SourceBlock, SourceDocument, SourceUnreadable

_MARKDOWN = re.compile(r"^(#{1,6}\s|\|.*\|\s*$)", re.M)


def decode(data: bytes) -> str:
    """UTF-8 (BOM allowed), else GB18030, strictly; never a lossy guess."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceUnreadable("import.source_unreadable", reason="neither UTF-8 nor GB18030 text")


def read_text_string(text: str, name: str, kind: str | None = None) -> SourceDocument:
    if kind is None:
        kind = "markdown" if len(_MARKDOWN.findall(text)) >= 3 else "text"
    doc = SourceDocument(name=name, kind=kind)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        heading = bool(re.match(r"^#{1,6}\s", line))
        body = re.sub(r"^#{1,6}\s+", "", line) if heading else line
        doc.items.append(SourceBlock(body.rstrip(), Origin(line=number), heading=heading))
    return doc


def read_text(path: Path) -> SourceDocument:
    from .bounds import source_bytes

    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else None
    return read_text_string(decode(source_bytes(path)), str(path), kind)
