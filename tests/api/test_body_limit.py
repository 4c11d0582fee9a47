"""The request body limit (server/edge.py): a body over MAX_BODY is refused with 413 before it
is read whole, whether its length is declared or it comes in chunks, and nothing is done."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import anyio
import pytest
from fastapi import FastAPI

from pourparler.server.app import create_app
from pourparler.server.auth import caller, credential_check
from pourparler.server.edge import MAX_BODY
from pourparler.services.principal import Principal
from support.api import Api, problem
from support.http import WAIT_SECONDS, live_server
from support.world import NORTH_HEAD, SOUTH_HEAD

ROUND = {"starts_at": "2026-03-16T10:00", "time_zone": "Europe/Vienna", "venue": "Harbour City"}
CHUNK = 64 * 1024


def padded(body: dict[str, Any], size: int) -> bytes:
    """`body` as JSON followed by spaces, `size` bytes in all: valid JSON of any length."""
    text = json.dumps(body).encode()
    return text + b" " * (size - len(text))


def said_limit(refusal: dict[str, Any]) -> None:
    assert refusal["title"] == "Content too large"
    assert "2 MB" in refusal["detail"]
    assert str(MAX_BODY) in refusal["detail"]


def rounds_total(api: Api) -> int:
    total: int = api.by(NORTH_HEAD).get(f"{api.talks}/rounds").json()["total"]
    return total


def test_a_declared_body_over_the_limit_is_refused_naming_the_limit(api: Api) -> None:
    sent = api.by(NORTH_HEAD).post(
        f"{api.talks}/rounds",
        content=padded(ROUND, MAX_BODY + 1),
        headers={"content-type": "application/json"},
    )
    said_limit(problem(sent, 413))
    assert sent.headers["x-request-id"]  # the edge's headers, as on every answer
    assert sent.headers["x-content-type-options"] == "nosniff"
    assert rounds_total(api) == 0


def test_a_body_of_exactly_the_limit_is_read(api: Api) -> None:
    sent = api.by(NORTH_HEAD).post(
        f"{api.talks}/rounds",
        content=padded(ROUND, MAX_BODY),
        headers={"content-type": "application/json"},
    )
    assert sent.status_code == 201, sent.text
    assert rounds_total(api) == 1


def test_a_route_that_reads_no_body_does_not_act_on_a_declared_one_over_the_limit(
    api: Api,
) -> None:
    proposed = api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=ROUND).json()
    acceptance = f"{api.talks}/rounds/{proposed['id']}/acceptance"
    said_limit(problem(api.by(SOUTH_HEAD).post(acceptance, content=b"x" * (MAX_BODY + 1)), 413))
    seen = api.by(NORTH_HEAD).get(f"{api.talks}/rounds/{proposed['id']}").json()
    assert seen["status"] == "proposed"


def test_a_page_form_over_the_limit_is_refused_with_a_page(api: Api) -> None:
    sent = api.client.post(
        "/sign-in",
        content=b"email=" + b"a" * MAX_BODY,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert sent.status_code == 413
    assert sent.headers["content-type"].startswith("text/html")
    assert "larger than 2 MB" in sent.text
    assert "Too large" in sent.text


def test_the_openapi_document_lists_the_refusal(api: Api) -> None:
    document = api.client.get("/api/openapi.json").json()
    proposing = document["paths"]["/api/talks/{talks_id}/rounds"]["post"]
    assert "2 MB" in proposing["responses"]["413"]["description"]


# Bodies sent in chunks, with no declared length, straight to the application (ASGI).


def _call_in_chunks(
    app: FastAPI, path: str, content_type: str, chunks: Iterator[bytes]
) -> tuple[int, dict[str, str], bytes, int]:
    """POST `chunks` to `app` as an HTTP server passes a chunked body; returns the status,
    headers and body of the answer, and how many chunks the application asked for."""
    asked = 0
    answer: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked += 1
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", content_type.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def call() -> None:
        await app(scope, receive, send)

    anyio.run(call)
    return answer["status"], answer["headers"], answer["body"], asked


def _endless(first: bytes) -> Iterator[bytes]:
    """`first`, then spaces without end: a body only a limit stops."""
    yield first
    while True:
        yield b" " * CHUNK


def test_a_chunked_body_is_refused_once_it_passes_the_limit_not_read_to_its_end(
    api: Api,
) -> None:
    api.by(NORTH_HEAD)
    first = json.dumps(ROUND).encode()
    status, headers, body, asked = _call_in_chunks(
        api.app, f"{api.talks}/rounds", "application/json", _endless(first)
    )
    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    said_limit(json.loads(body))
    assert asked == 1 + MAX_BODY // CHUNK  # the first chunk, then spaces just past the limit
    assert rounds_total(api) == 0


def _endless_form() -> Iterator[bytes]:
    """Fields of 512 kB without end (a form's field may hold up to 1 MB)."""
    field = 0
    while True:
        yield f"{'&' if field else ''}note{field}=".encode()
        for _ in range(8):
            yield b"x" * CHUNK
        field += 1


def test_a_chunked_page_form_over_the_limit_is_refused_with_a_page(api: Api) -> None:
    status, headers, body, _ = _call_in_chunks(
        api.app, "/sign-in", "application/x-www-form-urlencoded", _endless_form()
    )
    assert status == 413
    assert headers["content-type"].startswith("text/html")
    assert "larger than 2 MB" in body.decode()


# The same over a real HTTP connection, served by uvicorn.


@pytest.fixture
def server(api: Api) -> Iterator[tuple[str, int]]:
    app = create_app(api.world.svc)
    app.dependency_overrides[caller] = lambda: Principal.named(NORTH_HEAD)
    app.dependency_overrides[credential_check] = lambda: lambda: True
    with live_server(app) as base:
        host, port = urlsplit(base).netloc.split(":")
        yield host, int(port)


def _exchange(address: tuple[str, int], request: bytes) -> tuple[int, bytes]:
    """Send `request` as it is, and read the answer to the connection's end."""
    with socket.create_connection(address, timeout=WAIT_SECONDS) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_a_server_answers_a_declared_length_over_the_limit_before_the_body_is_sent(
    api: Api, server: tuple[str, int]
) -> None:
    head = (
        f"POST {api.talks}/rounds HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\n"
    )
    status, body = _exchange(server, head.encode())  # not a byte of the body sent
    assert status == 413
    said_limit(json.loads(body))


def test_a_server_answers_a_chunked_body_over_the_limit_before_its_end(
    api: Api, server: tuple[str, int]
) -> None:
    head = (
        f"POST {api.talks}/rounds HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    body = padded(ROUND, MAX_BODY + 1)
    chunks = [body[at : at + CHUNK] for at in range(0, len(body), CHUNK)]
    # Each chunk framed, the last one left open and the closing "0" chunk never sent: the
    # answer cannot wait for the body's end, and the server reads every byte sent (a byte left
    # unread would turn its closing of the connection into a reset).
    sent = b"\r\n".join(f"{len(c):x}\r\n".encode() + c for c in chunks)
    status, body = _exchange(server, head.encode() + sent)
    assert status == 413
    said_limit(json.loads(body))
    assert rounds_total(api) == 0
