"""The single HTML summary page of a dataset run (template ``renderers/dataset/summary.html.j2``).

Python computes numbers and bar geometry only; every word of the page is in the template, and
every value goes through Jinja2 autoescape. The report list is streamed from the store, so the
page of 100,000 reports is written without holding it in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from .. import __version__
from ..model.resources import renderers_dir

EDITION_FILLS = {"2019": "#5b8ff9", "2021": "#f6903d", "": "#9e9e9e"}
SEVERITY_FILLS = {"error": "#d14343", "warning": "#e0a100", "info": "#5b8ff9"}
STATUS_WORDS = {
    "zh": {"valid": "通过", "invalid": "有错误", "unreadable": "无法读取"},
    "en": {"valid": "valid", "invalid": "errors", "unreadable": "unreadable"},
}
TOP = 10
SKIPPED_SHOWN = 200


@dataclass
class CodeStats:
    """How often one finding code occurred, and in how many reports."""

    severity: str
    count: int = 0
    reports: int = 0


@dataclass
class Tally:
    """Running totals kept in memory: bounded by the number of distinct finding codes."""

    codes: dict[str, CodeStats] = field(default_factory=dict)

    def add(self, findings: Iterable[tuple[str, str]]) -> None:
        """Count one report's findings, given as (code, severity)."""
        seen: set[str] = set()
        for code, severity in findings:
            stats = self.codes.setdefault(code, CodeStats(severity))
            stats.count += 1
            if code not in seen:
                seen.add(code)
                stats.reports += 1


def year_chart(per_edition_year: list[tuple[str, int, int]]) -> dict[str, Any]:
    """One stacked bar per year (edition 2019, edition 2021, unrecognised), height ∝ reports."""
    left, top, base, bar_w, gap = 10, 40, 200, 40, 16
    years: dict[int, dict[str, int]] = {}
    for edition, year, count in per_edition_year:
        years.setdefault(year, {})[edition] = count
    order = sorted({e for e, _, _ in per_edition_year}, key=lambda e: (e == "", e))
    peak = max((sum(v.values()) for v in years.values()), default=1) or 1
    bars = []
    for i, (year, counts) in enumerate(sorted(years.items())):
        x = left + i * (bar_w + gap)
        label = str(year) if year >= 0 else "?"
        y = float(base)
        segments = []
        for edition in order:
            count = counts.get(edition, 0)
            if not count:
                continue
            h = round(count / peak * (base - top), 1)
            y = round(y - h, 1)
            segments.append({"y": y, "h": h, "fill": EDITION_FILLS.get(edition, EDITION_FILLS[""]),
                             "tip": f"{label} · {edition or '?'} · {count}"})
        bars.append({"x": x, "w": bar_w, "cx": x + bar_w / 2, "top": y, "label": label,
                     "count": sum(counts.values()), "segments": segments})
    legend = [{"x": left + i * 120, "label": e, "fill": EDITION_FILLS.get(e, EDITION_FILLS[""])}
              for i, e in enumerate(order)]
    width = max(left + len(bars) * (bar_w + gap) + 10, 380)
    return {"width": width, "height": base + 24, "left": left, "base": base, "bars": bars, "legend": legend}


def top_findings(tally: Tally) -> list[dict[str, Any]]:
    ranked = sorted(tally.codes.items(), key=lambda kv: (-kv[1].count, kv[0]))[:TOP]
    return [{"code": c, "severity": s.severity, "count": s.count, "reports": s.reports} for c, s in ranked]


def code_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars of the most common finding codes."""
    left, span = 230, 400
    peak = max((r["count"] for r in rows), default=1) or 1
    bars = [{"y": 6 + i * 24, "w": round(r["count"] / peak * span, 1), "label": r["code"], "count": r["count"],
             "fill": SEVERITY_FILLS.get(r["severity"], "#888"), "tip": f"{r['code']} · {r['count']}"}
            for i, r in enumerate(rows)]
    return {"width": left + span + 60, "height": 12 + 24 * len(rows), "left": left, "bars": bars}


def write_summary(
    out: IO[bytes], lang: str, counts: dict[str, Any], tally: Tally, reports: Iterator[dict[str, Any]],
    totals: dict[str, Any], skipped: list[tuple[str, str, str]], files: list[str],
) -> None:
    """Render the page into ``out`` chunk by chunk.

    ``skipped`` lists what the run passed over (path, reason, detail): counted by reason, and the
    first ``SKIPPED_SHOWN`` of them listed (the whole list is in the ``skipped`` table).
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(renderers_dir() / "dataset")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    per = counts["per_edition_year"]
    top = top_findings(tally)
    template = env.get_template("summary.html.j2")
    stream = template.generate(
        lang=lang,
        tool_version=__version__,
        totals=totals,
        per_edition_year=[{"edition": e or "?", "year": y if y >= 0 else "?", "count": c} for e, y, c in per],
        year_chart=year_chart(per),
        top_findings=top,
        code_chart=code_chart(top),
        reports=reports,
        status_words=STATUS_WORDS["en" if lang == "en" else "zh"],
        skipped_reasons=sorted(Counter(reason for _, reason, _ in skipped).items()),
        skipped=skipped[:SKIPPED_SHOWN],
        skipped_more=max(0, len(skipped) - SKIPPED_SHOWN),
        files=files,
    )
    buffer: list[str] = []
    size = 0
    for piece in stream:
        buffer.append(piece)
        size += len(piece)
        if size > 1 << 16:
            out.write("".join(buffer).encode("utf-8"))
            buffer, size = [], 0
    out.write("".join(buffer).encode("utf-8"))
