"""What changed between two schema versions, or between the two editions.

Schema maintainers publish a new version and must say what changed, and ``schema release`` must
judge whether the change is major, minor or a patch; a report author moving to the 2021 edition
wants the same list. Nodes are compared by id (the JSON pointer of each table, block, row, column
group, cell, field group and field) and by label, so the list reads like the table of differences
in docs/format.md: added, removed, relabelled (same id, new ``title``), retyped (new ``x-role``,
``x-cell``, ``x-unit`` or JSON type), moved (same label and kind under another id), a row group
that spans a different number of rows, cell kinds that appear or disappear, identities added,
removed or changed, validation keywords made stricter or looser (``constraint``) and annotations
(``annotation``: descriptions, examples, ``x-`` hints). Everything is read from the two schema
files; nothing is typed here. ``semver.level`` says what each change means for a release.

``2021@1.0.0`` is always the archived, released file (``model.versions``); ``2021`` alone is the
working copy, the draft of the next version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..model.editions import EDITIONS, Edition, Node, get_edition, load_edition_file, working_edition
from ..model.versions import SchemaInvalid, UnknownVersion
from .diff_rules import (
    annotation_changes,
    constraint_changes,
    meta_fields,
    required_in,
)

COMPARED_ROLES = ("table", "block", "row-group", "row", "column-group", "cell", "narrative", "meta", "fields",
                  "field")
IDENTITY_SECTIONS = ("x-identities", "x-cross-year-identities")


class SchemaSpecError(ValueError):
    """A schema named on the command line that cannot be found or read."""


@dataclass
class Change:
    """One difference between two schema versions."""

    change: str
    pointer: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def key(self) -> tuple[str, str]:
        return (self.change, self.pointer)

    def to_dict(self) -> dict[str, Any]:
        from .semver import level

        return {"change": self.change, "pointer": self.pointer, "before": self.before, "after": self.after,
                "detail": self.detail, "level": level(self)}


@dataclass
class SchemaDiff:
    """All changes from schema ``a`` to schema ``b``, in a stable order."""

    a: dict[str, str]
    b: dict[str, str]
    changes: list[Change]

    def to_dict(self) -> dict[str, Any]:
        from .semver import required_level

        return {"format": "disclosure-kit/schema-diff", "version": "1.0", "from": self.a, "to": self.b,
                "level": required_level(self.changes), "changes": [c.to_dict() for c in self.changes]}


# ----------------------------------------------------------------------------- loading


def load_schema_spec(spec: str) -> Edition:
    """``2021@1.0.0`` (a released version, read from the archive), ``2021`` (the working copy) or a
    path to any schema file. ``SchemaInvalid`` from the archive or the working copy propagates."""
    edition, sep, version = spec.partition("@")
    if edition in EDITIONS:
        if not sep:
            return working_edition(edition)
        try:
            return get_edition(edition, version)
        except UnknownVersion as exc:
            raise SchemaSpecError(f"{spec}: no archived version {version} of edition {edition} "
                                  f"(released: {', '.join(exc.known) or 'none'})") from None
    path = Path(spec)
    if not path.is_file():
        raise SchemaSpecError(f"{spec}: neither an edition ({', '.join(EDITIONS)}), an edition@version, "
                              "nor a schema file")
    try:
        return load_edition_file(path)
    except SchemaInvalid as exc:
        raise SchemaSpecError(f"{exc.path}: {exc.reason}") from None


def describe(edition: Edition) -> dict[str, str]:
    return {"edition": edition.id, "schema_version": edition.version, "$id": edition.schema_id}


# ----------------------------------------------------------------------------- comparing


@dataclass
class _Entry:
    """One compared thing: a node of the edition tree, or a report-information field."""

    role: str
    zh: str
    en: str
    schema: dict[str, Any]
    required: bool
    node: Node | None = None


def _entries(edition: Edition) -> dict[str, _Entry]:
    out: dict[str, _Entry] = {}
    for p, n in edition.node_by_pointer.items():
        parent = n.parent.schema if n.parent is not None else None
        out[p] = _Entry(n.role, n.label.zh, n.label.en, n.schema, required_in(parent, n.key), n)
    meta = edition.schema.get("properties", {}).get("meta", {})
    for p, sub in meta_fields(edition.schema).items():
        key = p.rsplit("/", 1)[1]
        out[p] = _Entry("field", sub.get("title", key), sub.get("x-title-en", sub.get("title", key)), sub,
                        required_in(meta, key))
    return out


def _info(entry: _Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"role": entry.role, "zh": entry.zh, "en": entry.en}
    for key in ("x-cell", "x-unit"):
        if key in entry.schema:
            out[key[2:]] = entry.schema[key]
    if "type" in entry.schema:
        out["type"] = entry.schema["type"]
    out["required"] = entry.required
    return out


def _topmost(pointers: set[str], entries: dict[str, _Entry]) -> list[str]:
    """Drop pointers whose parent is in the set too (a removed block is one change, not ten), except
    fields: each field of a new field group is listed, since each is a name a portal reads."""
    return sorted(p for p in pointers if p.rsplit("/", 1)[0] not in pointers or entries[p].role == "field")


def _node_changes(a: Edition, b: Edition) -> list[Change]:
    ea, eb = _entries(a), _entries(b)
    na = {p: e for p, e in ea.items() if e.role in COMPARED_ROLES}
    nb = {p: e for p, e in eb.items() if e.role in COMPARED_ROLES}
    out: list[Change] = []
    removed = _topmost(set(na) - set(nb), na)
    added = _topmost(set(nb) - set(na), nb)
    moved: list[Change] = []
    for old in list(removed):
        ia = _info(na[old])
        match = next((new for new in added if _info(nb[new]) == ia), None)
        if match is not None:
            removed.remove(old)
            added.remove(match)
            moved.append(Change("moved", match, ia, _info(nb[match]), {"from": old}))
    out += [Change("removed", p, _info(na[p])) for p in removed]
    out += [Change("added", p, None, _info(nb[p])) for p in added]
    out += moved
    for pointer in sorted(set(na) & set(nb)):
        ia, ib = _info(na[pointer]), _info(nb[pointer])
        if (ia["zh"], ia["en"]) != (ib["zh"], ib["en"]):
            out.append(Change("relabelled", pointer, {"zh": ia["zh"], "en": ia["en"]},
                              {"zh": ib["zh"], "en": ib["en"]}))
        typed = ("role", "cell", "unit", "type")
        if any(ia.get(k) != ib.get(k) for k in typed):
            out.append(Change("retyped", pointer, {k: ia.get(k) for k in typed}, {k: ib.get(k) for k in typed}))
        if ia["role"] == ib["role"] == "row-group":
            ra, rb = _leaf_rows(na[pointer].node), _leaf_rows(nb[pointer].node)
            if ra != rb:
                out.append(Change("rowspan", pointer, {"rows": ra}, {"rows": rb}))
    out += _rule_changes(a, b, ea, eb)
    return out


def _rule_changes(a: Edition, b: Edition, ea: dict[str, _Entry], eb: dict[str, _Entry]) -> list[Change]:
    """Validation keywords and annotations of everything present on both sides."""
    out: list[Change] = []
    same_edition = a.id == b.id
    for pointer in sorted(set(ea) & set(eb)):
        x, y = ea[pointer], eb[pointer]
        if not same_edition and pointer in ("", "/edition"):
            continue  # the edition's own identity differs between editions by definition
        common = {k for k in (x.schema.get("properties") or {}) if k in (y.schema.get("properties") or {})}
        sa = {**x.schema, "required": [k for k in x.schema.get("required") or [] if k in common]}
        sb = {**y.schema, "required": [k for k in y.schema.get("required") or [] if k in common]}
        for kw, before, after, strict in constraint_changes(pointer, sa, sb):
            if kw == "type" and x.role in COMPARED_ROLES:
                continue  # reported as ``retyped``
            out.append(Change("constraint", pointer, {kw: before}, {kw: after}, {"keyword": kw, "stricter": strict}))
        if not same_edition:
            continue  # hints, examples and plausibility rules are each edition's own, not a difference of format
        for kw, before, after in annotation_changes(x.schema, y.schema, (a.version, b.version)):
            out.append(Change("annotation", pointer, {kw: before}, {kw: after}, {"keyword": kw}))
    return out


def _leaf_rows(node: Node | None) -> int:
    if node is None:
        return 0
    if node.role == "row":
        return 1
    return sum(_leaf_rows(c) for c in node.children if c.role in ("row", "row-group"))


def _kinds(edition: Edition) -> set[tuple[str, str | None]]:
    return {(c.kind, c.unit) for c in edition.cells}


def _kind_changes(a: Edition, b: Edition) -> list[Change]:
    ka, kb = _kinds(a), _kinds(b)

    def change(name: str, kind: tuple[str, str | None]) -> Change:
        value = {"cell": kind[0], "unit": kind[1]}
        return Change(name, f"#cell-kind/{kind[0]}" + (f"/{kind[1]}" if kind[1] else ""),
                      value if name == "kind-removed" else None, value if name == "kind-added" else None)

    return ([change("kind-removed", k) for k in sorted(ka - kb, key=str)]
            + [change("kind-added", k) for k in sorted(kb - ka, key=str)])


def _terms(rule: dict[str, Any], side: str) -> list[str]:
    return [t if isinstance(t, str) else orjson.dumps(t, option=orjson.OPT_SORT_KEYS).decode()
            for t in rule.get(side, [])]


def _rule_info(rule: dict[str, Any]) -> dict[str, Any]:
    return {"title": rule.get("title"), "severity": rule.get("severity", "error")}


def _identity_changes(a: Edition, b: Edition) -> list[Change]:
    out: list[Change] = []
    for section in IDENTITY_SECTIONS:
        ra = {r["id"]: r for r in a.schema.get(section, [])}
        rb = {r["id"]: r for r in b.schema.get(section, [])}
        for rid in sorted(set(ra) - set(rb)):
            out.append(Change("identity-removed", f"#{section}/{rid}", _rule_info(ra[rid])))
        for rid in sorted(set(rb) - set(ra)):
            out.append(Change("identity-added", f"#{section}/{rid}", None, _rule_info(rb[rid])))
        for rid in sorted(set(ra) & set(rb)):
            x, y = ra[rid], rb[rid]
            detail: dict[str, Any] = {}
            for side in ("left", "right"):
                tx, ty = _terms(x, side), _terms(y, side)
                if tx != ty:
                    detail[side] = {"removed": [t for t in tx if t not in ty], "added": [t for t in ty if t not in tx]}
            fx, fy = x.get("foreach", {}), y.get("foreach", {})
            for name in sorted(set(fx) | set(fy)):
                vx, vy = fx.get(name, []), fy.get(name, [])
                if vx != vy:
                    detail[f"foreach.{name}"] = {"removed": [v for v in vx if v not in vy],
                                                 "added": [v for v in vy if v not in vx]}
            for key in ("title", "x-title-en", "severity"):
                if x.get(key) != y.get(key):
                    detail[key] = {"before": x.get(key), "after": y.get(key)}
            if detail:
                out.append(Change("identity-changed", f"#{section}/{rid}", {"title": x["title"]},
                                  {"title": y["title"]}, detail))
    return out


def diff_editions(a: Edition, b: Edition) -> SchemaDiff:
    """Every change from ``a`` to ``b``: nodes and their keywords first (by pointer), then cell kinds,
    then identities."""
    nodes = sorted(_node_changes(a, b), key=lambda c: (c.pointer, c.change, str(c.detail.get("keyword", ""))))
    return SchemaDiff(describe(a), describe(b), nodes + _kind_changes(a, b) + _identity_changes(a, b))


# ----------------------------------------------------------------------------- text


WORDS = {
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "relabelled": ("改名", "relabelled"),
    "retyped": ("改类型", "retyped"),
    "moved": ("移动", "moved"),
    "rowspan": ("行数变化", "rows spanned"),
    "kind-added": ("新增单元格类型", "cell kind added"),
    "kind-removed": ("不再有单元格类型", "cell kind removed"),
    "identity-added": ("新增勾稽规则", "identity added"),
    "identity-removed": ("删除勾稽规则", "identity removed"),
    "identity-changed": ("勾稽规则变化", "identity changed"),
    "constraint": ("校验规则变化", "rule changed"),
    "annotation": ("说明变化", "annotation changed"),
}


def _type_word(value: Any) -> str:
    return "|".join(value) if isinstance(value, list) else str(value)


def _label(info: dict[str, Any] | None, lang: str) -> str:
    if not info:
        return ""
    if "zh" in info:
        text = info["en"] if lang == "en" else info["zh"]
        extra = [info[k] for k in ("role", "cell", "unit") if info.get(k)]
        if info.get("role") == "field" and info.get("type"):
            extra.append(_type_word(info["type"]))
        return f"{text} ({', '.join(extra)})" if extra else text
    if "title" in info:
        return str(info["title"])
    return ", ".join(f"{k}={_brief(v)}" for k, v in info.items())


def _brief(value: Any, limit: int = 80) -> str:
    """A keyword's value on one line, cut to ``limit`` characters (rule lists: their ids)."""
    if isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
        text = "[" + ", ".join(str(v["id"]) for v in value) + "]"
    elif value is None:
        text = "—"
    else:
        text = orjson.dumps(value).decode() if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def change_what(c: Change, lang: str = "zh") -> str:
    """What one change is, without its pointer: ``label`` or ``before → after``."""
    if c.change == "moved":
        return f"{c.detail['from']} → {c.pointer}  {_label(c.after, lang)}"
    if c.before and c.after and c.before != c.after:
        return f"{_label(c.before, lang)} → {_label(c.after, lang)}"
    return _label(c.before or c.after, lang)


def diff_text(diff: SchemaDiff, lang: str = "zh") -> str:
    """One line per change: ``word pointer  label`` (and ``before → after`` where both exist)."""
    en = lang == "en"
    head = (f"{diff.a['edition']} {diff.a['schema_version']} → {diff.b['edition']} {diff.b['schema_version']}")
    lines = [("schema diff " if en else "模式差异 ") + head]
    for c in diff.changes:
        word = WORDS[c.change][1 if en else 0]
        where = c.pointer or "#"  # the report root
        body = change_what(c, lang) if c.change == "moved" else f"{where}  {change_what(c, lang)}"
        lines.append(f"{word}: {body}")
        for key, value in c.detail.items():
            if isinstance(value, dict) and ("removed" in value or "added" in value):
                for t in value.get("removed", []):
                    lines.append(f"    - {key}: {t}")
                for t in value.get("added", []):
                    lines.append(f"    + {key}: {t}")
    lines.append(f"{len(diff.changes)} change(s)" if en else f"共 {len(diff.changes)} 处变化")
    return "\n".join(lines) + "\n"
