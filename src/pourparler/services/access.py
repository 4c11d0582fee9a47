"""Who acts, what they may do, and the record of what they did.

Every use case resolves its actor here and checks its rights here, so that each rule of the
confidentiality contract (docs/security.md, "Who sees what"; where each rule is enforced:
docs/architecture.md) is written once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from secrets import token_hex
from typing import Any, NamedTuple

from pourparler.domain.act import Act
from pourparler.domain.error import NotAllowed, NotFound
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.record import GENESIS, MEDIATOR, PARTIES_AND_MEDIATOR, RecordEntry, seal
from pourparler.domain.role import Actor, Role
from pourparler.domain.talks import Talks
from pourparler.services.binding import BoundUnitOfWork
from pourparler.services.port import (
    RecordRepository,
    Services,
    UnitOfWork,
)
from pourparler.services.principal import Principal
from pourparler.services.snapshot import Snapshots
from pourparler.services.window import RecordWindow, Window

__all__ = [
    "actor_in",
    "can_read_version",
    "can_see_entry",
    "in_talks",
    "knows_version",
    "person_actor",
    "readable_version",
    "reading_talks",
    "reads_content",
    "record",
    "require",
    "require_conduct",
    "require_head",
    "require_setup",
    "reveal_reaches",
]


def person_actor(uow: UnitOfWork, who: Principal) -> Actor:
    """The caller as an actor, without seats: the installation's operator, or a person."""
    if not isinstance(who, Principal):  # a forgotten caller must never pass for the operator
        raise TypeError(f"a use case needs a Principal, not {type(who).__name__}")
    channel = who.channel.value
    if who.operator:
        return Actor(None, "secretariat", operator=True, channel=channel)
    if who.person_id is not None:
        try:
            person = uow.people.get(who.person_id)
        except NotFound:
            raise NotAllowed("your account no longer exists") from None
    else:
        email = who.email or ""
        found = uow.people.by_email(email)
        if found is None:
            raise NotFound(f"no account with e-mail {email.strip().lower()!r}")
        person = found
    return Actor(person.id, person.name, operator=person.operator, channel=channel)


def actor_in(uow: UnitOfWork, talks: Talks, who: Principal) -> Actor:
    """The actor with their seats in `talks`. Someone without a seat may not know the talks."""
    base = person_actor(uow, who)
    if base.operator:
        return base
    seats = talks.seats_of(base.person_id or "")
    if not seats:
        raise NotFound(f"no talks {talks.id}")
    # A seat in a party counts only once its head confirmed it: until then its holder acts
    # with no seat at all, and reads and writes nothing of the party.
    return replace(base, memberships=tuple(m for m in seats if m.confirmed))


class InTalks(NamedTuple):
    uow: UnitOfWork
    talks: Talks
    actor: Actor


@contextmanager
def in_talks(svc: Services, who: Principal, talks_id: str) -> Iterator[InTalks]:
    """One unit of work inside one talks, as `who`.

    Someone without a seat learns nothing, not even that the talks exist. The caller commits;
    committing binds every fact the act wrote to the record and signs its head (binding.py).
    """
    uow: BoundUnitOfWork | None = None
    try:
        with svc.unit_of_work() as raw:
            # Our turn to extend the record first, then its head: writers to one talks queue
            # here and each reads what the one before it left. Should anything act on the talks
            # without taking its turn (or, on SQLite, another process hold the database), our
            # act collides with theirs on the record and fails, rather than act on stale talks.
            raw.record.hold(talks_id)
            head = raw.record.head(talks_id)
            kept = svc.snapshots.get(talks_id, head)  # as stored now: the head has not moved
            talks = raw.talks.adopt(kept) if kept is not None else raw.talks.get(talks_id)
            actor = actor_in(raw, talks, who)
            uow = BoundUnitOfWork(svc, raw, keep=True)  # kept for the next reader once stored
            uow.watch(talks)
            yield InTalks(uow, talks, actor)
    except BaseException:  # the talks are announced as they commit (binding.py): withdrawn
        if uow is not None and uow.announced is not None:
            svc.snapshots.withdraw(talks_id, uow.announced)
        raise


class _KeptRecord(RecordWindow):
    """The record as a read sees it: the entries this process read before (they never change
    once stored) and those added since (Snapshots.entries)."""

    def __init__(self, real: RecordRepository, snapshots: Snapshots) -> None:
        super().__init__(real)
        self._snapshots = snapshots

    def entries(
        self, talks_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[RecordEntry]:
        def load(since: int) -> list[RecordEntry]:
            return self.real.entries(talks_id, after=since)

        kept = self._snapshots.entries(talks_id, self.real.head(talks_id), load)
        return kept[after : None if limit is None else after + limit]


class _ReadOnly(Window):
    """A unit of work for a use case that only reads: it can query, never commit. With
    `snapshots`, it reads the record's entries through them."""

    def __init__(self, uow: UnitOfWork, snapshots: Snapshots | None) -> None:
        super().__init__(uow)
        kept = None if snapshots is None else _KeptRecord(uow.record, snapshots)
        self._record: RecordRepository = kept or uow.record

    @property
    def record(self) -> RecordRepository:
        return self._record

    def commit(self) -> None:
        raise RuntimeError("a use case that reads talks through reading_talks cannot commit")


@contextmanager
def reading_talks(
    svc: Services, who: Principal, talks_id: str, *, fresh: bool = False
) -> Iterator[InTalks]:
    """What `in_talks` gives, for a use case that only reads: the same actor and rights, the
    talks as of the record's current head, and a unit of work that cannot commit.

    The talks come from this process's snapshots when the head has not moved since they were
    last loaded (services/snapshot.py): a read then costs the head and the caller's account,
    not the whole aggregate. What the use case is given must not be changed: other readers
    share it. With `fresh`, the talks are read from the store whatever this process keeps
    (an export shows what is stored, exactly).
    """
    loaded = None
    announced = None  # the head of the talks this read loads, which its next readers wait for
    try:
        with svc.unit_of_work() as raw:
            head = raw.record.head(talks_id)
            talks = None if fresh else svc.snapshots.get(talks_id, head)
            if talks is None:
                if not fresh and head is not None and svc.snapshots.loading(talks_id, head):
                    announced = head
                talks = loaded = raw.talks.get(talks_id)
            actor = actor_in(raw, talks, who)
            yield InTalks(_ReadOnly(raw, None if fresh else svc.snapshots), talks, actor)
        if loaded is not None and not fresh:  # kept once its session closed: no session holds it
            svc.snapshots.keep(talks_id, head, loaded)
    finally:
        if announced is not None:  # refused or failed: nobody waits for talks not coming
            svc.snapshots.withdraw(talks_id, announced)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise NotAllowed(message)


def require_head(actor: Actor, party_id: str) -> None:
    require(actor.is_head_of(party_id), "only the party's head of delegation may do this")


def require_conduct(talks: Talks, actor: Actor, task: str) -> None:
    """The mediator conducts the process; in talks without one, the heads of delegation do.

    `task` completes the refusal: "runs the rounds", "keeps the single negotiating text"...
    """
    if talks.has_mediator:
        require(actor.is_mediator, f"in mediated talks the mediator {task}")
    else:
        require(
            Role.HEAD in actor.roles, f"in talks without a mediator, a head of delegation {task}"
        )


def require_setup(actor: Actor) -> None:
    """Setting talks up is for the secretariat and the mediator."""
    require(
        actor.is_secretariat or actor.is_mediator,
        "only the secretariat or the mediator sets up talks",
    )


def reads_content(actor: Actor) -> bool:
    """Everyone with a seat reads the shared content of talks; the secretariat only metadata."""
    return not (actor.is_secretariat and not actor.roles - {Role.SECRETARIAT})


def reveal_reaches(actor: Actor, parties: tuple[str, ...]) -> bool:
    """Whether a reveal to `parties` reaches `actor`. A reveal to nobody in particular (all or
    nothing: every party committed) reaches everyone who reads content; a reveal at a deadline
    reaches the parties that had committed, and the mediators."""
    if not parties:
        return reads_content(actor)
    return actor.is_mediator or any(actor.is_member_of(p) for p in parties)


def can_read_version(actor: Actor, memorandum: Memorandum, version: MemorandumVersion) -> bool:
    """Own party reads every version; others the revealed ones the reveal reached; the mediator
    what was shared.

    The secretariat reads no content at all, revealed or not: it sees metadata only.
    """
    if actor.is_member_of(memorandum.party_id):
        return True
    if not reads_content(actor):
        return False
    if version.revealed_at is not None and reveal_reaches(actor, version.revealed_to):
        return True
    return actor.is_mediator and version.shared_with_mediator


def knows_version(actor: Actor, memorandum: Memorandum, version: MemorandumVersion) -> bool:
    """Whether `actor` may know of `version`: its readers, and the secretariat (metadata only)
    for a version revealed to everyone."""
    if can_read_version(actor, memorandum, version):
        return True
    public = version.revealed_at is not None and not version.revealed_to
    return actor.is_secretariat and public


def readable_version(
    talks: Talks, actor: Actor, memorandum_id: str, version: int | str
) -> tuple[Memorandum, MemorandumVersion]:
    """A memorandum version the actor may read, by number or id.

    The own party is told precisely what is missing. Anyone else is refused in the same words
    whether the memorandum or version does not exist or is private, so that a refusal never
    tells them a draft exists.
    """
    memorandum = next((m for m in talks.memoranda if m.id == memorandum_id), None)
    if memorandum is not None and actor.is_member_of(memorandum.party_id):
        return memorandum, memorandum.version(version)
    versions = memorandum.versions if memorandum else []
    found = next((v for v in versions if version in (v.number, v.id)), None)
    if memorandum is None or found is None or not can_read_version(actor, memorandum, found):
        raise NotFound(f"no version {version} of memorandum {memorandum_id} that you may read")
    return memorandum, found


def can_see_entry(actor: Actor, entry: RecordEntry) -> bool:
    """Public acts reach everyone; a party's private act its members; an audience widens that
    to the mediators, every party, or named parties (see RecordEntry.audience)."""
    if entry.party_id is not None and actor.is_member_of(entry.party_id):
        return True
    if entry.audience is None:
        return entry.party_id is None
    for token in entry.audience.split():
        if token == MEDIATOR and actor.is_mediator:
            return True
        if token == PARTIES_AND_MEDIATOR and (actor.is_mediator or actor.party_id is not None):
            return True
        if token.startswith("party:") and actor.is_member_of(token.removeprefix("party:")):
            return True
    return False


def record(
    uow: UnitOfWork,
    talks: Talks,
    actor: Actor,
    act: Act,
    now: datetime,
    *,
    party_id: str | None = None,
    audience: str | None = None,
    **data: Any,
) -> RecordEntry:
    """Append an act to the talks' record. `data` holds ids and public facts, never content.

    A private act (`party_id` set) reaches others as a stub that shows its content hash. Its
    actor, act and rough time are easy to guess and its data may hold no random id at all (a
    profile saved, a consent given), so it takes a random salt: without it, hashing guesses
    against the stub would confirm what the party did. A mediator-only act (`audience` set)
    reaches everyone but the mediators as a stub too, and is salted likewise.
    """
    data = {**data, "channel": actor.channel}
    if party_id is not None or audience is not None:
        data["salt"] = token_hex(16)
    head = uow.record.head(talks.id)
    seq, prev = head if head else (0, GENESIS)
    entry = RecordEntry(
        talks_id=talks.id,
        seq=seq + 1,
        prev_hash=prev,
        at=now,
        actor_id=actor.person_id,
        actor=actor.name,
        act=act.value,  # the plain string, as every entry before the enum was hashed
        data=data,
        party_id=party_id,
        audience=audience,
    )
    uow.record.append(seal(entry))
    return entry
