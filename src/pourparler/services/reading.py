"""Reading memoranda: those one may read, one version in full, what changed between two
versions, and where every party stands at once.

Every read goes through `can_read_version` and `readable_version`, the one place that says who
reads which version, so that these views can never show more than `talks show` does.
"""

from __future__ import annotations

from typing import Any

from pourparler.domain.comparison import compare_all
from pourparler.domain.error import InvalidInput, NotFound
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.revision import position_label, revision
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks
from pourparler.services.access import (
    can_read_version,
    readable_version,
    reading_talks,
    reads_content,
    require,
)
from pourparler.services.model import IssueStanding
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view import issue_standing

__all__ = [
    "compare_memoranda",
    "comparison_rows",
    "diff_versions",
    "latest_memorandum",
    "latest_readable_versions",
    "list_memoranda",
    "show_memorandum",
]


def _state(version: MemorandumVersion) -> str:
    if version.revealed_at is not None:
        return "revealed"
    return "shared with the mediator" if version.shared_with_mediator else "draft"


def _row(talks: Talks, actor: Actor, memorandum: Memorandum) -> dict[str, Any] | None:
    readable = [v for v in memorandum.versions if can_read_version(actor, memorandum, v)]
    # The secretariat reads no content, but knows what was revealed (metadata only).
    known = readable or (
        [v for v in memorandum.versions if v.revealed_at is not None]
        if actor.is_secretariat
        else []
    )
    if not known:
        return None
    own = actor.is_member_of(memorandum.party_id)
    latest = max(known, key=lambda v: v.number)
    return {
        "id": memorandum.id,
        "title": memorandum.title,
        "party": talks.party(memorandum.party_id).name,
        "own": own,
        "versions": [v.number for v in sorted(known, key=lambda v: v.number)],
        "latest": latest.number,
        "latest_state": _state(latest) if own or actor.is_mediator else "revealed",
        "saved_at": latest.created_at.isoformat(),
        "readable": bool(readable),
    }


def list_memoranda(svc: Services, who: Principal, talks_id: str) -> list[dict[str, Any]]:
    """One's own party's memoranda and every other one with a version one may read."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        rows = [_row(talks, actor, m) for m in talks.memoranda]
        found = [r for r in rows if r is not None]
        return sorted(found, key=lambda r: (not r["own"], r["party"], r["title"]))


def latest_readable_versions(svc: Services, who: Principal, talks_id: str) -> list[tuple[str, int]]:
    """(memorandum id, number of its latest version the caller may read) for every memorandum
    with one, in the talks' order: what a side-by-side view starts from."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        return [
            (m.id, max(readable))
            for m in talks.memoranda
            if (readable := [v.number for v in m.versions if can_read_version(actor, m, v)])
        ]


def _latest_readable(talks: Talks, actor: Actor, memorandum_id: str) -> int:
    memorandum = next((m for m in talks.memoranda if m.id == memorandum_id), None)
    readable = [
        v.number
        for v in (memorandum.versions if memorandum else [])
        if memorandum is not None and can_read_version(actor, memorandum, v)
    ]
    if not readable:
        raise NotFound(f"no version of memorandum {memorandum_id} that you may read")
    return max(readable)


def _shown(
    talks: Talks, actor: Actor, memorandum: Memorandum, found: MemorandumVersion
) -> dict[str, Any]:
    issues = {i.id: i for i in talks.issues}
    own = actor.is_member_of(memorandum.party_id)
    return {
        "id": memorandum.id,
        "title": memorandum.title,
        "party": talks.party(memorandum.party_id).name,
        "version": found.number,
        "saved_at": found.created_at.isoformat(),
        "state": _state(found) if own or actor.is_mediator else "revealed",
        "sections": [s.to_dict() for s in found.sections],
        "positions": [
            {
                "issue": issues[p.issue_id].title if p.issue_id in issues else p.issue_id,
                "position": (position_label(p, issues[p.issue_id]) if p.issue_id in issues else ""),
                **p.to_dict(),
            }
            for p in found.positions
        ],
    }


def show_memorandum(
    svc: Services, who: Principal, talks_id: str, memorandum_id: str, version: int | None = None
) -> dict[str, Any]:
    """One version in full (the latest one may read unless `version` says which), with every
    position named by its issue's title."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        number = version if version is not None else _latest_readable(talks, actor, memorandum_id)
        memorandum, found = readable_version(talks, actor, memorandum_id, number)
        return _shown(talks, actor, memorandum, found)


def latest_memorandum(
    svc: Services, who: Principal, talks_id: str, memorandum_id: str
) -> dict[str, Any]:
    """The latest version one may read, in full, with `version_id`: what a writer names to
    replace exactly that version. The own party also gets a memorandum nobody has saved yet,
    with no version (`version` and `version_id` None) and no content."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        memorandum = next((m for m in talks.memoranda if m.id == memorandum_id), None)
        own = memorandum is not None and actor.is_member_of(memorandum.party_id)
        if own and memorandum is not None and not memorandum.versions:
            return {
                "id": memorandum.id,
                "title": memorandum.title,
                "party": talks.party(memorandum.party_id).name,
                "version": None,
                "version_id": None,
                "saved_at": None,
                "state": "empty",
                "sections": [],
                "positions": [],
            }
        number = _latest_readable(talks, actor, memorandum_id)
        memorandum, found = readable_version(talks, actor, memorandum_id, number)
        return {**_shown(talks, actor, memorandum, found), "version_id": found.id}


def diff_versions(
    svc: Services, who: Principal, talks_id: str, memorandum_id: str, first: int, second: int
) -> dict[str, Any]:
    """What changed from version `first` to version `second` of one memorandum."""
    if first == second:
        raise InvalidInput(f"compare two different versions, not version {first} with itself")
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        memorandum, before = readable_version(talks, actor, memorandum_id, first)
        _, after = readable_version(talks, actor, memorandum_id, second)
        return {
            "id": memorandum.id,
            "title": memorandum.title,
            "party": talks.party(memorandum.party_id).name,
            "from": first,
            "to": second,
            "changes": [r.to_dict() for r in revision(talks.framework, before, after)],
        }


def compare_memoranda(
    svc: Services, who: Principal, talks_id: str, refs: list[tuple[str, int | None]] | None
) -> tuple[list[str], list[IssueStanding]]:
    """Where the memoranda `refs` (memorandum id, version or None for the latest readable)
    stand together, issue by issue; with `refs` None, the latest revealed version of every
    party's latest revealed memorandum (the own party's latest version for its members).
    Returns the columns' names (party, memorandum and version) and the comparison."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        # Refused as the text's wording is: the secretariat knows memoranda exist (metadata),
        # so "not yours to read" rather than "too few to compare".
        require(reads_content(actor), "the secretariat sees the memoranda's metadata only")
        chosen = _every_party(talks, actor) if refs is None else refs
        if len(chosen) < 2:
            raise InvalidInput("a comparison needs at least two memoranda that you may read")
        versions = []
        names = []
        for memorandum_id, number in chosen:
            wanted = number if number is not None else _latest_readable(talks, actor, memorandum_id)
            memorandum, version = readable_version(talks, actor, memorandum_id, wanted)
            versions.append(version)
            names.append(f"{talks.party(memorandum.party_id).name} v{version.number}")
        return names, [issue_standing(c) for c in compare_all(talks.framework, versions)]


def comparison_rows(result: list[IssueStanding]) -> list[dict[str, Any]]:
    """A comparison as JSON-ready rows, one per issue: the same for every interface."""
    return [
        {
            "issue": c.issue.title,
            "standing": c.standing.value,
            "common_ground": c.overlap,
            "red_lines": list(c.red_lines),
        }
        for c in result
    ]


def _every_party(talks: Talks, actor: Actor) -> list[tuple[str, int | None]]:
    chosen: list[tuple[str, int | None]] = []
    for party in talks.parties:
        latest: tuple[MemorandumVersion, Memorandum] | None = None
        for memorandum in talks.memoranda_of(party.id):
            for v in memorandum.versions:
                if can_read_version(actor, memorandum, v) and (
                    latest is None
                    or (v.created_at, v.number) > (latest[0].created_at, latest[0].number)
                ):
                    latest = (v, memorandum)
        if latest is not None:
            chosen.append((latest[1].id, latest[0].number))
    return chosen
