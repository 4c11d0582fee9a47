"""A whole talks aggregate goes in and comes back the same, field by field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pytest
from sqlalchemy import Engine, text

from pourparler.domain.error import InvalidInput, NotFound
from pourparler.domain.framework import IssueKind
from pourparler.domain.memorandum import Position, Section
from pourparler.domain.record import GENESIS, RecordEntry, seal
from pourparler.domain.role import Role
from pourparler.domain.round import Answer, Round, RoundFormat, RoundStatus
from pourparler.domain.talks import Person, Talks, TalksStatus
from pourparler.store import SqlUnitOfWork, metadata


def assert_same(loaded: Any, original: Any, path: str = "talks") -> None:
    """Every dataclass field equal and of the same type, lists compared item by item."""
    assert loaded is not original, f"{path} was not loaded afresh"
    for field in dataclasses.fields(original):
        here = f"{path}.{field.name}"
        got, want = getattr(loaded, field.name), getattr(original, field.name)
        if field.name == "positions":
            # Position.checked() rebuilds positions through to_dict(), so the domain's own
            # copies hold lists where tuples are declared; the store gives tuples back.
            # Compare them in their document form, which is what gets hashed and exchanged.
            assert [p.to_dict() for p in got] == [p.to_dict() for p in want], here
            assert all(type(p) is Position for p in got), here
            continue
        assert type(got) is type(want), f"{here}: {type(got).__name__} != {type(want).__name__}"
        if isinstance(want, list):
            assert len(got) == len(want), here
            for i, (g, w) in enumerate(zip(got, want, strict=True)):
                assert_same(g, w, f"{here}[{i}]")
        else:
            assert got == want, here
            if isinstance(want, datetime):
                assert got.utcoffset() == want.utcoffset(), here


def test_a_whole_talks_comes_back_field_by_field(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    with new_uow() as uow:
        loaded = uow.talks.get(stored_talks.id)
    assert_same(loaded, stored_talks)


def test_the_stored_talks_hold_something_of_every_kind(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
    assert {i.kind for i in talks.issues} == set(IssueKind)
    assert [r.status for r in talks.rounds] == [RoundStatus.SUPERSEDED, RoundStatus.SCHEDULED]
    assert [len(m.versions) for m in talks.memoranda] == [2]
    assert len(talks.memoranda[0].versions[1].positions) == 3
    assert talks.rounds[1].local_start.hour == 9  # 09:00 in Tokyo, as proposed


def test_enums_come_back_as_enums(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
    values: list[StrEnum] = [
        talks.status,
        *(m.role for m in talks.memberships),
        *(i.kind for i in talks.issues),
        *(r.status for r in talks.rounds),
        *(r.format for r in talks.rounds),
        *(a.answer for r in talks.rounds for a in r.responses),
    ]
    kinds = (TalksStatus, Role, IssueKind, RoundStatus, RoundFormat, Answer)
    assert all(isinstance(v, kinds) for v in values)
    assert talks.status is TalksStatus.ACTIVE
    assert talks.rounds[1].format is RoundFormat.HYBRID


def test_date_times_come_back_aware_in_utc(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
    version = talks.memoranda[0].versions[1]
    moments = [talks.created_at, version.created_at, version.revealed_at]
    moments += [r.starts_at for r in talks.rounds]
    assert all(m is not None and m.tzinfo is UTC for m in moments)
    assert talks.rounds[0].starts_at == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert talks.created_at == stored_talks.created_at  # to the microsecond


def test_lists_keep_their_order_and_changes_are_saved(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks, people: dict[str, Person]
) -> None:
    amina = people["amina"]
    later = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        north, south = talks.parties
        talks.add_party("Guarantor Bloc")
        talks.rounds[1].open(talks.rounds[1].starts_at)
        third = Round.propose(
            number=2,
            starts_at=datetime(2027, 1, 10, 14, 0, tzinfo=UTC),
            time_zone="Africa/Nairobi",
            venue="Gigiri",
            format=RoundFormat.REMOTE,
            proposed_by=amina.id,
            proposing_party_id=north.id,
            party_ids=(north.id, south.id),
            now=later,
        )
        talks.add_round(third)
        memorandum = talks.memoranda[0]
        memorandum.save(
            framework=talks.framework,
            sections=[Section("intro", "Introduction", "Third thoughts")],
            positions=[],
            author_id=amina.id,
            now=later,
        )
        uow.commit()
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        talks.rounds[2].accept(talks.parties[1].id, people["bo"].id, later)
        uow.commit()
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
    assert talks.rounds[2].status is RoundStatus.SCHEDULED
    assert [r.answer for r in talks.rounds[2].responses] == [Answer.ACCEPT]
    assert [v.number for v in talks.memoranda[0].versions] == [1, 2, 3]
    assert talks.memoranda[0].latest is not None
    assert talks.memoranda[0].latest.sections[0].body == "Third thoughts"
    assert [p.name for p in talks.parties] == [
        "Northern Coalition",
        "Southern Front",
        "Guarantor Bloc",
    ]
    assert [i.id for i in talks.issues] == [i.id for i in stored_talks.issues]
    assert talks.rounds[1].status is RoundStatus.OPEN


def test_talks_are_listed(new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks) -> None:
    with new_uow() as uow:
        uow.talks.add(Talks("Labour talks"))
        uow.commit()
    with new_uow() as uow:
        titles = [t.title for t in uow.talks.list()]
    assert sorted(titles) == sorted(["Labour talks", stored_talks.title])


def test_unknown_talks_are_not_found(new_uow: Callable[[], SqlUnitOfWork]) -> None:
    with new_uow() as uow, pytest.raises(NotFound, match="no talks nosuch"):
        uow.talks.get("nosuch")


def test_an_aggregate_built_twice_is_independent(
    build_talks: Callable[[dict[str, Person]], Talks], people: dict[str, Person]
) -> None:
    # Guards the fixture itself: ids are fresh each time, so tests cannot share rows.
    assert build_talks(people).id != build_talks(people).id


def test_deleting_talks_deletes_everything_they_hold(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks, engine: Engine
) -> None:
    with new_uow() as uow:
        uow.record.append(
            seal(
                RecordEntry(
                    stored_talks.id,
                    1,
                    GENESIS,
                    at=datetime.now(UTC),
                    actor="Secretariat",
                    act="talks created",
                )
            )
        )
        uow.commit()
    with new_uow() as uow:
        uow.session.delete(uow.talks.get(stored_talks.id))
        uow.commit()
    with engine.connect() as connection:
        for table in metadata.tables:
            rows = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert rows == (3 if table == "people" else 0), table


def test_a_naive_date_time_is_refused_with_a_clear_error(
    new_uow: Callable[[], SqlUnitOfWork],
) -> None:
    talks = Talks("Talks of unknown time", created_at=datetime(2026, 1, 1, 12, 0))
    with new_uow() as uow:
        uow.talks.add(talks)
        with pytest.raises(InvalidInput, match="a date-time needs a time zone"):
            uow.commit()
