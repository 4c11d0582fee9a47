"""A seat in a party takes effect only when the party's head confirms it (issue 11, §4)."""

import json

import pytest

from pourparler.domain.error import NotAllowed, NotFound
from pourparler.services import account, memorandum, minutes, profile, setup
from pourparler.services.transfer import export_talks
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.scene import build_scene
from support.world import (
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    PASSWORD,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    draft,
)

NEWCOMER = "conciliator@mediation.example"
PROFILE = {"issues": [{"issue": "Initial duration", "weight": 1, "curve": "rising"}]}


@pytest.fixture
def newcomer(world):
    account.add_user(world.svc, OPERATOR, name="Nico Newcomer", email=NEWCOMER, password=PASSWORD)
    return world


def private_work(world) -> tuple[str, int]:
    profile.save_profile(world.svc, by(SOUTH_DELEGATE), world.talks_id, PROFILE)
    return draft(world, SOUTH_DELEGATE, scope="Entire territory", days=(30, 60))


@pytest.mark.parametrize("seated_by", [MEDIATOR, None], ids=["mediator", "secretariat"])
@pytest.mark.parametrize("role", ["delegate", "adviser"])
def test_a_seat_given_without_the_head_reads_nothing_of_the_party(newcomer, seated_by, role):
    """The attack of issue 11: the mediator (or the secretariat) seats an account in a party,
    and that account reads the party's profile and drafts."""
    private_work(newcomer)
    setup.seat(
        newcomer.svc,
        by(seated_by),
        newcomer.talks_id,
        email=NEWCOMER,
        role=role,
        party="Southland",
    )
    with pytest.raises(NotAllowed):
        profile.read_profile(newcomer.svc, by(NEWCOMER), newcomer.talks_id)
    seen = json.dumps(export_talks(newcomer.svc, by(NEWCOMER), newcomer.talks_id))
    assert "Secret reasoning" not in seen
    assert '"profiles": []' in seen
    record = export_talks(newcomer.svc, by(NEWCOMER), newcomer.talks_id)["talks"]["record"]
    assert all(e.get("party") is None for e in record)  # private acts reach it as stubs
    with pytest.raises(NotAllowed):
        profile.save_profile(newcomer.svc, by(NEWCOMER), newcomer.talks_id, PROFILE)
    with pytest.raises((NotAllowed, NotFound)):
        memorandum.create_memorandum(newcomer.svc, by(NEWCOMER), newcomer.talks_id, title="Mine")


def test_the_head_confirms_and_the_seat_takes_effect(newcomer):
    private_work(newcomer)
    setup.seat(
        newcomer.svc, OPERATOR, newcomer.talks_id, email=NEWCOMER, role="adviser", party="Southland"
    )
    members = talks_document(newcomer.svc, by(SOUTH_HEAD), newcomer.talks_id)["members"]
    assert next(m for m in members if m["email"] == NEWCOMER)["confirmed"] is False
    setup.confirm_seat(newcomer.svc, by(SOUTH_HEAD), newcomer.talks_id, email=NEWCOMER)
    assert profile.read_profile(newcomer.svc, by(NEWCOMER), newcomer.talks_id)["issues"]
    record = talks_document(newcomer.svc, OPERATOR, newcomer.talks_id)["record"]
    confirmed = [e for e in record if e.get("act") == "seat confirmed"][-1]
    assert confirmed["actor"] == "Dara South"
    assert confirmed["data"]["person"] == "Nico Newcomer"


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_DELEGATE, MEDIATOR, None])
def test_only_the_head_of_that_party_confirms(newcomer, who):
    setup.seat(
        newcomer.svc, OPERATOR, newcomer.talks_id, email=NEWCOMER, role="adviser", party="Southland"
    )
    with pytest.raises((NotAllowed, NotFound)):
        setup.confirm_seat(newcomer.svc, by(who), newcomer.talks_id, email=NEWCOMER)
    with pytest.raises(NotAllowed):
        profile.read_profile(newcomer.svc, by(NEWCOMER), newcomer.talks_id)


def test_a_confirmed_seat_or_a_head_cannot_be_confirmed_again(world):
    for email in (SOUTH_DELEGATE, SOUTH_HEAD, NORTH_DELEGATE):
        with pytest.raises(NotFound, match="awaits confirmation"):
            setup.confirm_seat(world.svc, by(SOUTH_HEAD), world.talks_id, email=email)


def test_a_head_seats_its_own_delegation_and_nobody_else(newcomer):
    setup.seat(
        newcomer.svc,
        by(SOUTH_HEAD),
        newcomer.talks_id,
        email=NEWCOMER,
        role="delegate",
        party="Southland",
    )
    profile.save_profile(
        newcomer.svc, by(NEWCOMER), newcomer.talks_id, PROFILE
    )  # in effect at once
    account.add_user(
        newcomer.svc, OPERATOR, name="Other", email="other@example.org", password=PASSWORD
    )
    for role, party in (("delegate", "Northland"), ("mediator", None), ("observer", None)):
        with pytest.raises(NotAllowed):
            setup.seat(
                newcomer.svc,
                by(SOUTH_HEAD),
                newcomer.talks_id,
                email="other@example.org",
                role=role,
                party=party,
            )


def test_the_first_head_is_confirmed_by_setting_up_the_talks(newcomer):
    setup.add_party(newcomer.svc, OPERATOR, newcomer.talks_id, name="Eastland")
    setup.seat(
        newcomer.svc,
        by(MEDIATOR),
        newcomer.talks_id,
        email=NEWCOMER,
        role="head",
        party="Eastland",
    )
    members = talks_document(newcomer.svc, by(NEWCOMER), newcomer.talks_id)["members"]
    assert next(m for m in members if m["email"] == NEWCOMER)["confirmed"] is True
    given = talks_document(newcomer.svc, OPERATOR, newcomer.talks_id)["record"][-1]
    assert (given["act"], given["data"]["confirmed"]) == ("seat given", True)


def test_the_minutes_list_a_delegation_without_its_unconfirmed_seats(memory):
    scene = build_scene(memory[0])
    written = minutes.round_minutes(scene.svc, by(MEDIATOR), scene.round_id)
    assert "Anna North (head)" in written
    assert "Uma Unconfirmed" not in written
