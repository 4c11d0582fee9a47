"""What every response gets: security headers, a request id, and one structured access-log line.

Written as plain ASGI middleware so that event streams pass through untouched. The access log
holds the method, the route's path with secrets cut out (invitation links), the status, the time
taken and the request id: never a query string, a header, a body, a password or a token.
"""

from __future__ import annotations

import json
import logging
import re
import time
from secrets import token_hex
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SECURITY_HEADERS", "Edge"]

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
_SECRET_PATHS = re.compile(r"(/invitations/)[^/?]+")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def logged_path(path: str) -> str:
    """The path as the access log keeps it: an invitation's secret replaced by '…'."""
    return _SECRET_PATHS.sub(r"\1…", path)


class Edge:
    def __init__(self, app: ASGIApp, *, https_only: bool = False) -> None:
        self.app = app
        self.https_only = https_only

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
            await self.app(scope, receive, send_with_headers)
        finally:
            line: dict[str, Any] = {
                "request_id": request_id,
                "method": scope.get("method"),
                "path": logged_path(scope.get("path", "")),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            log.info(json.dumps(line))
