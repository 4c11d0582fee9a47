"""The one exception tree of Pourparler.

::

    PourparlerError            anything a user or caller did that the rules refuse
    ├── InvalidInput           malformed or out-of-range input (HTTP 422, CLI exit 2)
    ├── NotFound               no such thing, or not visible to the caller (HTTP 404, CLI exit 2)
    ├── Unauthenticated        no valid sign-in, session or token (HTTP 401, CLI exit 2)
    ├── TooManyAttempts        sign-in attempts over the limit, for a while (HTTP 429, exit 2)
    ├── NotAllowed             the caller's role does not permit the act (HTTP 403, CLI exit 2)
    ├── RuleViolation          the process forbids the act in the current state (HTTP 409, exit 2)
    ├── Conflict               the act races or contradicts stored state (HTTP 409, CLI exit 2)
    │   ├── Collision          another act landed at the same moment; retrying may succeed
    │   └── Stale              the act started from a version that is no longer the latest
    ├── IntegrityFailure       a verification failed: commitment, record chain (CLI exit 1)
    └── StoreUnavailable       the database cannot be reached or used (HTTP 503, CLI exit 2)

Each interface translates these once, at its edge. Messages are written for the person who made
the mistake and never carry another party's private content.
"""

from __future__ import annotations

__all__ = [
    "Collision",
    "Conflict",
    "IntegrityFailure",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "PourparlerError",
    "RuleViolation",
    "Stale",
    "StoreUnavailable",
    "TooManyAttempts",
    "Unauthenticated",
]


class PourparlerError(Exception):
    """Base of every error that the rules of Pourparler raise."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(PourparlerError):
    """Input that is malformed, empty, or out of range."""


class NotFound(PourparlerError):
    """No such thing, or the caller may not know that it exists."""


class Unauthenticated(PourparlerError):
    """No valid sign-in: a wrong e-mail or password, an expired or revoked session or token.

    The message never says which of the two was wrong, nor whether the account exists.
    """


class TooManyAttempts(PourparlerError):
    """Too many failed sign-ins for an account or from an address; try again after a while."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds


class NotAllowed(PourparlerError):
    """The caller's role or party does not permit this act."""


class RuleViolation(PourparlerError):
    """The negotiation process does not allow this act in the current state."""


class Conflict(PourparlerError):
    """The act contradicts what is already stored (a duplicate, a stale version)."""


class Collision(Conflict):
    """Another act was stored in the same talks while this one ran: nothing of this act was
    kept, and running it again, on what is stored now, may succeed (or be refused for good)."""


class Stale(Conflict):
    """The act was prepared on a version (of a draft, of the text) that someone has replaced
    since: done anyway, it would overwrite their work unseen (HTTP 412)."""


class IntegrityFailure(PourparlerError):
    """A verification failed: a commitment does not match, a record chain is broken."""


class StoreUnavailable(PourparlerError):
    """The database cannot be reached or used: wrong address, server down, file not writable."""
