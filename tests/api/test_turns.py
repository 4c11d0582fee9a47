"""Acts on one talks wait their turn in the event loop (server/turns.py): an act on talks starts
only when the previous one on the same talks has finished; reads, and acts on other talks, never
wait for it."""

from __future__ import annotations

import asyncio

from pourparler.server.turns import Turns


def _scope(method: str, path: str) -> dict[str, object]:
    return {"type": "http", "method": method, "path": path, "headers": []}


class _SlowApp:
    """An application that records when each request starts and ends, and holds the first
    request until released."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        name = f"{scope['method']} {scope['path']}"
        self.events.append(f"start {name}")
        if not self.events[:-1]:  # the first request waits to be released
            await self.release.wait()
        self.events.append(f"end {name}")


async def _run(first: tuple[str, str], others: list[tuple[str, str]]) -> list[str]:
    app = _SlowApp()
    turns = Turns(app)

    async def call(method: str, path: str) -> None:
        await turns(_scope(method, path), None, None)  # type: ignore[arg-type]

    held = asyncio.create_task(call(*first))
    await asyncio.sleep(0)
    rest = [asyncio.create_task(call(*o)) for o in others]
    for _ in range(5):
        await asyncio.sleep(0)
    app.events.append("released")
    app.release.set()
    await asyncio.gather(held, *rest)
    return app.events


def test_a_second_act_on_the_same_talks_waits_for_the_first_to_finish() -> None:
    events = asyncio.run(
        _run(("POST", "/api/talks/t1/clarifications"), [("PUT", "/talks/t1/memoranda/m/draft")])
    )
    assert events == [
        "start POST /api/talks/t1/clarifications",
        "released",
        "end POST /api/talks/t1/clarifications",
        "start PUT /talks/t1/memoranda/m/draft",
        "end PUT /talks/t1/memoranda/m/draft",
    ]


def test_reads_and_acts_on_other_talks_do_not_wait() -> None:
    events = asyncio.run(
        _run(
            ("POST", "/api/talks/t1/clarifications"),
            [("GET", "/api/talks/t1/text"), ("POST", "/api/talks/t2/clarifications")],
        )
    )
    released = events.index("released")
    assert "end GET /api/talks/t1/text" in events[:released]
    assert "end POST /api/talks/t2/clarifications" in events[:released]
