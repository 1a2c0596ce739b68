"""The one route table of the HTTP API, read by the local emulator and by the CDK stack.

Nothing here imports Django or AWS libraries: the infrastructure code imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from littlelemon.contract.claims import ACCESS_SCOPE

Authorizer = Literal["jwt"]
DEFAULT_ROUTE = "$default"


@dataclass(frozen=True, kw_only=True)
class Function:
    """One Lambda function: where its handler lives and how it is sized."""

    name: str
    handler: str  # "package.module.attribute", as Lambda's handler setting spells it
    description: str
    memory_mb: int = 256
    timeout_s: int = 10
    in_vpc: bool = False  # only functions that reach the database live in the VPC


@dataclass(frozen=True, kw_only=True)
class Route:
    """One HTTP API route: `METHOD /path` (or `$default`) to a function."""

    method: str  # GET, POST, PUT, PATCH, DELETE or ANY
    path: str  # "/bookings/{id}", "/api/{proxy+}" or "$default"
    function: str
    authorizer: Authorizer | None = None
    # API Gateway's authorization scopes: the token's `scope` (or `scp`) must hold at least
    # one of them, or the gateway answers 403 (only access tokens carry ACCESS_SCOPE).
    scopes: tuple[str, ...] = ()

    @property
    def route_key(self) -> str:
        """The key API Gateway uses for the route, e.g. `GET /bookings` or `$default`."""
        if self.path == DEFAULT_ROUTE:
            return DEFAULT_ROUTE
        return f"{self.method} {self.path}"


FUNCTIONS: tuple[Function, ...] = (
    Function(
        name="api",
        handler="littlelemon.runtime.api.handler",
        description="Django REST API (menu, cart, orders, accounts)",
        memory_mb=1024,  # more memory buys proportionally more CPU: faster cold starts
        timeout_s=29,  # the HTTP API integration timeout is 30 s
        in_vpc=True,
    ),
    Function(
        name="manage",
        handler="littlelemon.runtime.manage.handler",
        description="Allowlisted Django management commands (migrate on deploy)",
        memory_mb=1024,
        timeout_s=300,
        in_vpc=True,
    ),
    Function(
        name="bookings-availability",
        handler="littlelemon.bookings.handlers.availability.handler",
        description="Free seats per slot for a date",
    ),
    Function(
        name="bookings-create",
        handler="littlelemon.bookings.handlers.create.handler",
        description="Book a table (transactional, idempotent)",
    ),
    Function(
        name="bookings-list",
        handler="littlelemon.bookings.handlers.list.handler",
        description="The caller's bookings; managers: all of a date",
    ),
    Function(
        name="bookings-get",
        handler="littlelemon.bookings.handlers.get.handler",
        description="One booking",
    ),
    Function(
        name="bookings-cancel",
        handler="littlelemon.bookings.handlers.cancel.handler",
        description="Cancel a booking and free its seats",
    ),
    Function(
        name="bookings-status",
        handler="littlelemon.bookings.handlers.status.handler",
        description="Managers: mark a booking seated, no-show or cancelled",
    ),
)

ACCESS = (ACCESS_SCOPE,)

ROUTES: tuple[Route, ...] = (
    Route(
        method="GET",
        path="/bookings/availability",
        function="bookings-availability",
        authorizer="jwt",
        scopes=ACCESS,
    ),
    Route(
        method="POST", path="/bookings", function="bookings-create", authorizer="jwt", scopes=ACCESS
    ),
    Route(
        method="GET", path="/bookings", function="bookings-list", authorizer="jwt", scopes=ACCESS
    ),
    Route(
        method="GET",
        path="/bookings/{id}",
        function="bookings-get",
        authorizer="jwt",
        scopes=ACCESS,
    ),
    Route(
        method="DELETE",
        path="/bookings/{id}",
        function="bookings-cancel",
        authorizer="jwt",
        scopes=ACCESS,
    ),
    Route(
        method="PATCH",
        path="/bookings/{id}",
        function="bookings-status",
        authorizer="jwt",
        scopes=ACCESS,
    ),
    # Everything else is the Django API: /api/..., /auth/..., /health, /.well-known/...,
    # /admin/..., /static/...; Django answers its own 404s.
    Route(method="ANY", path=DEFAULT_ROUTE, function="api"),
)


def function_named(name: str) -> Function:
    """The function called `name`; KeyError names the unknown function."""
    for function in FUNCTIONS:
        if function.name == name:
            return function
    raise KeyError(f"no function named {name!r}")


def routed_functions() -> tuple[Function, ...]:
    """Functions that serve at least one route (the management function serves none)."""
    used = {route.function for route in ROUTES}
    return tuple(function for function in FUNCTIONS if function.name in used)
