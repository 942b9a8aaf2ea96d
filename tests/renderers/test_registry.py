"""The renderer registry: built-ins and plug-ins through the same entry-point group."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import tomllib

from disclosure_kit.renderers import registry
from disclosure_kit.renderers.html import HtmlRenderer
from disclosure_kit.renderers.markdown import MarkdownRenderer

from .support import ROOT, context, example, install_plugin


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Put a plug-in site folder on sys.path for one test (nothing is installed in the venv)."""

    def add(**kw) -> Path:
        site = install_plugin(tmp_path / "site", **kw)
        monkeypatch.syspath_prepend(str(site))
        return site

    yield add
    for mod in [m for m in sys.modules if m.startswith("dk_plugin_example")]:
        del sys.modules[mod]


def test_builtins_come_from_our_own_entry_points() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    builtins = declared["disclosure_kit.renderers"]
    assert set(builtins) == {"html", "markdown", "docx", "odt", "json", "pdf"}
    entries = {e.name: e for e in registry.entries()}
    for name, target in builtins.items():
        assert entries[name].target == target and entries[name].origin == "built-in"
    assert isinstance(entries["html"].renderer, HtmlRenderer)
    assert isinstance(entries["markdown"].renderer, MarkdownRenderer)
    assert (entries["html"].renderer.suffix, entries["markdown"].renderer.suffix) == (".html", ".md")


def test_plugin_is_listed_and_renders(plugin_site) -> None:
    plugin_site()
    assert "cells-tsv" in registry.names()
    entry = next(e for e in registry.entries() if e.name == "cells-tsv")
    assert entry.origin == "dk-plugin-example 0.1.0" and entry.error is None
    assert entry.target == "dk_plugin_example:CellsTsvRenderer"
    out = registry.get("cells-tsv").render(context(example("2021"))).decode("utf-8").splitlines()
    assert out[0] == "pointer\tvalue"
    assert "/applications/results/unable/not_held/total\t30" in out
    assert len(out) == 1 + (6 + 1 + 2 + 1) + 25 * 7 + 15  # header line, then every cell of the 2021 edition


def test_broken_plugins_are_reported_and_do_not_hide_the_others(plugin_site) -> None:
    plugin_site(name="dk-broken", entry_points={"broken": "dk_no_such_module:Nope",
                                                "notarenderer": "dk_plugin_example:__all__"})
    entries = {e.name: e for e in registry.entries()}
    assert entries["broken"].error == "ModuleNotFoundError: No module named 'dk_no_such_module'"
    assert entries["notarenderer"].error == (
        "TypeError: does not implement the Renderer protocol "
        "(missing: name, suffix, media_type, description, render())")
    assert entries["html"].ok and entries["markdown"].ok
    with pytest.raises(registry.RendererError) as err:
        registry.get("broken")
    assert err.value.reason == "ModuleNotFoundError: No module named 'dk_no_such_module'"
    assert isinstance(registry.get("html"), HtmlRenderer)


def test_a_plugin_cannot_shadow_a_builtin(plugin_site) -> None:
    plugin_site(name="dk-shadow", entry_points={"html": "dk_plugin_example:CellsTsvRenderer"})
    assert isinstance(registry.get("html"), HtmlRenderer)
    assert registry.names().count("html") == 1


def test_unknown_name() -> None:
    with pytest.raises(registry.RendererError) as err:
        registry.get("epub")
    assert err.value.reason == "unknown renderer" and "html" in err.value.known
