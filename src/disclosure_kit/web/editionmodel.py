"""An edition as data for the browser editor: cells, official labels, identities, form fields.

The editor re-checks identities and offers derivable totals as the clerk types, in the browser,
from this document; it holds no rule of its own. Everything here is read from the ``Edition``
built from ``schema/`` (``model.editions``), so a corrected label or a new identity reaches the
editor with no change to its script. Served at ``/api/v1/editions/<edition>/model``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..authoring.reportfile import blank_report
from ..check.identities import term_label
from ..model.editions import Cell, Edition, Identity, Label, Term, get_edition

FORMAT = "disclosure-kit/editor-model"
VERSION = "1"


def _label(label: Label) -> dict[str, str]:
    return {"zh": label.zh, "en": label.en}


def label_path(cell: Cell, lang: str) -> str:
    """The official label path of a cell: table / row labels / column headers, including the header
    groups that are not objects (``x-column-groups``: 申请人情况, 法人或其他组织), outermost first."""
    groups = [g for g in cell.table.schema.get("x-column-groups", []) if cell.columns[-1].key in g["columns"]]
    groups.sort(key=lambda g: -len(g["columns"]))
    parts = [cell.table.label.get(lang)]
    parts += [r.label.get(lang) for r in cell.rows]
    parts += [g.get("x-title-en", g["title"]) if lang == "en" else g["title"] for g in groups]
    parts += [c.label.get(lang) for c in cell.columns]
    return " / ".join(parts)


def _term(term: Term, identity: Identity) -> dict[str, Any]:
    # the validator's own term labels (一, （七）总计, 自然人), so the live check reads like its messages
    return {"pointer": term.cell.pointer, "sign": term.sign,
            "label": {"zh": term_label(term, identity, "zh"), "en": term_label(term, identity, "en")}}


def _identity(identity: Identity) -> dict[str, Any]:
    return {"id": identity.rule_id, "code": identity.code, "severity": identity.severity,
            "label": _label(identity.label),
            "left": [_term(t, identity) for t in identity.left], "right": [_term(t, identity) for t in identity.right]}


def _cell(cell: Cell) -> dict[str, Any]:
    return {"pointer": cell.pointer, "kind": cell.kind, "unit": cell.unit, "table": cell.table.key,
            "label": {"zh": label_path(cell, "zh"), "en": label_path(cell, "en")}}


def _field(key: str, schema: dict[str, Any], required: set[str]) -> dict[str, Any]:
    types = schema.get("type", "string")
    types = types if isinstance(types, list) else [types]
    return {"key": key, "label": {"zh": schema.get("title", key), "en": schema.get("x-title-en", key)},
            "type": "integer" if "integer" in types else "string", "required": key in required}


def editor_model(edition: Edition) -> dict[str, Any]:
    """The document the editor works from (see the module docstring)."""
    meta = edition.schema["properties"]["meta"]
    required = set(meta.get("required", []))
    return {
        "format": FORMAT,
        "version": VERSION,
        "edition": edition.id,
        "schema_version": edition.version,
        "schema_id": edition.schema_id,
        "title": _label(edition.title),
        "cells": [_cell(c) for c in edition.cells],
        "identities": [_identity(i) for i in edition.identities],
        "meta": [_field(k, v, required) for k, v in meta.get("properties", {}).items()],
        "narratives": [{"key": n.key, "label": _label(n.label)} for n in edition.narratives()],
        "blank": blank_report(edition),
    }


@cache
def editor_model_for(edition_id: str) -> dict[str, Any]:
    return editor_model(get_edition(edition_id))
