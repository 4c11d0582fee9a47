"""The talks aggregates this process last read, each kept with the record head it was read at.

Every act inside talks extends its record (binding.py), so the record's head names the state of
the talks: an aggregate read when the head was H is the aggregate as long as the head is still
H. A read then costs the query of the head instead of loading every memorandum, version,
exchange and clause again. The snapshots are only ever read: a use case that acts loads the talks
afresh in its own transaction (access.in_talks).

The facts of the talks at a head are kept too: an act compares the facts after it with those
before it (binding.py), and those before it are the facts the previous act left.

An act announces the head it is committing (`coming`) until it keeps its talks: a reader or
the next act that finds that head waits for them a moment (`get`), rather than load them again.
So does a reader that loads talks at a head nobody kept (`loading`), as when another worker or
the command line acted: the readers of that head that follow wait for its load, not load too.

Reads of kept talks keep their answers with them (`answer`): what one reader gets at one head is
computed once, then served again until the head moves. The record's entries never change once
stored, so the entries read are kept too (`entries`): a read of the record loads only the
entries added since.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Event, Lock
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from pourparler.domain.record import RecordEntry
from pourparler.domain.talks import Talks

if TYPE_CHECKING:
    from pourparler.services.fact import FactState

__all__ = ["Snapshots"]

Head = tuple[int, str]
T = TypeVar("T")
ANSWERS = 256  # answers kept with one talks at one head, at most
COMING_WAIT = 0.5  # seconds a reader waits for the talks an act committed, at most
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
        self._coming: dict[str, tuple[Head, Event]] = {}  # talks committed, not yet kept

    def get(self, talks_id: str, head: Head | None, *, wait: float = COMING_WAIT) -> Talks | None:
        """The talks as read at `head`, if this process kept them, or an act of this process
        committed them and keeps them within `wait` seconds."""
        if head is None:
            return None
        with self._lock:
            found = self._kept.get(talks_id)
            if found is not None and found.head == head:
                self._kept.move_to_end(talks_id)
                return found.talks
            coming = self._coming.get(talks_id)
        if coming is None or coming[0] != head or not coming[1].wait(wait):
            return None
        with self._lock:
            found = self._kept.get(talks_id)
            return found.talks if found is not None and found.head == head else None

    def coming(self, talks_id: str, head: Head) -> None:
        """An act is committing the talks at `head` and will keep them (`keep`) or say it will
        not (`withdraw`)."""
        with self._lock:
            earlier = self._coming.get(talks_id)
            self._coming[talks_id] = (head, Event())
        if earlier is not None:
            earlier[1].set()

    def loading(self, talks_id: str, head: Head | None) -> bool:
        """A reader is loading the talks at `head`, and will keep them (`keep`) or withdraw:
        readers of the same head wait for it. False, announcing nothing, when an act or another
        reader has announced talks already: the caller loads for itself alone."""
        if head is None:
            return False
        with self._lock:
            if talks_id in self._coming:
                return False
            self._coming[talks_id] = (head, Event())
            return True

    def withdraw(self, talks_id: str, head: Head) -> None:
        """The act that committed `head` will not keep its talks: nobody waits for them."""
        with self._lock:
            coming = self._coming.get(talks_id)
            if coming is not None and coming[0] == head:
                del self._coming[talks_id]
                coming[1].set()

    def keep(self, talks_id: str, head: Head | None, talks: Talks) -> None:
        """Keep `talks` as they are at `head`: read there, or stored there by an act. Nobody
        changes them from now on. Talks at a later head, kept already, stay (a read that began
        before an act ended brings older ones)."""
        if head is None:
            return
        with self._lock:
            found = self._kept.get(talks_id)
            if found is None or found.head[0] <= head[0]:
                self._kept[talks_id] = _Kept(head, talks, {})
                self._kept.move_to_end(talks_id)
                _trim(self._kept, self._size)
        self.withdraw(talks_id, head)  # whoever waited for them reads them now, or loads

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
