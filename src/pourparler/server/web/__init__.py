"""The web application: server-rendered pages over the same services as the API (issue 9).

`install(app)` adds the pages, the static files (the house CSS, app.js and htmx, copied from
its npm package at install time) and the HTML form of errors for every path outside /api/:
a page someone may not see answers a 404 page, exactly as one that does not exist, and a page
asked for without a session sends the browser to the sign-in form.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from pourparler.domain.error import NotFound, PourparlerError, Unauthenticated
from pourparler.server.edge import BodyTooLarge, size_in_words
from pourparler.server.web import (
    account,
    analysis,
    clarifications,
    comparison,
    exchange,
    memoranda,
    preferences,
    record,
    rounds,
    secretariat,
    talks,
)
from pourparler.server.web import text as negotiating_text
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import SignInFirst, sign_in_location

__all__ = ["install"]

_NOT_PAGES = ("/api/", "/healthz", "/readyz", "/static/")


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not any(path == p.rstrip("/") or path.startswith(p) for p in _NOT_PAGES)


def _error_page(request: Request, status: int, title: str, detail: str) -> Response:
    back = "/talks" if getattr(request.state, "viewer", None) else "/sign-in"
    context = {"title": translate(title), "detail": detail, "back": back}
    return page(request, "error.html", context, status_code=status)


def install(app: FastAPI) -> None:
    static = files("pourparler.server.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in (
        account,
        talks,
        rounds,
        record,
        secretariat,
        memoranda,
        exchange,
        comparison,
        clarifications,
        negotiating_text,
        preferences,
        analysis,
    ):
        app.include_router(module.router)

    for_api_rules = app.exception_handlers[PourparlerError]
    for_api_http = app.exception_handlers[HTTPException]

    async def sign_in_first(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInFirst)
        if request.headers.get("HX-Request") == "true":
            # A live region's fragment (htmx follows a 303 itself and would put the sign-in
            # form inside the region): the whole page goes to sign in instead.
            return Response(status_code=204, headers={"HX-Redirect": sign_in_location("/talks")})
        return RedirectResponse(sign_in_location(exc.back_to), status_code=303)

    async def rules(request: Request, exc: Exception) -> Response:
        if not _is_page(request):
            return await _maybe_await(for_api_rules(request, exc))
        if isinstance(exc, NotFound):  # one answer for "missing" and "not yours to see"
            return _error_page(
                request, 404, "Not found", translate("Nothing here that you may see.")
            )
        if isinstance(exc, Unauthenticated):
            return RedirectResponse("/sign-in", status_code=303)
        assert isinstance(exc, PourparlerError)
        status = getattr(await _maybe_await(for_api_rules(request, exc)), "status_code", 409)
        return _error_page(request, status, "Refused", exc.message)

    async def http(request: Request, exc: Exception) -> Response:
        if not _is_page(request):
            return await _maybe_await(for_api_http(request, exc))
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return _error_page(
                request, 404, "Not found", translate("Nothing here that you may see.")
            )
        if isinstance(exc, BodyTooLarge):
            said = translate(
                "What you sent is larger than %(size)s, the most this site accepts: "
                "shorten it and send it again.",
                size=size_in_words(exc.limit),
            )
            return _error_page(request, 413, "Too large", said)
        detail = (
            exc.detail if isinstance(exc.detail, str) else translate("The request was refused.")
        )
        return _error_page(request, exc.status_code, "Refused", detail)

    app.add_exception_handler(SignInFirst, sign_in_first)
    app.add_exception_handler(PourparlerError, rules)
    app.add_exception_handler(HTTPException, http)


async def _maybe_await(value: object) -> Response:
    if hasattr(value, "__await__"):
        value = await value
    assert isinstance(value, Response)
    return value
