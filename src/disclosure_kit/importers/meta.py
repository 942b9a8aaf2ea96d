"""Report information from the page around the report: title, agency, year, date, 索引号.

Only what the source states is taken: a labelled field (``索引号：…``, ``发布日期 2024-01-17``),
or the report title (``沭阳县发展和改革局2023年政府信息公开年度报告`` gives agency and year).
"""

from __future__ import annotations

import re
from typing import Any

from .labels import variants
from .normalize import key, to_simplified
from .stream import Stream, Tok

_TITLE = re.compile(r"^(?P<a1>.*?)(?P<y>(?:19|20)\d{2})\s*年度?\s*(?P<a2>.*?)(?:政府)?(?:信息公开|政务公开)")
_TITLE_YEAR_LAST = re.compile(r"^(?P<a1>.+?)(?:政府)?(?:信息公开|政务公开).*?(?P<y>(?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# A line naming only an agency: CJK (brackets allowed), ending as agency names end.
_AGENCY_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,40}(?:局|委|委员会|政府|办公室|办公厅|厅|部|院|镇|乡|街道办事处|中心|所|署|馆|站|处|会)$"
)
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")


def _date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cut_at_next_label(value: str, labels: dict[str, list[str]]) -> str:
    """``…/2024- 发布机构临州市…`` -> ``…/2024-``: a value never runs into the next field's label."""
    cut = len(value)
    for names in labels.values():
        for name in names:
            at = value.find(name)
            if at > 0:
                cut = min(cut, at)
    return value[:cut].strip()


def _simplified_same_length(text: str) -> str:
    """Simplified text for matching, only when it keeps every position (so slices of it fit the original)."""
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else text


def _clean_agency(text: str) -> str:
    text = re.sub(r"\s+", "", text).strip("#*：:·- ")
    text = re.sub(r"^(关于|名称)", "", text)
    return text


def _head_tokens(stream: Stream, limit: int) -> list[Tok]:
    toks: list[Tok] = []
    for ev in stream.events[:limit]:
        if ev.tok is not None:
            toks.append(ev.tok)
        elif ev.run is not None:
            toks.extend(ev.run.labels)
    return toks


def extract_meta(stream: Stream, limit: int) -> tuple[dict[str, Any], dict[str, Tok], int | None]:
    """(meta, the token each field came from, year) from the text before section 一."""
    toks = _head_tokens(stream, max(limit, 1))
    meta: dict[str, Any] = {}
    prov: dict[str, Tok] = {}
    labels = variants()["meta_labels"]
    for i, tok in enumerate(toks):
        text = _simplified_same_length(tok.text)
        url = re.match(r"^(?:source|来源网址|原文地址)\s*[:：]\s*(https?://\S+)$", text)
        if url and "source_url" not in meta:
            meta["source_url"] = url.group(1)
            prov["source_url"] = tok
            continue
        for field, names in labels.items():
            if field in meta:
                continue
            for name in names:
                m = re.search(rf"(?:^|\s){re.escape(name)}\s*[:：]?\s*(.*)$", text)
                if m and m.start() > 0 and not re.search(rf"\s{re.escape(name)}\s*[:：]", text):
                    m = None  # inside a line only as ``… 索引号：…``, never inside a sentence
                if not m:
                    continue
                rest = tok.text[m.start(1):].strip().strip("|").strip()
                source = tok
                if not rest and i + 1 < len(toks):
                    source = toks[i + 1]
                    rest = source.text.strip()
                if not rest:
                    continue
                if field == "published":
                    value = _date(rest)
                    if value is None:
                        continue
                else:
                    value = re.split(r"\s{2,}|\s+(?=[\u4e00-\u9fff]{2,4}[:：])", rest)[0].strip()
                    value = _cut_at_next_label(value, labels)
                    if not value or len(value) > 100:
                        continue
                meta[field] = value
                prov[field] = source
                break
    # Title: a short line naming the year and 政府信息公开…年度报告 / 年报, possibly over two lines.
    for i, tok in enumerate(toks):
        text = tok.text.lstrip("# ").strip()
        k = key(text)
        if "信息公开" not in k or len(text) > 80:
            continue
        candidate = text
        if "年度报告" not in k and "年报" not in k:
            nxt = toks[i + 1].text if i + 1 < len(toks) else ""
            if "年度报告" in key(nxt) and len(nxt) < 20:
                candidate = text + nxt.strip()
            else:
                continue
        flat = re.sub(r"\s+", "", candidate)
        simple = _simplified_same_length(flat)
        m = _TITLE.match(simple) or _TITLE_YEAR_LAST.match(simple)
        if not m:
            continue
        names = [g for g in ("a1", "a2") if g in m.re.groupindex]
        agency = next((a for a in (_clean_agency(flat[m.start(g):m.end(g)]) for g in names) if a), "")
        agency_tok = tok
        if not agency and i > 0:
            # the title printed over two lines: the agency alone on the line before the year
            above = re.sub(r"\s+", "", toks[i - 1].text).strip("#*")
            if _AGENCY_LINE.match(to_simplified(above)):
                agency, agency_tok = above, toks[i - 1]
                candidate = above + candidate
        meta.setdefault("title", re.sub(r"\s+", "", candidate))
        prov.setdefault("title", tok)
        if agency and len(agency) <= 60 and "agency" not in meta:
            meta["agency"] = agency
            prov["agency"] = agency_tok
        if "year" not in meta:
            meta["year"] = int(m.group("y"))
            prov["year"] = tok
        break
    if "year" not in meta:
        for tok in stream.texts:
            m = _PERIOD.search(tok.text)
            if m:
                meta["year"] = int(m.group(1))
                prov["year"] = tok
                break
    if "agency" not in meta and "issuer" in meta:
        meta["agency"] = meta["issuer"]
        prov["agency"] = prov["issuer"]
    order = ("agency", "agency_code", "year", "published", "index_number", "issuer", "title", "source_url")
    ordered = {k: meta[k] for k in order if k in meta}
    return ordered, prov, ordered.get("year")
