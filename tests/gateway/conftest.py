"""Shared pieces of the gateway tests: a gateway over the echo functions, served on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from littlelemon.gateway.app import Gateway
from littlelemon.gateway.authorizer import JwtAuthorizer
from littlelemon.gateway.invokers import InProcessInvoker, Invoker
from littlelemon.gateway.routes import Function, Route
from littlelemon.gateway.server import bound_port, make_server

FUNCTIONS = (
    Function(name="echo", handler="echo_functions.echo", description="echo"),
    Function(name="inferred", handler="echo_functions.inferred", description="no statusCode"),
    Function(name="malformed", handler="echo_functions.malformed", description="bad result"),
    Function(name="crash", handler="echo_functions.crash", description="raises"),
    Function(name="slow", handler="echo_functions.slow", description="slow", timeout_s=1),
    Function(name="instance", handler="echo_functions.instance", description="which process"),
    Function(name="pause", handler="echo_functions.pause", description="busy for a moment"),
    Function(name="trace", handler="echo_functions.trace", description="trace id"),
)
ROUTES = (
    Route(method="GET", path="/items/{id}", function="echo"),
    Route(method="ANY", path="/echo/{proxy+}", function="echo"),
    Route(method="POST", path="/echo", function="echo"),
    Route(method="GET", path="/secure", function="echo", authorizer="jwt"),
    Route(
        method="GET",
        path="/scoped",
        function="echo",
        authorizer="jwt",
        scopes=("littlelemon/access", "other/scope"),
    ),
    Route(method="GET", path="/inferred", function="inferred"),
    Route(method="GET", path="/malformed", function="malformed"),
    Route(method="GET", path="/crash", function="crash"),
    Route(method="GET", path="/slow", function="slow"),
    Route(method="GET", path="/instance", function="instance"),
    Route(method="GET", path="/pause", function="pause"),
    Route(method="GET", path="/trace", function="trace"),
)


def make_gateway(
    invoker: Invoker | None = None, authorizer: JwtAuthorizer | None = None, **options: object
) -> Gateway:
    return Gateway(
        invoker=invoker or InProcessInvoker(),
        authorizer=authorizer,
        routes=ROUTES,
        functions=FUNCTIONS,
        **options,  # type: ignore[arg-type]
    )


@dataclass
class RunningGateway:
    gateway: Gateway
    url: str


@pytest.fixture
def serve() -> Iterator[object]:
    """Start a gateway on a free loopback port; stopped at the end of the test."""
    started: list[tuple[object, Gateway]] = []

    def start(gateway: Gateway) -> RunningGateway:
        server = make_server(gateway, "127.0.0.1", 0, threads=8)
        threading.Thread(target=server.serve, daemon=True).start()
        started.append((server, gateway))
        return RunningGateway(gateway, f"http://127.0.0.1:{bound_port(server)}")

    yield start
    for server, gateway in started:
        server.stop()  # type: ignore[attr-defined]
        gateway.invoker.close()
