"""What changed between two versions of one memorandum: sections and positions, one by one.

Comparing two versions of one party's paper is not comparing two parties: both versions may
ask the same thing in different words or with a different rationale, and the drafters need to
see each change, not an "agreement" on every issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pourparler.domain.framework import Issue
from pourparler.domain.memorandum import MemorandumVersion, Position

__all__ = ["Change", "Revision", "position_label", "revision"]


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Revision:
    """One section or position, as it reads in the earlier and the later version."""

    part: str  # "section" or "position"
    name: str  # the section's heading, or the issue's title
    change: Change
    before: str = ""
    after: str = ""
    fields: tuple[str, ...] = ()  # what changed: "heading", "body", "asked", "red line"...

    def to_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "name": self.name,
            "change": self.change.value,
            "before": self.before,
            "after": self.after,
            "fields": list(self.fields),
        }


def _interval(value: tuple[float, float] | None, issue: Issue) -> str:
    if value is None:
        return ""
    unit = f" {issue.range.unit}" if issue.range and issue.range.unit else ""
    low, high = value
    return f"{low:g}{unit}" if low == high else f"{low:g}–{high:g}{unit}"


def position_label(position: Position, issue: Issue) -> str:
    """A position in a few words: what is asked, what else is acceptable, a red line."""
    if position.text:
        said = position.text
    elif position.asked_range is not None:
        said = _interval(position.asked_range, issue)
        if position.acceptable_range and position.acceptable_range != position.asked_range:
            said += f" (acceptable {_interval(position.acceptable_range, issue)})"
    else:
        said = ", ".join(position.asked_options)
        also = [o for o in position.acceptable_options if o not in position.asked_options]
        if also:
            said += f" (acceptable also {', '.join(also)})"
    return f"{said} [red line]" if position.red_line else said


_POSITION_FIELDS = (
    ("asked", lambda p: (p.asked_options, p.asked_range)),
    ("acceptable", lambda p: (p.acceptable_options, p.acceptable_range)),
    ("wording", lambda p: " ".join(p.text.split())),
    ("red line", lambda p: p.red_line),
    ("rationale", lambda p: " ".join(p.rationale.split())),
)


def _sections(before: MemorandumVersion, after: MemorandumVersion) -> list[Revision]:
    old = {s.key: s for s in before.sections}
    new = {s.key for s in after.sections}
    found = []
    for b in after.sections:
        a = old.get(b.key)
        if a is None:
            found.append(Revision("section", b.heading, Change.ADDED, after=b.body))
            continue
        fields = tuple(
            name
            for name, same in (("heading", a.heading == b.heading), ("body", a.body == b.body))
            if not same
        )
        change = Change.CHANGED if fields else Change.UNCHANGED
        found.append(Revision("section", b.heading, change, a.body, b.body, fields))
    found += [
        Revision("section", a.heading, Change.REMOVED, before=a.body)
        for a in before.sections
        if a.key not in new
    ]
    return found


def _position(issue: Issue, a: Position | None, b: Position | None) -> Revision | None:
    if a is not None and b is not None:
        fields = tuple(name for name, read in _POSITION_FIELDS if read(a) != read(b))
        change = Change.CHANGED if fields else Change.UNCHANGED
        before, after = position_label(a, issue), position_label(b, issue)
        return Revision("position", issue.title, change, before, after, fields)
    if b is not None:
        return Revision("position", issue.title, Change.ADDED, after=position_label(b, issue))
    if a is not None:
        return Revision("position", issue.title, Change.REMOVED, before=position_label(a, issue))
    return None


def revision(
    framework: list[Issue], before: MemorandumVersion, after: MemorandumVersion
) -> list[Revision]:
    """Every section (in the later version's order, removed ones last) and every issue of the
    framework (in agenda order) either version takes a position on, with what changed."""
    found = _sections(before, after)
    for issue in sorted(framework, key=lambda i: i.order):
        changed = _position(issue, before.position_on(issue.id), after.position_on(issue.id))
        if changed is not None:
            found.append(changed)
    return found
