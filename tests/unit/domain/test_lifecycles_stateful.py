"""Model-based tests: random sequences of acts on a round, a sealed exchange and the text.

Each machine keeps a small model of what the rules promise. A rule either succeeds and the
domain object agrees with the model, or raises exactly the error the model predicts and leaves
the object as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pourparler.domain.error import Conflict, InvalidInput, PourparlerError, RuleViolation
from pourparler.domain.exchange import Exchange, ExchangeStatus, RevealPolicy
from pourparler.domain.round import Answer, Round, RoundChange, RoundStatus
from pourparler.domain.text import Alternative, Clause, ClauseStatus, NegotiatingText

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEP = timedelta(hours=6)
PARTIES = ("north", "south", "east", "west")
FAST = settings(max_examples=150, stateful_step_count=30, deadline=None)

parties = st.sampled_from(PARTIES)
reasons = st.sampled_from(["", "   ", "the venue is unavailable"])
# Days from now: negative and zero lie in the past (or the present), which the rules refuse.
offsets = st.sampled_from([-2, 0, 3, 10])

Snapshot = Callable[[], object]


def attempt(act: Callable[[], Any], expected: type[PourparlerError] | None, snap: Snapshot) -> Any:
    """Run `act`; it must succeed when `expected` is None, else raise exactly `expected`
    and leave `snap()` as it was."""
    before = snap()
    raised: PourparlerError | None = None
    try:
        result = act()
    except PourparlerError as exc:
        raised = result = exc
    if raised is None:
        assert expected is None, f"succeeded; the model expected {expected.__name__}"
        return result
    assert type(raised) is expected, f"raised {raised!r}; the model expected {expected}"
    assert snap() == before, f"a refused act changed the object: {raised!r}"
    return None


# --- Round -----------------------------------------------------------------------------------

OPEN_TO_ANSWERS = {RoundStatus.PROPOSED}
TERMINAL_ROUND = {
    RoundStatus.SUPERSEDED,
    RoundStatus.DECLINED,
    RoundStatus.CANCELLED,
    RoundStatus.CLOSED,
}


class RoundLifecycle(RuleBasedStateMachine):
    """A round among 2-4 parties, proposed by a party or by the mediator."""

    @initialize(size=st.integers(2, 4), proposer=st.integers(-1, 3))
    def propose(self, size: int, proposer: int) -> None:
        self.now = NOW
        self.parties = PARTIES[:size]
        self.proposer = self.parties[proposer] if 0 <= proposer < size else None
        self.round = Round.propose(
            number=1,
            starts_at=NOW + timedelta(days=14),
            time_zone="Europe/Zurich",
            venue="Palace of Nations",
            format="in_person",
            proposed_by="anna",
            proposing_party_id=self.proposer,
            party_ids=self.parties,
            now=NOW,
        )
        self.status = RoundStatus.PROPOSED
        self.answered: set[str] = set()
        self.final: dict[str, Any] | None = None

    def snapshot(self) -> dict[str, Any]:
        # Every field of a round is an immutable value, so a shallow copy is a true snapshot.
        return dict(vars(self.round))

    def answer_refused(self, party: str) -> bool:
        return (
            self.status not in OPEN_TO_ANSWERS
            or party == self.proposer
            or party not in self.parties
            or party in self.answered
        )

    def still_awaited(self) -> set[str]:
        return set(self.parties) - self.answered - {self.proposer}

    @rule()
    def advance_the_clock(self) -> None:
        self.now += STEP

    @rule(party=parties)
    def accept(self, party: str) -> None:
        error = RuleViolation if self.answer_refused(party) else None
        attempt(lambda: self.round.accept(party, "delegate", self.now), error, self.snapshot)
        if error is None:
            self.answered.add(party)
            if not self.still_awaited():
                self.status = RoundStatus.SCHEDULED

    @rule(party=parties, reason=reasons)
    def decline(self, party: str, reason: str) -> None:
        # The reason is checked before the state: a blank reason is refused whatever the state.
        error: type[PourparlerError] | None = None
        if not reason.strip():
            error = InvalidInput
        elif self.answer_refused(party):
            error = RuleViolation
        act = lambda: self.round.decline(party, "delegate", self.now, reason)  # noqa: E731
        attempt(act, error, self.snapshot)
        if error is None:
            self.status = RoundStatus.DECLINED

    @rule(party=parties, days=offsets, follow=st.booleans())
    def counter(self, party: str, days: int, follow: bool) -> None:
        starts_at = self.now + timedelta(days=days)
        error: type[PourparlerError] | None = None
        if self.answer_refused(party):
            error = RuleViolation
        elif starts_at <= self.now:
            error = InvalidInput
        act = lambda: self.round.counter(  # noqa: E731
            party, "delegate", self.now, 2, RoundChange(starts_at=starts_at)
        )
        proposal = attempt(act, error, self.snapshot)
        if error is not None:
            return
        self.status = RoundStatus.SUPERSEDED
        assert self.round.responses[-1].answer is Answer.COUNTER
        assert proposal.supersedes_id == self.round.id
        assert proposal.proposing_party_id == party
        assert proposal.status is RoundStatus.PROPOSED
        if follow:  # carry on with the counter-proposal instead of the superseded round
            self.round, self.proposer, self.final = proposal, party, None
            self.status, self.answered = RoundStatus.PROPOSED, set()

    @rule()
    def open(self) -> None:
        error = None if self.status is RoundStatus.SCHEDULED else RuleViolation
        attempt(lambda: self.round.open(self.round.starts_at), error, self.snapshot)
        if error is None:
            self.status = RoundStatus.OPEN

    @rule(outcome=reasons)
    def close(self, outcome: str) -> None:
        error: type[PourparlerError] | None = None
        if self.status is not RoundStatus.OPEN:
            error = RuleViolation
        elif not outcome.strip():
            error = InvalidInput
        attempt(lambda: self.round.close(outcome), error, self.snapshot)
        if error is None:
            self.status = RoundStatus.CLOSED

    def reasoned(self, act: Callable[[str], None], reason: str, allowed: set[RoundStatus]) -> bool:
        error: type[PourparlerError] | None = None
        if self.status not in allowed:
            error = RuleViolation
        elif not reason.strip():
            error = InvalidInput
        attempt(lambda: act(reason), error, self.snapshot)
        return error is None

    @rule(reason=reasons)
    def postpone(self, reason: str) -> None:
        allowed = {RoundStatus.PROPOSED, RoundStatus.SCHEDULED}
        if self.reasoned(self.round.postpone, reason, allowed):
            self.status = RoundStatus.POSTPONED

    @rule(reason=reasons)
    def cancel(self, reason: str) -> None:
        allowed = {RoundStatus.PROPOSED, RoundStatus.SCHEDULED, RoundStatus.POSTPONED}
        if self.reasoned(self.round.cancel, reason, allowed):
            self.status = RoundStatus.CANCELLED

    @rule(days=offsets)
    def reschedule(self, days: int) -> None:
        starts_at = self.now + timedelta(days=days)
        error: type[PourparlerError] | None = None
        if self.status is not RoundStatus.POSTPONED:
            error = RuleViolation
        elif starts_at <= self.now:
            error = InvalidInput
        attempt(lambda: self.round.reschedule(starts_at, self.now), error, self.snapshot)
        if error is None:
            self.status, self.answered = RoundStatus.PROPOSED, set()

    @invariant()
    def the_status_is_the_models(self) -> None:
        assert self.round.status is self.status

    @invariant()
    def a_scheduled_round_was_accepted_by_every_other_party(self) -> None:
        if self.round.status in {RoundStatus.SCHEDULED, RoundStatus.OPEN, RoundStatus.CLOSED}:
            accepted = {r.party_id for r in self.round.responses if r.answer is Answer.ACCEPT}
            assert accepted == set(self.parties) - {self.proposer}

    @invariant()
    def a_round_gives_a_reason_only_while_it_is_declined_postponed_or_cancelled(self) -> None:
        why = {RoundStatus.DECLINED, RoundStatus.POSTPONED, RoundStatus.CANCELLED}
        assert bool(self.round.reason) == (self.round.status in why)

    @invariant()
    def a_closed_round_has_an_outcome(self) -> None:
        if self.round.status is RoundStatus.CLOSED:
            assert self.round.outcome.strip()

    @invariant()
    def the_proposer_is_never_awaited(self) -> None:
        assert self.proposer not in self.round.awaiting
        if self.round.status is RoundStatus.PROPOSED:
            assert set(self.round.awaiting) == self.still_awaited()

    @invariant()
    def a_terminal_round_never_changes(self) -> None:
        if self.round.status in TERMINAL_ROUND:
            if self.final is None:
                self.final = self.snapshot()
            assert self.snapshot() == self.final


RoundLifecycle.TestCase.settings = FAST
TestARoundFollowsItsLifecycle = RoundLifecycle.TestCase


# --- Sealed exchange -------------------------------------------------------------------------

documents = st.sampled_from([b'{"ask":1}', b'{"ask":2}', '{"ask":"\u00e9t\u00e9"}'.encode()])


class SealedExchange(RuleBasedStateMachine):
    """Parties commit and withdraw while the clock runs; someone tries to reveal or close."""

    @initialize(size=st.integers(2, 4), policy=st.sampled_from(RevealPolicy))
    def open_exchange(self, size: int, policy: RevealPolicy) -> None:
        self.now = NOW
        self.parties = PARTIES[:size]
        deadline = NOW + 3 * STEP if policy is RevealPolicy.AT_DEADLINE else None
        self.exchange = Exchange("r1", "Bids", policy, self.parties, NOW, "mo", deadline)
        self.status = ExchangeStatus.OPEN
        self.active: dict[str, bytes] = {}
        self.final: object = None

    def snapshot(self) -> object:
        sealed = [(c.id, c.party_id, c.digest, c.withdrawn_at) for c in self.exchange.commitments]
        return self.exchange.status, self.exchange.revealed_at, sealed

    def is_open(self) -> bool:
        return self.status is ExchangeStatus.OPEN

    def due(self) -> bool:
        if self.exchange.policy is RevealPolicy.ALL_OR_NOTHING:
            return set(self.active) == set(self.parties)
        assert self.exchange.deadline is not None
        return self.now >= self.exchange.deadline and bool(self.active)

    @rule()
    def advance_the_clock(self) -> None:
        self.now += STEP

    @rule(party=parties, document=documents)
    def commit(self, party: str, document: bytes) -> None:
        now, deadline = self.now, self.exchange.deadline
        refused = (
            not self.is_open()
            or party not in self.parties
            or party in self.active
            or (deadline is not None and self.now >= deadline)
        )
        act = lambda: self.exchange.commit(  # noqa: E731
            party_id=party, memorandum_id="m", version_id="v", canonical=document, by="d", now=now
        )
        commitment = attempt(act, RuleViolation if refused else None, self.snapshot)
        if not refused:
            assert commitment.canonical.encode("utf-8") == document
            self.active[party] = document

    @rule(party=parties)
    def withdraw(self, party: str) -> None:
        refused = not self.is_open() or party not in self.active
        act = lambda: self.exchange.withdraw(party, self.now)  # noqa: E731
        attempt(act, RuleViolation if refused else None, self.snapshot)
        if not refused:
            del self.active[party]

    @rule()
    def reveal(self) -> None:
        refused = not self.is_open() or not self.due()
        act = lambda: self.exchange.reveal(self.now)  # noqa: E731
        revealed = attempt(act, RuleViolation if refused else None, self.snapshot)
        if not refused:
            assert {c.party_id: c.canonical.encode() for c in revealed} == self.active
            self.status = ExchangeStatus.REVEALED

    @rule()
    def close(self) -> None:
        refused = not self.is_open()
        attempt(self.exchange.close, RuleViolation if refused else None, self.snapshot)
        if not refused:
            self.status = ExchangeStatus.CLOSED

    @invariant()
    def the_status_is_the_models(self) -> None:
        assert self.exchange.status is self.status
        assert {c.party_id for c in self.exchange.active} == set(self.active)

    @invariant()
    def a_party_has_at_most_one_active_commitment(self) -> None:
        holders = [c.party_id for c in self.exchange.active]
        assert len(holders) == len(set(holders))

    @invariant()
    def all_or_nothing_reveals_only_a_complete_set(self) -> None:
        revealed = self.exchange.status is ExchangeStatus.REVEALED
        if revealed and self.exchange.policy is RevealPolicy.ALL_OR_NOTHING:
            assert {c.party_id for c in self.exchange.active} == set(self.parties)

    @invariant()
    def every_commitment_verifies_and_no_two_digests_match(self) -> None:
        assert all(c.verifies() for c in self.exchange.commitments)
        digests = [c.digest for c in self.exchange.commitments]
        assert len(digests) == len(set(digests)), "equal bytes must not give equal digests"

    @invariant()
    def a_revealed_or_closed_exchange_never_changes(self) -> None:
        if self.exchange.status is not ExchangeStatus.OPEN:
            if self.final is None:
                self.final = self.snapshot()
            assert self.snapshot() == self.final


SealedExchange.TestCase.settings = FAST
TestASealedExchangeFollowsItsRules = SealedExchange.TestCase


# --- Negotiating text ------------------------------------------------------------------------

clause_variants = {
    "scope": [
        Clause("scope", "Scope", ClauseStatus.OPEN),
        Clause("scope", "Scope", ClauseStatus.AGREED, "Fisheries of the bay."),
    ],
    "term": [
        Clause(
            "term",
            "Term",
            ClauseStatus.BRACKETED,
            alternatives=(
                Alternative(("north",), "Five years."),
                Alternative(("south",), "Ten years."),
            ),
        ),
        Clause("term", "Term", ClauseStatus.AGREED, "Seven years."),
    ],
}
drafts = st.lists(st.sampled_from(sorted(clause_variants)), unique=True, max_size=2).flatmap(
    lambda keys: st.tuples(*(st.sampled_from(clause_variants[k]) for k in keys)).map(list)
)


class NegotiatingTextLifecycle(RuleBasedStateMachine):
    """The mediator revises the text; parties accept current or stale versions."""

    @initialize(size=st.integers(2, 3), draft=drafts)
    def first_draft(self, size: int, draft: list[Clause]) -> None:
        self.now = NOW
        self.parties = set(PARTIES[:size])
        self.text = NegotiatingText("Bay agreement")
        self.text.revise(draft, "mo", NOW)
        self.drafts = [tuple(draft)]  # the model: every version's clauses, oldest first
        self.accepted: set[str] = set()

    def snapshot(self) -> object:
        versions = [(v.number, v.hash) for v in self.text.versions]
        return versions, [(a.id, a.withdrawn_at) for a in self.text.acceptances]

    @rule(draft=drafts)
    def revise(self, draft: list[Clause]) -> None:
        self.now += STEP
        error = Conflict if tuple(draft) == self.drafts[-1] else None
        earlier = [a for a in self.text.acceptances if a.withdrawn_at is None]
        withdrawn = attempt(lambda: self.text.revise(draft, "mo", self.now), error, self.snapshot)
        if error is None:
            assert withdrawn == earlier
            assert all(a.withdrawn_at is not None for a in self.text.acceptances)
            self.drafts.append(tuple(draft))
            self.accepted = set()

    @rule(draft=drafts.filter(bool))
    def revise_with_a_repeated_key(self, draft: list[Clause]) -> None:
        act = lambda: self.text.revise([*draft, draft[0]], "mo", self.now)  # noqa: E731
        attempt(act, InvalidInput, self.snapshot)

    @rule(party=parties, back=st.integers(0, 3))
    def accept(self, party: str, back: int) -> None:
        number = max(1, len(self.drafts) - back)
        version_hash = self.text.version(number).hash
        error: type[PourparlerError] | None = None
        if self.drafts[number - 1] != self.drafts[-1]:  # stale, unless an edit was undone
            error = Conflict
        elif party in self.accepted:
            error = RuleViolation
        act = lambda: self.text.accept(party, version_hash, "d", self.now)  # noqa: E731
        attempt(act, error, self.snapshot)
        if error is None:
            self.accepted.add(party)

    @invariant()
    def acceptances_in_force_are_for_the_current_version(self) -> None:
        current = self.text.current.hash
        assert all(a.version_hash == current for a in self.text.acceptances if not a.withdrawn_at)
        assert self.text.accepted_by() == self.accepted

    @invariant()
    def agreement_needs_every_party_and_every_clause(self) -> None:
        clauses = self.drafts[-1]
        settled = bool(clauses) and all(c.status is ClauseStatus.AGREED for c in clauses)
        assert self.text.agreed(self.parties) == (settled and self.parties <= self.accepted)


NegotiatingTextLifecycle.TestCase.settings = FAST
TestTheNegotiatingTextFollowsItsRules = NegotiatingTextLifecycle.TestCase
