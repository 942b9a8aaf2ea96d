"""Blank-cell warnings grouped per table row, so that a half-filled report reads in a page, not 200 lines.

A pure function of one file's findings: every ``cell.blank`` warning of a table row with two or
more blank cells belongs to the group ``cell.blank/<table>/<row>``. Text output shows each group
as one ``cell.blank_row`` line at its first cell, listing the columns, and says when ``fill`` can
compute some of them (totals the identities determine). The JSON output keeps every finding and
marks its group (the ``group`` field of check-result 1.1), so that tools count and place each cell.
"""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding, Place
from .messages import register_templates

GROUP_CODE = "cell.blank_row"

register_templates({
    GROUP_CODE: (
        "{count} 个单元格空白（{columns_zh}），与 0 不同；如确无数据请填 0{fill_zh}",
        "{count} blank cells ({columns_en}), which is not 0; write 0 where there really is none{fill_en}",
    ),
})


def fillable(edition_id: str | None) -> frozenset[str]:
    """The cells ``fill`` can compute in an edition: the totals its identities determine."""
    if edition_id is None:
        return frozenset()
    from ..model.editions import get_edition
    from .workbook_format import derived_totals

    return frozenset(derived_totals(get_edition(edition_id)))


def group_of(f: Finding) -> str | None:
    """The group key of a blank-cell warning (its table and row), else None."""
    if f.code != "cell.blank" or f.place is None:
        return None
    return f"cell.blank/{f.place.table_id}/{f.place.row_id}"


def blank_groups(findings: list[Finding]) -> dict[int, str]:
    """id(finding) -> group key, for the blank-cell warnings that share their row with another."""
    members: dict[str, list[Finding]] = {}
    for f in findings:
        key = group_of(f)
        if key is not None:
            members.setdefault(key, []).append(f)
    return {id(f): key for key, group in members.items() if len(group) > 1 for f in group}


def grouped(findings: list[Finding], fillable: frozenset[str] | set[str] = frozenset()) -> list[Finding]:
    """The findings as text output shows them: each group of blank cells replaced by one finding.

    ``fillable`` holds the pointers ``fill`` can compute (the totals of the identities); a group
    containing one says so.
    """
    groups = blank_groups(findings)
    members: dict[str, list[Finding]] = {}
    for f in findings:
        if id(f) in groups:
            members.setdefault(groups[id(f)], []).append(f)
    out: list[Finding] = []
    for f in findings:
        key = groups.get(id(f))
        if key is None:
            out.append(f)
        elif members[key][0] is f:
            out.append(_summary(members[key], fillable))
    return out


def _summary(group: list[Finding], fillable: frozenset[str] | set[str]) -> Finding:
    first = group[0]
    assert first.place is not None
    place: Place = replace(first.place, column_id="", column_zh="", column_en="")
    can_fill = [f for f in group if f.pointer in fillable]
    params = {
        "count": len(group),
        "columns_zh": "、".join(f.place.column_zh for f in group if f.place),
        "columns_en": ", ".join(f.place.column_en for f in group if f.place),
        "pointers": [f.pointer for f in group],
        "fill_zh": f"；其中 {len(can_fill)} 个合计可由 disclosure-kit fill 计算填入" if can_fill else "",
        "fill_en": f"; disclosure-kit fill computes {len(can_fill)} of them (totals)" if can_fill else "",
    }
    pointer = first.pointer.rsplit("/", 1)[0]
    return Finding(GROUP_CODE, first.severity, first.file, pointer, first.line, first.column, params=params,
                   place=place, cell=first.cell)
