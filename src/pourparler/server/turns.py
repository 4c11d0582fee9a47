"""Acts on one talks wait their turn in the event loop, not in worker threads.

Writers to one talks take turns on the record's head in the database (store/repository.py,
`hold`), which is what keeps several workers and the command line in order. Within one worker,
letting every such request take a thread and a connection just to wait on that lock costs what
the act needs most: the threads that wait crowd out, and the readers' threads compete for the
interpreter with, the one act that holds the turn. So a request that may act on talks (any method
but GET, HEAD and OPTIONS, under /api/talks/ID/ or /talks/ID/) first waits here, first come first
served, for the previous such request on the same talks in this worker to finish. Reads never
wait here.
"""

from __future__ import annotations

import asyncio
import re
from weakref import WeakValueDictionary

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["Turns", "acts_on_talks"]

_ACTS_ON_TALKS = re.compile(r"^/(?:api/)?talks/([^/]+)/")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class Turns:
    """ASGI middleware: one act at a time per talks, in this worker."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # By event loop too: a lock belongs to the loop it is first used in (one per worker
        # when served; tests may drive one application from several).
        self._turns: WeakValueDictionary[tuple[int, str], asyncio.Lock] = WeakValueDictionary()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        talks = acts_on_talks(scope)
        if talks is None:
            await self.app(scope, receive, send)
            return
        key = (id(asyncio.get_running_loop()), talks)
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = asyncio.Lock()  # dropped when nobody waits on it
        async with turn:
            await self.app(scope, receive, send)


def acts_on_talks(scope: Scope) -> str | None:
    """The talks a request may act on, or None for a read or a request outside any talks.

    >>> acts_on_talks({"type": "http", "method": "POST", "path": "/api/talks/t1/rounds"})
    't1'
    >>> acts_on_talks({"type": "http", "method": "GET", "path": "/api/talks/t1/rounds"}) is None
    True
    >>> acts_on_talks({"type": "http", "method": "POST", "path": "/api/talks"}) is None
    True
    """
    if scope["type"] != "http" or scope.get("method") in _READS:
        return None
    found = _ACTS_ON_TALKS.match(scope.get("path", ""))
    return found.group(1) if found else None
