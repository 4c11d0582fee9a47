"""What the CLI used to compose itself, now use cases every interface shares."""

from __future__ import annotations

import pytest

from pourparler.domain.act import Act
from pourparler.domain.error import InvalidInput, NotFound
from pourparler.services import account, clarification, reading, setup
from pourparler.services.record_query import list_record
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.process import commit, exchanged
from support.world import (
    CLERK,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)


@pytest.fixture
def revealed(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    return north, south


def ask(world, who, memo, *, anchor="position", key=None, question="What do you mean?"):
    return clarification.ask_clarification(
        world.svc,
        by(who),
        world.talks_id,
        memorandum_id=memo[0],
        version=memo[1],
        anchor=anchor,
        key=key or world.issues["Geographic scope"],
        question=question,
    )


def test_clarifications_are_listed_with_their_anchor_in_words_and_filtered(world, revealed):
    north, south = revealed
    first = ask(world, SOUTH_HEAD, north, question="Which districts?")
    second = ask(world, NORTH_HEAD, south, question="Which line?")
    clarification.answer_clarification(
        world.svc, by(NORTH_DELEGATE), world.talks_id, first.id, answer="All of them."
    )
    listed = clarification.list_clarifications(world.svc, by(OBSERVER), world.talks_id)
    assert [c["id"] for c in listed] == [first.id, second.id]
    assert listed[0]["anchor_name"] == "position on 'Geographic scope'"
    assert listed[0]["question"] == "Which districts?"
    answered = clarification.list_clarifications(
        world.svc, by(OBSERVER), world.talks_id, status="answered"
    )
    assert [c["id"] for c in answered] == [first.id]
    on_south = clarification.list_clarifications(
        world.svc, by(OBSERVER), world.talks_id, memorandum_id=south[0]
    )
    assert [c["id"] for c in on_south] == [second.id]
    assert (
        clarification.list_clarifications(world.svc, by(OBSERVER), world.talks_id, anchor="section")
        == []
    )
    assert (
        clarification.list_clarifications(
            world.svc, by(OBSERVER), world.talks_id, round_id="no-such-round"
        )
        == []
    )


def test_listed_clarifications_are_the_documents_of_the_talks_view(world, revealed):
    north, _ = revealed
    ask(world, SOUTH_HEAD, north)
    for who in (OBSERVER, CLERK, SOUTH_DELEGATE):
        listed = clarification.list_clarifications(world.svc, by(who), world.talks_id)
        viewed = talks_document(world.svc, by(who), world.talks_id)["clarifications"]
        assert [{k: v for k, v in c.items() if k != "anchor_name"} for c in listed] == viewed
    (withheld,) = clarification.list_clarifications(world.svc, by(CLERK), world.talks_id)
    assert "question" not in withheld


@pytest.mark.parametrize(("status", "anchor"), [("pending", None), (None, "paragraph")])
def test_an_unknown_clarification_filter_is_refused_by_name(world, status, anchor):
    with pytest.raises(InvalidInput, match="status" if status else "anchor"):
        clarification.list_clarifications(
            world.svc, by(OBSERVER), world.talks_id, status=status, anchor=anchor
        )


def test_the_record_listing_is_the_record_of_the_talks_view(world, revealed):
    for who in (OBSERVER, NORTH_HEAD, CLERK):
        listed = list_record(world.svc, by(who), world.talks_id)
        assert listed == talks_document(world.svc, by(who), world.talks_id)["record"]
    whole = list_record(world.svc, by(OBSERVER), world.talks_id)
    assert list_record(world.svc, by(OBSERVER), world.talks_id, since=3) == whole[3:]
    assert any(e.get("stub") for e in whole)  # the parties' private acts, sealed


def test_the_record_filtered_by_act_holds_only_that_act_and_no_stub(world, revealed):
    committed = list_record(
        world.svc, by(OBSERVER), world.talks_id, act=Act.DOCUMENT_COMMITTED.value
    )
    assert [e["act"] for e in committed] == ["document committed"] * 2
    saved = list_record(world.svc, by(OBSERVER), world.talks_id, act="memorandum saved")
    assert saved == []  # a party's private acts reach the observer as stubs only
    own = list_record(world.svc, by(NORTH_HEAD), world.talks_id, act="memorandum saved")
    assert own
    assert all(e["actor"].endswith("North") for e in own)


def test_an_unknown_act_or_a_negative_start_is_refused(world):
    with pytest.raises(InvalidInput, match="act"):
        list_record(world.svc, by(OBSERVER), world.talks_id, act="coup")
    with pytest.raises(InvalidInput, match="since"):
        list_record(world.svc, by(OBSERVER), world.talks_id, since=-1)


def test_a_seat_awaits_its_heads_confirmation(world):
    account.add_user(
        world.svc, OPERATOR, name="New Pen", email="new.pen@example.org", password="x" * 12
    )
    setup.seat(
        world.svc,
        OPERATOR,
        world.talks_id,
        email="new.pen@example.org",
        role="delegate",
        party="Northland",
    )
    waits = setup.awaits_confirmation
    assert waits(world.svc, OPERATOR, world.talks_id, email=" New.Pen@example.org")
    assert not waits(world.svc, OPERATOR, world.talks_id, email=NORTH_DELEGATE)
    assert not waits(world.svc, OPERATOR, world.talks_id, email="nobody@example.org")
    setup.confirm_seat(world.svc, by(NORTH_HEAD), world.talks_id, email="new.pen@example.org")
    assert not waits(world.svc, OPERATOR, world.talks_id, email="new.pen@example.org")


def test_the_latest_readable_versions_are_each_readers_own(world, revealed):
    north, south = revealed
    as_observer = reading.latest_readable_versions(world.svc, by(OBSERVER), world.talks_id)
    assert sorted(as_observer) == sorted([north, south])
    assert reading.latest_readable_versions(world.svc, by(CLERK), world.talks_id) == []


def test_someone_without_a_seat_reads_none_of_these(world):
    account.add_user(
        world.svc, OPERATOR, name="Outsider", email="out@example.org", password="x" * 12
    )
    for read in (
        lambda: clarification.list_clarifications(world.svc, by("out@example.org"), world.talks_id),
        lambda: list_record(world.svc, by("out@example.org"), world.talks_id),
        lambda: reading.latest_readable_versions(world.svc, by("out@example.org"), world.talks_id),
    ):
        with pytest.raises(NotFound):
            read()
