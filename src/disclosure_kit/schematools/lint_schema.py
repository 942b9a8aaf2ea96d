"""The checks of one report-schema file, each finding placed at its line and column.

A schema that the model cannot build makes every command stop, so the maintainer needs to know
exactly where it is wrong: the file is parsed with positions, checked against the JSON Schema
2020-12 meta-schema and our ``x-`` keyword meta-schema, then walked the way ``model.editions``
walks it (resolving each local ``$ref``) to check what no meta-schema can say: both labels on
every node and field, labels unique among siblings, the row order (``required`` lists every child
in the order of ``properties``), identities naming only cells that exist, ``x-beside`` and
``x-column-groups`` naming what exists.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..check.findings import ERROR, Finding
from ..check.sourcemap import SourceMap, escape_token, json_sourcemap
from ..model.editions import EDITIONS, STRUCTURAL_ROLES
from ..model.resources import schema_dir
from .lint_messages import LINT_TEMPLATES  # noqa: F401  (registers the messages)

# The $id of every released report schema: ``schema release`` writes it, ``schema lint`` expects it.
ID_TEMPLATE = "https://disclosure-kit.org/schema/{edition}/{version}/report.schema.json"
LABELLED_ROLES = ("table", "block", "row-group", "row", "column-group", "cell", "narrative", "meta", "fields")


@dataclass
class SchemaFile:
    """A report-schema file being linted: its text, data, positions and findings so far."""

    name: str
    text: str
    data: Any = None
    smap: SourceMap | None = None
    findings: list[Finding] = field(default_factory=list)
    cells: set[str] = field(default_factory=set)  # report pointers of every cell, for identities
    nodes: set[str] = field(default_factory=set)  # report pointers of every node and field

    def add(self, code: str, at: str, *, key: bool = False, severity: str = ERROR, **params: Any) -> None:
        """A finding at the JSON pointer ``at`` of the file (the key that holds it when ``key``)."""
        where = None
        if self.smap is not None:
            where = self.smap.key(at) if key else self.smap.value(at)
        line, column = where if where else (None, None)
        self.findings.append(Finding(code, severity, self.name, at, line, column, params=params))


def parse(name: str, raw: bytes, positions: bool = True) -> SchemaFile:
    """Decode and parse; a syntax error is a finding at its line and column. ``positions`` maps
    every value to its line (for findings); without it the findings have none."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        sf = SchemaFile(name, "")
        sf.findings.append(Finding("lint.json", ERROR, name, "", 1, 1, params={"detail": f"not UTF-8 ({exc.reason})"}))
        return sf
    sf = SchemaFile(name, text)
    try:
        sf.data = json.loads(text)
    except json.JSONDecodeError as exc:
        sf.findings.append(Finding("lint.json", ERROR, name, "", exc.lineno, exc.colno, params={"detail": exc.msg}))
        return sf
    if positions:
        sf.smap = json_sourcemap(text)
    return sf


def _pointer(path: Any) -> str:
    return "".join("/" + escape_token(str(p)) for p in path)


@cache
def _keyword_validator() -> Any:
    import jsonschema

    meta = json.loads((schema_dir() / "meta" / "x-keywords.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(meta)


def meta_schemas(sf: SchemaFile) -> None:
    """JSON Schema 2020-12 and our x-keywords meta-schema, every error at its place."""
    import jsonschema

    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    for err in sorted(meta.iter_errors(sf.data), key=lambda e: list(map(str, e.absolute_path))):
        sf.add("lint.meta_schema", _pointer(err.absolute_path), detail=err.message[:300])
    for err in sorted(_keyword_validator().iter_errors(sf.data), key=lambda e: list(map(str, e.absolute_path))):
        sf.add("lint.keywords", _pointer(err.absolute_path), detail=err.message[:300])


# ----------------------------------------------------------------------------- the walk


def _resolve(sf: SchemaFile, sub: dict[str, Any], at: str, seen: tuple[str, ...] = (),
             report: bool = True) -> dict[str, Any] | None:
    """``sub`` with its local ``$ref`` merged in; None (and, when ``report``, a finding) when the
    target is missing."""
    ref = sub.get("$ref")
    if not isinstance(ref, str):
        return sub
    target: Any = sf.data
    ok = ref.startswith("#/") and ref not in seen
    for part in ref[2:].split("/") if ok else ():
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            ok = False
            break
        target = target[part]
    if not ok or not isinstance(target, dict):
        if report:
            sf.add("lint.ref", f"{at}/$ref", ref=ref)
        return None
    base = _resolve(sf, target, ref[1:], (*seen, ref), report)
    if base is None:
        return None
    return {**base, **{k: v for k, v in sub.items() if k != "$ref"}}


def _labels(sf: SchemaFile, sub: dict[str, Any], at: str, what: str) -> tuple[str, str]:
    zh, en = sub.get("title"), sub.get("x-title-en")
    if not isinstance(zh, str) or not zh.strip():
        sf.add("lint.title_missing", at, key=True, what=what)
    if not isinstance(en, str) or not en.strip():
        sf.add("lint.title_en_missing", at, key=True, what=what)
    return (zh if isinstance(zh, str) else "", en if isinstance(en, str) else "")


def _siblings_unique(sf: SchemaFile, labelled: list[tuple[str, str, str]]) -> None:
    """(file pointer, zh, en) of siblings: each label may appear once among them."""
    for index in (1, 2):
        first: dict[str, str] = {}
        for entry in labelled:
            label = entry[index]
            if not label:
                continue
            if label in first:
                sf.add("lint.label_duplicate", entry[0], key=True, label=label, other=first[label])
            else:
                first[label] = entry[0]


def walk(sf: SchemaFile) -> None:
    """Labels, row order and field groups of the whole tree; fills ``sf.cells`` and ``sf.nodes``."""
    root = sf.data

    def visit(sub: dict[str, Any], at: str, report_ptr: str, depth: int) -> None:
        resolved = _resolve(sf, sub, at)
        if resolved is None or depth > 32:
            return
        role = resolved.get("x-role")
        if report_ptr:
            sf.nodes.add(report_ptr)
        if role in LABELLED_ROLES:
            _labels(sf, resolved, at, role)
        if role == "cell":
            sf.cells.add(report_ptr)
        props = resolved.get("properties")
        if not isinstance(props, dict):
            return
        if role in STRUCTURAL_ROLES and list(resolved.get("required") or []) != list(props):
            missing = [k for k in props if k not in (resolved.get("required") or [])]
            extra = [k for k in resolved.get("required") or [] if k not in props]
            sf.add("lint.row_order", at, key=True, missing=", ".join(missing) or "—", extra=", ".join(extra) or "—")
        if role in ("report", *STRUCTURAL_ROLES):
            labelled = []
            for key, child in props.items():
                if isinstance(child, dict) and isinstance(key, str) and not key.startswith("$"):
                    child_at = f"{at}/properties/{escape_token(key)}"
                    visit(child, child_at, f"{report_ptr}/{escape_token(key)}", depth + 1)
                    target = _resolve(sf, child, child_at, report=False)
                    if target and target.get("x-role") in LABELLED_ROLES:
                        labelled.append((child_at, target.get("title", ""), target.get("x-title-en", "")))
            _siblings_unique(sf, labelled)
        elif role in ("meta", "fields"):
            _fields(sf, props, at, report_ptr, role)
        if role == "table":
            _column_groups(sf, resolved, at, report_ptr)

    if isinstance(root, dict):
        visit(root, "", "", 0)
        _beside(sf)


def _fields(sf: SchemaFile, props: dict[str, Any], at: str, report_ptr: str, role: str) -> None:
    labelled = []
    for key, sub in props.items():
        child_at = f"{at}/properties/{escape_token(key)}"
        sf.nodes.add(f"{report_ptr}/{escape_token(key)}")
        if isinstance(sub, dict):
            labelled.append((child_at, *_labels(sf, sub, child_at, "field")))
    _siblings_unique(sf, labelled)


def _column_groups(sf: SchemaFile, table: dict[str, Any], at: str, report_ptr: str) -> None:
    groups = table.get("x-column-groups") or []
    columns = {p.rsplit("/", 1)[1] for p in sf.cells if p.startswith(f"{report_ptr}/")}
    for i, group in enumerate(groups if isinstance(groups, list) else []):
        for j, col in enumerate(group.get("columns", []) if isinstance(group, dict) else []):
            if col not in columns:
                sf.add("lint.column_group", f"{at}/x-column-groups/{i}/columns/{j}", column=col)


def _beside(sf: SchemaFile) -> None:
    props = sf.data.get("properties") if isinstance(sf.data, dict) else None
    if not isinstance(props, dict):
        return
    for key, sub in props.items():
        if isinstance(sub, dict) and "x-beside" in sub:
            target = props.get(sub["x-beside"]) if isinstance(sub["x-beside"], str) else None
            target = _resolve(sf, target, "", report=False) if isinstance(target, dict) else None
            if not target or target.get("x-role") != "narrative":
                sf.add("lint.beside", f"/properties/{escape_token(key)}/x-beside", section=sub["x-beside"])


# ----------------------------------------------------------------------------- identities and identity


def identities(sf: SchemaFile) -> None:
    """Every pointer of every expanded rule names a cell; rule ids are unique."""
    seen: dict[str, str] = {}
    for section in ("x-identities", "x-cross-year-identities"):
        rules = sf.data.get(section) if isinstance(sf.data, dict) else None
        for i, rule in enumerate(rules if isinstance(rules, list) else []):
            if not isinstance(rule, dict):
                continue
            at = f"/{section}/{i}"
            rid = rule.get("id")
            if isinstance(rid, str):
                if rid in seen:
                    sf.add("lint.identity_duplicate", f"{at}/id", rule=rid, other=seen[rid])
                seen.setdefault(rid, f"{at}/id")
            foreach = rule.get("foreach") if isinstance(rule.get("foreach"), dict) else {}
            names = [n for n, v in foreach.items() if isinstance(v, list)]
            combos = list(itertools.product(*(foreach[n] for n in names)))[:10000] if names else [()]
            for side in ("left", "right"):
                for j, term in enumerate(rule.get(side) or []):
                    spec = term.get("pointer") if isinstance(term, dict) else term
                    if not isinstance(spec, str):
                        continue
                    where = f"{at}/{side}/{j}" + ("/pointer" if isinstance(term, dict) else "")
                    for combo in combos:
                        pointer = spec
                        for name, value in zip(names, combo, strict=True):
                            pointer = pointer.replace("{" + name + "}", str(value))
                        if pointer not in sf.cells:
                            sf.add("lint.identity_cell", where, rule=rid, pointer=pointer)
                            break


def identity_keys(sf: SchemaFile, edition: str | None, version: str | None) -> None:
    """``x-edition``, ``x-schema-version`` and ``$id`` agree with each other and with the file's place."""
    data = sf.data if isinstance(sf.data, dict) else {}
    found_edition, found_version, found_id = data.get("x-edition"), data.get("x-schema-version"), data.get("$id")
    if edition is not None and found_edition != edition:
        sf.add("lint.edition", "/x-edition", expected=edition, found=found_edition)
    if version is not None and found_version != version:
        sf.add("lint.version", "/x-schema-version", expected=version, found=found_version)
    if isinstance(found_edition, str) and found_edition in EDITIONS and isinstance(found_version, str):
        expected = ID_TEMPLATE.format(edition=found_edition, version=found_version)
        if found_id != expected:
            sf.add("lint.id", "/$id", expected=expected, found=found_id)


def schema_structure(name: str, raw: bytes) -> SchemaFile:
    """The data and the node pointers of a file whose findings nobody reads: a release that still
    has its hash (it was linted when it was released). Neither positions nor the meta-schemas,
    which cost most of a lint."""
    sf = parse(name, raw, positions=False)
    if isinstance(sf.data, dict):
        walk(sf)
    return sf


def lint_report_schema(name: str, raw: bytes, edition: str | None = None, version: str | None = None) -> SchemaFile:
    """Every check of one report-schema file; the findings are in ``.findings``."""
    sf = parse(name, raw)
    if sf.data is None:
        return sf
    if not isinstance(sf.data, dict):
        sf.add("lint.meta_schema", "", detail="the top level is not a JSON object")
        return sf
    meta_schemas(sf)
    walk(sf)
    identities(sf)
    identity_keys(sf, edition, version)
    return sf
