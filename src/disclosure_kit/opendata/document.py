"""One checked report as an open-data document (format ``disclosure-kit/opendata`` 1.1), as plain data.

Shared by the ``json`` renderer (which serialises it) and usable by any service: metadata from the
schema's ``meta`` fields, the report file's name, size and hash, the narrative sections as text,
every table cell with its status, and the validation summary with every finding in both
languages. Described by ``schema/opendata/1.1/opendata.schema.json`` and ``docs/opendata.md``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..check.findings import ERROR, WARNING, FileResult, Finding
from ..check.messages import message
from ..model.editions import Edition
from . import cells
from .report import ReportParts, report_parts
from .safety import clean_text, jsonable

FORMAT, VERSION, SCHEMA_ID = cells.FORMAT, cells.VERSION, cells.SCHEMA_ID


def finding_summary(f: Finding) -> dict[str, Any]:
    """A finding as open data: code, place and the sentence in both languages."""
    return {**f.flat(), "message_zh": clean_text(message(f, "zh")), "message_en": clean_text(message(f, "en"))}


def narrative_records(parts: ReportParts) -> list[dict[str, Any]]:
    return [
        {"section_id": node.key, "label_zh": node.label.zh, "label_en": node.label.en, "text": text, "status": status}
        for node, text, status in parts.narratives
    ]


def cell_records(parts: ReportParts, report: dict[str, Any]) -> list[dict[str, Any]]:
    return cells.cell_records(parts.edition, report, parts.bad)


def opendata_document(
    edition: Edition, report: dict[str, Any], result: FileResult, source_name: str, source_bytes: bytes
) -> dict[str, Any]:
    """The open-data document of one checked report."""
    parts = report_parts(edition, report, result.findings, result.file)
    findings = parts.findings
    errors = sum(1 for f in findings if f.severity == ERROR)
    return {
        "$schema": SCHEMA_ID,
        "format": FORMAT,
        "version": VERSION,
        "report": {
            **parts.meta,
            "edition": edition.id,
            "schema_version": edition.version,
            "schema_id": edition.schema_id,
        },
        "source": {
            "file": clean_text(source_name.replace("\\", "/").rsplit("/", 1)[-1]) or None,
            "sha256": hashlib.sha256(source_bytes).hexdigest(),
            "bytes": len(source_bytes),
        },
        "narratives": narrative_records(parts),
        "cells": cell_records(parts, report),
        "validation": {
            "status": "invalid" if errors else "valid",
            "errors": errors,
            "warnings": sum(1 for f in findings if f.severity == WARNING),
            "findings": [jsonable(finding_summary(f)) for f in findings],
        },
    }
