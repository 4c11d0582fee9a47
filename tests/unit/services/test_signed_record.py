"""Signed record heads: a forged export fails, a rewritten history is caught against an earlier
export, keys hand over, and an import of what does not verify is refused or marked."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from pourparler.domain.error import IntegrityFailure
from pourparler.domain.record import RecordEntry, seal
from pourparler.domain.signature import SigningKey, handover_statement, head_statement
from pourparler.services import text as texts
from pourparler.services.fact import digest
from pourparler.services.signature import Ed25519Signer
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.verification import verify_export, verify_extension, verify_record
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.scene import Scene, build_scene
from support.world import MEDIATOR, NORTH_HEAD, OBSERVER, SOUTH_HEAD

FORGED_AT = datetime(2026, 3, 9, 10, tzinfo=UTC)


@pytest.fixture
def scene() -> Scene:
    return build_scene(memory_services()[0])


def _append(document: dict[str, Any], act: str, data: dict[str, Any]) -> None:
    """Append an entry to an export's record, every hash recomputed, as a forger would."""
    record = document["talks"]["record"]
    last = record[-1]
    entry = seal(
        RecordEntry(
            document["talks"]["id"],
            last["seq"] + 1,
            last["hash"],
            at=FORGED_AT,
            actor="Forger",
            act=act,
            data=data,
        )
    )
    record.append(
        {
            "seq": entry.seq,
            "at": FORGED_AT.isoformat(),
            "actor_id": None,
            "actor": entry.actor,
            "act": act,
            "data": data,
            "party": None,
            "audience": None,
            "prev_hash": entry.prev_hash,
            "content_hash": entry.content_hash,
            "hash": entry.hash,
        }
    )


def _forge_agreement(document: dict[str, Any]) -> dict[str, Any]:
    """The audit's forgery: acceptances for both heads, an 'agreement reached' entry binding
    them, and the status 'concluded with agreement', every hash recomputed."""
    forged = copy.deepcopy(document)
    talks = forged["talks"]
    current = talks["text"]["versions"][-1]["hash"]
    bound = {}
    for k, party in enumerate(talks["parties"]):
        acceptance = {
            "id": f"f0f0f0f0f00{k}",
            "party": party["id"],
            "hash": current,
            "by": "someone",
            "at": "2026-03-09T10:00:00+00:00",
            "withdrawn_at": None,
        }
        talks["text"]["acceptances"].append(acceptance)
        position = len(talks["text"]["acceptances"]) - 1
        key = f"acceptance:{acceptance['id']}"
        bound[key] = digest(key, {**acceptance, "position": position})
    talks["status"] = "concluded with agreement"
    head = ("id", "title", "subject", "languages", "status", "statement", "created_at")
    bound["talks"] = digest("talks", {k: talks[k] for k in head})
    _append(forged, "agreement reached", {"hash": current, "facts": bound})
    return forged


def test_a_forged_agreement_with_every_hash_recomputed_fails_verification(scene):
    document = export_talks(scene.svc, by(OBSERVER), scene.talks_id)
    assert verify_export(document).intact
    forged = _forge_agreement(document)
    found = verify_export(forged)
    assert not found.intact
    assert any("is not signed" in p for p in found.problems)


def test_a_forger_who_signs_with_a_key_of_their_own_is_caught_by_the_pinned_key(scene):
    document = export_talks(scene.svc, by(OBSERVER), scene.talks_id)
    genuine = document["keys"][0]["fingerprint"]
    forged = _forge_agreement(document)
    impostor = Ed25519Signer.generate()
    last = forged["talks"]["record"][-1]
    now = datetime(2026, 3, 9, tzinfo=UTC)
    forged["keys"] = [
        {
            "fingerprint": impostor.fingerprint,
            "public_key": impostor.public_key,
            "previous": None,
            "handover": None,
        }
    ]
    forged["signatures"] = [
        {
            "seq": last["seq"],
            "hash": last["hash"],
            "key": impostor.fingerprint,
            "signature": impostor.sign(
                head_statement(forged["talks"]["id"], last["seq"], last["hash"], now)
            ),
            "signed_at": now.isoformat(),
        }
    ]
    assert verify_export(forged).intact  # it holds together, under the forger's own key...
    assert verify_export(forged).signers == [impostor.fingerprint]
    pinned = verify_export(forged, pinned=genuine)  # ...which is not the key members pinned
    assert not pinned.intact
    assert any(genuine in p for p in pinned.problems)


def test_an_import_of_a_forged_export_is_refused_or_kept_as_unverified(scene):
    forged = _forge_agreement(export_talks(scene.svc, by(OBSERVER), scene.talks_id))
    elsewhere, store = memory_services()
    with pytest.raises(IntegrityFailure, match="--unverified"):
        import_talks(elsewhere, OPERATOR, forged)
    assert store.commits == 0
    import_talks(elsewhere, OPERATOR, forged, unverified=True)
    shown = talks_document(elsewhere, OPERATOR, scene.talks_id)
    assert shown["signing"]["imported"]["verified"] is False
    assert verify_record(elsewhere, OPERATOR, scene.talks_id).problems  # and never "intact"


def test_a_host_that_rewrote_history_is_caught_against_an_earlier_export(scene):
    earlier = export_talks(scene.svc, by(NORTH_HEAD), scene.talks_id)
    texts.revise_text(scene.svc, by(MEDIATOR), scene.talks_id, clauses=[])
    later = export_talks(scene.svc, by(NORTH_HEAD), scene.talks_id)
    assert verify_extension(later, earlier).intact
    # The host rebuilds the same talks elsewhere, under its own signature, without the earlier
    # history: every export of the rewritten talks verifies on its own, but not against the past.
    rewritten = copy.deepcopy(later)
    rewritten["talks"]["record"][3]["hash"] = "0" * 64
    assert not verify_extension(rewritten, earlier).intact
    assert not verify_extension(earlier, later).intact  # shorter than what a party kept


def test_a_key_handed_over_keeps_verifying_under_the_pinned_old_key(scene):
    old = scene.svc.keys.key  # type: ignore[attr-defined]
    new = Ed25519Signer.generate()
    with scene.svc.unit_of_work() as uow:
        (registered,) = uow.record.signing_keys()
        registered.retired_at = registered.created_at
        uow.record.add_key(
            SigningKey(
                new.fingerprint,
                new.public_key,
                registered.created_at,
                previous=old.fingerprint,
                handover=old.sign(handover_statement(new.fingerprint, new.public_key)),
            )
        )
        uow.commit()
    scene.svc.keys.key = new  # type: ignore[attr-defined]
    texts.revise_text(scene.svc, by(MEDIATOR), scene.talks_id, clauses=[])
    document = export_talks(scene.svc, by(SOUTH_HEAD), scene.talks_id)
    found = verify_export(document, pinned=old.fingerprint)
    assert found.intact, found.problems
    assert found.signers[-1] == new.fingerprint
    broken = json.loads(json.dumps(document))
    for key in broken["keys"]:
        if key["fingerprint"] == new.fingerprint:
            key["handover"] = "00" * 64
    assert not verify_export(broken, pinned=old.fingerprint).intact
