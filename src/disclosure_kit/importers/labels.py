"""The official labels of both editions, read from the schema, indexed by matching key.

Nothing here is typed by hand except what ``variants.json`` holds (real-world typos and paraphrased
headings). Row identity is the row's path inside its table (``results/withheld/state_secret``),
which both editions share wherever the row is the same. Every function takes a token (or a text,
made into one) and compares the key the token stage computed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..model.editions import EDITIONS, Cell, Edition, Node, get_edition
from .model import Origin
from .normalize import key, split_numbering
from .tokens import Tok, make_tok

VARIANTS_PATH = Path(__file__).with_name("variants.json")
# A note in brackets after a label: ``规章（件）``, ``行政许可(指本局办理的许可事项)``.
_NOTE = re.compile(r"\s*[(（]([^()（）]{1,200})[)）]\s*$")


@cache
def variants() -> dict[str, Any]:
    return json.loads(VARIANTS_PATH.read_text(encoding="utf-8"))


@dataclass
class T2Column:
    edition: str
    block: str
    column: str
    label: str
    en: str = ""
    match: str = ""  # matching key of the label, folded once with the index


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
class T3Column:
    """A column of table three (自然人 … 总计), the same in both editions."""

    key: str  # the cell key (natural_person …)
    label: str
    match: str  # matching key of the label
    en: str = ""


@dataclass(frozen=True)
class T2Hit:
    """A table-two row label: the row it names, and the note printed after it (if any)."""

    block: str
    row: str
    editions: frozenset[str]
    note: str | None = None


@dataclass
class Index:
    """Every label the stages match against, both editions together."""

    t2_rows: dict[str, tuple[str, str, set[str]]]  # key -> (block, row, editions)
    t2_captions: dict[str, tuple[str, set[str]]]  # key -> (block, editions)
    t2_columns: list[tuple[str, T2Column]]  # (key, column), longest key first
    t2_blocks: dict[tuple[str, str], list[T2Column]]  # (edition, block) -> its columns in official order
    t2_row_head: set[str]  # keys of the head of the label column (信息内容)
    t3_rows: list[T3Row]
    t3_sequence: dict[str, list[str]]  # edition -> data-row paths in official order
    t3_columns: dict[str, list[str]]  # edition -> column keys in order
    t3_heads: list[T3Column]  # the column heads of table three, in official order
    t3_groups: list[str]  # keys of the header groups (申请人情况, 法人或其他组织)
    t4_cells: dict[str, list[Cell]]
    sections: list[tuple[str, str]]  # (key, section key), longest key first
    table_keys: dict[str, str]  # role name -> table key (active_disclosure…)
    variants: dict[str, Tok]  # key of a known variant -> the official label, as a token (key folded once)


def as_tok(text: str | Tok) -> Tok:
    return text if isinstance(text, Tok) else make_tok(text, text, Origin())


def _rel(node: Node, table: Node) -> str:
    return "/".join(node.path[len(table.path):])


def _t2(edition: Edition, index: Index, table: Node) -> None:
    index.t2_row_head.add(key(table.schema.get("x-row-header", {}).get("title", "")))
    for block in table.children:
        cap = key(block.label.zh)
        index.t2_captions.setdefault(cap, (block.key, set()))[1].add(edition.id)
        for row in block.children:
            entry = index.t2_rows.setdefault(key(row.label.zh), (block.key, row.key, set()))
            entry[2].add(edition.id)
            if row is not block.children[0]:
                continue  # every row of a block has the same columns
            for col in row.children:
                column = T2Column(edition.id, block.key, col.key, col.label.zh, col.label.en, key(col.label.zh))
                index.t2_columns.append((column.match, column))
                index.t2_blocks.setdefault((edition.id, block.key), []).append(column)


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
    heads = [c for c in edition.cells if c.table.key == table.key and c.rows == first.rows]
    index.t3_columns[edition.id] = [c.node.key for c in heads]
    if not index.t3_heads:
        index.t3_heads = [T3Column(c.node.key, c.node.label.zh, key(c.node.label.zh), c.node.label.en) for c in heads]
        groups = table.schema.get("x-column-groups", [])
        index.t3_groups = [key(g["title"]) for g in groups] + [key(table.schema.get("x-corner", {}).get("title", ""))]


@cache
def label_index() -> Index:
    index = Index({}, {}, [], {}, set(), [], {}, {}, [], [], {}, [], {}, {})
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
    index.variants = {key(v): as_tok(official) for v, official in labels.items()}
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


def official_variant(text: str | Tok) -> str:
    """The official label a known variant stands for, or the text itself."""
    tok = as_tok(text)
    official = label_index().variants.get(tok.key)
    return tok.text if official is None else official.text


def without_note(tok: Tok) -> tuple[Tok, str] | None:
    """A label with the bracketed note after it cut off (``行政许可(指…)``): the bare label and the note."""
    m = _NOTE.search(tok.text)
    if m is None or not tok.text[: m.start()].strip():
        return None
    return make_tok(tok.raw, tok.text[: m.start()].strip(), tok.origin), m.group(1).strip()


def match_t2_row(text: str | Tok) -> T2Hit | None:
    """The table-two row a label names (exactly, as a known variant, or before a bracketed note)."""
    tok = as_tok(text)
    index = label_index()
    hit = index.t2_rows.get(tok.core) or index.t2_rows.get(tok.key)
    if hit is None and tok.key in index.variants:
        hit = index.t2_rows.get(index.variants[tok.key].key)
    if hit is not None:
        return T2Hit(hit[0], hit[1], frozenset(hit[2]))
    bare = without_note(tok)
    if bare is None:
        return None
    inner = match_t2_row(bare[0])
    if inner is None:
        return None
    return T2Hit(inner.block, inner.row, inner.editions, bare[1] if inner.note is None else f"{inner.note}；{bare[1]}")


def match_t2_caption(text: str | Tok) -> tuple[str, set[str]] | None:
    k = as_tok(text).key
    for cap, entry in label_index().t2_captions.items():
        if k == cap or (k.startswith(cap) and len(k) <= len(cap) + 2):
            return entry
    return None


def find_t2_columns(text_key: str) -> list[tuple[int, int, T2Column]]:
    """Column labels found inside a header's joined key: (start, end, column), by position.

    The longest labels are taken first and never overlap one another; one label may name the
    same column of several blocks and editions (处理决定数量 in （五） and （六）): all are kept.
    """
    taken: list[tuple[int, int, str]] = []
    found: list[tuple[int, int, T2Column]] = []
    for k, col in label_index().t2_columns:
        start = 0
        while True:
            pos = text_key.find(k, start)
            if pos < 0:
                break
            end = pos + len(k)
            same = any(a == pos and b == end and lk == k for a, b, lk in taken)
            if same or all(end <= a or pos >= b for a, b, _ in taken):
                if not same:
                    taken.append((pos, end, k))
                found.append((pos, end, col))
            start = pos + 1
    unique = {(s, c.edition, c.block, c.column): (s, e, c) for s, e, c in found}
    return sorted(unique.values(), key=lambda pc: pc[0])


def match_t3(text: str | Tok) -> tuple[list[T3Row], str]:
    """Rows of table three a label may name, and how (exact, prefix, substring, contains)."""
    tok = as_tok(text)
    index = label_index()
    tok = index.variants.get(tok.key, tok)
    num, core = tok.numbering, tok.core
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


def match_t3_column(tok: Tok) -> T3Column | None:
    """The column of table three a header cell names, exactly or by its beginning (``社会`` for
    社会公益组织 when the cell is cut); None for a group head or anything else."""
    heads = label_index().t3_heads
    exact = [c for c in heads if c.match == tok.key]
    if exact:
        return exact[0]
    if len(tok.key) >= 2 and tok.key not in label_index().t3_groups:
        prefix = [c for c in heads if c.match.startswith(tok.key)]
        if len(prefix) == 1:
            return prefix[0]
    return None


def match_section(text: str | Tok) -> str | None:
    """The report section a heading names (``overview`` … ``other_matters``), else None."""
    tok = as_tok(text)
    num, core = tok.numbering, tok.core
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


# ---------------------------------------------------------------------------------------------
# The label of a run of values


def label_candidates(labels: list[Tok], kind: str) -> list[tuple[Tok, list[Tok]]]:
    """Texts to try as the label of a run, as tokens (keys computed once each), with the label
    tokens each is made of.

    A table row: its whole joined label, then shorter tails, then single pieces. Loose lines: the
    last line, then the last two or three joined (a label wrapped over lines).
    """
    if not labels:
        return []
    n = len(labels)
    last = labels[-1]

    def joined(start: int) -> tuple[Tok, list[Tok]]:
        part = labels[start:]
        if len(part) == 1:
            return last, part
        return make_tok("".join(t.raw for t in part), "".join(t.text for t in part), last.origin), part

    tails = [joined(start) for start in range(n)]
    # ``（三）不予公开 1.属于国家秘密`` in one piece: its space-separated tails too
    words = last.text.split(" ")
    pieces = [(make_tok(last.raw, " ".join(words[i:]), last.origin), [last]) for i in range(1, len(words))]
    if kind == "line":
        return [tails[-1], *[tails[n - k] for k in (2, 3) if n >= k], *pieces]
    return tails + [(t, [t]) for t in reversed(labels)] + pieces


def t2_label(labels: list[Tok], kind: str) -> tuple[T2Hit, Tok, list[Tok]] | None:
    """The table-two row a run's label names, the label as matched and the tokens it is made of."""
    for tok, parts in label_candidates(labels, kind):
        hit = match_t2_row(tok)
        if hit:
            return hit, tok, parts
    return None


def t3_label(labels: list[Tok], kind: str) -> tuple[list[T3Row], Tok | None, str, list[Tok]]:
    """The table-three row a run's label names: an exact match wins over a prefix or fragment."""
    best: tuple[list[T3Row], Tok | None, str, list[Tok]] = ([], None, "", [])
    for tok, parts in label_candidates(labels, kind):
        rows, how = match_t3(tok)
        if rows and len({r.path for r in rows}) == 1:
            if how == "exact":
                return rows, tok, how, parts
            if not best[0]:
                best = (rows, tok, how, parts)
    return best


def cells_after_label(labels: list[Tok], parts: list[Tok], values: list[Tok]) -> list[Tok]:
    """A row's values, with the text cells printed after its label in front (``行政事业性收费 | 若干 |
    无``: 若干 is the first cell, not part of the label)."""
    if not parts or parts[-1] is labels[-1]:
        return values
    at = next(i for i, t in enumerate(labels) if t is parts[-1])
    return [*labels[at + 1:], *values]
