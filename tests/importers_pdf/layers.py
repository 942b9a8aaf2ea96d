"""Build synthetic pages (glyphs and ruling lines) the way an OCR step would hand them over."""

from __future__ import annotations

from disclosure_kit.importers.pdf_layout import Glyph, PageLayer, Ruling

SIZE = 10.0


def text_glyphs(text: str, x: float, top: float, size: float = SIZE) -> list[Glyph]:
    """One glyph per character, Chinese characters a full em wide, others half."""
    out = []
    for ch in text:
        width = size if ord(ch) > 0x2000 else size / 2
        out.append(Glyph(ch, x, top, x + width, top + size))
        x += width
    return out


def ruled_table(
    xs: list[float],
    ys: list[float],
    rows: list[list[str]],
    skip_bottom: bool = False,
) -> tuple[list[Glyph], list[Ruling]]:
    """A full grid with one text per square (row by row), optionally without its bottom border."""
    rulings = [Ruling(xs[0], y, xs[-1], y) for y in (ys[:-1] if skip_bottom else ys)]
    rulings += [Ruling(x, ys[0], x, ys[-1]) for x in xs]
    glyphs: list[Glyph] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            glyphs += text_glyphs(text, xs[c] + 2, (ys[r] + ys[r + 1]) / 2 - SIZE / 2)
    return glyphs, rulings


def page(number: int, glyphs: list[Glyph], rulings: list[Ruling], images: int = 0) -> tuple[PageLayer, int]:
    return PageLayer(number, 595.0, 842.0, glyphs, rulings), images
