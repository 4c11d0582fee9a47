"""The zone of possible agreement: the packages every party prefers to no agreement.

A package is in the zone when it crosses no red line and gives every party at least its
reservation value (Raiffa 1982, ch. 4; Walton and McKersie 1965). The zone reports its size and,
for each party, the best and worst utility it can get inside.

References
----------
.. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982.
.. [2] R. E. Walton and R. B. McKersie, *A Behavioral Theory of Labor Negotiations*,
   McGraw-Hill, 1965.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pourparler.engine.improve import extreme_utility
from pourparler.engine.pareto import additive_chunks, callable_chunks
from pourparler.engine.solution import acceptable
from pourparler.engine.zone_count import count_zone

__all__ = ["ENUMERATION_LIMIT", "Zopa", "zone_size", "zopa"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ENUMERATION_LIMIT = 10**8
"""Largest space whose zone is counted package by package."""


@dataclass(frozen=True)
class Zopa:
    """Size of the zone (``None`` when too large to count exactly) and, per party, the best
    and worst utility inside (``None`` when the zone is empty)."""

    outcomes: int | None
    best: tuple[float, ...] | None
    worst: tuple[float, ...] | None


def _scan(chunks: object, reservation: Sequence[float], parties: int) -> Zopa:
    count, best, worst = 0, np.full(parties, -np.inf), np.full(parties, np.inf)
    for _, u in chunks:  # type: ignore[attr-defined]
        inside = u[np.isfinite(u).all(axis=1)]
        inside = inside[acceptable(inside, reservation)]
        count += len(inside)
        if len(inside):
            best, worst = (
                np.maximum(best, inside.max(axis=0)),
                np.minimum(worst, inside.min(axis=0)),
            )
    if count == 0:
        return Zopa(0, None, None)
    return Zopa(count, tuple(best.tolist()), tuple(worst.tolist()))


def zopa(
    shape: Sequence[int],
    utility: Callable[[IntArray], FloatArray] | Sequence[FloatArray],
    reservation: Sequence[float],
    *,
    chunk_size: int = 1 << 18,
) -> Zopa:
    """The zone of possible agreement of a space with ``shape`` options per issue.

    ``utility`` is a callable or additive tables, as for
    :func:`~pourparler.engine.pareto.pareto_frontier_enumerate`; red lines are non-finite
    utilities. Spaces up to :data:`ENUMERATION_LIMIT` packages are counted exactly package by
    package. Larger additive spaces are counted exactly by meet in the middle
    (:func:`~pourparler.engine.zone_count.count_zone`, same predicate, same count) within its
    reach (about 1.6e13 packages for two parties), and their best and worst utilities come
    from mixed-integer programmes. Beyond that reach the count is exact only when every allowed
    package clears every reservation value, else ``None``.

    Examples
    --------
    >>> t = [np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]), np.array([[0.0, 0.0], [0.1, 0.1]])]
    >>> zopa((3, 2), t, [0.3, 0.3])
    Zopa(outcomes=2, best=(0.6, 0.6), worst=(0.5, 0.5))
    """
    parties = len(reservation)
    size = math.prod(shape)
    if callable(utility):
        return _scan(callable_chunks(shape, utility, chunk_size), reservation, parties)
    tables = list(utility)
    if size <= ENUMERATION_LIMIT:
        return _scan(additive_chunks(tables, chunk_size), reservation, parties)
    count = count_zone(tables, reservation)
    if count == 0:
        return Zopa(0, None, None)
    ends = [
        (
            extreme_utility(tables, k, reservation, best=True),
            extreme_utility(tables, k, reservation, best=False),
        )
        for k in range(parties)
    ]
    if any(b is None or w is None for b, w in ends):
        return Zopa(0, None, None)
    if count is None:
        count = _everyone(tables, reservation)
    best = tuple(float(b) for b, _ in ends)  # type: ignore[arg-type]
    worst = tuple(float(w) for _, w in ends)  # type: ignore[arg-type]
    return Zopa(count, best, worst)


def _count(chunks: object, reservation: Sequence[float]) -> int:
    count = 0
    for _, u in chunks:  # type: ignore[attr-defined]
        count += int(acceptable(u[np.isfinite(u).all(axis=1)], reservation).sum())
    return count


def zone_size(
    shape: Sequence[int],
    utility: Callable[[IntArray], FloatArray] | Sequence[FloatArray],
    reservation: Sequence[float],
    *,
    chunk_size: int = 1 << 18,
) -> int | None:
    """How many packages are in the zone of possible agreement, by the fastest exact way: the
    count in halves (:func:`~pourparler.engine.zone_count.count_zone`) for additive tables
    within its reach, else package by package up to :data:`ENUMERATION_LIMIT` packages, else
    exact only when every allowed package clears (``None`` otherwise). The same number as
    :func:`zopa`'s, without the best and worst utilities (which need a scan or integer
    programmes).

    Examples
    --------
    >>> t = [np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]), np.array([[0.0, 0.0], [0.1, 0.1]])]
    >>> zone_size((3, 2), t, [0.3, 0.3])
    2
    """
    if callable(utility):
        return _count(callable_chunks(shape, utility, chunk_size), reservation)
    tables = list(utility)
    count = count_zone(tables, reservation)
    if count is not None:
        return count
    if math.prod(shape) <= ENUMERATION_LIMIT:
        return _count(additive_chunks(tables, chunk_size), reservation)
    return _everyone(tables, reservation)


def _everyone(tables: Sequence[FloatArray], reservation: Sequence[float]) -> int | None:
    """The number of allowed packages if every one clears every reservation value, else
    ``None``."""
    lowest = np.sum([np.where(np.isfinite(t), t, np.inf).min(axis=0) for t in tables], axis=0)
    if not np.all(lowest >= np.asarray(reservation)):
        return None
    return math.prod(int(np.isfinite(t).all(axis=1).sum()) for t in tables)
