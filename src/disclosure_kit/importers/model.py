"""What every importer produces from its source, before labels are matched to the schema.

A source reader (HTML, text, Markdown, DOCX, PDF, images read by OCR) turns a published report
into a ``SourceDocument``: its text blocks and its tables as rows of cells, each piece with the
place it came from. That is stage 1 of the import; the stages after it (``importers/__init__``)
match the labels against the official ones of the schema, recognise the edition, and build the
report and its provenance. Readers know nothing of the schema; the stages know nothing of file
formats. A reader may add ``remarks`` (findings about the source, such as a page it could not read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Origin:
    """Where a piece of text was seen: a line, an element, or a page and position."""

    line: int | None = None  # 1-based line of a text source
    element: str | None = None  # e.g. "table[2]/tr[5]/td[3]" for HTML and DOCX
    page: int | None = None  # 1-based PDF page
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom on the page

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class SourceCell:
    text: str
    origin: Origin
    rowspan: int = 1
    colspan: int = 1


@dataclass
class SourceRow:
    cells: list[SourceCell]


@dataclass
class SourceTable:
    rows: list[SourceRow]
    origin: Origin


@dataclass
class SourceBlock:
    """A paragraph or heading of running text (narrative, title, metadata lines)."""

    text: str
    origin: Origin
    heading: bool = False


@dataclass
class Remark:
    """Something a reader or a stage says about the source, before the report's edition is known.

    ``code`` is a finding code with zh/en templates registered (``import.*``); the assembler turns
    each remark into a finding of the file, placed on the report's cell when ``pointer`` names one.
    """

    code: str
    severity: str  # error | warning | info
    origin: Origin | None = None
    pointer: str = ""
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourceDocument:
    """A published report as read from its file, in reading order."""

    name: str
    kind: str  # html | text | markdown | docx | pdf | xlsx
    items: list[SourceBlock | SourceTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # reader remarks, e.g. "no text layer"
    remarks: list[Remark] = field(default_factory=list)  # reader findings (a page OCR could not read …)


class SourceUnreadable(Exception):
    """A source a reader cannot turn into a document at all (e.g. a PDF without a text layer).

    ``code`` is a finding code registered by the reader (``import.pdf_no_text`` …); the import
    command reports it as a finding of that file and goes on with the next one.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.remarks: list[Remark] = []  # what the reader found before it gave up (page statuses)
