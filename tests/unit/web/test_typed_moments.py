"""A date and time typed into a page (a round's start, an exchange's deadline) follows the
API's rules: a time the zone skips or shows twice, or an offset the zone does not have then,
is refused with the reason, not moved to another hour; the refusal proposes nothing."""

from __future__ import annotations

import pytest

from pourparler.services.view import talks_document
from support.caller import by
from support.world import MEDIATOR, NORTH_HEAD
from unit.web.conftest import csrf_of, signed_in
from unit.web.test_text_and_analysis_pages import fresh_scene


@pytest.mark.parametrize(
    ("starts_at", "time_zone", "reason"),
    [("2031-03-30T02:30", "Europe/Berlin", "does not exist in Europe/Berlin"),
     ("2031-10-26T02:30", "Europe/Berlin", "occurs twice in Europe/Berlin"),
     ("2031-05-04T10:00+05:00", "Europe/Paris", "disagrees with Europe/Paris"),
     ("2031-05-04T10:00", "Mars/Olympus", "unknown time zone")],
)  # fmt: skip
def test_a_round_at_a_time_its_zone_does_not_have_is_refused(starts_at, time_zone, reason):
    scene, app = fresh_scene()
    client = signed_in(app, NORTH_HEAD)
    rounds = f"/talks/{scene.talks_id}/rounds"
    before = talks_document(scene.svc, by(NORTH_HEAD), scene.talks_id)["rounds"]
    refused = client.post(
        rounds,
        data={"csrf_token": csrf_of(client, rounds), "starts_at": starts_at,
              "time_zone": time_zone, "venue": "Clock Hall", "format": "in_person"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert reason in refused.text
    assert talks_document(scene.svc, by(NORTH_HEAD), scene.talks_id)["rounds"] == before


def test_a_round_with_the_offset_its_zone_has_then_is_proposed_at_that_instant():
    scene, app = fresh_scene()
    client = signed_in(app, NORTH_HEAD)
    rounds = f"/talks/{scene.talks_id}/rounds"
    made = client.post(
        rounds,
        data={"csrf_token": csrf_of(client, rounds), "starts_at": "2031-10-26T02:30+01:00",
              "time_zone": "Europe/Berlin", "venue": "Clock Hall", "format": "in_person"},
    )  # fmt: skip
    assert made.status_code == 303
    rounds_now = talks_document(scene.svc, by(NORTH_HEAD), scene.talks_id)["rounds"]
    made_round = next(r for r in rounds_now if r["venue"] == "Clock Hall")
    assert made_round["starts_at"].startswith("2031-10-26T01:30")  # the second 02:30, in UTC


def test_an_exchange_deadline_the_zone_skips_is_refused():
    scene, app = fresh_scene()
    base = f"/talks/{scene.talks_id}/exchanges"
    mediator = signed_in(app, MEDIATOR)
    refused = mediator.post(
        base,
        data={"csrf_token": csrf_of(mediator, base), "title": "By spring", "policy": "at_deadline",
              "round": scene.round_id, "deadline": "2031-03-30T02:30",
              "time_zone": "Europe/Berlin"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "does not exist in Europe/Berlin" in refused.text
    exchanges = talks_document(scene.svc, by(MEDIATOR), scene.talks_id)["exchanges"]
    assert all(e["title"] != "By spring" for e in exchanges)
