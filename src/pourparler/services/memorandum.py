"""Use cases of memoranda: draft, save versions, share with the mediator, compare."""

from __future__ import annotations

from dataclasses import replace

from pourparler.domain.act import Act
from pourparler.domain.comparison import compare
from pourparler.domain.error import NotFound, Stale
from pourparler.domain.memorandum import Memorandum, Position, Section
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks
from pourparler.services.access import in_talks, readable_version, reading_talks, record, require
from pourparler.services.model import IssueStanding, MemorandumView, VersionView
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view import issue_standing, version_view

__all__ = [
    "NO_VERSION",
    "compare_versions",
    "create_memorandum",
    "save_memorandum",
    "share_with_mediator",
    "version_tag",
]

NO_VERSION = "none"
"""The tag of a memorandum nobody has saved yet."""


def version_tag(memorandum: Memorandum) -> str:
    """What names the memorandum's latest version for a writer who wants to replace exactly
    that one: its id, or NO_VERSION before the first save."""
    if not memorandum.versions:
        return NO_VERSION
    return max(memorandum.versions, key=lambda v: v.number).id


def _writer(actor: Actor) -> str:
    party = actor.party_id
    require(
        party is not None and actor.writes_for(party),
        "only a party's head of delegation or delegates write its memoranda",
    )
    return party or ""


def create_memorandum(
    svc: Services, who: Principal, talks_id: str, *, title: str, round_id: str | None = None
) -> MemorandumView:
    """Start a memorandum for the actor's party; it stays private to that party."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party = _writer(actor)
        if round_id is not None:
            talks.round(round_id)
        memorandum = talks.add_memorandum(Memorandum(party, title, round_id))
        record(
            uow,
            talks,
            actor,
            Act.MEMORANDUM_STARTED,
            svc.clock(),
            party_id=party,
            memorandum=memorandum.id,
        )
        uow.commit()
        return MemorandumView(
            id=memorandum.id,
            party=memorandum.party_id,
            title=memorandum.title,
            round=memorandum.round_id,
            versions=[],
        )


def _own_memorandum(talks: Talks, actor: Actor, memorandum_id: str) -> Memorandum:
    memorandum = talks.memorandum(memorandum_id)
    if not actor.is_member_of(memorandum.party_id):
        # Another party's draft: its existence is private too.
        raise NotFound(f"no memorandum {memorandum_id} in these talks")
    return memorandum


def save_memorandum(
    svc: Services,
    who: Principal,
    talks_id: str,
    memorandum_id: str,
    *,
    sections: list[Section],
    positions: list[Position],
    expected: str | None = None,
) -> VersionView:
    """Save a new immutable version of the party's memorandum; positions may name their
    issue by id or by title.

    With `expected` (the `version_tag` the writer started from), the save is refused as Stale
    when someone saved another version since. The check runs in the same unit of work as the
    save, so of two writers who started from the same version only one can pass it: the other
    collides on the record and, run again, finds itself stale.
    """
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        memorandum = _own_memorandum(talks, actor, memorandum_id)
        _writer(actor)
        if expected is not None and version_tag(memorandum) != expected:
            raise Stale(
                "the version you started from is not this memorandum's latest (someone saved "
                "another since you read it, or the ETag is not one it gave): reload it"
            )
        now = svc.clock()
        version = memorandum.save(
            framework=talks.framework,
            sections=sections,
            positions=[replace(p, issue_id=talks.issue_id_of(p.issue_id)) for p in positions],
            author_id=actor.person_id or "",
            now=now,
        )
        record(
            uow,
            talks,
            actor,
            Act.MEMORANDUM_SAVED,
            now,
            party_id=memorandum.party_id,
            memorandum=memorandum.id,
            version=version.number,
        )
        uow.commit()
        return version_view(version, with_content=True)  # the writer's party reads it all


def share_with_mediator(
    svc: Services, who: Principal, talks_id: str, memorandum_id: str, *, version: int
) -> None:
    """Let the mediator read one version; only the party's head decides that."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        memorandum = _own_memorandum(talks, actor, memorandum_id)
        require(
            actor.is_head_of(memorandum.party_id),
            "only the head of delegation shares a memorandum with the mediator",
        )
        require(talks.has_mediator, "these talks have no mediator")
        memorandum.version(version).shared_with_mediator = True
        record(
            uow,
            talks,
            actor,
            Act.MEMORANDUM_SHARED_WITH_MEDIATOR,
            svc.clock(),
            party_id=memorandum.party_id,
            memorandum=memorandum.id,
            version=version,
        )
        uow.commit()


def compare_versions(
    svc: Services,
    who: Principal,
    talks_id: str,
    first: tuple[str, int],
    second: tuple[str, int],
) -> list[IssueStanding]:
    """Compare two memorandum versions (memorandum id, version number) the actor may read."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        _, a = readable_version(talks, actor, *first)
        _, b = readable_version(talks, actor, *second)
        return [issue_standing(c) for c in compare(talks.framework, a, b)]
