"""record_entries: the record after a seq, as the export gives it to the same reader."""

from __future__ import annotations

import pytest

from pourparler.domain.error import InvalidInput, NotFound
from pourparler.services import account, profile
from pourparler.services.record_query import record_entries
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.world import MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, OBSERVER, SOUTH_HEAD, World

PROFILE = {
    "reservation": 0.25,
    "issues": [{"issue": "Geographic scope", "weight": 1, "ratings": {"Contact line only": 10}}],
}


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_HEAD, MEDIATOR, OBSERVER, None])
def test_every_page_is_a_slice_of_the_readers_record(world: World, who: str | None) -> None:
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, PROFILE)
    whole = talks_document(world.svc, by(who), world.talks_id)["record"]
    assert record_entries(world.svc, by(who), world.talks_id) == whole
    for after in (0, 1, len(whole) - 1, len(whole)):
        for limit in (None, 1, 3):
            page = record_entries(world.svc, by(who), world.talks_id, after=after, limit=limit)
            assert page == whole[after:][:limit]


def test_a_private_act_is_a_stub_to_another_party(world: World) -> None:
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, PROFILE)
    north = record_entries(world.svc, by(NORTH_HEAD), world.talks_id)
    south = record_entries(world.svc, by(SOUTH_HEAD), world.talks_id)
    saved = next(e for e in north if e.get("act") == "profile saved")
    assert south[saved["seq"] - 1] == {
        "seq": saved["seq"],
        "prev_hash": saved["prev_hash"],
        "content_hash": saved["content_hash"],
        "hash": saved["hash"],
        "stub": True,
    }


def test_bad_bounds_and_no_seat_are_refused(world: World) -> None:
    with pytest.raises(InvalidInput, match="after"):
        record_entries(world.svc, by(NORTH_HEAD), world.talks_id, after=-1)
    with pytest.raises(InvalidInput, match="limit"):
        record_entries(world.svc, by(NORTH_HEAD), world.talks_id, limit=0)
    account.add_user(world.svc, OPERATOR, name="Olaf", email="out@example.org", password="x" * 12)
    with pytest.raises(NotFound):
        record_entries(world.svc, by("out@example.org"), world.talks_id)
