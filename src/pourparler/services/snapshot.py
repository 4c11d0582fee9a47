"""The talks aggregates this process last read, each kept with the record head it was read at.

Every act inside talks extends its record (binding.py), so the record's head names the state of
the talks: an aggregate read when the head was H is the aggregate as long as the head is still
H. A read then costs the query of the head instead of loading every memorandum, version,
exchange and clause again. The snapshots are only ever read: a use case that acts loads the talks
afresh in its own transaction (access.in_talks).

The facts of the talks at a head are kept too: an act compares the facts after it with those
before it (binding.py), and those before it are the facts the previous act left.

Reads of kept talks keep their answers with them (`answer`): what one reader gets at one head is
computed once, then served again until the head moves. The record's entries never change once
stored, so the entries read are kept too (`entries`): a read of the record loads only the
entries added since.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from pourparler.domain.record import RecordEntry
from pourparler.domain.talks import Talks

if TYPE_CHECKING:
    from pourparler.services.fact import FactState

__all__ = ["Snapshots"]

Head = tuple[int, str]
T = TypeVar("T")
ANSWERS = 256  # answers kept with one talks at one head, at most
_UNKNOWN = object()


class _Kept(NamedTuple):
    head: Head
    talks: Talks
    answers: dict[Hashable, Any]  # what reads of these talks answered, by reader and question


class Snapshots:
    """At most `size` talks, the least recently read dropped first; safe across threads."""

    def __init__(self, size: int = 32, *, audit: bool = False) -> None:
        self._size = size
        self._audit = audit  # answers kept are checked against answers computed anew
        self._lock = Lock()
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._facts: OrderedDict[str, tuple[Head, FactState]] = OrderedDict()
        self._records: OrderedDict[str, list[RecordEntry]] = OrderedDict()

    def get(self, talks_id: str, head: Head | None) -> Talks | None:
        """The talks as read at `head`, if this process kept them."""
        if head is None:
            return None
        with self._lock:
            found = self._kept.get(talks_id)
            if found is None or found.head != head:
                return None
            self._kept.move_to_end(talks_id)
            return found.talks

    def keep(self, talks_id: str, head: Head | None, talks: Talks) -> None:
        """Keep `talks`, read at `head`, detached from the session that read them."""
        if head is None:
            return
        with self._lock:
            self._kept[talks_id] = _Kept(head, talks, {})
            self._kept.move_to_end(talks_id)
            _trim(self._kept, self._size)

    def answer(self, talks: Talks, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, computed once for talks this process keeps: a read's answer depends on
        nothing but the talks at one head and the question in `key` (who asks, and what).
        Readers share the answer and must not change it. Talks not kept (an act's own, or
        talks read afresh) are computed every time."""
        with self._lock:
            found = self._kept.get(talks.id)
            answers = found.answers if found is not None and found.talks is talks else None
            known = answers.get(key, _UNKNOWN) if answers is not None else _UNKNOWN
        if known is not _UNKNOWN and not self._audit:
            return cast(T, known)
        value = compute()
        if known is not _UNKNOWN:  # audited: the answer kept must still be the answer
            if known != value:
                raise RuntimeError(f"a reader changed the answer kept for {key!r}")
            return cast(T, known)
        if answers is not None:
            with self._lock:
                if len(answers) < ANSWERS:
                    answers.setdefault(key, value)
        return value

    def entries(
        self, talks_id: str, head: Head | None, load: Callable[[int], list[RecordEntry]]
    ) -> list[RecordEntry]:
        """The entries of the talks' record up to `head` at least, by seq (the entry of seq n
        at index n - 1). Those read before are kept; `load(after)` reads those after a seq."""
        if head is None:
            return []
        with self._lock:
            kept = self._records.get(talks_id) or []
        seq, last = head
        if len(kept) >= seq:
            if kept[seq - 1].hash == last:
                return kept
            kept = []  # not the record kept (the store restored from a backup?): read anew
        more = load(len(kept))
        if kept and more and more[0].prev_hash != kept[-1].hash:
            kept, more = [], load(0)
        entries = kept + more  # a new list: other readers may hold the one kept
        if all(e.seq == n for n, e in enumerate(more, len(kept) + 1)):
            with self._lock:
                self._records[talks_id] = entries
                self._records.move_to_end(talks_id)
                _trim(self._records, self._size)
        return entries

    def facts(self, talks_id: str, head: Head | None) -> FactState | None:
        """The facts of the talks at `head`, if this process kept them."""
        if head is None:
            return None
        with self._lock:
            found = self._facts.get(talks_id)
            return found[1] if found is not None and found[0] == head else None

    def keep_facts(self, talks_id: str, head: Head | None, facts: FactState) -> None:
        """Keep the facts of the talks at `head`, as an act committed them."""
        if head is None:
            return
        with self._lock:
            self._facts[talks_id] = (head, facts)
            self._facts.move_to_end(talks_id)
            _trim(self._facts, self._size)


def _trim(kept: OrderedDict[str, Any], size: int) -> None:
    """Drop the least recently used until `size` are left."""
    while len(kept) > size:
        kept.popitem(last=False)
