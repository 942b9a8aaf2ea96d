"""Schema errors -> findings with codes, JSON pointers and the official labels of the cell.

jsonschema-rs answers "valid?" in microseconds and, for a report that is not, lists every error
with its path, its keyword and the keyword's value (read back from the schema by the error's
schema path, exactly as the Python validator gives it). An error whose keyword has no finding of
its own here (``schema.other``, whose text is the validator's message) sends the report to the
Python jsonschema validator instead, so the findings are those it always gave; that validator
costs 0.2 s to import and about 4 ms per report, against 35 µs.
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


class _Error:
    """The parts of a validation error a finding is made of, from either validator."""

    __slots__ = ("instance", "keyword", "message", "path", "schema", "value")

    def __init__(self, keyword: str, value: Any, path: Any, instance: Any, schema: Any, message: str = "") -> None:
        self.keyword, self.value, self.path, self.instance, self.schema = keyword, value, path, instance, schema
        self.message = message


# The keywords whose findings need nothing but the keyword's value (not the validator's message).
_OWN_FINDINGS = frozenset({
    "required", "additionalProperties", "type", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum",
    "enum", "const", "format", "pattern", "maxLength", "minLength", "maxItems", "minItems"})


def schema_findings(edition: Edition, data: dict[str, Any], file: str) -> tuple[list[Finding], set[str]]:
    """All schema errors of one report, and the pointers of cells they make unusable."""
    fast = _fast(edition)
    if fast.is_valid(data):
        return [], set()
    errors = _rs_errors(edition, fast, data)
    if errors is None:
        errors = [_Error(e.validator, e.validator_value, e.absolute_path, e.instance, e.schema, e.message)
                  for e in _detailed(edition).iter_errors(data)]
    findings: list[Finding] = []
    bad: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for err in errors:
        for finding in _convert(edition, err, file):
            key = (finding.code, finding.pointer)
            if key in seen:
                continue
            seen.add(key)
            findings.append(finding)
            bad.add(finding.pointer)
    return findings, bad


def _rs_errors(edition: Edition, validator: Any, data: dict[str, Any]) -> list[_Error] | None:
    """jsonschema-rs's errors, or None when one of them needs the Python validator's message."""
    out = []
    for err in validator.iter_errors(data):
        keyword = err.kind.name
        path = list(err.schema_path)
        if keyword not in _OWN_FINDINGS or not path or path[-1] != keyword:
            return None
        try:
            schema = edition.schema
            for step in path[:-1]:
                schema = schema[step]
        except (KeyError, IndexError, TypeError):
            return None
        out.append(_Error(keyword, schema[keyword], err.instance_path, err.instance, schema))
    return out


def _convert(edition: Edition, err: _Error, file: str) -> list[Finding]:
    pointer = _pointer(err.path)
    kw = err.keyword
    inst = err.instance

    def make(code: str, ptr: str = pointer, **params: Any) -> Finding:
        return Finding(code, ERROR, file, ptr, params=params, place=place_of(edition, ptr))

    if kw == "required":
        return [make("schema.required", f"{pointer}/{escape_token(k)}", missing=k)
                for k in err.value if isinstance(inst, dict) and k not in inst]
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
        expected = cell.kind if cell is not None else _type_word(err.value)
        return [make("schema.type", expected=expected, actual=inst)]
    if kw in ("minimum", "exclusiveMinimum"):
        return [make("schema.minimum", limit=err.value, actual=inst)]
    if kw in ("maximum", "exclusiveMaximum"):
        return [make("schema.maximum", limit=err.value, actual=inst)]
    if kw in ("enum", "const"):
        allowed = err.value if kw == "enum" else [err.value]
        shown = ", ".join(repr(a) for a in allowed if a is not None)
        return [make("schema.enum", actual=repr(inst), allowed=shown)]
    if kw == "format":
        return [make("schema.format", format=err.value, actual=repr(inst))]
    if kw == "pattern":
        return [make("schema.pattern", actual=repr(inst))]
    if kw in ("maxLength", "minLength", "maxItems", "minItems"):
        return [make("schema.length", detail=f"{kw} {err.value}")]
    return [make("schema.other", detail=err.message[:200])]  # the Python validator's error


def _type_word(value: Any) -> str:
    types = [value] if isinstance(value, str) else list(value)
    types = [t for t in types if t != "null"] or types
    return types[0]
