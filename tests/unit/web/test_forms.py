"""The forms of issue 9's leftovers: postpone, cancel and reschedule a round; correct an issue;
confirm a seat. Each is done by who may, refused to others with the proper status, and a bad
input is explained on the page and changes nothing.

Every test has talks of its own (`fresh`): these forms change them."""

from __future__ import annotations

from typing import Any

import pytest

from pourparler.domain.framework import NumericRange
from pourparler.server.app import create_app
from pourparler.services import round as rounds
from pourparler.services import setup
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.scene import OUTSIDER, UNCONFIRMED, Scene, build_scene
from support.world import CLERK, MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, OBSERVER, SOUTH_HEAD
from unit.web.conftest import csrf_of, signed_in


@pytest.fixture
def fresh() -> Scene:
    svc, _ = memory_services()
    return build_scene(svc)


@pytest.fixture
def fresh_app(fresh: Scene):
    return create_app(fresh.svc)


def state(scene: Scene) -> dict[str, Any]:
    """What a refusal must leave as it was: rounds, framework, seats and the record's length."""
    document = talks_document(scene.svc, OPERATOR, scene.talks_id, with_record=True)
    return {k: document[k] for k in ("rounds", "framework", "members", "record")}


def a_round(scene: Scene, *, scheduled: bool = True) -> str:
    """A round proposed by Northland's head, accepted by Southland's when `scheduled`."""
    proposal = rounds.propose_round(
        scene.svc, by(NORTH_HEAD), scene.talks_id, starts_at=scene.world.in_days(10),
        time_zone="Europe/Paris", venue="Castle Hall", format="hybrid",
    )  # fmt: skip
    if scheduled:
        rounds.accept_round(scene.svc, by(SOUTH_HEAD), scene.talks_id, proposal.id)
    return proposal.id


def round_of(scene: Scene, round_id: str) -> dict[str, Any]:
    document = talks_document(scene.svc, OPERATOR, scene.talks_id)
    return next(r for r in document["rounds"] if r["id"] == round_id)


def post(client, path: str, form_page: str, **data: str):
    return client.post(path, data={"csrf_token": csrf_of(client, form_page), **data})


# Rounds ------------------------------------------------------------------------------------


def test_the_mediator_postpones_a_round_and_the_proposer_reschedules_it(fresh, fresh_app):
    round_id = a_round(fresh)
    page = f"/talks/{fresh.talks_id}/rounds"
    mediator = signed_in(fresh_app, MEDIATOR)
    assert f"{page}/{round_id}/postpone" in mediator.get(page).text
    done = post(mediator, f"{page}/{round_id}/postpone", page, reason="The hall is flooded")
    assert done.status_code == 303
    assert round_of(fresh, round_id)["status"] == "postponed"
    shown = mediator.get(page).text
    assert "The hall is flooded" in shown
    assert "postponed" in shown

    north = signed_in(fresh_app, NORTH_HEAD)
    assert f"{page}/{round_id}/reschedule" in north.get(page).text
    moved = post(
        north, f"{page}/{round_id}/reschedule", page,
        starts_at="2026-04-20T15:30", time_zone="Europe/Paris",
    )  # fmt: skip
    assert moved.status_code == 303
    after = round_of(fresh, round_id)
    assert after["status"] == "proposed"  # the other party answers the new date
    assert after["starts_at"] == "2026-04-20T13:30:00+00:00"  # typed in the round's zone
    assert "The hall is flooded" not in north.get(page).text  # no longer why, nor current
    minutes = north.get(f"{page}/{round_id}/minutes").text  # the history keeps the reason
    assert f"round postponed (number {after['number']}, reason The hall is flooded)" in minutes


def test_only_who_conducts_postpones_or_cancels(fresh, fresh_app):
    round_id = a_round(fresh)
    page = f"/talks/{fresh.talks_id}/rounds"
    before = state(fresh)
    for who in (NORTH_HEAD, SOUTH_HEAD, OBSERVER, CLERK):  # mediated talks: the mediator conducts
        client = signed_in(fresh_app, who)
        assert f"{page}/{round_id}/postpone" not in client.get(page).text
        assert f"{page}/{round_id}/cancel" not in client.get(page).text
        for act in ("postpone", "cancel"):
            refused = post(client, f"{page}/{round_id}/{act}", page, reason="Not mine")
            assert refused.status_code == 403, (who, act)
            assert "the mediator runs the rounds" in refused.text
    outsider = signed_in(fresh_app, OUTSIDER)
    assert outsider.post(f"{page}/{round_id}/postpone", data={"reason": "x",
        "csrf_token": csrf_of(outsider, "/password")}).status_code == 404  # fmt: skip
    assert state(fresh) == before


def test_a_postponement_without_a_reason_is_refused_and_changes_nothing(fresh, fresh_app):
    round_id = a_round(fresh)
    page = f"/talks/{fresh.talks_id}/rounds"
    mediator = signed_in(fresh_app, MEDIATOR)
    before = state(fresh)
    refused = post(mediator, f"{page}/{round_id}/postpone", page, reason="   ")
    assert refused.status_code == 422
    assert 'class="error"' in refused.text
    assert "reason" in refused.text
    assert state(fresh) == before


def test_cancelling_a_round_and_what_a_stage_does_not_allow(fresh, fresh_app):
    round_id = a_round(fresh, scheduled=False)
    page = f"/talks/{fresh.talks_id}/rounds"
    mediator = signed_in(fresh_app, MEDIATOR)
    done = post(mediator, f"{page}/{round_id}/cancel", page, reason="Overtaken by events")
    assert done.status_code == 303
    assert round_of(fresh, round_id)["status"] == "cancelled"
    before = state(fresh)
    again = post(mediator, f"{page}/{round_id}/cancel", page, reason="Twice")
    assert again.status_code == 409  # a cancelled round cannot be cancelled: the stage says no
    assert "cannot cancel" in again.text
    assert f"{page}/{round_id}/cancel" not in mediator.get(page).text  # nor is it offered
    assert state(fresh) == before


def test_only_the_mediator_or_the_proposer_reschedules_and_a_bad_date_is_explained(
    fresh, fresh_app
):
    round_id = a_round(fresh)
    rounds.postpone_round(fresh.svc, by(MEDIATOR), fresh.talks_id, round_id, reason="Storm")
    page = f"/talks/{fresh.talks_id}/rounds"
    before = state(fresh)
    south = signed_in(fresh_app, SOUTH_HEAD)
    assert f"{page}/{round_id}/reschedule" not in south.get(page).text
    refused = post(
        south, f"{page}/{round_id}/reschedule", page, starts_at="2026-05-01T10:00",
        time_zone="Europe/Paris",
    )  # fmt: skip
    assert refused.status_code == 403
    north = signed_in(fresh_app, NORTH_HEAD)
    for typed, status, said in (
        ("soon", 422, "give a date and time"),
        ("2026-05-01", 422, "give a date and time"),  # a date alone, never midnight
        ("2020-01-01T10:00", 422, "a date in the past"),
    ):
        bad = post(
            north, f"{page}/{round_id}/reschedule", page, starts_at=typed,
            time_zone="Europe/Paris",
        )  # fmt: skip
        assert bad.status_code == status, typed
        assert said in bad.text
    assert state(fresh) == before


# Framework ---------------------------------------------------------------------------------


def test_the_secretariat_corrects_an_issue_and_the_mediator_may_too(fresh, fresh_app):
    setup.add_issue(
        fresh.svc, OPERATOR, fresh.talks_id, title="Fishing rights", kind="options",
        options=("None", "Shared"),
    )  # fmt: skip
    page = f"/talks/{fresh.talks_id}/framework"
    issue = next(i for i in state(fresh)["framework"] if i["title"] == "Fishing rights")
    clerk = signed_in(fresh_app, CLERK)
    assert f'id="edit-{issue["id"]}"' in clerk.get(page).text
    done = post(
        clerk, f"{page}/edit", page, issue=issue["id"], title="Fishing rights at sea",
        category="Resources", description="Who may fish **where**.", options="None\nShared\nQuota",
    )  # fmt: skip
    assert done.status_code == 303
    edited = next(i for i in state(fresh)["framework"] if i["id"] == issue["id"])
    assert edited["title"] == "Fishing rights at sea"
    assert edited["options"] == ["None", "Shared", "Quota"]
    assert edited["description"] == "Who may fish **where**."

    mediator = signed_in(fresh_app, MEDIATOR)
    again = post(
        mediator, f"{page}/edit", page, issue=issue["id"], title="Fishing rights at sea",
        category="Resources", description="Who may fish, and where.",
        options="None\nShared\nQuota",
    )  # fmt: skip
    assert again.status_code == 303
    assert "Who may fish, and where." in mediator.get(page).text


def test_a_range_issue_gets_new_bounds_and_bad_bounds_are_explained(fresh, fresh_app):
    setup.add_issue(
        fresh.svc, OPERATOR, fresh.talks_id, title="Buffer zone", kind="range",
        bounds=NumericRange(0, 10, 1, "km"),
    )  # fmt: skip
    page = f"/talks/{fresh.talks_id}/framework"
    issue = next(i for i in state(fresh)["framework"] if i["title"] == "Buffer zone")
    clerk = signed_in(fresh_app, CLERK)
    fields = {"issue": issue["id"], "title": "Buffer zone", "category": "", "description": ""}
    before = state(fresh)
    for low, high, status, said in (
        ("a few", "20", 422, "Lowest value: give a number"),
        ("30", "20", 422, "is above its high"),
        ("0", "10", 422, "nothing changed"),
    ):
        bad = post(clerk, f"{page}/edit", page, **fields, low=low, high=high, step="1", unit="km")
        assert bad.status_code == status, (low, high)
        assert said in bad.text
        assert 'class="error"' in bad.text
    assert state(fresh) == before
    done = post(clerk, f"{page}/edit", page, **fields, low="2", high="20", step="0.5", unit="km")
    assert done.status_code == 303
    edited = next(i for i in state(fresh)["framework"] if i["id"] == issue["id"])
    assert edited["range"] == {"low": 2.0, "high": 20.0, "step": 0.5, "unit": "km"}


def test_the_secretariat_adds_a_range_issue_from_the_form(fresh, fresh_app):
    page = f"/talks/{fresh.talks_id}/framework"
    clerk = signed_in(fresh_app, CLERK)
    fields = {"title": "Patrol distance", "category": "Security", "kind": "range",
              "options": "", "description": "", "step": "", "unit": "km"}  # fmt: skip
    before = state(fresh)
    bad = post(clerk, f"{page}/issue", page, **fields, low="", high="5")
    assert bad.status_code == 422
    assert "Lowest value: give a number" in bad.text
    assert state(fresh) == before
    done = post(clerk, f"{page}/issue", page, **fields, low="0", high="5")
    assert done.status_code == 303
    added = next(i for i in state(fresh)["framework"] if i["title"] == "Patrol distance")
    assert added["kind"] == "range"
    assert added["range"] == {"low": 0.0, "high": 5.0, "step": 1.0, "unit": "km"}
    assert "from 0 to 5, by 1 km" in clerk.get(page).text


def test_a_party_may_not_correct_an_issue(fresh, fresh_app):
    issue = fresh.world.issues["Phasing"]
    page = f"/talks/{fresh.talks_id}/framework"
    before = state(fresh)
    for who in (NORTH_HEAD, NORTH_DELEGATE, OBSERVER):
        client = signed_in(fresh_app, who)
        refused = client.post(
            f"{page}/edit",
            data={"csrf_token": csrf_of(client, "/password"), "issue": issue, "title": "Mine"},
        )
        assert refused.status_code == 404, who  # not their page: as if it did not exist
    assert state(fresh) == before


def test_an_issue_a_memorandum_refers_to_is_not_corrected(fresh, fresh_app):
    issue = fresh.world.issues["Geographic scope"]  # the scene's memoranda take positions on it
    page = f"/talks/{fresh.talks_id}/framework"
    clerk = signed_in(fresh_app, CLERK)
    before = state(fresh)
    refused = post(
        clerk, f"{page}/edit", page, issue=issue, title="Scope", category="", description="",
        options="Contact line only\nContested districts\nEntire territory",
    )  # fmt: skip
    assert refused.status_code == 409
    assert 'class="error"' in refused.text
    assert state(fresh) == before


# Members -----------------------------------------------------------------------------------


def test_a_head_confirms_a_seat_awaiting_in_the_party(fresh, fresh_app):
    page = f"/talks/{fresh.talks_id}/members"
    north = signed_in(fresh_app, NORTH_HEAD)
    shown = north.get(page)
    assert shown.status_code == 200
    assert f'name="email" value="{UNCONFIRMED}"' in shown.text
    assert 'action="/talks/' + fresh.talks_id + '/members/seat"' not in shown.text  # setup forms
    done = post(north, f"{page}/confirm", page, email=UNCONFIRMED)
    assert done.status_code == 303
    seat = next(m for m in state(fresh)["members"] if m["email"] == UNCONFIRMED)
    assert seat["confirmed"]
    assert "No seat awaits your confirmation." in north.get(page).text


def test_a_seat_is_confirmed_by_its_partys_head_alone(fresh, fresh_app):
    page = f"/talks/{fresh.talks_id}/members"
    before = state(fresh)
    south = signed_in(fresh_app, SOUTH_HEAD)
    assert f'value="{UNCONFIRMED}"' not in south.get(page).text  # not Southland's seat
    assert post(south, f"{page}/confirm", page, email=UNCONFIRMED).status_code == 404
    clerk = signed_in(fresh_app, CLERK)
    assert "Seats awaiting your confirmation" not in clerk.get(page).text
    refused = post(clerk, f"{page}/confirm", page, email=UNCONFIRMED)
    assert refused.status_code == 403
    assert "head of delegation confirms" in refused.text
    delegate = signed_in(fresh_app, NORTH_DELEGATE)
    assert delegate.get(page).status_code == 404
    assert (
        delegate.post(
            f"{page}/confirm",
            data={"csrf_token": csrf_of(delegate, "/password"), "email": UNCONFIRMED},
        ).status_code
        == 404
    )
    assert state(fresh) == before


def test_the_mediator_confirms_another_mediators_seat(fresh, fresh_app):
    from pourparler.services import account

    account.add_user(
        fresh.svc, OPERATOR, name="Second Mediator", email="second@example.org",
        password="correct horse battery",
    )  # fmt: skip
    setup.seat(fresh.svc, by(CLERK), fresh.talks_id, email="second@example.org", role="mediator")
    if not setup.awaits_confirmation(
        fresh.svc, OPERATOR, fresh.talks_id, email="second@example.org"
    ):
        pytest.fail("a second mediator's seat should await the first mediator's confirmation")
    page = f"/talks/{fresh.talks_id}/members"
    mediator = signed_in(fresh_app, MEDIATOR)
    assert 'value="second@example.org"' in mediator.get(page).text
    assert post(mediator, f"{page}/confirm", page, email="second@example.org").status_code == 303
    seat = next(m for m in state(fresh)["members"] if m["email"] == "second@example.org")
    assert seat["confirmed"]


# Minutes -----------------------------------------------------------------------------------


def test_the_minutes_show_what_people_wrote_rendered_and_inert(fresh, fresh_app):
    outcome = "**Ceasefire holds** <script>window.owned = 1</script> [x](javascript:alert(1))"
    rounds.close_round(fresh.svc, by(MEDIATOR), fresh.talks_id, fresh.round_id, outcome=outcome)
    observer = signed_in(fresh_app, OBSERVER)
    page = observer.get(f"/talks/{fresh.talks_id}/rounds/{fresh.round_id}/minutes")
    assert page.status_code == 200
    minutes = page.text.split('<div class="minutes markdown">')[1].split("</main>")[0]
    assert "<strong>Ceasefire holds</strong>" in minutes
    assert "<script>" not in minutes
    assert 'href="javascript' not in minutes  # left as text, never a link
    assert "**" not in minutes
