"""The unit of work of one act inside talks: it binds every fact the act wrote to the record,
then signs the record's new head, in the same transaction.

A use case records its acts as it goes; they are held back until it commits. At commit the facts
of the talks are computed again and compared with those at the start: each new, changed or
removed fact is bound (its digest, or None) in an entry whose audience is exactly the fact's
readers — one of the act's own entries when one has that audience, else an extra entry
"facts bound" with it. The entries are then chained and sealed, stored, and the new head is
signed with the installation's key. A use case cannot forget any of this: it is how committing
works.
"""

from __future__ import annotations

from collections import defaultdict
from secrets import token_hex
from types import TracebackType

from pourparler.domain.act import Act
from pourparler.domain.record import GENESIS, RecordEntry, seal
from pourparler.domain.signature import SignedHead, head_statement
from pourparler.domain.talks import Talks
from pourparler.services.fact import (
    NO_FACTS,
    FactState,
    fact_state,
    parts_changed,
    seated_people,
    visibility,
)
from pourparler.services.port import (
    RecordRepository,
    Services,
    UnitOfWork,
)
from pourparler.services.window import RecordWindow, Window

__all__ = ["FACTS_BOUND", "BoundUnitOfWork", "sign_head"]

FACTS_BOUND = Act.FACTS_BOUND
"""The act of an entry that only binds facts, for readers none of the act's own entries has."""


class _PendingRecord(RecordWindow):
    """The record as the use case sees it: what it appends waits for the commit."""

    def __init__(self, real: RecordRepository) -> None:
        super().__init__(real)
        self.pending: list[RecordEntry] = []

    def append(self, entry: RecordEntry) -> None:
        self.pending.append(entry)

    def head(self, talks_id: str) -> tuple[int, str] | None:
        mine = [e for e in self.pending if e.talks_id == talks_id]
        return (mine[-1].seq, mine[-1].hash) if mine else self.real.head(talks_id)

    def entries(
        self, talks_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[RecordEntry]:
        # Pending entries follow every stored one, so the stored page comes first.
        pending = [e for e in self.pending if e.talks_id == talks_id and e.seq > after]
        return (self.real.entries(talks_id, after=after, limit=limit) + pending)[:limit]


class BoundUnitOfWork(Window):
    """A unit of work over one talks whose commit binds, seals and signs (module docstring)."""

    def __init__(self, svc: Services, uow: UnitOfWork, *, keep: bool = False) -> None:
        """With `keep`, the talks committed are kept for this process's readers and next act
        (Snapshots.keep): announced as they commit, kept as soon as they are stored. Should
        the commit fail, the caller withdraws the head announced (`announced`)."""
        super().__init__(uow)
        self._svc = svc
        self._keep = keep
        self._record = _PendingRecord(uow.record)
        self._watched: Talks | None = None
        self._before = NO_FACTS
        self._after = NO_FACTS
        self.announced: tuple[int, str] | None = None  # the head it is about to leave

    @property
    def record(self) -> _PendingRecord:
        return self._record

    def watch(self, talks: Talks, *, new: bool = False) -> None:
        """Bind what happens to `talks` from now on (all of it, for talks created here)."""
        self._watched = talks
        if new:
            self._before = NO_FACTS
            return
        head = self._uow.record.head(talks.id)
        kept = self._svc.snapshots.facts(talks.id, head)
        self._before = kept or fact_state(talks, seated_people(self._uow, talks))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._record.pending.clear()

    def rollback(self) -> None:
        self._record.pending.clear()
        self._uow.rollback()

    def commit(self) -> None:
        talks = self._watched
        if talks is not None:
            self._bind(talks)
            entries = [e for e in self._record.pending if e.talks_id == talks.id]
            self._chain(talks.id, entries)
            for entry in entries:
                self._record.real.append(entry)
            if entries:
                sign_head(self._svc, self._uow, talks.id, entries[-1])
            if entries and self._keep:
                # Announced before it is stored, so that whoever reads the new head waits for
                # the talks this act keeps rather than load them again.
                self.announced = (entries[-1].seq, entries[-1].hash)
                self._svc.snapshots.coming(talks.id, self.announced)
        self._record.pending.clear()
        self._uow.commit()
        if talks is not None:  # the facts the next act starts from, at the head this one left
            committed = self._uow.record.head(talks.id)
            self._svc.snapshots.keep_facts(talks.id, committed, self._after)
            if self._keep:  # at once: readers of the new head, and the next act, wait for them
                self._svc.snapshots.keep(talks.id, committed, talks)

    def _bind(self, talks: Talks) -> None:
        people = seated_people(self._uow, talks)
        changed = (
            None if self._before is NO_FACTS else parts_changed(talks, self._uow.talks.changed())
        )
        self._after = fact_state(talks, people, self._before, changed)
        if changed is not None and self._svc.audit:
            _audit(self._after, fact_state(talks, people))
        before, after = self._before.facts, self._after.facts
        groups: dict[tuple[str | None, str | None], dict[str, str | None]] = defaultdict(dict)
        for key, fact in after.items():
            if before.get(key) != fact:
                groups[visibility(fact.readers)][key] = fact.digest
        for key, fact in before.items():
            if key not in after:
                groups[visibility(fact.readers)][key] = None
        pending = [e for e in self._record.pending if e.talks_id == talks.id]
        for (party_id, audience), bound in groups.items():
            target = next(
                (e for e in reversed(pending) if (e.party_id, e.audience) == (party_id, audience)),
                None,
            )
            if target is None:
                target = self._extra_entry(talks, pending, party_id, audience)
                self._record.pending.append(target)
            target.data = {**target.data, "facts": {**target.data.get("facts", {}), **bound}}

    def _extra_entry(
        self,
        talks: Talks,
        pending: list[RecordEntry],
        party_id: str | None,
        audience: str | None,
    ) -> RecordEntry:
        first = pending[0] if pending else None
        data: dict[str, object] = {"act": first.act if first else None}
        if first is not None and "channel" in first.data:
            data["channel"] = first.data["channel"]
        if party_id is not None or audience is not None:
            data["salt"] = token_hex(16)  # as access.record() salts every restricted entry
        return RecordEntry(
            talks_id=talks.id,
            seq=0,
            prev_hash="",
            at=first.at if first else self._svc.clock(),
            actor_id=first.actor_id if first else None,
            actor=first.actor if first else "secretariat",
            act=FACTS_BOUND.value,
            data=data,
            party_id=party_id,
            audience=audience,
        )

    def _chain(self, talks_id: str, entries: list[RecordEntry]) -> None:
        """Number, link and seal `entries` on top of the head pinned at the start."""
        head = self._record.real.head(talks_id)
        seq, previous = head if head else (0, GENESIS)
        for entry in entries:
            seq += 1
            entry.seq, entry.prev_hash = seq, previous
            previous = seal(entry).hash


def _audit(incremental: FactState, whole: FactState) -> None:
    """Refuse to commit when the facts built again only where the act changed the talks differ
    from the facts built whole (Services.audit, on in the test suite)."""
    if incremental.facts != whole.facts:
        keys = incremental.facts.keys() ^ whole.facts.keys() or {
            key for key, fact in whole.facts.items() if incremental.facts[key] != fact
        }
        raise RuntimeError(f"incremental binding missed facts: {sorted(keys)[:10]}")


def sign_head(svc: Services, uow: UnitOfWork, talks_id: str, last: RecordEntry) -> None:
    """Sign the head of the talks' record, `last` being its last entry."""
    signer = svc.keys.signer(uow)
    now = svc.clock()
    statement = head_statement(talks_id, last.seq, last.hash, now)
    uow.record.sign(
        SignedHead(talks_id, last.seq, last.hash, signer.fingerprint, signer.sign(statement), now)
    )
