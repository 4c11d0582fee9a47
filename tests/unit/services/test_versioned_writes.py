"""Writes on versioned things name the version they start from: a draft save or a text revision
from a replaced version is refused as Stale and stores nothing; the queries the API reads."""

from __future__ import annotations

import pytest

from pourparler.domain.error import InvalidInput, NotFound, Stale
from pourparler.domain.memorandum import Section
from pourparler.services import clarification, exchange, memorandum, reading, text
from support.caller import OPERATOR, by
from support.process import commit, exchanged
from support.world import (
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    World,
)


def save(world: World, memo: str, body: str, expected: str | None):  # type: ignore[no-untyped-def]
    return memorandum.save_memorandum(
        world.svc,
        by(NORTH_DELEGATE),
        world.talks_id,
        memo,
        sections=[Section("intro", "Introduction", body)],
        positions=[],
        expected=expected,
    )


def test_a_save_names_the_version_it_replaces(world: World) -> None:
    memo = memorandum.create_memorandum(world.svc, by(NORTH_HEAD), world.talks_id, title="V")
    first = save(world, memo.id, "one", memorandum.NO_VERSION)
    second = save(world, memo.id, "two", first.id)
    with pytest.raises(Stale):
        save(world, memo.id, "three", first.id)
    with pytest.raises(Stale):
        save(world, memo.id, "three", memorandum.NO_VERSION)
    latest = reading.latest_memorandum(world.svc, by(NORTH_HEAD), world.talks_id, memo.id)
    assert latest["version_id"] == second.id
    assert latest["sections"][0]["body"] == "two"


def test_a_stale_tag_tells_another_party_nothing(world: World) -> None:
    memo = memorandum.create_memorandum(world.svc, by(NORTH_HEAD), world.talks_id, title="V")
    save(world, memo.id, "one", None)
    with pytest.raises(NotFound):
        memorandum.save_memorandum(
            world.svc,
            by(SOUTH_HEAD),
            world.talks_id,
            memo.id,
            sections=[],
            positions=[],
            expected="stale",
        )


def test_an_unsaved_memorandum_shows_to_its_party_alone(world: World) -> None:
    memo = memorandum.create_memorandum(world.svc, by(NORTH_HEAD), world.talks_id, title="V")
    shown = reading.latest_memorandum(world.svc, by(NORTH_DELEGATE), world.talks_id, memo.id)
    assert shown["version"] is None
    assert shown["version_id"] is None
    with pytest.raises(NotFound):
        reading.latest_memorandum(world.svc, by(MEDIATOR), world.talks_id, memo.id)


def test_a_revision_names_the_version_it_replaces(world: World) -> None:
    started = text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft")
    clauses = [{"key": "a", "heading": "A", "text": "first"}]
    revised = text.revise_text_document(
        world.svc, by(MEDIATOR), world.talks_id, clauses, expected=started.hash
    )
    with pytest.raises(Stale):
        text.revise_text_document(
            world.svc,
            by(MEDIATOR),
            world.talks_id,
            [{"key": "a", "heading": "A", "text": "second"}],
            expected=started.hash,
        )
    shown = text.show_text(world.svc, by(MEDIATOR), world.talks_id)
    assert shown["version"]["hash"] == revised.hash
    assert shown["version"]["clauses"][0]["text"] == "first"
    metadata = text.show_text(world.svc, OPERATOR, world.talks_id, 1)
    assert "clauses" not in metadata["version"]
    assert metadata["current"] == 2


def test_exchanges_and_clarifications_as_each_reader_may_read_them(world: World) -> None:
    with pytest.raises(InvalidInput):
        clarification.list_clarifications(world.svc, by(NORTH_HEAD), world.talks_id, anchor="x")
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    (seen,) = exchange.list_exchanges(world.svc, by(SOUTH_HEAD), world.talks_id)
    assert "document" not in seen["commitments"][0]
    own = exchange.show_exchange(world.svc, by(NORTH_DELEGATE), world.talks_id, exchange_id)
    assert "document" in own["commitments"][0]
    commit(world, SOUTH_HEAD, exchange_id, south)
    asked = clarification.ask_clarification(
        world.svc,
        by(SOUTH_DELEGATE),
        world.talks_id,
        memorandum_id=north[0],
        version=north[1],
        anchor="position",
        key=world.issues["Geographic scope"],
        question="Which line?",
    )
    found = clarification.list_clarifications(
        world.svc, by(NORTH_HEAD), world.talks_id, status="open", anchor="position"
    )
    assert [c["id"] for c in found] == [asked.id]
    assert found[0]["anchor_name"] == "position on 'Geographic scope'"
    assert (
        clarification.list_clarifications(
            world.svc, by(NORTH_HEAD), world.talks_id, anchor="section"
        )
        == []
    )
    metadata = clarification.list_clarifications(world.svc, OPERATOR, world.talks_id)
    assert "question" not in metadata[0]
