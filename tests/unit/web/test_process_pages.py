"""The pages of memoranda, the sealed exchange, the comparison and clarifications: they answer
their allowed viewers, 404 without a seat, never show a planted secret to a viewer who may not
read it, refuse a save from a version that moved (keeping the writer's text), and render
Markdown injections inert."""

from __future__ import annotations

import hashlib
import html
import re

import pytest

from pourparler.server.app import create_app
from support.memory import memory_services
from support.scene import ALLOWED, OUTSIDER, SECRETS, SOUTH_ADVISER, build_scene, forbidden
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)
from unit.web.conftest import csrf_of, signed_in

PEOPLE = [p for p in ALLOWED if isinstance(p, str)]
_EXPECTED = re.compile(r'name="expected" value="([^"]*)"')


def process_pages(scene) -> list[str]:
    base = f"/talks/{scene.talks_id}"
    pages = [
        f"{base}/memoranda",
        f"{base}/exchanges",
        f"{base}/exchanges/{scene.revealed_exchange}",
        f"{base}/exchanges/{scene.sealed_exchange}",
        f"{base}/comparison",
        f"{base}/clarifications",
        f"{base}/clarifications?status=open",
        f"{base}/clarifications?status=answered",
    ]
    for memo in (scene.north_memo, scene.north_sealed_memo, scene.south_memo):
        pages += [f"{base}/memoranda/{memo}", f"{base}/memoranda/{memo}/edit"]
        pages += [f"{base}/memoranda/{memo}?version={n}" for n in (1, 2, 3)]
        pages += [f"{base}/memoranda/{memo}/diff?first=1&second=2"]
        pages += [f"{base}/memoranda/{memo}/diff?first=2&second=3"]
    return pages


@pytest.fixture
def fresh():
    """A scene of its own, for tests that change it."""
    svc, _ = memory_services()
    scene = build_scene(svc)
    return scene, create_app(svc)


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_ADVISER, MEDIATOR, OBSERVER, CLERK])
def test_each_new_list_page_answers_a_seated_viewer(app, scene, who):
    client = signed_in(app, who)
    base = f"/talks/{scene.talks_id}"
    for section in ("memoranda", "exchanges", "comparison", "clarifications"):
        answer = client.get(f"{base}/{section}")
        if who == CLERK and section == "comparison":  # positions are content: metadata only
            assert answer.status_code == 403, answer.text[:300]
            continue
        assert answer.status_code == 200, (who, section, answer.text[:300])
        assert answer.text.count("<h1>") == 1
    for exchange in (scene.revealed_exchange, scene.sealed_exchange):
        assert client.get(f"{base}/exchanges/{exchange}").status_code == 200


@pytest.mark.parametrize(
    ("who", "memo", "status"),
    [
        (NORTH_HEAD, "north_memo", 200),
        (NORTH_HEAD, "south_memo", 200),  # its version 3 was revealed
        (SOUTH_ADVISER, "north_memo", 200),
        (MEDIATOR, "south_memo", 200),
        (OBSERVER, "north_memo", 200),
        (OBSERVER, "north_sealed_memo", 404),  # sealed, not revealed
        (SOUTH_HEAD, "north_sealed_memo", 404),
        (CLERK, "north_memo", 404),  # the secretariat reads no content
    ],
)
def test_a_memorandum_page_answers_who_may_read_it(app, scene, who, memo, status):
    client = signed_in(app, who)
    answer = client.get(f"/talks/{scene.talks_id}/memoranda/{getattr(scene, memo)}")
    assert answer.status_code == status, answer.text[:300]


def test_a_viewer_without_a_seat_gets_404_for_every_new_page(app, scene):
    client = signed_in(app, OUTSIDER)
    for path in process_pages(scene):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Nothing here that you may see." in answer.text
    csrf = csrf_of(client, "/password")
    preview = client.post(
        f"/talks/{scene.talks_id}/memoranda/preview?n=0",
        data={"csrf_token": csrf, "section_body_0": "**hello**"},
    )
    assert preview.status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_no_new_page_shows_a_secret_its_viewer_may_not_read(app, scene, who):
    client = signed_in(app, who)
    for path in process_pages(scene):
        body = client.get(path).text
        for secret in forbidden(who):
            assert secret not in body, (who, path, secret)


def test_the_other_party_sees_a_sealed_commitment_only(app, scene):
    base = f"/talks/{scene.talks_id}/exchanges/{scene.sealed_exchange}"
    south = signed_in(app, SOUTH_HEAD).get(base).text
    north = signed_in(app, NORTH_HEAD).get(base).text
    assert "N-SEALED-SECTION-k3" in north  # the own party reads what it sealed
    assert "N-SEALED-SECTION-k3" not in south
    assert "data-salt" not in south
    digest = re.search(r'<code class="digest">([0-9a-f]{64})</code>', south)
    assert digest
    assert digest.group(1) in north


def _commitments(page: str) -> list[tuple[str, str, str]]:
    found = re.findall(
        r'data-salt="([0-9a-f]+)" data-digest="([0-9a-f]{64})" data-document="([^"]*)"', page
    )
    return [(salt, digest, html.unescape(document)) for salt, digest, document in found]


@pytest.mark.parametrize("who", [SOUTH_DELEGATE, MEDIATOR, OBSERVER])
def test_the_page_gives_the_browser_exactly_the_bytes_that_were_committed(app, scene, who):
    page = signed_in(app, who).get(f"/talks/{scene.talks_id}/exchanges/{scene.revealed_exchange}")
    found = _commitments(page.text)
    assert len(found) == 2
    for salt, digest, document in found:
        recomputed = hashlib.sha256(bytes.fromhex(salt) + document.encode("utf-8")).hexdigest()
        assert recomputed == digest
    assert 'src="/static/verify.js"' in page.text


def test_the_secretariat_sees_commitments_without_documents(app, scene):
    page = signed_in(app, CLERK).get(f"/talks/{scene.talks_id}/exchanges/{scene.revealed_exchange}")
    assert page.status_code == 200
    assert _commitments(page.text) == []
    assert len(re.findall(r'<code class="digest">', page.text)) == 2


def _editor(client, scene, memo: str) -> tuple[str, str]:
    page = client.get(f"/talks/{scene.talks_id}/memoranda/{memo}/edit")
    assert page.status_code == 200, page.text[:300]
    expected = _EXPECTED.search(page.text)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert expected
    assert csrf
    return csrf.group(1), expected.group(1)


def _form(scene, csrf: str, expected: str, body: str, **extra: object) -> dict[str, object]:
    issues = scene.world.issues
    return {
        "csrf_token": csrf,
        "expected": expected,
        "section_key_0": "intro",
        "section_heading_0": "Introduction",
        "section_body_0": body,
        "section_heading_1": "",
        "section_body_1": "",
        f"asked_{issues['Geographic scope']}": ["Contact line only"],
        f"acceptable_{issues['Geographic scope']}": ["Contested districts"],
        f"asked_low_{issues['Initial duration']}": "30",
        f"asked_high_{issues['Initial duration']}": "60",
        f"acceptable_low_{issues['Initial duration']}": "14",
        f"acceptable_high_{issues['Initial duration']}": "90",
        f"rationale_{issues['Initial duration']}": "Time for *monitors*.",
        f"text_{issues['Link to the political process']}": "Talks resume within 30 days.",
        f"red_line_{issues['Link to the political process']}": "on",
        **extra,
    }


def test_the_editor_saves_sections_and_positions_as_a_new_version(fresh):
    scene, app = fresh
    client = signed_in(app, NORTH_DELEGATE)
    csrf, expected = _editor(client, scene, scene.north_memo)
    saved = client.post(
        f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}/edit",
        data=_form(scene, csrf, expected, "A new *introduction*."),
    )
    assert saved.status_code == 303, saved.text[:500]
    assert saved.headers["location"].endswith("?version=3")
    shown = client.get(saved.headers["location"]).text
    assert "<em>introduction</em>" in shown
    assert "30–60" in shown
    assert "14–90" in shown
    assert "Talks resume within 30 days." in shown
    assert "red line" in shown
    reopened = client.get(f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}/edit").text
    assert 'value="30"' in reopened
    assert 'value="Contested districts" checked' in reopened


def test_a_save_from_a_version_that_moved_is_refused_and_keeps_the_writers_text(fresh):
    scene, app = fresh
    path = f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}/edit"
    delegate = signed_in(app, NORTH_DELEGATE)
    head = signed_in(app, NORTH_HEAD)
    d_csrf, d_expected = _editor(delegate, scene, scene.north_memo)
    h_csrf, h_expected = _editor(head, scene, scene.north_memo)
    assert d_expected == h_expected
    first = head.post(path, data=_form(scene, h_csrf, h_expected, "Words of the head."))
    assert first.status_code == 303
    late = delegate.post(path, data=_form(scene, d_csrf, d_expected, "Words of the delegate."))
    assert late.status_code == 409
    assert "Someone else saved this memorandum while you were editing it." in late.text
    assert "Words of the delegate." in late.text  # the text typed is still in the form
    assert "Talks resume within 30 days." in late.text
    latest = delegate.get(f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}").text
    assert "Words of the head." in latest  # nothing was overwritten
    assert "Words of the delegate." not in latest
    assert "?version=4" not in latest
    # Told, the delegate may save over the newer version as a deliberate second act.
    moved = _EXPECTED.search(late.text)
    assert moved
    assert moved.group(1) != d_expected
    again = delegate.post(path, data=_form(scene, d_csrf, moved.group(1), "Words of the delegate."))
    assert again.status_code == 303
    assert again.headers["location"].endswith("?version=4")


def test_a_refused_position_is_explained_and_the_form_kept(fresh):
    scene, app = fresh
    client = signed_in(app, NORTH_DELEGATE)
    csrf, expected = _editor(client, scene, scene.north_memo)
    issue = scene.world.issues["Initial duration"]
    answer = client.post(
        f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}/edit",
        data=_form(scene, csrf, expected, "Kept body", **{f"asked_high_{issue}": "999"}),
    )
    assert answer.status_code == 422
    assert "outside 7–180" in answer.text
    assert "Kept body" in answer.text
    assert 'value="999"' in answer.text


INJECTIONS = (
    "<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[click me](javascript:alert(1))\n\n"
    "**still bold**"
)


def test_markdown_injections_in_a_memorandum_and_its_preview_render_inert(fresh):
    scene, app = fresh
    client = signed_in(app, NORTH_DELEGATE)
    csrf, expected = _editor(client, scene, scene.north_memo)
    saved = client.post(
        f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}/edit",
        data=_form(scene, csrf, expected, INJECTIONS),
    )
    assert saved.status_code == 303
    preview = client.post(
        f"/talks/{scene.talks_id}/memoranda/preview?n=0",
        data={"section_body_0": INJECTIONS},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )
    assert preview.status_code == 200
    for body in (client.get(saved.headers["location"]).text, preview.text):
        main = body.split('id="main"')[-1]
        assert "<strong>still bold</strong>" in main
        assert "<script>alert" not in main
        assert "<img" not in main  # the tag is shown as text, never made an element
        assert 'href="javascript' not in main


def test_the_preview_needs_the_csrf_token(app, scene):
    client = signed_in(app, NORTH_DELEGATE)
    refused = client.post(
        f"/talks/{scene.talks_id}/memoranda/preview?n=0", data={"section_body_0": "x"}
    )
    assert refused.status_code == 403


def test_a_head_shares_a_draft_with_the_mediator(fresh):
    scene, app = fresh
    head = signed_in(app, SOUTH_HEAD)
    path = f"/talks/{scene.talks_id}/memoranda/{scene.south_memo}"
    mediator = signed_in(app, MEDIATOR)
    assert mediator.get(f"{path}?version=1").status_code == 404
    shared = head.post(f"{path}/share", data={"csrf_token": csrf_of(head, path), "version": "1"})
    assert shared.status_code == 303
    assert "S-DRAFT-SECTION-w2" in mediator.get(f"{path}?version=1").text


def test_the_diff_between_two_versions(app, scene):
    client = signed_in(app, SOUTH_DELEGATE)
    answer = client.get(
        f"/talks/{scene.talks_id}/memoranda/{scene.south_memo}/diff?first=1&second=3"
    )
    assert answer.status_code == 200
    assert "S-DRAFT-SECTION-w2" in answer.text
    assert "S-OPEN-SECTION-r4" in answer.text
    same = client.get(f"/talks/{scene.talks_id}/memoranda/{scene.south_memo}/diff?first=2&second=2")
    assert same.status_code == 422
    assert "compare two different versions" in same.text


def test_an_exchange_played_through_the_pages(fresh):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}/exchanges"
    mediator = signed_in(app, MEDIATOR)
    opened = mediator.post(
        base,
        data={"csrf_token": csrf_of(mediator, base), "title": "Third round papers",
              "round": scene.round_id, "policy": "all_or_nothing"},
    )  # fmt: skip
    assert opened.status_code == 303
    exchange_id = re.findall(r'/exchanges/([0-9a-f]+)"', mediator.get(base).text)[-1]
    north, south = signed_in(app, NORTH_HEAD), signed_in(app, SOUTH_HEAD)
    committed = north.post(
        f"{base}/{exchange_id}/commit",
        data={"csrf_token": csrf_of(north, base), "version": f"{scene.north_sealed_memo}:1"},
    )
    assert committed.status_code == 303
    sealed = south.get(f"{base}/{exchange_id}").text
    assert "N-SEALED-SECTION-k3" not in sealed
    assert "not committed yet" in sealed
    early = mediator.post(
        f"{base}/{exchange_id}/reveal", data={"csrf_token": csrf_of(mediator, base)}
    )
    assert early.status_code == 409
    assert "not every party has committed" in early.text
    last = south.post(
        f"{base}/{exchange_id}/commit",
        data={"csrf_token": csrf_of(south, base), "version": f"{scene.south_memo}:3"},
    )
    assert last.status_code == 303
    revealed = south.get(f"{base}/{exchange_id}").text
    assert "N-SEALED-SECTION-k3" in revealed  # revealed to all at once
    assert len(_commitments(revealed)) == 2


def test_a_head_withdraws_and_a_delegate_may_not_commit(fresh):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}/exchanges"
    north = signed_in(app, NORTH_HEAD)
    page = north.get(base).text
    assert "Withdraw our commitment" in page
    withdrawn = north.post(
        f"{base}/{scene.sealed_exchange}/withdraw", data={"csrf_token": csrf_of(north, base)}
    )
    assert withdrawn.status_code == 303
    assert "withdrawn" in north.get(f"{base}/{scene.sealed_exchange}").text
    delegate = signed_in(app, NORTH_DELEGATE)
    refused = delegate.post(
        f"{base}/{scene.sealed_exchange}/commit",
        data={"csrf_token": csrf_of(delegate, base), "version": f"{scene.north_sealed_memo}:1"},
    )
    assert refused.status_code == 403  # not the head's seat: refused as the API refuses it
    assert "only the head of delegation commits" in refused.text


def test_the_comparison_names_each_standing_in_words_and_classes(app, scene):
    page = signed_in(app, OBSERVER).get(f"/talks/{scene.talks_id}/comparison").text
    row = page.split('<th scope="row">Geographic scope</th>')[0].rsplit("<tr", 1)[1]
    assert 'class="standing-conflict"' in row
    cells = page.split('<th scope="row">Geographic scope</th>')[1].split("</tr>")[0]
    assert '<span class="standing conflict">conflict</span>' in cells
    assert "Entire territory" in cells
    assert "Contact line only" in cells
    assert "Southland v3" in page
    assert "Northland v2" in page


def test_the_comparison_shows_the_overlap(fresh):
    scene, app = fresh
    client = signed_in(app, NORTH_DELEGATE)
    csrf, expected = _editor(client, scene, scene.north_memo)
    scope = scene.world.issues["Geographic scope"]
    saved = client.post(
        f"/talks/{scene.talks_id}/memoranda/{scene.north_memo}/edit",
        data=_form(scene, csrf, expected, "x", **{f"acceptable_{scope}": ["Entire territory"]}),
    )
    assert saved.status_code == 303
    page = client.get(f"/talks/{scene.talks_id}/comparison").text  # own v3 against South's v3
    cells = page.split('<th scope="row">Geographic scope</th>')[1].split("</tr>")[0]
    assert '<span class="standing compatible">compatible</span>' in cells
    assert "<td>Entire territory</td>" in cells


def test_a_clarification_asked_answered_closed_and_filtered(fresh):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}/clarifications"
    north = signed_in(app, NORTH_DELEGATE)
    form = north.get(base).text
    about = re.search(r'<option value="([^"]+\|section:intro)"', form)
    assert about
    asked = north.post(
        base,
        data={"csrf_token": csrf_of(north, base), "about": html.unescape(about.group(1)),
              "question": "What does *entire* cover?"},
    )  # fmt: skip
    assert asked.status_code == 303
    open_only = north.get(f"{base}?status=open").text
    assert "What does <em>entire</em> cover?" in open_only
    assert "Q-ABOUT-SCOPE-z1" not in open_only  # answered already, filtered out
    south = signed_in(app, SOUTH_DELEGATE)
    clarification_id = re.findall(r"/clarifications/([0-9a-f]+)/answer", south.get(base).text)
    assert len(clarification_id) == 1
    answered = south.post(
        f"{base}/{clarification_id[0]}/answer",
        data={"csrf_token": csrf_of(south, base), "answer": "Every district."},
    )
    assert answered.status_code == 303
    assert "No clarification is open." in north.get(f"{base}?status=open").text
    wrong = south.post(
        f"{base}/{clarification_id[0]}/close", data={"csrf_token": csrf_of(south, base)}
    )
    assert wrong.status_code == 403  # the asking party or the mediator closes it
    closed = north.post(
        f"{base}/{clarification_id[0]}/close", data={"csrf_token": csrf_of(north, base)}
    )
    assert closed.status_code == 303
    assert "Every district." in north.get(f"{base}?status=closed").text


def test_the_secretariat_lists_clarifications_without_their_words(app, scene):
    page = signed_in(app, CLERK).get(f"/talks/{scene.talks_id}/clarifications").text
    assert "Southland asks Northland" in page
    for secret in SECRETS["clarification"]:
        assert secret not in page


def test_an_adviser_reads_the_editor_but_may_not_save(fresh):
    scene, app = fresh
    adviser = signed_in(app, SOUTH_ADVISER)
    csrf, expected = _editor(adviser, scene, scene.south_memo)
    refused = adviser.post(
        f"/talks/{scene.talks_id}/memoranda/{scene.south_memo}/edit",
        data={"csrf_token": csrf, "expected": expected, "section_heading_0": "Mine",
              "section_body_0": "Adviser text"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "only a party&#39;s head of delegation or delegates write" in refused.text
    assert "Adviser text" in refused.text
    page = adviser.get(f"/talks/{scene.talks_id}/memoranda/{scene.south_memo}").text
    assert "Adviser text" not in page


def test_an_exchange_at_a_deadline_needs_a_date(fresh):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}/exchanges"
    mediator = signed_in(app, MEDIATOR)
    data = {"csrf_token": csrf_of(mediator, base), "title": "By Friday",
            "round": scene.round_id, "policy": "at_deadline", "time_zone": "UTC"}  # fmt: skip
    refused = mediator.post(base, data={**data, "deadline": ""})
    assert refused.status_code == 422
    assert "give a date and time" in refused.text
    opened = mediator.post(base, data={**data, "deadline": "2031-01-09T17:00"})
    assert opened.status_code == 303
    assert "revealed at the deadline" in mediator.get(base).text
