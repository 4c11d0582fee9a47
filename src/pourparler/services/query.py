"""The query side: lists read as summaries, a page at a time, never as whole aggregates.

A use case that changes talks loads them whole (it must check every rule); a list that shows
twenty lines need not. These read with the repositories' summary queries, and what each caller
may see is decided here, as in every other use case: a person lists the talks they have a seat
in, the secretariat every talks.
"""

from __future__ import annotations

from pourparler.services.access import person_actor
from pourparler.services.model import Page, TalksSummary, page_window
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["all_talks", "talks_page"]


def talks_page(
    svc: Services, who: Principal, *, offset: int = 0, limit: int = 50
) -> Page[TalksSummary]:
    """The talks the caller has a seat in (every talks, for the secretariat), newest first."""
    offset, limit = page_window(offset, limit)
    with svc.unit_of_work() as uow:
        actor = person_actor(uow, who)
        seated = None if actor.is_secretariat else (actor.person_id or "")
        items, total = uow.talks.summaries(seated=seated, offset=offset, limit=limit)
        return Page[TalksSummary](items=items, total=total, offset=offset, limit=limit)


def all_talks(svc: Services, who: Principal) -> list[TalksSummary]:
    """Every talks `talks_page` would list, at once: for the CLI's table and the demo loader."""
    with svc.unit_of_work() as uow:
        actor = person_actor(uow, who)
        seated = None if actor.is_secretariat else (actor.person_id or "")
        items, _ = uow.talks.summaries(seated=seated)
        return items
