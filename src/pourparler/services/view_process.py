"""Per-actor documents of exchanges, clarifications and the negotiating text."""

from __future__ import annotations

from typing import Any

from pourparler.domain.clarification import Clarification
from pourparler.domain.exchange import Commitment, Exchange, ExchangeStatus, revealed_to
from pourparler.domain.role import Actor
from pourparler.domain.text import NegotiatingText, TextVersion
from pourparler.services.access import reads_content, reveal_reaches
from pourparler.services.model import ClarificationView, ExchangeView, TextVersionView

__all__ = [
    "clarification_document",
    "clarification_view",
    "exchange_document",
    "exchange_view",
    "text_document",
    "text_version_document",
    "text_version_view",
]


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _commitment(actor: Actor, exchange: Exchange, c: Commitment) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": c.id,
        "party": c.party_id,
        "digest": c.digest,
        "committed_at": _iso(c.committed_at),
        "committed_by": c.committed_by,
        "withdrawn_at": _iso(c.withdrawn_at),
    }
    revealed = exchange.status is ExchangeStatus.REVEALED and c.active
    if actor.is_member_of(c.party_id) or (
        revealed and reveal_reaches(actor, revealed_to(exchange))
    ):
        document.update(
            memorandum=c.memorandum_id, version=c.version_id, salt=c.salt, document=c.canonical
        )
    return document


def exchange_document(actor: Actor, exchange: Exchange) -> dict[str, Any]:
    """Before reveal, others see that a party committed, when, and the commitment only."""
    return {
        "id": exchange.id,
        "round": exchange.round_id,
        "title": exchange.title,
        "policy": exchange.policy.value,
        "parties": list(exchange.party_ids),
        "opened_at": _iso(exchange.opened_at),
        "opened_by": exchange.opened_by,
        "deadline": _iso(exchange.deadline),
        "status": exchange.status.value,
        "revealed_at": _iso(exchange.revealed_at),
        "commitments": [_commitment(actor, exchange, c) for c in exchange.commitments],
    }


def exchange_view(actor: Actor, exchange: Exchange) -> ExchangeView:
    """The typed read model of an exchange, as `actor` may read it (see exchange_document)."""
    return ExchangeView.model_validate(exchange_document(actor, exchange))


def clarification_document(actor: Actor, asked: Clarification) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": asked.id,
        "round": asked.round_id,
        "memorandum": asked.memorandum_id,
        "version": asked.version_id,
        "anchor": asked.anchor.value,
        "anchor_key": asked.anchor_key,
        "asking_party": asked.asking_party_id,
        "answering_party": asked.answering_party_id,
        "asked_by": asked.asked_by,
        "asked_at": _iso(asked.asked_at),
        "answered_by": asked.answered_by,
        "answered_at": _iso(asked.answered_at),
        "status": asked.status.value,
    }
    if reads_content(actor):
        document.update(question=asked.question, answer=asked.answer)
    return document


def clarification_view(actor: Actor, asked: Clarification) -> ClarificationView:
    """The typed read model of a clarification, as `actor` may read it."""
    return ClarificationView.model_validate(clarification_document(actor, asked))


def text_version_document(version: TextVersion, *, with_content: bool) -> dict[str, Any]:
    """One version of the single text; its clauses only `with_content` (see reads_content)."""
    document: dict[str, Any] = {
        "id": version.id,
        "number": version.number,
        "hash": version.hash,
        "created_at": _iso(version.created_at),
        "created_by": version.created_by,
    }
    if with_content:
        document["clauses"] = [c.to_dict() for c in version.clauses]
    return document


def text_version_view(version: TextVersion, *, with_content: bool) -> TextVersionView:
    """The typed read model of a version of the single text (services/model.py)."""
    return TextVersionView.model_validate(text_version_document(version, with_content=with_content))


def text_document(actor: Actor, text: NegotiatingText) -> dict[str, Any]:
    content = reads_content(actor)
    return {
        "id": text.id,
        "title": text.title,
        "versions": [
            text_version_document(v, with_content=content)
            for v in sorted(text.versions, key=lambda v: v.number)
        ],
        "acceptances": [
            {
                "id": a.id,
                "party": a.party_id,
                "hash": a.version_hash,
                "by": a.accepted_by,
                "at": _iso(a.accepted_at),
                "withdrawn_at": _iso(a.withdrawn_at),
            }
            for a in text.acceptances
        ],
    }
