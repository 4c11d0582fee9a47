"""Typed read models: what use cases hand to interfaces, instead of live domain entities.

A live entity (a `Round`, a `MemorandumVersion`) carries more than its caller may see and is
bound to the unit of work that loaded it; an interface that serialises it decides alone what
leaves. These models are the shapes the interfaces get instead. Each reuses the definition of
the same thing in the export format (services/export_document.py), so a round reads the same in
an export, an API answer and a CLI table, and one JSON Schema describes it.

The conversions (`round_view`, `version_view`, `issue_view`, `issue_standing`, `talks_summary`,
`exchange_view`, `clarification_view`, `text_version_view`) live beside the documents they are
built from, in services/view.py and services/view_process.py; notes and profiles are read from
`note_document` and `profile_document`. A view of something a reader may see only in part is
built for the caller (`exchange_view(actor, ...)`), so it holds what that caller may read.
tests/unit/services/test_use_case_views.py keeps use cases from returning domain entities.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from pourparler.domain.comparison import Standing
from pourparler.domain.error import InvalidInput
from pourparler.domain.talks import TalksStatus
from pourparler.services.export_document import (
    ClarificationRecord,
    ExchangeRecord,
    Interval,
    IssueRecord,
    MemorandumRecord,
    NoteRecord,
    ProfileRecord,
    RoundRecord,
    TextVersionRecord,
    VersionRecord,
)

__all__ = [
    "PAGE_LIMIT",
    "ClarificationView",
    "ExchangeView",
    "IssueStanding",
    "IssueView",
    "MemorandumView",
    "NoteView",
    "Page",
    "ProfileView",
    "RoundView",
    "TalksSummary",
    "TextVersionView",
    "VersionView",
    "page_window",
]

PAGE_LIMIT = 200
"""The most items one page holds: a list is read in pages, never whole."""

Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """One page of a list: its items, and where they sit in the whole."""

    model_config = ConfigDict(frozen=True)

    items: list[Item]
    total: int
    offset: int
    limit: int


def page_window(offset: int, limit: int) -> tuple[int, int]:
    """The offset and limit of a page, refused with a clear error when out of bounds."""
    if offset < 0:
        raise InvalidInput(f"offset must be 0 or more, not {offset}")
    if not 1 <= limit <= PAGE_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {PAGE_LIMIT}, not {limit}")
    return offset, limit


class TalksSummary(BaseModel):
    """One line of a list of talks: what any seat in them may know."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    status: TalksStatus
    parties: list[str]
    rounds: int
    created_at: datetime | None


class IssueView(IssueRecord):
    """An issue of the framework, as setup use cases return it."""


class RoundView(RoundRecord):
    """A round (a proposal, a counter-proposal, a meeting), as round use cases return it."""


class VersionView(VersionRecord):
    """A memorandum version, as the party's own member who wrote or read it receives it."""


class TextVersionView(TextVersionRecord):
    """A version of the single negotiating text."""


class ExchangeView(ExchangeRecord):
    """A sealed exchange as its caller may read it: another party's commitment shows only that
    it exists, when, and its digest, until the reveal reaches the caller."""

    def committed(self) -> list[str]:
        """The parties whose commitment stands (not withdrawn)."""
        return [c.party for c in self.commitments if c.withdrawn_at is None]


class ClarificationView(ClarificationRecord):
    """A question on a memorandum; its wording only for a caller who reads content."""


class MemorandumView(MemorandumRecord):
    """A memorandum, with the versions its caller may know of."""


class IssueStanding(BaseModel):
    """Where two or more memoranda stand together on one issue of the framework: the standing,
    what they could all accept (`overlap`, in words), and which of them hold it as a red line,
    in the order of the memoranda compared."""

    model_config = ConfigDict(frozen=True)

    issue: IssueView
    standing: Standing
    overlap: str
    overlap_options: list[str]
    overlap_range: Interval | None
    red_lines: list[bool]


class NoteView(NoteRecord):
    """A mediator's note, as the mediators who alone may read it receive it."""


class ProfileView(ProfileRecord):
    """A party's preference profile, as its own party's members receive it."""
