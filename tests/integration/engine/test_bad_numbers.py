"""Bad numbers are refused with one line naming them, red lines that leave nothing get one
answer whatever the method, and utilities closer than 1e-9 are one frontier point (issue 10)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from pourparler.cli.main import app
from pourparler.domain.error import InvalidInput
from pourparler.engine import (
    AdditiveProfile,
    Issue,
    OutcomeSpace,
    TableProfile,
    pareto_frontier_additive,
    pareto_frontier_enumerate,
    pareto_indices,
    utility_tables,
)
from support.brute import TOL, dominated
from support.scenarios import SCENARIO

SPACE = OutcomeSpace((Issue.options("i0", ["a", "b"]), Issue.options("i1", ["c", "d"])))


def test_weights_whose_sum_overflows_are_refused_naming_the_value():
    with pytest.raises(InvalidInput, match=r"weight of 'i0' is 1e\+308, outside the accepted"):
        AdditiveProfile("p", {"i0": 1e308, "i1": 1e308}, {})


def test_weights_within_the_range_keep_every_frontier_point():
    p = AdditiveProfile("p", {"i0": 1e6, "i1": 1e6}, {"i0": {"a": 1}, "i1": {"c": 1}})
    assert [t.tolist() for t in utility_tables(SPACE, p)] == [[0.5, 0.0], [0.5, 0.0]]


@pytest.mark.parametrize("value", [1e300, -1e300, float("inf"), float("nan")])
def test_table_values_beyond_the_grid_are_refused(value):
    with pytest.raises(InvalidInput, match="outside the accepted range -1e\\+06 to 1e\\+06"):
        TableProfile("t", {("a", "c"): value})


def test_raw_utilities_beyond_the_grid_are_refused_by_both_methods():
    tables = [np.array([[1e300, 0.0], [0.0, 1.0]])]
    with pytest.raises(InvalidInput, match="utility 1e\\+300 is outside"):
        pareto_frontier_additive(tables)
    with pytest.raises(InvalidInput, match="utility 1e\\+300 is outside"):
        pareto_frontier_enumerate((2,), tables)


def _write(tmp_path: Path, document: dict) -> str:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(document))
    return str(path)


@pytest.mark.parametrize(
    ("table", "method"),
    [(False, "additive"), (False, "enumerate"), (False, "auto"), (True, "auto")],
)
def test_red_lines_that_close_an_issue_get_one_clear_line_by_every_method(tmp_path, table, method):
    document = copy.deepcopy(SCENARIO)
    document["parties"][0]["red_lines"] = {"venue": ["Oslo", "Doha"]}  # South closes Geneva
    if table:
        document["parties"][1] = {"name": "South", "kind": "table", "packages": []}
        document["parties"][1]["red_lines"] = {"venue": ["Geneva"]}
    result = CliRunner().invoke(app, ["analyze", _write(tmp_path, document), "--method", method])
    assert result.exit_code == 2, result.output
    assert result.stderr == "error: no package respects every red line\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_space_closed_by_red_lines_has_an_empty_frontier_by_both_methods():
    tables = [np.array([[0.5, 0.5], [0.2, 0.9]]), np.array([[-np.inf, 0.0], [-np.inf, 1.0]])]
    assert len(pareto_frontier_additive(tables)) == 0
    assert len(pareto_frontier_enumerate((2, 2), tables)) == 0

    def closed(choices):
        return np.full((len(choices), 2), -np.inf)

    assert len(pareto_frontier_enumerate((2, 2), closed)) == 0


STRADDLE = (0.10000000049999999, 0.10000000050000002)  # 2.8e-17 apart, across a half step


@pytest.mark.parametrize("second", [(1.0, 1.0), (0.5, 0.6), (0.6, 0.5)])
def test_utilities_closer_than_the_tolerance_are_one_frontier_point(second):
    u = np.array([[STRADDLE[0], second[0]], [STRADDLE[1], second[1]], [0.0, 0.0]])
    kept = pareto_indices(u).tolist()
    # The brute-force frontier: rows no other row dominates beyond 1e-9, one per vector.
    expected = [
        r
        for r in range(len(u))
        if not dominated(u[r], np.delete(u, r, axis=0))
        and not any(np.all(np.abs(u[q] - u[r]) < TOL) for q in range(r))
    ]
    assert kept == expected
    assert len(kept) == 1


def test_three_parties_closer_than_the_tolerance_are_one_frontier_point():
    u = np.array([[STRADDLE[0], 0.5, 0.2], [STRADDLE[1], 0.5, 0.2], [0.2, 0.2, 0.9]])
    assert pareto_indices(u).tolist() == [0, 2]
