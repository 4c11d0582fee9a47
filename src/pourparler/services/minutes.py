"""Minutes of a round, written from the record and the talks as the reader may see them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.base import as_utc
from pourparler.domain.error import NotFound
from pourparler.domain.record import RecordEntry
from pourparler.domain.role import Role
from pourparler.domain.round import Round
from pourparler.domain.talks import Person, Talks
from pourparler.services.access import actor_in, can_see_entry, person_actor, reads_content
from pourparler.services.clarification import anchor_label
from pourparler.services.fact import seated_people
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal

__all__ = ["ROUND_ACTS", "WINDOW_ACTS", "round_minutes"]

ROUND_ACTS = frozenset(
    {
        Act.ROUND_PROPOSED,
        Act.ROUND_ACCEPTED,
        Act.ROUND_DECLINED,
        Act.ROUND_COUNTER_PROPOSED,
        Act.ROUND_RESCHEDULED,
        Act.ROUND_OPENED,
        Act.ROUND_CLOSED,
        Act.ROUND_POSTPONED,
        Act.ROUND_CANCELLED,
    }
)
"""Acts on a round: in its minutes when they name its number, whenever they happened."""

WINDOW_ACTS = frozenset(
    {
        Act.TEXT_STARTED,
        Act.TEXT_REVISED,
        Act.TEXT_ACCEPTED,
        Act.ACCEPTANCE_WITHDRAWN_BY_EDIT,
        Act.AGREEMENT_REACHED,
        Act.CLARIFICATION_ASKED,
        Act.CLARIFICATION_ANSWERED,
        Act.CLARIFICATION_CLOSED,
        Act.STATUS_CHANGED,
    }
)
"""Acts on the common work: in a round's minutes when they happened while it sat.

(Acts on its exchanges or naming the round's id are in as well, whatever their act.)
"""


def _find(uow: UnitOfWork, round_id: str) -> tuple[Talks, Round]:
    talks_id = uow.talks.holding_round(round_id)
    if talks_id is None:
        raise NotFound(f"no round {round_id}")
    talks = uow.talks.get(talks_id)
    return talks, talks.round(round_id)


def _window(entries: list[RecordEntry], meeting: Round) -> tuple[datetime, datetime]:
    """From the round's opening to its closing (or to now, if still open)."""
    opened = [
        e.at for e in entries if e.act == Act.ROUND_OPENED and e.data.get("round") == meeting.id
    ]
    closed = [
        e.at for e in entries if e.act == Act.ROUND_CLOSED and e.data.get("round") == meeting.id
    ]
    start = opened[0] if opened and opened[0] else meeting.starts_at
    end = closed[0] if closed and closed[0] else datetime.max.replace(tzinfo=start.tzinfo)
    return start, end


def _attendance(talks: Talks, seated: Mapping[str, Person]) -> list[str]:
    lines = []
    for party in talks.parties:
        seats = [m for m in talks.party_seats(party.id) if m.confirmed]  # a delegation's own
        people = ", ".join(f"{seated[m.person_id].name} ({m.role.value})" for m in seats)
        lines.append(f"- {party.name}: {people or 'no seats'}")
    for role in (Role.MEDIATOR, Role.OBSERVER):
        names = [seated[m.person_id].name for m in talks.memberships if m.role is role]
        if names:
            lines.append(f"- {role.value.capitalize()}: {', '.join(names)}")
    return lines


def _line(entry: RecordEntry, names: dict[str, str]) -> str:
    when = entry.at.strftime("%Y-%m-%d %H:%M UTC") if entry.at else ""
    facts = ", ".join(
        f"{k} {names.get(str(v), v)}"
        for k, v in entry.data.items()
        if k in ("party", "version", "number", "status", "digest", "reason") and v
    )
    return f"- {when} — {entry.actor}: {entry.act}" + (f" ({facts})" if facts else "")


def _related(
    entry: RecordEntry, meeting: Round, exchanges: set[str], window: tuple[datetime, datetime]
) -> bool:
    data: dict[str, Any] = entry.data
    if data.get("round") == meeting.id or data.get("exchange") in exchanges:
        return True
    if entry.act in ROUND_ACTS and data.get("number") == meeting.number:
        return True
    return entry.at is not None and window[0] <= entry.at <= window[1] and entry.act in WINDOW_ACTS


def _notes(talks: Talks, meeting: Round, seated: Mapping[str, Person]) -> list[str]:
    """The round's mediator notes, for a mediator's minutes only."""
    notes = [n for n in talks.notes if n.round_id == meeting.id]
    if not notes:
        return []
    lines = ["## Mediator's notes", ""]
    for note in notes:
        author = seated[note.author_id].name if note.author_id in seated else note.author_id
        body = note.text.replace("\n", "\n  ")
        lines.append(f"- {as_utc(note.written_at):%Y-%m-%d %H:%M} UTC — {author}: {body}")
    return [*lines, ""]


def _signed_by(uow: UnitOfWork, talks: Talks) -> str:
    """The keys that vouch for the record, so a reader of the minutes can pin them."""
    keys = uow.record.signers(talks.id)
    provenance = uow.record.provenance(talks.id)
    unverified = " — imported UNVERIFIED" if provenance and not provenance.verified else ""
    return f"heads signed by key {', '.join(keys) or 'none'}{unverified}"


def round_minutes(svc: Services, who: Principal, round_id: str) -> str:
    """The minutes of one round as Markdown."""
    with svc.unit_of_work() as uow:
        person_actor(uow, who)  # an unknown account is refused first, whatever the round
        talks, meeting = _find(uow, round_id)
        try:
            actor = actor_in(uow, talks, who)
        except NotFound:
            # Someone without a seat learns neither the round nor the talks it belongs to.
            raise NotFound(f"no round {round_id}") from None
        entries = [e for e in uow.record.entries(talks.id) if can_see_entry(actor, e)]
        names = {p.id: p.name for p in talks.parties}
        exchanges = {e.id for e in talks.exchanges if e.round_id == meeting.id}
        window = _window(entries, meeting)
        seated = seated_people(uow, talks)
        lines = [
            f"# Minutes of round {meeting.number} — {talks.title}",
            "",
            f"- When: {meeting.local_start:%Y-%m-%d %H:%M} ({meeting.time_zone})",
            f"- Where: {meeting.venue} ({meeting.format.value.replace('_', ' ')})",
            f"- Status: {meeting.status.value}",
            f"- Record: {_signed_by(uow, talks)}",
            "",
            "## Delegations and participants",
            *_attendance(talks, seated),
            "",
            "## Proceedings",
            *[_line(e, names) for e in entries if _related(e, meeting, exchanges, window)],
            "",
        ]
        questions = [c for c in talks.clarifications if c.round_id == meeting.id]
        if questions and reads_content(actor):
            lines += ["## Clarifications", ""]
            for c in questions:
                lines.append(
                    f"- {names[c.asking_party_id]} asked {names[c.answering_party_id]} "
                    f"({anchor_label(talks, actor, c)}): {c.question}"
                )
                if c.answer:
                    lines.append(f"  - Answer: {c.answer}")
                lines.append(f"  - Status: {c.status.value}")
            lines.append("")
        if actor.is_mediator:
            lines += _notes(talks, meeting, seated)
        lines += ["## Outcome", "", meeting.outcome or meeting.reason or "Not closed yet.", ""]
        return "\n".join(lines)
