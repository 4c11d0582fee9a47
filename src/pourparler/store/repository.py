"""Repositories over one SQLAlchemy session: the store's side of the services' ports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, event, func, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pourparler.domain.credential import Invitation, SignInFailure, SignInSession
from pourparler.domain.error import NotFound
from pourparler.domain.record import RecordEntry
from pourparler.domain.signature import Provenance, SignedHead, SigningKey
from pourparler.domain.talks import Person, Talks
from pourparler.services.model import TalksSummary
from pourparler.services.port import Change
from pourparler.store.credential_tables import invitations, sessions, sign_in_failures
from pourparler.store.mapping import (
    memberships,
    parties,
    people,
    record_entries,
    record_heads,
    rounds,
    talks,
)
from pourparler.store.notice import announce_append
from pourparler.store.signature_tables import record_signatures, signing_keys

__all__ = [
    "SqlCredentialRepository",
    "SqlPersonRepository",
    "SqlRecordRepository",
    "SqlTalksRepository",
]


class SqlTalksRepository:
    """Talks with everything they hold, loaded at once; and what the session changed of them."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # id(object) -> (object, the names of its changed fields; None: added or removed)
        self._changed: dict[int, tuple[object, set[str] | None]] = {}
        event.listen(session, "before_flush", self._note)

    def _note(self, session: Session, *_: Any) -> None:
        """What the session is about to flush: a flush forgets it, this repository does not."""
        for thing in (*session.new, *session.deleted):
            self._changed[id(thing)] = (thing, None)
        for thing in session.dirty:
            fields = {a.key for a in inspect(thing).attrs if a.history.has_changes()}
            if not fields:
                continue
            seen = self._changed.setdefault(id(thing), (thing, set()))[1]
            if seen is not None:
                seen |= fields

    def changed(self) -> list[Change]:
        self._note(self._session)
        return [
            (thing, None if fields is None else frozenset(fields))
            for thing, fields in self._changed.values()
        ]

    def add(self, talks: Talks) -> None:
        self._session.add(talks)

    def summaries(
        self, *, seated: str | None, offset: int = 0, limit: int | None = None
    ) -> tuple[list[TalksSummary], int]:
        """Three small queries (the page of talks, their parties, their round numbers), never
        the talks' aggregates."""
        chosen = select(talks.c.id, talks.c.title, talks.c.status, talks.c.created_at)
        if seated is not None:
            seat = select(memberships.c.id).where(
                memberships.c.talks_id == talks.c.id, memberships.c.person_id == seated
            )
            chosen = chosen.where(seat.exists())
        total = self._session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
        ordered = chosen.order_by(
            talks.c.created_at.is_(None).desc(),
            talks.c.created_at.desc(),
            talks.c.title,
            talks.c.id,
        ).offset(offset)
        rows = self._session.execute(ordered if limit is None else ordered.limit(limit)).all()
        ids = [row.id for row in rows]
        names: dict[str, list[str]] = {i: [] for i in ids}
        for talks_id, name in self._session.execute(
            select(parties.c.talks_id, parties.c.name)
            .where(parties.c.talks_id.in_(ids))
            .order_by(parties.c.talks_id, parties.c.position)
        ):
            names[talks_id].append(name)
        counted = self._session.execute(
            select(rounds.c.talks_id, func.count(rounds.c.number.distinct()))
            .where(rounds.c.talks_id.in_(ids))
            .group_by(rounds.c.talks_id)
        )
        held: dict[str, int] = {row[0]: row[1] for row in counted}
        return [
            TalksSummary(
                id=row.id,
                title=row.title,
                status=row.status,
                parties=names[row.id],
                rounds=held.get(row.id, 0),
                created_at=row.created_at,
            )
            for row in rows
        ], total

    def get(self, talks_id: str) -> Talks:
        found = self._session.get(Talks, talks_id)
        if found is None:
            raise NotFound(f"no talks {talks_id}")
        return found

    def adopt(self, kept: Talks) -> Talks:
        # A copy of the whole aggregate in this session, taken as stored (no query): the
        # mapping cascades the merge to every child, and the copy's changes are flushed.
        return self._session.merge(kept, load=False)

    def list(self) -> list[Talks]:
        query = select(Talks).order_by(talks.c.created_at.nulls_first(), talks.c.title, talks.c.id)
        return list(self._session.scalars(query))

    def holding_round(self, round_id: str) -> str | None:
        query = select(rounds.c.talks_id).where(rounds.c.id == round_id)
        return self._session.scalars(query).one_or_none()


class SqlPersonRepository:
    """Accounts, found by id or by e-mail."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, person: Person) -> None:
        self._session.add(person)

    def get(self, person_id: str) -> Person:
        found = self._session.get(Person, person_id)
        if found is None:
            raise NotFound(f"no person {person_id}")
        return found

    def by_email(self, email: str) -> Person | None:
        query = select(Person).where(people.c.email == email.strip().lower())
        return self._session.scalars(query).one_or_none()

    def list(self) -> list[Person]:
        return list(self._session.scalars(select(Person).order_by(people.c.name, people.c.id)))

    def many(self, person_ids: Iterable[str]) -> dict[str, Person]:
        wanted = sorted(set(person_ids))
        if not wanted:
            return {}
        found = self._session.scalars(select(Person).where(people.c.id.in_(wanted)))
        return {p.id: p for p in found}


class SqlRecordRepository:
    """The record of each talks, and the head of its chain.

    The head is read once per unit of work and then kept: an act appended on top of a head that
    someone else moved meanwhile collides on (talks, seq), and the unit of work fails with
    Conflict instead of acting on talks that changed under it.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._heads: dict[str, tuple[int, str] | None] = {}

    def append(self, entry: RecordEntry) -> None:
        self._heads[entry.talks_id] = (entry.seq, entry.hash)
        self._session.add(entry)
        values = {"talks_id": entry.talks_id, "seq": entry.seq, "hash": entry.hash}
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        upsert = (
            insert(record_heads)
            .values(values)
            .on_conflict_do_update(
                index_elements=[record_heads.c.talks_id],
                set_={"seq": entry.seq, "hash": entry.hash},
            )
        )
        self._session.execute(upsert)
        announce_append(self._session, entry.talks_id)

    def entries(
        self, talks_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[RecordEntry]:
        query = (
            select(RecordEntry)
            .where(record_entries.c.talks_id == talks_id, record_entries.c.seq > after)
            .order_by(record_entries.c.seq)
            .limit(limit)
        )
        return list(self._session.scalars(query))

    def hold(self, talks_id: str) -> None:
        # Writing the head's row as it is: PostgreSQL locks the row until the transaction ends,
        # SQLite takes the database's write lock (waiting up to its busy timeout). Either way
        # the next writer of these talks waits here, then reads the head this one leaves.
        held = (
            update(record_heads)
            .where(record_heads.c.talks_id == talks_id)
            .values(seq=record_heads.c.seq)
        )
        self._session.execute(held)

    def head(self, talks_id: str) -> tuple[int, str] | None:
        if talks_id not in self._heads:
            query = select(record_heads.c.seq, record_heads.c.hash).where(
                record_heads.c.talks_id == talks_id
            )
            row = self._session.execute(query).one_or_none()
            self._heads[talks_id] = None if row is None else (row.seq, row.hash)
        return self._heads[talks_id]

    def sign(self, head: SignedHead) -> None:
        self._session.add(head)

    def signatures(self, talks_id: str) -> list[SignedHead]:
        query = (
            select(SignedHead)
            .where(record_signatures.c.talks_id == talks_id)
            .order_by(record_signatures.c.seq, record_signatures.c.signed_at)
        )
        return list(self._session.scalars(query))

    def signers(self, talks_id: str) -> list[str]:
        first = func.min(record_signatures.c.seq)
        query = (
            select(record_signatures.c.key)
            .where(record_signatures.c.talks_id == talks_id)
            .group_by(record_signatures.c.key)
            .order_by(first, record_signatures.c.key)
        )
        return list(self._session.scalars(query))

    def signing_keys(self) -> list[SigningKey]:
        query = select(SigningKey).order_by(signing_keys.c.created_at, signing_keys.c.fingerprint)
        return list(self._session.scalars(query))

    def add_key(self, key: SigningKey) -> None:
        self._session.add(key)

    def provenance(self, talks_id: str) -> Provenance | None:
        return self._session.get(Provenance, talks_id)

    def add_provenance(self, provenance: Provenance) -> None:
        self._session.add(provenance)


class SqlCredentialRepository:
    """Sessions, tokens, invitations and failed sign-ins."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add_session(self, session: SignInSession) -> None:
        self._session.add(session)

    def session_by_hash(self, secret_hash: str) -> SignInSession | None:
        query = select(SignInSession).where(sessions.c.secret_hash == secret_hash)
        return self._session.scalars(query).one_or_none()

    def sessions_of(self, person_id: str) -> list[SignInSession]:
        query = (
            select(SignInSession)
            .where(sessions.c.person_id == person_id, sessions.c.revoked_at.is_(None))
            .order_by(sessions.c.created_at, sessions.c.id)
        )
        return list(self._session.scalars(query))

    def add_invitation(self, invitation: Invitation) -> None:
        self._session.add(invitation)

    def invitation_by_hash(self, secret_hash: str) -> Invitation | None:
        query = select(Invitation).where(invitations.c.secret_hash == secret_hash)
        return self._session.scalars(query).one_or_none()

    def open_invitations(self, person_id: str) -> list[Invitation]:
        query = (
            select(Invitation)
            .where(invitations.c.person_id == person_id, invitations.c.used_at.is_(None))
            .order_by(invitations.c.created_at, invitations.c.id)
        )
        return list(self._session.scalars(query))

    def add_failure(self, failure: SignInFailure) -> None:
        self._session.add(failure)

    def failures_since(
        self, since: datetime, *, account: str = "", address: str = ""
    ) -> list[datetime]:
        column = sign_in_failures.c.account if account else sign_in_failures.c.address
        query = (
            select(sign_in_failures.c.at)
            .where(column == (account or address), sign_in_failures.c.at > since)
            .order_by(sign_in_failures.c.at)
        )
        return list(self._session.scalars(query))

    def forget_failures(self, before: datetime) -> None:
        self._session.execute(delete(sign_in_failures).where(sign_in_failures.c.at < before))
