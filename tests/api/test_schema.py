"""The OpenAPI document against the running API: schemathesis generates requests per operation.

Bounded (a fixed number of examples per operation, derandomized) so the run is reproducible and
short. Every response must be no 5xx, have a documented status code, and match its schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from rest_framework.test import APIClient
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from littlelemon.api.core.demo import demo_seed
from tests.api.conftest import bearer

MAX_EXAMPLES = 10
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


def _openapi_document() -> dict[str, Any]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    parsed: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(document))
    return parsed


# The bookings routes are documented here but served by the bookings functions (tested
# against their own handlers in tests/bookings), so requests for them skip Django.
schema = schemathesis.from_dict(_openapi_document(), app=get_wsgi_application()).exclude(
    path_regex="^/bookings"
)
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_schema_endpoint_serves_the_same_document(api_client: APIClient) -> None:
    response = api_client.get("/api/schema/?format=json")
    assert response.status_code == 200
    served = json.loads(response.content)
    assert served["paths"].keys() == _openapi_document()["paths"].keys()
    assert "jwtAuth" in served["components"]["securitySchemes"]


def test_every_route_of_the_contract_is_documented() -> None:
    paths = _openapi_document()["paths"]
    for path in [
        "/health",
        "/.well-known/jwks.json",
        "/.well-known/openid-configuration",
        "/api/menu-items",
        "/api/menu-items/{id}",
        "/api/categories",
        "/api/categories/{id}",
        "/api/groups/{group}/users",
        "/api/groups/{group}/users/{user_id}",
        "/api/cart",
        "/api/cart/{id}",
        "/api/orders",
        "/api/orders/{id}",
        "/auth/users/",
        "/auth/users/me/",
        "/auth/jwt/create/",
        "/auth/jwt/refresh/",
        "/auth/jwt/verify/",
        "/auth/jwt/logout/",
        "/auth/users/reset_password/",
        "/auth/users/reset_password_confirm/",
        "/auth/users/set_password/",
        "/api/menu-items/{id}/image",
        "/api/users",
    ]:
        assert path in paths, path


def test_the_five_bookings_routes_are_documented_as_the_gateway_routes_them() -> None:
    from littlelemon.gateway.routes import ROUTES

    paths = _openapi_document()["paths"]
    routed = {
        (route.method.lower(), route.path) for route in ROUTES if route.path.startswith("/bookings")
    }
    documented = {
        (method, path)
        for path, item in paths.items()
        if path.startswith("/bookings")
        for method in item
    }
    assert len(routed) == 5
    assert documented == routed
    assert paths["/bookings"]["post"]["security"] == [{"jwtAuth": []}]
    create = paths["/bookings"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert create == {"$ref": "#/components/schemas/BookingCreate"}


def test_contract_enums_are_named_in_the_schema() -> None:
    schemas = _openapi_document()["components"]["schemas"]
    assert schemas["MenuItemTag"]["enum"] == [
        "vegetarian",
        "vegan",
        "gluten-free",
        "spicy",
        "contains-nuts",
    ]
    assert schemas["Role"]["enum"] == ["manager", "delivery-crew", "customer"]
    assert schemas["OrderState"]["enum"] == [
        "received",
        "preparing",
        "ready",
        "out_for_delivery",
        "delivered",
        "cancelled",
    ]


@pytest.fixture
def seeded(db: None) -> Iterator[None]:
    """Demo menu in the test transaction; the connection survives the WSGI requests.

    Requests go through Django's real WSGI handler, whose request signals close connections
    that are not in autocommit mode: inside the test transaction that would mark it for
    rollback. Django's own test client disconnects the same handler for the same reason.
    """
    demo_seed(with_users=False)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def customer_authorization(customer: Any) -> str:
    return bearer(customer)


@pytest.fixture
def manager_authorization(manager: Any) -> str:
    return bearer(manager)


def _run(case: Any, authorization: str) -> None:
    response = case.call(headers={"Authorization": authorization})
    case.validate_response(response, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_api_as_customer(case: Any, seeded: None, customer_authorization: str) -> None:
    _run(case, customer_authorization)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_api_as_manager(case: Any, seeded: None, manager_authorization: str) -> None:
    _run(case, manager_authorization)
