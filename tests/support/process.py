"""Helpers that take the standard world through a round with a sealed exchange."""

from __future__ import annotations

from pourparler.services import exchange, round
from support.caller import by
from support.world import MEDIATOR, NORTH_HEAD, SOUTH_HEAD, World, draft


def scheduled_round(world: World) -> str:
    proposal = round.propose_round(
        world.svc,
        by(NORTH_HEAD),
        world.talks_id,
        starts_at=world.in_days(1),
        time_zone="UTC",
        venue="Harbour",
    )
    round.accept_round(world.svc, by(SOUTH_HEAD), world.talks_id, proposal.id)
    return proposal.id


def exchanged(world: World, policy: str = "all_or_nothing", deadline=None):
    """Both parties draft; an exchange is opened; returns (exchange id, north memo, south memo)."""
    round_id = scheduled_round(world)
    north = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    south = draft(world, SOUTH_HEAD, scope="Entire territory", days=(90, 120))
    opened = exchange.open_exchange(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        round_id,
        title="Vision of the modalities",
        policy=policy,
        deadline=deadline,
    )
    return opened.id, north, south


def commit(world: World, who: str, exchange_id: str, memo: tuple[str, int]):
    return exchange.commit_document(
        world.svc, by(who), world.talks_id, exchange_id, memorandum_id=memo[0], version=memo[1]
    )
