"""Every page answers its allowed viewers, 404 to a viewer without a seat, and never shows a
planted secret to a viewer who may not read it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from support.scene import ALLOWED, OUTSIDER, SECRETS, SOUTH_ADVISER, UNCONFIRMED, forbidden
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    PASSWORD,
    SOUTH_HEAD,
)
from unit.web.conftest import browser, csrf_of, signed_in

PEOPLE = [p for p in ALLOWED if isinstance(p, str)]


def talks_pages(scene) -> list[str]:
    base = f"/talks/{scene.talks_id}"
    return [
        base,
        f"{base}/rounds",
        f"{base}/record",
        f"{base}/rounds/{scene.round_id}.ics",
        f"{base}/rounds/{scene.round_id}/minutes",
    ]


def test_root_sends_to_the_talks_and_anonymous_pages_to_the_sign_in_form(app, scene):
    client = browser(app)
    assert client.get("/").headers["location"] == "/talks"
    assert client.get("/talks").headers["location"] == "/sign-in"
    answer = client.get(f"/talks/{scene.talks_id}/rounds")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/sign-in?next=/talks/{scene.talks_id}/rounds"


def test_the_sign_in_form_is_labelled_and_sets_a_safe_cookie(app):
    client = browser(app)
    form = client.get("/sign-in")
    assert form.status_code == 200
    assert '<label for="email">' in form.text
    assert '<label for="password">' in form.text
    token = form.text.split('name="form_token" value="')[1].split('"')[0]
    answer = client.post(
        "/sign-in",
        data={"email": NORTH_HEAD, "password": "correct horse battery", "form_token": token,
              "next": "//elsewhere.example/x"},
    )  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/talks"  # never to another site
    cookie = answer.headers["set-cookie"].lower()
    assert "pourparler_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # plain HTTP here; over HTTPS the cookie is Secure


def test_the_password_and_invitation_forms_ask_for_the_new_password_twice(app):
    changing = signed_in(app, OBSERVER).get("/password").text
    inviting = browser(app).get("/invitations/any-link").text
    for text, first, label in (
        (changing, "new", "New password"),
        (inviting, "password", "Password"),
    ):
        for field, said in ((first, label), ("repeat", f"{label}, again")):
            assert re.search(
                rf'<label for="{field}">{said}\s*<input id="{field}" name="{field}" '
                r'type="password" autocomplete="new-password" required>',
                text,
            ), (field, text)


def test_a_wrong_password_is_refused_on_the_form(app):
    client = browser(app)
    token = client.get("/sign-in").text.split('name="form_token" value="')[1].split('"')[0]
    answer = client.post(
        "/sign-in", data={"email": NORTH_HEAD, "password": "wrong", "form_token": token}
    )
    assert answer.status_code == 401
    assert "wrong e-mail or password" in answer.text
    assert "pourparler_session" not in answer.headers.get("set-cookie", "")


def test_sign_in_without_the_forms_token_is_refused(app):
    answer = browser(app).post(
        "/sign-in", data={"email": NORTH_HEAD, "password": "correct horse battery"}
    )
    assert answer.status_code == 403
    assert "pourparler_session" not in answer.headers.get("set-cookie", "")


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(app, scene):
    client = signed_in(app, NORTH_HEAD)
    before = len(client.get(f"/talks/{scene.talks_id}/record").text)
    refused = client.post(f"/talks/{scene.talks_id}/rounds/{scene.round_id}/close",
                          data={"outcome": "done"})  # fmt: skip
    assert refused.status_code == 403
    wrong = client.post("/sign-out", data={"csrf_token": "not-the-token"})
    assert wrong.status_code == 403
    assert client.get("/talks").status_code == 200  # still signed in
    assert len(client.get(f"/talks/{scene.talks_id}/record").text) == before


def test_sign_out_ends_the_session(app):
    client = signed_in(app, OBSERVER)
    cookie = client.cookies["pourparler_session"]
    answer = client.post("/sign-out", data={"csrf_token": csrf_of(client)})
    assert answer.status_code == 303
    assert client.get("/talks").status_code == 303
    client.cookies.set("pourparler_session", cookie)  # the old cookie, sent again
    assert client.get("/talks").headers["location"] == "/sign-in"


def test_pages_carry_the_security_headers_and_no_outside_origin(app, scene):
    client = signed_in(app, MEDIATOR)
    answer = client.get(f"/talks/{scene.talks_id}")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"
    assert "http://" not in answer.text.replace("http://127.0.0.1", "")
    assert "https://" not in answer.text
    assert "style=" not in answer.text
    assert "<script>" not in answer.text  # every script is a file of the installation


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_ADVISER, MEDIATOR, OBSERVER, CLERK])
def test_each_page_answers_a_seated_viewer(app, scene, who):
    client = signed_in(app, who)
    assert scene.world.svc  # the scene is built
    listed = client.get("/talks")
    assert listed.status_code == 200
    assert f'href="/talks/{scene.talks_id}"' in listed.text
    for path in talks_pages(scene):
        answer = client.get(path)
        assert answer.status_code == 200, (who, path, answer.text[:500])


def test_a_viewer_without_a_seat_gets_404_for_every_page_of_the_talks(app, scene):
    client = signed_in(app, OUTSIDER)
    assert f"/talks/{scene.talks_id}" not in client.get("/talks").text
    for path in [
        *talks_pages(scene),
        f"/talks/{scene.talks_id}/notes",
        f"/talks/{scene.talks_id}/members",
        f"/talks/{scene.talks_id}/framework",
    ]:
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Nothing here that you may see." in answer.text
    missing = client.get("/talks/no-such-talks")
    assert missing.status_code == 404
    assert missing.text == client.get(f"/talks/{scene.talks_id}").text  # the same answer


def test_mediator_notes_are_the_mediators_alone(app, scene):
    notes = f"/talks/{scene.talks_id}/notes"
    mediator = signed_in(app, MEDIATOR)
    assert f'href="{notes}"' in mediator.get(f"/talks/{scene.talks_id}").text
    page = mediator.get(notes)
    assert page.status_code == 200
    assert SECRETS["mediator notes"][0] in page.text
    for who in (NORTH_HEAD, OBSERVER, CLERK):
        client = signed_in(app, who)
        assert f'href="{notes}"' not in client.get(f"/talks/{scene.talks_id}").text
        assert client.get(notes).status_code == 404


def test_setup_pages_are_offered_to_who_sets_up_and_members_to_who_confirms_seats(app, scene):
    offered = {
        CLERK: ("members", "framework"),
        MEDIATOR: ("members", "framework"),  # the mediator sets up too, and confirms mediators
        NORTH_HEAD: ("members",),  # a head confirms the seats of the party
        NORTH_DELEGATE: (),
        OBSERVER: (),
    }
    for who, sections in offered.items():
        client = signed_in(app, who)
        dashboard = client.get(f"/talks/{scene.talks_id}").text
        for section in ("members", "framework"):
            path = f"/talks/{scene.talks_id}/{section}"
            expected = 200 if section in sections else 404
            assert client.get(path).status_code == expected, (who, section)
            assert (f'href="{path}"' in dashboard) == (section in sections), (who, section)


@pytest.mark.parametrize("who", PEOPLE)
def test_no_page_shows_a_secret_its_viewer_may_not_read(app, scene, who):
    client = signed_in(app, who) if who != OUTSIDER else signed_in(app, OUTSIDER)
    paths = [
        "/talks",
        *talks_pages(scene),
        f"/talks/{scene.talks_id}/notes",
        f"/talks/{scene.talks_id}/members",
        f"/talks/{scene.talks_id}/framework",
        "/tokens",
        "/password",
    ]
    for path in paths:
        body = client.get(path).text
        for secret in forbidden(who):
            assert secret not in body, (who, path, secret)


def test_the_calendar_file_of_a_scheduled_round(app, scene):
    client = signed_in(app, SOUTH_HEAD)
    answer = client.get(f"/talks/{scene.talks_id}/rounds/{scene.round_id}.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    body = answer.text
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in body
    assert "DTSTART:" in body
    assert "LOCATION:Harbour" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_an_unconfirmed_seat_reads_what_an_observer_reads(app, scene):
    client = signed_in(app, UNCONFIRMED)
    body = client.get(f"/talks/{scene.talks_id}").text
    for secret in forbidden(UNCONFIRMED):
        assert secret not in body


def test_a_token_is_shown_once_and_listed_by_name(app):
    client = signed_in(app, OBSERVER)
    csrf = csrf_of(client, "/tokens")
    made = client.post(
        "/tokens", data={"csrf_token": csrf, "name": "my script", "password": PASSWORD}
    )
    assert made.status_code == 201
    assert "shown this once only" in made.text
    listed = client.get("/tokens")
    assert "my script" in listed.text
    assert "shown this once only" not in listed.text
    refused = client.post(
        "/tokens", data={"csrf_token": csrf, "name": "other", "password": "wrong"}
    )
    assert refused.status_code == 422


def test_a_head_proposes_a_round_from_the_form_and_a_refusal_is_shown(app, scene):
    client = signed_in(app, NORTH_HEAD)
    rounds = f"/talks/{scene.talks_id}/rounds"
    csrf = csrf_of(client, rounds)
    made = client.post(
        rounds,
        data={"csrf_token": csrf, "starts_at": "2031-05-04T10:00", "time_zone": "Europe/Paris",
              "venue": "Lakeside Hall", "format": "in_person"},
    )  # fmt: skip
    assert made.status_code == 303
    assert "Lakeside Hall" in client.get(rounds).text
    bad = client.post(
        rounds,
        data={"csrf_token": csrf, "starts_at": "next tuesday", "time_zone": "UTC", "venue": "X"},
    )
    assert bad.status_code == 422  # bad input, as the API says it
    assert "give a date and time" in bad.text


def test_htmx_requests_carry_the_csrf_token_in_a_header(app, scene):
    client = signed_in(app, MEDIATOR)
    page = client.get(f"/talks/{scene.talks_id}/notes").text
    csrf = csrf_of(client, f"/talks/{scene.talks_id}/notes")
    assert f'hx-headers=\'{{"X-CSRF-Token": "{csrf}"}}\'' in page
    answer = client.post(
        f"/talks/{scene.talks_id}/notes",
        data={"text": "A note sent as htmx would"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )
    assert answer.status_code == 303
    assert "A note sent as htmx would" in client.get(f"/talks/{scene.talks_id}/notes").text


def test_the_session_cookie_is_secure_over_https(app):
    client = TestClient(app, base_url="https://127.0.0.1", follow_redirects=False)
    form = client.get("/sign-in")
    token = form.text.split('name="form_token" value="')[1].split('"')[0]
    answer = client.post(
        "/sign-in", data={"email": OBSERVER, "password": PASSWORD, "form_token": token}
    )
    assert answer.status_code == 303
    assert "secure" in answer.headers["set-cookie"].lower()


def test_the_dashboard_says_what_is_waiting_for_the_viewer(app, scene):
    client = signed_in(app, NORTH_HEAD)
    rounds = f"/talks/{scene.talks_id}/rounds"
    made = client.post(
        rounds,
        data={"csrf_token": csrf_of(client, rounds), "starts_at": "2031-06-01T09:00",
              "time_zone": "UTC", "venue": "Waiting Room", "format": "remote"},
    )  # fmt: skip
    assert made.status_code == 303
    south = signed_in(app, SOUTH_HEAD).get(f"/talks/{scene.talks_id}").text
    assert "Answer the proposal of round" in south
    north = signed_in(app, NORTH_HEAD).get(f"/talks/{scene.talks_id}").text
    assert "Answer the proposal of round" not in north  # the proposer waits, it does not answer
    observer = signed_in(app, OBSERVER).get(f"/talks/{scene.talks_id}").text
    assert "Nothing is waiting for you." in observer


def test_an_unknown_invitation_is_refused_without_a_trace(app):
    client = browser(app)
    form = client.get("/invitations/not-a-real-secret")
    assert form.status_code == 200
    token = form.text.split('name="form_token" value="')[1].split('"')[0]
    answer = client.post(
        "/invitations/not-a-real-secret",
        data={"password": "a long new password", "repeat": "a long new password",
              "form_token": token},
    )  # fmt: skip
    assert answer.status_code == 422
    assert "not valid" in answer.text
    assert "pourparler_session" not in answer.headers.get("set-cookie", "")


def test_the_secretariat_invites_and_the_invitee_sets_a_password_once(app, scene):
    clerk = signed_in(app, CLERK)
    members = f"/talks/{scene.talks_id}/members"
    made = clerk.post(
        f"{members}/invite",
        data={"csrf_token": csrf_of(clerk, members), "email": "newcomer@example.org",
              "name": "Nora Newcomer", "role": "observer", "party": ""},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    link = made.text.split('<p class="secret">')[1].split("</p>")[0]
    path = "/invitations/" + link.split("/invitations/")[1]
    assert path not in clerk.get(members).text  # shown once
    invitee = browser(app)
    token = invitee.get(path).text.split('name="form_token" value="')[1].split('"')[0]
    data = {"password": "a long new password", "repeat": "a long new password",
            "form_token": token}  # fmt: skip
    accepted = invitee.post(path, data=data)
    assert accepted.status_code == 303
    assert invitee.get(f"/talks/{scene.talks_id}").status_code == 200
    again = browser(app)
    token = again.get(path).text.split('name="form_token" value="')[1].split('"')[0]
    reused = again.post(path, data={**data, "form_token": token})
    assert reused.status_code == 422
    assert "pourparler_session" not in reused.headers.get("set-cookie", "")


def test_new_talks_are_the_installations_secretariats(app, scene):
    from pourparler.services import account
    from support.caller import OPERATOR

    account.add_user(
        scene.svc, OPERATOR, name="Desk Op", email="desk@example.org", password=PASSWORD,
        operator=True,
    )  # fmt: skip
    desk = signed_in(app, "desk@example.org")
    assert 'href="/talks/new"' in desk.get("/talks").text
    made = desk.post(
        "/talks/new",
        data={"csrf_token": csrf_of(desk, "/talks/new"), "title": "Fisheries talks",
              "subject": "Quotas", "template": "labour"},
    )  # fmt: skip
    assert made.status_code == 303
    created = desk.get(made.headers["location"])
    assert "Fisheries talks" in created.text
    for who in (CLERK, NORTH_HEAD):
        client = signed_in(app, who)
        assert 'href="/talks/new"' not in client.get("/talks").text
        assert client.get("/talks/new").status_code == 404
        assert "Fisheries talks" not in client.get("/talks").text


def test_an_account_the_operator_lets_open_talks_opens_them_and_sits_as_their_secretariat(
    app, scene
):
    from pourparler.services import account
    from support.caller import OPERATOR

    account.add_user(
        scene.svc, OPERATOR, name="Dana Desk", email="dana@example.org", password=PASSWORD
    )
    dana = signed_in(app, "dana@example.org")
    assert 'href="/talks/new"' not in dana.get("/talks").text
    assert dana.get("/talks/new").status_code == 404
    account.allow_opening_talks(scene.svc, OPERATOR, email="dana@example.org", allowed=True)
    assert 'href="/talks/new"' in dana.get("/talks").text
    made = dana.post(
        "/talks/new",
        data={"csrf_token": csrf_of(dana, "/talks/new"), "title": "River talks",
              "subject": "Water", "template": ""},
    )  # fmt: skip
    assert made.status_code == 303, made.text[:300]
    members = dana.get(made.headers["location"] + "/members")
    assert members.status_code == 200  # the secretariat's page: it sits as their secretariat
    assert "dana@example.org" in members.text
    assert "River talks" in dana.get("/talks").text
    assert "River talks" not in signed_in(app, CLERK).get("/talks").text


def test_a_refused_seat_is_explained_on_the_page_and_changes_nothing(app, scene):
    clerk = signed_in(app, CLERK)
    members = f"/talks/{scene.talks_id}/members"
    before = clerk.get(members).text.count("<tr>")
    refused = clerk.post(
        f"{members}/seat",
        data={"csrf_token": csrf_of(clerk, members), "email": "nobody@example.org",
              "role": "observer", "party": ""},
    )  # fmt: skip
    # No such account: said in words, since whoever may seat learns it by seating anyway.
    assert refused.status_code == 422
    assert "no account has the e-mail" in refused.text
    wrong_role = clerk.post(
        f"{members}/seat",
        data={"csrf_token": csrf_of(clerk, members), "email": OBSERVER, "role": "emperor",
              "party": ""},
    )  # fmt: skip
    assert wrong_role.status_code == 422  # bad input, as the API says it
    assert 'class="error"' in wrong_role.text
    assert "Traceback" not in wrong_role.text
    assert clerk.get(members).text.count("<tr>") == before


def test_the_minutes_are_rendered_and_printable(app, scene):
    client = signed_in(app, OBSERVER)
    answer = client.get(f"/talks/{scene.talks_id}/rounds/{scene.round_id}/minutes")
    assert answer.status_code == 200
    minutes = answer.text.split('<div class="minutes markdown">')[1].split("</main>")[0]
    assert "<h2>Minutes of round 1" in minutes  # under the page's own <h1>
    assert "<h3>Delegations and participants</h3>" in minutes
    assert "<li>" in minutes
    assert "## " not in minutes  # no raw Markdown left
    assert answer.text.count("<h1") == 1
    css = client.get("/static/pourparler.css").text
    assert "@media print" in css


def test_every_page_names_an_icon_the_server_serves(app):
    """Without one, each page makes the browser ask for /favicon.ico and log a 404."""
    page = browser(app).get("/sign-in")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.text
    icon = browser(app).get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
