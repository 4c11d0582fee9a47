"""Outcome spaces: the issues of an agenda and the packages they span.

A *package* (an outcome) picks one option of every issue. Issues are either a list of discrete
options or a numeric range discretised by a step; either way the engine works with the index of
the chosen option, so a package is a tuple of integers and a set of packages is an integer array
of shape ``(n_packages, n_issues)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput

__all__ = ["Issue", "OutcomeSpace", "Value"]

Value = str | float | int
"""An option of an issue: a label, or a number of a numeric range."""

_MAX_RANGE_VALUES = 100_000


@dataclass(frozen=True)
class Issue:
    """One point of the agenda: its name and its options, in order.

    Build one with :meth:`options` (discrete alternatives) or :meth:`numeric_range` (a range
    ``low..high`` discretised by ``step``, with a unit).

    Examples
    --------
    >>> Issue.options("venue", ["Geneva", "Oslo"]).values
    ('Geneva', 'Oslo')
    >>> Issue.numeric_range("duration", 30, 90, 30, unit="days").values
    (30, 60, 90)
    """

    name: str
    values: tuple[Value, ...]
    kind: str = "options"
    unit: str = ""
    low: float | None = None
    high: float | None = None
    step: float | None = None

    def __post_init__(self) -> None:
        if not self.name:
            raise InvalidInput("an issue needs a name")
        if not self.values:
            raise InvalidInput(f"issue {self.name!r} has no options")
        if len(set(self.values)) != len(self.values):
            raise InvalidInput(f"issue {self.name!r} lists an option twice")

    @classmethod
    def options(cls, name: str, labels: Sequence[str]) -> Issue:
        """An issue of discrete options named by ``labels``."""
        return cls(name=name, values=tuple(str(label) for label in labels))

    @classmethod
    def numeric_range(
        cls, name: str, low: float, high: float, step: float, unit: str = ""
    ) -> Issue:
        """An issue over ``low, low + step, ..., high`` (the last value not above ``high``)."""
        if not all(math.isfinite(x) for x in (low, high, step)):
            raise InvalidInput(f"issue {name!r}: low, high and step must be finite numbers")
        if step <= 0 or high < low:
            raise InvalidInput(f"issue {name!r}: needs step > 0 and low <= high")
        span = (high - low) / step  # a tiny step makes this infinite: refused like a huge one
        if not span < _MAX_RANGE_VALUES:
            raise InvalidInput(f"issue {name!r}: the step gives more values than allowed")
        count = math.floor(span + 1e-9) + 1
        if count > _MAX_RANGE_VALUES:
            raise InvalidInput(f"issue {name!r}: step gives {count} values, more than allowed")
        integral = all(float(x).is_integer() for x in (low, step))
        values: tuple[Value, ...] = tuple(
            int(low + k * step) if integral else round(low + k * step, 12) for k in range(count)
        )
        return cls(name, values, "range", unit, float(low), float(high), float(step))

    def index(self, value: Value) -> int:
        """The position of ``value`` among the options, or :class:`InvalidInput`."""
        for position, option in enumerate(self.values):
            if option == value or str(option) == str(value):
                return position
        raise InvalidInput(f"issue {self.name!r} has no option {value!r}")

    def numbers(self) -> npt.NDArray[np.float64]:
        """The options as numbers (a numeric range), or :class:`InvalidInput` for labels."""
        try:
            return np.array([float(v) for v in self.values], dtype=np.float64)
        except ValueError:
            raise InvalidInput(f"issue {self.name!r} has options that are not numbers") from None


@dataclass(frozen=True)
class OutcomeSpace:
    """The Cartesian product of the options of every issue.

    Examples
    --------
    >>> space = OutcomeSpace((Issue.options("a", ["x", "y"]), Issue.options("b", ["p", "q", "r"])))
    >>> space.size, space.shape
    (6, (2, 3))
    >>> space.package((1, 2))
    {'a': 'y', 'b': 'r'}
    """

    issues: tuple[Issue, ...]
    _by_name: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.issues:
            raise InvalidInput("the agenda has no issues")
        names = [issue.name for issue in self.issues]
        if len(set(names)) != len(names):
            raise InvalidInput("two issues share a name")
        object.__setattr__(self, "_by_name", {n: i for i, n in enumerate(names)})

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of options of each issue."""
        return tuple(len(issue.values) for issue in self.issues)

    @property
    def size(self) -> int:
        """The number of packages (an exact Python integer, however large)."""
        return math.prod(self.shape)

    def issue_index(self, name: str) -> int:
        """The position of the issue called ``name``, or :class:`InvalidInput`."""
        if name not in self._by_name:
            raise InvalidInput(f"no issue called {name!r}")
        return self._by_name[name]

    def package(self, choice: Sequence[int] | npt.NDArray[np.int64]) -> dict[str, Value]:
        """The package ``{issue: option}`` for a tuple of option indices."""
        return {
            issue.name: issue.values[int(j)] for issue, j in zip(self.issues, choice, strict=True)
        }

    def choice(self, package: Mapping[str, Value]) -> tuple[int, ...]:
        """The option indices of a package given as ``{issue: option}`` (every issue named)."""
        missing = [issue.name for issue in self.issues if issue.name not in package]
        if missing:
            raise InvalidInput(f"the package gives no option for {', '.join(missing)}")
        extra = set(package) - set(self._by_name)
        if extra:
            raise InvalidInput(f"the package names unknown issues: {', '.join(sorted(extra))}")
        return tuple(issue.index(package[issue.name]) for issue in self.issues)
