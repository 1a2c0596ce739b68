"""Bad input on every writable endpoint and on query parameters: a clear 4xx, never a 500.

Every error body is JSON with a `detail`; validation errors name the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from littlelemon.api.cart.models import CartLine
from littlelemon.api.core.parsers import (
    BODY_NOT_UTF8,
    BODY_TOO_DEEP,
    JSONParser,
    json_depth_exceeds,
)
from littlelemon.api.menu.models import Category, MenuItem
from littlelemon.api.orders.models import Order
from tests.api.factories import CartLineFactory, CategoryFactory, MenuItemFactory

pytestmark = pytest.mark.django_db

HUGE = 10**30


@pytest.fixture
def ids(customer: Any, crew: Any) -> dict[str, int]:
    dish = MenuItemFactory()
    line = CartLineFactory(user=customer, menuitem=dish, quantity=2)
    order = Order.objects.create(user=customer, total="9.50")
    return {"item": dish.pk, "category": dish.category_id, "line": line.pk, "order": order.pk}


def _assert_error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    body: dict[str, Any] = response.json()
    assert isinstance(body.get("detail"), str)
    assert body["detail"]
    if field is not None:
        assert field in body, body
    return body


# (role, method, path) of every endpoint that reads a JSON body
WRITABLE = [
    ("manager", "post", "/api/menu-items"),
    ("manager", "put", "/api/menu-items/{item}"),
    ("manager", "patch", "/api/menu-items/{item}"),
    ("manager", "post", "/api/categories"),
    ("manager", "put", "/api/categories/{category}"),
    ("manager", "patch", "/api/categories/{category}"),
    ("manager", "post", "/api/groups/delivery-crew/users"),
    ("customer", "post", "/api/cart"),
    ("customer", "patch", "/api/cart/{line}"),
    ("manager", "patch", "/api/orders/{order}"),
    ("anonymous", "post", "/auth/users/"),
    ("anonymous", "post", "/auth/jwt/create/"),
    ("anonymous", "post", "/auth/jwt/refresh/"),
    ("anonymous", "post", "/auth/jwt/verify/"),
    ("customer", "post", "/auth/jwt/logout/"),
]


@pytest.fixture
def as_role(
    customer: Any, manager: Any, client_for: Callable[[Any], APIClient]
) -> Callable[[str], APIClient]:
    users = {"customer": customer, "manager": manager, "anonymous": None}
    return lambda role: client_for(users[role])


@pytest.mark.parametrize(("role", "method", "path"), WRITABLE)
@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"a": NaN}', "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('"text"', "application/json", 400),
        ("title=x", "application/x-www-form-urlencoded", 415),
    ],
    ids=["malformed", "nan", "array", "string", "form"],
)
def test_malformed_bodies_are_4xx(
    as_role: Callable[[str], APIClient],
    ids: dict[str, int],
    role: str,
    method: str,
    path: str,
    raw: str,
    content_type: str,
    status: int,
) -> None:
    client = as_role(role)
    response = getattr(client, method)(path.format(**ids), raw, content_type=content_type)
    _assert_error(response, status)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "A", "price": "abc", "category": None}, "price"),
        ({"title": "A", "price": "-1.00"}, "price"),
        ({"title": "A", "price": "0"}, "price"),
        ({"title": "A", "price": "1.234"}, "price"),
        ({"title": "A", "price": "100000.00"}, "price"),
        ({"title": "A", "price": 1e308}, "price"),
        ({"title": "A", "price": [1]}, "price"),
        ({"title": "", "price": "1.00"}, "title"),
        ({"title": "x" * 201, "price": "1.00"}, "title"),
        ({"title": "A", "price": "1.00", "category": "x"}, "category"),
        ({"title": "A", "price": "1.00", "category": HUGE}, "category"),
        ({"title": "A", "price": "1.00", "category": -1}, "category"),
        ({"title": "A", "price": "1.00", "featured": "maybe"}, "featured"),
        ({"title": "A\x00", "price": "1.00"}, "title"),
        ({"price": "1.00"}, "title"),
    ],
)
def test_menu_item_create_rejects_bad_fields(
    as_role: Callable[[str], APIClient], ids: dict[str, int], body: dict[str, Any], field: str
) -> None:
    body = {"category": ids["category"], **body} if "category" not in body else body
    before = MenuItem.objects.count()
    _assert_error(as_role("manager").post("/api/menu-items", body, format="json"), 400, field)
    assert MenuItem.objects.count() == before


def test_menu_item_put_needs_every_field(
    as_role: Callable[[str], APIClient], ids: dict[str, int]
) -> None:
    response = as_role("manager").put(
        f"/api/menu-items/{ids['item']}", {"title": "X"}, format="json"
    )
    _assert_error(response, 400, "price")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "not a slug!", "title": "T"}, "slug"),
        ({"slug": "s" * 65, "title": "T"}, "slug"),
        ({"slug": "ok", "title": "t" * 121}, "title"),
        ({"title": "T"}, "slug"),
        ({"slug": 5, "title": {"a": 1}}, "title"),
    ],
)
def test_category_create_rejects_bad_fields(
    as_role: Callable[[str], APIClient], body: dict[str, Any], field: str
) -> None:
    before = Category.objects.count()
    _assert_error(as_role("manager").post("/api/categories", body, format="json"), 400, field)
    assert Category.objects.count() == before


def test_duplicate_category_slug_is_400(as_role: Callable[[str], APIClient]) -> None:
    CategoryFactory(slug="mains", title="Mains")
    response = as_role("manager").post(
        "/api/categories", {"slug": "mains", "title": "Other"}, format="json"
    )
    _assert_error(response, 400, "slug")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": 100}, "quantity"),
        ({"quantity": -1}, "quantity"),
        ({"quantity": "two"}, "quantity"),
        ({"quantity": 1.5}, "quantity"),
        ({"quantity": HUGE}, "quantity"),
        ({"quantity": None}, "quantity"),
        ({"quantity": 1, "menuitem": HUGE}, "menuitem"),
        ({"quantity": 1, "menuitem": "1; DROP TABLE"}, "menuitem"),
        ({"quantity": 1, "menuitem": None}, "menuitem"),
        ({}, "quantity"),
    ],
)
def test_cart_add_rejects_bad_fields(
    as_role: Callable[[str], APIClient], ids: dict[str, int], body: dict[str, Any], field: str
) -> None:
    body = {"menuitem": ids["item"], **body} if "menuitem" not in body else body
    _assert_error(as_role("customer").post("/api/cart", body, format="json"), 400, field)
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [2]


@pytest.mark.parametrize("quantity", [-1, 100, "x", None, HUGE, True])
def test_cart_patch_rejects_bad_quantities(
    as_role: Callable[[str], APIClient], ids: dict[str, int], quantity: Any
) -> None:
    response = as_role("customer").patch(
        f"/api/cart/{ids['line']}", {"quantity": quantity}, format="json"
    )
    _assert_error(response, 400, "quantity")
    assert CartLine.objects.get(pk=ids["line"]).quantity == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"status": [True]}, "status"),
        ({"delivery_crew": "x"}, "delivery_crew"),
        ({"delivery_crew": HUGE}, "delivery_crew"),
        ({"delivery_crew": -5}, "delivery_crew"),
    ],
)
def test_order_patch_rejects_bad_fields(
    as_role: Callable[[str], APIClient], ids: dict[str, int], body: dict[str, Any], field: str
) -> None:
    response = as_role("manager").patch(f"/api/orders/{ids['order']}", body, format="json")
    _assert_error(response, 400, field)
    order = Order.objects.get(pk=ids["order"])
    assert (order.status, order.delivery_crew_id) == (False, None)


def test_checkout_ignores_a_body_and_still_refuses_an_empty_cart(
    other_customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(other_customer).post(
        "/api/orders", "{garbage", content_type="application/json"
    )
    _assert_error(response, 400)
    assert not Order.objects.filter(user=other_customer).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "username"), ({"username": "u" * 151}, "username"), ({"username": ["a"]}, "username")],
)
def test_group_add_rejects_bad_fields(
    as_role: Callable[[str], APIClient], body: dict[str, Any], field: str
) -> None:
    response = as_role("manager").post("/api/groups/delivery-crew/users", body, format="json")
    _assert_error(response, 400, field)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "n", "password": "123"}, "password"),
        ({"username": "n", "password": "password"}, "password"),
        ({"password": "a-long-and-fine-passphrase"}, "username"),
        ({"username": "n", "password": "a-long-and-fine-passphrase", "email": "nope"}, "email"),
        ({"username": "bad name!", "password": "a-long-and-fine-passphrase"}, "username"),
        # NFKC would store "¼" with a fraction slash (U+2044), which the username rule forbids
        ({"username": "quarter\u00bc", "password": "a-long-and-fine-passphrase"}, "username"),
    ],
)
def test_sign_up_rejects_bad_fields(
    api_client: APIClient, body: dict[str, Any], field: str
) -> None:
    _assert_error(api_client.post("/auth/users/", body, format="json"), 400, field)


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/auth/jwt/create/", {}, 400),
        ("/auth/jwt/create/", {"username": ["x"], "password": 1}, 400),
        ("/auth/jwt/refresh/", {}, 400),
        ("/auth/jwt/refresh/", {"refresh": "garbage"}, 401),
        ("/auth/jwt/verify/", {"token": "garbage"}, 401),
    ],
)
def test_token_endpoints_reject_bad_bodies(
    api_client: APIClient, path: str, body: dict[str, Any], status: int
) -> None:
    _assert_error(api_client.post(path, body, format="json"), status)


def test_logout_with_a_garbage_token_is_401(as_role: Callable[[str], APIClient]) -> None:
    response = as_role("customer").post("/auth/jwt/logout/", {"refresh": "garbage"}, format="json")
    _assert_error(response, 401)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/menu-items?price=abc", 400),
        ("/api/menu-items?price=1e400", 400),
        ("/api/menu-items?price=123456789", 400),
        ("/api/menu-items?price_min=NaN", 400),
        ("/api/menu-items?category=" + "c" * 65, 400),
        ("/api/menu-items?search=" + "s" * 101, 400),
        ("/api/menu-items?search=%00", 400),
        ("/api/menu-items?category=%00", 400),
        ("/api/menu-items?page=-1", 404),
        ("/api/menu-items?page=99999999999999999999999", 404),
        ("/api/menu-items/99999999999999999999999", 404),
        ("/api/categories/99999999999999999999999", 404),
        ("/api/orders?delivery_crew=abc", 400),
        ("/api/orders/99999999999999999999999", 404),
        ("/api/nowhere", 404),
    ],
)
def test_bad_query_parameters_and_ids_are_4xx(
    as_role: Callable[[str], APIClient], path: str, status: int
) -> None:
    _assert_error(as_role("manager").get(path), status)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/menu-items?ordering=password", "ordering"),
        ("/api/menu-items?ordering=price,,title", "ordering"),
        ("/api/menu-items?ordering=", "ordering"),
        ("/api/menu-items?featured=maybe", "featured"),
        ("/api/menu-items?available=yes", "available"),
        ("/api/orders?status=maybe", "status"),
        ("/api/orders?ordering=colour", "ordering"),
        ("/api/menu-items?page_size=-5", "page_size"),
        ("/api/menu-items?page_size=abc", "page_size"),
        ("/api/menu-items?page_size=0", "page_size"),
        ("/api/orders?delivery_crew=99999999999999999999", "delivery_crew"),
        ("/api/orders?delivery_crew=1.5", "delivery_crew"),
    ],
)
def test_malformed_optional_query_parameters_are_400_naming_the_parameter(
    as_role: Callable[[str], APIClient], path: str, field: str
) -> None:
    _assert_error(as_role("manager").get(path), 400, field)


@pytest.mark.parametrize(
    "path",
    [
        "/api/menu-items?ordering=-price,title",
        "/api/menu-items?featured=true&available=0",
        "/api/orders?status=false&ordering=-created_at",
        "/api/menu-items?page_size=100",
        "/api/menu-items?page_size=1000",  # capped at 100, as the original API did
    ],
)
def test_well_formed_optional_query_parameters_are_accepted(
    as_role: Callable[[str], APIClient], path: str
) -> None:
    assert as_role("manager").get(path).status_code == 200


def test_a_huge_cart_line_id_is_404(as_role: Callable[[str], APIClient]) -> None:
    response = as_role("customer").patch(f"/api/cart/{HUGE}", {"quantity": 1}, format="json")
    _assert_error(response, 404)


def test_an_unsupported_method_is_405_with_detail(as_role: Callable[[str], APIClient]) -> None:
    _assert_error(as_role("customer").put("/api/cart", {}, format="json"), 405)


def test_an_oversize_body_is_4xx(as_role: Callable[[str], APIClient], settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"title": "' + "x" * 4096 + '"}'
    response = as_role("manager").post("/api/categories", body, content_type="application/json")
    _assert_error(response, 400)


DEEP = 100_000


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("anonymous", "/auth/jwt/create/"),
        ("anonymous", "/auth/users/"),
        ("customer", "/api/cart"),
        ("manager", "/api/menu-items"),
    ],
)
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_json_nested_100000_deep_is_400_not_a_recursion_error(
    as_role: Callable[[str], APIClient], role: str, path: str, opener: str
) -> None:
    closer = "]" if opener == "[" else "}"
    body = opener * DEEP + "1" + closer * DEEP
    body_too_deep = _assert_error(
        as_role(role).post(path, body, content_type="application/json"), 400
    )
    assert body_too_deep["detail"] == BODY_TOO_DEEP


def test_brackets_inside_strings_do_not_count_as_nesting(
    as_role: Callable[[str], APIClient], ids: dict[str, int]
) -> None:
    title = "[" * 500 + "{" * 500
    response = as_role("manager").post(
        "/api/categories", {"slug": "brackets", "title": title[:120]}, format="json"
    )
    assert response.status_code == 201, response.content


def test_the_depth_scanner_counts_only_real_nesting() -> None:
    assert not json_depth_exceeds('{"a": "[[[[[[[[[["}', 3)
    assert not json_depth_exceeds('{"a": "\\"[[[[[[[[["}', 3)
    assert json_depth_exceeds('{"a": [[[1]]]}', 3)
    assert not json_depth_exceeds('{"a": [[1]], "b": [[2]]}', 3)


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("manager", "post", "/api/categories"),
        ("anonymous", "post", "/auth/users/"),
        ("anonymous", "post", "/auth/jwt/create/"),
    ],
)
def test_a_body_that_is_not_utf8_is_400_and_nothing_is_stored(
    as_role: Callable[[str], APIClient], role: str, method: str, path: str
) -> None:
    body = b'{"slug": "caf", "title": "Caf\xe9", "username": "caf\xe9", "password": "x-Long-42!"}'
    before = (Category.objects.count(), get_user_model().objects.count())
    response = getattr(as_role(role), method)(path, body, content_type="application/json")
    _assert_error(response, 400)
    assert (Category.objects.count(), get_user_model().objects.count()) == before


def test_the_parser_names_invalid_utf8() -> None:
    from io import BytesIO

    from rest_framework.exceptions import ParseError

    with pytest.raises(ParseError) as raised:
        JSONParser().parse(BytesIO(b'{"title": "Caf\xe9"}'))
    assert str(raised.value.detail) == BODY_NOT_UTF8


def test_a_lone_surrogate_in_a_login_username_is_400(
    as_role: Callable[[str], APIClient], settings: Any
) -> None:
    settings.API_THROTTLE_RATES = {"login": "20/min"}  # the throttle hashes the username
    body = '{"username": "\\ud800abc", "password": "x"}'
    response = as_role("anonymous").post("/auth/jwt/create/", body, content_type="application/json")
    _assert_error(response, 400, "username")


def test_a_login_username_with_a_nul_is_400(as_role: Callable[[str], APIClient]) -> None:
    body = {"username": "cust\x00omer", "password": "x"}
    response = as_role("anonymous").post("/auth/jwt/create/", body, format="json")
    _assert_error(response, 400, "username")
