"""The unit of work: one transaction over the repositories, and the errors it can end in."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    StatementError,
)
from sqlalchemy.exc import (
    TimeoutError as PoolTimeout,
)
from sqlalchemy.orm import Session

from pourparler.domain.error import (
    Collision,
    Conflict,
    InvalidInput,
    PourparlerError,
    StoreUnavailable,
)
from pourparler.store.database import unavailable
from pourparler.store.repository import (
    SqlCredentialRepository,
    SqlPersonRepository,
    SqlRecordRepository,
    SqlTalksRepository,
)

__all__ = ["SqlUnitOfWork", "conflict"]

# What a broken constraint means to the person who caused it; matched against the constraint's
# name (PostgreSQL) or the columns SQLite names in its message.
_KNOWN = (
    (("uq_people_email", "people.email"), "someone already has an account with this e-mail"),
    (
        ("uq_memberships_talks_id_person_id", "memberships.talks_id, memberships.person_id"),
        "this person already has a seat in these talks",
    ),
    (
        ("uq_sessions_secret_hash", "sessions.secret_hash"),
        "two sessions drew the same secret at the same moment: try again",
    ),
    (
        ("uq_record_entries_talks_id_seq", "record_entries.talks_id, record_entries.seq"),
        "another act was recorded in these talks at the same moment: try again",
    ),
    (
        ("uq_memorandum_versions_memorandum_id_number", "memorandum_versions.memorandum_id"),
        "another version of this memorandum was saved at the same moment: reload and try again",
    ),
)


def conflict(exc: IntegrityError) -> Conflict:
    """A readable Conflict for a broken constraint, without the SQL or the values."""
    said = str(exc.orig)
    name = getattr(getattr(exc.orig, "diag", None), "constraint_name", None) or ""
    for marks, message in _KNOWN:
        if any(m == name or m in said for m in marks):
            raced = message.endswith("try again")
            return Collision(message) if raced else Conflict(message)
    code = getattr(exc.orig, "sqlstate", None)
    if code == "23503" or "FOREIGN KEY" in said:
        return Conflict("the change refers to something that is not stored, or no longer is")
    if code == "23505" or "UNIQUE" in said:
        return Conflict("the change duplicates something already stored")
    return Conflict("the change contradicts what is already stored")


class SqlUnitOfWork:
    """One transaction: `with uow: ...; uow.commit()`. Leaving without commit rolls back.

    Objects read or written stay readable after the block (they are detached, not expired).
    A broken constraint becomes `Conflict`, a database that cannot be used `StoreUnavailable`.
    """

    talks: SqlTalksRepository
    people: SqlPersonRepository
    record: SqlRecordRepository
    credentials: SqlCredentialRepository

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self.talks = SqlTalksRepository(self._session)
        self.people = SqlPersonRepository(self._session)
        self.record = SqlRecordRepository(self._session)
        self.credentials = SqlCredentialRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            if exc is not None:
                session.rollback()
        finally:
            # Closing ends any transaction still open, so what was not committed is rolled
            # back; unlike rollback() it leaves the objects read in the block readable.
            session.close()
        if isinstance(exc, StatementError):
            translated = self._translate(session, exc)
            if translated is not exc:
                raise translated from exc
        if isinstance(exc, PoolTimeout):
            busy = "the database is too busy to take this request now: try again in a moment"
            raise StoreUnavailable(busy) from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except StatementError as exc:
            self.session.rollback()
            translated = self._translate(self.session, exc)
            if translated is exc:
                raise
            raise translated from exc

    def rollback(self) -> None:
        self.session.rollback()

    @staticmethod
    def _translate(session: Session, exc: StatementError) -> BaseException:
        if isinstance(exc.orig, PourparlerError):
            return exc.orig  # a column type refused a value, such as a naive date-time
        if isinstance(exc, IntegrityError):
            return conflict(exc)
        if isinstance(exc, DataError):
            # The domain checks lengths and kinds of what people type; this catches the rest
            # (an imported id too long for its column, say) without showing the SQL.
            return InvalidInput("a value is too long, or of the wrong kind, to be stored")
        if isinstance(exc, OperationalError) or (
            isinstance(exc, DBAPIError) and "does not exist" in str(exc.orig)
        ):
            return unavailable(session.get_bind().engine.url, exc)
        return exc
