"""The pages of the single negotiating text, preferences, secret bids and the mediator's
analysis: each answers its viewers, 404 without a seat, never shows a planted secret to a viewer
who may not read it; the forms act through the services and a refusal changes nothing; the
frontier chart is a server-made SVG whose points are the analysis's frontier."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.server.app import create_app
from pourparler.server.web.analysis import chart_of
from pourparler.services.analysis import mediator_analysis
from pourparler.services.profile import read_profile
from pourparler.services.view import talks_document
from support.caller import by
from support.memory import memory_services
from support.scene import ALLOWED, OUTSIDER, SOUTH_ADVISER, build_scene, forbidden
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_HEAD,
    build_world,
)
from unit.web.conftest import csrf_of, signed_in

PEOPLE = [p for p in ALLOWED if isinstance(p, str)]
SVG = "{http://www.w3.org/2000/svg}"


def pages(talks_id: str) -> dict[str, list[str]]:
    """The new pages by who may open them (by role name)."""
    base = f"/talks/{talks_id}"
    return {
        "everyone": [f"{base}/text", f"{base}/text/status", f"{base}/text/print"],
        "readers": [f"{base}/text/diff"],  # the secretariat reads no clauses
        "party": [f"{base}/preferences"],
        "party or mediator": [f"{base}/secret"],
        "mediator": [f"{base}/analysis", f"{base}/text/edit"],
    }


def fresh_scene():
    svc, _ = memory_services()
    scene = build_scene(svc)
    return scene, create_app(scene.svc)


@pytest.mark.parametrize(
    ("who", "groups"),
    [
        (NORTH_HEAD, ("everyone", "readers", "party", "party or mediator")),
        (SOUTH_ADVISER, ("everyone", "readers", "party", "party or mediator")),
        (MEDIATOR, ("everyone", "readers", "party or mediator", "mediator")),
        (OBSERVER, ("everyone", "readers")),
        (CLERK, ("everyone",)),
    ],
)
def test_each_new_page_answers_the_viewers_who_may_open_it(app, scene, who, groups):
    client = signed_in(app, who)
    found = pages(scene.talks_id)
    for group, paths in found.items():
        for path in paths:
            answer = client.get(path)
            if group in groups:
                assert answer.status_code == 200, (who, path, answer.text[:400])
            else:
                assert answer.status_code in (403, 404), (who, path)


def test_the_menu_offers_each_new_page_to_who_may_open_it(app, scene):
    base = f"/talks/{scene.talks_id}"
    offered = {
        who: signed_in(app, who).get(base).text for who in (NORTH_HEAD, MEDIATOR, OBSERVER, CLERK)
    }
    for who, body in offered.items():
        assert f'href="{base}/text"' in body
        assert (f'href="{base}/preferences"' in body) == (who == NORTH_HEAD)
        assert (f'href="{base}/secret"' in body) == (who in (NORTH_HEAD, MEDIATOR))
        assert (f'href="{base}/analysis"' in body) == (who == MEDIATOR)


def test_a_viewer_without_a_seat_gets_404_for_every_new_page_and_form(app, scene):
    client = signed_in(app, OUTSIDER)
    csrf = csrf_of(client)
    for paths in pages(scene.talks_id).values():
        for path in paths:
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert "Nothing here that you may see." in answer.text
    base = f"/talks/{scene.talks_id}"
    for form in ("/text/accept", "/text/edit", "/text/start", "/preferences",
                 "/preferences/consent", "/secret"):  # fmt: skip
        answer = client.post(base + form, data={"csrf_token": csrf, "clauses": "0"})
        assert answer.status_code == 404, form


@pytest.mark.parametrize("who", PEOPLE)
def test_no_new_page_shows_a_secret_its_viewer_may_not_read(app, scene, who):
    client = signed_in(app, who)
    base = f"/talks/{scene.talks_id}"
    paths = [p for group in pages(scene.talks_id).values() for p in group]
    paths += [f"{base}/text?version=1", f"{base}/text/diff?first=1&second=2"]
    for path in paths:
        body = client.get(path).text
        for secret in forbidden(who):
            assert secret not in body, (who, path, secret)


def test_the_profile_is_shown_to_its_own_party_alone(app, scene):
    north = signed_in(app, NORTH_ADVISER).get(f"/talks/{scene.talks_id}/preferences").text
    assert 'value="0.3141"' in north  # Northland's reservation value, for Northland
    assert "0.2718" not in north  # Southland's, never
    mediator = signed_in(app, MEDIATOR).get(f"/talks/{scene.talks_id}/analysis").text
    for secret in ("0.3141", "0.2718", "7.4321", "6.1234"):
        assert secret not in mediator


def test_the_text_page_shows_clauses_badges_versions_and_acceptances(app, scene):
    client = signed_in(app, NORTH_HEAD)
    body = client.get(f"/talks/{scene.talks_id}/text").text
    assert "Draft agreement" in body
    assert 'class="badge' in body
    assert "Acceptances" in body
    assert "Accept version 2 for Northland" in body  # the head is offered the current version
    assert 'data-live-events="/api/talks/' in body
    assert 'hx-trigger="pourparler:entry"' in body
    assert '<script src="/static/live.js" defer></script>' in body
    old = client.get(f"/talks/{scene.talks_id}/text?version=1").text
    assert "not the current version" in old
    assert client.get(f"/talks/{scene.talks_id}/text?version=9").status_code == 404
    assert f'href="/talks/{scene.talks_id}/text/diff"' in body
    assert f'href="/talks/{scene.talks_id}/text/print?version=2"' in body
    secretariat = signed_in(app, CLERK).get(f"/talks/{scene.talks_id}/text").text
    assert "not its clauses" in secretariat
    # nor is it offered the pages of clauses it would be refused or shown empty
    assert "/text/diff" not in secretariat
    assert "/text/print" not in secretariat
    assert 'aria-label="The text"' not in secretariat  # no empty menu either


def test_the_diff_and_the_print_view(app, scene):
    client = signed_in(app, OBSERVER)
    diff = client.get(f"/talks/{scene.talks_id}/text/diff?first=1&second=2")
    assert diff.status_code == 200
    assert 'class="diff-removed"' in diff.text  # version 2 dropped the last clause
    printed = client.get(f"/talks/{scene.talks_id}/text/print")
    assert printed.status_code == 200
    assert "bracket convention" in printed.text
    assert "Article 1." in printed.text


class _Form(HTMLParser):
    """The fields a browser would send from the first form with `action` ending in `path`:
    inputs (checkboxes when checked), textareas and the selected option of each select."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path, self.inside, self.done = path, False, False
        self.data: dict[str, object] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action", "").endswith(self.path):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.data[name] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.data):
            self.data[self.select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.data[self.textarea] = str(self.data[self.textarea]) + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_of(client, page: str, action: str) -> dict[str, object]:
    parser = _Form(action)
    parser.feed(client.get(page).text)
    return parser.data


def _editor_form(client, talks_id: str) -> dict[str, object]:
    return form_of(client, f"/talks/{talks_id}/text/edit", "/text/edit")


def test_the_mediator_revises_the_text_from_the_editor_and_a_stale_edit_is_refused():
    scene, app = fresh_scene()
    tid = scene.talks_id
    mediator = signed_in(app, MEDIATOR)
    form = _editor_form(mediator, tid)
    north, south = (p["id"] for p in talks_document(scene.svc, by(MEDIATOR), tid)["parties"])
    form.update({
        "csrf_token": csrf_of(mediator, f"/talks/{tid}/text"),
        "clause-0-status": "bracketed", "clause-0-text": "",
        "clause-0-alt-0-text": "The northern wording", "clause-0-alt-0-party": north,
        "clause-0-alt-1-text": "The southern wording", "clause-0-alt-1-party": south,
    })  # fmt: skip
    form["clause-0-alternatives"] = "2"
    saved = mediator.post(f"/talks/{tid}/text/edit", data=form)
    assert saved.status_code == 303, saved.text[:2000]
    body = mediator.get(f"/talks/{tid}/text").text
    assert "Version 3" in body
    assert "Option 1, proposed by Northland" in body
    assert "The southern wording" in body
    # The same form again: it started from version 2, which is no longer the current one.
    form["clause-0-alt-1-text"] = "A late wording"
    stale = mediator.post(f"/talks/{tid}/text/edit", data=form)
    assert stale.status_code == 409
    assert "Someone revised the text after you opened the editor" in stale.text
    assert "A late wording" in stale.text  # kept in the form, not saved
    versions = talks_document(scene.svc, by(MEDIATOR), tid)["text"]["versions"]
    assert len(versions) == 3
    # A head cannot edit the text kept by the mediator.
    head = signed_in(app, NORTH_HEAD)
    assert head.get(f"/talks/{tid}/text/edit").status_code == 403


def test_a_bad_editor_form_is_refused_with_a_message_and_changes_nothing():
    scene, app = fresh_scene()
    tid = scene.talks_id
    mediator = signed_in(app, MEDIATOR)
    form = _editor_form(mediator, tid)
    form.update({"csrf_token": csrf_of(mediator, f"/talks/{tid}/text"),
                 "clause-0-status": "agreed ad referendum", "clause-0-text": ""})  # fmt: skip
    refused = mediator.post(f"/talks/{tid}/text/edit", data=form)
    assert refused.status_code == 422
    assert "the agreed text of" in refused.text
    assert len(talks_document(scene.svc, by(MEDIATOR), tid)["text"]["versions"]) == 2


def test_both_heads_accept_a_settled_version_and_the_banner_shows():
    scene, app = fresh_scene()
    tid = scene.talks_id
    mediator = signed_in(app, MEDIATOR)
    form = _editor_form(mediator, tid)
    count = int(str(form["clauses"]))
    for n in range(count - 1):  # every clause agreed, with a wording
        form[f"clause-{n}-status"] = "agreed ad referendum"
        form[f"clause-{n}-text"] = form.get(f"clause-{n}-text") or f"Agreed wording {n}"
        for alternative in [k for k in form if k.startswith(f"clause-{n}-alt-")]:
            del form[alternative]  # the bracketed ones settled: their alternatives go
    form["csrf_token"] = csrf_of(mediator, f"/talks/{tid}/text")
    assert mediator.post(f"/talks/{tid}/text/edit", data=form).status_code == 303
    status = f"/talks/{tid}/text/status"
    assert "Agreement reached" not in mediator.get(status).text
    for head in (NORTH_HEAD, SOUTH_HEAD):
        client = signed_in(app, head)
        page = client.get(f"/talks/{tid}/text").text
        version = re.search(r'name="version" value="([0-9a-f]{64})"', page)
        assert version
        accepted = client.post(
            f"/talks/{tid}/text/accept",
            data={"csrf_token": csrf_of(client, f"/talks/{tid}/text"), "version": version[1]},
        )
        assert accepted.status_code == 303
    fragment = mediator.get(status)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # the fragment alone
    assert "Agreement reached: every party accepted version 3 of the text." in fragment.text
    north = signed_in(app, NORTH_HEAD)
    again = north.post(
        f"/talks/{tid}/text/accept", data={"csrf_token": csrf_of(north), "version": "0" * 64}
    )
    assert again.status_code == 409  # the talks are concluded: refused, said on the page
    assert "nothing more can change" in again.text
    assert "Accept version" not in north.get(f"/talks/{tid}/text").text


def _profile_form(client, talks_id: str) -> dict[str, object]:
    return form_of(client, f"/talks/{talks_id}/preferences", "/preferences")


def test_the_profile_editor_saves_weights_that_sum_to_100_and_refuses_any_other_sum():
    scene, app = fresh_scene()
    tid = scene.talks_id
    client = signed_in(app, NORTH_DELEGATE)
    form = _profile_form(client, tid)
    # the issues the kept profile weighs (and rates), its weights shown as hundredths
    weights = sorted(k for k in form if k.endswith("-weight") and form[k] != "0")
    assert len(weights) == 2
    assert sum(int(str(form[k])) for k in weights) == 100
    before = read_profile(scene.svc, by(NORTH_HEAD), tid)
    form.update(dict.fromkeys(weights, "0"))
    form[weights[0]] = "60"
    form[weights[1]] = "30"  # 90 in all
    refused = client.post(f"/talks/{tid}/preferences", data=form)
    assert refused.status_code == 422
    assert "the weights add up to 90: they must add up to exactly 100" in refused.text
    assert 'value="60"' in refused.text  # the form comes back as it was filled
    assert read_profile(scene.svc, by(NORTH_HEAD), tid) == before
    form[weights[1]] = "40"
    saved = client.post(f"/talks/{tid}/preferences", data=form)
    assert saved.status_code == 303, saved.text[:3000]
    after = read_profile(scene.svc, by(NORTH_HEAD), tid)
    assert sorted(i["weight"] for i in after["issues"] if i["weight"]) == [40, 60]
    page = client.get(f"/talks/{tid}/preferences").text
    assert "data-weight-sum>100<" in page
    assert "Your best packages" in page


def test_an_adviser_reads_the_profile_and_is_not_offered_to_save_it(app, scene):
    body = signed_in(app, NORTH_ADVISER).get(f"/talks/{scene.talks_id}/preferences").text
    assert "Save the profile" not in body
    assert "The head of delegation or a delegate writes the profile." in body


def test_consent_and_secret_bids_through_the_forms():
    scene, app = fresh_scene()
    tid = scene.talks_id
    north = signed_in(app, NORTH_HEAD)
    withdrawn = north.post(f"/talks/{tid}/preferences/consent",
                           data={"csrf_token": csrf_of(north), "consent": "no"})  # fmt: skip
    assert withdrawn.status_code == 303
    assert "Give consent" in north.get(f"/talks/{tid}/preferences").text
    mediator = signed_in(app, MEDIATOR)
    analysis = mediator.get(f"/talks/{tid}/analysis")
    assert analysis.status_code == 200
    assert "at least two parties" in analysis.text
    north.post(f"/talks/{tid}/preferences/consent",
               data={"csrf_token": csrf_of(north), "consent": "yes"})  # fmt: skip

    bad = north.post(f"/talks/{tid}/secret", data={"csrf_token": csrf_of(north), "minimum": "x"})
    assert bad.status_code == 409
    assert "is not a number" in bad.text
    placed = north.post(
        f"/talks/{tid}/secret", data={"csrf_token": csrf_of(north), "minimum": "0.4217"}
    )
    assert placed.status_code == 303
    waiting = mediator.get(f"/talks/{tid}/secret").text
    assert "once every party has a bid standing" in waiting
    assert "Your party" not in waiting.split('id="outcome-title"')[1]
    assert "s bid stands." in north.get(f"/talks/{tid}/secret").text
    south = signed_in(app, SOUTH_HEAD)
    assert "Your party has no bid standing" in south.get(f"/talks/{tid}/secret").text
    south.post(f"/talks/{tid}/secret", data={"csrf_token": csrf_of(south), "minimum": "0.3719"})
    for client in (mediator, north, south):
        body = client.get(f"/talks/{tid}/secret").text
        assert "The bids overlap" in body or "The bids do not overlap" in body
    assert "0.4217" in north.get(f"/talks/{tid}/secret").text  # its own bid, for its party
    for client in (mediator, south, signed_in(app, OBSERVER)):
        for path in ("/secret", "/analysis", "/text", "/preferences"):
            body = client.get(f"/talks/{tid}{path}").text
            assert "0.4217" not in body
    assert signed_in(app, OBSERVER).get(f"/talks/{tid}/secret").status_code == 403
    adviser = signed_in(app, NORTH_ADVISER)
    refused = adviser.post(
        f"/talks/{tid}/secret", data={"csrf_token": csrf_of(adviser), "minimum": "0.1"}
    )
    assert refused.status_code == 409
    assert "only the head of delegation places a secret bid" in refused.text


@pytest.fixture(scope="module")
def demo():
    clock = ScriptClock(demo_start(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    svc, _ = memory_services(clock)
    talks_id = load_demo(svc, clock)
    return svc, talks_id


def test_the_frontier_chart_renders_for_the_demo_as_svg_with_the_frontier_points(demo):
    svc, talks_id = demo
    app = create_app(svc)
    client = signed_in(app, "envoy@harbour.example", "harbour-envoy-demo")
    answer = client.get(f"/talks/{talks_id}/analysis")
    assert answer.status_code == 200
    svg_text = re.search(r"<svg xmlns=.*?</svg>", answer.text, re.S)
    assert svg_text, answer.text[:3000]
    svg = ET.fromstring(svg_text.group(0))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title") is not None

    result = mediator_analysis(svc, by("envoy@harbour.example"), talks_id)
    names = result["parties"]
    expected = sorted(
        (round(p["utilities"][names[0]], 2), round(p["utilities"][names[1]], 2))
        for p in result["frontier"]["points"]
    )
    circles = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "frontier-point"]
    drawn = sorted(tuple(float(u) for u in c.get("data-utilities", "").split(","))[:2]
                   for c in circles)  # fmt: skip
    assert drawn == expected
    chart = chart_of(result)
    assert chart is not None
    # Each point is drawn where its utilities put it: further right for more utility to the
    # first party, higher (a smaller y) for more to the second.
    by_x = sorted(chart.frontier, key=lambda m: m.utilities[0])
    assert [m.x for m in by_x] == sorted(m.x for m in by_x)
    assert all(m.y <= chart.plot["bottom"] and m.x >= chart.plot["left"] for m in chart.frontier)
    polyline = next(svg.iter(f"{SVG}polyline"))
    assert len(polyline.get("points", "").split()) == len(circles)
    named = {r.get("data-key") for r in svg.iter(f"{SVG}rect") if r.get("class") == "mark-named"}
    assert "nash" in named
    text_marks = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "mark-text"]
    assert len(text_marks) == (
        1 if any(p["source"] == "negotiating text" for p in result["proposals"]) else 0
    )
    table = re.search(r'<table id="frontier-table">.*?</table>', answer.text, re.S)
    assert table
    assert table.group(0).count("<tr>") == len(result["frontier"]["points"]) + 1


def test_a_tentative_package_from_the_form_is_improved(demo):
    svc, talks_id = demo
    app = create_app(svc)
    client = signed_in(app, "envoy@harbour.example", "harbour-envoy-demo")
    page = client.get(f"/talks/{talks_id}/analysis").text
    assert "Improving a tentative package" in page
    answer = client.get(f"/talks/{talks_id}/analysis?tentative=yes")
    assert answer.status_code == 200
    assert "Tentative package" in answer.text
    wrong = client.get(f"/talks/{talks_id}/analysis?tentative=yes&issue-0=No+such+option")
    assert wrong.status_code == 422


def test_the_mediator_starts_the_text_and_a_head_may_not():
    svc, _ = memory_services()
    world = build_world(svc)
    app = create_app(svc)
    page = f"/talks/{world.talks_id}/text"
    head = signed_in(app, NORTH_HEAD)
    assert "No negotiating text yet." in head.get(page).text
    assert "Start the text" not in head.get(page).text  # the mediator keeps the text
    refused = head.post(f"{page}/start", data={"csrf_token": csrf_of(head), "title": "Mine"})
    assert refused.status_code == 403  # the mediator keeps the text
    assert talks_document(svc, by(MEDIATOR), world.talks_id)["text"] is None
    mediator = signed_in(app, MEDIATOR)
    blank = mediator.post(f"{page}/start", data={"csrf_token": csrf_of(mediator), "title": ""})
    assert blank.status_code == 422
    assert "give the text a title" in blank.text
    assert talks_document(svc, by(MEDIATOR), world.talks_id)["text"] is None
    started = mediator.post(
        f"{page}/start",
        data={
            "csrf_token": csrf_of(mediator),
            "title": "Heads of agreement",
            "from_memoranda": "yes",
        },
    )
    assert started.status_code == 303
    body = mediator.get(page).text
    assert "Heads of agreement" in body
    assert "Version 1" in body
