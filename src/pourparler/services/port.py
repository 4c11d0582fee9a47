"""Ports: what the use cases need from storage and the outside world.

The store implements these with SQLAlchemy; tests use in-memory fakes. A unit of work is one
transaction: leaving its block without `commit()` rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from pourparler.domain.credential import Invitation, SignInFailure, SignInSession
from pourparler.domain.record import RecordEntry
from pourparler.domain.signature import Provenance, SignedHead, SigningKey
from pourparler.domain.talks import Person, Talks
from pourparler.services.model import TalksSummary
from pourparler.services.snapshot import Snapshots

__all__ = [
    "Change",
    "Clock",
    "CredentialRepository",
    "KeyRing",
    "PasswordHasher",
    "PersonRepository",
    "RecordRepository",
    "Services",
    "Signer",
    "TalksRepository",
    "UnitOfWork",
]


Change = tuple[object, frozenset[str] | None]
"""An object a unit of work changed, and which of its fields (None: all, added or removed)."""


class TalksRepository(Protocol):
    def add(self, talks: Talks) -> None: ...

    def summaries(
        self, *, seated: str | None, offset: int = 0, limit: int | None = None
    ) -> tuple[list[TalksSummary], int]:
        """One page of talks summaries, newest first, and how many there are in all.

        `seated`: only the talks where that person has a seat (confirmed or not); None: every
        talks (the secretariat's listing). Read with a summary query: no talks is loaded whole.
        """
        ...

    def get(self, talks_id: str) -> Talks:
        """The talks with everything they hold; raises NotFound."""
        ...

    def adopt(self, kept: Talks) -> Talks:
        """Talks read earlier, at the record head this transaction holds now, made this unit
        of work's own to change and store, without reading them again. `kept` itself is left
        as it is."""
        ...

    def changed(self) -> list[Change] | None:
        """Every object of talks this unit of work has added, changed or removed so far, each
        with the names of its fields that changed (None: the object was added or removed).
        None if this store does not keep track."""
        ...

    def list(self) -> list[Talks]: ...

    def holding_round(self, round_id: str) -> str | None:
        """The id of the talks that hold the round, if any."""
        ...


class PersonRepository(Protocol):
    def add(self, person: Person) -> None: ...

    def get(self, person_id: str) -> Person:
        """Raises NotFound."""
        ...

    def by_email(self, email: str) -> Person | None: ...

    def list(self) -> list[Person]: ...

    def many(self, person_ids: Iterable[str]) -> dict[str, Person]:
        """The people with these ids, by id, in one query; an unknown id is left out."""
        ...


class RecordRepository(Protocol):
    def append(self, entry: RecordEntry) -> None:
        """Store `entry` and move the talks' head of chain to it."""
        ...

    def entries(
        self, talks_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[RecordEntry]:
        """The stored entries of the talks with seq > `after`, by sequence number; at most
        `limit` of them when given (a reader catching up pages through the record)."""
        ...

    def hold(self, talks_id: str) -> None:
        """Wait until no other transaction is extending the talks' record, then keep it to
        this one until it ends: writers to one talks take turns instead of colliding.

        Called first in the transaction, before anything of the talks is read."""
        ...

    def head(self, talks_id: str) -> tuple[int, str] | None:
        """(seq, hash) of the last entry appended, as the talks recorded it.

        Read once per unit of work: a later append on a head that moved meanwhile must fail.
        """
        ...

    def sign(self, head: SignedHead) -> None:
        """Keep a signature on a head of the talks' record."""
        ...

    def signatures(self, talks_id: str) -> list[SignedHead]:
        """Every signature kept on the talks' record, by sequence number."""
        ...

    def signers(self, talks_id: str) -> list[str]:
        """The fingerprints of the keys that signed the talks' heads, in the order they first
        signed one."""
        ...

    def signing_keys(self) -> list[SigningKey]:
        """Every public key known here: the installation's, past and present, and imported ones."""
        ...

    def add_key(self, key: SigningKey) -> None: ...

    def provenance(self, talks_id: str) -> Provenance | None:
        """How the talks were imported, if they were."""
        ...

    def add_provenance(self, provenance: Provenance) -> None: ...


class CredentialRepository(Protocol):
    """Sessions, API tokens, invitations and failed sign-ins, found by the digest of a secret."""

    def add_session(self, session: SignInSession) -> None: ...

    def session_by_hash(self, secret_hash: str) -> SignInSession | None: ...

    def sessions_of(self, person_id: str) -> list[SignInSession]:
        """Every session and token of the person not revoked yet, oldest first."""
        ...

    def add_invitation(self, invitation: Invitation) -> None: ...

    def invitation_by_hash(self, secret_hash: str) -> Invitation | None: ...

    def open_invitations(self, person_id: str) -> list[Invitation]:
        """The person's invitations not used yet (expired ones included)."""
        ...

    def add_failure(self, failure: SignInFailure) -> None: ...

    def failures_since(
        self, since: datetime, *, account: str = "", address: str = ""
    ) -> list[datetime]:
        """When the failed sign-ins for `account` (else from `address`) after `since` happened,
        oldest first."""
        ...

    def forget_failures(self, before: datetime) -> None:
        """Drop failures older than any rate limit looks at."""
        ...


class UnitOfWork(Protocol):
    @property
    def talks(self) -> TalksRepository: ...

    @property
    def people(self) -> PersonRepository: ...

    @property
    def record(self) -> RecordRepository: ...

    @property
    def credentials(self) -> CredentialRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class Signer(Protocol):
    """The installation's signing key."""

    @property
    def fingerprint(self) -> str: ...

    @property
    def public_key(self) -> str: ...

    def sign(self, message: bytes) -> str:
        """The signature of `message`, hex."""
        ...


class KeyRing(Protocol):
    """Where the services find the installation's signing key."""

    def signer(self, uow: UnitOfWork) -> Signer:
        """The current key, registered in the store through `uow`; raises StoreUnavailable
        when the installation's key cannot be used."""
        ...


Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Services:
    """What every use case receives: a way to open units of work, a clock, a hasher, the
    installation's signing key, and this process's snapshots of talks for reads."""

    unit_of_work: Callable[[], UnitOfWork]
    clock: Clock
    hasher: PasswordHasher
    keys: KeyRing
    close: Callable[[], None] = lambda: None  # releases connections; the services end with it
    snapshots: Snapshots = field(default_factory=Snapshots)  # read-only talks, by record head
    # Each act also builds its facts whole and refuses to commit if the facts built only where
    # it changed the talks differ (binding.py): on in the test suite, off in production.
    audit: bool = False
