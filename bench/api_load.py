"""Load benchmark of the HTTP server: signed-in clients reading and writing, beside a bare
`/healthz` baseline measured in the same run.

Usage: ``python bench/api_load.py [--databases postgresql,sqlite] [--clients 10,50,200]
[--seconds 60] [--workers 2]`` from the project's venv (PostgreSQL at
$POURPARLER_TEST_POSTGRES_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/test; the
benchmark creates and drops a database of its own there).

For each database: a fresh database, `pourparler db upgrade`, the demo, one memorandum per
writing client (so that draft saves race only on the record, not on one draft), then
`pourparler serve --workers N` as a child process on a free port of 127.0.0.1. Each client signs
in once (`POST /api/tokens`) and then, for `--seconds`, sends one request after another: 80%
reads (the talks, the single text, the last 50 record entries: one third each) and 20% writes
(half draft saves with the ETag it read, half clarification questions). Then the same number of
clients call `/healthz` for the same time: the baseline of the server and this machine with no
work behind the route. Reported per level: requests per second, p50 and p99 latency, errors
(any 5xx, any refused write other than 412, and any transport failure). Only 127.0.0.1 is ever
contacted, and the benchmark stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg

HERE = Path(__file__).resolve().parent
PG_SERVER = os.environ.get(
    "POURPARLER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
CEASEFIRE = "Northland–Southland ceasefire talks"
# Writers: the delegates and heads of both parties (demo passwords, printed by `demo`).
WRITERS = (
    ("delegate@northland.example", "northland-pen-demo"),
    ("head@northland.example", "northland-head-demo"),
    ("delegate@southland.example", "southland-pen-demo"),
    ("head@southland.example", "southland-head-demo"),
)
READERS = (*WRITERS, ("envoy@harbour.example", "harbour-envoy-demo"))


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    stale: int = 0  # 412: a write that lost a race, answered as it should be
    samples: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)  # requests sent, by kind

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.samples) < 5:
            self.samples.append(what)


def _pourparler(url: str, *args: str) -> str:
    env = {**os.environ, "POURPARLER_DATABASE_URL": url}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("pourparler")), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _fresh_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite+pysqlite:///{folder / 'bench.db'}"
    admin = PG_SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS pourparler_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE pourparler_bench")
    return PG_SERVER.rsplit("/", 1)[0] + "/pourparler_bench"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _token(client: httpx.AsyncClient, email: str, password: str, name: str) -> str:
    answer = await client.post(
        "/api/tokens", json={"email": email, "password": password, "name": name}
    )
    answer.raise_for_status()
    token: str = answer.json()["token"]
    return token


@dataclass
class Client:
    http: httpx.AsyncClient
    talks_id: str
    memorandum: str | None  # this client's own draft, for the writers
    etag: str | None = None
    anchor: dict[str, Any] | None = None  # where its clarification questions point


async def _prepare(base: str, clients: int) -> list[Client]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as anonymous:
        tokens = {
            email: await _token(anonymous, email, password, "bench") for email, password in READERS
        }
    prepared = []
    for n in range(clients):
        email = READERS[n % len(READERS)][0]
        http = httpx.AsyncClient(
            base_url=base,
            timeout=30,
            headers={"Authorization": f"Bearer {tokens[email]}"},
            limits=httpx.Limits(max_connections=1),
        )
        talks = (await http.get("/api/talks")).json()["items"]
        talks_id = next(t["id"] for t in talks if t["title"] == CEASEFIRE)
        memorandum = None
        if any(email == w for w, _ in WRITERS):
            made = await http.post(
                f"/api/talks/{talks_id}/memoranda", json={"title": f"Bench draft {n}"}
            )
            made.raise_for_status()
            memorandum = made.json()["id"]
        prepared.append(Client(http, talks_id, memorandum, anchor=await _anchor(http, talks_id)))
    return prepared


async def _anchor(http: httpx.AsyncClient, talks_id: str) -> dict[str, Any] | None:
    """A section of the other party's revealed memorandum, to ask about (None if there is none
    the client may ask about, as for the mediator)."""
    listed = (await http.get(f"/api/talks/{talks_id}/memoranda")).json()["items"]
    for memo in listed:
        if memo["own"] or memo["latest_state"] != "revealed":
            continue
        path = f"/api/talks/{talks_id}/memoranda/{memo['id']}/versions/{memo['latest']}"
        sections = (await http.get(path)).json()["sections"]
        if sections:
            return {
                "memorandum_id": memo["id"],
                "version": memo["latest"],
                "anchor": "section",
                "key": sections[0]["key"],
            }
    return None


async def _timed(tally: Tally, call: Callable[[], Awaitable[httpx.Response]]) -> None:
    started = time.perf_counter()
    try:
        answer = await call()
    except httpx.HTTPError as exc:
        tally.error(f"transport: {type(exc).__name__}")
        return
    tally.latencies.append(time.perf_counter() - started)
    if answer.status_code == 412:
        tally.stale += 1
    elif answer.status_code >= 400:
        said = (
            answer.json().get("detail", "")
            if answer.headers.get("content-type", "").endswith("json")
            else ""
        )
        tally.error(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {said}"
        )


async def _work(
    client: Client, until: float, tally: Tally, rng: random.Random, writes: bool
) -> None:
    tid = client.talks_id
    while time.perf_counter() < until:
        draw = rng.random()
        if not writes or draw < 0.8 or client.memorandum is None:
            tally.kinds["read"] += 1
            path = rng.choice(
                (f"/api/talks/{tid}", f"/api/talks/{tid}/text", f"/api/talks/{tid}/record?limit=50")
            )
            await _timed(tally, lambda p=path: client.http.get(p))
        elif draw < 0.9:
            tally.kinds["draft save"] += 1
            await _save_draft(client, tally)
        elif client.anchor is not None:
            tally.kinds["question"] += 1
            body = {**client.anchor, "question": f"Bench question {rng.random():.6f}"}
            await _timed(
                tally, lambda b=body: client.http.post(f"/api/talks/{tid}/clarifications", json=b)
            )


async def _save_draft(client: Client, tally: Tally) -> None:
    path = f"/api/talks/{client.talks_id}/memoranda/{client.memorandum}"
    if client.etag is None:
        got = await client.http.get(path)
        client.etag = got.headers.get("ETag")
    body = {
        "sections": [{"key": "vision", "heading": "Vision", "body": f"Draft at {time.time():.6f}"}],
        "positions": [],
    }

    async def save() -> httpx.Response:
        answer = await client.http.put(
            f"{path}/draft", json=body, headers={"If-Match": client.etag or '"none"'}
        )
        client.etag = answer.headers.get("ETag") if answer.status_code < 300 else None
        return answer

    await _timed(tally, save)


async def _healthz(base: str, until: float, tally: Tally) -> None:
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(max_connections=1)
    ) as http:
        while time.perf_counter() < until:
            await _timed(tally, lambda: http.get("/healthz"))


async def _level(base: str, clients: int, seconds: float) -> tuple[Tally, Tally, Tally]:
    """Reads alone, then the mix of reads and writes, then the bare baseline."""
    prepared = await _prepare(base, clients)
    reads, mix, bare = Tally(), Tally(), Tally()
    for tally, writes in ((reads, False), (mix, True)):
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(_work(c, until, tally, random.Random(i), writes) for i, c in enumerate(prepared))
        )
    for c in prepared:
        await c.http.aclose()
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_healthz(base, until, bare) for _ in range(clients)))
    return reads, mix, bare


def _summary(tally: Tally, seconds: float) -> dict[str, Any]:
    lat = sorted(tally.latencies)
    pick = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000) if lat else (lambda q: 0)
    return {
        "rps": len(lat) / seconds,
        "p50": pick(0.50),
        "p99": pick(0.99),
        "errors": tally.errors,
        "stale": tally.stale,
        "samples": tally.samples,
    }


def _serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "POURPARLER_DATABASE_URL": url}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("pourparler")),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--clients", default="10,50,200")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    print(
        f"# API load: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {args.seconds:g} s per level, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print(
        "| database | workers | clients | reads req/s | reads p50 / p99 ms | reads / healthz "
        "| mix req/s | mix p50 / p99 ms | errors | 412 | healthz req/s | healthz p50 / p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory() as folder:
            url = _fresh_database(kind, Path(folder))
            env_key = Path(folder) / "bench.signing-key"
            os.environ["POURPARLER_SIGNING_KEY"] = str(env_key)
            _pourparler(url, "db", "upgrade")
            _pourparler(url, "demo")
            port = _free_port()
            workers = args.workers
            server = _serve(url, port, workers)
            try:
                for clients in levels:
                    tallies = asyncio.run(_level(f"http://127.0.0.1:{port}", clients, args.seconds))
                    reads, mix, base = (_summary(t, args.seconds) for t in tallies)
                    ratio = reads["rps"] / base["rps"] if base["rps"] else 0
                    print(
                        f"| {kind} | {workers} | {clients} | {reads['rps']:.0f} | "
                        f"{reads['p50']:.1f} / {reads['p99']:.1f} | {ratio:.0%} | "
                        f"{mix['rps']:.0f} | {mix['p50']:.1f} / {mix['p99']:.1f} | "
                        f"{reads['errors'] + mix['errors'] + base['errors']} | {mix['stale']} | "
                        f"{base['rps']:.0f} | {base['p50']:.1f} / {base['p99']:.1f} |",
                        flush=True,
                    )
                    sent = ", ".join(f"{n} {kind}s" for kind, n in tallies[1].kinds.items())
                    print(f"<!-- {kind}, {clients} clients, the mix sent: {sent} -->")
                    for sample in reads["samples"] + mix["samples"] + base["samples"]:
                        print(f"<!-- error sample: {sample} -->")
            finally:
                server.terminate()
                server.wait(timeout=60)


if __name__ == "__main__":
    main()
