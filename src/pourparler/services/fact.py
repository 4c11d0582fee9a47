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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pourparler.domain.error import NotFound
from pourparler.domain.exchange import ExchangeStatus, RevealPolicy
from pourparler.domain.memorandum import Memorandum, MemorandumVersion
from pourparler.domain.record import MEDIATOR, PARTIES_AND_MEDIATOR, RecordEntry, party_token
from pourparler.domain.role import Actor, Membership, Role
from pourparler.domain.talks import Person, Talks
from pourparler.services.port import UnitOfWork

__all__ = [
    "CONTENT",
    "CONTENT_KINDS",
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


def fact_documents(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Every fact a talks document holds, by key: the database's whole document, or an export
    (which holds what its exporter may read)."""
    head = ("id", "title", "subject", "languages", "status", "statement", "created_at")
    out: dict[str, Any] = {"talks": {k: doc[k] for k in head}}
    for k, party in enumerate(doc["parties"]):
        out[f"party:{party['id']}"] = {**party, "position": k}
    for k, member in enumerate(doc["members"]):
        out[f"member:{member['email']}"] = {**member, "position": k}
    for issue in doc["framework"]:
        out[f"issue:{issue['id']}"] = issue
    for r in doc["rounds"]:
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
    """Where each memorandum version of the talks is, found once for all the facts."""

    def __init__(self, talks: Talks) -> None:
        self.talks = talks
        self.versions = {v.id: (m, v) for m in talks.memoranda for v in m.versions}

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
    """The facts of talks at one moment, and the documents their digests were taken of."""

    facts: dict[str, Fact]
    documents: dict[str, Any]


def fact_state(
    talks: Talks, people: Mapping[str, Person], known: FactState | None = None
) -> FactState:
    """Every fact stored in `talks`, with its readers and digest.

    With `known` (the state of the same talks before an act), a fact whose document is equal
    to the one known keeps the digest known: equality of the documents is equality by value,
    30.0 and 30 alike, as the digest takes them (`_by_value`), and costs far less than a
    digest. The documents of one field never hold a number in one state and a boolean in
    another (their types are the domain's), so equality never mistakes 1 for true.
    """
    from pourparler.services.view import talks_body  # view imports access, which imports us

    documents = fact_documents(talks_body(talks, all_seeing(talks), people))
    where = _Where(talks)
    before = known.documents if known is not None else {}
    found: dict[str, Fact] = {}
    for key, doc in documents.items():
        if known is not None and key in before and before[key] == doc:
            sealed = known.facts[key].digest
        else:
            sealed = digest(key, doc)
        found[key] = Fact(_readers(where, key), sealed)
    return FactState(found, documents)


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
