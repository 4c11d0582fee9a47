"""Accounts: sign-in sessions, API tokens, one's password, invitations, and who one is.

Secrets travel once: a token in the body of the answer that issues it, a session in its cookie
(with the CSRF token in a header), an invitation in the link the secretariat sends on. Answers
that carry one are marked `Cache-Control: no-store`; the access log never holds them.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field

from pourparler.domain.credential import SESSION_LIFETIME
from pourparler.domain.error import InvalidInput
from pourparler.server.api.common import Body, Limit, Offset, Page, page_of
from pourparler.server.auth import CSRF_HEADER, SESSION_COOKIE, Caller, SignedIn, Svc
from pourparler.services import account, credential, invitation
from pourparler.services.principal import Channel

__all__ = ["router"]

router = APIRouter(tags=["accounts"])

Email = Annotated[str, Field(min_length=1, max_length=254)]
Password = Annotated[str, Field(min_length=1, max_length=account.MAX_PASSWORD)]


class SignIn(Body):
    email: Email
    password: Password


class TokenRequest(SignIn):
    name: Annotated[str, Field(min_length=1, max_length=100, description="What the token is for.")]


class TokenIssued(BaseModel):
    """The token, shown this once: send it as `Authorization: Bearer TOKEN`."""

    token: str
    id: str
    name: str


class PasswordChange(Body):
    current: Password
    new: Password


class InvitationRequest(Body):
    email: Email
    name: Annotated[str | None, Field(max_length=200)] = None
    talks_id: str | None = None
    role: str | None = None
    party: str | None = None


class InvitationIssued(BaseModel):
    """The single-use link to send to the invitee, and when it expires."""

    link: str
    expires_at: datetime


class Acceptance(Body):
    password: Password


class Accepted(BaseModel):
    """The account whose password is now set: sign in with this e-mail."""

    email: str


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.post("/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenIssued)
def create_token(body: TokenRequest, request: Request, response: Response, svc: Svc) -> TokenIssued:
    """Issue an API token for the owner of e-mail and password; it is shown only in this
    answer and lasts until revoked (or until its owner changes password)."""
    issued = credential.create_token(
        svc, email=body.email, password=body.password, name=body.name, address=_address(request)
    )
    _no_store(response)
    return TokenIssued(token=issued.token, id=issued.id, name=issued.name)


@router.get("/tokens", response_model=Page[credential.TokenView])
def my_tokens(
    who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50
) -> Page[credential.TokenView]:
    """Your API tokens in force (names and dates; never the tokens themselves)."""
    return page_of(credential.list_tokens(svc, who), offset, limit)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: str, who: Caller, svc: Svc) -> Response:
    """Revoke one of your API tokens."""
    credential.revoke_token(svc, who, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/session", status_code=status.HTTP_204_NO_CONTENT)
def sign_in(body: SignIn, request: Request, svc: Svc) -> Response:
    """Sign a browser in: the session comes as an HttpOnly cookie, and its CSRF token in the
    X-CSRF-Token header, to send back with every request that changes anything."""
    opened = credential.sign_in(
        svc, email=body.email, password=body.password, address=_address(request)
    )
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.set_cookie(
        SESSION_COOKIE,
        opened.secret,
        # Relative, so that a browser whose clock is off keeps it as long as the server does.
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    response.headers[CSRF_HEADER] = opened.csrf or ""
    _no_store(response)
    return response


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(request: Request, session: SignedIn, svc: Svc) -> Response:
    """Sign out: the session ends here and now (API tokens are revoked at /tokens/{id})."""
    if session.principal.channel is Channel.API_TOKEN:
        raise InvalidInput("an API token is not signed out: revoke it with DELETE /api/tokens/{id}")
    bearer = request.headers.get("authorization", "").partition(" ")[2].strip()
    credential.sign_out(svc, bearer if session.bearer else request.cookies.get(SESSION_COOKIE, ""))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: PasswordChange, session: SignedIn, svc: Svc) -> Response:
    """Change your password, giving the current one: every other session and every API token
    of yours ends; this session goes on."""
    credential.change_password(
        svc,
        session.principal,
        current=body.current,
        new=body.new,
        keep_session_id=session.session_id,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/invitations", status_code=status.HTTP_201_CREATED, response_model=InvitationIssued)
def invite(
    body: InvitationRequest, request: Request, response: Response, who: Caller, svc: Svc
) -> InvitationIssued:
    """Invite someone to a seat (the secretariat): the answer holds the single-use link, valid
    for seven days, with which they set their password. Send it on by a channel you trust."""
    issued = invitation.invite(
        svc,
        who,
        email=body.email,
        name=body.name,
        talks_id=body.talks_id,
        role=body.role,
        party=body.party,
    )
    base = os.environ.get(invitation.BASE_URL_VARIABLE) or str(request.base_url)
    _no_store(response)
    return InvitationIssued(link=invitation.link(base, issued.secret), expires_at=issued.expires_at)


@router.post("/invitations/{secret}", response_model=Accepted)
def accept_invitation(secret: str, body: Acceptance, svc: Svc) -> Accepted:
    """Accept an invitation by setting your password (no sign-in needed: the link is the
    proof). It works once, for seven days."""
    return Accepted(email=invitation.accept_invitation(svc, secret=secret, password=body.password))


@router.get("/me", response_model=account.Me)
def me(who: Caller, svc: Svc) -> account.Me:
    """Who you are signed in as, and your seats."""
    return account.me(svc, who)
