"""What the checks say about a report made by ``import``, from what it recorded under ``x-import``.

An imported report says which parts the source does not contain (``x-import.absent``) and which
printed values no cell could hold (``x-import.kept``, the cell left ``null``). Such a cell is not a
blank cell: it is neither warned about as blank nor counted as 0 in an identity. Every identity
that needs one is left unevaluated, and one finding says which and why. Each kept value is
reported on its cell, an amount typed into a count column as an error, as the schema would.

Shapes (the import-record format, ``schema/import-record/1.0/``; the report schemas leave ``x-``
keys unchecked, so a hand-edited record is read defensively and what does not fit is ignored)::

    absent: [{reason: table|block|rows|ends|columns, pointers: [JSON pointer…], columns: [key…]?}]
    kept:   {pointer: {text, reason: amount_in_count|unit|word|text|columns, value?, unit?, …}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..model.editions import Edition, Node
from .findings import ERROR, INFO, WARNING, Finding
from .messages import register_templates
from .schema import place_of
from .sourcemap import escape_token

IMPORT_KEY = "x-import"
# why a part is absent, and why a printed value is kept beside its cell: (zh, en)
ABSENT_WHY: dict[str, tuple[str, str]] = {
    "table": ("来源中没有这张表（可能是图片，或页面缺失）",
              "the source has no such table (an image, or a missing page)"),
    "block": ("来源中没有这一项", "the source has no such block"),
    "rows": ("来源中没有这些行", "the source does not print these rows"),
    "ends": ("来源在此之前就结束了", "the source ends before them"),
    "columns": ("来源的表头没有这些列（表格被截断）", "the source's header has no such columns (the table is cut)"),
}
KEPT_WHY: dict[str, tuple[str, str]] = {
    "amount_in_count": ("这是金额，而此列是数量（件/项）", "it is an amount, and this column counts items"),
    "unit": ("单位与格式规定的不同，未换算", "its unit is not the one the format asks for; not converted"),
    "word": ("是文字而不是数字", "it is a word, not a number"),
    "text": ("不是数字", "it is not a number"),
    "columns": ("数值个数与列数不符，无法确定各数值所在列", "the number of values does not fit the columns"),
}

register_templates({
    "imported.absent": (
        "{parts_zh}：{why_zh}；记为缺失（不是空白，不按 0 计）",
        "{parts_en}: {why_en}; recorded as absent (not blank, not counted as 0)",
    ),
    "imported.kept": (
        "来源印的是“{text}”，此单元格无法容纳（{why_zh}）；单元格留空，原值保存在 x-import.kept",
        "the source prints '{text}', which this cell cannot hold ({why_en}); the cell is left blank and "
        "the printed value is kept under x-import.kept",
    ),
    "imported.unchecked": (
        "{count} 条勾稽关系未检查，因为所需单元格不在来源中或其值无法读入：{rules_zh}（{parts_zh}）",
        "{count} identities not checked, because cells they need are not in the source or hold no "
        "readable value: {rules_en} ({parts_en})",
    ),
    "imported.malformed": (
        "x-import 不符合导入记录格式（import-record 1.0）：{detail}；这一部分被忽略",
        "x-import does not fit the import-record format (1.0): {detail}; that part is ignored",
    ),
    "imported.unplaced": (
        "来源中有 {count} 组数值没有放入任何单元格（见 x-import.unplaced 与 x-import.unmatched）",
        "{count} groups of printed values are in no cell (see x-import.unplaced and x-import.unmatched)",
    ),
})


def label_of(node: Node, lang: str) -> str:
    """A readable name of a table, block, row or cell: ``（三）不予公开 / 1.属于国家秘密``, ``规章 / 本年制发件数``."""
    if node.role in ("table", "block"):
        return node.label.get(lang)
    rows = [n for n in (*node.ancestors(), node) if n.role in ("row-group", "row")]
    if node.role == "cell":
        cols = [n for n in (*node.ancestors(), node) if n.role in ("column-group", "cell")]
        return " / ".join(n.label.get(lang) for n in [*rows[-1:], *cols])
    return " / ".join(n.label.get(lang) for n in rows[-2:]) or node.label.get(lang)


@cache
def _leaves(edition: Edition, pointer: str) -> tuple[tuple[str, str], ...]:
    """(pointer, key) of every cell at or below a node, read once per edition."""
    node = edition.node(pointer)
    return tuple((c.pointer, c.key) for c in node.leaves()) if node is not None else ()


def cells_under(edition: Edition, pointer: str, columns: list[str] | None = None) -> set[str]:
    """The cell pointers at or below ``pointer`` (only those of ``columns`` when given)."""
    return {p for p, k in _leaves(edition, pointer) if not columns or k in columns}


def compress(edition: Edition, cells: set[str], node: Node | None = None) -> list[str]:
    """The fewest nodes (tables, blocks, rows, cells) that cover exactly these cells."""
    if node is None:
        return [p for table in edition.tables() for p in compress(edition, cells, table)]
    leaves = _leaves(edition, node.pointer)
    inside = sum(1 for p, _ in leaves if p in cells)
    if leaves and inside == len(leaves):
        return [node.pointer]
    if not inside:
        return []
    return [p for child in node.children for p in compress(edition, cells, child)]


def _pair(table: dict[str, tuple[str, str]], reason: Any) -> tuple[str, str]:
    return table.get(str(reason), (str(reason), str(reason)))


@dataclass
class ImportedParts:
    """The absent and kept parts an imported report records, as sets of cells of its edition."""

    absent: list[tuple[dict[str, Any], set[str]]] = field(default_factory=list)
    kept: list[tuple[str, dict[str, Any], set[str]]] = field(default_factory=list)
    unplaced: int = 0
    imported: bool = False
    malformed: list[tuple[str, str]] = field(default_factory=list)  # (pointer, what is wrong)

    @property
    def unknown(self) -> set[str]:
        """Cells that are not blank and hold no value: never warned as blank, never counted as 0."""
        out: set[str] = set()
        for _, cells in self.absent:
            out |= cells
        for _, _, cells in self.kept:
            out |= cells
        return out

    def revise(self, edition: Edition, name: str, findings: list[Finding]) -> list[Finding]:
        """The findings of a check with the imported report's own findings added."""
        if not self.imported:
            return findings
        out = list(findings)
        for entry, cells in self.absent:
            out.append(_absent(edition, name, entry, cells))
        for pointer, entry, _ in self.kept:
            why = _pair(KEPT_WHY, entry.get("reason"))
            severity = ERROR if entry.get("reason") == "amount_in_count" else WARNING
            out.append(Finding("imported.kept", severity, name, pointer,
                               params={"text": entry.get("text", ""), "why_zh": why[0], "why_en": why[1],
                                       "reason": entry.get("reason")}, place=place_of(edition, pointer)))
        unchecked = _unchecked(edition, name, self)
        if unchecked is not None:
            out.append(unchecked)
        if self.unplaced:
            out.append(Finding("imported.unplaced", INFO, name, "", params={"count": self.unplaced}))
        for pointer, detail in self.malformed:
            out.append(Finding("imported.malformed", WARNING, name, pointer, params={"detail": detail}))
        return out


def _absent(edition: Edition, name: str, entry: dict[str, Any], cells: set[str]) -> Finding:
    """One finding per absent part: the nodes it covers, or the columns cut off a table."""
    columns = entry.get("columns") if isinstance(entry.get("columns"), list) else None
    if columns:
        first = edition.cell_by_pointer[min(cells, key=lambda p: edition.cell_by_pointer[p].index)]
        named = {c.node.key: c for c in edition.cells if c.table is first.table}
        pointer = first.table.pointer
        zh = "列 " + "、".join(named[k].columns[-1].label.zh for k in columns if k in named)
        en = "columns " + ", ".join(named[k].columns[-1].label.en for k in columns if k in named)
    else:
        parts = compress(edition, cells)
        pointer = parts[0]
        nodes = [edition.node(p) for p in parts]
        zh = "；".join(label_of(n, "zh") if n.role != "table" else "全表" for n in nodes if n is not None)
        en = "; ".join(label_of(n, "en") if n.role != "table" else "the whole table" for n in nodes if n is not None)
    why = _pair(ABSENT_WHY, entry.get("reason"))
    return Finding("imported.absent", WARNING, name, pointer, params={
        "parts_zh": zh, "parts_en": en, "why_zh": why[0], "why_en": why[1], "reason": entry.get("reason")},
        place=place_of(edition, pointer))


def _unchecked(edition: Edition, name: str, parts: ImportedParts) -> Finding | None:
    unknown = parts.unknown
    rules: dict[str, tuple[str, str, int]] = {}
    needed: set[str] = set()
    for identity in edition.identities:
        terms = {t.cell.pointer for t in identity.terms}
        if terms & unknown:
            needed |= terms & unknown
            zh, en, n = rules.get(identity.rule_id, (identity.label.zh, identity.label.en, 0))
            rules[identity.rule_id] = (zh, en, n + 1)
    if not rules:
        return None
    involved = [entry for entry, cells in parts.absent if cells & needed]
    involved += [entry for _, entry, cells in parts.kept if cells & needed]
    reasons = sorted({str(e.get("reason")) for e in involved})
    why = [_pair(ABSENT_WHY, r) if r in ABSENT_WHY else _pair(KEPT_WHY, r) for r in reasons]
    return Finding("imported.unchecked", WARNING, name, "", params={
        "count": sum(n for _, _, n in rules.values()),
        "rules_zh": "；".join(f"{zh}（{n} 处）" for zh, _, n in rules.values()),
        "rules_en": "; ".join(f"{en} ({n}×)" for _, en, n in rules.values()),
        "parts_zh": "；".join(w[0] for w in why), "parts_en": "; ".join(w[1] for w in why),
        "rules": sorted(rules),
    })


def imported_parts(edition: Edition, data: dict[str, Any]) -> ImportedParts:
    """What ``x-import`` says is absent or kept, read defensively (a hand-edited file may hold anything)."""
    record = data.get(IMPORT_KEY)
    if not isinstance(record, dict):
        return ImportedParts()
    parts = ImportedParts(imported=True, malformed=_malformed(record))
    absent = record.get("absent")
    for entry in absent if isinstance(absent, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("pointers"), list):
            continue
        columns = entry.get("columns") if isinstance(entry.get("columns"), list) else None
        cells: set[str] = set()
        for pointer in entry["pointers"]:
            if isinstance(pointer, str):
                cells |= cells_under(edition, pointer, columns)
        if cells:
            parts.absent.append((entry, cells))
    kept = record.get("kept")
    for pointer, entry in (kept.items() if isinstance(kept, dict) else []):
        cells = cells_under(edition, pointer) if isinstance(pointer, str) else set()
        if cells and isinstance(entry, dict):
            parts.kept.append((pointer, entry, cells))
    for key in ("unplaced", "unmatched"):
        value = record.get(key)
        parts.unplaced += len(value) if isinstance(value, list) else 0
    return parts


@cache
def _record_schema() -> dict[str, Any]:
    """The import-record format's schema (``schema/import-record/1.0/``), read once."""
    import orjson

    from ..model.resources import schema_dir

    path = schema_dir() / "import-record" / "1.0" / "import-record.schema.json"
    return orjson.loads(path.read_bytes())


@cache
def _record_check() -> Any:
    """jsonschema-rs for the common answer, "the record fits" (as ``schema.py`` checks reports)."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(_record_schema())


@cache
def _record_validator() -> Any:
    """The Python validator, for the messages of a record that does not fit: imported only then
    (it costs about 0.1 s to import, in every worker, for every run over imported reports)."""
    import jsonschema

    return jsonschema.Draft202012Validator(_record_schema())


def _malformed(record: dict[str, Any]) -> list[tuple[str, str]]:
    """Where a record departs from its format (a hand edit): said once, and that part ignored."""
    try:
        if _record_check().is_valid(record):
            return []
    except (ValueError, TypeError):  # a value no file holds (a set, bytes: a plug-in's data): the Python validator says
        pass
    out = []
    for error in _record_validator().iter_errors(record):
        pointer = "".join(f"/{escape_token(str(p))}" for p in error.absolute_path)
        out.append((f"/{IMPORT_KEY}{pointer}", error.message))
    return sorted(out)
