"""The menu: filters, search, ordering, pagination, and the rules of managing it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from littlelemon.api.core.exceptions import IN_USE
from littlelemon.api.menu.models import Category, MenuItem
from tests.api.factories import CategoryFactory, MenuItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu() -> dict[str, MenuItem]:
    starters = CategoryFactory(slug="starters", title="Starters")
    mains = CategoryFactory(slug="mains", title="Mains")
    return {
        "salad": MenuItemFactory(
            title="Greek Salad", price=Decimal("12.99"), category=starters, featured=True
        ),
        "bruschetta": MenuItemFactory(title="Bruschetta", price=Decimal("7.99"), category=starters),
        "fish": MenuItemFactory(title="Grilled Fish", price=Decimal("20.00"), category=mains),
    }


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_menu_item_json_has_the_contract_fields(
    menu: dict[str, MenuItem], api_client: APIClient
) -> None:
    body = api_client.get(f"/api/menu-items/{menu['salad'].pk}").json()
    assert body == {
        "id": menu["salad"].pk,
        "title": "Greek Salad",
        "price": "12.99",
        "featured": True,
        "available": True,
        "category": menu["salad"].category_id,
        "category_title": "Starters",
        "description": "",
        "tags": [],
        "image": None,
        "image_thumbnail": None,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=mains", ["Grilled Fish"]),
        ("category=unknown", []),
        ("price=7.99", ["Bruschetta"]),
        ("price_min=8&price_max=20", ["Greek Salad", "Grilled Fish"]),
        ("featured=true", ["Greek Salad"]),
        ("search=salad", ["Greek Salad"]),
        ("search=mains", ["Grilled Fish"]),
        ("ordering=price", ["Bruschetta", "Greek Salad", "Grilled Fish"]),
        ("ordering=-price", ["Grilled Fish", "Greek Salad", "Bruschetta"]),
        ("ordering=title", ["Bruschetta", "Greek Salad", "Grilled Fish"]),
    ],
)
def test_menu_item_list_filters_searches_and_orders(
    menu: dict[str, MenuItem], api_client: APIClient, query: str, expected: list[str]
) -> None:
    assert _titles(api_client.get(f"/api/menu-items?{query}")) == expected


def test_pagination_envelope_page_size_and_cap(api_client: APIClient) -> None:
    MenuItemFactory.create_batch(105)
    first = api_client.get("/api/menu-items?page_size=2").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 105
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    capped = api_client.get("/api/menu-items?page_size=1000").json()
    assert len(capped["results"]) == 100


@pytest.mark.parametrize("page", ["99", "0", "abc"])
def test_a_page_out_of_range_is_404(
    menu: dict[str, MenuItem], api_client: APIClient, page: str
) -> None:
    response = api_client.get(f"/api/menu-items?page={page}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_unavailable_dish_stays_listed_and_can_be_filtered(
    menu: dict[str, MenuItem], manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(manager).patch(
        f"/api/menu-items/{menu['fish'].pk}", {"available": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["available"] is False
    assert _titles(client_for(None).get("/api/menu-items?available=false")) == ["Grilled Fish"]


def test_manager_creates_and_deletes_a_dish(
    menu: dict[str, MenuItem], manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    client = client_for(manager)
    created = client.post(
        "/api/menu-items",
        {
            "title": "Moussaka",
            "price": "18.75",
            "featured": True,
            "category": menu["fish"].category_id,
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["price"] == "18.75"
    dish = MenuItem.objects.get(title="Moussaka")
    assert dish.price == Decimal("18.75")
    assert client.delete(f"/api/menu-items/{dish.pk}").status_code == 204
    assert not MenuItem.objects.filter(pk=dish.pk).exists()


def test_duplicate_title_is_a_field_error(
    menu: dict[str, MenuItem], manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(manager).post(
        "/api/menu-items",
        {"title": "Greek Salad", "price": "1.00", "category": menu["fish"].category_id},
        format="json",
    )
    assert response.status_code == 400
    assert "title" in response.json()
    assert MenuItem.objects.filter(title="Greek Salad").count() == 1


def test_deleting_a_category_with_dishes_is_409(
    menu: dict[str, MenuItem], manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    category = menu["fish"].category
    response = client_for(manager).delete(f"/api/categories/{category.pk}")
    assert response.status_code == 409
    assert response.json() == {"detail": IN_USE, "code": "in_use"}
    assert Category.objects.filter(pk=category.pk).exists()


def test_category_json_and_update(manager: Any, client_for: Callable[[Any], APIClient]) -> None:
    category = CategoryFactory(slug="sides", title="Sides")
    client = client_for(manager)
    assert client.get(f"/api/categories/{category.pk}").json() == {
        "id": category.pk,
        "slug": "sides",
        "title": "Sides",
    }
    updated = client.patch(
        f"/api/categories/{category.pk}", {"title": "Side dishes"}, format="json"
    )
    assert updated.json()["title"] == "Side dishes"
    assert Category.objects.get(pk=category.pk).title == "Side dishes"
