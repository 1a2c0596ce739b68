"""Turns a WSGI application into a Lambda handler for HTTP API (payload 2.0) and Function URLs.

apig-wsgi does the event <-> WSGI translation (cookies array in and out, raw query string with
repeated keys, comma-joined headers, base64 bodies both ways). Two things it leaves to us:
the stage prefix of non-`$default` stages, the host of events without a Host header, and
structured logging per invocation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from apig_wsgi import make_lambda_handler
from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

Event = dict[str, Any]
LambdaHandler = Callable[[Event, Any], dict[str, Any]]
DEFAULT_STAGE = "$default"


class StartResponse(Protocol):
    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = ..., /
    ) -> Callable[[bytes], object]: ...


WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def strip_stage_prefix(app: WSGIApp) -> WSGIApp:
    """Serve `/<stage>/path` as `path` under SCRIPT_NAME `/<stage>` for named stages.

    On a named stage API Gateway keeps the stage in `rawPath` (`/prod/api/menu-items`) but
    the routes, and Django's URLconf, know the path without it. Moving the prefix to
    SCRIPT_NAME (rather than dropping it) makes Django's `reverse()` and redirects keep it.
    """

    def app_without_stage(
        environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        context = environ.get("apig_wsgi.request_context") or {}
        stage = context.get("stage") or DEFAULT_STAGE
        if stage != DEFAULT_STAGE:
            prefix = f"/{stage}"
            path: str = environ.get("PATH_INFO", "")
            if path == prefix or path.startswith(prefix + "/"):
                environ["SCRIPT_NAME"] = prefix
                environ["PATH_INFO"] = path[len(prefix) :] or "/"
        return app(environ, start_response)

    return app_without_stage


def with_host_header(event: Event) -> Event:
    """The event with a `host` header taken from `requestContext.domainName` when it has none.

    API Gateway always forwards Host, but AWS's own sample events (and test events made from
    them, see tests/runtime/aws-events) carry none; apig-wsgi then leaves HTTP_HOST and
    SERVER_NAME empty and Django's ALLOWED_HOSTS check answers 400. The domain name the
    request came in on is the host the client asked for.
    """
    headers = event.get("headers") or {}
    if any(name.lower() == "host" for name in headers):
        return event
    domain = (event.get("requestContext") or {}).get("domainName")
    if not isinstance(domain, str) or not domain:
        return event
    return {**event, "headers": {**headers, "host": domain}}


def make_http_handler(app: WSGIApp, *, logger: Logger) -> LambdaHandler:
    """A Lambda handler serving `app`; build it once at import and reuse it while warm."""
    # binary_support: responses whose content type is not text/JSON go out base64-encoded.
    translate = make_lambda_handler(strip_stage_prefix(app), binary_support=True)

    @logger.inject_lambda_context(
        correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
    )
    def handler(event: Event, context: Any) -> dict[str, Any]:
        started = time.perf_counter()
        response = translate(with_host_header(event), context)
        http = event.get("requestContext", {}).get("http", {})
        # One access line per request: method, path and status only, no headers or body.
        logger.info(
            "request",
            extra={
                "method": http.get("method"),
                "path": event.get("rawPath"),
                "status": response["statusCode"],
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        return response

    return handler
