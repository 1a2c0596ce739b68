"""The web tests' fakes are answers the real API can give (its OpenAPI document says so)."""

from __future__ import annotations

import json

import pytest
from api_contract import Answer, ApiContract
from web_fakes import booking, make_jwt, menu_item, order, paginated, user


def _answer(method: str, path: str, status: int, body: object) -> Answer:
    return Answer(method, path, status, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("GET", "/api/menu-items", 200, paginated([menu_item(1), menu_item(2)])),
        ("GET", "/api/menu-items/1", 200, menu_item(1)),
        ("GET", "/api/orders", 200, paginated([order(1)])),
        ("GET", "/api/orders/1", 200, order(1)),
        ("GET", "/auth/users/me/", 200, user(3)),
        ("GET", "/api/groups/delivery-crew/users", 200, [user(2, "crew")]),
        ("POST", "/auth/jwt/create/", 200, {"access": make_jwt("a", [], 1), "refresh": "r"}),
        ("GET", "/bookings/bk-1", 200, booking()),
        ("GET", "/bookings", 200, {"results": [booking()]}),
    ],
)
def test_the_shared_fakes_are_answers_the_api_documents(
    api_contract: ApiContract, method: str, path: str, status: int, body: object
) -> None:
    assert api_contract.problems(_answer(method, path, status, body)) == []


def test_a_fake_missing_a_required_field_breaks_the_contract(api_contract: ApiContract) -> None:
    item = menu_item(1)
    del item["category_title"]

    problems = api_contract.problems(_answer("GET", "/api/menu-items/1", 200, item))

    assert problems == ["GET /api/menu-items/1 -> 200: $: 'category_title' is a required property"]


def test_a_fake_with_a_wrong_type_or_an_undocumented_status_breaks_the_contract(
    api_contract: ApiContract,
) -> None:
    wrong_type = api_contract.problems(_answer("GET", "/api/orders/1", 200, order(1, user="3")))
    undocumented = api_contract.problems(_answer("DELETE", "/api/cart/1", 201, {}))
    unknown_path = api_contract.problems(_answer("GET", "/api/dishes", 200, []))
    bad_booking = api_contract.problems(_answer("GET", "/bookings/bk-1", 200, {"id": "bk-1"}))

    assert wrong_type == ["GET /api/orders/1 -> 200: $.user: '3' is not of type 'integer'"]
    assert undocumented
    assert "status not documented" in undocumented[0]
    assert unknown_path == ["GET /api/dishes -> 200: the API has no such path"]
    assert bad_booking
    assert "validation error" in bad_booking[0]


def test_nullable_fields_accept_null_and_their_type_only(api_contract: ApiContract) -> None:
    assigned = order(1, delivery_crew=2, delivery_crew_username="crew")
    wrong = order(1, delivery_crew="crew")

    assert api_contract.problems(_answer("GET", "/api/orders/1", 200, assigned)) == []
    assert api_contract.problems(_answer("GET", "/api/orders/1", 200, order(1))) == []
    assert api_contract.problems(_answer("GET", "/api/orders/1", 200, wrong))


def test_operations_the_issue_adds_are_allowed_only_until_the_document_has_them(
    api_contract: ApiContract,
) -> None:
    pending = _answer("GET", "/api/users", 200, paginated([]))
    unknown = _answer("GET", "/api/user-list", 200, paginated([]))
    gateway = _answer("GET", "/bookings", 404, {"message": "Not Found"})

    documented = {template for _, template, _ in api_contract.paths}
    assert api_contract.problems(unknown) == ["GET /api/user-list -> 200: the API has no such path"]
    assert api_contract.problems(gateway) == []
    if "/api/users" in documented:  # the API side is merged: its answers are checked
        assert api_contract.problems(_answer("GET", "/api/users", 200, {"results": 1})) != []
    else:
        assert api_contract.problems(pending) == []
