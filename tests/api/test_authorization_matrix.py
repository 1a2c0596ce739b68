"""Every endpoint x {anonymous, customer, other customer, crew, manager, admin}: the status code.

One world per test: `customer` has a cart line and an order assigned to `crew`; `other` is a
second customer with an empty cart; the category `empty` has no dishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.test import APIClient

from littlelemon.api.accounts.tokens import RefreshToken
from littlelemon.api.orders.models import Order, OrderItem
from tests.api.factories import PASSWORD, CartLineFactory, CategoryFactory, MenuItemFactory

ROLES = ("anonymous", "customer", "other", "crew", "manager", "admin")


@dataclass
class World:
    users: dict[str, Any]
    ids: dict[str, int]


@pytest.fixture
def world(customer: Any, other_customer: Any, crew: Any, manager: Any, admin_user: Any) -> World:
    item = MenuItemFactory(title="Greek Salad")
    empty = CategoryFactory(slug="empty", title="Empty")
    line = CartLineFactory(user=customer, menuitem=item, quantity=2)
    order = Order.objects.create(user=customer, delivery_crew=crew, total="19.00")
    OrderItem.objects.create(
        order=order,
        menuitem=item,
        menuitem_name=item.title,
        quantity=2,
        unit_price="9.50",
        price="19.00",
    )
    return World(
        users={
            "anonymous": None,
            "customer": customer,
            "other": other_customer,
            "crew": crew,
            "manager": manager,
            "admin": admin_user,
        },
        ids={
            "item": item.pk,
            "category": item.category_id,
            "empty": empty.pk,
            "line": line.pk,
            "order": order.pk,
            "crew": crew.pk,
        },
    )


Body = Callable[[World, str], Any]


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    expected: tuple[int, int, int, int, int, int]  # in the order of ROLES
    body: Body | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _refresh_of(world: World, role: str) -> dict[str, str]:
    user = world.users[role] or world.users["customer"]
    return {"refresh": str(RefreshToken.for_user(user))}


def _access_of(world: World, role: str) -> dict[str, str]:
    return {"token": str(RefreshToken.for_user(world.users["customer"]).access_token)}


ALL_200 = (200, 200, 200, 200, 200, 200)
MANAGERS_ONLY_READ = (401, 403, 403, 403, 200, 200)

CASES = [
    Case("get", "/health", ALL_200),
    Case("get", "/health?deep=1", ALL_200),
    Case("get", "/.well-known/jwks.json", ALL_200),
    Case("get", "/.well-known/openid-configuration", ALL_200),
    Case("get", "/api/schema/", ALL_200),
    Case("get", "/api/docs/", ALL_200),
    # menu
    Case("get", "/api/menu-items", ALL_200),
    Case("get", "/api/menu-items/{item}", ALL_200),
    Case(
        "post",
        "/api/menu-items",
        (401, 403, 403, 403, 201, 201),
        lambda w, r: {"title": "Moussaka", "price": "18.75", "category": w.ids["category"]},
    ),
    Case(
        "put",
        "/api/menu-items/{item}",
        MANAGERS_ONLY_READ,
        lambda w, r: {
            "title": "Greek Salad",
            "price": "13.50",
            "featured": True,
            "available": True,
            "category": w.ids["category"],
        },
    ),
    Case("patch", "/api/menu-items/{item}", MANAGERS_ONLY_READ, lambda w, r: {"price": "13.50"}),
    Case("delete", "/api/menu-items/{item}", (401, 403, 403, 403, 204, 204)),
    Case("get", "/api/categories", ALL_200),
    Case("get", "/api/categories/{category}", ALL_200),
    Case(
        "post",
        "/api/categories",
        (401, 403, 403, 403, 201, 201),
        lambda w, r: {"slug": "drinks", "title": "Drinks"},
    ),
    Case(
        "put",
        "/api/categories/{empty}",
        MANAGERS_ONLY_READ,
        lambda w, r: {"slug": "sides", "title": "Sides"},
    ),
    Case("patch", "/api/categories/{empty}", MANAGERS_ONLY_READ, lambda w, r: {"title": "Sides"}),
    Case("delete", "/api/categories/{empty}", (401, 403, 403, 403, 204, 204)),
    # groups
    Case("get", "/api/groups/manager/users", MANAGERS_ONLY_READ),
    Case("get", "/api/groups/delivery-crew/users", MANAGERS_ONLY_READ),
    Case(
        "post",
        "/api/groups/delivery-crew/users",
        (401, 403, 403, 403, 201, 201),
        lambda w, r: {"username": "other"},
    ),
    Case(
        "post",
        "/api/groups/manager/users",
        (401, 403, 403, 403, 201, 201),
        lambda w, r: {"username": "other"},
    ),
    Case("delete", "/api/groups/delivery-crew/users/{crew}", MANAGERS_ONLY_READ),
    # cart
    Case("get", "/api/cart", (401, 200, 200, 403, 403, 403)),
    Case(
        "post",
        "/api/cart",
        (401, 201, 201, 403, 403, 403),
        lambda w, r: {"menuitem": w.ids["item"], "quantity": 1},
    ),
    Case("delete", "/api/cart", (401, 204, 204, 403, 403, 403)),
    Case("patch", "/api/cart/{line}", (401, 200, 404, 403, 403, 403), lambda w, r: {"quantity": 3}),
    Case("delete", "/api/cart/{line}", (401, 204, 404, 403, 403, 403)),
    # orders
    Case("get", "/api/orders", (401, 200, 200, 200, 200, 200)),
    Case("post", "/api/orders", (401, 201, 400, 403, 403, 403)),
    Case("get", "/api/orders/{order}", (401, 200, 404, 200, 200, 200)),
    Case(
        "patch",
        "/api/orders/{order}",
        (401, 403, 404, 200, 200, 200),
        lambda w, r: {"status": True},
    ),
    Case(
        "patch",
        "/api/orders/{order}",
        (401, 403, 404, 403, 200, 200),
        lambda w, r: {"delivery_crew": w.ids["crew"]},
    ),
    Case("delete", "/api/orders/{order}", (401, 403, 404, 403, 204, 204)),
    # auth
    Case(
        "post",
        "/auth/users/",
        (201, 201, 201, 201, 201, 201),
        lambda w, r: {"username": "newcomer", "password": PASSWORD, "email": "new@example.com"},
    ),
    Case("get", "/auth/users/me/", (401, 200, 200, 200, 200, 200)),
    Case(
        "post",
        "/auth/jwt/create/",
        ALL_200,
        lambda w, r: {"username": "customer", "password": PASSWORD},
    ),
    Case("post", "/auth/jwt/refresh/", ALL_200, _refresh_of),
    Case("post", "/auth/jwt/verify/", ALL_200, _access_of),
    Case("post", "/auth/jwt/logout/", (401, 204, 204, 204, 204, 204), _refresh_of),
]


def _case_id(case: Case) -> str:
    body = "" if case.body is None else "+body"
    return f"{case.method.upper()} {case.path}{body}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_status_code_per_role(
    case: Case, role: str, world: World, client_for: Callable[[Any], APIClient]
) -> None:
    client = client_for(world.users[role])
    path = case.path.format(**world.ids)
    body = case.body(world, role) if case.body else None
    response = getattr(client, case.method)(path, body, format="json")
    expected = case.expected[ROLES.index(role)]
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert "detail" in response.json()
