"""A real HTTP server for tests: uvicorn on a free port of 127.0.0.1, in a thread of the test
process, over the application of a given database. Requests go through sockets, headers and
the ASGI server exactly as they will in production."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx2 as httpx
import uvicorn

from pourparler.server.app import create_app
from pourparler.services.port import Services

__all__ = ["LiveServer", "free_port", "live_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class LiveServer:
    url: str

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


@contextmanager
def live_server(svc: Services, *, database_url: str | None = None) -> Iterator[LiveServer]:
    """Serve `svc` until the block ends; the server stops gracefully, as on SIGTERM."""
    port = free_port()
    config = uvicorn.Config(
        create_app(svc, database_url=database_url),
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=20)
