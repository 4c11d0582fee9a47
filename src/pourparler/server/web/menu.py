"""The talks' menu, and what the pages know about the viewer's seats in one talks.

Visibility is the services': a page reads the talks through `talks_document`, which already
holds only what the viewer may read. The menu only decides which links to offer, from the same
document (mediator notes appear in it for mediators alone) and the viewer's seats.

Extension point: other parts of the web application (memoranda, exchange, comparison,
clarifications, the single text, preferences and analysis) add their entries to `ENTRIES`,
each with a predicate on `Seats`; the base layout lists them in this order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ENTRIES", "Entry", "MenuLink", "Seats", "menu", "seats_of"]


@dataclass(frozen=True)
class Seats:
    """The viewer's seats in one talks, read from the talks document."""

    person_id: str
    roles: frozenset[str] = frozenset()
    party: str | None = None
    confirmed_roles: frozenset[str] = frozenset()
    secretariat: bool = False  # the installation's secretariat (operator account) or a seat
    has_notes: bool = False  # the document holds the mediators' notes: a mediator reads it
    mediated: bool = False  # the talks have a mediator, who then conducts (access.require_conduct)
    parties: Mapping[str, str] = field(default_factory=dict)  # party id -> name

    @property
    def head(self) -> bool:
        return "head" in self.confirmed_roles

    @property
    def mediator(self) -> bool:
        return "mediator" in self.confirmed_roles

    @property
    def conducts(self) -> bool:
        """Runs the rounds: a mediator, or a head when the talks have no mediator."""
        return self.mediator or (self.head and not self.mediated)

    @property
    def sets_up(self) -> bool:
        """Sets the talks up (parties, seats, the framework): access.require_setup."""
        return self.secretariat or self.mediator

    @property
    def confirms_seats(self) -> bool:
        """Confirms seats: a head in their party, a mediator another mediator's."""
        return self.head or self.mediator

    @property
    def in_party(self) -> bool:
        return self.party is not None


def seats_of(document: Mapping[str, Any], person_id: str, secretariat: bool) -> Seats:
    mine = [m for m in document.get("members", []) if m.get("person") == person_id]
    roles = frozenset(str(m["role"]) for m in mine)
    confirmed = frozenset(str(m["role"]) for m in mine if m.get("confirmed"))
    party = next((m["party"] for m in mine if m.get("party") and m.get("confirmed")), None)
    return Seats(
        person_id=person_id,
        roles=roles,
        party=party,
        confirmed_roles=confirmed,
        secretariat=secretariat or "secretariat" in confirmed,
        has_notes="notes" in document,
        mediated=any(
            m.get("role") == "mediator" and m.get("confirmed") for m in document.get("members", [])
        ),
        parties={p["id"]: p["name"] for p in document.get("parties", [])},
    )


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # translated in the template
    path: str  # under /talks/{id}
    shown: Callable[[Seats], bool] = lambda seats: True


@dataclass(frozen=True)
class MenuLink:
    key: str
    label: str
    href: str


ENTRIES: list[Entry] = [
    Entry("dashboard", "Dashboard", ""),
    Entry("rounds", "Rounds", "/rounds"),
    Entry("memoranda", "Memoranda", "/memoranda"),
    Entry("exchanges", "Exchanges", "/exchanges"),
    Entry("comparison", "Comparison", "/comparison", lambda s: not s.secretariat),
    Entry("clarifications", "Clarifications", "/clarifications"),
    Entry("record", "Record", "/record"),
    Entry("text", "Single text", "/text"),
    Entry("preferences", "Preferences", "/preferences", lambda s: s.in_party),
    Entry("secret", "Secret bids", "/secret", lambda s: s.in_party or s.mediator),
    Entry("analysis", "Analysis", "/analysis", lambda s: s.mediator),
    Entry("notes", "Mediator notes", "/notes", lambda s: s.has_notes),
    Entry("members", "Members", "/members", lambda s: s.sets_up or s.confirms_seats),
    Entry("framework", "Framework", "/framework", lambda s: s.sets_up),
]


def menu(talks_id: str, seats: Seats) -> list[MenuLink]:
    return [
        MenuLink(e.key, e.label, f"/talks/{talks_id}{e.path}") for e in ENTRIES if e.shown(seats)
    ]
