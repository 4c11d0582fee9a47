"""Every programme-based function against brute force on random near-tie instances: values
within 1e-7 of each other, on a lattice of 1e-8 so that any two sums are equal or at least 1e-8
apart (far below the solver's tolerances, far above the engine's 1e-9)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pourparler.engine import (
    SecretAcceptance,
    extreme_utility,
    improve_package,
    pareto_frontier_additive,
    secret_acceptance,
    zopa,
)
from support.brute import TOL, check_improvement, extreme, packages

STEP = 1e-8
SETTINGS = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def near(base: float) -> st.SearchStrategy[float]:
    return st.integers(-10, 10).map(lambda j: base + j * STEP)


@st.composite
def near_tie_tables(draw: st.DrawFn, max_parties: int = 3) -> list[np.ndarray]:
    parties = draw(st.integers(2, max_parties))
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    tables = []
    for n in shape:
        rows = []
        for _ in range(n):
            base = draw(st.sampled_from([0.0, 0.25, 0.5]))
            rows.append([draw(near(base)) for _ in range(parties)])
        tables.append(np.array(rows, dtype=np.float64))
    return tables


def reservations(tables: list[np.ndarray]) -> st.SearchStrategy[list[float]]:
    """Reservation values on the same lattice, often exactly at some package's utility."""
    _, utilities = packages(tables)
    column = st.integers(0, len(utilities) - 1)
    return st.lists(st.tuples(column, st.integers(-3, 3)), min_size=utilities.shape[1]).map(
        lambda picks: [
            float(utilities[row, k] + j * STEP)
            for k, (row, j) in enumerate(picks[: utilities.shape[1]])
        ]
    )


@SETTINGS
@given(st.data())
def test_improve_package_matches_brute_force_on_near_ties(data: st.DataObject) -> None:
    tables = data.draw(near_tie_tables())
    choice = tuple(data.draw(st.integers(0, len(t) - 1)) for t in tables)
    check_improvement(tables, choice, improve_package(tables, choice))


@SETTINGS
@given(st.data())
def test_extreme_utility_matches_brute_force_on_near_ties(data: st.DataObject) -> None:
    tables = data.draw(near_tie_tables())
    reservation = data.draw(reservations(tables))
    party = data.draw(st.integers(0, len(reservation) - 1))
    for best in (True, False):
        found = extreme_utility(tables, party, reservation, best=best)
        truth = extreme(tables, party, reservation, best)
        assert (found is None) == (truth is None), (found, truth)
        if truth is not None:
            assert abs(found - truth) < TOL, (best, found, truth)


@settings(SETTINGS, max_examples=20)
@given(st.data())
def test_zone_extremes_of_a_padded_space_match_brute_force(data: st.DataObject) -> None:
    tables = data.draw(near_tie_tables(max_parties=2))
    reservation = data.draw(reservations(tables))
    padding = [np.zeros((10, tables[0].shape[1])) for _ in range(9)]  # past 10**8 packages
    zone = zopa([len(t) for t in tables] + [10] * 9, tables + padding, reservation)
    truths = [
        (extreme(tables, k, reservation, True), extreme(tables, k, reservation, False))
        for k in range(len(reservation))
    ]
    if truths[0][0] is None:
        assert zone.best is None
        assert zone.worst is None
        return
    assert zone.best is not None
    assert zone.worst is not None
    for k, (best, worst) in enumerate(truths):
        assert abs(zone.best[k] - best) < TOL
        assert abs(zone.worst[k] - worst) < TOL


@SETTINGS
@given(st.data())
def test_secret_acceptance_matches_brute_force_on_near_ties(data: st.DataObject) -> None:
    tables = data.draw(near_tie_tables())
    minima = data.draw(reservations(tables))
    verdict = secret_acceptance(pareto_frontier_additive(tables), minima)
    _, utilities = packages(tables)
    excess = (utilities - np.asarray(minima)).min(axis=1)
    inside = np.all(utilities >= np.asarray(minima) - TOL, axis=1)
    if not inside.any():
        assert verdict == SecretAcceptance(False, None)
        return
    assert verdict.overlap
    assert verdict.choice is not None
    u = sum(t[j] for t, j in zip(tables, verdict.choice, strict=True))
    assert np.all(u >= np.asarray(minima) - TOL)
    assert (u - np.asarray(minima)).min() >= excess[inside].max() - TOL
