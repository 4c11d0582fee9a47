"""Preference profiles: what the packages of the framework are worth to one party.

A profile gives each scored issue a weight; an options issue a rating per option, a range issue a
value curve (rising, falling, peaked at a peak, or through points). It carries the party's
reservation value (what no agreement is worth to it, on the scale 0 to 1 of its utility), its red
lines (options it never accepts; for a range, the interval it can accept) and whether the party
lets the mediator analyse it. Clause issues are text only and are not scored.

A profile is private to its party: docs/security.md, "Who sees what".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pourparler.domain.base import new_id
from pourparler.domain.error import InvalidInput
from pourparler.domain.framework import Issue, IssueKind

__all__ = ["CURVES", "IssuePreference", "PreferenceProfile"]

CURVES = ("rising", "falling", "peaked", "points")


def _number(value: Any, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise InvalidInput(f"{what} must be a finite number")
    return number


@dataclass(frozen=True)
class IssuePreference:
    """A party's preference on one issue of the framework."""

    issue_id: str
    weight: float
    ratings: tuple[tuple[str, float], ...] = ()  # options issues: (option, rating >= 0)
    curve: str | None = None  # range issues: one of CURVES
    peak: float | None = None
    points: tuple[tuple[float, float], ...] = ()
    red_options: tuple[str, ...] = ()  # options issues: never acceptable
    acceptable_range: tuple[float, float] | None = None  # range issues: the red line

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue_id": self.issue_id,
            "weight": self.weight,
            "ratings": dict(self.ratings),
            "curve": self.curve,
            "peak": self.peak,
            "points": [list(p) for p in self.points],
            "red_options": list(self.red_options),
            "acceptable_range": list(self.acceptable_range) if self.acceptable_range else None,
        }

    @classmethod
    def from_dict(cls, data: Any) -> IssuePreference:
        if not isinstance(data, dict):
            raise InvalidInput("each issue of a profile is an object")
        ratings = data.get("ratings") or {}
        if not isinstance(ratings, dict):
            raise InvalidInput("ratings are an object {option: rating}")
        accepted = data.get("acceptable_range")
        if accepted is not None and (not isinstance(accepted, list | tuple) or len(accepted) != 2):
            raise InvalidInput("an acceptable range is a pair [low, high]")
        try:
            points = tuple(
                (_number(x, "a curve point"), _number(y, "a curve point"))
                for x, y in data.get("points") or ()
            )
        except (TypeError, ValueError):
            raise InvalidInput("curve points are pairs [value, rating]") from None
        return cls(
            issue_id=str(data.get("issue_id") or ""),
            weight=_number(data.get("weight", 0), "a weight"),
            ratings=tuple((str(o), _number(r, "a rating")) for o, r in ratings.items()),
            curve=str(data["curve"]) if data.get("curve") is not None else None,
            peak=_number(data["peak"], "a peak") if data.get("peak") is not None else None,
            points=points,
            red_options=tuple(str(o) for o in data.get("red_options") or ()),
            acceptable_range=(
                (_number(accepted[0], "a bound"), _number(accepted[1], "a bound"))
                if accepted is not None
                else None
            ),
        )

    def checked(self, issue: Issue) -> IssuePreference:
        """This preference, validated against `issue`."""
        if not math.isfinite(self.weight) or self.weight < 0:
            raise InvalidInput(f"the weight of {issue.title!r} must be a number >= 0")
        if issue.kind is IssueKind.CLAUSE:
            raise InvalidInput(f"{issue.title!r} is a clause issue: clause issues are not scored")
        if issue.kind is IssueKind.OPTIONS:
            return self._checked_options(issue)
        return self._checked_range(issue)

    def _checked_options(self, issue: Issue) -> IssuePreference:
        if self.curve or self.points or self.peak is not None or self.acceptable_range:
            raise InvalidInput(f"{issue.title!r} is an options issue: rate its options")
        named = [o for o, _ in self.ratings] + list(self.red_options)
        unknown = [o for o in named if o not in issue.options]
        if unknown:
            raise InvalidInput(f"{issue.title!r} has no option {unknown[0]!r}")
        if len({o for o, _ in self.ratings}) != len(self.ratings):
            raise InvalidInput(f"an option of {issue.title!r} is rated twice")
        if any(r < 0 for _, r in self.ratings):
            raise InvalidInput(f"ratings of {issue.title!r} must be >= 0")
        if self.weight > 0 and not any(r > 0 for _, r in self.ratings):
            raise InvalidInput(f"{issue.title!r} has a weight but no option rated above 0")
        if set(self.red_options) >= set(issue.options):
            raise InvalidInput(f"red lines on {issue.title!r} leave no option acceptable")
        order = {o: k for k, o in enumerate(issue.options)}
        return IssuePreference(
            self.issue_id,
            self.weight,
            ratings=tuple(sorted(self.ratings, key=lambda r: order[r[0]])),
            red_options=tuple(sorted(set(self.red_options), key=order.__getitem__)),
        )

    def _checked_range(self, issue: Issue) -> IssuePreference:
        bounds = issue.range
        if bounds is None:  # an Issue of kind range always has one; kept for the type checker
            raise InvalidInput(f"{issue.title!r} has no range")
        if self.ratings or self.red_options:
            raise InvalidInput(f"{issue.title!r} is a range issue: give it a value curve")
        if self.curve not in CURVES:
            raise InvalidInput(
                f"the value curve of {issue.title!r} must be one of {', '.join(CURVES)}"
            )
        if self.curve == "peaked" and (self.peak is None or not bounds.contains(self.peak)):
            raise InvalidInput(f"the peak of {issue.title!r} must lie within its range")
        if self.curve == "points" and not self.points:
            raise InvalidInput(f"the curve of {issue.title!r} needs at least one point")
        if any(y < 0 for _, y in self.points):
            raise InvalidInput(f"ratings of {issue.title!r} must be >= 0")
        if self.acceptable_range is not None:
            low, high = self.acceptable_range
            if low > high or high < bounds.low or low > bounds.high:
                raise InvalidInput(
                    f"the acceptable range of {issue.title!r} must be an interval within "
                    f"{bounds.low:g}–{bounds.high:g}"
                )
        return IssuePreference(
            self.issue_id,
            self.weight,
            curve=self.curve,
            peak=self.peak if self.curve == "peaked" else None,
            points=tuple(sorted(self.points)) if self.curve == "points" else (),
            acceptable_range=self.acceptable_range,
        )


@dataclass(eq=False)
class PreferenceProfile:
    """One party's preferences over the talks' framework."""

    party_id: str
    issues: tuple[IssuePreference, ...]
    reservation: float = 0.0
    consents_to_mediator: bool = False
    updated_at: datetime | None = None
    secret_minimum: float | None = None  # the party's blind bid: least utility it would accept
    id: str = field(default_factory=new_id)
    # The digest of the profile and framework the bid was made under (domain.bidding): a bid
    # counts only while it matches.
    bid_basis: str | None = None

    def bid(self, minimum: float | None, basis: str | None = None) -> None:
        """Set (or, with None, withdraw) the party's secret minimum acceptable utility, made
        under the profile and framework whose digest is `basis`."""
        if minimum is not None and (not math.isfinite(minimum) or not 0 <= minimum <= 1):
            raise InvalidInput("a secret minimum is a utility between 0 and 1")
        self.secret_minimum = minimum
        self.bid_basis = basis if minimum is not None else None

    def preference_on(self, issue_id: str) -> IssuePreference | None:
        return next((p for p in self.issues if p.issue_id == issue_id), None)

    def content(self) -> dict[str, Any]:
        """The profile's preferences, as they are written and exported."""
        return {
            "reservation": self.reservation,
            "issues": [p.to_dict() for p in self.issues],
        }

    @classmethod
    def checked(
        cls,
        *,
        party_id: str,
        framework: list[Issue],
        issues: list[IssuePreference],
        reservation: float,
    ) -> PreferenceProfile:
        """A new profile of `party_id`, every preference checked against `framework`."""
        if not math.isfinite(reservation) or not 0 <= reservation <= 1:
            raise InvalidInput("the reservation value must lie between 0 and 1")
        by_id = {i.id: i for i in framework}
        seen: set[str] = set()
        checked = []
        for preference in issues:
            issue = by_id.get(preference.issue_id)
            if issue is None:
                raise InvalidInput(f"no issue {preference.issue_id!r} in the framework")
            if issue.id in seen:
                raise InvalidInput(f"the profile weighs {issue.title!r} twice")
            seen.add(issue.id)
            checked.append(preference.checked(issue))
        if not any(p.weight > 0 for p in checked):
            raise InvalidInput("the profile needs at least one issue with a weight above 0")
        order = {i.id: i.order for i in framework}
        checked.sort(key=lambda p: order[p.issue_id])
        return cls(party_id, tuple(checked), float(reservation))
