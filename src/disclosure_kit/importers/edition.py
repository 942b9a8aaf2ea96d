"""The edition of an imported report: the layout decides, block by block; the year only breaks a tie."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

# basis -> (zh, en), for the finding that states the choice
BASIS: dict[str, tuple[str, str]] = {
    "option": ("--edition 选项", "the --edition option"),
    "layout": ("表格版式", "the table layout"),
    "year": ("报告年度", "the report year"),
    "year_inferred": ("从正文推断的报告年度", "the report year, inferred from the text"),
    "default": ("无依据，默认", "no evidence, the default"),
}


@dataclass
class Choice:
    edition: str
    basis: str  # a key of BASIS
    layout: dict[str, Any]  # recorded as ``x-import.edition`` and in the provenance


def choose_edition(votes: dict[str, str], year: int | None, year_inferred: bool, option: str) -> Choice:
    """``option`` (2019/2021) wins; else the edition most parts of the layout vote for; else the year."""
    count = Counter(votes.values())
    ranked = count.most_common(2)
    if option in ("2019", "2021"):
        chosen, basis = option, "option"
    elif ranked and ranked[0][1] > (ranked[1][1] if len(ranked) > 1 else 0):
        chosen, basis = ranked[0][0], "layout"
    elif year is not None:
        chosen, basis = ("2021" if year >= 2021 else "2019"), ("year_inferred" if year_inferred else "year")
    else:
        chosen, basis = "2021", "default"
    return Choice(chosen, basis, {"edition": chosen, "basis": basis, "blocks": votes, "votes": dict(count)})
