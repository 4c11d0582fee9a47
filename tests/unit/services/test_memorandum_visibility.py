import json

import pytest

from pourparler.domain.comparison import Standing
from pourparler.domain.error import NotAllowed, NotFound
from pourparler.domain.memorandum import Position
from pourparler.services import memorandum
from pourparler.services.transfer import export_talks
from pourparler.services.view import talks_document
from support.caller import by
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    draft,
)

SECRET = "Secret reasoning of north.head@example.org"


def text_seen_by(world, who) -> str:
    return json.dumps(export_talks(world.svc, by(who), world.talks_id), ensure_ascii=False)


@pytest.mark.parametrize("who", [NORTH_HEAD, NORTH_DELEGATE, NORTH_ADVISER])
def test_the_own_party_reads_its_drafts(world, who):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    assert SECRET in text_seen_by(world, who)


@pytest.mark.parametrize("who", [SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR, OBSERVER, CLERK, None])
def test_nobody_else_reads_a_draft_nor_learns_it_exists(world, who):
    memo_id, _ = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    seen = text_seen_by(world, who)
    assert SECRET not in seen
    assert memo_id not in seen
    assert "Contact line only" not in seen.split('"framework"')[0] + seen.split('"rounds"')[1]


def test_an_adviser_reads_but_does_not_write(world):
    with pytest.raises(NotAllowed):
        memorandum.create_memorandum(world.svc, by(NORTH_ADVISER), world.talks_id, title="x")


@pytest.mark.parametrize("who", [MEDIATOR, OBSERVER, CLERK])
def test_only_party_members_write_memoranda(world, who):
    with pytest.raises(NotAllowed):
        memorandum.create_memorandum(world.svc, by(who), world.talks_id, title="x")


def test_another_party_cannot_save_into_a_memorandum(world):
    memo_id, _ = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    with pytest.raises(NotFound):
        memorandum.save_memorandum(
            world.svc,
            by(SOUTH_HEAD),
            world.talks_id,
            memo_id,
            sections=[],
            positions=[],
        )


def test_the_mediator_reads_a_version_once_the_head_shares_it(world):
    memo_id, version = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    with pytest.raises(NotAllowed):
        memorandum.share_with_mediator(
            world.svc, by(NORTH_DELEGATE), world.talks_id, memo_id, version=version
        )
    memorandum.share_with_mediator(
        world.svc, by(NORTH_HEAD), world.talks_id, memo_id, version=version
    )
    assert SECRET in text_seen_by(world, MEDIATOR)
    for who in (SOUTH_HEAD, OBSERVER, CLERK):
        assert SECRET not in text_seen_by(world, who)


def test_private_acts_reach_others_only_as_stubs(world):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    south = talks_document(world.svc, by(SOUTH_HEAD), world.talks_id)["record"]
    north = talks_document(world.svc, by(NORTH_DELEGATE), world.talks_id)["record"]
    assert [e["act"] for e in north[-2:]] == ["memorandum started", "memorandum saved"]
    assert all(e.get("stub") for e in south[-2:])
    assert "act" not in south[-1]


def test_comparison_of_versions_the_actor_may_read(world):
    north = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    south = draft(world, SOUTH_HEAD, scope="Entire territory", days=(90, 120))
    with pytest.raises(NotFound):
        memorandum.compare_versions(world.svc, by(MEDIATOR), world.talks_id, north, south)
    memorandum.share_with_mediator(world.svc, by(NORTH_HEAD), world.talks_id, north[0], version=1)
    memorandum.share_with_mediator(world.svc, by(SOUTH_HEAD), world.talks_id, south[0], version=1)
    result = {
        c.issue.title: c
        for c in memorandum.compare_versions(world.svc, by(MEDIATOR), world.talks_id, north, south)
    }
    assert result["Geographic scope"].standing is Standing.COMPATIBLE
    assert result["Geographic scope"].overlap_options == ["Contested districts"]
    assert result["Initial duration"].standing is Standing.CONFLICT
    assert result["Type of ceasefire"].standing is Standing.NOT_ADDRESSED


def test_a_bad_position_saves_nothing(world, store):
    memo = memorandum.create_memorandum(world.svc, by(NORTH_HEAD), world.talks_id, title="V")
    before = store.commits
    with pytest.raises(Exception, match="no option"):
        memorandum.save_memorandum(
            world.svc,
            by(NORTH_HEAD),
            world.talks_id,
            memo.id,
            sections=[],
            positions=[Position(world.issues["Geographic scope"], asked_options=("Moon",))],
        )
    assert store.commits == before
