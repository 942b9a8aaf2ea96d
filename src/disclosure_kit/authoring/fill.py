"""``fill``: compute the blank cells that the identities of the schema determine.

A clerk types the detail rows and leaves the totals blank; every total that one identity
determines (exactly one blank term, the others numbers) is computed exactly and filled, to a
fixed point. Nothing the author typed is ever overwritten: a disagreement is reported.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from ..check.findings import INFO, WARNING, Finding
from ..check.identities import MISSING, cell_value, evaluate
from ..check.messages import register_templates
from ..check.schema import place_of, schema_findings
from ..model.editions import Cell, Edition

register_templates({
    "fill.filled": (
        "已按“{rule_zh}”计算填入 {value}",
        "computed from '{rule_en}' and filled in: {value}",
    ),
    "fill.impossible": (
        "按“{rule_zh}”算得 {value}，不是该单元格允许的值，未填写；请检查其他单元格",
        "'{rule_en}' gives {value}, which this cell cannot hold; not filled: check the other cells",
    ),
})


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _exact(value: Any) -> int | Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else value


def _fits(cell: Cell, value: int | Decimal) -> bool:
    """Whether a computed value may be written into the cell (its kind, never a negative count)."""
    if cell.kind == "signed":
        return value == value.to_integral_value() if isinstance(value, Decimal) else True
    if value < 0:
        return False
    if cell.kind == "count":
        return not isinstance(value, Decimal) or value == value.to_integral_value()
    return cell.kind == "amount"


def _plain(value: int | Decimal, cell: Cell) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if cell.kind in ("count", "signed") else float(value)
    return value


def fill_data(edition: Edition, data: dict[str, Any], file: str) -> tuple[dict[str, Any], list[Finding]]:
    """Fill the blank cells the identities determine; report every identity that does not hold.

    An identity determines a cell only when exactly that one of its terms is blank (null) and all
    the others are numbers. Filling one cell can complete another identity (a row total, then
    （七）总计, then the balance), so the pass repeats until nothing changes. A filled cell that
    disagrees is reported through the same ``identity.*`` finding as ``validate``, never changed.
    """
    out = copy.deepcopy(data)
    _, bad = schema_findings(edition, out, file)
    findings: list[Finding] = []
    refused: set[str] = set()
    changed = True
    while changed:
        changed = False
        # a total is computed from its parts first; other terms (the balance) only after that
        ordered = [(i, True) for i in edition.identities] + [(i, False) for i in edition.identities]
        for identity, totals_only in ordered:
            if changed:
                break
            terms = identity.terms
            if any(t.cell.pointer in bad or t.cell.kind == "money" for t in terms):
                continue
            values = [cell_value(out, t.cell.path) for t in terms]
            if any(v is MISSING for v in values):
                continue
            blanks = [i for i, v in enumerate(values) if v is None]
            if len(blanks) != 1 or not all(_number(v) for i, v in enumerate(values) if i != blanks[0]):
                continue
            target = terms[blanks[0]]
            if target.cell.pointer in refused or (totals_only and not (blanks[0] == 0 and len(identity.left) == 1)):
                continue
            n = len(identity.left)
            side = 1 if blanks[0] < n else -1
            total = sum((side * (1 if i < n else -1) * t.sign * _exact(v)
                         for i, (t, v) in enumerate(zip(terms, values, strict=True)) if i != blanks[0]), 0)
            value = -total * target.sign
            params = {"rule": identity.rule_id, "rule_zh": identity.label.zh, "rule_en": identity.label.en}
            place = place_of(edition, target.cell.pointer)
            if not _fits(target.cell, value):
                refused.add(target.cell.pointer)
                findings.append(Finding("fill.impossible", WARNING, file, target.cell.pointer,
                                        params={**params, "value": str(value)}, place=place))
                continue
            _set_cell(out, target.cell.path, _plain(value, target.cell))
            findings.append(Finding("fill.filled", INFO, file, target.cell.pointer,
                                    params={**params, "value": _plain(value, target.cell)}, place=place))
            changed = True
    for identity in edition.identities:
        values = [cell_value(out, t.cell.path) for t in identity.terms]
        if any(v is None or v is MISSING for v in values):
            continue
        params = evaluate(identity, out, None, bad)
        if params is not None:
            suspect = identity.left[0].cell.pointer
            params["suspect"] = suspect
            findings.append(Finding(identity.code, identity.severity, file, suspect, params=params,
                                    place=place_of(edition, suspect)))
    return out, findings


def _set_cell(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value
