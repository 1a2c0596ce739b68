"""The cart: one line per dish, quantities 1..99, only the caller's own lines."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from littlelemon.api.cart.errors import MenuItemUnavailableError, QuantityLimitError
from littlelemon.api.cart.models import CartLine
from tests.api.factories import CartLineFactory, MenuItemFactory

pytestmark = pytest.mark.django_db


def test_adding_the_same_dish_twice_increases_one_line(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    dish = MenuItemFactory(title="Baklava", price=Decimal("5.50"))
    client = client_for(customer)
    client.post("/api/cart", {"menuitem": dish.pk, "quantity": 2}, format="json")
    response = client.post("/api/cart", {"menuitem": dish.pk, "quantity": 3}, format="json")
    assert response.status_code == 201
    lines = client.get("/api/cart").json()
    assert lines == [
        {
            "id": response.json()["id"],
            "menuitem": dish.pk,
            "menuitem_name": "Baklava",
            "quantity": 5,
            "unit_price": "5.50",
            "price": "27.50",
        }
    ]


def test_a_line_never_exceeds_99(customer: Any, client_for: Callable[[Any], APIClient]) -> None:
    line = CartLineFactory(user=customer, quantity=98)
    response = client_for(customer).post(
        "/api/cart", {"menuitem": line.menuitem_id, "quantity": 2}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == QuantityLimitError.code
    assert CartLine.objects.get(pk=line.pk).quantity == 98


def test_an_unavailable_dish_cannot_be_added(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    dish = MenuItemFactory(available=False)
    response = client_for(customer).post(
        "/api/cart", {"menuitem": dish.pk, "quantity": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": MenuItemUnavailableError.default_detail,
        "code": MenuItemUnavailableError.code,
    }
    assert not CartLine.objects.exists()


def test_patch_sets_quantity_and_zero_removes_the_line(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    line = CartLineFactory(user=customer, quantity=1)
    client = client_for(customer)
    updated = client.patch(f"/api/cart/{line.pk}", {"quantity": 7}, format="json")
    assert updated.status_code == 200
    assert updated.json()["quantity"] == 7
    removed = client.patch(f"/api/cart/{line.pk}", {"quantity": 0}, format="json")
    assert removed.status_code == 204
    assert not CartLine.objects.filter(pk=line.pk).exists()


def test_emptying_the_cart_leaves_other_carts_alone(
    customer: Any, other_customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    theirs = CartLineFactory(user=other_customer)
    assert client_for(customer).delete("/api/cart").status_code == 204
    assert list(CartLine.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_another_customers_line_is_404_and_untouched(
    customer: Any, other_customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    theirs = CartLineFactory(user=other_customer, quantity=4)
    client = client_for(customer)
    assert client.patch(f"/api/cart/{theirs.pk}", {"quantity": 1}, format="json").status_code == 404
    assert client.delete(f"/api/cart/{theirs.pk}").status_code == 404
    assert client.get("/api/cart").json() == []
    assert CartLine.objects.get(pk=theirs.pk).quantity == 4


BURST = 30


@pytest.mark.django_db(transaction=True)
def test_a_30_way_burst_of_first_adds_of_one_dish_all_succeed_into_one_line() -> None:
    """MariaDB deadlocked on this (4 in 270 adds sent 30 at a time); every database: 0 errors."""
    import threading

    from django.db import connections

    from tests.api.conftest import bearer
    from tests.api.factories import UserFactory

    user = UserFactory(username="burst")
    dishes = [MenuItemFactory() for _ in range(3)]
    authorization = bearer(user)
    barrier = threading.Barrier(BURST)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def add(dish_id: int) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=authorization)
            barrier.wait(timeout=30)
            response = client.post("/api/cart", {"menuitem": dish_id, "quantity": 1}, format="json")
            statuses.append(response.status_code)
        except BaseException as error:  # reported by the assertion below, with its type
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=add, args=(dishes[n % len(dishes)].pk,)) for n in range(BURST)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [201] * BURST
    lines = CartLine.objects.filter(user=user)
    assert lines.count() == len(dishes)
    assert sum(line.quantity for line in lines) == BURST
