"""The Pareto frontier: packages that no other package improves for one party without harming
another.

Package ``a`` *dominates* ``b`` when ``u_k(a) >= u_k(b)`` for every party ``k`` and ``>`` for at
least one; the frontier is the set of undominated utility vectors, one package per vector
(Pareto 1906; Raiffa 1982, ch. 10). Utilities that differ by less than :data:`TOLERANCE` are
equal, so that sums of the same ratings in another order neither look dominated nor split a
frontier point in two: each party's utilities are sorted and cut wherever two neighbours are
:data:`TOLERANCE` or more apart, and the frontier is computed on the ranks of the pieces (a
chain of neighbours each closer than the tolerance counts as one value). Utilities must lie
within :data:`MAGNITUDE` of zero, where a step of :data:`TOLERANCE` is still a difference
between floating-point numbers.

Two exact methods:

* :func:`pareto_frontier_enumerate` scans the whole space in chunks, any utility;
* :func:`pareto_frontier_additive` never enumerates the space: for additive utilities the frontier
  of a sum lies in the sum of the frontiers, so it merges issues one at a time and prunes
  dominated partial packages after each (the principle of optimality of Bellman 1957, used for
  multi-objective knapsacks by Klamroth and Wiecek 2000).

The 2-D filter is the skyline sweep of Kung, Luccio and Preparata (1975): sort by the first
utility, keep what beats the running maximum of the second. For three or more parties points are
sorted by their sum (a dominator always has a larger sum) and checked block-wise, as in the
sort-filter-skyline of Chomicki et al. (2003).

References
----------
.. [1] V. Pareto, *Manuale di economia politica*, 1906.
.. [2] H. T. Kung, F. Luccio and F. P. Preparata, "On finding the maxima of a set of vectors",
   *Journal of the ACM* 22(4), 1975.
.. [3] J. Chomicki, P. Godfrey, J. Gryz and D. Liang, "Skyline with presorting", ICDE 2003.
.. [4] K. Klamroth and M. M. Wiecek, "Dynamic programming approaches to the multiple criteria
   knapsack problem", *Naval Research Logistics* 47(1), 2000.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput

__all__ = [
    "MAGNITUDE",
    "TOLERANCE",
    "Frontier",
    "pareto_frontier_additive",
    "pareto_frontier_enumerate",
    "pareto_indices",
    "snap",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TOLERANCE = 1e-9
MAGNITUDE = 1e6
"""Largest accepted magnitude of a utility, a rating, a weight or a table value: beyond it the
grid of :data:`TOLERANCE` is finer than the spacing of floating-point numbers (2**-53 * 1e6 is
about 1e-10)."""
_BLOCK = 1024
_SAMPLE = 1 << 14
_PIVOTS = 48


def snap(utilities: FloatArray) -> FloatArray:
    """Utilities rounded to the grid of :data:`TOLERANCE` (as whole numbers of steps).

    >>> snap(np.array([0.1 + 0.2, 0.3])).tolist()
    [300000000.0, 300000000.0]
    """
    return np.rint(utilities / TOLERANCE)


@dataclass(frozen=True)
class Frontier:
    """Frontier packages as option indices ``(m, issues)`` and their utilities ``(m, parties)``,
    ordered by decreasing sum of utilities, then by package."""

    choices: IntArray
    utilities: FloatArray

    def __len__(self) -> int:
        return len(self.choices)


def _skyline_2d(s: FloatArray) -> IntArray:
    order = np.lexsort((np.arange(len(s)), -s[:, 1], -s[:, 0]))
    second = s[order, 1]
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], second[:-1])))
    return np.sort(order[second > best_before])


def _dominated_by(s: npt.NDArray[np.int32], others: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
    """For each row of ``s``: is some row of ``others`` >= it everywhere (equal rows count)?"""
    hit = np.zeros(len(s), dtype=bool)
    step = max(1, (1 << 22) // max(1, len(s)))
    for start in range(0, len(others), step):
        block = others[start : start + step]
        ge = block[:, 0, None] >= s[None, :, 0]
        tmp = np.empty_like(ge)
        for j in range(1, s.shape[1]):
            np.greater_equal(block[:, j, None], s[None, :, j], out=tmp)
            ge &= tmp
        hit |= ge.any(axis=0)
    return hit


def _ranks(s: FloatArray) -> npt.NDArray[np.int32]:
    """Dense ranks per column: the same order, compared on small integers (faster)."""
    out = np.empty(s.shape, dtype=np.int32)
    for j in range(s.shape[1]):
        out[:, j] = np.unique(s[:, j], return_inverse=True)[1].reshape(-1)
    return out


def _skyline_kd(s: FloatArray) -> IntArray:
    _, first = np.unique(s, axis=0, return_index=True)
    order = first[np.argsort(-s[first].sum(axis=1), kind="stable")]
    r = _ranks(s[order])
    kept: list[IntArray] = []
    front = np.empty((0, s.shape[1]), dtype=np.int32)
    for start in range(0, len(order), _BLOCK):
        block = r[start : start + _BLOCK]
        alive = ~_dominated_by(block, front)
        pos = start + np.flatnonzero(alive)
        block = block[alive]
        inner = np.all(block[:, None, :] >= block[None, :, :], axis=2)
        np.fill_diagonal(inner, False)
        alive = ~inner.any(axis=0)
        kept.append(order[pos[alive]])
        front = np.concatenate((front, block[alive]))
    return np.sort(np.concatenate(kept)) if kept else np.empty(0, dtype=np.int64)


def pareto_indices(utilities: FloatArray) -> IntArray:
    """Rows of ``utilities`` (``(n, parties)``) on the frontier, one per distinct vector (the
    first in row order), in row order.

    Examples
    --------
    >>> u = np.array([[0.2, 0.9], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5 + 1e-12], [0.9, 0.1]])
    >>> pareto_indices(u).tolist()
    [0, 1, 4]
    """
    if utilities.ndim != 2 or utilities.shape[1] < 1:
        raise InvalidInput("utilities must be a two-dimensional array with one column per party")
    if len(utilities) == 0:
        return np.empty(0, dtype=np.int64)
    check_magnitude(utilities)
    s = tolerant_ranks(utilities)
    if s.shape[1] == 1:
        return np.array([int(np.argmax(s[:, 0]))], dtype=np.int64)
    return _skyline_2d(s) if s.shape[1] == 2 else _skyline_kd(s)


def check_magnitude(utilities: FloatArray) -> None:
    """:class:`InvalidInput` naming the first utility that is not finite or exceeds
    :data:`MAGNITUDE` in magnitude."""
    bad = ~(np.abs(utilities) <= MAGNITUDE)
    if bad.any():
        value = float(utilities[np.nonzero(bad)][0])
        raise InvalidInput(f"utility {value!r} is outside the accepted range -1e6 to 1e6")


def tolerant_ranks(utilities: FloatArray) -> FloatArray:
    """Per column, the rank of each value among the pieces of the sorted column cut wherever
    neighbours are :data:`TOLERANCE` or more apart: equal ranks for values closer than that.

    >>> tolerant_ranks(np.array([[0.5000000005 - 1e-17], [0.5000000005 + 1e-17], [0.6]])).ravel()
    array([0., 0., 1.])
    """
    out = np.empty(utilities.shape, dtype=np.float64)
    for j in range(utilities.shape[1]):
        order = np.argsort(utilities[:, j], kind="stable")
        ordered = utilities[order, j]
        cut = np.concatenate(([0.0], (np.diff(ordered) >= TOLERANCE).astype(np.float64)))
        out[order, j] = np.cumsum(cut)
    return out


def _finish(choices: IntArray, utilities: FloatArray) -> Frontier:
    keys = [choices[:, i] for i in reversed(range(choices.shape[1]))]
    order = np.lexsort((*keys, -snap(utilities).sum(axis=1)))
    return Frontier(choices[order], utilities[order])


def pareto_frontier_additive(tables: Sequence[FloatArray]) -> Frontier:
    """The exact frontier of additive utilities, built issue by issue without enumerating.

    ``tables[i]`` has shape ``(options of issue i, parties)``: each option's contribution to
    each party's utility. An option worth ``-inf`` is excluded (a red line). Partial packages
    over the first ``i`` issues that are dominated are dropped before issue ``i + 1`` is added:
    a package whose prefix is dominated is itself dominated (Klamroth and Wiecek 2000).

    Examples
    --------
    >>> t = [np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.5, 0.5], [0.2, 0.2]])]
    >>> f = pareto_frontier_additive(t)
    >>> f.choices.tolist(), f.utilities.tolist()
    ([[0, 0], [1, 0]], [[1.5, 0.5], [0.5, 1.5]])

    References
    ----------
    .. [1] K. Klamroth and M. M. Wiecek, *Naval Research Logistics* 47(1), 2000.
    """
    _check_tables(tables)
    options = [np.flatnonzero(np.isfinite(t).all(axis=1)) for t in tables]
    if any(len(o) == 0 for o in options):
        return Frontier(np.empty((0, len(tables)), np.int64), np.empty((0, tables[0].shape[1])))
    current = tables[0][options[0]]
    keep = pareto_indices(current)
    steps: list[tuple[IntArray, IntArray]] = [(keep * 0, options[0][keep])]
    current = current[keep]
    for table, opts in zip(tables[1:], options[1:], strict=True):
        cand = (current[:, None, :] + table[opts][None, :, :]).reshape(-1, current.shape[1])
        keep = pareto_indices(cand)
        steps.append((keep // len(opts), opts[keep % len(opts)]))
        current = cand[keep]
    choices = np.empty((len(current), len(tables)), dtype=np.int64)
    row = np.arange(len(current))
    for i in reversed(range(len(tables))):
        parent, option = steps[i]
        choices[:, i] = option[row]
        row = parent[row]
    return _finish(choices, current)


def _check_tables(tables: Sequence[FloatArray]) -> None:
    if not tables:
        raise InvalidInput("an agenda needs at least one issue")
    parties = {t.shape[1] if t.ndim == 2 else -1 for t in tables}
    if len(parties) != 1 or -1 in parties or any(len(t) == 0 for t in tables):
        raise InvalidInput("every table must be (options, parties) with the same parties")
    for t in tables:
        check_magnitude(t[~np.isneginf(t).any(axis=1)])


def decode(flat: IntArray, shape: Sequence[int]) -> IntArray:
    """Option indices ``(n, issues)`` of packages numbered in mixed radix, first issue most
    significant (the order of :func:`itertools.product`)."""
    out = np.empty((len(flat), len(shape)), dtype=np.int64)
    rest = flat.copy()
    for i in reversed(range(len(shape))):
        rest, out[:, i] = np.divmod(rest, shape[i])
    return out


Chunks = Iterator[tuple[int, FloatArray]]


def additive_chunks(tables: Sequence[FloatArray], chunk_size: int) -> Chunks:
    shape = [len(t) for t in tables]
    split = len(shape)
    while split > 0 and math.prod(shape[split - 1 :]) <= chunk_size:
        split -= 1
    suffix = math.prod(shape[split:])
    per_chunk = max(1, chunk_size // suffix)
    prefixes = math.prod(shape[:split])
    for start in range(0, prefixes, per_chunk):
        stop = min(prefixes, start + per_chunk)
        head = decode(np.arange(start, stop, dtype=np.int64), shape[:split])
        cur = np.zeros((stop - start, tables[0].shape[1]))
        for i in range(split):
            cur = cur + tables[i][head[:, i]]
        for table in tables[split:]:
            cur = (cur[:, None, :] + table[None, :, :]).reshape(-1, cur.shape[1])
        yield start * suffix, cur


def callable_chunks(
    shape: Sequence[int], utility: Callable[[IntArray], FloatArray], chunk_size: int
) -> Chunks:
    total = math.prod(shape)
    for start in range(0, total, chunk_size):
        flat = np.arange(start, min(total, start + chunk_size), dtype=np.int64)
        yield start, np.asarray(utility(decode(flat, shape)), dtype=np.float64)


def _prefilter(s: FloatArray, front: FloatArray) -> npt.NDArray[np.bool_]:
    """Rows of ``s`` not weakly dominated by a row of the frontier ``front`` (or a sample)."""
    if len(front) == 0:
        return np.ones(len(s), dtype=bool)
    if s.shape[1] == 2:
        order = np.argsort(front[:, 0])
        first, second = front[order, 0], front[order, 1]
        best_second = np.maximum.accumulate(second[::-1])[::-1]
        pos = np.searchsorted(first, s[:, 0], side="left")
        has = pos < len(first)
        beaten = np.zeros(len(s), dtype=bool)
        beaten[has] = best_second[pos[has]] >= s[has, 1]
        return ~beaten
    pivots = front[np.argsort(-front.sum(axis=1))[:_PIVOTS]]
    alive = np.ones(len(s), dtype=bool)
    for pivot in pivots:
        alive &= ~np.all(pivot >= s, axis=1)
    return alive


def pareto_frontier_enumerate(
    shape: Sequence[int],
    utility: Callable[[IntArray], FloatArray] | Sequence[FloatArray],
    *,
    chunk_size: int = 1 << 18,
) -> Frontier:
    """The exact frontier by scanning every package, ``chunk_size`` at a time.

    ``utility`` maps option indices ``(n, issues)`` to utilities ``(n, parties)`` (any utility),
    or is a list of additive tables as for :func:`pareto_frontier_additive` (faster). Packages
    with a utility of ``-inf`` cross a red line and are excluded; any other utility that is not
    finite or exceeds :data:`MAGNITUDE` is refused. Memory stays bounded by the chunk and the
    frontier; when every package crosses a red line the frontier is empty.

    Examples
    --------
    >>> def utility(c):
    ...     return np.stack([c[:, 0] + 0.0, 1.0 - c[:, 0] + c[:, 1]], axis=1)
    >>> pareto_frontier_enumerate((2, 2), utility).choices.tolist()
    [[0, 1], [1, 1]]
    """
    if not shape or min(shape) < 1 or chunk_size < 1:
        raise InvalidInput("every issue needs an option and chunks must be positive")
    chunks = (
        callable_chunks(shape, utility, chunk_size)
        if callable(utility)
        else additive_chunks(list(utility), chunk_size)
    )
    front_u = np.empty((0, 0))
    front_at = np.empty(0, dtype=np.int64)
    parties = 0
    for start, u in chunks:
        parties = u.shape[1]
        at = start + np.flatnonzero(~np.isneginf(u).any(axis=1))
        u = u[at - start]
        check_magnitude(u)
        if len(front_u) == 0 and len(u) > _SAMPLE:
            probe = np.linspace(0, len(u) - 1, _SAMPLE).astype(np.int64)
            front_u, front_at = (
                u[probe][pareto_indices(u[probe])],
                at[probe][pareto_indices(u[probe])],
            )
        alive = _prefilter(snap(u), snap(front_u)) if len(front_u) else np.ones(len(u), bool)
        both_u = np.concatenate((front_u.reshape(-1, u.shape[1]), u[alive]))
        both_at = np.concatenate((front_at, at[alive]))
        order = np.argsort(both_at, kind="stable")
        keep = order[pareto_indices(both_u[order])]
        front_u, front_at = both_u[keep], both_at[keep]
    return _finish(decode(front_at, shape), front_u.reshape(len(front_at), parties))
