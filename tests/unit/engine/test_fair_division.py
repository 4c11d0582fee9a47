"""Adjusted Winner on examples worked by hand."""

from __future__ import annotations

import pytest

from pourparler.domain.error import InvalidInput
from pourparler.engine import adjusted_winner


def test_adjusted_winner_splits_the_lowest_ratio_item_to_equalise_points():
    # By hand: A first wins house (60 > 40) and car (25 > 10): 85 against B's boat, 50.
    # Ratios of A's items: house 60/40 = 1.5 < car 25/10 = 2.5, so the house moves first.
    # Moving all of it would leave A 25 and B 90, so it is split: A keeps p with
    # 25 + 60 p = 50 + 40 (1 - p), hence p = 0.65 and both get 64 points.
    result = adjusted_winner(
        {"house": 60, "car": 25, "boat": 15}, {"house": 40, "car": 10, "boat": 50}
    )
    assert result.share == {"house": pytest.approx(0.65), "car": 1.0, "boat": 0.0}
    assert result.points == (pytest.approx(64.0), pytest.approx(64.0))
    assert result.split == "house"


def test_adjusted_winner_moves_whole_items_before_splitting_one():
    # By hand: B wins a (50 > 10), b (30 > 20), c (20 > 10): 100 against A's d... A has only
    # d (60 > 0): 60. B's ratios: c 20/10 = 2, b 30/20 = 1.5, a 50/10 = 5 -> b, then c, then a.
    # Giving b to A: A 80, B 70 -> crosses, so b is split: B keeps q with
    # 70 + 30 q = 60 + 20 (1 - q), hence q = 0.2: A gets 0.8 of b, both 76.
    first = {"a": 10, "b": 20, "c": 10, "d": 60}
    second = {"a": 50, "b": 30, "c": 20, "d": 0}
    result = adjusted_winner(first, second)
    assert result.share == {"a": 0.0, "b": pytest.approx(0.8), "c": 0.0, "d": 1.0}
    assert result.points == (pytest.approx(76.0), pytest.approx(76.0))


def test_equal_initial_totals_need_no_transfer():
    result = adjusted_winner({"x": 60, "y": 40}, {"x": 40, "y": 60})
    assert result.share == {"x": 1.0, "y": 0.0}
    assert result.split is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"x": 60, "y": 50}, {"x": 50, "y": 50}),
        ({"x": 100}, {"y": 100}),
        ({"x": 120, "y": -20}, {"x": 50, "y": 50}),
    ],
)
def test_points_that_are_not_a_hundred_over_the_same_items_are_refused(first, second):
    with pytest.raises(InvalidInput):
        adjusted_winner(first, second)
