"""Signed record heads: the installation vouches for the head of each talks' record.

After every act the installation signs a *head statement* (the talks, the sequence number and the
hash of the last entry) with its Ed25519 key, in the manner of the signed tree heads of
Certificate Transparency (RFC 6962, §3.5). Anyone holding an export and the installation's public
key (whose fingerprint every member sees on the talks and in the minutes) can then check that the
record was not rebuilt: a forger who recomputes every hash cannot sign the new head.

A key is replaced by a *hand-over*: the old key signs a statement naming the new one, so a party
that pinned the old fingerprint can follow the chain. Statements are canonical JSON with a
``kind``, so that later signers (a party's own key on its acceptance, say) add kinds, not formats.

References
----------
.. [1] B. Laurie, A. Langley and E. Kasper, "Certificate Transparency", RFC 6962, 2013.
.. [2] D. J. Bernstein et al., "High-speed high-security signatures", *Journal of Cryptographic
   Engineering* 2(2), 2012 (Ed25519).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from pourparler.domain.base import as_utc, new_id

__all__ = ["Provenance", "SignedHead", "SigningKey", "handover_statement", "head_statement"]


def _canonical(statement: dict[str, object]) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":")).encode("utf-8")


def head_statement(talks_id: str, seq: int, head_hash: str, signed_at: datetime) -> bytes:
    """What a signature on a record head covers."""
    return _canonical(
        {
            "kind": "pourparler record head",
            "talks": talks_id,
            "seq": seq,
            "hash": head_hash,
            "signed_at": as_utc(signed_at).isoformat(timespec="microseconds"),
        }
    )


def handover_statement(fingerprint: str, public_key: str) -> bytes:
    """What the outgoing key signs to vouch for its successor."""
    return _canonical(
        {"kind": "pourparler key hand-over", "fingerprint": fingerprint, "public_key": public_key}
    )


@dataclass(eq=False)
class SignedHead:
    """One signature on the head of a talks' record, by the key with `key` as fingerprint."""

    talks_id: str
    seq: int
    hash: str
    key: str
    signature: str  # hex
    signed_at: datetime
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class SigningKey:
    """A public key that signed record heads: this installation's, or one that came with an
    imported export. `previous` and `handover` chain a key to the one it replaced."""

    fingerprint: str
    public_key: str  # hex of the raw 32 bytes
    created_at: datetime
    previous: str | None = None
    handover: str | None = None  # the previous key's signature over handover_statement
    retired_at: datetime | None = None
    imported: bool = False


@dataclass(eq=False)
class Provenance:
    """How talks came into this installation from an export: whether its signatures held, who
    signed it, and the facts its record binds that the export did not hold (content its
    exporter could not read), which verification here cannot check."""

    talks_id: str
    imported_at: datetime
    verified: bool
    signers: str = ""  # fingerprints, space-separated
    withheld: str = ""  # fact keys, one a line
