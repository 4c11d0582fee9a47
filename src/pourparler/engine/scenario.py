"""Pourparler's own JSON scenario format: an agenda and the parties' profiles in one document.

The format is described in ``docs/scenario-format.md`` and by the JSON Schema shipped beside this
module (``scenario.schema.json``); every document is validated against it on load, and an error
names the field at fault. :func:`scenario_to_json` writes what :func:`scenario_from_json` reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pourparler.domain.error import InvalidInput
from pourparler.engine.preference import AdditiveProfile, Profile, TableProfile, ValueCurve
from pourparler.engine.space import Issue, OutcomeSpace, Value

__all__ = ["FORMAT", "Scenario", "read_scenario", "scenario_from_json", "scenario_to_json"]

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


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("pourparler.engine").joinpath("scenario.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(document: Any) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    errors = list(validator.iter_errors(document))
    # A failing branch leaves its properties "unevaluated"; report the failure, not that echo.
    primary = [e for e in errors if e.validator != "unevaluatedProperties"] or errors
    error = jsonschema.exceptions.best_match(primary)
    if error is not None:
        where = _where(error.absolute_path)
        raise InvalidInput(f"scenario{' field ' + where if where else ''}: {error.message}")


def _issue(spec: Mapping[str, Any]) -> Issue:
    if spec["kind"] == "options":
        return Issue.options(spec["name"], spec["options"])
    return Issue.numeric_range(
        spec["name"], spec["min"], spec["max"], spec["step"], spec.get("unit", "")
    )


def _red_lines(spec: Mapping[str, Any]) -> dict[str, frozenset[Value]]:
    return {issue: frozenset(options) for issue, options in spec.get("red_lines", {}).items()}


def _curve(spec: Mapping[str, Any]) -> ValueCurve:
    points = tuple((float(x), float(y)) for x, y in spec.get("points", ()))
    return ValueCurve(spec["shape"], spec.get("peak"), points)


def _profile(spec: Mapping[str, Any], space: OutcomeSpace) -> Profile:
    name = spec["name"]
    if spec["kind"] == "table":
        values = {
            tuple(space.issues[i].values[j] for i, j in enumerate(space.choice(p["outcome"]))): p[
                "value"
            ]
            for p in spec["packages"]
        }
        return TableProfile(
            name, values, spec.get("default", 0.0), spec.get("reservation", 0.0), _red_lines(spec)
        )
    ratings: dict[str, Any] = dict(spec.get("ratings", {}))
    ratings.update({issue: _curve(curve) for issue, curve in spec.get("curves", {}).items()})
    return AdditiveProfile(
        name,
        spec["weights"],
        ratings,
        spec.get("reservation", 0.0),
        _red_lines(spec),
        scale_ratings=spec.get("scale_ratings", True),
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
    pourparler.domain.error.InvalidInput: scenario field parties[0].weights.venue: -1 is less ...
    """
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"the scenario is not valid JSON: {exc}") from None
    _validate(document)
    space = OutcomeSpace(tuple(_issue(spec) for spec in document["issues"]))
    profiles = tuple(_profile(spec, space) for spec in document["parties"])
    return Scenario(document["name"], space, profiles)


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
