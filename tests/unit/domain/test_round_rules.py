from datetime import UTC, datetime, timedelta

import pytest

from pourparler.domain.error import InvalidInput, RuleViolation
from pourparler.domain.round import Round, RoundChange, RoundStatus

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=14)


def proposal(**overrides: object) -> Round:
    arguments: dict[str, object] = {
        "number": 2,
        "starts_at": LATER,
        "time_zone": "Europe/Istanbul",
        "venue": "Harbour City, Palace of Nations",
        "format": "in_person",
        "proposed_by": "anna",
        "proposing_party_id": "north",
        "party_ids": ("north", "south"),
        "now": NOW,
    }
    arguments.update(overrides)
    return Round.propose(**arguments)  # type: ignore[arg-type]


def test_a_proposal_waits_for_every_other_party():
    assert proposal().awaiting == ("south",)
    assert proposal(proposing_party_id=None).awaiting == ("north", "south")


def test_the_round_is_scheduled_once_every_other_party_accepted():
    r = proposal(party_ids=("north", "south", "east"))
    r.accept("south", "dara", NOW)
    assert r.status is RoundStatus.PROPOSED
    r.accept("east", "eve", NOW)
    assert r.status is RoundStatus.SCHEDULED


def test_a_party_does_not_accept_its_own_proposal():
    with pytest.raises(RuleViolation, match="own proposal"):
        proposal().accept("north", "anna", NOW)


def test_a_party_answers_only_once():
    r = proposal(party_ids=("north", "south", "east"))
    r.accept("south", "dara", NOW)
    with pytest.raises(RuleViolation, match="already answered"):
        r.accept("south", "dara", NOW)


def test_a_counter_proposal_supersedes_the_original():
    original = proposal()
    counter = original.counter(
        "south", "dara", NOW, 2, RoundChange(starts_at=LATER + timedelta(days=3))
    )
    assert original.status is RoundStatus.SUPERSEDED
    assert counter.supersedes_id == original.id
    assert counter.proposing_party_id == "south"
    assert counter.awaiting == ("north",)
    assert counter.venue == original.venue
    assert counter.starts_at == LATER + timedelta(days=3)


def test_a_superseded_proposal_can_no_longer_be_accepted():
    original = proposal()
    original.counter("south", "dara", NOW, 2, RoundChange(venue="Lakeside"))
    with pytest.raises(RuleViolation, match="superseded"):
        original.accept("south", "dara", NOW)


def test_a_declined_proposal_keeps_the_reason():
    r = proposal()
    r.decline("south", "dara", NOW, "our delegation cannot travel")
    assert r.status is RoundStatus.DECLINED
    assert r.reason == "our delegation cannot travel"


def test_declining_needs_a_reason():
    with pytest.raises(InvalidInput, match="reason"):
        proposal().decline("south", "dara", NOW, "  ")


def test_a_round_opens_only_when_scheduled():
    r = proposal()
    with pytest.raises(RuleViolation, match="only a scheduled round opens"):
        r.open(LATER)
    r.accept("south", "dara", NOW)
    r.open(LATER)
    assert r.status is RoundStatus.OPEN


def test_a_round_opens_from_a_day_before_its_start_and_no_earlier():
    r = proposal()
    r.accept("south", "dara", NOW)
    with pytest.raises(
        RuleViolation, match="opens from 24 hours before: to meet earlier, postpone"
    ):
        r.open(LATER - timedelta(hours=24, minutes=1))
    assert r.status is RoundStatus.SCHEDULED
    r.open(LATER - timedelta(hours=24))
    assert r.status is RoundStatus.OPEN


def test_a_round_moved_earlier_by_rescheduling_opens_at_its_new_date():
    r = proposal()
    r.accept("south", "dara", NOW)
    r.postpone("the parties want to meet sooner")
    r.reschedule(NOW + timedelta(hours=2), NOW)
    r.accept("south", "dara", NOW)
    r.open(NOW)
    assert r.status is RoundStatus.OPEN


def test_closing_records_the_outcome():
    r = proposal()
    r.accept("south", "dara", NOW)
    r.open(LATER)
    r.close("ended without a ceasefire; work carries over")
    assert (r.status, r.outcome) == (
        RoundStatus.CLOSED,
        "ended without a ceasefire; work carries over",
    )
    with pytest.raises(RuleViolation):
        r.cancel("too late")


def test_a_postponed_round_is_rescheduled_and_answered_again():
    r = proposal()
    r.accept("south", "dara", NOW)
    r.postpone("security situation")
    assert r.status is RoundStatus.POSTPONED
    r.reschedule(LATER + timedelta(days=7), NOW)
    assert (r.status, r.awaiting) == (RoundStatus.PROPOSED, ("south",))


def test_a_rescheduled_round_no_longer_gives_the_reason_it_was_postponed():
    r = proposal()
    r.postpone("security situation")
    r.reschedule(LATER + timedelta(days=7), NOW)
    assert r.reason == ""
    r.postpone("the venue is flooded")
    assert r.reason == "the venue is flooded"  # a new postponement gives its own


def test_a_cancelled_round_cannot_open():
    r = proposal()
    r.cancel("the host withdrew")
    with pytest.raises(RuleViolation, match="cancelled"):
        r.open(LATER)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_at": NOW - timedelta(hours=1)}, "past"),
        ({"starts_at": datetime(2026, 4, 1, 10, 0)}, "time zone"),  # naive
        ({"time_zone": "Mars/Olympus"}, "unknown time zone"),
        ({"venue": " "}, "venue"),
        ({"format": "carrier pigeon"}, "format"),
    ],
)
def test_a_malformed_proposal_is_refused_with_a_clear_message(overrides, message):
    with pytest.raises(InvalidInput, match=message):
        proposal(**overrides)


def test_local_start_is_shown_in_the_rounds_time_zone():
    r = proposal(starts_at=datetime(2026, 3, 16, 7, 0, tzinfo=UTC))
    assert r.local_start.hour == 10  # Istanbul is UTC+3


def test_a_refused_counter_proposal_leaves_the_round_awaiting_that_party():
    # Found by the round state machine: the answer used to be recorded before the new date was
    # checked, so the party could never answer again and the round stayed proposed for ever.
    original = proposal()
    with pytest.raises(InvalidInput, match="past"):
        original.counter("south", "dara", NOW, 2, RoundChange(starts_at=NOW - timedelta(days=1)))
    assert original.responses == ()
    assert original.awaiting == ("south",)
    original.accept("south", "dara", NOW)
    assert original.status is RoundStatus.SCHEDULED
