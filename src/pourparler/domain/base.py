"""Small building blocks shared by the domain: identifiers, names, times."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pourparler.domain.error import InvalidInput

__all__ = [
    "as_utc",
    "limit_text",
    "local_moment",
    "new_id",
    "parse_choice",
    "parse_moment",
    "require_text",
    "zone",
]

E = TypeVar("E", bound=StrEnum)


def new_id() -> str:
    """A random identifier: 12 hex digits, short enough to type, ample for one installation."""
    return secrets.token_hex(6)


def require_text(value: str | None, what: str, *, limit: int = 500) -> str:
    """Strip `value` and refuse it when empty or longer than `limit` characters."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    return text


def limit_text(value: str, what: str, *, limit: int) -> str:
    """Refuse `value` when longer than `limit` characters; it may be empty."""
    if len(value) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    return value


# Files of the zone folder that ZoneInfo opens but that name no IANA zone: the machine's own
# zone (another server reads it otherwise), and copies of the zones under other rules.
_NOT_ZONES = frozenset({"localtime", "posixrules"})
_NOT_ZONE_FOLDERS = ("posix/", "right/")


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (such as 'Europe/Zurich'), or a clear error.

    >>> zone("Europe/Zurich").key
    'Europe/Zurich'
    >>> zone("localtime")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pourparler.domain.error.InvalidInput: unknown time zone 'localtime': ...
    """
    try:
        if name in _NOT_ZONES or name.startswith(_NOT_ZONE_FOLDERS):
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InvalidInput(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/Zurich'"
        ) from exc


def parse_moment(text: str, what: str = "this") -> datetime:
    """`text`, an ISO 8601 date-time, as written: naive, or aware of the offset it gives.

    A date alone is refused, rather than read as midnight: nobody said midnight. `what` names
    the value in the refusal.

    >>> parse_moment("2027-03-16T10:00").isoformat()
    '2027-03-16T10:00:00'
    >>> parse_moment("2027-03-16", "the deadline")
    Traceback (most recent call last):
    pourparler.domain.error.InvalidInput: the deadline is a date without a time of day: write \
the time too, such as 2027-03-16T10:00
    """
    written = text.strip()
    try:
        day = date.fromisoformat(written)
    except ValueError:
        pass
    else:
        raise InvalidInput(
            f"{what} is a date without a time of day: write the time too, "
            f"such as {day.isoformat()}T10:00"
        )
    try:
        return datetime.fromisoformat(written)
    except ValueError:
        raise InvalidInput(f"{what} is not a date-time: write it as 2027-03-16T10:00") from None


def local_moment(moment: datetime, time_zone: str) -> datetime:
    """`moment` as a time of day in the zone `time_zone`, refused rather than guessed at.

    A naive `moment` is a wall-clock time in the zone: refused when the zone skips it (the hour
    the clocks go forward) or shows it twice (the hour they go back; an offset then says which).
    An aware `moment` must carry the offset the zone has at that instant.

    >>> local_moment(datetime(2027, 3, 16, 10), "Europe/Vienna").isoformat()
    '2027-03-16T10:00:00+01:00'
    """
    place = zone(time_zone)
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        there = moment.astimezone(place)
        if there.utcoffset() != moment.utcoffset():
            raise InvalidInput(
                f"{moment.isoformat(timespec='minutes')} disagrees with {time_zone}, which is at "
                f"UTC{there:%z} then: drop the offset or correct it"
            )
        return there
    wall = moment.replace(tzinfo=None)
    first, second = wall.replace(tzinfo=place, fold=0), wall.replace(tzinfo=place, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    shown = wall.isoformat(timespec="minutes")
    if first.astimezone(UTC).astimezone(place).replace(tzinfo=None) != wall:
        raise InvalidInput(
            f"{shown} does not exist in {time_zone}: the clocks go forward that night"
        )
    raise InvalidInput(
        f"{shown} occurs twice in {time_zone}, the clocks going back that night: "
        f"add the offset, {first:%z} or {second:%z}"
    )


def as_utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; a naive one is refused, its zone being unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput("a date-time needs a time zone")
    return moment.astimezone(UTC)


def parse_choice(choices: type[E], value: object, what: str) -> E:
    """`value` as a member of `choices`, or an error that lists the accepted values."""
    try:
        return choices(str(value))
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise InvalidInput(f"unknown {what} {value!r}: use one of {allowed}") from None
