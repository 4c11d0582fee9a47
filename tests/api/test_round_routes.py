"""Rounds over HTTP: proposal, answers, conduct, and the strict reading of times."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import OUTSIDER, Api, invalid, problem
from support.world import MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, OBSERVER, SOUTH_HEAD

VIENNA = "Europe/Vienna"


def propose(api: Api, who: str = NORTH_HEAD, **changes: Any) -> dict[str, Any]:
    body = {"starts_at": "2026-03-16T10:00", "time_zone": VIENNA, "venue": "Harbour City"}
    answer = api.by(who).post(f"{api.talks}/rounds", json={**body, **changes})
    assert answer.status_code == 201, answer.text
    assert answer.headers["location"] == f"{api.talks}/rounds/{answer.json()['id']}"
    created: dict[str, Any] = answer.json()
    return created


def scheduled(api: Api) -> str:
    """A round proposed by Northland's head and accepted by Southland's."""
    proposal = propose(api)
    accepted = api.by(SOUTH_HEAD).post(f"{api.talks}/rounds/{proposal['id']}/acceptance")
    assert accepted.json()["status"] == "scheduled"
    return str(proposal["id"])


def test_a_head_proposes_and_every_member_sees_who_is_still_to_answer(api: Api) -> None:
    proposal = propose(api)
    assert proposal["local_start"] == "2026-03-16T10:00:00+01:00"
    assert proposal["time_zone"] == VIENNA
    seen = api.by(OBSERVER).get(f"{api.talks}/rounds/{proposal['id']}").json()
    assert seen["still_to_answer"] == ["Southland"]
    listed = api.by(NORTH_DELEGATE).get(f"{api.talks}/rounds").json()
    assert [r["id"] for r in listed["items"]] == [proposal["id"]]
    assert listed["total"] == 1


def test_rounds_are_hidden_from_an_outsider_and_proposed_by_no_delegate(api: Api) -> None:
    proposal = propose(api)
    problem(api.by(OUTSIDER).get(f"{api.talks}/rounds"), 404)
    problem(api.by(OUTSIDER).get(f"{api.talks}/rounds/{proposal['id']}"), 404)
    problem(api.by(OBSERVER).get(f"{api.talks}/rounds/nonesuch"), 404)
    body = {"starts_at": "2026-03-16T10:00", "time_zone": VIENNA, "venue": "V"}
    problem(api.by(NORTH_DELEGATE).post(f"{api.talks}/rounds", json=body), 403)
    problem(api.by(OUTSIDER).post(f"{api.talks}/rounds", json=body), 404)


def test_an_offset_that_is_the_zones_is_taken(api: Api) -> None:
    proposal = propose(api, starts_at="2026-03-16T10:00+01:00")
    assert proposal["starts_at"].startswith("2026-03-16T09:00")


@pytest.mark.parametrize(
    ("starts_at", "time_zone", "field", "said"),
    [
        ("2026-03-29T02:30", VIENNA, "starts_at", "does not exist in Europe/Vienna"),
        ("2026-10-25T02:30", VIENNA, "starts_at", "occurs twice in Europe/Vienna"),
        ("2026-03-16T10:00+05:00", VIENNA, "starts_at", "disagrees with Europe/Vienna"),
        ("next tuesday", VIENNA, "starts_at", "is not a date-time: write it as"),
        ("2026-03-16", VIENNA, "starts_at", "a date without a time of day"),
        ("2026-03-16", VIENNA, "starts_at", "such as 2026-03-16T10:00"),
        (1773655200, VIENNA, "starts_at", "ISO string"),
        ("2026-03-16T10:00", "Mars/Olympus", "time_zone", "unknown time zone"),
    ],
)
def test_a_time_the_zone_does_not_have_is_refused_naming_it(
    api: Api, starts_at: Any, time_zone: str, field: str, said: str
) -> None:
    body = {"starts_at": starts_at, "time_zone": time_zone, "venue": "Harbour City"}
    refused = invalid(api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=body), field)
    assert said in refused["detail"]
    assert api.by(NORTH_HEAD).get(f"{api.talks}/rounds").json()["total"] == 0


def test_a_date_without_a_time_of_day_is_never_taken_for_midnight(api: Api) -> None:
    proposal = propose(api)
    at = f"{api.talks}/rounds/{proposal['id']}"
    counter = {"starts_at": "2026-03-20", "time_zone": VIENNA}
    refused = invalid(api.by(SOUTH_HEAD).post(f"{at}/counter-proposal", json=counter), "starts_at")
    assert "starts_at: " in refused["detail"]
    assert "a date without a time of day" in refused["detail"]
    assert api.by(SOUTH_HEAD).post(f"{at}/acceptance").status_code == 200
    assert api.by(MEDIATOR).post(f"{at}/postponement", json={"reason": "Storm"}).status_code == 200
    new_date = {"starts_at": "2026-04-01", "time_zone": VIENNA}
    refused = invalid(api.by(NORTH_HEAD).post(f"{at}/rescheduling", json=new_date), "starts_at")
    assert "such as 2026-04-01T10:00" in refused["detail"]
    seen = api.by(NORTH_HEAD).get(at).json()
    assert (seen["status"], seen["local_start"]) == ("postponed", "2026-03-16T10:00:00+01:00")


def test_a_proposal_needs_a_venue_a_known_format_and_no_unknown_key(api: Api) -> None:
    body = {"starts_at": "2026-03-16T10:00", "time_zone": VIENNA}
    invalid(api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=body), "venue")
    with_format = {**body, "venue": "V", "format": "telepathy"}
    invalid(api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=with_format), "format")
    extra = {**body, "venue": "V", "agenda": "all"}
    invalid(api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=extra), "agenda")


def test_a_date_in_the_past_is_refused_by_the_rules(api: Api) -> None:
    body = {"starts_at": "2020-01-01T10:00", "time_zone": VIENNA, "venue": "V"}
    problem(api.by(NORTH_HEAD).post(f"{api.talks}/rounds", json=body), 422)


def test_the_other_head_accepts_and_the_proposer_may_not(api: Api) -> None:
    proposal = propose(api)
    acceptance = f"{api.talks}/rounds/{proposal['id']}/acceptance"
    problem(api.by(NORTH_DELEGATE).post(acceptance), 403)
    problem(api.by(OUTSIDER).post(acceptance), 404)
    answer = api.by(SOUTH_HEAD).post(acceptance)
    assert answer.status_code == 200, answer.text
    seen = api.by(NORTH_HEAD).get(f"{api.talks}/rounds/{proposal['id']}").json()
    assert seen["status"] == "scheduled"
    assert seen["still_to_answer"] == []


def test_a_head_refuses_saying_why(api: Api) -> None:
    proposal = propose(api)
    refusal = f"{api.talks}/rounds/{proposal['id']}/refusal"
    invalid(api.by(SOUTH_HEAD).post(refusal, json={}), "reason")
    problem(api.by(OBSERVER).post(refusal, json={"reason": "no"}), 403)
    answer = api.by(SOUTH_HEAD).post(refusal, json={"reason": "Too soon"})
    assert answer.status_code == 200, answer.text
    seen = api.by(NORTH_HEAD).get(f"{api.talks}/rounds/{proposal['id']}").json()
    assert seen["status"] == "declined"
    assert seen["reason"] == "Too soon"


def test_a_counter_proposal_supersedes_the_proposal(api: Api) -> None:
    proposal = propose(api)
    counter = f"{api.talks}/rounds/{proposal['id']}/counter-proposal"
    invalid(api.by(SOUTH_HEAD).post(counter, json={}), "body")
    invalid(api.by(SOUTH_HEAD).post(counter, json={"starts_at": "2026-03-20T10:00"}), "starts_at")
    problem(api.by(NORTH_DELEGATE).post(counter, json={"venue": "Elsewhere"}), 403)
    answer = api.by(SOUTH_HEAD).post(
        counter, json={"starts_at": "2026-03-20T09:00", "time_zone": VIENNA, "venue": "Isle"}
    )
    assert answer.status_code == 201, answer.text
    new = answer.json()
    assert new["supersedes"] == proposal["id"]
    assert new["venue"] == "Isle"
    assert answer.headers["location"] == f"{api.talks}/rounds/{new['id']}"
    rounds = {r["id"]: r for r in api.by(OBSERVER).get(f"{api.talks}/rounds").json()["items"]}
    assert rounds[proposal["id"]]["status"] == "superseded"
    assert new["id"] in rounds


def test_the_mediator_opens_and_closes_a_scheduled_round(api: Api) -> None:
    round_id = scheduled(api)
    at = f"{api.talks}/rounds/{round_id}"
    problem(api.by(NORTH_HEAD).post(f"{at}/opening"), 403)  # mediated talks: the mediator's
    problem(api.by(MEDIATOR).post(f"{at}/opening"), 409)  # a fortnight early
    api.clock.advance(days=14)  # the morning of the round
    assert api.by(MEDIATOR).post(f"{at}/opening").json()["status"] == "open"
    assert api.by(OBSERVER).get(api.talks).json()["status"] == "active"
    invalid(api.by(MEDIATOR).post(f"{at}/closing", json={"result": "x"}), "outcome")
    problem(api.by(SOUTH_HEAD).post(f"{at}/closing", json={"outcome": "x"}), 403)
    closed = api.by(MEDIATOR).post(f"{at}/closing", json={"outcome": "Ceasefire holds"})
    assert closed.status_code == 200, closed.text
    seen = api.by(OBSERVER).get(at).json()
    assert seen["status"] == "closed"
    assert seen["outcome"] == "Ceasefire holds"


def test_a_round_is_postponed_then_rescheduled(api: Api) -> None:
    round_id = scheduled(api)
    at = f"{api.talks}/rounds/{round_id}"
    problem(api.by(OBSERVER).post(f"{at}/postponement", json={"reason": "x"}), 403)
    invalid(api.by(MEDIATOR).post(f"{at}/postponement", json={"reason": ""}), "reason")
    postponed = api.by(MEDIATOR).post(f"{at}/postponement", json={"reason": "Storm"})
    assert postponed.json()["status"] == "postponed"
    new_date = {"starts_at": "2026-04-02T11:00", "time_zone": VIENNA}
    problem(api.by(SOUTH_HEAD).post(f"{at}/rescheduling", json=new_date), 403)
    invalid(api.by(NORTH_HEAD).post(f"{at}/rescheduling", json={"time_zone": VIENNA}), "starts_at")
    answer = api.by(NORTH_HEAD).post(f"{at}/rescheduling", json=new_date)
    assert answer.status_code == 200, answer.text
    seen = api.by(OBSERVER).get(at).json()
    assert seen["local_start"] == "2026-04-02T11:00:00+02:00"
    assert seen["still_to_answer"] == ["Southland"]


def test_the_mediator_cancels_a_round(api: Api) -> None:
    proposal = propose(api)
    at = f"{api.talks}/rounds/{proposal['id']}"
    problem(api.by(SOUTH_HEAD).post(f"{at}/cancellation", json={"reason": "x"}), 403)
    problem(api.by(OUTSIDER).post(f"{at}/cancellation", json={"reason": "x"}), 404)
    invalid(api.by(MEDIATOR).post(f"{at}/cancellation", json={"reason": 3}), "reason")
    answer = api.by(MEDIATOR).post(f"{at}/cancellation", json={"reason": "Overtaken"})
    assert answer.status_code == 200, answer.text
    assert api.by(NORTH_HEAD).get(at).json()["status"] == "cancelled"
    problem(api.by(MEDIATOR).post(f"{at}/opening"), 409)  # a cancelled round stays so
