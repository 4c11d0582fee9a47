"""The talks aggregates this process last read, each kept with the record head it was read at.

Every act inside talks extends its record (binding.py), so the record's head names the state of
the talks: an aggregate read when the head was H is the aggregate as long as the head is still
H. A read then costs the query of the head instead of loading every memorandum, version,
exchange and clause again. The snapshots are only ever read: a use case that acts loads the talks
afresh in its own transaction (access.in_talks).

The facts of the talks at a head are kept too: an act compares the facts after it with those
before it (binding.py), and those before it are the facts the previous act left.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import TYPE_CHECKING

from pourparler.domain.talks import Talks

if TYPE_CHECKING:
    from pourparler.services.fact import FactState

__all__ = ["Snapshots"]

Head = tuple[int, str]


class Snapshots:
    """At most `size` talks, the least recently read dropped first; safe across threads."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._lock = Lock()
        self._kept: OrderedDict[str, tuple[Head, Talks]] = OrderedDict()
        self._facts: OrderedDict[str, tuple[Head, FactState]] = OrderedDict()

    def get(self, talks_id: str, head: Head | None) -> Talks | None:
        """The talks as read at `head`, if this process kept them."""
        if head is None:
            return None
        with self._lock:
            found = self._kept.get(talks_id)
            if found is None or found[0] != head:
                return None
            self._kept.move_to_end(talks_id)
            return found[1]

    def keep(self, talks_id: str, head: Head | None, talks: Talks) -> None:
        """Keep `talks`, read at `head`, detached from the session that read them."""
        if head is None:
            return
        with self._lock:
            self._kept[talks_id] = (head, talks)
            self._kept.move_to_end(talks_id)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

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
            while len(self._facts) > self._size:
                self._facts.popitem(last=False)
