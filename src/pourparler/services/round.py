"""Use cases of rounds: propose, answer, open, close, postpone, reschedule, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.error import NotAllowed
from pourparler.domain.role import Actor
from pourparler.domain.round import Round, RoundChange, RoundFormat
from pourparler.domain.talks import TalksStatus
from pourparler.services.access import (
    in_talks,
    reading_talks,
    record,
    require,
    require_conduct,
    require_head,
)
from pourparler.services.model import RoundView
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view import round_view

__all__ = [
    "accept_round",
    "cancel_round",
    "close_round",
    "counter_round",
    "decline_round",
    "open_round",
    "postpone_round",
    "propose_round",
    "reschedule_round",
    "still_to_answer",
]


def _round_facts(proposal: Round) -> dict[str, Any]:
    return {
        "round": proposal.id,
        "number": proposal.number,
        "starts_at": proposal.starts_at.isoformat(),
        "time_zone": proposal.time_zone,
        "venue": proposal.venue,
        "format": proposal.format.value,
        "supersedes": proposal.supersedes_id,
    }


def _proposing_party(actor: Actor) -> str | None:
    """A head proposes for their party; the mediator proposes for nobody."""
    party = actor.party_id
    if party and actor.is_head_of(party):
        return party
    if actor.is_mediator:
        return None
    raise NotAllowed("only a head of delegation or the mediator proposes rounds")


def propose_round(
    svc: Services,
    who: Principal,
    talks_id: str,
    *,
    starts_at: datetime,
    time_zone: str,
    venue: str,
    format: RoundFormat | str = RoundFormat.IN_PERSON,
) -> RoundView:
    """Propose a round; every other party must accept it before it is scheduled."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        now = svc.clock()
        proposal = Round.propose(
            number=talks.next_round_number(),
            starts_at=starts_at,
            time_zone=time_zone,
            venue=venue,
            format=format,
            proposed_by=actor.person_id or "",
            proposing_party_id=_proposing_party(actor),
            party_ids=tuple(p.id for p in talks.parties),
            now=now,
        )
        talks.add_round(proposal)
        record(uow, talks, actor, Act.ROUND_PROPOSED, now, **_round_facts(proposal))
        uow.commit()
        return round_view(proposal)


def _answering(actor: Actor) -> str:
    party = actor.party_id
    if party is None:
        raise NotAllowed("only a party's head of delegation answers a proposal")
    require_head(actor, party)
    return party


def accept_round(svc: Services, who: Principal, talks_id: str, round_id: str) -> RoundView:
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party = _answering(actor)
        proposal = talks.round(round_id)
        now = svc.clock()
        proposal.accept(party, actor.person_id or "", now)
        record(
            uow,
            talks,
            actor,
            Act.ROUND_ACCEPTED,
            now,
            round=proposal.id,
            party=party,
            status=proposal.status.value,
        )
        uow.commit()
        return round_view(proposal)


def decline_round(
    svc: Services, who: Principal, talks_id: str, round_id: str, *, reason: str
) -> RoundView:
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party = _answering(actor)
        proposal = talks.round(round_id)
        now = svc.clock()
        proposal.decline(party, actor.person_id or "", now, reason)
        record(
            uow,
            talks,
            actor,
            Act.ROUND_DECLINED,
            now,
            round=proposal.id,
            party=party,
            reason=proposal.reason,
        )
        uow.commit()
        return round_view(proposal)


def counter_round(
    svc: Services, who: Principal, talks_id: str, round_id: str, *, change: RoundChange
) -> RoundView:
    """Counter-propose: a new linked proposal that supersedes the original."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party = _answering(actor)
        original = talks.round(round_id)
        now = svc.clock()
        counter = original.counter(party, actor.person_id or "", now, original.number, change)
        talks.add_round(counter)
        record(uow, talks, actor, Act.ROUND_COUNTER_PROPOSED, now, **_round_facts(counter))
        uow.commit()
        return round_view(counter)


PAST_TENSE = {
    "open": Act.ROUND_OPENED,
    "close": Act.ROUND_CLOSED,
    "postpone": Act.ROUND_POSTPONED,
    "cancel": Act.ROUND_CANCELLED,
}


def _conduct(
    svc: Services, who: Principal, talks_id: str, round_id: str, act: str, **arguments: str
) -> RoundView:
    """Open, close, postpone or cancel: the mediator, or a head where there is no mediator."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_conduct(talks, actor, "runs the rounds")
        proposal = talks.round(round_id)
        if act == "open":
            proposal.open(svc.clock())
        else:
            getattr(proposal, act)(**arguments)
        if act == "open" and talks.status is TalksStatus.PREPARING:
            talks.set_status(TalksStatus.ACTIVE)
        record(
            uow,
            talks,
            actor,
            PAST_TENSE[act],
            svc.clock(),
            round=proposal.id,
            number=proposal.number,
            **arguments,
        )
        uow.commit()
        return round_view(proposal)


def open_round(svc: Services, who: Principal, talks_id: str, round_id: str) -> RoundView:
    return _conduct(svc, who, talks_id, round_id, "open")


def close_round(
    svc: Services, who: Principal, talks_id: str, round_id: str, *, outcome: str
) -> RoundView:
    return _conduct(svc, who, talks_id, round_id, "close", outcome=outcome)


def postpone_round(
    svc: Services, who: Principal, talks_id: str, round_id: str, *, reason: str
) -> RoundView:
    return _conduct(svc, who, talks_id, round_id, "postpone", reason=reason)


def cancel_round(
    svc: Services, who: Principal, talks_id: str, round_id: str, *, reason: str
) -> RoundView:
    return _conduct(svc, who, talks_id, round_id, "cancel", reason=reason)


def reschedule_round(
    svc: Services, who: Principal, talks_id: str, round_id: str, *, starts_at: datetime
) -> RoundView:
    """A new date for a postponed round: the proposer's side, or the mediator, sets it."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        proposal = talks.round(round_id)
        party = proposal.proposing_party_id
        require(
            actor.is_mediator or (party is not None and actor.is_head_of(party)),
            "only the mediator or the proposing head of delegation reschedules a round",
        )
        now = svc.clock()
        proposal.reschedule(starts_at, now)
        record(uow, talks, actor, Act.ROUND_RESCHEDULED, now, **_round_facts(proposal))
        uow.commit()
        return round_view(proposal)


def still_to_answer(svc: Services, who: Principal, talks_id: str, round_id: str) -> list[str]:
    """The names of the parties whose answer the round still waits for, in the talks' order."""
    with reading_talks(svc, who, talks_id) as (_, talks, _actor):
        waiting = set(talks.round(round_id).awaiting)
        return [p.name for p in talks.parties if p.id in waiting]
