"""Errors as RFC 9457 problem documents (`application/problem+json`), translated once here.

Something the caller may not see answers exactly as something that does not exist: the same
status, title, detail and headers, whatever the route. Messages come from the rules, written for
the caller; they never carry another party's content (services/access.py sees to that).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from pourparler.domain.error import (
    Collision,
    Conflict,
    IntegrityFailure,
    InvalidInput,
    NotAllowed,
    NotFound,
    PourparlerError,
    RuleViolation,
    Stale,
    StoreUnavailable,
    TooManyAttempts,
    Unauthenticated,
)

__all__ = ["PROBLEM", "PreconditionFailed", "PreconditionRequired", "install", "problem"]

PROBLEM = "application/problem+json"
log = logging.getLogger("pourparler.server")

# (status, title) by error class; the first match in the class's order wins.
_STATUS: tuple[tuple[type[PourparlerError], int, str], ...] = (
    (InvalidInput, 422, "Invalid input"),
    (NotFound, 404, "Not found"),
    (Unauthenticated, 401, "Not signed in"),
    (TooManyAttempts, 429, "Too many attempts"),
    (NotAllowed, 403, "Not allowed"),
    (RuleViolation, 409, "Not allowed at this stage"),
    (Collision, 409, "Changed meanwhile"),
    (Conflict, 409, "Conflict"),
    (IntegrityFailure, 409, "Verification failed"),
    (StoreUnavailable, 503, "Database unavailable"),
)


class PreconditionRequired(PourparlerError):
    """A write on something versioned came without If-Match (HTTP 428)."""


class PreconditionFailed(PourparlerError):
    """If-Match names a version that is no longer the latest (HTTP 412)."""


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _from_rules(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PourparlerError)
    if isinstance(exc, PreconditionRequired):
        return problem(428, "If-Match required", exc.message)
    if isinstance(exc, (PreconditionFailed, Stale)):
        return problem(412, "Changed since you read it", exc.message)
    if isinstance(exc, NotFound):
        # One answer for "does not exist" and "not yours to see", whatever was asked.
        return problem(404, "Not found", "nothing here that you may see")
    status, title = next((s, t) for kind, s, t in _STATUS if isinstance(exc, kind))
    headers: dict[str, str] = {}
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="pourparler"'
    return problem(status, title, exc.message, headers or None)


def _field(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body",)]
    return ".".join(parts) or "body"


def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """Pydantic's findings, one line each, naming the field; never the value sent."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field(tuple(e.get("loc", ()))), "problem": str(e.get("msg", "invalid"))}
        for e in exc.errors()
    ]
    said = "; ".join(f"{e['field']}: {e['problem']}" for e in errors)
    return problem(422, "Invalid input", said or "the request is malformed", errors=errors)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return problem(404, "Not found", "nothing here that you may see")
    detail = exc.detail if isinstance(exc.detail, str) else "the request was refused"
    titles = {405: "Method not allowed", 401: "Not signed in", 400: "Bad request"}
    return problem(
        exc.status_code,
        titles.get(exc.status_code, "Refused"),
        detail,
        dict(exc.headers) if exc.headers else None,
    )


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A bug, not the caller's mistake: logged with its request id, answered without details."""
    request_id = getattr(request.state, "request_id", None) if hasattr(request, "state") else None
    log.error("unexpected error in request %s", request_id, exc_info=exc)
    return problem(500, "Internal error", "something went wrong on our side", request_id=request_id)


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(PourparlerError, _from_rules)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http)
