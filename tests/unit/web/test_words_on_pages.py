"""What pages say in words: a label for every value of a vocabulary, one translation catalogue
for templates and the strings built in Python, and a spent invitation named as such."""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest

from pourparler.domain.credential import INVITATION_LIFETIME
from pourparler.server.app import create_app
from pourparler.server.web.label import LABELS, VOCABULARIES, words
from pourparler.server.web.render import TRANSLATIONS, translate
from pourparler.services import invitation
from support.caller import by
from support.memory import Clock, memory_services
from support.scene import OUTSIDER, build_scene
from support.world import CLERK, MEDIATOR, NORTH_HEAD
from unit.web.conftest import browser, csrf_of, signed_in


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARIES))
def test_every_value_of_a_vocabulary_has_a_label_in_words(vocabulary):
    labels = LABELS[vocabulary]
    values = {member.value for member in VOCABULARIES[vocabulary]}
    assert set(labels) == values
    for value, label in labels.items():
        assert label.strip(), value
        assert "_" not in label, value


def test_a_value_without_a_label_is_still_shown_in_words():
    assert words("in_person", "format") == "in person"
    assert words("brand_new", "format") == "brand new"
    with pytest.raises(KeyError):
        words("open", "no such vocabulary")


def test_pages_show_labels_not_raw_values(app, scene):
    client = signed_in(app, MEDIATOR)
    rounds = client.get(f"/talks/{scene.talks_id}/rounds").text
    assert "(in person)" in rounds
    assert "(in_person)" not in rounds
    assert ": accepted" in rounds  # Southland's answer to round 1
    assert ": accept " not in rounds
    framework = client.get(f"/talks/{scene.talks_id}/framework").text
    assert "range of numbers" in framework
    members = client.get(f"/talks/{scene.talks_id}/members").text
    assert "head of delegation" in members


PIRATE = {
    "Rounds": "Meetin's",
    "Not found": "Lost at sea",
    "Nothing here that you may see.": "Naught here fer ye eyes.",
    "Invitation used": "Letter o' marque spent",
    "in person": "aboard",
    "%(field)s: give a date and time such as 2026-03-03T10:00": "%(field)s: name the tide",
}


class Pirate(gettext.NullTranslations):
    """A catalogue that translates a few strings, to see where each is looked up."""

    def gettext(self, message: str) -> str:
        return PIRATE.get(message, message)


@pytest.fixture
def pirate() -> Iterator[None]:
    TRANSLATIONS.add_fallback(Pirate())
    try:
        yield
    finally:
        TRANSLATIONS._fallback = None


def test_templates_and_python_use_one_catalogue(app, scene, pirate):
    assert translate("Rounds") == "Meetin's"
    client = signed_in(app, NORTH_HEAD)
    rounds = client.get(f"/talks/{scene.talks_id}/rounds").text
    assert "<h1>Meetin's</h1>" in rounds  # a template's string
    assert "(aboard)" in rounds  # a label, from Python's vocabulary
    refused = client.post(
        f"/talks/{scene.talks_id}/rounds",
        data={"csrf_token": csrf_of(client, f"/talks/{scene.talks_id}/rounds"),
              "starts_at": "whenever", "time_zone": "UTC", "venue": "Deck"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "starts_at: name the tide" in refused.text  # a message built in Python
    lost = signed_in(app, OUTSIDER).get(f"/talks/{scene.talks_id}/rounds")
    assert lost.status_code == 404
    assert "<h1>Lost at sea</h1>" in lost.text  # the error page's title, built in Python
    assert "Naught here fer ye eyes." in lost.text


def _accept(client, path: str):
    token = client.get(path).text.split('name="form_token" value="')[1].split('"')[0]
    data = {"password": "a long new password", "repeat": "a long new password",
            "form_token": token}  # fmt: skip
    return client.post(path, data=data)


def test_a_used_or_expired_invitation_says_so_in_its_title():
    clock = Clock()
    svc, _ = memory_services(clock)
    scene = build_scene(svc)
    app = create_app(svc)

    def invite(email: str) -> str:
        issued = invitation.invite(
            svc, by(CLERK), email=email, name="Newcomer", talks_id=scene.talks_id,
            role="observer", party=None,
        )  # fmt: skip
        return f"/invitations/{issued.secret}"

    used = invite("used@example.org")
    assert _accept(browser(app), used).status_code == 303
    again = _accept(browser(app), used)
    assert again.status_code == 422
    assert "<h1>Invitation used</h1>" in again.text
    assert "Not signed in" not in again.text
    assert 'name="password"' not in again.text  # no form that cannot work

    late = invite("late@example.org")
    clock.advance(seconds=INVITATION_LIFETIME.total_seconds() + 1)
    expired = _accept(browser(app), late)
    assert expired.status_code == 422
    assert "<h1>Invitation expired</h1>" in expired.text
    assert "ask the secretariat for a new one" in expired.text
