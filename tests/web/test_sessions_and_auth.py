"""Encrypted cookie sessions, key rotation, login/logout, CSRF and keeping tokens out of pages."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import respx
from conftest import log_in
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client
from pytest_django.fixtures import Settings
from web_fakes import JWT_PATTERN, make_jwt, menu_item, paginated, production_env, user

from littlelemon.web.conf import web_setting
from littlelemon.web.sessions import encrypt_session
from littlelemon.web.views.account import (
    SERVICE_DOWN_MESSAGE,
    SIGN_UP_SERVICE_DOWN_MESSAGE,
    SIGNED_UP_LOG_IN_MESSAGE,
)


def _cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_session_cookie_is_encrypted_httponly_and_lax(
    client: Client, customer: dict[str, str]
) -> None:
    morsel = client.cookies[settings.SESSION_COOKIE_NAME]

    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    value = morsel.value
    assert customer["access"] not in value
    assert customer["refresh"] not in value
    assert not JWT_PATTERN.search(value)
    data = json.loads(Fernet(web_setting("SESSION_ENCRYPTION_KEYS")[0]).decrypt(value.encode()))
    assert data["api_tokens"] == customer
    # Two RS256 tokens and the identity fit one cookie (browsers keep at most 4096 bytes).
    assert len(value) < 3500


def test_login_rotates_the_csrf_token(client: Client, api: respx.MockRouter) -> None:
    client.get("/login")
    before = client.cookies["csrftoken"].value

    log_in(client, api, "customer")

    assert client.cookies["csrftoken"].value != before


def test_no_other_cookie_carries_a_token(client: Client, customer: dict[str, str]) -> None:
    for name, morsel in client.cookies.items():
        if name != settings.SESSION_COOKIE_NAME:
            assert not JWT_PATTERN.search(morsel.value)


def test_a_cookie_from_the_previous_key_still_works_and_is_reencrypted(
    client: Client, api: respx.MockRouter, settings: Settings
) -> None:
    old_key, new_key = settings.SESSION_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    access = make_jwt("customer", [], 3)
    client.cookies[settings.SESSION_COOKIE_NAME] = encrypt_session(
        {
            "api_tokens": {"access": access, "refresh": "r"},
            "identity": {"user_id": "3", "username": "customer", "role": "customer"},
            "logged_in_at": int(time.time()),
        }
    )
    settings.SESSION_ENCRYPTION_KEYS = [new_key, old_key]
    api.get("/api/cart").respond(200, json=[])

    response = client.get("/cart")

    assert response.status_code == 200
    rotated = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert json.loads(Fernet(new_key).decrypt(rotated.encode()))["api_tokens"]["access"] == access


def test_a_cookie_from_a_retired_key_is_a_logged_out_session(
    client: Client, customer: dict[str, str], settings: Settings
) -> None:
    settings.SESSION_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    response = client.get("/cart")

    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


def test_a_tampered_cookie_is_a_logged_out_session(
    client: Client, customer: dict[str, str]
) -> None:
    value = _cookie(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = value[:-4] + (
        "AAAA" if value[-4:] != "AAAA" else "BBBB"
    )

    assert client.get("/cart").status_code == 302


def test_login_failure_keeps_the_username_and_shows_the_api_message(
    client: Client, api: respx.MockRouter
) -> None:
    api.post("/auth/jwt/create/").respond(
        401, json={"detail": "No active account found with the given credentials"}
    )

    response = client.post("/login", {"username": "ada", "password": "wrong-password"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "No active account found with the given credentials" in html
    assert 'value="ada"' in html
    assert "wrong-password" not in html


def test_login_redirects_to_a_safe_next_only(client: Client, api: respx.MockRouter) -> None:
    tokens = {
        "access": make_jwt("customer", [], 3),
        "refresh": make_jwt("customer", [], 3, "refresh"),
    }
    api.post("/auth/jwt/create/").respond(200, json=tokens)

    inside = client.post("/login", {"username": "c", "password": "p", "next": "/orders"})
    outside = client.post(
        "/login", {"username": "c", "password": "p", "next": "https://evil.example/"}
    )

    assert inside["Location"] == "/orders"
    assert outside["Location"] == "/menu"


def test_signup_shows_api_field_errors_next_to_the_field_and_keeps_input(
    client: Client, api: respx.MockRouter
) -> None:
    api.post("/auth/users/").respond(
        400,
        json={
            "detail": "Invalid input.",
            "username": ["A user with that username already exists."],
        },
    )

    response = client.post(
        "/signup",
        {
            "username": "taken",
            "email": "ada@example.com",
            "password": "a-long-password",
            "password_again": "a-long-password",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_username_error"' in html
    assert "A user with that username already exists." in html
    assert 'value="ada@example.com"' in html


def test_signup_creates_the_account_and_logs_in(client: Client, api: respx.MockRouter) -> None:
    created = api.post("/auth/users/").respond(
        201, json={"id": 9, "username": "ada", "email": "ada@example.com"}
    )
    tokens = {"access": make_jwt("ada", [], 9), "refresh": make_jwt("ada", [], 9, "refresh")}
    api.post("/auth/jwt/create/").respond(200, json=tokens)

    response = client.post(
        "/signup",
        {
            "username": "ada",
            "email": "ada@example.com",
            "password": "a-long-password",
            "password_again": "a-long-password",
        },
    )

    assert response.status_code == 302
    assert json.loads(created.calls.last.request.read())["username"] == "ada"
    api.get("/api/menu-items").respond(200, json=paginated([]))
    assert "ada" in client.get("/").content.decode()


def test_signup_whose_first_login_fails_sends_the_user_to_log_in_not_back_to_sign_up(
    client: Client, api: respx.MockRouter
) -> None:
    api.post("/auth/users/").respond(
        201, json={"id": 9, "username": "ada", "email": "a@example.com"}
    )
    api.post("/auth/jwt/create/").respond(503, json={"message": "Service Unavailable"})

    response = client.post(
        "/signup",
        {
            "username": "ada",
            "email": "ada@example.com",
            "password": "a-long-password",
            "password_again": "a-long-password",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/login", 302)]
    assert SIGNED_UP_LOG_IN_MESSAGE in response.content.decode()


def test_an_empty_login_post_is_validated_not_ignored(
    client: Client, api: respx.MockRouter
) -> None:
    response = client.post("/login", {})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not api.calls


def test_no_token_appears_in_any_page_after_login(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/menu-items").respond(200, json=paginated([menu_item(1)]))
    api.get("/api/categories").respond(200, json=paginated([]))
    api.get("/api/menu-items/1").respond(200, json=menu_item(1))
    api.get("/api/cart").respond(200, json=[])
    api.get("/api/orders").respond(200, json=paginated([]))
    api.get("/auth/users/me/").respond(200, json=user(3, "customer"))

    for path in ["/", "/menu", "/menu/1", "/cart", "/orders", "/account"]:
        html = client.get(path).content.decode()
        assert not JWT_PATTERN.search(html), path
        assert customer["access"] not in html


def test_logout_blacklists_the_refresh_token_and_forgets_the_session(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    logout = api.post("/auth/jwt/logout/").respond(204)

    response = client.post("/logout")

    assert response.status_code == 302
    assert json.loads(logout.calls.last.request.read()) == {"refresh": customer["refresh"]}
    assert client.get("/cart").status_code == 302


def test_logout_still_forgets_the_session_when_the_api_is_down(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.post("/auth/jwt/logout/").mock(side_effect=httpx.ConnectError("refused"))

    assert client.post("/logout").status_code == 302
    assert client.get("/cart").status_code == 302


def test_expired_session_at_the_api_sends_the_user_to_login(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/cart").respond(401, json={"detail": "Token is invalid or expired"})
    api.post("/auth/jwt/refresh/").respond(401, json={"detail": "Token is blacklisted"})

    response = client.get("/cart")

    assert response.status_code == 302
    assert response["Location"] == "/login?next=%2Fcart"
    assert client.get("/cart").status_code == 302  # the dead tokens are gone


def test_forms_without_a_csrf_token_are_refused(api: respx.MockRouter) -> None:
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/login", {"username": "customer", "password": "secret"})

    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    assert not api.calls


def test_every_post_form_carries_a_csrf_token(client: Client, api: respx.MockRouter) -> None:
    html = client.get("/login").content.decode()

    assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"')


def test_production_settings_pass_check_deploy_and_refuse_missing_secrets() -> None:
    env = production_env()
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]

    ok = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    del env["SESSION_ENCRYPTION_KEYS"]
    missing = subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    assert ok.returncode == 0, ok.stderr
    assert "no issues" in ok.stdout
    assert missing.returncode != 0
    assert "SESSION_ENCRYPTION_KEYS" in missing.stderr


def test_production_hsts_seconds_come_from_the_same_variable_as_the_api() -> None:
    env = production_env(DJANGO_SECURE_HSTS_SECONDS="86400")
    env.pop("SECURE_HSTS_SECONDS", None)
    script = "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"

    shown = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )

    assert shown.stdout.strip() == "86400"


def test_login_while_the_api_is_down_keeps_the_username_on_a_503_form(
    client: Client, api: respx.MockRouter
) -> None:
    api.post("/auth/jwt/create/").mock(side_effect=httpx.ReadTimeout("slow"))

    response = client.post("/login", {"username": "ada.lovelace", "password": "secret-pass"})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert SERVICE_DOWN_MESSAGE in html
    assert 'value="ada.lovelace"' in html
    assert "secret-pass" not in html  # a password is never sent back


def test_signup_while_the_api_is_down_keeps_every_field_but_the_password(
    client: Client, api: respx.MockRouter
) -> None:
    api.post("/auth/users/").mock(side_effect=httpx.ConnectError("refused"))
    fields = {
        "username": "ada",
        "email": "ada@example.com",
        "password": "a-long-passphrase",
        "password_again": "a-long-passphrase",
    }

    response = client.post("/signup", fields)

    assert response.status_code == 503
    html = response.content.decode()
    assert SIGN_UP_SERVICE_DOWN_MESSAGE in html
    assert 'value="ada"' in html
    assert 'value="ada@example.com"' in html
    assert "a-long-passphrase" not in html
