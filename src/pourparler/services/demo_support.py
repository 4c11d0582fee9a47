"""What the demo scripts share: their cast, and a clock they move forward act by act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["Member", "ScriptClock"]


@dataclass(frozen=True)
class Member:
    """Someone in a demo, with the demo password the script sets."""

    name: str
    email: str
    role: str
    party: str | None
    password: str


class ScriptClock:
    """A clock the script moves forward, act by act."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, moment: datetime) -> None:
        self.now = max(self.now, moment)

    def tick(self, minutes: int = 7) -> None:
        self.now += timedelta(minutes=minutes)
