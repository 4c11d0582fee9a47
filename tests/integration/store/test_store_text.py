"""The single text's clauses come back from the database as written, shared alternatives too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pourparler.domain.talks import Talks
from pourparler.domain.text import Alternative, Clause, ClauseStatus, NegotiatingText
from pourparler.store import SqlUnitOfWork

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def test_an_alternative_shared_by_two_parties_is_stored_with_both(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    north, south = (p.id for p in stored_talks.parties)
    clause = Clause(
        "c1",
        "Scope",
        ClauseStatus.BRACKETED,
        alternatives=(Alternative((north, south), "The line."), Alternative((south,), "All.")),
    )
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        talks.text = NegotiatingText("Draft")
        talks.text.revise([clause], "clara", NOW)
        written = talks.text.current.hash
        uow.commit()
    with new_uow() as uow:
        loaded = uow.talks.get(stored_talks.id).negotiating_text().current
    assert loaded.clauses == (clause,)
    assert loaded.hash == written
