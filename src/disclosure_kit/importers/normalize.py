"""Text repair and matching keys for published labels (the values of cells are in ``values.py``).

Two different things happen to source text here, and they are kept apart on purpose:

* ``remove_pinyin`` removes what is certainly not part of the report (pinyin readings a site
  inserted after characters, ``領(lǐng)導`` -> ``領導``); the stream applies it to every text;
* ``key`` is only for matching: traditional -> simplified (OpenCC's dictionaries, regional phrases
  included: ``規範性檔案`` -> ``规范性文件``), NFKC, whitespace and punctuation folded. A key is never
  stored as report text (NFKC rewrites （三） and ：). The token stage computes each token's key
  once (``tokens.Tok``); later stages compare keys, never raw text.
"""

from __future__ import annotations

import json
import re
import unicodedata
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
# OpenCC dictionaries of regional wording (Taiwan, Hong Kong) and of traditional phrases, read as
# opencc's own ``tw2sp`` chain does, for keys only.
_PHRASE_FILES = ("TWPhrasesRev.txt", "TWVariantsRevPhrases.txt", "HKVariantsRevPhrases.txt", "TSPhrases.txt")


def _dictionary(name: str) -> list[tuple[str, str]]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets:
            pairs.append((source, targets.split(" ")[0]))
    return pairs


@cache
def _t2s_table() -> dict[int, str]:
    """Character-level traditional -> simplified, from OpenCC's own TSCharacters dictionary.

    A ``str.translate`` table is a hundred times faster than OpenCC's pure-Python converter.
    """
    return {ord(s): t for s, t in _dictionary("TSCharacters.txt") if len(s) == 1}


def _vocabulary() -> str:
    """Every official label of both editions and every known variant, for the phrase filter."""
    from ..model.editions import EDITIONS, get_edition

    data = json.loads(Path(__file__).with_name("variants.json").read_text(encoding="utf-8"))
    words = [n.label.zh for e in EDITIONS for n in get_edition(e).node_by_pointer.values()]
    words += list(data["labels"]) + [w for names in data["sections"].values() for w in names]
    return "\n".join([*words, "政府信息公开工作年度报告"])


@cache
def _phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    """Regional and traditional phrases that yield words of the official labels (``檔案`` -> 文件,
    ``資訊`` -> 信息), longest first.

    Only such phrases are taken, and only when they hold a traditional character: OpenCC's Taiwan
    dictionary also maps ``文件`` -> ``文档`` and ``查詢`` -> ``查找``, which would break 规范性文件 and
    属于行政查询事项 printed in mainland traditional characters. Keys serve label matching only, so a
    phrase whose result is in no label can change nothing but break a match. A regular expression
    of the alternatives scans a text once.
    """
    table = _t2s_table()
    vocabulary = _vocabulary()
    phrases: dict[str, str] = {}
    for name in _PHRASE_FILES:
        for source, target in _dictionary(name):
            simple = target.translate(table)
            if len(source) >= 2 and source.translate(table) != simple and simple in vocabulary:
                phrases.setdefault(source, target)
    pattern = re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))
    return pattern, phrases


@cache
def _fold_table() -> dict[int, str]:
    """Characters folded for matching only (``其它``/``其他``, ``部份``/``部分``), from ``variants.json``."""
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
    if "(" not in text and "（" not in text:
        return text, 0
    count = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal count
        if _is_reading(match):
            count += 1
            return ""
        return match.group(0)

    return _PINYIN.sub(drop, text), count


def to_simplified(text: str) -> str:
    """Character by character (keeps every position: slices of the result fit the original)."""
    return text.translate(_t2s_table())


def simplified_words(text: str) -> str:
    """Simplified with regional wording converted by phrase (``規範性檔案`` -> ``规范性文件``)."""
    simple = to_simplified(text)
    if simple == text:
        return simple
    pattern, phrases = _phrases()
    return pattern.sub(lambda m: phrases[m.group(0)], text).translate(_t2s_table())


def collapse_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _flat(text: str) -> str:
    text, _ = remove_pinyin(text)
    return _SPACE.sub("", unicodedata.normalize("NFKC", simplified_words(text).translate(_fold_table())))


@lru_cache(maxsize=65536)
def fold(text: str) -> tuple[str, str | None, str]:
    """(key, numbering, key without the numbering) of a text, folded once: ``（三）不予公开`` ->
    ("三不予公开", "(三)", "不予公开"); ``1.属于国家秘密`` -> (…, "1", …)."""
    flat = _flat(text)
    whole = _PUNCT.sub("", flat)
    flat = flat.lstrip("#*|>")
    m = _NUMBERING.match(flat)
    if not m:
        return whole, None, _PUNCT.sub("", flat)
    if m.group("cn"):
        num = m.group("cn")
    elif m.group("pcn"):
        num = f"({m.group('pcn')})"
    else:
        num = str(int(m.group("ar") or m.group("par")))
    return whole, num, _PUNCT.sub("", flat[m.end():])


def key(text: str) -> str:
    """Matching key: no readings, simplified (by phrase), NFKC, no whitespace, no punctuation."""
    return fold(text)[0]


def split_numbering(text: str) -> tuple[str | None, str]:
    """``（三）不予公开`` -> ("(三)", key of the rest); ``1.属于国家秘密`` -> ("1", …); else (None, key)."""
    _, num, core = fold(text)
    return num, core


def is_traditional(text: str) -> bool:
    """True when OpenCC would change the text (it holds traditional characters)."""
    return to_simplified(text) != text
