"""The confidentiality contract as a matrix: every role × every read path, with a secret planted
in every private artefact (support.scene). A role must never receive a secret it may not read,
and must receive every one it may, so that no test here can pass by receiving nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from pourparler.domain.error import PourparlerError
from pourparler.domain.record import RecordEntry
from pourparler.services import (
    analysis,
    clarification,
    exchange,
    memorandum,
    minutes,
    note,
    profile,
    reading,
)
from pourparler.services import text as texts
from pourparler.services.binding import FACTS_BOUND
from pourparler.services.principal import Channel
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.view import list_talks, talks_document
from support.caller import by
from support.memory import memory_services
from support.scene import (
    ALLOWED,
    OPERATOR,
    OUTSIDER,
    ROLES,
    SECRETS,
    SOUTH_ADVISER,
    Scene,
    allowed,
    build_scene,
    forbidden,
)
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)

Read = Callable[[Scene, str | None], Any]

READS: dict[str, Read] = {
    "talks document": lambda s, who: talks_document(s.svc, by(who), s.talks_id),
    "export": lambda s, who: export_talks(s.svc, by(who), s.talks_id),
    "talks list": lambda s, who: list_talks(s.svc, by(who)),
    "minutes": lambda s, who: minutes.round_minutes(s.svc, by(who), s.round_id),
    "text show v1": lambda s, who: texts.text_markdown(s.svc, by(who), s.talks_id, 1),
    "text diff": lambda s, who: texts.diff_text(s.svc, by(who), s.talks_id, 1, 2),
    "profile": lambda s, who: profile.read_profile(s.svc, by(who), s.talks_id),
    "own analysis": lambda s, who: analysis.own_analysis(s.svc, by(who), s.talks_id),
    "mediator analysis": lambda s, who: analysis.mediator_analysis(s.svc, by(who), s.talks_id),
    "compare revealed": lambda s, who: memorandum.compare_versions(
        s.svc, by(who), s.talks_id, (s.north_memo, 2), (s.south_memo, 3)
    ),
    "memo list": lambda s, who: reading.list_memoranda(s.svc, by(who), s.talks_id),
    "memo show north": lambda s, who: reading.show_memorandum(
        s.svc, by(who), s.talks_id, s.north_memo
    ),
    "memo show south": lambda s, who: reading.show_memorandum(
        s.svc, by(who), s.talks_id, s.south_memo
    ),
    "memo diff north": lambda s, who: reading.diff_versions(
        s.svc, by(who), s.talks_id, s.north_memo, 1, 2
    ),
    "memo compare all": lambda s, who: reading.compare_memoranda(s.svc, by(who), s.talks_id, None),
    "clarification anchors": lambda s, who: clarification.anchor_labels(s.svc, by(who), s.talks_id),
    "notes": lambda s, who: note.list_notes(s.svc, by(who), s.talks_id),
    "round's notes": lambda s, who: note.list_notes(
        s.svc, by(who), s.talks_id, round_id=s.round_id
    ),
}


def received(scene: Scene, who: str | None, read: Read) -> str:
    """Everything `who` gets from one read path, the message of a refusal included."""
    try:
        return json.dumps(read(scene, who), ensure_ascii=False, default=repr)
    except PourparlerError as exc:
        return f"{type(exc).__name__}: {exc.message}"


@pytest.fixture(scope="module")
def scene() -> Scene:
    return build_scene(memory_services()[0])


@pytest.mark.parametrize("path", list(READS))
@pytest.mark.parametrize("who", ROLES)
def test_no_role_receives_a_secret_it_may_not_read(scene, who, path):
    seen = received(scene, who, READS[path])
    leaked = [s for s in forbidden(who) if s in seen]
    assert not leaked, f"{who} received {leaked} through {path}"


@pytest.mark.parametrize("who", ROLES)
def test_every_role_receives_all_it_may_read(scene, who):
    seen = "\n".join(received(scene, who, read) for read in READS.values())
    assert [s for s in allowed(who) if s not in seen] == []


@pytest.mark.parametrize("who", ROLES)
def test_private_memoranda_and_versions_are_not_even_named(scene, who):
    """Ids of unrevealed versions, and of a memorandum none of whose versions is revealed, stay
    with those who may read them."""
    seen = received(scene, who, READS["export"])
    with scene.svc.unit_of_work() as uow:
        talks = uow.talks.get(scene.talks_id)
        ids = {
            "north draft": talks.memorandum(scene.north_memo).version(1).id,
            "north sealed": talks.memorandum(scene.north_sealed_memo).version(1).id,
            "south draft": talks.memorandum(scene.south_memo).version(1).id,
            "south shared": talks.memorandum(scene.south_memo).version(2).id,
        }
    for kind, found in [*ids.items(), ("north sealed", scene.north_sealed_memo)]:
        assert (found in seen) == (kind in ALLOWED[who]), kind


# --- refusals read the same for a private thing and for one that does not exist --------------

RANDOM = "0123456789ab"
OTHERS = [SOUTH_HEAD, SOUTH_DELEGATE, SOUTH_ADVISER, MEDIATOR, OBSERVER, CLERK, OPERATOR]

Probe = Callable[[Scene, str | None, str, int], Any]

PROBES: dict[str, Probe] = {
    "compare": lambda s, who, memo, v: memorandum.compare_versions(
        s.svc, by(who), s.talks_id, (memo, v), (memo, v)
    ),
    "show": lambda s, who, memo, v: reading.show_memorandum(s.svc, by(who), s.talks_id, memo, v),
    "diff": lambda s, who, memo, v: reading.diff_versions(
        s.svc, by(who), s.talks_id, memo, v, v + 1
    ),
    "commit": lambda s, who, memo, v: exchange.commit_document(
        s.svc, by(who), s.talks_id, s.sealed_exchange, memorandum_id=memo, version=v
    ),
    "share": lambda s, who, memo, v: memorandum.share_with_mediator(
        s.svc, by(who), s.talks_id, memo, version=v
    ),
    "save": lambda s, who, memo, v: memorandum.save_memorandum(
        s.svc, by(who), s.talks_id, memo, sections=[], positions=[]
    ),
    "clarify": lambda s, who, memo, v: clarification.ask_clarification(
        s.svc,
        by(who),
        s.talks_id,
        memorandum_id=memo,
        version=v,
        anchor="section",
        key="intro",
        question="What do you mean?",
    ),
}


def refusal(scene: Scene, who: str | None, probe: Probe, memo: str, version: int) -> str:
    with pytest.raises(PourparlerError) as refused:
        probe(scene, who, memo, version)
    message = re.sub(rf"\b{version}\b", "<n>", refused.value.message.replace(memo, "<memo>"))
    return f"{type(refused.value).__name__}: {message}"


@pytest.mark.parametrize("probe", list(PROBES))
@pytest.mark.parametrize("who", OTHERS)
def test_a_private_memorandum_is_refused_as_if_it_did_not_exist(scene, who, probe):
    probe_ = PROBES[probe]
    nothing = refusal(scene, who, probe_, RANDOM, 1)
    assert refusal(scene, who, probe_, scene.north_sealed_memo, 1) == nothing
    assert refusal(scene, who, probe_, scene.north_sealed_memo, 99) == nothing
    assert not any(s in nothing for s in forbidden(who))


@pytest.mark.parametrize("probe", ["compare", "clarify"])
@pytest.mark.parametrize("who", [SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR, OBSERVER])
def test_an_unrevealed_version_of_a_revealed_memorandum_reads_as_a_missing_one(scene, who, probe):
    """North's memorandum is known (version 2 was revealed); its draft version 1 is not."""
    missing = refusal(scene, who, PROBES[probe], scene.north_memo, 99)
    assert refusal(scene, who, PROBES[probe], scene.north_memo, 1) == missing


@pytest.mark.parametrize("read", ["talks document", "minutes"])
def test_someone_without_a_seat_learns_nothing_from_a_real_id(scene, read):
    real = received(scene, OUTSIDER, READS[read])
    fake = Scene(**{**vars(scene), "round_id": RANDOM, "world": _fake_world(scene)})
    unknown = received(fake, OUTSIDER, READS[read])
    hidden = [scene.talks_id, scene.round_id]
    assert _masked(real, hidden) == _masked(unknown, [RANDOM])


def _fake_world(scene: Scene) -> Any:
    return type(scene.world)(**{**vars(scene.world), "talks_id": RANDOM})


def _masked(message: str, ids: list[str]) -> str:
    for found in ids:
        message = message.replace(found, "<id>")
    return message


# --- the record, the sealed exchange ---------------------------------------------------------


def _entries(scene: Scene, who: str | None) -> list[dict[str, Any]]:
    return talks_document(scene.svc, by(who), scene.talks_id)["record"]


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_ADVISER, MEDIATOR])
def test_private_acts_carry_ids_only_and_reach_others_as_stubs(scene, who):
    party = scene.world.north if who == NORTH_HEAD else scene.world.south
    seen = _entries(scene, who)
    own = [e for e in seen if not e.get("stub") and e["party"]]
    assert all(e["party"] == party for e in own)
    assert (len(own) > 0) == (who != MEDIATOR)
    every = " ".join(s for found in SECRETS.values() for s in found)
    for entry in own:
        data = dict(entry["data"])
        # Facts bound by the act: the kind and id of each, and a digest; no content.
        for key, digest in data.pop("facts", {}).items():
            assert re.fullmatch(r"[a-z-]+(:[0-9a-f]+)?", key)
            assert digest is None or re.fullmatch(r"[0-9a-f]{64}", digest)
        if entry["act"] == FACTS_BOUND:  # names the act it completes
            data.pop("act")
        assert data.pop("channel") in {c.value for c in Channel}  # how the act came in
        for value in data.values():
            assert isinstance(value, bool | int) or re.fullmatch(r"[0-9a-f]+", str(value))
            assert not any(secret in str(value) for secret in every.split())
    everyone = _entries(scene, OPERATOR)
    stubs = [e["seq"] for e in everyone if e.get("stub")]
    assert stubs == [e["seq"] for e in _entries(scene, OBSERVER) if e.get("stub")]
    assert len(stubs) >= 10


def test_a_stub_cannot_be_recomputed_from_what_others_can_guess(scene):
    """A private act with no random id in it (a profile saved, a consent given) must not be
    confirmable by hashing guesses of its actor, act and time against the stub."""
    full = [e for e in _entries(scene, NORTH_HEAD) if e.get("act") == "consent changed"]
    assert full
    for e in full:
        guessed = {k: v for k, v in e["data"].items() if k != "salt"}
        guess = RecordEntry(
            scene.talks_id,
            e["seq"],
            e["prev_hash"],
            at=datetime.fromisoformat(e["at"]),
            actor_id=e["actor_id"],
            actor=e["actor"],
            act=e["act"],
            data=guessed,
            party_id=e["party"],
        )
        assert guess.content_digest() != e["content_hash"]


@pytest.mark.parametrize("who", [w for w in ROLES if "north draft" not in ALLOWED[w]][:-1])
def test_before_reveal_others_see_the_commitment_and_the_fact_only(scene, who):
    sealed = next(
        e
        for e in talks_document(scene.svc, by(who), scene.talks_id)["exchanges"]
        if e["id"] == scene.sealed_exchange
    )
    (commitment,) = sealed["commitments"]
    assert set(commitment) == {
        "id",
        "party",
        "digest",
        "committed_at",
        "committed_by",
        "withdrawn_at",
    }


@pytest.mark.parametrize("who", [w for w in ROLES if w not in (OUTSIDER,)])
def test_only_the_party_and_the_mediator_learn_a_version_was_shared(scene, who):
    """North shared version 2 with the mediator before it was revealed: a private act."""
    north = [
        m
        for m in talks_document(scene.svc, by(who), scene.talks_id)["memoranda"]
        if m["id"] == scene.north_memo
    ]
    assert north
    flags = [v.get("shared_with_mediator") for m in north for v in m["versions"]]
    knows = "north draft" in ALLOWED[who] or who == MEDIATOR
    assert (True in flags) == knows
    if not knows:
        assert all(f is None for f in flags)


# --- export, then import elsewhere by the secretariat ----------------------------------------


@pytest.mark.parametrize("exporter", [NORTH_HEAD, SOUTH_ADVISER, MEDIATOR, OBSERVER, OPERATOR])
def test_an_import_shows_nobody_more_than_the_original_did(scene, exporter):
    document = export_talks(scene.svc, by(exporter), scene.talks_id)
    elsewhere, _ = memory_services()
    import_talks(elsewhere, OPERATOR, json.loads(json.dumps(document)))
    moved = Scene(**{**vars(scene), "world": type(scene.world)(**vars(scene.world))})
    moved.world.svc = elsewhere
    for who in ROLES:
        if who == OUTSIDER:
            continue
        for path in ("talks document", "export", "minutes"):
            seen = received(moved, who, READS[path])
            leaked = [s for s in forbidden(who) if s in seen]
            assert not leaked, f"after {exporter}'s export, {who} received {leaked} via {path}"
    exported = json.dumps(document, ensure_ascii=False)
    restored = received(moved, exporter, READS["export"])
    assert [s for s in allowed(exporter) if s in exported and s not in restored] == []
