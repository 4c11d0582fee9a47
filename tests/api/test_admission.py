"""Requests are admitted a few at a time (server/admission.py): a place that frees goes to a
waiting act on talks (which holds its turn) before any waiting read; event streams are never
counted; a caller that gives up while waiting leaves no place taken."""

from __future__ import annotations

import asyncio

from pourparler.server.admission import Admission, Gate


def _scope(method: str, path: str) -> dict[str, object]:
    return {"type": "http", "method": method, "path": path, "headers": []}


class _HeldApp:
    """Records each request's start, and holds every request until released."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        self.started.append(f"{scope['method']} {scope['path']}")
        await self.release.wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_a_waiting_act_is_admitted_before_reads_that_waited_longer() -> None:
    async def scenario() -> list[str]:
        app = _HeldApp()
        admission = Admission(app, slots=1)

        def call(method: str, path: str) -> asyncio.Task[None]:
            return asyncio.create_task(admission(_scope(method, path), None, None))  # type: ignore[arg-type]

        first = call("GET", "/api/talks/t1")
        await _settle()
        reads = [call("GET", f"/api/talks/t1/text?n={n}") for n in range(3)]
        await _settle()
        act = call("PUT", "/api/talks/t1/memoranda/m/draft")
        await _settle()
        assert app.started == ["GET /api/talks/t1"]  # one place, taken
        app.release.set()
        await asyncio.gather(first, *reads, act)
        return app.started

    started = asyncio.run(scenario())
    assert started[1] == "PUT /api/talks/t1/memoranda/m/draft"
    assert len(started) == 5


def test_event_streams_take_no_place() -> None:
    async def scenario() -> list[str]:
        app = _HeldApp()
        admission = Admission(app, slots=1)
        streams = [
            asyncio.create_task(
                admission(_scope("GET", f"/api/talks/t{n}/events"), None, None)  # type: ignore[arg-type]
            )
            for n in range(3)
        ]
        await _settle()
        read = asyncio.create_task(admission(_scope("GET", "/api/talks/t1"), None, None))  # type: ignore[arg-type]
        await _settle()
        started = list(app.started)
        app.release.set()
        await asyncio.gather(*streams, read)
        return started

    assert "GET /api/talks/t1" in asyncio.run(scenario())


def test_a_caller_that_gives_up_waiting_takes_no_place() -> None:
    async def scenario() -> int:
        gate = Gate(1)
        await gate.enter(urgent=False)
        waiting = asyncio.create_task(gate.enter(urgent=False))
        await _settle()
        waiting.cancel()
        await _settle()
        gate.leave()
        await asyncio.wait_for(gate.enter(urgent=True), 1)  # the place is free again
        gate.leave()
        return gate.free

    assert asyncio.run(scenario()) == 1


def test_a_place_handed_to_a_caller_that_gave_up_passes_on() -> None:
    async def scenario() -> int:
        gate = Gate(1)
        await gate.enter(urgent=False)
        gave_up = asyncio.create_task(gate.enter(urgent=False))
        after = asyncio.create_task(gate.enter(urgent=False))
        await _settle()
        gate.leave()  # handed to `gave_up`, which is cancelled before it runs
        gave_up.cancel()
        await asyncio.wait_for(after, 1)
        gate.leave()
        return gate.free

    assert asyncio.run(scenario()) == 1
