"""Reading memoranda: the list, one version, a diff between versions, all parties at once."""

import pytest

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound
from pourparler.domain.memorandum import Position, Section
from pourparler.services import account, memorandum, reading, setup
from support.caller import OPERATOR, by
from support.process import commit, exchanged
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    PASSWORD,
    SOUTH_HEAD,
    draft,
)

EAST_HEAD = "east.head@example.org"


def revise(world, who, memo_id, *, scope, days, red_line=False, body="Our view"):
    return memorandum.save_memorandum(
        world.svc,
        by(who),
        world.talks_id,
        memo_id,
        sections=[Section("vision", "Vision", body)],
        positions=[
            Position(world.issues["Geographic scope"], asked_options=(scope,), red_line=red_line),
            Position(world.issues["Phasing"], asked_options=("Two phases",)),
        ],
    ).number


def test_a_diff_between_versions_names_each_change(world):
    memo_id, first = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    second = revise(world, NORTH_HEAD, memo_id, scope="Contact line only", days=(30, 60))
    diff = reading.diff_versions(
        world.svc, by(NORTH_DELEGATE), world.talks_id, memo_id, first, second
    )
    changes = {(c["part"], c["name"]): (c["change"], c["fields"]) for c in diff["changes"]}
    assert changes == {
        ("section", "Vision"): ("added", []),
        ("section", "Introduction"): ("removed", []),
        ("position", "Geographic scope"): ("changed", ["acceptable", "rationale"]),
        ("position", "Initial duration"): ("removed", []),
        ("position", "Phasing"): ("added", []),
    }


def test_an_unchanged_position_and_a_red_line_change_are_told_apart(world):
    memo_id = memorandum.create_memorandum(world.svc, by(NORTH_HEAD), world.talks_id, title="V").id
    first = revise(world, NORTH_HEAD, memo_id, scope="Contact line only", days=(1, 2))
    second = revise(
        world, NORTH_HEAD, memo_id, scope="Contact line only", days=(1, 2), red_line=True
    )
    diff = reading.diff_versions(world.svc, by(NORTH_HEAD), world.talks_id, memo_id, first, second)
    by_name = {c["name"]: c for c in diff["changes"]}
    assert by_name["Vision"]["change"] == "unchanged"
    assert by_name["Phasing"]["change"] == "unchanged"
    assert by_name["Geographic scope"]["fields"] == ["red line"]
    assert by_name["Geographic scope"]["after"] == "Contact line only [red line]"


def test_a_version_is_not_diffed_with_itself(world):
    memo_id, first = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    with pytest.raises(InvalidInput, match="two different versions"):
        reading.diff_versions(world.svc, by(NORTH_HEAD), world.talks_id, memo_id, first, first)


@pytest.mark.parametrize("who", [SOUTH_HEAD, MEDIATOR, OBSERVER, CLERK, None])
def test_others_neither_list_show_nor_diff_a_party_draft(world, who):
    memo_id, first = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    second = revise(world, NORTH_HEAD, memo_id, scope="Contact line only", days=(30, 60))
    assert reading.list_memoranda(world.svc, by(who), world.talks_id) == []
    with pytest.raises(NotFound) as private:
        reading.show_memorandum(world.svc, by(who), world.talks_id, memo_id)
    with pytest.raises(NotFound) as missing:
        reading.show_memorandum(world.svc, by(who), world.talks_id, "nosuchmemo")
    assert private.value.message.replace(memo_id, "M") == missing.value.message.replace(
        "nosuchmemo", "M"
    )
    with pytest.raises(NotFound):
        reading.diff_versions(world.svc, by(who), world.talks_id, memo_id, first, second)


def test_the_own_party_lists_its_drafts_and_reads_them_by_issue_title(world):
    memo_id, _ = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    (row,) = reading.list_memoranda(world.svc, by(NORTH_DELEGATE), world.talks_id)
    assert (row["id"], row["own"], row["versions"], row["latest_state"]) == (
        memo_id,
        True,
        [1],
        "draft",
    )
    shown = reading.show_memorandum(world.svc, by(NORTH_DELEGATE), world.talks_id, memo_id)
    assert [p["issue"] for p in shown["positions"]] == ["Initial duration", "Geographic scope"]
    assert shown["positions"][1]["position"] == (
        "Contact line only (acceptable also Contested districts)"
    )


def test_revealed_memoranda_are_listed_for_everyone_and_metadata_for_the_secretariat(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    observed = reading.list_memoranda(world.svc, by(OBSERVER), world.talks_id)
    assert {(r["party"], r["readable"]) for r in observed} == {
        ("Northland", True),
        ("Southland", True),
    }
    secretariat = reading.list_memoranda(world.svc, OPERATOR, world.talks_id)
    assert {r["readable"] for r in secretariat} == {False}
    with pytest.raises(NotFound):
        reading.show_memorandum(world.svc, OPERATOR, world.talks_id, north[0])


def test_three_parties_are_compared_at_once(world):
    account.add_user(world.svc, OPERATOR, name="Ela East", email=EAST_HEAD, password=PASSWORD)
    setup.add_party(world.svc, OPERATOR, world.talks_id, name="Eastland")
    setup.seat(world.svc, OPERATOR, world.talks_id, email=EAST_HEAD, role="head", party="Eastland")
    scopes = {NORTH_HEAD: "Contact line only", SOUTH_HEAD: "Entire territory"}
    scopes[EAST_HEAD] = "Contact line only"
    for head, scope in scopes.items():
        memo_id, number = draft(world, head, scope=scope, days=(30, 60))
        memorandum.share_with_mediator(world.svc, by(head), world.talks_id, memo_id, version=number)
    names, result = reading.compare_memoranda(world.svc, by(MEDIATOR), world.talks_id, None)
    assert names == ["Northland v1", "Southland v1", "Eastland v1"]
    by_issue = {c.issue.title: c for c in result}
    scope = by_issue["Geographic scope"]
    assert (scope.standing.value, scope.overlap) == ("compatible", "Contested districts")
    assert by_issue["Initial duration"].standing.value == "agreement"
    assert by_issue["Phasing"].standing.value == "not addressed"


def test_a_comparison_needs_two_memoranda_one_may_read(world):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    with pytest.raises(InvalidInput, match="at least two memoranda"):
        reading.compare_memoranda(world.svc, by(MEDIATOR), world.talks_id, None)


def test_the_secretariat_is_refused_the_comparison_as_content_not_told_it_lacks_memoranda(world):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    for refs in (None, [("any", 1), ("other", 2)]):
        with pytest.raises(NotAllowed, match="metadata only"):
            reading.compare_memoranda(world.svc, by(CLERK), world.talks_id, refs)
