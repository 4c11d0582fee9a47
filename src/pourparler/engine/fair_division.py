"""Adjusted Winner: two parties divide items, each spreading 100 points over them.

Each item first goes to the party that gives it more points. The party with more points in total
(the initial winner) then hands items to the other, starting with those for which the ratio of
its points to the other's is smallest, until the totals would cross; the item at the crossing is
split so that both totals are equal. The result is envy-free, equitable and efficient, and at
most one item is split (Brams and Taylor 1996, ch. 4).

References
----------
.. [1] S. J. Brams and A. D. Taylor, *Fair Division: From Cake-Cutting to Dispute Resolution*,
   Cambridge University Press, 1996.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from pourparler.domain.error import InvalidInput

__all__ = ["AdjustedWinner", "adjusted_winner"]

_POINTS = 100.0
_WHOLE = 1e-12
"""A kept fraction below this is none: the item changes hands whole, and nothing is split."""


@dataclass(frozen=True)
class AdjustedWinner:
    """``share[item]`` is the fraction of the item that goes to the first party (the rest goes
    to the second); ``points`` are the two parties' totals (equal, as floats); ``split`` names
    the item that was divided, if one was (a share strictly between 0 and 1), else ``None``."""

    share: dict[str, float]
    points: tuple[float, float]
    split: str | None


def _check(first: Mapping[str, float], second: Mapping[str, float]) -> None:
    if set(first) != set(second) or not first:
        raise InvalidInput("both parties must give points to the same, non-empty list of items")
    for name, points in (("first", first), ("second", second)):
        values = list(points.values())
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise InvalidInput(f"the {name} party's points must be finite and >= 0")
        if abs(sum(values) - _POINTS) > 1e-6:
            raise InvalidInput(f"the {name} party's points must add up to 100")


def adjusted_winner(first: Mapping[str, float], second: Mapping[str, float]) -> AdjustedWinner:
    """Divide items between two parties by Adjusted Winner (Brams and Taylor 1996).

    Ties in the first allocation go to the first party; the transfer then moves them first,
    since their ratio is 1.

    Examples
    --------
    >>> first = {"house": 60, "car": 25, "boat": 15}
    >>> r = adjusted_winner(first, {"house": 40, "car": 10, "boat": 50})
    >>> r.share, r.points, r.split
    ({'house': 0.65, 'car': 1.0, 'boat': 0.0}, (64.0, 64.0), 'house')
    >>> r = adjusted_winner({"x": 50, "y": 50}, {"x": 50, "y": 50})
    >>> r.share, r.points, r.split
    ({'x': 0.0, 'y': 1.0}, (50.0, 50.0), None)
    """
    _check(first, second)
    share = {item: 1.0 if first[item] >= second[item] else 0.0 for item in first}
    totals = [
        sum(first[i] for i in first if share[i]),
        sum(second[i] for i in first if not share[i]),
    ]
    if totals[0] == totals[1]:
        return AdjustedWinner(share, (float(totals[0]), float(totals[1])), None)
    winner = 0 if totals[0] > totals[1] else 1
    win, lose = (first, second) if winner == 0 else (second, first)
    held = [i for i in first if share[i] == (1.0 if winner == 0 else 0.0)]
    held.sort(key=lambda i: (win[i] / lose[i]) if lose[i] > 0 else math.inf)
    w, lo = totals[winner], totals[1 - winner]
    for item in held:
        if w - win[item] <= lo + lose[item]:
            # Keep fraction p of the item: w - (1 - p) * win = lo + (1 - p) * lose.
            keep = (lo + lose[item] - (w - win[item])) / (win[item] + lose[item])
            keep = 0.0 if keep < _WHOLE else keep  # the item changes hands whole
            share[item] = keep if winner == 0 else 1.0 - keep
            total = float(round(w - (1 - keep) * win[item], 9))
            return AdjustedWinner(share, (total, total), item if keep > 0.0 else None)
        w, lo = w - win[item], lo + lose[item]
        share[item] = 1.0 - share[item]
    raise AssertionError("unreachable: the transfer always crosses")  # pragma: no cover
