"""The report being filled (``Sheet``), and how a printed value fits its cell, decided by the schema.

Never drop a printed value: a number is stored in its cell as printed whenever JSON can hold it,
even where the schema will refuse it (``12345.67`` in a count column stays 12345.67, so that
``validate`` reports the cell as not a whole number, in its own words). What a cell cannot hold at
all (``251000元`` in a count column, ``920元`` where the format asks for 万元, ``无``, ``若干``) is kept
under ``x-import.kept`` with its pointer, the cell stays ``null``, and ``check.imported`` reports
that cell whenever the report is validated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..model.editions import Cell, Edition, get_edition
from .model import Origin, Remark
from .tokens import Tok, values_text
from .values import MONEY_UNITS

# Why a printed value is kept beside its cell instead of in it (``x-import.kept[pointer].reason``).
KEPT_WORD, KEPT_TEXT, KEPT_UNIT, KEPT_AMOUNT, KEPT_COLUMNS = "word", "text", "unit", "amount_in_count", "columns"


def fit(tok: Tok, cell: Cell) -> tuple[Any, str | None]:
    """(what the cell stores, why the printed value is kept beside it instead, or None)."""
    value = tok.value
    if value is None:
        return None, KEPT_TEXT
    if value.word is not None:
        return None, KEPT_WORD
    if value.blank:
        return None, None
    number = value.number
    assert number is not None
    stored: int | float = number if isinstance(number, int) else (
        int(number) if number == number.to_integral_value() else float(number))
    if cell.kind in ("count", "signed"):
        # an amount typed into a count column is the report's error, not a count
        return (None, KEPT_AMOUNT) if value.unit in MONEY_UNITS else (stored, None)
    if cell.kind == "money":
        unit = value.unit if value.unit in MONEY_UNITS else None
        return {"value": float(number) if isinstance(number, Decimal) else number, "unit": unit}, None
    if cell.unit and value.unit and value.unit not in (cell.unit, "件"):
        return None, KEPT_UNIT  # never converted: 920元 is not silently 0.092万元
    return (float(number) if isinstance(number, Decimal) else number), None


def set_pointer(report: dict[str, Any], pointer: str, value: Any) -> None:
    parts = pointer.strip("/").split("/")
    node = report
    for p in parts[:-1]:
        node = node[p]
    node[parts[-1]] = value


def skeleton(edition: Edition) -> dict[str, Any]:
    """A report of the edition with every cell ``null``, sections in the official order."""
    report: dict[str, Any] = {"edition": edition.id, "schema_version": edition.version, "meta": {}}
    for section in edition.sections():
        if section.role == "table":
            report[section.key] = {}
    for cell in edition.cells:
        node = report
        for p in cell.path[:-1]:
            node = node.setdefault(p, {})
        node[cell.path[-1]] = None
    return report


def _number(tok: Tok) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if tok.value is not None and not tok.value.blank:
        n = tok.value.number
        out["value"] = n if isinstance(n, int) else float(n)  # type: ignore[arg-type]
        if tok.value.unit:
            out["unit"] = tok.value.unit
        if tok.value.note:
            out["note"] = tok.value.note
    return out


@dataclass
class Sheet:
    """The report being filled for one source, and what is said about it along the way."""

    edition: Edition
    report: dict[str, Any]
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    remarks: list[Remark] = field(default_factory=list)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)  # pointer -> printed value it could not hold
    unplaced: list[dict[str, Any]] = field(default_factory=list)  # values laid out as the other edition
    unmatched: list[dict[str, Any]] = field(default_factory=list)  # printed values tied to no row
    cell_notes: dict[str, str] = field(default_factory=dict)
    row_notes: dict[str, str] = field(default_factory=dict)
    printed: set[str] = field(default_factory=set)  # rows (and cells) the source prints, placed or not
    absent: list[dict[str, Any]] = field(default_factory=list)

    def say(self, code: str, severity: str, origin: Origin | None, pointer: str = "", **params: Any) -> None:
        self.remarks.append(Remark(code, severity, origin, pointer, params))

    def place(self, cell: Cell, tok: Tok, inferred: bool = False) -> None:
        """Put one printed value in its cell, or keep it beside the cell when the cell cannot hold it."""
        pointer = cell.pointer
        stored, reason = fit(tok, cell)
        set_pointer(self.report, pointer, stored)
        entry: dict[str, Any] = {"origin": tok.origin.to_dict(), "text": tok.raw.strip()}
        if inferred:
            entry["row_inferred"] = True
        self.provenance[pointer] = entry
        self.printed.add(pointer)
        value = tok.value
        if value is not None and value.note:
            self.cell_notes[pointer] = value.note
        if value is not None and value.dash:
            self.say("import.value_read", "info", tok.origin, pointer, text=tok.raw.strip(), value=stored)
        if reason is None:
            return
        self.kept[pointer] = {"text": tok.raw.strip(), "reason": reason, **_number(tok)}
        code = {KEPT_UNIT: "import.value_unit", KEPT_AMOUNT: "import.amount_in_count"}.get(reason,
                                                                                            "import.value_not_numeric")
        params: dict[str, Any] = {"text": tok.raw.strip()}
        if reason == KEPT_UNIT:
            params.update(unit=value.unit if value else "", expected=cell.unit or "")
        self.say(code, "warning", tok.origin, pointer, **params)

    def keep_row(self, pointer: str, values: list[Tok], reason: str = KEPT_COLUMNS, **extra: Any) -> None:
        """A row printed with values whose columns cannot be told: kept whole, the cells left ``null``."""
        self.kept[pointer] = {"text": values_text(values), "reason": reason, **extra,
                              "origin": values[0].origin.to_dict() if values else {}}
        self.printed.add(pointer)

    def unplace(self, edition: str, pointer: str, tok: Tok, why: str) -> None:
        """A value with no cell in the chosen edition (a mixed layout), kept with the pointer it has."""
        cell = get_edition(edition).cell_by_pointer.get(pointer)
        entry: dict[str, Any] = {"edition": edition, "pointer": pointer, "text": tok.raw, "value": None,
                                 "origin": tok.origin.to_dict(), "reason": why}
        if cell is not None:
            entry.update({"table": cell.table.label.zh, "row": cell.row_label("zh"),
                          "column": cell.column_label("zh")})
        entry.update(_number(tok))
        self.unplaced.append(entry)

    def unplace_run(self, table: str, values: list[Tok], why: str) -> None:
        """Printed values tied to no row (an unknown label, an unlabelled run): kept as printed."""
        printed = [v for v in values if v.value is not None and not v.value.blank]
        if printed:
            self.unmatched.append({"table": f"/{table}", "text": values_text(values),
                                   "origin": printed[0].origin.to_dict(), "reason": why})
