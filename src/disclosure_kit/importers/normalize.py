"""Text repair and keys for matching published labels and numbers against the official ones.

Two different things happen to source text here, and they are kept apart on purpose:

* ``repair`` removes what is certainly not part of the report (pinyin readings a site inserted
  after characters, ``領(lǐng)導`` -> ``領導``) and is applied to every stored text;
* ``key`` is only for matching: traditional -> simplified (OpenCC t2s), NFKC, whitespace and
  punctuation folded. A key is never stored as report text (NFKC rewrites （三） and ：).
"""

from __future__ import annotations

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
    r"|(?P<ar>\d{1,2})\s*[.、．](?!\d))"
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


def remove_pinyin(text: str) -> tuple[str, int]:
    """Text without inserted pinyin readings, and how many were removed."""
    return _PINYIN.subn("", text)


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


def collapse_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Matching key: no readings, simplified, NFKC, no whitespace, no punctuation."""
    text, _ = remove_pinyin(text)
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return _PUNCT.sub("", _SPACE.sub("", text))


@lru_cache(maxsize=65536)
def split_numbering(text: str) -> tuple[str | None, str]:
    """``（三）不予公开`` -> ("(三)", key of the rest); ``1.属于国家秘密`` -> ("1", …); else (None, key)."""
    text, _ = remove_pinyin(text)
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", to_simplified(text)))
    flat = flat.lstrip("#*|>")
    m = _NUMBERING.match(flat)
    if not m:
        return None, key(flat)
    if m.group("cn"):
        num = m.group("cn")
    elif m.group("pcn"):
        num = f"({m.group('pcn')})"
    else:
        num = str(int(m.group("ar")))
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

    @property
    def blank(self) -> bool:
        return self.number is None


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


_TRAILING_NUMBERS = re.compile(
    r"^(?P<label>.*?[^\d\s+\-.,])\s+(?P<nums>(?:[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?\s*)+)$"
)


def split_label_numbers(text: str) -> tuple[str, list[str]] | None:
    """``规章 0 0 0`` -> ("规章", ["0", "0", "0"]); None when the line is not label-then-numbers."""
    flat = collapse_space(unicodedata.normalize("NFKC", text)) if re.search(r"[０-９]", text) else collapse_space(text)
    m = _TRAILING_NUMBERS.match(flat)
    if not m:
        return None
    label = m.group("label").strip()
    if not re.search(r"[\u3400-\u9fff]", label):
        return None
    return label, m.group("nums").split()
