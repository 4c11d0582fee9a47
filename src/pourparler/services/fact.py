"""Facts: every stored piece of talks content, as the record binds it.

A *fact* is one stored item in the form its readers receive it (a party, a round, a memorandum
version's content, a commitment's seal, a profile...), keyed ``kind:id``. Each act that creates
or changes facts carries, in its record entry, the digest of every fact it wrote
(``data["facts"] = {key: digest, or None for a fact removed}``). Verification folds those
bindings in record order and recomputes every digest from what is stored, so an edit made
outside Pourparler shows, naming the fact and the entry that last bound it.

A fact's binding sits in an entry whose audience is exactly the fact's readers, so a private
item's digest travels inside a salted private entry (a stub to everyone else) and verifying
reveals nothing. Facts are read off the talks *document* (the same JSON an export holds), so an
export is checked with the very function that checks the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pourparler.domain.bidding import SecretVerdict
from pourparler.domain.clarification import Clarification
from pourparler.domain.credential import Invitation, SignInFailure, SignInSession
from pourparler.domain.error import NotFound
from pourparler.domain.exchange import Commitment, Exchange, ExchangeStatus, RevealPolicy
from pourparler.domain.framework import Issue
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.note import MediatorNote
from pourparler.domain.profile import PreferenceProfile
from pourparler.domain.record import MEDIATOR, PARTIES_AND_MEDIATOR, RecordEntry, party_token
from pourparler.domain.role import Actor, Membership, Role
from pourparler.domain.round import Round
from pourparler.domain.signature import Provenance, SignedHead, SigningKey
from pourparler.domain.talks import Party, Person, Talks
from pourparler.domain.text import Acceptance, NegotiatingText, TextVersion
from pourparler.services.port import Change, UnitOfWork

__all__ = [
    "CONTENT",
    "CONTENT_KINDS",
    "NO_FACTS",
    "PUBLIC",
    "Binding",
    "Fact",
    "FactState",
    "all_seeing",
    "bindings",
    "digest",
    "fact_documents",
    "fact_state",
    "facts",
    "parts_changed",
    "seated_people",
    "visibility",
]

PUBLIC = frozenset({"public"})
"""Readers: everyone with a seat, the secretariat included."""
CONTENT = frozenset({"content"})
"""Readers: everyone with a seat who reads content (all but the secretariat, which reads
metadata only). Such facts are bound in public entries: their digests say nothing."""
CONTENT_KINDS = frozenset(
    {"version-content", "commitment-seal", "clarification-content", "text-clauses"}
)
"""Kinds whose publicly bound facts a metadata-only reader (the secretariat) never holds."""


@dataclass(frozen=True)
class Fact:
    readers: frozenset[str]
    digest: str


@dataclass(frozen=True)
class Binding:
    """The latest digest the record holds for a fact (None: removed) and the entry's seq."""

    digest: str | None
    seq: int


_PLAIN = (str, int, bool, type(None))


def _by_value(node: Any) -> Any:
    """Numbers by value: a stored 30.0 and 30 are the same fact (JSON round trips differ)."""
    kind = type(node)
    if kind in _PLAIN:  # the common case first: every fact is mostly strings
        return node
    if isinstance(node, float) and node.is_integer():
        return int(node)
    if isinstance(node, dict):
        return {k: _by_value(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_by_value(v) for v in node]
    return node


def digest(key: str, document: Any) -> str:
    canonical = json.dumps(
        {"key": key, "fact": _by_value(document)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _without(item: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in keys}


def _memoranda(doc: Mapping[str, Any], out: dict[str, Any]) -> None:
    for memo in doc.get("memoranda") or []:
        out[f"memorandum:{memo['id']}"] = _without(memo, "versions")
        for v in memo["versions"]:
            out[f"version:{v['id']}"] = {
                "memorandum": memo["id"],
                **_without(v, "sections", "positions", "shared_with_mediator"),
            }
            if "sections" in v:
                out[f"version-content:{v['id']}"] = {
                    "sections": v["sections"],
                    "positions": v["positions"],
                }
            if "shared_with_mediator" in v:
                out[f"version-sharing:{v['id']}"] = {"shared": v["shared_with_mediator"]}


def _exchanges(doc: Mapping[str, Any], out: dict[str, Any]) -> None:
    for k, exchange in enumerate(doc.get("exchanges") or []):
        out[f"exchange:{exchange['id']}"] = {**_without(exchange, "commitments"), "position": k}
        for j, c in enumerate(exchange["commitments"]):
            seal = ("memorandum", "version", "salt", "document")
            out[f"commitment:{c['id']}"] = {
                **_without(c, *seal),
                "exchange": exchange["id"],
                "position": j,
            }
            if "salt" in c:
                out[f"commitment-seal:{c['id']}"] = {k: c[k] for k in seal}


def _text(doc: Mapping[str, Any], out: dict[str, Any]) -> None:
    text = doc.get("text")
    if not text:
        return
    out["text"] = {"id": text["id"], "title": text["title"]}
    for v in text["versions"]:
        out[f"text-version:{v['id']}"] = _without(v, "clauses")
        if "clauses" in v:
            out[f"text-clauses:{v['id']}"] = {"clauses": v["clauses"]}
    for k, acceptance in enumerate(text["acceptances"]):
        out[f"acceptance:{acceptance['id']}"] = {**acceptance, "position": k}


_HEAD = ("id", "title", "subject", "languages", "status", "statement", "created_at")


def fact_documents(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Every fact a talks document holds, by key: the database's whole document, or an export
    (which holds what its exporter may read)."""
    out: dict[str, Any] = {}
    if "id" in doc:  # a document built in parts (view.talks_body's `only`) may lack the head
        out["talks"] = {k: doc[k] for k in _HEAD}
    for k, party in enumerate(doc.get("parties") or []):
        out[f"party:{party['id']}"] = {**party, "position": k}
    for k, member in enumerate(doc.get("members") or []):
        out[f"member:{member['email']}"] = {**member, "position": k}
    for issue in doc.get("framework") or []:
        out[f"issue:{issue['id']}"] = issue
    for r in doc.get("rounds") or []:
        out[f"round:{r['id']}"] = r
    _memoranda(doc, out)
    _exchanges(doc, out)
    for k, c in enumerate(doc.get("clarifications") or []):
        out[f"clarification:{c['id']}"] = {**_without(c, "question", "answer"), "position": k}
        if "question" in c:
            out[f"clarification-content:{c['id']}"] = {
                "question": c["question"],
                "answer": c["answer"],
            }
    _text(doc, out)
    for profile in doc.get("profiles") or []:
        out[f"profile:{profile['party']}"] = profile
    for k, note in enumerate(doc.get("notes") or []):
        out[f"note:{note['id']}"] = {**note, "position": k}
    verdict = doc.get("secret_verdict")
    if verdict:
        out["secret-verdict"] = _without(verdict, "utilities")
        for party, utility in verdict["utilities"].items():
            out[f"secret-utility:{party}"] = {"utility": utility}
    return out


def seated_people(uow: UnitOfWork, talks: Talks) -> dict[str, Person]:
    """The account of every person with a seat in `talks`, read in one query."""
    seated = [m.person_id for m in talks.memberships]
    found = uow.people.many(seated)
    missing = next((i for i in seated if i not in found), None)
    if missing is not None:  # a seat's person is a foreign key: only a damaged store lacks one
        raise NotFound(f"no person {missing}")
    return {i: found[i] for i in seated}


def all_seeing(talks: Talks) -> Actor:
    """An actor who reads everything stored in `talks`: a member of every party and a mediator.
    Used only to compute facts, never to answer anyone."""
    seats = [Membership("", Role.HEAD, p.id) for p in talks.parties]
    return Actor(None, "record", (*seats, Membership("", Role.MEDIATOR)))


class _Where:
    """Where each memorandum version of the talks is (of the parts in `only`, if given), found
    once for all the facts."""

    def __init__(self, talks: Talks, only: Collection[str] | None = None) -> None:
        self.talks = talks
        self.versions = {
            v.id: (m, v)
            for m in talks.memoranda
            if only is None or f"memorandum:{m.id}" in only
            for v in m.versions
        }

    def version(self, version_id: str) -> tuple[Memorandum, MemorandumVersion]:
        found = self.versions.get(version_id)
        return found if found is not None else self.talks.version_by_id(version_id)


def _version_readers(where: _Where, version_id: str, *, content: bool) -> frozenset[str]:
    memorandum, version = where.version(version_id)
    if version.revealed_at is not None and not version.revealed_to:
        return CONTENT if content else PUBLIC
    tokens = {party_token(memorandum.party_id)}
    if version.shared_with_mediator:
        tokens.add(MEDIATOR)
    if version.revealed_at is not None:
        tokens |= {party_token(p) for p in version.revealed_to} | {MEDIATOR}
    return frozenset(tokens)


def _memorandum_readers(where: _Where, memorandum_id: str) -> frozenset[str]:
    memorandum = where.talks.memorandum(memorandum_id)
    tokens: set[str] = {party_token(memorandum.party_id)}
    for v in memorandum.versions:
        found = _version_readers(where, v.id, content=False)
        if found == PUBLIC:
            return PUBLIC
        tokens |= found
    return frozenset(tokens)


def _seal_readers(talks: Talks, commitment_id: str) -> frozenset[str]:
    for exchange in talks.exchanges:
        for c in exchange.commitments:
            if c.id != commitment_id:
                continue
            own = frozenset({party_token(c.party_id)})
            if exchange.status is not ExchangeStatus.REVEALED or not c.active:
                return own
            if exchange.policy is RevealPolicy.ALL_OR_NOTHING:
                return CONTENT
            return own | {party_token(a.party_id) for a in exchange.active} | {MEDIATOR}
    raise KeyError(commitment_id)


def _sharing_readers(where: _Where, version_id: str) -> frozenset[str]:
    memorandum, version = where.version(version_id)
    seen = version.shared_with_mediator or version.revealed_at is not None
    return frozenset({party_token(memorandum.party_id), *([MEDIATOR] if seen else [])})


def _readers(where: _Where, key: str) -> frozenset[str]:
    kind, _, ident = key.partition(":")
    if kind in ("clarification-content", "text-clauses"):
        return CONTENT
    if kind == "memorandum":
        return _memorandum_readers(where, ident)
    if kind in ("version", "version-content"):
        return _version_readers(where, ident, content=kind == "version-content")
    if kind == "version-sharing":
        return _sharing_readers(where, ident)
    if kind == "commitment-seal":
        return _seal_readers(where.talks, ident)
    if kind in ("profile", "secret-utility"):
        return frozenset({party_token(ident)})
    if kind == "secret-verdict":
        return frozenset({PARTIES_AND_MEDIATOR})
    if kind == "note":
        return frozenset({MEDIATOR})
    return PUBLIC


class FactState(NamedTuple):
    """The facts of talks at one moment, the documents their digests were taken of, and the
    keys of the facts of each part of the talks' document (view.talks_body's parts)."""

    facts: dict[str, Fact]
    documents: dict[str, Any]
    parts: dict[str, list[str]]


NO_FACTS = FactState({}, {}, {})
"""The facts of talks not yet stored."""


def fact_state(
    talks: Talks,
    people: Mapping[str, Person],
    known: FactState | None = None,
    changed: Collection[str] | None = None,
) -> FactState:
    """Every fact stored in `talks`, with its readers and digest.

    With `known` (the state of the same talks before an act), a fact whose document is equal
    to the one known keeps the digest known: equality of the documents is equality by value,
    30.0 and 30 alike, as the digest takes them (`_by_value`), and costs far less than a
    digest. The documents of one field never hold a number in one state and a boolean in
    another (their types are the domain's), so equality never mistakes 1 for true.

    With `changed` as well (the parts of the talks an act may have changed: `parts_changed`),
    only those parts are built again; every other part keeps the facts known. An act then costs
    what it changed, not what the talks hold.
    """
    from pourparler.services.view import talks_body  # view imports access, which imports us

    only = changed if known is not None else None
    documents = fact_documents(talks_body(talks, all_seeing(talks), people, only=only))
    where = _Where(talks, only)
    found: dict[str, Fact] = {}
    kept: dict[str, Any] = {}
    parts: dict[str, list[str]] = {}
    before: dict[str, Any] = {}
    if known is not None:
        before = known.documents
        if only is not None:  # the parts not changed, as known; the changed ones built below
            found, kept = dict(known.facts), dict(known.documents)
            parts = {part: keys for part, keys in known.parts.items() if part not in only}
            for part in only:
                for key in known.parts.get(part, ()):
                    del found[key], kept[key]
    for key, doc in documents.items():
        if known is not None and key in before and before[key] == doc:
            sealed = known.facts[key].digest
        else:
            sealed = digest(key, doc)
        found[key] = Fact(_readers(where, key), sealed)
        kept[key] = doc
        parts.setdefault(_part_of(key, documents), []).append(key)
    return FactState(found, kept, parts)


_PART_OF_KIND = {
    "talks": "head",
    "party": "parties",
    "member": "members",
    "issue": "framework",
    "round": "rounds",
    "exchange": "exchanges",
    "commitment": "exchanges",
    "commitment-seal": "exchanges",
    "clarification": "clarifications",
    "clarification-content": "clarifications",
    "text": "text",
    "text-version": "text",
    "text-clauses": "text",
    "acceptance": "text",
    "profile": "profiles",
    "note": "notes",
    "secret-verdict": "secret_verdict",
    "secret-utility": "secret_verdict",
}


def _part_of(key: str, documents: Mapping[str, Any]) -> str:
    """The part of the talks' document (view.talks_body) that holds the fact `key`."""
    kind, _, ident = key.partition(":")
    if kind == "memorandum":
        return key
    if kind in ("version", "version-content", "version-sharing"):
        return f"memorandum:{documents[f'version:{ident}']['memorandum']}"
    return _PART_OF_KIND[kind]


_PART_OF_CLASS: dict[type, str] = {
    Party: "parties",
    Membership: "members",
    Person: "members",
    Issue: "framework",
    Round: "rounds",
    Exchange: "exchanges",
    Commitment: "exchanges",
    Clarification: "clarifications",
    NegotiatingText: "text",
    TextVersion: "text",
    Acceptance: "text",
    PreferenceProfile: "profiles",
    MediatorNote: "notes",
    SecretVerdict: "secret_verdict",
}
_PART_OF_FIELD = {
    **dict.fromkeys(_HEAD, "head"),
    "parties": "parties",
    "memberships": "members",
    "issues": "framework",
    "rounds": "rounds",
    "exchanges": "exchanges",
    "clarifications": "clarifications",
    "text": "text",
    "profiles": "profiles",
    "notes": "notes",
    "secret_verdict": "secret_verdict",
}
_NOT_FACTS = (
    RecordEntry,
    SignedHead,
    SigningKey,
    Provenance,
    SignInSession,
    Invitation,
    SignInFailure,
)


def parts_changed(talks: Talks, changes: Iterable[Change] | None) -> frozenset[str] | None:
    """The parts of the talks' document (view.talks_body) that `changes`, what a unit of work
    added, changed or removed (TalksRepository.changed), may have changed. None when that
    cannot be told, and every part must be built again: a store that does not keep track,
    talks new or replaced, a memorandum added or removed, or an object this mapping does not
    know."""
    if changes is None:
        return None
    parts: set[str] = set()
    owners: dict[int, str] | None = None
    for thing, fields in changes:
        if isinstance(thing, _NOT_FACTS):
            continue
        if isinstance(thing, Talks):
            if thing is not talks or fields is None:
                return None
            for name in fields:
                part = _PART_OF_FIELD.get(name)
                if part is None:
                    return None
                parts.add(part)
        elif isinstance(thing, Memorandum):
            parts.add(f"memorandum:{thing.id}")
        elif isinstance(thing, MemorandumVersion):
            if owners is None:
                owners = {id(v): m.id for m in talks.memoranda for v in m.versions}
            owner = owners.get(id(thing))
            if owner is None:  # a version no longer held: removed
                return None
            parts.add(f"memorandum:{owner}")
        else:
            part = _PART_OF_CLASS.get(type(thing))
            if part is None:
                return None
            parts.add(part)
    return frozenset(parts)


def facts(talks: Talks, people: Mapping[str, Person]) -> dict[str, Fact]:
    """Every fact stored in `talks`, with its readers and digest, each digest taken anew."""
    return fact_state(talks, people).facts


def visibility(readers: frozenset[str]) -> tuple[str | None, str | None]:
    """The (party_id, audience) of the record entries that bind facts read by `readers`."""
    if readers in (PUBLIC, CONTENT):
        return None, None
    parties = sorted(t for t in readers if t.startswith("party:"))
    if readers == frozenset(parties) and len(parties) == 1:
        return parties[0].removeprefix("party:"), None
    return None, " ".join(sorted(readers))


def bindings(entries: Iterable[RecordEntry]) -> dict[str, Binding]:
    """The latest binding of every fact in the (visible, full) `entries`, in record order."""
    found: dict[str, Binding] = {}
    for entry in entries:
        if entry.stub:
            continue
        bound = entry.data.get("facts")
        if isinstance(bound, dict):
            for key, value in bound.items():
                found[str(key)] = Binding(value if isinstance(value, str) else None, entry.seq)
    return found
