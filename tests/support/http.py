"""HTTP helpers for API tests: a caller named by a header, live servers, and event streams.

TEST-ONLY. Sign-in is not wired yet (services/credential.py is a placeholder), so these tests
name the caller with the `X-Test-As` header, read by an override of `server.auth.caller` that
exists only here. No application outside tests/ ever reads this header.
"""

from __future__ import annotations

import contextlib
import json
import queue
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx
import uvicorn
from fastapi import FastAPI, Request

from pourparler.domain.error import Unauthenticated
from pourparler.server.app import create_app
from pourparler.server.auth import caller, credential_check
from pourparler.services.port import Services
from pourparler.services.principal import Principal

AS_HEADER = "X-Test-As"
WAIT_SECONDS = 20.0  # an upper bound on waiting for an event, never a pause


def as_header(email: str) -> dict[str, str]:
    return {AS_HEADER: email}


def _caller_from_header(request: Request) -> Principal:
    email = request.headers.get(AS_HEADER)
    if not email:
        raise Unauthenticated(f"tests name the caller in {AS_HEADER}")
    return Principal.named(email)


def app_for_tests(svc: Services | None = None, *, database_url: str | None = None) -> FastAPI:
    """The real application, with the caller taken from X-Test-As."""
    app = create_app(svc, database_url=database_url)
    app.dependency_overrides[caller] = _caller_from_header
    # A caller named by header has no session to end: its event streams hold while they run.
    app.dependency_overrides[credential_check] = lambda: lambda: True
    return app


def application() -> FastAPI:
    """For `uvicorn --factory support.http:application` in a server process of a test: the
    database and signing key come from the environment, as for `pourparler serve`."""
    return app_for_tests()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn in a thread on a free 127.0.0.1 port; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while not server.started:
        assert thread.is_alive(), "the server did not start"
        assert time.monotonic() < deadline, "the server did not start in time"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(WAIT_SECONDS)
        assert not thread.is_alive(), "the server did not stop"


@dataclass
class EventStream:
    """An open event stream read in a thread: its events land in a queue as dicts with
    `event`, `id`, `data` (parsed JSON), and comments count as keep-alives."""

    url: str
    headers: dict[str, str]
    status: int | None = None
    content_type: str = ""
    events: queue.Queue[dict[str, Any]] = field(default_factory=queue.Queue)
    opened: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    _socket: socket.socket | None = None

    def start(self) -> EventStream:
        threading.Thread(target=self._read, daemon=True).start()
        assert self.opened.wait(WAIT_SECONDS), "the event stream did not answer"
        return self

    def _read(self) -> None:
        client = httpx.Client(timeout=httpx.Timeout(WAIT_SECONDS, read=None))
        try:
            with client.stream("GET", self.url, headers=self.headers) as response:
                # The socket itself, so that close() can end a read blocked in this thread.
                stream = response.extensions["network_stream"]
                self._socket = stream.get_extra_info("socket")
                self.status = response.status_code
                self.content_type = response.headers.get("content-type", "")
                self.opened.set()
                current: dict[str, Any] = {}
                for line in response.iter_lines():
                    if not line:
                        if current:
                            self.events.put(current)
                        current = {}
                    elif line.startswith(":"):
                        continue
                    else:
                        name, _, value = line.partition(":")
                        value = value.removeprefix(" ")
                        current[name] = json.loads(value) if name == "data" else value
        except (httpx.HTTPError, RuntimeError, ValueError, OSError):
            pass  # closed by the test or by the server
        finally:
            client.close()
            self.opened.set()
            self.finished.set()

    def next(self) -> dict[str, Any]:
        """The next event, waiting at most WAIT_SECONDS for it."""
        try:
            return self.events.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            raise AssertionError(f"no event within {WAIT_SECONDS} s on {self.url}") from None

    def until(self, seq: int) -> list[dict[str, Any]]:
        """Every event up to and including the entry `seq`."""
        got = []
        while not got or int(got[-1]["id"]) < seq:
            got.append(self.next())
        return got

    def close(self) -> None:
        """Hang up, as a browser leaving the page does."""
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)
        assert self.finished.wait(WAIT_SECONDS), "the event stream did not close"


@contextmanager
def event_stream(url: str, headers: dict[str, str]) -> Iterator[EventStream]:
    stream = EventStream(url, headers).start()
    try:
        yield stream
    finally:
        stream.close()
