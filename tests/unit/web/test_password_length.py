"""An over-long password is refused on every form that takes one, with the message on the page."""

from __future__ import annotations

from pourparler.services import account, invitation
from support.caller import OPERATOR
from support.world import NORTH_DELEGATE, NORTH_HEAD, PASSWORD
from unit.web.conftest import browser, csrf_of, signed_in

TOO_LONG = "x" * (account.MAX_PASSWORD + 1)
SAID = f"the password is longer than {account.MAX_PASSWORD} characters"


def form_token(client, path: str) -> str:
    return client.get(path).text.split('name="form_token" value="')[1].split('"')[0]


def test_signing_in_with_an_over_long_password_is_refused_on_the_form(app):
    client = browser(app)
    answer = client.post(
        "/sign-in",
        data={
            "email": NORTH_HEAD,
            "password": TOO_LONG,
            "form_token": form_token(client, "/sign-in"),
        },
    )
    assert answer.status_code == 422
    assert SAID in answer.text
    assert TOO_LONG not in answer.text
    assert "pourparler_session" not in answer.headers.get("set-cookie", "")


def test_an_over_long_new_password_is_refused_on_the_form_and_changes_nothing(app):
    client = signed_in(app, NORTH_DELEGATE)
    answer = client.post(
        "/password",
        data={"csrf_token": csrf_of(client), "current": PASSWORD, "new": TOO_LONG,
              "repeat": TOO_LONG},
    )  # fmt: skip
    assert answer.status_code == 422
    assert f"the new password is longer than {account.MAX_PASSWORD} characters" in answer.text
    assert signed_in(app, NORTH_DELEGATE)  # the old password still signs in


def test_an_over_long_password_for_an_invitation_is_refused_and_the_link_still_works(app, scene):
    issued = invitation.invite(
        scene.svc, OPERATOR, email="longer@example.org", name="Lea Longer", talks_id=None
    )
    path = f"/invitations/{issued.secret}"
    invitee = browser(app)
    refused = invitee.post(
        path,
        data={"password": TOO_LONG, "repeat": TOO_LONG, "form_token": form_token(invitee, path)},
    )
    assert refused.status_code == 422
    assert SAID in refused.text
    assert 'name="repeat"' in refused.text  # the form again, to choose another password
    data = {"password": "a long new password", "repeat": "a long new password"}
    accepted = invitee.post(path, data={**data, "form_token": form_token(invitee, path)})
    assert accepted.status_code == 303
