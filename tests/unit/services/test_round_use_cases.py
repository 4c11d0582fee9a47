from datetime import timedelta

import pytest

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound, RuleViolation
from pourparler.domain.round import RoundChange, RoundStatus
from pourparler.services import round as rounds
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_HEAD,
)


def propose(world, who=NORTH_HEAD, days=14):
    return rounds.propose_round(
        world.svc,
        by(who),
        world.talks_id,
        starts_at=world.in_days(days),
        time_zone="Europe/Istanbul",
        venue="Harbour City",
    )


def test_a_head_proposes_and_the_other_head_accepts(world):
    proposal = propose(world)
    assert proposal.proposing_party == world.north
    accepted = rounds.accept_round(world.svc, by(SOUTH_HEAD), world.talks_id, proposal.id)
    assert accepted.status is RoundStatus.SCHEDULED


def test_the_mediators_proposal_needs_both_parties(world):
    proposal = propose(world, MEDIATOR)
    rounds.accept_round(world.svc, by(NORTH_HEAD), world.talks_id, proposal.id)
    doc = talks_document(world.svc, OPERATOR, world.talks_id)
    assert doc["rounds"][0]["status"] == "proposed"
    rounds.accept_round(world.svc, by(SOUTH_HEAD), world.talks_id, proposal.id)
    assert talks_document(world.svc, OPERATOR, world.talks_id)["rounds"][0]["status"] == "scheduled"


@pytest.mark.parametrize("who", [NORTH_DELEGATE, OBSERVER, CLERK, None])
def test_only_a_head_or_the_mediator_proposes(world, who):
    with pytest.raises(NotAllowed):
        propose(world, who)


def test_only_the_head_of_delegation_answers_for_a_party(world):
    proposal = propose(world)
    for who in ("south.delegate@example.org", MEDIATOR, OBSERVER):
        with pytest.raises(NotAllowed):
            rounds.accept_round(world.svc, by(who), world.talks_id, proposal.id)


def test_a_party_does_not_accept_its_own_proposal(world):
    proposal = propose(world)
    with pytest.raises(RuleViolation, match="own proposal"):
        rounds.accept_round(world.svc, by(NORTH_HEAD), world.talks_id, proposal.id)


def test_a_counter_proposal_supersedes_the_original_and_is_accepted_by_the_proposer(world):
    proposal = propose(world)
    counter = rounds.counter_round(
        world.svc,
        by(SOUTH_HEAD),
        world.talks_id,
        proposal.id,
        change=RoundChange(starts_at=world.in_days(17)),
    )
    rounds.accept_round(world.svc, by(NORTH_HEAD), world.talks_id, counter.id)
    statuses = {
        r["id"]: r["status"] for r in talks_document(world.svc, OPERATOR, world.talks_id)["rounds"]
    }
    assert statuses == {proposal.id: "superseded", counter.id: "scheduled"}
    assert counter.number == proposal.number


def test_the_mediator_runs_the_rounds_of_mediated_talks(world, clock):
    proposal = propose(world)
    with pytest.raises(RuleViolation, match="only a scheduled round opens"):
        rounds.open_round(world.svc, by(MEDIATOR), world.talks_id, proposal.id)
    rounds.accept_round(world.svc, by(SOUTH_HEAD), world.talks_id, proposal.id)
    with pytest.raises(NotAllowed, match="mediator runs"):
        rounds.open_round(world.svc, by(NORTH_HEAD), world.talks_id, proposal.id)
    clock.advance(days=14)
    rounds.open_round(world.svc, by(MEDIATOR), world.talks_id, proposal.id)
    closed = rounds.close_round(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        proposal.id,
        outcome="No ceasefire yet",
    )
    assert closed.status is RoundStatus.CLOSED
    assert talks_document(world.svc, OPERATOR, world.talks_id)["status"] == "active"


def test_postpone_reschedule_and_cancel(world):
    proposal = propose(world)
    rounds.postpone_round(world.svc, by(MEDIATOR), world.talks_id, proposal.id, reason="weather")
    moved = rounds.reschedule_round(
        world.svc,
        by(NORTH_HEAD),
        world.talks_id,
        proposal.id,
        starts_at=world.in_days(30),
    )
    assert moved.status is RoundStatus.PROPOSED
    with pytest.raises(NotAllowed):
        rounds.reschedule_round(
            world.svc,
            by(SOUTH_HEAD),
            world.talks_id,
            proposal.id,
            starts_at=world.in_days(31),
        )
    cancelled = rounds.cancel_round(
        world.svc, by(MEDIATOR), world.talks_id, proposal.id, reason="host withdrew"
    )
    assert cancelled.reason == "host withdrew"


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"starts_at_days": -1}, InvalidInput),
        ({"time_zone": "Not/AZone"}, InvalidInput),
        ({"venue": ""}, InvalidInput),
        ({"talks_id": "nope"}, NotFound),
    ],
)
def test_bad_input_leaves_the_stored_state_unchanged(world, store, arguments, error):
    before = store.commits
    with pytest.raises(error):
        rounds.propose_round(
            world.svc,
            by(NORTH_HEAD),
            arguments.get("talks_id", world.talks_id),
            starts_at=world.in_days(arguments.get("starts_at_days", 14)),
            time_zone=arguments.get("time_zone", "UTC"),
            venue=arguments.get("venue", "Here"),
        )
    assert store.commits == before
    assert talks_document(world.svc, OPERATOR, world.talks_id)["rounds"] == []


def test_an_illegal_transition_is_refused_and_changes_nothing(world, store):
    proposal = propose(world)
    snapshot = talks_document(world.svc, OPERATOR, world.talks_id)
    with pytest.raises(RuleViolation):
        rounds.close_round(world.svc, by(MEDIATOR), world.talks_id, proposal.id, outcome="x")
    assert talks_document(world.svc, OPERATOR, world.talks_id) == snapshot


def test_every_act_is_in_the_record(world):
    proposal = propose(world)
    rounds.accept_round(world.svc, by(SOUTH_HEAD), world.talks_id, proposal.id)
    acts = [e["act"] for e in talks_document(world.svc, by(OBSERVER), world.talks_id)["record"]]
    assert acts[-2:] == ["round proposed", "round accepted"]
    assert acts[0] == "talks created"


def test_someone_without_a_seat_cannot_see_the_talks(world):
    from pourparler.services import account

    account.add_user(
        world.svc, OPERATOR, name="Stranger", email="x@example.org", password="long enough pass"
    )
    with pytest.raises(NotFound):
        talks_document(world.svc, by("x@example.org"), world.talks_id)
    with pytest.raises(NotFound):
        propose(world, "x@example.org")


def test_time_zone_is_kept_with_the_round(world, clock):
    proposal = propose(world)
    doc = talks_document(world.svc, OPERATOR, world.talks_id)["rounds"][0]
    assert doc["time_zone"] == "Europe/Istanbul"
    assert doc["local_start"].endswith("+03:00")
    assert proposal.starts_at == clock.now + timedelta(days=14)


def test_a_round_is_not_opened_weeks_before_its_date(world, clock):
    proposal = propose(world)
    rounds.accept_round(world.svc, by(SOUTH_HEAD), world.talks_id, proposal.id)
    with pytest.raises(RuleViolation, match="opens from 24 hours before"):
        rounds.open_round(world.svc, by(MEDIATOR), world.talks_id, proposal.id)
    clock.advance(days=13)
    opened = rounds.open_round(world.svc, by(MEDIATOR), world.talks_id, proposal.id)
    assert opened.status is RoundStatus.OPEN
