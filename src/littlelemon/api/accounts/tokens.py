"""simplejwt tokens with the claims the gateway's JWT authorizer and the bookings service read.

The header carries `kid` (the RFC 7638 thumbprint published in /.well-known/jwks.json);
access tokens carry `sub` (a string), `username`, `groups`, the effective `role` and `email`
(littlelemon.contract.claims), read fresh from the database whenever an access token is
minted, so a role change shows at the next refresh, and the `scope` the gateway's bookings
routes require (refresh tokens never carry it). Every token also carries `sid`, its login
session (accounts/sessions.py), which logout ends.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import jwt
from django.contrib.auth import get_user_model
from rest_framework_simplejwt import tokens
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import datetime_to_epoch

from littlelemon.api.accounts.sessions import SESSION_CLAIM, login_session_open
from littlelemon.api.core import keys
from littlelemon.contract import claims
from littlelemon.contract.claims import ACCESS_SCOPE, SCOPE_CLAIM
from littlelemon.contract.roles import effective_role


class KeyedTokenBackend(TokenBackend):
    """simplejwt's backend, writing the key id into every token's header."""

    def encode(self, payload: dict[str, Any]) -> str:
        claims = payload.copy()
        claims["aud"] = self.audience
        claims["iss"] = self.issuer
        return jwt.encode(
            claims,
            self.prepared_signing_key,
            algorithm=self.algorithm,
            headers={"kid": keys.key_id(self.verifying_key)},
            json_encoder=self.json_encoder,
        )


@cache
def token_backend() -> KeyedTokenBackend:
    """One backend per process, built from SIMPLE_JWT on first use."""
    return KeyedTokenBackend(
        api_settings.ALGORITHM,
        api_settings.SIGNING_KEY,
        api_settings.VERIFYING_KEY,
        api_settings.AUDIENCE,
        api_settings.ISSUER,
        api_settings.JWK_URL,
        api_settings.LEEWAY,
        api_settings.JSON_ENCODER,
    )


class _Keyed:
    def get_token_backend(self) -> KeyedTokenBackend:
        return token_backend()


class AccessToken(_Keyed, tokens.AccessToken):
    """The access token (15 minutes) that every API call and the JWT authorizer check."""

    def __init__(self, token: Any = None, verify: bool = True) -> None:
        super().__init__(token, verify)
        if token is None:  # a new token, not one being read back
            self[SCOPE_CLAIM] = ACCESS_SCOPE

    @classmethod
    def for_user(cls, user: Any) -> AccessToken:
        """An access token of a new login session (tests and tools; logins use refresh)."""
        token = super().for_user(user)
        token[SESSION_CLAIM] = login_session_open(user=user).pk
        return token


class RefreshToken(_Keyed, tokens.RefreshToken):
    """The refresh token (1 day, rotated and blacklisted on use)."""

    access_token_class = AccessToken

    @classmethod
    def for_user(cls, user: Any) -> RefreshToken:
        """A refresh token opening a new login session; it never outlives the session."""
        session = login_session_open(user=user)
        token = cast(RefreshToken, super().for_user(user))
        token[SESSION_CLAIM] = session.pk
        token.cap_expiry(datetime_to_epoch(session.expires_at))
        return token

    def cap_expiry(self, session_end: int) -> None:
        """Never let the token live past its session's absolute end."""
        if int(self.payload.get("exp", 0)) > session_end:
            self.payload["exp"] = session_end

    @property
    def access_token(self) -> AccessToken:
        access: AccessToken = super().access_token  # type: ignore[assignment]
        user = (
            get_user_model()
            .objects.filter(pk=str(self.payload.get(api_settings.USER_ID_CLAIM, "")))
            .only("username", "is_staff", "email")
            .first()
        )
        if user is not None:
            groups = sorted(user.groups.values_list("name", flat=True))
            access["username"] = user.get_username()
            access["groups"] = groups
            access[claims.ROLE_CLAIM] = effective_role(is_staff=user.is_staff, groups=groups)
            if user.email:
                access[claims.EMAIL_CLAIM] = user.email
        return access
