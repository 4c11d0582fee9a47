"""Secret acceptances (blind bids): each party names, privately, the least utility it would
accept; the parties and the mediator learn only whether the bids overlap and, if they do, the
fairest package that satisfies them all.

Raiffa (1982, ch. 4) describes such confidential bids to a neutral as a way past the fear of
conceding first. The bids stay on the server: nobody, the mediator included, ever sees another
party's bid or profile. So that one party cannot learn another's bid by moving its own and
asking again, each bid is bound to the profile it was made under, the verdict is computed once
per complete set of bids and kept, and any change it depends on reopens the bidding for all.

References
----------
.. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from pourparler.domain.act import Act
from pourparler.domain.bidding import SecretVerdict
from pourparler.domain.record import PARTIES_AND_MEDIATOR
from pourparler.domain.talks import Talks
from pourparler.engine.analysis import scenario_tables
from pourparler.engine.improve import secret_acceptance
from pourparler.engine.pareto import pareto_frontier_additive
from pourparler.engine.scenario import Scenario
from pourparler.services.access import in_talks, reading_talks, record, require
from pourparler.services.port import Services
from pourparler.services.preference import agenda_of, engine_profile
from pourparler.services.principal import Principal
from pourparler.services.profile import own_party

__all__ = ["secret_outcome", "set_secret_minimum"]


def set_secret_minimum(
    svc: Services, who: Principal, talks_id: str, *, minimum: float | None
) -> bool:
    """Bid (or withdraw the bid) for the party; its head decides. Returns True when the bid
    reopened the bidding, withdrawing every other party's bid.

    The bid that completes the set has the verdict computed there and then, once, and kept.
    """
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        talks.require_open()
        party = own_party(actor)
        require(actor.is_head_of(party), "only the head of delegation places a secret bid")
        now = svc.clock()
        reopened = talks.place_bid(party, minimum)
        if reopened:
            record(
                uow, talks, actor, Act.SECRET_BIDDING_REOPENED, now, audience=PARTIES_AND_MEDIATOR
            )
        record(
            uow,
            talks,
            actor,
            Act.SECRET_BID_PLACED if minimum is not None else Act.SECRET_BID_WITHDRAWN,
            now,
            party_id=party,
        )
        basis = talks.bidding_basis()
        if basis is not None:
            talks.secret_verdict = _judge(talks, basis, now)
            record(uow, talks, actor, Act.SECRET_BIDS_COMPARED, now, audience=PARTIES_AND_MEDIATOR)
        uow.commit()
        return reopened


def secret_outcome(svc: Services, who: Principal, talks_id: str) -> dict[str, Any]:
    """Whether the bids overlap, and the fairest package if they do: the verdict kept when the
    set of bids completed, never computed anew on request.

    Members of a party also learn their own utility there; nobody learns anyone's bid. Until
    then a party's members learn only whether their own party's bid stands, the mediator
    nothing: not how many parties are still to bid.
    """
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        require(
            actor.party_id is not None or actor.is_mediator,
            "only the parties and the mediator learn the outcome of secret bids",
        )
        verdict = talks.secret_verdict
        basis = talks.bidding_basis()
        if verdict is None or basis is None or verdict.basis != basis:
            # Not how many bids are missing: that count would tell, to whoever asks often
            # enough, when another party bid or withdrew, a private act (docs/security.md).
            waiting: dict[str, Any] = {"ready": False}
            if actor.party_id is not None:
                waiting["your_bid_stands"] = talks.bid_stands(actor.party_id)
            return waiting
        result: dict[str, Any] = {
            "ready": True,
            "overlap": verdict.overlap,
            "package": dict(verdict.package) if verdict.package is not None else None,
        }
        if verdict.overlap and actor.party_id is not None:
            result["your_utility"] = verdict.utilities[actor.party_id]
        return result


def _judge(talks: Talks, basis: str, now: datetime) -> SecretVerdict:
    found = _verdict(talks)
    if found is None:
        return SecretVerdict(basis, overlap=False, reached_at=now)
    package, utilities = found
    by_party = {p.id: u for p, u in zip(talks.parties, utilities, strict=True)}
    return SecretVerdict(basis, True, package, by_party, reached_at=now)


def _verdict(talks: Talks) -> tuple[dict[str, Any], list[float]] | None:
    """The fairest package meeting every bid (the issues some profile weighs) and each party's
    utility there; None when the bids do not overlap."""
    agenda = agenda_of(talks.framework)
    kept = [(p.name, f) for p in talks.parties if (f := talks.profile_of(p.id)) is not None]
    profiles = tuple(engine_profile(agenda, f, name) for name, f in kept)
    joint = scenario_tables(Scenario(talks.title, agenda.space, profiles))
    if any(not np.isfinite(t).all(axis=1).any() for t in joint):
        return None  # the red lines together leave some issue without any option
    minima = [f.secret_minimum or 0.0 for _, f in kept]
    verdict = secret_acceptance(pareto_frontier_additive(joint), minima)
    if not verdict.overlap or verdict.choice is None:
        return None
    # Issues that no profile weighs are left to the parties: any option serves them alike.
    weighed = {
        k
        for k, issue in enumerate(agenda.issues)
        if any((pref := f.preference_on(issue.id)) and pref.weight > 0 for _, f in kept)
    }
    package = agenda.package({k: j for k, j in enumerate(verdict.choice) if k in weighed})
    utilities = [
        float(sum(t[j, n] for j, t in zip(verdict.choice, joint, strict=True)))
        for n in range(len(kept))
    ]
    return package, utilities
