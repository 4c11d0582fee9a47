"""Word of a grown record is given only for committed appends: locally after the commit, and on
PostgreSQL by NOTIFY in the appending transaction (delivered at commit, never on rollback)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import Engine

from pourparler.domain.record import GENESIS, RecordEntry, seal
from pourparler.domain.talks import Talks
from pourparler.store import SqlUnitOfWork
from pourparler.store.notice import CHANNEL, listen_locally


def chain(talks: Talks, acts: list[str]) -> list[RecordEntry]:
    entries, previous = [], GENESIS
    for seq, act in enumerate(acts, start=1):
        entry = seal(
            RecordEntry(
                talks_id=talks.id,
                seq=seq,
                at=datetime(2026, 11, 25, 9, seq, tzinfo=UTC),
                actor_id=None,
                actor="Secretariat",
                act=act,
                data={"n": seq},
                prev_hash=previous,
            )
        )
        entries.append(entry)
        previous = entry.hash
    return entries


@pytest.fixture
def talks(new_uow: Callable[[], SqlUnitOfWork]) -> Talks:
    talks = Talks("Talks followed live")
    talks.add_party("Northern Coalition")
    with new_uow() as uow:
        uow.talks.add(talks)
        uow.commit()
    return talks


@pytest.fixture
def heard() -> Iterator[list[str]]:
    words: list[str] = []
    stop = listen_locally(words.append)
    yield words
    stop()


def test_local_word_comes_after_the_commit_once_per_talks(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks, heard: list[str]
) -> None:
    with new_uow() as uow:
        for entry in chain(talks, ["talks created", "memorandum saved"]):
            uow.record.append(entry)
        assert heard == []  # not before the commit
        uow.commit()
    assert heard == [talks.id]


def test_a_rolled_back_append_gives_no_word(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks, heard: list[str]
) -> None:
    entries = chain(talks, ["talks created", "memorandum saved"])
    with new_uow() as uow:
        uow.record.append(entries[0])
        uow.rollback()
    with new_uow() as uow:
        uow.record.append(entries[0])  # left without commit
    assert heard == []
    with new_uow() as uow:
        uow.record.append(entries[0])
        uow.commit()
    assert heard == [talks.id]


def _libpq(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _notifications(connection: psycopg.Connection) -> list[str]:
    """What reached `connection` so far (a round trip makes psycopg read its socket)."""
    connection.execute("SELECT 1")
    return [n.payload for n in connection.notifies(timeout=0, stop_after=100)]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_listeners_hear_only_committed_appends(
    engine: Engine, new_uow: Callable[[], SqlUnitOfWork], talks: Talks
) -> None:
    entries = chain(talks, ["talks created"])
    with psycopg.connect(_libpq(engine), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with new_uow() as uow:
            uow.record.append(entries[0])
            assert _notifications(listener) == []
            uow.rollback()
        assert _notifications(listener) == []
        with new_uow() as uow:
            uow.record.append(entries[0])
            assert _notifications(listener) == []
            uow.commit()
        deadline = time.monotonic() + 10
        got: list[str] = []
        while not got and time.monotonic() < deadline:
            got = [n.payload for n in listener.notifies(timeout=0.5, stop_after=1)]
        assert got == [talks.id]
