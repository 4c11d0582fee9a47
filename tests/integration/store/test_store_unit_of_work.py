"""The unit of work: one transaction, rolled back unless committed, with readable errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from pourparler.domain.error import Conflict, NotFound
from pourparler.domain.role import Role
from pourparler.domain.talks import Person, Talks
from pourparler.store import SqlUnitOfWork, make_engine, upgrade


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_committed_person_is_found_by_id_and_by_email(
    new_uow: Callable[[], SqlUnitOfWork],
) -> None:
    person = Person("Amina Haddad", "amina@north.example")
    with new_uow() as uow:
        uow.people.add(person)
        uow.commit()
    with new_uow() as uow:
        assert uow.people.get(person.id).name == "Amina Haddad"
        found = uow.people.by_email("  AMINA@north.example ")
        assert found is not None
        assert found.id == person.id
        assert uow.people.by_email("nobody@north.example") is None
        assert [p.id for p in uow.people.list()] == [person.id]


def test_objects_stay_readable_after_the_block(new_uow: Callable[[], SqlUnitOfWork]) -> None:
    with new_uow() as uow:
        uow.talks.add(Talks("Labour talks", languages=("de", "fr")))
        uow.commit()
    with new_uow() as uow:
        (talks,) = uow.talks.list()
    assert talks.languages == ("de", "fr")
    assert talks.parties == []


def test_an_exception_rolls_everything_back(
    new_uow: Callable[[], SqlUnitOfWork], engine: Engine
) -> None:
    def write_then_fail() -> None:
        with new_uow() as uow:
            uow.people.add(Person("Bo Lindqvist", "bo@south.example"))
            uow.talks.add(Talks("Talks that never were"))
            uow.session.flush()  # the rows reach the database inside the transaction
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        write_then_fail()
    assert count(engine, "people") == count(engine, "talks") == 0


def test_leaving_without_commit_writes_nothing(
    new_uow: Callable[[], SqlUnitOfWork], engine: Engine
) -> None:
    with new_uow() as uow:
        uow.people.add(Person("Bo Lindqvist", "bo@south.example"))
        uow.session.flush()
    assert count(engine, "people") == 0


def test_an_explicit_rollback_discards_the_work_so_far(
    new_uow: Callable[[], SqlUnitOfWork], engine: Engine
) -> None:
    with new_uow() as uow:
        uow.people.add(Person("Bo Lindqvist", "bo@south.example"))
        uow.rollback()
        uow.people.add(Person("Clara Méndez", "clara@mediation.example"))
        uow.commit()
    assert count(engine, "people") == 1


def test_a_duplicate_email_is_a_conflict_and_writes_nothing(
    new_uow: Callable[[], SqlUnitOfWork], engine: Engine
) -> None:
    with new_uow() as uow:
        uow.people.add(Person("Amina Haddad", "amina@north.example"))
        uow.commit()
    with new_uow() as uow:
        uow.talks.add(Talks("Talks added with the duplicate"))
        uow.people.add(Person("Amina H.", "Amina@North.example"))
        with pytest.raises(Conflict) as caught:
            uow.commit()
    assert caught.value.message == "someone already has an account with this e-mail"
    assert "INSERT" not in str(caught.value)
    assert count(engine, "people") == 1
    assert count(engine, "talks") == 0


def test_a_conflict_met_while_querying_is_translated_too(
    new_uow: Callable[[], SqlUnitOfWork], engine: Engine
) -> None:
    with new_uow() as uow:
        uow.people.add(Person("Amina Haddad", "amina@north.example"))
        uow.commit()

    def add_then_query() -> None:
        with new_uow() as uow:
            uow.people.add(Person("Amina H.", "amina@north.example"))
            uow.people.by_email("someone@else.example")  # flushes the duplicate first

    with pytest.raises(Conflict, match="already has an account"):
        add_then_query()
    assert count(engine, "people") == 1


def test_a_seat_for_an_unknown_person_is_refused_at_commit(
    new_uow: Callable[[], SqlUnitOfWork], engine: Engine
) -> None:
    talks = Talks("Talks with a ghost")
    party = talks.add_party("Northern Coalition")
    talks.seat("no-such-person", Role.HEAD, party.id)
    with new_uow() as uow:
        uow.talks.add(talks)
        with pytest.raises(Conflict, match="refers to something that is not stored"):
            uow.commit()
    assert count(engine, "talks") == count(engine, "memberships") == 0


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'fk.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        orphan = "INSERT INTO parties (id, talks_id, name, position) VALUES ('p', 'nope', 'P', 0)"
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as connection:
            connection.execute(text(orphan))
        assert count(engine, "parties") == 0
    finally:
        engine.dispose()


def test_unknown_people_are_not_found(new_uow: Callable[[], SqlUnitOfWork]) -> None:
    with new_uow() as uow, pytest.raises(NotFound, match="no person nosuch"):
        uow.people.get("nosuch")


def test_the_session_is_only_there_inside_the_block(
    new_uow: Callable[[], SqlUnitOfWork],
) -> None:
    uow = new_uow()
    with pytest.raises(RuntimeError, match="outside its `with` block"):
        uow.commit()
