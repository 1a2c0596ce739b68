"""A session engine that keeps the whole session in one encrypted cookie.

Django's `signed_cookies` engine only signs: anyone holding the cookie can read it, and this
session carries the user's JWTs. Here the JSON payload is encrypted and authenticated with
Fernet (AES-128-CBC + HMAC-SHA256). `MultiFernet` lets keys rotate: the first key of
`SESSION_ENCRYPTION_KEYS` encrypts, every key decrypts, and a cookie read with an older key
is re-encrypted with the first one on the same response.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.contrib.sessions.backends import signed_cookies
from django.core.exceptions import ImproperlyConfigured

from littlelemon.web.conf import web_setting


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, MultiFernet]:
    if not keys:
        raise ImproperlyConfigured("SESSION_ENCRYPTION_KEYS needs at least one Fernet key.")
    try:
        fernets = [Fernet(key.strip().encode()) for key in keys]
    except ValueError as error:
        raise ImproperlyConfigured(
            "SESSION_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)."
        ) from error
    return fernets[0], MultiFernet(fernets)


def session_ciphers() -> tuple[Fernet, MultiFernet]:
    """The current key's cipher and the cipher that accepts every configured key."""
    return _fernets(tuple(web_setting("SESSION_ENCRYPTION_KEYS")))


def encrypt_session(data: dict[str, Any]) -> str:
    """The cookie value for `data`, encrypted with the first key."""
    payload = json.dumps(data, separators=(",", ":")).encode()
    return session_ciphers()[1].encrypt(payload).decode("ascii")


class SessionStore(signed_cookies.SessionStore):
    """Cookie-held session, encrypted instead of merely signed."""

    def load(self) -> dict[str, Any]:
        current, accepted = session_ciphers()
        token = (self.session_key or "").encode("ascii", errors="replace")
        max_age = self.get_session_cookie_age()
        try:
            payload = current.decrypt(token, ttl=max_age)
        except InvalidToken:
            try:
                payload = accepted.decrypt(token, ttl=max_age)
            except InvalidToken:
                # Tampered, expired or encrypted with a retired key: start a fresh session.
                self.create()
                return {}
            # Read with an older key: write it back under the current one.
            self.modified = True
        try:
            data = json.loads(payload)
        except ValueError:
            self.create()
            return {}
        return data if isinstance(data, dict) else {}

    def _get_session_key(self) -> str:
        return encrypt_session(dict(self.items()))
