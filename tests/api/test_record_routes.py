"""Minutes, export and record verification over HTTP: each reader gets their own, and someone
without a seat learns nothing, not even that the round or the talks exist."""

from __future__ import annotations

from pourparler.services import note
from support.api import OUTSIDER, Api, problem
from support.caller import by
from support.world import MEDIATOR, NORTH_HEAD, OBSERVER, SOUTH_HEAD, draft

NOTE = "MEDIATOR-NOTE-MARKER the north will bend on duration"


def a_round_with_a_note(api: Api) -> str:
    body = {"starts_at": "2026-03-16T10:00", "time_zone": "Europe/Vienna", "venue": "Harbour"}
    round_id: str = api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=body).json()["id"]
    note.write_note(api.world.svc, by(MEDIATOR), api.world.talks_id, text=NOTE, round_id=round_id)
    return round_id


def test_minutes_as_markdown_or_json_with_the_mediators_notes_for_the_mediator_alone(
    api: Api,
) -> None:
    round_id = a_round_with_a_note(api)
    minutes = f"/api/rounds/{round_id}/minutes"
    text = api.by(OBSERVER).get(minutes, headers={"Accept": "text/markdown"})
    assert text.status_code == 200, text.text
    assert text.headers["content-type"].startswith("text/markdown")
    assert text.text.startswith("# Minutes of round 1")
    assert NOTE not in text.text
    as_json = api.by(SOUTH_HEAD).get(minutes).json()
    assert as_json["markdown"].startswith("# Minutes of round 1")
    assert NOTE not in as_json["markdown"]
    assert NOTE in api.by(MEDIATOR).get(minutes).json()["markdown"]


def test_minutes_are_no_outsiders_and_of_no_unknown_round(api: Api) -> None:
    round_id = a_round_with_a_note(api)
    hidden = problem(api.by(OUTSIDER).get(f"/api/rounds/{round_id}/minutes"), 404)
    missing = problem(api.by(OBSERVER).get("/api/rounds/nonesuch/minutes"), 404)
    assert hidden == missing  # the same answer: an outsider learns nothing of the round


def test_an_export_holds_the_readers_own_and_none_of_the_other_partys_drafts(api: Api) -> None:
    draft(api.world, SOUTH_HEAD, scope="Contact line only", days=(60, 90))
    secret = f"Secret reasoning of {SOUTH_HEAD}"
    north = api.by(NORTH_HEAD).get(f"{api.talks}/export")
    assert north.status_code == 200, north.text
    document = north.json()
    assert document["format"] == "pourparler-talks/2"
    assert document["reader"]["party"] == api.world.north
    assert document["talks"]["id"] == api.world.talks_id
    assert document["signatures"]
    assert secret not in north.text
    assert secret in api.by(SOUTH_HEAD).get(f"{api.talks}/export").text
    problem(api.by(OUTSIDER).get(f"{api.talks}/export"), 404)


def test_the_record_verifies_for_every_member_and_for_no_outsider(api: Api) -> None:
    a_round_with_a_note(api)
    for who in (OBSERVER, NORTH_HEAD, MEDIATOR):
        found = api.by(who).get(f"{api.talks}/record/verification")
        assert found.status_code == 200, found.text
        checked = found.json()
        assert checked["ok"] is True
        assert checked["problems"] == []
        assert checked["signers"]
        assert checked["entries"] > 0
    problem(api.by(OUTSIDER).get(f"{api.talks}/record/verification"), 404)
    problem(api.by(OBSERVER).get("/api/talks/nonesuch/record/verification"), 404)
