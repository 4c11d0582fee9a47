"""Use cases of the single negotiating text: start, revise, accept, render, diff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pourparler.domain.act import Act
from pourparler.domain.drafting import clauses_from_positions, render_markdown
from pourparler.domain.error import Conflict, InvalidInput, NotAllowed, Stale
from pourparler.domain.memorandum import MemorandumVersion
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks, TalksStatus
from pourparler.domain.text import Alternative, Clause, NegotiatingText, TextVersion
from pourparler.services.access import (
    in_talks,
    reading_talks,
    reads_content,
    record,
    require,
    require_conduct,
)
from pourparler.services.document import ClauseInput, ClausesDocument, read_document
from pourparler.services.model import TextVersionView
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal
from pourparler.services.view_process import text_document, text_version_view

__all__ = [
    "accept_text",
    "diff_text",
    "revise_text",
    "revise_text_document",
    "shaped_text",
    "show_text",
    "start_text",
    "text_markdown",
]

T = TypeVar("T")


def _require_reader(actor: Actor) -> None:
    require(reads_content(actor), "the secretariat sees the text's metadata only")


def revealed_documents(talks: Talks) -> dict[str, MemorandumVersion]:
    """Each party's most recently revealed memorandum version."""
    latest: dict[str, MemorandumVersion] = {}
    for memorandum in talks.memoranda:
        for version in memorandum.versions:
            if version.revealed_at is None:
                continue
            known = latest.get(memorandum.party_id)
            if known is None or (known.revealed_at, known.number) < (
                version.revealed_at,
                version.number,
            ):
                latest[memorandum.party_id] = version
    return latest


def _require_known(talks: Talks, clauses: list[Clause]) -> None:
    """Every party and issue a clause names belongs to these talks."""
    parties = {p.id for p in talks.parties}
    issues = {i.id for i in talks.issues}
    for clause in clauses:
        for alternative in clause.alternatives:
            for party in alternative.party_ids:
                if party not in parties:
                    raise InvalidInput(f"clause {clause.key!r}: no party {party!r} in these talks")
        for issue in clause.issue_ids:
            if issue not in issues:
                raise InvalidInput(f"clause {clause.key!r}: no issue {issue!r} in these talks")


def _party_id_of(talks: Talks, ref: str) -> str:
    """The id of the party `ref` names, by id or by name (case aside); unknown ones unchanged."""
    wanted = ref.strip()
    for party in talks.parties:
        if wanted == party.id or wanted.casefold() == party.name.casefold():
            return party.id
    return wanted


def _clause(talks: Talks, given: ClauseInput) -> Clause:
    return Clause(
        key=given.key,
        heading=given.heading,
        status=given.status,  # type: ignore[arg-type]  # Clause parses it into its enum
        text=given.text,
        alternatives=tuple(
            Alternative(tuple(_party_id_of(talks, p) for p in a.named_parties()), a.text)
            for a in given.alternatives
        ),
        issue_ids=tuple(talks.issue_id_of(i) for i in given.issues or given.issue_ids),
    )


def _revise(
    uow: UnitOfWork, talks: Talks, actor: Actor, clauses: list[Clause], now: datetime
) -> TextVersion:
    _require_known(talks, clauses)
    text = talks.negotiating_text()
    withdrawn = text.revise(clauses, actor.person_id or "", now)
    version = text.current
    record(
        uow,
        talks,
        actor,
        Act.TEXT_REVISED,
        now,
        version=version.number,
        hash=version.hash,
        statuses={c.key: c.status.value for c in version.clauses},
    )
    for acceptance in withdrawn:
        record(
            uow,
            talks,
            actor,
            Act.ACCEPTANCE_WITHDRAWN_BY_EDIT,
            now,
            party=acceptance.party_id,
            hash=acceptance.version_hash,
        )
    return version


def start_text(
    svc: Services, who: Principal, talks_id: str, *, title: str, from_memoranda: bool = True
) -> TextVersionView:
    """Start the text, by default from the revealed memoranda (one clause per issue)."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        require_conduct(talks, actor, "keeps the single negotiating text")
        if talks.text is not None:
            raise Conflict("these talks have a negotiating text already: revise it")
        talks.text = NegotiatingText(title)
        documents = revealed_documents(talks) if from_memoranda else {}
        clauses = clauses_from_positions(talks.framework, documents) if documents else []
        now = svc.clock()
        record(
            uow,
            talks,
            actor,
            Act.TEXT_STARTED,
            now,
            title=title,
            from_documents=sorted(v.id for v in documents.values()),
        )
        version = _revise(uow, talks, actor, clauses, now)
        uow.commit()
        return text_version_view(version, with_content=reads_content(actor))


def revise_text(
    svc: Services, who: Principal, talks_id: str, *, clauses: list[Clause]
) -> TextVersionView:
    """Replace the clauses: a new version, withdrawing every earlier acceptance."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        require_conduct(talks, actor, "keeps the single negotiating text")
        version = _revise(uow, talks, actor, clauses, svc.clock())
        uow.commit()
        return text_version_view(version, with_content=reads_content(actor))


def revise_text_document(
    svc: Services, who: Principal, talks_id: str, document: Any, *, expected: str | None = None
) -> TextVersionView:
    """Revise the text from a clauses document (JSON Schema: `pourparler schema clauses`), whose
    alternatives and clauses name parties and issues by name or id.

    With `expected` (the hash of the version the mediator started from), the revision is refused
    as Stale when the current version is another one, checked in the revision's own unit of
    work so that two revisions from one version cannot both pass."""
    given = read_document(ClausesDocument, document, "clauses")
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        require_conduct(talks, actor, "keeps the single negotiating text")
        if expected is not None and talks.negotiating_text().current.hash != expected:
            raise Stale(
                "the version you started from is not the text's latest (it was revised since "
                "you read it, or the ETag is not one it gave): reload it"
            )
        clauses = [_clause(talks, c) for c in given.root]
        version = _revise(uow, talks, actor, clauses, svc.clock())
        uow.commit()
        return text_version_view(version, with_content=reads_content(actor))


def accept_text(svc: Services, who: Principal, talks_id: str, *, version_hash: str) -> bool:
    """Accept the whole current version for your party; True when that made the agreement."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        party = actor.party_id
        if party is None or not actor.is_head_of(party):
            raise NotAllowed("only a head of delegation accepts the text for the party")
        text = talks.negotiating_text()
        now = svc.clock()
        text.accept(party, version_hash.strip().lower(), actor.person_id or "", now)
        record(
            uow,
            talks,
            actor,
            Act.TEXT_ACCEPTED,
            now,
            party=party,
            hash=text.current.hash,
            version=text.current.number,
        )
        agreed = text.agreed({p.id for p in talks.parties})
        if agreed:
            talks.set_status(
                TalksStatus.AGREED,
                f"Agreement on version {text.current.number} of the text ({text.current.hash}).",
            )
            record(
                uow,
                talks,
                actor,
                Act.AGREEMENT_REACHED,
                now,
                hash=text.current.hash,
                version=text.current.number,
            )
        uow.commit()
        return agreed


def show_text(
    svc: Services, who: Principal, talks_id: str, version: int | None = None
) -> dict[str, Any]:
    """One version of the text (the current one unless `version` says which), the number of the
    current version and the acceptances. The secretariat gets the metadata: no clauses."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return _shown(svc, talks, actor, version)


def shaped_text(
    svc: Services, who: Principal, talks_id: str, version: int | None, shape: Callable[[Any], T]
) -> T:
    """`show_text` passed through `shape`, an interface's rendering (the API's JSON): kept with
    the talks at this head, so that reading it again before the next act costs the head and the
    caller's seat, nothing more."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return svc.snapshots.answer(
            talks, (shape, actor, version), lambda: shape(_shown(svc, talks, actor, version))
        )


def _shown(svc: Services, talks: Talks, actor: Actor, version: int | None) -> dict[str, Any]:
    text = talks.negotiating_text()
    chosen = text.version(version) if version is not None else text.current
    document = svc.snapshots.answer(talks, ("text", actor), lambda: text_document(actor, text))
    return {
        "id": document["id"],
        "title": document["title"],
        "current": text.current.number,
        "version": next(v for v in document["versions"] if v["number"] == chosen.number),
        "acceptances": document["acceptances"],
    }


def text_markdown(svc: Services, who: Principal, talks_id: str, version: int | None = None) -> str:
    """The text (current version unless given) in the bracket convention."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        _require_reader(actor)
        text = talks.negotiating_text()
        chosen = text.version(version) if version else text.current
        return render_markdown(text.title, chosen, {p.id: p.name for p in talks.parties})


def diff_text(svc: Services, who: Principal, talks_id: str, first: int, second: int) -> str:
    """A readable unified diff between two versions of the text."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        _require_reader(actor)
        text = talks.negotiating_text()
        names = {p.id: p.name for p in talks.parties}
        return text.diff(first, second, lambda v: render_markdown(text.title, v, names))
