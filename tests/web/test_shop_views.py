"""Customer pages: cart, checkout, orders; role checks on them."""

from __future__ import annotations

import json

import httpx
import respx
from django.test import Client
from web_fakes import menu_item, order, paginated

from littlelemon.web.auth import WRONG_ROLE_MESSAGE

CART_LINE = {
    "id": 11,
    "menuitem": 1,
    "menuitem_name": "Greek Salad",
    "quantity": 2,
    "unit_price": "12.50",
    "price": "25.00",
}


def test_cart_pages_need_a_login(client: Client, api: respx.MockRouter) -> None:
    response = client.get("/cart")

    assert response.status_code == 302
    assert response["Location"] == "/login?next=%2Fcart"
    assert not api.calls


def test_crew_cannot_use_the_cart(
    client: Client, api: respx.MockRouter, crew: dict[str, str]
) -> None:
    cart = api.get("/api/cart").respond(200, json=[])

    response = client.get("/cart")

    assert response.status_code == 403
    assert WRONG_ROLE_MESSAGE in response.content.decode()
    assert not cart.called


def test_add_to_cart_posts_the_line_and_goes_to_the_cart(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/menu-items/1").respond(200, json=menu_item(1, title="Greek Salad"))
    add = api.post("/api/cart").respond(201, json=CART_LINE)

    response = client.post("/menu/1/add", {"quantity": "2"})

    assert response.status_code == 302
    assert response["Location"] == "/cart"
    assert json.loads(add.calls.last.request.read()) == {"menuitem": 1, "quantity": 2}
    assert add.calls.last.request.headers["Authorization"] == f"Bearer {customer['access']}"


def test_add_to_cart_with_a_bad_quantity_keeps_the_page_and_says_why(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/menu-items/1").respond(200, json=menu_item(1))
    add = api.post("/api/cart").respond(201, json=CART_LINE)

    response = client.post("/menu/1/add", {"quantity": "0"})

    assert response.status_code == 400
    assert "greater than or equal to 1" in response.content.decode()
    assert not add.called


def test_cart_lists_lines_with_total(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/cart").respond(200, json=[CART_LINE, {**CART_LINE, "id": 12, "price": "5.50"}])

    html = client.get("/cart").content.decode()

    assert "Greek Salad" in html
    assert "$30.50" in html


def test_changing_a_quantity_patches_the_line_and_zero_removes_it(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    patch = api.patch("/api/cart/11").respond(200, json={**CART_LINE, "quantity": 3})
    delete = api.delete("/api/cart/11").respond(204)

    client.post("/cart/11", {"quantity": "3"})
    client.post("/cart/11", {"quantity": "0"})

    assert json.loads(patch.calls.last.request.read()) == {"quantity": 3}
    assert delete.call_count == 1


def test_remove_line_and_empty_cart(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    line = api.delete("/api/cart/11").respond(204)
    everything = api.delete("/api/cart").respond(204)

    client.post("/cart/11/remove")
    response = client.post("/cart/clear")

    assert line.called
    assert everything.called
    assert response["Location"] == "/cart"


def test_checkout_places_the_order_and_shows_its_confirmation(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    place = api.post("/api/orders").respond(201, json=order(42))
    api.get("/api/orders/42").respond(200, json=order(42))

    response = client.post("/checkout", follow=True)

    assert place.call_count == 1
    assert response.redirect_chain == [("/orders/42", 302)]
    html = response.content.decode()
    assert "Your order #42 is placed" in html
    assert "Greek Salad" in html
    assert "Not delivered yet" in html


def test_checkout_of_an_empty_cart_goes_back_with_the_reason(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.post("/api/orders").respond(400, json={"detail": "Your cart is empty."})
    api.get("/api/cart").respond(200, json=[])

    response = client.post("/checkout", follow=True)

    assert response.redirect_chain == [("/cart", 302)]
    assert "Your cart is empty." in response.content.decode()


def test_checkout_when_the_api_fails_says_so_and_claims_no_order(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.post("/api/orders").mock(side_effect=httpx.ReadTimeout("slow"))

    response = client.post("/checkout", HTTP_REFERER="http://testserver/checkout")

    assert response.status_code == 503
    html = response.content.decode()
    assert "placed" not in html
    assert 'href="http://testserver/checkout"' in html


def test_my_orders_shows_delivery_status(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/orders").respond(
        200,
        json=paginated(
            [order(1), order(2, status=True, delivery_crew=2, delivery_crew_username="crew")]
        ),
    )

    html = client.get("/orders").content.decode()

    assert "Preparing" in html
    assert "Delivered" in html
    assert "Mark delivered" not in html


def test_an_order_whose_dish_was_deleted_still_renders_its_name_and_price_without_a_link(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    kept = {"id": 1, "menuitem": 4, "menuitem_name": "Greek Salad"}
    kept |= {"quantity": 1, "unit_price": "12.50", "price": "12.50"}
    deleted = {"id": 2, "menuitem": None, "menuitem_name": "Retired Soup"}
    deleted |= {"quantity": 2, "unit_price": "6.25", "price": "12.50"}
    placed = order(7, items=[kept, deleted])
    api.get("/api/orders").respond(200, json=paginated([placed]))
    api.get("/api/orders/7").respond(200, json=placed)

    listing = client.get("/orders")
    detail = client.get("/orders/7")

    assert listing.status_code == 200
    assert detail.status_code == 200
    html = detail.content.decode()
    assert '<a href="/menu/4">Greek Salad</a>' in html
    assert '<th scope="row">Retired Soup</th>' in html
    assert "$6.25" in html


def test_orders_filter_by_status_reaches_the_api(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    listing = api.get("/api/orders").respond(200, json=paginated([]))

    client.get("/orders?status=delivered")

    assert listing.calls.last.request.url.params["status"] == "true"


def test_someone_elses_order_is_not_found(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/orders/5").respond(404, json={"detail": "Not found."})

    assert client.get("/orders/5").status_code == 404
