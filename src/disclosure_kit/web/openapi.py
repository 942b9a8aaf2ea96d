"""The OpenAPI 3.1 document of ``/api/v1/``, written as data next to the routes it describes.

Starlette does not generate one (FastAPI would, at the price of pydantic models for data that
already has JSON Schemas of its own); the check-result and open-data shapes are referenced by the
``$id`` of their schema, which this service also serves (the check-result schema is embedded
whole, so that the document resolves without a network). ``tests/web`` validates the document
with openapi-spec-validator and checks that every route of the app is described.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import orjson

from .. import __version__
from ..check.output import RESULT_SCHEMA_ID
from .problems import MEDIA_TYPE as PROBLEM
from .schemas import id_path, schema_index

REPORT_TYPES = ("application/json", "application/yaml")


def _param(name: str, where: str, description: str, schema: dict[str, Any], required: bool = False
           ) -> dict[str, Any]:
    return {"name": name, "in": where, "description": description, "required": required, "schema": schema}


LANG = _param("lang", "query", "language of messages: zh (default) or en", {"type": "string", "enum": ["zh", "en"]})
STRICT = _param("strict", "query", "treat warnings as errors", {"type": "boolean"})
FILENAME = _param("filename", "query", "the name to report a raw body under (its suffix tells the kind)",
                  {"type": "string"})


def _problems(*statuses: int) -> dict[str, Any]:
    words = {400: "bad request", 404: "not found", 413: "body over the size limit (web.too_large)",
             415: "unsupported content or file type", 422: "the report or source cannot be used",
             500: "the tool failed", 503: "too many imports running (web.busy)", 504: "import timed out"}
    problem = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {str(s): {"description": words[s], "content": problem} for s in statuses}


def _report_body(with_file: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {t: {"schema": {"type": "object"} if "json" in t else {"type": "string"}}
                               for t in REPORT_TYPES}
    if with_file:
        content["multipart/form-data"] = {"schema": {"$ref": "#/components/schemas/Upload"}}
    return {"required": True, "content": content}


def _list_of(component: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{component}"}}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _check_result_schema() -> dict[str, Any]:
    """The check-result schema itself, so the document resolves with no network: its own ``$defs``
    references are re-rooted under ``components`` and its ``$id`` becomes a link (``externalDocs``)."""
    served = schema_index().get(id_path(RESULT_SCHEMA_ID) or "")
    assert served is not None, "the check-result schema is missing from schema/"
    text = served.file.read_text(encoding="utf-8").replace('"#/$defs/', '"#/components/schemas/CheckResult/$defs/')
    schema = orjson.loads(text)
    schema.pop("$schema", None)
    schema.pop("$id", None)
    schema["externalDocs"] = {"url": RESULT_SCHEMA_ID}
    return schema


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document served at ``/api/v1/openapi.json`` (and drawn by ``/api/docs``): built
    once per process, since it reads the check-result schema file; callers only read it."""
    paths: dict[str, Any] = {
        "/api/v1/validate": {"post": {
            "operationId": "validate", "summary": "Check a report: the same JSON as `validate --format json`",
            "description": "A report as a JSON or YAML body, or a file upload (field `file`). Always 200 for a "
                           "report that was checked, valid or not: read `summary.exit_code`.",
            "parameters": [LANG, STRICT, FILENAME], "requestBody": _report_body(),
            "responses": {"200": _json("the check result", {"$ref": "#/components/schemas/CheckResult"}),
                          **_problems(400, 413, 415, 500)}}},
        "/api/v1/render": {"post": {
            "operationId": "render", "summary": "Render a report with a registered renderer (plug-ins included)",
            "description": "Refused with 422 (web.render_refused, with the findings) for a report with errors, "
                           "unless force=true; the file is then named as having errors.",
            "parameters": [_param("to", "query", "renderer name (GET /api/v1/renderers)", {"type": "string"}, True),
                           LANG, _param("force", "query", "render a report with errors", {"type": "boolean"}),
                           _param("annotate", "query", "mark the findings in the output", {"type": "boolean"}),
                           FILENAME],
            "requestBody": _report_body(),
            "responses": {"200": {"description": "the rendered document, as an attachment",
                                  "content": {"application/octet-stream": {}}},
                          **_problems(400, 404, 413, 415, 422)}}},
        "/api/v1/renderers": {"get": {
            "operationId": "renderers", "summary": "The renderers installed (built-in and plug-ins)",
            "responses": {"200": _json("renderers", _list_of("Renderer"))}}},
        "/api/v1/import": {"post": {
            "operationId": "import", "summary": "Import a published report (HTML, text, Markdown, DOCX, PDF, xlsx)",
            "description": "Runs in a separate process with a time and a memory limit. Answers the report, the "
                           "provenance of every value and the findings (import and check).",
            "parameters": [LANG, _param("edition", "query", "auto (default), 2019 or 2021",
                                        {"type": "string", "enum": ["auto", "2019", "2021"]}), FILENAME],
            "requestBody": {"required": True, "content": {
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"200": _json("the imported report", {"$ref": "#/components/schemas/Imported"}),
                          **_problems(400, 413, 415, 422, 500, 503, 504)}}},
        "/api/v1/schemas": {"get": {
            "operationId": "schemas", "summary": "Every schema served, each at the path of its `$id`",
            "responses": {"200": _json("schemas", _list_of("SchemaRef"))}}},
        "/schema/{path}": {"get": {
            "operationId": "schema", "summary": "One schema at the path of its `$id` (https://disclosure-kit.org/schema/…)",
            "parameters": [_param("path", "path", "the path after /schema/", {"type": "string"}, True)],
            "responses": {"200": {"description": "the schema", "content": {"application/schema+json": {}}},
                          **_problems(404)}}},
        "/api/v1/editions/{edition}/model": {"get": {
            "operationId": "editionModel", "summary": "An edition as data: cells, official labels, identities",
            "parameters": [_param("edition", "path", "2019 or 2021", {"type": "string"}, True)],
            "responses": {"200": _json("the edition model used by the editor", {"type": "object"}), **_problems(404)}}},
        "/api/v1/health": {"get": {
            "operationId": "health", "summary": "Liveness: the service answers",
            "responses": {"200": _json("ok", {"type": "object"})}}},
        "/api/v1/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document",
            "responses": {"200": _json("OpenAPI 3.1", {"type": "object"})}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "disclosure-kit HTTP API", "version": __version__,
                 "description": "Check, render and import China's annual reports on government information "
                                "disclosure. Errors are application/problem+json with a finding code in `code`."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": {
            "CheckResult": _check_result_schema(),
            "Problem": {"type": "object", "required": ["type", "title", "status", "code"], "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                "code": {"type": "string", "description": "a finding code (web.*, load.*, import.* …)"},
                "params": {"type": "object"}, "instance": {"type": "string"},
                "findings": {"type": "array", "items": {"type": "object"}}}},
            "Upload": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}, "text": {"type": "string"},
                "name": {"type": "string"}}},
            "Renderer": {"type": "object", "properties": {
                "name": {"type": "string"}, "suffix": {"type": "string"}, "media_type": {"type": "string"},
                "description": {"type": "string"}}},
            "SchemaRef": {"type": "object", "properties": {
                "$id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"}}},
            "Imported": {"type": "object", "required": ["result", "report", "provenance"], "properties": {
                "result": {"$ref": "#/components/schemas/CheckResult"}, "report": {"type": ["object", "null"]},
                "provenance": {"type": "object"}, "layout": {"type": "object"}}},
        }},
    }
