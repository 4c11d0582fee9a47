"""Verification of a talks' record: its chain, every stored fact it binds, and its signed heads.

The same checks run on the database (`record verify TALKS_ID`), on an export
(`record verify FILE`, `exchange verify`) and before an import writes anything. A verification
that had nothing to verify fails: an export without a signed head, or an exchange without a
revealed document in the export, is never reported as intact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pourparler.domain.error import IntegrityFailure, InvalidInput, PourparlerError
from pourparler.domain.exchange import commitment_digest
from pourparler.domain.record import RecordEntry, first_broken
from pourparler.domain.role import Actor
from pourparler.domain.signature import SignedHead, SigningKey
from pourparler.domain.text import Clause, text_hash
from pourparler.services.access import actor_in, can_see_entry, reads_content
from pourparler.services.export_document import EXPORT_FORMAT, read_export
from pourparler.services.fact import (
    CONTENT,
    CONTENT_KINDS,
    PUBLIC,
    Binding,
    all_seeing,
    bindings,
    digest,
    fact_documents,
    facts,
    seated_people,
)
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.signature import KeyChain, signers_of

FORMAT = EXPORT_FORMAT
"""The format of an export, as its `format` says."""

__all__ = [
    "FORMAT",
    "CheckedExport",
    "Verification",
    "check_export",
    "entries_from",
    "heads_from",
    "keys_from",
    "verify_export",
    "verify_extension",
    "verify_record",
]


@dataclass
class Verification:
    """What a verification found. `problems` empty means intact."""

    talks_id: str
    entries: int
    facts: int
    signers: list[str]
    problems: list[str] = field(default_factory=list)
    unchecked: int = 0
    why_unchecked: str = ""

    @property
    def intact(self) -> bool:
        return not self.problems

    def raise_if_broken(self) -> None:
        if self.problems:
            extra = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            raise IntegrityFailure(f"{self.problems[0]}{extra}")


def _may_read(actor: Actor, readers: frozenset[str]) -> bool:
    if readers == PUBLIC:
        return True
    if readers == CONTENT:
        return reads_content(actor)
    return any(
        (t == "mediator" and actor.is_mediator)
        or (t == "parties+mediator" and (actor.is_mediator or actor.party_id is not None))
        or (t.startswith("party:") and actor.is_member_of(t.removeprefix("party:")))
        for t in readers
    )


def compare_facts(
    present: Mapping[str, str],
    bound: Mapping[str, Binding],
    *,
    skip: Callable[[str], bool],
    name: Callable[[str], str],
) -> list[str]:
    """Differences between the facts held and the record's latest bindings of them."""
    problems = []
    for key, found in present.items():
        if skip(key):
            continue
        binding = bound.get(key)
        if binding is None or binding.digest is None:
            problems.append(f"{name(key)} is stored but no act of the record wrote it")
        elif binding.digest != found:
            problems.append(f"{name(key)} differs from what entry {binding.seq} recorded")
    for key, binding in bound.items():
        if binding.digest is not None and key not in present and not skip(key):
            problems.append(f"{name(key)}, recorded by entry {binding.seq}, is missing")
    return problems


def _hash_problems(
    document: Mapping[str, Any], withheld: frozenset[str] = frozenset()
) -> list[str]:
    """Every hash shown, recomputed from its content: text versions and commitments (but for
    content an import never held)."""
    problems = []
    text = document.get("text") or {}
    for v in text.get("versions", []):
        if "clauses" in v and f"text-clauses:{v['id']}" not in withheld:
            try:
                computed = text_hash(tuple(Clause.from_dict(c) for c in v["clauses"]))
            except InvalidInput:
                computed = ""
            if computed != v["hash"]:
                problems.append(f"version {v['number']} of the text does not match its hash")
    for exchange in document.get("exchanges", []):
        for c in exchange["commitments"]:
            held = f"commitment-seal:{c['id']}" not in withheld
            if held and c.get("salt") and c.get("document") is not None:
                try:
                    computed = commitment_digest(c["salt"], c["document"].encode("utf-8"))
                except ValueError:
                    computed = ""
                if computed != c["digest"]:
                    problems.append(f"commitment {c['id']} does not match its document")
    return problems


def pinned_key(fingerprint: str | None, chain: KeyChain) -> str | None:
    """The fingerprint of `chain` that `fingerprint` names, however it was written (case,
    colons, spaces); a malformed one is refused, one that names no key stays as written."""
    if fingerprint is None:
        return None
    digits = "".join(c for c in fingerprint.lower() if c not in ": ")
    if len(digits) != 32 or any(c not in "0123456789abcdef" for c in digits):
        raise InvalidInput(
            f"{fingerprint!r} is not a key fingerprint: 32 hex digits, e.g. as 'talks show' "
            "prints it"
        )
    return next((k for k in chain.keys if k.replace(":", "") == digits), fingerprint)


def _signature_problems(
    talks_id: str,
    entries: Sequence[RecordEntry],
    heads: Sequence[SignedHead],
    chain: KeyChain,
    pinned: str | None,
) -> list[str]:
    problems = chain.problems()
    by_seq = {e.seq: e.hash for e in entries}
    for head in heads:
        if head.talks_id != talks_id or by_seq.get(head.seq) != head.hash:
            problems.append(f"the signed head at entry {head.seq} is not this record's")
        elif not chain.head_valid(head):
            problems.append(f"the signature on the head at entry {head.seq} is not valid")
    if entries:
        last = entries[-1]
        signed = [h for h in heads if (h.seq, h.hash) == (last.seq, last.hash)]
        if not signed:
            problems.append(f"the head of the record (entry {last.seq}) is not signed")
        elif pinned is not None and not any(
            h.key in chain.vouched_by(pinned) for h in signed if chain.head_valid(h)
        ):
            problems.append(
                f"the head is signed by {', '.join(h.key for h in signed)}, "
                f"not by key {pinned} or a key it handed over to"
            )
    else:
        problems.append("the record holds no entry: there is nothing to verify")
    return problems


def verify_record(svc: Services, who: Principal, talks_id: str) -> Verification:
    """Check the stored talks: the chain, every stored fact against the record, every hash
    shown, and the signature on every head."""
    from pourparler.services.view import talks_body  # view reads through access, as we do

    with svc.unit_of_work() as uow:
        talks = uow.talks.get(talks_id)
        actor = actor_in(uow, talks, who)
        entries = uow.record.entries(talks.id)
        broken = first_broken(entries, uow.record.head(talks.id))
        problems = [f"the record is broken at entry {broken[0]}: {broken[1]}"] if broken else []
        problems += [
            f"entry {e.seq} is marked as another's private act yet holds content"
            for e in entries
            if e.stub and (e.act or e.actor or e.data or e.at is not None)
        ]
        people = seated_people(uow, talks)
        try:
            stored = facts(talks, people)
        except (PourparlerError, KeyError, TypeError, ValueError) as exc:
            reason = exc.message if isinstance(exc, PourparlerError) else repr(exc)
            problems.append(f"the stored talks do not read back as written: {reason}")
            return Verification(talks.id, len(entries), 0, [], problems)
        provenance = uow.record.provenance(talks.id)
        withheld = set(provenance.withheld.split()) if provenance else set()
        if provenance is not None and not provenance.verified:
            # Later acts are signed here, but nothing vouches for the record they build on.
            problems.append(
                "these talks were imported UNVERIFIED: the signatures of the export they came "
                "from did not hold, so no key vouches for their record before the import"
            )

        bound = bindings(entries)
        by_seq = {e.seq: e for e in entries}

        def name(key: str) -> str:
            fact = stored.get(key)
            if fact is not None:
                visible = _may_read(actor, fact.readers)
            else:  # gone from the store: as readable as the entry that recorded it
                binding = bound.get(key)
                entry = by_seq.get(binding.seq) if binding else None
                visible = entry is not None and can_see_entry(actor, entry)
            return key if visible else "an item you may not read"

        problems += compare_facts(
            {k: f.digest for k, f in stored.items()},
            bound,
            skip=withheld.__contains__,
            name=name,
        )
        problems += _hash_problems(
            talks_body(talks, all_seeing(talks), people), frozenset(withheld)
        )
        heads = uow.record.signatures(talks.id)
        problems += _signature_problems(
            talks.id, entries, heads, KeyChain.of(uow.record.signing_keys()), None
        )
        return Verification(
            talks.id,
            len(entries),
            len(stored) - len(withheld & stored.keys()),
            signers_of(heads),
            problems,
            len(withheld),
            "not in the export these talks were imported from" if withheld else "",
        )


# --- exports ---------------------------------------------------------------------------------


def _time(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def entries_from(talks_id: str, rows: Iterable[Mapping[str, Any]]) -> list[RecordEntry]:
    """Record entries (full ones and stubs) from an export's `record` list."""
    return [
        RecordEntry(
            talks_id,
            int(e["seq"]),
            e["prev_hash"],
            content_hash=e["content_hash"],
            hash=e["hash"],
            stub=True,
        )
        if e.get("stub")
        else RecordEntry(
            talks_id,
            int(e["seq"]),
            e["prev_hash"],
            _time(e["at"]),
            e.get("actor_id"),
            e["actor"],
            e["act"],
            dict(e["data"]),
            e.get("party"),
            e["content_hash"],
            e["hash"],
            audience=e.get("audience"),
        )
        for e in rows
    ]


def heads_from(talks_id: str, rows: Iterable[Mapping[str, Any]]) -> list[SignedHead]:
    return [
        SignedHead(
            talks_id, int(h["seq"]), h["hash"], h["key"], h["signature"], _time(h["signed_at"])
        )
        for h in rows
    ]


def keys_from(rows: Iterable[Mapping[str, Any]]) -> list[SigningKey]:
    return [
        SigningKey(
            k["fingerprint"],
            k["public_key"],
            datetime.now(UTC),  # when this installation learnt of it
            k.get("previous"),
            k.get("handover"),
            imported=True,
        )
        for k in rows
    ]


@dataclass(frozen=True)
class CheckedExport:
    """An export read and verified: its entries, and the facts its record binds that it does
    not hold (content its reader could not read)."""

    document: Mapping[str, Any]
    at: datetime
    verification: Verification
    entries: list[RecordEntry]
    heads: list[SignedHead]
    keys: list[SigningKey]
    withheld: frozenset[str]
    signature_problems: list[str]


def check_export(document: Any, *, pinned: str | None = None) -> CheckedExport:
    """Verify an export: chain, facts against the record, hashes, signatures."""
    read_export(document)  # refused by the published definition before any other check
    try:
        return _check_export(document, pinned)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise InvalidInput(f"malformed export: {type(exc).__name__} {exc}") from None


def _check_export(document: Any, pinned: str | None) -> CheckedExport:
    talks = document["talks"]
    talks_id = str(talks["id"])
    entries = entries_from(talks_id, talks["record"])
    heads = heads_from(talks_id, document.get("signatures") or [])
    keys = keys_from(document.get("keys") or [])
    present = {k: digest(k, d) for k, d in fact_documents(talks).items()}
    reads = bool((document.get("reader") or {}).get("reads_content", True))
    broken = first_broken(entries, (entries[-1].seq, entries[-1].hash) if entries else None)
    problems = [f"the record is broken at entry {broken[0]}: {broken[1]}"] if broken else []
    bound = bindings(entries)

    def metadata_only(key: str) -> bool:
        return not reads and key.partition(":")[0] in CONTENT_KINDS

    problems += compare_facts(present, bound, skip=metadata_only, name=lambda k: k)
    problems += _hash_problems(talks)
    chain = KeyChain.of(keys)
    signed = _signature_problems(talks_id, entries, heads, chain, pinned_key(pinned, chain))
    withheld = frozenset(k for k, b in bound.items() if b.digest is not None and k not in present)
    verification = Verification(
        talks_id,
        len(entries),
        len(present),
        signers_of(heads),
        problems + signed,
        len(withheld),
        "the export's reader reads metadata only" if withheld else "",
    )
    newest = max((h.signed_at for h in heads), default=None) or (
        entries[-1].at if entries and entries[-1].at else datetime.now().astimezone()
    )
    return CheckedExport(talks, newest, verification, entries, heads, keys, withheld, signed)


def verify_export(document: Any, *, pinned: str | None = None) -> Verification:
    return check_export(document, pinned=pinned).verification


def verify_extension(later: Any, earlier: Any, *, pinned: str | None = None) -> Verification:
    """Verify `later`, and that its record extends the record of `earlier`: the same entries up
    to the earlier length, under the same signed head there."""
    result = verify_export(later, pinned=pinned)
    before = verify_export(earlier, pinned=pinned)
    if before.talks_id != result.talks_id:
        result.problems.append("the two exports are of different talks")
        return result
    if before.problems:
        result.problems.append(f"the earlier export does not verify: {before.problems[0]}")
    old = entries_from(before.talks_id, earlier["talks"]["record"])
    new = {e.seq: e.hash for e in entries_from(result.talks_id, later["talks"]["record"])}
    if len(new) < len(old):
        result.problems.append(
            f"the later export holds {len(new)} entries, the earlier {len(old)}: give the newer "
            "export first and the one kept earlier with --against"
        )
        return result
    for entry in old:
        if new.get(entry.seq) != entry.hash:
            result.problems.append(
                f"entry {entry.seq} of the earlier export is not in the later one: "
                "the record was rewritten"
            )
            break
    return result
