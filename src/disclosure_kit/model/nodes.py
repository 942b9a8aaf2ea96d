"""The types of the edition model: labels, schema nodes, cells, identities and the edition itself.

Plain data built by ``editions.build_edition`` from a schema and never changed afterwards; every
other package reads the national format through these objects (``model.editions`` re-exports
them, and that is where callers import them from).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FIELD_GROUP = "fields"  # optional typed fields beside a section (x-beside), e.g. the fees of section 六


@dataclass(frozen=True)
class Label:
    """An official Chinese label and its English counterpart."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(eq=False)
class Node:
    """One object or cell of the schema tree (a table, block, row group, row, column group or cell)."""

    key: str
    pointer: str
    role: str
    label: Label
    short: str | None
    schema: dict[str, Any]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    path: tuple[str, ...] = ()  # the pointer's keys, kept because identities read cells by path

    def ancestors(self) -> list[Node]:
        """Nodes from the report root down to (not including) this one."""
        out: list[Node] = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def short_label(self, lang: str) -> str:
        """The label used inside arithmetic: the numbering (一, （七）总计) in Chinese."""
        if lang != "en" and self.short:
            return self.short
        return self.label.get(lang)

    def leaves(self) -> Iterator[Node]:
        if self.role == "cell":
            yield self
        for child in self.children:
            yield from child.leaves()


@dataclass(eq=False)
class Cell:
    """A data cell: one number of a table, with the official labels that place it."""

    node: Node
    kind: str  # count | signed | amount | money
    unit: str | None
    table: Node
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    index: int = 0  # position in Edition.cells, so a report's values can be read once into a list

    @property
    def pointer(self) -> str:
        return self.node.pointer

    @property
    def path(self) -> tuple[str, ...]:
        return self.node.path

    @property
    def table_id(self) -> str:
        return self.table.key

    @property
    def row_id(self) -> str:
        """Dotted id of the row inside its table (``results.withheld.state_secret``); '' for table four."""
        return ".".join(r.key for r in self.rows)

    @property
    def column_id(self) -> str:
        return ".".join(c.key for c in self.columns)

    def row_label(self, lang: str) -> str:
        return " / ".join(r.label.get(lang) for r in self.rows if r.role != "block") or "—"

    def column_label(self, lang: str) -> str:
        return " / ".join(c.label.get(lang) for c in self.columns)


@dataclass(frozen=True)
class Term:
    """One cell in an identity, with its sign and (for cross-year rules) which year it is read from."""

    cell: Cell
    sign: int = 1
    year: str = "current"


@dataclass(frozen=True)
class Identity:
    """An arithmetic rule between cells: sum(left) must equal sum(right)."""

    rule_id: str
    severity: str
    label: Label
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    bindings: tuple[tuple[str, str], ...]

    @property
    def code(self) -> str:
        return f"identity.{self.rule_id}"

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.left + self.right


@dataclass(eq=False)
class Edition:
    """One national edition as described by its schema file."""

    id: str
    version: str
    schema_id: str
    schema: dict[str, Any]
    root: Node
    cells: list[Cell]
    cell_by_pointer: dict[str, Cell]
    node_by_pointer: dict[str, Node]
    identities: list[Identity]
    cross_year: list[Identity]
    first_year: int | None = None  # the report years the edition is meant for (``x-years``)
    last_year: int | None = None

    def fits_year(self, year: object) -> bool:
        """False only for an integer year outside the edition's ``x-years``."""
        if not isinstance(year, int) or isinstance(year, bool):
            return True
        return not ((self.first_year and year < self.first_year) or (self.last_year and year > self.last_year))

    @property
    def title(self) -> Label:
        return self.root.label

    def tables(self) -> list[Node]:
        return [n for n in self.root.children if n.role == "table"]

    def narratives(self) -> list[Node]:
        return [n for n in self.root.children if n.role == "narrative"]

    def sections(self) -> list[Node]:
        """Tables and narrative sections in the official order (一 … 六)."""
        return [n for n in self.root.children if n.role in ("table", "narrative")]

    def field_groups(self) -> list[Node]:
        """Groups of optional typed fields (role ``fields``); each names the section it sits beside."""
        return [n for n in self.root.children if n.role == FIELD_GROUP]

    def beside(self, section_key: str) -> list[Node]:
        """The field groups shown with one section (``x-beside``): 六's information-processing fees."""
        return [n for n in self.field_groups() if n.schema.get("x-beside") == section_key]

    def node(self, pointer: str) -> Node | None:
        return self.node_by_pointer.get(pointer)

    def locate(self, pointer: str) -> Node | None:
        """The deepest schema node at or above a JSON pointer (for labelling findings)."""
        while True:
            node = self.node_by_pointer.get(pointer)
            if node is not None or not pointer:
                return node
            pointer = pointer.rsplit("/", 1)[0]
