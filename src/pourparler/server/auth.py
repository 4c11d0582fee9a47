"""Who calls: resolved once per request from a bearer token or a session cookie.

Every route that acts or reads takes `Caller`; there is no anonymous principal and no default,
so a route cannot forget its caller and fall back on someone's rights. A request signed in by
cookie that changes anything must also carry the session's CSRF token (X-CSRF-Token), so another
site cannot make a signed-in browser act.
"""

from __future__ import annotations

from collections.abc import Callable
from secrets import compare_digest
from typing import Annotated

from fastapi import Depends, Request

from pourparler.domain.error import NotAllowed, Unauthenticated
from pourparler.services import credential
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = [
    "CSRF_HEADER",
    "SAFE_METHODS",
    "SESSION_COOKIE",
    "Caller",
    "CredentialCheck",
    "SignedIn",
    "Svc",
    "caller",
    "credential_check",
    "services",
    "signed_in",
]

SESSION_COOKIE = "pourparler_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def _services(request: Request) -> Services:
    # A coroutine, though it only looks the services up: FastAPI hands a plain function
    # dependency to a worker thread on every request.
    return services(request)


def caller(request: Request) -> Principal:
    return signed_in(request).principal


def signed_in(request: Request) -> credential.Authenticated:
    """The session or token the request proves, with its CSRF token checked."""
    svc = services(request)
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthenticated("send the token as 'Authorization: Bearer TOKEN'")
        found = credential.authenticate(svc, secret.strip())
        if found is None or not found.bearer:
            raise Unauthenticated("the token is not valid: wrong, expired or revoked")
        return found
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = credential.authenticate(svc, cookie)
        if found is None or found.bearer:
            raise Unauthenticated("your session has ended: sign in again")
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not (found.csrf and compare_digest(sent, found.csrf)):
                raise NotAllowed("this request needs the session's CSRF token (X-CSRF-Token)")
        return found
    raise Unauthenticated("sign in first: send 'Authorization: Bearer TOKEN' or a session cookie")


def credential_check(request: Request) -> Callable[[], bool]:
    """For a response that outlives its request (an event stream): a check, to make again at
    each wake-up, that the session or token that opened it still holds. Revoking it, signing
    out, a password change or its expiry then ends the response."""
    svc = services(request)
    proven = signed_in(request)
    return lambda: credential.still_in_force(svc, proven)


Caller = Annotated[Principal, Depends(caller)]
SignedIn = Annotated[credential.Authenticated, Depends(signed_in)]
CredentialCheck = Annotated[Callable[[], bool], Depends(credential_check)]
Svc = Annotated[Services, Depends(_services)]
