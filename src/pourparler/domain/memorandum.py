"""Memoranda: a party's position paper, saved as immutable versions.

A version holds free sections (Markdown) and at most one structured position per framework
issue. Versions are private to their party until revealed in an exchange, or shared by the party
with the mediator.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pourparler.domain.base import limit_text, new_id, require_text
from pourparler.domain.error import Conflict, InvalidInput, NotFound
from pourparler.domain.framework import Issue, IssueKind

__all__ = ["Memorandum", "MemorandumVersion", "Position", "Section"]

# The longest section, wording or rationale, as the API's document format allows.
LONG_TEXT = 200_000


@dataclass(frozen=True)
class Section:
    """A free section of a memorandum; `key` anchors clarifications to it."""

    key: str
    heading: str
    body: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "heading": self.heading, "body": self.body}


@dataclass(frozen=True)
class Position:
    """A party's position on one issue: what it asks, what it could accept, and why.

    For an options issue `asked` and `acceptable` are option labels; for a range issue they are
    `(low, high)` intervals; for a clause issue `text` is the wording the party proposes.
    """

    issue_id: str
    asked_options: tuple[str, ...] = ()
    acceptable_options: tuple[str, ...] = ()
    asked_range: tuple[float, float] | None = None
    acceptable_range: tuple[float, float] | None = None
    text: str = ""
    red_line: bool = False
    rationale: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue_id": self.issue_id,
            "asked_options": list(self.asked_options),
            "acceptable_options": list(self.acceptable_options),
            "asked_range": list(self.asked_range) if self.asked_range else None,
            "acceptable_range": list(self.acceptable_range) if self.acceptable_range else None,
            "text": self.text,
            "red_line": self.red_line,
            "rationale": self.rationale,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Position:
        def interval(value: Any) -> tuple[float, float] | None:
            if value is None:
                return None
            if not isinstance(value, list | tuple) or len(value) != 2:
                raise InvalidInput("a range position is a pair [low, high]")
            return (float(value[0]), float(value[1]))

        try:
            return cls(
                issue_id=str(data["issue_id"]),
                asked_options=tuple(str(o) for o in data.get("asked_options") or ()),
                acceptable_options=tuple(str(o) for o in data.get("acceptable_options") or ()),
                asked_range=interval(data.get("asked_range")),
                acceptable_range=interval(data.get("acceptable_range")),
                text=str(data.get("text") or ""),
                red_line=bool(data.get("red_line", False)),
                rationale=str(data.get("rationale") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"malformed position: {exc}") from None

    def checked(self, issue: Issue) -> Position:
        """This position, validated against `issue`; the options asked are counted acceptable.

        What a party asks for is acceptable to it: `acceptable_range` must contain `asked_range`
        (absent, it is `asked_range`). A red line means nothing but what is asked is
        acceptable, so a red-line position that lists anything else is refused as contradictory.
        """
        limit_text(self.text, f"the wording on {issue.title!r}", limit=LONG_TEXT)
        limit_text(self.rationale, f"the rationale on {issue.title!r}", limit=LONG_TEXT)
        if issue.kind is IssueKind.OPTIONS:
            return self._checked_options(issue)
        if issue.kind is IssueKind.RANGE:
            return self._checked_range(issue)
        if not self.text.strip():
            raise InvalidInput(f"the position on {issue.title!r} needs the proposed wording")
        return self

    def _checked_options(self, issue: Issue) -> Position:
        if not self.asked_options:
            raise InvalidInput(f"the position on {issue.title!r} asks for no option")
        unknown = set(self.asked_options + self.acceptable_options) - set(issue.options)
        if unknown:
            raise InvalidInput(f"{issue.title!r} has no option {sorted(unknown)[0]!r}")
        beyond = [o for o in self.acceptable_options if o not in self.asked_options]
        if self.red_line and beyond:
            raise InvalidInput(
                f"the position on {issue.title!r} is a red line, so only what it asks for is "
                f"acceptable: drop {beyond[0]!r} from acceptable_options, or the red line"
            )
        acceptable = tuple(
            o for o in issue.options if o in {*self.asked_options, *self.acceptable_options}
        )
        asked = tuple(o for o in issue.options if o in self.asked_options)
        return _replace(self, asked_options=asked, acceptable_options=acceptable)

    def _checked_range(self, issue: Issue) -> Position:
        bounds = issue.range
        if bounds is None or self.asked_range is None:
            raise InvalidInput(f"the position on {issue.title!r} asks for no value")
        low, high = self.asked_range
        acc_low, acc_high = self.acceptable_range or self.asked_range
        if low > high or acc_low > acc_high:
            raise InvalidInput(f"the position on {issue.title!r} has an interval upside down")
        if not all(bounds.contains(v) for v in (low, high, acc_low, acc_high)):
            raise InvalidInput(
                f"the position on {issue.title!r} lies outside {bounds.low:g}–{bounds.high:g}"
            )
        if not acc_low <= low <= high <= acc_high:
            raise InvalidInput(
                f"the position on {issue.title!r} asks for {low:g}–{high:g}, outside what it "
                f"could accept ({acc_low:g}–{acc_high:g}): acceptable_range must contain it"
            )
        if self.red_line and (acc_low, acc_high) != (low, high):
            raise InvalidInput(
                f"the position on {issue.title!r} is a red line, so only what it asks for is "
                f"acceptable: make acceptable_range {low:g}–{high:g} or drop the red line"
            )
        return _replace(self, asked_range=(low, high), acceptable_range=(acc_low, acc_high))


def _replace(position: Position, **changes: Any) -> Position:
    return dataclasses.replace(position, **changes)


@dataclass(eq=False)
class MemorandumVersion:
    """One immutable saved state of a memorandum."""

    number: int
    created_at: datetime
    author_id: str
    sections: tuple[Section, ...]
    positions: tuple[Position, ...]
    shared_with_mediator: bool = False
    revealed_at: datetime | None = None
    # Revealed at a deadline: to these parties (those that had committed) and the mediators only.
    # Empty: revealed to everyone who reads the talks' content.
    revealed_to: tuple[str, ...] = ()
    id: str = field(default_factory=new_id)

    def position_on(self, issue_id: str) -> Position | None:
        return next((p for p in self.positions if p.issue_id == issue_id), None)

    def content(self, title: str, party_name: str) -> dict[str, Any]:
        """The document itself, as it would be handed over."""
        return {
            "title": title,
            "party": party_name,
            "version": self.number,
            "sections": [s.to_dict() for s in self.sections],
            "positions": [p.to_dict() for p in self.positions],
        }

    def canonical_bytes(self, title: str, party_name: str) -> bytes:
        """A stable byte form of the document: sorted keys, no spaces, UTF-8."""
        document = self.content(title, party_name)
        return json.dumps(
            document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")


@dataclass(eq=False)
class Memorandum:
    """A party's position paper; every save appends a version."""

    party_id: str
    title: str
    round_id: str | None = None
    versions: list[MemorandumVersion] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.title = require_text(self.title, "a memorandum's title", limit=300)

    @property
    def latest(self) -> MemorandumVersion | None:
        return max(self.versions, key=lambda v: v.number, default=None)

    def version(self, number_or_id: int | str) -> MemorandumVersion:
        for v in self.versions:
            if number_or_id in (v.number, v.id):
                return v
        raise NotFound(f"memorandum {self.id} has no version {number_or_id}")

    def save(
        self,
        *,
        framework: list[Issue],
        sections: list[Section],
        positions: list[Position],
        author_id: str,
        now: datetime,
    ) -> MemorandumVersion:
        """Append a new version after checking every section and position."""
        keys = [require_text(s.key, "a section key", limit=80) for s in sections]
        if len(set(keys)) != len(keys):
            raise InvalidInput("two sections share one key")
        issues = {i.id: i for i in framework}
        seen: set[str] = set()
        checked = []
        for p in positions:
            if p.issue_id not in issues:
                raise InvalidInput(f"no issue {p.issue_id!r} in the framework")
            if p.issue_id in seen:
                raise InvalidInput(f"two positions on {issues[p.issue_id].title!r}")
            seen.add(p.issue_id)
            checked.append(p.checked(issues[p.issue_id]))
        order = {i.id: i.order for i in framework}
        checked.sort(key=lambda p: order[p.issue_id])
        written = tuple(
            Section(
                k,
                require_text(s.heading, "a heading", limit=300),
                limit_text(s.body, f"the text of section {k!r}", limit=LONG_TEXT),
            )
            for k, s in zip(keys, sections, strict=True)
        )
        latest = self.latest
        if latest is not None and (latest.sections, latest.positions) == (written, tuple(checked)):
            raise Conflict(f"nothing changed: version {latest.number} says exactly this already")
        version = MemorandumVersion(
            number=len(self.versions) + 1,
            created_at=now,
            author_id=author_id,
            sections=written,
            positions=tuple(checked),
        )
        self.versions.append(version)
        return version
