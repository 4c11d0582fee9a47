"""The second demo: a collective labour agreement that the parties reach in one round."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pourparler.demo.support import Member, ScriptClock, clauses_of, position, seat_cast
from pourparler.domain.memorandum import Section
from pourparler.domain.text import Clause, ClauseStatus
from pourparler.services import account, exchange, memorandum, round, setup, text
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Principal
from pourparler.services.view import talks_document

__all__ = ["LABOUR_CAST", "LABOUR_TITLE", "load_labour_demo"]

LABOUR_TITLE = "Harbour Transit collective agreement"
UNION, EMPLOYER = "Transit Workers' Union", "Harbour Transit Company"
CONCILIATOR = "conciliator@mediation.example"
UNION_HEAD, EMPLOYER_HEAD = "head@transitunion.example", "head@harbourtransit.example"

LABOUR_CAST = (
    Member("Nadia Brook", CONCILIATOR, "mediator", None, "mediation-desk-demo"),
    Member("Ruth Okafor", UNION_HEAD, "head", UNION, "union-head-demo"),
    Member("Pavel Novak", "delegate@transitunion.example", "delegate", UNION, "union-pen-demo"),
    Member("Henrik Dahl", EMPLOYER_HEAD, "head", EMPLOYER, "company-head-demo"),
    Member(
        "Sofia Reyes", "delegate@harbourtransit.example", "delegate", EMPLOYER, "company-pen-demo"
    ),
)

# issue: (union asks, union accepts, company asks, company accepts, agreed wording)
POSITIONS: dict[str, tuple[Any, Any, Any, Any, str]] = {
    "Wage increase": ((4, 5), (3, 5), (2, 3), (2, 3.5), "Wages rise by 3.5% on 1 January."),
    "Weekly hours": (
        (35, 36),
        (35, 38),
        (38, 38),
        (36, 40),
        "The working week is 36 hours, with no loss of pay.",
    ),
    "Remote work": (
        ["Two days a week"],
        ["One day a week"],
        ["One day a week"],
        [],
        "Staff in office roles may work remotely one day a week.",
    ),
    "Pension contribution": (
        ["Plus 2%"],
        ["Plus 1%"],
        ["Unchanged"],
        ["Plus 1%"],
        "The employer's pension contribution rises by 1%.",
    ),
    "Agreement term": (
        (24, 24),
        (12, 36),
        (36, 36),
        (24, 36),
        "This agreement runs for 24 months.",
    ),
    "Grievance procedure": (
        "Grievances go to a joint panel within ten working days.",
        None,
        "Grievances go first to line management, then to a joint panel.",
        None,
        "Grievances go to line management, then within ten working days to a joint panel.",
    ),
}


def load_labour_demo(svc: Services, clock: ScriptClock) -> str:
    """Create the labour talks, run their one round to agreement; returns their id."""
    for m in LABOUR_CAST:
        if account.check_password(svc, email=m.email, password=m.password) is None:
            account.add_user(svc, OPERATOR, name=m.name, email=m.email, password=m.password)
    talks = setup.create_talks(
        svc,
        OPERATOR,
        title=LABOUR_TITLE,
        subject="Renewal of the collective agreement for drivers and depot staff.",
    )
    for side in (UNION, EMPLOYER):
        setup.add_party(svc, OPERATOR, talks.id, name=side)
    seat_cast(svc, talks.id, LABOUR_CAST)
    setup.apply_template(svc, Principal.named(CONCILIATOR), talks.id, template="labour")
    session = _schedule(svc, clock, talks.id)
    _memoranda(svc, clock, talks.id)
    _settle(svc, clock, talks.id, session)
    return talks.id


def _schedule(svc: Services, clock: ScriptClock, talks_id: str) -> str:
    clock.tick(60)
    meeting = clock.now + timedelta(days=6)
    proposal = round.propose_round(
        svc,
        Principal.named(UNION_HEAD),
        talks_id,
        starts_at=meeting,
        time_zone="Europe/London",
        venue="Conciliation Service, Harbour City",
        format="in_person",
    )
    clock.tick(180)
    round.accept_round(svc, Principal.named(EMPLOYER_HEAD), talks_id, proposal.id)
    return proposal.id


def _memoranda(svc: Services, clock: ScriptClock, talks_id: str) -> None:
    ids = {i["title"]: i["id"] for i in talks_document(svc, OPERATOR, talks_id)["framework"]}
    for head, side, claim in (
        (UNION_HEAD, 0, "A fair share of productivity gains."),
        (EMPLOYER_HEAD, 2, "Costs the company can sustain."),
    ):
        clock.tick(120)
        memo = memorandum.create_memorandum(
            svc, Principal.named(head), talks_id, title="Claim and position"
        )
        memorandum.save_memorandum(
            svc,
            Principal.named(head),
            talks_id,
            memo.id,
            sections=[Section("summary", "Summary", claim)],
            positions=[position(ids[t], p[side], p[side + 1]) for t, p in POSITIONS.items()],
        )


def _settle(svc: Services, clock: ScriptClock, talks_id: str, round_id: str) -> None:
    starts = talks_document(svc, Principal.named(CONCILIATOR), talks_id)["rounds"][0]["starts_at"]
    clock.at(datetime.fromisoformat(starts))
    round.open_round(svc, Principal.named(CONCILIATOR), talks_id, round_id)
    sealed = exchange.open_exchange(
        svc, Principal.named(CONCILIATOR), talks_id, round_id, title="Claims and offers"
    )
    for head in (UNION_HEAD, EMPLOYER_HEAD):
        clock.tick(10)
        own = talks_document(svc, Principal.named(head), talks_id)["memoranda"][0]
        exchange.commit_document(
            svc, Principal.named(head), talks_id, sealed.id, memorandum_id=own["id"], version=1
        )
    clock.tick(90)
    draft = text.start_text(
        svc, Principal.named(CONCILIATOR), talks_id, title="Collective agreement 2027–2028"
    )
    clock.tick(240)
    final = text.revise_text(
        svc,
        Principal.named(CONCILIATOR),
        talks_id,
        clauses=[
            Clause(
                c.key,
                c.heading,
                ClauseStatus.AGREED,
                POSITIONS[c.heading][4],
                issue_ids=c.issue_ids,
            )
            for c in clauses_of(draft)
        ],
    )
    for head in (UNION_HEAD, EMPLOYER_HEAD):
        clock.tick(30)
        text.accept_text(svc, Principal.named(head), talks_id, version_hash=final.hash)
    round.close_round(
        svc,
        Principal.named(CONCILIATOR),
        talks_id,
        round_id,
        outcome="Agreement reached on every point; both sides accepted the text.",
    )
