"""Tokens and identity: what the access token says, where tokens live, refresh-and-retry.

`TokenAuth` is an `httpx.Auth`: it adds the bearer token, refreshes it shortly before it
expires, and on a 401 refreshes once and retries once. When the refresh fails the tokens
are dropped (the user is logged out) and `AuthenticationRequiredError` is raised.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Generator
from typing import Any, Protocol

import httpx
from pydantic import ValidationError

from littlelemon.contract.claims import ROLE_CLAIM, USERNAME_CLAIM
from littlelemon.contract.roles import ROLES, effective_role
from littlelemon.web.client.errors import AuthenticationRequiredError, error_from_response
from littlelemon.web.client.models import Identity, Tokens

REFRESH_PATH = "/auth/jwt/refresh/"
# Refresh an access token this close to its expiry before using it: saves the 401 round trip.
REFRESH_MARGIN_SECONDS = 30
LOGIN_MESSAGE = "Please log in."
SESSION_EXPIRED_MESSAGE = "Your session has expired. Please log in again."
UNREADABLE_TOKEN_MESSAGE = "The API returned an unreadable token."


def token_claims(token: str) -> dict[str, Any]:
    """The claims of a token this process received directly from the API over TLS.

    The signature is not checked here: the API checks it on every call, and the claims
    only decide which navigation to show and when to refresh.
    """
    try:
        payload_part = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4)))
    except (IndexError, ValueError) as error:
        raise AuthenticationRequiredError(401, UNREADABLE_TOKEN_MESSAGE) from error
    if not isinstance(claims, dict):
        raise AuthenticationRequiredError(401, UNREADABLE_TOKEN_MESSAGE)
    return claims


def expires_soon(token: str, *, margin_seconds: float = REFRESH_MARGIN_SECONDS) -> bool:
    """True when the token's `exp` is less than `margin_seconds` away (or already past)."""
    expires_at = token_claims(token).get("exp")
    return isinstance(expires_at, int | float) and expires_at - time.time() < margin_seconds


def identity_from_access_token(access: str) -> Identity:
    """Who the access token names: user id, username and the role the API computed."""
    claims = token_claims(access)
    role = claims.get(ROLE_CLAIM)
    if role not in ROLES:
        # An API older than the role claim: its tokens carry the group names only.
        groups = claims.get("groups")
        role = effective_role(is_staff=False, groups=groups if isinstance(groups, list) else ())
    try:
        return Identity(
            user_id=str(claims.get("sub") or ""),
            username=str(claims.get(USERNAME_CLAIM) or ""),
            role=role,
        )
    except ValidationError as error:  # pragma: no cover - role is one of ROLES here
        raise AuthenticationRequiredError(401, UNREADABLE_TOKEN_MESSAGE) from error


class TokenStore(Protocol):
    """Where a client finds and keeps the user's tokens (the web session)."""

    def get_tokens(self) -> Tokens | None: ...

    def set_tokens(self, tokens: Tokens) -> None: ...

    def clear_tokens(self) -> None: ...


class MemoryTokenStore:
    """Tokens held in memory: benchmarks and scripts."""

    def __init__(self, tokens: Tokens | None = None) -> None:
        self.tokens = tokens

    def get_tokens(self) -> Tokens | None:
        return self.tokens

    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens

    def clear_tokens(self) -> None:
        self.tokens = None


class TokenAuth(httpx.Auth):
    """Bearer tokens from a `TokenStore`, refreshed before expiry and once after a 401."""

    requires_response_body = True

    def __init__(self, store: TokenStore) -> None:
        self.store = store

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        tokens = self.store.get_tokens()
        if tokens is None:
            raise AuthenticationRequiredError(401, LOGIN_MESSAGE)
        if expires_soon(tokens.access):
            tokens = yield from self._refresh(request, tokens)
        request.headers["Authorization"] = f"Bearer {tokens.access}"
        response = yield request
        if response.status_code != 401:
            return
        tokens = yield from self._refresh(request, tokens)
        request.headers["Authorization"] = f"Bearer {tokens.access}"
        response = yield request
        if response.status_code == 401:
            # Fresh tokens and still refused: the account is gone or disabled.
            self.store.clear_tokens()

    def _refresh(
        self, request: httpx.Request, tokens: Tokens
    ) -> Generator[httpx.Request, httpx.Response, Tokens]:
        refresh = httpx.Request(
            "POST",
            request.url.join(REFRESH_PATH),
            json={"refresh": tokens.refresh},
            headers={"Accept": "application/json"},
        )
        response = yield refresh
        if response.status_code >= 500:
            raise error_from_response(response)
        if response.is_error:
            self.store.clear_tokens()
            raise AuthenticationRequiredError(401, SESSION_EXPIRED_MESSAGE)
        try:
            # The API rotates refresh tokens: the answer always holds a new pair.
            fresh = Tokens.model_validate_json(response.content)
        except ValidationError as error:
            self.store.clear_tokens()
            raise AuthenticationRequiredError(401, UNREADABLE_TOKEN_MESSAGE) from error
        self.store.set_tokens(fresh)
        return fresh
