"""Analysis inside the talks: a party's analysis of its own profile, and the mediator's analysis
of the profiles whose parties consented.

A party sees its best packages and where each proposal it may read stands for it. The mediator
sees the frontier, the named packages, whether a zone of possible agreement exists, an
improvement of a tentative package and suggestions between the visible proposals, with utilities
of consenting parties only, and never a weight, rating, reservation value or red line.

What the mediator sees is chosen so that no number pins down a private value
(docs/analysis.md, "What the mediator's analysis reveals"): reservation values enter only the one
yes-or-no of the zone (the named packages are taken against no agreement at 0), red lines only
as the parties' joint ones, and utilities are shown to :data:`UTILITY_STEP`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from pourparler.domain.error import NotFound, RuleViolation
from pourparler.domain.profile import PreferenceProfile
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks
from pourparler.engine.analysis import SOLUTIONS, named_packages, scenario_tables
from pourparler.engine.improve import improve_package, suggestions
from pourparler.engine.pareto import Frontier, pareto_frontier_additive
from pourparler.engine.preference import AdditiveProfile, allowed_options, utility_tables
from pourparler.engine.scenario import Scenario
from pourparler.engine.solution import acceptable
from pourparler.services.access import can_read_version, reading_talks, require
from pourparler.services.port import Services
from pourparler.services.preference import (
    Agenda,
    Choice,
    FloatArray,
    agenda_of,
    best_packages,
    choice_from_positions,
    choice_from_text,
    engine_profile,
    narrow,
    place,
    profile_tables,
    weighed,
)
from pourparler.services.principal import Principal
from pourparler.services.profile import own_party

__all__ = [
    "BEST",
    "UTILITY_STEP",
    "Proposal",
    "mediator_analysis",
    "own_analysis",
    "visible_proposals",
]

BEST = 5
"""How many best packages a party's own analysis lists."""
UTILITY_STEP = 0.01
"""The mediator reads utilities rounded to this step: enough to compare packages, too coarse to
solve for a weight or a rating from the utilities of several packages."""


@dataclass(frozen=True)
class Proposal:
    """A proposal the actor may read, as a (possibly partial) package."""

    source: str  # "memorandum" or "negotiating text"
    title: str
    party: str | None
    version: int
    at: datetime
    choice: Choice

    def describe(self, whole: Agenda, agenda: Agenda, keep: Sequence[int]) -> dict[str, Any]:
        """The proposal's package on every scored issue it settles, and its open issues among
        those of `agenda` (free issues left open decide nothing)."""
        return {
            "source": self.source,
            "title": self.title,
            "party": self.party,
            "version": self.version,
            "package": whole.package(self.choice),
            "open_issues": agenda.open_issues(narrow(self.choice, keep)),
        }


def visible_proposals(talks: Talks, actor: Actor, agenda: Agenda) -> list[Proposal]:
    """The latest version the actor may read of each memorandum, and the current negotiating
    text when one of its agreed clauses settles a scored issue; oldest first."""
    found = []
    for memorandum in talks.memoranda:
        readable = [v for v in memorandum.versions if can_read_version(actor, memorandum, v)]
        if not readable:
            continue
        latest = max(readable, key=lambda v: v.number)
        choice = choice_from_positions(agenda, latest.positions)
        party = talks.party(memorandum.party_id).name
        at = latest.revealed_at or latest.created_at
        found.append(Proposal("memorandum", memorandum.title, party, latest.number, at, choice))
    text = talks.text
    if text is not None and text.versions:
        version = max(text.versions, key=lambda v: v.number)
        choice = choice_from_text(agenda, version)
        if choice:
            found.append(
                Proposal(
                    "negotiating text", text.title, None, version.number, version.created_at, choice
                )
            )
    return sorted(found, key=lambda p: p.at)


def _standing(low: float, high: float, reservation: float) -> bool | None:
    """Does the proposal clear the reservation value? None when its open issues decide."""
    if low >= reservation - 1e-9:
        return True
    if high < reservation - 1e-9:
        return False
    return None


def own_analysis(svc: Services, who: Principal, talks_id: str) -> dict[str, Any]:
    """The party's analysis of its own profile: its best packages and where each proposal it
    may read stands for it."""
    with reading_talks(svc, who, talks_id) as (_uow, talks, actor):
        party = own_party(actor)
        profile = talks.profile_of(party)
        if profile is None:
            raise NotFound("your party keeps no preference profile in these talks yet")
        whole = agenda_of(talks.framework)
        agenda, keep = weighed(whole, [profile])
        preferences = engine_profile(agenda, profile, talks.party(party).name)
        raw, allowed = profile_tables(agenda, preferences)
        placed = []
        for proposal in visible_proposals(talks, actor, whole):
            where = place(raw, allowed, narrow(proposal.choice, keep))
            placed.append(
                proposal.describe(whole, agenda, keep)
                | {
                    "utility": where.low if where.low == where.high else None,
                    "utility_range": [where.low, where.high],
                    "clears_reservation": _standing(where.low, where.high, profile.reservation),
                    "crosses_red_lines": [agenda.issues[k].title for k in where.crossed],
                    "acceptable": False
                    if where.crossed
                    else _standing(where.low, where.high, profile.reservation),
                }
            )
        return {
            "party": preferences.name,
            "reservation": profile.reservation,
            "consents_to_mediator": profile.consents_to_mediator,
            "outcomes": agenda.space.size,
            "left_out": list(agenda.left_out),
            "free_issues": list(agenda.free),
            "best": [
                {"package": agenda.package(c), "utility": u}
                for c, u in best_packages(raw, allowed, BEST)
            ],
            "proposals": placed,
        }


def _shown(u: float) -> float:
    return round(float(u), 2)  # UTILITY_STEP


def _utilities(names: Sequence[str], row: FloatArray) -> dict[str, float]:
    return {name: _shown(u) for name, u in zip(names, row, strict=True)}


def _frontier_point(
    agenda: Agenda, names: Sequence[str], frontier: Frontier, row: int | None
) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "package": agenda.package(dict(enumerate(int(c) for c in frontier.choices[row]))),
        "utilities": _utilities(names, frontier.utilities[row]),
    }


def _complete(choice: Choice, tables: Sequence[FloatArray]) -> tuple[tuple[int, ...], list[int]]:
    """A whole package from a partial one: each open issue takes the option of largest total
    utility that crosses no red line. Returns the package and the issues completed."""
    filled = [k for k in range(len(tables)) if k not in choice]
    whole = dict(choice)
    for k in filled:
        whole[k] = int(np.argmax(tables[k].sum(axis=1)))
    return tuple(whole[k] for k in range(len(tables))), filled


def _consenting(talks: Talks) -> list[tuple[str, PreferenceProfile]]:
    """(party name, profile) of the parties that keep a profile and consented, in party order."""
    found = []
    for party in talks.parties:
        profile = talks.profile_of(party.id)
        if profile is not None and profile.consents_to_mediator:
            found.append((party.name, profile))
    return found


def _improvement(
    agenda: Agenda,
    names: Sequence[str],
    tables: Sequence[FloatArray],
    base: tuple[str, Choice] | None,
) -> dict[str, Any] | None:
    if base is None:
        return None
    source, partial = base
    whole, filled = _complete(partial, tables)
    value = sum(t[j] for t, j in zip(tables, whole, strict=True))
    tentative = {
        "source": source,
        "package": agenda.package(dict(enumerate(whole))),
        "completed_issues": [agenda.issues[k].title for k in filled],
    }
    if not np.all(np.isfinite(value)):
        return {"tentative": tentative, "crosses_red_line": True, "efficient": False}
    found = improve_package(tables, whole)
    result: dict[str, Any] = {
        "tentative": tentative | {"utilities": _utilities(names, value)},
        "crosses_red_line": False,
        "efficient": found.efficient,
    }
    if found.choice is not None:
        better = dict(enumerate(found.choice))
        result["package"] = agenda.package(better)
        result["gains"] = _utilities(names, np.asarray(found.gains))
    return result


@dataclass(frozen=True)
class _Mediation:
    """What the mediator's analysis works from: the agenda without free issues (and the
    positions of its issues in the whole one), the consenting parties and their profiles."""

    whole: Agenda
    agenda: Agenda
    keep: list[int]
    names: list[str]
    profiles: tuple[AdditiveProfile, ...]
    reservation: list[float]


def mediator_analysis(
    svc: Services,
    who: Principal,
    talks_id: str,
    *,
    tentative: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Analysis for the mediator from the profiles of the parties that consented (two at
    least), over the issues some of them weighs. `tentative` (`{issue id or title: option or
    number}`) is the package to improve; by default the most recent visible proposal's. Open
    issues of a tentative package are completed with the option of largest total utility that
    crosses no red line."""
    with reading_talks(svc, who, talks_id) as (_uow, talks, actor):
        require(actor.is_mediator, "only the mediator sees the mediator's analysis")
        consenting = _consenting(talks)
        if len(consenting) < 2:
            raise RuleViolation(
                "mediator analysis needs at least two parties that keep a profile and consent"
            )
        whole = agenda_of(talks.framework)
        agenda, keep = weighed(whole, [p for _, p in consenting])
        m = _Mediation(
            whole,
            agenda,
            keep,
            [name for name, _ in consenting],
            tuple(engine_profile(agenda, p, name) for name, p in consenting),
            [p.reservation for _, p in consenting],
        )
        proposals = visible_proposals(talks, actor, whole)
        base = None
        if tentative is not None:
            base = ("given", narrow(whole.resolve(tentative), keep))
        elif proposals:
            latest = proposals[-1]
            base = (f"{latest.source}: {latest.title}", narrow(latest.choice, keep))
        without = [p.name for p in talks.parties if p.name not in m.names]
        return {
            "parties": m.names,
            "parties_without_consent": without,
            "left_out": list(agenda.left_out),
            "free_issues": list(agenda.free),
            "outcomes": agenda.space.size,
        } | _computed(m, talks.title, proposals, base)


def _placed(
    m: _Mediation, proposals: Sequence[Proposal]
) -> tuple[list[dict[str, Any]], FloatArray]:
    """Each proposal with every consenting party's utility interval over the completions that
    cross none of the parties' red lines (their joint ones: whose red line it is never shows),
    and the corners of those intervals."""
    raw = [utility_tables(m.agenda.space, p) for p in m.profiles]
    joint = allowed_options(m.agenda.space, m.profiles)
    placed, corners = [], []
    for proposal in proposals:
        choice = narrow(proposal.choice, m.keep)
        spots = [place(tables, joint, choice) for tables in raw]
        corners += [[p.low for p in spots], [p.high for p in spots]]
        placed.append(
            proposal.describe(m.whole, m.agenda, m.keep)
            | {
                "utilities": {
                    n: [_shown(p.low), _shown(p.high)] for n, p in zip(m.names, spots, strict=True)
                },
                "crosses_red_line": bool(spots[0].crossed),
            }
        )
    return placed, np.array(corners, dtype=np.float64).reshape(-1, len(m.names))


def _first_of_each_shown(frontier: Frontier) -> npt.NDArray[np.int64]:
    """For each frontier row, the first row whose utilities are shown the same: packages whose
    utilities differ by less than the shown step are one point for the mediator."""
    shown = np.round(frontier.utilities, 2)
    _, first, back = np.unique(shown, axis=0, return_index=True, return_inverse=True)
    result: npt.NDArray[np.int64] = first[back.reshape(-1)].astype(np.int64)
    return result


def _computed(
    m: _Mediation, title: str, proposals: Sequence[Proposal], base: tuple[str, Choice] | None
) -> dict[str, Any]:
    tables = scenario_tables(Scenario(title, m.agenda.space, m.profiles))
    if any(not np.isfinite(t).all(axis=1).any() for t in tables):
        return {"note": "the parties' red lines leave an issue without any option"}
    f = pareto_frontier_additive(tables)
    # Against no agreement at 0, not at the reservation values: they would move the packages.
    named = named_packages(f.utilities, [0.0] * len(m.names))
    placed, corners = _placed(m, proposals)
    first = _first_of_each_shown(f)
    found = suggestions(f, corners) if len(corners) else np.empty(0, dtype=np.int64)
    rows = list(dict.fromkeys(first[found].tolist()))
    kept = np.unique(first).tolist()
    return {
        "frontier": {
            "size": len(kept),
            "points": [_frontier_point(m.agenda, m.names, f, r) for r in kept],
        },
        **{name: _frontier_point(m.agenda, m.names, f, named[name]) for name in SOLUTIONS},
        # Some package clears every reservation value exactly when a frontier package does.
        "zopa": {"exists": bool(acceptable(f.utilities, m.reservation).any())},
        "proposals": placed,
        "improvement": _improvement(m.agenda, m.names, tables, base),
        "suggestions": [_frontier_point(m.agenda, m.names, f, int(r)) for r in rows],
    }
