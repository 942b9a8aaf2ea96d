"""Answers used by several routes: JSON through orjson, and file downloads."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import orjson
from starlette.requests import Request
from starlette.responses import Response

from .problems import Problem


class JSONAnswer(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def attachment(content: bytes, filename: str, media_type: str, headers: dict[str, str] | None = None) -> Response:
    """A download: an ASCII fallback name and the real (often Chinese) name per RFC 6266/5987."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "download"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition, **(headers or {})})


def lang_of(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def flag(request: Request, name: str) -> bool:
    """A boolean query parameter: true/1/yes, false/0/no or absent; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None or raw.lower() in ("", "0", "false", "no"):
        return False
    if raw.lower() in ("1", "true", "yes"):
        return True
    raise Problem(400, "web.bad_parameter", name=name, value=raw[:40], known="true, false")
