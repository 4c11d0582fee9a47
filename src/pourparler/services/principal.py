"""Who is calling: resolved once at the edge, passed to every use case.

A use case never guesses its caller. The web and API layers resolve a signed-in session or an
API token to a person; the command line on the server machine acts either as the installation's
operator, named as such, or as a person it names (unauthenticated: whoever holds the database
holds everything, and the record says which acts came through the command line).
There is no default and no `None`: forgetting the caller is a type error, and a value that is
not a Principal is refused at run time too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Channel", "Principal"]


class Channel(StrEnum):
    """How an act reached the installation; every record entry keeps it."""

    WEB = "web session"
    API_SESSION = "api session"
    API_TOKEN = "api token"
    COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Principal:
    """The caller of a use case: the installation's operator, or one person.

    A person is named by account id (resolved from a session or token) or by e-mail (named on
    the command line); exactly one of the two.
    """

    channel: Channel
    person_id: str | None = None
    email: str | None = None
    operator: bool = False

    def __post_init__(self) -> None:
        named = (self.person_id is not None) + (self.email is not None)
        if self.operator != (named == 0) or named > 1:
            raise ValueError("a principal is the operator, or one person by id or by e-mail")

    @classmethod
    def installation_operator(cls) -> Principal:
        """The operator at the server's command line: the secretariat, unauthenticated."""
        return cls(Channel.COMMAND_LINE, operator=True)

    @classmethod
    def named(cls, email: str) -> Principal:
        """A person named at the server's command line (`--as EMAIL`), unauthenticated."""
        return cls(Channel.COMMAND_LINE, email=email)

    @classmethod
    def signed_in(cls, person_id: str, channel: Channel) -> Principal:
        """A person proven by a session or a token."""
        return cls(channel, person_id=person_id)

    @property
    def authenticated(self) -> bool:
        return self.channel is not Channel.COMMAND_LINE


OPERATOR = Principal.installation_operator()
