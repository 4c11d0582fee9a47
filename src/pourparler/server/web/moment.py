"""Moments shown to people in two places at once: the viewer's time zone, named, and the
round's own zone (a delegation in one capital meets in another).

The viewer's zone comes from the browser (static/app.js stores it in a cookie); a zone the
server does not know falls back to UTC, said as such, never to a silent guess.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["ZONE_COOKIE", "moment", "zone"]

ZONE_COOKIE = "pourparler_zone"
_FORMAT = "%a %d %b %Y, %H:%M"


def zone(name: str | None) -> ZoneInfo:
    """The zone named `name`, or UTC when it is missing or unknown."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo("UTC")


def _parse(value: datetime | str) -> datetime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def moment(
    value: datetime | str | None, viewer_zone: str | None, own_zone: str | None = None
) -> str:
    """'Tue 03 Mar 2026, 10:00 Europe/Paris', followed by the same moment in `own_zone`
    (the round's) when that differs: '(09:00 UTC, the round's time)'."""
    if value is None or value == "":
        return ""
    when = _parse(value)
    mine = zone(viewer_zone)
    shown = f"{when.astimezone(mine).strftime(_FORMAT)} {mine.key}"
    if own_zone:
        theirs = zone(own_zone)
        if theirs.key != mine.key:
            there = when.astimezone(theirs)
            shown += f" ({there.strftime(_FORMAT)} {theirs.key}, the round's time)"
    return shown
