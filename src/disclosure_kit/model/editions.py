"""Edition objects built once from ``schema/``: tables, rows, columns, cells and identities.

Everything the rest of the package knows about the national format (official labels, row order,
cell types, the arithmetic identities) is read here from the JSON Schema of each edition. No
label is typed in Python: to correct a label or an identity, edit ``schema/`` alone and release
it (``disclosure-kit schema release``). Reports are checked against released versions only
(``versions.py``); ``get_edition(edition, version)`` builds each one once per process.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from .nodes import FIELD_GROUP, Cell, Edition, Identity, Label, Node, Term
from .resources import schema_dir
from .versions import SchemaInvalid, forget, release_of, released_bytes, version_table, working_path

EDITIONS: tuple[str, ...] = ("2019", "2021")
STRUCTURAL_ROLES = ("table", "block", "row-group", "row", "column-group")
FIELD = "field"


__all__ = [  # the model's types are imported from here
    "EDITIONS", "FIELD_GROUP", "Cell", "Edition", "Identity", "Label", "Node", "Term", "all_editions",
    "build_edition", "edition_at", "edition_key", "get_edition", "working_edition",
]


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Merge a local ``$ref`` target under the keywords written beside the ``$ref``."""
    ref = schema.get("$ref")
    if not ref:
        return schema
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref is supported in edition schemas, got {ref!r}")
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part]
    merged = dict(_resolve(target, root))
    merged.update({k: v for k, v in schema.items() if k != "$ref"})
    return merged


def _build_tree(schema: dict[str, Any]) -> tuple[Node, dict[str, Node]]:
    index: dict[str, Node] = {}

    def walk(key: str, pointer: str, sub: dict[str, Any], parent: Node | None) -> Node:
        sub = _resolve(sub, schema)
        node = Node(
            key=key,
            pointer=pointer,
            role=sub.get("x-role", "value"),
            label=Label(sub.get("title", key), sub.get("x-title-en", sub.get("title", key))),
            short=sub.get("x-short"),
            schema=sub,
            parent=parent,
            path=tuple(pointer.split("/")[1:]) if pointer else (),
        )
        index[pointer] = node
        if node.role in ("report", *STRUCTURAL_ROLES):
            for child_key, child in sub.get("properties", {}).items():
                node.children.append(walk(child_key, f"{pointer}/{child_key}", child, node))
        elif node.role == FIELD_GROUP:
            for child_key, child in sub.get("properties", {}).items():
                leaf = walk(child_key, f"{pointer}/{child_key}", {**child, "x-role": FIELD}, node)
                node.children.append(leaf)
        return node

    root = walk("", "", schema, None)
    return root, index


def _cell_of(node: Node) -> Cell:
    chain = node.ancestors()[1:]  # drop the report root
    table = chain[0]
    rows = tuple(n for n in chain[1:] if n.role in ("block", "row-group", "row"))
    columns = (*tuple(n for n in chain[1:] if n.role == "column-group"), node)
    return Cell(
        node=node,
        kind=node.schema.get("x-cell", "count"),
        unit=node.schema.get("x-unit"),
        table=table,
        rows=rows,
        columns=columns,
    )


def _expand(rule: dict[str, Any], cells: dict[str, Cell], edition: str) -> list[Identity]:
    """Expand one declared rule over the cartesian product of its ``foreach`` lists."""
    foreach: dict[str, list[str]] = rule.get("foreach", {})
    names = list(foreach)
    out: list[Identity] = []
    for combo in itertools.product(*(foreach[n] for n in names)) if names else [()]:
        bind = dict(zip(names, combo, strict=True))

        def term(spec: str | dict[str, Any], bind: dict[str, str] = bind) -> Term:
            if isinstance(spec, str):
                spec = {"pointer": spec}
            pointer = spec["pointer"]
            for name, value in bind.items():
                pointer = pointer.replace("{" + name + "}", value)
            if pointer not in cells:
                raise ValueError(
                    f"schema {edition}: identity {rule['id']} names {pointer}, which is not a cell"
                )
            return Term(cells[pointer], int(spec.get("sign", 1)), spec.get("year", "current"))

        out.append(
            Identity(
                rule_id=rule["id"],
                severity=rule.get("severity", "error"),
                label=Label(rule["title"], rule.get("x-title-en", rule["title"])),
                left=tuple(term(t) for t in rule["left"]),
                right=tuple(term(t) for t in rule["right"]),
                bindings=tuple(bind.items()),
            )
        )
    return out


def build_edition(schema: dict[str, Any]) -> Edition:
    """Build the Edition model from one report schema (already parsed)."""
    root, index = _build_tree(schema)
    cells = [_cell_of(n) for n in root.leaves()]
    for i, cell in enumerate(cells):
        cell.index = i
    by_pointer = {c.pointer: c for c in cells}
    edition = str(schema["x-edition"])
    return Edition(
        id=edition,
        version=schema["x-schema-version"],
        schema_id=schema["$id"],
        schema=schema,
        root=root,
        cells=cells,
        cell_by_pointer=by_pointer,
        node_by_pointer=index,
        identities=[i for r in schema.get("x-identities", []) for i in _expand(r, by_pointer, edition)],
        cross_year=[
            i for r in schema.get("x-cross-year-identities", []) for i in _expand(r, by_pointer, edition)
        ],
        first_year=schema.get("x-years", {}).get("first"),
        last_year=schema.get("x-years", {}).get("last"),
    )


def get_edition(edition: str, version: str | None = None) -> Edition:
    """A released version of an edition (the latest when ``version`` is None), built once per process.

    Raises ``KeyError`` for an unknown edition, ``versions.UnknownVersion`` for a version never
    released, and ``SchemaInvalid`` when the archived file changed or cannot be built.
    """
    if edition not in EDITIONS:
        raise KeyError(edition)
    return _released(schema_dir(), edition, version or version_table(edition).latest)


def edition_at(edition: str, version: str) -> Edition:
    """``get_edition`` for a version known to be released, through the per-edition table: the
    per-report path of ``validate`` (two dict lookups once the version is built)."""
    table = version_table(edition)
    found = table.editions.get(version)
    if found is None:
        found = table.editions[version] = get_edition(edition, version)
    return found


@cache
def _released(root: Path, edition: str, version: str) -> Edition:
    release = release_of(edition, version)
    edition_obj = edition_from_bytes(released_bytes(release, root), root / release.path)
    if (edition_obj.id, edition_obj.version) != (edition, version):
        raise SchemaInvalid(root / release.path, f"declares edition {edition_obj.id} version {edition_obj.version}, "
                                                 f"but is released as {edition} {version}")
    return edition_obj


def forget_releases() -> None:
    """Drop what this process has read of the archive (after ``schema release`` wrote a new version)."""
    forget()
    _released.cache_clear()


def edition_from_bytes(data: bytes, path: Path | str) -> Edition:
    """Parse and build one report schema; any failure becomes ``SchemaInvalid`` naming the file."""
    try:
        schema = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise SchemaInvalid(path, f"not valid JSON ({exc})") from None
    if not isinstance(schema, dict):
        raise SchemaInvalid(path, "the top level is not a JSON object")
    try:
        return build_edition(schema)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as exc:
        raise SchemaInvalid(path, f"not a disclosure-kit report schema ({type(exc).__name__}: {exc})") from None


def load_edition_file(path: Path) -> Edition:
    """Any report schema file (a working copy, a file named on the command line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaInvalid(path, f"cannot be read ({exc.strerror or exc})") from None
    return edition_from_bytes(data, path)


def working_edition(edition: str) -> Edition:
    """The working copy of an edition (the draft of its next version); never cached."""
    if edition not in EDITIONS:
        raise KeyError(edition)
    return load_edition_file(working_path(edition))


def all_editions() -> list[Edition]:
    """The latest released version of every edition."""
    return [get_edition(e) for e in EDITIONS]


def edition_key(value: Any) -> str | None:
    """Map the ``edition`` value of a report (``"2021"``, ``2021`` or ``2021.0``) to an edition id.

    ``2021.0`` is 2021, as JSON Schema compares numbers (the schema's ``enum`` accepts it), so the
    checker and the schema never disagree on a report's edition; None when it names none.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | str) and str(value) in EDITIONS:
        return str(value)
    return None
