"""A unit of work that is a window onto another one: the same repositories, in the same
transaction, with its own way of ending.

Wrappers that change what committing means build on it: an act's unit that binds, seals and
signs as it commits (binding.py), a read that may not commit (access.reading_talks), the units of
work of a whole demo script enclosed in one transaction
(demo/transaction.py).
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from pourparler.domain.record import RecordEntry
from pourparler.domain.signature import Provenance, SignedHead, SigningKey
from pourparler.services.port import (
    CredentialRepository,
    PersonRepository,
    RecordRepository,
    TalksRepository,
    UnitOfWork,
)

__all__ = ["RecordWindow", "Window"]


class Window:
    """The repositories of `uow`. Leaving the window leaves `uow` open; committing and rolling
    back go to `uow` unless a subclass says otherwise."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    @property
    def talks(self) -> TalksRepository:
        return self._uow.talks

    @property
    def people(self) -> PersonRepository:
        return self._uow.people

    @property
    def record(self) -> RecordRepository:
        return self._uow.record

    @property
    def credentials(self) -> CredentialRepository:
        return self._uow.credentials

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None  # whoever opened `uow` ends it, and an error goes on up to them

    def commit(self) -> None:
        self._uow.commit()

    def rollback(self) -> None:
        self._uow.rollback()


class RecordWindow:
    """The record of a unit of work, every call passed on to it: a subclass changes the calls
    it must (an act's entries held back until it commits, a read's entries kept)."""

    def __init__(self, real: RecordRepository) -> None:
        self.real = real

    def append(self, entry: RecordEntry) -> None:
        self.real.append(entry)

    def entries(
        self, talks_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[RecordEntry]:
        return self.real.entries(talks_id, after=after, limit=limit)

    def hold(self, talks_id: str) -> None:
        self.real.hold(talks_id)

    def head(self, talks_id: str) -> tuple[int, str] | None:
        return self.real.head(talks_id)

    def sign(self, head: SignedHead) -> None:
        self.real.sign(head)

    def signatures(self, talks_id: str) -> list[SignedHead]:
        return self.real.signatures(talks_id)

    def signers(self, talks_id: str) -> list[str]:
        return self.real.signers(talks_id)

    def signing_keys(self) -> list[SigningKey]:
        return self.real.signing_keys()

    def add_key(self, key: SigningKey) -> None:
        self.real.add_key(key)

    def provenance(self, talks_id: str) -> Provenance | None:
        return self.real.provenance(talks_id)

    def add_provenance(self, provenance: Provenance) -> None:
        self.real.add_provenance(provenance)
