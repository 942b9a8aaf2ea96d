"""Checks between reports: duplicates, and the cross-year identities of consecutive years.

Reports are matched by ``agency.agency_key`` (an agency code wins over the name). Within an
agency and a year the first file (in file order) is the report; every further file is a
duplicate (``dataset.duplicate``) and takes no part in cross-year checks. For consecutive years
Y−1 and Y, every rule of ``x-cross-year-identities`` of the edition of year Y is evaluated with
``identities.evaluate``: the carry-over pointers are the same in both editions, and a rule whose
cells the previous year's edition lacks (现行有效件数 before 2021) cannot be evaluated and is skipped.
Findings are placed on the current year's cell and carry ``crossyear.<rule>`` codes; their
severity is the rule's (both rules are warnings in the schema today).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..check.findings import ERROR, Finding
from ..check.identities import MISSING, evaluate
from ..check.messages import register_templates
from ..check.schema import place_of
from ..model.editions import Identity, get_edition
from .store import Placed, Store

register_templates({
    "dataset.duplicate": (
        "同一机关同一年度的重复报告：已有 {first}（机关「{agency}」，{year} 年）",
        "duplicate report of the same agency and year: {first} already covers it (agency '{agency}', {year})",
    ),
})


@dataclass
class CrossFinding:
    """A finding about one report that another report revealed."""

    seq: int
    agency: str | None
    year: int
    finding: Finding
    other_file: str


def _holds(identity: Identity, current: dict[str, Any], previous: dict[str, Any]) -> bool:
    """True when every term is a plain integer (or blank) and the rule holds: the common case, decided
    without building anything; anything else goes to ``identities.evaluate``, which is exact."""
    total = 0
    for terms, side in ((identity.left, 1), (identity.right, -1)):
        for term in terms:
            value = (previous if term.year == "previous" else current).get(term.cell.pointer, MISSING)
            if value is None:
                continue
            if type(value) is not int:
                return False
            total += side * term.sign * value
    return total == 0


def _nested(state: dict[str, Any]) -> dict[str, Any]:
    """The flat pointer -> value state as the nested data ``evaluate`` reads."""
    out: dict[str, Any] = {}
    for pointer, value in state.items():
        node = out
        keys = pointer.split("/")[1:]
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return out


def cross_findings(store: Store) -> Iterator[CrossFinding]:
    """Walk the reports agency by agency, year by year; only one agency's last year is held."""
    previous: Placed | None = None  # the report of the last year seen for the current agency
    primary: Placed | None = None  # the first report of the current (agency, year)
    for rep in store.by_agency():
        if primary is not None and rep.agency_key == primary.agency_key and rep.year == primary.year:
            finding = Finding(
                "dataset.duplicate", ERROR, rep.file, "/meta",
                params={"first": primary.file, "agency": rep.agency or "", "year": rep.year},
            )
            yield CrossFinding(rep.seq, rep.agency, rep.year, finding, primary.file)
            continue
        previous = primary if primary is not None and primary.agency_key == rep.agency_key else None
        primary = rep
        if previous is None or previous.year != rep.year - 1 or rep.edition is None:
            continue
        if rep.state is None or previous.state is None:
            continue
        edition = get_edition(rep.edition)
        for identity in edition.cross_year:
            if _holds(identity, rep.state, previous.state):
                continue
            params = evaluate(identity, _nested(rep.state), _nested(previous.state))
            if params is None:
                continue
            pointer = identity.left[0].cell.pointer
            params["previous_file"] = previous.file
            finding = Finding(
                f"crossyear.{identity.rule_id}", identity.severity, rep.file, pointer,
                params=params, place=place_of(edition, pointer),
            )
            yield CrossFinding(rep.seq, rep.agency, rep.year, finding, previous.file)
