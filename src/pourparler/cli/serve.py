"""`pourparler serve`: the web application and the JSON API over HTTP."""

from __future__ import annotations

import errno
import os
import socket
from typing import Annotated

import typer

from pourparler.cli.common import console
from pourparler.config import DATABASE_ENV, Settings
from pourparler.domain.error import InvalidInput

__all__ = ["LOGGING", "serve"]

# One line per event on stderr; the access log lines are JSON (server/edge.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "pourparler": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the JSON API (/api/) and its documentation (/api/docs) until stopped (Ctrl-C).

    Requests in flight finish before the server stops. Behind a reverse proxy that ends TLS,
    listen on 127.0.0.1 and let the proxy forward to this port (docs/operator.md).
    """
    import uvicorn

    from pourparler import bootstrap

    root = ctx.find_root().obj or {}
    settings = Settings.load(root.get("database_url"))
    bootstrap.require_database(settings.database_url)  # a missing file, named as elsewhere
    reason = bootstrap.not_ready(settings.database_url)
    if reason is not None:
        raise InvalidInput(f"cannot serve: {reason}")
    _check_free(host, port)
    os.environ[DATABASE_ENV] = settings.database_url  # every worker reads it
    console.print(f"Serving on http://{host}:{port}/ (API documentation at /api/docs)")
    uvicorn.run(
        "pourparler.server.asgi:application",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        timeout_graceful_shutdown=30,
        log_config=LOGGING,
        access_log=False,  # the application writes its own access log, without secrets
    )


def _check_free(host: str, port: int) -> None:
    """Refuse, in one line, an address the server could not listen on, before uvicorn tries
    and answers with a traceback. Another program may still take the port in the moment
    between this check and the server's start: uvicorn then says so itself."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError):
        raise InvalidInput(f"cannot serve: no address {host!r} to listen on") from None
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a server just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                reason = "is in use by another program: choose another with --port"
            elif exc.errno == errno.EACCES:
                reason = "needs privileges this user lacks: choose one above 1023 with --port"
            else:
                reason = f"cannot be listened on ({exc.strerror})"
            raise InvalidInput(f"cannot serve: port {port} on {host} {reason}") from None


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
