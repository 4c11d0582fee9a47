"""Two server processes on one database: an act through worker A reaches an event stream opened
on worker B, filtered for B's viewer (on PostgreSQL by the store's NOTIFY in the act's
transaction and B's LISTEN; on SQLite by B reading the record heads of the talks followed); and
B ends its open streams and exits when told to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from pourparler import bootstrap
from pourparler.services import profile
from support.http import WAIT_SECONDS, as_header, event_stream, free_port
from support.world import NORTH_DELEGATE, NORTH_HEAD, SOUTH_HEAD, World, build_world, by

TESTS = Path(__file__).resolve().parents[1]
PROFILE = {
    "reservation": 0.25,
    "issues": [
        {"issue": "Geographic scope", "weight": 2, "ratings": {"Contact line only": 10}},
        {"issue": "Initial duration", "weight": 1, "curve": "rising"},
    ],
}

pytestmark = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


class Worker:
    """`uvicorn --factory support.http:application` in a process of its own (the test-only
    app: the caller comes from X-Test-As)."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        environment = {**os.environ, "POURPARLER_DATABASE_URL": database_url}
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "support.http:application",
            "--app-dir", str(TESTS), "--host", "127.0.0.1", "--port", str(self.port),
            "--log-level", "warning", "--timeout-graceful-shutdown", "10",
        ]  # fmt: skip
        with log.open("wb") as out:
            self.process = subprocess.Popen(command, env=environment, stdout=out, stderr=out)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            assert self.process.poll() is None, f"worker died:\n{self.log.read_text()}"
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"worker not up:\n{self.log.read_text()}"
            time.sleep(0.1)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    try:
        yield build_world(svc)
    finally:
        svc.close()


@pytest.fixture
def workers(database_url: str, world: World, tmp_path: Path) -> Iterator[tuple[Worker, Worker]]:
    a = Worker(database_url, tmp_path / "a.log")
    b = Worker(database_url, tmp_path / "b.log")
    try:
        a.wait_ready()
        b.wait_ready()
        yield a, b
    finally:
        a.stop()
        b.stop()


def _head(worker: Worker, world: World) -> int:
    answer = httpx.get(
        f"{worker.base}/api/talks/{world.talks_id}/record",
        params={"limit": 500},
        headers=as_header(NORTH_HEAD),
    )
    assert answer.status_code == 200, answer.text
    seq: int = answer.json()["items"][-1]["seq"]
    return seq


def test_an_act_through_one_worker_reaches_a_stream_on_the_other(
    workers: tuple[Worker, Worker], world: World
) -> None:
    a, b = workers
    start = _head(a, world)
    url = f"{b.base}/api/talks/{world.talks_id}/events?after={start}"
    with (
        event_stream(url, as_header(NORTH_HEAD)) as north,
        event_stream(url, as_header(SOUTH_HEAD)) as south,
    ):
        assert north.status == south.status == 200
        kept = httpx.put(
            f"{a.base}/api/talks/{world.talks_id}/profile",
            json=PROFILE,
            headers=as_header(NORTH_DELEGATE),
        )
        assert kept.status_code == 200, kept.text
        end = _head(a, world)
        assert end > start
        got: dict[str, list[dict[str, Any]]] = {
            "north": north.until(end),
            "south": south.until(end),
        }
        assert got["north"][0]["data"]["act"] == "profile saved"
        assert got["north"][0]["data"]["party"] == world.north
        assert got["south"][0]["data"]["stub"] is True
        assert "act" not in got["south"][0]["data"]

        # Told to stop, B ends the streams still open and exits.
        # (uvicorn ends by re-raising the SIGTERM it handled: that is its clean exit)
        assert b.stop() in (0, -signal.SIGTERM), b.log.read_text()
        assert "ERROR" not in b.log.read_text()
        assert north.finished.wait(WAIT_SECONDS)


def test_an_act_made_outside_the_servers_reaches_their_streams(
    workers: tuple[Worker, Worker], world: World
) -> None:
    # As the command line acts: through services of its own, in another process than the
    # servers (here the test's), which hear of it only through the database.
    _, b = workers
    start = _head(b, world)
    url = f"{b.base}/api/talks/{world.talks_id}/events?after={start}"
    with event_stream(url, as_header(NORTH_HEAD)) as north:
        assert north.status == 200
        profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, PROFILE)
        end = _head(b, world)
        assert end > start
        assert north.until(end)[0]["data"]["act"] == "profile saved"
