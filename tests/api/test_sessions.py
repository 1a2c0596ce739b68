"""Logout ends the session on the API side; refresh-token reuse ends the whole family."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from littlelemon.api.accounts.authentication import SESSION_ENDED, TOKEN_HAS_NO_USER
from littlelemon.api.accounts.models import LoginSession
from littlelemon.api.accounts.serializers import REFRESH_REUSED
from littlelemon.api.accounts.tokens import AccessToken, RefreshToken
from tests.api.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: APIClient, username: str = "customer") -> dict[str, str]:
    response = client.post(
        "/auth/jwt/create/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    tokens: dict[str, str] = response.json()
    return tokens


def _me(access: str) -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get("/auth/users/me/")


def _refresh(refresh: str) -> Any:
    return APIClient().post("/auth/jwt/refresh/", {"refresh": refresh}, format="json")


def test_a_copied_access_token_stops_working_at_logout(customer: Any) -> None:
    tokens = _login(APIClient())
    copied = tokens["access"]
    assert _me(copied).status_code == 200
    owner = APIClient()
    owner.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert (
        owner.post("/auth/jwt/logout/", {"refresh": tokens["refresh"]}, format="json").status_code
        == 204
    )
    response = _me(copied)
    assert response.status_code == 401
    assert response.json()["detail"] == SESSION_ENDED
    assert _refresh(tokens["refresh"]).status_code == 401


def test_logout_ends_only_that_session(customer: Any) -> None:
    phone, laptop = _login(APIClient()), _login(APIClient())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {phone['access']}")
    client.post("/auth/jwt/logout/", {"refresh": phone["refresh"]}, format="json")
    assert _me(phone["access"]).status_code == 401
    assert _me(laptop["access"]).status_code == 200


def test_a_reused_refresh_token_ends_the_whole_family(customer: Any) -> None:
    tokens = _login(APIClient())
    rotated = _refresh(tokens["refresh"]).json()  # the legitimate client rotates
    assert _me(rotated["access"]).status_code == 200
    replay = _refresh(tokens["refresh"])  # a thief replays the old one
    assert replay.status_code == 401
    assert replay.json()["detail"] == REFRESH_REUSED
    # every token of that login is dead now: the rotated refresh and its access token
    assert _refresh(rotated["refresh"]).status_code == 401
    assert _me(rotated["access"]).status_code == 401
    assert LoginSession.objects.get().revoked_reason == "refresh_reuse"


def test_a_session_ends_at_its_absolute_lifetime_however_often_refreshed(
    customer: Any, settings: Any
) -> None:
    tokens = _login(APIClient())
    for _ in range(3):
        tokens = _refresh(tokens["refresh"]).json()
    LoginSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _refresh(tokens["refresh"]).status_code == 401
    assert _me(tokens["access"]).status_code == 401


def test_a_refresh_token_never_outlives_its_session(customer: Any, settings: Any) -> None:
    settings.LOGIN_SESSION_MAX_AGE = timedelta(hours=2)
    refresh = RefreshToken.for_user(customer)
    session = LoginSession.objects.get(pk=refresh["sid"])
    assert refresh["exp"] <= int(session.expires_at.timestamp())


def test_verify_says_a_logged_out_token_is_invalid(customer: Any) -> None:
    tokens = _login(APIClient())
    LoginSession.objects.update(revoked_at=timezone.now())
    response = APIClient().post("/auth/jwt/verify/", {"token": tokens["access"]}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize("sub", ["", "abc", "0", "007", "99999999999999999999", "\u0661"])
def test_a_validly_signed_token_without_a_usable_sub_is_401(customer: Any, sub: Any) -> None:
    token = AccessToken.for_user(customer)
    token["sub"] = sub
    response = _me(str(token))
    assert response.status_code == 401
    assert response.json()["detail"] == TOKEN_HAS_NO_USER


def test_a_validly_signed_token_with_a_number_sub_is_401(customer: Any) -> None:
    token = AccessToken.for_user(customer)
    token["sub"] = customer.pk  # PyJWT requires a string `sub` (RFC 7519 StringOrURI)
    assert _me(str(token)).status_code == 401


def test_a_token_without_a_session_is_401(customer: Any) -> None:
    token = AccessToken.for_user(customer)
    del token["sid"]
    response = _me(str(token))
    assert response.status_code == 401
    assert response.json()["detail"] == SESSION_ENDED


def test_a_session_of_another_user_does_not_authenticate(
    customer: Any, other_customer: Any
) -> None:
    mine = AccessToken.for_user(customer)
    theirs = AccessToken.for_user(other_customer)
    mine["sid"] = theirs["sid"]
    assert _me(str(mine)).status_code == 401
