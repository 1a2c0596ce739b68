"""The JWT authorizer: RS256 against the issuer's JWKS, 401 otherwise, claims as AWS passes them."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cheroot.wsgi import Server
from conftest import make_gateway
from cryptography.hazmat.primitives.asymmetric import rsa

from littlelemon.gateway.authorizer import JwtAuthorizer, claim_as_string
from littlelemon.gateway.events import HttpRequest

AUDIENCE = "littlelemon"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-key"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    """An issuer serving its OpenID configuration and JWKS on a free loopback port."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
    documents: dict[str, Any] = {"/.well-known/jwks.json": {"keys": [jwk]}}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        document = documents.get(environ["PATH_INFO"])
        if document is None:
            start_response("404 Not Found", [])
            return [b""]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(document).encode()]

    server = Server(("127.0.0.1", 0), app, numthreads=2)
    server.prepare()
    url = f"http://127.0.0.1:{server.bind_addr[1]}"
    documents["/.well-known/openid-configuration"] = {
        "issuer": url,
        "jwks_uri": f"{url}/.well-known/jwks.json",
    }
    threading.Thread(target=server.serve, daemon=True).start()
    yield url
    server.stop()


def token(issuer: str, *, key: Any = KEY, **claims: Any) -> str:
    now = int(time.time())
    payload = {
        "iss": issuer,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 900,
        "sub": "7",
        "username": "manager",
        "groups": ["manager", "delivery-crew"],
        "token_type": "access",
    } | claims
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KID})


def call(issuer: str, authorization: str | None) -> tuple[int, dict[str, Any]]:
    gateway = make_gateway(authorizer=JwtAuthorizer(issuer=issuer, audience=AUDIENCE))
    headers = [("Authorization", authorization)] if authorization else []
    response = gateway.handle(HttpRequest(method="GET", raw_path="/secure", headers=headers))
    return response.status, json.loads(response.body)


def test_valid_token_reaches_the_function_with_claims_as_strings(issuer: str) -> None:
    status, event = call(issuer, f"Bearer {token(issuer)}")
    assert status == 200
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert claims["sub"] == "7"
    assert claims["groups"] == "[manager delivery-crew]"
    assert isinstance(claims["exp"], str)
    assert claims["exp"].isdigit()


def test_token_without_bearer_prefix_is_accepted_like_api_gateway(issuer: str) -> None:
    assert call(issuer, token(issuer))[0] == 200


@pytest.mark.parametrize(
    "case",
    ["missing", "garbage", "expired", "wrong audience", "wrong issuer", "wrong key", "hs256"],
)
def test_rejected_tokens_get_401_unauthorized(issuer: str, case: str) -> None:
    now = int(time.time())
    authorization = {
        "missing": None,
        "garbage": "Bearer not-a-jwt",
        "expired": f"Bearer {token(issuer, exp=now - 10, iat=now - 1000)}",
        "wrong audience": f"Bearer {token(issuer, aud='someone-else')}",
        "wrong issuer": f"Bearer {token(issuer, iss='https://evil.example')}",
        "wrong key": f"Bearer {token(issuer, key=OTHER_KEY)}",
        "hs256": "Bearer "
        + jwt.encode(
            {"iss": issuer, "aud": AUDIENCE}, "secret" * 6, algorithm="HS256", headers={"kid": KID}
        ),
    }[case]
    assert call(issuer, authorization) == (401, {"message": "Unauthorized"})


def test_unreachable_issuer_means_401_not_500() -> None:
    assert call("http://127.0.0.1:9", "Bearer x.y.z")[0] == 401


def test_claim_values_are_flattened_like_api_gateway() -> None:
    assert claim_as_string(["a", "b"]) == "[a b]"
    assert claim_as_string([]) == "[]"
    assert claim_as_string(12) == "12"
    assert claim_as_string(True) == "true"


def call_scoped(issuer: str, authorization: str) -> tuple[int, dict[str, Any]]:
    gateway = make_gateway(authorizer=JwtAuthorizer(issuer=issuer, audience=AUDIENCE))
    headers = [("Authorization", authorization)]
    response = gateway.handle(HttpRequest(method="GET", raw_path="/scoped", headers=headers))
    return response.status, json.loads(response.body)


def test_valid_token_without_the_routes_scope_gets_403_forbidden_like_api_gateway(
    issuer: str,
) -> None:
    # a refresh token: valid signature, issuer, audience and expiry, but no scope
    refresh = token(issuer, token_type="refresh", exp=int(time.time()) + 86400)
    assert call_scoped(issuer, f"Bearer {refresh}") == (403, {"message": "Forbidden"})
    other = token(issuer, scope="some/other unrelated")
    assert call_scoped(issuer, f"Bearer {other}")[0] == 403


@pytest.mark.parametrize(
    "claims",
    [
        {"scope": "littlelemon/access"},
        {"scope": "profile littlelemon/access"},  # any one of several, space-separated
        {"scp": ["other/scope"]},  # `scp` as a list, one of the route's scopes
    ],
)
def test_token_with_one_of_the_routes_scopes_passes(issuer: str, claims: dict[str, Any]) -> None:
    status, event = call_scoped(issuer, f"Bearer {token(issuer, **claims)}")
    assert status == 200
    assert event["requestContext"]["authorizer"]["jwt"]["scopes"]


def test_invalid_token_on_a_scoped_route_is_still_401(issuer: str) -> None:
    bad = token(issuer, key=OTHER_KEY, scope="littlelemon/access")
    assert call_scoped(issuer, f"Bearer {bad}")[0] == 401


def test_every_bookings_route_requires_the_access_scope() -> None:
    from littlelemon.contract.claims import ACCESS_SCOPE
    from littlelemon.gateway.routes import ROUTES

    for route in ROUTES:
        assert (route.authorizer == "jwt") == (route.scopes == (ACCESS_SCOPE,)), route
