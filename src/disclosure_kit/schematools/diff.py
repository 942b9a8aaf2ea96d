"""What changed between two schema versions, or between the two editions.

Schema maintainers publish a new version and must say what changed; a report author moving to
the 2021 edition wants the same list. Nodes are compared by id (the JSON pointer of each table,
block, row, column group and cell) and by label, so the list reads like FORMAT.md's table of
differences: added, removed, relabelled (same id, new ``title``), retyped (new ``x-role``,
``x-cell``, ``x-unit`` or JSON type), moved (same label and kind under another id), a row group
that spans a different number of rows, cell kinds that appear or disappear, and identities added,
removed or changed. Everything is read from the two schema files; nothing is typed here.

Archive of published versions (see docs/schema-tools.md)::

    schema/<edition>/report.schema.json                       the current version
    schema/<edition>/versions/<version>/report.schema.json    every published version, frozen
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..model.editions import EDITIONS, Edition, Node, build_edition, get_edition
from ..model.resources import schema_dir

COMPARED_ROLES = ("table", "block", "row-group", "row", "column-group", "cell", "narrative", "meta")
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
        return {"change": self.change, "pointer": self.pointer, "before": self.before, "after": self.after,
                "detail": self.detail}


@dataclass
class SchemaDiff:
    """All changes from schema ``a`` to schema ``b``, in a stable order."""

    a: dict[str, str]
    b: dict[str, str]
    changes: list[Change]

    def to_dict(self) -> dict[str, Any]:
        return {"format": "disclosure-kit/schema-diff", "version": "1.0", "from": self.a, "to": self.b,
                "changes": [c.to_dict() for c in self.changes]}


# ----------------------------------------------------------------------------- loading


def archived_versions(edition: str) -> list[str]:
    """Published versions kept under ``schema/<edition>/versions/``, oldest first."""
    folder = schema_dir() / edition / "versions"
    if not folder.is_dir():
        return []
    found = [p.name for p in folder.iterdir() if (p / "report.schema.json").is_file()]
    return sorted(found, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split(".")))


def load_schema_spec(spec: str) -> Edition:
    """``2021`` (current), ``2021@1.0.0`` (an archived or the current version) or a schema file path."""
    edition, _, version = spec.partition("@")
    if edition in EDITIONS:
        current = get_edition(edition)
        if not version or version == current.version:
            return current
        path = schema_dir() / edition / "versions" / version / "report.schema.json"
        if not path.is_file():
            raise SchemaSpecError(f"{spec}: no archived version {version} of edition {edition} ({path})")
    else:
        path = Path(spec)
        if not path.is_file():
            raise SchemaSpecError(f"{spec}: neither an edition ({', '.join(EDITIONS)}) nor a schema file")
    try:
        return build_edition(orjson.loads(path.read_bytes()))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise SchemaSpecError(f"{path}: not a disclosure-kit report schema ({exc})") from exc


def describe(edition: Edition) -> dict[str, str]:
    return {"edition": edition.id, "schema_version": edition.version, "$id": edition.schema_id}


# ----------------------------------------------------------------------------- comparing


def _info(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"role": node.role, "zh": node.label.zh, "en": node.label.en}
    for key in ("x-cell", "x-unit"):
        if key in node.schema:
            out[key[2:]] = node.schema[key]
    if "type" in node.schema:
        out["type"] = node.schema["type"]
    return out


def _nodes(edition: Edition) -> dict[str, Node]:
    return {p: n for p, n in edition.node_by_pointer.items() if n.role in COMPARED_ROLES}


def _topmost(pointers: set[str]) -> list[str]:
    """Drop pointers whose parent is in the set too: a removed block is one change, not ten."""
    return sorted(p for p in pointers if p.rsplit("/", 1)[0] not in pointers)


def _node_changes(a: Edition, b: Edition) -> list[Change]:
    na, nb = _nodes(a), _nodes(b)
    out: list[Change] = []
    removed = _topmost(set(na) - set(nb))
    added = _topmost(set(nb) - set(na))
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
            ra, rb = _leaf_rows(na[pointer]), _leaf_rows(nb[pointer])
            if ra != rb:
                out.append(Change("rowspan", pointer, {"rows": ra}, {"rows": rb}))
    return out


def _leaf_rows(node: Node) -> int:
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


def _identity_changes(a: Edition, b: Edition) -> list[Change]:
    out: list[Change] = []
    for section in IDENTITY_SECTIONS:
        ra = {r["id"]: r for r in a.schema.get(section, [])}
        rb = {r["id"]: r for r in b.schema.get(section, [])}
        for rid in sorted(set(ra) - set(rb)):
            out.append(Change("identity-removed", f"#{section}/{rid}", {"title": ra[rid]["title"]}))
        for rid in sorted(set(rb) - set(ra)):
            out.append(Change("identity-added", f"#{section}/{rid}", None, {"title": rb[rid]["title"]}))
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
    """Every change from ``a`` to ``b``: nodes first (by pointer), then cell kinds, then identities."""
    nodes = sorted(_node_changes(a, b), key=lambda c: (c.pointer, c.change))
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
}


def _label(info: dict[str, Any] | None, lang: str) -> str:
    if not info:
        return ""
    if "zh" in info:
        text = info["en"] if lang == "en" else info["zh"]
        extra = [info[k] for k in ("role", "cell", "unit") if info.get(k)]
        return f"{text} ({', '.join(extra)})" if extra else text
    if "title" in info:
        return str(info["title"])
    return ", ".join(f"{k}={v}" for k, v in info.items() if v is not None)


def diff_text(diff: SchemaDiff, lang: str = "zh") -> str:
    """One line per change: ``word pointer  label`` (and ``before → after`` where both exist)."""
    en = lang == "en"
    head = (f"{diff.a['edition']} {diff.a['schema_version']} → {diff.b['edition']} {diff.b['schema_version']}")
    lines = [("schema diff " if en else "模式差异 ") + head]
    for c in diff.changes:
        word = WORDS[c.change][1 if en else 0]
        if c.change == "moved":
            body = f"{c.detail['from']} → {c.pointer}  {_label(c.after, lang)}"
        elif c.before and c.after and c.before != c.after:
            body = f"{c.pointer}  {_label(c.before, lang)} → {_label(c.after, lang)}"
        else:
            body = f"{c.pointer}  {_label(c.before or c.after, lang)}"
        lines.append(f"{word}: {body}")
        for key, value in c.detail.items():
            if isinstance(value, dict) and ("removed" in value or "added" in value):
                for t in value.get("removed", []):
                    lines.append(f"    - {key}: {t}")
                for t in value.get("added", []):
                    lines.append(f"    + {key}: {t}")
    lines.append(f"{len(diff.changes)} change(s)" if en else f"共 {len(diff.changes)} 处变化")
    return "\n".join(lines) + "\n"
