"""Mediator notes: the mediator's own working notes on the talks, read by mediators alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pourparler.domain.base import new_id, require_text

__all__ = ["NOTE_LIMIT", "MediatorNote"]

NOTE_LIMIT = 20_000  # characters: a long page of notes, not a document store


@dataclass(eq=False)
class MediatorNote:
    """A note a mediator wrote, on the talks as a whole or on one round."""

    author_id: str
    written_at: datetime
    text: str
    round_id: str | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = require_text(self.text, "a note", limit=NOTE_LIMIT)
