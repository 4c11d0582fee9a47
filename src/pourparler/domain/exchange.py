"""Sealed, simultaneous exchange of memoranda at a round.

Each party commits one memorandum version. The commitment published to everyone is
``sha256(salt || canonical bytes)``; the salt stays secret until reveal, so the commitment says
nothing of the document while binding the party to it. Under *all or nothing* the documents are
revealed at the moment the last party commits, and never if the exchange is closed before; under
*at deadline* they are revealed, once the deadline has passed, for every party that committed.

References: the commit-then-reveal scheme is the classic hash commitment, see M. Blum, "Coin
flipping by telephone", 1981, and Menezes, van Oorschot and Vanstone, *Handbook of Applied
Cryptography*, 1996, §13.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pourparler.domain.base import as_utc, new_id, parse_choice, require_text
from pourparler.domain.error import InvalidInput, RuleViolation

__all__ = [
    "Commitment",
    "Exchange",
    "ExchangeStatus",
    "RevealPolicy",
    "commitment_digest",
    "revealed_to",
]


class RevealPolicy(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    AT_DEADLINE = "at_deadline"


class ExchangeStatus(StrEnum):
    OPEN = "open"
    REVEALED = "revealed"
    CLOSED = "closed"  # closed before reveal: nothing was revealed


def commitment_digest(salt_hex: str, canonical: bytes) -> str:
    """The published commitment: SHA-256 over the salt's bytes followed by the document's."""
    return hashlib.sha256(bytes.fromhex(salt_hex) + canonical).hexdigest()


@dataclass(eq=False)
class Commitment:
    """One party's sealed document."""

    party_id: str
    memorandum_id: str
    version_id: str
    salt: str  # hex; secret until reveal
    canonical: str  # the document's canonical JSON, as committed
    digest: str
    committed_at: datetime
    committed_by: str
    withdrawn_at: datetime | None = None
    id: str = field(default_factory=new_id)

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    def verifies(self) -> bool:
        expected = commitment_digest(self.salt, self.canonical.encode("utf-8"))
        return hmac.compare_digest(expected, self.digest)


@dataclass(eq=False)
class Exchange:
    """A sealed exchange of documents among the parties of a round."""

    round_id: str
    title: str
    policy: RevealPolicy
    party_ids: tuple[str, ...]
    opened_at: datetime
    opened_by: str
    deadline: datetime | None = None
    status: ExchangeStatus = ExchangeStatus.OPEN
    revealed_at: datetime | None = None
    commitments: list[Commitment] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.title = require_text(self.title, "an exchange's title", limit=300)
        self.policy = parse_choice(RevealPolicy, self.policy, "reveal policy")
        self.status = parse_choice(ExchangeStatus, self.status, "exchange status")
        if (self.policy is RevealPolicy.AT_DEADLINE) != (self.deadline is not None):
            raise InvalidInput("a deadline goes with the 'at_deadline' policy, and only with it")
        if self.deadline is not None:
            self.deadline = as_utc(self.deadline)
            if self.deadline <= self.opened_at:
                raise InvalidInput("the deadline must lie in the future")

    @property
    def active(self) -> list[Commitment]:
        return [c for c in self.commitments if c.active]

    def commitment_of(self, party_id: str) -> Commitment | None:
        return next((c for c in self.active if c.party_id == party_id), None)

    def _require_open(self) -> None:
        if self.status is not ExchangeStatus.OPEN:
            raise RuleViolation(f"the exchange is {self.status.value}")

    def commit(
        self,
        *,
        party_id: str,
        memorandum_id: str,
        version_id: str,
        canonical: bytes,
        by: str,
        now: datetime,
    ) -> Commitment:
        """Seal one version for `party_id`. Revealing is a separate act (`reveal`), which the
        exchange use case performs at once when the last party commits under all-or-nothing."""
        self._require_open()
        if party_id not in self.party_ids:
            raise RuleViolation("this party does not take part in the exchange")
        if self.commitment_of(party_id) is not None:
            raise RuleViolation("this party has committed already; withdraw first to change")
        if self.deadline is not None and now >= self.deadline:
            raise RuleViolation("the deadline has passed")
        salt = secrets.token_hex(32)
        commitment = Commitment(
            party_id,
            memorandum_id,
            version_id,
            salt,
            canonical.decode("utf-8"),
            commitment_digest(salt, canonical),
            now,
            by,
        )
        self.commitments.append(commitment)
        return commitment

    def withdraw(self, party_id: str, now: datetime) -> Commitment:
        self._require_open()
        commitment = self.commitment_of(party_id)
        if commitment is None:
            raise RuleViolation("this party has no commitment to withdraw")
        commitment.withdrawn_at = now
        return commitment

    @property
    def complete(self) -> bool:
        return {c.party_id for c in self.active} == set(self.party_ids)

    def due(self, now: datetime) -> bool:
        """Whether the documents may be revealed now."""
        if self.status is not ExchangeStatus.OPEN:
            return False
        if self.policy is RevealPolicy.ALL_OR_NOTHING:
            return self.complete
        return self.deadline is not None and now >= self.deadline and bool(self.active)

    def reveal(self, now: datetime) -> list[Commitment]:
        """Reveal every active commitment at once; refused while not due."""
        self._require_open()
        if not self.due(now):
            if self.policy is RevealPolicy.ALL_OR_NOTHING:
                raise RuleViolation("not every party has committed: nothing can be revealed")
            raise RuleViolation("the deadline has not passed (or nobody committed)")
        self.status, self.revealed_at = ExchangeStatus.REVEALED, now
        return self.active

    def close(self) -> None:
        """Close without reveal: under all-or-nothing nothing is ever revealed."""
        self._require_open()
        self.status = ExchangeStatus.CLOSED


def revealed_to(exchange: Exchange) -> tuple[str, ...]:
    """Whom a reveal of `exchange` reaches beyond the mediators: nobody in particular (empty:
    every reader of the talks' content) when every party committed under all or nothing; the
    parties that had committed, when revealed at a deadline."""
    if exchange.policy is RevealPolicy.ALL_OR_NOTHING:
        return ()
    return tuple(c.party_id for c in exchange.active)
