"""Compatibility with the original API's clients: re_password, menuitem_title, unslashed paths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from littlelemon.api.accounts.serializers import PASSWORD_MISMATCH
from littlelemon.api.orders.models import Order, OrderItem
from tests.api.factories import PASSWORD, MenuItemFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {"username": "newcomer", "password": "a-Long-pass-42!"}


def test_sign_up_with_a_mismatched_re_password_is_400_on_re_password() -> None:
    response = APIClient().post(
        "/auth/users/", {**SIGN_UP, "re_password": "something-else-42!"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["re_password"] == [PASSWORD_MISMATCH]
    assert not get_user_model().objects.exists()


def test_sign_up_with_a_matching_re_password_or_none_creates_the_user() -> None:
    client = APIClient()
    matching = client.post(
        "/auth/users/", {**SIGN_UP, "re_password": SIGN_UP["password"]}, format="json"
    )
    assert matching.status_code == 201, matching.content
    assert "re_password" not in matching.json()
    without = client.post("/auth/users/", {**SIGN_UP, "username": "second"}, format="json")
    assert without.status_code == 201


def test_order_lines_also_carry_menuitem_title(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    order = Order.objects.create(user=customer, total="9.50")
    dish = MenuItemFactory(title="Greek Salad")
    OrderItem.objects.create(
        order=order,
        menuitem=dish,
        menuitem_name="Greek Salad",
        quantity=1,
        unit_price="9.50",
        price="9.50",
    )
    (line,) = client_for(customer).get(f"/api/orders/{order.pk}").json()["items"]
    assert line["menuitem_title"] == line["menuitem_name"] == "Greek Salad"


def test_djoser_paths_also_answer_without_their_trailing_slash(customer: Any) -> None:
    client = APIClient()
    login = client.post(
        "/auth/jwt/create", {"username": "customer", "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    tokens = login.json()
    assert (
        client.post("/auth/jwt/verify", {"token": tokens["access"]}, format="json").status_code
        == 200
    )
    refreshed = client.post("/auth/jwt/refresh", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    assert client.get("/auth/users/me").json()["username"] == "customer"
    signup = APIClient().post("/auth/users", SIGN_UP, format="json")
    assert signup.status_code == 201
    logout = client.post(
        "/auth/jwt/logout", {"refresh": refreshed.json()["refresh"]}, format="json"
    )
    assert logout.status_code == 204
