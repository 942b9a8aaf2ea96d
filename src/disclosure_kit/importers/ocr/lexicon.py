"""OCR'd table labels checked against the official labels of the schema.

Tesseract confuses look-alike characters (予 and 子, 禁 and 茜, 未 and 本, 已 and 己). A label cell
whose text is one character (two in a long label) away from exactly one official label (of either edition, read from
``schema/`` through ``model``) is given that label, and a finding says so. Only labels are
corrected, never numbers, and only when the match is unique; everything else stays as read.
"""

from __future__ import annotations

import re
from functools import cache

from ...model.editions import Node, all_editions

MIN_LENGTH = 5  # characters: a shorter label (其他, 总计) is never corrected
LONG = 15  # characters from which two wrong characters are corrected
_SPACE = re.compile(r"\s+")


@cache
def official_labels() -> frozenset[str]:
    labels: set[str] = set()

    def walk(node: Node) -> None:
        labels.add(_SPACE.sub("", node.label.zh))
        for child in node.children:
            walk(child)

    for edition in all_editions():
        walk(edition.root)
    return frozenset(label for label in labels if len(label) >= MIN_LENGTH)


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of two strings, or ``limit + 1`` as soon as it is known to exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def correct(text: str) -> str | None:
    """The official label this OCR'd text stands for: one character off (two for a label of
    ``LONG`` characters or more) from exactly one label, and closer to it than to any other."""
    flat = _SPACE.sub("", text)
    if len(flat) < MIN_LENGTH or flat in official_labels():
        return None
    limit = 2 if len(flat) >= LONG else 1
    scored = sorted((distance(flat, label, limit), label) for label in official_labels())
    best = [label for d, label in scored if d == scored[0][0] and d <= limit]
    return best[0] if len(best) == 1 else None
