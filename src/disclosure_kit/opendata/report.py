"""Everything of a report besides its cells: metadata and narrative sections, read from the schema.

Which metadata fields exist (agency, agency code, year, publication date, index number, issuer,
title, source address…) and which narrative sections (一、总体情况, 五、存在的主要问题及改进情况,
六、其他需要报告的事项) is read from the edition's schema (``meta`` properties, ``x-role:
narrative`` sections), so a field a new schema version adds reaches the open data without a
change here. A value the schema rejected, or one that cannot be written (``safety``), is
published as ``null`` with the status ``invalid``; the finding says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..check.findings import Finding
from ..model.editions import EDITIONS, Edition, Node, get_edition
from .cells import ABSENT, BLANK, INVALID, REPORTED, bad_pointers
from .safety import unrepresentable


@dataclass(frozen=True)
class Field:
    """One metadata field of the report schema (``meta/<key>``)."""

    key: str
    type: str  # string | integer | number | boolean
    label_zh: str
    label_en: str


def _json_type(schema: dict[str, Any]) -> str:
    types = schema.get("type", "string")
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    return types[0] if types else "string"


@cache
def meta_fields(edition_id: str, version: str | None = None) -> tuple[Field, ...]:
    """The ``meta`` fields of a version of an edition (the latest by default), in schema order."""
    node = get_edition(edition_id, version).node("/meta")
    props = node.schema.get("properties", {}) if node is not None else {}
    return tuple(Field(k, _json_type(v), v.get("title", k), v.get("x-title-en", v.get("title", k)))
                 for k, v in props.items())


@cache
def all_meta_fields() -> tuple[Field, ...]:
    """The union of the ``meta`` fields of every edition (first edition's order, then additions)."""
    seen: dict[str, Field] = {}
    for edition_id in EDITIONS:
        for f in meta_fields(edition_id):
            seen.setdefault(f.key, f)
    return tuple(seen.values())


@cache
def narrative_sections(edition_id: str, version: str | None = None) -> tuple[Node, ...]:
    return tuple(get_edition(edition_id, version).narratives())


def _fits(value: Any, ftype: str) -> bool:
    if ftype == "string":
        return isinstance(value, str)
    if ftype == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if ftype == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if ftype == "boolean":
        return isinstance(value, bool)
    return False


def _spoiled(pointer: str, bad: frozenset[str]) -> bool:
    return bool(bad) and (pointer in bad or any(p.startswith(pointer + "/") for p in bad))


def meta_values(edition: Edition, report: dict[str, Any], bad: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Each ``meta`` field's value, ``None`` when missing, rejected or not of its type."""
    meta = report.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    out: dict[str, Any] = {}
    for f in meta_fields(edition.id, edition.version):
        value = meta.get(f.key)
        ok = _fits(value, f.type) and not _spoiled(f"/meta/{f.key}", bad)
        out[f.key] = value if ok else None
    return out


def narrative_values(
    edition: Edition, report: dict[str, Any], bad: frozenset[str] = frozenset()
) -> list[tuple[Node, str | None, str]]:
    """(section, text, status) of every narrative section, in the official order."""
    out: list[tuple[Node, str | None, str]] = []
    for node in narrative_sections(edition.id, edition.version):
        key = node.key
        if key not in report:
            out.append((node, None, ABSENT))
        elif report[key] is None:
            out.append((node, None, BLANK))
        elif not isinstance(report[key], str) or _spoiled(node.pointer, bad):
            out.append((node, None, INVALID))
        else:
            out.append((node, report[key], REPORTED))
    return out


@dataclass
class ReportParts:
    """What open data needs of one checked report, before any serialisation."""

    edition: Edition
    bad: frozenset[str]  # pointers whose values must not be published
    extra: list[Finding]  # findings of values that open data cannot carry (``safety``)
    meta: dict[str, Any]
    narratives: list[tuple[Node, str | None, str]]
    findings: list[Finding]  # the check's findings and ``extra``, in order: what open data publishes


def report_parts(edition: Edition, report: dict[str, Any], findings: Iterable[Finding], file: str) -> ReportParts:
    """The metadata, narratives and the set of unusable pointers of one checked report."""
    findings = list(findings)
    extra = unrepresentable(report, file, edition)
    bad = bad_pointers(findings) | frozenset(f.pointer for f in extra)
    return ReportParts(edition, bad, extra, meta_values(edition, report, bad), narrative_values(edition, report, bad),
                       sorted([*findings, *extra], key=Finding.sort_key))
