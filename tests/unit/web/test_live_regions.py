"""The live regions (issue 9): the list of exchanges, one exchange's commitments, the dashboard's
"waiting for you" and the clarifications list, each served alone as a fragment that
static/live.js fetches again when the talks' event stream brings an entry. A fragment answers
exactly what the page shows the same viewer in that region: never a planted secret the viewer
may not read, 404 without a seat, the sign-in form without a session; and the forms it carries
keep working."""

from __future__ import annotations

import re

import pytest

from pourparler.server.app import create_app
from support.memory import memory_services
from support.scene import ALLOWED, OUTSIDER, SECRETS, build_scene, forbidden
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)
from unit.web.conftest import browser, csrf_of, signed_in

PEOPLE = [p for p in ALLOWED if isinstance(p, str)]
SEATED = [p for p in PEOPLE if p != OUTSIDER]
_SPACES = re.compile(r"\s+")


@pytest.fixture
def fresh():
    """A scene of its own, for tests that change it."""
    svc, _ = memory_services()
    scene = build_scene(svc)
    return scene, create_app(svc)


def regions(scene) -> list[tuple[str, str, str]]:
    """(page, its fragment, the id of the region the fragment fills) for every live region."""
    base = f"/talks/{scene.talks_id}"
    found = [(base, f"{base}/waiting", "waiting")]
    found.append((f"{base}/exchanges", f"{base}/exchanges/list", "exchange-list"))
    for exchange in (scene.revealed_exchange, scene.sealed_exchange):
        page = f"{base}/exchanges/{exchange}"
        found.append((page, f"{page}/commitments", "exchange-region"))
    for status in ("", "?status=open", "?status=answered", "?status=closed"):
        fragment = f"{base}/clarifications/list{status}"
        found.append((f"{base}/clarifications{status}", fragment, "clarification-list"))
    return found


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@pytest.mark.parametrize("who", PEOPLE)
def test_no_fragment_holds_a_secret_its_viewer_may_not_read(app, scene, who):
    client = signed_in(app, who)
    for _, fragment, _ in regions(scene):
        answer = client.get(fragment)
        for secret in forbidden(who):
            assert secret not in answer.text, (who, fragment, secret)


@pytest.mark.parametrize("who", SEATED)
def test_each_fragment_is_the_region_its_page_shows_that_viewer(app, scene, who):
    client = signed_in(app, who)
    for page, fragment, region in regions(scene):
        whole = client.get(page)
        alone = client.get(fragment)
        assert whole.status_code == alone.status_code == 200, (who, fragment, alone.text[:300])
        assert f'id="{region}"' in whole.text
        assert f'hx-get="{fragment}"' in whole.text
        assert "<h1" not in alone.text
        assert "<html" not in alone.text
        assert _flat(alone.text) in _flat(whole.text), (who, fragment)


def test_each_page_with_a_live_region_follows_the_stream_from_its_last_entry(app, scene):
    client = signed_in(app, NORTH_HEAD)
    for page, _, _ in regions(scene):
        text = client.get(page).text
        found = re.search(
            rf'data-live-events="/api/talks/{scene.talks_id}/events\?after=(\d+)"', text
        )
        assert found, page
        assert int(found.group(1)) > 0
        assert 'src="/static/live.js"' in text
        assert 'hx-trigger="pourparler:entry"' in text


def test_a_viewer_without_a_seat_gets_404_for_every_fragment(app, scene):
    client = signed_in(app, OUTSIDER)
    for _, fragment, _ in regions(scene):
        answer = client.get(fragment)
        assert answer.status_code == 404, fragment
        assert "Nothing here that you may see." in answer.text
        for secret in forbidden(OUTSIDER):
            assert secret not in answer.text


def test_a_fragment_without_a_session_sends_to_sign_in_and_holds_nothing(app, scene):
    anonymous = browser(app)
    for _, fragment, _ in regions(scene):
        answer = anonymous.get(fragment)
        assert answer.status_code == 303, fragment
        assert answer.headers["location"].startswith("/sign-in")
        assert scene.talks_id not in answer.text
        assert SECRETS["clarification"][0] not in answer.text


def test_a_fragment_fetched_by_htmx_without_a_session_sends_the_whole_page_to_sign_in(app, scene):
    anonymous = browser(app)
    for _, fragment, _ in regions(scene):
        answer = anonymous.get(fragment, headers={"HX-Request": "true"})
        assert answer.status_code == 204, fragment
        assert answer.headers["HX-Redirect"] == "/sign-in"
        assert answer.text == ""


def test_an_unknown_exchange_has_no_fragment(app, scene):
    client = signed_in(app, NORTH_HEAD)
    answer = client.get(f"/talks/{scene.talks_id}/exchanges/no-such-exchange/commitments")
    assert answer.status_code == 404


def test_the_sealed_exchange_region_shows_the_other_side_the_digest_only(app, scene):
    path = f"/talks/{scene.talks_id}/exchanges/{scene.sealed_exchange}/commitments"
    north = signed_in(app, NORTH_HEAD).get(path).text
    digests = re.findall(r'<code class="digest">([0-9a-f]{64})</code>', north.split("</table>")[0])
    for who in (SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR, OBSERVER, CLERK):
        other = signed_in(app, who).get(path).text
        assert "data-salt" not in other, who
        assert "not committed yet" in other
        assert re.findall(r'<code class="digest">([0-9a-f]{64})</code>', other) == digests[:1]
    assert "N-SEALED-SECTION-k3" in north  # its own party reads what it sealed
    assert "data-salt" in north


def _commit_form(text: str) -> dict[str, str]:
    action = re.search(r'action="([^"]+/commit)"', text)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', text)
    version = re.search(r'<option value="([^"]+)"', text)
    assert action
    assert csrf
    assert version
    return {"action": action.group(1), "csrf_token": csrf.group(1), "version": version.group(1)}


def test_the_other_heads_commitment_and_the_reveal_appear_in_the_region(fresh):
    scene, app = fresh
    path = f"/talks/{scene.talks_id}/exchanges/{scene.sealed_exchange}/commitments"
    north, south = signed_in(app, NORTH_HEAD), signed_in(app, SOUTH_HEAD)
    before = north.get(path).text
    assert "not committed yet" in before
    assert "Revealed documents" not in before
    # The form inside the region is a plain form: posted as it stands, it commits.
    form = _commit_form(south.get(path).text)
    action = form.pop("action")
    assert south.post(action, data=form).status_code == 303
    after = north.get(path).text
    assert "not committed yet" not in after
    table = after.split("</table>")[0]
    assert len(re.findall(r'<code class="digest">[0-9a-f]{64}</code>', table)) == 2
    assert "Revealed documents" in after  # all or nothing: both committed, revealed at once
    assert after.count("data-commitment ") == 2
    assert "S-OPEN-SECTION-r4" in after
    for secret in forbidden(NORTH_HEAD):
        assert secret not in after


def _listed(text: str, title: str) -> str:
    """The article of the exchange `title` in the list of exchanges."""
    heading = rf'<article class="exchange"[^>]*>\s*<h2[^>]*><a [^>]*>{title}</a>'
    found = re.search(rf"{heading}.*?</article>", text, re.S)
    assert found, title
    return found.group(0)


def test_a_new_exchange_a_commitment_and_the_reveal_appear_in_the_list(fresh):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}"
    path = f"{base}/exchanges/list"
    north, south = signed_in(app, NORTH_HEAD), signed_in(app, SOUTH_HEAD)
    mediator = signed_in(app, MEDIATOR)
    assert "Third papers" not in north.get(path).text
    opened = mediator.post(
        f"{base}/exchanges",
        data={
            "csrf_token": csrf_of(mediator),
            "title": "Third papers",
            "round": scene.round_id,
            "policy": "all_or_nothing",
        },
    )
    assert opened.status_code == 303
    third = _listed(north.get(path).text, "Third papers")
    assert "not committed yet" in third
    assert re.findall(r'<code class="digest">', third) == []
    sealed = _listed(north.get(path).text, "Second thoughts")
    assert len(re.findall(r'<code class="digest">[0-9a-f]{64}</code>', sealed)) == 1
    assert 'class="badge">open<' in sealed
    # Southland's head commits to the sealed exchange through the form of its own list.
    form = _commit_form(_listed(south.get(path).text, "Second thoughts"))
    assert south.post(form.pop("action"), data=form).status_code == 303
    sealed = _listed(north.get(path).text, "Second thoughts")
    assert len(re.findall(r'<code class="digest">[0-9a-f]{64}</code>', sealed)) == 2
    assert "not committed yet" not in sealed
    assert 'class="badge ok">revealed<' in sealed  # all or nothing: revealed at once
    listed = north.get(path).text
    for secret in forbidden(NORTH_HEAD):
        assert secret not in listed
    assert "S-OPEN-SECTION-r4" not in listed  # the list shows digests, never a document


def test_a_refused_form_from_the_region_changes_nothing(fresh):
    scene, app = fresh
    path = f"/talks/{scene.talks_id}/exchanges/{scene.sealed_exchange}/commitments"
    south = signed_in(app, SOUTH_HEAD)
    form = _commit_form(south.get(path).text)
    refused = south.post(form["action"], data={"version": form["version"]})  # no CSRF token
    assert refused.status_code == 403
    assert "not committed yet" in south.get(path).text


def test_the_waiting_region_follows_what_the_viewer_has_left_to_do(fresh):
    scene, app = fresh
    path = f"/talks/{scene.talks_id}/waiting"
    south = signed_in(app, SOUTH_HEAD)
    assert "Commit to the exchange “Second thoughts”" in south.get(path).text
    form = _commit_form(
        south.get(f"/talks/{scene.talks_id}/exchanges/{scene.sealed_exchange}").text
    )
    assert south.post(form.pop("action"), data=form).status_code == 303
    assert "Second thoughts" not in south.get(path).text
    for who in (MEDIATOR, OBSERVER, CLERK):  # no party: nothing waits for them
        assert "Nothing is waiting for you." in signed_in(app, who).get(path).text


def test_a_new_question_and_its_answer_appear_in_the_list(fresh):
    scene, app = fresh
    path = f"/talks/{scene.talks_id}/clarifications/list"
    south, north = signed_in(app, SOUTH_DELEGATE), signed_in(app, NORTH_DELEGATE)
    page = south.get(f"/talks/{scene.talks_id}/clarifications").text
    about = re.search(r'<option value="([^"]+\|section:[^"]+)"', page)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert about
    assert csrf
    asked = south.post(
        f"/talks/{scene.talks_id}/clarifications",
        data={"csrf_token": csrf.group(1), "about": about.group(1), "question": "LIVE-Q-y8"},
    )
    assert asked.status_code == 303
    listed = north.get(path).text
    assert "LIVE-Q-y8" in listed
    answer_form = re.search(r'action="([^"]+/answer)"', listed)
    assert answer_form  # Northland answers: its form is in the region
    assert "hx-preserve" in listed  # an answer being typed survives a refresh
    asker = south.get(path).text.split("LIVE-Q-y8")[1].split("</article>")[0]
    assert "/answer" not in asker  # the asking party is not offered to answer
    assert "/close" in asker  # but to close its question
    north_csrf = re.search(r'name="csrf_token" value="([^"]+)"', listed)
    assert north_csrf
    answered = north.post(
        answer_form.group(1), data={"csrf_token": north_csrf.group(1), "answer": "LIVE-A-y8"}
    )
    assert answered.status_code == 303
    for who in (SOUTH_HEAD, MEDIATOR, OBSERVER):
        assert "LIVE-A-y8" in signed_in(app, who).get(path).text
    clerk = signed_in(app, CLERK).get(path).text  # the secretariat: metadata only
    assert "LIVE-Q-y8" not in clerk
    assert "LIVE-A-y8" not in clerk
