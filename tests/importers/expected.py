"""Compare an imported report with a hand-read ``.expected.json`` of the corpus."""

from __future__ import annotations

from typing import Any

from disclosure_kit.check.identities import cell_value
from disclosure_kit.model.editions import get_edition


def flat_expected(expected: dict[str, Any]) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for table in ("table2", "table3", "table4"):
        for row, cols in expected.get(table, {}).items():
            for col, value in cols.items():
                out[(row, col)] = value
    return out


def differences(report: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Every cell that differs from the hand-read value, and every filled cell that has none."""
    want = flat_expected(expected)
    edition = get_edition(report["edition"])
    seen: set[tuple[str, str]] = set()
    problems: list[str] = []
    for cell in edition.cells:
        k = (cell.rows[-1].label.zh if cell.rows else cell.columns[0].label.zh, cell.columns[-1].label.zh)
        got = cell_value(report, cell.path)
        if isinstance(got, dict):
            got = got.get("value")
        if k in want:
            seen.add(k)
            if got != want[k]:
                problems.append(f"{cell.pointer}: got {got!r}, expected {want[k]!r}")
        elif got is not None:
            problems.append(f"{cell.pointer}: got {got!r}, expected nothing")
    for entry in report.get("x-import", {}).get("unplaced", []):
        k = (entry["row"].split(" / ")[-1], entry["column"].split(" / ")[-1])
        if k in want:
            seen.add(k)
            if entry["value"] != want[k]:
                problems.append(f"x-import {k}: got {entry['value']!r}, expected {want[k]!r}")
        elif entry["value"] is not None:
            problems.append(f"x-import {k}: got {entry['value']!r}, expected nothing")
    for k in want:
        if k not in seen:
            problems.append(f"{k}: expected {want[k]!r}, not imported")
    return problems
