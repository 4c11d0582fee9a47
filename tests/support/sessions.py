"""An in-memory stand-in for services/credential.py's sessions, for tests of the web pages
until the accounts branch's real module is merged: sign-in checks the real password (Argon2id
through services/account.py); sessions, invitations and tokens live in this object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from secrets import token_urlsafe

import pytest

from pourparler.domain.error import InvalidInput, NotFound, Unauthenticated
from pourparler.services import account, credential
from pourparler.services.access import person_actor
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Channel, Principal


@dataclass
class FakeSessions:
    sessions: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # secret -> ...
    invitations: dict[str, tuple[str, str]] = field(default_factory=dict)  # secret -> email, name
    tokens: dict[str, list[credential.TokenSummary]] = field(default_factory=dict)

    def authenticate(self, svc: Services, secret: str) -> credential.Authenticated | None:
        found = self.sessions.get(secret)
        if found is None:
            return None
        person_id, csrf, bearer = found
        channel = Channel.API_TOKEN if bearer else Channel.WEB
        principal = Principal.signed_in(person_id, channel)
        return credential.Authenticated(principal, bearer, None if bearer else csrf, secret[:8])

    def sign_in(
        self, svc: Services, *, email: str, password: str, address: str, kind: str = "web"
    ) -> credential.Opened:
        person = account.check_password(svc, email=email, password=password)
        if person is None:
            raise Unauthenticated("wrong e-mail or password")
        secret, csrf = token_urlsafe(24), token_urlsafe(24)
        self.sessions[secret] = (person.id, csrf, kind != "web")
        return credential.Opened(secret, csrf, secret[:8], svc.clock() + timedelta(hours=8))

    def sign_out(self, svc: Services, secret: str) -> None:
        self.sessions.pop(secret, None)

    def change_password(self, svc: Services, who: Principal, *, current: str, new: str) -> None:
        with svc.unit_of_work() as uow:
            email = uow.people.get(who.person_id or "").email
        if account.check_password(svc, email=email, password=current) is None:
            raise InvalidInput("the current password is wrong")
        account.set_password(svc, OPERATOR, email=email, password=new)

    def read_invitation(self, svc: Services, secret: str) -> credential.Invitation | None:
        found = self.invitations.get(secret)
        if found is None:
            return None
        return credential.Invitation(secret, found[0], svc.clock() + timedelta(days=7))

    def accept_invitation(self, svc: Services, secret: str, *, password: str) -> str:
        email, name = self.invitations.pop(secret)
        account.add_user(svc, OPERATOR, name=name, email=email, password=password)
        return email

    def list_tokens(self, svc: Services, who: Principal) -> list[credential.TokenSummary]:
        with svc.unit_of_work() as uow:
            person_actor(uow, who)
        return list(self.tokens.get(who.person_id or "", []))

    def create_token(
        self, svc: Services, who: Principal, *, name: str
    ) -> tuple[credential.TokenSummary, str]:
        if not name:
            raise InvalidInput("name: give the token a name")
        summary = credential.TokenSummary(token_urlsafe(6), name, svc.clock())
        self.tokens.setdefault(who.person_id or "", []).append(summary)
        secret = token_urlsafe(24)
        self.sessions[secret] = (who.person_id or "", "", True)
        return summary, secret

    def revoke_token(self, svc: Services, who: Principal, token_id: str) -> None:
        mine = self.tokens.get(who.person_id or "", [])
        if not any(t.id == token_id for t in mine):
            raise NotFound("token")
        self.tokens[who.person_id or ""] = [t for t in mine if t.id != token_id]


NAMES = (
    "authenticate", "sign_in", "sign_out", "change_password", "read_invitation",
    "accept_invitation", "list_tokens", "create_token", "revoke_token",
)  # fmt: skip


def install(monkeypatch: pytest.MonkeyPatch) -> FakeSessions:
    fake = FakeSessions()
    for name in NAMES:
        monkeypatch.setattr(credential, name, getattr(fake, name))
    return fake
