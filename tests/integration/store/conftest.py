"""Fixtures of the store tests: a migrated database, units of work on it, a whole talks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from pourparler.domain.framework import IssueKind
from pourparler.domain.memorandum import Memorandum, Position, Section
from pourparler.domain.role import Role
from pourparler.domain.round import Round, RoundChange, RoundFormat
from pourparler.domain.talks import Person, Talks, TalksStatus
from pourparler.domain.template import ceasefire_framework
from pourparler.store import SqlUnitOfWork, make_engine, make_session_factory, upgrade

NOW = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade(database_url)
    return database_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def new_uow(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    sessions = make_session_factory(engine)
    return lambda: SqlUnitOfWork(sessions)


@pytest.fixture
def people() -> dict[str, Person]:
    return {
        "amina": Person("Amina Haddad", "Amina@North.example"),
        "bo": Person("Bo Lindqvist", "bo@south.example", password_hash="$argon2id$x"),
        "clara": Person("Clara Méndez", "clara@mediation.example", operator=True),
    }


def whole_talks(people: dict[str, Person]) -> Talks:
    """Talks with something of every kind: parties, seats, the three kinds of issue, a proposal
    and its counter-proposal answered from another zone, and a memorandum of two versions."""
    amina, bo, clara = people["amina"], people["bo"], people["clara"]
    talks = Talks(
        "Ceasefire talks — Lac Léman",
        subject="Cessation of hostilities in the northern districts",
        languages=("en", "fr", "ar"),
        created_at=NOW,
    )
    north, south = talks.add_party("Northern Coalition"), talks.add_party("Southern Front")
    talks.seat(amina.id, Role.HEAD, north.id)
    talks.seat(bo.id, Role.HEAD, south.id)
    talks.seat(clara.id, Role.MEDIATOR)
    for issue in ceasefire_framework():
        talks.add_issue(issue)
    first = Round.propose(
        number=1,
        starts_at=datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/Zurich")),
        time_zone="Europe/Zurich",
        venue="Palais des Nations",
        format=RoundFormat.IN_PERSON,
        proposed_by=amina.id,
        proposing_party_id=north.id,
        party_ids=(north.id, south.id),
        now=NOW,
    )
    talks.add_round(first)
    change = RoundChange(
        starts_at=datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
        time_zone="Asia/Tokyo",
        format="hybrid",
    )
    counter = talks.add_round(first.counter(south.id, bo.id, NOW, 1, change))
    counter.accept(north.id, amina.id, NOW.astimezone(ZoneInfo("America/New_York")))
    memorandum = talks.add_memorandum(Memorandum(north.id, "Our vision", round_id=counter.id))
    _save_two_versions(talks, memorandum, amina)
    talks.set_status(TalksStatus.ACTIVE)
    return talks


def _save_two_versions(talks: Talks, memorandum: Memorandum, author: Person) -> None:
    kinds = {kind: [i for i in talks.framework if i.kind is kind] for kind in IssueKind}
    options, days, clause = (
        kinds[IssueKind.OPTIONS][0],
        kinds[IssueKind.RANGE][0],
        kinds[IssueKind.CLAUSE][0],
    )
    positions = [
        Position(
            options.id, asked_options=(options.options[1],), acceptable_options=options.options[:1]
        ),
        Position(
            days.id,
            asked_range=(30, 60),
            acceptable_range=(14, 90),
            rationale="Time to verify withdrawal",
        ),
        Position(
            clause.id,
            text="Political talks open within 30 days.",
            red_line=True,
            rationale="Sequencing",
        ),
    ]
    sections = [
        Section("intro", "Introduction", "Nous proposons… **un cessez-le-feu** durable."),
        Section("asks", "What we ask", "الوقف الفوري لإطلاق النار"),
    ]
    memorandum.save(
        framework=talks.framework,
        sections=sections,
        positions=positions[:1],
        author_id=author.id,
        now=NOW,
    )
    second = memorandum.save(
        framework=talks.framework,
        sections=sections,
        positions=positions,
        author_id=author.id,
        now=NOW + timedelta(hours=2),
    )
    second.shared_with_mediator = True
    second.revealed_at = NOW + timedelta(days=1)


@pytest.fixture
def build_talks() -> Callable[[dict[str, Person]], Talks]:
    return whole_talks


@pytest.fixture
def stored_talks(new_uow: Callable[[], SqlUnitOfWork], people: dict[str, Person]) -> Talks:
    talks = whole_talks(people)
    with new_uow() as uow:
        for person in people.values():
            uow.people.add(person)
        uow.talks.add(talks)
        uow.commit()
    return talks
