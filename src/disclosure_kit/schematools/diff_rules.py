"""The parts of a schema diff below the labels: validation keywords, annotations, field lists.

``diff.py`` compares the tree of tables, rows and cells by id and label. What a release must also
see is here: a validation keyword that changed (``constraint``, with whether it is stricter, so
that ``schema release`` can tell a major change from a minor one), and an annotation that changed
(``annotation``: a description, an ``examples`` list, an ``x-`` keyword such as a plausibility rule
or an import hint). Everything is read from the two schema dicts; nothing is typed here.
"""

from __future__ import annotations

import re
from typing import Any

# JSON Schema keywords that decide whether a value is valid, and how each one tightens.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
VALIDATION = (*LOWER_BOUNDS, *UPPER_BOUNDS, "type", "enum", "const", "pattern", "format", "multipleOf",
              "required", "additionalProperties", "patternProperties", "propertyNames", "uniqueItems",
              "dependentRequired", "not", "if", "then", "else", "allOf", "anyOf", "oneOf", "items",
              "prefixItems", "contains")
# Keywords compared elsewhere (tree, labels, identities) or that name the release itself.
NOT_ANNOTATIONS = frozenset({
    "properties", "$defs", "$ref", "$schema", "title", "x-title-en", "x-role", "x-cell", "x-unit",
    "x-identities", "x-cross-year-identities", "$id", "x-schema-version", "x-edition",
})


def _types(value: Any) -> set[str]:
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def _as_set(value: Any) -> set[str]:
    import orjson

    return {orjson.dumps(v, option=orjson.OPT_SORT_KEYS).decode() for v in (value or [])}


def stricter(keyword: str, before: Any, after: Any) -> bool:
    """Whether changing ``keyword`` from ``before`` to ``after`` can make a valid report invalid.

    ``None`` stands for an absent keyword. Unknown shapes count as stricter: a release is judged
    on the safe side.
    """
    if after is None:  # a keyword removed only ever lets more through
        return False
    if before is None:
        return not (keyword == "additionalProperties" and after is not False)
    if keyword in LOWER_BOUNDS:
        return isinstance(after, int | float) and isinstance(before, int | float) and after > before
    if keyword in UPPER_BOUNDS:
        return isinstance(after, int | float) and isinstance(before, int | float) and after < before
    if keyword == "type":
        return not _types(after) >= _types(before)
    if keyword == "enum":
        return not _as_set(after) >= _as_set(before)
    if keyword == "required":
        return not set(before) >= set(after)
    if keyword == "additionalProperties":
        return after is False or (isinstance(after, dict) and before is not False)
    return True  # const, pattern, format, combinators…: any change may reject a valid value


def constraint_changes(pointer: str, a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any, Any, bool]]:
    """(keyword, before, after, stricter) for every validation keyword that differs on one node."""
    out = []
    for kw in VALIDATION:
        x, y = a.get(kw), b.get(kw)
        if kw == "required":
            x, y = sorted(x or []), sorted(y or [])
            if x == y:
                continue
        elif x == y:
            continue
        out.append((kw, x, y, stricter(kw, x if x != [] else None, y if y != [] else None)))
    return out


def _normal_description(text: Any, version: str) -> Any:
    """A description that names its own version (``schema version 1.0.0``) compares without it."""
    return re.sub(re.escape(version), "{version}", text) if isinstance(text, str) and version else text


def annotation_changes(a: dict[str, Any], b: dict[str, Any], versions: tuple[str, str]) -> list[tuple[str, Any, Any]]:
    """(keyword, before, after) for every annotation (non-validation keyword) that differs."""
    out = []
    for kw in sorted(set(a) | set(b)):
        if kw in NOT_ANNOTATIONS or kw in VALIDATION:
            continue
        x, y = a.get(kw), b.get(kw)
        if kw == "description":
            x, y = _normal_description(x, versions[0]), _normal_description(y, versions[1])
        if x != y:
            out.append((kw, a.get(kw), b.get(kw)))
    return out


def meta_fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The report-information fields (``/meta/<key>``), which are not nodes of the edition tree."""
    meta = schema.get("properties", {}).get("meta", {})
    return {f"/meta/{k}": v for k, v in meta.get("properties", {}).items() if isinstance(v, dict)}


def required_in(parent_schema: dict[str, Any] | None, key: str) -> bool:
    return bool(parent_schema) and key in (parent_schema.get("required") or [])
