"""A sample talks with something of every kind in it, and its export, built once."""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import cache
from typing import Any

from pourparler.services import profile, text
from pourparler.services.transfer import export_talks
from support.caller import by
from support.memory import MemoryStore, memory_services
from support.process import commit, exchanged
from support.world import MEDIATOR, NORTH_HEAD, SOUTH_HEAD, World, build_world


@cache
def _built() -> tuple[World, MemoryStore]:
    svc, store = memory_services()
    world = build_world(svc)
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft")
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, PROFILE)
    return world, store


def built_world() -> World:
    """The sample talks, built once and shared: for reading only."""
    return _built()[0]


def fresh_world() -> tuple[World, MemoryStore]:
    """A copy of the sample talks of one's own, to change, and the store that holds it."""
    world, store = _built()
    own = MemoryStore(copy.deepcopy(store.committed))
    svc = replace(world.svc, unit_of_work=own.unit_of_work)
    return replace(world, svc=svc), own


PROFILE = {
    "reservation": 0.3,
    "issues": [
        {
            "issue": "Geographic scope",
            "weight": 2,
            "ratings": {"Contact line only": 3, "Contested districts": 2},
        },
        {"issue": "Initial duration", "weight": 1, "curve": "peaked", "peak": 60},
    ],
}


@cache
def valid_export() -> dict[str, Any]:
    world = built_world()
    return export_talks(world.svc, by(NORTH_HEAD), world.talks_id)
