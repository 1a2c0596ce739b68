"""Group membership (manager / delivery-crew), managed by managers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from littlelemon.api.accounts.services import NO_SUCH_USER, NOT_A_MEMBER, UNKNOWN_GROUP

pytestmark = pytest.mark.django_db


def test_add_list_and_remove_crew(
    manager: Any, customer: Any, crew: Any, client_for: Callable[[Any], APIClient]
) -> None:
    client = client_for(manager)
    added = client.post("/api/groups/delivery-crew/users", {"username": "customer"}, format="json")
    assert added.status_code == 201
    assert added.json()["groups"] == ["delivery-crew"]
    members = client.get("/api/groups/delivery-crew/users").json()
    assert [user["username"] for user in members] == ["crew", "customer"]
    removed = client.delete(f"/api/groups/delivery-crew/users/{customer.pk}")
    assert removed.status_code == 200
    assert removed.json()["groups"] == []
    assert [u["username"] for u in client.get("/api/groups/delivery-crew/users").json()] == ["crew"]


def test_unknown_username_is_a_field_error(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(manager).post(
        "/api/groups/manager/users", {"username": "nobody"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "username": [NO_SUCH_USER]}


def test_unknown_group_is_404(manager: Any, client_for: Callable[[Any], APIClient]) -> None:
    response = client_for(manager).get("/api/groups/admins/users")
    assert response.status_code == 404
    assert response.json()["detail"] == UNKNOWN_GROUP


def test_removing_a_non_member_is_404(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(manager).delete(f"/api/groups/manager/users/{customer.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_A_MEMBER
