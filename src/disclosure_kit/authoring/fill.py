"""``fill``: compute the blank cells that the identities of the schema determine.

A clerk types the detail rows and leaves the totals blank; every total that one identity
determines (exactly one blank term, the others numbers) is computed exactly and filled, to a
fixed point. Nothing the author typed is ever overwritten: a disagreement is reported.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..check.findings import ERROR, INFO, WARNING, Finding
from ..check.identities import MISSING, cell_value, evaluate
from ..check.loading import Loaded
from ..check.messages import register_templates
from ..check.schema import place_of, schema_findings
from ..check.sourcemap import pointer_keys
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


# ----------------------------------------------------------------------------- the file


register_templates({
    "fill.refused": (
        "文件有 {errors} 个错误（见上），未填写；请先按 validate 的提示修正",
        "the file has {errors} error(s) (above); nothing was filled: fix them first, as validate says",
    ),
    "fill.done": ("已填写 {count} 个单元格，写入 {target}", "filled {count} cell(s), written to {target}"),
    "fill.would": ("将填写 {count} 个单元格（--check：未写入）",
                   "would fill {count} cell(s) (--check: nothing written)"),
    "fill.nothing": ("没有可按勾稽关系算出的空白单元格，文件未改动", "no blank cell is determined by the identities; "
                     "the file is unchanged"),
    "fill.other_kind": (
        "输出文件须与原文件同类（{kind}）；fill 只改写空白单元格，不转换格式（转换请用 export 或 migrate）",
        "the output must be the same kind of file as the input ({kind}); fill only writes blank cells and "
        "does not convert (use export or migrate)",
    ),
})


@dataclass
class FillOutcome:
    """What ``fill_file`` did: the findings to show, and the file's new bytes when asked for them."""

    findings: list[Finding]
    edition: str | None = None
    filled: int = 0
    data: bytes | None = None  # the new file, for standard output
    usage: bool = False  # the command was used wrongly (exit code 2)


def fill_file(name: str, target: Path | None, write: bool = True, kind_of_output: str | None = None) -> FillOutcome:
    """Fill one report file: refuse on errors, edit only the filled values, write atomically.

    ``target`` None with ``write`` returns the new bytes (standard output); without ``write``
    (``--check``) nothing is produced but the findings.
    """
    from ..check.pipeline import check_data
    from ..fileio.atomic import atomic_write_bytes
    from .reportfile import read_for_edit

    raw, loaded, edition, problems = read_for_edit(name)
    if edition is None:
        return FillOutcome(problems)
    kind = loaded.kind
    if kind_of_output is not None and _kind_of(kind_of_output) != kind:
        return FillOutcome([Finding("fill.other_kind", ERROR, name, params={"kind": kind})], edition.id, usage=True)
    checked = check_data(loaded.data, name, loaded)
    blocking = [f for f in checked.findings if f.severity == ERROR and not f.code.startswith("identity.")]
    if blocking:
        refused = Finding("fill.refused", ERROR, name, params={"errors": len(blocking)})
        return FillOutcome([*checked.findings, refused], edition.id)
    data, findings = fill_data(edition, _formulas_blank(loaded), name)
    derived = loaded.sourcemap.formulas  # a workbook's totals: its formulas compute them, fill never writes them
    findings = [f for f in findings if not (f.code == "fill.filled" and f.pointer in derived)]
    _locate(findings, loaded)
    values = {f.pointer: f.params["value"] for f in findings if f.code == "fill.filled"}
    outcome = FillOutcome(findings, edition.id, filled=len(values))
    if not values:
        findings.append(Finding("fill.nothing", INFO, name))
        return outcome
    if not write:
        findings.append(Finding("fill.would", INFO, name, params={"count": len(values)}))
        return outcome
    try:
        new = _edited(raw, loaded, name, values, data)
    except ValueError as exc:  # the edit would not read back as the filled report: a tool failure
        return FillOutcome([Finding("tool.error", ERROR, name, params={"detail": str(exc)})], edition.id)
    if target is None:
        outcome.data = new
    else:
        atomic_write_bytes(target, new)
    findings.append(Finding("fill.done", INFO, name, params={"count": len(values), "target": str(target or "-")}))
    return outcome


def _formulas_blank(loaded: Loaded) -> dict[str, Any]:
    """The report with a workbook's formula totals blank: they are derived, not typed."""
    if not loaded.sourcemap.formulas:
        return loaded.data
    data = copy.deepcopy(loaded.data)
    for pointer in loaded.sourcemap.formulas:
        _set_cell(data, pointer_keys(pointer), None)
    return data


def _kind_of(output: str) -> str:
    lower = output.lower()
    return "json" if lower.endswith(".json") else "xlsx" if lower.endswith(".xlsx") else "yaml"


def _edited(raw: bytes, loaded: Loaded, name: str, values: dict[str, Any], data: dict[str, Any]) -> bytes:
    from .inplace import edited_bytes, fill_workbook, replace_nulls

    if loaded.kind == "xlsx":
        return fill_workbook(raw, name, loaded, values)
    return edited_bytes(raw, replace_nulls(loaded, values, data))


def _locate(findings: list[Finding], loaded: Loaded) -> None:
    """Line and column (or workbook cell) of each finding, as ``validate`` gives them."""
    smap = loaded.sourcemap
    for f in findings:
        hit = smap.value(f.pointer)
        if hit is not None and f.line is None:
            f.line, f.column = hit
        f.cell = f.cell or smap.cell(f.pointer)
    findings.sort(key=Finding.sort_key)
