"""Report information where people print it: the page's field list, the title, the running text.

Only what the source states is taken: a labelled field (``索 引 号：…``, ``发布日期 2024-01-17``,
``信息名称：…``), the report title (``沭阳县发展和改革局2023年政府信息公开年度报告`` gives agency and
year), even inside the opening sentence (``现公布临川市示例局2022年政府信息公开工作年度报告。``). A year
printed only as ``2020年报`` or in the running text is taken too, and said to be inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .labels import variants
from .normalize import simplified_words, to_simplified
from .tokens import Tok, TokenStream

_TITLE = re.compile(r"^(?P<a1>.*?)(?P<y>(?:19|20)\d{2})\s*年度?\s*(?P<a2>.*?)(?:政府)?(?:信息公开|政务公开)")
_TITLE_YEAR_LAST = re.compile(r"^(?P<a1>.+?)(?:政府)?(?:信息公开|政务公开).*?(?P<y>(?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# A line naming only an agency: CJK (brackets allowed), ending as agency names end.
_AGENCY_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,40}(?:局|委|委员会|政府|办公室|办公厅|厅|部|院|镇|乡|街道办事处|中心|所|署|馆|站|处|会)$"
)
_FIELD_PREFIX = re.compile(r"^[\u4e00-\u9fff\s]{2,8}[:：]\s*")
_CLAUSE = re.compile(r"[。；;！!？?，,]")
_NIANBAO = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年度?)?\s*(?:政府信息公开(?:工作)?\s*)?年报")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年(?:度)?[，,、]")
ORDER = ("agency", "agency_code", "year", "published", "index_number", "issuer", "title", "source_url")


@dataclass
class Meta:
    """The report information found, the token each field came from, and how the year was found."""

    fields: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Tok] = field(default_factory=dict)
    year_inferred: Tok | None = None  # the text a year was inferred from (no title states it)

    @property
    def year(self) -> int | None:
        year = self.fields.get("year")
        return year if isinstance(year, int) else None


def _spaced(name: str) -> str:
    """``索引号`` -> ``索\\s*引\\s*号``: a field label as sites print it, letter-spaced or not."""
    return r"\s*".join(re.escape(c) for c in name)


@cache
def _field_patterns() -> list[tuple[str, re.Pattern[str]]]:
    names = [(f, name) for f, names in variants()["meta_labels"].items() for name in names]
    return [(f, re.compile(rf"(?:^|\s)({_spaced(name)})\s*[:：]?\s*(.*)$")) for f, name in names]


@cache
def _any_label() -> re.Pattern[str]:
    return re.compile("|".join(_spaced(n) for names in variants()["meta_labels"].values() for n in names))


def _date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cut_at_next_label(value: str) -> str:
    """``…/2024- 发布机构临州市…`` -> ``…/2024-``: a value never runs into the next field's label."""
    cut = next((m.start() for m in _any_label().finditer(value) if m.start() > 0), len(value))
    return value[:cut].strip()


def _simplified_same_length(text: str) -> str:
    """Simplified text (regional words too: 資訊 -> 信息) for matching, only when it keeps every
    position, so that slices of it fit the original."""
    simple = simplified_words(text)
    return simple if len(simple) == len(text) else text


def _clean_agency(text: str) -> str:
    text = re.sub(r"\s+", "", text).strip("#*：:·- ")
    return re.sub(r"^(关于|名称)", "", text)


def _fields(toks: list[Tok], meta: Meta) -> None:
    """Labelled fields (``索 引 号：…``): in a line of their own, or after a space in a field list."""
    for i, tok in enumerate(toks):
        text = _simplified_same_length(tok.text)
        url = re.match(r"^(?:source|来源网址|原文地址)\s*[:：]\s*(https?://\S+)$", text)
        if url and "source_url" not in meta.fields:
            meta.fields["source_url"] = url.group(1)
            meta.origins["source_url"] = tok
            continue
        for name, pattern in _field_patterns():
            if name in meta.fields:
                continue
            m = pattern.search(text)
            if not m or (m.start(1) > 0 and not re.search(r"[:：]", text[m.end(1):m.start(2)] or "")):
                continue  # inside a line only as ``… 索引号：…``, never inside a sentence
            rest, source = tok.text[m.start(2):].strip().strip("|").strip(), tok
            if not rest and i + 1 < len(toks):
                source, rest = toks[i + 1], toks[i + 1].text.strip()
            value: str | None = rest or None
            if value and name == "published":
                value = _date(value)
            elif value:
                value = _cut_at_next_label(re.split(r"\s{2,}|\s+(?=[\u4e00-\u9fff]{2,4}[:：])", value)[0].strip())
                value = value if value and len(value) <= 100 else None
            if value:
                meta.fields[name] = value
                meta.origins[name] = source


def _title(text: str) -> tuple[str, str, int] | None:
    """(title, agency, year) of a report title such as ``临川市示例局2020年政府信息公开工作年度报告``."""
    flat = re.sub(r"\s+", "", text)
    simple = _simplified_same_length(flat)
    m = _TITLE.match(simple) or _TITLE_YEAR_LAST.match(simple)
    if not m:
        return None
    names = [g for g in ("a1", "a2") if g in m.re.groupindex]
    agency = next((a for a in (_clean_agency(flat[m.start(g):m.end(g)]) for g in names) if a), "")
    return flat, agency, int(m.group("y"))


def _lead_words() -> re.Pattern[str]:
    words = sorted(variants()["title_lead_words"], key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(w) for w in words) + ")+")


def _title_in_sentence(text: str) -> str | None:
    """The clause of a sentence that is the report's title, without the words leading to it."""
    for clause in _CLAUSE.split(text):
        k = to_simplified(clause)
        if "信息公开" in k and ("年度报告" in k or "年报" in k) and re.search(r"(?:19|20)\d{2}", k):
            end = max(k.rfind("年度报告") + 4 if "年度报告" in k else -1, k.rfind("年报") + 2)
            return _lead_words().sub("", clause[:end].strip().strip("《》“”\"")).strip("《》“”\"")
    return None


def _read_title(toks: list[Tok], meta: Meta) -> None:
    """Agency and year from the title: a title field, a title line (maybe over two lines), or the
    clause of the opening sentence that names the report."""
    candidates: list[tuple[int, Tok, str]] = []
    if "title" in meta.fields:
        candidates.append((-1, meta.origins["title"], meta.fields["title"]))
    for i, tok in enumerate(toks):
        text = _FIELD_PREFIX.sub("", tok.text.lstrip("# ").strip())
        if "信息公开" not in tok.key or len(text) > 80 or _CLAUSE.search(text):
            continue  # a sentence is read clause by clause below
        if "年度报告" not in tok.key and "年报" not in tok.key:
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is None or "年度报告" not in nxt.key or len(nxt.text) >= 20:
                continue
            text += nxt.text.strip()
        candidates.append((i, tok, text))
    for i, tok in enumerate(toks):
        sentence = _title_in_sentence(tok.text) if len(tok.text) > 20 else None
        if sentence:
            candidates.append((i, tok, sentence))
    for i, tok, text in candidates:
        parsed = _title(text)
        if parsed is None:
            continue
        title, agency, year = parsed
        agency_tok = tok
        if not agency and i > 0:
            # the title printed over two lines: the agency alone on the line before the year
            above = re.sub(r"\s+", "", toks[i - 1].text).strip("#*")
            if _AGENCY_LINE.match(to_simplified(above)):
                agency, agency_tok, title = above, toks[i - 1], above + title
        meta.fields.setdefault("title", title)
        meta.origins.setdefault("title", tok)
        if agency and len(agency) <= 60 and "agency" not in meta.fields:
            meta.fields["agency"] = agency
            meta.origins["agency"] = agency_tok
        if "year" not in meta.fields:
            meta.fields["year"] = year
            meta.origins["year"] = tok
        return


def _infer_year(stream: TokenStream, meta: Meta) -> None:
    """A year printed only as ``2020年报`` (a running page header), as the period ``2020年1月1日``, or
    opening a paragraph (``2020年，本局…``): taken, and said to be inferred."""
    for pattern in (_NIANBAO, _PERIOD, _OPENING_YEAR):
        for tok in stream.texts:
            m = pattern.search(tok.text)
            if m:
                meta.fields["year"] = int(m.group(1))
                meta.origins["year"] = meta.year_inferred = tok
                return


def extract_meta(stream: TokenStream, head_end: int) -> Meta:
    """The report information printed before section 一 (a year also from the running text)."""
    toks: list[Tok] = []
    for ev in stream.events[: max(head_end, 1)]:
        if ev.tok is not None:
            toks.append(ev.tok)
        elif ev.run is not None:
            toks.extend(ev.run.labels)
    meta = Meta()
    _fields(toks, meta)
    _read_title(toks, meta)
    if "year" not in meta.fields:
        _infer_year(stream, meta)
    if "agency" not in meta.fields and "issuer" in meta.fields:
        meta.fields["agency"] = meta.fields["issuer"]
        meta.origins["agency"] = meta.origins["issuer"]
    meta.fields = {k: meta.fields[k] for k in ORDER if k in meta.fields}
    return meta
