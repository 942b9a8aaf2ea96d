"""The Renderer protocol: what every renderer, built-in or third-party, provides.

A renderer turns one checked report into bytes; it never writes its destination itself. The
``render`` command writes those bytes atomically (``fileio.atomic.atomic_write_bytes``), so an output
file appears whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..check.findings import FileResult
from ..model.editions import Edition


@dataclass
class RenderContext:
    """Everything a renderer may use: the report, its edition, the check result, the options."""

    report: dict[str, Any]
    edition: Edition
    result: FileResult  # findings of the check that ran before rendering
    lang: str = "zh"
    annotate: bool = False  # mark cells that have findings (html)
    source_name: str = ""
    source_bytes: bytes = b""  # the report file as read, for hashes (open-data json)
    # Renderer options by name, from ``render --option NAME=VALUE`` (values are strings there) or
    # from Python callers. Built-ins read ``footer`` (html: the line naming the tool; default on).
    options: dict[str, Any] = field(default_factory=dict)


def option_enabled(ctx: RenderContext, name: str, default: bool = True) -> bool:
    """A yes/no renderer option of ``RenderContext.options`` (``render --option NAME=off``)."""
    value = ctx.options.get(name, default)
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


@runtime_checkable
class Renderer(Protocol):
    """Built-ins and entry points of the group ``disclosure_kit.renderers`` implement this."""

    name: str  # ``--to`` value, e.g. "html"
    suffix: str  # file suffix with the dot, e.g. ".html"
    media_type: str  # e.g. "text/html; charset=utf-8"
    description: str

    def render(self, ctx: RenderContext) -> bytes:
        """Return the whole output document."""
        ...
