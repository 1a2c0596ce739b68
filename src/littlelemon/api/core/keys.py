"""The RS256 key pair that signs JWTs: the public PEM, its JWK and RFC 7638 key id.

The public half is derived from the private key once, where the key is made (the deploy
command, the local secret store) and handed to the settings as a PEM; a cold start then
parses no key. cryptography is imported only by the functions that need it: the JWK for
the key discovery endpoint and token headers, and the pair check (`manage.py check`).
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import (
        RSAPrivateKey,
        RSAPublicNumbers,
    )

RSA_KEY_BITS = 2048
NOT_RSA_PRIVATE = "JWT_PRIVATE_KEY must be an RSA private key in PEM format"
NOT_RSA_PUBLIC = "JWT_PUBLIC_KEY must be an RSA public key in PEM format"
PUBLIC_PEM_HEADER = "-----BEGIN PUBLIC KEY-----"


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, base64url."""
    required = {"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode("ascii")
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


def _private_key(private_pem: str) -> RSAPrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    # Our own key: skipping OpenSSL's slow consistency check keeps the derivation short.
    key = serialization.load_pem_private_key(
        private_pem.encode(), password=None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(NOT_RSA_PRIVATE)
    return key


def _public_numbers(public_pem: str) -> RSAPublicNumbers:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError(NOT_RSA_PUBLIC)
    return key.public_numbers()


def public_key_pem(private_pem: str) -> str:
    """The public half of `private_pem` (an RSA key in PEM) as SubjectPublicKeyInfo PEM."""
    from cryptography.hazmat.primitives import serialization

    return (
        _private_key(private_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def is_key_pair(private_pem: str, public_pem: str) -> bool:
    """Whether `public_pem` is the public half of `private_pem`; raises ValueError if unreadable."""
    private_numbers = _private_key(private_pem).public_key().public_numbers()
    return private_numbers == _public_numbers(public_pem)


@cache
def _jwk(public_pem: str) -> tuple[tuple[str, str], ...]:
    numbers = _public_numbers(public_pem)
    jwk = {"kty": "RSA", "n": _b64url_uint(numbers.n), "e": _b64url_uint(numbers.e)}
    return tuple({**jwk, "kid": jwk_thumbprint(jwk), "use": "sig", "alg": "RS256"}.items())


def public_jwk(public_pem: str) -> dict[str, str]:
    """The public key as a JWK (RFC 7517) with its RFC 7638 thumbprint as `kid`."""
    return dict(_jwk(public_pem))


def key_id(public_pem: str) -> str:
    """The `kid` of the key: what token headers carry and the JWKS lists."""
    return public_jwk(public_pem)["kid"]


def generate_private_key_pem() -> str:
    """A new RSA private key as unencrypted PKCS#8 PEM."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
