"""The bounds every source reader keeps, and the findings that say a source broke one.

A source is the user's file, so a source that is too large, a decompression bomb, a special file,
a malformed archive or an encrypted PDF is the source's fault: an error finding of that file
(exit code 1), never a traceback and never the tool's failure (exit code 3). The limits
themselves live in ``fileio.limits`` (one table, ``docs/limits.md``); this module turns them into
reads and into messages that name the limit, so a user who trusts a big file knows what to raise
(``DISCLOSURE_KIT_LIMITS=pdf_pages=2000``).
"""

from __future__ import annotations

import os
import time
from typing import Any

from ..check.messages import register_templates
from ..fileio.limits import limits
from ..fileio.reading import ReadRefused, check_zip, read_file
from .model import SourceUnreadable

CHUNK = 1 << 20
register_templates(
    {
        "import.source_too_large": (
            "来源超过上限 {limit}（限制 {setting}），未读取",
            "the source is over the limit of {limit} (limit {setting}); not read",
        ),
        "import.source_not_regular": (
            "来源不是普通文件（{kind}），未读取",
            "the source is not a regular file ({kind}); not read",
        ),
        "import.source_too_slow": (
            "读取来源超过时限 {limit} 秒（限制 seconds_per_source），已停止：{where}",
            "reading the source took longer than {limit} s (limit seconds_per_source) and was stopped: {where}",
        ),
        "import.pdf_encrypted": (
            "PDF 已加密，需要密码才能打开，无法读取；请提供未加密的文件",
            "the PDF is encrypted and needs a password to open; it cannot be read; supply an unencrypted file",
        ),
        "import.pdf_too_many_pages": (
            "PDF 有 {pages} 页，超过上限 {limit} 页（限制 pdf_pages），未读取；年度报告通常只有 5 到 30 页",
            "the PDF has {pages} pages, over the limit of {limit} (limit pdf_pages); not read: an annual report "
            "has 5 to 30 pages",
        ),
    }
)


def refused(exc: ReadRefused, setting: str) -> SourceUnreadable:
    """A refused read as the finding of the source."""
    params = exc.params
    if exc.code == "too_large":
        return SourceUnreadable("import.source_too_large", limit=params["limit"], setting=setting)
    if exc.code == "zip_bomb":
        return bomb(str(params.get("member", "")), int(params.get("limit") or 0), "unzip_bytes")
    if exc.code == "not_regular":
        return SourceUnreadable("import.source_not_regular", kind=params.get("kind", ""))
    reason = {"not_found": "not found", "is_directory": "a directory", "zip_invalid": "not a valid zip archive"}
    detail = params.get("reason") or params.get("member") or ""
    text = reason.get(exc.code, exc.code) + (f" ({detail})" if detail else "")
    return SourceUnreadable("import.source_unreadable", reason=text)


def bomb(part: str, limit: int, setting: str) -> SourceUnreadable:
    """A part that inflates past its limit: the source is unreadable (a decompression bomb), and the
    reason names the limit to raise."""
    reason = f"{part} inflates to more than {limit} bytes (limit {setting}): too large, refused as a decompression bomb"
    return SourceUnreadable("import.source_unreadable", reason=reason, limit=limit, setting=setting)


def source_bytes(path: str | os.PathLike[str], setting: str = "source_bytes") -> bytes:
    """The bytes of a source, at most the named limit (``source_bytes``, ``html_bytes``)."""
    bounds = limits()
    limit = bounds.html_bytes if setting == "html_bytes" else bounds.source_bytes
    try:
        return read_file(path, limit)
    except ReadRefused as exc:
        raise refused(exc, setting) from None


def special_file(path: str | os.PathLike[str]) -> SourceUnreadable | None:
    """The refusal for a path that is a FIFO, a device or a socket (opened without blocking and
    refused before a byte is read), or None for anything else."""
    try:
        read_file(path, 0)
    except ReadRefused as exc:
        return refused(exc, "source_bytes") if exc.code == "not_regular" else None
    return None


def zip_source(path: str | os.PathLike[str]) -> bytes:
    """A zip-based source (DOCX), every member inflated once within the zip budget."""
    data = source_bytes(path)
    try:
        check_zip(data)
    except ReadRefused as exc:
        raise refused(exc, "unzip_bytes") from None
    return data


class Deadline:
    """Wall time left for one source (``seconds_per_source``), checked between pages."""

    def __init__(self, seconds: float | None = None) -> None:
        self.limit = limits().seconds_per_source if seconds is None else seconds
        self.end = time.monotonic() + self.limit

    def check(self, where: str) -> None:
        if time.monotonic() > self.end:
            raise SourceUnreadable("import.source_too_slow", limit=self.limit, where=where)


def parse_xml(data: bytes, part: str) -> Any:
    """An XML part of a source, parsed without entities, DTDs or network, within ``xml_nodes``
    elements (counted while parsing, so a huge part stops early)."""
    from lxml import etree

    limit = limits().xml_nodes
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
    nodes = 0
    try:
        for start in range(0, len(data), CHUNK):
            parser.feed(data[start : start + CHUNK])
            nodes += sum(1 for _ in parser.read_events())
            if nodes > limit:
                raise SourceUnreadable("import.source_too_large", limit=limit, setting="xml_nodes")
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        reason = f"{part} is not well-formed XML ({exc})"[:200]
        raise SourceUnreadable("import.source_unreadable", reason=reason) from None
    if root.getroottree().docinfo.doctype:
        # OOXML has no document type; one here exists only to declare entities (a billion laughs).
        raise SourceUnreadable("import.source_unreadable", reason=f"{part} declares a document type (entities)")
    return root
