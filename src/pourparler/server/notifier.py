"""Word to the open event streams that a talks' record grew.

A stream never trusts the word itself: it carries a talks id only, and every woken stream reads
what its own caller may see (services/record_query.py). So a missed or spurious word costs a
read at most, never a leak.

Where the word comes from:
- this process's own commits, always (bootstrap.listen_locally), at once;
- on SQLite, which has no NOTIFY, the record heads of the talks that streams follow, read every
  `WATCH_SECONDS` while any stream is open (bootstrap.record_watch): acts made through another
  worker or the command line arrive within that time;
- on PostgreSQL, `LISTEN pourparler_record` on a connection of its own: the store sends
  `NOTIFY pourparler_record, '<talks id>'` in the very transaction that appends, so every
  worker hears of every act, and only once it is committed. After the connection is lost and
  made again, every stream is woken, to read whatever it missed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import anyio
import psycopg

from pourparler import bootstrap
from pourparler.domain.error import StoreUnavailable

__all__ = ["Follower", "Notifier"]

log = logging.getLogger("pourparler.server")
RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)
WATCH_SECONDS = 0.25


class Follower:
    """One stream's interest in one talks: `wait()` returns when the record may have grown
    since the last wait (True), or when the stream must end (False)."""

    def __init__(self, notifier: Notifier, talks_id: str) -> None:
        self.talks_id = talks_id
        self._notifier = notifier
        self._woken = asyncio.Event()

    def wake(self) -> None:
        self._woken.set()

    async def wait(self, stop: anyio.Event) -> bool:
        """Until word comes (True), or until `stop` is set or the notifier closes (False)."""
        async with anyio.create_task_group() as waiting:

            async def until(event: asyncio.Event | anyio.Event) -> None:
                await event.wait()
                waiting.cancel_scope.cancel()

            waiting.start_soon(until, self._woken)
            waiting.start_soon(until, stop)
        self._woken.clear()
        return not (self._notifier.closed or stop.is_set())

    def stop(self) -> None:
        self._notifier.forget(self)


class Notifier:
    """Wakes the followers of a talks when word comes that its record grew."""

    def __init__(self, listen_url: str | None, watch: bootstrap.HeadWatch | None = None) -> None:
        self._listen_url = listen_url
        self._watch = watch
        self._followers: dict[str, set[Follower]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_local: Callable[[], None] | None = None
        self._listening: asyncio.Task[None] | None = None
        self._watching: asyncio.Task[None] | None = None
        self.closed = False

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_local = bootstrap.listen_locally(self._heard_from_thread)
        if self._listen_url is not None:
            self._listening = asyncio.create_task(self._listen(self._listen_url))
        if self._watch is not None:
            self._watching = asyncio.create_task(self._watch_heads(self._watch))

    async def close(self) -> None:
        """Stop listening and let every open stream end."""
        self.closed = True
        if self._stop_local is not None:
            self._stop_local()
        for task in (self._listening, self._watching):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._watch is not None:
            self._watch.close()
        self._wake_all()

    def follow(self, talks_id: str) -> Follower:
        follower = Follower(self, talks_id)
        self._followers.setdefault(talks_id, set()).add(follower)
        if self.closed:
            follower.wake()
        return follower

    def following(self, talks_id: str) -> int:
        """How many streams follow the talks now."""
        return len(self._followers.get(talks_id, ()))

    def forget(self, follower: Follower) -> None:
        followers = self._followers.get(follower.talks_id)
        if followers is not None:
            followers.discard(follower)
            if not followers:
                del self._followers[follower.talks_id]

    def heard(self, talks_id: str) -> None:
        """Word that the record of `talks_id` grew (on the event loop's thread)."""
        for follower in list(self._followers.get(talks_id, ())):
            follower.wake()

    def _wake_all(self) -> None:
        for followers in list(self._followers.values()):
            for follower in list(followers):
                follower.wake()

    def _heard_from_thread(self, talks_id: str) -> None:
        # Commits happen in the request threads; the followers live on the event loop.
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody follows
            loop.call_soon_threadsafe(self.heard, talks_id)

    async def _listen(self, url: str) -> None:
        failures = 0
        while not self.closed:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {bootstrap.RECORD_CHANNEL}")
                    if failures:
                        log.info("listening for new record entries again")
                    failures = 0
                    self._wake_all()  # whatever was appended while nobody listened
                    async for word in conn.notifies():
                        self.heard(word.payload)
            except psycopg.Error as exc:
                # The reason without the connection's details: no password reaches the log.
                log.warning("lost the record's notifications (%s); retrying", type(exc).__name__)
                await asyncio.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1

    async def _watch_heads(self, watch: bootstrap.HeadWatch) -> None:
        # The head each followed talks had when last read; a talks seen for the first time
        # wakes its streams too, since something may have been appended just before.
        seen: dict[str, int | None] = {}
        limiter = anyio.CapacityLimiter(1)  # its own thread: never one of the requests' few
        failing = False
        while not self.closed:
            await asyncio.sleep(WATCH_SECONDS)
            followed = list(self._followers)
            if not followed:
                seen.clear()
                continue
            try:
                heads = await anyio.to_thread.run_sync(watch.heads, followed, limiter=limiter)
            except StoreUnavailable as exc:
                if not failing:
                    log.warning("cannot read the record heads (%s); retrying", exc)
                failing = True
                continue
            if failing:
                log.info("reading the record heads again")
                failing = False
                self._wake_all()  # whatever was appended meanwhile
            for talks_id in followed:
                head = heads.get(talks_id)
                if talks_id not in seen or seen[talks_id] != head:
                    seen[talks_id] = head
                    self.heard(talks_id)
            for gone in seen.keys() - set(followed):
                del seen[gone]
