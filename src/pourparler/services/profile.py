"""Use cases of preference profiles: a party keeps one, reads it, and consents (or not) to the
mediator analysing it. Only the party's own members ever read a profile; the mediator gets
analysis computed from it, never the profile itself (docs/security.md, "Who sees what")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.error import NotFound
from pourparler.domain.profile import IssuePreference, PreferenceProfile
from pourparler.domain.record import PARTIES_AND_MEDIATOR
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks
from pourparler.services.access import in_talks, reading_talks, record, require
from pourparler.services.document import ProfileDocument, read_document
from pourparler.services.model import ProfileView
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.preference import agenda_of, engine_profile
from pourparler.services.principal import Principal

__all__ = [
    "own_party",
    "parse_profile",
    "profile_document",
    "read_profile",
    "reopen_bidding",
    "save_profile",
    "set_consent",
]


def own_party(actor: Actor) -> str:
    """The actor's party; a profile belongs to a party, so others have none to read."""
    party = actor.party_id
    require(party is not None, "only a party's members keep and read its preference profile")
    return party or ""


def reopen_bidding(uow: UnitOfWork, talks: Talks, actor: Actor, now: datetime) -> bool:
    """Reopen the secret bidding after a change its verdict depends on (a profile, a consent,
    the parties, the framework), recorded for the parties and the mediator when there was a bid
    or verdict to clear. True when it reopened."""
    if not talks.reopen_bidding():
        return False
    record(uow, talks, actor, Act.SECRET_BIDDING_REOPENED, now, audience=PARTIES_AND_MEDIATOR)
    return True


def profile_document(profile: PreferenceProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "party": profile.party_id,
        **profile.content(),
        "consents_to_mediator": profile.consents_to_mediator,
        "secret_minimum": profile.secret_minimum,
        "bid_basis": profile.bid_basis,
        "updated_at": profile.updated_at.isoformat() if profile.updated_at else None,
    }


def parse_profile(talks: Talks, document: Any) -> tuple[list[IssuePreference], float]:
    """Issue preferences and reservation from a profile document (`pourparler schema profile`);
    each issue is named by `issue` (its title or id) or `issue_id`."""
    given = read_document(ProfileDocument, document, "profile")
    preferences = [
        IssuePreference(
            issue_id=talks.issue_id_of(i.issue or i.issue_id or ""),
            weight=i.weight,
            ratings=tuple(i.ratings.items()),
            curve=i.curve,
            peak=i.peak,
            points=tuple(i.points),
            red_options=tuple(i.red_options),
            acceptable_range=i.acceptable_range,
        )
        for i in given.issues
    ]
    return preferences, given.reservation


def save_profile(svc: Services, who: Principal, talks_id: str, document: Any) -> ProfileView:
    """Keep (or replace) the party's profile; the head or a delegate writes it."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party = own_party(actor)
        require(
            actor.writes_for(party),
            "only a party's head of delegation or delegates write its preference profile",
        )
        preferences, reservation = parse_profile(talks, document)
        now = svc.clock()
        profile = PreferenceProfile.checked(
            party_id=party, framework=talks.framework, issues=preferences, reservation=reservation
        )
        profile.updated_at = now
        engine_profile(agenda_of(talks.framework), profile, talks.party(party).name)
        kept = talks.keep_profile(profile)
        record(uow, talks, actor, Act.PROFILE_SAVED, now, party_id=party)
        reopen_bidding(uow, talks, actor, now)
        uow.commit()
        return ProfileView.model_validate(profile_document(kept))  # the writer's own party's


def read_profile(svc: Services, who: Principal, talks_id: str) -> dict[str, Any]:
    """The actor's own party's profile; nobody else's can be asked for."""
    with reading_talks(svc, who, talks_id) as (_uow, talks, actor):
        profile = talks.profile_of(own_party(actor))
        if profile is None:
            raise NotFound("your party keeps no preference profile in these talks yet")
        document = profile_document(profile)
        titles = {i.id: i.title for i in talks.issues}
        for issue in document["issues"]:
            issue["issue"] = titles.get(issue["issue_id"], issue["issue_id"])
        return document


def set_consent(svc: Services, who: Principal, talks_id: str, *, consent: bool) -> None:
    """Let the mediator analyse the party's profile, or withdraw that; the head decides."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        party = own_party(actor)
        require(
            actor.is_head_of(party),
            "only the head of delegation consents to mediator analysis",
        )
        profile = talks.profile_of(party)
        if profile is None:
            raise NotFound("your party keeps no preference profile in these talks yet")
        if consent:
            require(talks.has_mediator, "these talks have no mediator")
        now = svc.clock()
        changed = profile.consents_to_mediator != consent
        profile.consents_to_mediator = consent
        record(uow, talks, actor, Act.CONSENT_CHANGED, now, party_id=party, consents=consent)
        if changed:  # a bid stands on the consent too (domain.bidding)
            reopen_bidding(uow, talks, actor, now)
        uow.commit()
