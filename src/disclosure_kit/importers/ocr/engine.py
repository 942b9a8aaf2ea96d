"""Tesseract, through tesserocr, reading one region of a page image into symbols with boxes.

Tesseract (Apache 2.0) runs in-process through tesserocr (MIT), with the simplified-Chinese model
of the Debian package ``tesseract-ocr-chi-sim`` (and its English model, installed with Tesseract);
nothing is downloaded. The readers stay open for the whole run: the general one (``chi_sim``,
which also reads digits), a digits-only one (``eng`` restricted to ``0-9 . -``) and the plain
Latin one (``eng``). ``ocr.page`` decides from their readings whether a number can be taken.

A region is read as a block (``PSM.SINGLE_BLOCK``); Tesseract sometimes drops a short first line
of a narrow cell (``商业`` over ``企业``), so any band of ink that no recognised symbol covers
is read again as a line of its own.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata",
            "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")
LANG = "chi_sim"
DIGITS = "0123456789.-"
PAD = 10  # pixels of background around a region handed to Tesseract
SAUVOLA = "2"  # Tesseract's ``thresholding_method`` for a local threshold
TEXT_HEIGHT = 20  # pixels: smaller characters are enlarged before they are read
MARGIN = 4  # pixels kept around the ink of a region
INK = 150  # grey level below which a pixel is ink


@dataclass(frozen=True)
class Symbol:
    """One recognised character with its box in page pixels and Tesseract's confidence (0-100)."""

    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    conf: float


def tessdata() -> str | None:
    """The folder that holds ``chi_sim.traineddata`` (``TESSDATA_PREFIX`` first), or None."""
    for folder in (os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA):
        if folder and (Path(folder) / f"{LANG}.traineddata").is_file():
            return folder
    return None


def problem() -> str | None:
    """Why OCR cannot run here (a missing package or model), or None when it can."""
    try:
        import numpy  # noqa: F401
        import tesserocr  # noqa: F401
    except ImportError as exc:
        return f"the Python package {exc.name} is not installed (pip install 'disclosure-kit[ocr]')"
    if tessdata() is None:
        return f"the Tesseract model {LANG}.traineddata is not installed (apt-get install tesseract-ocr-chi-sim)"
    return None


class Reader:
    """The two Tesseract readers, opened once per process (loading the model takes a second)."""

    def __init__(self) -> None:
        from tesserocr import OEM, PSM, PyTessBaseAPI

        folder = tessdata()
        self.general = PyTessBaseAPI(path=folder, lang=LANG, psm=PSM.SINGLE_BLOCK, oem=OEM.LSTM_ONLY)
        self.line = PyTessBaseAPI(path=folder, lang=LANG, psm=PSM.SINGLE_LINE, oem=OEM.LSTM_ONLY)
        self.digits = PyTessBaseAPI(path=folder, lang="eng" if _has_eng(folder) else LANG, psm=PSM.SINGLE_LINE,
                                    oem=OEM.LSTM_ONLY)
        self.digits.SetVariable("tessedit_char_whitelist", DIGITS)
        self.latin = PyTessBaseAPI(path=folder, lang="eng" if _has_eng(folder) else LANG, psm=PSM.SINGLE_LINE,
                                   oem=OEM.LSTM_ONLY)
        self.general.SetVariable("preserve_interword_spaces", "1")
        self.chinese_digits = PyTessBaseAPI(path=folder, lang=LANG, psm=PSM.SINGLE_LINE, oem=OEM.LSTM_ONLY)
        self.chinese_digits.SetVariable("tessedit_char_whitelist", DIGITS)
        # Tesseract's default global (Otsu) threshold sometimes loses a short line of small text
        # in a tight crop; read again with a local (Sauvola) threshold, it comes back.
        self.local = PyTessBaseAPI(path=folder, lang=LANG, psm=PSM.SINGLE_LINE, oem=OEM.LSTM_ONLY)
        self.local.SetVariable("thresholding_method", SAUVOLA)

    def read(self, gray: Any, box: tuple[int, int, int, int]) -> list[Symbol]:
        """The symbols in a region (``x0, y0, x1, y1`` pixels) of a grey page image."""
        symbols = _symbols(self.general, gray, box)
        for band in _uncovered_bands(gray, box, symbols):
            symbols += _symbols(self.line, gray, band) or _symbols(self.local, gray, band)
        return sorted(symbols, key=lambda s: (s.y0, s.x0))

    def digits_of(self, gray: Any, box: tuple[int, int, int, int]) -> list[Symbol]:
        """The region read as digits only (``0-9 . -``)."""
        return _symbols(self.digits, gray, box)

    def chinese_digits_of(self, gray: Any, box: tuple[int, int, int, int]) -> list[Symbol]:
        """The region read by the Chinese model restricted to digits."""
        return _symbols(self.chinese_digits, gray, box)

    def line_of(self, gray: Any, box: tuple[int, int, int, int]) -> list[Symbol]:
        """The region read as one line of text by the general reader."""
        return _symbols(self.line, gray, box)

    def latin_of(self, gray: Any, box: tuple[int, int, int, int]) -> list[Symbol]:
        """The region read by the Latin model without restriction (a third, independent reading)."""
        return _symbols(self.latin, gray, box)


@cache
def reader() -> Reader:
    return Reader()


def _has_eng(folder: str | None) -> bool:
    return bool(folder) and (Path(str(folder)) / "eng.traineddata").is_file()


def _symbols(api: Any, gray: Any, box: tuple[int, int, int, int], zoom: int = 1) -> list[Symbol]:
    """Read one region, padded with white so that Tesseract sees a margin; ``zoom``: enlarged
    that many times first (Tesseract drops text less than about 20 pixels high)."""
    import numpy as np
    from PIL import Image
    from tesserocr import RIL, iterate_level

    x0, y0, x1, y1 = box
    region = gray[y0:y1, x0:x1]
    if region.size == 0 or not (region < INK).any():
        return []
    # Only the ink and a margin: a single-line reader given a tall, mostly empty cell reads nothing.
    rows = np.nonzero((region < INK).any(axis=1))[0]
    cols = np.nonzero((region < INK).any(axis=0))[0]
    x0, x1 = x0 + max(int(cols[0]) - MARGIN, 0), x0 + min(int(cols[-1]) + 1 + MARGIN, region.shape[1])
    y0, y1 = y0 + max(int(rows[0]) - MARGIN, 0), y0 + min(int(rows[-1]) + 1 + MARGIN, region.shape[0])
    region = gray[y0:y1, x0:x1]
    canvas = np.full((y1 - y0 + 2 * PAD, x1 - x0 + 2 * PAD), 255, dtype=np.uint8)
    # A shaded cell: its background is brought to white, the ink keeps its grey edges.
    edge = np.concatenate([region[0], region[-1], region[:, 0], region[:, -1]])
    background = max(int(np.median(edge)), INK + 1)
    canvas[PAD:-PAD, PAD:-PAD] = np.minimum(region.astype(np.int32) * 255 // background, 255)
    image = Image.fromarray(canvas)
    zoom = max(zoom, _zoom(region))
    if zoom > 1:
        image = image.resize((image.width * zoom, image.height * zoom), Image.Resampling.LANCZOS)
    api.SetImage(image)
    api.Recognize()
    out: list[Symbol] = []
    iterator = api.GetIterator()
    if iterator is None:
        return []
    for item in iterate_level(iterator, RIL.SYMBOL):
        try:
            text = item.GetUTF8Text(RIL.SYMBOL)
        except RuntimeError:  # tesserocr's way of saying "no text here"
            continue
        bbox = item.BoundingBox(RIL.SYMBOL)
        if not text or not text.strip() or bbox is None:
            continue
        line = item.BoundingBox(RIL.TEXTLINE) or bbox  # a symbol is as tall as its line: 一 and 、 too
        sx0, sy0, sx1, sy1 = (v // zoom for v in (bbox[0], min(bbox[1], line[1]), bbox[2], max(bbox[3], line[3])))
        out.append(Symbol(text.strip(), sx0 - PAD + x0, sy0 - PAD + y0, sx1 - PAD + x0, sy1 - PAD + y0,
                          float(item.Confidence(RIL.SYMBOL))))
    return out


def _zoom(region: Any) -> int:
    """How many times to enlarge a region so that its characters are ``TEXT_HEIGHT`` pixels tall
    (Tesseract reads a 7-point ``7`` scanned at 200 dpi, 14 pixels high, as ``a`` or ``学``)."""
    import numpy as np

    rows = (region < INK).any(axis=1).astype(np.int8)
    edges = np.diff(np.concatenate([[0], rows, [0]]))
    runs = np.nonzero(edges == -1)[0] - np.nonzero(edges == 1)[0]
    tallest = int(runs.max()) if runs.size else TEXT_HEIGHT
    return min(max(math.ceil(TEXT_HEIGHT / max(tallest, 1)), 1), 4)


Box = tuple[int, int, int, int]


def _uncovered_bands(gray: Any, box: Box, symbols: list[Symbol]) -> list[Box]:
    """Horizontal bands of the region with ink that no symbol covers (a line Tesseract dropped)."""
    import numpy as np

    x0, y0, x1, y1 = box
    ink = (gray[y0:y1, x0:x1] < INK).any(axis=1)
    for s in symbols:
        ink[max(s.y0 - y0 - 2, 0) : max(s.y1 - y0 + 2, 0)] = False
    heights = sorted(s.y1 - s.y0 for s in symbols)
    join = max(int(0.5 * heights[len(heights) // 2]) if heights else 8, 4)  # the strokes of 三 are one band
    rows = np.nonzero(ink)[0].tolist()
    bands: list[list[int]] = []
    for r in rows:
        if bands and r - bands[-1][1] <= join:
            bands[-1][1] = r
        else:
            bands.append([r, r])
    return [(x0, y0 + a, x1, y0 + b + 1) for a, b in bands if b - a >= 3]
