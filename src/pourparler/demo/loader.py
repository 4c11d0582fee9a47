"""The demo talks: fictional Northland–Southland ceasefire talks mediated by Harbour State.

They re-enact a common pattern: a first round in the host's capital ends without a ceasefire;
Northland's head of delegation proposes, by phone, a second round two weeks later at the same
venue; Southland counter-proposes another date, Northland accepts; both delegations draft
memoranda on the ceasefire template, with different, partly overlapping positions.

The script runs on its own clock, starting weeks before today, so that what happened in the
past is recorded as it would have been.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from pourparler.demo.labour import LABOUR_CAST, LABOUR_TITLE, load_labour_demo
from pourparler.demo.profiles import keep_demo_profiles
from pourparler.demo.second_round import hold_second_round
from pourparler.demo.support import Member, ScriptClock, position, seat_cast
from pourparler.demo.transaction import one_transaction
from pourparler.domain.memorandum import Section
from pourparler.domain.round import RoundChange
from pourparler.services import account, memorandum, round, setup
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Principal
from pourparler.services.view import list_talks, talks_document

__all__ = ["CAST", "DEMO_TITLE", "LABOUR_CAST", "LABOUR_TITLE", "ScriptClock", "load_demo"]

DEMO_TITLE = "Northland–Southland ceasefire talks"
VENUE = "Harbour City, Palace of the Lakes"
ZONE = "Europe/Istanbul"


CAST = (
    Member("Lena Marsh", "envoy@harbour.example", "mediator", None, "harbour-envoy-demo"),
    Member("Otto Brand", "secretariat@harbour.example", "secretariat", None, "harbour-desk-demo"),
    Member("Iris Calder", "observer@eastmark.example", "observer", None, "eastmark-watch-demo"),
    Member("Aleksander Nord", "head@northland.example", "head", "Northland", "northland-head-demo"),
    Member(
        "Mira Vell", "delegate@northland.example", "delegate", "Northland", "northland-pen-demo"
    ),
    Member("Tomas Ek", "adviser@northland.example", "adviser", "Northland", "northland-aid-demo"),
    Member("Samira Sud", "head@southland.example", "head", "Southland", "southland-head-demo"),
    Member(
        "Karim Sol", "delegate@southland.example", "delegate", "Southland", "southland-pen-demo"
    ),
    Member("Lea Morn", "adviser@southland.example", "adviser", "Southland", "southland-aid-demo"),
)


def demo_start(today: datetime) -> datetime:
    """Forty days before today, at nine in the morning (UTC)."""
    return datetime.combine((today - timedelta(days=40)).date(), time(9), tzinfo=UTC)


def find_demo(svc: Services) -> str | None:
    return next((t["id"] for t in list_talks(svc, OPERATOR) if t["title"] == DEMO_TITLE), None)


def load_demo(svc: Services, clock: ScriptClock) -> str:
    """Create the demo talks unless they exist; returns their id. Runs on `clock`.

    One transaction: the demo is loaded whole or, if anything refuses, not at all.
    """
    with one_transaction(svc) as whole:
        return _load(whole, clock)


def _load(svc: Services, clock: ScriptClock) -> str:
    existing = find_demo(svc)
    if existing:
        return existing
    start = clock.now
    talks_id = _set_up(svc, clock)
    first = _first_round(svc, clock, talks_id, start)
    _second_round_agreed(svc, clock, talks_id, first)
    _memoranda(svc, clock, talks_id)
    keep_demo_profiles(svc, clock, talks_id)
    hold_second_round(svc, clock, talks_id)
    if not any(t["title"] == LABOUR_TITLE for t in list_talks(svc, OPERATOR)):
        load_labour_demo(svc, clock)
    return talks_id


def _set_up(svc: Services, clock: ScriptClock) -> str:
    for m in CAST:
        if account.check_password(svc, email=m.email, password=m.password) is None:
            # The demo's secretariat opens new talks in the browser, as a desk officer would.
            account.add_user(
                svc,
                OPERATOR,
                name=m.name,
                email=m.email,
                password=m.password,
                opens_talks=m.role == "secretariat",
            )
        clock.tick(1)
    talks = setup.create_talks(
        svc,
        OPERATOR,
        title=DEMO_TITLE,
        languages=("en", "fr"),
        subject="A ceasefire along the contact line, hosted and mediated by Harbour State.",
    )
    for party in ("Northland", "Southland"):
        setup.add_party(svc, OPERATOR, talks.id, name=party)
    seat_cast(svc, talks.id, CAST)
    setup.apply_template(
        svc, Principal.named("envoy@harbour.example"), talks.id, template="ceasefire"
    )
    return talks.id


def _first_round(svc: Services, clock: ScriptClock, talks_id: str, start: datetime) -> datetime:
    envoy = "envoy@harbour.example"
    held = start + timedelta(days=7, hours=1)
    clock.tick(30)
    first = round.propose_round(
        svc, Principal.named(envoy), talks_id, starts_at=held, time_zone=ZONE, venue=VENUE
    )
    for head in ("head@northland.example", "head@southland.example"):
        clock.tick(120)
        round.accept_round(svc, Principal.named(head), talks_id, first.id)
    clock.at(held)
    round.open_round(svc, Principal.named(envoy), talks_id, first.id)
    clock.tick(8 * 60)
    round.close_round(
        svc,
        Principal.named(envoy),
        talks_id,
        first.id,
        outcome=(
            "Ended without a ceasefire. The delegations set out their views on a cessation of "
            "hostilities and agreed to prepare written positions for a second round."
        ),
    )
    return held


def _second_round_agreed(svc: Services, clock: ScriptClock, talks_id: str, first: datetime) -> None:
    clock.at(first + timedelta(days=1, hours=2))
    # Proposed by phone to the host, entered by Northland's head: two weeks on, same venue.
    proposal = round.propose_round(
        svc,
        Principal.named("head@northland.example"),
        talks_id,
        starts_at=first + timedelta(days=14),
        time_zone=ZONE,
        venue=VENUE,
    )
    clock.at(first + timedelta(days=2))
    counter = round.counter_round(
        svc,
        Principal.named("head@southland.example"),
        talks_id,
        proposal.id,
        change=RoundChange(starts_at=first + timedelta(days=17)),
    )
    clock.at(first + timedelta(days=3))
    round.accept_round(svc, Principal.named("head@northland.example"), talks_id, counter.id)


NORTHLAND: dict[str, Any] = {
    "sections": [
        (
            "assessment",
            "Assessment of the situation",
            "Shelling along the contact line continues. Northland seeks a verifiable halt to "
            "offensive operations before any discussion of the political settlement.",
        ),
        (
            "vision",
            "Vision of the modalities of settlement and ceasefire",
            "A definitive ceasefire along the contact line, monitored by a joint commission, "
            "followed by a phased separation of forces.",
        ),
    ],
    "positions": {
        "Type of ceasefire": (["Definitive ceasefire"], [], True),
        "Forces bound": (
            ["All armed actors in the area"],
            ["Regular and affiliated armed groups"],
            False,
        ),
        "Entry into force": (["On signature"], ["24 hours after signature"], False),
        "Initial duration": ((90, 180), (60, 180), False),
        "Phasing": (["Single phase"], ["Two phases"], False),
        "Geographic scope": (["Contact line only"], ["Contested districts"], False),
        "Prohibited acts": (
            ["All fire, movement and reinforcement"],
            ["All fire including retaliation"],
            False,
        ),
        "Withdrawal distance": ((5, 10), (3, 15), False),
        "Heavy weapons": (["Withdrawn beyond range"], [], False),
        "Monitoring body": (["Joint commission"], ["Third-party monitors"], False),
        "Handling of violations": (["Joint commission rules"], [], False),
        "Humanitarian corridors": (["Fixed corridors"], ["Case by case"], False),
        "Exchange of prisoners": (["Wounded and sick first"], [], False),
        "Follow-on security arrangements": (["Joint patrols"], ["Deferred"], False),
        "Link to the political process": (
            "Talks on the political settlement begin within sixty days of the ceasefire.",
            None,
            False,
        ),
    },
}

SOUTHLAND: dict[str, Any] = {
    "sections": [
        (
            "assessment",
            "Assessment of the situation",
            "Southland holds that any ceasefire must cover the whole territory and open "
            "humanitarian access without delay.",
        ),
        (
            "vision",
            "Vision of the modalities of settlement and ceasefire",
            "An immediate cessation of hostilities on the entire territory, verified by an "
            "international mission, with an exchange of all prisoners.",
        ),
    ],
    "positions": {
        "Type of ceasefire": (["Cessation of hostilities"], ["Definitive ceasefire"], False),
        "Forces bound": (["Regular and affiliated armed groups"], [], False),
        "Entry into force": (["24 hours after signature"], ["On signature"], False),
        "Initial duration": ((30, 60), (30, 90), False),
        "Phasing": (["Three phases tied to verification"], ["Two phases"], False),
        "Geographic scope": (["Entire territory"], ["Contested districts"], False),
        "Prohibited acts": (["All fire including retaliation"], [], False),
        "Withdrawal distance": ((15, 20), (12, 25), False),
        "Heavy weapons": (["Cantoned under monitoring"], [], False),
        "Monitoring body": (["International mission"], ["Third-party monitors"], False),
        "Handling of violations": (["Joint commission rules", "Mediator arbitration"], [], False),
        "Humanitarian corridors": (["Unrestricted access"], ["Fixed corridors"], False),
        "Exchange of prisoners": (["All for all"], [], True),
        "Follow-on security arrangements": (["Demobilisation plan"], ["Joint patrols"], False),
        "Link to the political process": (
            "The ceasefire opens talks on a political settlement under the mediator's auspices.",
            None,
            False,
        ),
    },
}


def _memoranda(svc: Services, clock: ScriptClock, talks_id: str) -> None:
    framework = talks_document(svc, OPERATOR, talks_id, with_record=False)["framework"]
    ids = {i["title"]: i["id"] for i in framework}
    for party, paper, head, delegate in (
        ("Northland", NORTHLAND, "head@northland.example", "delegate@northland.example"),
        ("Southland", SOUTHLAND, "head@southland.example", "delegate@southland.example"),
    ):
        clock.tick(90)
        memo = memorandum.create_memorandum(
            svc,
            Principal.named(delegate),
            talks_id,
            title=f"{party}: vision of the modalities of settlement",
        )
        sections = [Section(*s) for s in paper["sections"]]
        positions = [
            position(ids[title], asked, acceptable, red, f"{party}'s reading of {title.lower()}")
            for title, (asked, acceptable, red) in paper["positions"].items()
        ]
        memorandum.save_memorandum(
            svc,
            Principal.named(delegate),
            talks_id,
            memo.id,
            sections=sections[:1],
            positions=positions[:8],
        )
        clock.tick(240)
        memorandum.save_memorandum(
            svc, Principal.named(head), talks_id, memo.id, sections=sections, positions=positions
        )
