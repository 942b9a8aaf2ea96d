"""``/api/v1/``: validate, render, import, renderers, schemas, the edition model, the OpenAPI document.

Each handler reads its input (``bodies``), calls the operation (``service``, i.e. ``disclosure_kit
.api``) and answers JSON, a file, or a problem. Nothing is stored: a report lives only for the
request that carries it.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ..model.editions import EDITIONS
from . import service
from .bodies import incoming
from .editionmodel import editor_model_for
from .openapi import openapi_document
from .problems import Problem
from .responses import JSONAnswer, attachment, flag, lang_of
from .schemas import schema_index


async def validate(request: Request) -> Response:
    async with incoming(request) as found:
        checked = await service.check_report(found)
    return JSONAnswer(service.result_payload(checked.result, lang_of(request), flag(request, "strict")))


async def render(request: Request) -> Response:
    to = request.query_params.get("to", "")
    async with incoming(request) as found:
        checked = await service.check_report(found)
    force, annotate = flag(request, "force"), flag(request, "annotate")
    # a DOCX, ODT or PDF takes a few hundred milliseconds: rendered in a thread, not on the event loop
    content, name, media = await run_in_threadpool(service.render_file, checked.result, to, lang_of(request),
                                                   force=force, annotate=annotate)
    status = "invalid" if checked.result.errors else "valid"
    return attachment(content, name, media, {"disclosure-kit-status": status})


async def renderers(request: Request) -> Response:
    return JSONAnswer([{"name": name, "suffix": r.suffix, "media_type": r.media_type, "description": r.description}
                       for name, r in service.renderers().items()])


async def import_source(request: Request) -> Response:
    edition = request.query_params.get("edition", "auto")
    if edition not in ("auto", *EDITIONS):
        raise Problem(400, "web.bad_parameter", name="edition", value=edition[:40],
                      known="auto, " + ", ".join(EDITIONS))
    async with incoming(request, "source") as found:
        checked = await service.import_source(found, request.app.state.pool, edition)
    return JSONAnswer({"result": service.result_payload(checked.result, lang_of(request)),
                       "report": checked.result.report, "provenance": checked.provenance, "layout": checked.layout})


async def schemas(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return JSONAnswer([{"$id": s.schema_id, "url": base + s.path, "path": s.path, "title": s.title}
                       for s in schema_index().values()])


async def schema_file(request: Request) -> Response:
    path = "/schema/" + request.path_params["path"]
    served = schema_index().get(path)
    if served is None:
        raise Problem(404, "web.not_found", path=path[:200])
    return FileResponse(served.file, media_type="application/schema+json")


async def edition_model(request: Request) -> Response:
    edition = request.path_params["edition"]
    if edition not in EDITIONS:
        raise Problem(404, "web.not_found", path=request.url.path[:200])
    return JSONAnswer(editor_model_for(edition))


async def health(request: Request) -> Response:
    from .. import __version__

    return JSONAnswer({"status": "ok", "version": __version__})


async def openapi(request: Request) -> Response:
    return JSONAnswer(openapi_document())


async def echo(request: Request) -> Response:
    """The bare baseline of ``benchmarks/bench_serve.py``: parse the JSON body, answer it."""
    import orjson

    return JSONAnswer(orjson.loads(await request.body()))


def routes(with_echo: bool) -> list[Route]:
    out = [
        Route("/api/v1/validate", validate, methods=["POST"]),
        Route("/api/v1/render", render, methods=["POST"]),
        Route("/api/v1/renderers", renderers),
        Route("/api/v1/import", import_source, methods=["POST"]),
        Route("/api/v1/schemas", schemas),
        Route("/schema/{path:path}", schema_file),
        Route("/api/v1/editions/{edition}/model", edition_model),
        Route("/api/v1/health", health),
        Route("/api/v1/openapi.json", openapi),
    ]
    if with_echo:
        out.append(Route("/api/v1/echo", echo, methods=["POST"]))
    return out
