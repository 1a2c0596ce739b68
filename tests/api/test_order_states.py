"""Orders with delivery details and states: checkout from the profile, who moves them, filters."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from rest_framework.test import APIClient

from littlelemon.api.accounts.roles import CREW_GROUP
from littlelemon.api.cart.models import CartLine
from littlelemon.api.orders import services
from littlelemon.api.orders.errors import (
    NO_DELIVERY_ADDRESS,
    NO_DELIVERY_PHONE,
    CrewStateOnlyError,
    CustomerCancelOnlyError,
    TooLateToCancelError,
)
from littlelemon.api.orders.models import Order
from littlelemon.contract import restaurant
from tests.api.factories import CartLineFactory, MenuItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def _placed(user: Any, **body: str) -> Order:
    CartLineFactory(user=user)
    return services.order_place(user=user, **body)


def test_checkout_takes_address_and_phone_from_the_profile_and_places_a_received_order(
    customer: Any, client_for: Callable[[Any], APIClient], settings: Any
) -> None:
    settings.ORDER_ETA_MINUTES = 30
    CartLineFactory(user=customer)
    response = client_for(customer).post(
        "/api/orders", {"delivery_notes": "Ring twice"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["delivery_address"].startswith("12 Lemon Street")
    assert body["delivery_phone"] == "+13125550100"
    assert body["delivery_notes"] == "Ring twice"
    assert (body["state"], body["status"]) == (restaurant.RECEIVED, False)
    placed = datetime.datetime.fromisoformat(body["placed_at"])
    assert placed.utcoffset() is not None
    assert datetime.datetime.fromisoformat(body["eta"]) - placed == datetime.timedelta(minutes=30)


def test_checkout_body_overrides_the_profile_and_normalises_the_phone(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    body = (
        client_for(customer)
        .post(
            "/api/orders",
            {"delivery_address": "The office, 5 Wacker Dr", "delivery_phone": "+1 312-555-0142"},
            format="json",
        )
        .json()
    )
    assert (body["delivery_address"], body["delivery_phone"]) == (
        "The office, 5 Wacker Dr",
        "+13125550142",
    )


def test_checkout_without_address_and_phone_names_both_fields_and_writes_nothing(
    client_for: Callable[[Any], APIClient],
) -> None:
    user = UserFactory(username="nobody-home", profile=None)
    CartLineFactory(user=user)
    response = client_for(user).post("/api/orders")
    assert response.status_code == 400
    assert response.json()["delivery_address"] == [NO_DELIVERY_ADDRESS]
    assert response.json()["delivery_phone"] == [NO_DELIVERY_PHONE]
    assert not Order.objects.exists()
    assert CartLine.objects.filter(user=user).count() == 1


def test_checkout_with_a_bad_phone_is_a_400_by_field(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    response = client_for(customer).post(
        "/api/orders", {"delivery_phone": "call me"}, format="json"
    )
    assert response.status_code == 400
    assert "delivery_phone" in response.json()
    assert not Order.objects.exists()


def test_checkout_names_the_sold_out_dishes(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    cake = MenuItemFactory(title="Lemon Cake")
    salad = MenuItemFactory(title="Greek Salad")
    CartLineFactory(user=customer, menuitem=salad)
    CartLineFactory(user=customer, menuitem=cake)
    CartLineFactory(user=customer)
    for dish in (cake, salad):
        dish.available = False
        dish.save()
    response = client_for(customer).post("/api/orders")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Not available at the moment: Greek Salad, Lemon Cake."
    assert body["code"] == "menu_item_unavailable"
    assert body["menuitems"] == sorted([cake.pk, salad.pk])
    assert not Order.objects.exists()


def test_cart_lines_show_the_current_price(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    dish = MenuItemFactory(price=Decimal("10.00"))
    CartLineFactory(user=customer, menuitem=dish, quantity=2)
    dish.price = Decimal("11.50")
    dish.save()
    [line] = client_for(customer).get("/api/cart").json()
    assert (line["unit_price"], line["price"]) == ("11.50", "23.00")


def test_checkout_sends_a_confirmation_once_committed(
    customer: Any,
    client_for: Callable[[Any], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    CartLineFactory(user=customer, menuitem=MenuItemFactory(title="Greek Salad"), quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        order = client_for(customer).post("/api/orders").json()
    [message] = mail.outbox
    assert message.to == [customer.email]
    assert f"#{order['id']}" in message.subject
    assert "2 x Greek Salad" in message.body
    assert "12 Lemon Street" in message.body


def _crew_member(name: str) -> Any:
    user = UserFactory(username=name)
    user.groups.add(Group.objects.get_or_create(name=CREW_GROUP)[0])
    return user


def _patch(client: APIClient, order: Order, **body: Any) -> Any:
    return client.patch(f"/api/orders/{order.pk}", body, format="json")


def test_a_manager_moves_an_order_forward_skipping_steps_but_never_back(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    order = _placed(customer)
    client = client_for(manager)
    assert _patch(client, order, state="ready").json()["state"] == "ready"
    back = _patch(client, order, state="preparing")
    assert back.status_code == 409
    assert back.json() == {
        "detail": "An order that is ready cannot become preparing.",
        "code": "illegal_transition",
    }
    delivered = _patch(client, order, state="delivered").json()
    assert (delivered["state"], delivered["status"], delivered["eta"]) == ("delivered", True, None)
    assert _patch(client, order, state="cancelled").status_code == 409
    assert _patch(client, order, state="delivered").status_code == 200  # the same: no-op


def test_status_true_still_delivers_and_false_cannot_undo_it(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    order = _placed(customer)
    client = client_for(manager)
    assert _patch(client, order, status=False).json()["state"] == "received"
    assert _patch(client, order, status=True).json()["state"] == "delivered"
    assert _patch(client, order, status=False).status_code == 409
    order.refresh_from_db()
    assert (order.state, order.status) == ("delivered", True)


def test_state_and_status_must_agree_when_both_are_sent(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    order = _placed(customer)
    response = _patch(client_for(manager), order, state="preparing", status=True)
    assert response.status_code == 400
    assert "status" in response.json()


def test_crew_may_only_pick_up_and_deliver_their_own_orders(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    rider, other_rider = _crew_member("rider"), _crew_member("other-rider")
    order = _placed(customer)
    services.order_assign_crew(order=order, crew=rider)
    client = client_for(rider)
    refused = _patch(client, order, state="preparing")
    assert refused.status_code == 403
    assert refused.json()["detail"] == CrewStateOnlyError.default_detail
    assert _patch(client, order, state="cancelled").status_code == 403
    assert _patch(client_for(other_rider), order, state="out_for_delivery").status_code == 404
    assert _patch(client, order, state="out_for_delivery").json()["state"] == "out_for_delivery"
    assert _patch(client, order, state="delivered").json()["status"] is True


def test_a_customer_cancels_until_the_order_is_out_for_delivery(
    manager: Any, customer: Any, other_customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    mine, late = _placed(customer), _placed(customer)
    client = client_for(customer)
    assert _patch(client_for(other_customer), mine, state="cancelled").status_code == 404
    not_allowed = _patch(client, mine, state="preparing")
    assert not_allowed.status_code == 403
    assert not_allowed.json()["detail"] == CustomerCancelOnlyError.default_detail
    assert _patch(client, mine, status=True).status_code == 403
    cancelled = _patch(client, mine, state="cancelled").json()
    assert (cancelled["state"], cancelled["status"], cancelled["eta"]) == ("cancelled", False, None)

    services.order_change_state(actor=manager, order=late, state="out_for_delivery")
    too_late = _patch(client, late, state="cancelled")
    assert too_late.status_code == 409
    assert too_late.json() == {
        "detail": TooLateToCancelError.default_detail,
        "code": "too_late_to_cancel",
    }
    late.refresh_from_db()
    assert late.state == "out_for_delivery"


def test_unknown_state_is_a_400(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    order = _placed(customer)
    assert _patch(client_for(manager), order, state="eaten").status_code == 400
    assert client_for(manager).get("/api/orders?state=eaten").status_code == 400
    assert client_for(manager).get("/api/orders?date=yesterday").status_code == 400


def test_orders_filter_by_state_and_by_the_restaurants_day(
    manager: Any, customer: Any, client_for: Callable[[Any], APIClient], settings: Any
) -> None:
    settings.RESTAURANT_TIME_ZONE = "America/Chicago"
    evening, morning, ready = _placed(customer), _placed(customer), _placed(customer)
    # 23:30 in Chicago on 3 March is 05:30 UTC on 4 March (CST, UTC-6).
    Order.objects.filter(pk=evening.pk).update(
        created_at=datetime.datetime(2026, 3, 4, 5, 30, tzinfo=datetime.UTC)
    )
    Order.objects.filter(pk=morning.pk).update(
        created_at=datetime.datetime(2026, 3, 4, 15, 0, tzinfo=datetime.UTC)
    )
    services.order_change_state(actor=manager, order=ready, state="ready")
    client = client_for(manager)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/orders?{query}")
        assert response.status_code == 200, response.content
        return sorted(order["id"] for order in response.json()["results"])

    assert ids("date=2026-03-03") == [evening.pk]
    assert ids("date=2026-03-04") == [morning.pk]
    assert ids("state=ready") == [ready.pk]
    assert ids("state=received&date=2026-03-04") == [morning.pk]
    assert ids("date=9999-12-31") == []
