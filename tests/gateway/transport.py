"""A pytest plugin that sends the Django test client's requests through the local gateway.

`python -m pytest tests/api -p tests.gateway.transport --api-transport=gateway` (or
`API_TRANSPORT=gateway`) runs the API tests unchanged, but every request made with
`django.test.Client` or DRF's `APIClient` becomes a real HTTP API v2 event, goes through the
gateway's routing into `littlelemon.runtime.api.handler` (apig-wsgi) in this process, and
comes back as the gateway's HTTP response. `force_authenticate(user)` is honoured the way a
real client would be: with a real access token in the Authorization header.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

import pytest

TRANSPORT_ENV = "API_TRANSPORT"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--api-transport",
        choices=("direct", "gateway"),
        default=os.environ.get(TRANSPORT_ENV) or "direct",
        help="How test-client requests reach the API: directly, or through the local gateway.",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--api-transport") == "gateway":
        install()


def pytest_report_header(config: pytest.Config) -> str:
    return f"api transport: {config.getoption('--api-transport')}"


class GatewayClientHandler:
    """Stands in for the test client's handler: environ in, Django response out, via the gateway."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner  # the original handler keeps APIClient's force-auth attributes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "inner":
            object.__setattr__(self, name, value)
        else:
            setattr(self.inner, name, value)

    def _authorization(self) -> str | None:
        user = getattr(self.inner, "_force_user", None)
        if user is None:
            return None
        from rest_framework_simplejwt.settings import api_settings

        token_class = api_settings.AUTH_TOKEN_CLASSES[0]
        return f"Bearer {token_class.for_user(user)}"

    def _http_request(self, environ: dict[str, Any]) -> Any:
        from littlelemon.gateway.events import HttpRequest
        from littlelemon.gateway.server import headers_from_environ

        headers = headers_from_environ(environ)
        if not any(name == "host" for name, _ in headers):
            # A real client always sends Host; the test client leaves it in SERVER_NAME.
            port = str(environ.get("SERVER_PORT") or "80")
            host = environ.get("SERVER_NAME") or "testserver"
            headers.append(("host", host if port in ("80", "443") else f"{host}:{port}"))
        authorization = self._authorization()
        if authorization and not any(name == "authorization" for name, _ in headers):
            headers.append(("authorization", authorization))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        # The test client's PATH_INFO is decoded (as WSGI wants); a client sends it encoded.
        raw_path = quote(environ["PATH_INFO"].encode("iso-8859-1"), safe="/:@!$&'()*+,;=-._~")
        return HttpRequest(
            method=environ["REQUEST_METHOD"],
            raw_path=raw_path,
            raw_query=environ.get("QUERY_STRING", ""),
            headers=headers,
            body=body,
            source_ip=environ.get("REMOTE_ADDR", "127.0.0.1"),
        )

    def __call__(self, environ: dict[str, Any]) -> Any:
        from django.core.handlers.wsgi import WSGIRequest
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections
        from django.http import HttpResponse

        request = self._http_request(environ)
        # As Django's own test handler does: the test's transaction must survive the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            answer = gateway().handle(request)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        response = HttpResponse(content=answer.body, status=answer.status)
        for name, value in answer.headers:
            if name.lower() == "set-cookie":
                response.cookies.load(value)
            else:
                response[name] = value
        if response.get("content-type", "").startswith("application/json") and answer.body:
            response.data = json.loads(answer.body)  # what DRF tests read as response.data
        environ["wsgi.input"] = type(environ["wsgi.input"])(request.body)
        response.wsgi_request = WSGIRequest(environ)
        return response


_gateway: Any = None


def gateway() -> Any:
    """One in-process gateway over the real route table, as `littlelemon gateway` runs it."""
    global _gateway
    if _gateway is None:
        from littlelemon.gateway.app import Gateway
        from littlelemon.gateway.invokers import InProcessInvoker

        # API routes have no authorizer; bookings routes are not part of the API tests.
        _gateway = Gateway(invoker=InProcessInvoker(), authorizer=None, domain_name="testserver")
    return _gateway


def install() -> None:
    """Make every Django test client (and so DRF's APIClient) use the gateway."""
    from django.test import client

    original_init = client.Client.__init__

    def init(self: client.Client, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.handler = GatewayClientHandler(self.handler)  # type: ignore[assignment]

    client.Client.__init__ = init  # type: ignore[method-assign]
