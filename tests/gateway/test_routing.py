"""Route selection follows API Gateway's precedence rules."""

from __future__ import annotations

from littlelemon.gateway.routes import ROUTES, Route
from littlelemon.gateway.routing import match_route

TABLE = (
    Route(method="GET", path="/bookings/availability", function="literal"),
    Route(method="GET", path="/bookings/{id}", function="param"),
    Route(method="ANY", path="/bookings/{id}", function="any-param"),
    Route(method="GET", path="/files/{proxy+}", function="greedy"),
    Route(method="ANY", path="$default", function="default"),
)


def test_literal_segment_beats_a_path_parameter() -> None:
    match = match_route(TABLE, "GET", "/bookings/availability")
    assert match is not None
    assert match.route.function == "literal"


def test_exact_method_beats_any_and_captures_the_parameter() -> None:
    match = match_route(TABLE, "GET", "/bookings/b-42")
    assert match is not None
    assert (match.route.function, match.path_parameters) == ("param", {"id": "b-42"})
    other = match_route(TABLE, "DELETE", "/bookings/b-42")
    assert other is not None
    assert other.route.function == "any-param"


def test_path_parameters_are_percent_decoded() -> None:
    match = match_route(TABLE, "GET", "/bookings/a%20b")
    assert match is not None
    assert match.path_parameters == {"id": "a b"}


def test_greedy_variable_takes_the_rest_of_the_path() -> None:
    match = match_route(TABLE, "GET", "/files/a/b/c.png")
    assert match is not None
    assert (match.route.function, match.path_parameters) == ("greedy", {"proxy": "a/b/c.png"})


def test_unmatched_paths_fall_back_to_default() -> None:
    for method, path in (
        ("GET", "/api/menu-items"),
        ("GET", "/bookings/1/extra"),
        ("POST", "/files/x"),
    ):
        match = match_route(TABLE, method, path)
        assert match is not None
        assert match.route.function == "default"


def test_without_default_route_nothing_matches() -> None:
    assert match_route(TABLE[:-1], "GET", "/nowhere") is None


def test_project_routes_send_bookings_to_their_functions_and_the_rest_to_the_api() -> None:
    def target(method: str, path: str) -> str:
        match = match_route(ROUTES, method, path)
        assert match is not None
        return match.route.function

    assert target("GET", "/bookings/availability") == "bookings-availability"
    assert target("POST", "/bookings") == "bookings-create"
    assert target("GET", "/bookings") == "bookings-list"
    assert target("GET", "/bookings/01J") == "bookings-get"
    assert target("DELETE", "/bookings/01J") == "bookings-cancel"
    assert target("PATCH", "/bookings/01J") == "bookings-status"
    assert target("PUT", "/bookings/01J") == "api"
    assert target("GET", "/api/menu-items") == "api"
