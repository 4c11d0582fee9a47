"""Secret acceptances: private minimum utilities; only the verdict and the package come out."""

import json

import pytest

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound
from pourparler.services import profile, secret, setup
from pourparler.services.transfer import export_talks
from support.caller import OPERATOR, by
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)

# One issue, three options. North rates them 1, 0.5, 0; South 0, 0.5, 1: utilities are exact.
NORTH = {
    "issues": [
        {
            "issue": "Geographic scope",
            "weight": 1,
            "ratings": {"Contact line only": 2, "Contested districts": 1, "Entire territory": 0},
        }
    ]
}
SOUTH = {
    "issues": [
        {
            "issue": "Geographic scope",
            "weight": 1,
            "ratings": {"Contact line only": 0, "Contested districts": 1, "Entire territory": 2},
        }
    ]
}


@pytest.fixture
def profiled(world):
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, NORTH)
    profile.save_profile(world.svc, by(SOUTH_HEAD), world.talks_id, SOUTH)
    return world


def bid(world, who, minimum):
    return secret.set_secret_minimum(world.svc, by(who), world.talks_id, minimum=minimum)


def test_the_outcome_waits_for_every_bid(profiled):
    bid(profiled, NORTH_HEAD, 0.4)
    assert secret.secret_outcome(profiled.svc, by(SOUTH_HEAD), profiled.talks_id) == {
        "ready": False,
        "your_bid_stands": False,
    }
    assert secret.secret_outcome(profiled.svc, by(NORTH_DELEGATE), profiled.talks_id) == {
        "ready": False,
        "your_bid_stands": True,
    }


def test_while_waiting_nobody_learns_whether_or_when_another_party_bid(profiled):
    """A bid is a private act: the answer before the verdict must not move with another
    party's bid or withdrawal, however often it is asked."""
    readers = (SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR)

    def answers():
        return [secret.secret_outcome(profiled.svc, by(w), profiled.talks_id) for w in readers]

    before = answers()
    bid(profiled, NORTH_HEAD, 0.4)
    after_bid = answers()
    bid(profiled, NORTH_HEAD, None)
    after_withdrawal = answers()
    assert before == after_bid == after_withdrawal
    assert before[-1] == {"ready": False}


def test_overlapping_bids_give_the_fairest_package_and_only_that(profiled):
    bid(profiled, NORTH_HEAD, 0.4)
    bid(profiled, SOUTH_HEAD, 0.45)
    outcome = secret.secret_outcome(profiled.svc, by(NORTH_DELEGATE), profiled.talks_id)
    assert outcome == {
        "ready": True,
        "overlap": True,
        "package": {"Geographic scope": "Contested districts"},
        "your_utility": 0.5,
    }
    mediator = secret.secret_outcome(profiled.svc, by(MEDIATOR), profiled.talks_id)
    assert mediator == {
        "ready": True,
        "overlap": True,
        "package": {"Geographic scope": "Contested districts"},
    }


def test_bids_that_do_not_overlap_say_so_and_nothing_more(profiled):
    bid(profiled, NORTH_HEAD, 0.6)
    bid(profiled, SOUTH_HEAD, 0.6)
    assert secret.secret_outcome(profiled.svc, by(SOUTH_HEAD), profiled.talks_id) == {
        "ready": True,
        "overlap": False,
        "package": None,
    }


def test_changing_a_bid_after_all_bid_reopens_the_bidding(profiled):
    bid(profiled, NORTH_HEAD, 0.6)
    bid(profiled, SOUTH_HEAD, 0.6)
    assert bid(profiled, NORTH_HEAD, 0.5) is True
    assert secret.secret_outcome(profiled.svc, by(NORTH_HEAD), profiled.talks_id) == {
        "ready": False,
        "your_bid_stands": True,
    }


@pytest.mark.parametrize("who", [OBSERVER, CLERK, None])
def test_observers_and_the_secretariat_learn_nothing(profiled, who):
    with pytest.raises(NotAllowed):
        secret.secret_outcome(profiled.svc, by(who), profiled.talks_id)


@pytest.mark.parametrize("who", [NORTH_DELEGATE, NORTH_ADVISER, MEDIATOR])
def test_only_the_head_bids(profiled, who):
    with pytest.raises(NotAllowed):
        bid(profiled, who, 0.5)


def test_a_bid_needs_a_profile_and_a_utility_between_0_and_1(world, profiled):
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        bid(profiled, NORTH_HEAD, 1.5)


def test_a_bid_needs_a_profile(world):
    with pytest.raises(NotFound, match="no preference profile"):
        bid(world, NORTH_HEAD, 0.5)


def test_a_bid_reaches_nobody_else(profiled):
    bid(profiled, NORTH_HEAD, 0.4321)
    bid(profiled, SOUTH_HEAD, 0.1234)
    for who, hidden in (
        (SOUTH_HEAD, "0.4321"),
        (MEDIATOR, "0.4321"),
        (OBSERVER, "0.4321"),
        (CLERK, "0.4321"),
        (NORTH_HEAD, "0.1234"),
        (MEDIATOR, "0.1234"),
    ):
        seen = json.dumps(export_talks(profiled.svc, by(who), profiled.talks_id))
        assert hidden not in seen, who
        outcome = json.dumps(secret.secret_outcome(profiled.svc, by(MEDIATOR), profiled.talks_id))
        assert hidden not in outcome
    own = json.dumps(export_talks(profiled.svc, by(NORTH_ADVISER), profiled.talks_id))
    assert "0.4321" in own


# -- probing (issue 11, section 1) ---------------------------------------------------------------
def price(*, curve: str, accept: tuple[float, float] | None = None) -> dict:
    """A one-issue profile on "Initial duration" (7 to 180 days)."""
    issue: dict = {"issue": "Initial duration", "weight": 1, "curve": curve}
    if accept is not None:
        issue["acceptable_range"] = list(accept)
    return {"issues": [issue]}


def test_moving_the_profile_to_probe_the_other_bid_learns_nothing(world):
    """The attack of issue 11: after both heads bid, a Northland delegate binary-searches
    Southland's threshold by saving a profile that accepts [0, T] and asking again."""
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, price(curve="falling"))
    profile.save_profile(world.svc, by(SOUTH_HEAD), world.talks_id, price(curve="rising"))
    bid(world, NORTH_HEAD, 0.3)
    bid(world, SOUTH_HEAD, 0.25)
    first = secret.secret_outcome(world.svc, by(NORTH_DELEGATE), world.talks_id)
    assert first["ready"] is True
    answers = []
    for t in (50, 75, 62, 56, 53, 51, 52):
        profile.save_profile(
            world.svc,
            by(NORTH_DELEGATE),
            world.talks_id,
            price(curve="rising", accept=(7, t)),
        )
        answers.append(secret.secret_outcome(world.svc, by(NORTH_DELEGATE), world.talks_id))
    assert answers == [{"ready": False, "your_bid_stands": False}] * 7
    south = profile.read_profile(world.svc, by(SOUTH_HEAD), world.talks_id)
    assert south["secret_minimum"] is None  # the delegate moved no bid: the bidding reopened
    record = export_talks(world.svc, by(SOUTH_HEAD), world.talks_id)["talks"]["record"]
    acts = [e.get("act") for e in record]
    assert "secret bidding reopened" in acts


def test_the_verdict_is_computed_once_and_kept(world, monkeypatch):
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, NORTH)
    profile.save_profile(world.svc, by(SOUTH_HEAD), world.talks_id, SOUTH)
    bid(world, NORTH_HEAD, 0.4)
    bid(world, SOUTH_HEAD, 0.45)

    def recompute(_talks):
        raise AssertionError("the verdict is kept, not computed on request")

    monkeypatch.setattr(secret, "_verdict", recompute)
    for _ in range(2):
        outcome = secret.secret_outcome(world.svc, by(MEDIATOR), world.talks_id)
        assert outcome["package"] == {"Geographic scope": "Contested districts"}


@pytest.mark.parametrize(
    "change",
    [
        lambda w: profile.save_profile(w.svc, by(SOUTH_DELEGATE), w.talks_id, SOUTH),
        lambda w: profile.set_consent(w.svc, by(NORTH_HEAD), w.talks_id, consent=True),
        lambda w: setup.add_issue(w.svc, by(MEDIATOR), w.talks_id, title="Amnesty", kind="clause"),
        lambda w: setup.add_party(w.svc, OPERATOR, w.talks_id, name="Eastmark"),
    ],
    ids=["profile", "consent", "framework", "parties"],
)
def test_any_change_the_verdict_depends_on_reopens_the_bidding(profiled, change):
    bid(profiled, NORTH_HEAD, 0.4)
    bid(profiled, SOUTH_HEAD, 0.45)
    change(profiled)
    outcome = secret.secret_outcome(profiled.svc, by(MEDIATOR), profiled.talks_id)
    assert outcome["ready"] is False
    for head in (NORTH_HEAD, SOUTH_HEAD):
        assert (
            profile.read_profile(profiled.svc, by(head), profiled.talks_id)["secret_minimum"]
            is None
        )


def test_a_bid_made_under_another_profile_counts_for_nothing(profiled, store):
    """Even a path that forgot to reopen the bidding cannot revive a verdict."""
    bid(profiled, NORTH_HEAD, 0.4)
    bid(profiled, SOUTH_HEAD, 0.45)
    state = store.committed
    north = state.talks[profiled.talks_id].profile_of(profiled.north)
    north.reservation = 0.1  # as if changed behind the services' back
    outcome = secret.secret_outcome(profiled.svc, by(SOUTH_HEAD), profiled.talks_id)
    assert outcome == {"ready": False, "your_bid_stands": True}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (NORTH_HEAD, True),
        (NORTH_ADVISER, True),
        (SOUTH_HEAD, True),
        (MEDIATOR, True),
        (OBSERVER, False),
        (CLERK, False),
        (None, False),
    ],
)
def test_bidding_acts_reach_the_parties_and_the_mediator_only(profiled, who, sees):
    bid(profiled, NORTH_HEAD, 0.6)
    bid(profiled, SOUTH_HEAD, 0.6)
    bid(profiled, NORTH_HEAD, 0.5)
    record = export_talks(profiled.svc, by(who), profiled.talks_id)["talks"]["record"]
    acts = [e.get("act") for e in record]
    assert ("secret bidding reopened" in acts) is sees
    assert ("secret bids compared" in acts) is sees
    assert "Anna North" not in json.dumps([e for e in record if e.get("act") is None])
