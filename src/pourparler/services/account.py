"""Accounts: people who may take seats in talks."""

from __future__ import annotations

from pourparler.domain.error import Conflict, InvalidInput, NotAllowed
from pourparler.domain.talks import Person
from pourparler.services.access import person_actor
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["add_user", "check_password", "set_password"]

MIN_PASSWORD = 10


def _hash(svc: Services, password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    return svc.hasher.hash(password)


def add_user(
    svc: Services,
    who: Principal,
    *,
    name: str,
    email: str,
    password: str,
    operator: bool = False,
) -> Person:
    """Create an account. Only the secretariat manages accounts."""
    with svc.unit_of_work() as uow:
        if not person_actor(uow, who).is_secretariat:
            raise NotAllowed("only the secretariat manages accounts")
        person = Person(name, email, _hash(svc, password), operator)
        if uow.people.by_email(person.email) is not None:
            raise Conflict(f"an account with e-mail {person.email!r} exists already")
        uow.people.add(person)
        uow.commit()
        return person


def set_password(svc: Services, who: Principal, *, email: str, password: str) -> None:
    """Set a new password: the secretariat for anyone, a person for themself."""
    with svc.unit_of_work() as uow:
        actor = person_actor(uow, who)
        target = person_actor(uow, Principal.named(email))
        if not (actor.is_secretariat or actor.person_id == target.person_id):
            raise NotAllowed("only the secretariat or the person themself sets a password")
        person = uow.people.get(target.person_id or "")
        person.password_hash = _hash(svc, password)
        uow.commit()


def check_password(svc: Services, *, email: str, password: str) -> Person | None:
    """The person whose e-mail and password these are, or None; says nothing more."""
    with svc.unit_of_work() as uow:
        person = uow.people.by_email(email)
        if person is None or not person.password_hash:
            return None
        return person if svc.hasher.verify(person.password_hash, password) else None
