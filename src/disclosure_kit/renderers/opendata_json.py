"""The ``json`` renderer: one report as open data (format ``disclosure-kit/opendata`` 1.1).

The document is built by ``opendata.document`` (shared with ``dataset``), described by
``schema/opendata/1.1/opendata.schema.json`` and documented in ``docs/opendata.md``. The same input
always gives the same bytes: keys are sorted, records follow the official order, and there is no
timestamp, no absolute path and no tool version in it.
"""

from __future__ import annotations

import orjson

from ..opendata.document import finding_summary, opendata_document
from .base import RenderContext

__all__ = ["OpenDataJsonRenderer", "finding_summary"]


class OpenDataJsonRenderer:
    """Open-data JSON (``--to json``): machine-readable, versioned, byte-stable."""

    name = "json"
    suffix = ".json"
    media_type = "application/json"
    description = "开放数据 JSON：元数据、叙述、逐单元格记录、校验摘要 / open-data JSON: metadata, narratives, cells"

    def render(self, ctx: RenderContext) -> bytes:
        document = opendata_document(ctx.edition, ctx.report, ctx.result, ctx.source_name, ctx.source_bytes)
        return orjson.dumps(document, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
