"""The record: an append-only, hash-chained log of every act in one talks.

Each entry's hash covers its position, time, actor, act, data, visibility and the hash of the
entry before it, so altering, removing or reordering any stored entry breaks the chain at that
entry. The talks keep the head of their chain too, so cutting entries off the end shows as well.
Entries carry no private content: an act inside a party's private work names the act and the
ids it touched, and is visible to that party only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pourparler.domain.base import new_id

__all__ = ["GENESIS", "RecordEntry", "first_broken", "seal"]

GENESIS = "0" * 64


@dataclass(eq=False)
class RecordEntry:
    """One act of the record."""

    talks_id: str
    seq: int
    at: datetime
    actor_id: str | None
    actor: str
    act: str
    data: dict[str, Any]
    party_id: str | None  # None: public to the talks; else visible to that party only
    prev_hash: str
    hash: str = ""
    id: str = field(default_factory=new_id)

    def digest(self) -> str:
        body = {
            "talks": self.talks_id,
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor": self.actor,
            "act": self.act,
            "data": self.data,
            "party": self.party_id,
            "prev": self.prev_hash,
        }
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal(entry: RecordEntry) -> RecordEntry:
    entry.hash = entry.digest()
    return entry


def first_broken(
    entries: Iterable[RecordEntry], head: tuple[int, str] | None = None
) -> tuple[int, str] | None:
    """The first entry that breaks the chain, as (seq, why), or None when it is intact.

    `entries` come in stored order; `head` is the (seq, hash) the talks keep of their last entry.
    """
    previous, expected_seq = GENESIS, 1
    ordered: Sequence[RecordEntry] = list(entries)
    for entry in ordered:
        if entry.seq != expected_seq:
            return entry.seq, f"expected entry {expected_seq} here, found entry {entry.seq}"
        if entry.prev_hash != previous:
            return entry.seq, "does not follow the entry before it"
        if entry.digest() != entry.hash:
            return entry.seq, "its content does not match its hash"
        previous, expected_seq = entry.hash, expected_seq + 1
    if head is not None and head != (expected_seq - 1, previous):
        seq = expected_seq
        return seq, f"the chain ends at entry {expected_seq - 1} but the talks recorded {head[0]}"
    return None
