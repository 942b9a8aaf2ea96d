"""A page image read into a ``PageLayer``: ruling lines from the pixels, words from Tesseract.

1. The table borders are found in the image (``lines``) and erased, so that Tesseract reads text
   without lines through it; the tables are rebuilt from them by the same code as for a PDF.
2. Every cell with ink is read on its own: a cell boundary is a border, so no word can run
   across two cells. A number is taken only when the general reader and the digits-only reader
   agree and are confident; otherwise the cell is left blank, with a finding that says where it
   is and what was seen (``import.ocr_cell_unread``). A digit is never guessed.
3. The text outside the tables (title, headings, paragraphs) is read with the tables blanked.

Each symbol becomes a ``Glyph`` in points (pixels × 72 / dpi), its height that of its text line,
so lines group as they do for a text layer. Brackets that Tesseract reads as ``〈`` or ASCII
beside Chinese characters are given back as the full-width forms the reports print.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Origin, Remark
from ..pdf_layout import Glyph, PageLayer, Ruling, cell_text, find_tables
from .engine import INK, Symbol, reader
from .lexicon import correct
from .lines import find_rulings

MIN_CONF = 70.0  # Tesseract confidence below which a digit is not taken
INSET = 1.2  # points between a cell's border and the region read
SPECK = 40  # ink pixels below which a cell is blank (dust, a stray dot)
SURE_CONF = 90.0  # confidence both Latin readings need to overrule the Chinese model on a lone digit
NUMBER = re.compile(r"^[-−—+]?[\d.,，]+%?$")
# Tesseract's Chinese model reads the full-width brackets and colon of a report as ASCII or as
# angle brackets; a report prints them full-width (a number never holds one).
_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", "〈": "（", "〉": "）"})


def full_width(text: str) -> str:
    """Brackets and colons in the full-width form that reports print."""
    return text.translate(_FULL)


def _glyphs(symbols: list[Symbol], scale: float, dx: float, dy: float) -> list[Glyph]:
    return [Glyph(full_width(s.text), dx + s.x0 * scale, dy + s.y0 * scale, dx + s.x1 * scale, dy + s.y1 * scale)
            for s in symbols]


def _text(symbols: list[Symbol]) -> str:
    """The text of a cell's symbols as the table reader will join them (lines, then left to right)."""
    return cell_text(_glyphs(symbols, 1.0, 0.0, 0.0)).replace(" ", "")


def _plain(text: str) -> str:
    return re.sub(r"[,，]", "", text).replace("−", "-").replace("—", "-")


def _cell(gray: Any, box: tuple[int, int, int, int], symbols: list[Symbol]) -> tuple[list[Symbol], str | None]:
    """The symbols to keep for a cell, and why its number cannot be taken (then none are kept).

    * Words (a label) are kept as read.
    * A number is taken when a reading of the Chinese model (as read, or restricted to digits)
      and the Latin model restricted to digits give the same digits with confidence: two
      different models agreeing. Otherwise the cell is left blank and the finding says what each
      read (``20`` and ``26``).
    * A lone digit that the Chinese model takes for a character (``1`` read as ``工``, ``7`` as
      ``了``), or reads with stray marks (``]2``), is taken only when the Latin readers, digits-only
      and unrestricted, both read it, the same, with high confidence; otherwise what was read is
      kept, which the assembler reports as not a number.
    """
    text = _text(symbols)
    if NUMBER.match(text):
        digits = reader().digits_of(gray, box)
        chinese = [symbols, reader().chinese_digits_of(gray, box)]
        agreeing = [c for c in chinese if _plain(_text(c)) == _plain(_text(digits))]
        lowest = min(s.conf for s in agreeing[0] + digits) if agreeing and digits else 0.0
        if agreeing and lowest >= MIN_CONF:
            return agreeing[0], None
        return [], f"read as '{text}' and as '{_text(digits)}'" + (f", confidence {lowest:.0f}" if agreeing else "")
    junk = re.sub(r"[\d\s\]\[|!lIO'\"`.,:;]", "", text)
    if len(text) > 6 or (len(text) > 2 and not any(ch.isdigit() for ch in text)) or (junk and len(junk) > 2):
        return symbols, None
    digits = reader().digits_of(gray, box)
    if _agree(digits, reader().latin_of(gray, box)):
        return digits, None
    if any(ch.isdigit() for ch in text):
        return [], f"read as '{text}', and as '{_text(digits)}' by digits alone"
    return symbols, None


def read_page(gray: Any, number: int, scale: float, notes: list[Remark],
              page: tuple[float, float, float, float] | None = None) -> PageLayer:
    """A grey image (rows × columns, 0 black) as a page layer; ``scale``: points per pixel.

    ``page``: where the image lies on its page (left, top, page width, page height in points),
    when it is a scan placed on a PDF page; by default the image is the page.
    ``notes`` receives a finding for every cell left blank because its number is doubtful.
    """
    height, width = gray.shape
    dx, dy, page_width, page_height = page or (0.0, 0.0, width * scale, height * scale)
    rulings, boxes = find_rulings(gray, scale)
    rulings = [Ruling(r.x0 + dx, r.top + dy, r.x1 + dx, r.bottom + dy) for r in rulings]
    clean = gray.copy()
    for x0, y0, x1, y1 in boxes:
        clean[max(y0 - 2, 0) : y1 + 2, max(x0 - 2, 0) : x1 + 2] = 255
    tables = find_tables(PageLayer(number, page_width, page_height, [], rulings))
    glyphs: list[Glyph] = []
    outside = gray.copy()
    for table in tables:
        for cell in (c for row in table.rows for c in row):
            glyphs += _read_cell(clean, cell.bbox, number, (scale, dx, dy), notes)
        tx0, ty0, tx1, ty1 = _pixels(table.bbox, scale, dx, dy)
        outside[max(ty0 - 2, 0) : ty1 + 3, max(tx0 - 2, 0) : tx1 + 3] = 255
    glyphs += _glyphs(reader().read(outside, (0, 0, width, height)), scale, dx, dy)
    return PageLayer(number, page_width, page_height, glyphs, rulings)


def _read_cell(gray: Any, bbox: tuple[float, float, float, float], number: int,
               frame: tuple[float, float, float], notes: list[Remark]) -> list[Glyph]:
    """The glyphs of one table cell (``bbox`` in points; ``frame``: points per pixel and the
    image's place on the page), and its remarks: a number left blank, a label corrected."""
    scale, dx, dy = frame
    x0, y0, x1, y1 = _pixels(bbox, scale, dx, dy)
    inset = max(3, round(INSET / scale))  # clear of what is left of a border where two cross
    box = (x0 + inset, y0 + inset, x1 - inset, y1 - inset)
    symbols = reader().read(gray, box) if box[2] > box[0] and box[3] > box[1] else []
    kept, why = _cell(gray, box, symbols) if symbols else _unread(gray, box)
    where = tuple(round(v, 2) for v in bbox)
    origin = Origin(page=number, bbox=where)  # type: ignore[arg-type]
    label = correct(_text(kept)) if kept else None
    if label is not None:
        notes.append(Remark("import.ocr_label_corrected", "info", origin,
                            params={"page": number, "bbox": where, "seen": _text(kept), "label": label}))
        kept = [Symbol(label, min(s.x0 for s in kept), min(s.y0 for s in kept), max(s.x1 for s in kept),
                       max(s.y1 for s in kept), 100.0)]
    if why is not None:
        notes.append(Remark("import.ocr_cell_unread", "warning", origin, params={"page": number, "bbox": where,
                                                                                 "seen": why}))
    return _glyphs(kept, scale, dx, dy)


def _unread(gray: Any, box: tuple[int, int, int, int]) -> tuple[list[Symbol], str | None]:
    """A cell in which the block reader recognised nothing: blank, or ink read again as one line
    (a lone ``1`` is often dropped as noise) by the rules of ``_cell``; ink that nothing reads,
    more than a speck of dust, is reported."""
    x0, y0, x1, y1 = box
    ink = int((gray[y0:y1, x0:x1] < INK).sum()) if x1 > x0 and y1 > y0 else 0
    if ink < SPECK:
        return [], None
    line = reader().line_of(gray, box)
    if line:
        return _cell(gray, box, line)
    digits, latin = reader().digits_of(gray, box), reader().latin_of(gray, box)
    if _agree(digits, latin):
        return digits, None
    return [], "ink in which nothing was recognised"


def _agree(digits: list[Symbol], latin: list[Symbol]) -> bool:
    """The digits-only and the Latin reader read the same number, both with high confidence."""
    sure = bool(digits) and min(s.conf for s in digits + latin) >= SURE_CONF
    return sure and _text(digits) == _text(latin).replace(" ", "") and bool(NUMBER.match(_text(digits)))


def _pixels(box: tuple[float, float, float, float], scale: float, dx: float, dy: float) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = box
    return round((x0 - dx) / scale), round((top - dy) / scale), round((x1 - dx) / scale), round((bottom - dy) / scale)
