"""Joint gains from where the talks stand: improve a tentative package, suggest packages between
the parties' proposals, and match secret acceptances.

References
----------
.. [1] H. Raiffa, "Post-settlement settlements", *Negotiation Journal* 1(1), 1985.
.. [2] H. Ehtamo, E. Kettunen and R. P. Hämäläinen, "Searching for joint gains in multi-party
   negotiations", *European Journal of Operational Research* 130(1), 2001.
.. [3] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982.
.. [4] Q. Huangfu and J. A. J. Hall, "Parallelizing the dual revised simplex method",
   *Mathematical Programming Computation* 10, 2018 (HiGHS, behind :func:`scipy.optimize.milp`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import TOLERANCE, Frontier
from pourparler.engine.programme import OneHot
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


def improve_package(tables: Sequence[FloatArray], choice: Sequence[int]) -> Improvement:
    """A Pareto-efficient package among those that maximise the smallest gain of every party
    over ``choice``.

    A first programme finds the largest smallest gain ``t`` (``max t`` subject to ``u_k(x) -
    u_k(p) >= t`` for every party, over one-hot option variables); a second one maximises the
    total gain among packages whose every gain is at least ``t``, which makes the answer
    efficient: a package dominating it would have every gain at least ``t`` and a larger total.
    When no package makes every party strictly better (``t <= 0``), the second programme asks
    only that no party be worse off; if that gains nothing either, ``choice`` is
    Pareto-efficient (Raiffa 1985; Ehtamo et al. 2001). Both programmes are verified exactly
    (:mod:`pourparler.engine.programme`), so the answer holds on the grid of
    :data:`~pourparler.engine.pareto.TOLERANCE`, whatever the solver's tolerances. Tables are
    additive, as in :func:`~pourparler.engine.pareto.pareto_frontier_additive`.

    Examples
    --------
    >>> t = [np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.6, 0.6], [0.0, 0.0]])]
    >>> improve_package(t, (0, 1)).choice
    (0, 0)
    >>> improve_package(t, (0, 0)).efficient
    True
    >>> t = [np.array([[0.25, 0.0], [0.0, 0.75]]), np.array([[0, 0.25], [0.25, 0.5], [1, 0.5]])]
    >>> improve_package(t, (1, 0))  # (1, 1) gains as little for the second and less for the first
    Improvement(choice=(1, 2), gains=(1.0, 0.25), efficient=False)
    """
    model = OneHot(tables)
    if len(choice) != len(tables) or not all(
        0 <= c < len(t) for c, t in zip(choice, tables, strict=False)
    ):
        raise InvalidInput("the tentative package must give a valid option for every issue")
    base = model.value(choice)
    if not np.all(np.isfinite(base)):
        raise InvalidInput("the tentative package crosses a red line")
    _, smallest = model.maximin(base)
    floor = smallest if smallest > TOLERANCE else 0.0
    # The tentative package itself clears the second programme when floor is 0, so it is
    # never empty then; were the solver to fail anyway, the tentative package stands.
    found = model.maximise(np.ones(model.parties), base + floor - TOLERANCE)
    if found is None:
        found = np.asarray(choice, dtype=np.int64)
    gains = model.value(found) - base
    if gains.min() >= -TOLERANCE and gains.max() > TOLERANCE:
        return Improvement(tuple(int(c) for c in found), tuple(gains.tolist()), False)
    return Improvement(None, tuple(0.0 for _ in range(model.parties)), True)


def extreme_utility(
    tables: Sequence[FloatArray], party: int, reservation: Sequence[float], *, best: bool
) -> float | None:
    """The highest (``best``) or lowest utility ``party`` can get among packages that clear
    every reservation value (``u_k >= r_k - TOLERANCE``), by integer programmes verified exactly
    (:mod:`pourparler.engine.programme`); ``None`` if there is none.

    >>> t = [np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])]
    >>> extreme_utility(t, 0, [0.2, 0.2], best=False)
    0.5
    >>> t = [np.array([[0.6, 0.9], [0.49999995, 1.0]]), np.array([[0.0, 0.0]])]
    >>> extreme_utility(t, 1, [0.5, 0.0], best=True)  # 1.0 needs 0.49999995 >= 0.5
    0.9
    """
    model = OneHot(tables)
    weights = np.zeros(model.parties)
    weights[party] = 1.0 if best else -1.0
    found = model.maximise(weights, np.asarray(reservation, dtype=np.float64) - TOLERANCE)
    if found is None:
        return None
    return float(model.value(found)[party])


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
