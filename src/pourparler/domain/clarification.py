"""Clarifications: a question anchored to a point of another party's revealed document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pourparler.domain.base import new_id, parse_choice, require_text
from pourparler.domain.error import InvalidInput, RuleViolation
from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import MemorandumVersion

__all__ = ["Anchor", "Clarification", "ClarificationStatus", "check_anchor"]


class Anchor(StrEnum):
    SECTION = "section"  # a free section, by its key
    POSITION = "position"  # a position on an options or range issue, by the issue's id
    CLAUSE = "clause"  # a position on a clause issue (proposed wording), by the issue's id


class ClarificationStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


def check_anchor(
    version: MemorandumVersion, framework: list[Issue], kind: Anchor, key: str
) -> None:
    """Refuse an anchor that names no point of `version`."""
    if kind is Anchor.SECTION:
        if not any(s.key == key for s in version.sections):
            raise InvalidInput(f"the document has no section {key!r}")
        return
    position = version.position_on(key)
    if position is None:
        raise InvalidInput(f"the document takes no position on issue {key}")
    issue = next(i for i in framework if i.id == key)
    if (issue.kind is IssueKind.CLAUSE) != (kind is Anchor.CLAUSE):
        raise InvalidInput(
            f"{issue.title!r} is a {issue.kind.value} issue: anchor it as "
            f"{'clause' if issue.kind is IssueKind.CLAUSE else 'position'}"
        )


@dataclass(eq=False)
class Clarification:
    """A question one party asks about another's document, and its answer."""

    round_id: str | None
    memorandum_id: str
    version_id: str
    anchor: Anchor
    anchor_key: str
    asking_party_id: str
    answering_party_id: str
    question: str
    asked_by: str
    asked_at: datetime
    answer: str = ""
    answered_by: str | None = None
    answered_at: datetime | None = None
    status: ClarificationStatus = ClarificationStatus.OPEN
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.anchor = parse_choice(Anchor, self.anchor, "anchor")
        self.status = parse_choice(ClarificationStatus, self.status, "clarification status")
        self.question = require_text(self.question, "a question", limit=5000)
        if self.asking_party_id == self.answering_party_id:
            raise RuleViolation("a party does not ask clarifications of its own document")

    def give_answer(self, text: str, by: str, party_id: str, now: datetime) -> None:
        if party_id != self.answering_party_id:
            raise RuleViolation("only the party whose document it is answers a clarification")
        if self.status is ClarificationStatus.CLOSED:
            raise RuleViolation("the clarification is closed")
        self.answer = require_text(text, "an answer", limit=10000)
        self.answered_by, self.answered_at = by, now
        self.status = ClarificationStatus.ANSWERED

    def close(self) -> None:
        if self.status is ClarificationStatus.CLOSED:
            raise RuleViolation("the clarification is closed already")
        self.status = ClarificationStatus.CLOSED
