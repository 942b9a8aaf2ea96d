"""Findings on a report's fields (not table cells) name the field and show a valid value.

A table cell's finding names its table, row and column; a field of the report information (发布
日期, 报告年度, …) has no place in a table, so its finding carries the field's official title and
the first of its schema ``examples`` instead: ``发布日期：应为日期，实际为 '2024/1/26'，例如
2025-01-20``. The titles and examples are data in the schema, like every label.
"""

from __future__ import annotations

from typing import Any

from ..model.editions import Edition
from .findings import Finding


def name_fields(edition: Edition, findings: list[Finding]) -> None:
    """Add ``field_zh``, ``field_en`` and ``example`` to the parameters of findings on fields."""
    for f in findings:
        if f.place is not None or not f.code.startswith("schema.") or not f.pointer:
            continue
        field = _field(edition.schema, f.pointer)
        if field is None or "title" not in field or field.get("x-role") is not None:
            continue
        f.params.setdefault("field_zh", field["title"])
        f.params.setdefault("field_en", field.get("x-title-en", field["title"]))
        examples = field.get("examples")
        if examples:
            f.params.setdefault("example", examples[0])


def _field(schema: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    """The schema of a plain field (``/meta/published``, ``/edition``) by its pointer."""
    node: Any = schema
    for key in pointer.split("/")[1:]:
        node = node.get("properties", {}).get(key) if isinstance(node, dict) else None
        if node is None:
            return None
    return node if isinstance(node, dict) else None
