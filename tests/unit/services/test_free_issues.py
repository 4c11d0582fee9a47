"""Issues no profile of an analysis weighs are free: listed, and left out of the space, the
count, the frontier, the named packages and a party's best packages."""

from __future__ import annotations

from pourparler.services import analysis, profile
from support.caller import by
from support.world import (
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    draft,
)

SCOPES = ("Contact line only", "Contested districts", "Entire territory")
NORTH = {
    "reservation": 0.3,
    "issues": [
        {"issue": "Geographic scope", "weight": 3, "ratings": {"Contact line only": 10}},
        # No weight, but a red line: the issue is not free (its options are not all alike).
        {"issue": "Monitoring body", "weight": 0, "red_options": ["Joint commission"]},
    ],
}
SOUTH = {
    "reservation": 0.3,
    "issues": [
        {"issue": "Geographic scope", "weight": 2, "ratings": {"Entire territory": 10}},
        {"issue": "Withdrawal distance", "weight": 1, "curve": "rising"},
    ],
}
WEIGHED = {"Geographic scope", "Monitoring body", "Withdrawal distance"}


def consent(world) -> None:
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, NORTH)
    profile.save_profile(world.svc, by(SOUTH_DELEGATE), world.talks_id, SOUTH)
    profile.set_consent(world.svc, by(NORTH_HEAD), world.talks_id, consent=True)
    profile.set_consent(world.svc, by(SOUTH_HEAD), world.talks_id, consent=True)


def packages(result) -> list[dict]:
    named = [result[n] for n in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")]
    points = result["frontier"]["points"] + result["suggestions"] + named
    return [p["package"] for p in points if p is not None]


def test_the_mediator_counts_and_searches_only_the_issues_someone_weighs(world):
    consent(world)
    result = analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)
    # Scope (3) x monitoring body (3 options, one a red line, still counted) x 31 distances.
    assert result["outcomes"] == 3 * 3 * 31
    assert not WEIGHED & set(result["free_issues"])
    assert len(result["free_issues"]) == 11
    assert "Link to the political process" in result["left_out"]  # a clause, not free
    for package in packages(result):
        assert set(package) == WEIGHED
        assert package["Monitoring body"] != "Joint commission"


def test_a_party_s_best_packages_differ_on_what_it_weighs(world):
    consent(world)
    result = analysis.own_analysis(world.svc, by(NORTH_ADVISER), world.talks_id)
    assert result["outcomes"] == 3 * 3
    assert set(result["free_issues"]) >= {"Withdrawal distance", "Initial duration"}
    best = [row["package"] for row in result["best"]]
    assert best[0] == {
        "Geographic scope": "Contact line only",
        "Monitoring body": best[0]["Monitoring body"],
    }
    # Nine packages, two options of the monitoring body allowed: six packages avoid the red
    # line; the five best are five different packages, none of them a variant on a free issue.
    assert len({tuple(sorted(p.items())) for p in best}) == len(best) == 5
    assert all(set(p) == {"Geographic scope", "Monitoring body"} for p in best)
    assert [row["utility"] for row in result["best"]] == [1.0, 1.0, 0.0, 0.0, 0.0]


def test_a_proposal_s_free_issues_are_neither_open_nor_lost(world):
    consent(world)
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    result = analysis.own_analysis(world.svc, by(NORTH_ADVISER), world.talks_id)
    (proposal,) = result["proposals"]
    # The draft settles scope and duration; duration is free for North, scope is not.
    assert proposal["package"]["Initial duration"] == 45
    assert proposal["open_issues"] == ["Monitoring body"]
    assert proposal["utility"] == 1.0
