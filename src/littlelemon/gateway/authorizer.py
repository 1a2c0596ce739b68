"""The HTTP API JWT authorizer: RS256 tokens checked against the issuer's JWKS.

Like API Gateway it reads `Authorization` (with or without `Bearer `), finds the signing key
by `kid` in the JWKS the issuer's OpenID configuration names, checks signature, `iss`,
`aud`, `exp` (and `nbf`/`iat`), and hands the claims to the function as strings, arrays
flattened to `"[a b]"`. A route with authorization scopes also needs one of them in the
token's `scope` (space-separated) or `scp` claim; a valid token without one gets 403
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
"""

from __future__ import annotations

import json
import threading
import urllib.request
from typing import Any

import jwt

OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration"
JWKS_CACHE_SECONDS = 300
FETCH_TIMEOUT_S = 5.0


class UnauthorizedError(Exception):
    """The request carries no token, or one the authorizer rejects (the gateway answers 401)."""


class ForbiddenError(Exception):
    """A valid token without any of the route's authorization scopes (the gateway answers 403)."""


def token_scopes(claims: dict[str, Any]) -> list[str]:
    """The scopes of a token: `scope` as a space-separated string, else `scp` (string or list)."""
    for name in ("scope", "scp"):
        value = claims.get(name)
        if isinstance(value, str):
            return value.split()
        if isinstance(value, list):
            return [str(item) for item in value]
    return []


def require_scopes(context: dict[str, Any], required: tuple[str, ...]) -> None:
    """ForbiddenError unless the authorized token holds at least one of `required`."""
    if not required:
        return
    granted = set(context["jwt"]["scopes"] or ())
    if granted.isdisjoint(required):
        raise ForbiddenError(f"token has none of the scopes {' '.join(required)}")


def claim_as_string(value: object) -> str:
    """A claim value as API Gateway passes it to Lambda: strings; arrays as `[a b]`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(claim_as_string(item) for item in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


class JwtAuthorizer:
    """Validates bearer tokens for routes with `authorizer="jwt"`."""

    def __init__(self, *, issuer: str, audience: str, jwks_uri: str | None = None) -> None:
        self.issuer = issuer
        self.audience = audience
        self._jwks_uri = jwks_uri
        self._client: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()

    def _jwks_client(self) -> jwt.PyJWKClient:
        # Discovered on first use, not at start: locally the issuer is served by this very
        # gateway, which must be listening before it can answer.
        with self._lock:
            if self._client is None:
                uri = self._jwks_uri or self._discover_jwks_uri()
                self._client = jwt.PyJWKClient(
                    uri,
                    cache_jwk_set=True,
                    lifespan=JWKS_CACHE_SECONDS,
                    timeout=int(FETCH_TIMEOUT_S),
                )
            return self._client

    def _discover_jwks_uri(self) -> str:
        url = self.issuer.rstrip("/") + OPENID_CONFIGURATION_PATH
        if not url.startswith(("http://", "https://")):
            raise UnauthorizedError("issuer is not an http(s) URL")
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310
                document = json.load(response)
        except (OSError, ValueError) as error:
            raise UnauthorizedError(f"cannot read {url}: {error}") from error
        jwks_uri = document.get("jwks_uri") if isinstance(document, dict) else None
        if not isinstance(jwks_uri, str):
            raise UnauthorizedError(f"{url} names no jwks_uri")
        return jwks_uri

    def authorize(self, authorization: str | None) -> dict[str, Any]:
        """`requestContext.authorizer` for a valid token; UnauthorizedError otherwise."""
        if not authorization:
            raise UnauthorizedError("no Authorization header")
        token = authorization.strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            signing_key = self._jwks_client().get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                signing_key.key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iss"]},
            )
        except (jwt.PyJWTError, jwt.PyJWKClientError) as error:
            raise UnauthorizedError(str(error)) from error
        scopes = token_scopes(claims) or None
        return {
            "jwt": {
                "claims": {name: claim_as_string(value) for name, value in claims.items()},
                "scopes": scopes,
            }
        }
