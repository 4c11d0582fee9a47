"""The zone's size as `analyze` reports it (counted in halves, never by listing the packages of an
additive scenario) against the enumeration of every package."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pourparler.engine import TOLERANCE, AdditiveProfile, Issue, OutcomeSpace, acceptable, zopa
from pourparler.engine import zone_count as halves
from pourparler.engine.analysis import analyze
from pourparler.engine.scenario import Scenario
from pourparler.engine.zone import zone_size

VALUES = [0.0, 0.05, 0.1, 0.2, 0.3, 0.7, 1 / 3, 0.25, -np.inf]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables_and_reservation(draw, parties: int):
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    tables = [
        np.array(
            draw(st.lists(st.sampled_from(VALUES), min_size=n * parties, max_size=n * parties))
        ).reshape(n, parties)
        for n in shape
    ]
    # A threshold on some package's utilities, or a tolerance away, where the sums' order tells.
    choice = [draw(st.integers(0, len(t) - 1)) for t in tables]
    at = np.sum([t[c] for t, c in zip(tables, choice, strict=True)], axis=0)
    shift = draw(st.sampled_from([0.0, TOLERANCE, -TOLERANCE, 0.05]))
    reservation = np.where(np.isfinite(at), at + shift, 0.0)
    return tables, reservation.tolist()


def enumerated(tables, reservation, all_packages) -> int:
    _, utilities = all_packages(tables)
    return int(acceptable(utilities, reservation).sum()) if len(utilities) else 0


@pytest.mark.parametrize("parties", [1, 2, 3, 4])
@SETTINGS
@given(data=st.data())
def test_the_zone_s_size_equals_enumeration(parties, data, all_packages):
    tables, reservation = data.draw(tables_and_reservation(parties))
    expected = enumerated(tables, reservation, all_packages)
    shape = [len(t) for t in tables]
    assert zone_size(shape, tables, reservation) == expected
    assert zopa(shape, tables, reservation, chunk_size=5).outcomes == expected


@SETTINGS
@given(data=st.data())
def test_beyond_the_halves_reach_the_packages_are_counted_one_by_one(data, all_packages):
    tables, reservation = data.draw(tables_and_reservation(2))
    expected = enumerated(tables, reservation, all_packages)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(halves, "HALF_LIMIT", 0)
        assert halves.count_zone(tables, reservation) in (None, 0)
        assert zone_size([len(t) for t in tables], tables, reservation) == expected


def _scenario(rng: np.random.Generator, issues: int, options: int) -> Scenario:
    labels = [f"o{j}" for j in range(options)]
    agenda = OutcomeSpace(tuple(Issue.options(f"i{k}", labels) for k in range(issues)))
    profiles = tuple(
        AdditiveProfile(
            name,
            {f"i{k}": float(w) for k, w in enumerate(rng.random(issues))},
            {
                f"i{k}": dict(zip(labels, rng.random(options).tolist(), strict=True))
                for k in range(issues)
            },
            0.45,
            {"i0": frozenset({"o1"})},
        )
        for name in ("north", "south")
    )
    return Scenario("random", agenda, profiles)


@pytest.mark.parametrize("seed", range(5))
def test_analyze_counts_the_zone_as_its_enumerating_method_does(seed):
    scenario = _scenario(np.random.default_rng(seed), 5, 6)
    additive, scanned = analyze(scenario), analyze(scenario, "enumerate")
    assert additive.method == "additive"
    assert scanned.method == "enumerate"
    assert additive.zone == scanned.zone
    assert 0 < additive.zone < 5 * 6**5  # a red line and reservation values that bite
    assert additive.named == scanned.named
