"""What a cell's text says: a number (with its unit and note), a blank mark, a word, or text.

Reading a value never decides where it goes nor whether its cell can hold it: ``cells.py`` asks
the schema that (a decimal in a count column stays a decimal, so that ``validate`` reports it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .normalize import collapse_space

BLANK_MARKS = frozenset({"", "-", "－", "—", "——", "–", "/", "／", "\\", "--", "───", "─"})
_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>万元|亿元|元|件|个|条|项|次|人|篇|份)?"
    r"(?:[(](?P<note>[^()]*)[)])?$"
)
# A dash typed in front of a number as its minus sign (``—3``, ``–3``): read as a minus, said so.
_DASH_SIGN = re.compile(r"^[—–―‐‑‒](?=\d)")
MONEY_UNITS = frozenset({"元", "万元", "亿元"})


@dataclass(frozen=True)
class Value:
    """A cell as read: a number (int or Decimal), or blank; with its unit and note if any."""

    number: int | Decimal | None
    unit: str | None = None
    note: str | None = None
    word: str | None = None  # a cell written as a word (``无``): null, but kept and said
    dash: bool = False  # the minus sign was printed as a dash (``—3``)

    @property
    def blank(self) -> bool:
        return self.number is None


# Words that fill a cell where a number is expected. They take the cell's place (a row keeps its
# width) but are never read as a number: ``无`` may mean 0 or "not applicable".
NO_VALUE_WORDS = frozenset({"无", "無", "暂无", "暫無", "空", "不适用", "不適用", "不涉及", "未涉及"})


def cell_word(text: str) -> Value | None:
    """A placeholder word standing in a cell (``无``), as a blank value that keeps its text."""
    raw = collapse_space(text)
    return Value(None, word=raw) if raw in NO_VALUE_WORDS else None


@lru_cache(maxsize=65536)
def parse_value(text: str) -> Value | None:
    """The value of a cell's text, or None when the text is not a number nor a blank mark.

    ``251000元`` -> 251000 元; ``0.092万元`` -> Decimal('0.092') 万元; ``+1036`` -> 1036;
    ``—3`` -> -3 (dash read as minus); ``55（含自然失效 29 件）`` -> 55 with its note; ``-`` -> blank.
    """
    raw = collapse_space(text)
    if raw in BLANK_MARKS:
        return Value(None)
    flat = unicodedata.normalize("NFKC", raw)
    note = None
    m = re.match(r"^(.*?)\s*[(]([^()]*)[)]$", flat)
    if m and re.search(r"\d", m.group(1)):
        # keep the published note text (not NFKC)
        paren = max(raw.rfind("（"), raw.rfind("("))
        note = raw[paren + 1 : -1].strip() if paren >= 0 else m.group(2)
        flat = m.group(1)
    flat = flat.replace(" ", "").replace("−", "-")
    if flat in BLANK_MARKS:
        return Value(None, note=note)
    dash = bool(_DASH_SIGN.match(flat))
    if dash:
        flat = "-" + flat[1:]
    n = _NUMBER.match(flat)
    if not n:
        return None
    digits = n.group("int").replace(",", "")
    sign = -1 if n.group("sign") == "-" else 1
    number: int | Decimal
    if n.group("frac") is not None:
        try:
            number = sign * Decimal(f"{digits}.{n.group('frac')}")
        except InvalidOperation:  # pragma: no cover - regex guarantees digits
            return None
    else:
        number = sign * int(digits)
    return Value(number, n.group("unit"), note or n.group("note"), dash=dash)


@lru_cache(maxsize=65536)
def read_cell(text: str) -> Value | None:
    """What a cell holds: a number or blank mark (``parse_value``), a placeholder word, or None (text)."""
    return parse_value(text) or cell_word(text)


# A whitespace-separated piece of a line; a parenthesised note stays with the number before it
# (``55（含自然失效 29 件）``).
_PIECE = re.compile(r"[^\s(（]*[(（][^()（）]*[)）]|\S+")


def value_pieces(text: str) -> list[str]:
    """The whitespace-separated pieces of a line, notes in parentheses kept whole."""
    return _PIECE.findall(collapse_space(text))


def split_label_numbers(text: str) -> tuple[str, list[str]] | None:
    """``规章 0 0 0`` -> ("规章", ["0", "0", "0"]); None when the line is not label-then-values.

    The values are the pieces at the end of the line that read as values (``1，234``, ``－3``,
    ``１２``, ``-``, ``55（含自然失效 29 件）``); the label is the rest and must hold a CJK character.
    """
    pieces = value_pieces(text)
    k = len(pieces)
    while k > 0 and read_cell(pieces[k - 1]) is not None:
        k -= 1
    values = pieces[k:]
    parsed = [read_cell(v) for v in values]
    numbers = sum(1 for v in parsed if v is not None and not v.blank)
    if not values or k == 0 or (numbers == 0 and len(values) < 2):
        return None
    label = " ".join(pieces[:k])
    if not re.search(r"[\u3400-\u9fff]", label):
        return None
    return label, values
