"""Use cases of the sealed exchange: open, commit, withdraw, reveal, close, verify."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.base import parse_choice
from pourparler.domain.error import IntegrityFailure, InvalidInput, NotAllowed, NotFound
from pourparler.domain.exchange import Exchange, RevealPolicy, commitment_digest, revealed_to
from pourparler.domain.record import MEDIATOR, party_token
from pourparler.domain.role import Actor
from pourparler.domain.round import RoundStatus
from pourparler.domain.talks import Talks
from pourparler.services.access import in_talks, reading_talks, record, require, require_conduct
from pourparler.services.model import ExchangeView
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal
from pourparler.services.verification import Verification
from pourparler.services.view_process import exchange_document, exchange_view

__all__ = [
    "close_exchange",
    "commit_document",
    "list_exchanges",
    "open_exchange",
    "reveal_exchange",
    "show_exchange",
    "verify_exported_exchange",
    "withdraw_commitment",
]


def open_exchange(
    svc: Services,
    who: Principal,
    talks_id: str,
    round_id: str,
    *,
    title: str,
    policy: str = "all_or_nothing",
    deadline: datetime | None = None,
) -> ExchangeView:
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        require_conduct(talks, actor, "runs the exchange")
        meeting = talks.round(round_id)
        if meeting.status not in (RoundStatus.SCHEDULED, RoundStatus.OPEN):
            raise InvalidInput(
                f"round {meeting.number} is {meeting.status.value}: "
                "an exchange belongs to a scheduled or open round"
            )
        now = svc.clock()
        exchange = Exchange(
            round_id,
            title,
            parse_choice(RevealPolicy, policy, "reveal policy"),
            tuple(p.id for p in talks.parties),
            now,
            actor.person_id or "",
            deadline,
        )
        talks.exchanges.append(exchange)
        record(
            uow,
            talks,
            actor,
            Act.EXCHANGE_OPENED,
            now,
            exchange=exchange.id,
            round=round_id,
            title=exchange.title,
            policy=exchange.policy.value,
            deadline=deadline.isoformat() if deadline else None,
        )
        uow.commit()
        return exchange_view(actor, exchange)


def list_exchanges(svc: Services, who: Principal, talks_id: str) -> list[dict[str, Any]]:
    """The talks' exchanges as the caller may read them: before a reveal, another party's
    commitment shows only that it exists, when, and its digest."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return [exchange_document(actor, e) for e in talks.exchanges]


def show_exchange(svc: Services, who: Principal, talks_id: str, exchange_id: str) -> dict[str, Any]:
    """One exchange as the caller may read it (see `list_exchanges`)."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return exchange_document(actor, talks.exchange(exchange_id))


def _reveal(uow: UnitOfWork, talks: Talks, actor: Actor, exchange: Exchange, now: datetime) -> None:
    """Reveal the exchange's documents. At a deadline they go to the parties that committed and
    to the mediators only, and so does the act that publishes their salts."""
    revealed = exchange.reveal(now)
    to = revealed_to(exchange)
    for commitment in revealed:
        version = talks.version_by_id(commitment.version_id)[1]
        version.revealed_at, version.revealed_to = now, to
    audience = " ".join(sorted({party_token(p) for p in to} | {MEDIATOR})) if to else None
    record(
        uow,
        talks,
        actor,
        Act.DOCUMENTS_REVEALED,
        now,
        audience=audience,
        exchange=exchange.id,
        round=exchange.round_id,
        commitments=[{"party": c.party_id, "digest": c.digest, "salt": c.salt} for c in revealed],
    )


def commit_document(
    svc: Services,
    who: Principal,
    talks_id: str,
    exchange_id: str,
    *,
    memorandum_id: str,
    version: int,
) -> ExchangeView:
    """Seal one version of the party's memorandum into the exchange (its head of delegation)."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        exchange = talks.exchange(exchange_id)
        memorandum = talks.memorandum(memorandum_id)
        if not actor.is_member_of(memorandum.party_id):
            raise NotFound(f"no memorandum {memorandum_id} in these talks")
        require(
            actor.is_head_of(memorandum.party_id),
            "only the head of delegation commits the party's document",
        )
        chosen = memorandum.version(version)
        party = talks.party(memorandum.party_id)
        now = svc.clock()
        commitment = exchange.commit(
            party_id=party.id,
            memorandum_id=memorandum.id,
            version_id=chosen.id,
            canonical=chosen.canonical_bytes(memorandum.title, party.name),
            by=actor.person_id or "",
            now=now,
        )
        record(
            uow,
            talks,
            actor,
            Act.DOCUMENT_COMMITTED,
            now,
            exchange=exchange.id,
            party=party.id,
            digest=commitment.digest,
        )
        if exchange.due(now) and exchange.policy is RevealPolicy.ALL_OR_NOTHING:
            _reveal(uow, talks, actor, exchange, now)
        uow.commit()
        return exchange_view(actor, exchange)


def withdraw_commitment(svc: Services, who: Principal, talks_id: str, exchange_id: str) -> None:
    """Withdraw the party's commitment before reveal; the record shows it."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party = actor.party_id
        if party is None or not actor.is_head_of(party):
            raise NotAllowed("only a head of delegation withdraws the party's commitment")
        exchange = talks.exchange(exchange_id)
        now = svc.clock()
        withdrawn = exchange.withdraw(party, now)
        record(
            uow,
            talks,
            actor,
            Act.COMMITMENT_WITHDRAWN,
            now,
            exchange=exchange.id,
            party=party,
            digest=withdrawn.digest,
        )
        uow.commit()


def reveal_exchange(svc: Services, who: Principal, talks_id: str, exchange_id: str) -> ExchangeView:
    """Reveal once due: at the deadline, or when every party has committed."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_conduct(talks, actor, "runs the exchange")
        exchange = talks.exchange(exchange_id)
        _reveal(uow, talks, actor, exchange, svc.clock())
        uow.commit()
        return exchange_view(actor, exchange)


def close_exchange(svc: Services, who: Principal, talks_id: str, exchange_id: str) -> ExchangeView:
    """Close before reveal: nothing committed is ever revealed."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_conduct(talks, actor, "runs the exchange")
        exchange = talks.exchange(exchange_id)
        exchange.close()
        record(uow, talks, actor, Act.EXCHANGE_CLOSED_UNREVEALED, svc.clock(), exchange=exchange.id)
        uow.commit()
        return exchange_view(actor, exchange)


def verify_exported_exchange(
    document: Any, exchange_id: str, *, pinned: str | None = None
) -> tuple[list[dict[str, Any]], Verification]:
    """Check every revealed commitment of an exchange in an export, offline, after the export
    itself (its record, its facts, its signed head).

    Returns one line per commitment, and the export's verification; raises IntegrityFailure
    when the export or any commitment does not verify, and when there was nothing to verify.
    """
    from pourparler.services.verification import verify_export

    checked = verify_export(document, pinned=pinned)
    checked.raise_if_broken()
    try:
        exchanges = document["talks"]["exchanges"]
        exchange = next((e for e in exchanges if e["id"] == exchange_id), None)
        if exchange is None:
            raise NotFound(f"the export holds no exchange {exchange_id}")
        if exchange["status"] != "revealed":
            raise InvalidInput(
                f"exchange {exchange_id} is {exchange['status']}: "
                "only revealed documents can be verified"
            )
        names = {p["id"]: p["name"] for p in document["talks"]["parties"]}
        results = [
            {
                "party": names.get(c["party"], c["party"]),
                "digest": c["digest"],
                "verified": commitment_digest(c["salt"], c["document"].encode("utf-8"))
                == c["digest"],
            }
            for c in exchange["commitments"]
            if c.get("document") is not None and c.get("withdrawn_at") is None
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"malformed export: {type(exc).__name__} {exc}") from None
    if not results:
        raise IntegrityFailure(
            f"the export holds no revealed document of exchange {exchange_id}, so nothing was "
            "verified: use an export by a member of a party that received the reveal, by the "
            "mediator, or by an observer (the secretariat's export holds metadata only)"
        )
    bad = [r["party"] for r in results if not r["verified"]]
    if bad:
        raise IntegrityFailure(f"commitment of party {bad[0]} does not match its document")
    return results, checked
