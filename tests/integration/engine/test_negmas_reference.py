"""Reproduce NegMAS 0.16.0's frontier and Nash point on its published 10^4-package space."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pourparler.engine import (
    egalitarian_point,
    nash_point,
    pareto_frontier_additive,
    pareto_frontier_enumerate,
)

SHARED = Path(__file__).parents[3] / ".." / "shared"
REFERENCE = SHARED / "bench" / "negmas_frontier_1e4.json"


@pytest.fixture(scope="module")
def reference() -> dict:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is missing: CI keeps ../shared beside the clone")
    return json.loads(REFERENCE.read_text())


@pytest.fixture(scope="module")
def tables(reference: dict) -> list[np.ndarray]:
    ufuns = reference["scenario"]["ufuns"]
    n_issues = reference["scenario"]["n_issues"]
    return [
        np.stack([u["weights"][i] * np.array(u["values"][i]) for u in ufuns], axis=1)
        for i in range(n_issues)
    ]


@pytest.mark.parametrize("method", ["additive", "enumerate"])
def test_the_frontier_is_exactly_negmas_frontier_in_its_order(reference, tables, method):
    frontier = (
        pareto_frontier_additive(tables)
        if method == "additive"
        else pareto_frontier_enumerate([10] * 4, tables, chunk_size=1000)
    )
    expected = reference["frontier"]
    assert frontier.choices.tolist() == [p["outcome"] for p in expected]
    assert frontier.utilities.tolist() == [p["utils"] for p in expected]


def test_nash_and_egalitarian_points_match_negmas_with_its_disagreement_point(reference, tables):
    frontier = pareto_frontier_additive(tables)
    # NegMAS takes max(reserved value, lowest utility) as each party's disagreement value.
    disagreement = [low for low, _ in reference["utility_ranges_minmax"]]
    points = {
        "nash_points": nash_point(frontier.utilities, disagreement),
        "kalai_points": egalitarian_point(frontier.utilities, disagreement),
    }
    for key, row in points.items():
        assert row == reference[key][0]["frontier_pos"], key
        assert frontier.choices[row].tolist() == reference[key][0]["outcome"]


def test_kalai_smorodinsky_maximises_the_smallest_normalised_gain_where_negmas_does_not(
    reference, tables
):
    # NegMAS picks the frontier point nearest the line to the ideal point (position 3); ours
    # maximises the smallest share of the ideal gain, which that point does not.
    from pourparler.engine import kalai_smorodinsky_point

    frontier = pareto_frontier_additive(tables)
    low = np.array([lo for lo, _ in reference["utility_ranges_minmax"]])
    share = ((frontier.utilities - low) / (frontier.utilities.max(axis=0) - low)).min(axis=1)
    row = kalai_smorodinsky_point(frontier.utilities, low.tolist())
    assert share[row] == share.max()
    assert share[row] > share[reference["ks_points"][0]["frontier_pos"]]
