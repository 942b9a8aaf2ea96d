"""The pages for clerks: check a report (home and result), edit a report, downloads, API docs.

Every page is drawn by Jinja2 with autoescape from ``web/templates`` and uses only the script and
style files of ``web/static`` (no inline script: the Content-Security-Policy forbids it). The
language is ``?lang=en`` or Chinese by default, with a switch on every page.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from .. import __version__
from ..check.loading import REPORT_SUFFIXES
from ..importers.run import SUFFIXES as IMPORT_SUFFIXES
from ..model.editions import EDITIONS, get_edition
from ..model.layout import table_grid
from ..renderers.html_tables import table_html
from . import service
from .bodies import Incoming, incoming, safe_name, suffix_of
from .editionmodel import editor_model_for
from .openapi import openapi_document
from .problems import Problem
from .responses import attachment, lang_of
from .views import json_for_script, result_view
from .words import words

TEMPLATES = Path(__file__).parent / "templates"
REPORT_FORMATS = (("yaml", "YAML"), ("json", "JSON"), ("xlsx", "Excel (xlsx)"))


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    # auto_reload off: the templates ship with the package, so no request needs to stat them again
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def _switch_url(request: Request, lang: str) -> str:
    query = dict(request.query_params)
    query["lang"] = "zh" if lang == "en" else "en"
    return request.url.path + "?" + urlencode(query)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    html = _environment().get_template(template).render(
        lang=lang, other_lang="zh" if lang == "en" else "en", w=words(lang), version=__version__,
        switch_url=_switch_url(request, lang), **context)
    return HTMLResponse(html, status_code=status)


def download_formats() -> list[tuple[str, str]]:
    """The download menu: the report itself (YAML, JSON, xlsx), then every renderer whose name is not
    one of those (``/download/json`` is the report file, so the ``json`` renderer gets no button)."""
    own = dict(REPORT_FORMATS)
    rendered = [(name, f"{name.upper()} ({r.suffix})") for name, r in service.renderers().items() if name not in own]
    return [*REPORT_FORMATS, *rendered]


async def home(request: Request) -> Response:
    examples = sorted(request.app.state.examples)
    accept = ",".join(dict.fromkeys((*REPORT_SUFFIXES, *IMPORT_SUFFIXES)))
    return page(request, "home.html.j2", examples=examples, accept=accept)


def _result_page(request: Request, checked: service.Checked) -> Response:
    lang = lang_of(request)
    view = result_view(checked.result, lang, checked.provenance)
    data = {"edition": checked.result.edition, "report": checked.result.report, "file": checked.result.file}
    return page(request, "result.html.j2", view=view, formats=download_formats(),
                report_data=json_for_script(data))


async def check(request: Request) -> Response:
    async with incoming(request) as found:
        checked = await service.check_any(found, request.app.state.pool)
    return _result_page(request, checked)


async def example(request: Request) -> Response:
    name = request.path_params["name"]
    data = request.app.state.examples.get(name)
    if data is None:
        raise Problem(404, "web.not_found", path=request.url.path[:200])
    return _result_page(request, await service.check_report(Incoming(io.BytesIO(data), name, suffix_of(name))))


@cache
def _blank_form(edition_id: str, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The editor's empty tables and report-information fields: the same for every request of an
    edition and a language, so drawn once (the official tables take about a millisecond)."""
    edition = get_edition(edition_id)
    sections = []
    for node in edition.sections():
        body = Markup(table_html(table_grid(edition, node), {}, lang)) if node.role == "table" else ""
        sections.append({"anchor": node.key, "kind": node.role, "heading": node.label.get(lang), "body": body})
    fields = [{**f, "label": f["label"][lang]} for f in editor_model_for(edition_id)["meta"]]
    return sections, fields


async def edit(request: Request) -> Response:
    lang = lang_of(request)
    edition_id = request.query_params.get("edition")
    if edition_id not in EDITIONS:
        return page(request, "edit.html.j2", edition=None, formats=[], meta_fields=[], sections=[],
                    new=False, words_json=Markup("{}"))
    sections, fields = _blank_form(edition_id, lang)
    return page(request, "edit.html.j2", edition=edition_id, sections=sections, meta_fields=fields,
                formats=download_formats(), new=request.query_params.get("new") == "1",
                words_json=json_for_script(words(lang)))


async def download(request: Request) -> Response:
    """A report posted back by the page (the server kept none), as a file in the asked format."""
    fmt = request.path_params["format"]
    form = await request.form(max_files=0, max_fields=5, max_part_size=request.app.state.config.report_bytes)
    text = form.get("report")
    name = safe_name(str(form.get("name") or ""), "report.json")
    if not isinstance(text, str) or not text.strip():
        raise Problem(400, "web.no_input")
    # a workbook or a DOCX takes a few hundred milliseconds: made in a thread, not on the event loop
    content, filename, media, errors = await run_in_threadpool(_download_file, text, name, fmt, lang_of(request))
    return attachment(content, filename, media, {"disclosure-kit-status": "invalid" if errors else "valid"})


def _download_file(text: str, name: str, fmt: str, lang: str) -> tuple[bytes, str, str, int]:
    """(content, file name, media type, errors) of a posted report in ``fmt``."""
    result = service.check_report_bytes(text.encode("utf-8"), service.base_name(name) + ".json")
    if fmt in dict(REPORT_FORMATS):
        content, filename, media = service.report_file(result, fmt, lang)
    else:
        content, filename, media = service.render_file(result, fmt, lang, force=True, annotate=fmt == "html")
    return content, filename, media, result.errors


async def api_docs(request: Request) -> Response:
    return page(request, "apidocs.html.j2", spec=openapi_document())


def routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/check", check, methods=["POST"]),
        Route("/examples/{name}", example),
        Route("/edit", edit),
        Route("/download/{format}", download, methods=["POST"]),
        Route("/api/docs", api_docs),
    ]


def load_examples(folder: Path | None) -> dict[str, bytes]:
    """The report files of ``--examples DIR``, read once at start-up (never a path from a request)."""
    if folder is None:
        return {}
    from ..fileio.reading import read_file

    return {p.name: read_file(p) for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES}
