"""Read a PDF's text layer and drawn borders into ``PageLayer`` objects, with PDFium.

PDFium (Chromium's PDF engine, BSD/Apache licence, through ``pypdfium2``) parses a page about
twenty times faster than pdfminer, the pure-Python parser under pdfplumber. This module gives the
same ``PageLayer`` objects as ``pdf_plumber`` did, so the table rebuilding is untouched and the
cells come out identical (``benchmarks/bench_import_pdf.py`` and the tests compare both readers):

* a glyph's box is pdfminer's: from its origin to its advance width, and from the font's descent
  below the baseline up by the font size (PDFium's "loose" box, its top set by the font size);
* spaces and line breaks that PDFium invents between words (``FPDFText_IsGenerated``) are not
  glyphs of the page; fake bold (a glyph printed twice at almost the same place) is dropped the
  way ``pdfplumber.dedupe_chars`` does; radicals and compatibility ideographs are mapped back
  (``pdf_glyphs.fix_text``); a glyph without a Unicode mapping becomes U+FFFD, never a digit;
* paths are cut into sub-paths and classed as pdfminer does (a line, an axis-aligned rectangle,
  anything else), and the same rules pick the borders among them (``pdf_glyphs.rulings``).

Bounds: the file is read through ``fileio.reading`` (``source_bytes``), its streams are checked
before PDFium sees them (``pdf_guard``), and at most ``pdf_pages`` pages are read.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .model import SourceUnreadable
from .pdf_glyphs import Painted, Shape, dedupe, fix_text, rulings
from .pdf_layout import Glyph, PageLayer

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PATH, _IMAGE, _FORM = 2, 3, 5  # FPDF_PAGEOBJ_*
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2  # FPDF_SEGMENT_*
PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
VERTICAL = 1.5  # a loose box this many font sizes tall belongs to a font of vertical writing


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: point × m × n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass
class _Frame:
    """User space to pdfplumber's frame: pdfminer's rotation matrix, then y flipped from the top."""

    ctm: Matrix
    width: float
    height: float

    @classmethod
    def of(cls, raw: Any, page: Any) -> _Frame:
        x0, y0, x1, y1 = (float(v) for v in page.get_mediabox())
        rotation = raw.FPDFPage_GetRotation(page.raw) * 90 % 360
        ctm: Matrix = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        w, h = x1 - x0, y1 - y0
        return cls(ctm, h, w) if rotation in (90, 270) else cls(ctm, w, h)

    def box(self, xs: tuple[float, float], ys: tuple[float, float]) -> tuple[float, float, float, float]:
        a, b, c, d, e, f = self.ctm
        if b == 0 and c == 0 and a == 1 and d == 1:  # an unrotated page: a shift
            return (min(xs) + e, self.height - max(ys) - f, max(xs) + e, self.height - min(ys) - f)
        points = [_apply(self.ctm, x, y) for x in xs for y in ys]
        px = [p[0] for p in points]
        py = [p[1] for p in points]
        return (min(px), self.height - max(py), max(px), self.height - min(py))

    def point(self, m: Matrix, x: float, y: float) -> tuple[float, float]:
        px, py = _apply(self.ctm, *_apply(m, x, y))
        return (px, self.height - py)


@dataclass
class _Font:
    """What the boxes of one text object's glyphs need: its font, name, size and direction."""

    handle: Any
    name: str
    size: float  # the em size in page units (font size times the text matrix)
    descent: float  # below the baseline, in page units (negative)
    upright: bool


_MAYBE_INFERRED = frozenset((0x20, 0x0D, 0x0A, 0x02))  # what PDFium may insert: space, line break, hyphen


def _codes(raw: Any, page: Any, count: int) -> list[int] | None:
    """Every character's code point in one call (None when a character outside the basic plane
    makes UTF-16 positions differ from character positions: then they are read one by one)."""
    buf = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(page, 0, count, buf)
    codes = list(buf[: max(written - 1, 0)])
    if len(codes) != count or any(0xD800 <= c <= 0xDFFF for c in codes):
        return None
    return codes


class _Text:
    """The glyphs of one page's text layer, read character by character from PDFium's text page."""

    def __init__(self, raw: Any, textpage: Any, frame: _Frame) -> None:
        self.raw, self.page, self.frame = raw, textpage, frame
        self.rect = raw.FS_RECTF()
        self.tight = [ctypes.c_double() for _ in range(4)]
        self.origin = [ctypes.c_double(), ctypes.c_double()]
        self.width = ctypes.c_float()
        self.size = ctypes.c_float()
        self.matrix = raw.FS_MATRIX()
        self.fonts: dict[int, _Font] = {}  # by text object
        self.faces: dict[int, tuple[str, float]] = {}  # font handle -> base name, descent per unit size

    def glyphs(self) -> list[tuple[Glyph, tuple[str, float]]]:
        """Every glyph the page prints, with the font name and size that fake bold is matched on."""
        raw, page = self.raw, self.page
        count = raw.FPDFText_CountChars(page)
        codes = _codes(raw, page, count)
        out: list[tuple[Glyph, tuple[str, float]]] = []
        for i in range(count):
            code = codes[i] if codes else raw.FPDFText_GetUnicode(page, i)
            if code in _MAYBE_INFERRED and raw.FPDFText_IsGenerated(page, i):
                continue  # a space or line break PDFium inferred from the layout
            if code in (0, 0xFFFE, 0xFFFF) or raw.FPDFText_HasUnicodeMapError(page, i) == 1:
                text = "\ufffd"
            else:
                text = fix_text(chr(code)) if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF else chr(code)
            obj = raw.FPDFText_GetTextObject(page, i)
            if text in ("\r", "\n") or not obj:
                continue
            key = ctypes.addressof(obj.contents)
            font = self.fonts.get(key) or self.fonts.setdefault(key, self._font(i, obj))
            glyph = Glyph(text, *self.frame.box(*self._box(i, code, font)))
            out.append((glyph, (font.name, round(font.size, 3))))
        return out

    def _font(self, i: int, obj: Any) -> _Font:
        """The font of a text object (WPS writes one object per character: the face is cached)."""
        raw = self.raw
        raw.FPDFTextObj_GetFontSize(obj, self.size)
        raw.FPDFText_GetMatrix(self.page, i, self.matrix)
        handle = raw.FPDFTextObj_GetFont(obj)
        face_key = ctypes.addressof(handle.contents) if handle else 0
        if face_key not in self.faces:
            name, descent = "", 0.0
            if handle:
                buf = ctypes.create_string_buffer(256)
                length = raw.FPDFFont_GetBaseFontName(handle, buf, len(buf))
                name = buf.raw[: max(length - 1, 0)].decode("latin-1")
                raw.FPDFFont_GetDescent(handle, 1.0, self.width)
                descent = self.width.value
            self.faces[face_key] = (name, descent)
        name, descent = self.faces[face_key]
        m = self.matrix
        upright = abs(m.b) < 1e-6 and abs(m.c) < 1e-6 and m.d > 0
        size = self.size.value * (m.d if upright else math.hypot(m.c, m.d))
        return _Font(handle, name, size, descent * size, upright)

    def _box(self, i: int, code: int, font: _Font) -> tuple[tuple[float, float], tuple[float, float]]:
        """pdfminer's box in user space: x from the origin by the advance, y from the descent by
        the font size."""
        raw, page, rect = self.raw, self.page, self.rect
        raw.FPDFText_GetLooseCharBox(page, i, rect)
        if not font.upright:
            return (rect.left, rect.right), (rect.bottom, rect.top)
        raw.FPDFText_GetCharBox(page, i, *self.tight)
        fallback = tuple(v.value for v in self.tight) == (rect.left, rect.right, rect.bottom, rect.top)
        if not fallback and rect.top - rect.bottom <= VERTICAL * font.size:
            return (rect.left, rect.right), (rect.bottom, rect.bottom + font.size)
        # PDFium gives the tight box where it has no loose one (some Type 3 glyphs), and an
        # unscaled box for a font of vertical writing: build the box from the origin.
        raw.FPDFText_GetCharOrigin(page, i, *self.origin)
        x, y = (v.value for v in self.origin)
        if not fallback:
            return (x, x + font.size), (y, y + font.size)  # vertical writing: one em square
        raw.FPDFFont_GetGlyphWidth(font.handle, code, font.size, self.width)
        return (x, x + self.width.value), (y + font.descent, y + font.descent + font.size)


def _color(raw: Any, obj: Any, getter: str) -> tuple[float, ...] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getattr(raw, getter)(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _subpaths(raw: Any, obj: Any, matrix: Matrix, frame: _Frame) -> list[list[tuple[str, tuple[float, float]]]]:
    """The path's segments as pdfminer's operators (m, l, c, h) with points in the page frame."""
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[list[tuple[str, tuple[float, float]]]] = []
    bezier = 0
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = frame.point(matrix, x.value, y.value)
        if kind == _MOVETO or not out:
            out.append([("m", point)])
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # control, control, end: one ``c`` ending at the third point
                out[-1].append(("c", point))
        else:
            out[-1].append(("l", point))
        if raw.FPDFPathSegment_GetClose(seg):
            out[-1].append(("h", out[-1][0][1]))
    return out


def _walk(raw: Any, objects: list[Any], matrix: Matrix, frame: _Frame, paths: list[Painted]) -> int:
    """Collect the painted paths (and count the images) of a list of page objects, forms opened."""
    images = 0
    m = raw.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _IMAGE:
            images += 1
        elif kind in (_PATH, _FORM):
            raw.FPDFPageObj_GetMatrix(obj, m)
            own = _mul((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
            if kind == _FORM:
                children = [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))]
                images += _walk(raw, children, own, frame, paths)
                continue
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            if not fill.value and not stroke.value:
                continue
            colours = (_color(raw, obj, "FPDFPageObj_GetStrokeColor"), _color(raw, obj, "FPDFPageObj_GetFillColor"))
            for sub in _subpaths(raw, obj, own, frame):
                paths.append(Painted(Shape.of(sub), bool(stroke.value), bool(fill.value), *colours))
    return images


def page_layer(raw: Any, page: Any, number: int) -> tuple[PageLayer, int]:
    """One page as a ``PageLayer`` with its number of images."""
    frame = _Frame.of(raw, page)
    textpage = page.get_textpage()
    try:
        glyphs = dedupe(_Text(raw, textpage.raw, frame).glyphs())
    finally:
        textpage.close()
    paths: list[Painted] = []
    objects = [raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
    images = _walk(raw, objects, IDENTITY, frame, paths)
    return PageLayer(number, frame.width, frame.height, glyphs, rulings(paths)), images


def open_document(data: bytes) -> Any:
    """An open ``pypdfium2.PdfDocument``; an encrypted or damaged file is the source's fault."""
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == PASSWORD_ERROR:
            raise SourceUnreadable("import.pdf_encrypted") from None
        raise SourceUnreadable("import.pdf_unreadable", reason=str(exc)[:200]) from None


def layers_of(document: Any, first: int, last: int) -> Iterator[tuple[PageLayer, int]]:
    """Pages ``first`` to ``last`` (1-based, inclusive) of an open ``pypdfium2.PdfDocument``."""
    import pypdfium2.raw as raw

    for number in range(first, last + 1):
        page = document[number - 1]
        try:
            yield page_layer(raw, page, number)
        finally:
            page.close()
