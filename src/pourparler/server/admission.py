"""At most a few requests at work at once in a worker, and the act holding its talks' turn first.

Requests do their blocking work in a small pool of threads (`app.REQUEST_THREADS`); AnyIO hands
those threads out first come first served, once per hop (each blocking dependency, then the
route). Under load, then, the one act that holds its talks' turn (server/turns.py) queued for a
thread behind every reader that arrived before it, at every hop, while every other act on those
talks waited for it: writers fell ever further behind. So requests are admitted here, in the
event loop, no more at once than there are threads (a request admitted never waits for a
thread), and a waiting act that holds its turn is admitted before any waiting read. Event
streams, which wait on the record rather than work, are never counted.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from weakref import WeakKeyDictionary

from starlette.types import ASGIApp, Receive, Scope, Send

from pourparler.server.turns import acts_on_talks

__all__ = ["Admission", "Gate"]

_STREAMS = re.compile(r"^/api/talks/[^/]+/events$")


class Gate:
    """`slots` places; a place given up goes to the longest-waiting urgent caller, else to the
    longest-waiting other one."""

    def __init__(self, slots: int) -> None:
        self.free = slots
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._others: deque[asyncio.Future[None]] = deque()

    async def enter(self, *, urgent: bool) -> None:
        if self.free and not self._urgent and not self._others:
            self.free -= 1
            return
        place: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        line = self._urgent if urgent else self._others
        line.append(place)
        try:
            await place
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self.leave()  # the place was handed over just as the caller gave up
            else:
                line.remove(place)
            raise

    def leave(self) -> None:
        """Give the place to the next caller waiting (handed over directly), else free it."""
        for line in (self._urgent, self._others):
            while line:
                place = line.popleft()
                if not place.done():
                    place.set_result(None)
                    return
        self.free += 1


class Admission:
    """ASGI middleware: `slots` requests at work at once in this worker, acts in their turn
    first. Placed inside `Turns`, so that an act on talks seen here already holds its turn."""

    def __init__(self, app: ASGIApp, slots: int) -> None:
        self.app = app
        self.slots = slots
        # By event loop: a future belongs to its loop (one per worker when served; tests may
        # drive one application from several).
        self._gates: WeakKeyDictionary[asyncio.AbstractEventLoop, Gate] = WeakKeyDictionary()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _STREAMS.match(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = Gate(self.slots)
        await gate.enter(urgent=acts_on_talks(scope) is not None)
        try:
            await self.app(scope, receive, send)
        finally:
            gate.leave()
