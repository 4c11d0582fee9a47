"""The single negotiating text: clauses with a status, versions by hash, whole acceptance.

Nothing is agreed until everything is agreed: a party accepts a whole version of the text by
its hash; the talks reach agreement when every party has accepted the current version and no
clause is open or bracketed. Any edit makes a new version and withdraws earlier acceptances.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pourparler.domain.base import new_id, parse_choice, require_text
from pourparler.domain.error import Conflict, InvalidInput, NotFound, RuleViolation

__all__ = [
    "Acceptance",
    "Alternative",
    "Clause",
    "ClauseStatus",
    "NegotiatingText",
    "TextVersion",
]


class ClauseStatus(StrEnum):
    OPEN = "open"
    BRACKETED = "bracketed"
    AGREED = "agreed ad referendum"


@dataclass(frozen=True)
class Alternative:
    """One bracketed alternative wording, attributed to every party that proposed it."""

    party_ids: tuple[str, ...]
    text: str

    def __post_init__(self) -> None:
        if not self.party_ids or not all(p.strip() for p in self.party_ids):
            raise InvalidInput("an alternative names the party or parties proposing it")
        if len(set(self.party_ids)) != len(self.party_ids):
            raise InvalidInput("an alternative names one party twice")

    def to_dict(self) -> dict[str, Any]:
        # One proposer keeps the original form, so that the hashes of versions written before
        # alternatives could be shared stay what they were; a shared one lists its parties.
        if len(self.party_ids) == 1:
            return {"party_id": self.party_ids[0], "text": self.text}
        return {"party_ids": list(self.party_ids), "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alternative:
        parties = data["party_ids"] if "party_ids" in data else [data["party_id"]]
        if not isinstance(parties, list):
            raise InvalidInput("an alternative's party_ids are a list")
        return cls(tuple(str(p) for p in parties), str(data["text"]))


@dataclass(frozen=True)
class Clause:
    """A clause of the text. A bracketed clause holds two or more attributed alternatives."""

    key: str
    heading: str
    status: ClauseStatus
    text: str = ""
    alternatives: tuple[Alternative, ...] = ()
    issue_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", parse_choice(ClauseStatus, self.status, "clause status"))
        require_text(self.key, "a clause key", limit=80)
        require_text(self.heading, "a clause heading", limit=300)
        if self.status is ClauseStatus.BRACKETED:
            if len(self.alternatives) < 2:
                raise InvalidInput(f"bracketed clause {self.key!r} needs two or more alternatives")
            for alternative in self.alternatives:
                require_text(alternative.text, "an alternative's text", limit=20000)
        elif self.alternatives:
            raise InvalidInput(f"only a bracketed clause holds alternatives ({self.key!r})")
        elif self.status is ClauseStatus.AGREED:
            require_text(self.text, f"the agreed text of {self.key!r}", limit=20000)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "heading": self.heading,
            "status": self.status.value,
            "text": self.text,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "issue_ids": list(self.issue_ids),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        try:
            return cls(
                key=str(data["key"]),
                heading=str(data["heading"]),
                status=data.get("status", "open"),
                text=str(data.get("text") or ""),
                alternatives=tuple(
                    Alternative.from_dict(a) for a in data.get("alternatives") or ()
                ),
                issue_ids=tuple(str(i) for i in data.get("issue_ids") or ()),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidInput(f"malformed clause: missing {exc}") from None


def text_hash(clauses: tuple[Clause, ...]) -> str:
    canonical = json.dumps(
        [c.to_dict() for c in clauses], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(eq=False)
class TextVersion:
    number: int
    clauses: tuple[Clause, ...]
    created_at: datetime
    created_by: str
    hash: str = ""
    id: str = field(default_factory=new_id)

    def clause(self, key: str) -> Clause:
        for c in self.clauses:
            if c.key == key:
                return c
        raise NotFound(f"the text has no clause {key!r}")

    @property
    def settled(self) -> bool:
        return all(c.status is ClauseStatus.AGREED for c in self.clauses) and bool(self.clauses)


@dataclass(eq=False)
class Acceptance:
    party_id: str
    version_hash: str
    accepted_by: str
    accepted_at: datetime
    withdrawn_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class NegotiatingText:
    """The mediator's draft agreement, in versions."""

    title: str
    versions: list[TextVersion] = field(default_factory=list)
    acceptances: list[Acceptance] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @property
    def current(self) -> TextVersion:
        if not self.versions:
            raise NotFound("the text has no version yet")
        return max(self.versions, key=lambda v: v.number)

    def version(self, number: int) -> TextVersion:
        for v in self.versions:
            if v.number == number:
                return v
        raise NotFound(f"the text has no version {number}")

    def revise(self, clauses: list[Clause], by: str, now: datetime) -> list[Acceptance]:
        """A new version; returns the acceptances this edit withdrew."""
        keys = [c.key for c in clauses]
        if len(set(keys)) != len(keys):
            raise InvalidInput("two clauses share one key")
        frozen = tuple(clauses)
        digest = text_hash(frozen)
        if self.versions and digest == self.current.hash:
            raise Conflict("the edit changes nothing")
        self.versions.append(TextVersion(len(self.versions) + 1, frozen, now, by, digest))
        withdrawn = [a for a in self.acceptances if a.withdrawn_at is None]
        for acceptance in withdrawn:
            acceptance.withdrawn_at = now
        return withdrawn

    def version_by_hash(self, prefix: str) -> TextVersion:
        """The version whose hash is `prefix` or begins with it (8 hex digits at least, as git)."""
        given = prefix.strip().lower()
        if not given or any(c not in "0123456789abcdef" for c in given):
            raise InvalidInput(f"{prefix!r} is not a version hash: give its hex digits")
        if len(given) < 8:
            raise InvalidInput(f"{given!r} is too short: give at least 8 hex digits of the hash")
        found = [v for v in self.versions if v.hash.startswith(given)]
        if not found:
            raise NotFound(f"no version of the text has a hash beginning {given}")
        if len({v.hash for v in found}) > 1:
            numbers = " and ".join(str(v.number) for v in sorted(found, key=lambda v: v.number))
            raise InvalidInput(f"{given} begins the hashes of versions {numbers}: give more digits")
        return max(found, key=lambda v: v.number)

    def accept(self, party_id: str, version_hash: str, by: str, now: datetime) -> Acceptance:
        """Accept the current version, named by its hash or a unique prefix of it."""
        named = self.version_by_hash(version_hash)
        if named.hash != self.current.hash:
            raise Conflict(
                f"that is version {named.number}, not the current version "
                f"{self.current.number} of the text: read it again"
            )
        version_hash = named.hash
        if any(a.party_id == party_id and a.withdrawn_at is None for a in self.acceptances):
            raise RuleViolation("this party has accepted the current version already")
        acceptance = Acceptance(party_id, version_hash, by, now)
        self.acceptances.append(acceptance)
        return acceptance

    def accepted_by(self) -> set[str]:
        return {
            a.party_id
            for a in self.acceptances
            if a.withdrawn_at is None and a.version_hash == self.current.hash
        }

    def agreed(self, party_ids: set[str]) -> bool:
        """Every party accepted the current version, and every clause is agreed."""
        return self.current.settled and party_ids <= self.accepted_by()

    def diff(self, first: int, second: int, render: Callable[[TextVersion], str]) -> str:
        """A unified diff of two versions as rendered by `render(version) -> str`."""
        a, b = self.version(first), self.version(second)
        return "".join(
            difflib.unified_diff(
                render(a).splitlines(keepends=True),
                render(b).splitlines(keepends=True),
                fromfile=f"version {first}",
                tofile=f"version {second}",
            )
        )
