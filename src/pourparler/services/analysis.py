"""Analysis inside the talks: a party's analysis of its own profile, and the mediator's analysis
of the profiles whose parties consented.

A party sees its best packages and where each proposal it may read stands for it. The mediator
sees the frontier, the named packages, the zone of possible agreement, an improvement of a
tentative package and suggestions between the visible proposals, with utilities of consenting
parties only, and never a weight, rating, reservation value or red line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from pourparler.domain.error import NotFound, RuleViolation
from pourparler.domain.role import Actor
from pourparler.domain.talks import Talks
from pourparler.engine.analysis import SOLUTIONS, analyze, scenario_tables
from pourparler.engine.improve import improve_package, suggestions
from pourparler.engine.pareto import Frontier
from pourparler.engine.scenario import Scenario
from pourparler.services.access import can_read_version, in_talks, require
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
    place,
    profile_tables,
)
from pourparler.services.profile import own_party

__all__ = ["BEST", "Proposal", "mediator_analysis", "own_analysis", "visible_proposals"]

BEST = 5
"""How many best packages a party's own analysis lists."""


@dataclass(frozen=True)
class Proposal:
    """A proposal the actor may read, as a (possibly partial) package."""

    source: str  # "memorandum" or "negotiating text"
    title: str
    party: str | None
    version: int
    at: datetime
    choice: Choice

    def describe(self, agenda: Agenda) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "party": self.party,
            "version": self.version,
            "package": agenda.package(self.choice),
            "open_issues": agenda.open_issues(self.choice),
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


def own_analysis(svc: Services, who: str | None, talks_id: str) -> dict[str, Any]:
    """The party's analysis of its own profile: its best packages and where each proposal it
    may read stands for it."""
    with in_talks(svc, who, talks_id) as (_uow, talks, actor):
        party = own_party(actor)
        profile = talks.profile_of(party)
        if profile is None:
            raise NotFound("your party keeps no preference profile in these talks yet")
        agenda = agenda_of(talks.framework)
        preferences = engine_profile(agenda, profile, talks.party(party).name)
        raw, allowed = profile_tables(agenda, preferences)
        placed = []
        for proposal in visible_proposals(talks, actor, agenda):
            where = place(raw, allowed, proposal.choice)
            placed.append(
                proposal.describe(agenda)
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
            "best": [
                {"package": agenda.package(c), "utility": u}
                for c, u in best_packages(raw, allowed, BEST)
            ],
            "proposals": placed,
        }


def _utilities(names: Sequence[str], row: FloatArray) -> dict[str, float]:
    return {name: float(u) for name, u in zip(names, row, strict=True)}


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


def _consenting(talks: Talks) -> list[tuple[str, Any]]:
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


def mediator_analysis(
    svc: Services,
    who: str | None,
    talks_id: str,
    *,
    tentative: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Analysis for the mediator from the profiles of the parties that consented (two at
    least). `tentative` (`{issue id or title: option or number}`) is the package to improve;
    by default the most recent visible proposal's. Open issues of a tentative package are
    completed with the option of largest total utility that crosses no red line."""
    with in_talks(svc, who, talks_id) as (_uow, talks, actor):
        require(actor.is_mediator, "only the mediator sees the mediator's analysis")
        consenting = _consenting(talks)
        if len(consenting) < 2:
            raise RuleViolation(
                "mediator analysis needs at least two parties that keep a profile and consent"
            )
        agenda = agenda_of(talks.framework)
        names = [name for name, _ in consenting]
        profiles = tuple(engine_profile(agenda, p, name) for name, p in consenting)
        proposals = visible_proposals(talks, actor, agenda)
        base = None
        if tentative is not None:
            base = ("given", agenda.resolve(tentative))
        elif proposals:
            base = (f"{proposals[-1].source}: {proposals[-1].title}", proposals[-1].choice)
        without = [p.name for p in talks.parties if p.name not in names]
        return {
            "parties": names,
            "parties_without_consent": without,
            "left_out": list(agenda.left_out),
            "outcomes": agenda.space.size,
        } | _computed(agenda, names, Scenario(talks.title, agenda.space, profiles), proposals, base)


def _computed(
    agenda: Agenda,
    names: Sequence[str],
    scenario: Scenario,
    proposals: Sequence[Proposal],
    base: tuple[str, Choice] | None,
) -> dict[str, Any]:
    tables = scenario_tables(scenario)
    if any(not np.isfinite(t).all(axis=1).any() for t in tables):
        return {"note": "the parties' red lines leave an issue without any option"}
    result = analyze(scenario, "additive")
    f = result.frontier
    placed, corners = [], []
    party_tables = [profile_tables(agenda, p) for p in scenario.profiles]  # type: ignore[arg-type]
    for proposal in proposals:
        spots = [place(raw, ok, proposal.choice) for raw, ok in party_tables]
        corners += [[p.low for p in spots], [p.high for p in spots]]
        placed.append(
            proposal.describe(agenda)
            | {
                "utilities": {n: [p.low, p.high] for n, p in zip(names, spots, strict=True)},
                "crosses_red_line": any(p.crossed for p in spots),
            }
        )
    rows = suggestions(f, np.array(corners, dtype=np.float64)).tolist() if corners else []
    zone = result.zopa
    return {
        "frontier": {
            "size": len(f),
            "points": [_frontier_point(agenda, names, f, r) for r in range(len(f))],
        },
        **{name: _frontier_point(agenda, names, f, result.named[name]) for name in SOLUTIONS},
        "zopa": {
            "outcomes": zone.outcomes,
            "best": _utilities(names, np.asarray(zone.best)) if zone.best else None,
            "worst": _utilities(names, np.asarray(zone.worst)) if zone.worst else None,
        },
        "proposals": placed,
        "improvement": _improvement(agenda, names, tables, base),
        "suggestions": [_frontier_point(agenda, names, f, int(r)) for r in rows],
    }
