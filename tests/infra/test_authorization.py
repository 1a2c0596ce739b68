"""The bookings routes as synthesized demand the access scope (refresh tokens get 403)."""

from __future__ import annotations

from infra_support import Synthesized

from littlelemon.contract.claims import ACCESS_SCOPE
from littlelemon.gateway.routes import ROUTES


def test_every_jwt_route_requires_the_access_scope_and_the_default_route_none(
    synthesized: Synthesized,
) -> None:
    routes = [
        resource["Properties"]
        for template in synthesized.templates
        for resource in synthesized.template_json(template)["Resources"].values()
        if resource["Type"] == "AWS::ApiGatewayV2::Route"
    ]
    jwt_routes = [route for route in routes if route.get("AuthorizationType") == "JWT"]
    # every route of the route table that names the authorizer, and no other
    expected = sorted(route.route_key for route in ROUTES if route.authorizer == "jwt")
    assert sorted(route["RouteKey"] for route in jwt_routes) == expected
    assert len(expected) >= 6  # the six bookings routes
    for route in jwt_routes:
        assert route["AuthorizationScopes"] == [ACCESS_SCOPE], route["RouteKey"]
    (default,) = [route for route in routes if route["RouteKey"] == "$default"]
    assert "AuthorizationScopes" not in default
