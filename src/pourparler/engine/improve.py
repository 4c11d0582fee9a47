"""Joint gains from where the talks stand: improve a tentative package, suggest packages between
the parties' proposals, and match secret acceptances.

References
----------
.. [1] H. Raiffa, "Post-settlement settlements", *Negotiation Journal* 1(1), 1985.
.. [2] H. Ehtamo, E. Kettunen and R. P. Hämäläinen, "Searching for joint gains in multi-party
   negotiations", *European Journal of Operational Research* 130(1), 2001.
.. [3] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982.
.. [4] Q. Huangfu and J. Hall, "Mixed integer programming with HiGHS", *Mathematical Programming
   Computation* 10, 2018 (the solver behind :func:`scipy.optimize.milp`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import TOLERANCE, Frontier
from pourparler.engine.solution import egalitarian_point

__all__ = [
    "Improvement",
    "SecretAcceptance",
    "extreme_utility",
    "improve_package",
    "secret_acceptance",
    "suggestions",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Improvement:
    """The outcome of :func:`improve_package`: the better package (option indices) and each
    party's gain over the tentative one, or ``efficient`` and no package."""

    choice: tuple[int, ...] | None
    gains: tuple[float, ...]
    efficient: bool


@dataclass(frozen=True)
class SecretAcceptance:
    """Whether the secret minima overlap, and the fairest package if they do. It carries
    nothing else: never the minima themselves."""

    overlap: bool
    choice: tuple[int, ...] | None


class _OneHot:
    """Binary variables ``x[i, j]`` (issue ``i`` takes option ``j``), one option per issue."""

    def __init__(self, tables: Sequence[FloatArray]) -> None:
        if not tables:
            raise InvalidInput("an agenda needs at least one issue")
        self.options = [np.flatnonzero(np.isfinite(t).all(axis=1)) for t in tables]
        if any(len(o) == 0 for o in self.options):
            raise InvalidInput("red lines leave an issue without any option")
        self.issue = np.concatenate([np.full(len(o), i) for i, o in enumerate(self.options)])
        self.utility = np.concatenate([t[o] for t, o in zip(tables, self.options, strict=True)]).T
        self.tables = tables

    def solve(self, cost: FloatArray, rows: FloatArray, low: FloatArray, free: int) -> IntArray:
        """Minimise ``cost @ [x, y]`` subject to ``rows @ [x, y] >= low``; ``y`` has ``free``
        continuous entries. Returns the chosen option of each issue."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        n = self.issue.size
        eq = np.zeros((len(self.options), n + free))
        eq[self.issue, np.arange(n)] = 1.0
        bounds = Bounds(
            np.r_[np.zeros(n), np.full(free, -np.inf)], np.r_[np.ones(n), np.full(free, np.inf)]
        )
        result = milp(
            cost,
            integrality=np.r_[np.ones(n), np.zeros(free)],
            bounds=bounds,
            constraints=[LinearConstraint(eq, 1.0, 1.0), LinearConstraint(rows, low, np.inf)],
            options={"mip_rel_gap": 0.0},
        )
        if result.x is None:
            raise InvalidInput("no package satisfies the constraints")
        x = np.asarray(result.x[:n])
        choice = np.empty(len(self.options), dtype=np.int64)
        for i, opts in enumerate(self.options):
            choice[i] = opts[int(np.argmax(x[self.issue == i]))]
        return choice

    def value(self, choice: Sequence[int] | IntArray) -> FloatArray:
        total = self.tables[0][choice[0]]
        for i in range(1, len(self.tables)):
            total = total + self.tables[i][choice[i]]
        return np.asarray(total, dtype=np.float64)


def improve_package(tables: Sequence[FloatArray], choice: Sequence[int]) -> Improvement:
    """The package that maximises the smallest gain of every party over ``choice``.

    Solves ``max t`` subject to ``u_k(x) - u_k(p) >= t`` for every party over one-hot option
    variables (a mixed-integer programme, solved exactly by HiGHS), for additive ``tables`` as
    in :func:`~pourparler.engine.pareto.pareto_frontier_additive`. When no package makes every
    party strictly better, a second programme maximises the total gain with no party worse off;
    if that gains nothing either, ``choice`` is Pareto-efficient (Raiffa 1985; Ehtamo et al.
    2001).

    Examples
    --------
    >>> t = [np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.6, 0.6], [0.0, 0.0]])]
    >>> improve_package(t, (0, 1)).choice
    (0, 0)
    >>> improve_package(t, (0, 0)).efficient
    True
    """
    model = _OneHot(tables)
    if len(choice) != len(tables) or not all(
        0 <= c < len(t) for c, t in zip(choice, tables, strict=False)
    ):
        raise InvalidInput("the tentative package must give a valid option for every issue")
    base = model.value(choice)
    if not np.all(np.isfinite(base)):
        raise InvalidInput("the tentative package crosses a red line")
    parties, n = model.utility.shape[0], model.issue.size
    rows = np.hstack((model.utility, -np.ones((parties, 1))))
    best = model.solve(np.r_[np.zeros(n), -1.0], rows, base, free=1)
    gains = model.value(best) - base
    if gains.min() > TOLERANCE:
        return Improvement(tuple(int(c) for c in best), tuple(gains.tolist()), False)
    best = model.solve(-model.utility.sum(axis=0), model.utility, base, free=0)
    gains = model.value(best) - base
    if gains.min() >= -TOLERANCE and gains.sum() > TOLERANCE:
        return Improvement(tuple(int(c) for c in best), tuple(gains.tolist()), False)
    return Improvement(None, tuple(0.0 for _ in range(parties)), True)


def extreme_utility(
    tables: Sequence[FloatArray], party: int, reservation: Sequence[float], *, best: bool
) -> float | None:
    """The highest (``best``) or lowest utility ``party`` can get among packages that clear
    every reservation value, by mixed-integer programming; ``None`` if there is none.

    >>> t = [np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])]
    >>> extreme_utility(t, 0, [0.2, 0.2], best=False)
    0.5
    """
    model = _OneHot(tables)
    cost = model.utility[party] * (-1.0 if best else 1.0)
    try:
        choice = model.solve(cost, model.utility, np.asarray(reservation) - TOLERANCE, free=0)
    except InvalidInput:
        return None
    return float(model.value(choice)[party])


def suggestions(frontier: Frontier, proposals: FloatArray) -> IntArray:
    """Rows of ``frontier`` whose utilities lie, for every party, between the lowest and the
    highest utility that the parties' visible ``proposals`` (``(proposals, parties)``) give it:
    efficient packages in the region the proposals span (Raiffa 1982, ch. 11).

    >>> f = Frontier(np.array([[0], [1], [2]]), np.array([[1.0, 0.1], [0.6, 0.6], [0.1, 1.0]]))
    >>> suggestions(f, np.array([[0.9, 0.2], [0.2, 0.9]])).tolist()
    [1]
    """
    if proposals.ndim != 2 or proposals.shape[1] != frontier.utilities.shape[1]:
        raise InvalidInput("give each proposal's utility for every party")
    low, high = proposals.min(axis=0), proposals.max(axis=0)
    u = frontier.utilities
    inside = np.all((u >= low - TOLERANCE) & (u <= high + TOLERANCE), axis=1)
    return np.flatnonzero(inside)


def secret_acceptance(frontier: Frontier, minima: Sequence[float]) -> SecretAcceptance:
    """Do the parties' private minimum acceptable utilities overlap? If so, the egalitarian
    package over them (largest smallest excess ``u_k - m_k``). Only the verdict and the package
    leave this function (Raiffa 1982, ch. 4, on confidential bids).

    >>> f = Frontier(np.array([[0], [1]]), np.array([[0.9, 0.3], [0.5, 0.6]]))
    >>> secret_acceptance(f, [0.4, 0.5])
    SecretAcceptance(overlap=True, choice=(1,))
    >>> secret_acceptance(f, [0.8, 0.5]).overlap
    False
    """
    row = egalitarian_point(frontier.utilities, minima)
    if row is None:
        return SecretAcceptance(False, None)
    return SecretAcceptance(True, tuple(int(c) for c in frontier.choices[row]))
