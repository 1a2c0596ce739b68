"""Manager and delivery-crew pages."""

from __future__ import annotations

import json

import respx
from django.test import Client
from web_fakes import menu_item, order, paginated, user

CATEGORIES = paginated([{"id": 1, "slug": "mains", "title": "Mains"}])
CREW = [user(2, "crew", groups=["delivery-crew"])]


def test_customers_cannot_open_manager_pages(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    for path in ["/manage/menu", "/manage/categories", "/manage/staff", "/manage/bookings"]:
        assert client.get(path).status_code == 403, path


def test_manager_navigation_shows_management_pages(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/menu-items").respond(200, json=paginated([]))

    html = client.get("/").content.decode()

    for label in ["All orders", "Menu items", "Categories", "Staff", "Bookings"]:
        assert label in html
    assert "Cart" not in html


def test_manager_adds_a_dish(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/categories").respond(200, json=CATEGORIES)
    create = api.post("/api/menu-items").respond(201, json=menu_item(9, title="Moussaka"))

    response = client.post(
        "/manage/menu",
        {
            "title": "Moussaka",
            "price": "14.00",
            "category": "1",
            "featured": "on",
            "available": "on",
        },
    )

    assert response.status_code == 302
    assert json.loads(create.calls.last.request.read()) == {
        "title": "Moussaka",
        "price": "14.00",
        "featured": True,
        "available": True,
        "category": 1,
        "description": "",
        "tags": [],
    }


def test_dish_form_shows_api_field_errors_and_keeps_input(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/categories").respond(200, json=CATEGORIES)
    api.get("/api/menu-items").respond(200, json=paginated([]))
    api.post("/api/menu-items").respond(
        400,
        json={"detail": "Invalid input.", "title": ["menu item with this title already exists."]},
    )

    response = client.post("/manage/menu", {"title": "Soup", "price": "4.00", "category": "1"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "menu item with this title already exists." in html
    assert 'value="Soup"' in html


def test_manager_toggles_availability(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/menu-items/3").respond(200, json=menu_item(3, available=True))
    update = api.patch("/api/menu-items/3").respond(200, json=menu_item(3, available=False))

    client.post("/manage/menu/3/toggle/available")

    assert json.loads(update.calls.last.request.read()) == {"available": False}


def test_manager_features_a_dish_and_other_fields_cannot_be_flipped(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/menu-items/3").respond(200, json=menu_item(3, featured=False))
    update = api.patch("/api/menu-items/3").respond(200, json=menu_item(3, featured=True))

    client.post("/manage/menu/3/toggle/featured")
    client.post("/manage/menu/3/toggle/price")

    assert update.call_count == 1
    assert json.loads(update.calls.last.request.read()) == {"featured": True}


def test_deleting_a_category_in_use_shows_the_api_reason(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/categories/1").respond(200, json={"id": 1, "slug": "mains", "title": "Mains"})
    api.delete("/api/categories/1").respond(409, json={"detail": "The category still has dishes."})
    api.get("/api/categories").respond(200, json=CATEGORIES)

    response = client.post("/manage/categories/1/delete", follow=True)

    assert "The category still has dishes." in response.content.decode()


def test_manager_adds_crew_by_username(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    add = api.post("/api/groups/delivery-crew/users").respond(
        201, json=user(5, "ben", groups=["delivery-crew"])
    )

    response = client.post("/manage/staff", {"group": "delivery-crew", "username": "ben"})

    assert response.status_code == 302
    assert json.loads(add.calls.last.request.read()) == {"username": "ben"}


def test_adding_an_unknown_user_says_so_next_to_the_username(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.post("/api/groups/manager/users").respond(
        400, json={"detail": "Invalid input.", "username": ["No user named nobody."]}
    )
    api.get("/api/groups/manager/users").respond(200, json=[])
    api.get("/api/groups/delivery-crew/users").respond(200, json=CREW)

    response = client.post("/manage/staff", {"group": "manager", "username": "nobody"})

    assert response.status_code == 400
    assert "No user named nobody." in response.content.decode()


def test_manager_removes_a_crew_member(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    remove = api.delete("/api/groups/delivery-crew/users/2").respond(200, json=CREW[0])

    client.post("/manage/staff/delivery-crew/2/remove", {"username": "crew"})

    assert remove.called


def test_manager_assigns_an_order_to_a_rider(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/groups/delivery-crew/users").respond(200, json=CREW)
    update = api.patch("/api/orders/7").respond(200, json=order(7, delivery_crew=2))
    api.get("/api/orders/7").respond(200, json=order(7))

    page = client.get("/orders/7").content.decode()
    response = client.post("/orders/7/assign", {"delivery_crew": "2"})

    assert "Assign a delivery rider" in page
    assert '<option value="2">crew</option>' in page
    assert response.status_code == 302
    assert json.loads(update.calls.last.request.read()) == {"delivery_crew": 2}


def test_assigning_someone_outside_the_crew_is_refused_before_the_api(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/groups/delivery-crew/users").respond(200, json=CREW)
    api.get("/api/orders/7").respond(200, json=order(7))
    update = api.patch("/api/orders/7").respond(200, json=order(7))

    response = client.post("/orders/7/assign", {"delivery_crew": "1"})

    assert response.status_code == 400
    assert not update.called


def test_crew_sees_assigned_orders_and_marks_one_delivered(
    client: Client, api: respx.MockRouter, crew: dict[str, str]
) -> None:
    api.get("/api/orders").respond(
        200, json=paginated([order(7, delivery_crew=2, delivery_crew_username="crew")])
    )
    update = api.patch("/api/orders/7").respond(200, json=order(7, status=True))

    html = client.get("/orders").content.decode()
    response = client.post("/orders/7/delivered", {"from": "list"})

    assert "My deliveries" in html
    assert "Mark delivered" in html
    assert response["Location"] == "/orders"
    assert json.loads(update.calls.last.request.read()) == {"status": True}
