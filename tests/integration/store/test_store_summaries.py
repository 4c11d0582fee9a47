"""The store's summary query lists talks as the slow oracle does, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pourparler import bootstrap
from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.services import setup
from pourparler.services.port import Services
from pourparler.services.query import talks_page
from support.caller import OPERATOR
from support.listing import DEMO_CALLERS, listing_oracle


@pytest.fixture
def demo(database_url: str) -> Iterator[Services]:
    bootstrap.upgrade_database(database_url)
    clock = ScriptClock(demo_start(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    svc = bootstrap.build(database_url, clock=clock)
    load_demo(svc, clock)
    setup.create_talks(svc, OPERATOR, title="Talks nobody sits in")
    yield svc
    svc.close()


def test_every_caller_lists_what_the_oracle_lists_page_by_page(demo) -> None:
    for who in DEMO_CALLERS:
        expected = listing_oracle(demo, who)
        whole = talks_page(demo, who, limit=100)
        assert whole.items == expected, who
        assert whole.total == len(expected)
        paged = [
            t
            for at in range(len(expected))
            for t in talks_page(demo, who, offset=at, limit=1).items
        ]
        assert paged == expected, who


def test_talks_without_parties_or_rounds_are_summarised_too(demo) -> None:
    (bare,) = [t for t in talks_page(demo, OPERATOR).items if t.title == "Talks nobody sits in"]
    assert (bare.parties, bare.rounds) == ([], 0)


def test_people_are_read_in_one_batch(demo) -> None:
    with demo.unit_of_work() as uow:
        everyone = {p.id: p.email for p in uow.people.list()}
        some = sorted(everyone)[:4]
        found = uow.people.many([*some, "no-such-person"])
        assert {i: p.email for i, p in found.items()} == {i: everyone[i] for i in some}
        assert uow.people.many([]) == {}
