"""The slow, obvious oracle: enumerate every package and compare every pair."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from pourparler.engine import snap

Tables = Sequence[np.ndarray]


def _all_packages(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    choices = np.array(list(itertools.product(*(range(len(t)) for t in tables))), dtype=np.int64)
    utilities = np.zeros((len(choices), tables[0].shape[1]))
    for i, table in enumerate(tables):
        utilities = utilities + table[choices[:, i]]
    keep = np.isfinite(utilities).all(axis=1)
    return choices[keep], utilities[keep]


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a >= b) and np.any(a > b))


def _frontier_vectors(utilities: np.ndarray) -> set[tuple[float, ...]]:
    grid = [tuple(row) for row in snap(utilities)]
    return {a for a in grid if not any(_dominates(np.array(b), np.array(a)) for b in grid)}


@pytest.fixture(scope="session")
def all_packages() -> Callable[[Tables], tuple[np.ndarray, np.ndarray]]:
    """Every package allowed by the tables (option indices) and its utilities."""
    return _all_packages


@pytest.fixture(scope="session")
def oracle_frontier() -> Callable[[np.ndarray], set[tuple[float, ...]]]:
    """The undominated utility vectors (on the tolerance grid), by pairwise comparison."""
    return _frontier_vectors


@pytest.fixture(scope="session")
def dominates() -> Callable[[np.ndarray, np.ndarray], bool]:
    return _dominates
