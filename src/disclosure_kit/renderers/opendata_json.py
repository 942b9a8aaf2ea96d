"""The ``json`` renderer: one report as open data (format ``disclosure-kit/opendata`` 1.0).

The document is described by ``schema/opendata/1.0/opendata.schema.json`` and documented in
``docs/opendata.md``. It holds the report metadata, the sha256 of the source file, one record per
table cell (ids, official zh/en labels, value, status) and the validation summary. The same input
always gives the same bytes: keys are sorted, records follow the official cell order, and there
is no timestamp, no absolute path and no tool version in it.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from ..check.findings import Finding
from ..check.messages import message
from ..opendata import cells as opendata
from .base import RenderContext


def finding_summary(f: Finding) -> dict[str, Any]:
    """A finding as open data: code, place and the sentence in both languages."""
    return {
        **f.flat(),
        "message_zh": message(f, "zh"),
        "message_en": message(f, "en"),
    }


def opendata_document(ctx: RenderContext) -> dict[str, Any]:
    """The open-data document of one checked report, as plain data."""
    edition, result = ctx.edition, ctx.result
    meta = opendata.report_meta(ctx.report)
    return {
        "$schema": opendata.SCHEMA_ID,
        "format": opendata.FORMAT,
        "version": opendata.VERSION,
        "report": {
            **meta,
            "edition": edition.id,
            "schema_version": edition.version,
            "schema_id": edition.schema_id,
        },
        "source": {
            "sha256": hashlib.sha256(ctx.source_bytes).hexdigest(),
            "bytes": len(ctx.source_bytes),
        },
        "cells": opendata.cell_records(edition, ctx.report, opendata.bad_pointers(result.findings)),
        "validation": {
            "status": result.status(),
            "errors": result.errors,
            "warnings": result.warnings,
            "findings": [finding_summary(f) for f in sorted(result.findings, key=Finding.sort_key)],
        },
    }


class OpenDataJsonRenderer:
    """Open-data JSON (``--to json``): machine-readable, versioned, byte-stable."""

    name = "json"
    suffix = ".json"
    media_type = "application/json"
    description = "开放数据 JSON：逐单元格记录、官方标签、校验摘要 / open-data JSON, one record per cell"

    def render(self, ctx: RenderContext) -> bytes:
        return orjson.dumps(opendata_document(ctx), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
