"""Accounts: people who may take seats in talks, and what one may learn of one's own.

Nobody chooses another person's password: an account made by the secretariat gets its password
here from the person at the installation (the operator's `user add`), and a forgotten one is
reset by a new invitation (services/invitation.py), which the person accepts by setting it.
"""

from __future__ import annotations

from pydantic import BaseModel

from pourparler.domain.base import limit_text
from pourparler.domain.error import Conflict, InvalidInput, NotAllowed, NotFound
from pourparler.domain.talks import Person
from pourparler.services.access import person_actor
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "Me",
    "PersonView",
    "SeatView",
    "add_user",
    "allow_opening_talks",
    "check_password",
    "me",
    "new_password",
    "password_hash",
    "refuse_long_password",
]

MIN_PASSWORD = 10
# Argon2 works through every character it is given: without a bound, a megabyte "password"
# costs the server far more than it costs whoever sends it.
MAX_PASSWORD = 1024


class PersonView(BaseModel):
    """An account as others may read it: never its password hash."""

    id: str
    name: str
    email: str
    operator: bool
    opens_talks: bool = False

    @classmethod
    def of(cls, person: Person) -> PersonView:
        return cls(
            id=person.id,
            name=person.name,
            email=person.email,
            operator=person.operator,
            opens_talks=person.opens_talks,
        )


class SeatView(BaseModel):
    talks_id: str
    talks: str
    role: str
    party_id: str | None
    party: str | None
    confirmed: bool


class Me(PersonView):
    """Who the caller is, and the seats they hold."""

    seats: list[SeatView]


def refuse_long_password(password: str, what: str = "the password") -> str:
    """`password` unless it is longer than MAX_PASSWORD: checked before any Argon2 work."""
    return limit_text(password, what, limit=MAX_PASSWORD)


def new_password(password: str, what: str = "the password") -> str:
    """`password` as a new password: neither too short nor too long."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"{what} needs at least {MIN_PASSWORD} characters")
    return refuse_long_password(password, what)


def password_hash(svc: Services, password: str, what: str = "the password") -> str:
    """The Argon2 hash of a new password, once its length is acceptable."""
    return svc.hasher.hash(new_password(password, what))


def add_user(
    svc: Services,
    who: Principal,
    *,
    name: str,
    email: str,
    password: str,
    operator: bool = False,
    opens_talks: bool = False,
) -> PersonView:
    """Create an account, an operator's or one that may open talks if so asked. Only the
    secretariat manages accounts."""
    with svc.unit_of_work() as uow:
        if not person_actor(uow, who).is_secretariat:
            raise NotAllowed("only the secretariat manages accounts")
        person = Person(name, email, password_hash(svc, password), operator, opens_talks)
        if uow.people.by_email(person.email) is not None:
            raise Conflict(f"an account with e-mail {person.email!r} exists already")
        uow.people.add(person)
        uow.commit()
        return PersonView.of(person)


def allow_opening_talks(svc: Services, who: Principal, *, email: str, allowed: bool) -> PersonView:
    """Let the account `email` open talks, or no longer. The installation's operator decides:
    a secretariat seat in some talks manages those talks, not who may open others. Talks the
    account opened before keep it in their secretariat's seat either way."""
    with svc.unit_of_work() as uow:
        actor = person_actor(uow, who)
        if not actor.operator:
            raise NotAllowed("only the installation's operator lets accounts open talks")
        person = uow.people.by_email(email)
        if person is None:
            raise NotFound(f"no account with e-mail {email.strip().lower()!r}")
        person.opens_talks = allowed
        uow.commit()
        return PersonView.of(person)


def me(svc: Services, who: Principal) -> Me:
    """The caller's account and seats (a seat waiting for its head's confirmation included)."""
    with svc.unit_of_work() as uow:
        actor = person_actor(uow, who)
        if actor.person_id is None:
            raise NotAllowed("the installation's operator is no person: name one")
        person = uow.people.get(actor.person_id)
        seated, _ = uow.talks.summaries(seated=person.id)  # only the talks with a seat
        seats = [
            SeatView(
                talks_id=talks.id,
                talks=talks.title,
                role=seat.role.value,
                party_id=seat.party_id,
                party=talks.party(seat.party_id).name if seat.party_id else None,
                confirmed=seat.confirmed,
            )
            for talks in (uow.talks.get(s.id) for s in seated)
            for seat in talks.seats_of(person.id)
        ]
        return Me(**PersonView.of(person).model_dump(), seats=seats)


def check_password(svc: Services, *, email: str, password: str) -> PersonView | None:
    """The account whose e-mail and password these are, or None; says nothing more."""
    with svc.unit_of_work() as uow:
        person = uow.people.by_email(email)
        if person is None or not person.password_hash or len(password) > MAX_PASSWORD:
            return None
        if not svc.hasher.verify(person.password_hash, password):
            return None
        return PersonView.of(person)
