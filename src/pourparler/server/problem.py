"""Errors as RFC 9457 problem documents (`application/problem+json`), translated once here.

Something the caller may not see answers exactly as something that does not exist: the same
status, title, detail and headers, whatever the route. Messages come from the rules, written for
the caller; they never carry another party's content (services/access.py sees to that).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

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
from pourparler.server.edge import MAX_BODY, size_in_words

__all__ = [
    "PROBLEM",
    "RESPONSES",
    "PreconditionFailed",
    "PreconditionRequired",
    "Problem",
    "install",
    "problem",
    "status_of",
]

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


def status_of(refused: PourparlerError) -> int:
    """The HTTP status of a refusal, the same for the API and the pages: 422 for bad input, 403
    for an act the caller may not do, 409 for one the talks' stage does not allow..."""
    return next((status for kind, status, _ in _STATUS if isinstance(refused, kind)), 409)


class PreconditionRequired(PourparlerError):
    """A write on something versioned came without If-Match (HTTP 428)."""


class PreconditionFailed(PourparlerError):
    """If-Match names a version that is no longer the latest (HTTP 412)."""


class FieldProblem(BaseModel):
    field: str
    problem: str


class Problem(BaseModel):
    """An RFC 9457 problem document: what went wrong, for the caller to read."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None
    request_id: str | None = None


def _documented(status: int, said: str) -> dict[str, Any]:
    return {
        "description": said,
        "model": Problem,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


# Every API route may answer these; documented once, on every route.
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented(400, "The body is not the JSON the route reads"),
    401: _documented(401, "Not signed in, or the token or session is no longer valid"),
    403: _documented(403, "Your role does not permit this (or the CSRF token is missing)"),
    404: _documented(404, "Nothing here that you may see"),
    409: _documented(409, "Refused in the current state of the talks"),
    412: _documented(412, "Changed since you read it (If-Match is stale)"),
    413: _documented(413, f"The body is larger than {size_in_words(MAX_BODY)}: send less"),
    415: _documented(415, "The body is not sent as JSON (Content-Type: application/json)"),
    422: _documented(422, "Invalid input: the detail names the field"),
    428: _documented(428, "If-Match is required"),
    429: _documented(429, "Too many sign-in attempts: see Retry-After"),
    503: _documented(503, "The database is unavailable"),
}


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


def _problem(error: Mapping[str, Any]) -> str:
    # A check of ours raising ValueError reads as its own sentence, without Pydantic's prefix.
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")


def _body_not_json(request: Request, exc: RequestValidationError) -> bool:
    """A body sent without a JSON content type: FastAPI then sees no object at all."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        return False
    if not kind and request.headers.get("content-length", "0") == "0":
        return False  # no body at all: the body is missing, as 422 says
    return any(tuple(e.get("loc", ())) == ("body",) for e in exc.errors())


def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """Pydantic's findings, one line each, naming the field; never the value sent."""
    assert isinstance(exc, RequestValidationError)
    broken = next((e for e in exc.errors() if e.get("type") == "json_invalid"), None)
    if broken is not None:  # not JSON at all: the body, not a field, is wrong
        at = broken.get("loc", ("body", "?"))[-1]
        return problem(400, "Bad request", f"the body is not valid JSON (at character {at})")
    if _body_not_json(request, exc):
        return problem(
            415,
            "Unsupported media type",
            "send the body as JSON, with the header Content-Type: application/json",
        )
    errors = [
        {"field": _field(tuple(e.get("loc", ()))), "problem": _problem(e)} for e in exc.errors()
    ]
    said = "; ".join(f"{e['field']}: {e['problem']}" for e in errors)
    return problem(422, "Invalid input", said or "the request is malformed", errors=errors)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed(request: Request) -> str:
    """The methods this path answers, as the OpenAPI document lists them for the most specific
    of its paths that matches (/framework/templates, not /framework/{issue_id}); for a path
    outside it (pages, health checks), every method the routing itself answers there
    (Starlette names only the first route's)."""
    documented = _documented_methods(request.app, request.url.path)
    if documented is not None:
        return ", ".join(sorted(documented))
    routes = request.app.router.routes
    methods = {
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    }
    return ", ".join(sorted(methods))


def _documented_methods(app: FastAPI, path: str) -> set[str] | None:
    paths: dict[str, dict[str, Any]] = app.openapi().get("paths", {})
    matching = [
        template
        for template in paths
        if re.fullmatch(re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)), path)
    ]
    if not matching:
        return None
    template = min(matching, key=lambda t: t.count("{"))  # literal segments win
    return {method.upper() for method in paths[template] if method.upper() in _METHODS}


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return problem(404, "Not found", "nothing here that you may see")
    if exc.status_code == 405:
        return problem(
            405,
            "Method not allowed",
            f"this resource answers {_allowed(request)}",
            {"Allow": _allowed(request)},
        )
    detail = exc.detail if isinstance(exc.detail, str) else "the request was refused"
    if exc.status_code == 400 and "parsing the body" in detail:
        detail = "the body is not valid JSON"  # pragma: no cover - FastAPI's older wording
    titles = {
        405: "Method not allowed",
        401: "Not signed in",
        400: "Bad request",
        413: "Content too large",
    }
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
