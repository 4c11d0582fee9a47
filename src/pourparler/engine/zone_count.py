"""The exact size of the zone of possible agreement of a large additive space, by meet in the
middle.

For additive utilities a package's utility is the sum over issues, so the issues are split into
two groups, every partial package of each group is listed with its partial utility vector, and
the zone's size is the number of pairs ``(a, b)`` of partial vectors with ``a_k + b_k >= r_k -
TOLERANCE`` for every party ``k`` (Horowitz and Sahni 1974). That is a dominance count between
the points ``b`` and the queries ``r - TOLERANCE - a``: a sorted search for one party, an
offline sweep with a bitwise rank structure (a wavelet tree, Grossi et al. 2003) for two, and a
blocked comparison of all pairs for three or more (Bentley 1980 gives the general method).

The enumeration in :mod:`pourparler.engine.zone` adds each package's utilities issue after
issue; the sum ``a + b`` groups the same numbers otherwise and may differ from it by a few units
in the last place (Higham 2002, ch. 4). The count here is exact *for that enumeration*: pairs
that clear a threshold raised by a bound on the rounding error surely clear, and the few pairs in
the band below it are summed again issue after issue and tested with the enumeration's own
predicate.

Reach: each half holds at most :data:`HALF_LIMIT` partial packages (so about 1.6e13 packages
for two balanced halves), the band at most :data:`BAND_LIMIT` pairs, and for three or more
parties the halves at most :data:`PAIR_BUDGET` pairs. Beyond, :func:`count_zone` gives ``None``.

References
----------
.. [1] E. Horowitz and S. Sahni, "Computing partitions with applications to the knapsack
   problem", *Journal of the ACM* 21(2), 1974.
.. [2] J. L. Bentley, "Multidimensional divide-and-conquer", *Communications of the ACM* 23(4),
   1980.
.. [3] R. Grossi, A. Gupta and J. S. Vitter, "High-order entropy-compressed text indexes",
   SODA 2003 (the wavelet tree).
.. [4] N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM, 2002.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pourparler.engine.pareto import TOLERANCE, decode

__all__ = [
    "BAND_LIMIT",
    "HALF_LIMIT",
    "PAIR_BUDGET",
    "count_zone",
    "dominance_count",
    "split_issues",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
HALF_LIMIT = 4 * 10**6
"""Most partial packages listed for one half of the issues."""
PAIR_BUDGET = 2 * 10**9
"""Most pairs of partial packages compared one by one (three or more parties)."""
BAND_LIMIT = 10**7
"""Most pairs near a threshold summed again in the enumeration's order."""
_BLOCK = 1 << 22
_UNIT = 2.0**-53


def split_issues(sizes: Sequence[int]) -> tuple[list[int], list[int]]:
    """Two groups of issues whose numbers of partial packages are as balanced as possible:
    exhaustive up to 16 issues, else largest first into the smaller group.

    >>> split_issues([10, 10, 100, 2])
    ([0, 1], [2, 3])
    """
    logs = np.log(np.asarray(sizes, dtype=np.float64))
    m = len(sizes)
    if m <= 16:
        masks = np.arange(1 << max(m - 1, 0), dtype=np.int64)
        member = ((masks[:, None] >> np.arange(m)) & 1).astype(bool)
        left = np.where(member, logs, 0.0).sum(axis=1)
        best = member[int(np.argmin(np.maximum(left, logs.sum() - left)))]
        return np.flatnonzero(best).tolist(), np.flatnonzero(~best).tolist()
    groups: tuple[list[int], list[int]] = ([], [])
    totals = [0.0, 0.0]
    for i in np.argsort(-logs, kind="stable").tolist():
        side = 0 if totals[0] <= totals[1] else 1
        groups[side].append(i)
        totals[side] += float(logs[i])
    return sorted(groups[0]), sorted(groups[1])


def _partial_sums(tables: Sequence[FloatArray], parties: int) -> FloatArray:
    """Utility vectors of every partial package, last issue varying fastest."""
    cur = np.zeros((1, parties))
    for table in tables:
        cur = (cur[:, None, :] + table[None, :, :]).reshape(-1, parties)
    return cur


def _count_1d(points: FloatArray, queries: FloatArray) -> int:
    ordered = np.sort(points)
    return int(len(points) * len(queries) - np.searchsorted(ordered, queries, "left").sum())


def _smaller_before(rank: npt.NDArray[np.int32], point: BoolArray) -> int:
    """Over non-point positions ``i``, the number of points ``j < i`` with ``rank[j] <
    rank[i]``; ``rank`` is a permutation of ``0..n-1``. One pass per bit, most significant
    first: a pair is counted at the first bit where the ranks differ, while positions stay
    stably sorted by the higher bits (the groups of a wavelet tree)."""
    n = len(rank)
    index = np.arange(n, dtype=np.int32)
    total = 0
    for b in reversed(range(max(1, (n - 1).bit_length()))):
        start = (rank >> (b + 1)) << (b + 1)  # ranks are a permutation: a group starts there
        zero = ((rank >> b) & 1) == 0
        zero_point = zero & point
        seen = np.cumsum(zero_point, dtype=np.int64) - zero_point
        total += int((seen - seen[start])[~zero & ~point].sum())
        zeros = np.cumsum(zero, dtype=np.int32) - zero
        at = zeros - zeros[start]
        width = np.minimum(np.int32(1 << b), np.int32(n) - start)
        dest = np.where(zero, start + at, start + width + (index - start - at))
        rank[dest], point[dest] = rank.copy(), point.copy()
    return total


def _count_2d(points: FloatArray, queries: FloatArray) -> int:
    both = np.concatenate((points, queries))
    point = np.zeros(len(both), dtype=bool)
    point[: len(points)] = True
    # Descending, stable: on ties a point (listed first) comes before a query, so ">=" counts.
    sweep = np.argsort(-both[:, 0], kind="stable")
    rank = np.empty(len(both), dtype=np.int32)
    rank[np.argsort(-both[:, 1], kind="stable")] = np.arange(len(both), dtype=np.int32)
    return _smaller_before(rank[sweep], point[sweep])


def _count_kd(points: FloatArray, queries: FloatArray) -> int:
    points = points[np.argsort(-points[:, 0], kind="stable")]
    descending = -points[:, 0]
    step = max(1, _BLOCK // len(points))
    total = 0
    for s in range(0, len(queries), step):
        block = queries[s : s + step]
        # Only points at or above the block's lowest first coordinate can count.
        near = points[: int(np.searchsorted(descending, -block[:, 0].min(), "right"))]
        ok = np.ones((len(block), len(near)), dtype=bool)
        for k in range(points.shape[1]):
            ok &= near[None, :, k] >= block[:, None, k]
        total += int(ok.sum())
    return total


def dominance_count(points: FloatArray, queries: FloatArray) -> int:
    """How many pairs ``(p, q)`` of rows have ``p >= q`` in every column.

    One column: sort and binary search, O(n log n). Two: a sweep over the first column with a
    bitwise rank structure over the second, O(n log n). More: blocks of all pairs, O(n m).

    >>> p = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 3.0]])
    >>> dominance_count(p, np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 3.0]]))
    4
    """
    if len(points) == 0 or len(queries) == 0:
        return 0
    # Queries at or below every point count them all; queries above every point in some column
    # count none; points below every query in some column never count. Only the rest is swept.
    every = np.all(queries <= points.min(axis=0), axis=1)
    some = ~every & np.all(queries <= points.max(axis=0), axis=1)
    total = int(every.sum()) * len(points)
    queries = queries[some]
    if len(queries) == 0:
        return total
    points = points[np.all(points >= queries.min(axis=0), axis=1)]
    return total + _dominance(points, queries)


def _dominance(points: FloatArray, queries: FloatArray) -> int:
    if len(points) == 0:
        return 0
    if points.shape[1] == 1:
        return _count_1d(points[:, 0], queries[:, 0])
    if points.shape[1] == 2:
        return _count_2d(points, queries)
    return _count_kd(points, queries)


@dataclass(frozen=True)
class _Halves:
    """The allowed options of every issue, the two groups of issues and their partial sums."""

    allowed: list[FloatArray]
    groups: tuple[list[int], list[int]]
    sums: tuple[FloatArray, FloatArray]

    def enumerated(self, first: IntArray, second: IntArray) -> FloatArray:
        """Utilities of the packages joining partial packages ``first`` and ``second``, added
        issue after issue from zero exactly as the enumeration adds them."""
        choice = np.empty((len(first), len(self.allowed)), dtype=np.int64)
        for group, flat in zip(self.groups, (first, second), strict=True):
            choice[:, group] = decode(flat, [len(self.allowed[i]) for i in group])
        total = np.zeros((len(first), self.sums[0].shape[1]))
        for i, table in enumerate(self.allowed):
            total = total + table[choice[:, i]]
        return total


def _halves(tables: Sequence[FloatArray], parties: int) -> _Halves | None:
    allowed = [t[np.isfinite(t).all(axis=1)] for t in tables]
    sizes = [len(t) for t in allowed]
    groups = split_issues(sizes)
    if any(math.prod(sizes[i] for i in g) > HALF_LIMIT for g in groups):
        return None
    first, second = (_partial_sums([allowed[i] for i in g], parties) for g in groups)
    return _Halves(allowed, groups, (first, second))


def _margin(allowed: Sequence[FloatArray], threshold: FloatArray) -> FloatArray:
    """Twice a bound on how far two orders of summing one package's utilities, and the
    subtraction from the threshold, can differ: ``gamma_n * sum_i |x_i|`` per order (Higham
    2002, eq. 4.4), with ``sum_i |x_i|`` bounded by the largest magnitudes per issue."""
    scale = np.sum([np.abs(t).max(axis=0) for t in allowed], axis=0) + np.abs(threshold)
    margin: FloatArray = 4.0 * (len(allowed) + 2) * _UNIT * scale
    return margin


def _band(
    values: FloatArray, low: FloatArray, high: FloatArray
) -> tuple[IntArray, IntArray] | None:
    """Every pair ``(i, j)`` with ``low[i] <= values[j] < high[i]``; ``None`` if more than
    :data:`BAND_LIMIT`."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    lo = np.searchsorted(ordered, low, "left")
    counts = np.searchsorted(ordered, high, "left") - lo
    total = int(counts.sum())
    if total > BAND_LIMIT:
        return None
    first = np.repeat(np.arange(len(low)), counts)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return first, order[lo[first] + offset]


def _near(h: _Halves, threshold: FloatArray, sure: FloatArray, maybe: FloatArray) -> int | None:
    """Pairs that clear every threshold in the enumeration's sum but not surely in ``a + b``.
    Each lies in the band ``[maybe, sure)`` of some party; it is counted at the first such
    party (every earlier party clears surely), after summing it again issue after issue."""
    second_sums = h.sums[1]
    found = 0
    for k in range(len(threshold)):
        pairs = _band(second_sums[:, k], maybe[:, k], sure[:, k])
        if pairs is None:
            return None
        first, second = pairs
        earlier = np.all(second_sums[second, :k] >= sure[first, :k], axis=1)
        utilities = h.enumerated(first[earlier], second[earlier])
        found += int(np.all(utilities >= threshold, axis=1).sum())
    return found


def count_zone(tables: Sequence[FloatArray], reservation: Sequence[float]) -> int | None:
    """How many packages of additive ``tables`` cross no red line (non-finite utility) and give
    every party ``k`` at least ``reservation[k] - TOLERANCE``, counted without listing them;
    ``None`` beyond the reach in the module docstring. Equal, package for package, to the
    enumeration of :func:`~pourparler.engine.zone.zopa`.

    Examples
    --------
    >>> t = [np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]), np.array([[0.0, 0.0], [0.1, 0.1]])]
    >>> count_zone(t, [0.3, 0.3])
    2
    >>> count_zone(t + [np.array([[0.0, 0.0], [-np.inf, 0.0]])], [0.5, 0.0])
    4
    """
    parties = len(reservation)
    if any(not np.isfinite(t).all(axis=1).any() for t in tables):
        return 0
    h = _halves(tables, parties)
    if h is None or (parties > 2 and len(h.sums[0]) * len(h.sums[1]) > PAIR_BUDGET):
        return None
    threshold = np.asarray(reservation, dtype=np.float64) - TOLERANCE
    margin = _margin(h.allowed, threshold)
    # b clears surely when b >= sure; it cannot clear when b < maybe.
    sure = (threshold + margin) - h.sums[0]
    near = _near(h, threshold, sure, (threshold - margin) - h.sums[0])
    if near is None:
        return None
    return dominance_count(h.sums[1], sure) + near
