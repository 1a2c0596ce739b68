"""Fixtures of the API tests: users for every role, authenticated clients, throttles off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from littlelemon.api.accounts.roles import CREW_GROUP, MANAGER_GROUP
from littlelemon.api.accounts.tokens import RefreshToken
from tests.api.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SQLite tests run on a file, as `make up` does, not on Django's in-memory default.

    An in-memory test database is shared between threads through SQLite's shared cache,
    whose table locks never wait: concurrency tests would test that, not the real thing.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    """Throttles are tested on their own (elsewhere they only add noise); fast hashing."""
    settings.API_THROTTLE_RATES = {}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def _group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    return group


@pytest.fixture
def customer(db: None) -> Any:
    return UserFactory(username="customer")


@pytest.fixture
def other_customer(db: None) -> Any:
    return UserFactory(username="other")


@pytest.fixture
def crew(db: None) -> Any:
    user = UserFactory(username="crew")
    user.groups.add(_group(CREW_GROUP))
    return user


@pytest.fixture
def manager(db: None) -> Any:
    user = UserFactory(username="manager")
    user.groups.add(_group(MANAGER_GROUP))
    return user


@pytest.fixture
def admin_user(db: None) -> Any:
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def bearer(user: Any) -> str:
    """An Authorization header value with a real RS256 access token for `user`."""
    return f"Bearer {RefreshToken.for_user(user).access_token}"


@pytest.fixture
def client_for() -> Callable[[Any], APIClient]:
    """`client_for(user)`: an APIClient sending that user's access token (None: anonymous)."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=bearer(user))
        return client

    return make
