"""Secret acceptances: private minimum utilities; only the verdict and the package come out."""

import json

import pytest

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound
from pourparler.services import profile, secret
from pourparler.services.transfer import export_talks
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
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
    profile.save_profile(world.svc, NORTH_HEAD, world.talks_id, NORTH)
    profile.save_profile(world.svc, SOUTH_HEAD, world.talks_id, SOUTH)
    return world


def bid(world, who, minimum):
    return secret.set_secret_minimum(world.svc, who, world.talks_id, minimum=minimum)


def test_the_outcome_waits_for_every_bid(profiled):
    bid(profiled, NORTH_HEAD, 0.4)
    assert secret.secret_outcome(profiled.svc, SOUTH_HEAD, profiled.talks_id) == {
        "ready": False,
        "waiting_for": 1,
    }


def test_overlapping_bids_give_the_fairest_package_and_only_that(profiled):
    bid(profiled, NORTH_HEAD, 0.4)
    bid(profiled, SOUTH_HEAD, 0.45)
    outcome = secret.secret_outcome(profiled.svc, NORTH_DELEGATE, profiled.talks_id)
    assert outcome == {
        "ready": True,
        "overlap": True,
        "package": {"Geographic scope": "Contested districts"},
        "your_utility": 0.5,
    }
    mediator = secret.secret_outcome(profiled.svc, MEDIATOR, profiled.talks_id)
    assert mediator == {
        "ready": True,
        "overlap": True,
        "package": {"Geographic scope": "Contested districts"},
    }


def test_bids_that_do_not_overlap_say_so_and_nothing_more(profiled):
    bid(profiled, NORTH_HEAD, 0.6)
    bid(profiled, SOUTH_HEAD, 0.6)
    assert secret.secret_outcome(profiled.svc, SOUTH_HEAD, profiled.talks_id) == {
        "ready": True,
        "overlap": False,
        "package": None,
    }


def test_changing_a_bid_after_all_bid_reopens_the_bidding(profiled):
    bid(profiled, NORTH_HEAD, 0.6)
    bid(profiled, SOUTH_HEAD, 0.6)
    assert bid(profiled, NORTH_HEAD, 0.5) is True
    assert secret.secret_outcome(profiled.svc, NORTH_HEAD, profiled.talks_id) == {
        "ready": False,
        "waiting_for": 1,
    }


@pytest.mark.parametrize("who", [OBSERVER, CLERK, None])
def test_observers_and_the_secretariat_learn_nothing(profiled, who):
    with pytest.raises(NotAllowed):
        secret.secret_outcome(profiled.svc, who, profiled.talks_id)


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
        seen = json.dumps(export_talks(profiled.svc, who, profiled.talks_id))
        assert hidden not in seen, who
        outcome = json.dumps(secret.secret_outcome(profiled.svc, MEDIATOR, profiled.talks_id))
        assert hidden not in outcome
    own = json.dumps(export_talks(profiled.svc, NORTH_ADVISER, profiled.talks_id))
    assert "0.4321" in own
