"""Throttles whose rates come from `settings.API_THROTTLE_RATES` at request time.

DRF's own classes copy the rates when they are imported, so operators could not change them
per environment and tests could not turn them off. The counters live in the default cache,
which is shared between processes (the database cache unless CACHE_URL says otherwise).

The client address is `REMOTE_ADDR`: the connection's (the Lambda adapter takes it from API
Gateway's `requestContext.http.sourceIp`), or the web tier's signed forwarded address that
`core.clientip` put there; never a client-supplied `X-Forwarded-For`. Authenticated callers
are counted per user id, anonymous ones per (verified) client address.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework import throttling

from littlelemon.api.core.clientip import client_address

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views initialises
    from rest_framework.request import Request
    from rest_framework.views import APIView


class _SettingsRate:
    scope: str | None

    def get_rate(self) -> str | None:
        rates: dict[str, str | None] = settings.API_THROTTLE_RATES
        return rates.get(self.scope or "")

    def get_ident(self, request: Request) -> str:
        return client_address(request)


class AnonRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Anonymous callers, per client address."""


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Authenticated callers, per user."""


class SignUpRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Sign-ups, per client address (one address cannot create accounts in bulk)."""

    scope = "login"


class LoginRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Password logins, per username tried and client address.

    Every visitor of the web site reaches the API from the web server's address: counted by
    address alone, one attacker guessing passwords would lock everyone out of logging in.
    Counted per account (and address), guessing one account's password stays slow while
    other people log in as usual.
    """

    scope = "login"
    credential_field = "username"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        body = request.data
        credential = body.get(self.credential_field) if isinstance(body, Mapping) else None
        if not isinstance(credential, str):
            # The serializer rejects the body; count it against the address alone.
            credential = ""
        key = f"{self.get_ident(request)}\0{self.normalize(credential)}"
        return self.cache_format % {
            "scope": f"{self.scope}-{self.credential_field}",
            # surrogatepass: a lone surrogate is the serializer's 400 to give, not a 500 here.
            "ident": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest(),
        }

    @staticmethod
    def normalize(credential: str) -> str:
        # MariaDB compares usernames case-insensitively: "Customer" is the same account.
        return unicodedata.normalize("NFKC", credential).casefold()


class RefreshRateThrottle(LoginRateThrottle):
    """Token refreshes, per refresh token and client address (not shared by the site)."""

    credential_field = "refresh"

    @staticmethod
    def normalize(credential: str) -> str:
        return credential
