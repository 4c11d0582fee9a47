"""Who the signed-in viewer is, for the pages' header and navigation: a name, an e-mail,
whether the account is the secretariat's and whether it may open talks. Nothing about any
talks."""

from __future__ import annotations

from dataclasses import dataclass

from pourparler.services.access import person_actor
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["Person", "whoami"]


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    secretariat: bool
    opens_talks: bool = False


def whoami(svc: Services, who: Principal) -> Person:
    with svc.unit_of_work() as uow:
        actor = person_actor(uow, who)
        email, opens_talks = "", actor.is_secretariat
        if actor.person_id is not None:
            person = uow.people.get(actor.person_id)
            email, opens_talks = person.email, opens_talks or person.opens_talks
        return Person(
            name=actor.name, email=email, secretariat=actor.is_secretariat, opens_talks=opens_talks
        )
