"""``schema site -o DIR``: the released schemas as a static site that any web server can serve.

Editors and validators fetch a schema by its ``$id``; so each released version's JSON is written
at the path of its ``$id`` below the site root (``schema/2021/1.1.0/report.schema.json`` for
``https://disclosure-kit.org/schema/2021/1.1.0/report.schema.json``), and so are the other schemas
with an ``$id`` (the x-keyword meta-schema, the check-result and open-data formats). Beside them:
an index of editions and versions, the generated reference of every version, the changelog, the
diff between consecutive versions (HTML and JSON), and ``catalog.json`` in the SchemaStore
catalog format, which editors use to associate schemas with files. Only released versions are
published; every link is relative, so the site works from a sub-folder or from disk too.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import orjson

from ..fileio.tempfiles import temp_dir
from ..model.editions import EDITIONS, Edition, get_edition
from ..model.resources import schema_dir
from ..model.versions import Release, released_bytes, releases
from .diff import WORDS, SchemaDiff, change_what, diff_editions
from .docs import CSS, html_page, markdown
from .semver import level

MARKER = ".disclosure-kit-site"  # written in every site, so that -o never replaces someone's folder
CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"
FILE_MATCH = "*.disclosure-{edition}.{suffix}"  # the naming convention the catalog associates (docs/schema-tools.md)


class SiteError(ValueError):
    """The site cannot be written where asked."""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, depth: int) -> str:
    """A page of the site; ``depth`` is how many folders below the root it sits (for relative links)."""
    up = "../" * depth
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
            f"<style>{CSS}\nnav a{{margin-right:1rem}}td.level-major{{color:#a00}}td.level-minor{{color:#05a}}"
            f"</style></head><body>\n"
            f'<nav><a href="{up}index.html">模式版本 / Schema versions</a><a href="{up}changelog.html">变更记录 / '
            f'Changelog</a><a href="{up}catalog.json">catalog.json</a></nav>\n{body}\n</body></html>\n')


def id_path(schema_id: str, base_url: str) -> str:
    """The path of a ``$id`` below the site root; SiteError when the ``$id`` is not under ``base_url``."""
    base = base_url.rstrip("/") + "/"
    if not schema_id.startswith(base) or ".." in schema_id[len(base):].split("/"):
        raise SiteError(f"$id {schema_id} is not below the site address {base_url}")
    return schema_id[len(base):]


def _other_schemas(root: Path) -> list[tuple[str, bytes]]:
    """($id, bytes) of every schema outside the edition folders that has an ``$id`` (formats, meta-schema)."""
    out = []
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(root).parts
        if rel[0] in EDITIONS or rel[0] == "migrations" or len(rel) == 1:
            continue
        raw = path.read_bytes()
        data = orjson.loads(raw)
        if isinstance(data, dict) and isinstance(data.get("$id"), str):
            out.append((data["$id"], raw))
    return out


class _Site:
    def __init__(self, out: Path, base_url: str) -> None:
        self.out, self.base_url = out, base_url
        self.files: list[str] = []

    def write(self, rel: str, data: bytes | str) -> str:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files.append(rel)
        return rel

    def build(self) -> list[str]:
        root = schema_dir()
        editions: dict[str, list[tuple[Release, Edition]]] = {}
        for e in EDITIONS:
            for r in releases(e):
                editions.setdefault(e, []).append((r, get_edition(e, r.version)))
                self.write(id_path(r.schema_id, self.base_url), released_bytes(r))
                self.version_docs(r, editions[e][-1][1])
        diffs: dict[tuple[str, str], tuple[str, str]] = {}  # (edition, version) -> (page, previous version)
        for e, found in editions.items():
            for (old_r, old), (new_r, new) in itertools.pairwise(found):
                page = self.diff_page(e, old_r.version, new_r.version, diff_editions(old, new))
                diffs[(e, new_r.version)] = (page, old_r.version)
        others = _other_schemas(root)
        for sid, data in others:
            self.write(id_path(sid, self.base_url), data)
        self.changelog(root)
        self.write("catalog.json", orjson.dumps(self.catalog(editions), option=orjson.OPT_INDENT_2) + b"\n")
        self.write("index.html", self.index(editions, diffs, [sid for sid, _ in others]))
        self.write(MARKER, "written by disclosure-kit schema site; the folder is replaced as a whole\n")
        return self.files

    def version_docs(self, r: Release, edition: Edition) -> None:
        folder = f"docs/{r.edition}/{r.version}"
        nav = (f'<nav><a href="../../../index.html">模式版本 / Schema versions</a> · '
               f'<a href="reference.md">Markdown</a> · <a href="../../../{_e(id_path(r.schema_id, self.base_url))}">'
               f"JSON</a></nav>")
        self.write(f"{folder}/index.html", html_page(edition, header_html=nav))
        self.write(f"{folder}/reference.md", markdown(edition))

    def diff_page(self, edition: str, old: str, new: str, diff: SchemaDiff) -> str:
        stem = f"diff/{edition}/{old}..{new}"
        self.write(f"{stem}.json", orjson.dumps(diff.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
        rows = []
        for c in diff.changes:
            rows.append(f"<tr><td class=\"level-{_e(level(c))}\">{_e(level(c))}</td>"
                        f"<td>{_e(WORDS[c.change][0])} / {_e(WORDS[c.change][1])}</td>"
                        f"<td><code>{_e(c.pointer or '#')}</code></td><td>{_e(change_what(c, 'zh'))}<br>"
                        f"{_e(change_what(c, 'en'))}</td></tr>")
        body = (f"<h1>{_e(edition)}: {_e(old)} → {_e(new)}</h1>"
                f"<p>{len(diff.changes)} 处变化 / change(s). "
                f'<a href="{_e(old)}..{_e(new)}.json">JSON</a></p>'
                "<table><thead><tr><th>级别 / level</th><th>变化 / change</th><th>id</th><th>说明 / what</th></tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table>")
        return self.write(f"{stem}.html", _page(f"schema diff {edition} {old} → {new}", body, 2))

    def changelog(self, root: Path) -> None:
        from markdown_it import MarkdownIt

        text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
        body = MarkdownIt("commonmark", {"html": False}).render(text)  # raw HTML in the file stays text
        self.write("changelog.html", _page("Schema changelog", body, 0))

    def catalog(self, editions: dict[str, list[tuple[Release, Edition]]]) -> dict[str, Any]:
        schemas = []
        for e, found in editions.items():
            latest_r, latest = found[-1]
            schemas.append({
                "name": f"{latest.schema.get('x-format-title', latest.title.zh)}（{latest.schema.get('x-notice', e)}）",
                "description": f"disclosure-kit report schema, edition {e}: {latest.title.en} "
                               f"({latest.schema.get('x-notice', '')})",
                "fileMatch": [FILE_MATCH.format(edition=e, suffix=s) for s in ("yaml", "yml", "json")],
                "url": latest_r.schema_id,
                "versions": {r.version: r.schema_id for r, _ in found},
            })
        return {"$schema": CATALOG_SCHEMA, "version": 1, "schemas": schemas}

    def index(self, editions: dict[str, list[tuple[Release, Edition]]], diffs: dict[tuple[str, str], tuple[str, str]],
              others: list[str]) -> str:
        parts = ["<h1>政府信息公开工作年度报告 模式 / Report schemas of disclosure-kit</h1>",
                 "<p>每个已发布的模式版本都不再修改；其 JSON 位于其 $id 所示的路径。 Every released version is frozen; "
                 "its JSON is served at the path of its <code>$id</code>.</p>"]
        for e, found in editions.items():
            latest = found[-1][1]
            parts.append(f'<h2 id="edition-{_e(e)}">{_e(e)}: {_e(latest.schema.get("x-format-title", ""))}'
                         f'（{_e(latest.schema.get("x-notice", ""))}）</h2>')
            parts.append("<table><thead><tr><th>版本 / version</th><th>发布日期 / released</th><th>$id</th>"
                         "<th>参考文档 / reference</th><th>与上一版的差异 / diff</th></tr></thead><tbody>")
            for r, _ in reversed(found):
                path = id_path(r.schema_id, self.base_url)
                diff = diffs.get((e, r.version))
                diff_cell = f'<a href="{_e(diff[0])}">{_e(diff[1])} → {_e(r.version)}</a>' if diff else "—"
                mark = " (latest)" if r is found[-1][0] else ""
                parts.append(f'<tr><td>{_e(r.version)}{mark}</td><td>{_e(r.date)}</td>'
                             f'<td><a href="{_e(path)}"><code>{_e(r.schema_id)}</code></a></td>'
                             f'<td><a href="docs/{_e(e)}/{_e(r.version)}/index.html">HTML</a> · '
                             f'<a href="docs/{_e(e)}/{_e(r.version)}/reference.md">Markdown</a></td>'
                             f"<td>{diff_cell}</td></tr>")
            parts.append("</tbody></table>")
        parts.append("<h2>其他模式 / Other schemas</h2><ul>")
        for sid in others:
            parts.append(f'<li><a href="{_e(id_path(sid, self.base_url))}"><code>{_e(sid)}</code></a></li>')
        parts.append('</ul><p><a href="changelog.html">变更记录 / Changelog</a> · '
                     '<a href="catalog.json">catalog.json</a> (SchemaStore catalog format)</p>')
        return _page("disclosure-kit schemas", "\n".join(parts), 0)


def build_site(out: Path, base_url: str = "https://disclosure-kit.org") -> list[str]:
    """Write the site into ``out`` (replaced as a whole: built beside it, then renamed into place).

    Refuses a non-empty ``out`` that is not a site written by this command. Returns the files
    written, relative to ``out``.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(f"{out}: exists and is not a site written by disclosure-kit; refusing to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_dir(out.name, out.parent)  # owned: a killed run's folder is swept by a later one
    try:
        files = _Site(tmp, base_url).build()
        os.chmod(tmp, 0o777 & ~_umask())
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        raise
    return files


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
