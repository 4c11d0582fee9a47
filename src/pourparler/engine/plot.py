"""Pictures of an analysis: the outcome cloud, the frontier and the named packages.

matplotlib is imported inside :func:`draw_analysis` (Agg backend), so importing the engine never
loads it. The caller saves the returned figure.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from pourparler.engine.analysis import SOLUTIONS, Analysis, scenario_tables
from pourparler.engine.pareto import additive_chunks, decode
from pourparler.engine.preference import AdditiveProfile, evaluate
from pourparler.engine.scenario import Scenario

__all__ = ["draw_analysis"]

_CLOUD = 20_000
_MARKERS = {"nash": "*", "kalai_smorodinsky": "D", "egalitarian": "s", "utilitarian": "^"}


def _cloud(scenario: Scenario, seed: int = 0) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Utilities of every package, or of a uniform sample of them when there are many."""
    shape = scenario.space.shape
    if (
        all(isinstance(p, AdditiveProfile) for p in scenario.profiles)
        and scenario.space.size <= _CLOUD
    ):
        return np.concatenate([u for _, u in additive_chunks(scenario_tables(scenario), _CLOUD)])
    rng = np.random.default_rng(seed)
    if scenario.space.size <= _CLOUD:
        choices = decode(np.arange(scenario.space.size, dtype=np.int64), shape)
    else:
        choices = np.stack([rng.integers(0, n, _CLOUD) for n in shape], axis=1)
    return evaluate(scenario.space, scenario.profiles, choices)


def draw_analysis(scenario: Scenario, analysis: Analysis) -> Any:
    """A matplotlib figure: one panel per pair of parties, showing the (sampled) outcome cloud,
    the frontier and the named packages."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    cloud = _cloud(scenario)
    cloud = cloud[np.isfinite(cloud).all(axis=1)]
    pairs = list(itertools.combinations(range(len(scenario.profiles)), 2))
    cols = min(3, len(pairs))
    rows = math.ceil(len(pairs) / cols)
    figure = Figure(figsize=(5 * cols, 4.5 * rows))
    names = [p.name for p in scenario.profiles]
    front = analysis.frontier.utilities
    for n, (a, b) in enumerate(pairs):
        ax = figure.add_subplot(rows, cols, n + 1)
        ax.scatter(cloud[:, a], cloud[:, b], s=3, c="#bbbbbb", label="packages")
        order = np.argsort(front[:, a])
        ax.plot(front[order, a], front[order, b], "o-", ms=3, c="#1f77b4", label="Pareto frontier")
        for name in SOLUTIONS:
            row = analysis.named[name]
            if row is not None:
                ax.scatter(
                    front[row, a], front[row, b], marker=_MARKERS[name], s=90, label=name, zorder=3
                )
        ax.set_xlabel(names[a])
        ax.set_ylabel(names[b])
        ax.legend(fontsize="small", loc="lower left")
    figure.suptitle(scenario.name)
    return figure
