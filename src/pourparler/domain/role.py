"""Roles in talks, memberships, and the actor who performs an act."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pourparler.domain.base import new_id, parse_choice
from pourparler.domain.error import InvalidInput

__all__ = ["PARTY_ROLES", "Actor", "Membership", "Role"]


class Role(StrEnum):
    HEAD = "head"
    DELEGATE = "delegate"
    ADVISER = "adviser"
    MEDIATOR = "mediator"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"


PARTY_ROLES = frozenset({Role.HEAD, Role.DELEGATE, Role.ADVISER})


@dataclass(eq=False)
class Membership:
    """A person's seat in one talks: a role, and the party for the roles that belong to one.

    A seat in a party takes effect only once confirmed by the party's head (or given by the
    head): until then it counts for nothing (`Talks.seat`, `Talks.confirm_seat`). So does a
    mediator's seat given while the talks have a mediator already: the mediators' notes and the
    analysis the parties consented to go to a new mediator only once a mediator confirms them.
    Observers need no confirmation.
    """

    person_id: str
    role: Role
    party_id: str | None = None
    id: str = field(default_factory=new_id)
    confirmed: bool = False

    def __post_init__(self) -> None:
        self.role = parse_choice(Role, self.role, "role")
        if (self.role in PARTY_ROLES) != (self.party_id is not None):
            role = self.role.value
            article = "an" if role[0] in "aeiou" else "a"
            if self.role in PARTY_ROLES:
                raise InvalidInput(f"{article} {role} sits for a party: choose one")
            raise InvalidInput(f"{article} {role} sits for no party: choose none")
        if self.role not in PARTY_ROLES and self.role is not Role.MEDIATOR:
            self.confirmed = True


@dataclass(frozen=True)
class Actor:
    """Who performs an act inside one talks, with the seats they hold there.

    The installation's secretariat (an operator acting without a seat) is an actor with
    `operator=True` and no memberships: it manages talks but never reads a party's work.
    """

    person_id: str | None
    name: str
    memberships: tuple[Membership, ...] = ()
    operator: bool = False
    channel: str = "command line"  # how the act reached the installation; the record keeps it

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(m.role for m in self.memberships)

    @property
    def party_id(self) -> str | None:
        """The party this actor belongs to, if any (a person sits for one party at most)."""
        return next((m.party_id for m in self.memberships if m.party_id), None)

    def is_member_of(self, party_id: str) -> bool:
        return any(m.party_id == party_id for m in self.memberships)

    def is_head_of(self, party_id: str) -> bool:
        return any(m.party_id == party_id and m.role is Role.HEAD for m in self.memberships)

    def writes_for(self, party_id: str) -> bool:
        """Heads and delegates write their party's work; advisers only read it."""
        return any(
            m.party_id == party_id and m.role in (Role.HEAD, Role.DELEGATE)
            for m in self.memberships
        )

    @property
    def is_mediator(self) -> bool:
        return Role.MEDIATOR in self.roles

    @property
    def is_secretariat(self) -> bool:
        return self.operator or Role.SECRETARIAT in self.roles
