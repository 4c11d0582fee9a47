"""The JSON API under /api/: one router per part of the process, in the negotiators' words.

Conventions every router keeps:
- a route takes `who: Caller` (server/auth.py) and `svc: Svc`, calls one use case with them, and
  returns a Pydantic model (or a `Page` of them): never a live entity, never a password hash;
- authorisation is the services' (a caller without a seat gets NotFound, which answers 404
  exactly as a missing resource); routes never decide who may see what;
- errors are raised, not returned: server/problem.py turns them into problem+json;
- a write on something versioned (a memorandum draft, the single text) needs If-Match with the
  ETag read (428 without, 412 when stale), see api/common.py;
- lists take `offset` and `limit` and answer a `Page`.
"""

from __future__ import annotations

from fastapi import APIRouter

from pourparler.server.api import (
    account,
    clarifications,
    exchanges,
    memoranda,
    minutes,
    notes,
    preferences,
    record,
    rounds,
    secret,
    setup,
    talks,
    text,
)

__all__ = ["ROUTERS"]

ROUTERS: list[APIRouter] = [
    account.router,
    talks.router,
    setup.router,
    rounds.router,
    minutes.router,
    record.router,
    memoranda.router,
    exchanges.router,
    clarifications.router,
    text.router,
    notes.router,
    preferences.router,
    secret.router,
]
