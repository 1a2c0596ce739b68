"""The gateway itself, free of any HTTP server: request in, API Gateway behaviour, response out.

It reproduces what an HTTP API does in front of Lambda: stage prefix, route selection, the
JWT authorizer, the payload 2.0 event, and its own errors (404, 401, 413, 500, 503) with
API Gateway's `{"message": ...}` bodies.
"""

from __future__ import annotations

import base64
import logging
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from littlelemon.gateway.authorizer import (
    ForbiddenError,
    JwtAuthorizer,
    UnauthorizedError,
    require_scopes,
)
from littlelemon.gateway.events import (
    HttpRequest,
    HttpResponse,
    MalformedResponseError,
    RequestContext,
    build_event,
    response_from_result,
)
from littlelemon.gateway.invokers import FunctionError, InvocationTimeoutError, Invoker
from littlelemon.gateway.routes import DEFAULT_ROUTE, FUNCTIONS, ROUTES, Function, Route
from littlelemon.gateway.routing import match_route

log = logging.getLogger("littlelemon.gateway")

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # HTTP API request payload limit: 10 MB
INTEGRATION_TIMEOUT_S = 30.0  # HTTP API's maximum integration timeout
NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized"
FORBIDDEN = "Forbidden"
TOO_LARGE = "Request Entity Too Large"
INTERNAL_ERROR = "Internal Server Error"
UNAVAILABLE = "Service Unavailable"


def new_trace_id() -> str:
    """An X-Ray trace header value: `Root=1-<epoch seconds, hex>-<96 random bits, hex>`."""
    return f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}"


def with_forwarding_headers(request: HttpRequest) -> HttpRequest:
    """The request with the headers API Gateway adds before invoking the integration."""
    added: list[tuple[str, str]] = []
    if request.header("x-amzn-trace-id") is None:
        added.append(("x-amzn-trace-id", new_trace_id()))
    forwarded_for = request.header("x-forwarded-for")
    added_for = f"{forwarded_for}, {request.source_ip}" if forwarded_for else request.source_ip
    host = request.header("host") or ""
    port = host.rpartition(":")[2] if ":" in host else "80"
    kept = [
        (name, value)
        for name, value in request.headers
        if name.lower() not in ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-port")
    ]
    headers = [
        *kept,
        *added,
        ("x-forwarded-for", added_for),
        ("x-forwarded-port", port),
        # Locally the gateway speaks plain HTTP; on AWS this says https.
        ("x-forwarded-proto", "http"),
    ]
    return replace(request, headers=headers)


def new_request_id() -> str:
    """An id shaped like API Gateway's (`Kt0IYjUYIAMEbKg=`), also sent as `apigw-requestid`."""
    return base64.b64encode(secrets.token_bytes(10)).decode("ascii")


@dataclass(kw_only=True)
class Gateway:
    """An HTTP API with its routes, stage, authorizer and a way to invoke functions."""

    invoker: Invoker
    authorizer: JwtAuthorizer | None
    routes: Iterable[Route] = ROUTES
    functions: Iterable[Function] = FUNCTIONS
    stage: str = DEFAULT_ROUTE
    api_id: str = "local"
    domain_name: str = "localhost"
    integration_timeout_s: float = INTEGRATION_TIMEOUT_S
    max_payload_bytes: int = MAX_PAYLOAD_BYTES
    _functions: dict[str, Function] = field(init=False)

    def __post_init__(self) -> None:
        self.routes = tuple(self.routes)
        self._functions = {function.name: function for function in self.functions}

    def _path_in_stage(self, raw_path: str) -> str | None:
        if self.stage == DEFAULT_ROUTE:
            return raw_path
        prefix = f"/{self.stage}"
        if raw_path == prefix:
            return "/"
        if raw_path.startswith(prefix + "/"):
            return raw_path[len(prefix) :]
        return None

    def handle(self, request: HttpRequest) -> HttpResponse:
        """Answer one request exactly as the HTTP API would."""
        started = time.perf_counter()
        request_id = new_request_id()
        response = self._handle(request, request_id)
        log.info(
            "%s %s %d %.1fms",
            request.method,
            request.raw_path,
            response.status,
            (time.perf_counter() - started) * 1000,
        )
        return HttpResponse(
            status=response.status,
            headers=[*response.headers, ("apigw-requestid", request_id)],
            body=response.body,
        )

    def _handle(self, request: HttpRequest, request_id: str) -> HttpResponse:
        if len(request.body) > self.max_payload_bytes:
            return HttpResponse.gateway_error(413, TOO_LARGE)
        path = self._path_in_stage(request.raw_path)
        matched = None if path is None else match_route(self.routes, request.method, path)
        if matched is None:
            return HttpResponse.gateway_error(404, NOT_FOUND)
        authorizer_context = None
        if matched.route.authorizer == "jwt":
            if self.authorizer is None:
                log.error("route %s needs a JWT authorizer; none configured", matched.route)
                return HttpResponse.gateway_error(500, INTERNAL_ERROR)
            try:
                authorizer_context = self.authorizer.authorize(request.header("authorization"))
            except UnauthorizedError as error:
                log.info("JWT authorizer rejected the request: %s", error)
                response = HttpResponse.gateway_error(401, UNAUTHORIZED)
                challenge = 'Bearer error="invalid_token"'
                return HttpResponse(
                    status=401,
                    headers=[*response.headers, ("www-authenticate", challenge)],
                    body=response.body,
                )
            try:
                require_scopes(authorizer_context, matched.route.scopes)
            except ForbiddenError as error:
                log.info("JWT authorizer refused the scopes: %s", error)
                return HttpResponse.gateway_error(403, FORBIDDEN)
        event = build_event(
            with_forwarding_headers(request),
            RequestContext(
                request_id=request_id,
                route_key=matched.route.route_key,
                stage=self.stage,
                api_id=self.api_id,
                domain_name=self.domain_name,
                received_at=datetime.now(UTC),
                path_parameters=matched.path_parameters,
                authorizer=authorizer_context,
            ),
        )
        return self._invoke(self._functions[matched.route.function], event)

    def _invoke(self, function: Function, event: dict[str, object]) -> HttpResponse:
        # Whichever comes first: the function's own timeout (a Lambda error: 500) or the
        # integration timeout (the gateway gives up: 503).
        gateway_gives_up = self.integration_timeout_s < function.timeout_s
        timeout_s = min(self.integration_timeout_s, float(function.timeout_s))
        try:
            result = self.invoker.invoke(function, event, timeout_s=timeout_s)
            return response_from_result(result)
        except InvocationTimeoutError as error:
            log.error("%s timed out: %s", function.name, error)
            if gateway_gives_up:
                return HttpResponse.gateway_error(503, UNAVAILABLE)
            return HttpResponse.gateway_error(500, INTERNAL_ERROR)
        except (FunctionError, MalformedResponseError) as error:
            log.error("%s failed: %s", function.name, error)
            return HttpResponse.gateway_error(500, INTERNAL_ERROR)
