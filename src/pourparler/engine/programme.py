"""Integer programmes over packages, verified exactly: the solver proposes, exact arithmetic
decides.

A package picks one option per issue; over additive tables it is a set of binary variables
``x[i, j]`` (issue ``i`` takes option ``j``) with one option per issue, and each party's utility is
linear in them. HiGHS (Huangfu and Hall 2018, through :func:`scipy.optimize.milp`) solves such
programmes quickly but within absolute tolerances near 1e-7 to 1e-6, coarser than the engine's
grid (:data:`~pourparler.engine.pareto.TOLERANCE`). So here:

* utilities are multiplied by :data:`SCALE` inside the programme, which puts the solver's
  tolerances well below the grid;
* every package the solver returns is evaluated again exactly (summed issue after issue, as the
  frontier algorithms do) and checked against the constraints; one that fails is excluded by a
  cut (``sum_i x[i, choice_i] <= issues - 1``) and the programme is solved again;
* a feasible package becomes the incumbent, and the programme is solved again asking for an
  objective larger by the grid step; when that is infeasible the incumbent is optimal.

A wrong answer of the solver can therefore cost a few more solves, never a wrong result. Only a
claim of infeasibility is taken from the solver, and it is asked for with a margin of a grid step
that is ten times its tolerance after scaling.

HiGHS sometimes prints to the process's standard output from C, past Python's ``sys.stdout``;
every solve runs with file descriptor 1 pointed away (under a lock, since the redirection is
process-wide), so that nothing but the answer reaches a terminal, a pipe or a server's log.

References
----------
.. [1] Q. Huangfu and J. A. J. Hall, "Parallelizing the dual revised simplex method",
   *Mathematical Programming Computation* 10, 2018 (HiGHS).
.. [2] E. Balas and R. Jeroslow, "Canonical cuts on the unit hypercube", *SIAM Journal on
   Applied Mathematics* 23(1), 1972 (the cut that excludes one binary solution).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import TOLERANCE

__all__ = ["ROUNDS", "SCALE", "OneHot", "silenced_stdout"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
SCALE = 1e4
"""Utilities (at most 1 in magnitude, else divided by the largest) are multiplied by this in a
programme: a grid step becomes 1e-5, ten times HiGHS's feasibility tolerance of 1e-6."""
ROUNDS = 100
"""Most solves of one search (each one improves the incumbent by a grid step or cuts a package
off); reaching it keeps the best package verified so far."""

_STDOUT_LOCK = threading.Lock()


@contextmanager
def silenced_stdout() -> Iterator[None]:
    """Point file descriptor 1 at a scratch file while the block runs, then restore it; what C
    code printed there is dropped. Python's own buffer is flushed first, so nothing of the
    caller's output is lost or reordered."""
    with _STDOUT_LOCK, tempfile.TemporaryFile() as scratch:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            os.dup2(scratch.fileno(), 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _distinct(table: FloatArray) -> IntArray:
    """The options of an issue that cross no red line, the first of each distinct row only:
    options worth exactly the same to every party are one variable, so that a cut excludes
    every package of the same utilities at once (an issue nobody weighs is then one option)."""
    allowed = np.flatnonzero(np.isfinite(table).all(axis=1))
    if len(allowed) == 0:
        return allowed
    _, first = np.unique(table[allowed], axis=0, return_index=True)
    return allowed[np.sort(first)]


class OneHot:
    """The one-hot programme of additive ``tables`` (``(options, parties)`` per issue, red-line
    options at ``-inf``)."""

    def __init__(self, tables: Sequence[FloatArray]) -> None:
        if not tables:
            raise InvalidInput("an agenda needs at least one issue")
        self.tables = [np.asarray(t, dtype=np.float64) for t in tables]
        self.options = [_distinct(t) for t in self.tables]
        if any(len(o) == 0 for o in self.options):
            raise InvalidInput("no package respects every red line")
        self.issue = np.concatenate([np.full(len(o), i) for i, o in enumerate(self.options)])
        self.utility = np.concatenate(
            [t[o] for t, o in zip(self.tables, self.options, strict=True)]
        ).T
        top = float(np.abs(self.utility).max()) if self.utility.size else 0.0
        self.scale = SCALE / max(1.0, top)
        self.column = [
            {int(j): k for k, j in enumerate(o, start=int(np.sum(self.issue < i)))}
            for i, o in enumerate(self.options)
        ]

    @property
    def parties(self) -> int:
        return int(self.utility.shape[0])

    def value(self, choice: Sequence[int] | IntArray) -> FloatArray:
        """Utilities of one package, summed issue after issue as the frontier does."""
        total = self.tables[0][choice[0]]
        for i in range(1, len(self.tables)):
            total = total + self.tables[i][choice[i]]
        return np.asarray(total, dtype=np.float64)

    def _solve(
        self,
        cost: FloatArray,
        rows: FloatArray,
        low: FloatArray,
        free_low: float | None,
        cuts: Sequence[IntArray],
    ) -> IntArray | None:
        """Minimise ``cost @ [x, t]`` subject to ``rows @ [x, t] >= low``, one option per issue
        and the cuts; ``t`` is one continuous variable (bounded below by ``free_low``) when
        ``free_low`` is not ``None``. The chosen option of each issue, or ``None``."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        n, free = self.issue.size, int(free_low is not None)
        eq = np.zeros((len(self.options), n + free))
        eq[self.issue, np.arange(n)] = 1.0
        constraints = [LinearConstraint(eq, 1.0, 1.0)]
        if len(rows):
            constraints.append(LinearConstraint(rows, low, np.inf))
        if cuts:
            cut = np.zeros((len(cuts), n + free))
            for r, choice in enumerate(cuts):
                cut[r, [self.column[i][int(j)] for i, j in enumerate(choice)]] = 1.0
            constraints.append(LinearConstraint(cut, -np.inf, len(self.options) - 1.0))
        lower = np.r_[np.zeros(n), [free_low] if free else []]
        upper = np.r_[np.ones(n), [np.inf] if free else []]
        with silenced_stdout():
            result = milp(
                cost,
                integrality=np.r_[np.ones(n), np.zeros(free)],
                bounds=Bounds(lower, upper),
                constraints=constraints,
                options={"mip_rel_gap": 0.0},
            )
        if result.x is None:
            return None
        x = np.asarray(result.x[:n])
        choice = np.empty(len(self.options), dtype=np.int64)
        for i, opts in enumerate(self.options):
            choice[i] = opts[int(np.argmax(x[self.issue == i]))]
        return choice

    def maximin(self, base: FloatArray) -> tuple[IntArray | None, float]:
        """A package maximising the smallest gain ``min_k (u_k - base_k)``, and that gain; no
        package has a smallest gain larger by more than the grid step."""
        k, n = self.scale, self.issue.size
        rows = np.hstack((self.utility * k, -np.ones((self.parties, 1))))
        cost = np.r_[np.zeros(n), -1.0]
        best: IntArray | None = None
        score = -np.inf
        cuts: list[IntArray] = []
        for _ in range(ROUNDS):
            floor = None if best is None else k * (score + TOLERANCE)
            found = self._solve(cost, rows, k * base, -np.inf if floor is None else floor, cuts)
            if found is None:
                break
            gain = float((self.value(found) - base).min())
            if best is None or gain > score + TOLERANCE:
                best, score = found, gain
            else:
                cuts.append(found)
        return best, score

    def maximise(self, weights: FloatArray, low: FloatArray) -> IntArray | None:
        """A package maximising ``weights @ u`` among those with ``u >= low`` (exactly, every
        party); none with a larger value by more than the grid step. ``None`` if no package
        satisfies ``u >= low``."""
        k = self.scale
        objective = weights @ self.utility
        best: IntArray | None = None
        score = -np.inf
        cuts: list[IntArray] = []
        for _ in range(ROUNDS):
            rows, bound = self.utility * k, low * k
            if best is not None:
                rows = np.vstack((rows, objective * k))
                bound = np.r_[bound, k * (score + TOLERANCE)]
            found = self._solve(-objective, rows, bound, None, cuts)
            if found is None:
                break
            u = self.value(found)
            value = float(weights @ u)
            if np.all(u >= low) and (best is None or value > score + TOLERANCE):
                best, score = found, value
            else:
                cuts.append(found)
        return best
