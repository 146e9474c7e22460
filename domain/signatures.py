"""Ed25519 signatures over bundle hashes: sign at sealing, check with nothing but the public key."""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.canonical import sha256_hex

SIGNATURE_ALGORITHM = "Ed25519"


class Signer:
    """A deployment's signing key: signs manifest hashes; its public half is published."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key

    @classmethod
    def generate(cls) -> Signer:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: bytes) -> Signer:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("The signing key file does not hold an Ed25519 private key.")
        return cls(key)

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @property
    def public_pem(self) -> str:
        """The public key as PEM (SubjectPublicKeyInfo), as served at the well-known URL."""
        return public_pem(self._key.public_key())

    @property
    def key_id(self) -> str:
        """SHA-256 of the raw 32-byte public key: names the key in manifests."""
        return key_id(self._key.public_key())

    def sign(self, bundle_hash: str) -> str:
        """Base64 signature over the bundle hash's ASCII hex text."""
        return base64.b64encode(self._key.sign(bundle_hash.encode("ascii"))).decode("ascii")


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(key: Ed25519PublicKey) -> str:
    return sha256_hex(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_public_key(pem: str) -> Ed25519PublicKey | None:
    """The Ed25519 public key in `pem`, or None when it is not one."""
    try:
        key = serialization.load_pem_public_key(pem.encode("utf-8"))
    except (ValueError, TypeError):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def signature_valid(key: Ed25519PublicKey, bundle_hash: str, signature: str) -> bool:
    """True when `signature` (base64) is the key's signature over the bundle hash."""
    try:
        raw = base64.b64decode(signature.encode("ascii"), validate=True)
        key.verify(raw, bundle_hash.encode("ascii"))
    except (InvalidSignature, binascii.Error, ValueError, UnicodeEncodeError):
        return False
    return True
