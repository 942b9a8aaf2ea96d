"""The schemas served at the paths of their ``$id``, so that a ``$id`` resolves against a server.

A schema's ``$id`` is ``https://disclosure-kit.org/schema/<...>``; the service answers the same
path (``/schema/<...>``). The one mapping from files to paths is ``schema_index``: it reads every
``*.schema.json`` under ``model.resources.schema_dir()`` (the current editions, the archive of
released versions under ``<edition>/versions/``, check-result, open data, our meta-schema) and
keys each by the path of its own ``$id``, so a new version or a new schema is served without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from ..model.resources import schema_dir

ID_HOST = "disclosure-kit.org"


@dataclass(frozen=True)
class ServedSchema:
    path: str  # the URL path, e.g. /schema/2021/1.0.0/report.schema.json
    schema_id: str
    title: str
    file: Path


def id_path(schema_id: str) -> str | None:
    """The URL path a ``$id`` is served at, or None for an ``$id`` outside our site."""
    parts = urlsplit(schema_id)
    if parts.netloc != ID_HOST or not parts.path.startswith("/schema/"):
        return None
    return parts.path


@cache
def schema_index() -> dict[str, ServedSchema]:
    """URL path -> schema, for every schema file shipped; the current file wins over an archived twin."""
    root = schema_dir()
    found: dict[str, ServedSchema] = {}
    files = sorted(root.rglob("*.schema.json"), key=lambda p: ("versions" in p.parts, str(p)))
    for file in files:
        try:
            data = orjson.loads(file.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        schema_id = data.get("$id") if isinstance(data, dict) else None
        path = id_path(schema_id) if isinstance(schema_id, str) else None
        if path is None or path in found:
            continue
        found[path] = ServedSchema(path, schema_id, str(data.get("title", "")), file)
    return found
