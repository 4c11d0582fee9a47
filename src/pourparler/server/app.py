"""The ASGI application: `create_app()` wires the services, the edge middleware, the error
translation, the API routers and the interactive documentation served from the installation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

import swagger_ui_bundle
from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from pourparler import bootstrap
from pourparler.server import problem
from pourparler.server.admission import Admission
from pourparler.server.api import ROUTERS
from pourparler.server.edge import Edge
from pourparler.server.notifier import Notifier
from pourparler.server.turns import Turns
from pourparler.server.web import install as install_web
from pourparler.services.port import Services

__all__ = ["create_app"]

DESCRIPTION = """The JSON API of Pourparler: every use case of the talks, for a signed-in caller.

Get a token with `POST /api/tokens` (e-mail, password and a name for the token), then send
`Authorization: Bearer TOKEN` with every call. Every refusal is `application/problem+json`.
Something you may not see answers 404, exactly as something that does not exist.
"""

REQUEST_THREADS = 4
"""Requests at work at once in one worker (server/admission.py), each with its thread for its
blocking work; see `create_app`'s lifespan. Four rather than eight: in bench/api_load.py with
200 clients, reads answered 20-50% more and writes' p99 halved (bench/RESULTS.md)."""

_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pourparler API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script></body></html>
"""


def create_app(svc: Services | None = None, *, database_url: str | None = None) -> FastAPI:
    """The application over `svc`, or over services built for `database_url` (else the
    configured database), closed when the application stops.

    Live events hear of this process's own acts at once, and of acts made through other
    processes (other workers, the command line) on the database that `database_url` names (or
    the configured one when the services are built here): on PostgreSQL by LISTEN, on SQLite by
    reading the record heads of the talks followed. Services handed in without a URL hear only
    this process.
    """
    owned = svc is None
    services = svc if svc is not None else bootstrap.build(database_url)
    outside = owned or bool(database_url)
    notifier = Notifier(
        bootstrap.record_listener_url(database_url) if outside else None,
        bootstrap.record_watch(database_url) if outside else None,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Few threads for the requests' blocking work (AnyIO's default is 40): the work is
        # mostly Python, which one interpreter lock runs a thread at a time, so more threads
        # only share it thinner, and the act holding the talks' turn would wait behind
        # dozens of readers. Requests beyond these wait in the event loop (`Admission`).
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        await notifier.start()
        try:
            yield
        finally:
            await notifier.close()  # open event streams end
            if owned:
                services.close()

    app = FastAPI(
        title="Pourparler",
        version="1",
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.database_url = database_url
    app.state.notifier = notifier
    problem.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api", responses=problem.RESPONSES)
    _health(app)
    _docs(app)
    install_web(app)  # the pages, after the API: /api/ keeps its problem+json errors
    app.add_middleware(Admission, slots=REQUEST_THREADS)
    app.add_middleware(Turns)  # outside Admission: an act waits for its turn holding no place
    app.add_middleware(Edge)  # added last, so outermost: every answer gets its headers
    return app


def _health(app: FastAPI) -> None:
    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "up"}

    @app.get("/readyz", include_in_schema=False)
    def readyz(request: Request) -> JSONResponse:
        """The database is reachable and its migrations current."""
        reason = bootstrap.not_ready(request.app.state.database_url)
        if reason is not None:
            return problem.problem(503, "Not ready", reason)
        return JSONResponse({"status": "ready"})


def _docs(app: FastAPI) -> None:
    assets = Path(swagger_ui_bundle.swagger_ui_path)
    app.mount("/api/docs/assets", StaticFiles(directory=assets), name="docs-assets")
    start = files("pourparler.server").joinpath("docs_start.js").read_text(encoding="utf-8")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)

    @app.get("/api/docs/start.js", include_in_schema=False)
    def docs_start() -> HTMLResponse:
        return HTMLResponse(start, media_type="text/javascript")
