"""The framework (agenda) of talks: the issues under negotiation, and built-in templates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from pourparler.domain.base import limit_text, new_id, parse_choice, require_text
from pourparler.domain.error import InvalidInput

__all__ = ["Issue", "IssueChange", "IssueKind", "NumericRange"]

# The same bounds as the API's schemas, so that a web form cannot store what the API refuses.
CATEGORY_LIMIT, DESCRIPTION_LIMIT, OPTIONS_LIMIT = 500, 10_000, 200


class IssueKind(StrEnum):
    OPTIONS = "options"  # discrete alternatives
    RANGE = "range"  # a number between bounds, with a unit and a step
    CLAUSE = "clause"  # text only


@dataclass(frozen=True)
class NumericRange:
    """Bounds, step and unit of a numeric issue (days of a ceasefire, kilometres of a zone)."""

    low: float
    high: float
    step: float = 1.0
    unit: str = ""

    def __post_init__(self) -> None:
        if not all(math.isfinite(v) for v in (self.low, self.high, self.step)):
            raise InvalidInput("a range needs finite bounds and step")
        if self.low > self.high:
            raise InvalidInput(f"a range's low ({self.low:g}) is above its high ({self.high:g})")
        if self.step <= 0:
            raise InvalidInput("a range's step must be positive")

    def contains(self, value: float) -> bool:
        return self.low - 1e-9 <= value <= self.high + 1e-9

    def to_dict(self) -> dict[str, object]:
        return {"low": self.low, "high": self.high, "step": self.step, "unit": self.unit}


@dataclass(eq=False)
class Issue:
    """A point on the agenda. Options issues list alternatives; range issues carry bounds."""

    title: str
    kind: IssueKind
    category: str = ""
    description: str = ""
    options: tuple[str, ...] = ()
    range: NumericRange | None = None
    order: int = 0
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.title = require_text(self.title, "an issue's title", limit=200)
        self.kind = parse_choice(IssueKind, self.kind, "issue kind")
        self.category = limit_text(self.category, "an issue's category", limit=CATEGORY_LIMIT)
        self.description = limit_text(
            self.description, "an issue's description", limit=DESCRIPTION_LIMIT
        )
        if len(self.options) > OPTIONS_LIMIT:
            raise InvalidInput(f"an issue has at most {OPTIONS_LIMIT} options")
        self.options = tuple(require_text(o, "an option", limit=300) for o in self.options)
        self._check_shape()

    def _check_shape(self) -> None:
        if self.kind is IssueKind.OPTIONS:
            if len(self.options) < 2:
                raise InvalidInput(f"issue {self.title!r} needs at least two options")
            if len(set(self.options)) != len(self.options):
                raise InvalidInput(f"issue {self.title!r} lists an option twice")
        elif self.options:
            raise InvalidInput(f"a {self.kind.value} issue has no options")
        if (self.kind is IssueKind.RANGE) != (self.range is not None):
            raise InvalidInput(f"issue {self.title!r}: only a range issue has a range")


@dataclass(frozen=True)
class IssueChange:
    """A correction of an issue: each field given replaces the issue's, None keeps it."""

    title: str | None = None
    category: str | None = None
    description: str | None = None
    options: tuple[str, ...] | None = None
    range: NumericRange | None = None

    def applied_to(self, issue: Issue) -> Issue:
        """A checked copy of `issue` with the change made (same id); refuses a change that
        changes nothing, so that a mistyped command does not pass for a correction."""
        given = {k: v for k, v in self.__dict__.items() if v is not None}
        if not given:
            raise InvalidInput(
                "say what to change: a title, category, description, options or range"
            )
        corrected = Issue(
            given.get("title", issue.title),
            issue.kind,
            given.get("category", issue.category),
            given.get("description", issue.description),
            options=given.get("options", issue.options),
            range=given.get("range", issue.range),
            order=issue.order,
            id=issue.id,
        )
        if all(getattr(corrected, k) == getattr(issue, k) for k in given):
            raise InvalidInput(f"issue {issue.title!r} already reads so: nothing changed")
        return corrected
