"""Fixtures of the web tests: one real server for the session, one browser, a hostile-limits server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from renderers.support import install_plugin  # tests/renderers: the example plug-in, laid out as pip would

from .support import CHROMIUM, CHROMIUM_ARGS, Server, start_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service as an agency runs it, with the example plug-in renderer installed beside it."""
    root = tmp_path_factory.mktemp("serve")
    site = install_plugin(root / "site")
    srv = start_server(root, env={"PYTHONPATH": str(site)})
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, tmp_path: Path) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    context.close()
