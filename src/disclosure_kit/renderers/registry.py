"""The renderer registry: every entry point of the group ``disclosure_kit.renderers``.

Built-ins are declared as entry points in disclosure-kit's own ``pyproject.toml``, so they are
found exactly like a third-party renderer installed with pip. Entry points are loaded lazily and
one at a time: a renderer whose module fails to import (a missing dependency, a syntax error in a
plug-in) becomes an entry with an ``error`` and never stops the others from being listed or used.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from .base import Renderer

GROUP = "disclosure_kit.renderers"
OWN_DISTRIBUTION = "disclosure-kit"
REQUIRED_ATTRIBUTES = ("name", "suffix", "media_type", "description")


@dataclass
class RendererEntry:
    """One registered renderer: where it comes from, and the loaded object or why it failed."""

    name: str
    target: str  # "module:attribute" of the entry point
    distribution: str  # distribution that declares it, e.g. "disclosure-kit"
    version: str
    renderer: Renderer | None = None
    error: str | None = None

    @property
    def builtin(self) -> bool:
        return self.distribution == OWN_DISTRIBUTION

    @property
    def origin(self) -> str:
        """Human-readable origin: ``built-in`` or ``<distribution> <version>``."""
        return "built-in" if self.builtin else f"{self.distribution} {self.version}".strip()

    @property
    def ok(self) -> bool:
        return self.renderer is not None


class RendererError(Exception):
    """A renderer was asked for that is unknown or could not be loaded."""

    def __init__(self, name: str, reason: str, known: list[str]) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason, self.known = name, reason, known


def _distribution(ep: EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "", ""
    return str(dist.metadata["Name"] or ""), str(dist.version or "")


def _instantiate(obj: Any) -> Renderer:
    """Accept a class (instantiated without arguments) or an instance; check the protocol."""
    renderer = obj() if isinstance(obj, type) else obj
    missing = [a for a in REQUIRED_ATTRIBUTES if not isinstance(getattr(renderer, a, None), str)]
    if not callable(getattr(renderer, "render", None)):
        missing.append("render()")
    if missing:
        raise TypeError("does not implement the Renderer protocol (missing: " + ", ".join(missing) + ")")
    return renderer


def _load(entry: RendererEntry, ep: EntryPoint) -> None:
    try:
        entry.renderer = _instantiate(ep.load())
    except Exception as exc:  # any failure of a plug-in's import or construction is reported, not raised
        entry.error = f"{type(exc).__name__}: {exc}"


def _entry_points() -> list[EntryPoint]:
    """Entry points of the group, built-ins first, then third-party ones by name; one per name."""
    found = sorted(entry_points(group=GROUP), key=lambda ep: (_distribution(ep)[0] != OWN_DISTRIBUTION, ep.name))
    seen: set[str] = set()
    out = []
    for ep in found:
        if ep.name in seen:  # a plug-in cannot shadow a built-in (or an earlier plug-in) of the same name
            continue
        seen.add(ep.name)
        out.append(ep)
    return out


def names() -> list[str]:
    """Names of all registered renderers, without loading any of them."""
    return [ep.name for ep in _entry_points()]


def entries() -> list[RendererEntry]:
    """Every registered renderer, each loaded (or with the reason it could not be)."""
    out = []
    for ep in _entry_points():
        dist, version = _distribution(ep)
        entry = RendererEntry(ep.name, ep.value, dist, version)
        _load(entry, ep)
        out.append(entry)
    return out


def get(name: str) -> Renderer:
    """Load one renderer by its ``--to`` name; raise ``RendererError`` if unknown or broken."""
    eps = _entry_points()
    for ep in eps:
        if ep.name == name:
            dist, version = _distribution(ep)
            entry = RendererEntry(ep.name, ep.value, dist, version)
            _load(entry, ep)
            if entry.renderer is None:
                raise RendererError(name, entry.error or "cannot be loaded", [e.name for e in eps])
            return entry.renderer
    raise RendererError(name, "unknown renderer", [e.name for e in eps])
