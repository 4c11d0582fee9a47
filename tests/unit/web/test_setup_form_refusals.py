"""What a newcomer's trial of the forms tripped over: a seat for an empty or unknown e-mail, a
role given the wrong kind of party, text far longer than the API accepts (new talks, the
framework, a memorandum), and refusals answered 409 whatever their kind. Each is explained on
the page, with the API's status, and changes nothing.

Every test has talks of its own (`fresh`)."""

from __future__ import annotations

import re

import pytest

from pourparler.server.app import create_app
from pourparler.services import account, setup
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.scene import Scene, build_scene
from support.world import CLERK, MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, PASSWORD
from unit.web.conftest import csrf_of, signed_in


@pytest.fixture
def fresh() -> Scene:
    svc, _ = memory_services()
    return build_scene(svc)


@pytest.fixture
def fresh_app(fresh: Scene):
    return create_app(fresh.svc)


def state(scene: Scene) -> dict[str, object]:
    document = talks_document(scene.svc, OPERATOR, scene.talks_id, with_record=True)
    return {k: document[k] for k in ("framework", "members", "record", "subject")}


def post(client, path: str, form_page: str, **data: str):
    return client.post(path, data={"csrf_token": csrf_of(client, form_page), **data})


def test_a_seat_for_an_empty_or_unknown_e_mail_is_explained_not_hidden(fresh, fresh_app):
    page = f"/talks/{fresh.talks_id}/members"
    north = fresh.world.north
    before = state(fresh)
    for who in (CLERK, MEDIATOR):
        client = signed_in(fresh_app, who)
        for email, said in (
            ("", "give the e-mail of the account to seat"),
            ("   ", "give the e-mail of the account to seat"),
            (
                "Nobody@Nowhere.example",
                "no account has the e-mail &#39;nobody@nowhere.example&#39;",
            ),
        ):
            refused = post(client, f"{page}/seat", page, email=email, role="adviser", party=north)
            assert refused.status_code == 422, (who, email)
            assert said in refused.text
            assert "invite them instead" in refused.text or not email.strip()
    assert state(fresh) == before


def test_a_role_given_the_wrong_kind_of_party_says_what_to_choose(fresh, fresh_app):
    page = f"/talks/{fresh.talks_id}/members"
    account.add_user(
        fresh.svc, OPERATOR, name="Ann Other", email="ann@example.org", password=PASSWORD
    )
    north = fresh.world.north
    clerk = signed_in(fresh_app, CLERK)
    before = state(fresh)
    for role, party, said in (
        ("head", "", "a head sits for a party: choose one"),
        ("adviser", "", "an adviser sits for a party: choose one"),
        ("observer", north, "an observer sits for no party: choose none"),
        ("mediator", north, "a mediator sits for no party: choose none"),
    ):
        refused = post(clerk, f"{page}/seat", page, email="ann@example.org", role=role, party=party)
        assert refused.status_code == 422, role
        assert said in refused.text
    assert state(fresh) == before
    done = post(clerk, f"{page}/seat", page, email="ann@example.org", role="observer", party="")
    assert done.status_code == 303


def test_text_longer_than_the_api_takes_is_refused_in_the_framework(fresh, fresh_app):
    page = f"/talks/{fresh.talks_id}/framework"
    clerk = signed_in(fresh_app, CLERK)
    fields = {"title": "Fishing rights", "kind": "options", "options": "None\nShared"}
    before = state(fresh)
    for extra, said in (
        ({"description": "d" * 10_001}, "an issue&#39;s description is longer than 10000"),
        ({"category": "c" * 501}, "an issue&#39;s category is longer than 500"),
        ({"options": "\n".join(f"zone {n}" for n in range(201))}, "at most 200 options"),
    ):
        refused = post(clerk, f"{page}/issue", page, **{**fields, **extra})
        assert refused.status_code == 422
        assert said in refused.text
    assert state(fresh) == before
    setup.add_issue(
        fresh.svc, OPERATOR, fresh.talks_id, title="Fishing rights", kind="options",
        options=("None", "Shared"),
    )  # fmt: skip
    issue = next(i for i in state(fresh)["framework"] if i["title"] == "Fishing rights")  # type: ignore[union-attr]
    before = state(fresh)
    refused = post(
        clerk, f"{page}/edit", page, issue=issue["id"], title="Fishing rights", category="",
        options="None\nShared", description="d" * 10_001,
    )  # fmt: skip
    assert refused.status_code == 422
    assert "longer than 10000" in refused.text
    assert state(fresh) == before
    kept = post(
        clerk, f"{page}/edit", page, issue=issue["id"], title="Fishing rights", category="",
        options="None\nShared", description="d" * 10_000,
    )  # fmt: skip
    assert kept.status_code == 303


def test_new_talks_with_a_subject_longer_than_the_api_takes_are_not_opened(fresh, fresh_app):
    account.add_user(
        fresh.svc, OPERATOR, name="Desk Op", email="desk@example.org", password=PASSWORD,
        operator=True,
    )  # fmt: skip
    desk = signed_in(fresh_app, "desk@example.org")
    listed = desk.get("/talks").text
    refused = post(
        desk, "/talks/new", "/talks/new", title="Fisheries talks", subject="s" * 10_001,
        template="",
    )  # fmt: skip
    assert refused.status_code == 422
    assert "a subject is longer than 10000 characters" in refused.text
    assert desk.get("/talks").text == listed
    assert "Fisheries talks" not in signed_in(fresh_app, NORTH_HEAD).get("/talks").text


def test_a_memorandum_section_beyond_the_api_bound_is_refused_and_nothing_is_saved(fresh):
    app = create_app(fresh.svc)
    path = f"/talks/{fresh.talks_id}/memoranda/{fresh.north_memo}"
    delegate = signed_in(app, NORTH_DELEGATE)
    before = talks_document(fresh.svc, OPERATOR, fresh.talks_id)["memoranda"]
    editor = delegate.get(f"{path}/edit").text
    expected = re.search(r'name="expected" value="([^"]*)"', editor)
    assert expected
    refused = delegate.post(
        f"{path}/edit",
        data={"csrf_token": csrf_of(delegate, f"{path}/edit"), "expected": expected.group(1),
              "section_key_0": "", "section_heading_0": "Annex",
              "section_body_0": "b" * 200_001},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "the text of section &#39;annex&#39; is longer than 200000 characters" in refused.text
    assert talks_document(fresh.svc, OPERATOR, fresh.talks_id)["memoranda"] == before


def test_a_refusal_on_the_process_pages_has_the_apis_status(fresh):
    app = create_app(fresh.svc)
    memoranda = f"/talks/{fresh.talks_id}/memoranda"
    delegate = signed_in(app, NORTH_DELEGATE)
    untitled = delegate.post(memoranda, data={"csrf_token": csrf_of(delegate, memoranda)})
    assert untitled.status_code == 422  # bad input, not a conflict with the talks' stage
    assert "a memorandum&#39;s title must not be empty" in untitled.text
    exchanges = f"/talks/{fresh.talks_id}/exchanges"
    mediator = signed_in(app, MEDIATOR)
    policy = mediator.post(
        exchanges,
        data={"csrf_token": csrf_of(mediator, exchanges), "title": "Final positions",
              "round": fresh.round_id, "policy": "whenever"},
    )  # fmt: skip
    assert policy.status_code == 422
    assert "unknown reveal policy" in policy.text


def test_a_rescheduled_round_keeps_its_zone_whatever_zone_the_form_names(fresh):
    from pourparler.services import round as rounds
    from support.caller import by

    app = create_app(fresh.svc)
    proposal = rounds.propose_round(
        fresh.svc, by(NORTH_HEAD), fresh.talks_id, starts_at=fresh.world.in_days(10),
        time_zone="Europe/Paris", venue="Castle Hall", format="hybrid",
    )  # fmt: skip
    rounds.postpone_round(fresh.svc, by(MEDIATOR), fresh.talks_id, proposal.id, reason="Storm")
    page = f"/talks/{fresh.talks_id}/rounds"
    north = signed_in(app, NORTH_HEAD)
    done = post(
        north, f"{page}/{proposal.id}/reschedule", page, starts_at="2031-05-04T10:00",
        time_zone="UTC",
    )  # fmt: skip
    assert done.status_code == 303
    rounds_now = talks_document(fresh.svc, OPERATOR, fresh.talks_id)["rounds"]
    moved = next(r for r in rounds_now if r["id"] == proposal.id)
    assert moved["time_zone"] == "Europe/Paris"
    assert moved["starts_at"].startswith("2031-05-04T08:00")  # 10:00 in Paris, in UTC


def test_concluded_talks_offer_no_form_to_change_their_members_or_framework(fresh, fresh_app):
    members, framework = f"/talks/{fresh.talks_id}/members", f"/talks/{fresh.talks_id}/framework"
    clerk, north = signed_in(fresh_app, CLERK), signed_in(fresh_app, NORTH_HEAD)
    offered = clerk.get(members).text
    for act in ("party", "seat", "invite"):
        assert f"{members}/{act}" in offered
    assert f"{members}/confirm" in north.get(members).text  # the unconfirmed adviser's seat
    for act in ("issue", "edit", "remove", "template"):
        assert f"{framework}/{act}" in clerk.get(framework).text

    setup.set_status(fresh.svc, by(MEDIATOR), fresh.talks_id,
                     status="concluded without agreement", statement="No agreement.")  # fmt: skip
    before = state(fresh)
    shown, confirming = clerk.get(members), north.get(members).text
    assert shown.status_code == 200
    assert "no longer change" in shown.text
    assert f"{members}/" not in shown.text + confirming
    assert "Uma Unconfirmed" in confirming  # the members are still listed
    assert f"{framework}/" not in clerk.get(framework).text
    assert "no longer changes" in clerk.get(framework).text

    # The services still refuse a form sent anyway (kept from before, or typed by hand).
    csrf = csrf_of(clerk, "/password")
    for act, data in (("seat", {"email": NORTH_DELEGATE, "role": "observer", "party": ""}),
                      ("party", {"name": "Eastland"})):  # fmt: skip
        refused = clerk.post(f"{members}/{act}", data={"csrf_token": csrf, **data})
        assert refused.status_code == 409
        assert "nothing more can change" in refused.text
    assert state(fresh) == before
