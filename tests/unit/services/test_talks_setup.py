import pytest

from pourparler.domain.error import Conflict, InvalidInput, NotAllowed
from pourparler.services import account, setup
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.verification import verify_record
from pourparler.services.view import list_talks, talks_document
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.world import CLERK, MEDIATOR, NORTH_HEAD, OBSERVER, SOUTH_HEAD, draft


def test_only_the_secretariat_creates_talks_and_accounts(world):
    with pytest.raises(NotAllowed):
        setup.create_talks(world.svc, by(MEDIATOR), title="Other talks")
    with pytest.raises(NotAllowed):
        account.add_user(
            world.svc,
            by(NORTH_HEAD),
            name="X",
            email="x@example.org",
            password="long enough pass",
        )


@pytest.mark.parametrize("who", [NORTH_HEAD, OBSERVER])
def test_parties_and_observers_do_not_set_talks_up(world, who):
    with pytest.raises(NotAllowed):
        setup.add_party(world.svc, by(who), world.talks_id, name="Eastland")


def test_the_secretariat_seat_and_the_mediator_set_talks_up(world):
    setup.add_party(world.svc, by(CLERK), world.talks_id, name="Eastland")
    setup.add_issue(world.svc, by(MEDIATOR), world.talks_id, title="Amnesty", kind="clause")
    doc = talks_document(world.svc, OPERATOR, world.talks_id)
    assert [p["name"] for p in doc["parties"]][-1] == "Eastland"
    assert doc["framework"][-1]["title"] == "Amnesty"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"email": "nobody@example.org", "role": "delegate", "party": "Northland"},
            Exception,
            "no account",
        ),
        ({"email": OBSERVER, "role": "delegate", "party": "Northland"}, Conflict, "already"),
        ({"email": "new@example.org", "role": "king", "party": None}, InvalidInput, "unknown role"),
    ],
)
def test_seats_are_checked(world, arguments, error, message):
    account.add_user(
        world.svc, OPERATOR, name="New", email="new@example.org", password="long enough pass"
    )
    with pytest.raises(error, match=message):
        setup.seat(world.svc, OPERATOR, world.talks_id, **arguments)


def test_one_head_per_party(world):
    account.add_user(
        world.svc, OPERATOR, name="New", email="new@example.org", password="long enough pass"
    )
    with pytest.raises(Conflict, match="head of delegation"):
        setup.seat(
            world.svc,
            OPERATOR,
            world.talks_id,
            email="new@example.org",
            role="head",
            party="Southland",
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": " ", "email": "a@example.org", "password": "long enough pass"}, "name"),
        ({"name": "A", "email": "not-an-address", "password": "long enough pass"}, "e-mail"),
        ({"name": "A", "email": "a@example.org", "password": "short"}, "password"),
    ],
)
def test_bad_accounts_are_refused(arguments, message):
    svc, store = memory_services()
    with pytest.raises(InvalidInput, match=message):
        account.add_user(svc, OPERATOR, **arguments)
    assert store.commits == 0


def test_duplicate_e_mail_is_refused(world):
    with pytest.raises(Conflict):
        account.add_user(
            world.svc, OPERATOR, name="Anna", email=NORTH_HEAD.upper(), password="long enough pass"
        )


def test_passwords_check(world):
    assert account.check_password(world.svc, email=NORTH_HEAD, password="correct horse battery")
    assert account.check_password(world.svc, email=NORTH_HEAD, password="wrong") is None


def test_people_list_only_talks_they_sit_in(world):
    setup.create_talks(world.svc, OPERATOR, title="Other talks")
    assert len(list_talks(world.svc, OPERATOR)) == 2
    assert [t["title"] for t in list_talks(world.svc, by(NORTH_HEAD))] == [
        "Northland–Southland ceasefire talks"
    ]


@pytest.mark.parametrize("who", [None, NORTH_HEAD, SOUTH_HEAD])
def test_export_import_export_gives_the_same_document(world, who):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    exported = export_talks(world.svc, by(who), world.talks_id)
    other, _ = memory_services()
    import_talks(other, OPERATOR, exported)
    assert export_talks(other, by(who), world.talks_id) == exported
    assert verify_record(other, OPERATOR, world.talks_id).problems == []


def test_import_refuses_existing_talks_and_malformed_documents(world):
    exported = export_talks(world.svc, OPERATOR, world.talks_id)
    with pytest.raises(Conflict):
        import_talks(world.svc, OPERATOR, exported)
    other, store = memory_services()
    with pytest.raises(InvalidInput):
        import_talks(other, OPERATOR, {"format": "something else"})
    broken = {"format": exported["format"], "talks": {**exported["talks"], "parties": 7}}
    with pytest.raises(InvalidInput, match="malformed"):
        import_talks(other, OPERATOR, broken)
    assert store.commits == 0


def test_import_refuses_a_tampered_record(world):
    exported = export_talks(world.svc, OPERATOR, world.talks_id)
    exported["talks"]["record"][1]["data"]["name"] = "Forged"
    other, store = memory_services()
    with pytest.raises(Exception, match="broken at entry 2"):
        import_talks(other, OPERATOR, exported)
    assert store.commits == 0
