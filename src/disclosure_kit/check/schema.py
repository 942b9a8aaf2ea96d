"""Schema errors -> findings with codes, JSON pointers and the official labels of the cell.

A fast pre-check with jsonschema-rs answers "valid?" in microseconds; only a report that fails it
is walked by the Python jsonschema validator, which lists every error with its path.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import jsonschema_rs

from ..model.editions import Edition
from .findings import ERROR, Finding, Place
from .sourcemap import escape_token

_FULLWIDTH = re.compile(r"^\s*[+\-＋－]?[０-９0-9]+(?:[.．][０-９0-9]+)?\s*$")
_NUMERIC = re.compile(r"^\s*[+\-]?[0-9]+(?:\.[0-9]+)?\s*$")


@cache
def _fast(edition: Edition) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(edition.schema, validate_formats=True)


@cache
def _detailed(edition: Edition) -> Any:
    import jsonschema  # imported only when a report fails the fast check: it costs 0.2 s

    return jsonschema.Draft202012Validator(
        edition.schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def place_of(edition: Edition, pointer: str) -> Place | None:
    """The official table / row / column labels of whatever a pointer names."""
    node = edition.locate(pointer)
    if node is None or node.role in ("report", "value"):
        return None
    if node.role == "narrative":
        return Place(node.key, node.label.zh, node.label.en, "", "", "", "", "", "")
    cell = edition.cell_by_pointer.get(node.pointer)
    if cell is not None:
        return Place(
            cell.table_id, cell.table.label.zh, cell.table.label.en,
            cell.row_id, cell.row_label("zh") if cell.rows else "", cell.row_label("en") if cell.rows else "",
            cell.column_id, cell.column_label("zh"), cell.column_label("en"),
        )
    chain = [*node.ancestors()[1:], node]
    if not chain or chain[0].role != "table":
        return None
    table = chain[0]
    rows = [n for n in chain[1:] if n.role in ("block", "row-group", "row")]
    cols = [n for n in chain[1:] if n.role == "column-group"]
    return Place(
        table.key, table.label.zh, table.label.en,
        ".".join(n.key for n in rows), " / ".join(n.label.zh for n in rows if n.role != "block"),
        " / ".join(n.label.en for n in rows if n.role != "block"),
        ".".join(n.key for n in cols), " / ".join(n.label.zh for n in cols),
        " / ".join(n.label.en for n in cols),
    )


def _pointer(path: Any) -> str:
    return "".join("/" + escape_token(str(p)) for p in path)


def _number_hint(value: str) -> tuple[str, str] | None:
    """('schema.fullwidth_digits'|'schema.numeric_text', suggestion) for numbers typed as text."""
    if _FULLWIDTH.match(value) and not _NUMERIC.match(value):
        return "schema.fullwidth_digits", unicodedata.normalize("NFKC", value).strip()
    if _NUMERIC.match(value):
        return "schema.numeric_text", value.strip()
    return None


def schema_findings(edition: Edition, data: dict[str, Any], file: str) -> tuple[list[Finding], set[str]]:
    """All schema errors of one report, and the pointers of cells they make unusable."""
    if _fast(edition).is_valid(data):
        return [], set()
    findings: list[Finding] = []
    bad: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for err in _detailed(edition).iter_errors(data):
        for finding in _convert(edition, err, file):
            key = (finding.code, finding.pointer)
            if key in seen:
                continue
            seen.add(key)
            findings.append(finding)
            bad.add(finding.pointer)
    return findings, bad


def _convert(edition: Edition, err: Any, file: str) -> list[Finding]:
    pointer = _pointer(err.absolute_path)
    kw = err.validator
    inst = err.instance

    def make(code: str, ptr: str = pointer, **params: Any) -> Finding:
        return Finding(code, ERROR, file, ptr, params=params, place=place_of(edition, ptr))

    if kw == "required":
        return [make("schema.required", f"{pointer}/{escape_token(k)}", missing=k)
                for k in err.validator_value if isinstance(inst, dict) and k not in inst]
    if kw == "additionalProperties":
        allowed = set(err.schema.get("properties", {}))
        patterns = [re.compile(p) for p in err.schema.get("patternProperties", {})]
        return [make("schema.additional", f"{pointer}/{escape_token(k)}", key=k)
                for k in inst if k not in allowed and not any(p.search(k) for p in patterns)]
    if kw == "type":
        if isinstance(inst, str):
            hint = _number_hint(inst)
            if hint is not None:
                return [make(hint[0], actual=repr(inst), suggest=hint[1])]
        cell = edition.cell_by_pointer.get(pointer)
        expected = cell.kind if cell is not None else _type_word(err.validator_value)
        return [make("schema.type", expected=expected, actual=inst)]
    if kw in ("minimum", "exclusiveMinimum"):
        return [make("schema.minimum", limit=err.validator_value, actual=inst)]
    if kw in ("maximum", "exclusiveMaximum"):
        return [make("schema.maximum", limit=err.validator_value, actual=inst)]
    if kw in ("enum", "const"):
        allowed = err.validator_value if kw == "enum" else [err.validator_value]
        shown = ", ".join(repr(a) for a in allowed if a is not None)
        return [make("schema.enum", actual=repr(inst), allowed=shown)]
    if kw == "format":
        return [make("schema.format", format=err.validator_value, actual=repr(inst))]
    if kw == "pattern":
        return [make("schema.pattern", actual=repr(inst))]
    if kw in ("maxLength", "minLength", "maxItems", "minItems"):
        return [make("schema.length", detail=f"{kw} {err.validator_value}")]
    return [make("schema.other", detail=err.message[:200])]


def _type_word(value: Any) -> str:
    types = [value] if isinstance(value, str) else list(value)
    types = [t for t in types if t != "null"] or types
    return types[0]
