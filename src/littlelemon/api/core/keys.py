"""The RS256 key pair that signs JWTs: public PEM, JWK and RFC 7638 key id from the private PEM."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

RSA_KEY_BITS = 2048


@dataclass(frozen=True)
class SigningMaterial:
    """What the verifiers need: the public key as PEM and as JWK, and its key id."""

    public_pem: str
    public_jwk: dict[str, str]
    key_id: str


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, base64url."""
    required = {"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode("ascii")
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


def signing_material(private_pem: str) -> SigningMaterial:
    """Derive the public half of `private_pem` (an RSA key in PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    # Our own key: skipping OpenSSL's slow consistency check keeps cold starts short.
    private_key = serialization.load_pem_private_key(
        private_pem.encode(), password=None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ValueError("JWT_PRIVATE_KEY must be an RSA private key in PEM format")
    public_key = private_key.public_key()
    numbers = public_key.public_numbers()
    jwk = {"kty": "RSA", "n": _b64url_uint(numbers.n), "e": _b64url_uint(numbers.e)}
    key_id = jwk_thumbprint(jwk)
    public_pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return SigningMaterial(
        public_pem=public_pem,
        public_jwk={**jwk, "kid": key_id, "use": "sig", "alg": "RS256"},
        key_id=key_id,
    )


def generate_private_key_pem() -> str:
    """A new RSA private key as unencrypted PKCS#8 PEM (for local runs and tests)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
