"""The frontier algorithms against the pairwise oracle, as hypothesis properties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pourparler.engine import (
    pareto_frontier_additive,
    pareto_frontier_enumerate,
    snap,
)


@st.composite
def additive_tables(draw: st.DrawFn, max_parties: int = 3) -> list[np.ndarray]:
    """Small random additive utilities; integer ratings make ties (equal packages) common."""
    parties = draw(st.integers(2, max_parties))
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    weights = np.array(
        draw(
            st.lists(
                st.lists(st.integers(1, 5), min_size=len(shape), max_size=len(shape)),
                min_size=parties,
                max_size=parties,
            )
        ),
        dtype=np.float64,
    )
    weights /= weights.sum(axis=1, keepdims=True)
    tables = []
    for i, n in enumerate(shape):
        ratings = (
            np.array(
                draw(
                    st.lists(
                        st.lists(st.integers(0, 9), min_size=parties, max_size=parties),
                        min_size=n,
                        max_size=n,
                    )
                ),
                dtype=np.float64,
            )
            / 9.0
        )
        tables.append(ratings * weights[:, i])
    return tables


def _vectors(utilities: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(row) for row in snap(utilities)}


@settings(max_examples=60, deadline=None)
@given(tables=additive_tables())
def test_both_methods_find_exactly_the_oracle_frontier(tables, all_packages, oracle_frontier):
    _, utilities = all_packages(tables)
    expected = oracle_frontier(utilities)
    additive = pareto_frontier_additive(tables)
    enumerated = pareto_frontier_enumerate([len(t) for t in tables], tables, chunk_size=7)
    for frontier in (additive, enumerated):
        assert _vectors(frontier.utilities) == expected
        assert len(frontier) == len(expected), "one package per frontier point"


@settings(max_examples=40, deadline=None)
@given(tables=additive_tables())
def test_no_frontier_point_is_dominated_and_every_other_package_is(tables, all_packages, dominates):
    _, utilities = all_packages(tables)
    frontier = pareto_frontier_additive(tables)
    grid = snap(utilities)
    front = snap(frontier.utilities)
    for point in front:
        assert not any(dominates(other, point) for other in grid)
    front_set = {tuple(p) for p in front}
    for package in grid:
        if tuple(package) not in front_set:
            assert any(dominates(point, package) for point in front)


@settings(max_examples=40, deadline=None)
@given(
    tables=additive_tables(),
    scale=st.sampled_from([0.5, 2.0, 3.0]),
    shift=st.sampled_from([0.0, 0.25]),
)
def test_the_frontier_does_not_change_when_a_utility_is_rescaled(
    tables, scale, shift, all_packages
):
    rescaled = [t.copy() for t in tables]
    rescaled[0][:, 0] = rescaled[0][:, 0] * scale + shift
    for i in range(1, len(rescaled)):
        rescaled[i][:, 0] *= scale
    choices, utilities = all_packages(tables)
    before = pareto_frontier_additive(tables)
    after = pareto_frontier_enumerate([len(t) for t in tables], rescaled)
    original = {tuple(c): u for c, u in zip(map(tuple, choices), snap(utilities), strict=True)}
    assert {tuple(original[tuple(c)]) for c in after.choices} == _vectors(before.utilities)


def test_sums_of_the_same_ratings_in_another_order_make_one_frontier_point():
    # 0.1 + 0.2 != 0.2 + 0.1 + tiny in floating point; both packages are the same point.
    tables = [np.array([[0.1, 0.3], [0.2, 0.3]]), np.array([[0.2, 0.0], [0.1, 0.0]])]
    frontier = pareto_frontier_additive(tables)
    assert len(frontier) == 1
    assert len(pareto_frontier_enumerate([2, 2], tables)) == 1


def test_red_line_options_never_appear_on_the_frontier():
    tables = [
        np.array([[1.0, 1.0], [-np.inf, -np.inf], [0.0, 0.5]]),
        np.array([[0.2, 0.1], [0.1, 0.2]]),
    ]
    for frontier in (pareto_frontier_additive(tables), pareto_frontier_enumerate([3, 2], tables)):
        assert 1 not in frontier.choices[:, 0]
        assert frontier.choices.tolist() == [[0, 0], [0, 1]]


def test_enumeration_in_chunks_matches_the_additive_method_on_a_large_space():
    rng = np.random.default_rng(7)
    tables = [rng.random((10, 3)) for _ in range(5)]
    additive = pareto_frontier_additive(tables)
    enumerated = pareto_frontier_enumerate([10] * 5, tables, chunk_size=4096)
    assert _vectors(additive.utilities) == _vectors(enumerated.utilities)
    assert np.array_equal(additive.choices, enumerated.choices)
