"""The record: an append-only, hash-chained log of every act in one talks.

An entry's `content_hash` covers its time, actor, act, data and visibility; its `hash` covers
its talks, position, content hash and the hash of the entry before it. Altering, removing or
reordering any stored entry therefore breaks the chain at that entry, and the talks keep the
head of their chain so that cutting entries off the end shows too.

Entries carry no private content: an act inside a party's private work names the act and the
ids it touched, and is visible to that party only. An act of the mediator's own work (a note)
has the audience `MEDIATOR` and is visible to the talks' mediators only. Anyone else receives
such an act as a *stub* (its position, content hash and hash, nothing more), which still lets them
verify the whole chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pourparler.domain.base import as_utc, new_id
from pourparler.domain.error import InvalidInput

__all__ = ["GENESIS", "MEDIATOR", "PARTIES_AND_MEDIATOR", "RecordEntry", "first_broken", "seal"]

GENESIS = "0" * 64
MEDIATOR = "mediator"  # the audience of an act that the talks' mediators alone may see
# the audience of an act of secret bidding: every party's members and the mediators, nobody else
PARTIES_AND_MEDIATOR = "parties+mediator"


def _sha256(document: object) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(eq=False)
class RecordEntry:
    """One act of the record; a stub has no content, only its hashes."""

    talks_id: str
    seq: int
    prev_hash: str
    at: datetime | None = None
    actor_id: str | None = None
    actor: str = ""
    act: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    party_id: str | None = None  # None: public to the talks; else visible to that party only
    content_hash: str = ""
    hash: str = ""
    stub: bool = False
    # None: as `party_id` says; MEDIATOR: visible to the talks' mediators only
    audience: str | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.audience not in (None, MEDIATOR, PARTIES_AND_MEDIATOR):
            raise InvalidInput(f"unknown audience {self.audience!r} of a record entry")

    def content_digest(self) -> str:
        content: dict[str, Any] = {
            "at": as_utc(self.at).isoformat(timespec="microseconds") if self.at else None,
            "actor_id": self.actor_id,
            "actor": self.actor,
            "act": self.act,
            "data": self.data,
            "party": self.party_id,
        }
        if self.audience is not None:
            # Only when set, so that the hashes of every entry without one stay as they were.
            content["audience"] = self.audience
        return _sha256(content)

    def chain_digest(self) -> str:
        return _sha256(
            {
                "talks": self.talks_id,
                "seq": self.seq,
                "content": self.content_hash,
                "prev": self.prev_hash,
            }
        )

    def as_stub(self) -> RecordEntry:
        """What someone who may not see this act receives: its place in the chain only."""
        return RecordEntry(
            self.talks_id,
            self.seq,
            self.prev_hash,
            content_hash=self.content_hash,
            hash=self.hash,
            stub=True,
            id=self.id,
        )


def seal(entry: RecordEntry) -> RecordEntry:
    """Fill in the entry's hashes; its content and prev_hash must be set."""
    entry.content_hash = entry.content_digest()
    entry.hash = entry.chain_digest()
    return entry


def first_broken(
    entries: Iterable[RecordEntry], head: tuple[int, str] | None = None
) -> tuple[int, str] | None:
    """The first entry that breaks the chain, as (seq, why), or None when it is intact.

    `entries` come in stored order; `head` is the (seq, hash) the talks keep of their last entry.
    A stub is checked for its place in the chain; a full entry for its content as well.
    """
    previous, expected = GENESIS, 1
    for entry in entries:
        if entry.seq != expected:
            return expected, f"entry {expected} is missing or out of place (found {entry.seq})"
        if entry.prev_hash != previous:
            return entry.seq, "does not follow the entry before it"
        if not entry.stub and entry.content_digest() != entry.content_hash:
            return entry.seq, "its content does not match its hash"
        if entry.chain_digest() != entry.hash:
            return entry.seq, "its hash does not match its place in the chain"
        previous, expected = entry.hash, expected + 1
    if head is not None and head != (expected - 1, previous):
        return expected, f"the chain ends at entry {expected - 1}; the talks recorded {head[0]}"
    return None
