"""The zone counted in halves against enumeration, brute force and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pourparler.engine import TOLERANCE, acceptable, zopa
from pourparler.engine.zone_count import count_zone, dominance_count, split_issues

# Decimals whose sums depend on the order of addition (0.1 + 0.2 + 0.3 is not 0.1 + (0.2 + 0.3)).
VALUES = [0.0, 0.05, 0.1, 0.2, 0.3, 0.7, 1 / 3, 0.25, -np.inf]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def spaces(draw, parties: int):
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    return [
        np.array(
            draw(st.lists(st.sampled_from(VALUES), min_size=n * parties, max_size=n * parties))
        ).reshape(n, parties)
        for n in shape
    ]


def _at_an_achievable_utility(data, utilities: np.ndarray) -> list[float]:
    """A reservation placed at (or a tolerance, or a few units in the last place, away from) the
    utilities of some package, so that sums land exactly on the threshold."""
    row = utilities[data.draw(st.integers(0, len(utilities) - 1))]
    shift = data.draw(st.sampled_from([0.0, TOLERANCE, -TOLERANCE]))
    ulps = data.draw(st.integers(-2, 2))
    r = row + shift
    for _ in range(abs(ulps)):
        r = np.nextafter(r, np.sign(ulps) * np.inf)
    return r.tolist()


@pytest.mark.parametrize("parties", [1, 2, 3])
@SETTINGS
@given(data=st.data())
def test_the_count_in_halves_equals_enumeration_at_every_threshold(parties, data, all_packages):
    tables = data.draw(spaces(parties))
    _, utilities = all_packages(tables)
    if len(utilities) == 0:
        assert count_zone(tables, [0.0] * parties) == 0
        return
    reservation = _at_an_achievable_utility(data, utilities)
    enumerated = zopa([len(t) for t in tables], tables, reservation, chunk_size=7)
    assert count_zone(tables, reservation) == enumerated.outcomes
    assert enumerated.outcomes == int(acceptable(utilities, reservation).sum())


def test_sums_in_another_order_on_the_threshold_are_settled_as_enumeration_does(all_packages):
    # 0.1 + 0.2 + 0.3 == 0.6000000000000001 issue after issue, but 0.1 + (0.2 + 0.3) == 0.6.
    tables = [np.array([[0.1], [0.0]]), np.array([[0.2], [0.0]]), np.array([[0.3], [0.0]])]
    _, utilities = all_packages(tables)
    assert utilities.max() == 0.1 + 0.2 + 0.3 != 0.1 + (0.2 + 0.3)
    for target in (0.1 + 0.2 + 0.3, 0.1 + (0.2 + 0.3)):
        reservation = [target + TOLERANCE]
        expected = int(acceptable(utilities, reservation).sum())
        assert count_zone(tables, reservation) == expected


@pytest.mark.parametrize("columns", [1, 2, 3])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_dominance_count_equals_comparing_every_pair(columns, data):
    def rows(n):
        return np.array(
            data.draw(st.lists(st.integers(0, 4), min_size=n * columns, max_size=n * columns)),
            dtype=float,
        ).reshape(n, columns)

    points = rows(data.draw(st.integers(0, 40)))
    queries = rows(data.draw(st.integers(0, 40)))
    brute = int((points[None, :, :] >= queries[:, None, :]).all(axis=2).sum())
    assert dominance_count(points, queries) == brute


def test_the_halves_are_as_balanced_as_the_issues_allow():
    first, second = split_issues([7, 2, 5, 3, 4, 6])
    products = sorted(math.prod([7, 2, 5, 3, 4, 6][i] for i in g) for g in (first, second))
    assert products == [70, 72]
    assert sorted(first + second) == list(range(6))


def _binary_issues(issues: int, parties: int) -> list[np.ndarray]:
    """Each issue gives 1/issues to the first party (option 0) or to the others (option 1)."""
    yes = np.r_[1.0, np.zeros(parties - 1)] / issues
    return [np.array([yes, (1.0 - yes * issues) / issues]) for _ in range(issues)]


def test_a_trillion_packages_for_one_party_count_as_a_binomial_tail():
    tables = _binary_issues(40, 1)
    expected = sum(math.comb(40, k) for k in range(15, 41))
    assert count_zone(tables, [15 / 40]) == expected


def test_a_trillion_packages_for_two_parties_count_as_a_binomial_sum():
    tables = _binary_issues(40, 2)
    zone = zopa([2] * 40, tables, [15 / 40, 15 / 40])
    assert zone.outcomes == sum(math.comb(40, k) for k in range(15, 26))
    assert zone.best == pytest.approx((25 / 40, 25 / 40), abs=1e-9)
    assert zone.worst == pytest.approx((15 / 40, 15 / 40), abs=1e-9)


def test_red_lines_are_dropped_before_the_halves_are_built():
    tables = _binary_issues(30, 2)
    tables[0] = np.array([tables[0][0], [np.nan, 0.0], tables[0][1]])
    expected = sum(math.comb(30, k) for k in range(10, 21))
    assert count_zone(tables, [10 / 30, 10 / 30]) == expected


def test_three_parties_are_counted_when_the_pairs_fit_the_budget():
    tables = _binary_issues(20, 3)
    # Party 0 needs k >= 5 ones; parties 1 and 2 each get (20 - k) / 20 and need k <= 12.
    expected = sum(math.comb(20, k) for k in range(5, 13))
    assert count_zone(tables, [5 / 20, 8 / 20, 8 / 20]) == expected
