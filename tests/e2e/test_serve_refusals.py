"""`pourparler serve` refuses, in one line and before any server starts, what it cannot serve:
a database never upgraded (leaving no empty file behind), a port already taken."""

from __future__ import annotations

import socket
from pathlib import Path

from fastapi.testclient import TestClient

from pourparler.server.app import create_app
from support.cli import Cli, Outcome, cli_on


def one_line(outcome: Outcome) -> str:
    assert outcome.code != 0, (outcome.stdout, outcome.stderr)
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert "Traceback" not in outcome.stderr + outcome.stdout
    return lines[0]


def test_serving_a_file_never_upgraded_is_refused_and_creates_no_file(tmp_path: Path) -> None:
    file = tmp_path / "never.db"
    message = one_line(cli_on(f"sqlite+pysqlite:///{file}")("serve", "--port", "1"))
    assert "pourparler db upgrade" in message
    assert not file.exists()
    assert list(tmp_path.iterdir()) == []


def test_readiness_of_a_file_never_upgraded_is_refused_and_creates_no_file(
    tmp_path: Path,
) -> None:
    file = tmp_path / "never.db"
    with TestClient(create_app(database_url=f"sqlite+pysqlite:///{file}")) as client:
        answer = client.get("/readyz")
        assert client.get("/healthz").status_code == 200
    assert answer.status_code == 503
    assert "pourparler db upgrade" in answer.json()["detail"]
    assert str(tmp_path) not in answer.text
    assert not file.exists()


def test_a_port_in_use_is_refused_in_one_line_naming_it(cli: Cli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        message = one_line(cli("serve", "--port", str(port)))
    assert f"port {port}" in message
    assert "in use" in message


def test_an_address_that_does_not_resolve_is_refused_in_one_line(cli: Cli) -> None:
    message = one_line(cli("serve", "--host", "no such host..invalid", "--port", "8000"))
    assert "no such host..invalid" in message
