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

from pourparler.services.port import (
    CredentialRepository,
    PersonRepository,
    RecordRepository,
    TalksRepository,
    UnitOfWork,
)

__all__ = ["Window"]


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
