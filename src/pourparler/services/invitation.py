"""Invitations: how a person gets a seat and sets their own password, and how a forgotten
password is reset.

The secretariat invites: the account is made (without a password) if it does not exist, the
seat is given by the rules of `setup.seat`, and a single-use link valid for seven days is
issued, all in one transaction. The invitee follows the link and sets a password; nobody else
ever chooses it.

Inviting someone who has an account already is how a forgotten password is reset: accepting
ends every session and API token the person had. Because whoever issues the link could follow it
themself, only the installation's operator (who holds the database anyway) invites a person who
has a password; a secretariat seat in some talks invites newcomers, and accounts that never set
one, and gives existing accounts seats with `seat` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pourparler.domain.credential import INVITATION_LIFETIME, Invitation, digest, new_secret
from pourparler.domain.error import InvalidInput, NotAllowed, Unauthenticated
from pourparler.domain.role import Actor, Membership
from pourparler.domain.talks import Person, Talks
from pourparler.services.access import in_talks, person_actor, require
from pourparler.services.account import password_hash
from pourparler.services.credential import end_sessions
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal
from pourparler.services.setup import seat_in

__all__ = [
    "BASE_URL_VARIABLE",
    "EXPIRED",
    "INVALID",
    "USED",
    "IssuedInvitation",
    "accept_invitation",
    "invite",
    "link",
]

BASE_URL_VARIABLE = "POURPARLER_BASE_URL"
# The refusals of a link, shared with the pages that name each in their title.
INVALID = "this invitation link is not valid: ask the secretariat for a new one"
USED = "this invitation was used already: ask the secretariat for a new one"
EXPIRED = "this invitation has expired: ask the secretariat for a new one"


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation just issued: `secret` is shown only now, to be sent to `email`."""

    secret: str
    expires_at: datetime
    email: str


def link(base_url: str, secret: str) -> str:
    """The address the invitee opens."""
    return f"{base_url.rstrip('/')}/invitations/{secret}"


def invite(
    svc: Services,
    who: Principal,
    *,
    email: str,
    name: str | None = None,
    talks_id: str | None = None,
    role: str | None = None,
    party: str | None = None,
) -> IssuedInvitation:
    """Invite `email` to a seat of `role` (in `party`) in the talks; with no talks, only the
    installation's operator invites (a new account, or a reset of a forgotten password)."""
    if talks_id is None:
        if role or party:
            raise InvalidInput("a seat needs talks: name the talks the invitation is for")
        with svc.unit_of_work() as uow:
            actor = person_actor(uow, who)
            require(actor.operator, "only the installation's operator invites to no talks")
            person = _account(uow, actor, email, name)
            issued = _issue(svc, uow, actor, person, None, None)
            uow.commit()
            return issued
    if not role:
        raise InvalidInput("name the role of the seat the invitation gives")
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require(actor.is_secretariat, "only the secretariat invites people")
        person = _account(uow, actor, email, name)
        seat = _seat(uow, talks, actor, person, role, party, svc.clock())
        issued = _issue(svc, uow, actor, person, talks.id, seat)
        uow.commit()
        return issued


def accept_invitation(svc: Services, *, secret: str, password: str) -> str:
    """Set the invitee's password; the invitation is used up, with every other link the person
    was sent, and every session and token the person had ends. Returns the account's e-mail, to
    sign in with."""
    with svc.unit_of_work() as uow:
        now = svc.clock()
        invitation = uow.credentials.invitation_by_hash(digest(secret)) if secret else None
        if invitation is None:
            raise Unauthenticated(INVALID)
        if invitation.used_at is not None:
            raise Unauthenticated(USED)
        if now >= invitation.expires_at:
            raise Unauthenticated(EXPIRED)
        person = uow.people.get(invitation.person_id)
        person.password_hash = password_hash(svc, password)
        for pending in uow.credentials.open_invitations(person.id):
            pending.used_at = now  # this one, and any older link still out: none works now
        end_sessions(uow, person.id, now)
        uow.commit()
        return person.email


def _account(uow: UnitOfWork, actor: Actor, email: str, name: str | None) -> Person:
    person = uow.people.by_email(email)
    if person is None:
        if not (name or "").strip():
            raise InvalidInput("name the person you invite: they have no account yet")
        person = Person(name or "", email)
        uow.people.add(person)
    elif person.password_hash and not actor.operator:
        raise NotAllowed(
            f"{person.email} has an account already: give them a seat instead; only the "
            "installation's operator invites them again, to reset a forgotten password"
        )
    return person


def _seat(
    uow: UnitOfWork,
    talks: Talks,
    actor: Actor,
    person: Person,
    role: str,
    party: str | None,
    now: datetime,
) -> Membership:
    """The seat the invitation gives: the one the person holds already, if it is this one."""
    held = talks.seats_of(person.id)
    for seat in held:
        named = party in (None, seat.party_id) or (
            seat.party_id is not None and talks.party(seat.party_id).name == party
        )
        if seat.role.value == role and named:
            return seat
    return seat_in(uow, talks, actor, email=person.email, role=role, party=party, now=now)


def _issue(
    svc: Services,
    uow: UnitOfWork,
    actor: Actor,
    person: Person,
    talks_id: str | None,
    seat: Membership | None,
) -> IssuedInvitation:
    now = svc.clock()
    secret = new_secret()
    invitation = Invitation(
        person.id,
        digest(secret),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
        created_by=actor.person_id,
        talks_id=talks_id,
        role=seat.role.value if seat else None,
        party_id=seat.party_id if seat else None,
    )
    uow.credentials.add_invitation(invitation)
    return IssuedInvitation(secret, invitation.expires_at, person.email)
