"""Mediator notes: the mediator writes, lists and deletes them; nobody else learns of them."""

from __future__ import annotations

import json

import pytest

from pourparler.domain.error import (
    InvalidInput,
    NotAllowed,
    NotFound,
    PourparlerError,
    RuleViolation,
)
from pourparler.domain.note import NOTE_LIMIT
from pourparler.domain.record import first_broken
from pourparler.services import account, minutes, note, round, setup
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.verification import entries_from
from pourparler.services.view import talks_document
from support.caller import by
from support.memory import memory_services
from support.scene import OPERATOR, SOUTH_ADVISER, Scene, build_scene
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    PASSWORD,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    World,
)

EVERYONE_ELSE = [
    NORTH_HEAD,
    NORTH_DELEGATE,
    NORTH_ADVISER,
    SOUTH_HEAD,
    SOUTH_DELEGATE,
    SOUTH_ADVISER,
    OBSERVER,
    CLERK,
    OPERATOR,
]
CO_MEDIATOR = "co.mediator@example.org"


@pytest.fixture(scope="module")
def scene() -> Scene:
    return build_scene(memory_services()[0])


def _round(world: World) -> str:
    proposal = round.propose_round(
        world.svc,
        by(NORTH_HEAD),
        world.talks_id,
        starts_at=world.in_days(1),
        time_zone="UTC",
        venue="Harbour",
    )
    return proposal.id


# --- the mediator ------------------------------------------------------------------------------


def test_the_mediator_writes_and_lists_notes_in_the_order_written(world, clock):
    round_id = _round(world)
    first = note.write_note(
        world.svc, by(MEDIATOR), world.talks_id, text="  North may move on scope "
    )
    clock.advance(minutes=5)
    second = note.write_note(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        text="Ask about phasing",
        round_id=round_id,
    )
    listed = note.list_notes(world.svc, by(MEDIATOR), world.talks_id)
    assert [n["id"] for n in listed] == [first.id, second.id]
    assert listed[0]["text"] == "North may move on scope"
    assert listed[0]["round"] is None
    assert listed[1]["round"] == round_id
    assert listed[1]["written_at"] == clock.now.isoformat()
    only_round = note.list_notes(world.svc, by(MEDIATOR), world.talks_id, round_id=round_id)
    assert [n["id"] for n in only_round] == [second.id]


def test_the_mediator_deletes_a_note_and_the_record_keeps_a_mediator_only_act(world):
    kept = note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="keep me")
    dropped = note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="drop me")
    note.delete_note(world.svc, by(MEDIATOR), world.talks_id, dropped.id)
    assert [n["id"] for n in note.list_notes(world.svc, by(MEDIATOR), world.talks_id)] == [kept.id]
    acts = [
        e
        for e in talks_document(world.svc, by(MEDIATOR), world.talks_id)["record"]
        if e.get("act", "").startswith("note")
    ]
    assert [(e["act"], e["data"]["note"], e["audience"]) for e in acts] == [
        ("note written", kept.id, "mediator"),
        ("note written", dropped.id, "mediator"),
        ("note deleted", dropped.id, "mediator"),
    ]
    assert all("drop me" not in json.dumps(e) and "keep me" not in json.dumps(e) for e in acts)
    assert all(e["party"] is None and len(e["data"]["salt"]) == 32 for e in acts)


def test_a_mediator_deletes_only_their_own_notes(world):
    account.add_user(world.svc, OPERATOR, name="Ines Co", email=CO_MEDIATOR, password=PASSWORD)
    setup.seat(world.svc, OPERATOR, world.talks_id, email=CO_MEDIATOR, role="mediator")
    setup.confirm_seat(world.svc, by(MEDIATOR), world.talks_id, email=CO_MEDIATOR)
    mine = note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="mine")
    # Co-mediators read each other's notes: the contract gives mediators read and write.
    assert [n["text"] for n in note.list_notes(world.svc, by(CO_MEDIATOR), world.talks_id)] == [
        "mine"
    ]
    with pytest.raises(NotAllowed, match="only the notes they wrote"):
        note.delete_note(world.svc, by(CO_MEDIATOR), world.talks_id, mine.id)
    assert len(note.list_notes(world.svc, by(MEDIATOR), world.talks_id)) == 1


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("   ", InvalidInput, "a note must not be empty"),
        ("x" * (NOTE_LIMIT + 1), InvalidInput, f"longer than {NOTE_LIMIT}"),
    ],
)
def test_a_note_needs_text_within_the_limit(world, text, error, message):
    with pytest.raises(error, match=message):
        note.write_note(world.svc, by(MEDIATOR), world.talks_id, text=text)
    assert note.list_notes(world.svc, by(MEDIATOR), world.talks_id) == []


def test_a_note_of_the_full_length_is_kept(world):
    note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="y" * NOTE_LIMIT)
    assert len(note.list_notes(world.svc, by(MEDIATOR), world.talks_id)[0]["text"]) == NOTE_LIMIT


def test_unknown_rounds_and_notes_are_named_to_the_mediator(world):
    with pytest.raises(NotFound, match="no round 0123456789ab"):
        note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="x", round_id="0123456789ab")
    with pytest.raises(NotFound, match="no round 0123456789ab"):
        note.list_notes(world.svc, by(MEDIATOR), world.talks_id, round_id="0123456789ab")
    with pytest.raises(NotFound, match="no note 0123456789ab"):
        note.delete_note(world.svc, by(MEDIATOR), world.talks_id, "0123456789ab")


def test_concluded_talks_take_no_more_notes(world):
    written = note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="before the end")
    setup.set_status(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        status="concluded without agreement",
        statement="No deal.",
    )
    with pytest.raises(RuleViolation):
        note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="after")
    with pytest.raises(RuleViolation):
        note.delete_note(world.svc, by(MEDIATOR), world.talks_id, written.id)
    assert [n["text"] for n in note.list_notes(world.svc, by(MEDIATOR), world.talks_id)] == [
        "before the end"
    ]


# --- everybody else ----------------------------------------------------------------------------


def _refusal(call) -> str:
    with pytest.raises(PourparlerError) as refused:
        call()
    return f"{type(refused.value).__name__}: {refused.value.message}"


def _attempts(svc, who, talks_id, round_id, note_id):
    return {
        "write": lambda: note.write_note(
            svc, by(who), talks_id, text="mine now", round_id=round_id
        ),
        "list": lambda: note.list_notes(svc, by(who), talks_id),
        "list round": lambda: note.list_notes(svc, by(who), talks_id, round_id=round_id),
        "delete": lambda: note.delete_note(svc, by(who), talks_id, note_id),
    }


@pytest.mark.parametrize("who", EVERYONE_ELSE)
def test_everyone_but_the_mediator_is_refused_alike_whether_or_not_notes_exist(scene, who):
    """The scene holds notes; the same talks without them must refuse in the same words."""
    bare = build_scene(memory_services()[0])
    with bare.svc.unit_of_work() as uow:
        bare_talks = uow.talks.get(bare.talks_id)
        bare_talks.notes.clear()
        uow.commit()
    assert note.list_notes(bare.svc, by(MEDIATOR), bare.talks_id) == []
    with_notes = _attempts(scene.svc, who, scene.talks_id, scene.round_id, scene.note)
    without = _attempts(bare.svc, who, bare.talks_id, bare.round_id, "0123456789ab")
    for act, call in with_notes.items():
        refused = _refusal(call)
        assert refused == "NotAllowed: only the mediator keeps mediator notes", act
        assert _refusal(without[act]) == refused, act
    assert len(note.list_notes(scene.svc, by(MEDIATOR), scene.talks_id)) == 2


@pytest.mark.parametrize("who", EVERYONE_ELSE)
def test_nobody_else_meets_a_note_anywhere(scene, who):
    texts = [n["text"] for n in note.list_notes(scene.svc, by(MEDIATOR), scene.talks_id)]
    assert texts
    document = talks_document(scene.svc, by(who), scene.talks_id)
    assert "notes" not in document
    seen = json.dumps(
        [
            document,
            export_talks(scene.svc, by(who), scene.talks_id),
            minutes.round_minutes(scene.svc, by(who), scene.round_id),
        ],
        ensure_ascii=False,
    )
    assert not [t for t in texts if t in seen]
    assert "Mediator's notes" not in seen
    assert "note written" not in seen  # the acts reach them as stubs
    stubs = [e for e in document["record"] if e.get("stub")]
    assert set(stubs[0]) == {"seq", "prev_hash", "content_hash", "hash", "stub"}


def test_the_record_verifies_with_mediator_only_stubs(scene):
    for who in (*EVERYONE_ELSE, MEDIATOR):
        entries = entries_from(
            scene.talks_id, talks_document(scene.svc, by(who), scene.talks_id)["record"]
        )
        assert first_broken(entries) is None, who
    mediator = talks_document(scene.svc, by(MEDIATOR), scene.talks_id)["record"]
    observer = talks_document(scene.svc, by(OBSERVER), scene.talks_id)["record"]
    notes = [e["seq"] for e in mediator if e.get("audience") == "mediator"]
    assert len(notes) == 4  # three written, one deleted
    assert all(observer[seq - 1].get("stub") for seq in notes)


def test_the_mediators_minutes_list_the_rounds_notes(scene):
    written = minutes.round_minutes(scene.svc, by(MEDIATOR), scene.round_id)
    heading = written.index("## Mediator's notes")
    assert "NOTE-ON-ROUND-h6" in written[heading:]
    assert heading < written.index("## Outcome")
    assert "NOTE-ON-TALKS-h6" not in written  # on the talks, not on this round
    assert "NOTE-DELETED-x0" not in written


# --- export and import -------------------------------------------------------------------------


def test_the_mediators_export_round_trips_with_its_notes(scene):
    exported = export_talks(scene.svc, by(MEDIATOR), scene.talks_id)
    assert [n["text"] for n in exported["talks"]["notes"]] == [
        "NOTE-ON-ROUND-h6",
        "NOTE-ON-TALKS-h6",
    ]
    elsewhere, _ = memory_services()
    import_talks(elsewhere, OPERATOR, json.loads(json.dumps(exported)))
    assert export_talks(elsewhere, by(MEDIATOR), scene.talks_id) == exported
    assert note.list_notes(elsewhere, by(MEDIATOR), scene.talks_id) == exported["talks"]["notes"]
    with pytest.raises(NotAllowed, match="only the mediator keeps mediator notes"):
        note.list_notes(elsewhere, by(OBSERVER), scene.talks_id)


@pytest.mark.parametrize("exporter", [NORTH_HEAD, SOUTH_ADVISER, OBSERVER, CLERK, OPERATOR])
def test_an_export_by_anyone_else_restores_no_notes(scene, exporter):
    exported = export_talks(scene.svc, by(exporter), scene.talks_id)
    elsewhere, _ = memory_services()
    import_talks(elsewhere, OPERATOR, json.loads(json.dumps(exported)))
    assert note.list_notes(elsewhere, by(MEDIATOR), scene.talks_id) == []
    if exporter in (NORTH_HEAD, SOUTH_ADVISER, OBSERVER):
        # The secretariat's exports leave metadata-only memoranda behind (transfer.py), so
        # only content readers' exports come back identical.
        assert export_talks(elsewhere, by(exporter), scene.talks_id) == exported


def test_a_mediator_seated_by_the_secretariat_reads_nothing_until_a_mediator_confirms(world):
    """The secretariat may not read the mediator's notes, nor the analysis the parties consented
    to, by seating an account of its own as a second mediator."""
    note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="NOTE-FOR-MEDIATORS-ONLY")
    account.add_user(world.svc, OPERATOR, name="Ines Co", email=CO_MEDIATOR, password=PASSWORD)
    setup.seat(world.svc, OPERATOR, world.talks_id, email=CO_MEDIATOR, role="mediator")
    with pytest.raises(NotAllowed):
        note.list_notes(world.svc, by(CO_MEDIATOR), world.talks_id)
    seen = json.dumps(talks_document(world.svc, by(CO_MEDIATOR), world.talks_id))
    assert "NOTE-FOR-MEDIATORS-ONLY" not in seen
    with pytest.raises(NotFound):  # a head confirms seats in its own party only
        setup.confirm_seat(world.svc, by(NORTH_HEAD), world.talks_id, email=CO_MEDIATOR)
    with pytest.raises(NotAllowed):
        setup.confirm_seat(world.svc, by(CO_MEDIATOR), world.talks_id, email=CO_MEDIATOR)
    setup.confirm_seat(world.svc, by(MEDIATOR), world.talks_id, email=CO_MEDIATOR)
    assert [n["text"] for n in note.list_notes(world.svc, by(CO_MEDIATOR), world.talks_id)] == [
        "NOTE-FOR-MEDIATORS-ONLY"
    ]
