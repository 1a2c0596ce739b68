"""Web tests: the API is mocked at the HTTP layer with respx; no database is involved.

Every answer a test's fake gives is checked against the API's OpenAPI document (and the
bookings service's models) when the test ends: a fake the real API could not send fails
the test that used it (tests/web/api_contract.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx
from api_contract import Answer, ApiContract, generate_openapi
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings
from web_fakes import API, USERS, WEB_TIER_KEY, make_jwt

SESSION_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _web_settings(settings: Settings) -> None:
    """Every test talks to the mocked API and encrypts sessions with a known key."""
    settings.API_BASE_URL = API
    settings.SESSION_ENCRYPTION_KEYS = [SESSION_KEY]
    settings.WEB_TIER_KEY = WEB_TIER_KEY
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_pool() -> Iterator[None]:
    """Every test gets its own pooled client, so respx routes never leak between tests."""
    from littlelemon.web.client import close_shared_http_clients

    close_shared_http_clients()
    yield
    close_shared_http_clients()


@pytest.fixture(scope="session")
def api_contract(tmp_path_factory: pytest.TempPathFactory) -> ApiContract:
    return ApiContract(generate_openapi(tmp_path_factory.mktemp("api-schema")))


def answers(router: respx.MockRouter) -> list[Answer]:
    """The answers the router's fakes gave (calls that raised a transport error have none)."""
    return [
        Answer(
            call.request.method,
            call.request.url.path,
            call.response.status_code,
            call.response.read(),
        )
        for call in router.calls
        if call.has_response
    ]


@pytest.fixture
def api(api_contract: ApiContract) -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=API, assert_all_called=False) as router:
        yield router
        # Read inside the block: leaving it resets the router and forgets its calls.
        given = answers(router)
    assert given or not router.calls, "the router's calls were lost before the check"
    problems = [problem for answer in given for problem in api_contract.problems(answer)]
    assert not problems, "fakes the API could not send:\n" + "\n".join(problems)


def log_in(client: Client, api: respx.MockRouter, role: str) -> dict[str, str]:
    """Log `client` in through the login page as the demo user `role`; returns the tokens."""
    groups, user_id = USERS[role]
    tokens = {
        "access": make_jwt(role, groups, user_id),
        "refresh": make_jwt(role, groups, user_id, "refresh"),
    }
    api.post("/auth/jwt/create/").respond(200, json=tokens)
    response = client.post("/login", {"username": role, "password": "secret-pass"})
    assert response.status_code == 302, response.content
    return tokens


@pytest.fixture
def customer(client: Client, api: respx.MockRouter) -> dict[str, str]:
    return log_in(client, api, "customer")


@pytest.fixture
def manager(client: Client, api: respx.MockRouter) -> dict[str, str]:
    return log_in(client, api, "manager")


@pytest.fixture
def crew(client: Client, api: respx.MockRouter) -> dict[str, str]:
    return log_in(client, api, "crew")
