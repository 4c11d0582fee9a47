"""The installation's signing key: a file outside the database, created on first use.

The database registers the public key; a key file that does not match the registered key, or a
missing file once a key is registered, stops every write with a clear message rather than
signing with a stranger's key (docs/operator.md, "The signing key").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from pourparler.domain.error import StoreUnavailable
from pourparler.domain.signature import SigningKey, handover_statement
from pourparler.services.port import Signer, UnitOfWork
from pourparler.services.signature import Ed25519Signer

__all__ = ["FileKeyRing"]


def _read(path: Path) -> Ed25519Signer | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreUnavailable(f"cannot read the signing key {path}: {exc.strerror}") from None
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise StoreUnavailable(f"{path} is not an Ed25519 signing key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise StoreUnavailable(f"{path} is not an Ed25519 signing key")
    return Ed25519Signer(key)


def _write(path: Path, signer: Ed25519Signer) -> None:
    pem = signer.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    except OSError as exc:
        raise StoreUnavailable(f"cannot write the signing key {path}: {exc.strerror}") from None


def _current(uow: UnitOfWork) -> SigningKey | None:
    own = [k for k in uow.record.signing_keys() if not k.imported and k.retired_at is None]
    return own[-1] if own else None


class FileKeyRing:
    """The signing key kept in the file at `path`."""

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self.path = path
        self._clock = clock
        self._loaded: Ed25519Signer | None = None

    def signer(self, uow: UnitOfWork) -> Signer:
        registered = _current(uow)
        if self._loaded is None:
            self._loaded = _read(self.path)
        if self._loaded is None:
            if registered is not None:
                raise StoreUnavailable(
                    f"the installation's signing key {registered.fingerprint} is missing: "
                    f"restore {self.path} from your backup (docs/operator.md)"
                )
            created = Ed25519Signer.generate()
            _write(self.path, created)
            self._loaded = created
        signer = self._loaded
        if registered is None:
            uow.record.add_key(SigningKey(signer.fingerprint, signer.public_key, self._clock()))
        elif registered.fingerprint != signer.fingerprint:
            raise StoreUnavailable(
                f"the signing key in {self.path} ({signer.fingerprint}) is not this "
                f"installation's ({registered.fingerprint}): restore the right file"
            )
        return signer

    def rotate(self, uow: UnitOfWork) -> tuple[str, str]:
        """Replace the installation's key: the old key signs the hand-over to a new one, and
        its file is kept beside the new as `<file>.retired-<fingerprint>`. Returns the two
        fingerprints (old, new)."""
        old = self.signer(uow)
        registered = _current(uow)
        if registered is None:  # signer() has just registered it
            raise StoreUnavailable("the installation's signing key is not registered")
        new = Ed25519Signer.generate()
        now = self._clock()
        registered.retired_at = now
        uow.record.add_key(
            SigningKey(
                new.fingerprint,
                new.public_key,
                now,
                previous=old.fingerprint,
                handover=old.sign(handover_statement(new.fingerprint, new.public_key)),
            )
        )
        kept = self.path.with_name(f"{self.path.name}.retired-{old.fingerprint.replace(':', '')}")
        self.path.rename(kept)
        _write(self.path, new)
        self._loaded = new
        return old.fingerprint, new.fingerprint
