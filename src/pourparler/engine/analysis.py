"""One call for the whole settlement analysis of a scenario, and its JSON form.

:func:`analyze` computes the Pareto frontier (issue by issue for additive profiles, else by
enumeration), the Nash, Kalai–Smorodinsky, egalitarian and utilitarian packages over it, and the
size of the zone of possible agreement. Red lines remove options before anything else.

Nothing here lists the whole space when it need not: the frontier of additive profiles is
merged issue by issue, the named packages are chosen on the frontier (each criterion is
monotone), and the zone is counted in halves (meet in the middle) within that method's reach.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import InvalidInput
from pourparler.engine.pareto import Frontier, pareto_frontier_additive, pareto_frontier_enumerate
from pourparler.engine.preference import (
    AdditiveProfile,
    allowed_options,
    evaluate,
    utility_tables,
)
from pourparler.engine.scenario import Scenario, read_scenario
from pourparler.engine.solution import (
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)
from pourparler.engine.zone import zone_size

__all__ = [
    "METHODS",
    "SOLUTIONS",
    "Analysis",
    "analysis_to_json",
    "analyze",
    "named_packages",
    "read_path",
    "scenario_tables",
]

METHODS = ("auto", "enumerate", "additive")
SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Analysis:
    """The results of :func:`analyze`. ``named`` maps each solution of :data:`SOLUTIONS` to a
    frontier row, or ``None`` when no package clears every reservation value; ``zone`` is the
    number of packages in the zone of possible agreement (``None`` when too many to count)."""

    method: str
    frontier: Frontier
    named: dict[str, int | None]
    zone: int | None
    seconds: float


def named_packages(utilities: FloatArray, reservation: Sequence[float]) -> dict[str, int | None]:
    """The row of ``utilities`` (frontier utilities) of each solution of :data:`SOLUTIONS`.

    >>> named_packages(np.array([[0.9, 0.2], [0.6, 0.6]]), [0.0, 0.0])["nash"]
    1
    """
    solvers = (nash_point, kalai_smorodinsky_point, egalitarian_point, utilitarian_point)
    return {name: f(utilities, reservation) for name, f in zip(SOLUTIONS, solvers, strict=True)}


def scenario_tables(scenario: Scenario) -> list[FloatArray]:
    """Additive tables ``(options, parties)`` per issue, red-line options at ``-inf``."""
    profiles = scenario.profiles
    if not all(isinstance(p, AdditiveProfile) for p in profiles):
        raise InvalidInput("the additive method needs every profile to be additive")
    per_party = [utility_tables(scenario.space, p) for p in profiles]  # type: ignore[arg-type]
    allowed = allowed_options(scenario.space, profiles)
    return [
        np.where(ok[:, None], np.stack([t[i] for t in per_party], axis=1), -np.inf)
        for i, ok in enumerate(allowed)
    ]


def _utility(scenario: Scenario) -> Callable[[IntArray], FloatArray]:
    allowed = allowed_options(scenario.space, scenario.profiles)

    def utility(choices: IntArray) -> FloatArray:
        u = evaluate(scenario.space, scenario.profiles, choices)
        ok = np.all([allowed[i][choices[:, i]] for i in range(choices.shape[1])], axis=0)
        u[~ok] = -np.inf
        return u

    return utility


def analyze(scenario: Scenario, method: str = "auto") -> Analysis:
    """Frontier, named packages and zone of possible agreement of ``scenario``.

    ``method`` is ``additive`` (issue-wise merging; additive profiles only), ``enumerate``
    (every package, any profile) or ``auto`` (additive when every profile is).

    >>> from pourparler.engine.space import Issue, OutcomeSpace
    >>> space = OutcomeSpace((Issue.options("venue", ["Geneva", "Oslo", "Vienna"]),))
    >>> a = AdditiveProfile("a", {"venue": 1}, {"venue": {"Geneva": 2, "Oslo": 1}})
    >>> b = AdditiveProfile("b", {"venue": 1}, {"venue": {"Oslo": 2, "Geneva": 1}})
    >>> result = analyze(Scenario("demo", space, (a, b)))
    >>> result.method, result.frontier.choices.tolist(), result.zone
    ('additive', [[0], [1]], 3)
    """
    if method not in METHODS:
        raise InvalidInput(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    additive = all(isinstance(p, AdditiveProfile) for p in scenario.profiles)
    chosen = ("additive" if additive else "enumerate") if method == "auto" else method
    if chosen == "additive" and not additive:
        raise InvalidInput(
            "the additive method needs every party's profile to be additive: "
            "use --method enumerate (or auto) for table profiles"
        )
    start = time.perf_counter()
    shape = scenario.space.shape
    utility: Callable[[IntArray], FloatArray] | list[FloatArray]
    utility = scenario_tables(scenario) if additive else _utility(scenario)
    if chosen == "additive":
        frontier = pareto_frontier_additive(utility)  # type: ignore[arg-type]
    else:
        frontier = pareto_frontier_enumerate(shape, utility)
    reservation = [p.reservation for p in scenario.profiles]
    named = named_packages(frontier.utilities, reservation)
    zone = zone_size(shape, utility, reservation)
    return Analysis(chosen, frontier, named, zone, time.perf_counter() - start)


def _package(scenario: Scenario, frontier: Frontier, row: int | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "outcome": scenario.space.package(frontier.choices[row]),
        "utilities": frontier.utilities[row].tolist(),
    }


def analysis_to_json(scenario: Scenario, analysis: Analysis) -> dict[str, Any]:
    """The analysis as the JSON object printed by ``pourparler analyze --json``."""
    f = analysis.frontier
    out: dict[str, Any] = {
        "domain": scenario.name,
        "parties": [p.name for p in scenario.profiles],
        "reservation": [p.reservation for p in scenario.profiles],
        "outcomes": scenario.space.size,
        "frontier": [_package(scenario, f, row) for row in range(len(f))],
    }
    out |= {name: _package(scenario, f, analysis.named[name]) for name in SOLUTIONS}
    out["zopa"] = {"outcomes": analysis.zone}
    out["seconds"] = analysis.seconds
    return out


def read_path(path: Path) -> Scenario:
    """A scenario from a GENIUS (or GeniusWeb) folder or a Pourparler JSON file."""
    from pourparler.engine.genius import read_genius_folder

    if path.is_dir():
        return read_genius_folder(path)
    if not path.exists():
        raise InvalidInput(f"no such file or folder: {path}")
    return read_scenario(path)
