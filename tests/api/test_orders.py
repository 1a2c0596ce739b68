"""Checkout and order handling: totals, price snapshots, atomicity, roles, and a real race."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from rest_framework.test import APIClient

from littlelemon.api.cart import services as cart_services
from littlelemon.api.cart.models import CartLine
from littlelemon.api.core.errors import DomainError
from littlelemon.api.orders import services
from littlelemon.api.orders.errors import NOT_DELIVERY_CREW, CartEmptyError, CrewStatusOnlyError
from littlelemon.api.orders.models import Order, OrderItem
from tests.api.factories import CartLineFactory, MenuItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_order_place_totals_and_snapshots_prices_then_empties_the_cart(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    salad = MenuItemFactory(title="Greek Salad", price=Decimal("12.99"))
    lemonade = MenuItemFactory(title="Fresh Lemonade", price=Decimal("3.95"))
    CartLineFactory(user=customer, menuitem=salad, quantity=3)
    CartLineFactory(user=customer, menuitem=lemonade, quantity=2)

    response = client_for(customer).post("/api/orders")

    assert response.status_code == 201
    body = response.json()
    assert body["total"] == "46.87"  # 3 x 12.99 + 2 x 3.95
    assert body["status"] is False
    assert body["delivery_crew"] is None
    assert [
        (i["menuitem_name"], i["quantity"], i["unit_price"], i["price"]) for i in body["items"]
    ] == [
        ("Greek Salad", 3, "12.99", "38.97"),
        ("Fresh Lemonade", 2, "3.95", "7.90"),
    ]
    assert not CartLine.objects.filter(user=customer).exists()
    # Later price changes leave the placed order alone.
    salad.price = Decimal("15.00")
    salad.save()
    again = client_for(customer).get(f"/api/orders/{body['id']}").json()
    assert again["total"] == "46.87"
    assert again["items"][0]["unit_price"] == "12.99"


def test_order_place_response_equals_what_get_returns(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    created = client_for(customer).post("/api/orders").json()
    assert client_for(customer).get(f"/api/orders/{created['id']}").json() == created


def test_order_place_with_empty_cart_returns_400_and_writes_nothing(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(customer).post("/api/orders")
    assert response.status_code == 400
    assert response.json() == {"detail": CartEmptyError.default_detail, "code": "cart_empty"}
    assert Order.objects.count() == 0
    assert OrderItem.objects.count() == 0


def test_order_place_with_an_unavailable_dish_returns_400_and_keeps_the_cart(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    available = CartLineFactory(user=customer)
    gone = CartLineFactory(user=customer, menuitem=MenuItemFactory(available=False))
    response = client_for(customer).post("/api/orders")
    assert response.status_code == 400
    assert response.json()["code"] == "menu_item_unavailable"
    assert response.json()["menuitems"] == [gone.menuitem_id]
    assert Order.objects.count() == 0
    assert set(CartLine.objects.values_list("pk", flat=True)) == {available.pk, gone.pk}


def test_customers_see_only_their_own_orders(
    customer: Any, other_customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    mine = services.order_place(user=customer)
    CartLineFactory(user=other_customer)
    theirs = services.order_place(user=other_customer)
    listed = client_for(customer).get("/api/orders").json()
    assert [order["id"] for order in listed["results"]] == [mine.pk]
    assert client_for(customer).get(f"/api/orders/{theirs.pk}").status_code == 404


def test_crew_sees_only_assigned_orders_and_may_change_only_status(
    customer: Any, crew: Any, manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    assigned = services.order_place(user=customer)
    CartLineFactory(user=customer)
    unassigned = services.order_place(user=customer)
    services.order_assign_crew(order=assigned, crew=crew)
    client = client_for(crew)

    assert [o["id"] for o in client.get("/api/orders").json()["results"]] == [assigned.pk]
    assert client.get(f"/api/orders/{unassigned.pk}").status_code == 404
    assert (
        client.patch(f"/api/orders/{unassigned.pk}", {"status": True}, format="json").status_code
        == 404
    )

    delivered = client.patch(f"/api/orders/{assigned.pk}", {"status": True}, format="json")
    assert delivered.status_code == 200
    assert delivered.json()["status"] is True

    reassign = client.patch(
        f"/api/orders/{assigned.pk}", {"delivery_crew": manager.pk}, format="json"
    )
    assert reassign.status_code == 403
    assert reassign.json()["code"] == CrewStatusOnlyError.code
    assert Order.objects.get(pk=assigned.pk).delivery_crew_id == crew.pk


def test_manager_can_assign_only_delivery_crew(
    customer: Any, crew: Any, manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    order = services.order_place(user=customer)
    client = client_for(manager)

    refused = client.patch(f"/api/orders/{order.pk}", {"delivery_crew": customer.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["delivery_crew"] == [NOT_DELIVERY_CREW]

    assigned = client.patch(f"/api/orders/{order.pk}", {"delivery_crew": crew.pk}, format="json")
    assert assigned.status_code == 200
    assert assigned.json()["delivery_crew"] == crew.pk
    assert assigned.json()["delivery_crew_username"] == "crew"

    unassigned = client.patch(f"/api/orders/{order.pk}", {"delivery_crew": None}, format="json")
    assert unassigned.json()["delivery_crew"] is None


def test_order_list_filters_by_status_and_orders_by_total(
    customer: Any, manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    totals = []
    for price in ("5.00", "15.00", "10.00"):
        CartLineFactory(user=customer, menuitem=MenuItemFactory(price=Decimal(price)))
        totals.append(services.order_place(user=customer))
    services.order_update(actor=manager, order=totals[1], status=True)
    client = client_for(manager)

    pending = client.get("/api/orders?status=false&ordering=-total").json()
    assert [o["total"] for o in pending["results"]] == ["10.00", "5.00"]
    delivered = client.get("/api/orders?status=true").json()
    assert [o["id"] for o in delivered["results"]] == [totals[1].pk]


def test_deleting_a_dish_keeps_the_order_snapshot(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    dish = MenuItemFactory(title="Moussaka", price=Decimal("18.75"))
    CartLineFactory(user=customer, menuitem=dish)
    order = services.order_place(user=customer)
    dish.delete()
    item = client_for(customer).get(f"/api/orders/{order.pk}").json()["items"][0]
    assert item["menuitem"] is None
    assert (item["menuitem_name"], item["unit_price"]) == ("Moussaka", "18.75")


def test_order_update_by_a_customer_is_refused_by_the_service(customer: Any) -> None:
    CartLineFactory(user=customer)
    order = services.order_place(user=customer)
    with pytest.raises(DomainError):
        services.order_update(actor=customer, order=order, delivery_crew=None)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_checkouts_of_one_cart_make_exactly_one_order() -> None:
    # SQLite has no row locks; its IMMEDIATE transactions serialise the two checkouts.
    user = UserFactory(username="racer")
    for _ in range(3):
        CartLineFactory(user=user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def checkout() -> None:
        try:
            barrier.wait(timeout=10)
            services.order_place(user=user)
            outcomes.append("order")
        except CartEmptyError:
            outcomes.append("empty")
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connections.close_all()

    threads = [threading.Thread(target=checkout) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["empty", "order"]
    assert Order.objects.filter(user=user).count() == 1
    assert OrderItem.objects.filter(order__user=user).count() == 3
    assert not CartLine.objects.filter(user=user).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_cart_adds_and_checkouts_of_different_customers_all_succeed() -> None:
    customers = [UserFactory(username=f"diner{n}") for n in range(4)]
    dishes = [MenuItemFactory() for _ in range(2)]
    barrier = threading.Barrier(len(customers))
    errors: list[BaseException] = []

    def shop(user: Any) -> None:
        try:
            barrier.wait(timeout=10)
            for dish in dishes:
                cart_services.cart_add(user=user, menuitem=dish, quantity=2)
            services.order_place(user=user)
        except BaseException as error:  # reported by the assertion below, with its type
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=shop, args=(user,)) for user in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    for user in customers:
        order = Order.objects.get(user=user)
        assert order.items.count() == len(dishes)
        assert order.total == sum((dish.price * 2 for dish in dishes), Decimal("0"))
    assert not CartLine.objects.exists()
