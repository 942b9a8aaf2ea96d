"""The state of each edition for ``schema list``: its released versions and its working copy."""

from __future__ import annotations

from typing import Any

from ..model.editions import EDITIONS, get_edition, working_edition
from ..model.versions import known_versions


def draft_state(edition: str) -> str:
    """``"= 1.1.0"`` when the working copy is the latest release, else what to run to see the changes."""
    latest = get_edition(edition)
    draft = working_edition(edition)  # SchemaInvalid when the draft is broken: "run schema lint"
    if draft.schema == latest.schema:
        return f"= {latest.version}"
    return f"unreleased changes (schema diff {edition}@{latest.version} {edition})"


def edition_rows() -> list[dict[str, Any]]:
    """One row per edition: the latest release, its $id, every released version, the draft's state."""
    rows = []
    for edition in EDITIONS:
        latest = get_edition(edition)
        versions = list(known_versions(edition))
        rows.append({"edition": latest.id, "schema_version": latest.version, "$id": latest.schema_id,
                     "title": latest.schema.get("x-format-title"), "notice": latest.schema.get("x-notice"),
                     "versions": versions, "archived_versions": versions, "draft": draft_state(edition)})
    return rows
