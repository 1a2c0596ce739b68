"""Customer pages: cart, checkout, orders; role checks on them."""

from __future__ import annotations

import json

import httpx
import respx
from django.test import Client
from web_fakes import menu_item, order, paginated, placed_order, profile

from littlelemon.web.auth import WRONG_ROLE_MESSAGE
from littlelemon.web.views.shop import SOLD_OUT_MESSAGE

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


def _no_dish_sold_out(api: respx.MockRouter) -> respx.Route:
    return api.get("/api/menu-items", params={"available": "false"}).respond(
        200, json=paginated([])
    )


def test_cart_lists_lines_with_total_and_the_count_shows_in_the_navigation(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    _no_dish_sold_out(api)
    api.get("/api/cart").respond(200, json=[CART_LINE, {**CART_LINE, "id": 12, "price": "5.50"}])

    html = client.get("/cart").content.decode()

    assert "Greek Salad" in html
    assert "$30.50" in html
    assert '<a href="/cart" aria-current="page">Cart <span class="count">(4' in html


def test_a_sold_out_dish_is_flagged_in_the_cart_and_named_at_checkout(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/menu-items", params={"available": "false"}).respond(
        200, json=paginated([menu_item(1, title="Greek Salad", available=False)])
    )
    api.get("/api/cart").respond(200, json=[CART_LINE])
    api.get("/auth/users/me/").respond(200, json=profile())

    cart_html = client.get("/cart").content.decode()
    checkout = client.get("/checkout")

    assert "Sold out" in cart_html
    assert "Not available at the moment: Greek Salad." in cart_html
    assert SOLD_OUT_MESSAGE.format(names="Greek Salad") in checkout.content.decode()


def test_a_price_changed_since_the_dish_was_added_is_shown(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/menu-items/1").respond(200, json=menu_item(1, title="Greek Salad"))
    api.post("/api/cart").respond(201, json=CART_LINE)
    _no_dish_sold_out(api)
    api.get("/api/cart").respond(200, json=[{**CART_LINE, "unit_price": "13.00", "price": "26.00"}])

    client.post("/menu/1/add", {"quantity": "2"})
    html = client.get("/cart").content.decode()

    assert '$13.00 <span class="price-change">(was $12.50)</span>' in html


def test_adding_from_a_menu_card_returns_to_the_menu(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/menu-items/1").respond(200, json=menu_item(1))
    api.post("/api/cart").respond(201, json=CART_LINE)

    same_site = client.post("/menu/1/add", {"quantity": "1", "next": "/menu?category=mains"})
    elsewhere = client.post("/menu/1/add", {"quantity": "1", "next": "https://evil.example/"})

    assert same_site["Location"] == "/menu?category=mains"
    assert elsewhere["Location"] == "/cart"


def test_changing_a_quantity_patches_the_line_and_zero_removes_it(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    patch = api.patch("/api/cart/11").respond(200, json={**CART_LINE, "quantity": 3})
    delete = api.delete("/api/cart/11").respond(204)

    client.post("/cart/11", {"quantity": "3"})
    client.post("/cart/11", {"quantity": "0"})

    assert json.loads(patch.calls.last.request.read()) == {"quantity": 3}
    assert delete.call_count == 1


def test_remove_line_and_empty_cart_after_a_confirmation_page(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    line = api.delete("/api/cart/11").respond(204)
    everything = api.delete("/api/cart").respond(204)

    client.post("/cart/11/remove")
    confirm = client.get("/cart/clear")
    assert not everything.called
    response = client.post("/cart/clear")

    assert line.called
    assert "Empty the cart?" in confirm.content.decode()
    assert everything.called
    assert response["Location"] == "/cart"


DELIVERY = {
    "delivery_address": "12 Lemon St, Chicago",
    "delivery_phone": "+13125550100",
    "delivery_notes": "Ring twice",
}


def test_checkout_prefills_address_and_phone_from_the_profile(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    api.get("/api/cart").respond(200, json=[CART_LINE])
    _no_dish_sold_out(api)

    html = client.get("/checkout").content.decode()

    assert "12 Lemon St, Chicago</textarea>" in html
    assert 'value="+13125550100"' in html
    assert 'type="tel"' in html


def test_checkout_places_the_order_with_the_delivery_details_and_shows_it(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    place = api.post("/api/orders").respond(201, json=placed_order(42))
    api.get("/api/orders/42").respond(200, json=placed_order(42))

    response = client.post("/checkout", DELIVERY, follow=True)

    assert place.call_count == 1
    assert json.loads(place.calls.last.request.read()) == DELIVERY
    assert response.redirect_chain == [("/orders/42", 302)]
    html = response.content.decode()
    assert "Your order #42 is placed" in html
    assert "Greek Salad" in html
    assert '<li class="done" aria-current="step">Received</li>' in html


def test_checkout_without_an_address_says_so_next_to_the_field(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile(address="", phone=""))
    api.get("/api/cart").respond(200, json=[CART_LINE])
    _no_dish_sold_out(api)
    place = api.post("/api/orders").respond(201, json=placed_order(42))

    response = client.post("/checkout", {"delivery_phone": "+13125550100"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not place.called


def test_checkout_with_a_dish_sold_out_meanwhile_names_it(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    api.get("/api/cart").respond(200, json=[CART_LINE])
    _no_dish_sold_out(api)
    api.post("/api/orders").respond(
        400,
        json={
            "detail": "Not available at the moment: Greek Salad.",
            "code": "menu_item_unavailable",
            "menuitems": [1],
        },
    )

    response = client.post("/checkout", DELIVERY)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Not available at the moment: Greek Salad." in html
    assert "<p>1</p>" not in html


def test_checkout_of_an_empty_cart_goes_back_with_the_reason(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    api.post("/api/orders").respond(
        400, json={"detail": "Your cart is empty.", "code": "cart_empty"}
    )
    api.get("/api/cart").respond(200, json=[])

    response = client.post("/checkout", DELIVERY, follow=True)

    assert response.redirect_chain == [("/cart", 302)]
    assert "Your cart is empty." in response.content.decode()


def test_checkout_when_the_api_fails_says_so_and_claims_no_order(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    api.post("/api/orders").mock(side_effect=httpx.ReadTimeout("slow"))

    response = client.post("/checkout", DELIVERY, HTTP_REFERER="http://testserver/checkout")

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

    assert "Received" in html
    assert "Delivered" in html
    assert "Mark delivered" not in html


def test_an_order_whose_dish_was_deleted_still_renders_its_name_and_price_without_a_link(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    kept = {"id": 1, "menuitem": 4, "menuitem_name": "Greek Salad", "menuitem_title": "Greek Salad"}
    kept |= {"quantity": 1, "unit_price": "12.50", "price": "12.50"}
    deleted = {"id": 2, "menuitem": None, "menuitem_name": "Retired Soup"}
    deleted["menuitem_title"] = "Retired Soup"
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
