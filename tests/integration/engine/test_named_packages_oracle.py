"""Named packages, the zone of possible agreement and improvements against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from pourparler.engine import (
    TOLERANCE,
    egalitarian_point,
    improve_package,
    kalai_smorodinsky_point,
    nash_point,
    pareto_frontier_additive,
    utilitarian_point,
    zopa,
)


def _space(seed: int, parties: int = 2, shape: tuple[int, ...] = (3, 4, 2, 3)) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    weights = rng.random((len(shape), parties))
    weights /= weights.sum(axis=0)
    return [weights[i] * rng.random((n, parties)) for i, n in enumerate(shape)]


def _reservation(seed: int, parties: int) -> list[float]:
    return np.random.default_rng(seed + 100).uniform(0.0, 0.5, parties).tolist()


CRITERIA = {
    "nash": (nash_point, lambda g: np.prod(np.clip(g, 0, None), axis=1)),
    "egalitarian": (egalitarian_point, lambda g: g.min(axis=1)),
    "utilitarian": (utilitarian_point, lambda g: g.sum(axis=1)),
}


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("parties", [2, 3])
@pytest.mark.parametrize("name", sorted(CRITERIA))
def test_each_named_package_is_the_brute_force_best_acceptable_package(
    seed, parties, name, all_packages
):
    tables = _space(seed, parties)
    reservation = _reservation(seed, parties)
    _, utilities = all_packages(tables)
    gains = utilities - reservation
    ok = np.all(gains >= -TOLERANCE, axis=1)
    frontier = pareto_frontier_additive(tables)
    solve, score = CRITERIA[name]
    row = solve(frontier.utilities, reservation)
    if not ok.any():
        assert row is None
        return
    best = score(gains[ok]).max()
    found = score((frontier.utilities[row] - reservation)[None, :])[0]
    assert found == pytest.approx(best, abs=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_kalai_smorodinsky_is_the_brute_force_best_share_of_the_ideal_gains(seed, all_packages):
    tables = _space(seed, 3)
    reservation = _reservation(seed, 3)
    _, utilities = all_packages(tables)
    ok = np.all(utilities >= np.array(reservation) - TOLERANCE, axis=1)
    frontier = pareto_frontier_additive(tables)
    row = kalai_smorodinsky_point(frontier.utilities, reservation)
    if not ok.any():
        assert row is None
        return
    ideal = utilities[ok].max(axis=0)
    share = lambda u: ((u - reservation) / (ideal - reservation)).min(axis=-1)  # noqa: E731
    assert share(frontier.utilities[row]) == pytest.approx(share(utilities[ok]).max(), abs=1e-9)


def test_named_packages_are_none_when_no_package_clears_every_reservation():
    tables = _space(1)
    frontier = pareto_frontier_additive(tables)
    for solve in (nash_point, kalai_smorodinsky_point, egalitarian_point, utilitarian_point):
        assert solve(frontier.utilities, [0.99, 0.99]) is None


@pytest.mark.parametrize("seed", range(6))
def test_the_zone_count_and_extremes_equal_brute_force(seed, all_packages):
    tables = _space(seed, 3)
    tables[1][2] = -np.inf  # a red line
    reservation = _reservation(seed, 3)
    _, utilities = all_packages(tables)
    inside = utilities[np.all(utilities >= np.array(reservation) - TOLERANCE, axis=1)]
    zone = zopa([len(t) for t in tables], tables, reservation, chunk_size=5)
    assert zone.outcomes == len(inside)
    if len(inside):
        assert zone.best == pytest.approx(tuple(inside.max(axis=0)))
        assert zone.worst == pytest.approx(tuple(inside.min(axis=0)))
    else:
        assert zone.best is None


def test_the_zone_of_a_huge_space_is_counted_in_halves_with_integer_programmes_for_extremes(
    monkeypatch,
):
    import pourparler.engine.zone as zone_module

    tables = _space(3, 2, (3, 3, 3, 3))
    exact = zopa([3] * 4, tables, [0.3, 0.3])
    monkeypatch.setattr(zone_module, "ENUMERATION_LIMIT", 10)
    bounded = zone_module.zopa([3] * 4, tables, [0.3, 0.3])
    assert bounded.outcomes == exact.outcomes > 0
    assert bounded.best == pytest.approx(exact.best, abs=1e-7)
    assert bounded.worst == pytest.approx(exact.worst, abs=1e-7)


def test_the_zone_beyond_the_reach_of_halves_is_not_counted(monkeypatch):
    import pourparler.engine.zone as zone_module
    import pourparler.engine.zone_count as count_module

    tables = _space(3, 2, (3, 3, 3, 3))
    monkeypatch.setattr(zone_module, "ENUMERATION_LIMIT", 10)
    monkeypatch.setattr(count_module, "HALF_LIMIT", 8)
    assert zone_module.zopa([3] * 4, tables, [0.3, 0.3]).outcomes is None
    assert zone_module.zopa([3] * 4, tables, [0.0, 0.0]).outcomes == 81


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("parties", [2, 3])
def test_the_integer_programme_finds_the_brute_force_best_smallest_gain(
    seed, parties, all_packages
):
    tables = _space(seed, parties)
    choices, utilities = all_packages(tables)
    start = choices[np.random.default_rng(seed).integers(len(choices))]
    base = sum(t[c] for t, c in zip(tables, start, strict=True))
    best_min_gain = (utilities - base).min(axis=1).max()
    result = improve_package(tables, tuple(start))
    if best_min_gain > TOLERANCE:
        assert not result.efficient
        assert min(result.gains) == pytest.approx(best_min_gain, abs=1e-7)
    else:
        weakly_better = np.all(utilities - base >= -TOLERANCE, axis=1)
        assert result.efficient == (
            not ((utilities[weakly_better] - base).sum(axis=1) > TOLERANCE).any()
        )


def test_a_frontier_package_is_reported_efficient():
    tables = _space(4)
    frontier = pareto_frontier_additive(tables)
    result = improve_package(tables, tuple(frontier.choices[0]))
    assert result.efficient
    assert result.choice is None
