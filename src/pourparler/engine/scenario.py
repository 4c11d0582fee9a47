"""Pourparler's own JSON scenario format: an agenda and the parties' profiles in one document.

The document is defined once, by the typed models below (:class:`ScenarioDocument`); the JSON
Schema shipped beside this module (``scenario.schema.json``) is generated from them
(:func:`schema_text`), and every document is validated through them on load: unknown keys are
refused, every number must be finite and within the range the schema states (weights and
ratings 0 to 1e6, values and reservation values -1e6 to 1e6, see
:data:`~pourparler.engine.pareto.MAGNITUDE`), and an error names the field at fault.
:func:`scenario_to_json` writes what :func:`scenario_from_json` reads. The format is described
in ``docs/scenario-format.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import MAGNITUDE
from pourparler.engine.preference import AdditiveProfile, Profile, TableProfile, ValueCurve
from pourparler.engine.space import Issue, OutcomeSpace, Value

__all__ = [
    "FORMAT",
    "Scenario",
    "ScenarioDocument",
    "read_scenario",
    "scenario_from_json",
    "scenario_schema",
    "scenario_to_json",
    "schema_text",
]

FORMAT = "pourparler-scenario/1"


@dataclass(frozen=True)
class Scenario:
    """An agenda, the parties' profiles in order, and notes from the import (for example the
    GENIUS discount factors, which are reported and not used)."""

    name: str
    space: OutcomeSpace
    profiles: tuple[Profile, ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.profiles) < 2:
            raise InvalidInput("a scenario needs at least two parties")
        names = [p.name for p in self.profiles]
        if len(set(names)) != len(names):
            raise InvalidInput("two parties share a name")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


Name = Annotated[str, Field(min_length=1)]
Label = Annotated[str | int | float, Field(description="an option: a label, or a number")]
Weight = Annotated[float, Field(ge=0, le=MAGNITUDE)]
Rating = Annotated[float, Field(ge=0, le=MAGNITUDE)]
Number = Annotated[float, Field(ge=-MAGNITUDE, le=MAGNITUDE)]


class OptionsIssue(_Model):
    """An issue of discrete options, named by labels in order."""

    name: Name
    kind: Literal["options"]
    options: list[str] = Field(min_length=1)


class RangeIssue(_Model):
    """An issue over the numbers ``min, min + step, ...`` not above ``max``."""

    name: Name
    kind: Literal["range"]
    min: float
    max: float
    step: float = Field(gt=0)
    unit: str = ""


class Curve(_Model):
    """A rating over a range issue: rising, falling, peaked at ``peak``, or piecewise linear
    through ``points`` ``[[x, rating], ...]``."""

    shape: Literal["rising", "falling", "peaked", "points"]
    peak: float | None = None
    points: list[tuple[float, Rating]] | None = Field(default=None, min_length=1)


class AdditiveParty(_Model):
    """Weights (0 to 1e6, divided by their sum) and ratings (0 to 1e6) per issue."""

    name: Name
    kind: Literal["additive"]
    weights: dict[str, Weight]
    ratings: dict[str, dict[str, Rating]] = {}
    curves: dict[str, Curve] = {}
    scale_ratings: bool = True
    reservation: Number = 0.0
    red_lines: dict[str, list[Label]] = {}


class TablePackage(_Model):
    """One package (every issue named) and its value (-1e6 to 1e6)."""

    outcome: dict[str, Label]
    value: Number


class TableParty(_Model):
    """A value per listed package, ``default`` for the others."""

    name: Name
    kind: Literal["table"]
    packages: list[TablePackage]
    default: Number = 0.0
    reservation: Number = 0.0
    red_lines: dict[str, list[Label]] = {}


IssueDocument = Annotated[OptionsIssue | RangeIssue, Field(discriminator="kind")]
PartyDocument = Annotated[AdditiveParty | TableParty, Field(discriminator="kind")]


class ScenarioDocument(_Model):
    """A Pourparler negotiation scenario (``pourparler-scenario/1``)."""

    format: Literal["pourparler-scenario/1"]
    name: Name
    issues: list[IssueDocument] = Field(min_length=1)
    parties: list[PartyDocument] = Field(min_length=2)


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`ScenarioDocument` (what ``scenario.schema.json`` holds)."""
    schema = ScenarioDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": FORMAT} | schema


def schema_text() -> str:
    """``scenario.schema.json`` as shipped: the generated schema, indented, ending in a newline.
    Regenerate it with ``python -c "from pourparler.engine.scenario import schema_text;
    print(schema_text(), end='')" > src/pourparler/engine/scenario.schema.json``."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


_TAGS = {"options", "range", "additive", "table"}
_MEMBERS = {"str", "int", "float"}


def _where(location: tuple[int | str, ...]) -> str:
    """``parties[0].weights.venue`` for a location, without the union's tag pydantic inserts
    after a list index (``parties, 0, additive, weights``)."""
    parts = [
        part
        for k, part in enumerate(location)
        if not (k == 2 and part in _TAGS and location[0] in ("issues", "parties"))
    ]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: Any) -> tuple[tuple[int | str, ...], str]:
    """The location and a one-line message of a pydantic error, said for this format."""
    location, kind, context = tuple(error["loc"]), error["type"], error.get("ctx", {})
    if kind == "union_tag_not_found":
        return (*location, "kind"), "field required"
    if kind == "union_tag_invalid":
        return (*location, "kind"), (
            f"input should be one of {context['expected_tags']} (got {context['tag']!r})"
        )
    if location and location[-1] in _MEMBERS:
        return location[:-1], f"input should be a label or a number (got {error['input']!r})"
    message = error["msg"][0].lower() + error["msg"][1:]
    scalar = isinstance(error.get("input"), str | int | float | bool) or error.get("input") is None
    if kind != "missing" and scalar:
        message += f" (got {error['input']!r})"
    return location, message


def _validate(text: str | bytes) -> ScenarioDocument:
    try:
        return ScenarioDocument.model_validate_json(text)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        if error["type"] == "json_invalid":
            reason = error.get("ctx", {}).get("error", error["msg"])
            raise InvalidInput(f"the scenario is not valid JSON: {reason}") from None
        location, message = _message(error)
        where = _where(location)
        raise InvalidInput(f"scenario{' field ' + where if where else ''}: {message}") from None


def _issue(spec: OptionsIssue | RangeIssue) -> Issue:
    if isinstance(spec, OptionsIssue):
        return Issue.options(spec.name, spec.options)
    return Issue.numeric_range(spec.name, spec.min, spec.max, spec.step, spec.unit)


def _red_lines(spec: AdditiveParty | TableParty) -> dict[str, frozenset[Value]]:
    return {issue: frozenset(options) for issue, options in spec.red_lines.items()}


def _curve(spec: Curve) -> ValueCurve:
    return ValueCurve(spec.shape, spec.peak, tuple(spec.points or ()))


def _profile(spec: AdditiveParty | TableParty, space: OutcomeSpace) -> Profile:
    if isinstance(spec, TableParty):
        values = {}
        for package in spec.packages:
            choice = space.choice(package.outcome)
            values[tuple(space.issues[i].values[j] for i, j in enumerate(choice))] = package.value
        return TableProfile(spec.name, values, spec.default, spec.reservation, _red_lines(spec))
    ratings: dict[str, Any] = {issue: dict(r) for issue, r in spec.ratings.items()}
    ratings.update({issue: _curve(curve) for issue, curve in spec.curves.items()})
    return AdditiveProfile(
        spec.name,
        dict(spec.weights),
        ratings,
        spec.reservation,
        _red_lines(spec),
        scale_ratings=spec.scale_ratings,
    )


def scenario_from_json(text: str | bytes) -> Scenario:
    """Parse and validate a scenario document.

    Examples
    --------
    >>> doc = '''{"format": "pourparler-scenario/1", "name": "demo",
    ...   "issues": [{"name": "venue", "kind": "options", "options": ["Geneva", "Oslo"]}],
    ...   "parties": [
    ...     {"name": "north", "kind": "additive", "weights": {"venue": 1},
    ...      "ratings": {"venue": {"Geneva": 1, "Oslo": 0}}},
    ...     {"name": "south", "kind": "additive", "weights": {"venue": 2},
    ...      "ratings": {"venue": {"Geneva": 0, "Oslo": 1}}, "reservation": 0.2}]}'''
    >>> s = scenario_from_json(doc)
    >>> s.space.size, [p.name for p in s.profiles]
    (2, ['north', 'south'])
    >>> bad = doc.replace('"weights": {"venue": 1}', '"weights": {"venue": -1}')
    >>> scenario_from_json(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pourparler.domain.error.InvalidInput: scenario field parties[0].weights.venue: input should ...
    """
    model = _validate(text)
    space = OutcomeSpace(tuple(_issue(spec) for spec in model.issues))
    profiles = tuple(_profile(spec, space) for spec in model.parties)
    return Scenario(model.name, space, profiles)


def _issue_json(issue: Issue) -> dict[str, Any]:
    if issue.kind == "range":
        out = {
            "name": issue.name,
            "kind": "range",
            "min": issue.low,
            "max": issue.high,
            "step": issue.step,
        }
        return out | ({"unit": issue.unit} if issue.unit else {})
    return {"name": issue.name, "kind": "options", "options": [str(v) for v in issue.values]}


def _profile_json(profile: Profile, space: OutcomeSpace) -> dict[str, Any]:
    out: dict[str, Any] = {"name": profile.name}
    if isinstance(profile, TableProfile):
        names = [issue.name for issue in space.issues]
        packages = [
            {"outcome": dict(zip(names, p, strict=True)), "value": v}
            for p, v in profile.values.items()
        ]
        out |= {"kind": "table", "packages": packages, "default": profile.default}
    else:
        ratings = {i: dict(r) for i, r in profile.ratings.items() if not isinstance(r, ValueCurve)}
        curves = {
            i: _curve_json(r) for i, r in profile.ratings.items() if isinstance(r, ValueCurve)
        }
        out |= {
            "kind": "additive",
            "weights": dict(profile.weights),
            "ratings": ratings,
            "curves": curves,
        }
        out["scale_ratings"] = profile.scale_ratings
    out["reservation"] = profile.reservation
    out["red_lines"] = {i: sorted(options, key=str) for i, options in profile.red_lines.items()}
    return out


def _curve_json(curve: ValueCurve) -> dict[str, Any]:
    out: dict[str, Any] = {"shape": curve.kind}
    if curve.peak is not None:
        out["peak"] = curve.peak
    if curve.points:
        out["points"] = [list(p) for p in curve.points]
    return out


def scenario_to_json(scenario: Scenario) -> str:
    """The scenario as a document of :data:`FORMAT` (round-trips through
    :func:`scenario_from_json`)."""
    document = {
        "format": FORMAT,
        "name": scenario.name,
        "issues": [_issue_json(issue) for issue in scenario.space.issues],
        "parties": [_profile_json(p, scenario.space) for p in scenario.profiles],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def read_scenario(path: Path) -> Scenario:
    """Read a scenario file (the one I/O of this module)."""
    try:
        return scenario_from_json(path.read_bytes())
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
