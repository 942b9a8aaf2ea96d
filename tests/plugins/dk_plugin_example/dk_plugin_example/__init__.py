"""A third-party renderer: every data cell of the report as one tab-separated line.

It only uses the public renderer contract (``RenderContext``: ``edition.cells``, ``report``), to
show that a plug-in installed under the entry-point group ``disclosure_kit.renderers`` is listed
by ``disclosure-kit renderers`` and used by ``disclosure-kit render --to cells-tsv``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CellsTsvRenderer"]


def _value(report: Any, path: tuple[str, ...]) -> str:
    for key in path:
        if not isinstance(report, dict) or key not in report:
            return ""
        report = report[key]
    if isinstance(report, dict):
        report = report.get("value")
    return "" if report is None else str(report)


class CellsTsvRenderer:
    """``pointer<TAB>value`` for each cell, in the official order."""

    name = "cells-tsv"
    suffix = ".tsv"
    media_type = "text/tab-separated-values; charset=utf-8"
    description = "Example plug-in: one line per table cell"

    def render(self, ctx: Any) -> bytes:
        lines = ["pointer\tvalue"]
        lines += [f"{c.pointer}\t{_value(ctx.report, c.path)}" for c in ctx.edition.cells]
        return ("\n".join(lines) + "\n").encode("utf-8")
