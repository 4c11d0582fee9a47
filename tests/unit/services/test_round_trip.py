"""Export, import elsewhere, export again: the same document, whoever exported, and the imported
talks verify there (what the export could not hold is said, not checked)."""

from __future__ import annotations

import json

import pytest

from pourparler.services import round as rounds
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.verification import verify_record
from support.caller import by
from support.memory import memory_services
from support.scene import OPERATOR, SOUTH_ADVISER, Scene, build_scene
from support.world import CLERK, MEDIATOR, NORTH_HEAD, OBSERVER


@pytest.fixture(scope="module")
def scene() -> Scene:
    return build_scene(memory_services()[0])


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_ADVISER, MEDIATOR, OBSERVER, CLERK, OPERATOR])
def test_export_import_export_gives_the_same_document_for_every_exporter(scene, who):
    exported = json.loads(json.dumps(export_talks(scene.svc, by(who), scene.talks_id)))
    elsewhere, _ = memory_services()
    import_talks(elsewhere, OPERATOR, exported)
    again = json.loads(json.dumps(export_talks(elsewhere, by(who), scene.talks_id)))
    assert again == exported
    found = verify_record(elsewhere, OPERATOR, scene.talks_id)
    assert found.problems == []
    assert found.facts > 0


def test_the_secretariats_export_keeps_the_revealed_memoranda_it_lists(scene):
    exported = export_talks(scene.svc, OPERATOR, scene.talks_id)
    assert exported["talks"]["memoranda"]
    elsewhere, _ = memory_services()
    import_talks(elsewhere, OPERATOR, exported)
    again = export_talks(elsewhere, OPERATOR, scene.talks_id)
    assert again["talks"]["memoranda"] == exported["talks"]["memoranda"]
    found = verify_record(elsewhere, OPERATOR, scene.talks_id)
    assert found.unchecked > 0  # the content it never held is said to be unchecked


def test_a_rescheduled_round_round_trips_without_its_old_reason_and_verifies():
    scene = build_scene(memory_services()[0])
    svc, talks_id = scene.svc, scene.talks_id
    proposal = rounds.propose_round(
        svc, by(NORTH_HEAD), talks_id, starts_at=scene.world.in_days(10),
        time_zone="Europe/Paris", venue="Castle Hall", format="hybrid",
    )  # fmt: skip
    rounds.postpone_round(svc, by(MEDIATOR), talks_id, proposal.id, reason="The hall is flooded")
    moved = rounds.reschedule_round(
        svc, by(NORTH_HEAD), talks_id, proposal.id, starts_at=scene.world.in_days(20)
    )
    assert (moved.status, moved.reason) == ("proposed", "")
    assert verify_record(svc, OPERATOR, talks_id).problems == []
    exported = json.loads(json.dumps(export_talks(svc, by(MEDIATOR), talks_id)))
    elsewhere, _ = memory_services()
    import_talks(elsewhere, OPERATOR, exported)
    assert json.loads(json.dumps(export_talks(elsewhere, by(MEDIATOR), talks_id))) == exported
    assert verify_record(elsewhere, OPERATOR, talks_id).problems == []
