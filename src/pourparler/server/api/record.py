"""The record of the talks: read page by page, or followed live as server-sent events.

Both serve exactly what services/record_query.py gives the caller: another party's private
act arrives as a stub (seq and hashes), so that the chain still verifies and nothing of the act
shows. The live stream is woken by word that the record grew (server/notifier.py), never fed by
it: each stream reads for its own caller.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from pourparler.domain.error import InvalidInput, PourparlerError
from pourparler.server.auth import Caller, CredentialCheck, Svc
from pourparler.server.notifier import Follower, Notifier
from pourparler.services.export_document import EntryRecord
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.record_query import record_entries

__all__ = ["KEEP_ALIVE_SECONDS", "RECHECK_SECONDS", "router"]

router = APIRouter(tags=["record"])
log = logging.getLogger("pourparler.server")

KEEP_ALIVE_SECONDS = 15
RECHECK_SECONDS = 5.0  # how long a quiet stream goes before it checks its credential again
SHUTDOWN_GRACE_SECONDS = 3  # below the server's own graceful timeout
CATCH_UP = 200  # entries read at once while a stream catches up

After = Annotated[
    int, Query(ge=0, le=2**62, description="Entries after this seq (0: from the start).")
]


class RecordPage(BaseModel):
    """Entries of the record after `after`, by seq. Ask again with `after=next` for more;
    `next` is null when this page reached the latest entry."""

    items: list[EntryRecord]
    after: int
    limit: int
    next: int | None = Field(description="The `after` of the next page; null at the end.")


@router.get("/talks/{talks_id}/record", response_model=RecordPage)
def record_page(
    talks_id: str,
    who: Caller,
    svc: Svc,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="How many entries at most.")] = 100,
) -> JSONResponse:
    """The record of the talks as you may read it: others' private acts as stubs."""
    found = record_entries(svc, who, talks_id, after=after, limit=limit + 1)
    items = found[:limit]
    more = len(found) > limit
    # Sent as the services give them (as in the export and the event stream), character for
    # character: times keep the offset the record hashed.
    page = {
        "items": items,
        "after": after,
        "limit": limit,
        "next": items[-1]["seq"] if more else None,
    }
    return JSONResponse(page)


def _resume_point(after: int, last_event_id: str | None) -> int:
    """Where the stream starts: after the Last-Event-ID a reconnecting client sends, else after
    `after`."""
    if last_event_id is None or not last_event_id.strip():
        return after
    given = last_event_id.strip()
    if not given.isdigit() or len(given) > 18:
        raise InvalidInput("Last-Event-ID: the seq of the last entry received, a whole number")
    return int(given)


@router.get(
    "/talks/{talks_id}/events",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Record entries."}},
)
async def record_events(
    talks_id: str,
    request: Request,
    who: Caller,
    holds: CredentialCheck,
    svc: Svc,
    after: After = 0,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", description="The id of the last event received."),
    ] = None,
) -> EventSourceResponse:
    """New entries of the record as they are made, as server-sent events: `event: entry`,
    `id: <seq>`, `data: <the entry as in /record>`; a comment every 15 s keeps the line open.
    Reconnecting with Last-Event-ID resumes after that entry. The stream ends when the session
    or token that opened it no longer holds (revoked, signed out, expired, the password
    changed): it is checked again at every new entry and every few seconds."""
    start = _resume_point(after, last_event_id)
    notifier: Notifier = request.app.state.notifier
    # A caller without a seat gets 404 here, before any stream opens.
    first = await run_in_threadpool(record_entries, svc, who, talks_id, after=start, limit=CATCH_UP)
    # Set when the server shuts down: the stream then ends by itself, its response complete.
    shutdown = anyio.Event()
    return EventSourceResponse(
        _entries(svc, who, holds, talks_id, notifier, shutdown, first, start),
        ping=KEEP_ALIVE_SECONDS,
        shutdown_event=shutdown,
        shutdown_grace_period=SHUTDOWN_GRACE_SECONDS,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _entries(
    svc: Services,
    who: Principal,
    holds: Callable[[], bool],
    talks_id: str,
    notifier: Notifier,
    shutdown: anyio.Event,
    first: list[dict[str, Any]],
    start: int,
) -> AsyncIterator[ServerSentEvent]:
    """The stream of one caller: what it may see after `start`, then each new entry as word
    comes. It follows the talks only while it runs (a response never sent, to a HEAD, leaves
    nothing behind), and reads once more right after it starts following, for whatever was
    appended between the first read and then."""
    follower = notifier.follow(talks_id)
    last, entries, read_again = start, first, True
    try:
        while True:
            for entry in entries:
                data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                yield ServerSentEvent(data=data, event="entry", id=str(entry["seq"]))
                last = entry["seq"]
            caught_up = len(entries) < CATCH_UP
            if caught_up and not read_again and not await _word(follower, shutdown, holds):
                return  # the server is closing, or the caller's credential has ended
            read_again = False
            if shutdown.is_set():
                return
            entries = await run_in_threadpool(
                record_entries, svc, who, talks_id, after=last, limit=CATCH_UP
            )
    except PourparlerError as exc:
        # A seat taken away, the database gone: the stream ends; the client may reconnect
        # with Last-Event-ID and is answered as anyone would be then.
        log.info("event stream ended: %s", type(exc).__name__)
    finally:
        follower.stop()


async def _word(follower: Follower, shutdown: anyio.Event, holds: Callable[[], bool]) -> bool:
    """Until word comes that the record grew (True), or until the stream must end (False):
    the server closing, or the credential that opened the stream no longer holding, which is
    checked at each word and every RECHECK_SECONDS of quiet."""
    while True:
        woken = False
        with anyio.move_on_after(RECHECK_SECONDS):
            woken = await follower.wait(shutdown)
            if not woken:
                return False
        if shutdown.is_set():
            return False
        if not await run_in_threadpool(holds):
            log.info("event stream ended: its session or token no longer holds")
            return False
        if woken:
            return True
