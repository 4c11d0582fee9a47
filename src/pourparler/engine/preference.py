"""Preference profiles: what each package is worth to a party.

An :class:`AdditiveProfile` holds issue weights, a rating per option (or a :class:`ValueCurve`
over a numeric range), a reservation value and red lines. Its utility is additive,

.. math:: u(o) = \\sum_i w_i \\, r_i(o_i) / \\max_j r_i(j),

with weights normalised to sum to one, so utilities lie in [0, 1] (Keeney and Raiffa 1976,
ch. 3; Raiffa 1982, ch. 10). A :class:`TableProfile` lists a value for each package, for what an
additive form cannot express (interactions between issues).

References
----------
.. [1] R. L. Keeney and H. Raiffa, *Decisions with Multiple Objectives*, Wiley, 1976.
.. [2] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import MAGNITUDE
from pourparler.engine.space import OutcomeSpace, Value

__all__ = [
    "AdditiveProfile",
    "Profile",
    "TableProfile",
    "ValueCurve",
    "allowed_options",
    "evaluate",
    "utility_tables",
]

FloatArray = npt.NDArray[np.float64]
CURVE_KINDS = ("rising", "falling", "peaked", "points")


@dataclass(frozen=True)
class ValueCurve:
    """A rating over a numeric range: ``rising``, ``falling``, ``peaked`` at ``peak``, or
    piecewise linear through ``points`` ``((x, rating), ...)``, flat beyond the end points.

    Examples
    --------
    >>> ValueCurve("peaked", peak=60).rate(np.array([30.0, 60.0, 90.0])).tolist()
    [0.0, 1.0, 0.0]
    >>> ValueCurve("points", points=((0, 0), (10, 4))).rate(np.array([0.0, 5.0, 20.0])).tolist()
    [0.0, 2.0, 4.0]
    """

    kind: str
    peak: float | None = None
    points: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in CURVE_KINDS:
            raise InvalidInput(f"value curve kind must be one of {', '.join(CURVE_KINDS)}")
        if self.kind == "peaked" and (self.peak is None or not math.isfinite(self.peak)):
            raise InvalidInput("a peaked value curve needs a finite peak")
        if self.kind == "points" and not self.points:
            raise InvalidInput("a points value curve needs at least one point")

    def rate(self, x: FloatArray) -> FloatArray:
        """The (unnormalised) rating of each number in ``x``."""
        low, high = float(x.min()), float(x.max())
        span = high - low
        if self.kind == "rising":
            return (x - low) / span if span > 0 else np.ones_like(x)
        if self.kind == "falling":
            return (high - x) / span if span > 0 else np.ones_like(x)
        if self.kind == "peaked":
            peak = float(self.peak)  # type: ignore[arg-type]
            reach = max(peak - low, high - peak)
            return np.clip(1 - np.abs(x - peak) / reach, 0, 1) if reach > 0 else np.ones_like(x)
        xs, ys = zip(*sorted(self.points), strict=True)
        return np.interp(x, np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64))


Ratings = Mapping[Value, float] | ValueCurve


@dataclass(frozen=True)
class AdditiveProfile:
    """A party's additive preferences over an agenda.

    ``weights`` and ``ratings`` are keyed by issue name; an issue without weight weighs nothing,
    an option without rating is rated 0. Ratings are divided by the issue's largest rating;
    with ``scale_ratings=False`` they are taken as given and must lie in [0, 1]. Weights are
    divided by their sum (unless it is already 1 within 1e-9). ``red_lines`` maps an issue to
    options the party will never accept. ``discount`` is only carried (GENIUS profiles have
    one) and never used.

    Examples
    --------
    >>> from pourparler.engine.space import Issue
    >>> space = OutcomeSpace((Issue.options("venue", ["Geneva", "Oslo"]),))
    >>> p = AdditiveProfile("north", {"venue": 1.0}, {"venue": {"Geneva": 2, "Oslo": 4}})
    >>> [t.tolist() for t in utility_tables(space, p)]
    [[0.5, 1.0]]
    """

    name: str
    weights: Mapping[str, float]
    ratings: Mapping[str, Ratings]
    reservation: float = 0.0
    red_lines: Mapping[str, frozenset[Value]] = field(default_factory=dict)
    discount: float | None = None
    scale_ratings: bool = True

    def __post_init__(self) -> None:
        for issue, w in self.weights.items():
            _in_range(self.name, f"the weight of {issue!r}", w, 0.0)
        if sum(self.weights.values()) <= 0:
            raise InvalidInput(f"profile {self.name!r}: at least one weight must be positive")
        _in_range(self.name, "the reservation value", self.reservation)


@dataclass(frozen=True)
class TableProfile:
    """A party's value for each listed package (a tuple of options in issue order).

    Packages not listed are worth ``default``. Use it when preferences are not additive.
    """

    name: str
    values: Mapping[tuple[Value, ...], float]
    default: float = 0.0
    reservation: float = 0.0
    red_lines: Mapping[str, frozenset[Value]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for package, v in self.values.items():
            _in_range(self.name, f"the value of {list(package)!r}", v)
        _in_range(self.name, "the default value", self.default)
        _in_range(self.name, "the reservation value", self.reservation)


def _in_range(profile: str, what: str, value: float, low: float = -MAGNITUDE) -> None:
    """:class:`InvalidInput` naming ``value`` unless it is a number from ``low`` to
    :data:`~pourparler.engine.pareto.MAGNITUDE`: beyond, sums overflow or the grid of
    :data:`~pourparler.engine.pareto.TOLERANCE` is finer than the floating-point spacing."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not low <= number <= MAGNITUDE:
        raise InvalidInput(
            f"profile {profile!r}: {what} is {value!r}, outside the accepted range "
            f"{low:g} to {MAGNITUDE:g}"
        )


Profile = AdditiveProfile | TableProfile


def _issue_ratings(space: OutcomeSpace, profile: AdditiveProfile, i: int) -> FloatArray:
    issue = space.issues[i]
    spec = profile.ratings.get(issue.name)
    if spec is None:
        return np.zeros(len(issue.values))
    if isinstance(spec, ValueCurve):
        raw = spec.rate(issue.numbers())
    else:
        for option in spec:
            issue.index(option)
        raw = np.array([float(spec.get(v, spec.get(str(v), 0.0))) for v in issue.values])
    for option, rating in zip(issue.values, raw.tolist(), strict=True):
        _in_range(profile.name, f"the rating of {option!r} in {issue.name!r}", rating, 0.0)
    if not profile.scale_ratings:
        if np.any(raw > 1):
            raise InvalidInput(f"profile {profile.name!r}: ratings of {issue.name!r} exceed 1")
        return raw
    top = float(raw.max())
    return raw / top if top > 0 else raw


def utility_tables(space: OutcomeSpace, profile: AdditiveProfile) -> list[FloatArray]:
    """Per issue, the weighted normalised rating of each option: ``w_i r_i(j) / max r_i``.

    A package's utility is the sum of its options' entries, accumulated in issue order.
    """
    unknown = set(profile.weights) - {issue.name for issue in space.issues}
    if unknown:
        raise InvalidInput(f"profile {profile.name!r} weighs unknown issues: {sorted(unknown)}")
    total = float(sum(profile.weights.values()))
    total = 1.0 if abs(total - 1.0) <= 1e-9 else total
    return [
        profile.weights.get(issue.name, 0.0) / total * _issue_ratings(space, profile, i)
        for i, issue in enumerate(space.issues)
    ]


def allowed_options(
    space: OutcomeSpace, profiles: tuple[Profile, ...]
) -> list[npt.NDArray[np.bool_]]:
    """Per issue, which options lie outside every party's red lines."""
    allowed = [np.ones(len(issue.values), dtype=bool) for issue in space.issues]
    for profile in profiles:
        for name, options in profile.red_lines.items():
            i = space.issue_index(name)
            for option in options:
                allowed[i][space.issues[i].index(option)] = False
    return allowed


def _flat_index(space: OutcomeSpace, choices: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    flat = np.zeros(len(choices), dtype=np.int64)
    for i, n in enumerate(space.shape):
        flat = flat * n + choices[:, i]
    return flat


def _table_values(
    space: OutcomeSpace, profile: TableProfile, choices: npt.NDArray[np.int64]
) -> FloatArray:
    if space.size >= 2**62:
        raise InvalidInput("a table profile needs an agenda of fewer than 2**62 packages")
    if not profile.values:
        return np.full(len(choices), profile.default)
    names = [issue.name for issue in space.issues]
    if any(len(package) != len(names) for package in profile.values):
        raise InvalidInput(f"profile {profile.name!r}: every package needs one option per issue")
    keys = np.array(
        [space.choice(dict(zip(names, package, strict=True))) for package in profile.values],
        dtype=np.int64,
    )
    flat_keys = _flat_index(space, keys)
    order = np.argsort(flat_keys)
    sorted_keys = flat_keys[order]
    sorted_values = np.array(list(profile.values.values()), dtype=np.float64)[order]
    flat = _flat_index(space, choices)
    pos = np.clip(np.searchsorted(sorted_keys, flat), 0, len(sorted_keys) - 1)
    return np.where(sorted_keys[pos] == flat, sorted_values[pos], profile.default)


def evaluate(
    space: OutcomeSpace, profiles: tuple[Profile, ...], choices: npt.NDArray[np.int64]
) -> FloatArray:
    """The utilities, shape ``(n, parties)``, of packages given as option indices ``(n, issues)``.

    Additive utilities are summed in issue order, exactly as the frontier algorithms do.

    Examples
    --------
    >>> from pourparler.engine.space import Issue
    >>> space = OutcomeSpace((Issue.options("a", ["x", "y"]), Issue.options("b", ["p", "q"])))
    >>> p = AdditiveProfile("p", {"a": 1, "b": 3}, {"a": {"y": 1}, "b": {"q": 1}})
    >>> evaluate(space, (p,), np.array([[1, 0], [1, 1]])).ravel().tolist()
    [0.25, 1.0]
    """
    out = np.empty((len(choices), len(profiles)))
    for k, profile in enumerate(profiles):
        if isinstance(profile, TableProfile):
            out[:, k] = _table_values(space, profile, choices)
            continue
        tables = utility_tables(space, profile)
        total = tables[0][choices[:, 0]]
        for i in range(1, len(tables)):
            total = total + tables[i][choices[:, i]]
        out[:, k] = total
    return out
