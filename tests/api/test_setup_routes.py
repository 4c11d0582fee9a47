"""Setting talks up over HTTP: each route's allowed caller, a refused one, and bad input."""

from __future__ import annotations

from pourparler.services import account
from support.api import OUTSIDER, REGISTRY, Api, invalid, problem
from support.caller import OPERATOR
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)


def record_acts(api: Api) -> list[str]:
    """The acts of the record as the secretariat's clerk reads it."""
    entries = api.by(CLERK).get(f"{api.talks}/export").json()["talks"]["record"]
    return [e["act"] for e in entries if not e.get("stub")]


# --- talks -----------------------------------------------------------------------------------


def test_an_account_let_open_talks_opens_them_over_the_api_as_their_secretariat(
    api: Api,
) -> None:
    refused = api.by(CLERK).post("/api/talks", json={"title": "Desk talks"})
    assert refused.status_code == 403
    assert api.by(CLERK).get("/api/me").json()["opens_talks"] is False
    account.allow_opening_talks(api.world.svc, OPERATOR, email=CLERK, allowed=True)
    answer = api.by(CLERK).post("/api/talks", json={"title": "Desk talks"})
    assert answer.status_code == 201, answer.text
    me = api.by(CLERK).get("/api/me").json()
    assert me["opens_talks"] is True
    opened = answer.json()["id"]
    assert [(s["talks_id"], s["role"]) for s in me["seats"] if s["talks_id"] == opened] == [
        (opened, "secretariat")
    ]
    assert api.by(CLERK).get(f"/api/talks/{opened}/text/markdown").status_code == 403
    assert api.by(NORTH_HEAD).get(f"/api/talks/{opened}").status_code == 404


def test_the_secretariat_opens_talks_with_a_template(api: Api) -> None:
    answer = api.by(REGISTRY).post(
        "/api/talks", json={"title": "Harbour talks", "template": "ceasefire"}
    )
    assert answer.status_code == 201, answer.text
    opened = answer.json()
    assert opened["title"] == "Harbour talks"
    assert opened["status"] == "preparing"
    assert answer.headers["location"] == f"/api/talks/{opened['id']}"
    seen = api.by(REGISTRY).get(answer.headers["location"]).json()
    assert seen["title"] == "Harbour talks"
    assert len(seen["framework"]) > 0


def test_a_head_of_delegation_does_not_open_talks(api: Api) -> None:
    problem(api.by(NORTH_HEAD).post("/api/talks", json={"title": "Ours"}), 403)


def test_opening_talks_needs_a_title_and_no_unknown_key(api: Api) -> None:
    invalid(api.by(REGISTRY).post("/api/talks", json={"subject": "x"}), "title")
    invalid(api.by(REGISTRY).post("/api/talks", json={"title": "T", "colour": "red"}), "colour")
    invalid(api.by(REGISTRY).post("/api/talks", json={"title": 7}), "title")


def test_an_unknown_template_leaves_no_talks_behind(api: Api) -> None:
    before = api.by(REGISTRY).get("/api/talks").json()["total"]
    body = problem(
        api.by(REGISTRY).post("/api/talks", json={"title": "T", "template": "nope"}), 422
    )
    assert "nope" in body["detail"]
    assert api.by(REGISTRY).get("/api/talks").json()["total"] == before


# --- parties ---------------------------------------------------------------------------------


def test_the_secretariat_adds_a_party(api: Api) -> None:
    answer = api.by(CLERK).post(f"{api.talks}/parties", json={"name": "  Eastland "})
    assert answer.status_code == 201, answer.text
    assert answer.json()["name"] == "Eastland"
    parties = api.by(NORTH_HEAD).get(api.talks).json()["parties"]
    assert {"id": answer.json()["id"], "name": "Eastland"} in parties


def test_a_party_is_added_neither_by_a_delegate_nor_by_an_outsider(api: Api) -> None:
    problem(api.by(NORTH_DELEGATE).post(f"{api.talks}/parties", json={"name": "X"}), 403)
    problem(api.by(OUTSIDER).post(f"{api.talks}/parties", json={"name": "X"}), 404)
    invalid(api.by(CLERK).post(f"{api.talks}/parties", json={}), "name")


def test_a_second_party_of_the_same_name_is_a_conflict(api: Api) -> None:
    problem(api.by(CLERK).post(f"{api.talks}/parties", json={"name": "northland"}), 409)


# --- members ---------------------------------------------------------------------------------


def test_members_are_listed_by_page(api: Api) -> None:
    page = api.by(OBSERVER).get(f"{api.talks}/members", params={"limit": 3, "offset": 1}).json()
    assert page["total"] == 8
    assert page["offset"] == 1
    assert len(page["items"]) == 3
    assert {"person", "name", "email", "role", "party", "confirmed"} <= set(page["items"][0])
    problem(api.by(OUTSIDER).get(f"{api.talks}/members"), 404)
    invalid(api.by(OBSERVER).get(f"{api.talks}/members", params={"limit": 0}), "query.limit")


def test_a_head_seats_a_delegate_of_their_party_at_once(api: Api) -> None:
    answer = api.by(NORTH_HEAD).post(
        f"{api.talks}/members",
        json={"email": OUTSIDER, "role": "delegate", "party": "Northland"},
    )
    assert answer.status_code == 201, answer.text
    seat = answer.json()
    assert seat["email"] == OUTSIDER
    assert seat["confirmed"] is True
    assert seat["party"] == api.world.north
    members = api.by(OUTSIDER).get(f"{api.talks}/members").json()["items"]
    assert any(m["email"] == OUTSIDER and m["role"] == "delegate" for m in members)


def test_the_secretariats_seat_in_a_party_waits_for_the_heads_confirmation(api: Api) -> None:
    answer = api.by(CLERK).post(
        f"{api.talks}/members",
        json={"email": OUTSIDER, "role": "adviser", "party": "Southland"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["confirmed"] is False
    confirmation = f"{api.talks}/members/{OUTSIDER}/confirmation"
    problem(api.by(SOUTH_DELEGATE).post(confirmation), 403)  # not the head
    problem(api.by(NORTH_HEAD).post(confirmation), 404)  # no such seat in Northland
    assert api.by(SOUTH_HEAD).post(confirmation).status_code == 204
    members = api.by(SOUTH_HEAD).get(f"{api.talks}/members").json()["items"]
    assert [m["confirmed"] for m in members if m["email"] == OUTSIDER] == [True]


def test_seating_is_refused_to_an_adviser_and_to_an_outsider(api: Api) -> None:
    seat = {"email": OUTSIDER, "role": "observer"}
    problem(api.by(NORTH_ADVISER).post(f"{api.talks}/members", json=seat), 403)
    problem(api.by(OUTSIDER).post(f"{api.talks}/members", json=seat), 404)


def test_a_seat_needs_a_known_role(api: Api) -> None:
    invalid(
        api.by(CLERK).post(f"{api.talks}/members", json={"email": OUTSIDER, "role": "king"}),
        "role",
    )
    invalid(api.by(CLERK).post(f"{api.talks}/members", json={"role": "observer"}), "email")


# --- framework -------------------------------------------------------------------------------


def test_the_mediator_adds_an_issue_that_every_member_then_reads(api: Api) -> None:
    answer = api.by(MEDIATOR).post(
        f"{api.talks}/framework",
        json={"title": "Buffer zone", "kind": "range", "range": {"low": 0, "high": 20}},
    )
    assert answer.status_code == 201, answer.text
    issue = answer.json()
    assert issue["range"]["high"] == 20
    assert answer.headers["location"] == f"{api.talks}/framework/{issue['id']}"
    page = api.by(OBSERVER).get(f"{api.talks}/framework", params={"limit": 200}).json()
    assert issue in page["items"]
    assert page["total"] == len(api.world.issues) + 1


def test_an_issue_is_added_by_no_party_and_needs_a_known_kind(api: Api) -> None:
    new = {"title": "Amnesty", "kind": "clause"}
    problem(api.by(NORTH_HEAD).post(f"{api.talks}/framework", json=new), 403)
    problem(api.by(OUTSIDER).get(f"{api.talks}/framework"), 404)
    invalid(
        api.by(MEDIATOR).post(f"{api.talks}/framework", json={"title": "A", "kind": "poem"}),
        "kind",
    )
    invalid(
        api.by(MEDIATOR).post(
            f"{api.talks}/framework",
            json={"title": "A", "kind": "range", "range": {"low": "far"}},
        ),
        "range.low",
    )


def test_an_issue_is_corrected_then_removed(api: Api) -> None:
    added = api.by(MEDIATOR).post(
        f"{api.talks}/framework", json={"title": "Amnesty", "kind": "clause"}
    )
    issue = f"{api.talks}/framework/{added.json()['id']}"
    corrected = api.by(MEDIATOR).patch(issue, json={"description": "For all fighters"})
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["description"] == "For all fighters"
    problem(api.by(SOUTH_HEAD).patch(issue, json={"description": "none"}), 403)
    invalid(api.by(MEDIATOR).patch(issue, json={"kind": "options"}), "kind")
    problem(api.by(MEDIATOR).patch(issue, json={}), 422)  # a correction that changes nothing
    problem(api.by(SOUTH_HEAD).delete(issue), 403)
    assert api.by(MEDIATOR).delete(issue).status_code == 204
    titles = [i["title"] for i in api.by(MEDIATOR).get(api.talks).json()["framework"]]
    assert "Amnesty" not in titles
    problem(api.by(MEDIATOR).delete(issue), 404)


def test_a_template_goes_onto_a_framework_with_issues_only_when_added(api: Api) -> None:
    templates = f"{api.talks}/framework/templates"
    problem(api.by(CLERK).post(templates, json={"template": "labour"}), 409)
    problem(api.by(OBSERVER).post(templates, json={"template": "labour", "add": True}), 403)
    invalid(api.by(CLERK).post(templates, json={"template": "labour", "add": "maybe"}), "add")
    answer = api.by(CLERK).post(templates, json={"template": "labour", "add": True})
    assert answer.status_code == 201, answer.text
    added = answer.json()["issues"]
    total = api.by(CLERK).get(f"{api.talks}/framework").json()["total"]
    assert total == len(api.world.issues) + added


# --- status ----------------------------------------------------------------------------------


def test_the_mediator_suspends_mediated_talks_and_an_observer_may_not(api: Api) -> None:
    status = f"{api.talks}/status"
    problem(api.by(OBSERVER).put(status, json={"status": "suspended"}), 403)
    concluded = {"status": "concluded without agreement"}
    problem(api.by(NORTH_HEAD).put(status, json=concluded), 403)
    problem(api.by(OUTSIDER).put(status, json={"status": "suspended"}), 404)
    invalid(api.by(MEDIATOR).put(status, json={"status": "asleep"}), "status")
    answer = api.by(MEDIATOR).put(status, json={"status": "suspended"})
    assert answer.status_code == 204, answer.text
    assert api.by(OBSERVER).get(api.talks).json()["status"] == "suspended"
    assert "status changed" in record_acts(api)
    ended = {**concluded, "statement": "The parties part as friends"}
    assert api.by(MEDIATOR).put(status, json=ended).status_code == 204
    seen = api.by(OBSERVER).get(api.talks).json()
    assert seen["status"] == "concluded without agreement"
    assert seen["statement"] == "The parties part as friends"
