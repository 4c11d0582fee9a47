"""Who opens talks: the installation's secretariat, and accounts the operator lets open talks,
which take the secretariat's seat in the talks they open (metadata only, like any secretariat)."""

from __future__ import annotations

import pytest

from pourparler.domain.error import NotAllowed, NotFound
from pourparler.services import account, reading, setup
from pourparler.services.verification import verify_record
from pourparler.services.view import list_talks, talks_document
from support.caller import OPERATOR, by
from support.memory import MemoryStore
from support.world import CLERK, MEDIATOR, NORTH_HEAD, PASSWORD, World

DESK = "desk@harbour.example"


@pytest.fixture
def desk(world: World) -> str:
    """An account of the secretariat's staff, with no seat anywhere yet."""
    account.add_user(world.svc, OPERATOR, name="Dana Desk", email=DESK, password=PASSWORD)
    return DESK


def test_an_account_without_the_right_opens_no_talks_and_nothing_is_stored(
    world: World, store: MemoryStore, desk: str
) -> None:
    before = store.committed
    for who in (desk, CLERK, MEDIATOR):  # a secretariat seat in other talks is not the right
        with pytest.raises(NotAllowed, match="lets open talks"):
            setup.create_talks(world.svc, by(who), title="Talks of my own", template="ceasefire")
    assert store.committed == before


def test_an_account_let_open_talks_takes_the_secretariat_seat_in_them(
    world: World, desk: str
) -> None:
    granted = account.allow_opening_talks(world.svc, OPERATOR, email=desk, allowed=True)
    assert (granted.opens_talks, granted.operator) == (True, False)
    talks = setup.create_talks(world.svc, by(desk), title="Harbour talks", template="ceasefire")
    document = talks_document(world.svc, by(desk), talks.id)
    me = account.me(world.svc, by(desk))
    assert [(s.talks_id, s.role, s.confirmed) for s in me.seats] == [
        (talks.id, "secretariat", True)
    ]
    assert [(m["email"], m["role"]) for m in document["members"]] == [(desk, "secretariat")]
    acts = [(e["act"], e["actor"]) for e in document["record"][:3]]
    assert acts == [
        ("talks created", "Dana Desk"),
        ("seat given", "Dana Desk"),
        ("framework template applied", "Dana Desk"),
    ]
    assert verify_record(world.svc, by(desk), talks.id).intact
    assert talks.id in [t["id"] for t in list_talks(world.svc, by(desk))]
    # It sets the talks up as their secretariat, and reads no content, as any secretariat.
    setup.add_party(world.svc, by(desk), talks.id, name="Northland")
    setup.seat(world.svc, by(desk), talks.id, email=NORTH_HEAD, role="head", party="Northland")
    with pytest.raises(NotAllowed, match="metadata only"):
        reading.compare_memoranda(world.svc, by(desk), talks.id, None)
    # Talks it did not open stay out of its sight.
    with pytest.raises(NotFound):
        talks_document(world.svc, by(desk), world.talks_id)


def test_an_operator_account_opens_talks_without_a_seat(world: World) -> None:
    account.add_user(
        world.svc, OPERATOR, name="Ola Op", email="op@x.org", password=PASSWORD, operator=True
    )
    talks = setup.create_talks(world.svc, by("op@x.org"), title="Operated talks")
    assert talks_document(world.svc, OPERATOR, talks.id)["members"] == []


def test_only_the_installation_s_operator_grants_or_withdraws_the_right(
    world: World, desk: str
) -> None:
    account.allow_opening_talks(world.svc, OPERATOR, email=desk, allowed=True)
    for who in (CLERK, desk, MEDIATOR):
        with pytest.raises(NotAllowed, match="operator"):
            account.allow_opening_talks(world.svc, by(who), email=NORTH_HEAD, allowed=True)
    with pytest.raises(NotFound):
        account.allow_opening_talks(world.svc, OPERATOR, email="nobody@x.org", allowed=True)
    opened = setup.create_talks(world.svc, by(desk), title="Before")
    account.allow_opening_talks(world.svc, OPERATOR, email=desk, allowed=False)
    with pytest.raises(NotAllowed):
        setup.create_talks(world.svc, by(desk), title="After")
    assert talks_document(world.svc, by(desk), opened.id)["title"] == "Before"  # seat kept


def test_an_account_may_be_made_with_the_right(world: World) -> None:
    made = account.add_user(
        world.svc, OPERATOR, name="Ned New", email="ned@x.org", password=PASSWORD, opens_talks=True
    )
    assert made.opens_talks is True
    assert setup.create_talks(world.svc, by("ned@x.org"), title="Ned's talks").title
