"""The oracle of the talks listing: the slow, obvious way, from whole talks aggregates."""

from __future__ import annotations

from pourparler.demo.loader import CAST, LABOUR_CAST
from pourparler.services.model import TalksSummary
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Principal

__all__ = ["DEMO_CALLERS", "listing_oracle"]

DEMO_CALLERS: list[Principal] = [OPERATOR] + [
    Principal.named(m.email) for m in (*CAST, *LABOUR_CAST)
]


def listing_oracle(svc: Services, who: Principal) -> list[TalksSummary]:
    """What `talks_page` must list, computed by loading every talks whole."""
    with svc.unit_of_work() as uow:
        person = None if who.operator else uow.people.by_email(who.email or "")
        everything = who.operator or (person is not None and person.operator)
        seated = [
            t
            for t in uow.talks.list()
            if everything or (person and any(m.person_id == person.id for m in t.memberships))
        ]
        seated.sort(key=lambda t: (t.title, t.id))
        seated.sort(key=lambda t: (t.created_at is None, t.created_at), reverse=True)
        return [
            TalksSummary(
                id=t.id,
                title=t.title,
                status=t.status,
                parties=[p.name for p in t.parties],
                rounds=len({r.number for r in t.rounds}),
                created_at=t.created_at,
            )
            for t in seated
        ]
