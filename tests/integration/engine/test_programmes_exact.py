"""The programme-based functions against brute force, on the cases where the solver's
tolerances once decided the answer (issue 10)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from pourparler.engine import extreme_utility, improve_package, zopa
from pourparler.engine.programme import OneHot
from support.brute import check_improvement, extreme


def test_a_near_tie_below_the_solver_tolerance_is_still_an_improvement():
    tables = [np.array([[0.5, 0.5], [0.49999995, 0.8], [0.5, 0.6]])]
    found = improve_package(tables, (0,))
    check_improvement(tables, (0,), found)
    assert found.choice == (2,)


def test_the_best_package_never_crosses_a_reservation_by_a_hair():
    tables = [np.array([[0.6, 0.9], [0.49999995, 1.0]]), np.array([[0.0, 0.0]])]
    assert extreme_utility(tables, 1, [0.5, 0.0], best=True) == 0.9
    assert extreme(tables, 1, [0.5, 0.0], best=True) == 0.9


def test_the_zone_of_a_padded_space_reports_extremes_inside_the_reservations():
    core = [np.array([[0.6, 0.9], [0.49999995, 1.0]])]
    padding = [np.zeros((10, 2)) for _ in range(8)]  # 2 * 10**8 packages, enumerated by nobody
    zone = zopa([2] + [10] * 8, core + padding, [0.5, 0.0])
    assert zone.best == (0.6, 0.9)
    assert zone.worst == (0.6, 0.9)


def test_an_improvement_is_pareto_efficient_among_the_best_smallest_gains():
    tables = [np.array([[0.25, 0.0], [0.0, 0.75]]), np.array([[0, 0.25], [0.25, 0.5], [1, 0.5]])]
    found = improve_package(tables, (1, 0))
    check_improvement(tables, (1, 0), found)
    assert found.choice == (1, 2)
    assert found.gains == (1.0, 0.25)


def test_no_improvement_is_an_answer_never_an_error():
    rng = np.random.default_rng(7)
    for _ in range(6):
        tables = [rng.integers(0, 10, (6, 3)) / 9.0 * rng.random(3) for _ in range(3)]
        for choice in [(0, 0, 0), (5, 5, 5), (1, 4, 2)]:
            check_improvement(tables, choice, improve_package(tables, choice))


def test_a_solver_that_lies_cannot_make_an_answer_wrong(monkeypatch: pytest.MonkeyPatch):
    """The solver's first answer is replaced by the worst package: the exact check must still
    find the optimum."""
    tables = [np.array([[0.1, 0.1], [0.9, 0.9], [0.5, 0.5]]), np.array([[0.0, 0.0], [0.3, 0.3]])]
    real = OneHot._solve
    calls = {"n": 0}

    def lying(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            return np.array([0, 0], dtype=np.int64)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(OneHot, "_solve", lying)
    assert extreme_utility(tables, 0, [0.0, 0.0], best=True) == pytest.approx(1.2)
    assert calls["n"] >= 2


def test_solver_output_never_reaches_standard_output(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    import scipy.optimize

    real = scipy.optimize.milp

    def chatty(*args, **kwargs):
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "milp", chatty)
    print("before", flush=True)
    tables = [np.array([[0.5, 0.5], [0.4, 0.8], [0.5, 0.6]])]
    assert improve_package(tables, (0,)).choice == (2,)
    assert extreme_utility(tables, 0, [0.0, 0.0], best=False) == 0.4
    print("after", flush=True)
    out = capfd.readouterr().out
    assert out == "before\nafter\n"
