"""The talks listing is a summary query, a page at a time, equal to the slow oracle."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.domain.error import InvalidInput, NotFound
from pourparler.services import account
from pourparler.services.model import PAGE_LIMIT
from pourparler.services.query import talks_page
from pourparler.services.view import list_talks
from support.caller import OPERATOR, by
from support.listing import DEMO_CALLERS, listing_oracle
from support.memory import memory_services


@pytest.fixture(scope="module")
def demo():
    clock = ScriptClock(demo_start(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    svc, _ = memory_services(clock)  # type: ignore[arg-type]
    load_demo(svc, clock)
    account.add_user(svc, OPERATOR, name="Nobody", email="nobody@example.org", password="x" * 12)
    return svc


@pytest.mark.parametrize("who", DEMO_CALLERS, ids=lambda p: p.email or "operator")
def test_each_caller_lists_exactly_the_talks_they_have_a_seat_in(demo, who) -> None:
    page = talks_page(demo, who, limit=PAGE_LIMIT)
    assert page.items == listing_oracle(demo, who)
    assert page.total == len(page.items)


def test_the_operator_lists_every_talks_newest_first(demo) -> None:
    page = talks_page(demo, OPERATOR)
    assert page.total == 2
    created = [t.created_at for t in page.items]
    assert created == sorted(created, reverse=True)


def test_a_counter_proposal_does_not_count_as_another_round(demo) -> None:
    (ceasefire,) = [t for t in talks_page(demo, OPERATOR).items if "ceasefire" in t.title]
    assert ceasefire.rounds == 2  # rounds 1, 2 (superseded) and 2
    assert ceasefire.parties == ["Northland", "Southland"]


def test_pages_cut_the_list_without_loss_or_overlap(demo) -> None:
    first = talks_page(demo, OPERATOR, offset=0, limit=1)
    second = talks_page(demo, OPERATOR, offset=1, limit=1)
    beyond = talks_page(demo, OPERATOR, offset=2, limit=1)
    assert (first.total, second.total, beyond.total) == (2, 2, 2)
    assert first.items + second.items == talks_page(demo, OPERATOR).items
    assert beyond.items == []


def test_someone_without_a_seat_lists_nothing(demo) -> None:
    page = talks_page(demo, by("nobody@example.org"))
    assert (page.items, page.total) == ([], 0)


def test_an_unknown_account_is_refused(demo) -> None:
    with pytest.raises(NotFound):
        talks_page(demo, by("stranger@example.org"))


@pytest.mark.parametrize(
    ("offset", "limit", "named"),
    [(-1, 10, "offset"), (0, 0, "limit"), (0, PAGE_LIMIT + 1, "limit")],
)
def test_a_page_out_of_bounds_is_refused_by_name(demo, offset, limit, named) -> None:
    with pytest.raises(InvalidInput, match=named):
        talks_page(demo, OPERATOR, offset=offset, limit=limit)


def test_list_talks_keeps_its_shape_over_the_query(demo) -> None:
    listed = list_talks(demo, OPERATOR)
    assert [t["id"] for t in listed] == [t.id for t in talks_page(demo, OPERATOR).items]
    assert all(set(t) == {"id", "title", "status", "parties", "rounds"} for t in listed)
    assert all(isinstance(t["status"], str) for t in listed)


def test_people_are_read_in_one_batch_and_unknown_ids_left_out(demo) -> None:
    with demo.unit_of_work() as uow:
        everyone = {p.id: p for p in uow.people.list()}
        some = list(everyone)[:3]
        found = uow.people.many([*some, "no-such-person", some[0]])
        assert found == {i: everyone[i] for i in some}
        assert uow.people.many([]) == {}
