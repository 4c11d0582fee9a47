"""Export talks as one JSON document, import such a document, verify a record.

An export holds what its exporter may read, with the same ids; importing it into another
installation restores exactly that, and exporting again as the same person gives the same
document. The record travels whole: acts the exporter may not see travel as stubs, so that the
chain still verifies offline; the signed heads and the public keys that signed them travel too,
so a forged record fails verification (services/verification.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.bidding import SecretVerdict
from pourparler.domain.clarification import Clarification
from pourparler.domain.error import Conflict, IntegrityFailure, InvalidInput, NotFound
from pourparler.domain.exchange import Commitment, Exchange
from pourparler.domain.framework import Issue, NumericRange
from pourparler.domain.memorandum import Memorandum, MemorandumVersion, Position, Section
from pourparler.domain.note import MediatorNote
from pourparler.domain.profile import IssuePreference, PreferenceProfile
from pourparler.domain.record import RecordEntry
from pourparler.domain.role import Actor, Membership
from pourparler.domain.round import Response, Round
from pourparler.domain.signature import Provenance, SigningKey
from pourparler.domain.talks import Party, Person, Talks
from pourparler.domain.text import Acceptance, Clause, NegotiatingText, TextVersion
from pourparler.services.access import person_actor, reading_talks, reads_content, require
from pourparler.services.export_document import read_export
from pourparler.services.fact import fact_documents, facts
from pourparler.services.model import TalksSummary
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.principal import Principal
from pourparler.services.verification import FORMAT, CheckedExport, check_export
from pourparler.services.view import seated_people, talks_body, talks_summary, visible_record

__all__ = ["FORMAT", "export_talks", "import_talks"]


def _reader(actor: Actor) -> dict[str, Any]:
    """Who an export was made for: what it may hold, and so what a verifier can expect."""
    return {
        "name": actor.name,
        "roles": sorted(r.value for r in actor.roles)
        or (["secretariat"] if actor.is_secretariat else []),  # an unconfirmed seat: none
        "party": actor.party_id,
        "reads_content": reads_content(actor),
    }


def _key_document(key: SigningKey) -> dict[str, Any]:
    return {
        "fingerprint": key.fingerprint,
        "public_key": key.public_key,
        "previous": key.previous,
        "handover": key.handover,
    }


def export_talks(svc: Services, who: Principal, talks_id: str) -> dict[str, Any]:
    """The talks as the actor may read them, with the record (others' private acts as stubs),
    the signed heads of the record and the public keys that signed them."""
    with reading_talks(svc, who, talks_id, fresh=True) as (uow, talks, actor):
        body = talks_body(talks, actor, seated_people(uow, talks))
        body["record"] = visible_record(uow, talks, actor)
        heads = uow.record.signatures(talks.id)
        known = uow.record.signing_keys()
        used = {h.key for h in heads}
        used |= {k.previous for k in known if k.fingerprint in used and k.previous}
        keys = [k for k in known if k.fingerprint in used]
        return {
            "format": FORMAT,
            "talks": body,
            "reader": _reader(actor),
            "signatures": [
                {
                    "seq": h.seq,
                    "hash": h.hash,
                    "key": h.key,
                    "signature": h.signature,
                    "signed_at": h.signed_at.isoformat(),
                }
                for h in heads
            ],
            "keys": [_key_document(k) for k in keys],
        }


def _time(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _issue(data: dict[str, Any]) -> Issue:
    bounds = data.get("range")
    return Issue(
        data["title"],
        data["kind"],
        data.get("category", ""),
        data.get("description", ""),
        options=tuple(data.get("options") or ()),
        range=NumericRange(**bounds) if bounds else None,
        order=int(data["order"]),
        id=data["id"],
    )


def _round(data: dict[str, Any]) -> Round:
    return Round(
        number=int(data["number"]),
        starts_at=_time(data["starts_at"]),
        time_zone=data["time_zone"],
        venue=data["venue"],
        format=data["format"],
        proposed_by=data["proposed_by"],
        proposing_party_id=data.get("proposing_party"),
        required_party_ids=tuple(data["required_parties"]),
        status=data["status"],
        responses=tuple(Response.from_dict(r) for r in data.get("responses") or ()),
        supersedes_id=data.get("supersedes"),
        outcome=data.get("outcome", ""),
        reason=data.get("reason", ""),
        id=data["id"],
    )


def _memorandum(data: dict[str, Any]) -> Memorandum:
    versions = [
        MemorandumVersion(
            number=int(v["number"]),
            created_at=_time(v["created_at"]),
            author_id=v["author"],
            # A version its exporter knew by its metadata only comes without content.
            sections=tuple(Section(**s) for s in v.get("sections") or ()),
            positions=tuple(Position.from_dict(p) for p in v.get("positions") or ()),
            shared_with_mediator=bool(v.get("shared_with_mediator")),
            revealed_at=_time(v["revealed_at"]) if v.get("revealed_at") else None,
            revealed_to=tuple(str(p) for p in v.get("revealed_to") or ()),
            id=v["id"],
        )
        for v in data["versions"]
    ]
    return Memorandum(data["party"], data["title"], data.get("round"), versions, id=data["id"])


def _time_or_none(value: Any) -> datetime | None:
    return _time(value) if value else None


def _exchange(data: dict[str, Any]) -> Exchange:
    exchange = Exchange(
        data["round"],
        data["title"],
        data["policy"],
        tuple(data["parties"]),
        _time(data["opened_at"]),
        data["opened_by"],
        _time_or_none(data.get("deadline")),
        data["status"],
        _time_or_none(data.get("revealed_at")),
        id=data["id"],
    )
    exchange.commitments = [
        Commitment(
            c["party"],
            c.get("memorandum", ""),
            c.get("version", ""),
            c.get("salt", ""),
            c.get("document", ""),
            c["digest"],
            _time(c["committed_at"]),
            c["committed_by"],
            _time_or_none(c.get("withdrawn_at")),
            id=c["id"],
        )
        for c in data["commitments"]
    ]
    return exchange


def _clarification(data: dict[str, Any]) -> Clarification:
    return Clarification(
        data.get("round"),
        data["memorandum"],
        data["version"],
        data["anchor"],
        data["anchor_key"],
        data["asking_party"],
        data["answering_party"],
        data.get("question") or "(withheld)",
        data["asked_by"],
        _time(data["asked_at"]),
        data.get("answer", ""),
        data.get("answered_by"),
        _time_or_none(data.get("answered_at")),
        data["status"],
        id=data["id"],
    )


def _text(data: dict[str, Any] | None) -> NegotiatingText | None:
    if data is None:
        return None
    return NegotiatingText(
        data["title"],
        [
            TextVersion(
                int(v["number"]),
                tuple(Clause.from_dict(c) for c in v.get("clauses", [])),
                _time(v["created_at"]),
                v["created_by"],
                v["hash"],
                id=v["id"],
            )
            for v in data["versions"]
        ],
        [
            Acceptance(
                a["party"],
                a["hash"],
                a["by"],
                _time(a["at"]),
                _time_or_none(a.get("withdrawn_at")),
                id=a["id"],
            )
            for a in data["acceptances"]
        ],
        id=data["id"],
    )


def _profile(data: dict[str, Any]) -> PreferenceProfile:
    return PreferenceProfile(
        data["party"],
        tuple(IssuePreference.from_dict(i) for i in data["issues"]),
        float(data["reservation"]),
        bool(data["consents_to_mediator"]),
        _time_or_none(data.get("updated_at")),
        secret_minimum=data.get("secret_minimum"),
        id=data["id"],
        bid_basis=data.get("bid_basis"),
    )


def _note(data: dict[str, Any]) -> MediatorNote:
    return MediatorNote(
        data["author"], _time(data["written_at"]), data["text"], data.get("round"), id=data["id"]
    )


def _talks(data: dict[str, Any], people: dict[str, str]) -> Talks:
    return Talks(
        data["title"],
        data.get("subject", ""),
        tuple(data.get("languages") or ("en",)),
        data["status"],
        _time(data["created_at"]) if data.get("created_at") else None,
        parties=[Party(p["name"], id=p["id"]) for p in data["parties"]],
        memberships=[
            Membership(
                people[m["email"]],
                m["role"],
                m.get("party"),
                # an export older than seat confirmation: its heads were seated at set-up
                confirmed=bool(m.get("confirmed", m["role"] not in ("delegate", "adviser"))),
            )
            for m in data["members"]
        ],
        issues=[_issue(i) for i in data["framework"]],
        rounds=[_round(r) for r in data["rounds"]],
        memoranda=[_memorandum(m) for m in data["memoranda"]],
        exchanges=[_exchange(e) for e in data.get("exchanges") or []],
        clarifications=[_clarification(c) for c in data.get("clarifications") or []],
        text=_text(data.get("text")),
        profiles=[_profile(p) for p in data.get("profiles") or []],
        notes=[_note(n) for n in data.get("notes") or []],  # in a mediator's export only
        statement=data.get("statement", ""),
        secret_verdict=_verdict(data.get("secret_verdict")),
        id=data["id"],
    )


def _verdict(data: dict[str, Any] | None) -> SecretVerdict | None:
    """The kept verdict on the secret bids, with the utilities the exporter could read."""
    if not data:
        return None
    return SecretVerdict(
        data["basis"],
        bool(data["overlap"]),
        data.get("package"),
        {str(p): float(u) for p, u in data["utilities"].items()},
        _time_or_none(data.get("reached_at")),
        id=data["id"],
    )


def _people(uow: UnitOfWork, members: list[dict[str, Any]]) -> dict[str, str]:
    """Account id by e-mail; accounts missing here are created without a password."""
    ids = {}
    for m in members:
        person = uow.people.by_email(m["email"])
        if person is None:
            person = Person(m["name"], m["email"], id=m["person"])
            uow.people.add(person)
        elif (person.id, person.name) != (m["person"], m["name"]):
            raise Conflict(
                f"an account {person.email} exists here as another person ({person.name}): "
                "the seat would change hands, so the talks are not imported"
            )
        ids[m["email"]] = person.id
    return ids


def import_talks(
    svc: Services,
    who: Principal,
    document: Any,
    *,
    unverified: bool = False,
    pinned: str | None = None,
) -> TalksSummary:
    """Restore exported talks; the secretariat does this, into a database without them.

    The export is verified before anything is written: a record that does not hold together,
    or content that disagrees with the record, is refused. Signatures that do not hold (or,
    with `pinned`, that are not by that key or one it handed over to) are refused too, unless
    `unverified`: the talks are then kept, and shown everywhere, as unverified.
    """
    read_export(document)  # the published definition is the gate: nothing else reads first
    data: dict[str, Any] = document["talks"]
    with svc.unit_of_work() as uow:
        require(person_actor(uow, who).is_secretariat, "only the secretariat imports talks")
        checked = check_export(document, pinned=pinned)
        content = [p for p in checked.verification.problems if p not in checked.signature_problems]
        if content:
            raise IntegrityFailure(f"the export does not verify: {content[0]}")
        if checked.signature_problems and not unverified:
            raise IntegrityFailure(
                f"the export's signatures do not hold: {checked.signature_problems[0]} "
                "(import it with --unverified to keep it as unverified talks)"
            )
        _require_known_acts(checked.entries)
        try:
            if _exists(uow, data["id"]):
                raise Conflict(f"talks {data['id']} exist already in this database")
            people = _people(uow, data["members"])
            talks = _talks(data, people)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            raise InvalidInput(f"malformed export: {type(exc).__name__} {exc}") from None
        uow.talks.add(talks)
        _keep_record(uow, talks, checked, unverified=bool(checked.signature_problems))
        uow.commit()
        return talks_summary(talks)


def _require_known_acts(entries: list[RecordEntry]) -> None:
    """Every full entry names an `Act`: the minutes and views read no act they do not know.

    The act's string is kept exactly as exported (it is hashed); this only refuses strangers.
    """
    known = {act.value for act in Act}
    for entry in entries:
        if not entry.stub and entry.act not in known:
            raise InvalidInput(f"malformed export: record entry {entry.seq} has an unknown act")


def _keep_record(
    uow: UnitOfWork, talks: Talks, checked: CheckedExport, *, unverified: bool
) -> None:
    """Store the export's record, signatures and keys as they are, and how the talks came."""
    for entry in checked.entries:
        uow.record.append(entry)
    for head in checked.heads:
        uow.record.sign(head)
    known = {k.fingerprint for k in uow.record.signing_keys()}
    for key in checked.keys:
        if key.fingerprint not in known:
            uow.record.add_key(key)
    # Facts the database now holds that the export did not (content its reader could not read,
    # kept as placeholders) cannot be checked here: say so rather than fail or pretend.
    exported = set(fact_documents(checked.document))
    stored = set(facts(talks, seated_people(uow, talks)))
    withheld = checked.withheld | (stored - exported)
    uow.record.add_provenance(
        Provenance(
            talks.id,
            checked.at,
            verified=not unverified,
            signers=" ".join(checked.verification.signers),
            withheld="\n".join(sorted(withheld)),
        )
    )


def _exists(uow: UnitOfWork, talks_id: str) -> bool:
    try:
        uow.talks.get(talks_id)
    except NotFound:
        return False
    return True
