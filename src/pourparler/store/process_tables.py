"""Tables of the process inside a round: sealed exchanges, clarifications, the single text,
the mediator's notes."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from pourparler.domain.clarification import Anchor, ClarificationStatus
from pourparler.domain.exchange import ExchangeStatus, RevealPolicy
from pourparler.store.schema import (
    ID,
    id_column,
    metadata,
    position_column,
    reference,
    talks_id_column,
)
from pourparler.store.types import ClausesJson, EnumText, TextTuple, UtcDateTime

__all__ = [
    "acceptances",
    "clarifications",
    "commitments",
    "exchanges",
    "mediator_notes",
    "text_versions",
    "texts",
]


def _owned_by(name: str, target: str) -> Column[str]:
    """A row that lives and dies with its parent row."""
    return Column(
        name, String(ID), ForeignKey(target, ondelete="CASCADE"), nullable=False, index=True
    )


exchanges = Table(
    "exchanges",
    metadata,
    id_column(),
    talks_id_column(),
    reference("round_id", "rounds.id"),
    Column("title", String(300), nullable=False),
    Column("policy", EnumText(RevealPolicy), nullable=False),
    Column("party_ids", TextTuple, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(ID), nullable=False),
    Column("deadline", UtcDateTime, nullable=True),
    Column("status", EnumText(ExchangeStatus), nullable=False),
    Column("revealed_at", UtcDateTime, nullable=True),
    position_column(),
)

commitments = Table(
    "commitments",
    metadata,
    id_column(),
    _owned_by("exchange_id", "exchanges.id"),
    reference("party_id", "parties.id"),
    # Plain ids: an import may hold commitments whose documents its exporter could not read.
    Column("memorandum_id", String(ID), nullable=False),
    Column("version_id", String(ID), nullable=False),
    Column("salt", String(64), nullable=False),
    Column("canonical", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("committed_at", UtcDateTime, nullable=False),
    Column("committed_by", String(ID), nullable=False),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    position_column(),
)

clarifications = Table(
    "clarifications",
    metadata,
    id_column(),
    talks_id_column(),
    Column("round_id", String(ID), nullable=True),
    Column("memorandum_id", String(ID), nullable=False),
    Column("version_id", String(ID), nullable=False),
    Column("anchor", EnumText(Anchor), nullable=False),
    Column("anchor_key", String(80), nullable=False),
    reference("asking_party_id", "parties.id"),
    reference("answering_party_id", "parties.id"),
    Column("question", Text, nullable=False),
    Column("asked_by", String(ID), nullable=False),
    Column("asked_at", UtcDateTime, nullable=False),
    Column("answer", Text, nullable=False),
    Column("answered_by", String(ID), nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("status", EnumText(ClarificationStatus), nullable=False),
    position_column(),
)

texts = Table(
    "negotiating_texts",
    metadata,
    id_column(),
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("title", String(300), nullable=False),
)

text_versions = Table(
    "text_versions",
    metadata,
    id_column(),
    _owned_by("text_id", "negotiating_texts.id"),
    Column("number", Integer, nullable=False),
    Column("clauses", ClausesJson, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(ID), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("text_id", "number"),
)

acceptances = Table(
    "acceptances",
    metadata,
    id_column(),
    _owned_by("text_id", "negotiating_texts.id"),
    reference("party_id", "parties.id"),
    Column("version_hash", String(64), nullable=False),
    Column("accepted_by", String(ID), nullable=False),
    Column("accepted_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    position_column(),
)

mediator_notes = Table(
    "mediator_notes",
    metadata,
    id_column(),
    talks_id_column(),
    # Plain ids: a note outlives neither its talks nor needs its round or author to stay stored.
    Column("round_id", String(ID), nullable=True),
    Column("author_id", String(ID), nullable=False),
    Column("written_at", UtcDateTime, nullable=False),
    Column("text", Text, nullable=False),
    position_column(),
)
