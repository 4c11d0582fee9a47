"""What every request meets: a limit on its body; and what every response gets: security
headers, a request id, and one structured access-log line.

Written as plain ASGI middleware so that event streams pass through untouched. The access log
holds the method, the route's path with secrets cut out (invitation links), the status, the time
taken and the request id: never a query string, a header, a body, a password or a token.

A body larger than `MAX_BODY` is refused with 413 before it is read whole. A declared
Content-Length over the limit is answered at once: no route runs and no byte of the body is read.
A body without one (chunked) is counted as it is read, and `BodyTooLarge` is raised where the
route reads it, as soon as the count passes the limit, before the route acts. Both answers come
from the application's handler of HTTP errors: a problem document under /api/, an error page for
the pages. A route that reads no body never reads a chunked one, and so never refuses it.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import sys
import time
from secrets import token_hex
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MAX_BODY", "SECURITY_HEADERS", "BodyTooLarge", "Edge", "size_in_words"]

log = logging.getLogger("pourparler.access")

# No outside origin anywhere: every script, style, image and font comes from the installation.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
MAX_BODY = 2 * 1024 * 1024
"""The largest request body read, in bytes (2 MiB): far above any memorandum or form, far
below what would let one request hold a worker's memory."""

_SECRET_PATHS = re.compile(r"(/invitations/)[^/?]+")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def logged_path(path: str) -> str:
    """The path as the access log keeps it: an invitation's secret replaced by '…'."""
    return _SECRET_PATHS.sub(r"\1…", path)


def size_in_words(size: int) -> str:
    """A number of bytes as people read it.

    >>> size_in_words(2 * 1024 * 1024)
    '2 MB (2097152 bytes)'
    """
    megabytes = size / (1024 * 1024)
    shown = f"{megabytes:g} MB" if megabytes >= 1 else f"{size / 1024:g} kB"
    return f"{shown} ({size} bytes)"


class BodyTooLarge(HTTPException):
    """A request body over the limit (HTTP 413), raised where the body is read."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            413, f"the body is larger than {size_in_words(limit)}, the most the server reads"
        )


def _declared_length(scope: Scope) -> int | None:
    """The Content-Length the request declares, if it declares a well-formed one."""
    for name, value in scope.get("headers") or []:
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            if not (text.isascii() and text.isdigit()):
                return None  # the HTTP server refuses it before it reaches the application
            return int(text) if len(text) < 19 else sys.maxsize  # int() of any length is slow
    return None


def limited(receive: Receive, limit: int) -> Receive:
    """`receive`, refusing a body as soon as the bytes received pass `limit`."""
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return receive_within_limit


async def refuse_too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    """Answer 413 without calling any route, through the application's own handler of HTTP
    errors (so a page answers with a page and the API with a problem document), or with a
    problem document when there is no such handler."""
    refusal = BodyTooLarge(limit)
    handlers = getattr(scope.get("app"), "exception_handlers", {})
    handler = handlers.get(413) or handlers.get(HTTPException)
    if handler is None:
        body = {"type": "about:blank", "title": "Content too large", "status": 413}
        response: Response = JSONResponse(
            {**body, "detail": refusal.detail}, 413, media_type="application/problem+json"
        )
    else:
        answered = handler(Request(scope, receive), refusal)
        response = await answered if inspect.isawaitable(answered) else answered
    await response(scope, receive, send)


class Edge:
    def __init__(self, app: ASGIApp, *, https_only: bool = False, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.https_only = https_only
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.fullmatch(given) else token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if self.https_only:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            declared = _declared_length(scope)
            if declared is not None and declared > self.max_body:  # nothing of it is read
                await refuse_too_large(scope, receive, send_with_headers, self.max_body)
            else:
                await self.app(scope, limited(receive, self.max_body), send_with_headers)
        finally:
            line: dict[str, Any] = {
                "request_id": request_id,
                "method": scope.get("method"),
                "path": logged_path(scope.get("path", "")),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            log.info(json.dumps(line))
