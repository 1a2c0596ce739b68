"""Throttling through the shared cache, JSON errors outside DRF, admin, static assets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from littlelemon.api.core.exceptions import SERVER_ERROR
from tests.api.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: APIClient, username: str, password: str = "wrong") -> int:
    body = {"username": username, "password": password}
    return client.post("/auth/jwt/create/", body, format="json").status_code


def test_login_is_throttled_per_username_with_429(customer: Any, settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"login": "3/min"}
    cache.clear()
    client = APIClient()
    assert [_login(client, "customer") for _ in range(4)] == [401, 401, 401, 429]
    throttled = client.post(
        "/auth/jwt/create/", {"username": "customer", "password": PASSWORD}, format="json"
    )
    assert throttled.status_code == 429
    assert "detail" in throttled.json()
    assert int(throttled["Retry-After"]) > 0
    # the same account spelled differently is the same budget (MariaDB matches it)
    assert _login(client, "CUSTOMER") == 429


def test_guessing_one_password_does_not_lock_out_other_logins_from_the_same_address(
    customer: Any, other_customer: Any, settings: Any
) -> None:
    settings.API_THROTTLE_RATES = {"login": "3/min"}
    cache.clear()
    web_tier = APIClient(REMOTE_ADDR="10.0.0.8")  # every site visitor comes from here
    assert [_login(web_tier, "customer") for _ in range(4)] == [401, 401, 401, 429]

    assert _login(web_tier, other_customer.username, PASSWORD) == 200
    tokens = web_tier.post(
        "/auth/jwt/create/",
        {"username": other_customer.username, "password": PASSWORD},
        format="json",
    ).json()
    refreshed = web_tier.post("/auth/jwt/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200
    # the attacker's budget for that account is still spent
    assert _login(web_tier, "customer", PASSWORD) == 429


def test_throttles_ignore_a_client_supplied_x_forwarded_for(customer: Any, settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"anon": "2/min", "login": "2/min"}
    cache.clear()
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    statuses = [
        client.get("/api/categories", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    logins = [
        client.post(
            "/auth/jwt/create/",
            {"username": "customer", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(3)
    ]
    assert logins == [401, 401, 429]


def test_sign_ups_are_throttled_per_address(settings: Any) -> None:
    settings.API_THROTTLE_RATES = {"login": "2/min"}
    cache.clear()
    client = APIClient()
    statuses = [
        client.post(
            "/auth/users/", {"username": f"new{n}", "password": "a-Long-pass-42!"}, format="json"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_user_throttle_counts_per_user(
    customer: Any, other_customer: Any, settings: Any, client_for: Callable[[Any], APIClient]
) -> None:
    settings.API_THROTTLE_RATES = {"user": "2/min"}
    cache.clear()
    mine = client_for(customer)
    assert [mine.get("/api/cart").status_code for _ in range(3)] == [200, 200, 429]
    assert client_for(other_customer).get("/api/cart").status_code == 200


def test_the_throttle_cache_is_the_database_cache() -> None:
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    shared = caches["default"]
    assert isinstance(shared, DatabaseCache)
    shared.set("probe", "value", 30)
    assert shared.get("probe") == "value"


def test_an_unhandled_error_is_a_json_500(
    customer: Any, client_for: Callable[[Any], APIClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from littlelemon.api.cart import selectors

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(selectors, "cart_line_list", broken)
    client = client_for(customer)
    client.raise_request_exception = False
    response = client.get("/api/cart")
    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR}


def test_staff_use_the_admin(admin_user: Any) -> None:
    client = Client()
    assert client.get("/admin/").status_code == 302  # to the login page
    client.force_login(admin_user)
    for path in [
        "/admin/",
        "/admin/menu/menuitem/",
        "/admin/orders/order/",
        "/admin/cart/cartline/",
    ]:
        assert client.get(path).status_code == 200, path


def test_swagger_ui_assets_are_served_by_the_api_itself() -> None:
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page.content
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200


REQUEST_THEN_LIST_MODULES = """
import io, json, sys
from littlelemon.api.wsgi import application
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/menu-items", "QUERY_STRING": "",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8001", "wsgi.input": io.BytesIO(b""),
           "wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1"}
statuses = []
b"".join(application(environ, lambda status, headers: statuses.append(status)))
print(json.dumps({"status": statuses[0], "modules": sorted(sys.modules)}))
"""


def test_serving_a_request_imports_neither_the_schema_generator_nor_boto3(tmp_path: Any) -> None:
    """The Lambda cold start pays only for what requests use (the OpenAPI generator is lazy)."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "LITTLELEMON_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # a fresh SQLite file: the menu list answers 200 after migrate
    env["DJANGO_SETTINGS_MODULE"] = "littlelemon.api.settings"
    migrate = [
        sys.executable,
        "-c",
        "import django; django.setup(); "
        "from django.core.management import call_command; call_command('migrate', verbosity=0)",
    ]
    subprocess.run(migrate, env=env, check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "-c", REQUEST_THEN_LIST_MODULES],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == "200 OK"
    modules = set(report["modules"])
    assert "littlelemon.api.menu.views" in modules  # the probe saw a real request
    assert not {"drf_spectacular.openapi", "drf_spectacular.utils", "boto3", "botocore"} & modules


def _admin_login(client: Client, password: str) -> Any:
    # As a browser does (and with CSRF enforced, as through the gateway): form, then post.
    assert client.get("/admin/login/").status_code == 200
    token = client.cookies["csrftoken"].value
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": password, "csrfmiddlewaretoken": token},
    )


def test_the_admin_login_has_the_same_lockout_as_the_jwt_login(
    admin_user: Any, settings: Any
) -> None:
    from littlelemon.api.accounts.admin import ADMIN_LOGIN_LOCKED

    cache.clear()
    attacker = Client(REMOTE_ADDR="198.51.100.66", enforce_csrf_checks=True)
    free = settings.LOGIN_LOCKOUT["FREE_FAILURES"]
    for _ in range(free):
        assert _admin_login(attacker, "wrong").status_code == 200  # the form again, no session
    locked = _admin_login(attacker, PASSWORD)
    assert locked.status_code == 200
    assert ADMIN_LOGIN_LOCKED.split("{")[0].strip() in locked.content.decode()
    # the admin from their own address is not locked out by the attacker
    owner = Client(REMOTE_ADDR="203.0.113.10", enforce_csrf_checks=True)
    assert _admin_login(owner, PASSWORD).status_code == 302
