"""Issues, outcome spaces, value curves and profiles."""

from __future__ import annotations

import numpy as np
import pytest

from pourparler.domain.error import InvalidInput
from pourparler.engine import (
    AdditiveProfile,
    Issue,
    OutcomeSpace,
    TableProfile,
    ValueCurve,
    allowed_options,
    evaluate,
    utility_tables,
)


def test_a_numeric_range_is_discretised_by_its_step_without_passing_the_maximum():
    assert Issue.numeric_range("days", 0, 10, 4).values == (0, 4, 8)
    assert Issue.numeric_range("rate", 0.1, 0.3, 0.1).values == (0.1, 0.2, 0.3)


@pytest.mark.parametrize(("low", "high", "step"), [(0, 10, 0), (5, 1, 1), (0, 1e9, 1e-3)])
def test_a_range_without_a_usable_step_is_refused(low, high, step):
    with pytest.raises(InvalidInput):
        Issue.numeric_range("x", low, high, step)


def test_the_space_size_is_exact_for_agendas_beyond_machine_integers():
    issue = Issue.options("i", [str(k) for k in range(10)])
    space = OutcomeSpace(tuple(Issue(f"i{k}", issue.values) for k in range(40)))
    assert space.size == 10**40


def test_a_package_names_every_issue_or_is_refused():
    space = OutcomeSpace((Issue.options("a", ["x", "y"]), Issue.options("b", ["p"])))
    assert space.choice({"a": "y", "b": "p"}) == (1, 0)
    with pytest.raises(InvalidInput, match="no option for b"):
        space.choice({"a": "y"})
    with pytest.raises(InvalidInput, match="no option"):
        space.choice({"a": "z", "b": "p"})


@pytest.mark.parametrize(
    ("curve", "expected"),
    [
        (ValueCurve("rising"), [0.0, 0.5, 1.0]),
        (ValueCurve("falling"), [1.0, 0.5, 0.0]),
        (ValueCurve("peaked", peak=20), [0.0, 1.0, 0.0]),
        (ValueCurve("peaked", peak=10), [1.0, 0.5, 0.0]),
        (ValueCurve("points", points=((10, 2), (30, 4))), [0.5, 0.75, 1.0]),
    ],
)
def test_value_curves_rate_a_range_normalised_by_their_best_value(curve, expected):
    space = OutcomeSpace((Issue.numeric_range("days", 10, 30, 10),))
    profile = AdditiveProfile("p", {"days": 1}, {"days": curve})
    assert utility_tables(space, profile)[0].tolist() == pytest.approx(expected)


def test_additive_utility_is_the_weighted_sum_of_normalised_ratings():
    space = OutcomeSpace((Issue.options("a", ["x", "y"]), Issue.options("b", ["p", "q"])))
    profile = AdditiveProfile("p", {"a": 3, "b": 1}, {"a": {"x": 2, "y": 4}, "b": {"p": 5}})
    u = evaluate(space, (profile,), np.array([[0, 0], [1, 1], [1, 0]]))[:, 0]
    assert u.tolist() == pytest.approx([0.75 * 0.5 + 0.25, 0.75, 1.0])


@pytest.mark.parametrize(
    "make",
    [
        lambda: AdditiveProfile("p", {"a": -1}, {}),
        lambda: AdditiveProfile("p", {"a": 0}, {}),
        lambda: AdditiveProfile("p", {"a": 1}, {}, reservation=float("nan")),
        lambda: ValueCurve("wavy"),
        lambda: ValueCurve("peaked"),
    ],
)
def test_malformed_profiles_are_refused(make):
    with pytest.raises(InvalidInput):
        make()


def test_negative_ratings_are_refused_when_tables_are_built():
    space = OutcomeSpace((Issue.options("a", ["x", "y"]),))
    with pytest.raises(
        InvalidInput, match=r"rating of .x. in .a. is -1\.0, outside the accepted range 0 to"
    ):
        utility_tables(space, AdditiveProfile("p", {"a": 1}, {"a": {"x": -1}}))


def test_red_lines_of_any_party_close_the_option_for_all():
    space = OutcomeSpace((Issue.options("a", ["x", "y", "z"]),))
    p = AdditiveProfile("p", {"a": 1}, {}, red_lines={"a": frozenset({"z"})})
    q = TableProfile("q", {}, red_lines={"a": frozenset({"x"})})
    assert allowed_options(space, (p, q))[0].tolist() == [False, True, False]


def test_a_table_profile_values_listed_packages_and_defaults_the_rest():
    space = OutcomeSpace((Issue.options("a", ["x", "y"]), Issue.options("b", ["p", "q"])))
    table = TableProfile("t", {("y", "q"): 0.9, ("x", "p"): 0.4}, default=0.1)
    u = evaluate(space, (table,), np.array([[0, 0], [0, 1], [1, 1]]))[:, 0]
    assert u.tolist() == [0.4, 0.1, 0.9]
