"""Sign-in over HTTP on a real database: sessions, CSRF, tokens, invitations, rate limits,
password changes, and secrets that never reach a log or another answer."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pourparler import bootstrap
from pourparler.server.app import create_app
from pourparler.services import account, setup
from pourparler.services.credential import ACCOUNT_LIMIT
from pourparler.services.port import Services
from pourparler.store import make_engine
from pourparler.store.credential_tables import invitations, sessions
from support.caller import OPERATOR
from support.memory import Clock

PASSWORD = "correct horse battery"
HEAD = "head@north.example"
CLERK = "clerk@secretariat.example"


@dataclass
class Site:
    client: TestClient
    clock: Clock
    svc: Services
    url: str
    talks_id: str


@pytest.fixture
def site(database_url: str) -> Iterator[Site]:
    bootstrap.upgrade_database(database_url)
    clock = Clock()
    svc = bootstrap.build(database_url, clock=clock)
    account.add_user(svc, OPERATOR, name="Hugo Head", email=HEAD, password=PASSWORD)
    account.add_user(svc, OPERATOR, name="Cleo Clerk", email=CLERK, password=PASSWORD)
    talks = setup.create_talks(svc, OPERATOR, title="Harbour talks")
    setup.add_party(svc, OPERATOR, talks.id, name="Northland")
    setup.seat(svc, OPERATOR, talks.id, email=HEAD, role="head", party="Northland")
    setup.seat(svc, OPERATOR, talks.id, email=CLERK, role="secretariat")
    try:
        with TestClient(create_app(svc)) as client:
            yield Site(client, clock, svc, database_url, talks.id)
    finally:
        svc.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_token(site: Site, email: str = HEAD, password: str = PASSWORD) -> str:
    answer = site.client.post(
        "/api/tokens", json={"email": email, "password": password, "name": "script"}
    )
    assert answer.status_code == 201, answer.text
    token: str = answer.json()["token"]
    return token


def web_sign_in(site: Site, email: str = HEAD, password: str = PASSWORD) -> httpx.Response:
    return site.client.post("/api/session", json={"email": email, "password": password})


def test_a_wrong_password_and_an_unknown_email_answer_alike(site: Site) -> None:
    wrong = web_sign_in(site, password="not the password")
    unknown = web_sign_in(site, email="nobody@north.example")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.headers["content-type"] == "application/problem+json"
    for route in ("/api/tokens",):
        answers = [
            site.client.post(route, json={"email": e, "password": p, "name": "n"})
            for e, p in ((HEAD, "not the password"), ("nobody@north.example", PASSWORD))
        ]
        assert answers[0].json() == answers[1].json()


def test_a_web_session_is_an_httponly_lax_cookie_with_a_csrf_token(site: Site) -> None:
    answer = web_sign_in(site)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("pourparler_session=")
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute.lower() in cookie.lower()
    assert "secure" not in cookie.lower()
    assert answer.headers["x-csrf-token"]
    assert answer.headers["cache-control"] == "no-store"
    me = site.client.get("/api/me")
    assert me.status_code == 200
    assert me.json()["email"] == HEAD
    assert [s["role"] for s in me.json()["seats"]] == ["head"]
    assert "password_hash" not in me.text


def test_the_session_cookie_is_secure_over_https(site: Site) -> None:
    with TestClient(site.client.app, base_url="https://testserver") as client:
        answer = client.post("/api/session", json={"email": HEAD, "password": PASSWORD})
    assert "secure" in answer.headers["set-cookie"].lower()


def test_a_change_through_a_session_needs_its_csrf_token(site: Site) -> None:
    csrf = web_sign_in(site).headers["x-csrf-token"]
    refused = site.client.delete("/api/session")
    assert refused.status_code == 403
    wrong = site.client.delete("/api/session", headers={"X-CSRF-Token": "guessed"})
    assert wrong.status_code == 403
    assert site.client.get("/api/me").status_code == 200  # the refusals ended nothing
    assert site.client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204


def test_signing_out_ends_the_session_for_good(site: Site) -> None:
    answer = web_sign_in(site)
    cookie, csrf = site.client.cookies["pourparler_session"], answer.headers["x-csrf-token"]
    assert site.client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    site.client.cookies.set("pourparler_session", cookie)  # replayed by someone who kept it
    assert site.client.get("/api/me").status_code == 401


def test_a_revoked_token_is_refused(site: Site) -> None:
    token = new_token(site)
    assert site.client.delete("/api/session", headers=bearer(token)).status_code == 422
    assert site.client.get("/api/me", headers=bearer(token)).status_code == 200
    listed = site.client.get("/api/tokens", headers=bearer(token)).json()
    assert [t["name"] for t in listed["items"]] == ["script"]
    assert token not in str(listed)
    token_id = listed["items"][0]["id"]
    revoked = site.client.delete(f"/api/tokens/{token_id}", headers=bearer(token))
    assert revoked.status_code == 204
    refused = site.client.get("/api/me", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")


def test_someone_elses_token_cannot_be_revoked(site: Site) -> None:
    head_token, clerk_token = new_token(site), new_token(site, CLERK)
    head_id = site.client.get("/api/tokens", headers=bearer(head_token)).json()["items"][0]["id"]
    answer = site.client.delete(f"/api/tokens/{head_id}", headers=bearer(clerk_token))
    assert answer.status_code == 404
    assert site.client.get("/api/me", headers=bearer(head_token)).status_code == 200


def test_a_token_is_stored_hashed(site: Site) -> None:
    token = new_token(site)
    engine = make_engine(site.url)
    try:
        with engine.connect() as connection:
            rows = [tuple(map(str, row)) for row in connection.execute(select(sessions))]
    finally:
        engine.dispose()
    assert len(rows) == 1
    assert not any(token in value for value in rows[0])
    assert sha256(token.encode()).hexdigest() in rows[0]


def test_the_rate_limit_engages_and_releases(site: Site) -> None:
    for _ in range(ACCOUNT_LIMIT):
        assert web_sign_in(site, password="guess guess").status_code == 401
    held = web_sign_in(site)
    assert held.status_code == 429
    assert held.headers["content-type"] == "application/problem+json"
    assert int(held.headers["retry-after"]) == 15 * 60
    site.clock.advance(seconds=15 * 60 - 1)
    assert web_sign_in(site).status_code == 429
    site.clock.advance(seconds=1)
    assert web_sign_in(site).status_code == 204


def test_a_password_change_needs_the_current_one_and_ends_other_sessions(site: Site) -> None:
    token, other = new_token(site), new_token(site)
    web_sign_in(site)
    wrong = site.client.post(
        "/api/password",
        json={"current": "not it at all", "new": "a brand new password"},
        headers=bearer(token),
    )
    assert wrong.status_code == 403
    changed = site.client.post(
        "/api/password",
        json={"current": PASSWORD, "new": "a brand new password"},
        headers=bearer(token),
    )
    assert changed.status_code == 204
    assert site.client.get("/api/me", headers=bearer(token)).status_code == 200
    assert site.client.get("/api/me", headers=bearer(other)).status_code == 401
    assert site.client.get("/api/me").status_code == 401  # the browser's session ended
    assert web_sign_in(site).status_code == 401
    assert web_sign_in(site, password="a brand new password").status_code == 204


def test_an_over_long_password_is_refused_naming_its_field(site: Site) -> None:
    too_long = "x" * (account.MAX_PASSWORD + 1)
    token = new_token(site)
    answers = {
        "password": web_sign_in(site, password=too_long),
        "new": site.client.post(
            "/api/password", json={"current": PASSWORD, "new": too_long}, headers=bearer(token)
        ),
        "current": site.client.post(
            "/api/password",
            json={"current": too_long, "new": "a new password"},
            headers=bearer(token),
        ),
    }
    for field, answer in answers.items():
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == field
        assert f"at most {account.MAX_PASSWORD} characters" in answer.json()["detail"]
        assert too_long not in answer.text
    assert web_sign_in(site).status_code == 204  # the password is unchanged


def invite(site: Site, token: str, email: str = "newcomer@north.example") -> httpx.Response:
    body = {
        "email": email,
        "name": "Nia Newcomer",
        "talks_id": site.talks_id,
        "role": "delegate",
        "party": "Northland",
    }
    return site.client.post("/api/invitations", json=body, headers=bearer(token))


def test_an_invitation_works_once_and_not_after_it_expires(site: Site) -> None:
    clerk = new_token(site, CLERK)
    first = invite(site, clerk)
    assert first.status_code == 201, first.text
    link = first.json()["link"]
    assert link.startswith("http://testserver/invitations/")
    secret = link.rsplit("/", 1)[1]
    accept = site.client.post(f"/api/invitations/{secret}", json={"password": "my own pass"})
    assert accept.status_code == 200
    assert accept.json() == {"email": "newcomer@north.example"}
    again = site.client.post(f"/api/invitations/{secret}", json={"password": "someone else"})
    assert again.status_code == 401
    assert "used already" in again.json()["detail"]
    assert new_token(site, "newcomer@north.example", "my own pass")

    later = invite(site, clerk, "later@north.example").json()["link"].rsplit("/", 1)[1]
    site.clock.advance(days=7)
    expired = site.client.post(f"/api/invitations/{later}", json={"password": "my own pass"})
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]


def test_only_the_secretariat_invites(site: Site) -> None:
    answer = invite(site, new_token(site))
    assert answer.status_code == 403
    engine = make_engine(site.url)
    try:
        with engine.connect() as connection:
            assert list(connection.execute(select(invitations))) == []
    finally:
        engine.dispose()


def test_no_secret_reaches_the_access_log_or_another_answer(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pourparler.access")
    answers: list[httpx.Response] = []
    issuing: list[httpx.Response] = []

    def keep(answer: httpx.Response, *, issues: bool = False) -> httpx.Response:
        (issuing if issues else answers).append(answer)
        return answer

    clerk_answer = keep(
        site.client.post(
            "/api/tokens", json={"email": CLERK, "password": PASSWORD, "name": "desk"}
        ),
        issues=True,
    )
    clerk = clerk_answer.json()["token"]
    signed = keep(web_sign_in(site), issues=True)
    csrf, cookie = signed.headers["x-csrf-token"], site.client.cookies["pourparler_session"]
    invited = keep(invite(site, clerk), issues=True)
    secret = invited.json()["link"].rsplit("/", 1)[1]
    keep(site.client.get("/api/me"))
    keep(site.client.get("/api/tokens", headers=bearer(clerk)))
    keep(site.client.get("/api/talks", headers=bearer(clerk)))
    keep(site.client.post(f"/api/invitations/{secret}", json={"password": "newcomer pass"}))
    keep(site.client.post(f"/api/invitations/{secret}", json={"password": "newcomer pass"}))
    keep(web_sign_in(site, password="a wrong password"))
    keep(
        site.client.post(
            "/api/password",
            json={"current": PASSWORD, "new": "another password"},
            headers={"X-CSRF-Token": csrf},
        )
    )
    keep(site.client.delete("/api/session", headers={"X-CSRF-Token": csrf}))

    secrets = [
        PASSWORD,
        "newcomer pass",
        "a wrong password",
        "another password",
        clerk,
        csrf,
        cookie,
        secret,
    ]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "pourparler.access")
    assert logged.count("\n") >= len(answers) + len(issuing) - 1
    for value in secrets:
        assert value not in logged
        for answer in answers:
            assert value not in answer.text
            assert value not in str(answer.headers)
    own = ({clerk}, {cookie, csrf}, {secret})  # each issuing answer holds its own, no other
    for answer, issued in zip(issuing, own, strict=True):
        shown = answer.text + str(answer.headers)
        assert {value for value in secrets if value in shown} == issued
