"""In-memory implementations of the service ports, for fast use-case tests.

The unit of work works on a deep copy of the committed state and replaces it only on commit, so
a failure inside a use case leaves the state exactly as it was, as a database transaction does.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from pourparler.domain.credential import Invitation, SignInFailure, SignInSession
from pourparler.domain.error import NotFound
from pourparler.domain.record import RecordEntry
from pourparler.domain.signature import Provenance, SignedHead, SigningKey
from pourparler.domain.talks import Person, Talks
from pourparler.services.model import TalksSummary
from pourparler.services.port import Services, Signer, UnitOfWork
from pourparler.services.signature import Ed25519Signer
from pourparler.services.snapshot import Snapshots
from pourparler.store.notice import announce_committed


@dataclass
class State:
    talks: dict[str, Talks] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    record: dict[str, list[RecordEntry]] = field(default_factory=dict)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    signatures: dict[str, list[SignedHead]] = field(default_factory=dict)
    keys: list[SigningKey] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    sessions: dict[str, SignInSession] = field(default_factory=dict)
    invitations: dict[str, Invitation] = field(default_factory=dict)
    failures: list[SignInFailure] = field(default_factory=list)


class MemoryTalks:
    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, talks: Talks) -> None:
        self.state.talks[talks.id] = talks

    def changed(self) -> None:
        return None  # the memory store does not keep track: every act builds its facts whole

    def summaries(
        self, *, seated: str | None, offset: int = 0, limit: int | None = None
    ) -> tuple[list[TalksSummary], int]:
        found = [
            t
            for t in self.state.talks.values()
            if seated is None or any(m.person_id == seated for m in t.memberships)
        ]
        found.sort(key=lambda t: (t.title, t.id))
        found.sort(key=lambda t: (t.created_at is None, t.created_at), reverse=True)
        window = found[offset:] if limit is None else found[offset : offset + limit]
        return [
            TalksSummary(
                id=t.id,
                title=t.title,
                status=t.status,
                parties=[p.name for p in t.parties],
                rounds=len({r.number for r in t.rounds}),
                created_at=t.created_at,
            )
            for t in window
        ], len(found)

    def get(self, talks_id: str) -> Talks:
        try:
            return self.state.talks[talks_id]
        except KeyError:
            raise NotFound(f"no talks {talks_id}") from None

    def adopt(self, kept: Talks) -> Talks:
        return self.get(kept.id)  # the in-memory store holds one object per talks

    def list(self) -> list[Talks]:
        return list(self.state.talks.values())

    def holding_round(self, round_id: str) -> str | None:
        return next(
            (t.id for t in self.state.talks.values() if any(r.id == round_id for r in t.rounds)),
            None,
        )


class MemoryPeople:
    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, person: Person) -> None:
        self.state.people[person.id] = person

    def get(self, person_id: str) -> Person:
        try:
            return self.state.people[person_id]
        except KeyError:
            raise NotFound(f"no person {person_id}") from None

    def by_email(self, email: str) -> Person | None:
        wanted = email.strip().lower()
        return next((p for p in self.state.people.values() if p.email == wanted), None)

    def list(self) -> list[Person]:
        return list(self.state.people.values())

    def many(self, person_ids: Iterable[str]) -> dict[str, Person]:
        return {i: self.state.people[i] for i in set(person_ids) if i in self.state.people}


class MemoryRecord:
    def __init__(self, state: State) -> None:
        self.state = state
        self.appended: set[str] = set()  # talks announced once the unit of work commits

    def append(self, entry: RecordEntry) -> None:
        self.appended.add(entry.talks_id)
        self.state.record.setdefault(entry.talks_id, []).append(entry)
        self.state.heads[entry.talks_id] = (entry.seq, entry.hash)

    def entries(
        self, talks_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[RecordEntry]:
        found = sorted(self.state.record.get(talks_id, []), key=lambda e: e.seq)
        return [e for e in found if e.seq > after][:limit]

    def hold(self, talks_id: str) -> None:
        return None  # one thread at a time uses the in-memory store

    def head(self, talks_id: str) -> tuple[int, str] | None:
        return self.state.heads.get(talks_id)

    def sign(self, head: SignedHead) -> None:
        self.state.signatures.setdefault(head.talks_id, []).append(head)

    def signatures(self, talks_id: str) -> list[SignedHead]:
        return sorted(self.state.signatures.get(talks_id, []), key=lambda h: h.seq)

    def signers(self, talks_id: str) -> list[str]:
        first: dict[str, int] = {}
        for head in self.signatures(talks_id):
            first.setdefault(head.key, head.seq)
        return sorted(first, key=lambda key: (first[key], key))

    def signing_keys(self) -> list[SigningKey]:
        return list(self.state.keys)

    def add_key(self, key: SigningKey) -> None:
        self.state.keys.append(key)

    def provenance(self, talks_id: str) -> Provenance | None:
        return self.state.provenance.get(talks_id)

    def add_provenance(self, provenance: Provenance) -> None:
        self.state.provenance[provenance.talks_id] = provenance


class MemoryCredentials:
    def __init__(self, state: State) -> None:
        self.state = state

    def add_session(self, session: SignInSession) -> None:
        if any(s.secret_hash == session.secret_hash for s in self.state.sessions.values()):
            raise AssertionError("two sessions with one secret")
        self.state.sessions[session.id] = session

    def session_by_hash(self, secret_hash: str) -> SignInSession | None:
        found = (s for s in self.state.sessions.values() if s.secret_hash == secret_hash)
        return next(found, None)

    def sessions_of(self, person_id: str) -> list[SignInSession]:
        mine = [
            s
            for s in self.state.sessions.values()
            if s.person_id == person_id and s.revoked_at is None
        ]
        return sorted(mine, key=lambda s: (s.created_at, s.id))

    def add_invitation(self, invitation: Invitation) -> None:
        self.state.invitations[invitation.id] = invitation

    def invitation_by_hash(self, secret_hash: str) -> Invitation | None:
        found = (i for i in self.state.invitations.values() if i.secret_hash == secret_hash)
        return next(found, None)

    def open_invitations(self, person_id: str) -> list[Invitation]:
        mine = [
            i
            for i in self.state.invitations.values()
            if i.person_id == person_id and i.used_at is None
        ]
        return sorted(mine, key=lambda i: (i.created_at, i.id))

    def add_failure(self, failure: SignInFailure) -> None:
        self.state.failures.append(failure)

    def failures_since(
        self, since: datetime, *, account: str = "", address: str = ""
    ) -> list[datetime]:
        def counts(f: SignInFailure) -> bool:
            return f.account == account if account else f.address == address

        return sorted(f.at for f in self.state.failures if counts(f) and f.at > since)

    def forget_failures(self, before: datetime) -> None:
        self.state.failures = [f for f in self.state.failures if f.at >= before]


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def __enter__(self) -> Self:
        self.working = copy.deepcopy(self.store.committed)
        self.talks = MemoryTalks(self.working)
        self.people = MemoryPeople(self.working)
        self.record = MemoryRecord(self.working)
        self.credentials = MemoryCredentials(self.working)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self.store.committed = copy.deepcopy(self.working)
        self.store.commits += 1
        # As the database store does: live event streams hear of committed appends only.
        appended, self.record.appended = self.record.appended, set()
        announce_committed(appended)

    def rollback(self) -> None:
        self.working = copy.deepcopy(self.store.committed)
        self.record.appended = set()


@dataclass
class MemoryStore:
    committed: State = field(default_factory=State)
    commits: int = 0

    def unit_of_work(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self)


class FakeHasher:
    """Stands in for argon2 in fast tests; never used outside them."""

    def hash(self, password: str) -> str:
        return "fake$" + hashlib.sha256(password.encode()).hexdigest()

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == self.hash(password)


class MemoryKeyRing:
    """An Ed25519 key made in memory, registered in the store on first use, as a key file is."""

    def __init__(self) -> None:
        self.key = Ed25519Signer.generate()

    def signer(self, uow: UnitOfWork) -> Signer:
        if not any(k.fingerprint == self.key.fingerprint for k in uow.record.signing_keys()):
            uow.record.add_key(
                SigningKey(
                    self.key.fingerprint, self.key.public_key, datetime(2026, 1, 1, tzinfo=UTC)
                )
            )
        return self.key


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def memory_services(clock: Clock | None = None) -> tuple[Services, MemoryStore]:
    """Services over a store in memory. They keep no snapshots of talks: tests over this store
    change it behind the services' back (as a damaged store would be), which no record head
    announces; snapshots are tested on real databases (tests/integration/test_snapshots.py)."""
    store = MemoryStore()
    services = Services(
        store.unit_of_work, clock or Clock(), FakeHasher(), MemoryKeyRing(), snapshots=Snapshots(0)
    )
    return services, store
