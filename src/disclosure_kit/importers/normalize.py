"""Text repair and keys for matching published labels and numbers against the official ones.

Two different things happen to source text here, and they are kept apart on purpose:

* ``repair`` removes what is certainly not part of the report (pinyin readings a site inserted
  after characters, ``領(lǐng)導`` -> ``領導``) and is applied to every stored text;
* ``key`` is only for matching: traditional -> simplified (OpenCC t2s), NFKC, whitespace and
  punctuation folded. A key is never stored as report text (NFKC rewrites （三） and ：).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

# A pinyin reading: latin letters (tone marks allowed), optional tone digit, in parentheses, right
# after a CJK character. ``統(tǒng)計`` -> ``統計``.
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]\s*[a-zA-Z\u00c0-\u024f\u0300-\u036f]{1,7}[1-5]?\s*[)）]"
)
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_PUNCT = re.compile(r"[()（）【】\[\]、.,，:：;；“”\"'‘’「」『』/／\\\-—–_|·•〔〕<>《》#*!！?？~`=+]")
_NUMBERING = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]{1,3})[、.．]|[(（](?P<pcn>[一二三四五六七八九十]{1,3})[)）]"
    r"|(?P<ar>\d{1,2})\s*[.、．](?!\d)|[(（](?P<par>\d{1,2})[)）])"
)


@cache
def _t2s_table() -> dict[int, str]:
    """Character-level traditional -> simplified, from OpenCC's own TSCharacters dictionary.

    Labels are matched character by character, so OpenCC's phrase rules add nothing here, and a
    ``str.translate`` table is a hundred times faster than the pure-Python converter.
    """
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1:
            table[ord(parts[0])] = parts[1]
    return table


@cache
def _fold_table() -> dict[int, str]:
    """Characters OpenCC simplifies only inside phrases (``反覆`` -> ``反复``), folded for matching.

    Read from ``variants.json`` (``key_folds``); found by converting every official label to
    traditional (s2t, s2tw, s2hk) and keying it back. Used for keys only, never for stored text.
    """
    data = json.loads(Path(__file__).with_name("variants.json").read_text(encoding="utf-8"))
    return {ord(k): v for k, v in data.get("key_folds", {}).items()}


# One pinyin syllable, tone marks removed: optional initial, then a final.
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|ve"
    r"|üe|a|o|e|i|u|ü|v)[1-5]?"
)


def _is_reading(match: re.Match[str]) -> bool:
    """A reading is one pinyin syllable (``lǐng``, ``tong3``, ``de``; capitalised only with a tone
    mark, ``Lǐng``), never a Latin word such as ``App`` or ``www``."""
    inner = match.group(0)[1:-1].strip()
    decomposed = unicodedata.normalize("NFD", inner)
    toned = any(unicodedata.combining(c) and c != "\u0308" for c in decomposed)
    if inner != inner.lower() and not toned:
        return False
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SYLLABLE.fullmatch(bare) is not None


def remove_pinyin(text: str) -> tuple[str, int]:
    """Text without inserted pinyin readings, and how many were removed."""
    count = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal count
        if _is_reading(match):
            count += 1
            return ""
        return match.group(0)

    return _PINYIN.sub(drop, text), count


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


def collapse_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Matching key: no readings, simplified, NFKC, no whitespace, no punctuation."""
    text, _ = remove_pinyin(text)
    text = unicodedata.normalize("NFKC", to_simplified(text).translate(_fold_table()))
    return _PUNCT.sub("", _SPACE.sub("", text))


@lru_cache(maxsize=65536)
def split_numbering(text: str) -> tuple[str | None, str]:
    """``（三）不予公开`` -> ("(三)", key of the rest); ``1.属于国家秘密`` -> ("1", …); else (None, key)."""
    text, _ = remove_pinyin(text)
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", to_simplified(text).translate(_fold_table())))
    flat = flat.lstrip("#*|>")
    m = _NUMBERING.match(flat)
    if not m:
        return None, key(flat)
    if m.group("cn"):
        num = m.group("cn")
    elif m.group("pcn"):
        num = f"({m.group('pcn')})"
    else:
        num = str(int(m.group("ar") or m.group("par")))
    return num, key(flat[m.end():])


def is_traditional(text: str) -> bool:
    """True when OpenCC would change the text (it holds traditional characters)."""
    return to_simplified(text) != text


# ---------------------------------------------------------------------------------------------
# Values

BLANK_MARKS = frozenset({"", "-", "－", "—", "——", "–", "/", "／", "\\", "--", "───", "─"})
_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>万元|亿元|元|件|个|条|项|次|人|篇|份)?"
    r"(?:[(](?P<note>[^()]*)[)])?$"
)


@dataclass(frozen=True)
class Value:
    """A cell as read: a number (int or Decimal), or blank; with its unit and note if any."""

    number: int | Decimal | None
    unit: str | None = None
    note: str | None = None
    word: str | None = None  # a cell written as a word (``无``): null, but with a finding

    @property
    def blank(self) -> bool:
        return self.number is None


# Words that fill a cell where a number is expected. They take the cell's place (a row keeps its
# width) but are never read as a number: ``无`` may mean 0 or "not applicable", so the cell is null
# with ``import.value_not_numeric``.
NO_VALUE_WORDS = frozenset({"无", "無", "暂无", "暫無", "空", "不适用", "不適用", "不涉及", "未涉及"})


def cell_word(text: str) -> Value | None:
    """A placeholder word standing in a cell (``无``), as a blank value that keeps its text."""
    raw = collapse_space(text)
    return Value(None, word=raw) if raw in NO_VALUE_WORDS else None


@lru_cache(maxsize=65536)
def parse_value(text: str) -> Value | None:
    """The value of a cell's text, or None when the text is not a number nor a blank mark.

    ``251000元`` -> 251000 元; ``0.092万元`` -> Decimal('0.092') 万元; ``+1036`` -> 1036;
    ``55（含自然失效 29 件）`` -> 55 with its note; ``-`` and ``/`` -> blank.
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
    return Value(number, n.group("unit"), note or n.group("note"))


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
