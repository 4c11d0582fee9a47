"""Talks: the aggregate that holds parties, seats, the framework, rounds and memoranda."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from pourparler.domain.base import limit_text, new_id, parse_choice, require_text
from pourparler.domain.bidding import SecretVerdict, bids_basis, profile_basis
from pourparler.domain.clarification import Clarification
from pourparler.domain.error import Conflict, InvalidInput, NotFound, RuleViolation
from pourparler.domain.exchange import Exchange
from pourparler.domain.framework import Issue, IssueChange
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.note import MediatorNote
from pourparler.domain.profile import PreferenceProfile
from pourparler.domain.role import PARTY_ROLES, Membership, Role
from pourparler.domain.round import Round, RoundStatus
from pourparler.domain.text import NegotiatingText

__all__ = ["Party", "Person", "Talks", "TalksStatus"]


class TalksStatus(StrEnum):
    PREPARING = "preparing"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    AGREED = "concluded with agreement"
    NOT_AGREED = "concluded without agreement"


SUBJECT_LIMIT = 10_000  # as the API's schema
CONCLUDED = frozenset({TalksStatus.AGREED, TalksStatus.NOT_AGREED})


@dataclass(eq=False)
class Person:
    """An account: a name, an e-mail that identifies it, a password hash, operator or not,
    and whether the operator let it open talks (it then takes the secretariat's seat in the
    talks it opens)."""

    name: str
    email: str
    password_hash: str = ""
    operator: bool = False
    opens_talks: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.name = require_text(self.name, "a name", limit=200)
        self.email = require_text(self.email, "an e-mail", limit=254).lower()
        local, _, domain = self.email.partition("@")
        if not local or "." not in domain or " " in self.email:
            raise InvalidInput(f"{self.email!r} is not an e-mail address")


@dataclass(eq=False)
class Party:
    """A principal side of the talks."""

    name: str
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.name = require_text(self.name, "a party's name", limit=200)


@dataclass(eq=False)
class Talks:
    """A negotiation, with everything that belongs to it."""

    title: str
    subject: str = ""
    languages: tuple[str, ...] = ("en",)
    status: TalksStatus = TalksStatus.PREPARING
    created_at: datetime | None = None
    parties: list[Party] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    memoranda: list[Memorandum] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    clarifications: list[Clarification] = field(default_factory=list)
    text: NegotiatingText | None = None
    profiles: list[PreferenceProfile] = field(default_factory=list)
    notes: list[MediatorNote] = field(default_factory=list)
    statement: str = ""
    secret_verdict: SecretVerdict | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.title = require_text(self.title, "a title", limit=300)
        self.subject = limit_text(self.subject, "a subject", limit=SUBJECT_LIMIT)
        self.status = parse_choice(TalksStatus, self.status, "status")
        self.languages = tuple(require_text(x, "a language", limit=20) for x in self.languages)

    # -- lookups -------------------------------------------------------------------------------
    def party(self, party_id: str) -> Party:
        return _find(self.parties, party_id, "party")

    def issue(self, issue_id: str) -> Issue:
        return _find(self.issues, issue_id, "issue")

    def round(self, round_id: str) -> Round:
        return _find(self.rounds, round_id, "round")

    def memorandum(self, memorandum_id: str) -> Memorandum:
        return _find(self.memoranda, memorandum_id, "memorandum")

    def exchange(self, exchange_id: str) -> Exchange:
        return _find(self.exchanges, exchange_id, "exchange")

    def clarification(self, clarification_id: str) -> Clarification:
        return _find(self.clarifications, clarification_id, "clarification")

    def negotiating_text(self) -> NegotiatingText:
        if self.text is None:
            raise NotFound("these talks have no negotiating text yet")
        return self.text

    def version_by_id(self, version_id: str) -> tuple[Memorandum, MemorandumVersion]:
        for memorandum in self.memoranda:
            for version in memorandum.versions:
                if version.id == version_id:
                    return memorandum, version
        raise NotFound(f"no memorandum version {version_id} in these talks")

    def issue_id_of(self, ref: str) -> str:
        """The id of the issue `ref` names, by id or by title (case aside). An unknown `ref`
        comes back as it is, so that checking it against the framework reports it."""
        wanted = ref.strip()
        for issue in self.issues:
            if wanted == issue.id or wanted.casefold() == issue.title.casefold():
                return issue.id
        return wanted

    def party_named(self, name: str) -> Party:
        for p in self.parties:
            if p.name.casefold() == name.strip().casefold():
                return p
        raise NotFound(f"no party {name!r} in these talks")

    def seats_of(self, person_id: str) -> tuple[Membership, ...]:
        return tuple(m for m in self.memberships if m.person_id == person_id)

    @property
    def framework(self) -> list[Issue]:
        return sorted(self.issues, key=lambda i: i.order)

    @property
    def has_mediator(self) -> bool:
        return any(m.role is Role.MEDIATOR for m in self.memberships)

    # -- set-up --------------------------------------------------------------------------------
    def require_open(self) -> None:
        if self.status in CONCLUDED:
            raise RuleViolation(f"the talks are {self.status.value}: nothing more can change")

    def add_party(self, name: str) -> Party:
        self.require_open()
        party = Party(name)
        if any(p.name.casefold() == party.name.casefold() for p in self.parties):
            raise Conflict(f"the talks already have a party named {party.name!r}")
        self.parties.append(party)
        return party

    def seat(
        self,
        person_id: str,
        role: Role,
        party_id: str | None = None,
        *,
        by_head: bool = False,
        by_mediator: bool = False,
    ) -> Membership:
        """Give a person a seat; one seat per person, one head per party.

        A party's head is confirmed by the act that seats them (there is no head yet to ask);
        any other seat in a party is confirmed only when its head gives it (`by_head`) or
        confirms it later. The first mediator is confirmed by the act that seats them; a further
        mediator only when a mediator gives the seat (`by_mediator`) or confirms it later.
        """
        self.require_open()
        if party_id is not None:
            self.party(party_id)
        membership = Membership(person_id, role, party_id)
        if role is Role.MEDIATOR:
            seated = any(m.role is Role.MEDIATOR and m.confirmed for m in self.memberships)
            membership.confirmed = by_mediator or not seated
        else:
            membership.confirmed = membership.confirmed or role is Role.HEAD or by_head
        if self.seats_of(person_id):
            raise Conflict("this person already has a seat in these talks")
        if role is Role.HEAD and any(
            m.role is Role.HEAD and m.party_id == party_id for m in self.memberships
        ):
            raise Conflict("this party already has a head of delegation")
        self.memberships.append(membership)
        return membership

    def confirm_seat(self, person_id: str, party_id: str | None) -> Membership:
        """The party's head confirms a seat in the party (with `party_id` None: a mediator
        confirms another mediator's seat); it takes effect from now."""
        self.require_open()
        waiting = (
            self.party_seats(party_id)
            if party_id is not None
            else [m for m in self.memberships if m.role is Role.MEDIATOR]
        )
        seat = next((m for m in waiting if m.person_id == person_id), None)
        if seat is None or seat.confirmed:
            raise NotFound("no seat in your party awaits confirmation for this person")
        seat.confirmed = True
        return seat

    def add_issue(self, issue: Issue) -> Issue:
        self.require_open()
        if any(i.title.casefold() == issue.title.casefold() for i in self.issues):
            raise Conflict(f"the framework already has an issue {issue.title!r}")
        issue.order = max((i.order for i in self.issues), default=-1) + 1
        self.issues.append(issue)
        return issue

    def edit_issue(self, issue_id: str, changes: IssueChange) -> Issue:
        """Correct an issue nothing refers to yet; its kind stays what it is."""
        self.require_open()
        issue = self.issue(issue_id)
        self._require_unreferenced(issue, "edited")
        corrected = changes.applied_to(issue)
        if any(
            i is not issue and i.title.casefold() == corrected.title.casefold() for i in self.issues
        ):
            raise Conflict(f"the framework already has an issue {corrected.title!r}")
        issue.title, issue.category = corrected.title, corrected.category
        issue.description, issue.options = corrected.description, corrected.options
        issue.range = corrected.range
        return issue

    def remove_issue(self, issue_id: str) -> Issue:
        """Take an issue nothing refers to off the framework."""
        self.require_open()
        issue = self.issue(issue_id)
        self._require_unreferenced(issue, "removed")
        self.issues.remove(issue)
        return issue

    def references_to(self, issue_id: str) -> list[str]:
        """What refers to the issue, in words that name no party: a refusal to edit it is read
        by people who may not know whose private work it is."""
        versions = sum(
            1 for m in self.memoranda for v in m.versions if v.position_on(issue_id) is not None
        )
        texts = [
            v.number
            for v in (self.text.versions if self.text else [])
            if any(issue_id in c.issue_ids for c in v.clauses)
        ]
        profiles = sum(1 for p in self.profiles if p.preference_on(issue_id) is not None)
        found = []
        if versions:
            found.append(f"{versions} memorandum version(s)")
        if texts:
            numbers = ", ".join(str(n) for n in texts)
            found.append(f"the negotiating text (version(s) {numbers})")
        if profiles:
            found.append(f"{profiles} preference profile(s)")
        return found

    def _require_unreferenced(self, issue: Issue, what: str) -> None:
        found = self.references_to(issue.id)
        if found:
            raise RuleViolation(
                f"issue {issue.title!r} cannot be {what}: {', '.join(found)} refer to it"
            )

    def set_status(self, status: TalksStatus, statement: str = "") -> None:
        self.require_open()
        self.status = status
        if status in CONCLUDED:
            self.statement = require_text(statement, "a closing statement", limit=5000)

    # -- rounds --------------------------------------------------------------------------------
    def next_round_number(self) -> int:
        live = {RoundStatus.DECLINED, RoundStatus.CANCELLED, RoundStatus.SUPERSEDED}
        return 1 + max((r.number for r in self.rounds if r.status not in live), default=0)

    def add_round(self, proposal: Round) -> Round:
        self.require_open()
        if len(self.parties) < 2:
            raise RuleViolation("talks need at least two parties before rounds are proposed")
        self.rounds.append(proposal)
        return proposal

    def rounds_in_order(self) -> list[Round]:
        return sorted(self.rounds, key=lambda r: (r.number, r.starts_at))

    # -- memoranda -----------------------------------------------------------------------------
    def memoranda_of(self, party_id: str) -> list[Memorandum]:
        return [m for m in self.memoranda if m.party_id == party_id]

    def add_memorandum(self, memorandum: Memorandum) -> Memorandum:
        self.require_open()
        self.party(memorandum.party_id)
        self.memoranda.append(memorandum)
        return memorandum

    # -- preference profiles -------------------------------------------------------------------
    def profile_of(self, party_id: str) -> PreferenceProfile | None:
        """The party's preference profile, if it keeps one (one per party)."""
        self.party(party_id)
        return next((p for p in self.profiles if p.party_id == party_id), None)

    def keep_profile(self, profile: PreferenceProfile) -> PreferenceProfile:
        """Store `profile` as its party's; an existing profile is updated in place."""
        self.require_open()
        existing = self.profile_of(profile.party_id)
        if existing is None:
            self.profiles.append(profile)
            return profile
        existing.issues = profile.issues
        existing.reservation = profile.reservation
        existing.updated_at = profile.updated_at
        return existing

    # -- secret bidding (domain.bidding) -----------------------------------------------------
    def reopen_bidding(self) -> bool:
        """Clear every secret bid and the kept verdict: whatever a verdict depends on (a
        profile, a bid, the parties, the framework) changed. True when there was any to clear,
        so that the caller records the reopening."""
        cleared = self.secret_verdict is not None or any(
            p.secret_minimum is not None for p in self.profiles
        )
        for profile in self.profiles:
            profile.bid(None)
        self.secret_verdict = None
        return cleared

    def place_bid(self, party_id: str, minimum: float | None) -> bool:
        """Bid (or withdraw) for the party, bound to its current profile and the framework.

        Once a verdict is kept, a new bid reopens the bidding and clears every other bid, so
        that nobody learns another's bid by moving its own. True when it reopened.
        """
        self.require_open()
        profile = self.profile_of(party_id)
        if profile is None:
            raise NotFound("your party keeps no preference profile in these talks yet")
        profile.bid(minimum)  # checks the bid before anything is cleared
        reopened = self.secret_verdict is not None and self.reopen_bidding()
        profile.bid(minimum, profile_basis(self.framework, profile))
        return reopened

    def bidding_basis(self) -> str | None:
        """The digest of the complete, current set of bids; None while it is not complete."""
        return bids_basis([p.id for p in self.parties], self.framework, self.profiles)

    def bid_stands(self, party_id: str) -> bool:
        """Whether the party has a bid standing on its current profile. For the party's own
        eyes only: told to anyone else, it would say when another party bid or withdrew."""
        profile = self.profile_of(party_id)
        return (
            profile is not None
            and profile.secret_minimum is not None
            and profile.bid_basis == profile_basis(self.framework, profile)
        )

    # -- mediator notes (who may read or write them is for the services to decide) -----------
    def note(self, note_id: str) -> MediatorNote:
        return _find(self.notes, note_id, "note")

    def add_note(self, note: MediatorNote) -> MediatorNote:
        """Keep a note; one on a round must name a round of these talks."""
        self.require_open()
        if note.round_id is not None:
            self.round(note.round_id)
        self.notes.append(note)
        return note

    def drop_note(self, note_id: str) -> MediatorNote:
        self.require_open()
        note = self.note(note_id)
        self.notes.remove(note)
        return note

    def party_seats(self, party_id: str) -> list[Membership]:
        return [m for m in self.memberships if m.party_id == party_id and m.role in PARTY_ROLES]


class _Identified(Protocol):
    id: str


T = TypeVar("T", bound=_Identified)


def _find(items: list[T], item_id: str, what: str) -> T:
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound(f"no {what} {item_id} in these talks")
