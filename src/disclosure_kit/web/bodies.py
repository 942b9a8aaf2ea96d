"""What a request carries: a report or a source file, from a JSON/YAML body, an upload or pasted text.

Bodies are already bounded by ``security.Guard``; here the form parser is bounded too (files,
fields, the size of a text field), the file name is reduced to a harmless base name, and the kind
of input is decided from the name and the content type, never by running or fetching anything.
An upload is never held whole in memory: past 1 MiB it is spooled to an unnamed temporary file
(python-multipart does the same for form uploads), deleted when the request ends.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import IO, Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from ..check.loading import REPORT_SUFFIXES
from ..fileio.limits import limits
from ..importers.run import SUFFIXES as IMPORT_SUFFIXES
from .problems import Problem
from .security import BodyTooLarge

JSON_TYPES = ("application/json", "text/json")
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")
MAX_NAME = 120
SPOOL_BYTES = 1024 * 1024  # a body beyond this goes to an unnamed temporary file, not memory


@dataclass
class Incoming:
    """One input: its content (in memory up to 1 MiB, beyond that in an unnamed temporary file that
    the system deletes with it), the name to report it under, and its suffix (``.yaml``, ``.pdf``)."""

    content: IO[bytes]
    name: str
    suffix: str
    form: Any = None

    @property
    def is_report(self) -> bool:
        return self.suffix in REPORT_SUFFIXES

    @property
    def is_source(self) -> bool:
        return self.suffix in IMPORT_SUFFIXES

    def report_bytes(self) -> bytes:
        """A report's bytes, read up to one byte past its limit (``api.check`` then says too large)."""
        self.content.seek(0)
        return self.content.read(limits().max_bytes + 1)

    async def close(self) -> None:
        self.content.close()
        if self.form is not None:
            await self.form.close()


def safe_name(raw: str | None, default: str) -> str:
    """A base name without path, control characters or excess length; ``default`` when empty."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip()[:MAX_NAME]
    return name or default


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@contextlib.asynccontextmanager
async def incoming(request: Request, default_name: str = "report") -> AsyncIterator[Incoming]:
    """The input of a request, closed (its temporary file deleted) when the block ends."""
    found = await read_incoming(request, default_name)
    try:
        yield found
    finally:
        await found.close()


async def read_incoming(request: Request, default_name: str = "report") -> Incoming:
    """The input of a request; ``Problem`` for an unsupported content type or an empty request."""
    media = _media_type(request)
    if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _from_form(request, default_name)
    query_name = request.query_params.get("filename") or request.query_params.get("name")
    if media in JSON_TYPES:
        name = safe_name(query_name, default_name + ".json")
    elif media in YAML_TYPES:
        name = safe_name(query_name, default_name + ".yaml")
    elif media in ("application/octet-stream", "application/pdf", "text/html", "text/plain", "text/markdown",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") and query_name:
        name = safe_name(query_name, default_name)
    else:
        raise Problem(415, "web.unsupported_media_type", media_type=media or "(none)")
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed with the request)
    try:
        async for chunk in request.stream():
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return Incoming(spool, name, suffix_of(name))


async def _from_form(request: Request, default_name: str) -> Incoming:
    try:
        form = await request.form(max_files=1, max_fields=20, max_part_size=limits().max_bytes)
    except (Problem, BodyTooLarge):
        raise
    except Exception as exc:  # python-multipart's errors: a malformed or over-long form
        detail = getattr(exc, "detail", None) or str(exc)
        raise Problem(400, "web.bad_form", reason=str(detail)[:200]) from None
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    if isinstance(upload, UploadFile) and (upload.filename or upload.size):
        name = safe_name(upload.filename, default_name)
        upload.file.seek(0)
        return Incoming(upload.file, name, suffix_of(name), form)
    text = fields.get("text", "")
    await form.close()
    if text.strip():
        name = safe_name(fields.get("name"), default_name + ".yaml")
        return Incoming(io.BytesIO(text.encode("utf-8")), name, suffix_of(name) or ".yaml")
    raise Problem(400, "web.no_input")
