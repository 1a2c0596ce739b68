"""The user's own profile and role: /auth/users/me/, the role claim, staff search, managers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from littlelemon.api.accounts.models import ADDRESS_MAX_LENGTH, Profile
from littlelemon.api.accounts.phone import INVALID_PHONE
from littlelemon.api.accounts.roles import CREW_GROUP, MANAGER_GROUP
from littlelemon.api.accounts.services import LastManagerError, SelfRemovalError
from littlelemon.api.accounts.tokens import RefreshToken
from littlelemon.contract import claims, roles
from tests.api.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_me_shows_profile_and_effective_role(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    body = client_for(customer).get("/auth/users/me/").json()
    assert body["phone"] == "+13125550100"
    assert body["address"].startswith("12 Lemon Street")
    assert body["role"] == roles.CUSTOMER
    assert body["groups"] == []
    assert {"first_name", "last_name", "email", "is_staff"} <= body.keys()


@pytest.mark.parametrize(
    ("fixture", "role"),
    [("manager", roles.MANAGER), ("admin_user", roles.MANAGER), ("crew", roles.DELIVERY_CREW)],
)
def test_admins_are_managers_and_crew_is_crew(
    fixture: str, role: str, request: pytest.FixtureRequest, client_for: Callable[[Any], APIClient]
) -> None:
    user = request.getfixturevalue(fixture)
    assert client_for(user).get("/auth/users/me/").json()["role"] == role


def test_patch_me_normalises_the_phone_and_saves_names_and_address(
    client_for: Callable[[Any], APIClient],
) -> None:
    user = UserFactory(username="fresh", profile=None)
    response = client_for(user).patch(
        "/auth/users/me/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "phone": "+1 (312) 555-0199",
            "address": "1 Loop\nChicago",
            "role": "manager",
            "is_staff": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["first_name"], body["phone"], body["address"]) == (
        "Ada",
        "+13125550199",
        "1 Loop\nChicago",
    )
    # Read-only fields are ignored, not applied.
    assert body["role"] == roles.CUSTOMER
    assert body["is_staff"] is False
    assert Profile.objects.get(user=user).phone == "+13125550199"


@pytest.mark.parametrize(
    "phone", ["312 555 0100", "+1 555", "+1 312 555 0100 ext 4", "+0123456789"]
)
def test_patch_me_refuses_a_phone_without_country_code_or_digits(
    phone: str, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(customer).patch("/auth/users/me/", {"phone": phone}, format="json")
    assert response.status_code == 400
    assert response.json()["phone"] == [INVALID_PHONE]
    assert Profile.objects.get(user=customer).phone == "+13125550100"


def test_patch_me_refuses_an_overlong_address_and_a_bad_email_by_field(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(customer).patch(
        "/auth/users/me/",
        {"address": "x" * (ADDRESS_MAX_LENGTH + 1), "email": "not-an-address"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "address", "email"}
    assert Profile.objects.get(user=customer).address.startswith("12 Lemon Street")


def test_me_without_a_profile_reads_empty_strings_and_writes_nothing(
    client_for: Callable[[Any], APIClient],
) -> None:
    user = UserFactory(username="bare", profile=None)
    body = client_for(user).get("/auth/users/me/").json()
    assert (body["phone"], body["address"]) == ("", "")
    assert not Profile.objects.filter(user=user).exists()


def _claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def test_access_token_carries_the_effective_role_and_a_refresh_picks_up_a_change(
    api_client: APIClient,
) -> None:
    user = UserFactory(username="rider")
    login = api_client.post(
        "/auth/jwt/create/", {"username": "rider", "password": PASSWORD}, format="json"
    ).json()
    assert _claims(login["access"])[claims.ROLE_CLAIM] == roles.CUSTOMER
    user.groups.add(Group.objects.get_or_create(name=CREW_GROUP)[0])
    refreshed = api_client.post(
        "/auth/jwt/refresh/", {"refresh": login["refresh"]}, format="json"
    ).json()
    assert _claims(refreshed["access"])[claims.ROLE_CLAIM] == roles.DELIVERY_CREW


def test_an_admin_token_says_manager(admin_user: Any) -> None:
    access = str(RefreshToken.for_user(admin_user).access_token)
    assert _claims(access)[claims.ROLE_CLAIM] == roles.MANAGER


def test_user_search_finds_by_username_and_names_for_managers_only(
    manager: Any, customer: Any, crew: Any, client_for: Callable[[Any], APIClient]
) -> None:
    UserFactory(username="zoe", first_name="Zoe", last_name="Rider")
    UserFactory(username="bob", first_name="Robert", last_name="Smith")
    found = client_for(manager).get("/api/users?search=RIDER")
    assert found.status_code == 200
    body = found.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": body["results"][0]["id"],
            "username": "zoe",
            "first_name": "Zoe",
            "last_name": "Rider",
            "role": roles.CUSTOMER,
        }
    ]
    crew_found = client_for(manager).get("/api/users?search=crew").json()["results"]
    assert [(u["username"], u["role"]) for u in crew_found] == [("crew", roles.DELIVERY_CREW)]
    assert client_for(manager).get("/api/users").json()["count"] == 5
    assert client_for(customer).get("/api/users?search=zoe").status_code == 403
    assert client_for(crew).get("/api/users").status_code == 403
    assert client_for(None).get("/api/users").status_code == 401


def test_a_manager_cannot_remove_themselves_from_the_managers(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    other = UserFactory(username="second")
    other.groups.add(Group.objects.get(name=MANAGER_GROUP))
    response = client_for(manager).delete(f"/api/groups/manager/users/{manager.pk}")
    assert response.status_code == 409
    assert response.json() == {"detail": SelfRemovalError.default_detail, "code": "self_removal"}
    assert manager.groups.filter(name=MANAGER_GROUP).exists()
    # Another manager may.
    assert client_for(other).delete(f"/api/groups/manager/users/{manager.pk}").status_code == 200


def test_the_last_manager_cannot_be_removed(
    manager: Any, admin_user: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(admin_user).delete(f"/api/groups/manager/users/{manager.pk}")
    assert response.status_code == 409
    assert response.json()["detail"] == LastManagerError.default_detail
    assert manager.groups.filter(name=MANAGER_GROUP).exists()
