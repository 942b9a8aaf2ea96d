"""``create_app``: the ASGI application of ``disclosure-kit serve``, with its guards and its workers.

Starlette rather than FastAPI: the service needs routing, multipart uploads and static files, and
its data already has JSON Schemas (check result, report, open data), so FastAPI's pydantic models
would be a second description of the same shapes; Starlette adds no model layer and its raw
request stream is what the size guard needs.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..model.resources import renderers_dir
from . import api_routes, pages, service
from .config import ServeConfig
from .problems import Problem, problem_response
from .responses import lang_of
from .security import BodyTooLarge, Guard
from .workers import ImportPool

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("disclosure_kit.web")

async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc, lang_of(request), request.url.path)

async def _too_large(request: Request, exc: Exception) -> Response:
    limit = request.app.state.config.max_body_bytes
    return problem_response(Problem(413, "web.too_large", limit=limit, headers={"connection": "close"}),
                            lang_of(request), request.url.path)

async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        problem = Problem(404, "web.not_found", path=request.url.path[:200])
    elif exc.status_code == 405:
        problem = Problem(405, "web.method_not_allowed", path=request.url.path[:200], method=request.method)
    else:
        problem = Problem(exc.status_code, "web.bad_form", reason=str(exc.detail)[:200])
    return problem_response(problem, lang_of(request), request.url.path)

async def _failure(request: Request, exc: Exception) -> Response:
    log.exception("request failed: %s %s", request.method, request.url.path)
    problem = Problem(500, "tool.error", detail=type(exc).__name__)
    return problem_response(problem, lang_of(request), request.url.path)

async def _report_css(request: Request) -> Response:
    """The stylesheet of the ``html`` renderer: the official tables look the same everywhere."""
    return FileResponse(renderers_dir() / "html" / "report.css", media_type="text/css")


def create_app(config: ServeConfig | None = None) -> Any:
    """The application, wrapped in the size and header guard; its import pool starts with it."""
    config = config or ServeConfig()
    pool = ImportPool(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        import asyncio

        await asyncio.to_thread(pool.start)
        yield
        pool.close()

    app = Starlette(
        routes=[*pages.routes(), *api_routes.routes(config.echo),
                Route("/static/report.css", _report_css),
                Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static")],
        exception_handlers={Problem: _problem, BodyTooLarge: _too_large, HTTPException: _http, Exception: _failure},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.pool = pool
    app.state.examples = pages.load_examples(config.examples)
    service.renderers()  # the installed renderers, looked up once, before the first request
    return Guard(app, config.max_body_bytes)
