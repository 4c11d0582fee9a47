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
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import registry, relationship

from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.record import RecordEntry
from pourparler.domain.role import Membership, Role
from pourparler.domain.round import Round, RoundFormat, RoundStatus
from pourparler.domain.talks import Party, Person, Talks, TalksStatus
from pourparler.store.types import (
    EnumText,
    NumericRangeJson,
    PositionsJson,
    ResponsesJson,
    SectionsJson,
    TextTuple,
    UtcDateTime,
)

__all__ = ["metadata", "start_mappers"]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
mapper_registry = registry(metadata=metadata)

ID = 36  # a generated id has 12 hex digits; room for UUIDs from elsewhere


def _id() -> Column[str]:
    return Column("id", String(ID), primary_key=True)


def _talks_id() -> Column[str]:
    """The link of a child row to its talks: deleting the talks deletes the child."""
    return Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _ref(name: str, target: str, *, nullable: bool = False, index: bool = False) -> Column[str]:
    """A reference checked at commit, so the order of inserts in a flush does not matter."""
    key = ForeignKey(target, deferrable=True, initially="DEFERRED")
    return Column(name, String(ID), key, nullable=nullable, index=index)


def _position() -> Column[int]:
    """Where a child stands in its talks' list, so lists come back in the order kept."""
    return Column("position", Integer, nullable=False)


people = Table(
    "people",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("operator", Boolean, nullable=False),
)

talks = Table(
    "talks",
    metadata,
    _id(),
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
    _id(),
    _talks_id(),
    Column("name", String(200), nullable=False),
    _position(),
)

memberships = Table(
    "memberships",
    metadata,
    _id(),
    _talks_id(),
    _ref("person_id", "people.id", index=True),
    Column("role", EnumText(Role), nullable=False),
    _ref("party_id", "parties.id", nullable=True),
    _position(),
    UniqueConstraint("talks_id", "person_id"),  # one seat per person in a talks
)

issues = Table(
    "issues",
    metadata,
    _id(),
    _talks_id(),
    Column("title", String(200), nullable=False),
    Column("kind", EnumText(IssueKind), nullable=False),
    Column("category", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("options", TextTuple, nullable=False),
    Column("range", NumericRangeJson, nullable=True),
    Column("order", Integer, nullable=False),
    _position(),
)

rounds = Table(
    "rounds",
    metadata,
    _id(),
    _talks_id(),
    Column("number", Integer, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("venue", String(300), nullable=False),
    Column("format", EnumText(RoundFormat), nullable=False),
    _ref("proposed_by", "people.id"),
    _ref("proposing_party_id", "parties.id", nullable=True),
    Column("required_party_ids", TextTuple, nullable=False),
    Column("status", EnumText(RoundStatus), nullable=False),
    Column("responses", ResponsesJson, nullable=False),
    _ref("supersedes_id", "rounds.id", nullable=True),
    Column("outcome", Text, nullable=False),
    Column("reason", Text, nullable=False),
    _position(),
)

memoranda = Table(
    "memoranda",
    metadata,
    _id(),
    _talks_id(),
    _ref("party_id", "parties.id"),
    Column("title", String(300), nullable=False),
    _ref("round_id", "rounds.id", nullable=True),
    _position(),
)

memorandum_versions = Table(
    "memorandum_versions",
    metadata,
    _id(),
    Column(
        "memorandum_id",
        String(ID),
        ForeignKey("memoranda.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("number", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    _ref("author_id", "people.id"),
    Column("sections", SectionsJson, nullable=False),
    Column("positions", PositionsJson, nullable=False),
    Column("shared_with_mediator", Boolean, nullable=False),
    Column("revealed_at", UtcDateTime, nullable=True),
    UniqueConstraint("memorandum_id", "number"),
)

record_entries = Table(
    "record_entries",
    metadata,
    _id(),
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    # no foreign key: the record names whoever acted, and outlives any account
    Column("actor_id", String(ID), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("act", String(100), nullable=False),
    Column("data", JSON, nullable=False),
    _ref("party_id", "parties.id", nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
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
    mapper_registry.map_imperatively(
        Talks,
        talks,
        properties={
            "parties": _children(Party, parties),
            "memberships": _children(Membership, memberships),
            "issues": _children(Issue, issues),
            "rounds": _children(Round, rounds),
            "memoranda": _children(Memorandum, memoranda),
        },
    )
    mapper_registry.map_imperatively(RecordEntry, record_entries)
