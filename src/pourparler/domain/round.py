"""Rounds of talks: proposed, answered by every other party, scheduled, opened, closed.

A proposal names a date-time with its time zone, a venue and a format. Every party other than
the proposer answers: accept, decline, or counter-propose. A counter-proposal is a new linked
round that supersedes the original, accepted already by the party that made it. The round is
scheduled once every party has accepted; only a scheduled round opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from pourparler.domain.base import as_utc, new_id, parse_choice, require_text, zone
from pourparler.domain.error import InvalidInput, RuleViolation

__all__ = [
    "OPENS_BEFORE",
    "Answer",
    "Response",
    "Round",
    "RoundChange",
    "RoundFormat",
    "RoundStatus",
]

# How long before its scheduled start a round may be opened (delegations arriving the evening
# before, a time zone misread); anything earlier is a new date, agreed as such.
OPENS_BEFORE = timedelta(hours=24)


class RoundStatus(StrEnum):
    PROPOSED = "proposed"
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    SUPERSEDED = "superseded"


class RoundFormat(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    HYBRID = "hybrid"


class Answer(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    COUNTER = "counter"


@dataclass(frozen=True)
class Response:
    """One party's answer to a proposal."""

    party_id: str
    answer: Answer
    at: datetime
    by: str  # person id of the head of delegation
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "party_id": self.party_id,
            "answer": self.answer.value,
            "at": self.at.isoformat(),
            "by": self.by,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Response:
        return cls(
            data["party_id"],
            Answer(data["answer"]),
            datetime.fromisoformat(data["at"]),
            data["by"],
            data.get("note", ""),
        )


@dataclass(frozen=True)
class RoundChange:
    """What a counter-proposal changes; what it leaves as None stays as proposed."""

    starts_at: datetime | None = None
    time_zone: str | None = None
    venue: str | None = None
    format: RoundFormat | str | None = None


@dataclass(eq=False)
class Round:
    """A meeting of the talks, from proposal to outcome."""

    number: int
    starts_at: datetime
    time_zone: str
    venue: str
    format: RoundFormat
    proposed_by: str  # person id
    proposing_party_id: str | None  # None when the mediator proposed
    required_party_ids: tuple[str, ...]  # every party that must accept
    status: RoundStatus = RoundStatus.PROPOSED
    responses: tuple[Response, ...] = ()
    supersedes_id: str | None = None
    outcome: str = ""
    reason: str = ""  # why it was declined, postponed or cancelled; empty otherwise
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        zone(self.time_zone)
        self.starts_at = as_utc(self.starts_at)
        self.venue = require_text(self.venue, "a venue", limit=300)
        self.format = parse_choice(RoundFormat, self.format, "format")
        self.status = RoundStatus(self.status)

    @classmethod
    def propose(
        cls,
        *,
        number: int,
        starts_at: datetime,
        time_zone: str,
        venue: str,
        format: RoundFormat | str,
        proposed_by: str,
        proposing_party_id: str | None,
        party_ids: tuple[str, ...],
        now: datetime,
        supersedes_id: str | None = None,
    ) -> Round:
        """A new proposal; its date must lie in the future."""
        if as_utc(starts_at) <= now:
            raise InvalidInput("a round cannot be proposed for a date in the past")
        return cls(
            number,
            starts_at,
            time_zone,
            venue,
            format,  # type: ignore[arg-type]  # checked and converted in __post_init__
            proposed_by,
            proposing_party_id,
            party_ids,
            supersedes_id=supersedes_id,
        )

    @property
    def awaiting(self) -> tuple[str, ...]:
        """Parties whose answer this proposal still waits for."""
        answered = {r.party_id for r in self.responses}
        return tuple(
            p for p in self.required_party_ids if p not in answered and p != self.proposing_party_id
        )

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(zone(self.time_zone))

    def _require(self, *allowed: RoundStatus, act: str) -> None:
        if self.status not in allowed:
            raise RuleViolation(f"round {self.number} is {self.status.value}: cannot {act}")

    def _may_answer(self, party_id: str) -> None:
        self._require(RoundStatus.PROPOSED, act="answer its proposal")
        if party_id == self.proposing_party_id:
            raise RuleViolation("a party does not answer its own proposal")
        if party_id not in self.awaiting:
            raise RuleViolation("this party has already answered the proposal")

    def _answer(self, party_id: str, answer: Answer, by: str, now: datetime, note: str) -> None:
        self._may_answer(party_id)
        self.responses = (*self.responses, Response(party_id, answer, now, by, note))

    def accept(self, party_id: str, by: str, now: datetime) -> None:
        """Accept for `party_id`; once no party is awaited, the round is scheduled."""
        self._answer(party_id, Answer.ACCEPT, by, now, "")
        if not self.awaiting:
            self.status = RoundStatus.SCHEDULED

    def decline(self, party_id: str, by: str, now: datetime, reason: str) -> None:
        self._answer(party_id, Answer.DECLINE, by, now, require_text(reason, "a reason"))
        self.status = RoundStatus.DECLINED
        self.reason = reason.strip()

    def counter(
        self,
        party_id: str,
        by: str,
        now: datetime,
        number: int,
        change: RoundChange,
    ) -> Round:
        """Counter-propose for `party_id`: the new round supersedes this one."""
        # The new proposal is built before the answer is recorded, so a refused one leaves no trace.
        self._may_answer(party_id)
        proposal = Round.propose(
            number=number,
            starts_at=change.starts_at or self.starts_at,
            time_zone=change.time_zone or self.time_zone,
            venue=change.venue or self.venue,
            format=change.format or self.format,
            proposed_by=by,
            proposing_party_id=party_id,
            party_ids=self.required_party_ids,
            now=now,
            supersedes_id=self.id,
        )
        self._answer(party_id, Answer.COUNTER, by, now, "")
        self.status = RoundStatus.SUPERSEDED
        return proposal

    def open(self, now: datetime) -> None:
        """Open the scheduled round, at the earliest OPENS_BEFORE its start: proceedings dated
        weeks before the round's "When" would make its minutes contradict themselves. To meet
        earlier, postpone the round and reschedule it, and the parties answer the new date."""
        self._require(RoundStatus.SCHEDULED, act="open (only a scheduled round opens)")
        if as_utc(now) < self.starts_at - OPENS_BEFORE:
            hours = int(OPENS_BEFORE.total_seconds() // 3600)
            raise RuleViolation(
                f"round {self.number} is scheduled for "
                f"{self.local_start:%Y-%m-%d %H:%M} {self.time_zone} and opens from "
                f"{hours} hours before: to meet earlier, postpone it and reschedule it"
            )
        self.status = RoundStatus.OPEN

    def close(self, outcome: str) -> None:
        self._require(RoundStatus.OPEN, act="close")
        self.outcome = require_text(outcome, "an outcome summary", limit=5000)
        self.status = RoundStatus.CLOSED

    def postpone(self, reason: str) -> None:
        self._require(RoundStatus.PROPOSED, RoundStatus.SCHEDULED, act="postpone")
        self.reason = require_text(reason, "a reason", limit=2000)
        self.status = RoundStatus.POSTPONED

    def reschedule(self, starts_at: datetime, now: datetime) -> None:
        """Set a new date for a postponed round; every party answers again. The reason for
        the postponement no longer describes the round, which is proposed again: the record
        keeps it, in the act that postponed the round."""
        self._require(RoundStatus.POSTPONED, act="reschedule")
        if as_utc(starts_at) <= now:
            raise InvalidInput("a round cannot be moved to a date in the past")
        self.starts_at = as_utc(starts_at)
        self.responses = ()
        self.reason = ""
        self.status = RoundStatus.PROPOSED

    def cancel(self, reason: str) -> None:
        self._require(
            RoundStatus.PROPOSED, RoundStatus.SCHEDULED, RoundStatus.POSTPONED, act="cancel"
        )
        self.reason = require_text(reason, "a reason", limit=2000)
        self.status = RoundStatus.CANCELLED
