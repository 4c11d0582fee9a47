"""Brute-force references for the programme-based functions, written from their definitions:
list every package, compare every pair, with the engine's tolerance of 1e-9."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from pourparler.engine import Improvement

TOL = 1e-9
Tables = Sequence[np.ndarray]


def packages(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Every package crossing no red line (option indices) and its utilities, summed issue after
    issue."""
    choices = np.array(list(itertools.product(*(range(len(t)) for t in tables))), dtype=np.int64)
    utilities = np.zeros((len(choices), tables[0].shape[1]))
    for i, table in enumerate(tables):
        utilities = utilities + table[choices[:, i]]
    keep = np.isfinite(utilities).all(axis=1)
    return choices[keep], utilities[keep]


def dominated(u: np.ndarray, utilities: np.ndarray) -> bool:
    """Some row is no worse than ``u`` for every party and better for one (beyond 1e-9)."""
    return bool(np.any(np.all(utilities >= u - TOL, axis=1) & np.any(utilities > u + TOL, axis=1)))


def check_improvement(tables: Tables, choice: Sequence[int], found: Improvement) -> None:
    """Assert that ``found`` (an Improvement) is what the definition asks for ``choice``."""
    _, utilities = packages(tables)
    base = sum(t[j] for t, j in zip(tables, choice, strict=True))
    gains = utilities - base
    best_min = gains.min(axis=1).max()
    weakly_better = np.all(gains >= -TOL, axis=1) & np.any(gains > TOL, axis=1)
    if best_min <= TOL and not weakly_better.any():
        assert found.efficient, (found, best_min)
        assert found.choice is None
        return
    assert not found.efficient, found
    assert found.choice is not None
    u = sum(t[j] for t, j in zip(tables, found.choice, strict=True))
    g = u - base
    assert np.allclose(g, found.gains, rtol=0, atol=1e-12)
    assert not dominated(u, utilities), (found, "is dominated")
    if best_min > TOL:
        assert g.min() >= best_min - TOL, (found, "smallest gain below", best_min)
    else:
        assert np.all(g >= -TOL), found
        assert np.any(g > TOL), found


def extreme(tables: Tables, party: int, reservation: Sequence[float], best: bool) -> float | None:
    _, utilities = packages(tables)
    inside = utilities[np.all(utilities >= np.asarray(reservation) - TOL, axis=1)]
    if len(inside) == 0:
        return None
    return float(inside[:, party].max() if best else inside[:, party].min())
