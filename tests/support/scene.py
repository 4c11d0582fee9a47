"""Talks with a distinctive secret planted in every private artefact, for confidentiality tests.

The standard world (support.world) plus a Southland adviser and an account without a seat, taken
through a round with one revealed exchange and one still sealed, two consenting profiles, a
clarification, two versions of the negotiating text and the mediator's notes (one on the round,
one on the talks, one deleted). Each secret is a string that appears
nowhere else, so finding it in what a role receives proves that role was given it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pourparler.domain.memorandum import Position, Section
from pourparler.domain.text import Clause
from pourparler.services import (
    account,
    clarification,
    exchange,
    memorandum,
    note,
    profile,
    round,
    setup,
)
from pourparler.services import text as texts
from pourparler.services.port import Services
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    PASSWORD,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    World,
    build_world,
)

SOUTH_ADVISER = "south.adviser@example.org"
OUTSIDER = "outsider@example.org"  # an account with no seat in the talks
# seated in Northland by the mediator, never confirmed by Northland's head (issue 11, §4)
UNCONFIRMED = "unconfirmed@example.org"


# Secret strings by the artefact they were planted in.
SECRETS: dict[str, tuple[str, ...]] = {
    "north draft": ("N-DRAFT-SECTION-q7", "N-DRAFT-RATIONALE-q7", "N-DRAFT-CLAUSE-q7"),
    "north sealed": (
        "N-SEALED-TITLE-k3",
        "N-SEALED-SECTION-k3",
        "N-SEALED-RATIONALE-k3",
        "N-SEALED-CLAUSE-k3",
    ),
    "north revealed": ("N-OPEN-SECTION-v5", "N-OPEN-RATIONALE-v5", "N-OPEN-CLAUSE-v5"),
    "south draft": ("S-DRAFT-SECTION-w2", "S-DRAFT-RATIONALE-w2", "S-DRAFT-CLAUSE-w2"),
    "south shared": ("S-SHARED-SECTION-m9", "S-SHARED-RATIONALE-m9", "S-SHARED-CLAUSE-m9"),
    "south revealed": ("S-OPEN-SECTION-r4", "S-OPEN-RATIONALE-r4", "S-OPEN-CLAUSE-r4"),
    "north profile": ("7.4321", "2.5813", "0.3141"),
    "south profile": ("6.1234", "3.9182", "0.2718"),
    "clarification": ("Q-ABOUT-SCOPE-z1", "A-ABOUT-SCOPE-z1"),
    "mediator notes": ("NOTE-ON-ROUND-h6", "NOTE-ON-TALKS-h6"),
    "deleted note": ("NOTE-DELETED-x0",),  # nobody, the mediator included, reads it any more
}
PUBLIC = ("north revealed", "south revealed", "clarification")
NORTH_PRIVATE = ("north draft", "north sealed", "north profile")
SOUTH_PRIVATE = ("south draft", "south shared", "south profile")

# What each role may read, as keys of SECRETS: docs/security.md, "Who sees what".
ALLOWED: dict[str | None, tuple[str, ...]] = {
    NORTH_HEAD: (*NORTH_PRIVATE, *PUBLIC),
    NORTH_DELEGATE: (*NORTH_PRIVATE, *PUBLIC),
    NORTH_ADVISER: (*NORTH_PRIVATE, *PUBLIC),
    SOUTH_HEAD: (*SOUTH_PRIVATE, *PUBLIC),
    SOUTH_DELEGATE: (*SOUTH_PRIVATE, *PUBLIC),
    SOUTH_ADVISER: (*SOUTH_PRIVATE, *PUBLIC),
    MEDIATOR: ("south shared", "mediator notes", *PUBLIC),
    OBSERVER: PUBLIC,
    UNCONFIRMED: PUBLIC,  # what an observer reads, nothing of the party
    CLERK: (),
    OPERATOR: (),
    OUTSIDER: (),
}
ROLES = list(ALLOWED)


def forbidden(who: str | None) -> list[str]:
    return [s for kind, found in SECRETS.items() if kind not in ALLOWED[who] for s in found]


def allowed(who: str | None) -> list[str]:
    return [s for kind in ALLOWED[who] for s in SECRETS[kind]]


@dataclass
class Scene:
    world: World
    round_id: str
    revealed_exchange: str
    sealed_exchange: str
    north_memo: str  # version 1 a draft, version 2 shared with the mediator, then revealed
    north_sealed_memo: str  # version 1 committed to the sealed exchange
    south_memo: str  # version 1 a draft, 2 shared with the mediator, 3 revealed
    clarification: str
    note: str  # the mediator's note on the round

    @property
    def svc(self) -> Services:
        return self.world.svc

    @property
    def talks_id(self) -> str:
        return self.world.talks_id


def _save(world: World, who: str, memo_id: str, secrets: tuple[str, ...], scope: str) -> int:
    section, rationale, clause = secrets[-3:]
    saved = memorandum.save_memorandum(
        world.svc,
        by(who),
        world.talks_id,
        memo_id,
        sections=[Section("intro", "Introduction", section)],
        positions=[
            Position(world.issues["Geographic scope"], asked_options=(scope,), rationale=rationale),
            Position(world.issues["Link to the political process"], text=clause),
        ],
    )
    return saved.number


def _profile(scope: str, rating: str, weight: str, reservation: str) -> dict[str, object]:
    return {
        "reservation": float(reservation),
        "issues": [
            {
                "issue": "Geographic scope",
                "weight": float(weight),
                "ratings": {scope: 10, "Contested districts": float(rating)},
            },
            {"issue": "Initial duration", "weight": 1, "curve": "rising"},
        ],
    }


def build_scene(svc: Services) -> Scene:
    world = build_world(svc)
    tid = world.talks_id
    account.add_user(svc, OPERATOR, name="Ira South", email=SOUTH_ADVISER, password=PASSWORD)
    account.add_user(svc, OPERATOR, name="Olaf Outside", email=OUTSIDER, password=PASSWORD)
    setup.seat(svc, OPERATOR, tid, email=SOUTH_ADVISER, role="adviser", party="Southland")
    setup.confirm_seat(svc, by(SOUTH_HEAD), tid, email=SOUTH_ADVISER)
    account.add_user(svc, OPERATOR, name="Uma Unconfirmed", email=UNCONFIRMED, password=PASSWORD)
    setup.seat(svc, by(MEDIATOR), tid, email=UNCONFIRMED, role="adviser", party="Northland")
    proposal = round.propose_round(
        svc,
        by(NORTH_HEAD),
        tid,
        starts_at=world.in_days(1),
        time_zone="UTC",
        venue="Harbour",
    )
    round.accept_round(svc, by(SOUTH_HEAD), tid, proposal.id)
    round.open_round(svc, by(MEDIATOR), tid, proposal.id)

    north = memorandum.create_memorandum(svc, by(NORTH_DELEGATE), tid, title="North vision").id
    _save(world, NORTH_DELEGATE, north, SECRETS["north draft"], "Contact line only")
    _save(world, NORTH_DELEGATE, north, SECRETS["north revealed"], "Contact line only")
    memorandum.share_with_mediator(svc, by(NORTH_HEAD), tid, north, version=2)  # before its reveal
    sealed_title = SECRETS["north sealed"][0]
    sealed = memorandum.create_memorandum(svc, by(NORTH_HEAD), tid, title=sealed_title).id
    _save(world, NORTH_HEAD, sealed, SECRETS["north sealed"], "Contested districts")
    south = memorandum.create_memorandum(svc, by(SOUTH_DELEGATE), tid, title="South vision").id
    _save(world, SOUTH_DELEGATE, south, SECRETS["south draft"], "Entire territory")
    _save(world, SOUTH_DELEGATE, south, SECRETS["south shared"], "Entire territory")
    memorandum.share_with_mediator(svc, by(SOUTH_HEAD), tid, south, version=2)
    _save(world, SOUTH_DELEGATE, south, SECRETS["south revealed"], "Entire territory")

    first = exchange.open_exchange(svc, by(MEDIATOR), tid, proposal.id, title="Visions").id
    exchange.commit_document(svc, by(NORTH_HEAD), tid, first, memorandum_id=north, version=2)
    exchange.commit_document(svc, by(SOUTH_HEAD), tid, first, memorandum_id=south, version=3)
    second = exchange.open_exchange(svc, by(MEDIATOR), tid, proposal.id, title="Second thoughts").id
    exchange.commit_document(svc, by(NORTH_HEAD), tid, second, memorandum_id=sealed, version=1)

    question, answer = SECRETS["clarification"]
    asked = clarification.ask_clarification(
        svc,
        by(SOUTH_DELEGATE),
        tid,
        memorandum_id=north,
        version=2,
        anchor="section",
        key="intro",
        question=question,
    )
    clarification.answer_clarification(svc, by(NORTH_DELEGATE), tid, asked.id, answer=answer)

    texts.start_text(svc, by(MEDIATOR), tid, title="Draft agreement")
    current = talks_document(svc, by(MEDIATOR), tid)["text"]["versions"][-1]["clauses"]
    texts.revise_text(svc, by(MEDIATOR), tid, clauses=[Clause.from_dict(c) for c in current[:-1]])

    for who, scope, secret in (
        (NORTH_DELEGATE, "Contact line only", SECRETS["north profile"]),
        (SOUTH_DELEGATE, "Entire territory", SECRETS["south profile"]),
    ):
        profile.save_profile(svc, by(who), tid, _profile(scope, *secret))
    profile.set_consent(svc, by(NORTH_HEAD), tid, consent=True)
    profile.set_consent(svc, by(SOUTH_HEAD), tid, consent=True)

    on_round, on_talks = SECRETS["mediator notes"]
    kept = note.write_note(svc, by(MEDIATOR), tid, text=on_round, round_id=proposal.id)
    note.write_note(svc, by(MEDIATOR), tid, text=on_talks)
    dropped = note.write_note(
        svc, by(MEDIATOR), tid, text=SECRETS["deleted note"][0], round_id=proposal.id
    )
    note.delete_note(svc, by(MEDIATOR), tid, dropped.id)
    return Scene(world, proposal.id, first, second, north, sealed, south, asked.id, kept.id)
