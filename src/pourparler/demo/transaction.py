"""The demo loads in one transaction: dozens of use cases, one commit, or nothing at all.

Each use case of the demo script opens its own unit of work and commits it, as it would for a
real user. Run inside `one_transaction`, those units of work are windows onto one outer unit:
their commits only mark progress, and the outer one commits once, when the whole script has
run. A refusal anywhere (an account of the cast that exists with another password, say) leaves
the database as it was, instead of half-loaded talks that `demo` would then take for loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import TracebackType
from typing import Self

from pourparler.services.port import (
    CredentialRepository,
    PersonRepository,
    RecordRepository,
    Services,
    TalksRepository,
    UnitOfWork,
)

__all__ = ["one_transaction"]


class _Enclosed:
    """A unit of work that is a window onto an outer one: it neither commits nor ends it."""

    def __init__(self, outer: UnitOfWork) -> None:
        self._outer = outer

    @property
    def talks(self) -> TalksRepository:
        return self._outer.talks

    @property
    def people(self) -> PersonRepository:
        return self._outer.people

    @property
    def credentials(self) -> CredentialRepository:
        return self._outer.credentials

    @property
    def record(self) -> RecordRepository:
        return self._outer.record

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None  # an error goes on up to the outer unit, which rolls everything back

    def commit(self) -> None:
        return None  # the outer unit commits once, at the end

    def rollback(self) -> None:
        self._outer.rollback()


@contextmanager
def one_transaction(svc: Services) -> Iterator[Services]:
    """Services whose every unit of work is part of one transaction, committed on leaving the
    block without an error and rolled back otherwise."""
    with svc.unit_of_work() as outer:
        enclosed = _Enclosed(outer)
        yield replace(svc, unit_of_work=lambda: enclosed)
        outer.commit()
