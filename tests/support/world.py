"""A standard cast of talks for use-case tests: two parties, a mediator, an observer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pourparler.domain.memorandum import Position, Section
from pourparler.services import account, memorandum, setup
from pourparler.services.port import Services
from support.caller import OPERATOR, by

PASSWORD = "correct horse battery"

CAST = {
    "north.head@example.org": ("Anna North", "head", "Northland"),
    "north.delegate@example.org": ("Ben North", "delegate", "Northland"),
    "north.adviser@example.org": ("Cleo North", "adviser", "Northland"),
    "south.head@example.org": ("Dara South", "head", "Southland"),
    "south.delegate@example.org": ("Eli South", "delegate", "Southland"),
    "mediator@example.org": ("Farah Harbour", "mediator", None),
    "observer@example.org": ("Gus Guarantor", "observer", None),
    "clerk@example.org": ("Hana Clerk", "secretariat", None),
}

NORTH_HEAD = "north.head@example.org"
NORTH_DELEGATE = "north.delegate@example.org"
NORTH_ADVISER = "north.adviser@example.org"
SOUTH_HEAD = "south.head@example.org"
SOUTH_DELEGATE = "south.delegate@example.org"
MEDIATOR = "mediator@example.org"
OBSERVER = "observer@example.org"
CLERK = "clerk@example.org"


@dataclass
class World:
    svc: Services
    talks_id: str
    north: str
    south: str
    issues: dict[str, str]  # title -> id

    def in_days(self, days: float) -> object:
        return self.svc.clock() + timedelta(days=days)


def build_world(svc: Services, *, mediated: bool = True) -> World:
    for email, (name, _, _) in CAST.items():
        account.add_user(svc, OPERATOR, name=name, email=email, password=PASSWORD)
    talks = setup.create_talks(svc, OPERATOR, title="Northland–Southland ceasefire talks")
    north = setup.add_party(svc, OPERATOR, talks.id, name="Northland")
    south = setup.add_party(svc, OPERATOR, talks.id, name="Southland")
    for email, (_, role, party) in CAST.items():
        if role == "mediator" and not mediated:
            continue
        setup.seat(svc, OPERATOR, talks.id, email=email, role=role, party=party)
    heads = {party: email for email, (_, role, party) in CAST.items() if role == "head"}
    for email, (_, role, party) in CAST.items():
        if party is not None and role != "head":
            setup.confirm_seat(svc, by(heads[party]), talks.id, email=email)
    setup.apply_template(svc, OPERATOR, talks.id, template="ceasefire")
    from pourparler.services.view import talks_document

    framework = talks_document(svc, OPERATOR, talks.id)["framework"]
    return World(svc, talks.id, north, south, {i["title"]: i["id"] for i in framework})


def draft(world: World, email: str, *, scope: str, days: tuple[float, float]) -> tuple[str, int]:
    """A memorandum with a section and two positions; returns (memorandum id, version)."""
    memo = memorandum.create_memorandum(world.svc, by(email), world.talks_id, title="Our vision")
    version = memorandum.save_memorandum(
        world.svc,
        by(email),
        world.talks_id,
        memo.id,
        sections=[Section("intro", "Introduction", f"Secret reasoning of {email}")],
        positions=[
            Position(
                world.issues["Geographic scope"],
                asked_options=(scope,),
                acceptable_options=("Contested districts",),
                rationale="security",
            ),
            Position(
                world.issues["Initial duration"],
                asked_range=days,
                acceptable_range=(days[0] - 10, days[1] + 10),
            ),
        ],
    )
    return memo.id, version.number
