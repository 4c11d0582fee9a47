"""From the talks to the engine: the framework as an outcome space, profiles as additive
preferences, and proposals (memoranda, the negotiating text) as packages.

Options issues become their labels; range issues are discretised by their step; clause issues are
text only and left out of the space (outputs say so). Issues that no profile in an analysis
weighs and none draws a red line on are *free*: every option is worth the same to everyone, so
they are left out of the space too (:func:`weighed`) and listed instead of multiplying the count
of packages and filling the best packages with equal variants. A proposal may leave issues open:
it is then a partial package, whose utility for a party is an interval from the worst to the best
completion.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import Position
from pourparler.domain.profile import PreferenceProfile
from pourparler.domain.text import ClauseStatus, TextVersion
from pourparler.engine import (
    AdditiveProfile,
    OutcomeSpace,
    Value,
    ValueCurve,
    allowed_options,
    utility_tables,
)
from pourparler.engine import Issue as EngineIssue

__all__ = [
    "Agenda",
    "Choice",
    "Placement",
    "agenda_of",
    "best_packages",
    "choice_from_positions",
    "choice_from_text",
    "engine_profile",
    "narrow",
    "place",
    "profile_tables",
    "weighed",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Choice = dict[int, int]
"""A (possibly partial) package: option index by position of the issue in the agenda."""


@dataclass(frozen=True)
class Agenda:
    """The scored issues of a framework as an outcome space, the clause issues left out, and the
    free issues (weighed by no profile of the analysis) left out by :func:`weighed`."""

    issues: tuple[Issue, ...]
    space: OutcomeSpace
    left_out: tuple[str, ...]
    free: tuple[str, ...] = ()

    def index_of(self, issue_id: str) -> int | None:
        return next((k for k, i in enumerate(self.issues) if i.id == issue_id), None)

    def package(self, choice: Choice) -> dict[str, Value]:
        """`{issue title: option or number}` of the issues the choice settles, in agenda order."""
        return {
            self.issues[k].title: self.space.issues[k].values[choice[k]] for k in sorted(choice)
        }

    def open_issues(self, choice: Choice) -> list[str]:
        return [i.title for k, i in enumerate(self.issues) if k not in choice]

    def resolve(self, package: Mapping[str, Any]) -> Choice:
        """A package given as `{issue id or title: option or number}`."""
        titles = {i.title.casefold(): k for k, i in enumerate(self.issues)}
        choice: Choice = {}
        for key, value in package.items():
            k = self.index_of(str(key))
            k = titles.get(str(key).casefold()) if k is None else k
            if k is None:
                raise InvalidInput(f"no scored issue {key!r} in the framework")
            if self.issues[k].kind is IssueKind.RANGE:
                choice[k] = _snap(self.issues[k], _in_range(self.issues[k], value))
            else:
                choice[k] = self.space.issues[k].index(str(value))
        return choice


def _as_number(value: Any, title: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{title!r} takes a number, not {value!r}") from None
    if not math.isfinite(number):
        raise InvalidInput(f"{title!r} takes a finite number")
    return number


def _in_range(issue: Issue, value: Any) -> float:
    """`value` as a number within the bounds of the range issue: a package names a value the
    issue has, and one beyond its bounds is refused rather than moved to the nearest bound."""
    number = _as_number(value, issue.title)
    bounds = issue.range
    if bounds is not None and not bounds.low <= number <= bounds.high:
        raise InvalidInput(
            f"{issue.title!r} runs from {bounds.low:g} to {bounds.high:g}: {number:g} is outside"
        )
    return number


def agenda_of(framework: Sequence[Issue]) -> Agenda:
    """The options and range issues of `framework` as an outcome space; clauses left out."""
    scored = tuple(i for i in framework if i.kind is not IssueKind.CLAUSE)
    if not scored:
        raise InvalidInput("the framework has no options or range issue to analyse")
    engine_issues = []
    for issue in scored:
        if issue.range is not None:
            r = issue.range
            engine_issues.append(
                EngineIssue.numeric_range(issue.title, r.low, r.high, r.step, unit=r.unit)
            )
        else:
            engine_issues.append(EngineIssue.options(issue.title, issue.options))
    left_out = tuple(i.title for i in framework if i.kind is IssueKind.CLAUSE)
    return Agenda(scored, OutcomeSpace(tuple(engine_issues)), left_out)


def _weighs(profile: PreferenceProfile, issue: Issue) -> bool:
    """Does the profile weigh the issue, or draw a red line on it?"""
    preference = profile.preference_on(issue.id)
    if preference is None:
        return False
    return (
        preference.weight > 0
        or bool(preference.red_options)
        or (preference.acceptable_range is not None)
    )


def weighed(agenda: Agenda, profiles: Sequence[PreferenceProfile]) -> tuple[Agenda, list[int]]:
    """The agenda without its free issues (those no profile of `profiles` weighs above 0 or
    draws a red line on), which it lists in `free`, and the positions of the issues it keeps in
    `agenda`. Every package's utility, for every one of the profiles, is the same with or
    without the free issues, and so are its red lines."""
    keep = [k for k, i in enumerate(agenda.issues) if any(_weighs(p, i) for p in profiles)]
    if not keep:
        raise InvalidInput("no profile weighs any issue of the framework")
    free = tuple(i.title for k, i in enumerate(agenda.issues) if k not in keep)
    space = OutcomeSpace(tuple(agenda.space.issues[k] for k in keep))
    return Agenda(tuple(agenda.issues[k] for k in keep), space, agenda.left_out, free), keep


def narrow(choice: Choice, keep: Sequence[int]) -> Choice:
    """A (partial) package of the whole agenda on the issues `keep` of :func:`weighed`."""
    return {new: choice[old] for new, old in enumerate(keep) if old in choice}


def _snap(issue: Issue, value: float) -> int:
    """The index of the step of a range issue nearest to `value`, within its bounds."""
    bounds = issue.range
    if bounds is None:
        raise InvalidInput(f"{issue.title!r} is not a range issue")
    count = math.floor((bounds.high - bounds.low) / bounds.step + 1e-9) + 1
    return min(max(round((value - bounds.low) / bounds.step), 0), count - 1)


def engine_profile(agenda: Agenda, profile: PreferenceProfile, name: str) -> AdditiveProfile:
    """The party's profile as the engine's additive preferences (issues named by title)."""
    weights: dict[str, float] = {}
    ratings: dict[str, Mapping[Value, float] | ValueCurve] = {}
    red_lines: dict[str, frozenset[Value]] = {}
    for k, issue in enumerate(agenda.issues):
        preference = profile.preference_on(issue.id)
        if preference is None:
            continue
        weights[issue.title] = preference.weight
        values = agenda.space.issues[k].values
        if issue.kind is IssueKind.OPTIONS:
            ratings[issue.title] = dict(preference.ratings)
            red: set[Value] = set(preference.red_options)
        else:
            ratings[issue.title] = ValueCurve(
                preference.curve or "", preference.peak, preference.points
            )
            red = _outside(values, preference.acceptable_range)
            if len(red) == len(values):
                raise InvalidInput(f"the acceptable range of {issue.title!r} holds no step")
        if red:
            red_lines[issue.title] = frozenset(red)
    converted = AdditiveProfile(name, weights, ratings, profile.reservation, red_lines)
    for table, issue in zip(utility_tables(agenda.space, converted), agenda.issues, strict=True):
        if weights.get(issue.title, 0) > 0 and not np.any(table > 0):
            raise InvalidInput(f"{issue.title!r} has a weight but rates no value above 0")
    return converted


def _outside(values: Sequence[Value], interval: tuple[float, float] | None) -> set[Value]:
    if interval is None:
        return set()
    low, high = interval
    return {v for v in values if not low - 1e-9 <= float(v) <= high + 1e-9}


def profile_tables(
    agenda: Agenda, profile: AdditiveProfile
) -> tuple[list[FloatArray], list[BoolArray]]:
    """The party's utility tables, and which options lie within its red lines."""
    return utility_tables(agenda.space, profile), allowed_options(agenda.space, (profile,))


@dataclass(frozen=True)
class Placement:
    """Where a (partial) package stands for one party: the lowest and highest utility of its
    completions that avoid the party's red lines, and the issues where it crosses one."""

    low: float
    high: float
    crossed: tuple[int, ...]


def place(raw: Sequence[FloatArray], allowed: Sequence[BoolArray], choice: Choice) -> Placement:
    """Place `choice` for the party of `raw` tables; a chosen option beyond one of its red lines
    counts with its rating and is reported as crossed."""
    low = high = 0.0
    crossed = []
    for k, (table, ok) in enumerate(zip(raw, allowed, strict=True)):
        if k in choice:
            value = float(table[choice[k]])
            if not ok[choice[k]]:
                crossed.append(k)
            low, high = low + value, high + value
        else:
            low, high = low + float(table[ok].min()), high + float(table[ok].max())
    return Placement(low, high, tuple(crossed))


def best_packages(
    raw: Sequence[FloatArray], allowed: Sequence[BoolArray], count: int
) -> list[tuple[Choice, float]]:
    """The `count` packages of highest utility (red lines avoided), best first.

    A package among the best `count` has its first issues among the best `count` prefixes, so
    merging one issue at a time and keeping `count` prefixes is exact.
    """
    prefixes: list[tuple[float, tuple[int, ...]]] = [(0.0, ())]
    for table, ok in zip(raw, allowed, strict=True):
        grown = [
            (value + float(table[j]), (*prefix, j))
            for value, prefix in prefixes
            for j in np.flatnonzero(ok).tolist()
        ]
        grown.sort(key=lambda item: (-item[0], item[1]))
        prefixes = grown[:count]
    return [(dict(enumerate(prefix)), value) for value, prefix in prefixes]


def choice_from_positions(agenda: Agenda, positions: Sequence[Position]) -> Choice:
    """The package a memorandum asks for: the first option asked; for a range, the midpoint of
    the asked interval, snapped to the issue's step. Issues without a position stay open."""
    choice: Choice = {}
    for position in positions:
        k = agenda.index_of(position.issue_id)
        if k is None:
            continue
        issue = agenda.issues[k]
        if issue.kind is IssueKind.OPTIONS and position.asked_options:
            choice[k] = agenda.space.issues[k].index(position.asked_options[0])
        elif issue.kind is IssueKind.RANGE and position.asked_range is not None:
            choice[k] = _snap(issue, sum(position.asked_range) / 2)
    return choice


def choice_from_text(agenda: Agenda, version: TextVersion) -> Choice:
    """What the negotiating text settles: for each options issue linked to an agreed clause, the
    one option the clause's wording names. Bracketed and open clauses settle nothing."""
    choice: Choice = {}
    for clause in version.clauses:
        if clause.status is not ClauseStatus.AGREED:
            continue
        wording = clause.text.casefold()
        for issue_id in clause.issue_ids:
            k = agenda.index_of(issue_id)
            if k is None or agenda.issues[k].kind is not IssueKind.OPTIONS:
                continue
            named = [j for j, o in enumerate(agenda.issues[k].options) if o.casefold() in wording]
            if len(named) == 1:
                choice[k] = named[0]
    return choice
