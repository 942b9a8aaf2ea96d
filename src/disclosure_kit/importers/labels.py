"""The official labels of both editions, read from the schema, indexed for matching published text.

Nothing here is typed by hand except what ``variants.json`` holds (real-world typos and paraphrased
headings). Row identity is the row's path inside its table (``results/withheld/state_secret``),
which both editions share wherever the row is the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..model.editions import EDITIONS, Cell, Edition, Node, get_edition
from .normalize import key, split_numbering

VARIANTS_PATH = Path(__file__).with_name("variants.json")
_ANNOTATION = re.compile(r"\s*[(（][^()（）]{1,20}[)）]\s*$")


@cache
def variants() -> dict[str, Any]:
    return json.loads(VARIANTS_PATH.read_text(encoding="utf-8"))


@dataclass
class T2Column:
    edition: str
    block: str
    column: str
    label: str


@dataclass
class T3Row:
    """A row or row group of table three: its path, numbering and matching key."""

    path: str
    numbering: str | None
    core: str
    label: str
    editions: set[str] = field(default_factory=set)
    data: set[str] = field(default_factory=set)  # editions in which it holds cells


@dataclass
class Index:
    """Every label the assembler matches against, both editions together."""

    t2_rows: dict[str, tuple[str, str, set[str]]]  # key -> (block, row, editions)
    t2_captions: dict[str, tuple[str, set[str]]]  # key -> (block, editions)
    t2_columns: list[tuple[str, T2Column]]  # (key, column), longest key first
    t3_rows: list[T3Row]
    t3_sequence: dict[str, list[str]]  # edition -> data-row paths in official order
    t3_columns: dict[str, list[str]]  # edition -> column keys in order
    t4_cells: dict[str, list[Cell]]
    sections: list[tuple[str, str]]  # (key, section key), longest key first
    table_keys: dict[str, str]  # role name -> table key (active_disclosure…)


def _rel(node: Node, table: Node) -> str:
    return "/".join(node.path[len(table.path):])


def _t2(edition: Edition, index: Index, table: Node) -> None:
    for block in table.children:
        cap = key(block.label.zh)
        index.t2_captions.setdefault(cap, (block.key, set()))[1].add(edition.id)
        for row in block.children:
            entry = index.t2_rows.setdefault(key(row.label.zh), (block.key, row.key, set()))
            entry[2].add(edition.id)
            for col in row.children:
                index.t2_columns.append(
                    (key(col.label.zh), T2Column(edition.id, block.key, col.key, col.label.zh))
                )


def _t3(edition: Edition, index: Index, table: Node) -> None:
    seq: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if child.role not in ("row", "row-group"):
                continue
            path = _rel(child, table)
            num, core = split_numbering(child.label.zh)
            row = next((r for r in index.t3_rows if r.path == path), None)
            if row is None:
                row = T3Row(path, num, core, child.label.zh)
                index.t3_rows.append(row)
            row.editions.add(edition.id)
            if child.role == "row":
                row.data.add(edition.id)
                seq.append(path)
            walk(child)

    walk(table)
    index.t3_sequence[edition.id] = seq
    first = next(c for c in edition.cells if c.table.key == table.key)
    index.t3_columns[edition.id] = [
        c.node.key for c in edition.cells if c.table.key == table.key and c.rows == first.rows
    ]


@cache
def label_index() -> Index:
    index = Index({}, {}, [], [], {}, {}, {}, [], {})
    for ed_id in EDITIONS:
        edition = get_edition(ed_id)
        tables = edition.tables()
        index.table_keys = {"t2": tables[0].key, "t3": tables[1].key, "t4": tables[2].key}
        _t2(edition, index, tables[0])
        _t3(edition, index, tables[1])
        index.t4_cells[ed_id] = [c for c in edition.cells if c.table.key == tables[2].key]
        for node in edition.sections():
            _, core = split_numbering(node.label.zh)
            if (core, node.key) not in index.sections:
                index.sections.append((core, node.key))
    # a row's editions are those of its cells, whatever label each edition gives it
    # (规范性文件 / 行政规范性文件 are the same row): only rows of one edition are evidence
    by_row: dict[tuple[str, str], set[str]] = {}
    for block, row, eds in index.t2_rows.values():
        by_row.setdefault((block, row), set()).update(eds)
    for k, (block, row, _) in list(index.t2_rows.items()):
        index.t2_rows[k] = (block, row, by_row[(block, row)])
    labels = variants()["labels"]
    by_label = {c.label: c for _, c in index.t2_columns}
    for variant, official in labels.items():
        if official in by_label:
            for _, col in list(index.t2_columns):
                if col.label == official:
                    index.t2_columns.append((key(variant), col))
    index.t2_columns.sort(key=lambda kc: -len(kc[0]))
    for section, names in variants()["sections"].items():
        for name in names:
            if (key(name), section) not in index.sections:
                index.sections.append((key(name), section))
    index.sections.sort(key=lambda ks: -len(ks[0]))
    return index


def official_variant(text: str) -> str:
    """The official label a known variant stands for, or the text itself."""
    k = key(text)
    for variant, official in variants()["labels"].items():
        if key(variant) == k:
            return official
    return text


def match_t2_row(text: str) -> tuple[str, str, set[str]] | None:
    """(block, row, editions) when the text is a table-two row label (exactly, or a known variant)."""
    index = label_index()
    _, core = split_numbering(text)
    hit = index.t2_rows.get(core) or index.t2_rows.get(key(text))
    if hit is None:
        hit = index.t2_rows.get(key(official_variant(text)))
    if hit is None:
        # a unit or remark in brackets after the label: ``规章（件）``, ``行政许可(项)``
        bare = _ANNOTATION.sub("", text)
        if bare != text and bare.strip():
            hit = match_t2_row(bare)
    return hit


def match_t2_caption(text: str) -> tuple[str, set[str]] | None:
    k = key(text)
    for cap, entry in label_index().t2_captions.items():
        if k == cap or (k.startswith(cap) and len(k) <= len(cap) + 2):
            return entry
    return None


def find_t2_columns(text_key: str) -> list[tuple[int, T2Column]]:
    """Column labels found inside a header text key, longest first, without overlaps, by position."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, T2Column]] = []
    for k, col in label_index().t2_columns:
        start = 0
        while True:
            pos = text_key.find(k, start)
            if pos < 0:
                break
            end = pos + len(k)
            if all(end <= a or pos >= b for a, b in taken):
                taken.append((pos, end))
                found.append((pos, col))
            start = pos + 1
    # a label found once may map to several (edition, block) columns: keep them all, same position
    return sorted(found, key=lambda pc: pc[0])


def match_t3(text: str) -> tuple[list[T3Row], str]:
    """Rows of table three a label text may name, and how (exact, prefix, substring, variant)."""
    index = label_index()
    text = official_variant(text)
    num, core = split_numbering(text)
    if not core:
        return [], ""

    def numbering_ok(row: T3Row) -> bool:
        return num is None or row.numbering is None or num == row.numbering

    exact = [r for r in index.t3_rows if r.core == core and numbering_ok(r)]
    if exact:
        if len(core) < 4 and (num is None or any(r.numbering != num for r in exact)):
            return [], ""
        return exact, "exact"
    if len(core) >= 4:
        prefix = [r for r in index.t3_rows if r.core.startswith(core) and numbering_ok(r)]
        if prefix:
            return prefix, "prefix"
    if len(core) >= 5:
        inner = [r for r in index.t3_rows if core in r.core and numbering_ok(r)]
        if inner:
            return inner, "substring"
        outer = [r for r in index.t3_rows if len(r.core) >= 4 and r.core in core and len(core) <= len(r.core) + 4]
        if outer:
            return outer, "contains"
    return [], ""


def match_section(text: str) -> str | None:
    """The report section a heading names (``overview`` … ``other_matters``), else None."""
    num, core = split_numbering(text)
    if num is None or num.startswith("(") or num.isdigit() or len(core) > 40:
        return None
    for k, section in label_index().sections:
        if core == k:
            return section
    # paraphrased headings of the two prose sections (…问题及整改措施, 其他需报告事项)
    if (
        len(core) <= 30
        and any(w in core for w in ("问题", "不足"))
        and any(w in core for w in ("改进", "整改", "措施", "打算", "计划", "方向"))
    ):
        return "problems"
    if len(core) <= 16 and core.startswith("其他") and any(w in core for w in ("事项", "情况", "说明")):
        return "other_matters"
    return None
