"""Named packages: Nash, Kalai–Smorodinsky, egalitarian and utilitarian.

Each is chosen among packages that every party weakly prefers to its reservation value
(``u_k >= r_k``, up to :data:`~pourparler.engine.pareto.TOLERANCE`). Every criterion here is
monotone, so its best package lies on the Pareto frontier: the functions take the frontier's
utilities (or any set of utility vectors) and return a row index, or ``None`` when no row clears
every reservation value. Ties go to the first row.

References
----------
.. [1] J. F. Nash, "The bargaining problem", *Econometrica* 18(2), 1950.
.. [2] E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem",
   *Econometrica* 43(3), 1975.
.. [3] E. Kalai, "Proportional solutions to bargaining situations: interpersonal utility
   comparisons", *Econometrica* 45(7), 1977 (the egalitarian solution).
.. [4] J. C. Harsanyi, "Cardinal welfare, individualistic ethics, and interpersonal comparisons
   of utility", *Journal of Political Economy* 63(4), 1955 (the utilitarian sum).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import TOLERANCE

__all__ = [
    "acceptable",
    "egalitarian_point",
    "kalai_smorodinsky_point",
    "nash_point",
    "utilitarian_point",
]

FloatArray = npt.NDArray[np.float64]


def _check(utilities: FloatArray, reservation: Sequence[float]) -> FloatArray:
    r = np.asarray(reservation, dtype=np.float64)
    if utilities.ndim != 2 or r.shape != (utilities.shape[1],):
        raise InvalidInput("give one reservation value per party (per column of utilities)")
    return r


def acceptable(utilities: FloatArray, reservation: Sequence[float]) -> npt.NDArray[np.bool_]:
    """Which rows give every party at least its reservation value.

    >>> acceptable(np.array([[0.5, 0.5], [0.9, 0.1]]), [0.2, 0.2]).tolist()
    [True, False]
    """
    r = _check(utilities, reservation)
    ok: npt.NDArray[np.bool_] = np.all(utilities >= r - TOLERANCE, axis=1)
    return ok


def _best(score: FloatArray, ok: npt.NDArray[np.bool_], *, on_grid: bool = True) -> int | None:
    """The first acceptable row of highest score (scores snapped to the grid when asked)."""
    if not ok.any():
        return None
    masked = np.where(ok, np.round(score / TOLERANCE) if on_grid else score, -np.inf)
    if not np.isfinite(masked.max()):
        return int(np.argmax(ok))
    return int(np.argmax(masked))


def nash_point(utilities: FloatArray, reservation: Sequence[float]) -> int | None:
    """The row maximising the product of gains ``prod_k (u_k - r_k)`` (Nash 1950).

    >>> nash_point(np.array([[0.9, 0.2], [0.6, 0.6], [0.2, 0.9]]), [0.0, 0.0])
    1
    """
    r = _check(utilities, reservation)
    gains = np.clip(utilities - r, 0.0, None)
    # A sum of logarithms keeps its resolution where a product of many small gains would not.
    with np.errstate(divide="ignore"):
        score = np.log(gains).sum(axis=1)
    return _best(score, acceptable(utilities, reservation), on_grid=False)


def kalai_smorodinsky_point(utilities: FloatArray, reservation: Sequence[float]) -> int | None:
    """The row maximising ``min_k (u_k - r_k) / (a_k - r_k)``, where ``a_k`` is party ``k``'s
    best utility among acceptable rows: the largest share of its ideal gain that every party
    gets (the ratio rule). On a continuous frontier that is where the segment from the
    reservation point to the ideal point meets the frontier (Kalai and Smorodinsky 1975); among
    finitely many packages it is not the package nearest that segment, which is another rule.
    A party whose ideal equals its reservation value is left out of the minimum.

    Examples
    --------
    >>> kalai_smorodinsky_point(np.array([[1.0, 0.0], [0.8, 0.4], [0.5, 0.5]]), [0.0, 0.0])
    1

    Row 2 lies nearest the diagonal, but row 1 gives each party a larger share (0.5 against
    0.48) of its ideal gain:

    >>> u = np.array([[1.0, 0.1], [0.9, 0.5], [0.48, 0.52], [0.2, 1.0]])
    >>> kalai_smorodinsky_point(u, [0.0, 0.0])
    1
    """
    r = _check(utilities, reservation)
    ok = acceptable(utilities, reservation)
    if not ok.any():
        return None
    span = utilities[ok].max(axis=0) - r
    ratio = np.where(span > TOLERANCE, (utilities - r) / np.where(span > 0, span, 1.0), np.inf)
    score = ratio.min(axis=1)
    return _best(np.where(np.isfinite(score), score, 0.0), ok)


def egalitarian_point(utilities: FloatArray, reservation: Sequence[float]) -> int | None:
    """The row maximising the smallest gain ``min_k (u_k - r_k)`` (Kalai 1977).

    >>> egalitarian_point(np.array([[0.9, 0.2], [0.5, 0.45], [0.3, 0.6]]), [0.0, 0.0])
    1
    """
    r = _check(utilities, reservation)
    return _best((utilities - r).min(axis=1), acceptable(utilities, reservation))


def utilitarian_point(utilities: FloatArray, reservation: Sequence[float]) -> int | None:
    """The row maximising the sum of utilities ``sum_k u_k`` (Harsanyi 1955).

    >>> utilitarian_point(np.array([[0.9, 0.2], [0.5, 0.45], [0.3, 0.6]]), [0.0, 0.0])
    0
    """
    return _best(utilities.sum(axis=1), acceptable(utilities, reservation))
