"""The second round of the demo ceasefire talks, as such rounds often go.

The memoranda are exchanged sealed and revealed at once; Southland asks two clarifications and
Northland answers one; the mediator builds the single text from the memoranda; several clauses
become agreed ad referendum, others stay bracketed; the round ends without full agreement.
"""

from __future__ import annotations

from datetime import datetime

from pourparler.demo.support import ScriptClock, clauses_of
from pourparler.domain.text import Clause, ClauseStatus
from pourparler.services import clarification, exchange, round, text
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view import talks_document

__all__ = ["hold_second_round"]

ENVOY = "envoy@harbour.example"
NORTH_HEAD, SOUTH_HEAD = "head@northland.example", "head@southland.example"
NORTH_DELEGATE, SOUTH_DELEGATE = "delegate@northland.example", "delegate@southland.example"

# Clauses the delegations settled at the table, and the words they settled on.
SETTLED = {
    "Forces bound": "The ceasefire binds regular forces and the armed groups affiliated with them.",
    "Phasing": "The ceasefire is implemented in two phases.",
    "Monitoring body": "Third-party monitors, invited jointly by the parties, verify compliance.",
    "Handling of violations": "Alleged violations are handled under rules set by a joint "
    "commission of the parties.",
    "Humanitarian corridors": "Fixed humanitarian corridors are opened and kept open.",
}


def hold_second_round(svc: Services, clock: ScriptClock, talks_id: str) -> None:
    """Run round 2, moving the demo's clock along."""
    doc = talks_document(svc, Principal.named(ENVOY), talks_id, with_record=False)
    second = next(r for r in doc["rounds"] if r["number"] == 2 and r["status"] == "scheduled")
    clock.at(datetime.fromisoformat(second["starts_at"]))
    round.open_round(svc, Principal.named(ENVOY), talks_id, second["id"])
    _exchange(svc, clock, talks_id, second["id"])
    _clarifications(svc, clock, talks_id)
    _single_text(svc, clock, talks_id)
    clock.tick(180)
    round.close_round(
        svc,
        Principal.named(ENVOY),
        talks_id,
        second["id"],
        outcome=(
            "Ended without full agreement. Five clauses were agreed ad referendum; scope, "
            "duration, separation of forces and prisoners remain bracketed. Work carries over "
            "to a third round."
        ),
    )


def _exchange(svc: Services, clock: ScriptClock, talks_id: str, round_id: str) -> None:
    clock.tick(20)
    sealed = exchange.open_exchange(
        svc,
        Principal.named(ENVOY),
        talks_id,
        round_id,
        title="Vision of the modalities of settlement and ceasefire",
    )
    for head in (NORTH_HEAD, SOUTH_HEAD):
        clock.tick(15)
        own = talks_document(svc, Principal.named(head), talks_id, with_record=False)["memoranda"][
            0
        ]
        exchange.commit_document(
            svc,
            Principal.named(head),
            talks_id,
            sealed.id,
            memorandum_id=own["id"],
            version=own["versions"][-1]["number"],
        )


def _clarifications(svc: Services, clock: ScriptClock, talks_id: str) -> None:
    doc = talks_document(svc, Principal.named(SOUTH_DELEGATE), talks_id, with_record=False)
    north_party = next(p["id"] for p in doc["parties"] if p["name"] == "Northland")
    north = next(m for m in doc["memoranda"] if m["party"] == north_party)
    scope = next(i["id"] for i in doc["framework"] if i["title"] == "Geographic scope")
    version = north["versions"][-1]["number"]
    clock.tick(45)
    first = clarification.ask_clarification(
        svc,
        Principal.named(SOUTH_DELEGATE),
        talks_id,
        memorandum_id=north["id"],
        version=version,
        anchor="position",
        key=scope,
        question="Which line is meant by the contact line: the line of 1 March or the "
        "positions held today?",
    )
    clock.tick(10)
    clarification.ask_clarification(
        svc,
        Principal.named(SOUTH_DELEGATE),
        talks_id,
        memorandum_id=north["id"],
        version=version,
        anchor="section",
        key="vision",
        question="What does the phased separation of forces involve, and on what timetable?",
    )
    clock.tick(30)
    clarification.answer_clarification(
        svc,
        Principal.named(NORTH_DELEGATE),
        talks_id,
        first.id,
        answer="The line of 1 March, as recorded on the map annexed to our memorandum.",
    )


def _single_text(svc: Services, clock: ScriptClock, talks_id: str) -> None:
    clock.tick(60)
    draft = text.start_text(
        svc,
        Principal.named(ENVOY),
        talks_id,
        title="Draft agreement on a ceasefire and cessation of hostilities",
    )
    clock.tick(120)
    revised = [
        Clause(c.key, c.heading, ClauseStatus.AGREED, SETTLED[c.heading], issue_ids=c.issue_ids)
        if c.heading in SETTLED
        else c
        for c in clauses_of(draft)
    ]
    text.revise_text(svc, Principal.named(ENVOY), talks_id, clauses=revised)
