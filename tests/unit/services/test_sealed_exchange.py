import hashlib
import json
from datetime import timedelta

import pytest

from pourparler.domain.error import (
    IntegrityFailure,
    InvalidInput,
    NotAllowed,
    NotFound,
    RuleViolation,
)
from pourparler.services import exchange, memorandum
from pourparler.services.transfer import export_talks
from pourparler.services.view import talks_document
from support.caller import by
from support.process import commit, exchanged
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)

NORTH_SECRET = "Secret reasoning of north.head@example.org"


def seen_by(world, who) -> str:
    return json.dumps(export_talks(world.svc, by(who), world.talks_id), ensure_ascii=False)


def test_before_reveal_nobody_else_reads_a_committed_document(world):
    exchange_id, north, _ = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    for who in (SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR, OBSERVER, CLERK, None):
        text = seen_by(world, who)
        assert NORTH_SECRET not in text, who
        ex = talks_document(world.svc, by(who), world.talks_id)["exchanges"][0]
        (c,) = ex["commitments"]
        assert set(c) == {"id", "party", "digest", "committed_at", "committed_by", "withdrawn_at"}
    for who in (NORTH_HEAD, NORTH_DELEGATE, NORTH_ADVISER):
        assert NORTH_SECRET in seen_by(world, who)


def test_the_last_commitment_reveals_all_at_once_and_everyone_can_verify(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    for who in (SOUTH_HEAD, MEDIATOR, OBSERVER):
        assert NORTH_SECRET in seen_by(world, who)
    ex = talks_document(world.svc, by(OBSERVER), world.talks_id)["exchanges"][0]
    assert ex["status"] == "revealed"
    for c in ex["commitments"]:
        hand = hashlib.sha256(bytes.fromhex(c["salt"]) + c["document"].encode()).hexdigest()
        assert hand == c["digest"]
    document = export_talks(world.svc, by(OBSERVER), world.talks_id)
    rows, checked = exchange.verify_exported_exchange(document, exchange_id)
    assert len(rows) == 2
    assert all(r["verified"] for r in rows)
    assert checked.intact
    assert checked.signers


@pytest.mark.parametrize("who", [CLERK, None])
def test_an_exchange_verification_that_had_nothing_to_verify_fails(world, who):
    """The secretariat's export holds metadata only: no revealed document to check, so the
    verification must not pass, and must say whose export can verify."""
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    document = export_talks(world.svc, by(who), world.talks_id)
    with pytest.raises(IntegrityFailure, match=r"nothing was verified.*observer"):
        exchange.verify_exported_exchange(document, exchange_id)


def test_the_secretariat_sees_only_metadata_after_reveal(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    assert NORTH_SECRET not in seen_by(world, CLERK)
    assert NORTH_SECRET not in seen_by(world, None)


def test_a_forged_document_fails_verification(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    document = export_talks(world.svc, by(OBSERVER), world.talks_id)
    c = document["talks"]["exchanges"][0]["commitments"][0]
    c["document"] = c["document"].replace("Contact line only", "Entire territory")
    with pytest.raises(IntegrityFailure, match=r"does not match|differs"):
        exchange.verify_exported_exchange(document, exchange_id)


def test_a_forged_document_with_its_digest_recomputed_from_the_salt_fails(world):
    """The forger knows the published salt and recomputes the commitment: the record bound the
    commitment as it was, and the signed head forbids rewriting the record."""
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    document = export_talks(world.svc, by(OBSERVER), world.talks_id)
    c = document["talks"]["exchanges"][0]["commitments"][0]
    c["document"] = c["document"].replace("Contact line only", "Entire territory")
    c["digest"] = hashlib.sha256(bytes.fromhex(c["salt"]) + c["document"].encode()).hexdigest()
    with pytest.raises(IntegrityFailure, match="differs from what entry"):
        exchange.verify_exported_exchange(document, exchange_id)


def test_committing_twice_is_refused(world):
    exchange_id, north, _ = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    with pytest.raises(RuleViolation, match="committed already"):
        commit(world, NORTH_HEAD, exchange_id, north)


def test_committing_another_partys_version_is_refused(world):
    exchange_id, north, _ = exchanged(world)
    with pytest.raises(NotFound):
        commit(world, SOUTH_HEAD, exchange_id, north)


@pytest.mark.parametrize("who", [NORTH_DELEGATE, NORTH_ADVISER, MEDIATOR, OBSERVER])
def test_only_the_head_commits(world, who):
    exchange_id, north, _ = exchanged(world)
    with pytest.raises((NotAllowed, NotFound)):
        commit(world, who, exchange_id, north)


def test_revealing_early_is_refused(world, store):
    exchange_id, north, _ = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    before = store.commits
    with pytest.raises(RuleViolation, match="not every party"):
        exchange.reveal_exchange(world.svc, by(MEDIATOR), world.talks_id, exchange_id)
    assert store.commits == before


def test_closing_an_all_or_nothing_exchange_early_reveals_nothing(world):
    exchange_id, north, _ = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    exchange.close_exchange(world.svc, by(MEDIATOR), world.talks_id, exchange_id)
    assert NORTH_SECRET not in seen_by(world, SOUTH_HEAD)
    with pytest.raises(RuleViolation):
        commit(world, NORTH_HEAD, exchange_id, north)


def test_withdrawal_before_reveal_shows_in_the_record(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    exchange.withdraw_commitment(world.svc, by(NORTH_HEAD), world.talks_id, exchange_id)
    acts = [
        e.get("act") for e in talks_document(world.svc, by(SOUTH_HEAD), world.talks_id)["record"]
    ]
    assert "commitment withdrawn" in acts
    commit(world, SOUTH_HEAD, exchange_id, south)
    assert (
        talks_document(world.svc, by(SOUTH_HEAD), world.talks_id)["exchanges"][0]["status"]
        == "open"
    )
    commit(world, NORTH_HEAD, exchange_id, north)
    assert NORTH_SECRET in seen_by(world, SOUTH_HEAD)


def test_at_deadline_reveals_only_after_the_deadline(world, clock):
    exchange_id, north, _ = exchanged(world, "at_deadline", clock.now + timedelta(hours=2))
    commit(world, NORTH_HEAD, exchange_id, north)
    with pytest.raises(RuleViolation, match="deadline has not passed"):
        exchange.reveal_exchange(world.svc, by(MEDIATOR), world.talks_id, exchange_id)
    clock.advance(hours=3)
    exchange.reveal_exchange(world.svc, by(MEDIATOR), world.talks_id, exchange_id)
    assert NORTH_SECRET in seen_by(world, MEDIATOR)


def test_a_reveal_at_the_deadline_reaches_only_the_parties_that_committed_and_the_mediator(
    world, clock
):
    """docs/process.md: revealed after the deadline to every party that committed by then.
    South never committed: neither it, nor the observer, nor the secretariat reads North's paper,
    through any read path, nor the salt that would let them check a guess of it."""
    exchange_id, north, _ = exchanged(world, "at_deadline", clock.now + timedelta(hours=2))
    commit(world, NORTH_HEAD, exchange_id, north)
    clock.advance(hours=3)
    exchange.reveal_exchange(world.svc, by(MEDIATOR), world.talks_id, exchange_id)
    sealed = next(
        c
        for e in talks_document(world.svc, by(NORTH_HEAD), world.talks_id)["exchanges"]
        for c in e["commitments"]
    )
    for who in (SOUTH_HEAD, SOUTH_DELEGATE, OBSERVER, CLERK, None):
        text = seen_by(world, who)
        assert NORTH_SECRET not in text, who
        assert sealed["salt"] not in text, who
        with pytest.raises(NotFound):
            memorandum.compare_versions(
                world.svc, by(who), world.talks_id, (north[0], north[1]), (north[0], north[1])
            )
    for who in (MEDIATOR, NORTH_DELEGATE):
        assert NORTH_SECRET in seen_by(world, who)
        assert sealed["salt"] in seen_by(world, who)
    compared = memorandum.compare_versions(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        (north[0], north[1]),
        (north[0], north[1]),
    )
    assert compared


def test_after_the_deadline_nobody_commits(world, clock):
    exchange_id, north, _ = exchanged(world, "at_deadline", clock.now + timedelta(hours=2))
    clock.advance(hours=3)
    with pytest.raises(RuleViolation, match="deadline has passed"):
        commit(world, NORTH_HEAD, exchange_id, north)


def test_a_deadline_needs_the_deadline_policy(world, clock):
    with pytest.raises(InvalidInput, match="deadline"):
        exchanged(world, "all_or_nothing", clock.now + timedelta(hours=2))


def test_a_committed_version_stays_what_was_committed(world):
    from pourparler.domain.memorandum import Section
    from pourparler.services import memorandum

    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    memorandum.save_memorandum(
        world.svc,
        by(NORTH_HEAD),
        world.talks_id,
        north[0],
        sections=[Section("intro", "Changed", "after committing")],
        positions=[],
    )
    commit(world, SOUTH_HEAD, exchange_id, south)
    revealed = talks_document(world.svc, by(SOUTH_HEAD), world.talks_id)["exchanges"][0]
    north_doc = next(c for c in revealed["commitments"] if c["party"] == world.north)
    assert NORTH_SECRET in north_doc["document"]
    assert "after committing" not in seen_by(world, SOUTH_HEAD)
