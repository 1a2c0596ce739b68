"""The bookings routes as synthesized demand the access scope (refresh tokens get 403)."""

from __future__ import annotations

from infra_support import Synthesized

from littlelemon.contract.claims import ACCESS_SCOPE


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
    assert len(jwt_routes) == 5
    for route in jwt_routes:
        assert route["AuthorizationScopes"] == [ACCESS_SCOPE], route["RouteKey"]
    (default,) = [route for route in routes if route["RouteKey"] == "$default"]
    assert "AuthorizationScopes" not in default
