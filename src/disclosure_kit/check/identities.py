"""Evaluate the identities declared in the schema, exactly (int or Decimal, never float).

A cell that already failed the schema is never used again (no cascades); a blank cell counts as
0 and the finding says so. The finding's parameters hold every term, its value and its labels,
so the message can write the arithmetic out in either language.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from ..model.editions import Cell, Edition, Identity, Term
from .findings import Finding
from .schema import place_of

MISSING = object()
R = TypeVar("R")


def raw_value(data: Any, path: tuple[str, ...]) -> Any:
    """The value at a path of keys as written (an amount keeps ``{value, unit}``), or MISSING."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def cell_value(data: Any, path: tuple[str, ...]) -> Any:
    """The number at a cell's path (the value of an amount), or MISSING when a key is absent."""
    data = raw_value(data, path)
    if isinstance(data, dict) and "value" in data:  # an amount with its unit
        return data["value"]
    return data


def _exact(value: Any) -> int | Decimal:
    if value is None:
        return 0
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _usable(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _row_keys(cell: Cell) -> list[str]:
    return [r.pointer for r in cell.rows]


def _col_keys(cell: Cell) -> list[str]:
    """Column groups compare by their key path: each row has its own copy of the column nodes."""
    return [".".join(c.key for c in cell.columns[: i + 1]) for i in range(len(cell.columns))]


def _by_identity(fn: Callable[..., R]) -> Callable[..., R]:
    """``functools.cache`` keyed by the identity of the schema objects passed (an ``Identity`` is a
    frozen dataclass whose hash walks every term: 40 % of the cost of a broken identity)."""
    store: dict[tuple[Any, ...], tuple[tuple[Any, ...], R]] = {}

    def cached(*args: Any) -> R:
        key = tuple(a if isinstance(a, str) else id(a) for a in args)
        hit = store.get(key)
        if hit is None:
            hit = store[key] = (args, fn(*args))  # the arguments stay alive, so their ids stay theirs
        return hit[1]

    cached.__doc__ = fn.__doc__
    return cached


@_by_identity
def term_label(term: Term, identity: Identity, lang: str) -> str:
    """The part of a cell's labels that differs between the identity's terms (一, （七）总计, 自然人)."""
    others = [t.cell for t in identity.terms]
    rows = [r for r in term.cell.rows if not all(r.pointer in _row_keys(c) for c in others)]
    cols = [c for c, k in zip(term.cell.columns, _col_keys(term.cell), strict=True)
            if not all(k in _col_keys(o) for o in others)]
    parts = []
    if rows:
        parts.append(rows[-1].short_label(lang))
    if cols:
        parts.append(cols[-1].label.get(lang))
    label = " ".join(parts) or term.cell.columns[-1].label.get(lang)
    if term.year == "previous":
        label = f"上年{label}" if lang != "en" else f"last year's {label}"
    return label


@_by_identity
def identity_context(identity: Identity, lang: str) -> str:
    """What all terms share: the column (for the balance), the row (for row totals)."""
    cells = [t.cell for t in identity.terms]
    first = cells[0]
    rows = [r for r in first.rows if r.role != "block" and all(r.pointer in _row_keys(c) for c in cells)]
    cols = [c for c, k in zip(first.columns, _col_keys(first), strict=True)
            if all(k in _col_keys(o) for o in cells)]
    parts = []
    if rows:
        label = rows[-1].label.get(lang)
        parts.append(f"row {label}" if lang == "en" else f"行「{label}」")
    if cols:
        label = " / ".join(c.label.get(lang) for c in cols)
        parts.append(f"column {label}" if lang == "en" else f"列「{label}」")
    return ", ".join(parts) if lang == "en" else "，".join(parts)


def _money(value: Any) -> Any:
    return value["value"] if isinstance(value, dict) and "value" in value else value


@cache
def _reader(edition: Edition) -> Callable[[dict[str, Any]], list[Any]]:
    """One function, generated from the schema's cell paths, that reads every cell at C speed.

    Each container on the way is looked up once and kept in a local, so 200 cells cost about 260
    subscripts. It raises (KeyError, TypeError) when a cell or one of its parents is absent or not
    a mapping; ``report_values`` then falls back to reading cell by cell.
    """
    names: dict[tuple[str, ...], str] = {(): "d"}
    lines = ["def read(d):"]
    for cell in edition.cells:
        for depth in range(1, len(cell.path)):
            prefix = cell.path[:depth]
            if prefix not in names:
                names[prefix] = f"c{len(names)}"
                lines.append(f"    {names[prefix]} = {names[prefix[:-1]]}[{prefix[-1]!r}]")
    items = []
    for cell in edition.cells:
        expr = f"{names[cell.path[:-1]]}[{cell.path[-1]!r}]"
        items.append(f"_money({expr})" if cell.kind == "money" else expr)
    lines.append("    return [" + ", ".join(items) + "]")
    scope: dict[str, Any] = {"_money": _money}
    exec("\n".join(lines), scope)  # our own schema's keys (repr-quoted), never report input
    return scope["read"]


def report_values(edition: Edition, data: dict[str, Any]) -> list[Any]:
    """Every cell value of a report in ``edition.cells`` order (MISSING where absent), read once."""
    try:
        return _reader(edition)(data)
    except (KeyError, TypeError, IndexError):
        return [cell_value(data, cell.path) for cell in edition.cells]


@cache
def _all_hold(edition: Edition) -> Callable[[list[Any]], bool]:
    """One expression, generated from the identities, that is True when every identity holds for
    a report whose cells in identities are all integers (``_integers`` says so)."""
    parts = []
    for identity in edition.identities:
        left = " ".join(f"{'+' if t.sign > 0 else '-'} v[{t.cell.index}]" for t in identity.left)
        right = " ".join(f"{'-' if t.sign > 0 else '+'} v[{t.cell.index}]" for t in identity.right)
        parts.append(f"({left} {right} == 0)")
    return eval("lambda v: " + (" and ".join(parts) or "True"))  # our schema's cell indexes, never input


@cache
def _terms(edition: Edition) -> Callable[[list[Any]], Any]:
    """The values of every cell that takes part in an identity, in one C call."""
    from operator import itemgetter

    indexes = sorted({t.cell.index for i in edition.identities for t in i.terms}) or [0, 0]
    return itemgetter(*indexes) if len(indexes) > 1 else itemgetter(indexes[0], indexes[0])


def all_identities_hold(edition: Edition, values: list[Any]) -> bool:
    """True when every identity holds and every term is an integer (the common case), decided
    without a Python loop; False means "evaluate one by one", not "broken".

    ``sum`` of the terms is an int only when none is a float (a blank, text or a dict raises):
    float arithmetic is not exact, so those reports take the exact path.
    """
    try:
        if type(sum(_terms(edition)(values))) is not int:
            return False
    except TypeError:
        return False
    return _all_hold(edition)(values)


def _fast_holds(identity: Identity, values: list[Any]) -> bool | None:
    """True/False when every term is an int or blank (the common case); None to take the exact path."""
    total = 0
    for side, terms in ((1, identity.left), (-1, identity.right)):
        for term in terms:
            v = values[term.cell.index]
            if v is None:
                continue
            if type(v) is not int:
                return None
            total += side * term.sign * v
    return total == 0


def evaluate(
    identity: Identity, current: dict[str, Any], previous: dict[str, Any] | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """The finding parameters of a broken identity, or None when it holds or cannot be evaluated."""
    values: list[Any] = []
    for term in identity.terms:
        source = previous if term.year == "previous" else current
        if source is None or term.cell.pointer in skip:
            return None
        value = cell_value(source, term.cell.path)
        if value is MISSING or not _usable(value):
            return None
        values.append(value)
    n = len(identity.left)
    left = sum((t.sign * _exact(v) for t, v in zip(identity.left, values[:n], strict=True)), 0)
    right = sum((t.sign * _exact(v) for t, v in zip(identity.right, values[n:], strict=True)), 0)
    if left == right:
        return None

    labels = _labels(identity)

    def terms(part: tuple[Term, ...], vals: list[Any], first: int) -> list[dict[str, Any]]:
        return [
            {"pointer": t.cell.pointer, "year": t.year, "sign": t.sign, "value": v,
             "label_zh": labels[first + i][0], "label_en": labels[first + i][1]}
            for i, (t, v) in enumerate(zip(part, vals, strict=True))
        ]

    return {
        "rule": identity.rule_id,
        "rule_zh": identity.label.zh,
        "rule_en": identity.label.en,
        "left": terms(identity.left, values[:n], 0),
        "right": terms(identity.right, values[n:], n),
        "left_sum": _plain(left),
        "right_sum": _plain(right),
        "difference": _plain(abs(left - right)),
        "context_zh": identity_context(identity, "zh"),
        "context_en": identity_context(identity, "en"),
    }


@_by_identity
def _labels(identity: Identity) -> list[tuple[str, str]]:
    """(zh, en) label of each term of an identity, computed once per identity."""
    return [(term_label(t, identity, "zh"), term_label(t, identity, "en")) for t in identity.terms]


def _plain(value: int | Decimal) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    return value


def identity_findings(
    edition: Edition, data: dict[str, Any], file: str, skip: set[str], values: list[Any] | None = None
) -> list[Finding]:
    """Every broken identity of one report, each placed on its most suspect cell.

    When one cell is wrong, every identity it takes part in breaks; the cell that the most broken
    identities share is where the finding is placed (its line and labels), so that adding 1 to
    （七）总计/自然人 yields three findings all pointing at that cell. Ties go to the identity's
    own total (its first left-hand cell).
    """
    if values is None:
        values = report_values(edition, data)
    if not skip and all_identities_hold(edition, values):
        return []
    broken: list[tuple[Identity, dict[str, Any]]] = []
    for identity in edition.identities:
        if not skip and _fast_holds(identity, values):
            continue
        params = evaluate(identity, data, None, skip)
        if params is not None:
            broken.append((identity, params))
    counts: dict[str, int] = {}
    for identity, _ in broken:
        for pointer in {t.cell.pointer for t in identity.terms}:
            counts[pointer] = counts.get(pointer, 0) + 1
    out: list[Finding] = []
    for identity, params in broken:
        best = max(counts[t.cell.pointer] for t in identity.terms)
        suspect = next(t.cell for t in identity.terms if counts[t.cell.pointer] == best)
        params["suspect"] = suspect.pointer
        out.append(Finding(identity.code, identity.severity, file, suspect.pointer, params=params,
                           place=place_of(edition, suspect.pointer)))
    return out


def blank_cells(edition: Edition, values: list[Any], skip: set[str]) -> list[Cell]:
    """Cells present in the report whose value is null (left blank in the source)."""
    if None not in values:
        return []
    return [c for c, v in zip(edition.cells, values, strict=True) if v is None and c.pointer not in skip]
