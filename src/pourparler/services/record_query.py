"""The record read in pages by sequence number: what the API's record listing and its live
events serve.

A reader that has seen the record up to some entry asks for what came after it. Each entry is
shown exactly as `view.visible_record` shows it (another party's private act as a stub), so the
listing, the event stream and the export can never disagree about who sees what.
"""

from __future__ import annotations

from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.base import parse_choice
from pourparler.domain.error import InvalidInput
from pourparler.services.access import reading_talks
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view import visible_record

__all__ = ["list_record", "record_entries"]


def record_entries(
    svc: Services, who: Principal, talks_id: str, *, after: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """The entries of the talks' record with seq > `after` as `who` may receive them, by seq; at
    most `limit`. Someone without a seat gets NotFound, as for talks that do not exist."""
    if after < 0:
        raise InvalidInput("after is a sequence number: 0 or more")
    if limit is not None and limit < 1:
        raise InvalidInput("limit is at least 1")
    with reading_talks(svc, who, talks_id) as (uow, talks, actor):
        return visible_record(uow, talks, actor, after=after, limit=limit)


def list_record(
    svc: Services, who: Principal, talks_id: str, *, act: str | None = None, since: int = 0
) -> list[dict[str, Any]]:
    """The record as the caller receives it, from entry `since + 1` on; with `act`, only the
    entries of that act the caller may see (a stub names no act, so a filtered list holds
    none)."""
    wanted = parse_choice(Act, act, "act") if act is not None else None
    if since < 0:
        raise InvalidInput(f"since must be 0 or more, not {since}")
    entries = record_entries(svc, who, talks_id, after=since)
    if wanted is None:
        return entries
    return [e for e in entries if not e.get("stub") and e["act"] == wanted]
