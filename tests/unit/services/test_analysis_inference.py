"""Inference checks for the confidentiality matrix: vary one private value of Northland's profile
(its reservation value, one weight, one rating, one red line), recompute everything the mediator
and the other party receive from the analyses, and check that what must not depend on the value
does not, and that what legitimately does cannot be inverted to the exact value.

The analyses are the only outputs computed from a profile (the matrix shows that no other read
path carries one). What they may show is set out in docs/analysis.md, "What the mediator's
analysis reveals"."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from pourparler.services import analysis, profile
from support.caller import by
from support.memory import memory_services
from support.scene import SOUTH_ADVISER, Scene, build_scene
from support.world import MEDIATOR, NORTH_DELEGATE, SOUTH_DELEGATE, SOUTH_HEAD

# Northland's profile in the scene (support.scene._profile with its secrets).
NORTH = {
    "reservation": 0.3141,
    "issues": [
        {
            "issue": "Geographic scope",
            "weight": 2.5813,
            "ratings": {"Contact line only": 10, "Contested districts": 7.4321},
        },
        {"issue": "Initial duration", "weight": 1, "curve": "rising"},
    ],
}
OTHER_PARTY = (SOUTH_HEAD, SOUTH_DELEGATE, SOUTH_ADVISER)


def south(scope_red: tuple[str, ...] = ()) -> dict:
    """Southland's profile in the scene, with red lines on the scope if asked."""
    scope = {
        "issue": "Geographic scope",
        "weight": 3.9182,
        "ratings": {"Entire territory": 10, "Contested districts": 6.1234},
        "red_options": list(scope_red),
    }
    duration = {"issue": "Initial duration", "weight": 1, "curve": "rising"}
    return {"reservation": 0.2718, "issues": [scope, duration]}


@pytest.fixture(scope="module")
def scene() -> Scene:
    return build_scene(memory_services()[0])


def north(*, reservation: float = 0.3141, weight: float = 2.5813, rating: float = 7.4321,
          duration: dict | None = None, scope_red: tuple[str, ...] = ()) -> dict:  # fmt: skip
    scope = {
        "issue": "Geographic scope",
        "weight": weight,
        "ratings": {"Contact line only": 10, "Contested districts": rating},
        "red_options": list(scope_red),
    }
    duration = duration or {"issue": "Initial duration", "weight": 1, "curve": "rising"}
    return {"reservation": reservation, "issues": [scope, duration]}


def seen(scene: Scene) -> dict[str, str]:
    """Every output the mediator and the other party's members receive from the analyses."""
    out = {"mediator": analysis.mediator_analysis(scene.svc, by(MEDIATOR), scene.talks_id)}
    for who in OTHER_PARTY:
        out[who] = analysis.own_analysis(scene.svc, by(who), scene.talks_id)
    return {who: json.dumps(doc, sort_keys=True) for who, doc in out.items()}


def seen_with(scene: Scene, north_profile: dict, south_profile: dict | None = None) -> dict:
    profile.save_profile(scene.svc, by(NORTH_DELEGATE), scene.talks_id, north_profile)
    if south_profile is not None:
        profile.save_profile(scene.svc, by(SOUTH_DELEGATE), scene.talks_id, south_profile)
    return seen(scene)


@pytest.fixture
def restore(scene: Scene) -> Iterator[None]:
    yield
    profile.save_profile(scene.svc, by(NORTH_DELEGATE), scene.talks_id, NORTH)
    profile.save_profile(scene.svc, by(SOUTH_DELEGATE), scene.talks_id, south())


def _diff(a: object, b: object, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in _diff(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _diff(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [path]


def test_nothing_the_mediator_or_the_other_party_reads_tracks_a_reservation_value(scene, restore):
    # The probe: 0.4271 read back as 0.42746 in zopa.worst, 0.5555 as 0.55588.
    views = [seen_with(scene, north(reservation=r)) for r in (0.05, 0.3141, 0.4271, 0.5555)]
    assert all(v == views[0] for v in views)
    for r in ("0.05", "0.3141", "0.4271", "0.5555", "0.427", "0.555"):
        assert r not in views[0]["mediator"]


def test_a_reservation_no_package_clears_changes_one_yes_or_no_and_nothing_else(scene, restore):
    # The mediator learns whether some package clears every reservation value: one bit about
    # all parties together, which a reservation moves only when it crosses the best utility
    # the others leave it. It cannot be inverted to a value.
    before = json.loads(seen_with(scene, north(reservation=0.3141))["mediator"])
    after = json.loads(seen_with(scene, north(reservation=0.99))["mediator"])
    assert before["zopa"] == {"exists": True}
    assert _diff(before, after) == [".zopa.exists"]


@pytest.mark.parametrize(
    "change",
    [
        {"weight": 7.0},
        {"rating": 2.0},
        {"scope_red": ("Contested districts",)},
        {"reservation": 0.9},
        {"duration": {"issue": "Initial duration", "weight": 1, "curve": "falling"}},
    ],
)
def test_the_other_party_reads_nothing_that_depends_on_northland_s_profile(scene, restore, change):
    before = seen_with(scene, north())
    after = seen_with(scene, north(**change))
    for who in OTHER_PARTY:
        assert after[who] == before[who]
    # The change is one the mediator's analysis reflects: the check above is not vacuous.
    if "reservation" not in change:
        assert after["mediator"] != before["mediator"]


def test_weights_and_ratings_are_read_only_up_to_scale(scene, restore):
    # Utilities divide weights by their sum and ratings by the largest: a profile with
    # every weight (or every rating of an issue) multiplied by a constant gives the same
    # mediator analysis, so the numbers a party entered cannot be recovered from it.
    base = seen_with(scene, north())
    doubled = north(weight=2 * 2.5813)
    doubled["issues"][1]["weight"] = 2
    assert seen_with(scene, doubled) == base
    scaled = north(rating=3 * 7.4321)
    scaled["issues"][0]["ratings"]["Contact line only"] = 30
    assert seen_with(scene, scaled) == base


@pytest.mark.parametrize("change", [{"weight": 2.5813 + 1e-5}, {"rating": 7.4321 + 1e-4}])
def test_a_weight_or_rating_is_known_only_to_an_interval(scene, restore, change):
    # The frontier, proposals and gains legitimately move with weights and ratings, but the
    # mediator reads every utility rounded to 0.01 (UTILITY_STEP): each shown number bounds a
    # sum of weight x rating terms to an interval, so a whole interval of values of any one
    # weight or rating is consistent with what it reads. Two different values giving the
    # same analysis prove the exact value cannot be inferred.
    assert seen_with(scene, north(**change))["mediator"] == seen_with(scene, north())["mediator"]
    shown = json.loads(seen(scene)["mediator"])
    for point in shown["frontier"]["points"]:
        for u in point["utilities"].values():
            assert u == round(u, 2)


def test_the_mediator_cannot_tell_whose_red_line_it_is(scene, restore):
    # A red line removes packages from the frontier and marks proposals that cross it; both
    # are joint (a package is out, or crosses "a red line"), so the same red line drawn by
    # the other party gives the same analysis. The mediator cannot tell it from an option
    # both parties' red lines exclude, nor say whose it is.
    northern = seen_with(scene, north(scope_red=("Contact line only",)), south())["mediator"]
    southern = seen_with(scene, north(), south(scope_red=("Contact line only",)))["mediator"]
    assert northern == southern
    assert '"crosses_red_line": true' in northern  # North's own memorandum asks for it


def test_packages_shown_alike_are_one_frontier_point(scene):
    # Rounded to 0.01, neighbouring durations read the same: one package stands for them, so
    # the mediator reads distinct trade-offs, not variants it cannot tell apart.
    shown = json.loads(seen(scene)["mediator"])
    vectors = [tuple(p["utilities"].values()) for p in shown["frontier"]["points"]]
    assert len(vectors) == len(set(vectors)) == shown["frontier"]["size"]
    suggested = [tuple(p["utilities"].values()) for p in shown["suggestions"]]
    assert len(suggested) == len(set(suggested))
    assert set(suggested) <= set(vectors)
