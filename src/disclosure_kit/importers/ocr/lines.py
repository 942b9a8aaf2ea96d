"""The ruling lines of a table in a page image: long, thin runs of dark pixels.

A drawn border is a run of dark pixels much longer than any stroke of a character and only a
few pixels thick. Runs are found row by row (column by column for vertical borders), a gap of a
pixel or two (a scan's speckle, anti-aliasing) is bridged, and runs in neighbouring rows that
line up are one segment. A segment thicker than ``MAX_THICK`` points is a filled shape (a shaded
header, a bold stroke), not a border. Lengths are in points, so the rules hold at any resolution;
the segments come out as ``Ruling`` objects in points, as the PDF reader gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..pdf_layout import Ruling

DARK = 150  # grey level (0 black, 255 white) below which a pixel is ink
MIN_HORIZONTAL = 24.0  # points: a horizontal border is at least this long (a narrow cell)
MIN_VERTICAL = 12.0  # points: a vertical border is at least this long (one low row)
MAX_THICK = 2.5  # points: a border is at most this thick
GAP = 1  # pixel bridged inside a run (more joins the strokes of neighbouring characters)
ALIGN = 3  # pixels: runs in neighbouring rows whose ends differ by less are one segment


@dataclass
class Segment:
    """Runs stacked in consecutive rows: ``first``..``last`` rows, ``start``..``end`` columns."""

    first: int
    last: int
    start: int
    end: int


def _bridged(dark: Any, gap: int) -> Any:
    """Ink, plus every pixel with ink within ``gap`` pixels on both sides along the row."""
    import numpy as np

    n = dark.shape[1]
    sums = np.pad(dark.astype(np.int32), ((0, 0), (gap + 1, gap))).cumsum(axis=1)
    before = sums[:, gap : gap + n] - sums[:, 0:n]
    after = sums[:, 2 * gap + 1 : 2 * gap + 1 + n] - sums[:, gap + 1 : gap + 1 + n]
    return dark | ((before > 0) & (after > 0))


def segments(dark: Any, min_len: int, max_thick: int) -> list[Segment]:
    """The long thin horizontal runs of ink in a boolean image (rows × columns)."""
    import numpy as np

    edges = np.diff(np.pad(_bridged(dark, GAP), ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    keep = (ends - starts) >= min_len
    open_: list[Segment] = []
    done: list[Segment] = []
    for row, start, end in zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True):
        for seg in open_:
            if seg.last == row - 1 and abs(seg.start - start) <= ALIGN and abs(seg.end - end) <= ALIGN:
                seg.last, seg.start, seg.end = row, min(seg.start, start), max(seg.end, end)
                break
        else:
            open_.append(Segment(row, row, start, end))
        done += [s for s in open_ if s.last < row - 1]
        open_ = [s for s in open_ if s.last >= row - 1]
    return [s for s in done + open_ if s.last - s.first + 1 <= max_thick]


def _touches(a: tuple[int, int, int, int], b: tuple[int, int, int, int], tol: int) -> bool:
    return a[0] - tol <= b[2] and b[0] - tol <= a[2] and a[1] - tol <= b[3] and b[1] - tol <= a[3]


def find_rulings(gray: Any, scale: float) -> tuple[list[Ruling], list[tuple[int, int, int, int]]]:
    """The borders of a grey page image (``scale``: points per pixel), and their pixel boxes
    (``x0, y0, x1, y1``, to erase them before the text is read).

    A border meets a border of the other direction: a long stroke of a large title character,
    or a text underline, meets none and is left to the text.
    """
    dark = gray < DARK
    thick = max(int(MAX_THICK / scale), 2)
    horizontal = [(s.start, s.first, s.end, s.last + 1) for s in segments(dark, int(MIN_HORIZONTAL / scale), thick)]
    vertical = [(s.first, s.start, s.last + 1, s.end) for s in segments(dark.T, int(MIN_VERTICAL / scale), thick)]
    tol = max(int(2.0 / scale), 2)
    horizontal = [h for h in horizontal if any(_touches(h, v, tol) for v in vertical)]
    vertical = [v for v in vertical if any(_touches(v, h, tol) for h in horizontal)]
    rulings = [Ruling(x0 * scale, (y0 + y1) / 2 * scale, x1 * scale, (y0 + y1) / 2 * scale)
               for x0, y0, x1, y1 in horizontal]
    rulings += [Ruling((x0 + x1) / 2 * scale, y0 * scale, (x0 + x1) / 2 * scale, y1 * scale)
                for x0, y0, x1, y1 in vertical]
    return rulings, horizontal + vertical
