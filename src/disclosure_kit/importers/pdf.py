"""Read a report published as a PDF (text layer, or scanned pages read by OCR) into a ``SourceDocument``.

The reader works in three stages, so that OCR replaces only the first one for a scanned page:

1. ``pdf_pages.page_layers``: each page's text layer and drawn borders as ``PageLayer`` objects
   (glyphs with boxes, ruling segments), read by PDFium (``pdf_pdfium``; ``pdf_plumber`` is the
   slower reference reader); a page without text is read by OCR (``ocr``) into the same objects.
2. ``pdf_layout``: per page, tables rebuilt from the ruling lines (merged cells from missing
   borders) and the running text outside them as lines.
3. here: page footers (``-3-``, ``— 5 —``) dropped, lines joined into paragraphs with headings
   marked, tables cut by a page break stitched back (``pdf_stitch``), everything in reading order
   with its page and box as provenance.

Nothing is guessed: a cell's text is exactly the glyphs inside its borders (spaces between Chinese
characters removed); a glyph the PDF cannot map to Unicode becomes U+FFFD, never a digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..check.messages import register_templates
from .model import Origin, SourceBlock, SourceCell, SourceDocument, SourceRow, SourceTable, SourceUnreadable
from .pdf_layout import LIST_MARKER, PageLayer, PageTable, TextLine, find_tables, join_pieces, outside_lines
from .pdf_stitch import StitchedTable, colspan, column_edges, continues, from_page, stitch

register_templates(
    {
        "import.pdf_no_text": (
            "PDF 没有可读的文字（共 {pages} 页）：没有文字层，文字识别（OCR）也没有读出文字；每页的原因见 "
            "import.page_unreadable",
            "the PDF has no readable text ({pages} pages): no text layer, and OCR read none; each page's "
            "reason is given by import.page_unreadable",
        ),
        "import.pdf_unreadable": (
            "无法打开 PDF：{reason}",
            "cannot open the PDF: {reason}",
        ),
    }
)

FOOTER = re.compile(r"^[\-—–－_‐\s]*(第\s*)?\d{1,3}(\s*页)?(\s*[/／共]\s*\d{1,3}\s*页?)?[\-—–－_‐\s]*$")
HEADING = re.compile(r"^[一二三四五六七八九十]+、\S")
MARGIN = 0.1  # share of the page height at the top and bottom where page numbers live
DISPLAY = 1.15  # a line this much taller than the body text is display type (a title)


def _in_margin(line: TextLine, layer: PageLayer) -> bool:
    """Whether the line's middle lies in the top or bottom margin band.

    The middle, not the top: LibreOffice sets its footer ``— 1 —`` with the top just above the band.
    """
    middle = (line.top + line.bottom) / 2
    return middle > layer.height * (1 - MARGIN) or middle < layer.height * MARGIN


def _is_footer(line: TextLine, layer: PageLayer) -> bool:
    return _in_margin(line, layer) and bool(FOOTER.match(line.text))


class _Paragraphs:
    """Running text lines joined into paragraphs, across pages when a paragraph runs on.

    A new paragraph starts at an indented line (unless it lines up under the wrapped lines of a
    list item: a hanging indent), at a line left of the paragraph's wrapped lines (the next list
    item), after a line that stopped short of the right margin, after a wide vertical gap, and at
    a numbered heading (一、总体情况). Centred lines (the title, maybe over two lines, the first of
    which may fill the width when it is set larger than the body text) form their own block and
    are marked as headings. A line with column gaps (a table row drawn without borders:
    ``规章  0  0  0``) is a block alone, so the assembler reads it as a label followed by values.
    """

    def __init__(self, body: float = 0.0) -> None:
        self.body = body or float("inf")  # the size of the body text (median line height)
        self.blocks: list[SourceBlock] = []
        self._lines: list[TextLine] = []
        self._open = False  # the last line ran to the right margin: the paragraph may go on
        self._title = False  # the lines so far are centred (a title block)
        self._wrap_x: float | None = None  # where the paragraph's wrapped lines start

    def flush(self) -> None:
        if self._lines:
            first = self._lines[0]
            same_page = [ln for ln in self._lines if ln.page == first.page]
            bbox = (
                round(min(ln.x0 for ln in same_page), 2),
                round(min(ln.top for ln in same_page), 2),
                round(max(ln.x1 for ln in same_page), 2),
                round(max(ln.bottom for ln in same_page), 2),
            )
            text = join_pieces([ln.text for ln in self._lines])
            numbered = len(self._lines) == 1 and len(text) <= 40 and bool(HEADING.match(text))
            heading = numbered or (self._title and len(text) <= 60)
            self.blocks.append(SourceBlock(text=text, origin=Origin(page=first.page, bbox=bbox), heading=heading))
        self._lines = []
        self._open = False
        self._title = False
        self._wrap_x = None

    def _wraps(self, ln: TextLine) -> bool:
        """Whether an indented line is a wrapped line of the open paragraph (a hanging indent).

        A list item (``1.``, ``（一）``, ``•``) often wraps under its text, not under its marker:
        its second line is indented by the marker's width, and every later line sits there too.
        """
        if self._wrap_x is not None:
            return abs(ln.x0 - self._wrap_x) <= 0.5 * ln.size
        if len(self._lines) != 1 or not LIST_MARKER.match(self._lines[0].text):
            return False
        return self._lines[0].x0 < ln.x0 <= self._lines[0].x0 + 4 * ln.size

    def page(self, lines: list[TextLine], layer: PageLayer, left: float, right: float) -> None:
        """Add the lines of one run of text (between tables); ``left``/``right``: the page's margins."""
        for ln in lines:
            indented = ln.x0 > left + 0.8 * ln.size
            short = ln.x1 < right - 1.5 * ln.size
            numbered = bool(HEADING.match(ln.text))
            # A justified body line is centred too, so a centred line must be inset from both
            # margins, unless it is set larger than the body text: the first line of a long
            # title fills the width and is centred only by its size (临州市…政府信息公 / 开工作年度报告).
            centred = abs((ln.x0 + ln.x1) / 2 - layer.width / 2) < 2 * ln.size and (
                (ln.x0 > left + 2 * ln.size and ln.x1 < right - 2 * ln.size) or ln.size > DISPLAY * self.body
            )
            previous = self._lines[-1] if self._lines else None
            gap = ln.top - previous.bottom if previous is not None and previous.page == ln.page else 0.0
            if indented and self._open and self._wraps(ln):
                indented = False
            # A line left of the paragraph's wrapped lines starts the next list item (2. after 1.).
            outdented = self._wrap_x is not None and ln.x0 < self._wrap_x - 0.5 * ln.size
            if self._title:
                if not (centred and previous is not None and previous.page == ln.page and gap <= 1.2 * ln.size):
                    self.flush()
            elif indented or outdented or not self._open or gap > 1.5 * ln.size or numbered or centred or ln.columns:
                self.flush()
            self._title = centred and not ln.columns and (self._title or not self._lines)
            if self._lines and self._wrap_x is None:
                self._wrap_x = ln.x0
            self._lines.append(ln)
            # A line with column gaps is a row of a table drawn without borders: a block of its own.
            self._open = not short and not numbered and not ln.columns


def _source_table(table: StitchedTable) -> SourceTable:
    edges = column_edges(table.cells)
    rows: list[SourceRow] = []
    for r in range(table.nrows):
        cells = sorted((c for c in table.cells if c.row == r), key=lambda c: c.x0)
        rows.append(
            SourceRow(
                [
                    SourceCell(
                        text=c.text,
                        origin=Origin(page=c.page, bbox=tuple(round(v, 2) for v in c.bbox)),  # type: ignore[arg-type]
                        rowspan=c.rowspan,
                        colspan=colspan(c, edges),
                    )
                    for c in cells
                ]
            )
        )
    x0, top, x1, bottom = table.bbox
    return SourceTable(
        rows=rows,
        origin=Origin(page=table.pages[0], bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))),
    )


@dataclass
class _Page:
    layer: PageLayer
    tables: list[PageTable]
    lines: list[TextLine]


def _margin_key(line: TextLine, layer: PageLayer) -> str | None:
    """For a line in the top or bottom margin: its text with digits masked, else None."""
    if _in_margin(line, layer):
        return re.sub(r"\d+", "#", line.text)
    return None


def _drop_page_furniture(pages: list[_Page]) -> None:
    """Remove page numbers (``-3-``, ``— 5 —``, ``第 2 页``) and running headers and footers.

    A running header or footer is a margin line that recurs, digits aside, on two pages or more.
    """
    seen: dict[str, set[int]] = {}
    for page in pages:
        for ln in page.lines:
            k = _margin_key(ln, page.layer)
            if k is not None:
                seen.setdefault(k, set()).add(page.layer.number)
    running = {k for k, numbers in seen.items() if len(numbers) >= 2}
    for page in pages:
        page.lines = [
            ln for ln in page.lines if not _is_footer(ln, page.layer) and _margin_key(ln, page.layer) not in running
        ]


def document_from_layers(name: str, layers: Iterable[tuple[PageLayer, int]]) -> SourceDocument:
    """Build the document from page layers (from the text layer, or from an OCR engine)."""
    doc = SourceDocument(name=name, kind="pdf")
    pages: list[_Page] = []
    count = 0
    for layer, images in layers:
        count += 1
        if not any(g.text.strip() for g in layer.glyphs):
            doc.notes.append(f"page {layer.number}: no text layer" + (" (image only)" if images else " (blank)"))
            continue
        unmapped = sum(g.text.count("\ufffd") for g in layer.glyphs)
        if unmapped:
            doc.notes.append(f"page {layer.number}: {unmapped} glyphs without a Unicode mapping (shown as U+FFFD)")
        tables = find_tables(layer)
        pages.append(_Page(layer, tables, outside_lines(layer, tables)))
    if not pages:
        raise SourceUnreadable("import.pdf_no_text", pages=count)
    _drop_page_furniture(pages)

    sizes = sorted(ln.size for page in pages for ln in page.lines)
    paragraphs = _Paragraphs(sizes[len(sizes) // 2] if sizes else 0.0)
    items: list[SourceBlock | StitchedTable] = []
    pending: StitchedTable | None = None  # the last table, if nothing followed it yet
    for page in pages:
        layer, lines = page.layer, page.lines
        events: list[tuple[float, TextLine | PageTable]] = [(ln.top, ln) for ln in lines]
        events += [(t.bbox[1], t) for t in page.tables]
        events.sort(key=lambda e: e[0])
        left = min((ln.x0 for ln in lines), default=0.0)
        right = max((ln.x1 for ln in lines), default=layer.width)
        run: list[TextLine] = []
        for _, thing in events:
            if isinstance(thing, TextLine):
                run.append(thing)
                pending = None
                continue
            paragraphs.page(run, layer, left, right)
            run = []
            paragraphs.flush()
            items.extend(paragraphs.blocks)
            paragraphs.blocks = []
            piece = from_page(thing)
            if pending is not None and continues(pending, piece):
                stitch(pending, piece)
            else:
                items.append(piece)
                pending = piece
        if run:
            paragraphs.page(run, layer, left, right)
            items.extend(paragraphs.blocks)
            paragraphs.blocks = []
    paragraphs.flush()
    items.extend(paragraphs.blocks)
    doc.items = [_source_table(it) if isinstance(it, StitchedTable) else it for it in items]
    return doc


def read_pdf(path: Path, engine: str = "pdfium", ocr: bool = True) -> SourceDocument:
    """Read a PDF report: its text layer, and scanned pages by OCR (``ocr=False``: scans are only
    reported). ``engine="pdfplumber"`` reads the text layer with the slower reference parser,
    which the tests and the benchmark compare with PDFium; it has no OCR and no stream bounds."""
    name = Path(path).name
    if engine == "pdfplumber":
        from .pdf_plumber import page_layers as plumber_layers

        return document_from_layers(name, plumber_layers(Path(path)))
    from .pdf_pages import PageReport, page_layers

    report = PageReport()
    try:
        doc = document_from_layers(name, page_layers(Path(path), report, ocr=ocr))
    except SourceUnreadable as exc:
        exc.remarks = report.remarks()
        raise
    doc.remarks += report.remarks()
    return doc
