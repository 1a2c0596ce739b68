"""JWTs as the gateway's authorizer and the bookings service read them (RS256, kid, claims)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from littlelemon.api.accounts.serializers import NO_ACTIVE_ACCOUNT, NOT_YOUR_TOKEN
from littlelemon.api.core.keys import jwk_thumbprint, key_id
from tests.api.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: APIClient, username: str) -> dict[str, str]:
    response = client.post(
        "/auth/jwt/create/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    tokens: dict[str, str] = response.json()
    return tokens


def _verify_with_jwks(token: str, client: APIClient) -> dict[str, Any]:
    """Verify as an outside party would: key chosen by `kid` from the published JWKS."""
    discovery = client.get("/.well-known/openid-configuration").json()
    assert discovery["issuer"] == settings.JWT_ISSUER
    assert discovery["jwks_uri"] == f"{settings.JWT_ISSUER}/.well-known/jwks.json"
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    (jwk,) = [key for key in keys if key["kid"] == kid]
    public_key = jwt.PyJWK(jwk).key
    claims: dict[str, Any] = jwt.decode(
        token,
        public_key,
        algorithms=["RS256"],
        audience=settings.JWT_AUDIENCE,
        issuer=settings.JWT_ISSUER,
    )
    return claims


def test_access_token_carries_kid_and_the_contract_claims(
    manager: Any, crew: Any, api_client: APIClient
) -> None:
    manager.groups.add(*crew.groups.all())
    access = _login(api_client, "manager")["access"]

    header = jwt.get_unverified_header(access)
    assert header["alg"] == "RS256"
    assert header["kid"] == key_id(settings.JWT_PUBLIC_KEY)
    claims = _verify_with_jwks(access, api_client)
    assert claims["sub"] == str(manager.pk)
    assert isinstance(claims["sub"], str)
    assert claims["username"] == "manager"
    assert claims["groups"] == ["delivery-crew", "manager"]
    assert claims["token_type"] == "access"
    # simplejwt dates the access token's expiry from the refresh token's birth, a moment
    # before the access token's own `iat` (the login writes its session in between)
    assert 15 * 60 - 5 <= claims["exp"] - claims["iat"] <= 15 * 60
    assert claims["jti"]


def test_jwks_key_id_is_the_rfc7638_thumbprint(api_client: APIClient) -> None:
    (key,) = api_client.get("/.well-known/jwks.json").json()["keys"]
    assert key["kty"] == "RSA"
    assert key["alg"] == "RS256"
    assert key["use"] == "sig"
    assert key["kid"] == jwk_thumbprint(key)
    assert "d" not in key  # never the private exponent


def test_refresh_rotates_and_blacklists_the_used_token(
    customer: Any, api_client: APIClient
) -> None:
    first = _login(api_client, "customer")
    rotated = api_client.post("/auth/jwt/refresh/", {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200
    pair = rotated.json()
    assert pair["refresh"] != first["refresh"]
    assert _verify_with_jwks(pair["access"], api_client)["groups"] == []

    reused = api_client.post("/auth/jwt/refresh/", {"refresh": first["refresh"]}, format="json")
    assert reused.status_code == 401
    assert "detail" in reused.json()


def test_refresh_sees_a_new_role_at_once(
    customer: Any, manager: Any, api_client: APIClient
) -> None:
    refresh = _login(api_client, "customer")["refresh"]
    customer.groups.add(*manager.groups.all())
    access = api_client.post("/auth/jwt/refresh/", {"refresh": refresh}, format="json").json()
    assert _verify_with_jwks(access["access"], api_client)["groups"] == ["manager"]


def test_refresh_of_a_deleted_user_is_401(customer: Any, api_client: APIClient) -> None:
    refresh = _login(api_client, "customer")["refresh"]
    customer.delete()
    response = api_client.post("/auth/jwt/refresh/", {"refresh": refresh}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"] == NO_ACTIVE_ACCOUNT


def test_logout_blacklists_the_refresh_token(
    customer: Any, api_client: APIClient, client_for: Callable[[Any], APIClient]
) -> None:
    tokens = _login(api_client, "customer")
    logout = client_for(customer).post(
        "/auth/jwt/logout/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert logout.status_code == 204
    refused = api_client.post("/auth/jwt/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert refused.status_code == 401


def test_logout_with_someone_elses_token_is_400_and_leaves_it_valid(
    customer: Any,
    other_customer: Any,
    api_client: APIClient,
    client_for: Callable[[Any], APIClient],
) -> None:
    theirs = _login(api_client, "other")["refresh"]
    response = client_for(customer).post("/auth/jwt/logout/", {"refresh": theirs}, format="json")
    assert response.status_code == 400
    assert response.json()["refresh"] == [NOT_YOUR_TOKEN]
    assert (
        api_client.post("/auth/jwt/refresh/", {"refresh": theirs}, format="json").status_code == 200
    )


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-token",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",  # alg "none"
        "Token abc",
        "Bearer",
    ],
)
def test_invalid_tokens_are_401(customer: Any, authorization: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)
    response = client.get("/api/cart")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_token_signed_by_another_key_is_401(customer: Any) -> None:
    from littlelemon.api.core.keys import generate_private_key_pem

    forged = jwt.encode(
        {
            "sub": str(customer.pk),
            "token_type": "access",
            "aud": settings.JWT_AUDIENCE,
            "iss": settings.JWT_ISSUER,
            "exp": 4102444800,
            "jti": "x",
        },
        generate_private_key_pem(),
        algorithm="RS256",
        headers={"kid": key_id(settings.JWT_PUBLIC_KEY)},
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert client.get("/api/cart").status_code == 401


def test_wrong_password_is_401_with_detail(customer: Any, api_client: APIClient) -> None:
    response = api_client.post(
        "/auth/jwt/create/", {"username": "customer", "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    assert "detail" in response.json()


def test_sign_up_then_who_am_i_shows_groups(api_client: APIClient) -> None:
    created = api_client.post(
        "/auth/users/",
        {"username": "newcomer", "password": PASSWORD, "email": "n@example.com"},
        format="json",
    )
    assert created.status_code == 201
    assert "password" not in created.json()
    access = _login(api_client, "newcomer")["access"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    me = api_client.get("/auth/users/me/").json()
    assert me["username"] == "newcomer"
    assert me["groups"] == []


def test_only_access_tokens_carry_the_scope_the_bookings_routes_require(
    customer: Any, api_client: APIClient
) -> None:
    from littlelemon.contract.claims import ACCESS_SCOPE, SCOPE_CLAIM

    tokens = _login(api_client, "customer")
    assert _verify_with_jwks(tokens["access"], api_client)[SCOPE_CLAIM] == ACCESS_SCOPE
    refresh = _verify_with_jwks(tokens["refresh"], api_client)
    assert refresh["token_type"] == "refresh"
    assert SCOPE_CLAIM not in refresh
    rotated = api_client.post(
        "/auth/jwt/refresh/", {"refresh": tokens["refresh"]}, format="json"
    ).json()
    assert _verify_with_jwks(rotated["access"], api_client)[SCOPE_CLAIM] == ACCESS_SCOPE
    assert SCOPE_CLAIM not in _verify_with_jwks(rotated["refresh"], api_client)


def test_the_anonymous_shortcut_reads_the_header_simplejwt_reads() -> None:
    from rest_framework_simplejwt.settings import api_settings

    from littlelemon.api.accounts.authentication import AUTHORIZATION_HEADER

    assert api_settings.AUTH_HEADER_NAME == AUTHORIZATION_HEADER


def test_a_protected_path_without_a_token_is_401_with_the_bearer_challenge() -> None:
    response = APIClient().get("/api/cart")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
