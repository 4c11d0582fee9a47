"""Use cases of clarifications: ask about a revealed document, answer, close."""

from __future__ import annotations

from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.base import parse_choice
from pourparler.domain.clarification import (
    Anchor,
    Clarification,
    ClarificationStatus,
    check_anchor,
)
from pourparler.domain.error import NotFound, RuleViolation
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks
from pourparler.services.access import (
    can_read_version,
    in_talks,
    readable_version,
    reading_talks,
    record,
    require,
)
from pourparler.services.model import ClarificationView
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view_process import clarification_document, clarification_view

__all__ = [
    "anchor_label",
    "anchor_labels",
    "answer_clarification",
    "ask_clarification",
    "close_clarification",
    "list_clarifications",
]


def _writing_party(actor: Actor) -> str:
    party = actor.party_id
    require(
        party is not None and actor.writes_for(party),
        "only a party's head of delegation or delegates ask and answer clarifications",
    )
    return party or ""


def _round_of(talks: Talks, version_id: str) -> str | None:
    """The round whose exchange revealed this version."""
    for exchange in talks.exchanges:
        if exchange.revealed_at and any(c.version_id == version_id for c in exchange.active):
            return exchange.round_id
    return None


def anchor_label(talks: Talks, actor: Actor, asked: Clarification) -> str:
    """What a clarification is about, in words: the issue's title, or the section's heading
    for those who may read the document (anyone else gets the section's key)."""
    if asked.anchor is not Anchor.SECTION:
        try:
            title = talks.issue(asked.anchor_key).title
        except NotFound:
            title = asked.anchor_key
        return f"{asked.anchor.value} on {title!r}"
    try:
        memorandum, version = talks.version_by_id(asked.version_id)
    except NotFound:
        return f"section {asked.anchor_key!r}"
    section = next((s for s in version.sections if s.key == asked.anchor_key), None)
    if section is None or not can_read_version(actor, memorandum, version):
        return f"section {asked.anchor_key!r}"
    return f"section {section.heading!r}"


def anchor_labels(svc: Services, who: Principal, talks_id: str) -> dict[str, str]:
    """Each clarification's anchor in words (see `anchor_label`), by clarification id."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return {c.id: anchor_label(talks, actor, c) for c in talks.clarifications}


def _anchor_filter(anchor: str | None) -> tuple[Anchor | None, str]:
    """The kind and key a filter names: a kind ("section") or a kind and key ("section:intro",
    "position:ISSUE-ID"); refused, even when nothing would match, if the kind is unknown."""
    if anchor is None:
        return None, ""
    kind, _, key = anchor.partition(":")
    return parse_choice(Anchor, kind.strip(), "anchor"), key.strip()


def list_clarifications(
    svc: Services,
    who: Principal,
    talks_id: str,
    *,
    status: str | None = None,
    anchor: str | None = None,
    round_id: str | None = None,
    memorandum_id: str | None = None,
) -> list[dict[str, Any]]:
    """Clarifications, oldest first, with what each is about in words (`anchor_name`); only
    those in `status`, on `anchor`, of a round or on a memorandum when those are given. The
    secretariat gets their metadata only, without question or answer."""
    wanted = parse_choice(ClarificationStatus, status, "status") if status else None
    kind, key = _anchor_filter(anchor)
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return [
            {**clarification_document(actor, c), "anchor_name": anchor_label(talks, actor, c)}
            for c in talks.clarifications
            if (wanted is None or c.status is wanted)
            and (kind is None or c.anchor is kind)
            and (not key or c.anchor_key == key)
            and (round_id is None or c.round_id == round_id)
            and (memorandum_id is None or c.memorandum_id == memorandum_id)
        ]


def ask_clarification(
    svc: Services,
    who: Principal,
    talks_id: str,
    *,
    memorandum_id: str,
    version: int,
    anchor: str,
    key: str,
    question: str,
) -> ClarificationView:
    """Ask another party about a point of its revealed document."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        party = _writing_party(actor)
        memorandum, document = readable_version(talks, actor, memorandum_id, version)
        if document.revealed_at is None:
            raise RuleViolation("clarifications are asked about revealed documents")
        kind = parse_choice(Anchor, anchor, "anchor")
        check_anchor(document, talks.framework, kind, key)
        now = svc.clock()
        asked = Clarification(
            _round_of(talks, document.id),
            memorandum.id,
            document.id,
            kind,
            key,
            party,
            memorandum.party_id,
            question,
            actor.person_id or "",
            now,
        )
        talks.clarifications.append(asked)
        record(
            uow,
            talks,
            actor,
            Act.CLARIFICATION_ASKED,
            now,
            clarification=asked.id,
            round=asked.round_id,
            memorandum=memorandum.id,
            anchor=f"{kind.value}:{key}",
            asking_party=party,
            answering_party=memorandum.party_id,
        )
        uow.commit()
        return clarification_view(actor, asked)


def answer_clarification(
    svc: Services, who: Principal, talks_id: str, clarification_id: str, *, answer: str
) -> ClarificationView:
    """Answer a question put to your party."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        party = _writing_party(actor)
        asked = talks.clarification(clarification_id)
        now = svc.clock()
        asked.give_answer(answer, actor.person_id or "", party, now)
        record(
            uow,
            talks,
            actor,
            Act.CLARIFICATION_ANSWERED,
            now,
            clarification=asked.id,
            round=asked.round_id,
        )
        uow.commit()
        return clarification_view(actor, asked)


def close_clarification(
    svc: Services, who: Principal, talks_id: str, clarification_id: str
) -> ClarificationView:
    """Close a clarification: the asking party, or the mediator."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        asked = talks.clarification(clarification_id)
        require(
            actor.is_mediator or actor.writes_for(asked.asking_party_id),
            "only the asking party or the mediator closes a clarification",
        )
        asked.close()
        record(
            uow,
            talks,
            actor,
            Act.CLARIFICATION_CLOSED,
            svc.clock(),
            clarification=asked.id,
            round=asked.round_id,
        )
        uow.commit()
        return clarification_view(actor, asked)
