"""Ed25519 keys and signatures over record heads, and the checks an export must pass.

The private key never enters the database: bootstrap keeps it in a file (docs/operator.md);
the database holds the public keys, their hand-overs and the signed heads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from pourparler.domain.signature import SignedHead, SigningKey, handover_statement, head_statement

__all__ = [
    "Ed25519Signer",
    "KeyChain",
    "fingerprint_of",
    "signature_valid",
    "signers_of",
]


def fingerprint_of(public_key: str) -> str:
    """A short, readable name of a public key (hex of its raw bytes): the first 128 bits of its
    SHA-256, in groups of four hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:32]
    return ":".join(digest[k : k + 4] for k in range(0, 32, 4))


def signature_valid(public_key: str, message: bytes, signature: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(
            bytes.fromhex(signature), message
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


class Ed25519Signer:
    """A signing key in memory."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self._public = raw.hex()
        self._fingerprint = fingerprint_of(self._public)

    @classmethod
    def generate(cls) -> Ed25519Signer:
        return cls(Ed25519PrivateKey.generate())

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def public_key(self) -> str:
        return self._public

    def sign(self, message: bytes) -> str:
        return self._key.sign(message).hex()

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return self._key


@dataclass(frozen=True)
class KeyChain:
    """Public keys by fingerprint, and which of them are vouched for by which."""

    keys: Mapping[str, SigningKey]

    @classmethod
    def of(cls, keys: Iterable[SigningKey]) -> KeyChain:
        return cls({k.fingerprint: k for k in keys})

    def problems(self) -> list[str]:
        """Keys whose fingerprint or hand-over does not hold."""
        found = []
        for key in self.keys.values():
            if fingerprint_of(key.public_key) != key.fingerprint:
                found.append(f"key {key.fingerprint} does not match its public key")
            elif key.previous is not None:
                before = self.keys.get(key.previous)
                statement = handover_statement(key.fingerprint, key.public_key)
                if before is None or not signature_valid(
                    before.public_key, statement, key.handover or ""
                ):
                    found.append(
                        f"the hand-over to key {key.fingerprint} is not signed by its predecessor"
                    )
        return found

    def vouched_by(self, pinned: str) -> set[str]:
        """`pinned` and every key it handed over to, directly or through others."""
        reached, changed = {pinned}, True
        while changed:
            changed = False
            for key in self.keys.values():
                if key.previous in reached and key.fingerprint not in reached:
                    reached.add(key.fingerprint)
                    changed = True
        return reached

    def head_valid(self, head: SignedHead) -> bool:
        key = self.keys.get(head.key)
        statement = head_statement(head.talks_id, head.seq, head.hash, head.signed_at)
        return key is not None and signature_valid(key.public_key, statement, head.signature)


def signers_of(heads: Sequence[SignedHead]) -> list[str]:
    """The fingerprints that signed `heads`, in order of first use."""
    return list(dict.fromkeys(h.key for h in heads))
