"""Settlement engine: exact numeric analysis of negotiation packages.

Pure functions over numpy arrays (outcome spaces, preference profiles, the Pareto frontier, the
named bargaining solutions, the zone of possible agreement, improvements, suggestions, secret
acceptances, Adjusted Winner), plus parsers of the scenario formats. No I/O except the thin
folder and file readers in :mod:`pourparler.engine.genius` and :mod:`pourparler.engine.scenario`.
"""

from pourparler.engine.fair_division import AdjustedWinner, adjusted_winner
from pourparler.engine.improve import (
    Improvement,
    SecretAcceptance,
    extreme_utility,
    improve_package,
    secret_acceptance,
    suggestions,
)
from pourparler.engine.pareto import (
    TOLERANCE,
    Frontier,
    pareto_frontier_additive,
    pareto_frontier_enumerate,
    pareto_indices,
    snap,
)
from pourparler.engine.preference import (
    AdditiveProfile,
    Profile,
    TableProfile,
    ValueCurve,
    allowed_options,
    evaluate,
    utility_tables,
)
from pourparler.engine.solution import (
    acceptable,
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)
from pourparler.engine.space import Issue, OutcomeSpace, Value
from pourparler.engine.zone import Zopa, zopa

__all__ = [
    "TOLERANCE",
    "AdditiveProfile",
    "AdjustedWinner",
    "Frontier",
    "Improvement",
    "Issue",
    "OutcomeSpace",
    "Profile",
    "SecretAcceptance",
    "TableProfile",
    "Value",
    "ValueCurve",
    "Zopa",
    "acceptable",
    "adjusted_winner",
    "allowed_options",
    "egalitarian_point",
    "evaluate",
    "extreme_utility",
    "improve_package",
    "kalai_smorodinsky_point",
    "nash_point",
    "pareto_frontier_additive",
    "pareto_frontier_enumerate",
    "pareto_indices",
    "secret_acceptance",
    "snap",
    "suggestions",
    "utilitarian_point",
    "utility_tables",
    "zopa",
]
