"""What a page's text layer and drawings mean, whichever engine parsed them (PDFium or pdfminer).

Both PDF engines hand over raw pieces: characters with boxes, and painted paths. The rules that
turn them into a ``PageLayer`` live here once, so the two readers cannot drift apart:

* ``fix_text``: glyphs mapped to Kangxi radicals, to the whole-character radicals of the CJK
  Radicals Supplement or to CJK compatibility ideographs (⼀ for 一, ⺠ for 民: common in PDFs
  exported from Word, WPS and Chromium) become the unified ideograph; nothing else is normalised;
  pdfminer's ``(cid:123)`` (no Unicode mapping) becomes U+FFFD, so it never reads as a digit;
* ``dedupe``: fake bold (a glyph printed twice at almost the same place) is printed once, by
  the rule of ``pdfplumber.dedupe_chars`` (same text, font and size, within one point);
* ``Shape.of``: a painted sub-path is a line, an axis-aligned rectangle or a curve, by pdfminer's
  rule (``PDFLayoutAnalyzer.paint_path``);
* ``rulings``: only stroked lines, stroked rectangles and thin dark filled shapes are borders: the
  white filled rectangles that WPS paints behind every paragraph and cell are not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .pdf_layout import Glyph, Ruling

THIN = 2.0  # points: a filled rectangle thinner than this is drawn as a line
DEDUPE = 1.0  # points: a repeated glyph closer than this is fake bold
_CID = re.compile(r"\(cid:\d+\)")
_COMPAT = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")
# CJK Radicals Supplement characters whose glyph is the whole ideograph, with the ideograph
# Unicode names as equivalent (EquivalentUnifiedIdeograph.txt). NFKC leaves them alone (only
# ⺟ and ⻳ decompose), yet Chromium's PDFs map 民 to ⺠ and 门 to ⻔ with Noto CJK fonts.
_RADICALS = str.maketrans(
    "⺁⺇⺊⺎⺐⺒⺓⺛⺠⺢⺣⺤⺦⺨⺩⺪⺫⺬⺭⺯⺰⺱⺲⺹⺻⺽⻁⻂⻄⻅⻆⻈⻉⻋⻌⻏⻐⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰",
    "厂几卜兀尢巳幺旡民氺灬爫丬犭王疋罒示礻糸纟罓罒耂聿臼虎衤西见角讠贝车辶阝钅长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾齐齿龙",
)
Point = tuple[float, float]
Colour = tuple[float, ...] | float | None


def fix_text(text: str) -> str:
    if "(cid:" in text:
        text = _CID.sub("\ufffd", text)
    if _COMPAT.search(text):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group().translate(_RADICALS)), text)
    return text


def _clusters(values: list[float]) -> dict[float, int]:
    """pdfplumber's ``cluster_list``: sorted values chained while each is within ``DEDUPE`` of the last."""
    out: dict[float, int] = {}
    group, last = -1, None
    for v in sorted(set(values)):
        if last is None or v > last + DEDUPE:
            group += 1
        out[v] = group
        last = v
    return out


def dedupe(glyphs: Sequence[tuple[Glyph, tuple[str, float]]]) -> list[Glyph]:
    """The glyphs without fake-bold repeats, in their order; each comes with its (font, size)."""
    keep: set[int] = set()
    groups: dict[tuple[str, str, float], list[int]] = {}
    for i, (g, font) in enumerate(glyphs):
        groups.setdefault((g.text, *font), []).append(i)
    for members in groups.values():
        if len(members) == 1:
            keep.add(members[0])
            continue
        rows = _clusters([glyphs[i][0].top for i in members])
        by_row: dict[int, list[int]] = {}
        for i in members:
            by_row.setdefault(rows[glyphs[i][0].top], []).append(i)
        for row in by_row.values():
            cols = _clusters([glyphs[i][0].x0 for i in row])
            by_col: dict[int, list[int]] = {}
            for i in row:
                by_col.setdefault(cols[glyphs[i][0].x0], []).append(i)
            keep.update(min(c, key=lambda i: (glyphs[i][0].top, glyphs[i][0].x0)) for c in by_col.values())
    return [glyphs[i][0] for i in sorted(keep)]


@dataclass(frozen=True)
class Shape:
    """A painted sub-path as pdfminer classes it, in the page frame (y from the top)."""

    kind: str  # "line" | "rect" | "curve"
    ops: tuple[tuple[str, Point], ...]  # m, l, c (a Bézier, by its end point), h (back to the start)

    @classmethod
    def of(cls, ops: Sequence[tuple[str, Point]]) -> Shape:
        shape = "".join(op for op, _ in ops)
        pts = [p for _, p in ops]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # a redundant ``l`` before ``h``
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            return cls("line", (("m", pts[0]), ("l", pts[1])))
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if pts[0] == pts[4] and square:
                return cls("rect", (("m", pts[0]), ("l", pts[2])))
        return cls("curve", tuple(ops))

    @classmethod
    def box(cls, kind: str, x0: float, top: float, x1: float, bottom: float) -> Shape:
        """A line or rectangle known by its box (as pdfplumber gives them)."""
        return cls(kind, (("m", (x0, top)), ("l", (x1, bottom))))

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for _, p in self.ops]
        ys = [p[1] for _, p in self.ops]
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Painted:
    """A painted sub-path with how it was painted."""

    shape: Shape
    stroke: bool
    fill: bool
    stroke_colour: Colour
    fill_colour: Colour


def is_white(color: Colour | str) -> bool:
    if color is None or isinstance(color, str):
        return False
    if isinstance(color, (int, float)):
        return float(color) >= 0.95
    values = [float(v) for v in color if isinstance(v, (int, float))]
    if len(values) == 4:  # CMYK: white is no ink
        return max(values) <= 0.05
    return bool(values) and min(values) >= 0.95


def _edges(shape: Shape) -> list[Ruling]:
    """The horizontal and vertical straight segments of a stroked curve (a border drawn as
    ``m l l l h``); a Bézier segment only moves the pen."""
    out = []
    start = current = shape.ops[0][1]
    for op, point in shape.ops:
        end = start if op == "h" else point
        if op in ("l", "h"):
            (ax, ay), (bx, by) = current, end
            if abs(ay - by) <= 0.5 or abs(ax - bx) <= 0.5:
                out.append(Ruling(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif op == "m":
            start = point
        current = end
    return out


def _ruling(path: Painted) -> list[Ruling]:
    x0, top, x1, bottom = path.shape.bbox
    thin = min(x1 - x0, bottom - top) <= THIN
    dark_bar = path.fill and thin and not is_white(path.fill_colour)
    if path.shape.kind == "line":
        return [] if is_white(path.stroke_colour) else [Ruling(x0, top, x1, bottom)]
    if path.shape.kind == "rect":
        if path.stroke and not is_white(path.stroke_colour):
            if thin:
                return [Ruling(x0, top, x1, bottom)]
            return [Ruling(x0, top, x1, top), Ruling(x0, bottom, x1, bottom), Ruling(x0, top, x0, bottom),
                    Ruling(x1, top, x1, bottom)]
        return [Ruling(x0, top, x1, bottom)] if dark_bar else []
    if not path.stroke:
        return [Ruling(x0, top, x1, bottom)] if dark_bar else []
    return [] if is_white(path.stroke_colour) else _edges(path.shape)


def rulings(paths: Sequence[Painted]) -> list[Ruling]:
    """The borders among a page's painted paths: lines first, then rectangles, then curves."""
    order = {"line": 0, "rect": 1, "curve": 2}
    return [r for p in sorted(paths, key=lambda p: order[p.shape.kind]) for r in _ruling(p)]
