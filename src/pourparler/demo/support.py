"""What the demo scripts share: their cast, seated, and a clock they move forward act by act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pourparler.domain.memorandum import Position
from pourparler.domain.text import Clause
from pourparler.services import setup
from pourparler.services.model import TextVersionView
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Principal

__all__ = ["Member", "ScriptClock", "clauses_of", "position", "seat_cast"]


@dataclass(frozen=True)
class Member:
    """Someone in a demo, with the demo password the script sets."""

    name: str
    email: str
    role: str
    party: str | None
    password: str


def seat_cast(svc: Services, talks_id: str, cast: tuple[Member, ...]) -> None:
    """The secretariat seats everyone; each head then confirms the seats in their party."""
    for m in cast:
        setup.seat(svc, OPERATOR, talks_id, email=m.email, role=m.role, party=m.party)
    heads = {m.party: m.email for m in cast if m.role == "head"}
    for m in cast:
        if m.party is not None and m.role != "head":
            setup.confirm_seat(svc, Principal.named(heads[m.party]), talks_id, email=m.email)


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


def position(
    issue_id: str, asked: Any, acceptable: Any, red_line: bool = False, rationale: str = ""
) -> Position:
    """A demo position: wording for a clause, an interval for a range, labels for options."""
    if isinstance(asked, str):
        return Position(issue_id, text=asked, red_line=red_line, rationale=rationale)
    if isinstance(asked, tuple):
        return Position(
            issue_id,
            asked_range=asked,
            acceptable_range=acceptable,
            red_line=red_line,
            rationale=rationale,
        )
    return Position(
        issue_id,
        asked_options=tuple(asked),
        acceptable_options=tuple(acceptable),
        red_line=red_line,
        rationale=rationale,
    )


def clauses_of(version: TextVersionView) -> list[Clause]:
    """The clauses of a version the demo's conductor read, to write the next one from."""
    return [
        Clause.from_dict(c.model_dump(mode="json", exclude_unset=True))
        for c in version.clauses or ()
    ]
