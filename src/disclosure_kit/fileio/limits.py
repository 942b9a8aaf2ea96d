"""Every bound on what the tool reads, in one place: bytes, decompressed bytes, nodes, pages, rows.

A small hostile file must not exhaust memory or time (a 648 KB zip bomb inflates to 6 GB, a 10 MB
YAML flow list takes a minute). Each reader asks ``limits()`` for its bound instead of keeping a
constant of its own, so the defaults are documented in one table (``docs/limits.md``) and a site
can change them without code: the environment variable ``DISCLOSURE_KIT_LIMITS`` holds
``name=value`` pairs separated by commas (``DISCLOSURE_KIT_LIMITS="pdf_pages=2000,max_bytes=50000000"``),
and ``configure(**values)`` sets them for the process (the web service and tests use it).
Command-line options that name a limit (``--max-bytes``) pass it explicitly and win.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

ENV = "DISCLOSURE_KIT_LIMITS"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds, with the reason for each default in ``docs/limits.md``."""

    max_bytes: int = 10 * MIB  # one report file (YAML/JSON) as read
    source_bytes: int = 100 * MIB  # one source given to ``import`` (PDF, DOCX, HTML, image)
    unzip_bytes: int = 200 * MIB  # all members read from one zip (DOCX, XLSX, ODT), decompressed
    unzip_ratio: int = 200  # a member that inflates more than this many times its packed size
    zip_members: int = 10_000  # entries in one zip's directory (a DOCX has about 20)
    xml_nodes: int = 2_000_000  # elements parsed from one XML part
    yaml_nodes: int = 200_000  # nodes of one report file (a report has about 600)
    json_depth: int = 64  # nesting of a report file
    pdf_pages: int = 500  # pages read from one PDF (a report has 5 to 30)
    pdf_stream_bytes: int = 64 * MIB  # one decoded PDF content stream
    image_pixels: int = 60_000_000  # one page image given to OCR (A4 at 600 dpi is 35 million)
    sheet_cells: int = 200_000  # cells read from one worksheet (an exported report has about 2,000)
    sheet_rows: int = 10_000  # rows read from one worksheet
    html_bytes: int = 20 * MIB  # one HTML page given to ``import``
    seconds_per_source: float = 120.0  # wall time for one import in a worker (web service)


_active: Limits | None = None


def _from_env(base: Limits) -> Limits:
    text = os.environ.get(ENV, "").strip()
    if not text:
        return base
    fields = {f.name: f.type for f in dataclasses.fields(Limits)}
    values: dict[str, int | float] = {}
    for pair in text.split(","):
        name, _, raw = pair.partition("=")
        name = name.strip()
        if name not in fields:
            raise ValueError(f"{ENV}: unknown limit {name!r}; known: {', '.join(sorted(fields))}")
        try:
            number = float(raw) if fields[name] in ("float", float) else int(raw)
        except ValueError:
            raise ValueError(f"{ENV}: {name}={raw!r} is not a number") from None
        if number <= 0:
            raise ValueError(f"{ENV}: {name} must be positive")
        values[name] = number
    return dataclasses.replace(base, **values)


def limits() -> Limits:
    """The limits in force: the defaults, then ``DISCLOSURE_KIT_LIMITS``, then ``configure``."""
    global _active
    if _active is None:
        _active = _from_env(Limits())
    return _active


def configure(**values: int | float) -> Limits:
    """Change some limits for this process (and the workers it starts afterwards)."""
    global _active
    _active = dataclasses.replace(limits(), **values)
    changed = {f.name: getattr(_active, f.name) for f in dataclasses.fields(Limits)
               if getattr(_active, f.name) != getattr(Limits(), f.name)}
    os.environ[ENV] = ",".join(f"{k}={v}" for k, v in changed.items())  # spawned workers inherit them
    return _active


def reset() -> None:
    """Back to the defaults and the environment (tests)."""
    global _active
    _active = None
