"""Read a PDF's text layer and drawn borders into ``PageLayer`` objects, with pdfplumber.

This is the only module that touches pdfplumber (pdfminer.six, MIT licence). It keeps what the
table rebuilding needs and fixes what PDF producers get wrong at the glyph level:

* fake bold (a glyph printed twice at almost the same place) is removed with ``dedupe_chars``;
* glyphs mapped to Kangxi radicals, to the whole-character radicals of the CJK Radicals
  Supplement or to CJK compatibility ideographs (⼀ for 一, ⺠ for 民: common in PDFs exported
  from Word, WPS and Chromium) are mapped to the unified ideograph; nothing else is normalised;
* a glyph pdfminer cannot map to Unicode (``(cid:123)``, a CID font without a ToUnicode map)
  becomes U+FFFD, so a number cell that cannot be read never turns into a wrong number;
* only stroked lines, stroked rectangles and thin dark filled rectangles are borders: the white
  filled rectangles that WPS paints behind every paragraph and cell are not.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import SourceUnreadable
from .pdf_layout import Glyph, PageLayer, Ruling

THIN = 2.0  # points: a filled rectangle thinner than this is drawn as a line
_CID = re.compile(r"\(cid:\d+\)")
_COMPAT = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")
# CJK Radicals Supplement characters whose glyph is the whole ideograph, with the ideograph
# Unicode names as equivalent (EquivalentUnifiedIdeograph.txt). NFKC leaves them alone (only
# ⺟ and ⻳ decompose), yet Chromium's PDFs map 民 to ⺠ and 门 to ⻔ with Noto CJK fonts.
_RADICALS = str.maketrans(
    "⺁⺇⺊⺎⺐⺒⺓⺛⺠⺢⺣⺤⺦⺨⺩⺪⺫⺬⺭⺯⺰⺱⺲⺹⺻⺽⻁⻂⻄⻅⻆⻈⻉⻋⻌⻏⻐⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰",
    "厂几卜兀尢巳幺旡民氺灬爫丬犭王疋罒示礻糸纟罓罒耂聿臼虎衤西见角讠贝车辶阝钅长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾齐齿龙",
)


def _fix_text(text: str) -> str:
    if "(cid:" in text:
        text = _CID.sub("\ufffd", text)
    if _COMPAT.search(text):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group().translate(_RADICALS)), text)
    return text


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return float(color) >= 0.95
    values = [float(v) for v in color if isinstance(v, (int, float))]
    if len(values) == 4:  # CMYK: white is no ink
        return max(values) <= 0.05
    return bool(values) and min(values) >= 0.95


def _rulings(page: Any) -> list[Ruling]:
    out: list[Ruling] = []
    for line in page.lines:
        if _is_white(line.get("stroking_color")):
            continue
        out.append(Ruling(line["x0"], line["top"], line["x1"], line["bottom"]))
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        thin = min(x1 - x0, bottom - top) <= THIN
        if rect.get("stroke") and not _is_white(rect.get("stroking_color")):
            if thin:
                out.append(Ruling(x0, top, x1, bottom))
            else:
                out += [
                    Ruling(x0, top, x1, top),
                    Ruling(x0, bottom, x1, bottom),
                    Ruling(x0, top, x0, bottom),
                    Ruling(x1, top, x1, bottom),
                ]
        elif rect.get("fill") and thin and not _is_white(rect.get("non_stroking_color")):
            out.append(Ruling(x0, top, x1, bottom))
    for curve in page.curves:
        out += _curve_rulings(curve)
    return out


def _curve_rulings(curve: dict[str, Any]) -> list[Ruling]:
    """Borders drawn as one path of several segments (``m l l l h``), which pdfminer calls a curve.

    A stroked path gives each of its horizontal and vertical segments; a filled path counts only
    when it is a thin dark bar (a border painted as a filled shape), like a thin rectangle.
    """
    x0, top, x1, bottom = curve["x0"], curve["top"], curve["x1"], curve["bottom"]
    if not curve.get("stroke"):
        thin = min(x1 - x0, bottom - top) <= THIN
        if curve.get("fill") and thin and not _is_white(curve.get("non_stroking_color")):
            return [Ruling(x0, top, x1, bottom)]
        return []
    if _is_white(curve.get("stroking_color")):
        return []
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    path = curve.get("path")
    if path:
        start = current = None
        for cmd, *pts in path:
            if cmd == "m" and pts:
                start = current = pts[-1]
            elif cmd == "l" and pts and current is not None:
                segments.append((current, pts[-1]))
                current = pts[-1]
            elif cmd == "h" and current is not None and start is not None:
                segments.append((current, start))
                current = start
            elif pts:
                current = pts[-1]  # a Bézier segment: not a border, but it moves the pen
    else:
        points = curve.get("pts") or []
        segments = list(itertools.pairwise(points))
    out = []
    for (ax, ay), (bx, by) in segments:
        if abs(ay - by) <= 0.5 or abs(ax - bx) <= 0.5:
            out.append(Ruling(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out


def page_layers(path: Path) -> Iterator[tuple[PageLayer, int]]:
    """Each page as a ``PageLayer``, with the number of images on it (to tell scans apart)."""
    import pdfplumber

    # pdfminer logs every font quirk (``Could not get FontBBox``) as a warning; they are not ours
    # to show, and a real failure still raises.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        raise SourceUnreadable("import.pdf_unreadable", reason=f"{type(exc).__name__}: {exc}"[:200]) from exc
    with pdf:
        for number in range(1, len(pdf.pages) + 1):
            try:
                layer, images = _layer(pdf.pages[number - 1], number)
            except Exception as exc:
                reason = f"page {number}: {type(exc).__name__}: {exc}"[:200]
                raise SourceUnreadable("import.pdf_unreadable", reason=reason) from exc
            yield layer, images


def _layer(page: Any, number: int) -> tuple[PageLayer, int]:
    deduped = page.dedupe_chars()
    glyphs = [
        Glyph(_fix_text(c["text"]), c["x0"], c["top"], c["x1"], c["bottom"]) for c in deduped.chars if c.get("text")
    ]
    layer = PageLayer(number, float(page.width), float(page.height), glyphs, _rulings(page))
    images = len(page.images)
    page.flush_cache()
    return layer, images
