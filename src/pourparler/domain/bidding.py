"""Secret bidding: what a bid stands on, and the verdict on a complete set of bids.

A bid is bound to the profile it was made under: it carries the digest of that profile (its
preferences, reservation and consent) and of the framework. The verdict on a complete set of
bids is computed once and kept with the digest of everything it depends on; it is served as kept,
never recomputed on request. So a party that changes its profile, or anyone who changes the
framework, cannot ask the same question of the other side's bid twice: the change reopens the
bidding (`Talks.reopen_bidding`), and a bid or verdict whose digest no longer matches counts for
nothing even if some path forgot to reopen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pourparler.domain.base import new_id
from pourparler.domain.framework import Issue
from pourparler.domain.profile import PreferenceProfile

__all__ = ["SecretVerdict", "bids_basis", "profile_basis"]


def _digest(document: object) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _issue(issue: Issue) -> dict[str, Any]:
    return {
        "id": issue.id,
        "order": issue.order,
        "title": issue.title,
        "kind": issue.kind.value,
        "options": list(issue.options),
        "range": issue.range.to_dict() if issue.range else None,
    }


def profile_basis(framework: Sequence[Issue], profile: PreferenceProfile) -> str:
    """The digest a bid made under `profile` carries: the profile and the framework."""
    return _digest(
        {
            "framework": [_issue(i) for i in framework],
            "party": profile.party_id,
            "profile": profile.content(),
            "consents": profile.consents_to_mediator,
        }
    )


def bids_basis(
    party_ids: Sequence[str], framework: Sequence[Issue], profiles: Sequence[PreferenceProfile]
) -> str | None:
    """The digest of a complete set of bids, each standing on its party's current profile; None
    while some party has no bid, or a bid stands on a profile or framework that changed since."""
    by_party = {p.party_id: p for p in profiles}
    bids = []
    for party in party_ids:
        profile = by_party.get(party)
        if profile is None or profile.secret_minimum is None:
            return None
        if profile.bid_basis != profile_basis(framework, profile):
            return None
        bids.append([party, profile.bid_basis, profile.secret_minimum])
    return _digest(bids)


@dataclass(eq=False)
class SecretVerdict:
    """The outcome of one complete set of bids, computed once when the set completed.

    `package` is `{issue title: option or number}` (None when the bids do not overlap);
    `utilities` each party's utility there, by party id, for that party's members alone.
    """

    basis: str
    overlap: bool
    package: dict[str, Any] | None = None
    utilities: dict[str, float] = field(default_factory=dict)
    reached_at: datetime | None = None
    id: str = field(default_factory=new_id)
