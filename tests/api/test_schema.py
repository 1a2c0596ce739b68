"""The OpenAPI document against the running API: schemathesis generates requests per operation.

Every role (anonymous, customer, crew, manager) in both modes: positive (valid requests per the
schema) and negative (requests the schema says are invalid, which must be refused with a 4xx).
Every check of schemathesis must pass, not only "no 5xx": documented status codes, content
types, headers and bodies, negative data rejected, authentication not ignored. Bounded (a fixed
number of examples per operation, derandomized) so the run is reproducible and short: fewer
examples on MariaDB and PostgreSQL, where each request costs more.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from rest_framework.test import APIClient
from schemathesis import DataGenerationMethod
from schemathesis.checks import ALL_CHECKS
from schemathesis.specs.openapi.checks import ignored_auth

from littlelemon.api.core.demo import demo_seed
from tests.api.conftest import bearer

ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
MAX_EXAMPLES = 10 if ON_SQLITE else 3


def ignored_auth_unless_optional(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis's ignored_auth, on operations whose token is required.

    Schemathesis 3.x ignores the empty alternative `{}` that makes a token optional (public
    GETs, sign-up) and reports their anonymous answers as "auth not enforced": its issue
    #3052, fixed in 4.x (https://github.com/schemathesis/schemathesis/issues/3052). The
    anonymous role's runs check those operations answer without a token.
    """
    security = case.operation.definition.raw.get("security") or []
    if {} in security:
        return None
    return ignored_auth(ctx, response, case)


CHECKS = tuple(ignored_auth_unless_optional if c is ignored_auth else c for c in ALL_CHECKS)
ROLES = ("anonymous", "customer", "crew", "manager")
MODES = (DataGenerationMethod.positive, DataGenerationMethod.negative)
# Requests sent and check failures seen, printed at the end of the run (docs/api.md quotes it).
TALLY = {"requests": 0, "failures": 0}


def _openapi_document() -> dict[str, Any]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    parsed: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(document))
    return parsed


schema = schemathesis.from_dict(_openapi_document(), app=get_wsgi_application())
# The token of the role under test; the auth provider below puts it into every case, so
# schemathesis knows the auth is explicit (and can take it away for ignored_auth).
ROLE_AUTHORIZATION: dict[str, str | None] = {"value": None}


@schema.hook("filter_query")
def _sent_as_generated(context: Any, query: dict[str, Any] | None) -> bool:
    """Drop generated queries whose values vanish on the wire.

    A parameter whose value is an empty list is not sent at all (requests serialises it to
    nothing), so a "negative" case made of one unknown parameter with `[]` reaches the API as
    a valid request, and its 200 would be reported as accepted negative data.
    """
    return not query or all(value != [] for value in query.values())


@schema.auth()
class RoleAuth:
    def get(self, case: Any, context: Any) -> str | None:
        return ROLE_AUTHORIZATION["value"]

    def set(self, case: Any, data: str | None, context: Any) -> None:
        headers = dict(case.headers or {})
        headers.pop("Authorization", None)
        if data:
            headers["Authorization"] = data
        case.headers = headers


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
    ]:
        assert path in paths, path


def test_each_operation_documents_exactly_the_query_parameters_it_accepts() -> None:
    """The unknown-parameter check and the OpenAPI document read the same view attributes."""
    import re

    from django.urls import resolve

    from littlelemon.api.core.querystrings import accepted_query_parameters

    for path, operations in _openapi_document()["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: "manager" if m[1] == "group" else "1", path)
        view = resolve(concrete).func
        for method, operation in operations.items():
            documented = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            accepted = accepted_query_parameters(view, method.upper())
            assert accepted is not None, path
            assert documented == accepted, f"{method.upper()} {path}"


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
def authorization(request: pytest.FixtureRequest, seeded: None) -> str | None:
    """The Authorization header of the role under test (None: anonymous)."""
    role: str = request.getfixturevalue("role")
    value = None if role == "anonymous" else bearer(request.getfixturevalue(role))
    ROLE_AUTHORIZATION["value"] = value
    return value


@pytest.fixture(scope="module", autouse=True)
def _report_tally() -> Iterator[None]:
    yield
    print(f"\n[schemathesis] {TALLY['requests']} requests, {TALLY['failures']} check failures")


def _run(case: Any, authorization: str | None) -> None:
    response = case.call()
    TALLY["requests"] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception:
        TALLY["failures"] += 1
        raise


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize(data_generation_methods=MODES)
@HYPOTHESIS
def test_api_conforms_to_its_schema(case: Any, role: str, authorization: str | None) -> None:
    _run(case, authorization)
