"""Two guards around every request: a bound on the body, and strict security headers.

Written as plain ASGI middleware (no per-request task, unlike Starlette's ``BaseHTTPMiddleware``):
it costs a few microseconds, which matters for the validate endpoint's throughput.

The body bound refuses a declared ``Content-Length`` over the limit before reading a byte, and
counts the bytes of a chunked or lying body as they arrive, stopping at the limit; either way the
client gets a 413 problem and the server never holds more than the limit.
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import Problem, problem_response

# No inline script anywhere; style attributes are allowed (the official tables carry column
# widths as <col style="width:…">), style elements are not.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]


class BodyTooLarge(Exception):
    pass


def _lang(scope: Scope) -> str:
    return "en" if b"lang=en" in scope.get("query_string", b"") else "zh"


class Guard:
    """Security headers on every answer; request bodies bounded by ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await self._too_large(scope, send_with_headers)
            return
        seen = 0

        async def bounded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await self._too_large(scope, send_with_headers)
        except asyncio.CancelledError:
            # The server is stopping and its grace period ran out (a long import was still running):
            # answer 503 when nothing was sent yet, and end the request here instead of letting the
            # cancellation reach the server as "Exception in ASGI application" with a traceback.
            if not started:
                problem = Problem(503, "web.shutting_down", headers={"connection": "close", "retry-after": "5"})
                with contextlib.suppress(Exception):
                    await problem_response(problem, _lang(scope), scope.get("path", ""))(
                        scope, _no_body, send_with_headers)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        problem = Problem(413, "web.too_large", limit=self.max_body, headers={"connection": "close"})
        response = problem_response(problem, _lang(scope), scope.get("path", ""))
        await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


