"""One assembler for every source: SourceDocument -> report of our schema, provenance, findings.

Readers (HTML, text, DOCX, PDF) only cut a file into text and table cells; this module matches
them against the official labels read from the schema (``labels.py``), recognises the edition by
evidence, places each value in the cell it was published in, and says where each came from.

Rules that keep it honest (see docs/import.md):
* a value is placed only where its row label (or, for an unlabelled row, the official row order
  between two labelled rows) and its column (header, or position in a complete row) say it was
  published; otherwise the cell stays ``null`` and a finding says why;
* values that have no cell in the chosen edition (a mixed layout) go to ``x-import.unplaced``
  with the pointer they would have in the other edition, never into a different cell.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..check.findings import INFO, WARNING, Finding
from ..model.editions import Edition, get_edition
from . import findings as _codes  # noqa: F401  (registers the import.* messages)
from .labels import label_index, match_section, match_t2_caption
from .meta import extract_meta
from .model import SourceDocument
from .normalize import is_traditional, key
from .placement import Ctx, values_text
from .placement_t2 import observe_t2, place_t2, t2_votes
from .placement_t3 import observe_t3, place_t3, place_t4, t3_label, t3_vote
from .stream import Event, Stream, Tok, build_stream

SECTION_ORDER = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters")
NARRATIVES = ("overview", "problems", "other_matters")


@dataclass
class ImportResult:
    """What the assembler made of one source."""

    report: dict[str, Any]
    provenance: dict[str, dict[str, Any]]
    findings: list[Finding]
    edition: str
    layout: dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Regions


def _sections(stream: Stream) -> dict[str, int]:
    found: dict[str, int] = {}
    last = -1
    for ev in stream.events:
        if ev.tok is None or ev.table:
            continue
        section = match_section(ev.tok.text)
        if section is None:
            continue
        order = SECTION_ORDER.index(section)
        if order > last:
            found[section] = ev.pos
            last = order
    return found


def _first(events: list[Event], start: int, end: int, pred: Any) -> int | None:
    for ev in events[start:end]:
        if pred(ev):
            return ev.pos
    return None


# ---------------------------------------------------------------------------------------------
# Report skeleton, narratives


def _skeleton(edition: Edition) -> dict[str, Any]:
    report: dict[str, Any] = {"edition": edition.id, "schema_version": edition.version, "meta": {}}
    for cell in edition.cells:
        node = report
        for p in cell.path[:-1]:
            node = node.setdefault(p, {})
        node[cell.path[-1]] = None
    ordered: dict[str, Any] = {"edition": report["edition"], "schema_version": report["schema_version"], "meta": {}}
    for section in edition.sections():
        if section.key in report:
            ordered[section.key] = report[section.key]
    return ordered


_HEADING_LIKE = re.compile(r"^\s*(#|\\?[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _escape_markdown(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([#>+\-]|\d+\.)(\s)", r"\1\\\2\3", text, flags=re.M)


def _narrative(stream: Stream, start: int, end: int, doc: SourceDocument) -> tuple[str, Tok | None]:
    paragraphs: list[str] = []
    current = ""
    last_line: int | None = None
    first: Tok | None = None
    markdown = doc.kind == "markdown"
    for ev in stream.events[start + 1 : end]:
        tok = ev.tok
        if tok is None:
            if ev.run is not None:
                # a line run's labels are the text lines before it, already read as events of
                # their own (and possibly headings of earlier sections): only a row's labels are not
                own = ev.run.labels if ev.run.kind == "row" else []
                for t in own + ev.run.values:
                    current += t.text
            continue
        first = first or tok
        text = tok.text if markdown else _escape_markdown(tok.text)
        line = tok.origin.line
        joined = (
            doc.kind in ("text", "markdown", "pdf")
            and last_line is not None
            and line is not None
            and line == last_line + 1
            and current
            and not current.endswith(("。", "：", "；", "！", "？", ":", "」", "”"))
            and not _HEADING_LIKE.match(text)
            and not (len(current) < 30 and _HEADING_LIKE.match(current))
        )
        if joined:
            current += text
        else:
            if current:
                paragraphs.append(current)
            current = text
        last_line = line
    if current:
        paragraphs.append(current)
    return "\n\n".join(p.strip() for p in paragraphs if p.strip()), first


def _script(stream: Stream) -> str:
    texts = [t.text for t in stream.texts if len(t.text) > 8]
    trad = sum(1 for t in texts if is_traditional(t))
    if not trad:
        return "simplified"
    return "traditional" if trad * 2 >= len(texts) else "mixed"


# ---------------------------------------------------------------------------------------------


def assemble(doc: SourceDocument, edition: str = "auto") -> ImportResult:
    """Turn a source document into a report of the schema, with provenance and import findings."""
    stream = build_stream(doc)
    index = label_index()
    events = stream.events
    n = len(events)
    sections = _sections(stream)

    def is_t3_run(ev: Event) -> bool:
        return ev.run is not None and bool(t3_label(ev.run)[0])

    def is_caption(ev: Event) -> bool:
        return ev.tok is not None and match_t2_caption(ev.tok.text) is not None

    t2_start = sections.get("active_disclosure")
    if t2_start is None:
        t2_start = _first(events, 0, n, is_caption)
    t3_start = sections.get("applications")
    if t3_start is None:
        t3_start = _first(events, t2_start or 0, n, is_t3_run)
    after3 = t3_start if t3_start is not None else (t2_start or 0)
    t4_start = sections.get("review_litigation")
    if t4_start is None and t3_start is not None:
        t4_start = _first(events, after3, n, lambda ev: ev.tok is not None and "行政复议" in key(ev.tok.text))
    ends = [p for s, p in sections.items() if s in ("problems", "other_matters")]

    def end_after(pos: int | None) -> int:
        later = [p for p in ends if pos is not None and p > pos]
        return min(later) if later else n

    t2_end = t3_start if t3_start is not None else (t4_start if t4_start is not None else end_after(t2_start))
    t3_end = t4_start if t4_start is not None else end_after(t3_start)
    t4_end = end_after(t4_start)

    t2_obs, captions, t2_stray = (
        observe_t2(stream, t2_start, t2_end) if t2_start is not None else ([], {}, [])
    )
    t3_obs = observe_t3(stream, t3_start, t3_end) if t3_start is not None else []

    head_end = sections.get("overview", t2_start if t2_start is not None else n)
    meta, meta_prov, year = extract_meta(stream, head_end)

    # Edition: the layout decides, block by block; the year only breaks a tie.
    votes = t2_votes(t2_obs, captions)
    t3v = t3_vote(t3_obs, stream, t3_start, t3_end) if t3_start is not None else None
    if t3v:
        votes["applications/other_handling"] = t3v
    count = Counter(votes.values())
    if edition in ("2019", "2021"):
        chosen, basis = edition, "option"
    elif count and count.most_common(1)[0][1] > (count.most_common(2)[1][1] if len(count) > 1 else 0):
        chosen, basis = count.most_common(1)[0][0], "layout"
    elif isinstance(year, int):
        chosen, basis = ("2021" if year >= 2021 else "2019"), "year"
    else:
        chosen, basis = "2021", "default"
    ed = get_edition(chosen)
    report = _skeleton(ed)
    ctx = Ctx(doc, ed, report)
    layout = {
        "edition": chosen,
        "basis": basis,
        "blocks": votes,
        "votes": dict(count),
    }
    ctx.find(
        "import.edition_chosen", INFO, None, "/edition", edition=chosen,
        basis={"option": "--edition", "layout": "表格版式 / table layout", "year": "报告年度 / report year",
               "default": "无依据，默认 / no evidence, default"}[basis],
    )

    report["meta"] = meta
    for field_name, origin_tok in meta_prov.items():
        ctx.provenance[f"/meta/{field_name}"] = {"origin": origin_tok.origin.to_dict(), "text": origin_tok.raw}
    missing_meta = [f for f in ("agency", "year", "published", "index_number") if f not in meta]
    if missing_meta:
        ctx.find("import.meta_missing", WARNING if {"agency", "year"} & set(missing_meta) else INFO, None,
                 "/meta", fields=", ".join(missing_meta))

    t2_key, t3_key = index.table_keys["t2"], index.table_keys["t3"]
    foreign_blocks = place_t2(ctx, t2_obs, t2_key)
    for run in t2_stray:
        vals = [v for v in run.values if v.value is not None and not v.value.blank]
        if not vals:
            continue
        if run.labels and run.kind == "row":
            ctx.find("import.label_unknown", WARNING, run.labels[-1].origin,
                     text="".join(t.text for t in run.labels), values=values_text(run.values))
        else:
            ctx.find("import.value_unplaced", WARNING, run.values[0].origin, text=values_text(run.values))
    missing_rows, t3_foreign = place_t3(ctx, t3_obs, t3_key)
    t4_ok = place_t4(ctx, stream, t4_start, t4_end) if t4_start is not None else False

    other = "2019" if chosen == "2021" else "2021"
    mixed = sorted(b for b, e in votes.items() if e != chosen)
    if foreign_blocks or t3_foreign or mixed:
        blocks = sorted(set(mixed) | foreign_blocks | ({"applications/other_handling"} if t3_foreign else set()))
        ctx.find("import.layout_mixed", WARNING, None, "", edition=chosen, other=other, blocks=", ".join(blocks))

    # What is missing: whole tables, or rows of a table that is present.
    for table, present in (
        (ed.tables()[0], any(p.startswith(f"/{t2_key}/") for p in ctx.provenance)),
        (ed.tables()[1], any(p.startswith(f"/{t3_key}/") for p in ctx.provenance)),
        (ed.tables()[2], t4_ok),
    ):
        if not present:
            ctx.find("import.table_missing", WARNING, None, f"/{table.key}", table=table.label.zh)
    if any(p.startswith(f"/{t2_key}/") for p in ctx.provenance):
        absent = sorted(
            {" / ".join(r.label.zh for r in c.rows) for c in ed.cells
             if c.table.key == t2_key and c.pointer not in ctx.provenance}
        )
        if absent:
            ctx.find("import.cell_missing", INFO, None, f"/{t2_key}", rows="；".join(absent))
    if any(p.startswith(f"/{t3_key}/") for p in ctx.provenance) and missing_rows:
        labels = [next(r.label for r in index.t3_rows if r.path == p) for p in missing_rows]
        ctx.find("import.cell_missing", INFO, None, f"/{t3_key}", rows="；".join(labels))

    # Narratives, in the order of the schema.
    bounds = sorted(sections.values())
    for section in NARRATIVES:
        if section not in sections:
            continue
        start = sections[section]
        end = next((b for b in bounds if b > start), n)
        text, first = _narrative(stream, start, end, doc)
        report[section] = text or None
        if first is not None:
            ctx.provenance[f"/{section}"] = {"origin": first.origin.to_dict(), "text": first.raw[:80]}
    absent_sections = [s for s in SECTION_ORDER if s not in sections]
    if absent_sections:
        ctx.find("import.section_missing", INFO, None, "",
                 sections=", ".join(next(x.label.zh for x in ed.sections() if x.key == s) for s in absent_sections))
    ordered: dict[str, Any] = {}
    for k in ("edition", "schema_version", "meta", *[s.key for s in ed.sections()]):
        if k in report:
            ordered[k] = report[k]

    repaired = []
    if stream.pinyin_removed:
        repaired.append(f"删除拼音注音 {stream.pinyin_removed} 处 / {stream.pinyin_removed} pinyin readings removed")
    if stream.footers_removed:
        repaired.append(f"删除页脚 {stream.footers_removed} 处 / {stream.footers_removed} page footers removed")
    script = _script(stream)
    if script != "simplified":
        repaired.append("繁体字按简体匹配标签，正文保留原字 / traditional characters matched as simplified; "
                        "narrative kept as published")
    if repaired:
        ctx.find("import.text_repaired", INFO, None, "", what="；".join(repaired))

    ordered["x-import"] = {
        "source": {"name": doc.name, "kind": doc.kind},
        "edition": layout,
        "text": {
            "script": script,
            "narrative": "as published",
            "pinyin_readings_removed": stream.pinyin_removed,
            "page_footers_removed": stream.footers_removed,
        },
        "cell_notes": ctx.notes,
        "unplaced": ctx.unplaced,
    }
    return ImportResult(ordered, ctx.provenance, ctx.findings, chosen, layout)
