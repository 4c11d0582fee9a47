"""Setting talks up: parties, seats, the framework, and the talks' status."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from pourparler.domain.act import Act
from pourparler.domain.base import parse_choice
from pourparler.domain.error import InvalidInput, NotAllowed, NotFound, RuleViolation
from pourparler.domain.framework import Issue, IssueChange, IssueKind, NumericRange
from pourparler.domain.role import Actor, Membership, Role
from pourparler.domain.talks import Talks, TalksStatus
from pourparler.domain.template import TEMPLATES
from pourparler.services.access import (
    in_talks,
    person_actor,
    reading_talks,
    record,
    require,
    require_setup,
)
from pourparler.services.binding import BoundUnitOfWork
from pourparler.services.export_document import MemberRecord
from pourparler.services.model import IssueView, TalksSummary
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal
from pourparler.services.profile import reopen_bidding
from pourparler.services.view import issue_view, talks_summary

__all__ = [
    "add_issue",
    "add_party",
    "apply_template",
    "awaits_confirmation",
    "confirm_seat",
    "create_talks",
    "edit_issue",
    "remove_issue",
    "seat",
    "seat_in",
    "set_status",
]


def create_talks(
    svc: Services,
    who: Principal,
    *,
    title: str,
    subject: str = "",
    languages: tuple[str, ...] = ("en",),
    template: str | None = None,
) -> TalksSummary:
    """Open new talks, with a built-in framework if `template` names one. The installation's
    secretariat does this (the operator, an operator account), and so does an account the
    operator let open talks (`account.allow_opening_talks`): it takes the secretariat's seat in
    the talks it opens, and so reads their metadata only. One transaction: an unknown template
    leaves no talks behind."""
    issues = _template_issues(template) if template else None
    with svc.unit_of_work() as raw:
        actor = person_actor(raw, who)
        seated = not actor.is_secretariat and _opens_talks(raw, actor)
        require(
            actor.is_secretariat or seated,
            "only the secretariat, or an account the operator lets open talks, opens talks",
        )
        now = svc.clock()
        talks = Talks(title, subject, languages, created_at=now)
        uow = BoundUnitOfWork(svc, raw)
        uow.watch(talks, new=True)
        uow.talks.add(talks)
        record(uow, talks, actor, Act.TALKS_CREATED, now, title=talks.title)
        if seated:
            actor = _take_the_secretariat_seat(uow, talks, actor, now)
        if template and issues is not None:
            _add_template(uow, talks, actor, template, issues, now)
        uow.commit()
        return talks_summary(talks)


def _opens_talks(uow: UnitOfWork, actor: Actor) -> bool:
    return actor.person_id is not None and uow.people.get(actor.person_id).opens_talks


def _take_the_secretariat_seat(uow: UnitOfWork, talks: Talks, actor: Actor, now: datetime) -> Actor:
    """The opener of talks sits in them as their secretariat, seated by its own act (as the
    first head of a party is), and acts on as such."""
    seat = talks.seat(actor.person_id or "", Role.SECRETARIAT)
    record(
        uow,
        talks,
        actor,
        Act.SEAT_GIVEN,
        now,
        person=actor.name,
        role=seat.role.value,
        party=None,
        confirmed=seat.confirmed,
    )
    return replace(actor, memberships=(seat,))


def add_party(svc: Services, who: Principal, talks_id: str, *, name: str) -> str:
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_setup(actor)
        party = talks.add_party(name)
        now = svc.clock()
        record(uow, talks, actor, Act.PARTY_ADDED, now, party_id_added=party.id, name=party.name)
        reopen_bidding(uow, talks, actor, now)  # a verdict is on the bids of every party
        uow.commit()
        return party.id


def seat(
    svc: Services,
    who: Principal,
    talks_id: str,
    *,
    email: str,
    role: str,
    party: str | None = None,
) -> MemberRecord:
    """Give an account a seat; `party` is a party's name or id, for party roles. Returns the
    seat as the talks' members list shows it.

    The secretariat and the mediator seat anyone; a seat they give in a party, other than its
    head's, waits for the head to confirm it. A head seats delegates and advisers of their own
    party, and such a seat is in effect at once.
    """
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        membership = seat_in(
            uow, talks, actor, email=email, role=role, party=party, now=svc.clock()
        )
        uow.commit()
        account = uow.people.get(membership.person_id)
        return MemberRecord(
            person=account.id,
            name=account.name,
            email=account.email,
            role=membership.role,
            party=membership.party_id,
            confirmed=membership.confirmed,
        )


def seat_in(
    uow: UnitOfWork,
    talks: Talks,
    actor: Actor,
    *,
    email: str,
    role: str,
    party: str | None,
    now: datetime,
) -> Membership:
    """The rules of `seat`, inside a unit of work already open on the talks (an invitation
    seats its invitee in the same transaction that makes the account)."""
    seat_role = parse_choice(Role, role, "role")
    party_id = _party_id(talks, party) if party else None
    by_head = (
        party_id is not None
        and actor.is_head_of(party_id)
        and seat_role in (Role.DELEGATE, Role.ADVISER)
    )
    if not by_head:
        require_setup(actor)
    person = _account_to_seat(uow, email)
    membership = talks.seat(
        person.person_id or "",
        seat_role,
        party_id,
        by_head=by_head,
        by_mediator=actor.is_mediator,
    )
    record(
        uow,
        talks,
        actor,
        Act.SEAT_GIVEN,
        now,
        person=person.name,
        role=seat_role.value,
        party=party_id,
        confirmed=membership.confirmed,
    )
    return membership


def awaits_confirmation(svc: Services, who: Principal, talks_id: str, *, email: str) -> bool:
    """Whether the seat of the account `email` in the talks still waits for confirmation
    (by its party's head, or a mediator's by a mediator); False when it has no seat there.

    Whoever has a seat sees the talks' members and whether each is confirmed."""
    with reading_talks(svc, who, talks_id) as (uow, talks, _):
        person = uow.people.by_email(email)
        return person is not None and any(not m.confirmed for m in talks.seats_of(person.id))


def confirm_seat(svc: Services, who: Principal, talks_id: str, *, email: str) -> None:
    """The head of a party confirms a seat given in it, a mediator another mediator's seat; the
    record names who confirmed whom."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        party_id = actor.party_id
        require(
            actor.is_mediator or (party_id is not None and actor.is_head_of(party_id)),
            "only a party's head of delegation confirms seats in the party, and a mediator "
            "another mediator's",
        )
        person = person_actor(uow, Principal.named(email))
        membership = talks.confirm_seat(
            person.person_id or "", None if actor.is_mediator else party_id
        )
        record(
            uow,
            talks,
            actor,
            Act.SEAT_CONFIRMED,
            svc.clock(),
            person=person.name,
            role=membership.role.value,
            party=party_id,
        )
        uow.commit()


def _account_to_seat(uow: UnitOfWork, email: str) -> Actor:
    """The account a seat is for, or a clear refusal. Whoever may give a seat learns whether an
    account exists by giving it, so saying so in words discloses nothing more."""
    address = email.strip().lower()
    if not address:
        raise InvalidInput("give the e-mail of the account to seat")
    if uow.people.by_email(address) is None:
        raise InvalidInput(f"no account has the e-mail {address!r}: invite them instead")
    return person_actor(uow, Principal.named(address))


def _party_id(talks: Talks, party: str) -> str:
    try:
        return talks.party(party).id
    except NotFound:
        return talks.party_named(party).id


def add_issue(
    svc: Services,
    who: Principal,
    talks_id: str,
    *,
    title: str,
    kind: str,
    category: str = "",
    description: str = "",
    options: tuple[str, ...] = (),
    bounds: NumericRange | None = None,
) -> IssueView:
    """Add an issue to the framework; returns it with its id and place."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_setup(actor)
        issue = talks.add_issue(
            Issue(
                title,
                parse_choice(IssueKind, kind, "issue kind"),
                category,
                description,
                options=options,
                range=bounds,
            )
        )
        now = svc.clock()
        record(uow, talks, actor, Act.ISSUE_ADDED, now, issue=issue.id, title=issue.title)
        reopen_bidding(uow, talks, actor, now)  # bids stand on the framework
        uow.commit()
        return issue_view(issue)


def edit_issue(
    svc: Services, who: Principal, talks_id: str, issue: str, change: IssueChange
) -> IssueView:
    """Correct an issue (named by id or title) while nothing refers to it."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_setup(actor)
        edited = talks.edit_issue(talks.issue_id_of(issue), change)
        changed = sorted(k for k, v in change.__dict__.items() if v is not None)
        now = svc.clock()
        record(
            uow,
            talks,
            actor,
            Act.ISSUE_EDITED,
            now,
            issue=edited.id,
            title=edited.title,
            changed=changed,
        )
        reopen_bidding(uow, talks, actor, now)  # bids stand on the framework
        uow.commit()
        return issue_view(edited)


def remove_issue(svc: Services, who: Principal, talks_id: str, issue: str) -> IssueView:
    """Take an issue (named by id or title) off the framework while nothing refers to it."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_setup(actor)
        removed = talks.remove_issue(talks.issue_id_of(issue))
        now = svc.clock()
        record(uow, talks, actor, Act.ISSUE_REMOVED, now, issue=removed.id, title=removed.title)
        reopen_bidding(uow, talks, actor, now)  # bids stand on the framework
        uow.commit()
        return issue_view(removed)


def apply_template(
    svc: Services, who: Principal, talks_id: str, *, template: str, add: bool = False
) -> int:
    """Add every issue of a built-in framework ('ceasefire', 'labour'); returns how many.

    Talks that have issues already take a template only with `add`, so that nobody mixes six
    labour issues into a supply contract by a slip of the keyboard.
    """
    issues = _template_issues(template)
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        require_setup(actor)
        if talks.issues and not add:
            raise RuleViolation(
                f"the talks have {len(talks.issues)} issue(s) already: "
                f"add the {template} template to them with --add"
            )
        _add_template(uow, talks, actor, template, issues, svc.clock())
        uow.commit()
        return len(issues)


def _template_issues(template: str) -> list[Issue]:
    if template not in TEMPLATES:
        raise InvalidInput(f"unknown template {template!r}: use one of {', '.join(TEMPLATES)}")
    return TEMPLATES[template]()


def _add_template(
    uow: UnitOfWork, talks: Talks, actor: Actor, template: str, issues: list[Issue], now: datetime
) -> None:
    for issue in issues:
        talks.add_issue(issue)
    record(
        uow,
        talks,
        actor,
        Act.FRAMEWORK_TEMPLATE_APPLIED,
        now,
        template=template,
        issues=len(issues),
    )
    reopen_bidding(uow, talks, actor, now)  # bids stand on the framework


def set_status(
    svc: Services, who: Principal, talks_id: str, *, status: str, statement: str = ""
) -> None:
    """Suspend, resume or conclude talks: the mediator; without one, a head of delegation or the
    secretariat. In mediated talks a head (a party walking out) or the secretariat may only
    suspend them."""
    target = parse_choice(TalksStatus, status, "status")
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        if not actor.is_mediator:
            if target is not TalksStatus.SUSPENDED and talks.has_mediator:
                raise NotAllowed("only the mediator changes the status of mediated talks")
            require(
                actor.is_secretariat or bool(actor.roles & {Role.HEAD}),
                "only the mediator, a head of delegation or the secretariat may do this",
            )
        talks.set_status(target, statement)
        record(
            uow,
            talks,
            actor,
            Act.STATUS_CHANGED,
            svc.clock(),
            status=target.value,
            statement=talks.statement,
        )
        uow.commit()
