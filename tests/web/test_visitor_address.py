"""Every api and bookings call carries the visitor's address, signed with the web tier key.

Without it every visitor reached the API from the web server's address, so one attacker's
wrong passwords locked the real user out of the web login (issue 12).
"""

from __future__ import annotations

import time

import httpx
import respx
from django.test import Client
from pytest_django.fixtures import Settings
from web_fakes import WEB_TIER_KEY, make_jwt, paginated

from littlelemon.contract import webtier
from littlelemon.web.views.account import WELCOME_MESSAGE

ATTACKER = "198.51.100.66"
REAL_USER = "203.0.113.7"


def _vouched_address(request: httpx.Request) -> str:
    """The address a call carries, after checking its signature as the API does."""
    address = request.headers[webtier.CLIENT_IP_HEADER]
    signature = request.headers[webtier.SIGNATURE_HEADER]
    assert webtier.verify(
        key=WEB_TIER_KEY.encode(), client_ip=address, signature=signature, now=int(time.time())
    )
    return address


def test_login_menu_and_bookings_calls_carry_the_signed_remote_address(
    api: respx.MockRouter,
) -> None:
    browser = Client(REMOTE_ADDR=REAL_USER)
    tokens = {
        "access": make_jwt("customer", [], 3),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    login = api.post("/auth/jwt/create/").respond(200, json=tokens)
    menu = api.get("/api/menu-items").respond(200, json=paginated([]))
    api.get("/api/categories").respond(200, json=paginated([]))
    bookings = api.get("/bookings").respond(200, json={"results": []})

    assert browser.post("/login", {"username": "customer", "password": "pw"}).status_code == 302
    browser.get("/menu")
    browser.get("/bookings")

    for route in (login, menu, bookings):
        assert _vouched_address(route.calls.last.request) == REAL_USER


def test_the_token_refresh_carries_the_signed_address_too(
    api: respx.MockRouter,
) -> None:
    browser = Client(REMOTE_ADDR=REAL_USER)
    expiring = {
        "access": make_jwt("customer", [], 3, lifetime_seconds=5),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    fresh = {
        "access": make_jwt("customer", [], 3),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    api.post("/auth/jwt/create/").respond(200, json=expiring)
    refresh = api.post("/auth/jwt/refresh/").respond(200, json=fresh)
    api.get("/bookings").respond(200, json={"results": []})
    browser.post("/login", {"username": "customer", "password": "pw"})

    browser.get("/bookings")

    assert _vouched_address(refresh.calls.last.request) == REAL_USER


def test_behind_trusted_proxies_the_address_is_the_one_the_outermost_proxy_saw(
    api: respx.MockRouter, settings: Settings
) -> None:
    settings.WEB_TRUSTED_PROXIES = 2  # CloudFront, then the instance's nginx
    menu = api.get("/api/menu-items").respond(200, json=paginated([]))
    api.get("/api/categories").respond(200, json=paginated([]))
    settings.PUBLIC_MENU_CACHE_SECONDS = 0

    # the visitor's own claim, the address CloudFront saw, CloudFront's address (from nginx)
    Client(REMOTE_ADDR="127.0.0.1").get(
        "/menu", HTTP_X_FORWARDED_FOR=f"10.0.0.1, {REAL_USER}, 130.176.0.9"
    )
    # fewer entries than trusted proxies: the request did not come through them
    Client(REMOTE_ADDR=ATTACKER).get("/menu", HTTP_X_FORWARDED_FOR=REAL_USER)

    first, second = (call.request for call in menu.calls)
    assert _vouched_address(first) == REAL_USER
    assert _vouched_address(second) == ATTACKER


def test_an_attackers_wrong_passwords_do_not_lock_the_real_user_out_of_the_web_login(
    api: respx.MockRouter,
) -> None:
    """The API backs off per (account, address); the web login must tell them apart."""
    tokens = {
        "access": make_jwt("customer", [], 3),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }

    def api_login(request: httpx.Request) -> httpx.Response:
        if _vouched_address(request) == ATTACKER:
            return httpx.Response(429, json={"detail": "Too many attempts."})
        return httpx.Response(200, json=tokens)

    login = api.post("/auth/jwt/create/").mock(side_effect=api_login)
    attacker, real_user = Client(REMOTE_ADDR=ATTACKER), Client(REMOTE_ADDR=REAL_USER)

    attempts = [
        attacker.post("/login", {"username": "customer", "password": f"guess-{n}"})
        for n in range(100)
    ]
    signed_in = real_user.post("/login", {"username": "customer", "password": "right"})

    assert {response.status_code for response in attempts} == {429}
    assert signed_in.status_code == 302
    assert login.call_count == 101
    messages = [str(m) for m in signed_in.wsgi_request._messages]  # type: ignore[attr-defined]
    assert WELCOME_MESSAGE.format(username="customer") in messages
