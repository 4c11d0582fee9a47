"""The tables, and the imperative mapping of the domain's classes onto them.

The domain never imports SQLAlchemy: its dataclasses are mapped from here, once, when
`start_mappers()` is first called. Loading does not call the classes' `__init__`, so stored
objects come back without running their validation again.

Foreign keys that point from one child of the talks to another (a seat to its party, a round to
the round it supersedes), or across aggregates (a seat to its person, the record to its talks),
are checked at commit (`DEFERRABLE INITIALLY DEFERRED`): the ORM orders inserts only along
relationships, so a check at each statement would depend on an order nobody chose.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import relationship

from pourparler.domain.bidding import SecretVerdict
from pourparler.domain.clarification import Clarification
from pourparler.domain.credential import Invitation, SignInFailure, SignInSession
from pourparler.domain.exchange import Commitment, Exchange
from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.note import MediatorNote
from pourparler.domain.profile import PreferenceProfile
from pourparler.domain.record import RecordEntry
from pourparler.domain.role import Membership, Role
from pourparler.domain.round import Round, RoundFormat, RoundStatus
from pourparler.domain.signature import Provenance, SignedHead, SigningKey
from pourparler.domain.talks import Party, Person, Talks, TalksStatus
from pourparler.domain.text import Acceptance, NegotiatingText, TextVersion
from pourparler.store import process_tables as process
from pourparler.store.credential_tables import invitations, sessions, sign_in_failures
from pourparler.store.profile_tables import preference_profiles, secret_verdicts
from pourparler.store.schema import (
    ID,
    id_column,
    mapper_registry,
    metadata,
    position_column,
    reference,
    talks_id_column,
)
from pourparler.store.signature_tables import record_signatures, signing_keys, talks_imports
from pourparler.store.types import (
    EnumText,
    NumericRangeJson,
    PositionsJson,
    ResponsesJson,
    SectionsJson,
    TextTuple,
    UtcDateTime,
)

__all__ = ["mapped", "metadata", "start_mappers", "stop_mappers"]

people = Table(
    "people",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("operator", Boolean, nullable=False),
    Column("opens_talks", Boolean, nullable=False, server_default=false()),
)

talks = Table(
    "talks",
    metadata,
    id_column(),
    Column("title", String(300), nullable=False),
    Column("subject", Text, nullable=False),
    Column("languages", TextTuple, nullable=False),
    Column("status", EnumText(TalksStatus), nullable=False),
    Column("created_at", UtcDateTime, nullable=True),
    Column("statement", Text, nullable=False),
)

parties = Table(
    "parties",
    metadata,
    id_column(),
    talks_id_column(),
    Column("name", String(200), nullable=False),
    position_column(),
)

memberships = Table(
    "memberships",
    metadata,
    id_column(),
    talks_id_column(),
    reference("person_id", "people.id", index=True),
    Column("role", EnumText(Role), nullable=False),
    reference("party_id", "parties.id", nullable=True),
    position_column(),
    Column("confirmed", Boolean, nullable=False),  # by the party's head; see Membership
    UniqueConstraint("talks_id", "person_id"),  # one seat per person in a talks
)

issues = Table(
    "issues",
    metadata,
    id_column(),
    talks_id_column(),
    Column("title", String(200), nullable=False),
    Column("kind", EnumText(IssueKind), nullable=False),
    Column("category", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("options", TextTuple, nullable=False),
    Column("range", NumericRangeJson, nullable=True),
    Column("order", Integer, nullable=False),
    position_column(),
)

rounds = Table(
    "rounds",
    metadata,
    id_column(),
    talks_id_column(),
    Column("number", Integer, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("venue", String(300), nullable=False),
    Column("format", EnumText(RoundFormat), nullable=False),
    reference("proposed_by", "people.id"),
    reference("proposing_party_id", "parties.id", nullable=True),
    Column("required_party_ids", TextTuple, nullable=False),
    Column("status", EnumText(RoundStatus), nullable=False),
    Column("responses", ResponsesJson, nullable=False),
    reference("supersedes_id", "rounds.id", nullable=True),
    Column("outcome", Text, nullable=False),
    Column("reason", Text, nullable=False),
    position_column(),
)

memoranda = Table(
    "memoranda",
    metadata,
    id_column(),
    talks_id_column(),
    reference("party_id", "parties.id"),
    Column("title", String(300), nullable=False),
    reference("round_id", "rounds.id", nullable=True),
    position_column(),
)

memorandum_versions = Table(
    "memorandum_versions",
    metadata,
    id_column(),
    Column(
        "memorandum_id",
        String(ID),
        ForeignKey("memoranda.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("number", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    reference("author_id", "people.id"),
    Column("sections", SectionsJson, nullable=False),
    Column("positions", PositionsJson, nullable=False),
    Column("shared_with_mediator", Boolean, nullable=False),
    Column("revealed_at", UtcDateTime, nullable=True),
    Column("revealed_to", TextTuple, nullable=False),
    UniqueConstraint("memorandum_id", "number"),
)

record_entries = Table(
    "record_entries",
    metadata,
    id_column(),
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=True),  # a stub (a private act seen from outside) has none
    # no foreign key: the record names whoever acted, and outlives any account
    Column("actor_id", String(ID), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("act", String(100), nullable=False),
    Column("data", JSON, nullable=False),
    reference("party_id", "parties.id", nullable=True),
    Column("audience", Text, nullable=True),  # None, or tokens widening who sees the entry
    Column("prev_hash", String(64), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("stub", Boolean, nullable=False),
    UniqueConstraint("talks_id", "seq"),
)

record_heads = Table(
    "record_heads",
    metadata,
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        primary_key=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)


def _children(cls: type, table: Table) -> Any:
    """A list of the talks that keeps its order and deletes what the domain drops from it."""
    return relationship(
        cls,
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by=table.c.position,
        collection_class=ordering_list("_position"),
    )


_started = False


def _map_process() -> None:
    mapper_registry.map_imperatively(
        Commitment, process.commitments, properties={"_position": process.commitments.c.position}
    )
    mapper_registry.map_imperatively(
        Exchange,
        process.exchanges,
        properties={
            "_position": process.exchanges.c.position,
            "commitments": _children(Commitment, process.commitments),
        },
    )
    mapper_registry.map_imperatively(
        Clarification,
        process.clarifications,
        properties={"_position": process.clarifications.c.position},
    )
    mapper_registry.map_imperatively(
        MediatorNote,
        process.mediator_notes,
        properties={"_position": process.mediator_notes.c.position},
    )
    mapper_registry.map_imperatively(TextVersion, process.text_versions)
    mapper_registry.map_imperatively(
        Acceptance, process.acceptances, properties={"_position": process.acceptances.c.position}
    )
    mapper_registry.map_imperatively(
        NegotiatingText,
        process.texts,
        properties={
            "versions": relationship(
                TextVersion,
                cascade="all, delete-orphan",
                lazy="selectin",
                order_by=process.text_versions.c.number,
            ),
            "acceptances": _children(Acceptance, process.acceptances),
        },
    )


def start_mappers() -> None:
    """Map the domain classes onto the tables; calling it again does nothing."""
    global _started
    if _started:
        return
    _started = True
    mapper_registry.map_imperatively(Person, people)
    mapper_registry.map_imperatively(Party, parties, properties={"_position": parties.c.position})
    mapper_registry.map_imperatively(
        Membership, memberships, properties={"_position": memberships.c.position}
    )
    mapper_registry.map_imperatively(Issue, issues, properties={"_position": issues.c.position})
    mapper_registry.map_imperatively(Round, rounds, properties={"_position": rounds.c.position})
    mapper_registry.map_imperatively(MemorandumVersion, memorandum_versions)
    mapper_registry.map_imperatively(
        Memorandum,
        memoranda,
        properties={
            "_position": memoranda.c.position,
            "versions": relationship(
                MemorandumVersion,
                cascade="all, delete-orphan",
                lazy="selectin",
                order_by=memorandum_versions.c.number,
            ),
        },
    )
    _map_process()
    mapper_registry.map_imperatively(
        PreferenceProfile,
        preference_profiles,
        properties={"_position": preference_profiles.c.position},
    )
    mapper_registry.map_imperatively(SecretVerdict, secret_verdicts)
    mapper_registry.map_imperatively(
        Talks,
        talks,
        properties={
            "parties": _children(Party, parties),
            "memberships": _children(Membership, memberships),
            "issues": _children(Issue, issues),
            "rounds": _children(Round, rounds),
            "memoranda": _children(Memorandum, memoranda),
            "exchanges": _children(Exchange, process.exchanges),
            "clarifications": _children(Clarification, process.clarifications),
            "profiles": _children(PreferenceProfile, preference_profiles),
            "notes": _children(MediatorNote, process.mediator_notes),
            "text": relationship(
                NegotiatingText, cascade="all, delete-orphan", lazy="selectin", uselist=False
            ),
            "secret_verdict": relationship(
                SecretVerdict, cascade="all, delete-orphan", lazy="selectin", uselist=False
            ),
        },
    )
    mapper_registry.map_imperatively(RecordEntry, record_entries)
    mapper_registry.map_imperatively(SignedHead, record_signatures)
    mapper_registry.map_imperatively(SigningKey, signing_keys)
    mapper_registry.map_imperatively(Provenance, talks_imports)
    mapper_registry.map_imperatively(SignInSession, sessions)
    mapper_registry.map_imperatively(Invitation, invitations)
    mapper_registry.map_imperatively(SignInFailure, sign_in_failures)


def mapped() -> bool:
    return _started


def stop_mappers() -> None:
    """Undo the mapping, so the domain's classes are plain again (for tests in one process)."""
    global _started
    if _started:
        mapper_registry.dispose()
        _started = False
