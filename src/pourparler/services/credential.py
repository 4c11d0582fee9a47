"""Sign-in: sessions of browsers and programs, API tokens, and the limits on guessing.

A secret (session cookie, bearer session, API token) is 32 random bytes, shown once to the
person it is issued to; the store keeps only its SHA-256 (domain/credential.py). A failed
sign-in says the same thing whether the e-mail or the password was wrong, and costs the same
Argon2 work either way, so nobody learns from it which accounts exist. Failures are counted in
the database, so the limits hold across every worker: more than ACCOUNT_LIMIT for one account
or ADDRESS_LIMIT from one address within WINDOW, and sign-in is refused until the oldest of
them leaves the window. A successful sign-in does not count. A password longer than
MAX_PASSWORD (services/account.py) is refused before any Argon2 work, and counts as a failure.

A password change ends every other session of the person, API tokens included: a change is
most often the answer to a password that leaked, and a token minted with the leaked password
would otherwise outlive it. The owner issues new tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from pydantic import BaseModel

from pourparler.domain.base import require_text
from pourparler.domain.credential import (
    SESSION_LIFETIME,
    SessionKind,
    SignInFailure,
    SignInSession,
    digest,
    new_secret,
)
from pourparler.domain.error import (
    InvalidInput,
    NotAllowed,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from pourparler.domain.talks import Person
from pourparler.services.access import person_actor
from pourparler.services.account import new_password, refuse_long_password
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Channel, Principal

__all__ = [
    "ACCOUNT_LIMIT",
    "ADDRESS_LIMIT",
    "WINDOW",
    "WRONG_SIGN_IN",
    "Authenticated",
    "IssuedToken",
    "Opened",
    "TokenView",
    "authenticate",
    "change_password",
    "create_token",
    "end_sessions",
    "list_tokens",
    "revoke_token",
    "sign_in",
    "sign_out",
    "still_in_force",
]

ACCOUNT_LIMIT = 5  # failures per account within WINDOW; the next attempt is refused
ADDRESS_LIMIT = 20  # failures from one address within WINDOW
WINDOW = timedelta(minutes=15)
TOUCH_EVERY = timedelta(minutes=1)  # how stale `last_used_at` may be, to spare a write a request
WRONG_SIGN_IN = "wrong e-mail or password"
_CHANNEL = {
    SessionKind.WEB: Channel.WEB,
    SessionKind.API: Channel.API_SESSION,
    SessionKind.TOKEN: Channel.API_TOKEN,
}


@dataclass(frozen=True)
class Authenticated:
    """Who a secret proves, and how it may be used."""

    principal: Principal
    bearer: bool  # an API token or API session, sent as Authorization: Bearer
    csrf: str | None  # a web session's CSRF token
    session_id: str


@dataclass(frozen=True)
class Opened:
    """A session just opened: its secret (for the cookie or the bearer) is shown only now."""

    secret: str
    csrf: str | None
    session_id: str
    expires_at: datetime


@dataclass(frozen=True)
class IssuedToken:
    """An API token just issued: `token` is shown only now."""

    id: str
    name: str
    token: str


class TokenView(BaseModel):
    """An API token as its owner lists it: never its secret."""

    id: str
    name: str
    created_at: datetime
    last_used_at: datetime


def sign_in(svc: Services, *, email: str, password: str, address: str, kind: str = "web") -> Opened:
    """Open a browser ("web") or program ("api") session for the owner of e-mail and password."""
    kinds = {"web": SessionKind.WEB, "api": SessionKind.API}
    if kind not in kinds:
        raise InvalidInput("a session is of kind 'web' or 'api'")
    with svc.unit_of_work() as uow:
        now = svc.clock()
        person = _proven(svc, uow, email, password, address, now)
        secret, session = _open(person.id, kinds[kind], now)
        uow.credentials.add_session(session)
        uow.commit()
        return Opened(secret, session.csrf, session.id, session.expires_at or now)


def create_token(
    svc: Services, *, email: str, password: str, name: str, address: str
) -> IssuedToken:
    """Issue a named API token, which lasts until its owner revokes it or changes password."""
    name = require_text(name, "a name for the token", limit=100)
    with svc.unit_of_work() as uow:
        now = svc.clock()
        person = _proven(svc, uow, email, password, address, now)
        secret, session = _open(person.id, SessionKind.TOKEN, now, name=name)
        uow.credentials.add_session(session)
        uow.commit()
        return IssuedToken(session.id, name, secret)


def list_tokens(svc: Services, who: Principal) -> list[TokenView]:
    with svc.unit_of_work() as uow:
        person_id = _person_id(uow, who)
        return [
            TokenView(
                id=s.id, name=s.name or "", created_at=s.created_at, last_used_at=s.last_used_at
            )
            for s in uow.credentials.sessions_of(person_id)
            if s.kind is SessionKind.TOKEN
        ]


def revoke_token(svc: Services, who: Principal, token_id: str) -> None:
    """Revoke one of one's own tokens; anyone else's is not found."""
    with svc.unit_of_work() as uow:
        person_id = _person_id(uow, who)
        mine = uow.credentials.sessions_of(person_id)
        token = next((s for s in mine if s.id == token_id and s.kind is SessionKind.TOKEN), None)
        if token is None:
            raise NotFound(f"no token {token_id}")
        token.revoke(svc.clock())
        uow.commit()


def authenticate(svc: Services, secret: str) -> Authenticated | None:
    """Who `secret` proves, or None when it is unknown, expired or revoked."""
    if not secret or len(secret) > 200:
        return None
    with svc.unit_of_work() as uow:
        now = svc.clock()
        session = uow.credentials.session_by_hash(digest(secret))
        if session is None or not session.in_force(now):
            return None
        found = Authenticated(
            Principal.signed_in(session.person_id, _CHANNEL[session.kind]),
            bearer=session.kind is not SessionKind.WEB,
            csrf=session.csrf,
            session_id=session.id,
        )
        if now - session.last_used_at >= TOUCH_EVERY:
            session.last_used_at = now
            uow.commit()
        return found


def still_in_force(svc: Services, proven: Authenticated) -> bool:
    """Whether the session or token that proved `proven` still holds: not revoked (signed
    out, a password change), not expired, not idle. For a response that outlives its request,
    such as an event stream; unlike `authenticate` it never counts as use, so an open page
    does not keep an idle browser session alive."""
    person_id = proven.principal.person_id
    if person_id is None:
        return False
    with svc.unit_of_work() as uow:
        mine = uow.credentials.sessions_of(person_id)
        session = next((s for s in mine if s.id == proven.session_id), None)
        return session is not None and session.in_force(svc.clock())


def sign_out(svc: Services, secret: str) -> None:
    """End the session `secret` opened (API tokens are revoked by id, not signed out)."""
    if not secret or len(secret) > 200:
        return
    with svc.unit_of_work() as uow:
        session = uow.credentials.session_by_hash(digest(secret))
        if session is not None and session.kind is not SessionKind.TOKEN:
            session.revoke(svc.clock())
            uow.commit()


def change_password(
    svc: Services, who: Principal, *, current: str, new: str, keep_session_id: str | None
) -> None:
    """Change one's own password, proving the current one; every other session and every API
    token of the person ends (module docstring). Wrong guesses count against the account."""
    new = new_password(new, "the new password")  # before any Argon2 work
    with svc.unit_of_work() as uow:
        person = uow.people.get(_person_id(uow, who))
        now = svc.clock()
        _hold_back(uow, person.email, None, now)
        try:
            refuse_long_password(current, "the current password")
        except InvalidInput:
            _count_failure(uow, person.email, "password change", now)
            raise
        if not (person.password_hash and svc.hasher.verify(person.password_hash, current)):
            _count_failure(uow, person.email, "password change", now)
            raise NotAllowed("the current password is not right")
        person.password_hash = svc.hasher.hash(new)
        end_sessions(uow, person.id, now, keep=keep_session_id)
        uow.commit()


def end_sessions(uow: UnitOfWork, person_id: str, now: datetime, keep: str | None = None) -> int:
    """Revoke every session and token of the person but `keep`; how many ended."""
    ended = [s for s in uow.credentials.sessions_of(person_id) if s.id != keep]
    for session in ended:
        session.revoke(now)
    return len(ended)


def _open(
    person_id: str, kind: SessionKind, now: datetime, *, name: str | None = None
) -> tuple[str, SignInSession]:
    secret = new_secret()
    session = SignInSession(
        person_id,
        kind,
        digest(secret),
        created_at=now,
        last_used_at=now,
        expires_at=None if kind is SessionKind.TOKEN else now + SESSION_LIFETIME,
        name=name,
        csrf=new_secret() if kind is SessionKind.WEB else None,
    )
    return secret, session


def _proven(
    svc: Services, uow: UnitOfWork, email: str, password: str, address: str, now: datetime
) -> Person:
    """The account of e-mail and password, or Unauthenticated after counting the failure."""
    account = (email or "").strip().lower()[:254] or "(none)"
    address = (address or "unknown")[:100]
    _hold_back(uow, account, address, now)
    try:
        refuse_long_password(password)
    except InvalidInput:
        _count_failure(uow, account, address, now)
        raise
    person = uow.people.by_email(account)
    if person is None or not person.password_hash:
        svc.hasher.hash(password)  # the same work as a check, so that timing tells nothing
        proven = False
    else:
        proven = svc.hasher.verify(person.password_hash, password)
    if person is None or not proven:
        _count_failure(uow, account, address, now)
        raise Unauthenticated(WRONG_SIGN_IN)
    return person


def _count_failure(uow: UnitOfWork, account: str, address: str, now: datetime) -> None:
    """Keep the failure even though the act is refused: the limits depend on it."""
    uow.credentials.forget_failures(now - WINDOW)
    uow.credentials.add_failure(SignInFailure(account, address, now))
    uow.commit()


def _hold_back(uow: UnitOfWork, account: str, address: str | None, now: datetime) -> None:
    limits = [(uow.credentials.failures_since(now - WINDOW, account=account), ACCOUNT_LIMIT)]
    if address is not None:
        limits.append(
            (uow.credentials.failures_since(now - WINDOW, address=address), ADDRESS_LIMIT)
        )
    for times, limit in limits:
        if len(times) >= limit:
            free_at = times[-limit] + WINDOW
            wait = max(1, ceil((free_at - now).total_seconds()))
            minutes = max(1, ceil(wait / 60))
            raise TooManyAttempts(
                f"too many failed sign-ins: try again in {minutes} minute(s)", wait
            )


def _person_id(uow: UnitOfWork, who: Principal) -> str:
    actor = person_actor(uow, who)
    if actor.person_id is None:
        raise NotAllowed("the installation's operator has no sessions or tokens: sign in")
    return actor.person_id
