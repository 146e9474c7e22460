"""The deployment's signing key file: created on first start, owner-only, read back on later starts."""

from __future__ import annotations

import os
from pathlib import Path

from domain.signatures import Signer


def load_or_create_signer(path: Path) -> Signer:
    """The Ed25519 key kept in `path`; a new one is generated (folder 0700, file 0600) when there is none."""
    if path.exists():
        return Signer.from_pem(path.read_bytes())
    signer = Signer.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    # O_EXCL: two processes starting at once must not both write a key; the loser reads the winner's.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return Signer.from_pem(path.read_bytes())
    with os.fdopen(fd, "wb") as handle:
        handle.write(signer.private_pem())
    os.chmod(path, 0o600)
    return signer


class SigningKey:
    """The key of one app: loaded (or created) once, on first use or at start-up."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._signer: Signer | None = None

    def signer(self) -> Signer:
        if self._signer is None:
            self._signer = load_or_create_signer(self.path)
        return self._signer
