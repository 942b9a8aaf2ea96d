"""One assembler for every source: a ``SourceDocument`` through the stages to a report.

    source document ──► tokens ──► tables ──► matched labels ──► placed cells
    (model)             (tokens)   (tables)   (matching,        (placing: place_t2, place_t3,
                                              headers, labels)   cells, absent)

beside which ``meta`` reads the report information from the tokens, ``edition`` chooses the
edition from the matched layout, and ``narrative`` the prose sections. Each stage has its own
type and only reads the one before it. ``assemble`` runs them and writes what they found into the
report, its provenance and its findings (see docs/import.md for the rules that keep it honest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..check.findings import Finding
from ..check.schema import place_of
from ..model.editions import Edition
from . import findings as _codes  # noqa: F401  (registers the import.* messages)
from .cells import Sheet
from .edition import BASIS, Choice, choose_edition
from .matching import match_labels
from .meta import Meta, extract_meta
from .model import Remark, SourceDocument
from .narrative import missing_sections, read_narratives
from .normalize import is_traditional
from .placing import place_cells
from .tables import find_tables
from .tokens import TokenStream, tokenize


@dataclass
class ImportResult:
    """What the assembler made of one source."""

    report: dict[str, Any]
    provenance: dict[str, dict[str, Any]]
    findings: list[Finding]
    edition: str
    layout: dict[str, Any]


def assemble(doc: SourceDocument, edition: str = "auto") -> ImportResult:
    """Turn a source document into a report of the schema, with provenance and import findings."""
    stream = tokenize(doc)
    layout = find_tables(stream)
    matched = match_labels(layout)
    meta = extract_meta(stream, layout.head_end)
    choice = choose_edition(matched.votes, meta.year, meta.year_inferred is not None, edition)
    sheet = place_cells(matched, choice)
    script = _script(stream)
    head, tail = _about_source(choice, meta, stream, script, missing_sections(layout), sheet.edition)
    report = sheet.report
    report["meta"] = meta.fields
    for section, (text, first) in read_narratives(stream, layout, doc.kind).items():
        report[section] = text
        if first is not None:
            sheet.provenance[f"/{section}"] = {"origin": first.origin.to_dict(), "text": first.raw[:80]}
    for name, tok in meta.origins.items():
        sheet.provenance[f"/meta/{name}"] = {"origin": tok.origin.to_dict(), "text": tok.raw}
    ordered = {k: report[k] for k in ("edition", "schema_version", "meta") if k in report}
    ordered.update({s.key: report[s.key] for s in sheet.edition.sections() if s.key in report})
    ordered["x-import"] = _record(doc, stream, script, choice, sheet, meta)
    said = [*doc.remarks, *head, *sheet.remarks, *tail]
    return ImportResult(ordered, sheet.provenance, [_finding(r, doc.name, sheet.edition) for r in said],
                        choice.edition, choice.layout)


def _finding(remark: Remark, file: str, edition: Edition) -> Finding:
    origin = remark.origin
    params = {**remark.params, **({"element": origin.element} if origin and origin.element else {})}
    return Finding(remark.code, remark.severity, file, remark.pointer, line=origin.line if origin else None,
                   params=params, place=place_of(edition, remark.pointer) if remark.pointer else None)


def _script(stream: TokenStream) -> str:
    texts = [t.text for t in stream.texts if len(t.text) > 8]
    trad = sum(1 for t in texts if is_traditional(t))
    if not trad:
        return "simplified"
    return "traditional" if trad * 2 >= len(texts) else "mixed"


def _about_source(choice: Choice, meta: Meta, stream: TokenStream, script: str, missing: list[str],
                  ed: Edition) -> tuple[list[Remark], list[Remark]]:
    """What is said before the tables' remarks (edition, report information) and after (sections, repairs)."""
    basis = BASIS[choice.basis]
    head = [Remark("import.edition_chosen", "info", None, "/edition", {
        "edition": choice.edition, "basis_zh": basis[0], "basis_en": basis[1], "basis": choice.basis})]
    lacking = [f for f in ("agency", "year", "published", "index_number") if f not in meta.fields]
    if lacking:
        severity = "warning" if {"agency", "year"} & set(lacking) else "info"
        head.append(Remark("import.meta_missing", severity, None, "/meta", {"fields": ", ".join(lacking)}))
    if meta.year_inferred is not None:
        head.append(Remark("import.year_inferred", "warning", meta.year_inferred.origin, "/meta/year", {
            "year": meta.year, "text": meta.year_inferred.text[:60], "edition": choice.edition}))
    tail = []
    if missing:
        labels = {s.key: s.label for s in ed.sections()}
        tail.append(Remark("import.section_missing", "info", params={
            "sections": ", ".join(labels[s].zh for s in missing),
            "sections_en": ", ".join(labels[s].en for s in missing)}))
    repaired: list[tuple[str, str]] = []
    pinyin, footers = stream.pinyin_removed, stream.footers_removed
    if pinyin:
        repaired.append((f"删除拼音注音 {pinyin} 处", f"{pinyin} pinyin readings removed"))
    if footers:
        repaired.append((f"删除页脚 {footers} 处", f"{footers} page footers removed"))
    if script != "simplified":
        repaired.append(("繁体字按简体匹配标签，正文保留原字",
                         "traditional characters matched as simplified; narrative kept as published"))
    if repaired:
        tail.append(Remark("import.text_repaired", "info", params={
            "what_zh": "；".join(zh for zh, _ in repaired), "what_en": "; ".join(en for _, en in repaired)}))
    return head, tail


def _record(doc: SourceDocument, stream: TokenStream, script: str, choice: Choice, sheet: Sheet,
            meta: Meta) -> dict[str, Any]:
    """``x-import``: where the report came from and everything the cells themselves cannot say."""
    record: dict[str, Any] = {
        "source": {"name": doc.name, "kind": doc.kind},
        "edition": choice.layout,
        "text": {
            "script": script,
            "narrative": "as published",
            "pinyin_readings_removed": stream.pinyin_removed,
            "page_footers_removed": stream.footers_removed,
        },
        "cell_notes": sheet.cell_notes,
        "unplaced": sheet.unplaced,
    }
    optional = {"row_notes": sheet.row_notes, "kept": sheet.kept, "absent": sheet.absent, "unmatched": sheet.unmatched}
    record.update({k: v for k, v in optional.items() if v})
    if meta.year_inferred is not None:
        record["inferred"] = {"/meta/year": meta.year_inferred.text[:80]}
    return record
