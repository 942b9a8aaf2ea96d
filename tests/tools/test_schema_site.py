"""``schema site``: built in a test, every link resolving, every ``$id`` served at its path, the
SchemaStore catalog pointing at served files, and the pages as Chromium shows them."""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from disclosure_kit.model.editions import EDITIONS, get_edition
from disclosure_kit.model.versions import releases
from disclosure_kit.schematools.site import id_path

from .helpers import ROOT, run

BASE = "https://disclosure-kit.org"
CHROMIUM = "/usr/bin/chromium"


def _other_ids() -> list[str]:
    """The $id of every schema of the repository outside the edition folders (formats, meta-schema)."""
    out = []
    for path in (ROOT / "schema").rglob("*.json"):
        rel = path.relative_to(ROOT / "schema").parts
        if rel[0] not in ("2019", "2021", "migrations") and len(rel) > 1:
            out.append(json.loads(path.read_text(encoding="utf-8"))["$id"])
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = run("schema", "site", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site behind a plain static web server on 127.0.0.1."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_site_has_every_released_version_and_the_rest(site: Path) -> None:
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    expected = {"index.html", "changelog.html", "catalog.json", ".disclosure-kit-site"}
    expected |= {f"schema/{sid.split('/schema/', 1)[1]}" for sid in _other_ids()}
    assert "schema/meta/1.0/x-keywords.schema.json" in expected
    for e in EDITIONS:
        found = releases(e)
        for r in found:
            expected |= {f"schema/{e}/{r.version}/report.schema.json", f"docs/{e}/{r.version}/index.html",
                         f"docs/{e}/{r.version}/reference.md"}
        for old, new in itertools.pairwise(found):
            expected |= {f"diff/{e}/{old.version}..{new.version}.html", f"diff/{e}/{old.version}..{new.version}.json"}
    assert files == sorted(expected)
    assert "diff/2021/1.0.0..1.1.0.html" in files
    # the JSON of each version is the archived file, byte for byte
    for r in releases():
        assert (site / id_path(r.schema_id, BASE)).read_bytes() == (ROOT / "schema" / r.path).read_bytes()


def test_every_link_resolves(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if urlparse(link).scheme:  # only our own links; there are no others
                pytest.fail(f"{page}: external link {link}")
            target = (page.parent / urldefrag(link).url).resolve()
            assert target.is_file() and site.resolve() in target.parents, f"{page.relative_to(site)}: {link}"
            checked += 1
    assert checked >= 30  # the parser did find the links (index, navigation, reference and diff pages)


def test_every_id_is_served_at_its_path(site: Path, served: str) -> None:
    ids = []
    for path in site.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "$id" in data:
            ids.append(data["$id"])
    assert len(ids) == len(releases()) + len(_other_ids())
    for schema_id in ids:
        url = served + urlparse(schema_id).path
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert json.loads(answer.read())["$id"] == schema_id


def test_the_catalog_is_in_the_schemastore_format(site: Path, served: str) -> None:
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["$schema"] == "https://json.schemastore.org/schema-catalog.json"
    assert catalog["version"] == 1
    assert [s["url"] for s in catalog["schemas"]] == [get_edition(e).schema_id for e in EDITIONS]
    entry = catalog["schemas"][1]
    assert entry["name"] == "中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）"
    assert entry["fileMatch"] == ["*.disclosure-2021.yaml", "*.disclosure-2021.yml", "*.disclosure-2021.json"]
    assert list(entry["versions"]) == [r.version for r in releases("2021")]
    for s in catalog["schemas"]:
        assert set(s) == {"name", "description", "fileMatch", "url", "versions"}
        for url in [s["url"], *s["versions"].values()]:
            with urllib.request.urlopen(served + urlparse(url).path, timeout=10) as answer:
                assert json.loads(answer.read())["$id"] == url


def _dom(url: str, tmp: Path) -> str:
    profile = tmp / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--dump-dom", url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def test_pages_in_chromium(served: str, tmp_path: Path) -> None:
    index = _dom(served + "/index.html", tmp_path)
    latest = get_edition("2021")
    assert f'<td>{latest.version} (latest)</td>' in index
    assert f'<a href="{id_path(latest.schema_id, BASE)}"><code>{latest.schema_id}</code></a>' in index
    assert '<a href="diff/2021/1.0.0..1.1.0.html">1.0.0 → 1.1.0</a>' in index
    diff = _dom(served + "/diff/2021/1.0.0..1.1.0.html", tmp_path)
    rows = diff.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 4
    assert ('<td class="level-minor">minor</td><td>新增 / added</td><td><code>/processing_fees/notices</code></td>'
            "<td>发出收费通知件数 (field, integer|null)<br>Fee notices issued (field, integer|null)</td>") in rows
    docs = _dom(served + "/docs/2021/1.1.0/index.html", tmp_path)
    assert '<h3 id="processing_fees">信息处理费 / Information-processing fees</h3>' in docs
    changelog = _dom(served + "/changelog.html", tmp_path)
    assert "<h2>2021 1.1.0 — 2026-11-30</h2>" in changelog


def test_an_existing_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path, site: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    refused = run("schema", "site", "-o", str(mine))
    assert refused.exit_code == 2
    assert "not a site written by disclosure-kit; refusing to replace it" in refused.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"
    again = run("schema", "site", "-o", str(site))  # a site is replaced as a whole
    assert again.exit_code == 0 and (site / "index.html").is_file()
