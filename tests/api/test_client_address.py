"""The web tier's signed client address: trusted only when verified; limits per end user.

Every visitor of the site reaches the API from the web server's address (10.0.0.8 here);
the web tier forwards the visitor's address signed with WEB_TIER_KEY.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from littlelemon.api.accounts.lockout import LOGIN_LOCKED
from littlelemon.contract import webtier
from tests.api.factories import PASSWORD

pytestmark = pytest.mark.django_db

KEY = "k" * 40
WEB_SERVER = "10.0.0.8"


@pytest.fixture(autouse=True)
def _web_tier_key(settings: Any) -> None:
    settings.WEB_TIER_KEY = KEY.encode()
    cache.clear()


def _signed(client_ip: str, *, key: str = KEY, now: int | None = None) -> dict[str, str]:
    moment = int(time.time()) if now is None else now
    return {
        "HTTP_X_WEB_CLIENT_IP": client_ip,
        "HTTP_X_WEB_SIGNATURE": webtier.sign(key=key.encode(), client_ip=client_ip, now=moment),
    }


def _login(client: APIClient, username: str, password: str, headers: dict[str, str]) -> int:
    body = {"username": username, "password": password}
    return client.post("/auth/jwt/create/", body, format="json", **headers).status_code


def test_anonymous_throttle_counts_each_signed_visitor_apart(settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"anon": "2/min"}
    web_tier = APIClient(REMOTE_ADDR=WEB_SERVER)
    first = [web_tier.get("/api/categories", **_signed("203.0.113.1")).status_code for _ in "abc"]
    assert first == [200, 200, 429]
    assert web_tier.get("/api/categories", **_signed("203.0.113.2")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_WEB_CLIENT_IP": "203.0.113.9"},  # no signature
        _signed("203.0.113.9", key="x" * 40),  # another key
        _signed("203.0.113.9", now=int(time.time()) - webtier.MAX_SKEW_S - 60),  # stale
        {**_signed("203.0.113.1"), "HTTP_X_WEB_CLIENT_IP": "203.0.113.9"},  # other address
        _signed("not-an-address"),
    ],
    ids=["unsigned", "other-key", "stale", "address-swapped", "not-an-ip"],
)
def test_an_unverified_forwarded_address_is_ignored(settings: Any, headers: dict[str, str]) -> None:
    settings.API_THROTTLE_RATES = {"anon": "2/min"}
    client = APIClient(REMOTE_ADDR=WEB_SERVER)
    assert client.get("/api/categories").status_code == 200
    assert client.get("/api/categories").status_code == 200
    # counted against the connection's address, whose budget is spent
    assert client.get("/api/categories", **headers).status_code == 429


def test_without_a_key_nothing_forwarded_is_trusted(settings: Any) -> None:
    settings.WEB_TIER_KEY = b""
    settings.API_THROTTLE_RATES = {"anon": "1/min"}
    client = APIClient(REMOTE_ADDR=WEB_SERVER)
    assert client.get("/api/categories", **_signed("203.0.113.1")).status_code == 200
    assert client.get("/api/categories", **_signed("203.0.113.2")).status_code == 429


def test_sign_ups_are_counted_per_signed_visitor(settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"login": "1/min"}
    client = APIClient(REMOTE_ADDR=WEB_SERVER)
    for n, visitor in enumerate(["203.0.113.1", "203.0.113.2", "203.0.113.3"]):
        body = {"username": f"new{n}", "password": "a-Long-pass-42!"}
        assert (
            client.post("/auth/users/", body, format="json", **_signed(visitor)).status_code == 201
        )


def test_an_attackers_100_wrong_logins_do_not_stop_the_real_user_elsewhere(
    customer: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The measurement of issue 12: 100 wrong passwords from one address, then the owner.

    With the default login rate (20 a minute per account and address) in front of the lockout.
    """
    settings.API_THROTTLE_RATES = {"login": "20/min"}
    web_tier = APIClient(REMOTE_ADDR=WEB_SERVER)
    attacker = _signed("198.51.100.66")
    answers = [
        web_tier.post(
            "/auth/jwt/create/",
            {"username": "customer", "password": f"guess-{n}"},
            format="json",
            **attacker,
        )
        for n in range(100)
    ]
    checked = sum(answer.status_code == 401 for answer in answers)
    locked = sum(
        answer.status_code == 429 and answer.json()["detail"].startswith(LOGIN_LOCKED)
        for answer in answers
    )
    throttled = sum(answer.status_code == 429 for answer in answers) - locked
    assert (checked, locked, throttled) == (settings.LOGIN_LOCKOUT["FREE_FAILURES"], 15, 80)
    # the real user, from their own address, through the same web server: in at once
    assert _login(web_tier, "customer", PASSWORD, _signed("203.0.113.10")) == 200
    with capsys.disabled():
        print(
            f"\n[lockout] attacker's 100 wrong logins: {checked} reached the password check, "
            f"{locked} refused by the backoff, {throttled} by the rate limit; owner: 200"
        )


def test_a_locked_out_address_gets_429_even_with_the_right_password(
    customer: Any, settings: Any
) -> None:
    web_tier = APIClient(REMOTE_ADDR=WEB_SERVER)
    attacker = _signed("198.51.100.66")
    free = settings.LOGIN_LOCKOUT["FREE_FAILURES"]
    assert [_login(web_tier, "customer", "wrong", attacker) for _ in range(free)] == [401] * free
    locked = web_tier.post(
        "/auth/jwt/create/",
        {"username": "customer", "password": PASSWORD},
        format="json",
        **attacker,
    )
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith(LOGIN_LOCKED)
    assert int(locked["Retry-After"]) > 0
    # the owner's own address is unaffected, and their success does not unlock the attacker
    assert _login(web_tier, "customer", PASSWORD, _signed("203.0.113.10")) == 200
    assert _login(web_tier, "customer", PASSWORD, attacker) == 429


def test_lockout_backs_off_exponentially_and_success_clears_it(settings: Any) -> None:
    from littlelemon.api.accounts import lockout

    attempt = lockout.LoginAttempt.of(username="Customer", address="203.0.113.5")
    free = settings.LOGIN_LOCKOUT["FREE_FAILURES"]
    backoffs = [lockout.login_failed(attempt, now=1000.0) for _ in range(free + 4)]
    base = settings.LOGIN_LOCKOUT["BASE_SECONDS"]
    assert backoffs == [0] * (free - 1) + [base, base * 2, base * 4, base * 8, base * 16]
    assert lockout.login_wait_seconds(attempt, now=1000.0) == base * 16
    # another address for the same account is not affected; the same account in other case is
    other = lockout.LoginAttempt.of(username="customer", address="203.0.113.6")
    assert lockout.login_wait_seconds(other, now=1000.0) == 0
    same = lockout.LoginAttempt.of(username="CUSTOMER", address="203.0.113.5")
    assert lockout.login_wait_seconds(same, now=1000.0) == base * 16
    lockout.login_succeeded(attempt)
    assert lockout.login_wait_seconds(attempt, now=1000.0) == 0


def test_the_per_account_ceiling_locks_the_account_across_addresses(settings: Any) -> None:
    from littlelemon.api.accounts import lockout

    settings.LOGIN_LOCKOUT = {**settings.LOGIN_LOCKOUT, "ACCOUNT_CEILING": 3}
    for n in range(3):
        attempt = lockout.LoginAttempt.of(username="customer", address=f"198.51.100.{n}")
        lockout.login_failed(attempt, now=1000.0)
    fresh = lockout.LoginAttempt.of(username="customer", address="203.0.113.77")
    window = settings.LOGIN_LOCKOUT["ACCOUNT_WINDOW_SECONDS"]
    assert lockout.login_wait_seconds(fresh, now=1000.0) == window
    assert lockout.login_wait_seconds(fresh, now=1000.0 + window) == 0
