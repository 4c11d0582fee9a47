"""Column types that turn the domain's value objects into storable values and back.

Every type here is a `TypeDecorator` over a plain SQL type (a timestamp, a string, JSON), so the
schema stays portable between SQLite and PostgreSQL and the migration can name the plain type.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator, TypeEngine

from pourparler.domain.error import InvalidInput
from pourparler.domain.framework import NumericRange
from pourparler.domain.memorandum import Position, Section
from pourparler.domain.profile import IssuePreference
from pourparler.domain.round import Response
from pourparler.domain.text import Clause

__all__ = [
    "ClausesJson",
    "EnumText",
    "IssuePreferencesJson",
    "NumericRangeJson",
    "PositionsJson",
    "ResponsesJson",
    "SectionsJson",
    "TextTuple",
    "UtcDateTime",
]

E = TypeVar("E", bound=StrEnum)
V = TypeVar("V")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware date-time, stored in UTC and always read back as aware UTC.

    SQLite keeps no zone, so it gets the naive UTC value; PostgreSQL gets `timestamptz`.
    A naive value is refused: its zone is unknown, and guessing would move the moment.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput("a date-time needs a time zone to be stored")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EnumText(TypeDecorator[E], Generic[E]):
    """A `StrEnum` stored as its value in a short string column, read back as the enum."""

    impl = String(40)
    cache_ok = True

    def __init__(self, enum: type[E]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class _Json(TypeDecorator[V], Generic[V]):
    """A value object kept as JSON; subclasses say how to write and read it."""

    impl: TypeEngine[Any] | type[TypeEngine[Any]] = JSON
    cache_ok = True

    def dump(self, value: V) -> Any:
        raise NotImplementedError

    def load(self, data: Any) -> V:
        raise NotImplementedError

    def process_bind_param(self, value: V | None, dialect: Dialect) -> Any:
        return None if value is None else self.dump(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> V | None:
        return None if value is None else self.load(value)


class ResponsesJson(_Json[tuple[Response, ...]]):
    """`Round.responses`: the answers to a proposal, in the order given."""

    cache_ok = True

    def dump(self, value: tuple[Response, ...]) -> Any:
        return [r.to_dict() for r in value]

    def load(self, data: Any) -> tuple[Response, ...]:
        return tuple(Response.from_dict(d) for d in data)


class SectionsJson(_Json[tuple[Section, ...]]):
    """`MemorandumVersion.sections`."""

    cache_ok = True

    def dump(self, value: tuple[Section, ...]) -> Any:
        return [s.to_dict() for s in value]

    def load(self, data: Any) -> tuple[Section, ...]:
        return tuple(Section(d["key"], d["heading"], d.get("body", "")) for d in data)


class PositionsJson(_Json[tuple[Position, ...]]):
    """`MemorandumVersion.positions`."""

    cache_ok = True

    def dump(self, value: tuple[Position, ...]) -> Any:
        return [p.to_dict() for p in value]

    def load(self, data: Any) -> tuple[Position, ...]:
        return tuple(Position.from_dict(d) for d in data)


class TextTuple(_Json[tuple[str, ...]]):
    """A tuple of strings (options, languages, party ids) as a JSON array."""

    cache_ok = True

    def dump(self, value: tuple[str, ...]) -> Any:
        return list(value)

    def load(self, data: Any) -> tuple[str, ...]:
        return tuple(str(x) for x in data)


class NumericRangeJson(_Json[NumericRange]):
    """`Issue.range`: bounds, step and unit, or SQL NULL for an issue without a range."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def dump(self, value: NumericRange) -> Any:
        return value.to_dict()

    def load(self, data: Any) -> NumericRange:
        return NumericRange(
            float(data["low"]), float(data["high"]), float(data["step"]), str(data["unit"])
        )


class ClausesJson(_Json[tuple[Clause, ...]]):
    """`TextVersion.clauses`: the clauses of one version of the negotiating text."""

    cache_ok = True

    def dump(self, value: tuple[Clause, ...]) -> Any:
        return [c.to_dict() for c in value]

    def load(self, data: Any) -> tuple[Clause, ...]:
        return tuple(Clause.from_dict(d) for d in data)


class IssuePreferencesJson(_Json[tuple[IssuePreference, ...]]):
    """`PreferenceProfile.issues`: the party's preference on each issue it weighs."""

    cache_ok = True

    def dump(self, value: tuple[IssuePreference, ...]) -> Any:
        return [p.to_dict() for p in value]

    def load(self, data: Any) -> tuple[IssuePreference, ...]:
        return tuple(IssuePreference.from_dict(d) for d in data)
