"""Logout ends the session: a copied cookie stops working, and sessions end after a while.

The API revokes the refresh token at logout (and rejects revoked tokens); the web side
must call that logout, forget the session, and sign out a replayed cookie instead of
serving it.
"""

from __future__ import annotations

import time

import httpx
import pytest
import respx
from django.conf import settings
from django.test import Client
from pytest_django.fixtures import Settings
from web_fakes import make_jwt, paginated

REVOKED = {"detail": "Token is blacklisted", "code": "token_not_valid"}


def _log_in(client: Client, api: respx.MockRouter, *, lifetime_seconds: int = 900) -> str:
    tokens = {
        "access": make_jwt("customer", [], 3, lifetime_seconds=lifetime_seconds),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    api.post("/auth/jwt/create/").respond(200, json=tokens)
    assert client.post("/login", {"username": "customer", "password": "pw"}).status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _replay(cookie: str) -> Client:
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return thief


def _menu(api: respx.MockRouter, settings: Settings) -> None:
    settings.PUBLIC_MENU_CACHE_SECONDS = 0
    api.get("/api/menu-items").respond(200, json=paginated([]))
    api.get("/api/categories").respond(200, json=paginated([]))


def test_a_cookie_copied_before_logout_is_signed_out_on_a_page_that_calls_the_api(
    client: Client, api: respx.MockRouter
) -> None:
    copied = _log_in(client, api)
    logout = api.post("/auth/jwt/logout/").respond(204)
    assert client.post("/logout").status_code == 302
    # what the API answers after the logout revoked the tokens
    cart = api.get("/api/cart").respond(401, json=REVOKED)
    api.post("/auth/jwt/refresh/").respond(401, json=REVOKED)

    thief = _replay(copied)
    response = thief.get("/cart")

    assert logout.called
    assert cart.called
    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    assert thief.get("/cart").status_code == 302  # and the replayed session is gone


def test_a_copied_cookie_is_signed_out_on_a_public_page_once_its_access_token_is_due(
    client: Client, api: respx.MockRouter, settings: Settings
) -> None:
    _menu(api, settings)
    copied = _log_in(client, api, lifetime_seconds=10)  # due for refresh
    fresh = {
        "access": make_jwt("customer", [], 3),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    # the owner's own logout request refreshes first; the copy's refresh token is revoked
    refresh = api.post("/auth/jwt/refresh/").mock(
        side_effect=[httpx.Response(200, json=fresh), httpx.Response(401, json=REVOKED)]
    )
    api.post("/auth/jwt/logout/").respond(204)
    client.post("/logout")

    thief = _replay(copied)
    html = thief.get("/menu").content.decode()

    assert refresh.call_count == 2
    assert 'action="/logout"' not in html  # served as a visitor, not as the customer
    assert 'href="/login' in html


def test_a_live_session_whose_access_token_is_due_is_refreshed_and_stays_signed_in(
    client: Client, api: respx.MockRouter, settings: Settings
) -> None:
    _menu(api, settings)
    _log_in(client, api, lifetime_seconds=10)
    fresh = {
        "access": make_jwt("customer", [], 3),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    refresh = api.post("/auth/jwt/refresh/").respond(200, json=fresh)

    html = client.get("/menu").content.decode()

    assert refresh.call_count == 1
    assert 'action="/logout"' in html


def test_a_session_ends_after_its_absolute_lifetime_however_busy(
    client: Client, api: respx.MockRouter, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _menu(api, settings)
    settings.WEB_SESSION_MAX_AGE_SECONDS = 3600
    _log_in(client, api)
    assert 'action="/logout"' in client.get("/menu").content.decode()
    later = time.time() + 3601
    monkeypatch.setattr("littlelemon.web.middleware.time.time", lambda: later)

    html = client.get("/menu").content.decode()

    assert 'action="/logout"' not in html
    assert client.get("/cart").status_code == 302
