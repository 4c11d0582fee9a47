"""What an actor may read of talks, as plain JSON-ready documents.

Every interface (CLI, API, web, export) reads talks through these functions, so the
confidentiality contract of docs/security.md ("Who sees what") is applied in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from typing import Any, TypeVar

from pourparler.domain.comparison import Comparison
from pourparler.domain.framework import Issue
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.record import RecordEntry
from pourparler.domain.role import Actor
from pourparler.domain.round import Round
from pourparler.domain.talks import Person, Talks
from pourparler.services.access import (
    can_read_version,
    can_see_entry,
    knows_version,
    reading_talks,
)
from pourparler.services.fact import seated_people
from pourparler.services.model import IssueStanding, IssueView, RoundView, TalksSummary, VersionView
from pourparler.services.note import note_document
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal
from pourparler.services.profile import profile_document
from pourparler.services.query import all_talks
from pourparler.services.view_process import (
    clarification_document,
    exchange_document,
    text_document,
)

__all__ = [
    "entry_document",
    "issue_document",
    "issue_standing",
    "issue_view",
    "list_talks",
    "round_document",
    "round_view",
    "round_with_answers",
    "seated_people",
    "shaped_talks",
    "talks_body",
    "talks_document",
    "talks_summary",
    "version_document",
    "version_view",
    "visible_record",
]

T = TypeVar("T")


def signing_document(uow: UnitOfWork, talks: Talks) -> dict[str, Any]:
    """Who vouches for the talks' record: the keys that signed its heads (members pin them),
    and, for imported talks, whether the export's signatures held."""
    provenance = uow.record.provenance(talks.id)
    document: dict[str, Any] = {"keys": uow.record.signers(talks.id)}
    if provenance is not None:
        document["imported"] = {
            "at": provenance.imported_at.isoformat(),
            "verified": provenance.verified,
            "signed_by": provenance.signers.split(),
        }
    return document


def list_talks(svc: Services, who: Principal) -> list[dict[str, Any]]:
    """Talks the actor has a seat in (every talks, for the secretariat), newest first.

    Read with the summary query of services/query.py; `talks_page` pages it.
    """
    return [
        {
            "id": s.id,
            "title": s.title,
            "status": s.status.value,
            "parties": s.parties,
            "rounds": s.rounds,
        }
        for s in all_talks(svc, who)
    ]


def talks_summary(talks: Talks) -> TalksSummary:
    """The summary line of talks, as the talks list shows it to any seat in them."""
    return TalksSummary(
        id=talks.id,
        title=talks.title,
        status=talks.status,
        parties=[p.name for p in talks.parties],
        rounds=len({r.number for r in talks.rounds}),
        created_at=talks.created_at,
    )


def issue_document(issue: Issue) -> dict[str, Any]:
    return {
        "id": issue.id,
        "order": issue.order,
        "category": issue.category,
        "title": issue.title,
        "kind": issue.kind.value,
        "description": issue.description,
        "options": list(issue.options),
        "range": issue.range.to_dict() if issue.range else None,
    }


def round_document(proposal: Round) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "number": proposal.number,
        "status": proposal.status.value,
        "starts_at": proposal.starts_at.isoformat(),
        "local_start": proposal.local_start.isoformat(),
        "time_zone": proposal.time_zone,
        "venue": proposal.venue,
        "format": proposal.format.value,
        "proposed_by": proposal.proposed_by,
        "proposing_party": proposal.proposing_party_id,
        "required_parties": list(proposal.required_party_ids),
        "responses": [r.to_dict() for r in proposal.responses],
        "supersedes": proposal.supersedes_id,
        "outcome": proposal.outcome,
        "reason": proposal.reason,
    }


def round_with_answers(
    svc: Services, who: Principal, talks_id: str, round_id: str
) -> dict[str, Any]:
    """One round as any member reads it, with the names of the parties whose answer it still
    waits for, in the talks' order."""
    with reading_talks(svc, who, talks_id) as (_, talks, _actor):
        proposal = talks.round(round_id)
        waiting = set(proposal.awaiting)
        document = round_document(proposal)
        document["still_to_answer"] = [p.name for p in talks.parties if p.id in waiting]
        return document


def issue_view(issue: Issue) -> IssueView:
    """The typed read model of an issue (services/model.py)."""
    return IssueView.model_validate(issue_document(issue))


def issue_standing(compared: Comparison) -> IssueStanding:
    """The typed read model of one issue of a comparison."""
    return IssueStanding(
        issue=issue_view(compared.issue),
        standing=compared.standing,
        overlap=compared.overlap_label(),
        overlap_options=list(compared.overlap_options),
        overlap_range=compared.overlap_range,
        red_lines=list(compared.red_lines),
    )


def round_view(proposal: Round) -> RoundView:
    """The typed read model of a round: what a round use case hands an interface."""
    return RoundView.model_validate(round_document(proposal))


def version_document(
    version: MemorandumVersion, *, with_content: bool, with_sharing: bool = True
) -> dict[str, Any]:
    """A version's metadata, with its content when `with_content`.

    Sharing a version with the mediator is a private act of its party: `with_sharing` is for the
    party and the mediator only.
    """
    document: dict[str, Any] = {
        "id": version.id,
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "author": version.author_id,
        "revealed_at": version.revealed_at.isoformat() if version.revealed_at else None,
        "revealed_to": list(version.revealed_to),
    }
    if with_sharing:
        document["shared_with_mediator"] = version.shared_with_mediator
    if with_content:
        document["sections"] = [s.to_dict() for s in version.sections]
        document["positions"] = [p.to_dict() for p in version.positions]
    return document


def version_view(
    version: MemorandumVersion, *, with_content: bool, with_sharing: bool = True
) -> VersionView:
    """The typed read model of a memorandum version; `with_content` and `with_sharing` as in
    `version_document`, which decides what it holds."""
    return VersionView.model_validate(
        version_document(version, with_content=with_content, with_sharing=with_sharing)
    )


def _memorandum_document(actor: Actor, memorandum: Memorandum) -> dict[str, Any] | None:
    readable = [v for v in memorandum.versions if can_read_version(actor, memorandum, v)]
    metadata = [v for v in memorandum.versions if knows_version(actor, memorandum, v)]
    shown = readable or (metadata if actor.is_secretariat else [])
    if not shown:
        return None
    sharing = actor.is_member_of(memorandum.party_id) or actor.is_mediator
    return {
        "id": memorandum.id,
        "party": memorandum.party_id,
        "title": memorandum.title,
        "round": memorandum.round_id,
        "versions": [
            version_document(v, with_content=v in readable, with_sharing=sharing)
            for v in sorted(shown, key=lambda v: v.number)
        ],
    }


def entry_document(entry: RecordEntry) -> dict[str, Any]:
    if entry.stub:
        return {
            "seq": entry.seq,
            "prev_hash": entry.prev_hash,
            "content_hash": entry.content_hash,
            "hash": entry.hash,
            "stub": True,
        }
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds") if entry.at else None,
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "act": entry.act,
        "data": entry.data,
        "party": entry.party_id,
        "audience": entry.audience,
        "prev_hash": entry.prev_hash,
        "content_hash": entry.content_hash,
        "hash": entry.hash,
    }


def visible_record(
    uow: UnitOfWork, talks: Talks, actor: Actor, *, after: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """The record as `actor` receives it: others' private acts as stubs. With `after`, only the
    entries past that seq; with `limit`, at most that many (every interface pages through here,
    so that the one filter serves the export, the API and the live events alike)."""
    return [
        entry_document(e if can_see_entry(actor, e) else e.as_stub())
        for e in uow.record.entries(talks.id, after=after, limit=limit)
    ]


def talks_body(
    talks: Talks,
    actor: Actor,
    people: Mapping[str, Person],
    *,
    only: Container[str] | None = None,
) -> dict[str, Any]:
    """Everything `actor` may read of `talks`, the record aside; `people` maps the person id
    of every seat to its account.

    With `only`, just the parts named there: "head" (the talks' own fields), "parties",
    "members", "framework", "rounds", "memorandum:ID" (one memorandum), "exchanges",
    "clarifications", "text", "profiles", "notes" and "secret_verdict". An act's binding builds
    again only the parts the act changed (fact.py).
    """

    def wanted(part: str) -> bool:
        return only is None or part in only

    document: dict[str, Any] = {}
    if wanted("head"):
        document |= {
            "id": talks.id,
            "title": talks.title,
            "subject": talks.subject,
            "languages": list(talks.languages),
            "status": talks.status.value,
            "statement": talks.statement,
            "created_at": talks.created_at.isoformat() if talks.created_at else None,
        }
    if wanted("parties"):
        document["parties"] = [{"id": p.id, "name": p.name} for p in talks.parties]
    if wanted("members"):
        document["members"] = [
            {
                "person": m.person_id,
                "name": people[m.person_id].name,
                "email": people[m.person_id].email,
                "role": m.role.value,
                "party": m.party_id,
                "confirmed": m.confirmed,
            }
            for m in talks.memberships
        ]
    if wanted("framework"):
        document["framework"] = [issue_document(i) for i in talks.framework]
    if wanted("rounds"):
        document["rounds"] = [round_document(r) for r in talks.rounds_in_order()]
    memoranda = (
        _memorandum_document(actor, m) for m in talks.memoranda if wanted(f"memorandum:{m.id}")
    )
    document["memoranda"] = [m for m in memoranda if m is not None]
    if wanted("exchanges"):
        document["exchanges"] = [exchange_document(actor, e) for e in talks.exchanges]
    if wanted("clarifications"):
        document["clarifications"] = [
            clarification_document(actor, c) for c in talks.clarifications
        ]
    if wanted("text"):
        document["text"] = text_document(actor, talks.text) if talks.text else None
    if wanted("profiles"):
        # A profile is its own party's alone: the mediator gets analysis, never the profile.
        document["profiles"] = [
            profile_document(p) for p in talks.profiles if actor.is_member_of(p.party_id)
        ]
    if actor.is_mediator and wanted("notes"):  # the mediators' own: nobody else learns of them
        document["notes"] = [note_document(n) for n in talks.notes]
    verdict = talks.secret_verdict
    visible = actor.party_id is not None or actor.is_mediator
    if verdict is not None and visible and wanted("secret_verdict"):
        document["secret_verdict"] = {
            "id": verdict.id,
            "basis": verdict.basis,
            "overlap": verdict.overlap,
            "package": verdict.package,
            "reached_at": verdict.reached_at.isoformat() if verdict.reached_at else None,
            # each party's utility at the package, for that party's members alone
            "utilities": {p: u for p, u in verdict.utilities.items() if actor.is_member_of(p)},
        }
    return document


def talks_document(
    svc: Services, who: Principal, talks_id: str, *, with_record: bool = True
) -> dict[str, Any]:
    """Everything the actor may read of the talks."""
    with reading_talks(svc, who, talks_id) as (uow, talks, actor):
        document = _document(svc, uow, talks, actor)
        if with_record:
            document["record"] = visible_record(uow, talks, actor)
        return document


def shaped_talks(svc: Services, who: Principal, talks_id: str, shape: Callable[[Any], T]) -> T:
    """The talks document as `who` reads it (the record aside) passed through `shape`, an
    interface's rendering (the API's JSON): kept with the talks at this head, so that reading
    it again before the next act costs the head and the caller's seat, nothing more."""
    with reading_talks(svc, who, talks_id) as (uow, talks, actor):
        return svc.snapshots.answer(
            talks, (shape, actor), lambda: shape(_document(svc, uow, talks, actor))
        )


def _document(svc: Services, uow: UnitOfWork, talks: Talks, actor: Actor) -> dict[str, Any]:
    # Answers kept with the talks at this head are shared: the copy is this caller's own.
    body = svc.snapshots.answer(
        talks, ("talks", actor), lambda: talks_body(talks, actor, seated_people(uow, talks))
    )
    signing = svc.snapshots.answer(talks, "signing", lambda: signing_document(uow, talks))
    return {**body, "signing": signing}
